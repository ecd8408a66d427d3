"""Documents in, database out: read → skip what is stored already → pipeline workers → batched writes.

The pipeline runs in ``pipeline.process_many`` workers; this process only hashes raw documents,
computes story features and writes.  A raw document whose hash is stored already (same page,
same bytes) never reaches the pipeline: re-ingesting a folder costs reading and hashing only.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError

from eventwire.model import ErrorRecord, RawDoc
from eventwire.store import tables as t
from eventwire.store.engine import is_transient, read_connection, unavailable
from eventwire.store.identity import raw_hash
from eventwire.store.migrate import ensure_schema
from eventwire.store.rows import RawInfo
from eventwire.store.writer import DEFAULT_BATCH, IngestStats, StoreWriter

# Raw documents looked up in one query before they are handed to the pipeline.
LOOKUP_CHUNK = 64

Progress = Callable[[int], None]


def ingest_documents(
    items: Iterable[RawDoc | ErrorRecord],
    *,
    engine: Engine,
    workers: int | None = None,
    batch_size: int = DEFAULT_BATCH,
    on_progress: Progress | None = None,
    writer: StoreWriter | None = None,
) -> IngestStats:
    """Process and store documents; the schema is brought to head first.

    Args:
        items: raw documents (and reader errors, stored in ``ingest_errors``), e.g. ``read_inputs(paths)``.
        engine: from :func:`eventwire.store.engine.make_engine`.
        workers: pipeline processes (None: as ``process_many`` decides).
        batch_size: documents written per transaction.
        on_progress: called with the number of documents just finished (stored, skipped or failed).
        writer: a writer to keep across calls (a feed watcher: one story index for the life of the process,
            not one rebuilt from the database per call); its stats then add up over the calls.

    Raises:
        StoreUnavailable: the database stayed locked or down; batches written before are kept.
        StoreSchemaError: the database has a schema this eventwire does not know.
    """
    from eventwire.pipeline import process_many

    progress = on_progress or (lambda _n: None)
    skipper = _SkipStored(engine, on_skip=progress)
    order: deque[RawInfo] = deque()
    try:
        ensure_schema(engine)
        writer = writer or StoreWriter(engine, batch_size=batch_size)
        with writer:
            # Room for two batches: the workers go on while the writer writes one.
            outcomes = process_many(skipper.unseen(items, order), workers=workers, read_ahead=2 * writer.batch_size)
            for outcome in outcomes:
                writer.add(outcome, order.popleft())
                progress(1)
    except DBAPIError as exc:  # a read failed: the database went away or stayed locked mid-run
        if is_transient(exc) or exc.connection_invalidated:
            raise unavailable(engine, exc, "batches written before are kept: run the same ingest again") from exc
        raise
    writer.note_skipped(skipper.skipped)
    return writer.stats


def ingest_paths(paths: Sequence[str], **options: object) -> IngestStats:
    """:func:`ingest_documents` over files, folders, JSONL, WARC or ``-`` (``read_inputs``)."""
    from eventwire.ingest import read_inputs

    return ingest_documents(read_inputs(paths), **options)  # type: ignore[arg-type]


class _SkipStored:
    """Drops raw documents whose hash is stored already, and notes each passed-on document's RawInfo
    in ``order`` (outcomes come back from the pipeline in input order)."""

    def __init__(self, engine: Engine, *, on_skip: Progress) -> None:
        self.engine = engine
        self.on_skip = on_skip
        self.skipped = 0

    def unseen(self, items: Iterable[RawDoc | ErrorRecord], order: deque[RawInfo]) -> Iterator[RawDoc | ErrorRecord]:
        iterator = iter(items)
        while chunk := list(itertools.islice(iterator, LOOKUP_CHUNK)):
            hashes = [raw_hash(item) if isinstance(item, RawDoc) else None for item in chunk]
            stored = self._stored({h for h in hashes if h})
            for item, hashed in zip(chunk, hashes, strict=True):
                if hashed in stored:
                    self.skipped += 1
                    self.on_skip(1)
                    continue
                order.append(_raw_info(item, hashed))
                yield item

    def _stored(self, hashes: set[str]) -> set[str]:
        if not hashes:
            return set()
        with read_connection(self.engine) as conn:
            query = select(t.RawDocument.raw_hash).where(t.RawDocument.raw_hash.in_(hashes))
            return set(conn.execute(query).scalars())


def _raw_info(item: RawDoc | ErrorRecord, hashed: str | None) -> RawInfo:
    if isinstance(item, ErrorRecord):
        return RawInfo(source=item.source)
    return RawInfo(raw_hash=hashed, url=item.url, source=item.source, encoding=item.encoding, crawled=item.crawled)
