"""Ukrainian and Russian sentences with inflected place names: most expected places are found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.geo import geoparse
from eventwire.geo.distance import haversine_km

SENTENCES = Path(__file__).with_name("uk_ru_sentences.jsonl")
# A found place counts when it lies this close to the expected one (a town, not its oblast).
WITHIN_KM = 20.0
# Share of expected places that must be found; measured 0.96 when this test was written.
FLOOR = 0.90


def _cases() -> list[dict]:
    rows = [json.loads(line) for line in SENTENCES.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if "text" in r]


def test_corpus_is_large_enough() -> None:
    cases = _cases()
    assert len(cases) >= 200
    assert {c["lang"] for c in cases} == {"uk", "ru"}


def test_inflected_places_are_found() -> None:
    found = expected = 0
    misses = []
    for case in _cases():
        places = geoparse(case["text"], language=case["lang"])
        for want in case["places"]:
            expected += 1
            ok = any(
                p.lat is not None and haversine_km(want["lat"], want["lon"], p.lat, p.lon) <= WITHIN_KM for p in places
            )
            found += ok
            if not ok:
                misses.append((case["text"], want["name"], [(p.mention, p.name) for p in places]))
    share = found / expected
    print(f"uk/ru places found within {WITHIN_KM} km: {found}/{expected} = {share:.3f}")
    assert share >= FLOOR, misses[:20]


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Бої тривають під Бахмутом.", "uk", "Bakhmut"),
        ("Ракета влучила в будинок у Харкові.", "uk", "Kharkiv"),
        ("Евакуаційний потяг вирушив з Києва.", "uk", "Kyiv"),
        ("В Донецкой области продолжается эвакуация.", "ru", "Donetsk Oblast"),
    ],
)
def test_case_forms(text: str, lang: str, name: str) -> None:
    assert name in [p.name for p in geoparse(text, language=lang)]
