"""Stories and merged events on the driver, in input order, as the single-process store places them.

Story placement is incremental (an article joins a story or starts one, and the order matters),
so it runs in one place: the driver reads the articles in input order, each with the features
the executors computed and the near-duplicate Spark found for it (``neardup``), and calls the
stories stage exactly as the store's writer does: ``StoryIndex.place``, then each event through
``event_record`` and the store's candidate rules (``event_merge``). Nothing is recomputed here.
"""

from __future__ import annotations

import json
import pickle
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from eventwire.model import Event
from eventwire.scale.event_merge import OpenEvent, OpenEvents
from eventwire.stories import ArticleFeatures, MergedStories, StoryIndex, StoryState, event_record
from eventwire.stories.duplicates import MAX_MEMBERS, is_empty

# Every this many articles, stories the index has forgotten (final: no article can join them again)
# are written out and dropped from memory.
FLUSH_EVERY = 10_000

STORIES = pa.schema([
    ("id", pa.string()), ("title", pa.string()), ("size", pa.int64()), ("centroid", pa.binary()),
    ("keys", pa.string()), ("first_published", pa.date32()),  # keys: JSON, as the store keeps them
    ("last_published", pa.date32()),
])  # fmt: skip

STORY_MEMBERS = pa.schema([
    ("article_id", pa.string()), ("story_id", pa.string()), ("new_story", pa.bool_()),
    ("duplicate_of", pa.string()), ("similarity", pa.float64()), ("score", pa.float64()),
])  # fmt: skip

MERGED_EVENTS = pa.schema([
    ("id", pa.string()), ("type", pa.string()), ("subtype", pa.string()), ("actor1", pa.string()),
    ("actor2", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()), ("geonameid", pa.int64()),
    ("location_name", pa.string()), ("country", pa.string()), ("precision", pa.int32()),
    ("date_start", pa.date32()), ("date_end", pa.date32()), ("fatalities_min", pa.int64()),
    ("fatalities_max", pa.int64()), ("fatalities_latest", pa.int64()), ("injuries_min", pa.int64()),
    ("injuries_max", pa.int64()), ("flags", pa.list_(pa.string())), ("n_sources", pa.int64()),
    ("n_independent", pa.int64()), ("first_reported", pa.date32()), ("last_reported", pa.date32()),
    ("reports", pa.list_(pa.struct([("article_id", pa.string()), ("position", pa.int32())]))),
])  # fmt: skip

Row = Callable[[dict[str, Any]], None]


@dataclass
class StoriesSummary:
    articles: int = 0  # articles placed in stories
    stories: int = 0
    duplicates: int = 0  # articles placed as a near-duplicate of an earlier one
    reports: int = 0  # per-article events merged
    merged_events: int = 0
    seconds: float = 0.0  # spent placing and merging on the driver (what does not scale out)


class PresetDuplicates:
    """A ``DuplicateIndex`` whose answers Spark computed: ``StoryIndex`` gets them one article at a time.

    ``find`` answers for the article announced by ``expect`` (its id is the ``exclude`` the index
    passes). The window of remembered articles is kept as ``DuplicateIndex`` keeps it (ids only, no
    signatures): the index links a syndicated copy to its original's story only while the original
    is remembered, and ``neardup`` only pairs articles within the same window.
    """

    def __init__(self, capacity: int = MAX_MEMBERS) -> None:
        self._members: OrderedDict[str, None] = OrderedDict()
        self._capacity = capacity
        self._answer: tuple[str, tuple[str, float] | None] = ("", None)

    def __len__(self) -> int:
        return len(self._members)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._members

    def expect(self, article_id: str, duplicate_of: str | None, similarity: float | None) -> None:
        self._answer = (article_id, (duplicate_of, float(similarity or 0.0)) if duplicate_of else None)

    def add(self, article_id: str, values: np.ndarray) -> str | None:
        """Remember an article (as ``DuplicateIndex.add``); returns the id forgotten to make room, or None."""
        if article_id in self._members or is_empty(values):
            return None
        forgotten = self._members.popitem(last=False)[0] if len(self._members) >= self._capacity else None
        self._members[article_id] = None
        return forgotten

    def find(self, values: np.ndarray, exclude: str | None = None) -> tuple[str, float] | None:
        article_id, answer = self._answer
        return answer if exclude == article_id else None


