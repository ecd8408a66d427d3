"""Hand-written articles (``articles.jsonl``) run once through the real pipeline, shared by the story tests.

The set was written for eventwire (it copies no evaluation data): real-world-style reports of 30
events by several outlets, in English, Ukrainian and Russian, with same-week and same-kind
distractors, follow-ups weeks after their event, two syndicated copies of a wire story (``a1b``,
``f3``) and labels in ``event_id``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.model import Result
from eventwire.stories import ArticleFeatures, article_features_many

ARTICLES = Path(__file__).with_name("articles.jsonl")
# The articles the story tests use (about 0.3 s each through the pipeline): six cross-lingual events,
# English-only ones, and distractors sharing their leaders, their week or their kind of event.
USED = [
    "a1", "a1b", "a2", "a3", "a4", "c1", "c2", "c3", "d1", "d2", "d3", "d4", "e1", "e2", "e3", "e4", "k1",
    "m1", "m2", "m3", "r1", "r2", "r3", "s1", "f1", "f3", "l1", "o1", "o2",
]  # fmt: skip
# More articles for the long-running coverage test: follow-ups 3-5 weeks after their event (d5, g3, m4, o4)
# and events of the same kind as one before them (t2 a month before the Baltimore bridge, x1/x2 two weeks
# after the Turkey quake, z2 three months after the Crocus attack).
LONG_RUNNING = ["d5", "g1", "g2", "g3", "m4", "z2", "o3", "o4", "t2", "x1", "x2"]


def load_rows() -> dict[str, dict]:
    rows = [json.loads(line) for line in ARTICLES.read_text("utf-8").splitlines() if line.strip()]
    return {row["dId"]: row for row in rows}


@pytest.fixture(scope="session")
def rows() -> dict[str, dict]:
    return load_rows()


@pytest.fixture(scope="session")
def results(rows: dict[str, dict]) -> dict[str, Result]:
    from eventwire.eval.stories import raw_doc
    from eventwire.pipeline import process_many

    outcomes = list(process_many([raw_doc(rows[key]) for key in USED + LONG_RUNNING], workers=1))
    failed = [o for o in outcomes if not isinstance(o, Result)]
    assert not failed, failed
    return {o.article.id: o for o in outcomes}


@pytest.fixture(scope="session")
def features(results: dict[str, Result]) -> dict[str, ArticleFeatures]:
    computed = article_features_many([(key, results[key]) for key in USED + LONG_RUNNING])
    return {f.article_id: f for f in computed}
