"""Cross-source event merge: reports of one real-world event from many articles become one event.

Two reports are of the same event when they agree on what (type; subtypes equal or one unknown),
where (within a distance that depends on how precisely each was located), when (date ranges that
overlap or touch, within ``DATE_WINDOW_DAYS``: "on Monday" and "overnight into Tuesday") and who
(actors compatible: an unknown actor matches anything, two different known actors do not).
Reports flagged hypothetical, negated or background stay apart from reports of things that
happened: a threat to strike is not the strike.

The merged event keeps the spread of casualty figures, as a monitor reads them: the lowest
minimum, the highest maximum, and the figure of the latest report (tolls rise as bodies are found).
A syndicated copy of another supporting article adds a source but not an independent one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar

from eventwire.geo.distance import haversine_km
from eventwire.model import Event
from eventwire.nlp.actors import lookup
from eventwire.nlp.translit import skeleton

# Largest distance between two reports' places, by the coarser precision of the two (1 town, 2 district
# or "near", 3 region or country): a town's reports may name the town or a suburb 20 km out; a district
# spans ~50 km; region- or country-level reports only need the same country (checked separately).
MAX_KM_BY_PRECISION = {1: 25.0, 2: 75.0}
# Two date ranges this many days apart still count as one event (time zones, "late Monday" vs "Tuesday").
DATE_WINDOW_DAYS = 1
_Ordered = TypeVar("_Ordered", int, date)
# Reports that are not of something that happened; they merge only with reports flagged the same way.
UNREAL_FLAGS = frozenset({"hypothetical", "negated", "background"})


@dataclass
class EventRecord:
    """One event as reported by one article (a row of ``event_sources``)."""

    article_id: str
    published: date | None
    type: str
    subtype: str | None
    actor1: str | None
    actor2: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    location_name: str | None
    country: str | None
    precision: int | None
    date_start: date | None
    date_end: date | None
    fatalities_min: int | None
    fatalities_max: int | None
    injuries_min: int | None
    injuries_max: int | None
    flags: list[str] = field(default_factory=list)
    syndicated: bool = False


@dataclass
class MergedEvent:
    """One real-world event and the spread of what its reports say (a row of ``events``)."""

    id: str
    type: str
    subtype: str | None
    actor1: str | None
    actor2: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    location_name: str | None
    country: str | None
    precision: int | None
    date_start: date | None
    date_end: date | None
    fatalities_min: int | None
    fatalities_max: int | None
    fatalities_latest: int | None
    injuries_min: int | None
    injuries_max: int | None
    flags: list[str]
    n_sources: int
    n_independent: int
    first_reported: date | None
    last_reported: date | None


def event_record(article_id: str, published: date | None, event: Event, syndicated: bool) -> EventRecord:
    """The row one article's event becomes (``syndicated``: the article copies another supporting one)."""
    place, when = event.location, event.date
    return EventRecord(
        article_id=article_id,
        published=published,
        type=event.type,
        subtype=event.subtype,
        actor1=event.actor1,
        actor2=event.actor2,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        geonameid=place.geonameid if place else None,
        location_name=place.name if place else None,
        country=place.country if place else None,
        precision=place.precision if place else None,
        date_start=when.start if when else None,
        date_end=(when.end or when.start) if when else None,
        fatalities_min=event.fatalities.min if event.fatalities else None,
        fatalities_max=event.fatalities.max if event.fatalities else None,
        injuries_min=event.injuries.min if event.injuries else None,
        injuries_max=event.injuries.max if event.injuries else None,
        flags=sorted(set(event.flags)),
        syndicated=syndicated,
    )


def _actor_key(name: str) -> str:
    actor = lookup(name)
    return f"a:{actor.id}" if actor is not None else skeleton(name)


