"""Incremental story clustering: a new article joins the best-fitting story or starts one.

Nothing is ever reclustered: an article's story is decided once, when it arrives, from the state
the store keeps (``StoryState`` rows and the MinHash of stored articles). A syndicated copy of a
stored article joins that article's story without scoring; any other article is scored against
candidate stories (``scoring.py``) and joins the best one when it reaches ``JOIN_THRESHOLD``.

Candidates: the stories nearest by embedding and the stories sharing a key that few stories have.
A story outside both lists cannot reach the threshold short of a close embedding or shared keys, so
scoring every story would hardly ever change the answer; the candidates keep the cost flat.

Order matters, as in any incremental clustering: reports in Ukrainian or Russian that arrive before
any English one meet by keys alone, which is weaker between two of them than with an English story
(inflected foreign names, names the upstream stages misread), and one of them may keep a story of its
own that the English reports later will not reunite.
"""

from __future__ import annotations

import uuid
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from eventwire.events.embeddings import DIMENSIONS
from eventwire.stories import scoring
from eventwire.stories.duplicates import DuplicateIndex
from eventwire.stories.features import ArticleFeatures

# Stories kept in memory (least recently joined forgotten first): the store hands over recent ones.
MAX_STORIES = 10_000
# Keys kept per story (the lightest dropped first): a big story's key profile stays bounded.
MAX_STORY_KEYS = 200
# Candidates scored per article: nearest by embedding, and by shared uncommon keys.
NEAREST_BY_EMBEDDING = 32
NEAREST_BY_KEYS = 32
# A key carried by more stories than this is too common to find candidates with (it still scores).
MAX_POSTINGS = 500


@dataclass
class StoryState:
    """One story as the store keeps it (a row of table ``stories``)."""

    id: str
    title: str
    size: int
    centroid: np.ndarray
    keys: dict[str, float]
    first_published: date | None
    last_published: date | None


@dataclass
class Placement:
    """Where ``StoryIndex.place`` put an article."""

    story: StoryState
    new_story: bool
    duplicate_of: str | None
    score: float | None = None  # the winning score (None for a new story or a syndicated copy)


def new_story_id() -> str:
    return "s-" + uuid.uuid4().hex


