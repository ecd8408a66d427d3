"""The story score: a weighted mean of the evidence there is, minus a date penalty that strong content overcomes."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.stories import scoring
from eventwire.stories.scoring import Evidence, content, date_penalty, key_weight, score

# Typical values on the hand-written set (see the scoring docstring): a follow-up weeks later shares the
# subject of the lead, the names and the rare words; a same-kind event in the same place shares less.
FOLLOW_UP = {"embedding": 0.78, "keys": 0.65, "terms": 0.40}
SAME_KIND = {"embedding": 0.62, "keys": 0.50, "terms": 0.25}


def joins(evidence: Evidence) -> bool:
    return score(evidence) >= scoring.JOIN_THRESHOLD


def test_the_penalty_starts_after_the_grace_and_stops_at_the_cap() -> None:
    assert date_penalty(0) == date_penalty(scoring.DATE_GRACE_DAYS) == 0.0
    assert date_penalty(scoring.DATE_GRACE_DAYS + 1) == pytest.approx(scoring.DATE_PENALTY_PER_DAY)
    assert date_penalty(9) == date_penalty(30) == date_penalty(400) == scoring.DATE_PENALTY_MAX
    steps = [date_penalty(days) for days in range(60)]
    assert steps == sorted(steps)


@pytest.mark.parametrize("days", [0, 1, 2])
def test_within_days_both_kinds_of_match_join(days: int) -> None:
    """Nothing in the dates tells two reports of one event from two events of a week (a known limit)."""
    assert joins(Evidence(**FOLLOW_UP, days=days)) and joins(Evidence(**SAME_KIND, days=days))


@pytest.mark.parametrize("days", [10, 30, 56])
def test_weeks_later_a_strong_match_joins_and_a_medium_one_does_not(days: int) -> None:
    assert joins(Evidence(**FOLLOW_UP, days=days))
    assert not joins(Evidence(**SAME_KIND, days=days))


def test_a_missing_signal_leaves_the_mean_instead_of_counting_as_zero() -> None:
    keys_only = Evidence(embedding=None, keys=0.6, terms=None, days=0)
    assert content(keys_only) == pytest.approx(0.6)
    with_words = Evidence(embedding=None, keys=0.6, terms=0.4, days=0)
    expected = (scoring.WEIGHT_KEYS * 0.6 + scoring.WEIGHT_TERMS * 0.4) / (scoring.WEIGHT_KEYS + scoring.WEIGHT_TERMS)
    assert content(with_words) == pytest.approx(expected)
    everything = Evidence(embedding=0.8, keys=0.6, terms=0.4, days=5)
    total = scoring.WEIGHT_EMBEDDING + scoring.WEIGHT_KEYS + scoring.WEIGHT_TERMS
    mean = (scoring.WEIGHT_EMBEDDING * 0.8 + scoring.WEIGHT_KEYS * 0.6 + scoring.WEIGHT_TERMS * 0.4) / total
    assert score(everything) == pytest.approx(mean - date_penalty(5))


def test_no_shared_key_leaves_the_mean_when_other_evidence_is_there() -> None:
    """Keys confirm: sparse or noisy keys (non-political news) sharing nothing must not pull a match down."""
    unconfirmed = Evidence(embedding=0.7, keys=0.0, terms=0.3, days=0)
    expected = (scoring.WEIGHT_EMBEDDING * 0.7 + scoring.WEIGHT_TERMS * 0.3) / (
        scoring.WEIGHT_EMBEDDING + scoring.WEIGHT_TERMS
    )
    assert content(unconfirmed) == pytest.approx(expected)
    assert content(Evidence(embedding=None, keys=0.0, terms=None, days=0)) == 0.0


def test_unseen_keys_weigh_one_and_seen_ones_their_idf() -> None:
    assert key_weight(100, 0) == 1.0
    assert key_weight(100, 1) > key_weight(100, 50) > key_weight(100, 100) == pytest.approx(1.0)


def test_days_outside_a_story_span() -> None:
    first, last = date(2024, 5, 25), date(2024, 5, 27)
    assert scoring.days_outside(date(2024, 5, 26), first, last) == 0
    assert scoring.days_outside(date(2024, 6, 7), first, last) == 11
    assert scoring.days_outside(date(2024, 5, 20), first, last) == 5
    assert scoring.days_outside(None, first, last) == 0
