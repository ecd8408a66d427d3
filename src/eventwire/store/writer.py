"""Store pipeline results in batches, one transaction per batch, each article whole or not at all.

Per article (inside a savepoint, so a bad one becomes an error record and the batch goes on):
an unchanged article (same identity, a content hash already seen) only records its raw document;
a changed one becomes a new version (the old one kept in ``article_versions``, its entities,
places, quotes and event reports replaced); a new one is placed in a story (``StoryIndex``) and
its events merged with other sources' reports.  A killed process leaves whole batches or nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, Engine, delete, select, update
from sqlalchemy.exc import DBAPIError

from eventwire.errors import StoreError
from eventwire.model import ErrorRecord, Result
from eventwire.store import tables as t
from eventwire.store.engine import is_transient, read_connection, unavailable, write_transaction
from eventwire.store.identity import article_identity, article_key, content_hash
from eventwire.store.merge import merge_record, rebuild_events
from eventwire.store.queries import article_result
from eventwire.store.rows import (
    RawInfo,
    article_row,
    clean,
    dataclass_row,
    entity_rows,
    needs_cleaning,
    place_rows,
    published_date,
    quote_rows,
    result_data,
)
from eventwire.store.sql import insert_ignore, upsert, utcnow
from eventwire.store.story_state import load_story_index, merge_stories, save_story
from eventwire.stories import ArticleFeatures, StoryIndex, article_features, article_features_many, event_record

log = logging.getLogger(__name__)

DEFAULT_BATCH = 50
BATCH_LOST = "this batch was rolled back (batches written before it are kept): run the same ingest again"
STAGE = "store"


@dataclass
class IngestStats:
    """What one ingest did, document by document."""

    new: int = 0
    unchanged: int = 0
    versioned: int = 0
    skipped: int = 0  # unchanged documents recognised before the pipeline (counted in ``unchanged`` too)
    errors: int = 0
    unclustered: int = 0  # stored, but story features failed (an ``ingest_errors`` row says why)
    stories_new: int = 0
    stories_merged: int = 0  # stories joined into another: an article fitted both (``Placement.merged``)
    events_new: int = 0
    events_merged: int = 0  # reports absorbed into an event another article reported first
    error_samples: list[ErrorRecord] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return self.new + self.unchanged + self.versioned + self.errors


@dataclass
class _Known:
    """What the database knows of an article before this one is written."""

    version: int
    content_hashes: set[str]
    story_id: str | None
    duplicate_of: str | None
    updated: Any


@dataclass
class _Item:
    result: Result
    data: dict[str, Any]  # the result as JSON data, cleaned (what the rows are made of)
    raw: RawInfo
    key: str
    identity: str
    content_hash: str
    features: ArticleFeatures | None = None
    unclustered: ErrorRecord | None = None  # why the article could not be placed in a story (it is stored all the same)


# Error records kept in memory for the summary; the rest are only in ``ingest_errors``.
MAX_ERROR_SAMPLES = 20


class StoreWriter:
    """Collects pipeline outcomes and writes them in batches; one StoryIndex for the whole run.

    Use as a context manager: leaving the block writes the last, partial batch.
    """

    def __init__(self, engine: Engine, *, batch_size: int = DEFAULT_BATCH) -> None:
        self.engine = engine
        self.batch_size = max(1, batch_size)
        self.stats = IngestStats()
        self._pending: list[tuple[Result | ErrorRecord, RawInfo]] = []
        with read_connection(engine) as conn:
            self.index: StoryIndex = load_story_index(conn)

    def __enter__(self) -> StoreWriter:
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        if exc_type is None:
            self.flush()

    def add(self, outcome: Result | ErrorRecord, raw: RawInfo | None = None) -> None:
        """Queue one outcome; a full batch is written at once."""
        self._pending.append((outcome, raw or RawInfo()))
        if len(self._pending) >= self.batch_size:
            self.flush()

    def note_skipped(self, count: int = 1) -> None:
        """Documents recognised as already stored before processing (never reached the pipeline)."""
        self.stats.skipped += count
        self.stats.unchanged += count

    def flush(self) -> None:
        """Write what is queued in one transaction."""
        batch, self._pending = self._pending, []
        if batch:
            self._write_batch(batch)

    def _write_batch(self, batch: list[tuple[Result | ErrorRecord, RawInfo]]) -> None:
        errors = [outcome for outcome, _ in batch if isinstance(outcome, ErrorRecord)]
        items = [_prepare(outcome, raw) for outcome, raw in batch if isinstance(outcome, Result)]
        self._compute_features(items)
        unclustered = [item.unclustered for item in items if item.unclustered is not None]
        try:
            with write_transaction(self.engine) as conn:
                known = _known(conn, {item.key for item in items})
                sources = _source_ids(conn, {item.result.article.source_domain for item in items} - {None})
                for item in items:
                    failure = self._store_safely(conn, item, known, sources)
                    if failure is not None:
                        errors.append(failure)
                _record_errors(conn, errors + unclustered)
        except DBAPIError as exc:
            if is_transient(exc) or exc.connection_invalidated:
                raise unavailable(self.engine, exc, BATCH_LOST) from exc
            raise
        self.stats.errors += len(errors)
        self.stats.unclustered += len(unclustered)
        room = MAX_ERROR_SAMPLES - len(self.stats.error_samples)
        self.stats.error_samples.extend((errors + unclustered)[: max(0, room)])

    def _compute_features(self, items: list[_Item]) -> None:
        """Features (MinHash, embedding) for articles that will be written, computed before the write lock
        is taken; articles already stored with the same content need none.  One embedding call per batch;
        if it fails, articles are tried one by one and the one that fails gets an error record."""
        with read_connection(self.engine) as conn:
            known = _known(conn, {item.key for item in items})
        wanted = [
            item for item in items
            if _clusterable(item.result) and item.content_hash not in getattr(known.get(item.key), "content_hashes", ())
        ]  # fmt: skip
        try:  # embeds on one thread (``embeddings.embed``): the pipeline's workers hold the cores
            computed = article_features_many([(item.key, item.result) for item in wanted])
        except Exception:
            computed = [_features_alone(item) for item in wanted]
        for item, features in zip(wanted, computed, strict=True):
            item.features = features

    def _store_safely(
        self, conn: Connection, item: _Item, known: dict[str, _Known], sources: dict[str, int]
    ) -> ErrorRecord | None:
        """Store one article inside a savepoint; a failure rolls back that article only (counts included)."""
        counts: Counter[str] = Counter()
        savepoint = conn.begin_nested()
        try:
            state = self._store(conn, item, known.get(item.key), sources, counts)
        except DBAPIError as exc:
            if is_transient(exc) or exc.connection_invalidated:
                raise  # the whole batch is rolled back (see _write_batch)
            savepoint.rollback()
            return _failure(item, StoreError(f"the database refused the article: {exc.orig}"))
        except Exception as exc:  # a bug must not sink the batch; the record names it
            savepoint.rollback()
            log.debug("storing %s failed", item.result.article.id, exc_info=True)
            return _failure(item, StoreError(f"internal error: {type(exc).__name__}: {exc}", code="E900"))
        savepoint.commit()
        known[item.key] = state
        for name, value in counts.items():
            setattr(self.stats, name, getattr(self.stats, name) + value)
        return None

    def _store(
        self, conn: Connection, item: _Item, seen: _Known | None, sources: dict[str, int], counts: Counter[str]
    ) -> _Known:
        """Write one article as new, new version or unchanged; returns what is now known of it."""
        if seen is not None and item.content_hash in seen.content_hashes:
            counts["unchanged"] += 1
            state = seen
        else:
            data = item.data
            row = article_row(data, key=item.key, identity=item.identity, content_hash=item.content_hash, raw=item.raw)
            row["source_id"] = sources.get(row["source_domain"]) if row["source_domain"] else None
            row |= _feature_columns(item.features)
            if seen is None:
                state = self._insert_article(conn, item, row, counts)
                counts["new"] += 1
            else:
                _supersede(conn, item.key, seen)
                state = replace(seen, version=seen.version + 1, content_hashes={*seen.content_hashes}, updated=utcnow())
                values = row | {"version": state.version, "updated": state.updated}
                conn.execute(update(t.Article).where(t.Article.id == item.key).values(values))
                counts["versioned"] += 1
            state.content_hashes.add(item.content_hash)
            _insert_children(conn, data, item.key)
            self._merge_events(conn, item, counts, syndicated=state.duplicate_of is not None)
        if item.raw.raw_hash:
            raw_row = {"raw_hash": item.raw.raw_hash, "article_id": item.key, "doc_id": item.result.article.id}
            insert_ignore(conn, t.RawDocument.__table__, [raw_row | {"source_path": item.raw.source, "seen": utcnow()}])
        return state

    def _insert_article(self, conn: Connection, item: _Item, row: dict[str, Any], counts: Counter[str]) -> _Known:
        story_id = duplicate_of = None
        if item.features is not None:
            # The index has no undo: should this article's savepoint roll back (a database refusal, rare),
            # the index keeps it as a member; its story row is then saved with the next article that joins.
            # Stories it joined into this one (``placement.merged``) stay joined in the index; their rows and
            # articles stay in the database until the next run's index, which holds them apart again.
            placement = self.index.place(item.features, item.result.article.title or "")
            save_story(conn, placement.story)
            merge_stories(conn, placement.story.id, placement.merged)
            story_id, duplicate_of = placement.story.id, placement.duplicate_of
            counts["stories_new"] += placement.new_story
            counts["stories_merged"] += len(placement.merged)
        now = utcnow()
        values = row | {"version": 1, "story_id": story_id, "duplicate_of": duplicate_of, "ingested": now}
        conn.execute(t.Article.__table__.insert(), values | {"updated": now})
        return _Known(1, set(), story_id, duplicate_of, now)

    def _merge_events(self, conn: Connection, item: _Item, counts: Counter[str], *, syndicated: bool) -> None:
        published = published_date(item.result.article.published)
        for position, (event, detail) in enumerate(zip(item.result.events, item.data["events"], strict=True)):
            record = event_record(item.key, published, event, syndicated)
            event_id, new = merge_record(conn, record)
            counts["events_new" if new else "events_merged"] += 1
            row = dataclass_row(record) | {
                "event_id": event_id, "position": position, "confidence": event.confidence,
                "evidence": detail["evidence"], "detail": detail,
            }  # fmt: skip
            # Inserted at once: the article's next report must see it (one article never supports an event twice).
            conn.execute(t.EventSource.__table__.insert(), row)


def _prepare(result: Result, raw: RawInfo) -> _Item:
    """Identity and hashes of one result, after text no database can hold (NUL, lone surrogates) is cleaned
    out of it: what is stored, hashed and clustered is then the same on SQLite and PostgreSQL."""
    data = result.model_dump(mode="json", by_alias=True)
    if needs_cleaning(data):
        data = clean(data)
        result = Result.model_validate(data)
    identity = article_identity(result, raw.url)
    return _Item(result, data, raw, article_key(identity), identity, content_hash(result))


def _features_alone(item: _Item) -> ArticleFeatures | None:
    try:
        return article_features(item.key, item.result)
    except Exception as exc:  # a bug must not cost the article: it is stored without a story, the record says why
        log.debug("story features of %s failed", item.result.article.id, exc_info=True)
        message = f"stored without a story: internal error: {type(exc).__name__}: {exc}"
        item.unclustered = _failure(item, StoreError(message, code="E900"), stage="stories")
        return None


def _clusterable(result: Result) -> bool:
    return result.article.page_kind == "article" and bool(result.article.text.strip())


def _feature_columns(features: ArticleFeatures | None) -> dict[str, Any]:
    if features is None:
        return {"minhash": None, "vector": None}
    return {"minhash": features.minhash.tobytes(), "vector": features.vector.tobytes()}


def _known(conn: Connection, keys: set[str]) -> dict[str, _Known]:
    """The stored state of the articles with these keys: current version and every content hash seen."""
    if not keys:
        return {}
    columns = (t.Article.id, t.Article.version, t.Article.content_hash, t.Article.story_id, t.Article.duplicate_of)
    rows = conn.execute(select(*columns, t.Article.updated).where(t.Article.id.in_(keys)))
    known = {key: _Known(version, {chash}, story, dup, updated) for key, version, chash, story, dup, updated in rows}
    old = select(t.ArticleVersion.article_id, t.ArticleVersion.content_hash).where(
        t.ArticleVersion.article_id.in_(keys)
    )
    for key, chash in conn.execute(old):
        known[key].content_hashes.add(chash)
    return known


def _source_ids(conn: Connection, domains: set[str]) -> dict[str, int]:
    """Ids of the outlets with these domains, adding the ones not seen before."""
    if not domains:
        return {}
    now = utcnow()
    insert_ignore(conn, t.Source.__table__, [{"domain": d, "first_seen": now} for d in sorted(domains)])
    rows = conn.execute(select(t.Source.domain, t.Source.id).where(t.Source.domain.in_(domains)))
    return {domain: source_id for domain, source_id in rows}


def _supersede(conn: Connection, key: str, seen: _Known) -> None:
    """Keep the stored version in ``article_versions`` and remove its rows that the new version replaces."""
    previous = article_result(conn=conn, article_id=key)
    assert previous is not None
    snapshot = {"article_id": key, "version": seen.version, "content_hash": _current_hash(conn, key)}
    snapshot |= {"result": result_data(previous), "stored": seen.updated, "superseded": utcnow()}
    conn.execute(t.ArticleVersion.__table__.insert(), snapshot)
    reported = select(t.EventSource.event_id).where(t.EventSource.article_id == key)
    events = set(conn.execute(reported).scalars())
    for table in (t.EventSource, t.Entity, t.Place, t.Quote):
        conn.execute(delete(table).where(table.article_id == key))
    rebuild_events(conn, events)


def _current_hash(conn: Connection, key: str) -> str:
    return conn.execute(select(t.Article.content_hash).where(t.Article.id == key)).scalar_one()


def _insert_children(conn: Connection, data: dict[str, Any], key: str) -> None:
    for table, rows in (
        (t.Entity, entity_rows(data, key)), (t.Place, place_rows(data, key)), (t.Quote, quote_rows(data, key))
    ):  # fmt: skip
        if rows:
            conn.execute(table.__table__.insert(), rows)


def _failure(item: _Item, error: StoreError, stage: str = STAGE) -> ErrorRecord:
    return ErrorRecord(
        id=item.result.article.id, error=error.message, code=error.code, stage=stage, source=item.raw.source
    )


def _record_errors(conn: Connection, errors: Iterable[ErrorRecord]) -> None:
    """One row per (document, source, code): seen again, it gets the latest message and a higher count."""
    now = utcnow()
    rows = {}
    for error in errors:
        key = hashlib.sha256(f"{error.id}\x1f{error.source or ''}\x1f{error.code}".encode("utf-8", "replace"))
        rows[key.hexdigest()] = clean({
            "key": key.hexdigest(), "doc_id": error.id, "source": error.source or "", "code": error.code,
            "stage": error.stage, "error": error.error, "first_seen": now, "last_seen": now, "times": 1,
        })  # fmt: skip
    table = t.IngestError.__table__
    upsert(
        conn, table, list(rows.values()), key=["key"], keep=["first_seen", "times"], also={"times": table.c.times + 1}
    )
