"""The one row-building module of the exports: the events to export, and an event as a flat, typed row.

Every format starts from the same :class:`~eventwire.api.schemas.EventItem` the API serves (same
filters, same meaning) and, except JSONL, from the same flat row, so the formats cannot drift apart.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from eventwire.api.filters import EventFilters
from eventwire.api.queries import iter_events
from eventwire.api.schemas import EventItem
from eventwire.store.engine import read_connection

# Flat columns, in order, with the kind of value each holds (the Parquet schema is derived from this).
FLAT_COLUMNS: dict[str, str] = {
    "id": "str", "type": "str", "subtype": "str", "actor1": "str", "actor2": "str",
    "location_name": "str", "lat": "float", "lon": "float", "geonameid": "int", "country": "str", "precision": "int",
    "date_start": "date", "date_end": "date",
    "fatalities_min": "int", "fatalities_max": "int", "fatalities_latest": "int",
    "injuries_min": "int", "injuries_max": "int",
    "flags": "list", "n_sources": "int", "n_independent": "int",
    "first_reported": "date", "last_reported": "date", "updated": "timestamp",
    "article_ids": "list", "source_urls": "list", "source_domains": "list", "evidence": "list",
}  # fmt: skip


@contextlib.contextmanager
def selected_events(engine: Engine, filters: EventFilters) -> Iterator[Iterator[EventItem]]:
    """The events matching ``filters``, newest first, read in one snapshot (what a long export sees does
    not change under it: one transaction, REPEATABLE READ on PostgreSQL)."""
    with read_connection(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield iter_events(conn=conn, filters=filters)


def flat_row(item: EventItem) -> dict[str, Any]:
    """The event as one flat row (``FLAT_COLUMNS``): dates as dates, lists of strings, no nesting."""
    place = item.location
    return {
        "id": item.id, "type": item.type, "subtype": item.subtype, "actor1": item.actor1, "actor2": item.actor2,
        "location_name": place.name if place else None, "lat": place.lat if place else None,
        "lon": place.lon if place else None, "geonameid": place.geonameid if place else None,
        "country": place.country if place else None, "precision": place.precision if place else None,
        "date_start": item.date.start, "date_end": item.date.end,
        "fatalities_min": item.fatalities.min, "fatalities_max": item.fatalities.max,
        "fatalities_latest": item.fatalities.latest,
        "injuries_min": item.injuries.min, "injuries_max": item.injuries.max,
        "flags": list(item.flags), "n_sources": item.n_sources, "n_independent": item.n_independent,
        "first_reported": item.first_reported, "last_reported": item.last_reported, "updated": item.updated,
        "article_ids": [source.article_id for source in item.sources],
        "source_urls": [source.url for source in item.sources if source.url],
        "source_domains": list(dict.fromkeys(s.source_domain for s in item.sources if s.source_domain)),
        "evidence": list(dict.fromkeys(sentence.text for sentence in item.evidence)),
    }  # fmt: skip


def json_value(value: Any) -> Any:
    """A flat row's value as JSON has it: dates and timestamps in ISO 8601."""
    return value.isoformat() if isinstance(value, date | datetime) else value
