"""What a file is from its name, what id its document gets, and the order folders are read in."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Literal

from eventwire.errors import UnreadableSource
from eventwire.ingest.document import error_record
from eventwire.model import ErrorRecord

Format = Literal["warc", "jsonl", "html", "text", "sniff"]

# Longest suffix first; ``True`` means gzip-compressed.
_SUFFIXES: tuple[tuple[str, Format, bool], ...] = (
    (".warc.gz", "warc", True),
    (".jsonl.gz", "jsonl", True),
    (".ndjson.gz", "jsonl", True),
    (".xhtml.gz", "html", True),
    (".html.gz", "html", True),
    (".htm.gz", "html", True),
    (".txt.gz", "text", True),
    (".warc", "warc", False),
    (".jsonl", "jsonl", False),
    (".ndjson", "jsonl", False),
    (".xhtml", "html", False),
    (".html", "html", False),
    (".htm", "html", False),
    (".txt", "text", False),
    (".gz", "sniff", True),
)
# An unknown extension (".php", ".asp") is dropped from ids; ".05" in "2024.05" is not an extension.
_OTHER_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")


def classify(name: str) -> tuple[Format, bool, str]:
    """``(format, gzipped, stem)`` for a file name: ``abc.html.gz`` -> ``("html", True, "abc")``."""
    lower = name.lower()
    for suffix, fmt, gzipped in _SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return fmt, gzipped, name[: -len(suffix)]
    match = _OTHER_EXTENSION.search(name)
    stem = name[: match.start()] if match and match.start() > 0 else name
    return "sniff", False, stem


def doc_id(relative: str) -> str:
    """A document id from a path relative to the folder given: POSIX separators, compound extension stripped."""
    parts = relative.replace(os.sep, "/").split("/")
    parts[-1] = classify(parts[-1])[2]
    return "/".join(p for p in parts if p not in ("", "."))


def walk(root: str) -> Iterator[str | ErrorRecord]:
    """Files under ``root``, recursively, sorted by name at each level; hidden entries skipped.

    Lists one folder at a time, so a huge tree is never held in memory. Linked
    folders are followed once (a link loop is not walked forever).
    """
    seen: set[tuple[int, int]] = set()

    def visit(folder: str) -> Iterator[str | ErrorRecord]:
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                return
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as listing:
                entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            yield error_record(folder, folder, UnreadableSource(f"cannot read folder: {exc.strerror or exc}"))
            return
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                yield from visit(entry.path)
            else:
                yield entry.path

    yield from visit(root)
