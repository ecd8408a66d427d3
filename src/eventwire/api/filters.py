"""The event filters shared by the API (``/api/events``, ``/api/stats``, places, actors) and the exports.

One pydantic model parses and checks the parameters (a bad one is a 422 in the API, a usage error in
the CLI); :func:`apply_filters` turns it into WHERE clauses that mean the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import Float, Select, String, Text, and_, bindparam, cast, exists, false, func, or_, select
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


# A filter's shape: which terms it has and how each is written in SQL (lists by their length), not its values.
# Statements built from a shape (:func:`filter_clauses`) are the same for every filter of that shape, so the
# event listing compiles each shape once (``listing.py``); the values are bound at execution (:func:`filter_values`).
Shape = tuple[tuple[str, Any], ...]
# LIKE's escape character, as SQLAlchemy's ``autoescape`` writes it.
LIKE_ESCAPE = "/"


def like_pattern(needle: str) -> str:
    """A LIKE pattern matching text that contains ``needle``, its ``%``, ``_`` and ``/`` taken literally."""
    escaped = needle.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def _text_term(needle: str, dialect: str) -> tuple[str, str]:
    """How a text filter compares, and its pattern: ``like`` (SQLite's own LIKE, which ignores ASCII case)
    or ``fold`` (both sides folded)."""
    if dialect == "sqlite" and needle.isascii():
        return "like", like_pattern(needle)
    return "fold", like_pattern(needle.casefold() if dialect == "sqlite" else needle.lower())


def filter_values(filters: EventFilters, dialect: str) -> tuple[Shape, dict[str, Any]]:
    """The shape of ``filters`` on ``dialect`` and the values its statement binds, by name."""
    shape: list[tuple[str, Any]] = []
    values: dict[str, Any] = {}
    for name in ("start", "end"):
        if getattr(filters, name):
            shape.append((name, None))
            values[name] = getattr(filters, name)
    for name in ("type", "subtype", "country"):
        parts = _split(getattr(filters, name))
        if parts:
            shape.append((name, len(parts)))
            values.update((f"{name}_{i}", part) for i, part in enumerate(parts))
    if filters.box:
        west, south, east, north = filters.box
        shape.append(("bbox", west > east))  # True: the box crosses the antimeridian
        values.update(west=west, south=south, east=east, north=north)
    if filters.actor:
        mode, values["actor"] = _text_term(filters.actor.strip(), dialect)
        shape.append(("actor", mode))
    if filters.q:
        needle = filters.q.strip()
        if needle:
            mode, values["q"] = _text_term(needle, dialect)
        shape.append(("q", mode if needle else None))
    if filters.min_sources:
        shape.append(("min_sources", None))
        values["min_sources"] = filters.min_sources
    for name in ("include_flags", "exclude_flags"):
        flags = _split(getattr(filters, name))
        if flags:
            shape.append((name, len(flags)))
            values.update((f"{name}_{i}", like_pattern(f'"{flag}"')) for i, flag in enumerate(flags))
    return tuple(shape), values


def filter_clauses(shape: Shape, *, dialect: str, ordered: bool = False) -> list[Any]:
    """The WHERE clauses of a filter of this shape, with its values as named bind parameters.

    ``ordered``: the query reads the first events in the listing's order (``listing.py``).  SQLite
    then tests a box on each event met in that order (on the index entry: migration 0003) instead of
    collecting every event in the box's latitudes and sorting them, which it would choose blindly.
    """
    events = t.Event
    columns = {"type": events.type, "subtype": events.subtype, "country": events.country}
    clauses: list[Any] = []
    for name, detail in shape:
        if name == "start":
            clauses.append(events.date_start >= bindparam("start", type_=events.date_start.type))
        elif name == "end":
            clauses.append(events.date_start <= bindparam("end", type_=events.date_start.type))
        elif name in columns:
            clauses.append(columns[name].in_([bindparam(f"{name}_{i}", type_=String()) for i in range(detail)]))
        elif name == "bbox":
            clauses.append(_in_box(wraps=detail, use_index=not (ordered and dialect == "sqlite")))
        elif name == "actor":
            clauses.append(or_(*(_like(column, "actor", detail, dialect) for column in (events.actor1, events.actor2))))
        elif name == "q":
            clauses.append(_text_matches(detail, dialect))
        elif name == "min_sources":
            clauses.append(events.n_sources >= bindparam("min_sources", type_=events.n_sources.type))
        elif name == "include_flags":
            clauses.append(or_(*(_has_flag(f"{name}_{i}") for i in range(detail))))
        elif name == "exclude_flags":
            clauses.extend(~_has_flag(f"{name}_{i}") for i in range(detail))
        else:
            raise ValueError(f"unknown filter term {name!r}")
    return clauses


def apply_filters(query: Select[Any], filters: EventFilters, *, dialect: str, ordered: bool = False) -> Select[Any]:
    """``query`` (a select over ``events``) narrowed by every filter given (``ordered``: see :func:`filter_clauses`)."""
    shape, values = filter_values(filters, dialect)
    if not shape:
        return query
    return query.where(*filter_clauses(shape, dialect=dialect, ordered=ordered)).params(values)


def _in_box(*, wraps: bool, use_index: bool = True) -> Any:
    lat, lon = t.Event.lat, t.Event.lon
    if not use_index:
        # SQLite's way to keep a term off the indexes: a unary plus (the same number).
        lat, lon = (UnaryExpression(column, operator=custom_op("+"), type_=column.type) for column in (lat, lon))
    west, south, east, north = (bindparam(name, type_=Float()) for name in ("west", "south", "east", "north"))
    lat_ok = lat.between(south, north)
    lon_ok = or_(lon >= west, lon <= east) if wraps else lon.between(west, east)
    return and_(lat_ok, lon_ok)


def _has_flag(name: str) -> Any:
    # Flags are a JSON list of names from a closed vocabulary (checked above), stored as ["a", "b"]
    # by both databases: a quoted name can only match that whole flag.
    return cast(t.Event.flags, Text).like(bindparam(name, type_=Text()), escape=LIKE_ESCAPE)


def fold(column: Any, dialect: str) -> Any:
    """``column`` in lower case, the Unicode way on both databases."""
    return func.ew_casefold(column) if dialect == "sqlite" else func.lower(column)


def contains_text(column: Any, needle: str, dialect: str) -> Any:
    """``column`` contains ``needle``, ignoring case (Unicode), wildcards in ``needle`` taken literally."""
    mode, pattern = _text_term(needle, dialect)
    return _compared(column, mode, dialect).like(pattern, escape=LIKE_ESCAPE)


def _compared(column: Any, mode: str, dialect: str) -> Any:
    # SQLite's own LIKE ignores ASCII case: for an ASCII needle (``like``) the same answer, at C speed.
    return column if mode == "like" else fold(column, dialect)


def _like(column: Any, name: str, mode: str, dialect: str) -> Any:
    """``column`` matches the pattern bound as ``name`` (``mode`` from :func:`_text_term`)."""
    return _compared(column, mode, dialect).like(bindparam(name, type_=Text()), escape=LIKE_ESCAPE)


def _text_matches(mode: str | None, dialect: str) -> Any:
    """The event's actors, place name or one of its evidence sentences contain the ``q`` pattern."""
    events, sources = t.Event, t.EventSource
    if mode is None:
        return false()
    if dialect == "sqlite":
        sentences = func.json_each(sources.evidence).table_valued("value").alias("sentence")
        sentence_text = func.json_extract(sentences.c.value, "$.text")
    else:
        sentences = func.jsonb_array_elements(sources.evidence).table_valued("value").alias("sentence")
        sentence_text = sentences.c.value.op("->>")("text")
    same_event = [sources.event_id == events.id]
    if mode == "like":
        # A cheap first pass over the stored JSON text (ASCII is stored as is) spares most json_each calls.
        same_event.append(_like(cast(sources.evidence, Text), "q", mode, dialect))
    in_evidence = exists(
        select(1).select_from(sources).join(sentences, sentences.c.value.isnot(None))
        .where(*same_event, _like(sentence_text, "q", mode, dialect))
    )  # fmt: skip
    fields = (events.actor1, events.actor2, events.location_name)
    return or_(*(_like(column, "q", mode, dialect) for column in fields), in_evidence)
