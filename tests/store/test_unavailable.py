"""A database that is locked or down: ingest waits with backoff, then stops with a clear error, nothing half-written.

The lock is held by another connection, as another writer would: on SQLite an exclusive transaction
(``BEGIN EXCLUSIVE``), on PostgreSQL a table lock that lets readers in but no writer.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import psycopg
import pytest
from click.testing import Result
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store.engine import read_connection
from eventwire.store.queries import table_counts

runner = CliRunner()
# How long a holder keeps the lock when the ingest is expected to outwait it (seconds).
SHORT_HOLD_S = 3.0
# The longest a holder ever keeps its lock, whatever happens in the test.
MAX_HOLD_S = 60.0


class LockHolder(threading.Thread):
    """Holds the database's write lock from its own connection until ``release`` is set (or ``hold_s`` passed)."""

    def __init__(self, db_url: str, hold_s: float = MAX_HOLD_S) -> None:
        super().__init__(daemon=True)
        self.url = make_url(db_url)
        self.hold_s = hold_s
        self.locked = threading.Event()
        self.release = threading.Event()
        self.released_at: float | None = None

    def run(self) -> None:
        if self.url.get_backend_name() == "sqlite":
            conn = sqlite3.connect(self.url.database, isolation_level=None)
            conn.execute("BEGIN EXCLUSIVE")
        else:
            conn = psycopg.connect(
                host=self.url.host, port=self.url.port, user=self.url.username, dbname=self.url.database
            )
            conn.execute("LOCK TABLE articles IN EXCLUSIVE MODE")  # readers may read, writers wait
        self.locked.set()
        self.release.wait(self.hold_s)
        conn.rollback() if isinstance(conn, psycopg.Connection) else conn.execute("ROLLBACK")
        self.released_at = time.monotonic()
        conn.close()

    def __enter__(self) -> LockHolder:
        self.start()
        assert self.locked.wait(10), "could not take the lock"
        return self

    def __exit__(self, *_: object) -> None:
        self.release.set()
        self.join(10)


def _ingest(path: Path, db_url: str, wait_s: float) -> Result:
    return runner.invoke(app, ["ingest", str(path), "--db", db_url, "--wait", str(wait_s), "--workers", "1"])


def _counts(engine: Engine) -> dict[str, int]:
    with read_connection(engine) as conn:
        return table_counts(conn=conn)


@pytest.mark.usefixtures("warm_pipeline")
def test_ingest_waits_for_a_lock_held_a_while_then_stores_everything(engine: Engine, db_url: str, wire_jsonl: Path):
    with LockHolder(db_url, hold_s=SHORT_HOLD_S) as holder:
        result = _ingest(wire_jsonl, db_url, wait_s=30)
        finished = time.monotonic()
    assert result.exit_code == 0, result.output
    assert holder.released_at is not None and finished >= holder.released_at  # it could only write once released
    assert _counts(engine)["articles"] == 1


@pytest.mark.usefixtures("warm_pipeline")
def test_a_lock_held_too_long_gives_a_clear_error_and_writes_nothing(engine: Engine, db_url: str, wire_jsonl: Path):
    with LockHolder(db_url):
        result = _ingest(wire_jsonl, db_url, wait_s=1)
    assert result.exit_code == 2
    assert "[E501]" in result.output and "locked" in result.output
    counts = _counts(engine)
    assert counts["articles"] == counts["entities"] == counts["stories"] == counts["ingest_errors"] == 0


def test_a_database_that_is_down_gives_a_clear_error(wire_jsonl: Path) -> None:
    result = _ingest(wire_jsonl, "postgresql+psycopg://postgres@127.0.0.1:1/test", wait_s=1)
    assert result.exit_code == 2
    assert "[E501]" in result.output and "127.0.0.1:1" in result.output
    assert "refused" in result.output.lower() or "connect" in result.output.lower()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_database_that_cannot_be_opened_is_a_clear_error_not_a_wait(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'no' / 'such' / 'folder.db'}"
    else:
        request.getfixturevalue("pg_admin")  # PostgreSQL itself must be up: only the database is missing
        url = "postgresql+psycopg://postgres@127.0.0.1:5432/ew_no_such_database"
    result = runner.invoke(app, ["db", "upgrade", "--db", url, "--wait", "30"])
    assert result.exit_code == 2
    assert "[E500] cannot open database" in result.output and "[E501]" not in result.output
