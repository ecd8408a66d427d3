"""Reads of ``event_changes``, the numbered log that database triggers write for every changed event.

The table is created by migration 0002 (``store/migrations``); it is declared here, for queries only.
Each change becomes one stream message: the event as it is now, or a removal when it is gone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import BigInteger, Column, Connection, DateTime, Integer, MetaData, String, Table, select

from eventwire.api.items import items_by_id

# Changes read per query (a reconnecting client's backlog is read in pages of this size).
PAGE = 500

event_changes = Table(
    "event_changes",
    MetaData(),
    Column("seq", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("event_id", String(64), nullable=False),
    Column("op", String(8), nullable=False),
    Column("changed", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class Message:
    """One stream message: ``kind`` "event" (``data`` is the EventItem JSON) or "removed" (``{"id"}``)."""

    seq: int
    kind: str
    data: str


# The newest change number, as the driver's own SQL (the same on both databases): asked with every event
# page and every kept page, it skips SQLAlchemy's statement building and compiled-cache lookup (~0.2 ms).
HEAD_SQL = "SELECT coalesce(max(seq), 0) FROM event_changes"


def head(conn: Connection) -> int:
    """The newest change number (0 for none)."""
    return int(conn.exec_driver_sql(HEAD_SQL).scalar_one())


def messages_after(
    conn: Connection, after: int, *, upto: int | None = None, limit: int = PAGE
) -> tuple[list[Message], int]:
    """Messages for the changes numbered after ``after`` (up to ``upto``), at most ``limit`` changes.

    Returns the messages and the number of the last change read (``after`` when there was none).
    An event changed several times in the page is sent once, at its last change, as it is now.
    """
    query = select(event_changes.c.seq, event_changes.c.event_id).where(event_changes.c.seq > after)
    if upto is not None:
        query = query.where(event_changes.c.seq <= upto)
    changes = conn.execute(query.order_by(event_changes.c.seq).limit(limit)).all()
    if not changes:
        return [], after
    last_change = {event_id: seq for seq, event_id in changes}
    items = items_by_id(conn, last_change)
    messages = []
    for event_id, seq in sorted(last_change.items(), key=lambda pair: pair[1]):
        item = items.get(event_id)
        if item is None:
            messages.append(Message(seq, "removed", json.dumps({"id": event_id})))
        else:
            messages.append(Message(seq, "event", item.model_dump_json()))
    return messages, changes[-1][0]
