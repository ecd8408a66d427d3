"""Caps on what ingest will read, in one place so they are easy to find and to change.

A reader checks a size before it reads when it can (a file's size on disk, a WARC
record's length) and otherwise reads in chunks and stops just past the cap, so a
huge page or a gzip bomb costs little time and memory.
"""

from __future__ import annotations

MIB = 1024 * 1024

MAX_DOC_BYTES = 10 * MIB
"""Largest document (decoded from gzip/HTTP encodings, before charset decoding) ingest accepts."""

READ_CHUNK_BYTES = 64 * 1024
"""Chunk size for streaming reads: bounds memory while counting bytes past a cap."""

SNIFF_BYTES = 4096
"""How far into a document the sniffers look for markup, a JSONL ``{`` or a ``<meta charset>``."""

BINARY_SAMPLE_BYTES = 8192
"""How much of a document the binary check looks at for NUL and control bytes."""


def human_size(n: int) -> str:
    """A size as people read it in messages: decimal megabytes, one decimal."""
    return f"{n / 1_000_000:.1f} MB"


def over_limit_message(size: int | None) -> str:
    """The message for a document over :data:`MAX_DOC_BYTES`; ``size`` is None when reading stopped early."""
    cap = f"{MAX_DOC_BYTES // MIB} MiB"
    if size is None:
        return f"document is over the {cap} limit (stopped reading at {cap})"
    return f"document is {human_size(size)}, over the {cap} limit"
