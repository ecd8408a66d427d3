"""Statements that differ between SQLite and PostgreSQL, behind one call each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def utcnow() -> datetime:
    return datetime.now(UTC)


def _insert(conn: Connection, table: Table) -> Any:
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


def insert_ignore(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows; one whose key is there already is left as it is (``ON CONFLICT DO NOTHING``)."""
    if rows:
        conn.execute(_insert(conn, table).on_conflict_do_nothing(), list(rows))


def upsert(
    conn: Connection,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    key: Iterable[str],
    keep: Iterable[str] = (),
    also: Mapping[str, Any] | None = None,
) -> None:
    """Insert rows, or update the row with the same ``key``: every given column except ``key`` and ``keep``,
    plus the expressions in ``also`` (e.g. ``{"times": table.c.times + 1}``)."""
    if not rows:
        return
    key, keep = list(key), set(keep)
    statement = _insert(conn, table)
    updates = {name: statement.excluded[name] for name in rows[0] if name not in key and name not in keep}
    updates |= dict(also or {})
    conn.execute(statement.on_conflict_do_update(index_elements=key, set_=updates), list(rows))
