"""The Spark job: inputs → documents → pipeline (executors) → Parquet tables → stories (driver) → store.

Steps, each a Spark job:

1. list the input files on the driver (``inputs``), read them on the executors into documents;
2. spread the documents over ``partitions`` and run the pipeline in ``mapInArrow`` (``executor``):
   one bundle row per document, kept on the executors' disks for the next steps;
3. keep the first document of each article (the same URL or text read twice is one article, as
   in the store) and write ``articles``, ``entities``, ``places``, ``quotes``, ``events``, ``errors``;
4. near-duplicates by LSH banding (``neardup``), then stories and merged events on the driver in
   input order (``stories``): ``stories``, ``story_members``, ``merged_events``;
5. with a database URL, the results in input order through the store's writer.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from eventwire.scale.executor import BUNDLE, WORK_ITEMS, DocumentHook, process_documents, read_documents
from eventwire.scale.inputs import WorkItem, list_inputs
from eventwire.scale.neardup import earlier_duplicates
from eventwire.scale.runtime import start_session
from eventwire.scale.sinks import DriverTable, table_path, write_frame
from eventwire.scale.stories import MERGED_EVENTS, STORIES, STORY_MEMBERS, StoriesSummary, StoryPass
from eventwire.tables_flat import SCHEMAS

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

    from eventwire.store import IngestStats

# Repeated documents dropped with a broadcast join up to this many; past it, a shuffled join.
BROADCAST_DROPS = 100_000

Phase = Callable[[str], None]


@dataclass
class JobSummary:
    """What one run read and wrote."""

    output: str
    documents: int = 0  # documents read (articles, repeats and failures)
    repeated: int = 0  # documents that were an article already read (same URL or text): the first is kept
    rows: dict[str, int] = field(default_factory=dict)  # rows written per table
    stories: StoriesSummary = field(default_factory=StoriesSummary)
    store: IngestStats | None = None
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return self.rows.get("errors", 0)


def run_job(
    inputs: Sequence[str],
    output: str,
    *,
    master: str | None = None,
    partitions: int | None = None,
    db: str | None = None,
    stories: bool = True,
    conf: dict[str, str] | None = None,
    spark: SparkSession | None = None,
    on_phase: Phase | None = None,
    document_hook: DocumentHook | None = None,
) -> JobSummary:
    """Run the pipeline over ``inputs`` on Spark and write Parquet tables under ``output``.

    Args:
        inputs: files, folders (local: every executor must see them) or Hadoop URIs.
        output: folder (local path or Hadoop URI) for the tables; tables there are replaced.
        master: Spark master URL when no session is running (default ``local[*]``).
        partitions: partitions the documents are spread over (default: twice the cores).
        db: also load the results into this database through the store (``--db``).
        stories: place stories and merge events (on the driver, one article at a time: at archive
            scale the slowest step, which ``stories=False`` skips).
        conf: more Spark settings for a new session.
        spark: an existing session to use.
        on_phase: told what the job is doing now (for a progress display).
        document_hook: called on the executors with each document before it is processed.

    Raises:
        SparkSetupError: Spark could not start.
    """
    from pyspark import StorageLevel

    started = time.monotonic()
    phase = on_phase or (lambda _name: None)
    spark = spark or start_session(master, partitions=partitions, conf=conf)
    summary = JobSummary(output=output)
    phase("listing inputs")
    items = list_inputs(inputs, spark)
    documents = _documents(spark, items)
    slots = partitions or 2 * spark.sparkContext.defaultParallelism
    process = functools.partial(process_documents, keep_results=db is not None, document_hook=document_hook)
    processed = documents.repartition(max(1, slots)).mapPartitions(process)
    # On the executors' disks: every table and the stories read it; a lost block is recomputed.
    bundle = spark.createDataFrame(processed, _spark_schema(BUNDLE)).persist(StorageLevel.DISK_ONLY)
    try:
        phase("processing documents")
        summary.documents = bundle.count()
        kept, summary.repeated = _first_of_each_article(bundle)
        for name in SCHEMAS:
            phase(f"writing {name}")
            table = kept.select(_explode(name)).select("row.*")
            write_frame(table, output, name)
            summary.rows[name] = spark.read.parquet(table_path(output, name)).count()
        if stories:
            phase("stories and merged events")
            summary.stories = _stories(spark, kept, output, summary.rows)
        if db is not None:
            phase("loading the store")
            summary.store = _load_store(kept, db)
    finally:
        bundle.unpersist()
    summary.seconds = time.monotonic() - started
    return summary


def _spark_schema(schema: pa.Schema):
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def _explode(name: str):
    from pyspark.sql import functions as F

    return F.explode(name).alias("row")


def _documents(spark: SparkSession, items: list[WorkItem]) -> RDD:
    """One row per document (``executor.read_documents``), read on the executors, one work item per task."""
    readers = max(1, min(len(items), 4 * spark.sparkContext.defaultParallelism))
    rows = [asdict(item) | {"content": None} for item in items]
    remote = [item.path for item in items if item.remote]
    if not remote:
        return spark.sparkContext.parallelize(rows, readers).mapPartitions(read_documents)
    frame = spark.createDataFrame(pa.Table.from_pylist(rows, schema=WORK_ITEMS)).drop("content")
    content = spark.read.format("binaryFile").load(remote).select("path", "content")
    frame = frame.join(content, "path", "left").select(*WORK_ITEMS.names)
    return frame.repartition(readers).rdd.mapPartitions(read_documents)


def _first_of_each_article(bundle: DataFrame) -> tuple[DataFrame, int]:
    """The bundle without documents that repeat an article read before them, and how many were dropped."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    seen = bundle.where(F.col("article_id").isNotNull()).select("article_id", "file_no", "member_no")
    order = Window.partitionBy("article_id").orderBy("file_no", "member_no")
    drops = seen.withColumn("n", F.row_number().over(order)).where(F.col("n") > 1).select("file_no", "member_no")
    repeated = drops.count()
    if repeated == 0:
        return bundle, 0
    hint = F.broadcast(drops) if repeated <= BROADCAST_DROPS else drops
    return bundle.join(hint, ["file_no", "member_no"], "left_anti"), repeated


