"""``GET /api/events`` (filtered, paged) and ``GET /api/events/{id}``."""

from __future__ import annotations

from typing import Annotated, get_args

import anyio
from fastapi import APIRouter, FastAPI, Path, Query, Request, Response
from pydantic import ValidationError
from starlette.datastructures import QueryParams

from eventwire.api import queries
from eventwire.api.changes import head
from eventwire.api.deps import FILTERS_OPENAPI, ConnDep, FiltersDep, filter_params, reading
from eventwire.api.errors import NotFound
from eventwire.api.fast import url_key
from eventwire.api.filters import EventFilters
from eventwire.api.routes import BAD_PARAMETERS, NOT_FOUND
from eventwire.api.schemas import EventItem, EventsPage

router = APIRouter(prefix="/api/events", tags=["events"], responses=BAD_PARAMETERS)

LimitQuery = Annotated[int, Query(ge=1, le=queries.MAX_LIMIT, description="events per page")]
CursorQuery = Annotated[str | None, Query(max_length=1000, description="the `next` of the previous page")]
# Event pages one server process makes at a time, in threads of their own (not FastAPI's shared pool).
# Making a page is Python work under one interpreter lock: more threads add no speed, while each one
# that wants the lock makes the event loop wait for it (up to the 5 ms switch interval each time), and
# the loop is what answers kept pages (``fast.KeptEventPages``), the stream and the other routes.  Measured
# alone, from a cold start (``benchmarks/api_load.py``, 100,000 events, 2 workers, interleaved runs): p99
# 155-202 ms against 195-244 ms with every page in FastAPI's pool (most of the rest was garbage
# collection: ``app._freeze_startup_objects``).  Two threads let the database's own work (no lock held)
# overlap with rendering; one was worse (p99 147-175 ms against 92-122 ms with two).
PAGE_THREADS = 2


def _page_limiter(app: FastAPI) -> anyio.CapacityLimiter:
    limiter = getattr(app.state, "page_limiter", None)
    if limiter is None:  # made on the event loop, at the first request
        limiter = app.state.page_limiter = anyio.CapacityLimiter(PAGE_THREADS)
    return limiter


@router.get("", response_model=EventsPage, openapi_extra=FILTERS_OPENAPI)
async def list_events(
    request: Request,
    filters: FiltersDep,
    limit: LimitQuery = queries.DEFAULT_LIMIT,
    cursor: CursorQuery = None,
    sort: Annotated[
        queries.Sort, Query(description="`date`: newest start day first (undated last); `updated`: last changed first")
    ] = "date",
) -> Response:
    """Merged events matching every filter given, each with its evidence sentences and supporting articles."""
    body = await _page_in_thread(request.app, filters, limit, cursor, sort, request.scope["query_string"])
    return Response(body, media_type="application/json")


async def first_page(app: FastAPI, query_string: bytes) -> bytes | None:
    """The page :func:`list_events` answers for ``query_string``, made without FastAPI's request handling.

    For ``fast.KeptEventPages``, on a page not kept yet: FastAPI's routing, dependencies and parameter
    checks cost ~1 ms of a first answer's ~3 ms, and a fresh server's slowest answers are first answers.
    Only plain requests (no cursor, parameters the route would accept as they are); None for anything
    else, left to the route, so that every refusal and error stays the application's own.
    """
    plain = _plain_request(query_string)
    if plain is None:
        return None
    filters, limit, sort = plain
    return await _page_in_thread(app, filters, limit, None, sort, query_string)


def _plain_request(query_string: bytes) -> tuple[EventFilters, int, queries.Sort] | None:
    """(filters, limit, sort) of a query string without a cursor, each value one the route takes as it is."""
    params = QueryParams(query_string)
    if "cursor" in params or any("\x00" in value for value in params.values()):
        return None
    sort = params.get("sort", "date")
    if sort not in get_args(queries.Sort):
        return None
    limit_text = params.get("limit")
    if limit_text is None:
        limit = queries.DEFAULT_LIMIT
    elif limit_text.isascii() and limit_text.isdigit() and not limit_text.startswith("0"):
        limit = int(limit_text)
        if limit > queries.MAX_LIMIT:
            return None
    else:
        return None
    try:
        filters = EventFilters.model_validate(filter_params(params))
    except ValidationError:
        return None
    return filters, limit, sort  # type: ignore[return-value]


async def _page_in_thread(
    app: FastAPI, filters: EventFilters, limit: int, cursor: str | None, sort: queries.Sort, query_string: bytes
) -> bytes:
    """The page's bytes, made (or taken) in a page thread, kept under its filters and its query string."""
    cache, rendered = app.state.cache, app.state.event_json
    key = ("events", filters.model_dump_json(), limit, cursor, sort)

    def answer() -> bytes:
        with reading(app) as conn:
            version = head(conn)

            def page() -> bytes:
                return queries.events_page_json(
                    conn=conn, filters=filters, limit=limit, cursor=cursor, sort=sort, rendered=rendered
                )

            body = cache.get(key, version, page, share=True)
        # The parameters passed every check: the same query string may now be answered by fast.KeptEventPages.
        cache.alias(url_key(query_string), version, body)
        return body

    return await anyio.to_thread.run_sync(answer, limiter=_page_limiter(app))


@router.get("/{event_id}", responses=NOT_FOUND)
def get_event(conn: ConnDep, event_id: Annotated[str, Path(max_length=200)]) -> EventItem:
    """One merged event."""
    item = queries.event_by_id(conn=conn, event_id=event_id)
    if item is None:
        raise NotFound(f"no event {event_id!r}")
    return item
