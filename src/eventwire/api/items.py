"""Merged events as the API shows them: one ``events`` row plus its reports' evidence and articles.

Used by the event listing, the live stream and every export, so an event reads the same everywhere.
Two queries per batch of events, whatever its size: the events, then all their reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from eventwire.api.schemas import EventItem
from eventwire.store import tables as t

EVENT_COLUMNS = tuple(t.Event.__table__.c)
_SOURCE_COLUMNS = (
    t.EventSource.event_id, t.EventSource.article_id, t.EventSource.evidence, t.EventSource.syndicated,
    t.Article.url, t.Article.title, t.Article.source_domain, t.Article.published,
)  # fmt: skip


def as_utc(value: datetime) -> datetime:
    """Timestamps are stored in UTC; SQLite hands them back without a zone."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def event_items(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> list[EventItem]:
    """EventItems for ``events`` rows (all columns), in the rows' order."""
    return [EventItem.model_validate(item) for item in event_dicts(conn, rows)]


def event_dicts(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The same events as plain dicts, for JSON straight away (:func:`item_dict`)."""
    reports = _reports(conn, [row["id"] for row in rows])
    return [item_dict(row, reports.get(row["id"], ())) for row in rows]


def items_by_id(conn: Connection, event_ids: Iterable[str]) -> dict[str, EventItem]:
    """EventItems of the events with these ids that exist."""
    ids = list(dict.fromkeys(event_ids))
    if not ids:
        return {}
    rows = conn.execute(select(*EVENT_COLUMNS).where(t.Event.id.in_(ids))).mappings().all()
    return {item.id: item for item in event_items(conn, rows)}


def _reports(conn: Connection, event_ids: list[str]) -> dict[str, list[Mapping[str, Any]]]:
    if not event_ids:
        return {}
    query = (
        select(*_SOURCE_COLUMNS)
        .join(t.Article, t.Article.id == t.EventSource.article_id)
        .where(t.EventSource.event_id.in_(event_ids))
        .order_by(t.EventSource.id)
    )
    grouped: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for report in conn.execute(query).mappings():
        grouped[report["event_id"]].append(report)
    return grouped


def build_item(row: Mapping[str, Any], reports: Iterable[Mapping[str, Any]]) -> EventItem:
    """One EventItem from its ``events`` row and its reports (rows of ``event_sources`` joined to ``articles``)."""
    return EventItem.model_validate(item_dict(row, reports))


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def item_dict(row: Mapping[str, Any], reports: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """An EventItem as a plain dict: its fields in the schema's order, by alias, with the schema's types.

    ``pydantic_core.to_json`` of it is byte for byte ``EventItem.model_validate(it).model_dump_json()``
    (``tests/api/test_events_api.py`` checks), without building and validating the model: the event
    listing sends these, the stream and the exports validate them into EventItems.
    """
    sources, evidence = [], []
    for report in reports:
        article_id = report["article_id"]
        sources.append({
            "article_id": article_id, "url": report["url"], "title": report["title"],
            "source_domain": report["source_domain"], "published": report["published"],
            "syndicated": bool(report["syndicated"]),
        })  # fmt: skip
        evidence.extend(
            {"text": str(sentence["text"]), "start": int(sentence["start"]), "end": int(sentence["end"]),
             "in": sentence.get("in", "text"), "article_id": article_id}
            for sentence in report["evidence"] or ()
        )  # fmt: skip
    has_place = row["location_name"] is not None or row["lat"] is not None
    location = (
        {"name": row["location_name"], "lat": _float(row["lat"]), "lon": _float(row["lon"]),
         "geonameid": _int(row["geonameid"]), "country": row["country"], "precision": _int(row["precision"])}
        if has_place else None
    )  # fmt: skip
    return {
        "id": row["id"], "type": row["type"], "subtype": row["subtype"],
        "actor1": row["actor1"], "actor2": row["actor2"], "location": location,
        "date": {"start": row["date_start"], "end": row["date_end"]},
        "fatalities": {"min": _int(row["fatalities_min"]), "max": _int(row["fatalities_max"]),
                       "latest": _int(row["fatalities_latest"])},
        "injuries": {"min": _int(row["injuries_min"]), "max": _int(row["injuries_max"])},
        "flags": row["flags"] or [], "n_sources": int(row["n_sources"]), "n_independent": int(row["n_independent"]),
        "first_reported": row["first_reported"], "last_reported": row["last_reported"],
        "updated": as_utc(row["updated"]), "evidence": evidence, "sources": sources,
    }  # fmt: skip
