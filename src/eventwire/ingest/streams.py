"""Bounded reads from byte streams: never hold more than a document's cap in memory."""

from __future__ import annotations

import io
from typing import BinaryIO

from eventwire.errors import BadInput
from eventwire.ingest.limits import MAX_DOC_BYTES, READ_CHUNK_BYTES, over_limit_message


def read_capped(stream: BinaryIO, limit: int = MAX_DOC_BYTES) -> bytes:
    """Read a whole stream, raising ``BadInput`` as soon as it passes ``limit`` bytes.

    Reads in chunks so a decompressing stream (gzip bomb) is stopped after
    ``limit`` bytes of output, whatever its real size.
    """
    buf = bytearray()
    while True:
        chunk = stream.read(min(READ_CHUNK_BYTES, limit + 1 - len(buf)))
        if not chunk:
            return bytes(buf)
        buf += chunk
        if len(buf) > limit:
            raise BadInput(over_limit_message(None))


def skip_line(stream: BinaryIO) -> int:
    """Discard the rest of a line in chunks; returns how many bytes were skipped (newline included)."""
    skipped = 0
    while True:
        part = stream.readline(READ_CHUNK_BYTES)
        skipped += len(part)
        if not part or part.endswith(b"\n"):
            return skipped


class _Prefixed(io.RawIOBase):
    """Bytes already read from a stream, then the rest of that stream."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def peek_stream(stream: BinaryIO, size: int) -> tuple[bytes, BinaryIO]:
    """The first ``size`` bytes of a stream that cannot seek (stdin), and a stream that still starts with them."""
    head = stream.read(size) or b""
    return head, io.BufferedReader(_Prefixed(head, stream), buffer_size=READ_CHUNK_BYTES)  # type: ignore[return-value]
