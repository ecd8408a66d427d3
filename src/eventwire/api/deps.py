"""Dependencies of the routes: a read connection, the settings, the change feed (all kept on ``app.state``).

Those that cannot block are ``async``: FastAPI runs a plain ``def`` dependency in a worker thread, a hop
that costs more than what they do.  The connection's checkout may wait, so it stays in a thread.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from sqlalchemy import Connection

from eventwire.api.cache import VersionedCache
from eventwire.api.errors import ApiError
from eventwire.api.filters import EventFilters
from eventwire.api.settings import ApiSettings
from eventwire.api.sse import ChangeFeed
from eventwire.errors import StoreSchemaError
from eventwire.store.engine import read_connection


@contextmanager
def reading(app: FastAPI) -> Iterator[Connection]:
    """A read connection of the app's engine, the schema checked on the first one (see ``_check_schema``)."""
    with read_connection(app.state.engine) as conn:
        if not app.state.schema_checked:
            _check_schema(conn)
            app.state.schema_checked = True
        yield conn


def get_conn(request: Request) -> Iterator[Connection]:
    with reading(request.app) as conn:
        yield conn


def _check_schema(conn: Connection) -> None:
    """A database this eventwire has not set up (or an older schema) is a 503 with what to do, not a 500."""
    from alembic.runtime.migration import MigrationContext

    from eventwire.store.migrate import head_revision

    current, newest = MigrationContext.configure(conn).get_current_revision(), head_revision()
    if current != newest:
        raise StoreSchemaError(
            f"the database is at schema revision {current or 'none'}, this eventwire needs {newest}: "
            "run `eventwire db upgrade` (or `eventwire serve`, which upgrades)"
        )


async def refuse_nul(request: Request) -> None:
    """No parameter may hold a NUL character: PostgreSQL cannot compare text with one (a 422, not a 500)."""
    values = (*request.query_params.values(), *request.path_params.values(), request.headers.get("last-event-id", ""))
    if any("\x00" in value for value in values):
        raise ApiError("parameters must not contain NUL characters", status=422)


async def get_settings(request: Request) -> ApiSettings:
    return request.app.state.settings


async def get_feed(request: Request) -> ChangeFeed:
    return request.app.state.feed


ConnDep = Annotated[Connection, Depends(get_conn)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
FeedDep = Annotated[ChangeFeed, Depends(get_feed)]


async def event_filters(request: Request) -> EventFilters:
    """The event filters of the query string, checked by :class:`EventFilters` itself (a bad one is a 422).

    Not ``Annotated[EventFilters, Query()]``: FastAPI (0.165) inspects a query model's annotations again on
    every request, ~1.5 ms a request (more than making most pages, ten times a kept one); the model checks
    the same values in microseconds.  The parameters are documented all the same (:data:`FILTERS_OPENAPI`).
    """
    try:
        return EventFilters.model_validate(filter_params(request.query_params))
    except ValidationError as exc:
        errors = [{**error, "loc": ("query", *error["loc"])} for error in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from None


def filter_params(params: Mapping[str, str]) -> dict[str, str]:
    """The filters' values among query parameters (of a repeated one, the last, as FastAPI takes it)."""
    return {name: params[name] for name in EventFilters.model_fields if name in params}


def _filter_parameters() -> list[dict[str, Any]]:
    """The filters as OpenAPI query parameters, written as FastAPI writes a query model's fields."""
    properties = EventFilters.model_json_schema()["properties"]
    parameters = []
    for name, field in properties.items():
        schema = {key: value for key, value in field.items() if key != "default"}
        parameter = {"name": name, "in": "query", "required": False, "schema": schema}
        if "description" in field:
            parameter["description"] = field["description"]
        parameters.append(parameter)
    return parameters


# ``openapi_extra`` of every route taking :data:`FiltersDep` (FastAPI adds these to its own parameters).
FILTERS_OPENAPI = {"parameters": _filter_parameters()}
FiltersDep = Annotated[EventFilters, Depends(event_filters)]


async def get_cache(request: Request) -> VersionedCache:
    return request.app.state.cache


CacheDep = Annotated[VersionedCache, Depends(get_cache)]