def _same_actor(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or _actor_key(a) == _actor_key(b)


def _actors_compatible(merged: MergedEvent, record: EventRecord) -> bool:
    """Known actors agree, in the same roles or swapped ("A attacked B" told as "B was attacked by A")."""
    straight = _same_actor(merged.actor1, record.actor1) and _same_actor(merged.actor2, record.actor2)
    swapped = _same_actor(merged.actor1, record.actor2) and _same_actor(merged.actor2, record.actor1)
    # Swapped roles only count when an actor really is shared: unknowns alone would pair any two attackers.
    return straight or (swapped and _shares_known_actor(merged, record))


def _shares_known_actor(merged: MergedEvent, record: EventRecord) -> bool:
    ours = {_actor_key(a) for a in (merged.actor1, merged.actor2) if a}
    return any(_actor_key(a) in ours for a in (record.actor1, record.actor2) if a)


def _places_compatible(merged: MergedEvent, record: EventRecord) -> bool:
    if merged.country and record.country and merged.country != record.country:
        return False
    located = None not in (merged.lat, merged.lon, record.lat, record.lon)
    if not located:
        # One report was not placed at all: only the same named actors tie it to the other.
        return _shares_known_actor(merged, record)
    if merged.geonameid is not None and merged.geonameid == record.geonameid:
        return True
    coarser = max(merged.precision or 3, record.precision or 3)
    if coarser not in MAX_KM_BY_PRECISION:
        return merged.country is not None and merged.country == record.country
    distance = haversine_km(merged.lat, merged.lon, record.lat, record.lon)  # type: ignore[arg-type]
    return distance <= MAX_KM_BY_PRECISION[coarser]


def _dates_compatible(merged: MergedEvent, record: EventRecord) -> bool:
    if merged.date_start is None or record.date_start is None:
        return merged.date_start is None and record.date_start is None
    merged_end = merged.date_end or merged.date_start
    record_end = record.date_end or record.date_start
    gap = max((record.date_start - merged_end).days, (merged.date_start - record_end).days, 0)
    return gap <= DATE_WINDOW_DAYS


def _unreal(flags: list[str]) -> frozenset[str]:
    return UNREAL_FLAGS.intersection(flags)


def matches(merged: MergedEvent, record: EventRecord) -> bool:
    """Whether ``record`` reports the event ``merged`` stands for: same type, compatible subtype,
    place within a distance, dates within a window, compatible actors, same kind of reality."""
    return (
        merged.type == record.type
        and (merged.subtype is None or record.subtype is None or merged.subtype == record.subtype)
        and _unreal(merged.flags) == _unreal(record.flags)
        and _dates_compatible(merged, record)
        and _places_compatible(merged, record)
        and _actors_compatible(merged, record)
    )


def start_event(record: EventRecord) -> MergedEvent:
    """A new merged event with one report."""
    figure = record.fatalities_max if record.fatalities_max is not None else record.fatalities_min
    return MergedEvent(
        id="e-" + uuid.uuid4().hex,
        type=record.type,
        subtype=record.subtype,
        actor1=record.actor1,
        actor2=record.actor2,
        lat=record.lat,
        lon=record.lon,
        geonameid=record.geonameid,
        location_name=record.location_name,
        country=record.country,
        precision=record.precision,
        date_start=record.date_start,
        date_end=record.date_end,
        fatalities_min=record.fatalities_min,
        fatalities_max=record.fatalities_max,
        fatalities_latest=figure,
        injuries_min=record.injuries_min,
        injuries_max=record.injuries_max,
        flags=list(record.flags),
        n_sources=1,
        n_independent=1,
        first_reported=record.published,
        last_reported=record.published,
    )


def _lowest(a: _Ordered | None, b: _Ordered | None) -> _Ordered | None:
    """The smaller of two values, an unknown one ignored."""
    return b if a is None else a if b is None else min(a, b)


def _highest(a: _Ordered | None, b: _Ordered | None) -> _Ordered | None:
    return b if a is None else a if b is None else max(a, b)


def _is_latest(merged: MergedEvent, record: EventRecord) -> bool:
    """Whether ``record`` is the newest report so far (an undated report never outranks a dated one)."""
    if record.published is None:
        return merged.last_reported is None
    return merged.last_reported is None or record.published >= merged.last_reported


def _filled_actors(merged: MergedEvent, record: EventRecord) -> dict[str, str | None]:
    """Unknown actors of ``merged`` taken from the report, in the report's order when it matched swapped."""
    straight = _same_actor(merged.actor1, record.actor1) and _same_actor(merged.actor2, record.actor2)
    first, second = (record.actor1, record.actor2) if straight else (record.actor2, record.actor1)
    return {"actor1": merged.actor1 or first, "actor2": merged.actor2 or second}


def absorb(merged: MergedEvent, record: EventRecord) -> MergedEvent:
    """``merged`` with one more report: casualty spread (min of mins, max of maxes, the latest report's
    figure), missing fields filled, the more precise place kept, counts and report dates updated."""
    figure = record.fatalities_max if record.fatalities_max is not None else record.fatalities_min
    latest = figure if figure is not None and _is_latest(merged, record) else merged.fatalities_latest
    sharper = record.lat is not None and (merged.lat is None or (record.precision or 3) < (merged.precision or 3))
    place = (
        {"lat": record.lat, "lon": record.lon, "geonameid": record.geonameid,
         "location_name": record.location_name, "country": record.country or merged.country,
         "precision": record.precision}
        if sharper else {"country": merged.country or record.country}
    )  # fmt: skip
    reported = [d for d in (merged.first_reported, merged.last_reported, record.published) if d is not None]
    return replace(
        merged,
        **place,
        subtype=merged.subtype or record.subtype,
        **_filled_actors(merged, record),
        date_start=_lowest(merged.date_start, record.date_start),
        date_end=_highest(merged.date_end, record.date_end),
        fatalities_min=_lowest(merged.fatalities_min, record.fatalities_min),
        fatalities_max=_highest(merged.fatalities_max, record.fatalities_max),
        fatalities_latest=latest,
        injuries_min=_lowest(merged.injuries_min, record.injuries_min),
        injuries_max=_highest(merged.injuries_max, record.injuries_max),
        flags=sorted(set(merged.flags).intersection(record.flags)),
        n_sources=merged.n_sources + 1,
        n_independent=merged.n_independent + (0 if record.syndicated else 1),
        first_reported=min(reported, default=None),
        last_reported=max(reported, default=None),
    )