def _stories(spark: SparkSession, kept: DataFrame, output: str, rows: dict[str, int]) -> StoriesSummary:
    from pyspark.sql import functions as F

    articles = kept.where(F.col("story_input").isNotNull()).select("article_id", "file_no", "member_no", "story_input")
    signatures = articles.where(F.col("story_input.minhash").isNotNull()).select(
        "article_id", "file_no", "member_no", F.col("story_input.minhash").alias("minhash")
    )
    ordered = (
        articles.join(earlier_duplicates(signatures), "article_id", "left")
        .orderBy("file_no", "member_no")
        .select("article_id", "story_input", "duplicate_of", "similarity")
    )
    tables = {name: DriverTable(spark, output, name, schema) for name, schema in
              (("stories", STORIES), ("story_members", STORY_MEMBERS), ("merged_events", MERGED_EVENTS))}  # fmt: skip
    story_pass = StoryPass(
        on_story=tables["stories"].add, on_member=tables["story_members"].add, on_event=tables["merged_events"].add
    )
    for row in _local_rows(ordered):
        story_pass.add(row)
    summary = story_pass.finish()
    for name, table in tables.items():
        rows[name] = table.close()
    repoint_members(spark, output, story_pass.merged.items())
    return summary


def repoint_members(spark: SparkSession, output: str, merged: list[tuple[str, str]]) -> None:
    """Rewrite ``story_members`` so that no row names a story joined into another (``(merged, now)`` pairs).

    Member rows leave the driver as articles are placed, before a later article may join their story
    into another; the few joins are applied here, once, as the store's writer re-points its articles.
    """
    if not merged:
        return
    from pyspark.sql import functions as F

    path = table_path(output, "story_members")
    aliases = spark.createDataFrame(merged, "story_id string, merged_into string")
    members = spark.read.parquet(path)
    repointed = (
        members.join(F.broadcast(aliases), "story_id", "left")
        .withColumn("story_id", F.coalesce(F.col("merged_into"), F.col("story_id")))
        .select(*STORY_MEMBERS.names)
        .localCheckpoint(eager=True)  # the rows no longer depend on the files about to be replaced
    )
    write_frame(repointed.coalesce(1), output, "story_members")


def _local_rows(frame: DataFrame) -> Iterator[dict[str, Any]]:
    """The rows of a sorted DataFrame on the driver, in order, one partition in memory at a time."""
    for row in frame.toLocalIterator(prefetchPartitions=True):
        yield row.asDict(recursive=True)


def _load_store(kept: DataFrame, db: str) -> IngestStats:
    """Every outcome in input order through the store's writer (stories and merges as ``eventwire ingest``)."""
    from eventwire.model import ErrorRecord, Result
    from eventwire.store import StoreWriter, ensure_schema, make_engine
    from eventwire.store.rows import RawInfo

    engine = make_engine(db)
    ensure_schema(engine)
    ordered = kept.orderBy("file_no", "member_no").select("result", "raw", "errors")
    with StoreWriter(engine) as writer:
        for row in _local_rows(ordered):
            if row["result"] is not None:
                writer.add(Result.model_validate_json(row["result"]), RawInfo(**row["raw"]))
            for error in row["errors"] or ():
                writer.add(ErrorRecord(**error))
    return writer.stats
