"""Engines that behave the same on SQLite and PostgreSQL, and a write door that waits out locks.

SQLite gets WAL (readers never block the writer), a busy timeout and foreign keys on every
connection; its transactions are begun by us so a writer can take the write lock up front
(``BEGIN IMMEDIATE``): once a write transaction has started, no "database is locked" can hit it
half-way.  Locked or unreachable databases are retried with backoff, then a clear
:class:`StoreUnavailable` is raised and nothing was written.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from typing import Any

import psycopg
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from eventwire.errors import StoreError, StoreUnavailable
from eventwire.store.url import describe, resolve_db_url

# How long a write waits for a locked or unreachable database before giving up (seconds).
DEFAULT_WAIT_S = 60.0
# SQLite's own busy handler waits this long before our loop backs off and tries again.
SQLITE_BUSY_TIMEOUT_MS = 1000
# Backoff between attempts: first sleep, growth factor, longest sleep (seconds).
BACKOFF_FIRST_S, BACKOFF_FACTOR, BACKOFF_MAX_S = 0.1, 2.0, 5.0
PG_CONNECT_TIMEOUT_S = 5
# Engine execution option holding how long to wait for the database (seconds).
_WAIT_OPTION = "eventwire_wait_s"
# Execution option that makes a SQLite transaction take the write lock at BEGIN.
_WRITE_OPTION = "eventwire_write"
# Messages of errors that go away if one waits: a lock held by another writer, a server not (yet) up.
_TRANSIENT = (
    "database is locked",
    "database table is locked",
    "connection refused",
    "could not connect",
    "connection failed",
    "the database system is starting up",
    "the database system is shutting down",
    "server closed the connection unexpectedly",
    "terminating connection",
    "timeout expired",
    "lock timeout",
)
# ...unless the message says waiting will not help (a wrong database name, user or password).
_PERMANENT = ("does not exist", "authentication failed", "password", "no pg_hba.conf entry")


def make_engine(
    url: URL | str | None = None,
    *,
    wait_s: float = DEFAULT_WAIT_S,
    sqlite_connections: int | None = None,
    pg_autocommit: bool = False,
) -> Engine:
    """An engine for ``url`` (resolved by :func:`resolve_db_url`), set up for the store.

    ``wait_s`` is kept on the engine: :func:`write_transaction` and :func:`read_connection` wait that
    long for a locked or unreachable database. ``sqlite_connections``: SQLite connections kept open
    (the last used handed out first) instead of SQLAlchemy's 5 kept and 10 more opened and closed
    per use; a reader serving many requests at once then never pays for a fresh connection.
    ``pg_autocommit``: PostgreSQL connections run each statement on its own (for readers: no BEGIN and
    ROLLBACK round trips around a request's queries, which read committed data statement by statement
    all the same); a transaction asked for explicitly still gets its own isolation level.
    """
    resolved = url if isinstance(url, URL) else resolve_db_url(url)
    if resolved.get_backend_name() == "sqlite":
        pool = {"pool_size": sqlite_connections, "max_overflow": 0, "pool_use_lifo": True} if sqlite_connections else {}
        engine = create_engine(resolved, **pool)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        # lock_timeout: a statement waiting for another writer's lock gives up after the same wait.
        # plan_cache_mode (PostgreSQL 12+): every statement planned for its own values.  psycopg prepares a
        # statement run five times, and PostgreSQL then plans it once for any values: a generic plan for
        # the listing's box filter sorted every event in the box (85 ms at 100,000 events, against 1.2 ms
        # planned for the box given), and one box holds half of the events where another holds none.
        options = f"-c lock_timeout={max(1, int(wait_s * 1000))} -c plan_cache_mode=force_custom_plan"
        connect_args = {"connect_timeout": PG_CONNECT_TIMEOUT_S, "options": options}
        isolation = {"isolation_level": "AUTOCOMMIT"} if pg_autocommit else {}
        engine = create_engine(resolved, connect_args=connect_args, pool_pre_ping=True, **isolation)
    return engine.execution_options(**{_WAIT_OPTION: wait_s})


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # We emit BEGIN ourselves (see _sqlite_begin); the driver's own transaction control is switched off.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "memory":
        cursor.execute("PRAGMA journal_mode = WAL")
        # WAL + NORMAL survives a killed process (only power loss may drop the last commits).
        cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def is_transient(exc: BaseException) -> bool:
    """True for errors that waiting can cure: a locked SQLite file, a PostgreSQL server that is down."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(original, sqlite3.OperationalError | psycopg.OperationalError):
        return False
    message = str(original).lower()
    return any(part in message for part in _TRANSIENT) and not any(part in message for part in _PERMANENT)


def _wait_s(engine: Engine) -> float:
    return float(engine.get_execution_options().get(_WAIT_OPTION, DEFAULT_WAIT_S))


def _retrying(engine: Engine, open_: Any) -> Any:
    """Call ``open_()`` until it stops failing transiently or the engine's wait is used up."""
    deadline = time.monotonic() + _wait_s(engine)
    sleep = BACKOFF_FIRST_S
    while True:
        try:
            return open_()
        except Exception as exc:
            if isinstance(exc, DBAPIError) and not is_transient(exc):
                raise StoreError(f"cannot open database {describe(engine.url)}: {_reason(exc)}") from exc
            if not is_transient(exc):
                raise
            if time.monotonic() + sleep > deadline:
                raise unavailable(engine, exc, "nothing was written") from exc
            time.sleep(sleep)
            sleep = min(sleep * BACKOFF_FACTOR, BACKOFF_MAX_S)


def unavailable(engine: Engine, exc: BaseException, consequence: str) -> StoreUnavailable:
    """The clear error for a database that stayed locked or down: which one, how long we waited, why."""
    return StoreUnavailable(
        f"database {describe(engine.url)} stayed locked or unreachable (waited up to {_wait_s(engine):g} s): "
        f"{_reason(exc)}; {consequence}"
    )


def _reason(exc: BaseException) -> str:
    """The driver's message, on one line."""
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    return " ".join(str(original).split()) or type(original).__name__


@contextlib.contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back if it raises.

    The connection and the write lock are taken before the block runs (retried with backoff);
    so a lock or an outage raises :class:`StoreUnavailable` before anything was done.
    """

    def open_() -> tuple[Connection, Any]:
        conn = engine.connect().execution_options(**{_WRITE_OPTION: True})
        try:
            return conn, conn.begin()
        except BaseException:
            conn.close()
            raise

    conn, transaction = _retrying(engine, open_)
    with conn, transaction:
        yield conn


@contextlib.contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for reads, opened with the same patience as writes."""
    conn = _retrying(engine, engine.connect)
    with conn:
        yield conn
