"""A kept event page straight from the ASGI layer: ``GET /api/events`` asked again with the same query string.

FastAPI's parameter parsing, dependencies and thread hops cost more than the rest of such a request, so
this middleware answers it first: if the exact query string was answered before (the route keeps its
page under that string too, :meth:`VersionedCache.alias`, only after the parameters passed every check)
and the data version read now is the one the page was made at, the kept bytes go out as they are.
Everything else (a first request, a change of the data, any other path or method, a database that does
not answer) goes on to the application unchanged, so its answers, errors included, stay its own.

The version is read with every request, on the event loop itself (a thread hop per request costs more
than the read, and under load the interpreter lock's hand-overs between the loop and the threads cost
the most; see :class:`VersionReader`).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.request import pathname2url

import psycopg
from sqlalchemy import Engine
from starlette.requests import Request

from eventwire.api.cache import VersionedCache
from eventwire.api.changes import HEAD_SQL, head
from eventwire.store.engine import PG_CONNECT_TIMEOUT_S, make_engine

PATH = "/api/events"
_HEADERS = [(b"content-type", b"application/json")]


# Makes the page of a request not answered yet (``routes.events.first_page``); None: the application's to answer.
FirstPage = Callable[[Any, bytes], Awaitable[bytes | None]]


def url_key(query_string: bytes) -> tuple[str, bytes]:
    """The second key of an event page: its exact query string."""
    return ("events-url", query_string)


class VersionReader:
    """Reads the data version (``changes.head``) on the event loop, with connections of its own.

    SQLite: a plain ``sqlite3`` connection, for reads only, that only the loop uses, in autocommit (a local file in
    WAL mode: a read does not wait for writers, and each read sees every commit made before it), so a read
    never waits for a pooled connection a route holds, whose release needs the loop; ~4 us a read against
    ~55 us through an engine's checkout, begin and rollback, for every kept page sent.  An in-memory
    database (no file to open twice) is read through an engine of its own.
    PostgreSQL: one asynchronous autocommit connection per event loop (a server that is slow or down does
    not stop the loop), made again after a failure; the reads asked while one is on the wire share the
    next one (:meth:`_read_pg`).
    A read that fails gives None: the request is then the application's (a 503 when the database is down).
    """

    def __init__(self, engine: Engine) -> None:
        self.sqlite = engine.dialect.name == "sqlite"
        database = engine.url.database if self.sqlite else None
        self._file = database if database and database != ":memory:" and not database.startswith("file:") else None
        self._sqlite: sqlite3.Connection | None = None
        self._engine = make_engine(engine.url) if self.sqlite and self._file is None else None
        self._conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._conn: psycopg.AsyncConnection | None = None
        self._lock: asyncio.Lock | None = None
        self._batch: asyncio.Future[int] | None = None  # the next query's result, for the calls waiting on it
        self._loop: asyncio.AbstractEventLoop | None = None

    async def read(self) -> int | None:
        if self._file is not None:
            return self._read_sqlite_file(self._file)
        if self._engine is not None:
            try:
                with self._engine.connect() as conn:  # returned at once: the next read sees newer data
                    return head(conn)
            except Exception:
                return None
        try:
            return await asyncio.wait_for(self._read_pg(), PG_CONNECT_TIMEOUT_S)
        except Exception:
            self._forget()
            return None

    def _read_sqlite_file(self, path: str) -> int | None:
        try:
            if self._sqlite is None:
                # mode=rw: a missing file is an error, not a new empty database.  Not read-only: a read-only
                # connection cannot make the WAL index a fresh file needs.
                uri = f"file:{pathname2url(path)}?mode=rw"
                self._sqlite = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            row = self._sqlite.execute(HEAD_SQL).fetchone()
            return int(row[0]) if row else 0
        except sqlite3.Error:
            self._forget_sqlite()
            return None

    def _forget_sqlite(self) -> None:
        conn, self._sqlite = self._sqlite, None
        if conn is not None:
            conn.close()

    async def _read_pg(self) -> int:
        """The version, from a query that began after this call did: shared by every call made meanwhile.

        One query at a time goes over the connection; the calls that arrive while one is on the wire wait
        for the next and share it (it begins after all of them arrived, so each sees every commit made
        before it asked).  Under load one round trip then serves tens of requests, not one.
        """
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a connection, a lock and a batch belong to one loop (tests run several)
            self._forget()
            self._loop, self._lock, self._batch = loop, asyncio.Lock(), None
        assert self._lock is not None
        batch = self._batch
        if batch is None:
            batch = self._batch = loop.create_future()
            try:
                async with self._lock:  # the query on the wire, if any, ends first
                    if self._batch is batch:
                        self._batch = None  # calls from now on wait for the next query
                    batch.set_result(await self._query_pg())
            except BaseException as exc:
                if self._batch is batch:
                    self._batch = None
                if not batch.done():
                    batch.set_exception(exc if isinstance(exc, Exception) else ConnectionError("read cancelled"))
                    batch.exception()  # its waiters raise it; nobody else need look
                raise
        return await asyncio.shield(batch)  # a waiter that gives up does not cancel the others' read

    async def _query_pg(self) -> int:
        if self._conn is None or self._conn.closed:
            self._conn = await psycopg.AsyncConnection.connect(
                self._conninfo, autocommit=True, connect_timeout=PG_CONNECT_TIMEOUT_S
            )
        cursor = await self._conn.execute(HEAD_SQL)
        row = await cursor.fetchone()
        return int(row[0]) if row else 0

    def _forget(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            conn.pgconn.finish()  # no await: the connection may belong to a loop that is gone

    def close(self) -> None:
        """Close its connections (at the application's shutdown)."""
        self._forget()
        self._forget_sqlite()
        if self._engine is not None:
            self._engine.dispose()


class KeptEventPages:
    """ASGI middleware answering repeated ``GET /api/events`` requests from ``cache`` (see the module)."""

    def __init__(
        self, app: Any, *, versions: VersionReader, cache: VersionedCache, first_page: FirstPage | None = None
    ) -> None:
        self.app, self.versions, self.cache, self.first_page = app, versions, cache, first_page

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"] == PATH
            and not scope.get("root_path")
            # The app refuses a Last-Event-ID holding NUL on every path: such requests are its to answer.
            and not any(name == b"last-event-id" for name, _ in scope["headers"])
        ):
            if self.cache.has(url_key(scope["query_string"])):  # else never answered: nothing to read
                version = await self.versions.read()
                body = self.cache.peek(url_key(scope["query_string"]), version) if version is not None else None
                if isinstance(body, bytes):
                    return await _send_page(send, body)
            if self.first_page is not None and await self._answer_first(scope, receive, send):
                return
        await self.app(scope, receive, send)

    async def _answer_first(self, scope: dict[str, Any], receive: Any, send: Any) -> bool:
        """Make and send a page not kept (``first_page``); False when it is the application's to answer."""
        app = scope["app"]  # the FastAPI application, set by it before its middleware runs
        try:
            body = await self.first_page(app, scope["query_string"])  # type: ignore[misc]
        except Exception as exc:  # answered as the application answers it (a 503 for a database that is down)
            handler = next((app.exception_handlers[k] for k in type(exc).__mro__ if k in app.exception_handlers), None)
            if handler is None:
                raise
            response = await handler(Request(scope, receive), exc)
            await response(scope, receive, send)
            return True
        if body is None:
            return False
        await _send_page(send, body)
        return True


async def _send_page(send: Any, body: bytes) -> None:
    headers = [(b"content-length", str(len(body)).encode()), *_HEADERS]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
