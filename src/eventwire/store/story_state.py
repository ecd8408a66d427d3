"""Stories between runs: rebuild the incremental StoryIndex from the database, and save a story back."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from sqlalchemy import Connection, delete, false, func, or_, select, update

from eventwire.store import tables as t
from eventwire.store.rows import dataclass_from_row, dataclass_row
from eventwire.store.sql import upsert, utcnow
from eventwire.stories import StoryIndex, StoryState

# Stories whose last article is older than this (before the newest story) no longer take new articles.
# Follow-ups weeks after an event still join its story (the date penalty is capped), so the window is
# a quarter, not a month; the index's own cap (10,000 stories) bounds what is loaded.
RECENT_DAYS = 90


def load_story_index(conn: Connection, *, recent_days: int = RECENT_DAYS) -> StoryIndex:
    """A StoryIndex holding the recent stories and the MinHash signatures (and stories) of their articles.

    "Recent" counts back from the newest story's last article, not from today, so an archive
    ingested years later still joins its own stories.
    """
    stories = _recent_stories(conn, recent_days)
    rows = conn.execute(select(t.Story).where(t.Story.id.in_(stories.scalar_subquery()))).mappings()
    states = [story_from_row(row) for row in rows]
    members = conn.execute(
        select(t.Article.id, t.Article.minhash, t.Article.story_id)
        .where(t.Article.story_id.in_(stories.scalar_subquery()), t.Article.minhash.is_not(None))
        .order_by(t.Article.ingested, t.Article.id)
    )
    return StoryIndex(states, ((key, np.frombuffer(blob, dtype=np.uint64), story) for key, blob, story in members))


def _recent_stories(conn: Connection, recent_days: int):
    newest = conn.execute(select(func.max(t.Story.last_published))).scalar()
    undated_since = utcnow() - timedelta(days=recent_days)
    dated = t.Story.last_published >= newest - timedelta(days=recent_days) if newest else false()
    undated = (t.Story.last_published.is_(None)) & (t.Story.updated >= undated_since)
    return select(t.Story.id).where(or_(dated, undated))


def story_from_row(row) -> StoryState:
    return dataclass_from_row(StoryState, row, centroid=np.frombuffer(row["centroid"], dtype=np.float32).copy())


def save_story(conn: Connection, story: StoryState) -> None:
    """Insert or update one story's row (``created`` is kept from the first save)."""
    now = utcnow()
    row = dataclass_row(story) | {"created": now, "updated": now}
    upsert(conn, t.Story.__table__, [row], key=["id"], keep=["created"])


def merge_stories(conn: Connection, story_id: str, merged: tuple[str, ...]) -> None:
    """Point the articles of the stories joined into ``story_id`` (``Placement.merged``) at it and drop
    their rows; ``story_id``'s own row must be saved first (the articles' foreign key)."""
    if merged:
        conn.execute(update(t.Article).where(t.Article.story_id.in_(merged)).values(story_id=story_id))
        conn.execute(delete(t.Story).where(t.Story.id.in_(merged)))
