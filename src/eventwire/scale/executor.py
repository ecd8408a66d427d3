"""What runs on the executors: read work items into documents, run the pipeline, flatten each outcome.

Both steps are ``mapPartitions`` functions over rows (dicts). Each document becomes one row of the
*bundle*: its place in the input, its rows for every output table (``tables_flat``), and what the
driver needs to place it in a story (MinHash, embedding, identity keys, events). Every bundle row
is checked against the Arrow schema ``BUNDLE`` (and takes its types) before Spark sees it, so a
document that fails at any step, flattening included, becomes an ``errors`` row and the partition
goes on.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from eventwire.model import ErrorRecord, RawDoc, Result
from eventwire.scale.inputs import WorkItem, read_item
from eventwire.store.identity import raw_hash
from eventwire.store.rows import RawInfo, published_date
from eventwire.tables_flat import SCHEMAS, error_rows, result_rows

if TYPE_CHECKING:
    from eventwire.stories import ArticleFeatures

# Documents flattened together: their story features share one embedding call.
GROUP_SIZE = 16
STAGE = "scale"

WORK_ITEMS = pa.schema([
    ("file_no", pa.int64()), ("path", pa.string()), ("base_id", pa.string()), ("remote", pa.bool_()),
    ("error", pa.string()), ("content", pa.binary()),
])  # fmt: skip

# What the driver needs to place an article in a story: its features as the stories stage made them
# (pickled: whatever fields ``ArticleFeatures`` has travel whole), the MinHash again as numbers for
# Spark's near-duplicate join, and its events for the merge. ``features`` is null for a page that is
# not an article with text (the store's writer leaves those out of stories too).
STORY_INPUT = pa.struct([
    ("title", pa.string()), ("event_published", pa.date32()), ("minhash", pa.list_(pa.int64())),
    ("features", pa.binary()), ("events", pa.list_(pa.string())),
])  # fmt: skip

RAW_INFO = pa.struct([(name, pa.string()) for name in ("raw_hash", "url", "source", "encoding", "crawled")])

BUNDLE = pa.schema([
    ("file_no", pa.int64()), ("member_no", pa.int64()), ("article_id", pa.string()),
    *[(name, pa.list_(pa.struct(list(schema)))) for name, schema in SCHEMAS.items()],
    ("story_input", STORY_INPUT), ("result", pa.string()), ("raw", RAW_INFO),
])  # fmt: skip

DocumentHook = Callable[[RawDoc | ErrorRecord], None]


def read_documents(rows: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Work items (``WORK_ITEMS`` rows) in; out, one row per document: ``file_no``, ``member_no``, ``doc``
    (the RawDoc or ErrorRecord as JSON) and ``failed`` (whether it is an ErrorRecord)."""
    for row in rows:
        fields = row.asDict() if hasattr(row, "asDict") else dict(row)
        content = fields.pop("content", None)
        item = WorkItem(**fields)
        for n, doc in enumerate(read_item(item, content)):
            failed = isinstance(doc, ErrorRecord)
            yield {"file_no": item.file_no, "member_no": n, "doc": doc.model_dump_json(), "failed": failed}


def process_documents(
    rows: Iterable[Any], *, keep_results: bool = False, document_hook: DocumentHook | None = None
) -> Iterator[dict[str, Any]]:
    """Documents (``read_documents`` rows) in, bundle rows out (see the module docstring).

    Args:
        keep_results: also carry each Result as JSON and its raw document's details (for ``--db``).
        document_hook: called with each document before it is processed (tests use it to fail a task).
    """
    from eventwire.pipeline import process_safely
    from eventwire.scale.daemon import warm_up

    warm_up()
    group: list[tuple[dict[str, Any], RawDoc | ErrorRecord, Result | ErrorRecord]] = []
    for row in rows:
        fields = row.asDict() if hasattr(row, "asDict") else dict(row)
        doc = _document(fields)
        if document_hook is not None:
            document_hook(doc)
        group.append((fields, doc, process_safely(doc)))
        if len(group) >= GROUP_SIZE:
            yield from bundle_rows(group, keep_results=keep_results)
            group = []
    if group:
        yield from bundle_rows(group, keep_results=keep_results)


def _document(row: dict[str, Any]) -> RawDoc | ErrorRecord:
    return (ErrorRecord if row["failed"] else RawDoc).model_validate_json(row["doc"])


