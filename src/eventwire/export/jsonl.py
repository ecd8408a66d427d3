"""JSONL: one event a line, exactly the API's EventItem JSON (nested, with evidence and sources)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from eventwire.api.schemas import EventItem
from eventwire.export.output import ExportStats, atomic_path


def write_jsonl(items: Iterable[EventItem], path: Path) -> ExportStats:
    stats = ExportStats()
    with atomic_path(path) as temporary, temporary.open("w", encoding="utf-8", newline="\n") as out:
        for item in items:
            out.write(item.model_dump_json() + "\n")
            stats.written += 1
    return stats
