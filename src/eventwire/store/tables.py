"""The store's tables (SQLAlchemy 2 declarative).  The schema changes only through Alembic migrations.

Shapes follow the data contract (``model.py``) and the stories contract (``eventwire.stories``):
lists and dicts are JSON columns (JSONB on PostgreSQL), vectors and MinHash signatures are
``ndarray.tobytes()`` blobs, so a story index can be rebuilt from the database on the next run.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Constraint names are spelled out so that migrations can refer to them on both databases.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
JSONType = JSON().with_variant(JSONB(), "postgresql")
Stamp = DateTime(timezone=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSONType, list[Any]: JSONType, datetime: Stamp, bytes: LargeBinary
    }  # fmt: skip


class Source(Base):
    """An outlet, by the domain its articles come from."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    domain: Mapped[str] = mapped_column(String(255), unique=True)
    first_seen: Mapped[datetime]


class Story(Base):
    """One story: articles about the same real-world happening (``stories.StoryState``)."""

    __tablename__ = "stories"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    size: Mapped[int]
    centroid: Mapped[bytes]
    keys: Mapped[dict[str, Any]]
    first_published: Mapped[date | None] = mapped_column(Date)
    last_published: Mapped[date | None] = mapped_column(Date, index=True)
    created: Mapped[datetime]
    updated: Mapped[datetime] = mapped_column(index=True)


class Article(Base):
    """The latest version of one article, whole: text, what was removed, metadata, warnings.

    ``id`` is derived from the identity (the canonical URL, or the content hash when there is no URL),
    so the same article always gets the same id; ``content_hash`` (title + clean text) tells a changed
    article from an unchanged one.
    """

    __tablename__ = "articles"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    identity: Mapped[str] = mapped_column(Text, comment="canonical URL, or sha256:<content hash>")
    doc_id: Mapped[str] = mapped_column(Text)
    version: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    source_domain: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    published_at: Mapped[str | None] = mapped_column(String(40), comment="ISO timestamp, when the page gave a time")
    published_from: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(16))
    machine_translated: Mapped[bool]
    mt_signals: Mapped[list[Any]]
    agency: Mapped[str | None] = mapped_column(Text)
    cited_sources: Mapped[list[Any]]
    text: Mapped[str] = mapped_column(Text)
    removed: Mapped[list[Any]]
    page_kind: Mapped[str] = mapped_column(String(16))
    warnings: Mapped[list[Any]]
    story_id: Mapped[str | None] = mapped_column(ForeignKey("stories.id"), index=True)
    duplicate_of: Mapped[str | None] = mapped_column(String(64), comment="article id of the copy this one syndicates")
    minhash: Mapped[bytes | None]
    vector: Mapped[bytes | None]
    source_path: Mapped[str | None] = mapped_column(Text)
    encoding: Mapped[str | None] = mapped_column(String(32))
    crawled: Mapped[str | None] = mapped_column(String(64))
    ingested: Mapped[datetime]
    updated: Mapped[datetime]


class ArticleVersion(Base):
    """A superseded version of an article: the whole Result as it was stored, as JSON."""

    __tablename__ = "article_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any]]
    stored: Mapped[datetime]
    superseded: Mapped[datetime]


class RawDocument(Base):
    """Every raw input ever stored, by hash, so an unchanged document skips the pipeline next time."""

    __tablename__ = "raw_documents"
    raw_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    doc_id: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str | None] = mapped_column(Text)
    seen: Mapped[datetime]


class Entity(Base):
    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(32))
    canonical: Mapped[str | None] = mapped_column(Text, index=True)
    roles: Mapped[list[Any]]
    mentions: Mapped[list[Any]]


class Place(Base):
    __tablename__ = "places"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    in_: Mapped[str] = mapped_column("in", String(8))
    mention: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    geonameid: Mapped[int | None] = mapped_column(index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(String(8))
    feature_code: Mapped[str | None] = mapped_column(String(16))
    start: Mapped[int]
    end: Mapped[int]
    score: Mapped[float] = mapped_column(Float)


class Quote(Base):
    __tablename__ = "quotes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    speaker: Mapped[str | None] = mapped_column(Text)
    direct: Mapped[bool]
    start: Mapped[int]
    end: Mapped[int]


class Event(Base):
    """One real-world event, merged from the reports of many articles (``stories.MergedEvent``)."""

    __tablename__ = "events"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    type: Mapped[str] = mapped_column(String(64))
    subtype: Mapped[str | None] = mapped_column(String(128))
    actor1: Mapped[str | None] = mapped_column(Text)
    actor2: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonameid: Mapped[int | None]
    location_name: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(8))
    precision: Mapped[int | None]
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    fatalities_min: Mapped[int | None]
    fatalities_max: Mapped[int | None]
    fatalities_latest: Mapped[int | None]
    injuries_min: Mapped[int | None]
    injuries_max: Mapped[int | None]
    flags: Mapped[list[Any]]
    n_sources: Mapped[int]
    n_independent: Mapped[int]
    first_reported: Mapped[date | None] = mapped_column(Date)
    last_reported: Mapped[date | None] = mapped_column(Date, index=True)
    updated: Mapped[datetime]

    __table_args__ = (Index("ix_events_type_date_start", "type", "date_start"),)


class EventSource(Base):
    """One event as one article reported it (``stories.EventRecord``), with its evidence and confidence.

    ``detail`` keeps the pipeline's Event exactly as it came (evidence offsets, place, count texts).
    """

    __tablename__ = "event_sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    published: Mapped[date | None] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(64))
    subtype: Mapped[str | None] = mapped_column(String(128))
    actor1: Mapped[str | None] = mapped_column(Text)
    actor2: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonameid: Mapped[int | None]
    location_name: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(8))
    precision: Mapped[int | None]
    date_start: Mapped[date | None] = mapped_column(Date)
    date_end: Mapped[date | None] = mapped_column(Date)
    fatalities_min: Mapped[int | None]
    fatalities_max: Mapped[int | None]
    injuries_min: Mapped[int | None]
    injuries_max: Mapped[int | None]
    flags: Mapped[list[Any]]
    syndicated: Mapped[bool]
    confidence: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list[Any]]
    detail: Mapped[dict[str, Any]]


class IngestError(Base):
    """A document that could not be read, processed or stored; one row per (document, source, code).

    ``key`` hashes those three (paths and ids can be longer than an index entry may be).
    """

    __tablename__ = "ingest_errors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    doc_id: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text, default="", comment="'' when the reader gave none")
    code: Mapped[str] = mapped_column(String(8))
    stage: Mapped[str] = mapped_column(String(32))
    error: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    times: Mapped[int]