def story_index_with(duplicates: PresetDuplicates) -> StoryIndex:
    """A fresh StoryIndex that asks ``duplicates`` for near-duplicates.

    StoryIndex builds its own ``DuplicateIndex`` and has no parameter for another one yet, so the
    attribute is replaced here, in this one place.
    """
    index = StoryIndex()
    index._duplicates = duplicates
    return index


class StoryPass:
    """Feeds articles in input order to the stories stage and hands out finished rows.

    Args:
        on_story, on_member, on_event: receive rows of ``STORIES``, ``STORY_MEMBERS``, ``MERGED_EVENTS``.
    """

    def __init__(self, *, on_story: Row, on_member: Row, on_event: Row) -> None:
        self.summary = StoriesSummary()
        self._duplicates = PresetDuplicates()
        self._index = story_index_with(self._duplicates)
        self._touched: dict[str, StoryState] = {}
        # Stories joined into another (``Placement.merged``): member rows already handed out name them,
        # so whoever wrote those rows re-points them at the end (``job.repoint_members``).
        self.merged = MergedStories()
        self._on_story, self._on_member, self._on_event = on_story, on_member, on_event
        self._events = OpenEvents(self._close_event)
        self._seen = 0

    def add(self, row: dict[str, Any]) -> None:
        """One article: ``article_id``, ``story_input`` (``executor.STORY_INPUT``), ``duplicate_of``, ``similarity``."""
        started = time.perf_counter()
        story_input = row["story_input"]
        duplicate_of = None
        if story_input["features"] is not None:
            duplicate_of = self._place(row["article_id"], story_input, row.get("duplicate_of"), row.get("similarity"))
        for position, payload in enumerate(story_input["events"] or ()):
            event = Event.model_validate_json(payload)
            record = event_record(row["article_id"], story_input["event_published"], event, duplicate_of is not None)
            self._events.add(record, (row["article_id"], position))
            self.summary.reports += 1
        self._seen += 1
        if self._seen % FLUSH_EVERY == 0:
            self._flush_forgotten()
        self.summary.seconds += time.perf_counter() - started

    def finish(self) -> StoriesSummary:
        """Write every story and event still open; returns what the pass did."""
        for story in self._touched.values():
            self._write_story(story)
        self._touched.clear()
        self._events.close_all()
        return self.summary

    def _place(
        self, article_id: str, story_input: dict[str, Any], duplicate_of: str | None, similarity: Any
    ) -> str | None:
        features: ArticleFeatures = pickle.loads(bytes(story_input["features"]))
        self._duplicates.expect(article_id, duplicate_of, similarity)
        placement = self._index.place(features, story_input["title"] or "")
        story = placement.story
        self._touched[story.id] = story
        self.merged.record(placement)
        for gone in placement.merged:
            self._touched.pop(gone, None)  # part of ``story`` now: never written as a story of its own
        self.summary.articles += 1
        self.summary.stories += placement.new_story - len(placement.merged)  # stories there are now
        self.summary.duplicates += placement.duplicate_of is not None
        self._on_member({
            "article_id": article_id, "story_id": story.id, "new_story": placement.new_story,
            "duplicate_of": placement.duplicate_of, "similarity": similarity if placement.duplicate_of else None,
            "score": placement.score,
        })  # fmt: skip
        return placement.duplicate_of

    def _flush_forgotten(self) -> None:
        live = {story.id for story in self._index.stories}
        for story_id in [s for s in self._touched if s not in live]:
            self._write_story(self._touched.pop(story_id))

    def _write_story(self, story: StoryState) -> None:
        self._on_story({
            "id": story.id, "title": story.title, "size": story.size,
            "centroid": np.asarray(story.centroid, dtype=np.float32).tobytes(),
            "keys": json.dumps(story.keys, ensure_ascii=False),
            "first_published": story.first_published, "last_published": story.last_published,
        })  # fmt: skip

    def _close_event(self, event: OpenEvent) -> None:
        merged = event.merged
        row = {name: getattr(merged, name) for name in MERGED_EVENTS.names if name != "reports"}
        row["reports"] = [{"article_id": a, "position": p} for a, p in event.reports]
        self.summary.merged_events += 1
        self._on_event(row)


def run_story_pass(rows: Iterable[dict[str, Any]], **sinks: Row) -> StoriesSummary:
    """``StoryPass`` over ``rows`` (in input order)."""
    story_pass = StoryPass(**sinks)
    for row in rows:
        story_pass.add(row)
    return story_pass.finish()
