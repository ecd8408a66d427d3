"""Cross-source event merge against the database: find candidates with SQL, let ``eventwire.stories`` decide.

The store narrows candidates (same type, start dates within a window, recently reported, no report
from the same article yet); :func:`eventwire.stories.matches` decides, the first match absorbs the
report, otherwise the report starts a new merged event.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, select, update

from eventwire.store import tables as t
from eventwire.store.rows import dataclass_from_row, dataclass_row
from eventwire.store.sql import utcnow
from eventwire.stories import EventRecord, MergedEvent, absorb, matches, start_event

# Start dates further apart than this are never one event (the stories contract's window).
DATE_WINDOW = timedelta(days=7)
# Undated reports are compared with merged events reported this close to them.
UNDATED_WINDOW = timedelta(days=30)
# The most candidates one report is compared with (most recently reported first).
MAX_CANDIDATES = 50


def merge_record(conn: Connection, record: EventRecord) -> tuple[str, bool]:
    """Store ``record`` into a merged event; returns ``(event id, True if the event is new)``."""
    for row in conn.execute(_candidates(record)).mappings().all():
        merged = dataclass_from_row(MergedEvent, row)
        if matches(merged, record):
            _save(conn, absorb(merged, record), new=False)
            return row["id"], False
    merged = start_event(record)
    _save(conn, merged, new=True)
    return merged.id, True


def _candidates(record: EventRecord) -> Any:
    events = t.Event
    already_supported = exists().where(
        t.EventSource.event_id == events.id, t.EventSource.article_id == record.article_id
    )
    query = select(events).where(events.type == record.type, ~already_supported)
    if record.date_start is not None:
        query = query.where(events.date_start.between(record.date_start - DATE_WINDOW, record.date_start + DATE_WINDOW))
    else:
        query = query.where(events.date_start.is_(None))
        if record.published is not None:
            query = query.where(
                and_(
                    events.last_reported >= record.published - UNDATED_WINDOW,
                    events.first_reported <= record.published + UNDATED_WINDOW,
                )
            )
    return query.order_by(events.last_reported.desc().nulls_last(), events.id).limit(MAX_CANDIDATES)


def _save(conn: Connection, merged: MergedEvent, *, new: bool) -> None:
    row = dataclass_row(merged) | {"updated": utcnow()}
    if new:
        conn.execute(t.Event.__table__.insert(), row)
    else:
        conn.execute(update(t.Event).where(t.Event.id == merged.id).values(row))


def rebuild_events(conn: Connection, event_ids: set[str]) -> None:
    """Recompute merged events from the reports left after an article's reports were removed
    (a new version of the article replaces them); an event with no report left is deleted."""
    for event_id in sorted(event_ids):
        rows = conn.execute(
            select(t.EventSource).where(t.EventSource.event_id == event_id).order_by(t.EventSource.id)
        ).mappings()
        records = [dataclass_from_row(EventRecord, row) for row in rows]
        if not records:
            conn.execute(delete(t.Event).where(t.Event.id == event_id))
            continue
        merged = start_event(records[0])
        merged.id = event_id
        for record in records[1:]:
            merged = absorb(merged, record)
        _save(conn, merged, new=False)
