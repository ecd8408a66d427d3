"""``GET /api/articles/{id}``: one article whole, for reading an event's evidence in context."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from eventwire.api import queries
from eventwire.api.deps import ConnDep
from eventwire.api.errors import NotFound
from eventwire.api.routes import BAD_PARAMETERS, NOT_FOUND
from eventwire.api.schemas import ArticleDetail

router = APIRouter(prefix="/api/articles", tags=["articles"], responses=BAD_PARAMETERS)


@router.get("/{article_id}", responses=NOT_FOUND)
def get_article(conn: ConnDep, article_id: Annotated[str, Path(max_length=200)]) -> ArticleDetail:
    """Clean text, removed boilerplate, metadata, entities, places, quotes, and the events it reports."""
    article = queries.article_detail(conn=conn, article_id=article_id)
    if article is None:
        raise NotFound(f"no article {article_id!r}")
    return article
