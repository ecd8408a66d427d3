"""Long-running coverage through the real pipeline: follow-ups weeks later join their story, same-kind events don't."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eventwire.stories import ArticleFeatures, StoryIndex, scoring
from eventwire.stories.terms import is_term

# A live feed in publication order: four events, each followed up 3-5 weeks later (d5 a month after the
# Kakhovka dam, g3 a month after the Morocco quake, m4 the Crocus toll five weeks on, o4 Fico's first video
# three weeks on), and events of the same kind as one before them: another ship striking another bridge a
# month apart (t2, l1), a new Hatay quake two weeks after the Turkey-Syria one (x1, x2), an attack in
# Dagestan three months after Crocus (z2), written with the earlier event as background.
FEED = [
    "d1", "d2", "d3", "d4", "d5", "g1", "g2", "g3", "m1", "m2", "m3", "m4", "z2",
    "o1", "o2", "o3", "o4", "l1", "t2", "f1", "f3", "x1", "x2",
]  # fmt: skip
FOLLOW_UPS = ["d5", "g3", "m4", "o4"]


def chronological(rows: dict[str, dict]) -> list[str]:
    return sorted(FEED, key=lambda key: rows[key]["date_publish"])


def stories_of(index: StoryIndex, features: dict[str, ArticleFeatures], rows: dict[str, dict]) -> dict[str, str]:
    return {key: index.place(features[key], rows[key]["title"]).story.id for key in chronological(rows)}


def partition(labels: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for key, label in labels.items():
        groups.setdefault(label, set()).add(key)
    return {frozenset(g) for g in groups.values()}


def test_follow_ups_join_and_same_kind_events_start_their_own_stories(
    features: dict[str, ArticleFeatures], rows: dict[str, dict]
) -> None:
    labels = stories_of(StoryIndex(), features, rows)
    assert partition(labels) == partition({key: rows[key]["event_id"] for key in FEED})


def test_the_follow_ups_join_only_because_the_date_penalty_stops_growing(
    features: dict[str, ArticleFeatures], rows: dict[str, dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the linear penalty of before (no cap), each follow-up starts a story of its own."""
    monkeypatch.setattr(scoring, "DATE_PENALTY_MAX", float("inf"))
    labels = stories_of(StoryIndex(), features, rows)
    for key in FOLLOW_UPS:
        assert sum(label == labels[key] for label in labels.values()) == 1, key


def test_words_are_part_of_the_keys_and_survive_the_stores_json(
    features: dict[str, ArticleFeatures], rows: dict[str, dict]
) -> None:
    index = StoryIndex()
    for key in ("m1", "m2", "m3"):
        story = index.place(features[key], rows[key]["title"]).story
    words = {key for key in story.keys if is_term(key)}
    assert {"w:en:crocus", "w:ru:крокус"} <= words
    stored = json.loads(json.dumps(story.keys))
    rebuilt = StoryIndex([type(story)(**{**story.__dict__, "keys": stored, "centroid": story.centroid.copy()})])
    before = index.evidence(features["m4"], story.id)
    after = rebuilt.evidence(features["m4"], story.id)
    assert before == after and after.terms is not None and after.terms > 0.3
    assert np.any(features["m4"].vector)
