"""The event listing's query, compiled once per filter shape and run as the driver's own SQL.

A page of ``/api/events`` is the query a dashboard asks most, each time with other values.  Building its
SQLAlchemy statement, finding its compiled form and processing every column of every row cost twice
SQLite's own work (on the 100,000-event benchmark database, ``benchmarks/api_load.py``'s URLs: ~1.1 ms
of Python against ~0.5 ms of SQL a page).  Here each (dialect, filter shape, order, cursor kind) is
built from the filters' own clauses (``filters.filter_clauses``, so it means what every other reading of
the filters means) and compiled once per process; a page binds its values and runs the SQL string on
the connection (``exec_driver_sql``: the same transaction and pool), and rows stay as the driver gives
them.  Those raw rows are what a rendered event is checked against (``cache.EventJsonCache``); only the
rows that must be rendered, and the last one (for the cursor), go through the columns' result processors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import Connection, Integer, Select, String, and_, bindparam, or_, select, tuple_
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.interfaces import Compiled

from eventwire.api.cursor import BadCursor, decode_cursor, encode_cursor
from eventwire.api.filters import EventFilters, Shape, filter_clauses, filter_values
from eventwire.api.items import EVENT_COLUMNS
from eventwire.store import tables as t

Sort = Literal["date", "updated"]
# Where a page starts: at the top, after an undated event, or after a dated one (each its own SQL).
After = Literal["top", "undated", "dated"]
ID = [column.key for column in EVENT_COLUMNS].index("id")
# Compiled listings a process keeps (shapes times orders times cursor kinds; a dashboard uses a few dozen).
MAX_SHAPES = 4096


@dataclass(frozen=True)
class CompiledListing:
    """One listing's SQL for one dialect, and how to bind a page's values to it."""

    sql: str
    compiled: Compiled
    positions: tuple[str, ...] | None  # parameter names in order, where the driver's parameters are positional
    bind_processors: dict[str, Callable[[Any], Any]]

    def parameters(self, values: dict[str, Any]) -> Sequence[Any] | dict[str, Any]:
        """The driver's parameters: ``values`` (and the statement's own constants), as the columns store them."""
        merged = self.compiled.construct_params(values)
        for name, process in self.bind_processors.items():
            merged[name] = process(merged[name])
        return merged if self.positions is None else tuple(merged[name] for name in self.positions)


def sort_columns(sort: Sort) -> tuple[Any, Any]:
    return (t.Event.date_start if sort == "date" else t.Event.updated), t.Event.id


def after(column: Any, id_column: Any, value: Any, last_id: Any) -> Any:
    """Rows after (value, last_id) in ``column DESC NULLS LAST, id DESC`` order (``value`` None: undated)."""
    if value is None:
        return and_(column.is_(None), id_column < last_id)
    return or_(tuple_(column, id_column) < tuple_(value, last_id), column.is_(None))


def parse_key(value: str | None, sort: Sort) -> date | datetime | None:
    """The sort value of a cursor, checked."""
    if value is None:
        if sort == "updated":
            raise BadCursor("cursor: damaged")
        return None
    try:
        return date.fromisoformat(value) if sort == "date" else datetime.fromisoformat(value)
    except ValueError:
        raise BadCursor("cursor: damaged") from None


def statement(dialect: str, shape: Shape, sort: Sort, start: After) -> Select[Any]:
    """The listing of this shape: every events column, newest first, undated last, then by id."""
    column, id_column = sort_columns(sort)
    query = select(*EVENT_COLUMNS).where(*filter_clauses(shape, dialect=dialect, ordered=sort == "date"))
    if start != "top":
        value = None if start == "undated" else bindparam("after_value", type_=column.type)
        query = query.where(after(column, id_column, value, bindparam("after_id", type_=String())))
    query = query.order_by(column.desc().nulls_last(), id_column.desc())
    return query.limit(bindparam("page_limit", type_=Integer()))


@lru_cache(maxsize=MAX_SHAPES)
def compiled_listing(dialect: Dialect, shape: Shape, sort: Sort, start: After) -> CompiledListing:
    compiled = statement(dialect.name, shape, sort, start).compile(dialect=dialect)
    processors = {}
    for name, bind in compiled.binds.items():
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processors[name] = process
    positions = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup is not None else None
    return CompiledListing(str(compiled), compiled, positions, processors)


@lru_cache(maxsize=64)
def _result_processors(dialect: Dialect, type_codes: tuple[Any, ...]) -> tuple[Callable[[Any], Any] | None, ...]:
    # The driver's type codes (its cursor description) pick some processors: PostgreSQL numerics, for one.
    return tuple(
        column.type.dialect_impl(dialect).result_processor(dialect, code)
        for column, code in zip(EVENT_COLUMNS, type_codes, strict=True)
    )


def _as_mapping(processors: tuple[Callable[[Any], Any] | None, ...], row: tuple[Any, ...]) -> dict[str, Any]:
    return {
        column.key: (process(value) if process is not None else value)
        for column, process, value in zip(EVENT_COLUMNS, processors, row, strict=True)
    }


@dataclass(frozen=True)
class ListingPage:
    """A page of raw ``events`` rows (``EVENT_COLUMNS``' order) and the cursor after it."""

    rows: list[tuple[Any, ...]]
    next_cursor: str | None
    processors: tuple[Callable[[Any], Any] | None, ...]

    def mapping(self, row: tuple[Any, ...]) -> dict[str, Any]:
        """One of its rows as the ``events`` columns' Python values, by column name."""
        return _as_mapping(self.processors, row)


def _start(cursor: str | None, sort: Sort) -> tuple[After, dict[str, Any]]:
    if not cursor:
        return "top", {}
    value, last_id = decode_cursor(cursor, f"events:{sort}", 2)
    if not isinstance(last_id, str) or not (value is None or isinstance(value, str)):
        raise BadCursor("cursor: damaged")
    key = parse_key(value, sort)
    if key is None:
        return "undated", {"after_id": last_id}
    return "dated", {"after_value": key, "after_id": last_id}


def _sort_key(row: dict[str, Any], sort: Sort) -> list[Any]:
    value = row["date_start"] if sort == "date" else row["updated"]
    return [value.isoformat() if isinstance(value, date | datetime) else value, row["id"]]


def listing_rows(
    conn: Connection, filters: EventFilters, limit: int, cursor: str | None = None, sort: Sort = "date"
) -> ListingPage:
    """A page of the events matching ``filters``, in ``sort`` order, after ``cursor``.

    Raises:
        BadCursor: ``cursor`` was not made by this listing in this order.
    """
    start, after_values = _start(cursor, sort)
    sql, parameters = _bound(conn, filters, sort, start, {**after_values, "page_limit": limit + 1})
    result = conn.exec_driver_sql(sql, parameters)
    processors = _result_processors(conn.dialect, tuple(column[1] for column in result.cursor.description))
    rows = [tuple(row) for row in result.all()]
    more, rows = len(rows) > limit, rows[:limit]
    next_cursor = None
    if more and rows:
        next_cursor = encode_cursor(f"events:{sort}", _sort_key(_as_mapping(processors, rows[-1]), sort))
    return ListingPage(rows, next_cursor, processors)


def _bound(
    conn: Connection, filters: EventFilters, sort: Sort, start: After, values: dict[str, Any]
) -> tuple[str, Sequence[Any] | dict[str, Any]]:
    """The listing's SQL for ``filters`` and the driver's parameters: the filters' values and ``values``."""
    shape, filter_binds = filter_values(filters, conn.dialect.name)
    listing = compiled_listing(conn.dialect, shape, sort, start)
    return listing.sql, listing.parameters({**filter_binds, **values})


def query_plan(conn: Connection, filters: EventFilters, sort: Sort = "date") -> str:
    """SQLite's plan for a first page of ``filters`` (which indexes it walks), one step a `` | ``."""
    sql, parameters = _bound(conn, filters, sort, "top", {"page_limit": 101})
    return " | ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters))
