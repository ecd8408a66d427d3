"""The geo stage on the sample page and on awkward input."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from eventwire.extract import extract_article
from eventwire.geo import geoparse, geoparse_document, geoparse_jsonl
from eventwire.model import RawDoc

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "ukraine-russia-2025-04-20.txt"


@pytest.fixture(scope="module")
def sample_places():
    article = extract_article(RawDoc(id="s", text=SAMPLE.read_text(encoding="utf-8")))
    title, body = geoparse_document(article.text, language=article.language, title=article.title)
    return article, title, body


def test_title_kharkov_is_kharkiv(sample_places) -> None:
    article, title, _ = sample_places
    kharkiv = [p for p in title if p.mention == "Kharkov"]
    assert len(kharkiv) == 1
    p = kharkiv[0]
    assert (p.geonameid, p.country) == (706483, "UA")
    assert abs(p.lat - 49.98) < 0.01 and abs(p.lon - 36.25) < 0.01
    assert article.title[p.start : p.end] == "Kharkov"


def test_body_places(sample_places) -> None:
    article, _, body = sample_places
    by_mention: dict[str, set] = {}
    for p in body:
        assert article.text[p.start : p.end] == p.mention
        assert 0.0 <= p.score <= 1.0
        by_mention.setdefault(p.mention, set()).add(p.geonameid)
    assert by_mention["Washington"] == {4140963}
    assert by_mention["Moscow"] == {524901}
    assert by_mention["Ukraine"] == {690791}
    assert by_mention["Russia"] == {2017370}
    assert by_mention["US"] == {6252001}
    assert by_mention["Saudi Arabia"] == {102358}
    assert by_mention["Europe"] == {6255148}
    assert any(p.name == "Arctic" and p.lat is not None and p.lat > 60 for p in body)
    assert "Mars" not in by_mention
    assert [p.start for p in body] == sorted(p.start for p in body)


def test_mars_is_never_geocoded() -> None:
    places = geoparse("Moscow showed interest in flights to Mars and to the Moon.", language="en")
    assert [p.mention for p in places] == ["Moscow"]


def test_no_places_in_placeless_text() -> None:
    text = "The committee met on Tuesday and agreed to raise the budget by three percent next year."
    assert geoparse(text, language="en") == []
    assert geoparse("", language="en") == []
    assert geoparse("   \n ", language=None) == []


def test_person_and_common_words_are_not_places() -> None:
    text = "Police said Jordan Smith met Mission staff. Washington said he would call later."
    mentions = {p.mention for p in geoparse(text, language="en")}
    assert not mentions & {"Police", "Mission", "Jordan"}


def test_container_decides_between_namesakes() -> None:
    places = geoparse("Shelling hit Izium, Kharkiv Oblast, on Monday.", language="en")
    izium = next(p for p in places if p.mention == "Izium")
    assert izium.country == "UA" and abs(izium.lat - 49.21) < 0.1


def test_ukrainian_text_prefers_ukraine() -> None:
    places = geoparse("Окупанти обстріляли Миколаївку, є поранені.", language="uk")
    assert places and places[0].country == "UA"


def test_many_capitalised_tokens_are_bounded() -> None:
    rng = random.Random(7)
    words = ["Alpha", "Bravo", "Kharkiv", "Delta", "Paris", "Echo", "Mission", "Zulu", "Police", "Tango"]
    text = " ".join(rng.choice(words) for _ in range(10_000))
    start = time.perf_counter()
    places = geoparse(text, language="en")
    assert time.perf_counter() - start < 60
    assert all(0 <= p.start < p.end <= len(text) for p in places)


def test_mixed_scripts_and_unknown_language() -> None:
    text = "Talks in Kyiv (Київ) and in Москва ended; délégués à Paris."
    places = geoparse(text, language=None)
    names = {p.name for p in places}
    assert {"Kyiv", "Moscow", "Paris"} <= names
    assert geoparse("Встреча прошла в Москве.", language="xx")[0].name == "Moscow"


def test_jsonl_errors_per_line() -> None:
    lines = [
        json.dumps({"id": "a", "text": "Floods hit Odesa.", "lang": "en"}),
        "not json",
        json.dumps({"id": "c"}),
    ]
    out = list(geoparse_jsonl(lines))
    assert out[0]["id"] == "a" and out[0]["places"][0]["name"] == "Odesa"
    assert "error" in out[1] and out[2] == {"id": "c", "error": out[2]["error"]}