def bundle_rows(
    group: list[tuple[dict[str, Any], RawDoc | ErrorRecord, Result | ErrorRecord]], *, keep_results: bool
) -> list[dict[str, Any]]:
    """The bundle rows of processed documents; story features are computed for all of them at once."""
    rows = [_bundle_row(fields, doc, outcome, keep_results=keep_results) for fields, doc, outcome in group]
    _add_features([(bundle, outcome) for bundle, (_, _, outcome) in zip(rows, group, strict=True)])
    return [_typed(bundle, doc) for bundle, (_, doc, _) in zip(rows, group, strict=True)]


def _typed(bundle: dict[str, Any], doc: RawDoc | ErrorRecord) -> dict[str, Any]:
    """The row with the bundle schema's types (ints in float columns become floats...), or an errors row
    for its document when it does not fit the schema (a bug: the partition goes on)."""
    try:
        return pa.RecordBatch.from_pylist([bundle], schema=BUNDLE).to_pylist()[0]
    except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
        failure = ErrorRecord(
            id=doc.id, error=f"internal error: row does not fit the tables: {type(exc).__name__}: {exc}", code="E900",
            stage=STAGE, source=doc.source,
        )  # fmt: skip
        place = {"file_no": bundle["file_no"], "member_no": bundle["member_no"]}
        return pa.RecordBatch.from_pylist([place | error_rows(failure)], schema=BUNDLE).to_pylist()[0]


def _bundle_row(
    row: dict[str, Any], doc: RawDoc | ErrorRecord, outcome: Result | ErrorRecord, *, keep_results: bool
) -> dict[str, Any]:
    place = {"file_no": row["file_no"], "member_no": row["member_no"]}
    if isinstance(outcome, ErrorRecord):
        return place | error_rows(outcome) | {"article_id": None}
    raw = raw_info(doc) if isinstance(doc, RawDoc) else RawInfo()
    try:
        tables = result_rows(outcome, raw)
    except Exception as exc:  # a bug in flattening costs this document, not the partition
        failure = ErrorRecord(
            id=outcome.article.id, error=f"internal error: {type(exc).__name__}: {exc}", code="E900", stage=STAGE,
            source=raw.source,
        )  # fmt: skip
        return place | error_rows(failure) | {"article_id": None}
    bundle = place | tables | {"article_id": tables["articles"][0]["id"]}
    if keep_results:
        bundle |= {"result": outcome.model_dump_json(by_alias=True), "raw": raw.__dict__}
    return bundle


def raw_info(doc: RawDoc) -> RawInfo:
    """What the tables and the store keep of where a document came from."""
    return RawInfo(raw_hash=raw_hash(doc), url=doc.url, source=doc.source, encoding=doc.encoding, crawled=doc.crawled)


def clusterable(result: Result) -> bool:
    """Whether an article takes part in story clustering: the store's writer asks the same (an article
    page with text); the equality test against the store checks that the two agree."""
    return result.article.page_kind == "article" and bool(result.article.text.strip())


def _add_features(items: list[tuple[dict[str, Any], Result | ErrorRecord]]) -> None:
    """Fill ``story_input`` (and the article's minhash/vector columns) of every article row."""
    from eventwire.stories import article_features_many

    articles = [(bundle, outcome) for bundle, outcome in items if isinstance(outcome, Result) and bundle["article_id"]]
    wanted = [(bundle, result) for bundle, result in articles if clusterable(result)]
    try:
        features = article_features_many([(bundle["article_id"], result) for bundle, result in wanted])
    except Exception:  # one article's text broke the batch: compute them one by one to find it
        features = [_features_or_error(bundle, result) for bundle, result in wanted]
    by_id = {f.article_id: f for f in features if f is not None}
    for bundle, result in articles:
        feature = by_id.get(bundle["article_id"])
        article = bundle["articles"][0]
        if feature is not None:
            article["minhash"] = feature.minhash.astype(np.uint64).tobytes()
            article["vector"] = feature.vector.astype(np.float32).tobytes()
        bundle["story_input"] = {
            "title": result.article.title or "",
            "event_published": published_date(result.article.published),
            "minhash": feature.minhash.astype(np.int64).tolist() if feature is not None else None,
            "features": pickle.dumps(feature, protocol=pickle.HIGHEST_PROTOCOL) if feature is not None else None,
            "events": [event.model_dump_json(by_alias=True) for event in result.events],
        }


def _features_or_error(bundle: dict[str, Any], result: Result) -> ArticleFeatures | None:
    from eventwire.stories import article_features

    try:
        return article_features(bundle["article_id"], result)
    except Exception as exc:  # the article is kept; it only stays out of stories, and says why
        failure = ErrorRecord(
            id=result.article.id, error=f"story features failed: {type(exc).__name__}: {exc}", code="E900",
            stage="stories", source=bundle["articles"][0]["source_path"],
        )  # fmt: skip
        bundle["errors"] = error_rows(failure)["errors"]
        return None
