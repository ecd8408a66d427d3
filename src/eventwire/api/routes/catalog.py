"""``/api/stories``, ``/api/places``, ``/api/actors``: what the events are grouped by, largest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from eventwire.api import queries
from eventwire.api.changes import head
from eventwire.api.deps import FILTERS_OPENAPI, CacheDep, ConnDep, FiltersDep
from eventwire.api.filters import MAX_TEXT
from eventwire.api.routes import BAD_PARAMETERS
from eventwire.api.routes.events import CursorQuery, LimitQuery
from eventwire.api.schemas import ActorsPage, PlacesPage, StoriesPage

router = APIRouter(prefix="/api", tags=["catalog"], responses=BAD_PARAMETERS)


@router.get("/stories")
def list_stories(
    conn: ConnDep,
    limit: LimitQuery = queries.DEFAULT_LIMIT,
    cursor: CursorQuery = None,
    q: Annotated[str | None, Query(max_length=MAX_TEXT, description="text in the story's title, any case")] = None,
) -> StoriesPage:
    """Stories (articles about one happening), most recently published first."""
    return queries.stories_page(conn=conn, limit=limit, cursor=cursor, q=q)


@router.get("/places", openapi_extra=FILTERS_OPENAPI)
def list_places(
    conn: ConnDep, cache: CacheDep, filters: FiltersDep, limit: LimitQuery = queries.DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> PlacesPage:  # fmt: skip
    """Places of the events matching the filters, with their event counts, most events first."""
    key = ("places", filters.model_dump_json(), limit, cursor)
    return cache.get(
        key, head(conn), lambda: queries.places_page(conn=conn, filters=filters, limit=limit, cursor=cursor)
    )


@router.get("/actors", openapi_extra=FILTERS_OPENAPI)
def list_actors(
    conn: ConnDep, cache: CacheDep, filters: FiltersDep, limit: LimitQuery = queries.DEFAULT_LIMIT,
    cursor: CursorQuery = None,
) -> ActorsPage:  # fmt: skip
    """Actors of the events matching the filters, with their event counts, most events first."""
    key = ("actors", filters.model_dump_json(), limit, cursor)
    return cache.get(
        key, head(conn), lambda: queries.actors_page(conn=conn, filters=filters, limit=limit, cursor=cursor)
    )
