"""Compose the stages: ``process(raw) -> Result`` and ``process_many(raws, workers)``.

Stages stay pure; this module owns batching, workers and the failure policy: a document
that fails becomes an :class:`ErrorRecord` saying which stage failed and why, and the
batch goes on (spaCy's ``pipe`` with an error handler, made explicit).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Iterable, Iterator

from eventwire.errors import EventwireError
from eventwire.extract import extract_with_warnings
from eventwire.model import ErrorRecord, RawDoc, Result

# Below this many documents a worker pool costs more to start than it saves.
MIN_BATCH_FOR_WORKERS = 24
# Documents handed to a worker at a time: large enough to amortise pickling.
CHUNK_SIZE = 4


def process(raw: RawDoc) -> Result:
    """Run every stage on one document.

    Raises:
        EventwireError: the document cannot be processed (bad input, not an article...).
    """
    article, warnings = extract_with_warnings(raw)
    return Result(article=article, warnings=warnings)


def process_safely(item: RawDoc | ErrorRecord) -> Result | ErrorRecord:
    """``process`` that never raises: a failure becomes an ErrorRecord for that document."""
    if isinstance(item, ErrorRecord):
        return item
    try:
        return process(item)
    except EventwireError as exc:
        return ErrorRecord(id=item.id, error=exc.message, code=exc.code, stage="extract", source=item.source)
    except RecursionError:
        return ErrorRecord(
            id=item.id, error="document is nested too deeply to parse", code="E101", stage="extract", source=item.source
        )
    except Exception as exc:  # a bug must not sink the batch; the record names it
        return ErrorRecord(
            id=item.id, error=f"internal error: {type(exc).__name__}: {exc}", code="E900", stage="extract",
            source=item.source,
        )  # fmt: skip


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def process_many(
    items: Iterable[RawDoc | ErrorRecord], *, workers: int | None = None
) -> Iterator[Result | ErrorRecord]:
    """Process documents in input order, in parallel once the batch pays for it.

    Args:
        items: documents (and ingest errors, passed through in place).
        workers: processes to use; None = all cores when the batch has at least
            ``MIN_BATCH_FOR_WORKERS`` documents, else one.
    """
    iterator = iter(items)
    head = list(itertools.islice(iterator, MIN_BATCH_FOR_WORKERS))
    if workers is None:
        workers = default_workers() if len(head) >= MIN_BATCH_FOR_WORKERS else 1
    stream = itertools.chain(head, iterator)
    if workers <= 1:
        yield from map(process_safely, stream)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(process_safely, stream, chunksize=CHUNK_SIZE)
