"""Standard input (``-``): JSONL, a WARC, or one HTML/text document, plain or gzipped, told apart by sniffing."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from eventwire.errors import BadInput
from eventwire.ingest.document import GZIP_ERRORS, error_record, make_doc
from eventwire.ingest.jsonl import iter_jsonl
from eventwire.ingest.limits import SNIFF_BYTES
from eventwire.ingest.sniff import stream_kind
from eventwire.ingest.streams import peek_stream, read_capped
from eventwire.ingest.warc import iter_warc
from eventwire.model import ErrorRecord, RawDoc

STDIN_ID = "stdin"
STDIN_SOURCE = "<stdin>"


def read_stdin(stream: BinaryIO) -> Iterator[RawDoc | ErrorRecord]:
    """Documents from a byte stream that cannot seek; only its first few KB are looked at before reading."""
    try:
        head, stream = peek_stream(stream, SNIFF_BYTES)
        kind = stream_kind(head)
        if kind == "gzip":
            if stream_kind(_gunzip_head(head)) == "warc":
                kind = "warc"  # warcio reads gzipped WARCs member by member itself
            else:
                head, stream = peek_stream(gzip.GzipFile(fileobj=stream, mode="rb"), SNIFF_BYTES)  # type: ignore[arg-type]
                kind = stream_kind(head)
        if kind == "jsonl":
            yield from iter_jsonl(stream, base_id=STDIN_ID, source=STDIN_SOURCE)
        elif kind == "warc":
            yield from iter_warc(stream, base_id=STDIN_ID, source=STDIN_SOURCE)
        else:
            yield make_doc(read_capped(stream), doc_id=STDIN_ID, source=STDIN_SOURCE, markup=None)
    except (BadInput, *GZIP_ERRORS, OSError) as exc:
        yield error_record(STDIN_ID, STDIN_SOURCE, exc)


def _gunzip_head(head: bytes) -> bytes:
    """The first decompressed bytes of a gzip stream, for sniffing; empty if the header is broken."""
    try:
        return zlib.decompressobj(wbits=31).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""
