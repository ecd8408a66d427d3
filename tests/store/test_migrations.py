"""The schema comes from Alembic migrations only, and they build exactly the tables the code declares."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from eventwire.errors import StoreSchemaError
from eventwire.store.engine import make_engine, read_connection, write_transaction
from eventwire.store.migrate import current_revision, ensure_schema, head_revision, upgrade
from eventwire.store.tables import Base

TABLES = {
    "sources", "articles", "article_versions", "raw_documents", "entities", "places", "quotes", "events",
    "event_sources", "stories", "ingest_errors",
}  # fmt: skip


def test_upgrade_builds_every_table_and_matches_the_declared_schema(db_url: str) -> None:
    engine = make_engine(db_url, wait_s=5)
    assert current_revision(engine) is None
    assert upgrade(engine) == head_revision()
    with read_connection(engine) as conn:
        assert set(inspect(conn).get_table_names()) >= TABLES
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _declared})
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], "tables.py and the migrations disagree: write a migration"
    assert ensure_schema(engine) == head_revision()  # at head already: nothing to do
    engine.dispose()


def _declared(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Compare what tables.py declares; objects that only migrations make (a trigger-fed change log,
    indexes for the API's queries) are theirs to keep."""
    return not (reflected and compare_to is None)


def test_a_database_from_a_newer_eventwire_is_refused(engine: Engine) -> None:
    with write_transaction(engine) as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    with pytest.raises(StoreSchemaError, match="f00d"):
        upgrade(engine)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with read_connection(engine) as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
