"""Cross-source event merge: reports of one strike become one event; other towns, days or actors do not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from eventwire.model import Count, Event, EventDate, EventPlace
from eventwire.stories import EventRecord, MergedEvent, absorb, event_record, matches, start_event

KHARKIV = {"name": "Kharkiv", "geonameid": 706483, "lat": 49.98081, "lon": 36.25272, "country": "UA",
           "feature_code": "PPLA"}  # fmt: skip
# Chuhuiv lies ~37 km south-east of Kharkiv; Odesa ~550 km south-west.
CHUHUIV = {"name": "Chuhuiv", "geonameid": 710403, "lat": 49.83559, "lon": 36.68674, "country": "UA",
           "feature_code": "PPL"}  # fmt: skip
ODESA = {"name": "Odesa", "geonameid": 698740, "lat": 46.47747, "lon": 30.73262, "country": "UA",
         "feature_code": "PPLA"}  # fmt: skip
KHARKIV_OBLAST = {"name": "Kharkiv Oblast", "geonameid": 706482, "lat": 49.5, "lon": 36.5, "country": "UA",
                  "feature_code": "ADM1"}  # fmt: skip
LVIV_OBLAST = {"name": "Lviv Oblast", "geonameid": 702549, "lat": 49.8, "lon": 24.0, "country": "UA",
               "feature_code": "ADM1"}  # fmt: skip


def strike(
    place: dict | None = KHARKIV,
    day: date = date(2024, 5, 25),
    killed: tuple[int | None, int | None] | None = None,
    precision: int = 1,
    actor1: str | None = "Russian Armed Forces",
    actor2: str | None = None,
    flags: tuple[str, ...] = (),
) -> Event:
    """An airstrike event as the events stage reports it."""
    return Event(
        type="Explosions/Remote violence",
        subtype="air_drone_strike",
        actor1=actor1,
        actor2=actor2,
        location=EventPlace(mention=place["name"], start=0, end=len(place["name"]), precision=precision, **place)
        if place
        else None,
        date=EventDate(start=day, end=day, precision="day"),
        fatalities=Count(min=killed[0], max=killed[1]) if killed else None,
        flags=list(flags),
    )


def record(article: str, published: date, event: Event, syndicated: bool = False) -> EventRecord:
    return event_record(article, published, event, syndicated)


def test_two_reports_of_one_strike_merge_with_the_casualty_spread() -> None:
    first = record("wire", date(2024, 5, 25), strike(killed=(6, 6)))
    second = record("guardian", date(2024, 5, 26), strike(killed=(12, 12), actor1=None))
    third = record("pravda", date(2024, 5, 25), strike(killed=(2, None), actor1="російські війська"))
    merged = start_event(first)
    assert (merged.n_sources, merged.n_independent, merged.fatalities_latest) == (1, 1, 6)
    for report in (second, third):
        assert matches(merged, report)
        merged = absorb(merged, report)
    assert (merged.fatalities_min, merged.fatalities_max) == (2, 12)
    # The latest report (by published date) is the Guardian's 12, although the 25 May report came in after it.
    assert merged.fatalities_latest == 12
    assert (merged.n_sources, merged.n_independent) == (3, 3)
    assert (merged.first_reported, merged.last_reported) == (date(2024, 5, 25), date(2024, 5, 26))
    assert merged.actor1 == "Russian Armed Forces"
    assert merged.id.startswith("e-")


def test_a_later_report_without_a_figure_keeps_the_latest_figure() -> None:
    merged = start_event(record("a", date(2024, 5, 25), strike(killed=(6, 6))))
    merged = absorb(merged, record("b", date(2024, 5, 27), strike()))
    assert merged.fatalities_latest == 6 and merged.last_reported == date(2024, 5, 27)


def test_syndicated_copy_adds_a_source_but_not_an_independent_one() -> None:
    merged = start_event(record("wire", date(2024, 5, 25), strike(killed=(6, 6))))
    copy = record("copy", date(2024, 5, 25), strike(killed=(6, 6)), syndicated=True)
    assert matches(merged, copy)
    merged = absorb(merged, copy)
    assert (merged.n_sources, merged.n_independent) == (2, 1)
    merged = absorb(merged, record("own", date(2024, 5, 26), strike(killed=(12, 12))))
    assert (merged.n_sources, merged.n_independent) == (3, 2)


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (strike(place=ODESA), "another city"),
        (strike(day=date(2024, 5, 23)), "two days earlier"),
        (strike(actor1="Armed Forces of Ukraine"), "another known actor"),
        (strike(flags=("hypothetical",)), "a threat, not a strike"),
        (strike(flags=("negated",)), "denied"),
        (strike().model_copy(update={"type": "Battles", "subtype": "armed_clash"}), "another type"),
        (strike().model_copy(update={"subtype": "shelling_artillery_missile_attack"}), "another subtype"),
    ],
)
def test_reports_that_are_not_the_same_event_do_not_merge(other: Event, why: str) -> None:
    merged = start_event(record("wire", date(2024, 5, 25), strike()))
    assert not matches(merged, record("other", date(2024, 5, 25), other)), why


def test_place_distance_depends_on_precision() -> None:
    town = start_event(record("a", date(2024, 5, 25), strike(place=KHARKIV)))
    assert not matches(town, record("b", date(2024, 5, 25), strike(place=CHUHUIV)))  # 37 km > 25 km
    district = start_event(record("a", date(2024, 5, 25), strike(place=KHARKIV, precision=2)))
    assert matches(district, record("b", date(2024, 5, 25), strike(place=CHUHUIV, precision=2)))  # < 75 km
    region = start_event(record("a", date(2024, 5, 25), strike(place=KHARKIV_OBLAST, precision=3)))
    assert matches(region, record("b", date(2024, 5, 25), strike(place=KHARKIV)))  # same country at region level
    other_region = start_event(record("a", date(2024, 5, 25), strike(place=LVIV_OBLAST, precision=3)))
    assert matches(other_region, record("b", date(2024, 5, 25), strike(place=KHARKIV_OBLAST, precision=3)))
    foreign = replace(record("b", date(2024, 5, 25), strike(place=KHARKIV_OBLAST, precision=3)), country="RU")
    assert not matches(other_region, foreign)


def test_the_more_precise_place_is_kept() -> None:
    merged = start_event(record("a", date(2024, 5, 25), strike(place=KHARKIV_OBLAST, precision=3)))
    merged = absorb(merged, record("b", date(2024, 5, 25), strike(place=KHARKIV)))
    assert (merged.location_name, merged.precision, merged.geonameid) == ("Kharkiv", 1, 706483)


def test_unknown_actor_matches_anything_and_is_filled_in() -> None:
    merged = start_event(record("a", date(2024, 5, 25), strike(actor1=None)))
    assert matches(merged, record("b", date(2024, 5, 25), strike(actor1="Russian Armed Forces")))
    merged = absorb(merged, record("b", date(2024, 5, 25), strike(actor1="Russian Armed Forces")))
    assert merged.actor1 == "Russian Armed Forces"


def test_actors_match_across_scripts_and_swapped_roles() -> None:
    merged = start_event(record("a", date(2024, 5, 25), strike(actor1="Russian Armed Forces", actor2="ЗСУ")))
    swapped = record("b", date(2024, 5, 25), strike(actor1="Armed Forces of Ukraine", actor2="Russian Armed Forces"))
    assert matches(merged, swapped)


def test_flagged_reports_merge_only_with_reports_flagged_alike() -> None:
    threat = start_event(record("a", date(2024, 5, 25), strike(flags=("hypothetical",))))
    assert matches(threat, record("b", date(2024, 5, 25), strike(flags=("hypothetical", "reported"))))
    threat = absorb(threat, record("b", date(2024, 5, 25), strike(flags=("hypothetical", "reported"))))
    assert threat.flags == ["hypothetical"]  # kept only what every report carries
    assert not matches(threat, record("c", date(2024, 5, 25), strike()))
    assert not matches(threat, record("c", date(2024, 5, 25), strike(flags=("negated",))))


def test_unplaced_report_needs_a_shared_known_actor() -> None:
    placed = start_event(record("a", date(2024, 5, 25), strike()))
    assert matches(placed, record("b", date(2024, 5, 25), strike(place=None)))
    assert not matches(placed, record("b", date(2024, 5, 25), strike(place=None, actor1=None)))


def test_dates_within_a_day_match_and_widen_the_range() -> None:
    merged = start_event(record("a", date(2024, 5, 25), strike(day=date(2024, 5, 25))))
    assert matches(merged, record("b", date(2024, 5, 26), strike(day=date(2024, 5, 26))))
    merged = absorb(merged, record("b", date(2024, 5, 26), strike(day=date(2024, 5, 26))))
    assert (merged.date_start, merged.date_end) == (date(2024, 5, 25), date(2024, 5, 26))


def test_merged_event_has_every_contract_field() -> None:
    fields = set(MergedEvent.__dataclass_fields__)
    assert {"fatalities_latest", "n_sources", "n_independent", "first_reported", "last_reported"} <= fields
    assert {"syndicated", "article_id", "published"} <= set(EventRecord.__dataclass_fields__)
