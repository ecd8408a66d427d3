"""The driver's in-memory merge follows the store's candidate rules, and stays bounded."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from eventwire.scale.event_merge import OpenEvent, OpenEvents
from eventwire.stories import EventRecord


def report(article_id: str, *, town: str = "Kharkiv", day: date | None = date(2025, 4, 20), killed: int = 5,
           published: date | None = date(2025, 4, 20), type_: str = "Explosions/Remote violence") -> EventRecord:  # fmt: skip
    lat, lon, geonameid = {"Kharkiv": (49.98, 36.25, 706483), "Odesa": (46.48, 30.73, 698740)}[town]
    return EventRecord(
        article_id=article_id, published=published, type=type_, subtype="shelling_artillery_missile_attack",
        actor1="Russia", actor2=None, lat=lat, lon=lon, geonameid=geonameid, location_name=town, country="UA",
        precision=1, date_start=day, date_end=day, fatalities_min=killed, fatalities_max=killed, injuries_min=None,
        injuries_max=None, flags=[], syndicated=False,
    )  # fmt: skip


def test_reports_merge_as_the_store_merges_them() -> None:
    closed: list[OpenEvent] = []
    events = OpenEvents(closed.append)
    first, new = events.add(report("a1", killed=5), ("a1", 0))
    assert new
    assert events.add(report("a2", killed=7, published=date(2025, 4, 21)), ("a2", 0)) == (first, False)
    # Another town, or the same article again, is another event.
    assert events.add(report("a3", town="Odesa"), ("a3", 0))[1]
    assert events.add(report("a1", killed=5), ("a1", 1))[0] != first
    events.close_all()
    merged = next(e for e in closed if e.merged.id == first)
    assert merged.reports == [("a1", 0), ("a2", 0)]
    assert (merged.merged.fatalities_min, merged.merged.fatalities_max, merged.merged.fatalities_latest) == (5, 7, 7)
    assert len(closed) == 3 and len(events) == 0


def test_undated_reports_merge_only_when_reported_near_each_other() -> None:
    closed: list[OpenEvent] = []
    events = OpenEvents(closed.append)
    first, _ = events.add(report("a1", day=None, published=date(2025, 4, 1)), ("a1", 0))
    assert events.add(report("a2", day=None, published=date(2025, 4, 25)), ("a2", 0)) == (first, False)
    assert events.add(report("a3", day=None, published=date(2025, 7, 1)), ("a3", 0))[1]
    # A dated report never joins an undated event.
    assert events.add(report("a4", published=date(2025, 4, 2)), ("a4", 0))[1]


def test_past_capacity_the_least_recently_reported_event_is_closed() -> None:
    closed: list[OpenEvent] = []
    events = OpenEvents(closed.append, capacity=2)
    kharkiv, _ = events.add(report("a1"), ("a1", 0))
    events.add(report("a2", town="Odesa"), ("a2", 0))
    events.add(replace(report("a3"), type="Protests", subtype="peaceful_protest"), ("a3", 0))
    assert [e.merged.id for e in closed] == [kharkiv]
    # A closed event is never reopened: a later report of it starts a new one.
    assert events.add(report("a4"), ("a4", 0))[1]
