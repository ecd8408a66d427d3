"""indexes that serve the event listing's filters in its order (newest first, then id), with the columns
the common filters test

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 12:30:00

``GET /api/events`` reads the first ``limit + 1`` matching events in ``date_start DESC NULLS LAST, id
DESC`` order.  Each index below starts with an equality filter (or none), continues with that order, and
carries the columns of the cheap filters (box, country, type, subtype, minimum sources), so that:

- the database walks the index in the listing's order and stops after ``limit + 1`` matches, with no
  sort (0002's ``(country, date_start)`` left the tie on ``id`` to a sort, and on PostgreSQL its backward
  walk puts undated events first, so every country query sorted all of its events);
- on SQLite, a filter that matches few rows (a box far from a country) is tested on the index entry
  before the row is read: a walk through all 100,000 entries costs milliseconds, not a hundred of them.

PostgreSQL also gets statistics on the lower-cased actor and place columns (``lower(actor1)``...,
what the ``actor`` and ``q`` filters compare; PostgreSQL 14 and later): without them it takes
``lower(actor1) LIKE '%russian%'`` for a rare match and reads and sorts every event in the date range
(80 ms at 100,000 events) where walking the date index finds the first hundred in under a millisecond.

The listing stops SQLite from walking ``ix_events_lat_lon`` for a box (it cannot tell a box holding half
of the events from one holding none, and sorting half of the events is its slowest plan); the index stays
for the aggregates, which read every matching event anyway.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# name: (leading equality column or None, filter columns carried after date_start and id on SQLite)
_INDEXES = {
    "ix_events_listing_date": (None, ("lat", "lon", "country", "type", "subtype", "n_sources")),
    "ix_events_listing_country": ("country", ("lat", "lon", "type", "subtype", "n_sources")),
    "ix_events_listing_type": ("type", ("lat", "lon", "country", "subtype", "n_sources")),
    "ix_events_listing_subtype": ("subtype", ("lat", "lon", "country", "type", "n_sources")),
}
# 0002's indexes that these replace: (name, columns) as 0002 made them (PostgreSQL: the first as raw SQL).
_REPLACED = (
    ("ix_events_date_start_id", ("date_start", "id")),
    ("ix_events_country_date_start", ("country", "date_start")),
    ("ix_events_subtype_date_start", ("subtype", "date_start")),
)
# Extended statistics (PostgreSQL): name -> expression the filters compare (``filters.fold``).
_PG_STATISTICS = {
    "st_events_actor1_lower": "lower(actor1)",
    "st_events_actor2_lower": "lower(actor2)",
    "st_events_location_name_lower": "lower(location_name)",
}
# Statistics on an expression need PostgreSQL 14 (server_version_num).
_PG_EXPRESSION_STATISTICS = 140000


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, _columns in _REPLACED:
        op.drop_index(name, table_name="events")
    for name, (first, carried) in _INDEXES.items():
        lead = [first] if first else []
        if postgres:
            # The listing's own order (DESC NULLS LAST) is the index's: no sort, undated events last.  Its
            # index scans test filters on the row, not the entry: carried columns would only take room.
            keys = ", ".join([*lead, "date_start DESC NULLS LAST", "id DESC"])
            op.execute(f"CREATE INDEX {name} ON events ({keys})")
        else:
            op.create_index(name, "events", [*lead, "date_start", "id", *carried])
    if postgres and _pg_version() >= _PG_EXPRESSION_STATISTICS:
        for name, expression in _PG_STATISTICS.items():
            op.execute(f"CREATE STATISTICS {name} ON ({expression}) FROM events")
    # The planners' figures for the new indexes and statistics now (SQLite keeps none until ANALYZE runs).
    op.execute("ANALYZE events")


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        for name in _PG_STATISTICS:
            op.execute(f"DROP STATISTICS IF EXISTS {name}")
    for name in _INDEXES:
        op.drop_index(name, table_name="events")
    for name, columns in _REPLACED:
        if postgres and name == "ix_events_date_start_id":
            op.execute("CREATE INDEX ix_events_date_start_id ON events (date_start DESC NULLS LAST, id DESC)")
        else:
            op.create_index(name, "events", list(columns))


def _pg_version() -> int:
    return int(op.get_bind().exec_driver_sql("SHOW server_version_num").scalar_one())
