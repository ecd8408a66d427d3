"""The Spark job in local mode gives what one process gives, and survives poisoned documents and crashed workers.

One local session (``local[2,3]``) for the module; the single-process references are
``pipeline.process_many`` (tables) and the store's writer on SQLite (stories and merged events).
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pyspark import cloudpickle
from sqlalchemy import select

from eventwire.ingest import read_inputs
from eventwire.model import ErrorRecord, RawDoc
from eventwire.pipeline import process_many
from eventwire.scale import run_job
from eventwire.scale.executor import raw_info
from eventwire.scale.neardup import earlier_duplicates
from eventwire.store import StoreWriter, ensure_schema, make_engine
from eventwire.store import tables as t
from eventwire.store.engine import read_connection
from eventwire.store.rows import RawInfo
from eventwire.stories import DuplicateIndex, minhash_values
from eventwire.tables_flat import SCHEMAS

from .conftest import FEATURE_COLUMNS, SAMPLES, expected_tables, read_table, typed_rows

# The hooks below run on Spark's Python workers, which cannot import this test module by name.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def syndicated_copy(line: dict[str, Any]) -> dict[str, Any]:
    """A wire story as another outlet runs it: its own headline and URL, one local sentence added."""
    return {
        "id": line["id"] + "-copy",
        "url": "https://local-paper.example/news/" + line["id"][:12],
        "title": "Wire: " + line["title"],
        "text": line["text"] + "\n\nLocal officials said they were following the news closely.",
        "published": line["published"],
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, dev_pages: list[Path], story_lines: list[dict]) -> list[str]:
    """The bundled sample, ten development pages, and story-cluster articles with one syndicated copy."""
    folder = tmp_path_factory.mktemp("corpus")
    lines = [*story_lines, syndicated_copy(story_lines[0])]
    (folder / "stories.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    return [str(SAMPLES), *(str(p) for p in dev_pages), str(folder / "stories.jsonl")]


@pytest.fixture(scope="module")
def one_process(corpus: list[str]) -> list[tuple[RawDoc | ErrorRecord, Any]]:
    docs = list(read_inputs(corpus))
    return list(zip(docs, process_many(docs, workers=1), strict=True))


@pytest.fixture(scope="module")
def spark_output(local_spark, corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    output = tmp_path_factory.mktemp("spark-out")
    return output, run_job(corpus, str(output), spark=local_spark, partitions=3)


def test_tables_equal_one_process(spark_output, one_process) -> None:
    output, summary = spark_output
    expected = expected_tables(one_process)
    assert summary.documents == len(one_process)
    assert summary.repeated == 0
    assert len(expected["events"]) > 10, "the corpus should report events"
    for name in SCHEMAS:
        got = typed_rows(name, read_table(output, name))
        if name == "articles":
            features = {row["id"]: row for row in got}
            got = [{k: v for k, v in row.items() if k not in FEATURE_COLUMNS} for row in got]
            expected[name] = [{k: v for k, v in row.items() if k not in FEATURE_COLUMNS} for row in expected[name]]
        assert got == expected[name], f"table {name} differs from one process"
    # Every article page with text has its story features.
    with_text = [row for row in expected["articles"] if row["page_kind"] == "article" and row["text"].strip()]
    assert with_text and all(features[row["id"]]["minhash"] and features[row["id"]]["vector"] for row in with_text)


def _store_reference(one_process: list, path: Path) -> dict[str, Any]:
    """Stories and merged events as ``eventwire ingest`` makes them: the store's writer, one process."""
    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    with StoreWriter(engine) as writer:
        for doc, outcome in one_process:
            writer.add(outcome, raw_info(doc) if isinstance(doc, RawDoc) else RawInfo(source=doc.source))
    with read_connection(engine) as conn:
        articles = conn.execute(select(t.Article.id, t.Article.story_id, t.Article.duplicate_of)).all()
        stories = {row.id: row for row in conn.execute(select(t.Story)).mappings()}
        events = {row.id: row for row in conn.execute(select(t.Event)).mappings()}
        sources = conn.execute(select(t.EventSource.event_id, t.EventSource.article_id, t.EventSource.position)).all()
    engine.dispose()
    return {"articles": articles, "stories": stories, "events": events, "sources": sources}


def _event_key(row: Any, reports: frozenset) -> tuple:
    names = (
        "type", "subtype", "actor1", "actor2", "location_name", "geonameid", "date_start", "date_end",
        "fatalities_min", "fatalities_max", "fatalities_latest", "injuries_min", "injuries_max", "n_sources",
        "n_independent", "first_reported", "last_reported",
    )  # fmt: skip
    return (reports, tuple(row[n] for n in names), tuple(sorted(row["flags"])))


