"""Golden test on what users get: the sample page through the whole pipeline.

Sections "People, organisations, places" and "Quotes" of samples/ukraine-russia-2025-04-20.expected.md.
"""

from __future__ import annotations

import pytest

from eventwire.model import RawDoc, Result
from eventwire.pipeline import process


@pytest.fixture(scope="module")
def result() -> Result:
    from tests.conftest import SAMPLES

    return process(RawDoc(id="sample", text=(SAMPLES / "ukraine-russia-2025-04-20.txt").read_text("utf-8")))


def _entity(result: Result, canonical: str):
    return next(e for e in result.entities if e.canonical == canonical)


def test_people_canonical_and_roles(result: Result) -> None:
    people = {e.canonical for e in result.entities if e.label == "PERSON"}
    expected = {"Kirill Dmitriyev", "Vladimir Putin", "Donald Trump", "Steve Witkoff", "Joe Biden", "Elon Musk"}
    assert expected <= people
    assert "Vladimir Putin Kirill Dmitriyev" not in people
    dmitriyev = _entity(result, "Kirill Dmitriyev")
    roles = " | ".join(dmitriyev.roles).lower()
    assert "plenipotentiary" in roles and "putin" in roles
    assert "former investment banker" in roles
    text = result.article.text
    mentioned = {text[s:e] for s, e in dmitriyev.mentions}
    assert "Dmitriyev" in mentioned
    assert any("Putin’s man" in m or "Putin's man" in m for m in mentioned)
    assert "plenipotentiary" in " ".join(_entity(result, "Steve Witkoff").roles).lower()


def test_organisations(result: Result) -> None:
    orgs = {e.canonical for e in result.entities if e.label == "ORG"}
    assert {"NBC News", "Reuters"} <= orgs
    assert any("Kremlin" in name for name in orgs)
    assert "Kharkov" not in {e.text for e in result.entities if e.label == "PERSON"}


def test_places(result: Result) -> None:
    title_places = {p.geonameid: p for p in result.places if p.in_ == "title"}
    kharkiv = title_places[706483]
    assert kharkiv.mention == "Kharkov" and kharkiv.country == "UA"
    assert round(kharkiv.lat, 2) == 49.98 and round(kharkiv.lon, 2) == 36.25
    assert result.article.title[kharkiv.start : kharkiv.end] == "Kharkov"
    names = {p.name for p in result.places}
    assert {"Washington", "Moscow", "Ukraine", "Russia", "United States", "Saudi Arabia", "Europe"} <= names
    assert any("Arctic" in name for name in names)
    washington = next(p for p in result.places if p.name == "Washington")
    assert washington.geonameid == 4140963
    assert "Mars" not in {p.mention for p in result.places}
    for place in result.places:
        source = result.article.title if place.in_ == "title" else result.article.text
        assert source[place.start : place.end] == place.mention


def _quote(result: Result, start: str):
    return next(q for q in result.quotes if q.text.startswith(start))


def test_quotes_with_speakers(result: Result) -> None:
    assert _quote(result, "We undoubtedly record positive dynamics").speaker == "Kirill Dmitriyev"
    assert _quote(result, "I think we need a long-term solution").speaker == "Kirill Dmitriyev"
    angry = _quote(result, "angry")
    assert angry.text == "angry" and angry.speaker == "Donald Trump" and angry.direct
    assert _quote(result, "solve questions").speaker == "Kirill Dmitriyev"
    for quote in result.quotes:
        assert result.article.text[quote.start : quote.end] == quote.text
