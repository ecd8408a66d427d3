"""Golden test: the "Events" section of samples/ukraine-russia-2025-04-20.expected.md, through the whole pipeline."""

from __future__ import annotations

import pytest

from eventwire.model import Event, RawDoc, Result
from eventwire.pipeline import process

VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}


@pytest.fixture(scope="module")
def result() -> Result:
    from tests.conftest import SAMPLES

    text = (SAMPLES / "ukraine-russia-2025-04-20.txt").read_text("utf-8")
    return process(RawDoc(id="sample", text=text))


def _with_evidence(result: Result, words: str) -> Event:
    return next(e for e in result.events if any(words in ev.text for ev in e.evidence))


def test_headline_drone_strike_is_headline_only(result: Result) -> None:
    strike = next(e for e in result.events if e.subtype == "air_drone_strike")
    assert strike.type == "Explosions/Remote violence"
    assert strike.location is not None and strike.location.geonameid == 706483
    assert strike.location.precision == 1
    assert strike.fatalities is not None and (strike.fatalities.min, strike.fatalities.max) == (3, None)
    assert "headline_only" in strike.flags
    assert [ev.in_ for ev in strike.evidence] == ["title"]
    assert strike.actor1 == "Russian Armed Forces"
    assert strike.confidence <= 0.5
    assert strike.confidence < _with_evidence(result, "Dmitriyev met with").confidence


def test_meeting_in_washington(result: Result) -> None:
    meeting = _with_evidence(result, "Dmitriyev met with")
    assert meeting.subtype == "consult" and meeting.type == "Political interaction"
    assert {meeting.actor1, meeting.actor2} == {"Kirill Dmitriyev", "Steve Witkoff"}
    assert meeting.location is not None and meeting.location.geonameid == 4140963
    assert not {"hypothetical", "negated", "background", "headline_only"} & set(meeting.flags)


def test_sanctions_threat_is_hypothetical(result: Result) -> None:
    threat = _with_evidence(result, "imposing sanctions")
    assert threat.subtype == "threaten"
    assert "hypothetical" in threat.flags
    assert threat.actor1 == "Donald Trump"


def test_russia_demands_lifting_sanctions(result: Result) -> None:
    demand = _with_evidence(result, "demands the abolition")
    assert demand.subtype == "request"
    assert demand.actor1 == "Russia"
    assert "background" not in demand.flags


def test_no_invented_violent_event(result: Result) -> None:
    violent = [e for e in result.events if e.type in VIOLENT]
    assert len(violent) == 1
    assert all({"headline_only", "background"} & set(e.flags) for e in violent)


def test_evidence_offsets_point_at_the_text(result: Result) -> None:
    for event in result.events:
        for ev in event.evidence:
            source = result.article.title if ev.in_ == "title" else result.article.text
            assert source is not None and source[ev.start : ev.end] == ev.text
