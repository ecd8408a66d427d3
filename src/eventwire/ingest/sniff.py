"""Guess what a run of bytes is from its first few KB: binary, JSONL, WARC, gzip, feed, HTML or text.

Used when an extension does not say (no extension, an unknown one, standard input).
"""

from __future__ import annotations

import re
from typing import Literal

from eventwire.ingest.limits import BINARY_SAMPLE_BYTES, SNIFF_BYTES

GZIP_MAGIC = b"\x1f\x8b"

# (offset, magic, name); checked in order, the first that matches names the format.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"PK\x03\x04", "ZIP archive"),
    (0, b"PK\x05\x06", "ZIP archive"),
    (0, b"\x7fELF", "ELF executable"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"BZh91AY&SY", "bzip2 data"),
    (0, b"\xfd7zXZ\x00", "xz data"),
    (0, b"\x28\xb5\x2f\xfd", "zstd data"),
    (0, GZIP_MAGIC, "gzip data"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"\x00asm", "WebAssembly module"),
    (0, b"\xca\xfe\xba\xbe", "Java class or Mach-O binary"),
    (0, b"\xcf\xfa\xed\xfe", "Mach-O binary"),
    (0, b"MZ\x90\x00", "Windows executable"),
    (0, b"wOFF", "WOFF font"),
    (0, b"wOF2", "WOFF2 font"),
    (0, b"OggS\x00", "Ogg media"),
    (0, b"ID3\x03\x00", "MP3 audio"),
    (0, b"ID3\x04\x00", "MP3 audio"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (4, b"ftyp", "MP4/QuickTime media"),
)
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}

# ASCII control bytes that never appear in text (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}))
_MAX_CONTROL_SHARE = 0.05

_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>/]", re.IGNORECASE)
_LEADING_JUNK = re.compile(r"(?:\s+|<!--.*?-->|<\?xml[^>]*>)*", re.DOTALL)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|title|meta|link|script|style|div|span|p|a|br|hr|img|ul|ol|li|table|tr|td|"
    r"h[1-6]|article|section|header|footer|nav|main|form|input|button|iframe|strong|em|b|i)\b[^<>]*>",
    re.IGNORECASE,
)
_MIN_HTML_TAGS = 3
# A feed's root element after the XML declaration, comments, a doctype or stylesheet instructions.
_FEED_ROOT = re.compile(
    rb"(?:\s|<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>]*>)*<(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)[\s>/]", re.DOTALL
)


def binary_kind(data: bytes) -> str | None:
    """What binary format the bytes are, or None when they may be text.

    Known magic numbers name the format; otherwise NUL bytes or many control
    bytes in the first few KB mean binary. Call after BOM and UTF-16 checks:
    UTF-16 text is full of NULs.
    """
    for offset, magic, name in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return name
    if data[:4] == b"RIFF" and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    sample = data[:BINARY_SAMPLE_BYTES]
    if b"\x00" in sample:
        return "NUL bytes"
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        return "control characters"
    return None


def looks_like_html(text: str) -> bool:
    """True when decoded text is HTML: starts with a document tag, or has several HTML tags early."""
    head = text[:SNIFF_BYTES].lstrip("\ufeff")
    start = _LEADING_JUNK.match(head)
    if _HTML_START.match(head, start.end() if start else 0):
        return True
    return len(_HTML_TAG.findall(head)) >= _MIN_HTML_TAGS


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes of a document open an RSS (``<rss>``, ``<rdf:RDF>``) or Atom (``<feed>``) feed."""
    return _FEED_ROOT.match(head[:SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf")) is not None


def stream_kind(head: bytes) -> Literal["jsonl", "warc", "gzip", "document"]:
    """What a stream of unknown type (stdin) holds, from its first bytes."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if body.startswith(b"WARC/"):
        return "warc"
    if body.startswith(b"{"):
        return "jsonl"
    return "document"