def test_stories_and_merged_events_equal_the_store(spark_output, one_process, tmp_path: Path) -> None:
    output, summary = spark_output
    store = _store_reference(one_process, tmp_path / "store.db")

    members = read_table(output, "story_members")
    spark_blocks: dict[str, set[str]] = defaultdict(set)
    for row in members:
        spark_blocks[row["story_id"]].add(row["article_id"])
    store_blocks: dict[str, set[str]] = defaultdict(set)
    for article_id, story_id, _ in store["articles"]:
        if story_id is not None:
            store_blocks[story_id].add(article_id)
    assert {frozenset(b) for b in spark_blocks.values()} == {frozenset(b) for b in store_blocks.values()}
    assert max(len(b) for b in spark_blocks.values()) > 1, "some articles should share a story"

    spark_stories = {frozenset(spark_blocks[row["id"]]): row for row in read_table(output, "stories")}
    for story_id, block in store_blocks.items():
        mine, theirs = spark_stories[frozenset(block)], store["stories"][story_id]
        for name in ("title", "size", "first_published", "last_published"):
            assert mine[name] == theirs[name], name
        assert json.loads(mine["keys"]) == theirs["keys"]

    duplicates = {row["article_id"]: row["duplicate_of"] for row in members if row["duplicate_of"]}
    assert duplicates == {a: d for a, _, d in store["articles"] if d}
    assert duplicates, "the syndicated copy should be found"

    reports: dict[str, set] = defaultdict(set)
    for event_id, article_id, position in store["sources"]:
        reports[event_id].add((article_id, position))
    expected = {_event_key(row, frozenset(reports[i])) for i, row in store["events"].items()}
    merged = read_table(output, "merged_events")
    got = {_event_key(row, frozenset((r["article_id"], r["position"]) for r in row["reports"])) for row in merged}
    assert got == expected
    assert any(row["n_sources"] > row["n_independent"] for row in merged), "the copy's reports are not independent"
    assert summary.stories.merged_events == len(merged)


def test_near_duplicates_by_spark_equal_the_duplicate_index(local_spark) -> None:
    """Banding in Spark gives each article the answer ``DuplicateIndex.find`` gives in input order, window included."""
    rng = np.random.default_rng(7)
    vocabulary = [f"w{i}" for i in range(3000)]

    def story() -> list[str]:
        return list(rng.choice(vocabulary, size=120))

    bases = [story() for _ in range(6)]
    texts = [" ".join(words) for words in bases]
    texts.insert(2, " ".join(bases[0][:100]))  # a trimmed copy of 0, two places later
    texts.insert(4, " ".join(bases[0]))  # an exact copy of 0: closer to 0 than to the trimmed copy
    texts.append(" ".join([*bases[1][10:], "local", "news"]))  # a copy of 1, too far back for the window
    texts.append(" ".join(bases[5][:90]))  # a copy of the article just before it
    texts.append("")  # no words: never a duplicate
    window = 4
    rows = [(f"a{i:02d}", 0, i, minhash_values(text).astype(np.int64).tolist()) for i, text in enumerate(texts)]

    index = DuplicateIndex(capacity=window)
    expected = {}
    for article_id, _, _, values in rows:
        signature = np.asarray(values, dtype=np.uint64)
        found = index.find(signature, exclude=article_id)
        if found:
            expected[article_id] = found
        index.add(article_id, signature)

    frame = local_spark.createDataFrame(rows, "article_id string, file_no long, member_no long, minhash array<long>")
    got = {r.article_id: (r.duplicate_of, r.similarity) for r in earlier_duplicates(frame, window=window).collect()}
    assert got == expected
    assert len(expected) >= 3


# --- failures ----------------------------------------------------------------------------------------------

GOOD = {
    "good-1.txt": "Police said a car bomb exploded outside a police station in Mosul on Monday, killing four officers.",
    "good-2.txt": "Protesters marched through central Nairobi on Tuesday demanding lower fuel prices, witnesses said.",
    "good-3.txt": "Two people were injured when shells hit a residential block in Kherson on Wednesday, officials said.",
}


def crash_first_attempt(marker: str, doc_id: str):
    """A hook that kills its Python worker (os._exit) at ``doc_id`` the first time only (``marker`` remembers)."""

    def hook(doc: RawDoc | ErrorRecord) -> None:
        if doc.id == doc_id and not os.path.exists(marker):
            Path(marker).write_text(str(os.getpid()))
            os._exit(1)

    return hook


