"""``GET /api/stats``: counts for the dashboard's timeline and summaries, with the events' filters."""

from __future__ import annotations

from fastapi import APIRouter

from eventwire.api import queries
from eventwire.api.changes import head
from eventwire.api.deps import FILTERS_OPENAPI, CacheDep, ConnDep, FiltersDep
from eventwire.api.routes import BAD_PARAMETERS
from eventwire.api.schemas import Stats

router = APIRouter(prefix="/api", tags=["stats"], responses=BAD_PARAMETERS)


@router.get("/stats", openapi_extra=FILTERS_OPENAPI)
def get_stats(conn: ConnDep, cache: CacheDep, filters: FiltersDep) -> Stats:
    """Events matching the filters counted by start day (with fatalities), by type and by country."""
    key = ("stats", filters.model_dump_json())
    return cache.get(key, head(conn), lambda: queries.stats(conn=conn, filters=filters))
