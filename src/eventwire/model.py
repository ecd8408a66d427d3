"""The data contract: pydantic models that every stage takes and returns.

Field names follow ``docs/architecture.md``; they are fixed, new fields may be added.
Offsets are character offsets into ``Article.text`` (or ``title`` where ``in`` is title).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RawDoc(_Model):
    """One document as a reader found it, before any cleaning."""

    id: str
    url: str | None = None
    html: str | None = None
    text: str | None = None
    title: str | None = None
    published: str | None = None
    lang: str | None = None
    source: str | None = Field(default=None, description="where it was read from: a path, archive member or URL")
    encoding: str | None = Field(default=None, description="the encoding the bytes were decoded with")
    crawled: str | None = Field(default=None, description="crawl/fetch date; never used as published silently")


class Article(_Model):
    """A clean, dated, sourced article: body text only, with what was removed kept for audit."""

    id: str
    url: str | None = None
    source_domain: str | None = None
    title: str | None = None
    published: date | datetime | None = None
    published_from: str | None = Field(default=None, description="where the date came from: metadata, text, input")
    language: str | None = None
    machine_translated: bool = False
    mt_signals: list[str] = Field(default_factory=list)
    agency: str | None = None
    cited_sources: list[str] = Field(default_factory=list)
    text: str = ""
    removed: list[str] = Field(default_factory=list)
    page_kind: Literal["article", "listing", "empty"] = "article"


class Entity(_Model):
    text: str
    label: str
    canonical: str | None = None
    roles: list[str] = Field(default_factory=list)
    mentions: list[tuple[int, int]] = Field(default_factory=list)


class _InTitleOrText(_Model):
    """Offsets point into ``article.text``, or into ``article.title`` where ``in`` is "title"."""

    in_: Literal["title", "text"] = Field(default="text", alias="in")

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


class Place(_InTitleOrText):
    mention: str
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    feature_code: str | None = None
    start: int
    end: int
    score: float = 0.0


class Quote(_Model):
    text: str
    speaker: str | None = None
    direct: bool = True
    start: int
    end: int


class Count(_Model):
    min: int | None = None
    max: int | None = None
    text: str | None = None


class EventDate(_Model):
    start: date | None = None
    end: date | None = None
    precision: Literal["day", "week", "month", "year"] | None = None


class Evidence(_InTitleOrText):
    text: str
    start: int
    end: int


class EventPlace(Place):
    precision: Literal[1, 2, 3] = 3


EventFlag = Literal["headline_only", "background", "hypothetical", "negated", "reported"]


class Event(_Model):
    type: str
    subtype: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    location: EventPlace | None = None
    date: EventDate | None = None
    fatalities: Count | None = None
    injuries: Count | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    flags: list[EventFlag] = Field(default_factory=list)
    confidence: float = 0.0


class Result(_Model):
    """Everything eventwire read from one document."""

    article: Article
    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class ErrorRecord(_Model):
    """What a batch writes for a document it could not process: the batch goes on."""

    id: str
    error: str
    code: str
    stage: str
    source: str | None = None
