"""The ingest stage: read files, folders, JSONL, WARC archives or standard input into RawDocs.

Public entry point: :func:`read_inputs`. It is lazy (one document in memory at a
time), ordered (folders walked recursively, sorted by name) and never stops on a
bad document: whatever cannot be read becomes an ``ErrorRecord`` in the stream.
Readers: :mod:`.files` (one file, one document), :mod:`.jsonl`, :mod:`.warc`,
:mod:`.feeds` (RSS/Atom files, one document per entry), :mod:`.stdin`; bytes become
text in :mod:`.decode`; caps live in :mod:`.limits`. Fetching from the network
(:mod:`.fetch`) and watching feeds (:mod:`.watch`) build on the same documents.
"""

from __future__ import annotations

import gzip
import os
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from eventwire.errors import EventwireError, UnreadableSource
from eventwire.ingest.decode import decode_bytes
from eventwire.ingest.document import GZIP_ERRORS, STAGE, error_record
from eventwire.ingest.feeds import read_feed_file
from eventwire.ingest.files import read_document_file
from eventwire.ingest.jsonl import read_jsonl_file
from eventwire.ingest.limits import SNIFF_BYTES
from eventwire.ingest.paths import classify, doc_id, walk
from eventwire.ingest.sniff import looks_like_feed
from eventwire.ingest.stdin import read_stdin
from eventwire.ingest.warc import read_warc_file
from eventwire.model import ErrorRecord, RawDoc

__all__ = ["decode_bytes", "read_inputs"]

STDIN_PATH = "-"


def read_inputs(
    paths: Iterable[str | os.PathLike[str]], *, stdin: BinaryIO | None = None
) -> Iterator[RawDoc | ErrorRecord]:
    """Yield a RawDoc for every document under ``paths`` and an ErrorRecord for every one that cannot be read.

    A path is a file, a folder (read recursively) or ``-`` for standard input
    (``stdin``, else ``sys.stdin.buffer``). A missing path is an ErrorRecord
    (E110), not an exception.
    """
    if isinstance(paths, str | bytes):
        raise TypeError("read_inputs takes a list of paths, not a single string")
    for given in paths:
        path = os.fspath(given)
        if path == STDIN_PATH:
            yield from _guarded(read_stdin(stdin if stdin is not None else sys.stdin.buffer), "stdin", "<stdin>")
        elif os.path.isdir(path):
            for item in walk(path):
                if isinstance(item, ErrorRecord):
                    yield item
                else:
                    yield from read_file(item, doc_id(os.path.relpath(item, path)))
        elif os.path.exists(path):
            yield from read_file(path, doc_id(os.path.basename(path)))
        else:
            yield ErrorRecord(
                id=path, error=f"no such file or folder: {path}", code=UnreadableSource.code, stage=STAGE, source=path
            )


def read_file(path: str, base_id: str) -> Iterator[RawDoc | ErrorRecord]:
    fmt, gzipped, _ = classify(os.path.basename(path))
    if fmt == "warc":
        reader: Iterator[RawDoc | ErrorRecord] = read_warc_file(path, base_id=base_id)
    elif fmt == "jsonl":
        reader = read_jsonl_file(path, base_id=base_id, gzipped=gzipped)
    elif fmt == "sniff" and _is_feed(path, gzipped):
        reader = read_feed_file(path, base_id=base_id, gzipped=gzipped)
    else:
        markup = None if fmt == "sniff" else fmt
        reader = iter([read_document_file(path, doc_id=base_id, markup=markup, gzipped=gzipped)])
    yield from _guarded(reader, base_id, path)


def _is_feed(path: str, gzipped: bool) -> bool:
    """An RSS/Atom file (``.xml``, ``.rss``, ``.atom`` or no extension) is told apart from a page by its first bytes."""
    try:
        with gzip.open(path, "rb") if gzipped else open(path, "rb") as stream:
            return looks_like_feed(stream.read(SNIFF_BYTES))
    except (*GZIP_ERRORS, OSError):
        return False  # the document reader reports why the file cannot be read


def _guarded(reader: Iterator[RawDoc | ErrorRecord], base_id: str, source: str) -> Iterator[RawDoc | ErrorRecord]:
    """Pass a reader's items on; a bug in a reader costs that input an ErrorRecord, not the whole batch."""
    try:
        yield from reader
    except Exception as exc:
        yield error_record(
            base_id, source, EventwireError(f"internal error while reading: {type(exc).__name__}: {exc}")
        )
