"""Events from whole articles: follow-up casualty sentences, reporters are not actors, flags."""

from __future__ import annotations

from datetime import date

from eventwire.model import RawDoc, Result
from eventwire.pipeline import process

UKRAINIAN = """Росія вдарила дронами по Харкову: загинули троє людей
20 квітня 2025

Уночі російські війська атакували Харків ударними безпілотниками, повідомив мер міста Ігор Терехов. Унаслідок удару загинули троє людей, ще 12 поранені.

За словами голови Харківської ОВА Олега Синєгубова, пошкоджено житлові будинки та автомобілі.
"""

ENGLISH = """Missile strike on Dnipro kills four

Russian missiles hit an apartment block in Dnipro on Monday, regional governor Serhiy Lysak said. Four people were killed and 20 were wounded.

Officials in Kyiv warned that Russia could launch more missile strikes on energy facilities in the coming days.
"""


def _run(text: str, published: str | None = None) -> Result:
    return process(RawDoc(id="t", text=text, published=published))


def test_ukrainian_strike_takes_casualties_from_the_next_sentence() -> None:
    result = _run(UKRAINIAN)
    (strike,) = [e for e in result.events if e.type == "Explosions/Remote violence"]
    assert strike.subtype == "air_drone_strike"
    assert strike.actor1 == "Russian Armed Forces"
    assert strike.actor2 != "Ігор Терехов"  # the mayor reported it
    assert strike.location is not None and strike.location.geonameid == 706483
    assert (strike.fatalities.min, strike.fatalities.max) == (3, 3)
    assert (strike.injuries.min, strike.injuries.max) == (12, 12)
    assert any("загинули троє" in ev.text for ev in strike.evidence)
    assert strike.date is not None and strike.date.start == date(2025, 4, 20)
    assert "headline_only" not in strike.flags


def test_english_strike_and_a_threat_of_more() -> None:
    result = _run(ENGLISH, published="2025-06-02")
    strikes = [e for e in result.events if e.type == "Explosions/Remote violence" and "hypothetical" not in e.flags]
    assert len(strikes) == 1  # title and body tell of one strike
    strike = strikes[0]
    assert strike.location is not None and strike.location.name == "Dnipro"
    assert (strike.fatalities.min, strike.fatalities.max) == (4, 4)
    assert (strike.injuries.min, strike.injuries.max) == (20, 20)
    assert strike.actor1 == "Russian Armed Forces"
    assert strike.actor2 != "Serhiy Lysak"
    assert {ev.in_ for ev in strike.evidence} == {"title", "text"}
    threats = [e for e in result.events if any("could launch" in ev.text for ev in e.evidence)]
    assert threats and all("hypothetical" in e.flags for e in threats)
    assert all(e.fatalities is None for e in threats)


def test_no_events_in_text_without_any() -> None:
    result = _run("Weather\n\nThe weather in Lviv will be sunny on Saturday, forecasters said.")
    assert [e for e in result.events if e.type == "Explosions/Remote violence"] == []


def test_absurd_figures_and_future_dates_make_no_absurd_event() -> None:
    text = "Strike\n\nA Russian missile strike in Kharkiv killed 10,000,000 people on 12 March 2150, officials said."
    result = _run(text, published="2025-03-12")
    (strike,) = result.events
    assert strike.fatalities is None
    assert any("implausible" in w for w in result.warnings)
    assert strike.date is None or strike.date.start.year < 2100
