"""The event filters shared by the API (``/api/events``, ``/api/stats``, places, actors) and the exports.

One pydantic model parses and checks the parameters (a bad one is a 422 in the API, a usage error in
the CLI); :func:`apply_filters` turns it into WHERE clauses that mean the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import Select, Text, and_, cast, exists, false, func, or_, select
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from eventwire.model import EventFlag
from eventwire.store import tables as t

FLAGS: tuple[str, ...] = get_args(EventFlag)
# Longest free-text filter accepted (a LIKE pattern longer than this is a mistake or an attack).
MAX_TEXT = 200
# SQL function folding case the Unicode way on SQLite (its own lower() folds ASCII only); see :mod:`.deps`.
SQLITE_CASEFOLD = "ew_casefold"
# Shapes of the list parameters, published in the OpenAPI document (blank means no filter).
_FLAG = "(" + "|".join(get_args(EventFlag)) + ")"
_NUMBER = r"-?[0-9]+(\.[0-9]+)?"
COUNTRY_PATTERN = r"^\s*$|^[A-Za-z]{2}(,[A-Za-z]{2})*$"
FLAGS_PATTERN = rf"^\s*$|^{_FLAG}(,{_FLAG})*$"
BBOX_PATTERN = rf"^\s*$|^{_NUMBER}(,{_NUMBER}){{3}}$"


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


class EventFilters(BaseModel):
    """Which events: every given filter must hold (lists separated by commas match any of their values)."""

    model_config = ConfigDict(frozen=True)

    start: date | None = Field(None, description="events starting on or after this day (YYYY-MM-DD)")
    end: date | None = Field(None, description="events starting on or before this day (YYYY-MM-DD)")
    type: str | None = Field(None, max_length=MAX_TEXT, description="event type(s), e.g. Battles,Protests")
    subtype: str | None = Field(None, max_length=MAX_TEXT, description="eventwire subtype id(s), e.g. armed_clash")
    country: str | None = Field(
        None, max_length=MAX_TEXT, pattern=COUNTRY_PATTERN, description="ISO 3166-1 alpha-2 code(s), e.g. UA,RU"
    )
    bbox: str | None = Field(
        None,
        max_length=MAX_TEXT,
        pattern=BBOX_PATTERN,
        description="W,S,E,N in degrees (W > E crosses the antimeridian)",
    )
    actor: str | None = Field(None, max_length=MAX_TEXT, description="part of actor1's or actor2's name, any case")
    q: str | None = Field(
        None, max_length=MAX_TEXT, description="text in an evidence sentence, an actor or the place name, any case"
    )
    min_sources: int | None = Field(None, ge=1, le=1_000_000, description="at least this many supporting articles")
    include_flags: str | None = Field(
        None, max_length=MAX_TEXT, pattern=FLAGS_PATTERN,
        description=f"only events with one of these flags ({', '.join(FLAGS)})",
    )  # fmt: skip
    exclude_flags: str | None = Field(
        None, max_length=MAX_TEXT, pattern=FLAGS_PATTERN, description="leave out events with any of these"
    )

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        # A form that sends ``type=`` means "no filter", not "type is empty".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("country")
    @classmethod
    def _upper_country(cls, value: str | None) -> str | None:
        return value.upper() if value else value

    @field_validator("bbox")
    @classmethod
    def _check_bbox(cls, value: str | None) -> str | None:
        if value is not None:
            parse_bbox(value)
        return value

    @field_validator("include_flags", "exclude_flags")
    @classmethod
    def _check_flags(cls, value: str | None) -> str | None:
        unknown = [flag for flag in _split(value) if flag not in FLAGS]
        if unknown:
            raise ValueError(f"unknown flag(s) {', '.join(unknown)}; known: {', '.join(FLAGS)}")
        return value

    @model_validator(mode="after")
    def _check_dates(self) -> EventFilters:
        if self.start and self.end and self.start > self.end:
            raise ValueError("start is after end")
        return self

    @property
    def box(self) -> tuple[float, float, float, float] | None:
        return parse_bbox(self.bbox) if self.bbox else None


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``"W,S,E,N"`` as numbers, checked: longitudes in [-180, 180], latitudes in [-90, 90], S <= N."""
    parts = value.split(",")
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise ValueError("four numbers W,S,E,N, e.g. 22,44,40,53") from None
    if not all(-180 <= lon <= 180 for lon in (west, east)) or not all(-90 <= lat <= 90 for lat in (south, north)):
        raise ValueError("longitudes must lie in [-180, 180] and latitudes in [-90, 90]")
    if south > north:
        raise ValueError("S is north of N")
    return west, south, east, north


