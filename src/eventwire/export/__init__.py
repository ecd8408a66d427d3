"""Exports in the formats analysts use, with the API's filters: ``export_events(engine, filters, fmt, path)``.

- :mod:`.acled_csv` ACLED's columns and meanings (``docs/exports.md``); :mod:`.geojson` RFC 7946 points;
  :mod:`.parquet` typed columns; :mod:`.jsonl` the API's EventItem a line;
- :mod:`.rows` the one place events are selected and flattened; :mod:`.output` atomic files and counts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sqlalchemy import Engine

from eventwire.api.filters import EventFilters
from eventwire.api.schemas import EventItem
from eventwire.export.acled_csv import write_acled_csv
from eventwire.export.geojson import write_geojson
from eventwire.export.jsonl import write_jsonl
from eventwire.export.output import ExportStats
from eventwire.export.parquet import write_parquet
from eventwire.export.rows import selected_events

Writer = Callable[[Iterable[EventItem], Path], ExportStats]
FORMATS: dict[str, Writer] = {
    "acled-csv": write_acled_csv,
    "geojson": write_geojson,
    "parquet": write_parquet,
    "jsonl": write_jsonl,
}


def export_events(
    engine: Engine,
    filters: EventFilters,
    fmt: str,
    path: Path,
    *,
    acled_only: bool = True,
    on_event: Callable[[], None] | None = None,
) -> ExportStats:
    """Write the events matching ``filters`` to ``path`` in format ``fmt`` (a key of :data:`FORMATS`).

    The file appears only when the export is complete.  ``acled_only`` (ACLED CSV): leave out the types
    ACLED does not record.  ``on_event`` is called once per event read.

    Raises:
        KeyError: unknown format.
        StoreUnavailable: the database stayed locked or unreachable.
    """
    writer = functools.partial(write_acled_csv, acled_only=acled_only) if fmt == "acled-csv" else FORMATS[fmt]
    with selected_events(engine, filters) as items:
        return writer(_counted(items, on_event), path)


def _counted(items: Iterator[EventItem], on_event: Callable[[], None] | None) -> Iterator[EventItem]:
    for item in items:
        if on_event:
            on_event()
        yield item


__all__ = ["FORMATS", "ExportStats", "export_events"]
