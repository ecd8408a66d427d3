"""Response shapes of the API (the contract the dashboard reads), apart from the store's tables.

Field names follow ``docs/api_contract``: the dashboard (``eventwire.web``) and the exports read exactly
these.  Every model forbids unknown fields so that a typo in the building code fails a test, not a client.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


class Location(_Schema):
    name: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    country: str | None = Field(description="ISO 3166-1 alpha-2")
    precision: int | None = Field(description="1 exact town, 2 district or near, 3 region, country or wider")


class DateRange(_Schema):
    start: date | None
    end: date | None


class Fatalities(_Schema):
    min: int | None
    max: int | None
    latest: int | None = Field(description="the figure of the latest report (tolls rise as bodies are found)")


class Injuries(_Schema):
    min: int | None
    max: int | None


class Evidence(_Schema):
    """A sentence that proves the event; offsets point into the article's text (or title where ``in`` is title)."""

    text: str
    start: int
    end: int
    in_: Literal["title", "text"] = Field(alias="in")


class EventEvidence(Evidence):
    article_id: str


class EventSource(_Schema):
    article_id: str
    url: str | None
    title: str | None
    source_domain: str | None
    published: date | None
    syndicated: bool = Field(description="the article copies another supporting article (not independent)")


class EventItem(_Schema):
    """One merged event with its evidence sentences and the articles that support it."""

    id: str
    type: str
    subtype: str | None
    actor1: str | None
    actor2: str | None
    location: Location | None
    date: DateRange
    fatalities: Fatalities
    injuries: Injuries
    flags: list[str]
    n_sources: int
    n_independent: int
    first_reported: date | None
    last_reported: date | None
    updated: datetime
    evidence: list[EventEvidence]
    sources: list[EventSource]


class EventsPage(_Schema):
    items: list[EventItem]
    next: str | None = Field(description="opaque cursor for the next page; null on the last page")


class Entity(_Schema):
    text: str
    label: str
    canonical: str | None
    roles: list[str]
    mentions: list[tuple[int, int]]


class Place(_Schema):
    mention: str
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    feature_code: str | None
    start: int
    end: int
    in_: Literal["title", "text"] = Field(alias="in")
    score: float


class Quote(_Schema):
    text: str
    speaker: str | None
    direct: bool
    start: int
    end: int


class ArticleEvent(_Schema):
    """An event as this article reported it, with the article's own evidence."""

    event_id: str
    type: str
    subtype: str | None
    evidence: list[Evidence]


class ArticleDetail(_Schema):
    id: str
    url: str | None
    title: str | None
    published: date | None
    source_domain: str | None
    language: str | None
    agency: str | None
    cited_sources: list[str]
    machine_translated: bool
    story_id: str | None
    text: str
    removed: list[str] = Field(description="boilerplate taken out of the page, kept for audit")
    entities: list[Entity]
    places: list[Place]
    quotes: list[Quote]
    events: list[ArticleEvent]


class StoryItem(_Schema):
    id: str
    title: str
    size: int = Field(description="articles in the story")
    first_published: date | None
    last_published: date | None
    n_events: int


class StoriesPage(_Schema):
    items: list[StoryItem]
    next: str | None


class PlaceCount(_Schema):
    name: str
    geonameid: int | None
    country: str | None
    lat: float | None
    lon: float | None
    count: int = Field(description="events at this place that match the filters")


class PlacesPage(_Schema):
    items: list[PlaceCount]
    next: str | None


class ActorCount(_Schema):
    name: str
    count: int = Field(description="events with this actor (as actor1 or actor2) that match the filters")


class ActorsPage(_Schema):
    items: list[ActorCount]
    next: str | None


class DayCount(_Schema):
    day: date
    count: int
    fatalities: int = Field(description="sum of the events' latest fatality figures")


class TypeCount(_Schema):
    type: str
    count: int


class CountryCount(_Schema):
    country: str | None
    count: int


class Stats(_Schema):
    by_day: list[DayCount]
    by_type: list[TypeCount]
    by_country: list[CountryCount]
    total: int


class Config(_Schema):
    tile_url: str | None = Field(description="optional raster tile URL template for the map ($EVENTWIRE_TILE_URL)")
    version: str


class IngestReport(_Schema):
    documents: int
    new: int
    unchanged: int
    versioned: int
    errors: int
    events_new: int
    events_merged: int
    error_samples: list[dict[str, str | None]]


class Problem(_Schema):
    """Every error the API returns: a stable code, a message, and for bad parameters the details."""

    code: str
    message: str
    detail: list[dict[str, object]] | None = None
