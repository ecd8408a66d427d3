"""StoryIndex stays bounded over a long run and still places the recent articles right."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from eventwire.stories import ArticleFeatures, StoryIndex, minhash_values
from eventwire.stories import index as story_index

WORDS = ["strike", "council", "harbour", "bridge", "river", "summit", "ministry", "election", "protest", "flood"]


def synthetic(n: int, rng: np.random.Generator) -> ArticleFeatures:
    """An article on a topic of its own: random unit vector, its own words and keys."""
    vector = rng.normal(size=384).astype(np.float32)
    text = " ".join(f"{WORDS[(n + i) % len(WORDS)]}{n}x{i}" for i in range(60))
    return ArticleFeatures(
        article_id=f"art-{n}",
        published=date(2024, 1, 1) + timedelta(days=n // 10),
        minhash=minhash_values(text),
        vector=vector / np.linalg.norm(vector),
        keys={f"g:{1000 + n}": 1.0, f"n:person{n}": 0.8},
        language="en",
    )


def test_stories_are_capped_and_recent_ones_still_attract_their_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(story_index, "MAX_STORIES", 10)
    rng = np.random.default_rng(7)
    index = StoryIndex()
    placed = [index.place(synthetic(n, rng), f"story {n}") for n in range(40)]
    assert all(p.new_story for p in placed)  # unrelated articles never join each other
    assert len(index) == 10
    assert {s.title for s in index.stories} == {f"story {n}" for n in range(30, 40)}
    again = synthetic(39, np.random.default_rng(7))  # same words as art-39: a syndicated copy
    again.article_id = "copy-of-39"
    placement = index.place(again, "copy")
    assert placement.duplicate_of == "art-39" and placement.story.id == placed[-1].story.id
    assert placement.story.size == 2 and len(index) == 10


def test_the_nearest_stories_by_embedding_are_candidates_when_rows_are_freed_and_reused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Forgotten stories free their matrix rows, new ones reuse them: the embedding candidates are always the
    16 nearest of the stories held, none forgotten, in the index's order (ties go to the first scored)."""
    monkeypatch.setattr(story_index, "MAX_STORIES", 30)
    rng = np.random.default_rng(11)
    index = StoryIndex()
    articles = [synthetic(n, rng) for n in range(60)]
    for n, article in enumerate(articles):
        index.place(article, f"story {n}")
        probe = synthetic(1000 + n, rng)
        held = {story.id: story.centroid / np.linalg.norm(story.centroid) for story in index.stories}
        nearest = sorted(held, key=lambda story_id: -float(held[story_id] @ probe.vector))
        candidates = index._candidates(probe, {}, {})
        assert set(candidates) == set(nearest[: story_index.NEAREST_BY_EMBEDDING]), n
        assert candidates == [story.id for story in index.stories if story.id in set(candidates)]  # index order


def _pointing(vector: np.ndarray, n: int) -> ArticleFeatures:
    """An article whose only evidence is its embedding (no keys, no words): scores are its cosines."""
    text = " ".join(f"{WORDS[i % len(WORDS)]}{n}y{i}" for i in range(60))
    return ArticleFeatures(
        article_id=f"pointing-{n}", published=date(2024, 3, 1), minhash=minhash_values(text),
        vector=(vector / np.linalg.norm(vector)).astype(np.float32), keys={}, language="en",
    )  # fmt: skip


def test_an_article_that_fits_two_stories_joins_them_into_the_best_one() -> None:
    east, north, up = np.eye(384, dtype=np.float32)[:3]
    index = StoryIndex()
    first = index.place(_pointing(east, 1), "first start")
    second = index.place(_pointing(north, 2), "second start")
    assert second.new_story and len(index) == 2  # cosine 0: two stories
    bridge = index.place(_pointing(east + 0.9 * north, 3), "bridge")  # cosines 0.74 and 0.67: fits both
    assert not bridge.new_story and bridge.story.id == first.story.id and bridge.merged == (second.story.id,)
    assert len(index) == 1 and bridge.story.size == 3
    assert np.allclose(bridge.story.centroid, (east + north + _pointing(east + 0.9 * north, 3).vector) / 3, atol=1e-6)
    # The joined story's member is the merged story's now: its syndicated copy joins the survivor.
    copy = _pointing(north, 2)
    copy.article_id = "copy-of-2"
    placed = index.place(copy, "copy")
    assert placed.duplicate_of == "pointing-2" and placed.story.id == first.story.id and placed.merged == ()
    # An article that fits one story only merges nothing; one that fits none starts a story.
    assert index.place(_pointing(east, 4), "again").merged == ()
    assert index.place(_pointing(up, 5), "elsewhere").new_story


def test_merged_stories_resolve_through_chains() -> None:
    from eventwire.stories import MergedStories
    from eventwire.stories.index import Placement, StoryState

    def placement(story_id: str, *merged: str) -> Placement:
        story = StoryState(story_id, "", 1, np.zeros(384, np.float32), {}, None, None)
        return Placement(story=story, new_story=False, duplicate_of=None, merged=merged)

    merged = MergedStories()
    merged.record(placement("b", "a"))
    merged.record(placement("c", "b", "d"))
    assert [merged.resolve(s) for s in "abcde"] == ["c", "c", "c", "c", "e"]
    assert sorted(merged.items()) == [("a", "c"), ("b", "c"), ("d", "c")] and len(merged) == 3
