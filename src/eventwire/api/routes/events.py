"""``GET /api/events`` (filtered, paged) and ``GET /api/events/{id}``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from eventwire.api import queries
from eventwire.api.changes import head
from eventwire.api.deps import CacheDep, ConnDep, FiltersDep
from eventwire.api.errors import NotFound
from eventwire.api.fast import url_key
from eventwire.api.routes import BAD_PARAMETERS, NOT_FOUND
from eventwire.api.schemas import EventItem, EventsPage

router = APIRouter(prefix="/api/events", tags=["events"], responses=BAD_PARAMETERS)

LimitQuery = Annotated[int, Query(ge=1, le=queries.MAX_LIMIT, description="events per page")]
CursorQuery = Annotated[str | None, Query(max_length=1000, description="the `next` of the previous page")]


@router.get("", response_model=EventsPage)
def list_events(
    request: Request,
    conn: ConnDep,
    cache: CacheDep,
    filters: FiltersDep,
    limit: LimitQuery = queries.DEFAULT_LIMIT,
    cursor: CursorQuery = None,
    sort: Annotated[
        queries.Sort, Query(description="`date`: newest start day first (undated last); `updated`: last changed first")
    ] = "date",
) -> Response:
    """Merged events matching every filter given, each with its evidence sentences and supporting articles."""

    version = head(conn)
    rendered = request.app.state.event_json

    def page() -> bytes:
        return queries.events_page_json(
            conn=conn, filters=filters, limit=limit, cursor=cursor, sort=sort, rendered=rendered
        )

    body = cache.get(("events", filters.model_dump_json(), limit, cursor, sort), version, page)
    # The parameters passed every check: the same query string may now be answered by fast.KeptEventPages.
    cache.alias(url_key(request.scope["query_string"]), version, body)
    return Response(body, media_type="application/json")


@router.get("/{event_id}", responses=NOT_FOUND)
def get_event(conn: ConnDep, event_id: Annotated[str, Path(max_length=200)]) -> EventItem:
    """One merged event."""
    item = queries.event_by_id(conn=conn, event_id=event_id)
    if item is None:
        raise NotFound(f"no event {event_id!r}")
    return item
