"""event_changes: a numbered log of inserted, updated and deleted events (for the live stream); indexes
for the API's filtered, paged event queries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 10:00:00

Database triggers fill ``event_changes``, so every writer (ingest, the feed watcher, another process,
another machine) is seen by ``GET /api/stream`` without knowing about it.  ``seq`` must grow in commit
order, or a reader that has seen seq 7 could miss a seq 6 committed later:

- SQLite has one writer at a time, so it does already (AUTOINCREMENT: numbers are never reused);
- PostgreSQL takes a transaction-level advisory lock before a statement changes ``events`` (a statement
  trigger), so transactions that change events number their changes one after another.  The lock is
  held to commit; other writes (articles, stories) are not held up by it.

SQLite drops a table's triggers with the table: a later migration that rebuilds ``events`` in batch
mode must create ``_SQLITE_TRIGGERS`` again (``tests/api/test_stream.py`` checks the log is written).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# pg_advisory_xact_lock key: "ewchange" as a 64-bit number (any constant works; this one names its use).
_PG_LOCK_KEY = int.from_bytes(b"ewchange", "big") & 0x7FFFFFFFFFFFFFFF

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER events_log_insert AFTER INSERT ON events
       BEGIN INSERT INTO event_changes (event_id, op) VALUES (NEW.id, 'insert'); END""",
    """CREATE TRIGGER events_log_update AFTER UPDATE ON events
       BEGIN INSERT INTO event_changes (event_id, op) VALUES (NEW.id, 'update'); END""",
    """CREATE TRIGGER events_log_delete AFTER DELETE ON events
       BEGIN INSERT INTO event_changes (event_id, op) VALUES (OLD.id, 'delete'); END""",
)

_PG_FUNCTIONS = (
    f"""CREATE FUNCTION eventwire_events_lock() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_advisory_xact_lock({_PG_LOCK_KEY}); RETURN NULL; END $$""",
    """CREATE FUNCTION eventwire_events_log() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            INSERT INTO event_changes (event_id, op) VALUES (OLD.id, 'delete');
          ELSE
            INSERT INTO event_changes (event_id, op) VALUES (NEW.id, lower(TG_OP));
          END IF;
          RETURN NULL;
        END $$""",
)
_PG_TRIGGERS = (
    """CREATE TRIGGER events_lock BEFORE INSERT OR UPDATE OR DELETE ON events
       FOR EACH STATEMENT EXECUTE FUNCTION eventwire_events_lock()""",
    """CREATE TRIGGER events_log AFTER INSERT OR UPDATE OR DELETE ON events
       FOR EACH ROW EXECUTE FUNCTION eventwire_events_log()""",
)


def upgrade() -> None:
    op.create_table(
        "event_changes",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), sa.Identity(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("op", sa.String(length=8), nullable=False),
        sa.Column("changed", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_event_changes")),
        sqlite_autoincrement=True,
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in (*_PG_FUNCTIONS, *_PG_TRIGGERS) if postgres else _SQLITE_TRIGGERS:
        op.execute(statement)

    # The event listing's orders (newest first, undated last; last changed first) and common filters.
    if postgres:
        op.execute("CREATE INDEX ix_events_date_start_id ON events (date_start DESC NULLS LAST, id DESC)")
    else:
        op.create_index("ix_events_date_start_id", "events", ["date_start", "id"])
    op.create_index("ix_events_updated_id", "events", ["updated", "id"])
    op.create_index("ix_events_country_date_start", "events", ["country", "date_start"])
    op.create_index("ix_events_subtype_date_start", "events", ["subtype", "date_start"])
    op.create_index("ix_events_lat_lon", "events", ["lat", "lon"])


def downgrade() -> None:
    for name in (
        "ix_events_lat_lon", "ix_events_subtype_date_start", "ix_events_country_date_start", "ix_events_updated_id",
        "ix_events_date_start_id",
    ):  # fmt: skip
        op.drop_index(name, table_name="events")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER events_log ON events")
        op.execute("DROP TRIGGER events_lock ON events")
        op.execute("DROP FUNCTION eventwire_events_log()")
        op.execute("DROP FUNCTION eventwire_events_lock()")
    else:
        for name in ("events_log_insert", "events_log_update", "events_log_delete"):
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("event_changes")