def apply_filters(query: Select[Any], filters: EventFilters, *, dialect: str, ordered: bool = False) -> Select[Any]:
    """``query`` (a select over ``events``) narrowed by every filter given.

    ``ordered``: the query reads the first events in the listing's order (``queries.events_page``).  SQLite
    then tests a box on each event met in that order (on the index entry: migration 0003) instead of
    collecting every event in the box's latitudes and sorting them, which it would choose blindly.
    """
    events = t.Event
    if filters.start:
        query = query.where(events.date_start >= filters.start)
    if filters.end:
        query = query.where(events.date_start <= filters.end)
    for column, value in ((events.type, filters.type), (events.subtype, filters.subtype)):
        if value:
            query = query.where(column.in_(_split(value)))
    if filters.country:
        query = query.where(events.country.in_(_split(filters.country)))
    if filters.box:
        query = query.where(_in_box(filters.box, use_index=not (ordered and dialect == "sqlite")))
    if filters.actor:
        needle = filters.actor.strip()
        query = query.where(
            or_(contains_text(events.actor1, needle, dialect), contains_text(events.actor2, needle, dialect))
        )
    if filters.q:
        query = query.where(_text_matches(filters.q.strip(), dialect))
    if filters.min_sources:
        query = query.where(events.n_sources >= filters.min_sources)
    if filters.include_flags:
        query = query.where(or_(*(_has_flag(flag) for flag in _split(filters.include_flags))))
    for flag in _split(filters.exclude_flags):
        query = query.where(~_has_flag(flag))
    return query


def _in_box(box: tuple[float, float, float, float], *, use_index: bool = True) -> Any:
    west, south, east, north = box
    lat, lon = t.Event.lat, t.Event.lon
    if not use_index:
        # SQLite's way to keep a term off the indexes: a unary plus (the same number).
        lat, lon = (UnaryExpression(column, operator=custom_op("+"), type_=column.type) for column in (lat, lon))
    lat_ok = lat.between(south, north)
    lon_ok = lon.between(west, east) if west <= east else or_(lon >= west, lon <= east)
    return and_(lat_ok, lon_ok)


def _has_flag(flag: str) -> Any:
    # Flags are a JSON list of names from a closed vocabulary (checked above), stored as ["a", "b"]
    # by both databases: a quoted name can only match that whole flag.
    return cast(t.Event.flags, Text).contains(f'"{flag}"', autoescape=True)


def fold(column: Any, dialect: str) -> Any:
    """``column`` in lower case, the Unicode way on both databases."""
    return func.ew_casefold(column) if dialect == "sqlite" else func.lower(column)


def contains_text(column: Any, needle: str, dialect: str) -> Any:
    """``column`` contains ``needle``, ignoring case (Unicode), wildcards in ``needle`` taken literally."""
    if dialect == "sqlite" and needle.isascii():
        # SQLite's own LIKE ignores ASCII case: the same answer for an ASCII needle, at C speed.
        return column.contains(needle, autoescape=True)
    return fold(column, dialect).contains(needle.casefold() if dialect == "sqlite" else needle.lower(), autoescape=True)


def _text_matches(needle: str, dialect: str) -> Any:
    events, sources = t.Event, t.EventSource
    if not needle:
        return false()
    if dialect == "sqlite":
        sentences = func.json_each(sources.evidence).table_valued("value").alias("sentence")
        sentence_text = func.json_extract(sentences.c.value, "$.text")
    else:
        sentences = func.jsonb_array_elements(sources.evidence).table_valued("value").alias("sentence")
        sentence_text = sentences.c.value.op("->>")("text")
    same_event = [sources.event_id == events.id]
    if dialect == "sqlite" and needle.isascii():
        # A cheap first pass over the stored JSON text (ASCII is stored as is) spares most json_each calls.
        same_event.append(cast(sources.evidence, Text).contains(needle, autoescape=True))
    in_evidence = exists(
        select(1).select_from(sources).join(sentences, sentences.c.value.isnot(None))
        .where(*same_event, contains_text(sentence_text, needle, dialect))
    )  # fmt: skip
    fields = (events.actor1, events.actor2, events.location_name)
    return or_(*(contains_text(column, needle, dialect) for column in fields), in_evidence)
