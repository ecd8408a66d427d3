"""PostgreSQL: the listing indexes carry the cheap filters' columns as keys, tested on the index entry

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 12:00:00

0003 gave PostgreSQL's listing indexes only their order (``date_start DESC NULLS LAST, id DESC`` after an
optional equality column): every other filter was tested on the row, so a box or a country that matched
few of the events walked through thousands of rows read from the table (30 ms for "Ukraine's events in a
box over the Sahel" at 100,000 events).  Columns after the order, as keys (not ``INCLUDE``: PostgreSQL
tests only key columns in an index scan), let it test the box, country, type, subtype and minimum sources
on the index entry and read only the rows that pass; the order is the same (``id`` is unique).  At
100,000 events (``benchmarks/api_load.py``'s URLs) a page's query took 0.38 ms on the server, not 0.82.
SQLite's indexes had these columns already (0003): nothing changes there.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ORDER = ("date_start DESC NULLS LAST", "id DESC")
FILTERED = ("lat", "lon", "country", "type", "subtype", "n_sources")
# name: leading equality column or None (0003's names: the listing and its tests know them).
_INDEXES = {
    "ix_events_listing_date": None,
    "ix_events_listing_country": "country",
    "ix_events_listing_type": "type",
    "ix_events_listing_subtype": "subtype",
}


def upgrade() -> None:
    _recreate(carried=True)


def downgrade() -> None:
    _recreate(carried=False)


def _recreate(*, carried: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, first in _INDEXES.items():
        lead = [first] if first else []
        keys = [*lead, *ORDER, *([column for column in FILTERED if column != first] if carried else [])]
        op.drop_index(name, table_name="events")
        op.execute(f"CREATE INDEX {name} ON events ({', '.join(keys)})")
    op.execute("ANALYZE events")
