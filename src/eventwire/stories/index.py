"""Incremental story clustering: a new article joins the best-fitting story or starts one.

Nothing is ever reclustered: an article's story is decided once, when it arrives, from the state
the store keeps (``StoryState`` rows and the MinHash of stored articles). A syndicated copy of a
stored article joins that article's story without scoring; any other article is scored against
candidate stories (``scoring.py``) and joins the best one when it reaches ``JOIN_THRESHOLD``.

An article that reaches the threshold against more than one story also joins those stories into the
best one (``Placement.merged``): one event whose first reports fell short of each other (another
headline, another lead) got two starts, and a report that fits both shows they are one. No new
constant: the join threshold decides both. On the hand-written sets (10 orders each) it moved mean
B-cubed F1 0.858 -> 0.860 (conflict) and 0.845 -> 0.850 (general news): recall up, precision down by
about as much; ``docs/benchmarks.md`` has the account.

Candidates: the stories nearest by embedding, the stories sharing the most keys that few stories
have, and those sharing the most uncommon words (16 of each). A story outside all three lists cannot
reach the threshold short of a close embedding, shared keys or shared words, so scoring every story
would hardly ever change the answer; the candidates keep the cost flat (~10-20 ms an article against
10,000 stories of 100 words each, on one core).

What a story keeps is its ``StoryState``: the keys mapping holds its identity keys and, under
``w:<language>:``, its words (summed member weights, the ``MAX_STORY_TERMS`` most telling per
language). The index derives everything else from the stories it holds (how many stories carry each
key or word, hence their idf), so an index rebuilt from stored stories scores as the one that wrote them.

Order matters, as in any incremental clustering: reports in Ukrainian or Russian that arrive before
any English one meet by keys alone, which is weaker between two of them than with an English story
(inflected foreign names, names the upstream stages misread), and one of them may keep a story of its
own that the English reports later will not reunite.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np

from eventwire.events.embeddings import DIMENSIONS
from eventwire.stories import scoring
from eventwire.stories.duplicates import DuplicateIndex
from eventwire.stories.features import ArticleFeatures
from eventwire.stories.terms import TERM_PREFIX, is_term, strongest, term_language

# Stories kept in memory (least recently joined forgotten first): the store hands over recent ones.
MAX_STORIES = 10_000
# Identity keys kept per story (the lightest dropped first): a big story's key profile stays bounded.
MAX_STORY_KEYS = 200
# Words kept per story and language (the least telling dropped first, ``terms.strongest``): what the
# members share rises to the top; 100 words of ~15 characters keep a story's JSON row under ~3 KB a language.
MAX_STORY_TERMS = 100
# Candidates scored per article: nearest by embedding, by shared uncommon keys, by shared uncommon words.
NEAREST_BY_EMBEDDING = 16
NEAREST_BY_KEYS = 16
NEAREST_BY_TERMS = 16
# A key or word carried by more stories than this is too common to find candidates with (it still scores).
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
    merged: tuple[str, ...] = ()  # stories joined into ``story`` because the article fits them too (gone now)


class MergedStories:
    """Where each story that ``StoryIndex.place`` joined into another now lives, chains followed.

    Whoever recorded story ids as articles were placed (the evaluation, Spark's story pass) resolves
    them here at the end: a story may be joined into one that is later joined into a third.
    """

    def __init__(self) -> None:
        self._into: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._into)

    def record(self, placement: Placement) -> None:
        for story_id in placement.merged:
            self._into[story_id] = placement.story.id

    def resolve(self, story_id: str) -> str:
        """The story ``story_id`` is part of now (itself when it was never joined into another)."""
        path = []
        while story_id in self._into:
            path.append(story_id)
            story_id = self._into[story_id]
        for step in path[:-1]:  # shorten the chain for the next lookup
            self._into[step] = story_id
        return story_id

    def items(self) -> list[tuple[str, str]]:
        """(merged story, the story it is part of now) pairs."""
        return [(story_id, self.resolve(story_id)) for story_id in list(self._into)]


def split_keys(keys: Mapping[str, float]) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """(identity keys, words by language) of one keys mapping."""
    identity: dict[str, float] = {}
    terms: dict[str, dict[str, float]] = {}
    for key, weight in keys.items():
        if is_term(key):
            terms.setdefault(term_language(key), {})[key] = weight
        else:
            identity[key] = weight
    return identity, terms


def new_story_id() -> str:
    return "s-" + uuid.uuid4().hex


class StoryIndex:
    """Incremental: a new article joins a story (and any other it fits) or starts one; nothing is reclustered."""

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
        self._row_ids: list[str | None] = []  # the story of each matrix row (None: a free row)
        self._order: dict[str, int] = {}  # when each story was last remembered: the order of ``_stories``
        self._remembered = 0
        self._used = np.zeros(0, dtype=bool)
        self._free: list[int] = []
        self._df: Counter[str] = Counter()  # stories carrying each key or word
        self._worded: Counter[str] = Counter()  # stories with words in each language
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
        others: list[StoryState] = []
        if story is None:
            fits = self._fits(features)
            if fits:
                (score, story), others = fits[0], [other for _, other in fits[1:]]
        if story is None:
            story = StoryState(new_story_id(), title, 0, np.zeros(DIMENSIONS, np.float32), {}, None, None)
            new_story = True
        else:
            new_story = False
        self._forget(story.id)
        _join(story, features)
        for other in others:
            self._forget(other.id)
            _absorb(story, other)
        self._remember(story)
        merged = tuple(other.id for other in others)
        if merged:
            gone = set(merged)
            for article_id, story_id in self._story_of.items():
                if story_id in gone:
                    self._story_of[article_id] = story.id
        self._remember_article(features.article_id, features.minhash, story.id)
        return Placement(story=story, new_story=new_story, duplicate_of=duplicate_of, score=score, merged=merged)

    def evidence(self, features: ArticleFeatures, story_id: str) -> scoring.Evidence:
        """What an article has in common with one of the index's stories (what ``place`` scores)."""
        return _ArticleProfile(self, features).evidence(self._stories[story_id])

    def _remember_article(self, article_id: str, minhash: np.ndarray, story_id: str | None) -> None:
        """Keep an article for duplicate search (and its story while it is kept)."""
        forgotten = self._duplicates.add(article_id, minhash)
        if forgotten is not None:
            self._story_of.pop(forgotten, None)
        if story_id is not None and article_id in self._duplicates:
            self._story_of[article_id] = story_id

    def _fits(self, features: ArticleFeatures) -> list[tuple[float, StoryState]]:
        """The candidate stories that reach the join threshold, best first (ties: the index's order)."""
        profile = _ArticleProfile(self, features)
        fits = []
        for story_id in self._candidates(features, profile.identity, profile.words):
            story = self._stories[story_id]
            score = scoring.score(profile.evidence(story))
            if score >= scoring.JOIN_THRESHOLD:
                fits.append((score, story))
        fits.sort(key=lambda fit: -fit[0])  # stable: equal scores keep the index's order
        return fits

    def _candidates(self, features: ArticleFeatures, identity: dict[str, float], words: dict[str, float]) -> list[str]:
        """Stories worth scoring, in a stable order (the index's order)."""
        found: set[str] = set()
        if self._rows and np.any(features.vector):
            # Over the whole matrix, free rows ruled out: no copy of the used rows (15 MB at 10,000 stories).
            similarities = self._matrix @ features.vector
            similarities[~self._used] = -np.inf
            nearest = min(NEAREST_BY_EMBEDDING, len(self._rows))  # rows in use: at most the matrix's
            for row in np.argpartition(-similarities, nearest - 1)[:nearest]:
                found.add(self._row_ids[row])  # type: ignore[arg-type]
        found.update(self._sharing(identity, len(self._stories), NEAREST_BY_KEYS))
        if words:
            found.update(self._sharing(words, self._worded[term_language(next(iter(words)))], NEAREST_BY_TERMS))
        return sorted(found, key=self._order.__getitem__)  # the index's order

    def _sharing(self, keys: Mapping[str, float], story_count: int, limit: int) -> list[str]:
        """The ``limit`` stories sharing the most weight of uncommon ``keys`` (each scaled by its idf)."""
        shared: Counter[str] = Counter()
        for key, weight in keys.items():
            holders = self._postings.get(key, ())
            if 0 < len(holders) <= MAX_POSTINGS:
                boost = weight * scoring.idf(story_count, len(holders))
                for story_id in holders:
                    shared[story_id] += boost
        return [story_id for story_id, _ in shared.most_common(limit)]

    def _remember(self, story: StoryState) -> None:
        if story.id not in self._stories:
            if len(self._stories) >= MAX_STORIES:
                self._forget(next(iter(self._stories)))
            self._order[story.id], self._remembered = self._remembered, self._remembered + 1
        self._stories[story.id] = story
        self._worded.update(split_keys(story.keys)[1].keys())
        for key in story.keys:
            self._df[key] += 1
            self._postings.setdefault(key, set()).add(story.id)
        norm = float(np.linalg.norm(story.centroid))
        if norm > 0.0:
            row = self._free.pop() if self._free else self._grow()
            self._matrix[row] = story.centroid / norm
            self._rows[story.id] = row
            self._row_ids[row], self._used[row] = story.id, True

    def _forget(self, story_id: str) -> None:
        story = self._stories.pop(story_id, None)
        if story is None:
            return
        del self._order[story_id]
        for language in split_keys(story.keys)[1]:
            self._worded[language] -= 1
            if self._worded[language] <= 0:
                del self._worded[language]
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
            self._row_ids[row], self._used[row] = None, False
            self._free.append(row)

    def _grow(self) -> int:
        used = len(self._matrix)
        added = max(16, used)
        self._matrix = np.vstack([self._matrix, np.zeros((added, DIMENSIONS), dtype=np.float32)])
        self._row_ids.extend([None] * added)
        self._used = np.concatenate([self._used, np.zeros(added, dtype=bool)])
        self._free.extend(range(len(self._matrix) - 1, used, -1))
        return used


class _ArticleProfile:
    """One article against the index's stories: its keys and words weighted once, then one pass per story.

    Both similarities are cosines of idf-weighted vectors (``scoring.key_weight`` for identity keys,
    ``scoring.idf`` over the stories with words in the language for words); a story's weights are its
    members' sums, whose scale a cosine ignores.
    """

    def __init__(self, index: StoryIndex, features: ArticleFeatures) -> None:
        self.features = features
        self.identity, terms = split_keys(features.keys)
        # An article's words are in one language; should there be more, the first one counts.
        self.language = next(iter(terms), None)
        self.words = terms[self.language] if self.language is not None else {}
        self._prefix = f"{TERM_PREFIX}{self.language}:"
        self._df = index._df
        self._stories = len(index)
        self._worded = index._worded[self.language] if self.language is not None else 0
        self._key_weights: dict[str, float] = {}
        self._word_weights: dict[str, float] = {}
        self._key_norm = math.sqrt(sum((w * self._key_weight(k)) ** 2 for k, w in self.identity.items()))
        self._word_norm = math.sqrt(sum((w * self._word_weight(k)) ** 2 for k, w in self.words.items()))

    def _key_weight(self, key: str) -> float:
        weight = self._key_weights.get(key)
        if weight is None:
            weight = self._key_weights[key] = scoring.key_weight(self._stories, self._df[key])
        return weight

    def _word_weight(self, key: str) -> float:
        weight = self._word_weights.get(key)
        if weight is None:
            weight = self._word_weights[key] = scoring.idf(self._worded, self._df[key])
        return weight

    def evidence(self, story: StoryState) -> scoring.Evidence:
        key_dot = key_norm = word_dot = word_norm = 0.0
        for key, weight in story.keys.items():
            if key.startswith(TERM_PREFIX):
                if key.startswith(self._prefix):
                    scaled = weight * self._word_weight(key)
                    word_norm += scaled * scaled
                    mine = self.words.get(key)
                    if mine:
                        word_dot += mine * self._word_weights[key] * scaled
            else:
                scaled = weight * self._key_weight(key)
                key_norm += scaled * scaled
                mine = self.identity.get(key)
                if mine:
                    key_dot += mine * self._key_weights[key] * scaled
        features = self.features
        return scoring.Evidence(
            embedding=scoring.cosine(features.vector, story.centroid),
            keys=_cosine(key_dot, self._key_norm, key_norm),
            terms=_cosine(word_dot, self._word_norm, word_norm) if word_norm > 0.0 and self.words else None,
            days=scoring.days_outside(features.published, story.first_published, story.last_published),
        )


def _cosine(dot: float, norm: float, squared_norm: float) -> float:
    return dot / (norm * math.sqrt(squared_norm)) if dot > 0.0 else 0.0


def _join(story: StoryState, features: ArticleFeatures) -> None:
    """Add one article to a story's running means, key and word profiles, and date span."""
    size = story.size + 1
    centroid = story.centroid.astype(np.float32) * (story.size / size) + features.vector.astype(np.float32) / size
    story.centroid = centroid.astype(np.float32)
    story.size = size
    story.keys = _summed_keys(story.keys, features.keys)
    _widen_span(story, features.published, features.published)


def _absorb(story: StoryState, other: StoryState) -> None:
    """Join ``other`` into ``story``: means weighted by size, key and word profiles summed, spans united."""
    size = story.size + other.size
    if size:
        centroid = story.centroid.astype(np.float32) * story.size + other.centroid.astype(np.float32) * other.size
        story.centroid = (centroid / size).astype(np.float32)
    story.size = size
    story.keys = _summed_keys(story.keys, other.keys)
    _widen_span(story, other.first_published, other.last_published)


def _widen_span(story: StoryState, first: date | None, last: date | None) -> None:
    """Stretch a story's published span to cover ``first``..``last`` (unknown days change nothing)."""
    if first is not None:
        story.first_published = min(story.first_published or first, first)
    if last is not None:
        story.last_published = max(story.last_published or last, last)


def _summed_keys(keys: Mapping[str, float], added: Mapping[str, float]) -> dict[str, float]:
    """Two key profiles summed, then bounded: the heaviest identity keys, the most telling words."""
    summed = dict(keys)
    for key, weight in added.items():
        summed[key] = round(summed.get(key, 0.0) + weight, 4)
    identity, terms = split_keys(summed)
    if len(identity) > MAX_STORY_KEYS:
        identity = dict(sorted(identity.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_STORY_KEYS])
    for words in terms.values():
        identity.update(strongest(words, MAX_STORY_TERMS))
    return identity