class StoryIndex:
    """Incremental: a new article joins a story or starts one, nothing is reclustered."""

    def __init__(
        self,
        stories: Iterable[StoryState] = (),
        members: Iterable[tuple[str, np.ndarray] | tuple[str, np.ndarray, str]] = (),
    ) -> None:
        """Args:
        stories: recent stories from the store.
        members: (article_id, minhash) of stored articles, optionally with the article's story id
            as a third item, so that a syndicated copy joins its original's story directly.
        """
        self._stories: OrderedDict[str, StoryState] = OrderedDict()
        self._rows: dict[str, int] = {}
        self._matrix = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._free: list[int] = []
        self._df: Counter[str] = Counter()
        self._postings: dict[str, set[str]] = {}
        self._duplicates = DuplicateIndex()
        self._story_of: dict[str, str] = {}
        for story in stories:
            self._remember(story)
        for member in members:
            self._remember_article(member[0], member[1], member[2] if len(member) > 2 else None)

    def __len__(self) -> int:
        return len(self._stories)

    @property
    def stories(self) -> list[StoryState]:
        return list(self._stories.values())

    def place(self, features: ArticleFeatures, title: str) -> Placement:
        """Put one article into a story (updated in place and returned) or start a new one.

        Args:
            features: the article's features (``article_features``).
            title: the article's headline, the title of a story it starts.
        """
        found = self._duplicates.find(features.minhash, exclude=features.article_id)
        duplicate_of = found[0] if found else None
        story = self._stories.get(self._story_of.get(duplicate_of, "")) if duplicate_of else None
        score = None
        if story is None:
            story, score = self._best(features)
        if story is None:
            story = StoryState(new_story_id(), title, 0, np.zeros(DIMENSIONS, np.float32), {}, None, None)
            new_story = True
        else:
            new_story = False
        self._forget(story.id)
        _join(story, features)
        self._remember(story)
        self._remember_article(features.article_id, features.minhash, story.id)
        return Placement(story=story, new_story=new_story, duplicate_of=duplicate_of, score=score)

    def _remember_article(self, article_id: str, minhash: np.ndarray, story_id: str | None) -> None:
        """Keep an article for duplicate search (and its story while it is kept)."""
        forgotten = self._duplicates.add(article_id, minhash)
        if forgotten is not None:
            self._story_of.pop(forgotten, None)
        if story_id is not None and article_id in self._duplicates:
            self._story_of[article_id] = story_id

    def _best(self, features: ArticleFeatures) -> tuple[StoryState | None, float | None]:
        weights = {k: scoring.idf(len(self._stories), self._df[k]) for k in features.keys}
        best: StoryState | None = None
        best_score: float | None = None
        for story_id in self._candidates(features, weights):
            story = self._stories[story_id]
            score = scoring.combined(
                scoring.cosine(features.vector, story.centroid),
                scoring.key_similarity(features.keys, story.keys, story.size, self._weights(story, weights)),
                scoring.date_penalty(features.published, story.first_published, story.last_published),
            )
            if score >= scoring.JOIN_THRESHOLD and (best_score is None or score > best_score):
                best, best_score = story, score
        return best, best_score

    def _weights(self, story: StoryState, article_weights: dict[str, float]) -> dict[str, float]:
        n = len(self._stories)
        return {k: article_weights[k] if k in article_weights else scoring.idf(n, self._df[k]) for k in story.keys}

    def _candidates(self, features: ArticleFeatures, weights: dict[str, float]) -> list[str]:
        """Stories worth scoring, in a stable order (the index's order)."""
        found: set[str] = set()
        if self._rows and np.any(features.vector):
            ids = list(self._rows)
            rows = [self._rows[i] for i in ids]
            similarities = self._matrix[rows] @ features.vector
            for j in np.argsort(-similarities)[:NEAREST_BY_EMBEDDING]:
                found.add(ids[j])
        shared: Counter[str] = Counter()
        for key, weight in features.keys.items():
            holders = self._postings.get(key, ())
            if 0 < len(holders) <= MAX_POSTINGS:
                for story_id in holders:
                    shared[story_id] += weight * weights[key]
        found.update(story_id for story_id, _ in shared.most_common(NEAREST_BY_KEYS))
        return [story_id for story_id in self._stories if story_id in found]

    def _remember(self, story: StoryState) -> None:
        if story.id not in self._stories and len(self._stories) >= MAX_STORIES:
            self._forget(next(iter(self._stories)))
        self._stories[story.id] = story
        for key in story.keys:
            self._df[key] += 1
            self._postings.setdefault(key, set()).add(story.id)
        norm = float(np.linalg.norm(story.centroid))
        if norm > 0.0:
            row = self._free.pop() if self._free else self._grow()
            self._matrix[row] = story.centroid / norm
            self._rows[story.id] = row

    def _forget(self, story_id: str) -> None:
        story = self._stories.pop(story_id, None)
        if story is None:
            return
        for key in story.keys:
            self._df[key] -= 1
            if self._df[key] <= 0:
                del self._df[key]
            holders = self._postings.get(key)
            if holders is not None:
                holders.discard(story_id)
                if not holders:
                    del self._postings[key]
        row = self._rows.pop(story_id, None)
        if row is not None:
            self._matrix[row] = 0.0
            self._free.append(row)

    def _grow(self) -> int:
        used = len(self._matrix)
        self._matrix = np.vstack([self._matrix, np.zeros((max(16, used), DIMENSIONS), dtype=np.float32)])
        self._free.extend(range(len(self._matrix) - 1, used, -1))
        return used


def _join(story: StoryState, features: ArticleFeatures) -> None:
    """Add one article to a story's running means, key profile and date span."""
    size = story.size + 1
    centroid = story.centroid.astype(np.float32) * (story.size / size) + features.vector.astype(np.float32) / size
    story.centroid = centroid.astype(np.float32)
    story.size = size
    for key, weight in features.keys.items():
        story.keys[key] = round(story.keys.get(key, 0.0) + weight, 4)
    if len(story.keys) > MAX_STORY_KEYS:
        story.keys = dict(sorted(story.keys.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_STORY_KEYS])
    day = features.published
    if day is not None:
        story.first_published = min(story.first_published or day, day)
        story.last_published = max(story.last_published or day, day)
