"""Read-only queries used by the CLI (and by the API): plain functions, the connection keyword-only.

``conn`` may be a Core ``Connection`` or an ORM ``Session``: both execute these statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from eventwire.model import Result
from eventwire.store import tables as t
from eventwire.store.rows import result_from_rows

Executor = Connection | Session

# Tables the summary counts, in the order it shows them.
COUNTED = {
    "sources": t.Source, "articles": t.Article, "article_versions": t.ArticleVersion, "entities": t.Entity,
    "places": t.Place, "quotes": t.Quote, "stories": t.Story, "events": t.Event, "event_sources": t.EventSource,
    "ingest_errors": t.IngestError,
}  # fmt: skip


def table_counts(*, conn: Executor) -> dict[str, int]:
    """Rows per table, e.g. ``{"articles": 120, "events": 37, ...}``."""
    return {name: conn.execute(select(func.count()).select_from(table)).scalar_one() for name, table in COUNTED.items()}


def article_result(*, conn: Executor, article_id: str) -> Result | None:
    """The stored Result of one article (its latest version), as the pipeline produced it; None if unknown."""
    article = conn.execute(select(t.Article.__table__).where(t.Article.id == article_id)).mappings().first()
    if article is None:
        return None

    def children(table: Any) -> list[Any]:
        query = select(table.__table__).where(table.article_id == article_id).order_by(table.position)
        return list(conn.execute(query).mappings())

    return result_from_rows(article, children(t.Entity), children(t.Place), children(t.Quote), children(t.EventSource))


@dataclass
class EventSummary:
    id: str
    type: str
    subtype: str | None
    location_name: str | None
    country: str | None
    date_start: date | None
    n_sources: int
    n_independent: int
    fatalities_min: int | None
    fatalities_max: int | None
    fatalities_latest: int | None
    flags: list[str]


@dataclass
class StorySummary:
    id: str
    title: str
    size: int
    first_published: date | None
    last_published: date | None
    events: list[EventSummary] = field(default_factory=list)


def top_stories(*, conn: Executor, limit: int = 5, events_per_story: int = 5) -> list[StorySummary]:
    """The largest stories (most articles, then most recent), each with its best-supported events."""
    rows = conn.execute(
        select(t.Story.id, t.Story.title, t.Story.size, t.Story.first_published, t.Story.last_published)
        .order_by(t.Story.size.desc(), t.Story.last_published.desc().nulls_last(), t.Story.id)
        .limit(limit)
    ).mappings()
    stories = [StorySummary(**row) for row in rows]
    for story in stories:
        story.events = story_events(conn=conn, story_id=story.id, limit=events_per_story)
    return stories


def story_events(*, conn: Executor, story_id: str, limit: int | None = None) -> list[EventSummary]:
    """Merged events reported by the story's articles: best supported first, then the deadliest (a
    summary that shows a few must not leave out the attack for a meeting), then by id."""
    columns = [getattr(t.Event, name) for name in EventSummary.__dataclass_fields__]
    in_story = select(t.EventSource.event_id).join(t.Article, t.Article.id == t.EventSource.article_id)
    in_story = in_story.where(t.Article.story_id == story_id)
    query = (
        select(*columns)
        .where(t.Event.id.in_(in_story.scalar_subquery()))
        .order_by(
            t.Event.n_independent.desc(),
            t.Event.n_sources.desc(),
            func.coalesce(t.Event.fatalities_max, t.Event.fatalities_min, -1).desc(),
            t.Event.id,
        )
        .limit(limit)
    )
    return [EventSummary(**row) for row in conn.execute(query).mappings()]


def event_articles(*, conn: Executor, event_id: str) -> list[dict[str, Any]]:
    """The articles supporting one merged event: id, title, url, published, syndicated."""
    query = (
        select(t.Article.id, t.Article.title, t.Article.url, t.Article.published, t.EventSource.syndicated)
        .join(t.EventSource, t.EventSource.article_id == t.Article.id)
        .where(t.EventSource.event_id == event_id)
        .order_by(t.Article.published.nulls_last(), t.Article.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]
