"""Regression floor for story clustering on the story-cluster dev half (not a timing test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.eval.stories import evaluate_stories

DATA = Path(__file__).resolve().parents[2].parent / "shared/data/story-clusters/articles.jsonl"
# Reached B-cubed F1 0.948 (P 1.000, R 0.901) once stories an article fits were joined (0.911 before);
# the floor sits just below. Nothing in the clustering is fitted to this file (stories/scoring.py).
F1_FLOOR = 0.94


@pytest.mark.skipif(not DATA.exists(), reason=f"story-cluster dev half not found at {DATA}")
def test_eventwire_story_clustering_floor_and_the_baseline_beaten() -> None:
    report = evaluate_stories(DATA, workers=2)
    assert report["errors"] == 0 and report["n"] >= 180
    ours, baseline = report["systems"]
    assert ours["system"] == "eventwire" and ours["f1"] >= F1_FLOOR, ours
    assert ours["precision"] >= 0.97, ours  # joined stories must not mix events
    assert ours["f1"] > baseline["f1"] + 0.03, (ours, baseline)
