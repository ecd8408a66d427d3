"""ACLED-shaped CSV: ACLED's columns, in ACLED's order, with ACLED's meanings; eventwire's richer fields after.

How each column is filled is documented in ``docs/exports.md`` (keep the two together).  Only events
whose subtype is one of ACLED's 25 sub-event types are written by default (ACLED records no
diplomacy, crime or disasters); the others are counted as left out, or written with
``acled_only=False`` (``event_type`` then carries eventwire's type and ``disorder_type`` stays empty).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.api.schemas import EventItem
from eventwire.events import typology
from eventwire.export.admin import AdminUnits, admin_units
from eventwire.export.countries import country
from eventwire.export.output import ExportStats, atomic_path
from eventwire.export.rows import flat_row, json_value

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
EXTRA_COLUMNS = (
    "eventwire_id", "eventwire_type", "eventwire_subtype", "event_date_end", "fatalities_min", "fatalities_max",
    "fatalities_latest", "injuries_min", "injuries_max", "flags", "n_sources", "n_independent", "first_reported",
    "last_reported", "geonameid", "country_iso2", "article_ids", "source_urls", "evidence",
)  # fmt: skip
COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS
# Extra columns holding lists, written as JSON arrays (their items may contain any separator).
LIST_COLUMNS = ("flags", "article_ids", "source_urls", "evidence")
NOT_ACLED = "type ACLED does not record"

# ACLED's disorder type by event type; sub-event types that ACLED counts as two kinds at once override it.
DISORDER_BY_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
DISORDER_BY_SUBTYPE = {
    "excessive_force_against_protesters": "Political violence; Demonstrations",
    "mob_violence": "Political violence",
}
# ACLED's time_precision: 1 the exact day, 2 within a week, 3 within a month (or less precise).
WEEK_DAYS = 7


def time_precision(start: date | None, end: date | None) -> int | None:
    """ACLED's time precision of a date range: 1 one day, 2 at most a week, 3 longer."""
    if start is None:
        return None
    days = (end - start).days + 1 if end else 1
    return 1 if days <= 1 else 2 if days <= WEEK_DAYS else 3


def is_acled(item: EventItem) -> bool:
    """Whether the event's subtype is one of ACLED's sub-event types."""
    subtype = typology.BY_ID.get(item.subtype or "")
    return bool(subtype and subtype.acled_sub_event_type)


def acled_row(item: EventItem) -> dict[str, Any]:
    """The event as an ACLED row plus eventwire's columns (for a type ACLED does not record, ``event_type``
    and ``sub_event_type`` carry eventwire's names and ``disorder_type`` is empty)."""
    flat = flat_row(item)
    subtype = typology.BY_ID.get(item.subtype or "")
    acled_sub = subtype.acled_sub_event_type if subtype else None
    place = country(flat["country"])
    units = admin_units(flat["lat"], flat["lon"], flat["country"])
    if place is not None and flat["geonameid"] is not None and flat["geonameid"] == place.geonameid:
        units = AdminUnits(None, None)  # the place is the whole country: no unit inside it
    start = flat["date_start"]
    disorder = DISORDER_BY_SUBTYPE.get(item.subtype or "") or DISORDER_BY_TYPE.get(item.type, "")
    notes = next((e.text for e in item.evidence if not _syndicated(item, e.article_id)), "")
    row = {
        "event_id_cnty": f"{place.iso3 if place else 'XXX'}{item.id.removeprefix('e-')}",
        "event_date": start.isoformat() if start else "",
        "year": start.year if start else "",
        "time_precision": _blank(time_precision(start, flat["date_end"])),
        "disorder_type": disorder if acled_sub else "",
        "event_type": item.type,
        "sub_event_type": acled_sub or (subtype.name if subtype else item.subtype or ""),
        "actor1": item.actor1 or "", "assoc_actor_1": "", "inter1": "",
        "actor2": item.actor2 or "", "assoc_actor_2": "", "inter2": "", "interaction": "",
        "civilian_targeting": "Civilian targeting" if item.type == "Violence against civilians" else "",
        "iso": _blank(place.numeric if place else None),
        "region": (place.region or "") if place else "",
        "country": place.name if place else "",
        "admin1": units.admin1 or "", "admin2": units.admin2 or "", "admin3": "",
        "location": flat["location_name"] or "",
        "latitude": _blank(flat["lat"]), "longitude": _blank(flat["lon"]), "geo_precision": _blank(flat["precision"]),
        "source": "; ".join(flat["source_domains"]), "source_scale": "",
        "notes": notes,
        "fatalities": _fatalities(item),
        "tags": "; ".join(item.flags),
        "timestamp": int(item.updated.timestamp()),
    }  # fmt: skip
    counts = ("fatalities_min", "fatalities_max", "fatalities_latest", "injuries_min", "injuries_max")
    extra = {
        "eventwire_id": item.id, "eventwire_type": item.type, "eventwire_subtype": item.subtype or "",
        "event_date_end": _blank(json_value(flat["date_end"])),
        **{name: _blank(flat[name]) for name in (*counts, "n_sources", "n_independent", "geonameid")},
        "first_reported": _blank(json_value(flat["first_reported"])),
        "last_reported": _blank(json_value(flat["last_reported"])),
        "country_iso2": flat["country"] or "",
        **{name: json.dumps(flat[name], ensure_ascii=False) for name in LIST_COLUMNS},
    }  # fmt: skip
    return row | extra


def _fatalities(item: EventItem) -> int:
    # ACLED revises a toll as later reports come in and records 0 when none is reported.
    figures = (item.fatalities.latest, item.fatalities.min)
    return next((figure for figure in figures if figure is not None), 0)


def _syndicated(item: EventItem, article_id: str) -> bool:
    return any(source.syndicated for source in item.sources if source.article_id == article_id)


def _blank(value: Any) -> Any:
    return "" if value is None else value


def write_acled_csv(items: Iterable[EventItem], path: Path, *, acled_only: bool = True) -> ExportStats:
    """Write the events as ACLED CSV (UTF-8, header row, RFC 4180 quoting)."""
    stats = ExportStats()
    with atomic_path(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for item in items:
            if acled_only and not is_acled(item):
                stats.left_out[NOT_ACLED] += 1
                continue
            writer.writerow(acled_row(item))
            stats.written += 1
    return stats
