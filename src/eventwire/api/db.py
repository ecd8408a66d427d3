"""The engine the API and the exports read through: the store's engine, plus what their filters need.

SQLite's ``lower()`` folds ASCII only; the filters call ``ew_casefold`` there instead (Python's
``str.casefold``, so "Харків" matches "харків"), registered on every new SQLite connection.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pydantic_core
from psycopg.types.json import set_json_loads
from sqlalchemy import Engine, event

from eventwire.api.filters import SQLITE_CASEFOLD
from eventwire.store.engine import make_engine

# Reads wait this long for a database that is locked or down before the API answers 503 (seconds).
READ_WAIT_S = 5.0
# SQLite connections a server process keeps open for reads (each with its own page cache, up to 2 MB): a
# fresh connection's first query parses the schema and reads through an empty cache (~0.8 ms a page more).
SQLITE_CONNECTIONS = 32
# Bytes of the database file SQLite reads through a memory map instead of its per-connection page cache:
# pages then come from the operating system's cache, shared by every connection and server process, so a
# connection never rereads what another one read.  On the 100,000-event benchmark database a page's query
# took 0.51 ms instead of 0.71 (``benchmarks/api_load.py``'s URLs, one connection).  Address space only.
SQLITE_MMAP_BYTES = 1 << 30


def reading_engine(db_url: str | None, *, wait_s: float = READ_WAIT_S) -> Engine:
    """An engine for reads from ``db_url`` (``--db`` > ``$EVENTWIRE_DB`` > ``sqlite:///eventwire.db``)."""
    engine = make_engine(db_url, wait_s=wait_s, sqlite_connections=SQLITE_CONNECTIONS, pg_autocommit=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine.pool, "connect", _register_functions)
    else:
        event.listen(engine.pool, "connect", _fast_json)
    return engine


def _fast_json(dbapi_connection: Any, _record: Any) -> None:
    """PostgreSQL's jsonb columns (flags, evidence) parsed by pydantic's parser, not ``json.loads``: the same
    values, in a fifth of the time (~1 us a value, not ~5.7 us; an event page reads up to 101 flag lists,
    and its reports' evidence): 0.2 ms of a page's 1.5 ms query."""
    set_json_loads(pydantic_core.from_json, dbapi_connection)


def _casefold(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


def _register_functions(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.create_function(SQLITE_CASEFOLD, 1, _casefold, deterministic=True)
    dbapi_connection.execute(f"PRAGMA mmap_size = {SQLITE_MMAP_BYTES}")