@pytest.fixture(scope="module")
def failure_run(local_spark, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, Path]:
    """One partition holding good documents, poisoned ones, and a document whose first attempt crashes."""
    folder = tmp_path_factory.mktemp("poisoned")
    for name, text in GOOD.items():
        (folder / name).write_text(text, "utf-8")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (folder / "garbage.txt").write_bytes(bytes(np.random.default_rng(1).integers(0, 256, 20_000, dtype=np.uint8)))
    (folder / "huge.txt").write_bytes(b"word " * (11 * 1024 * 1024 // 5))
    lines = [json.dumps({"id": "line-ok", "text": GOOD["good-1.txt"].replace("Mosul", "Kirkuk")}), "{not json"]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    marker = tmp_path_factory.mktemp("marker") / "crashed"
    output = tmp_path_factory.mktemp("poisoned-out")
    hook = crash_first_attempt(str(marker), "good-2")
    summary = run_job([str(folder)], str(output), spark=local_spark, partitions=1, document_hook=hook)
    return output, summary, marker


def test_poisoned_documents_become_errors_and_the_rest_is_kept(failure_run) -> None:
    output, summary, _ = failure_run
    errors = {row["id"]: row for row in read_table(output, "errors")}
    assert set(errors) == {"image", "garbage", "huge", "feed:2"}
    assert all(row["code"].startswith("E1") and row["error"] for row in errors.values())
    assert "10 MiB" in errors["huge"]["error"]
    articles = read_table(output, "articles")
    assert sorted(row["doc_id"] for row in articles) == ["good-1", "good-2", "good-3", "line-ok"]
    assert summary.documents == 8


def test_a_crashed_worker_is_retried_without_duplicates(failure_run) -> None:
    output, _, marker = failure_run
    assert marker.exists(), "the first attempt should have crashed"
    articles = read_table(output, "articles")
    assert len({row["id"] for row in articles}) == len(articles) == 4
    for name in ("entities", "places", "events"):
        keys = [(row["article_id"], row["position"]) for row in read_table(output, name)]
        assert len(keys) == len(set(keys)), name
    crashed = next(row for row in articles if row["doc_id"] == "good-2")
    assert "Nairobi" in crashed["text"]


def test_the_command_reads_a_hadoop_uri_loads_the_store_and_reports_failures(local_spark, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.txt").write_text(GOOD["good-1.txt"], "utf-8")
    (folder / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    output, db = tmp_path / "out", tmp_path / "store.db"
    # The folder as a Hadoop URI: listed by Spark's file system, its files' bytes read by Spark.
    arguments = ["spark", folder.as_uri(), "--output", output.as_uri(), "--db", f"sqlite:///{db}", "--no-stories"]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 1, result.output  # one document failed
    assert "Parquet tables" in result.output and "2 document(s)" in result.output
    assert "stories not placed" in result.output and not (output / "stories").exists()
    [article] = read_table(output, "articles")
    assert article["doc_id"] == "report"
    assert article["source_path"].startswith("file:") and article["source_path"].endswith(f"{folder}/report.txt")
    assert [row["id"] for row in read_table(output, "errors")] == ["photo"]
    engine = make_engine(f"sqlite:///{db}")
    with read_connection(engine) as conn:
        assert conn.execute(select(t.Article.doc_id)).scalars().all() == ["report"]
        assert conn.execute(select(t.IngestError.doc_id)).scalars().all() == ["photo"]
        events = conn.execute(select(t.EventSource.type)).scalars().all()
        assert conn.execute(select(t.Article.story_id)).scalar_one() is not None  # the store places stories itself
    engine.dispose()
    assert events == [row["type"] for row in read_table(output, "events")]


def test_members_of_stories_joined_into_another_are_repointed(local_spark, tmp_path: Path) -> None:
    """Member rows leave the driver as articles are placed; a story joined into another later (an article fit
    both) is re-pointed at the end, chains resolved, as the store's writer re-points its articles."""
    from eventwire.scale.job import repoint_members
    from eventwire.scale.sinks import DriverTable
    from eventwire.scale.stories import STORY_MEMBERS

    table = DriverTable(local_spark, str(tmp_path), "story_members", STORY_MEMBERS, chunk_rows=2)
    for article, story in [("a1", "s1"), ("a2", "s2"), ("a3", "s1"), ("a4", "s3"), ("a5", "s4")]:
        table.add({"article_id": article, "story_id": story, "new_story": False, "duplicate_of": None,
                   "similarity": None, "score": 0.5})  # fmt: skip
    assert table.close() == 5
    repoint_members(local_spark, str(tmp_path), [("s2", "s1"), ("s3", "s1")])
    rows = {row["article_id"]: row for row in read_table(tmp_path, "story_members")}
    assert {a: row["story_id"] for a, row in rows.items()} == {
        "a1": "s1",
        "a2": "s1",
        "a3": "s1",
        "a4": "s1",
        "a5": "s4",
    }
    assert all(row["score"] == 0.5 for row in rows.values())
