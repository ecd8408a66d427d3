"""One flattening of a pipeline ``Result`` into table rows, with an Arrow schema per table.

The Spark job writes these tables as Parquet, and exports read the same columns: a row is what
the store keeps (``eventwire.store.rows`` builds the article, entity, place and quote rows; an
event row is the store's ``event_sources`` row made by ``stories.event_record``), so an article's
``id`` is the store's article key and a Parquet table and a database table can be joined or compared.

Tables: ``articles``, ``entities``, ``places``, ``quotes``, ``events`` (one row per event as one
article reports it), ``errors`` (one row per document that could not be processed). Column names
are the database's (``in`` for whether offsets point into the title or the text, as in the JSON).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pyarrow as pa

from eventwire.model import ErrorRecord, Event, Result
from eventwire.store.identity import article_identity, article_key, content_hash
from eventwire.store.rows import (
    RawInfo,
    article_row,
    clean,
    dataclass_row,
    entity_rows,
    place_rows,
    published_date,
    quote_rows,
    result_data,
)
from eventwire.stories import event_record

_STRINGS = pa.list_(pa.string())
_SPAN = pa.list_(pa.int32())

ARTICLES = pa.schema([
    ("id", pa.string()), ("identity", pa.string()), ("doc_id", pa.string()), ("content_hash", pa.string()),
    ("url", pa.string()), ("source_domain", pa.string()), ("title", pa.string()), ("published", pa.date32()),
    ("published_at", pa.string()), ("published_from", pa.string()), ("language", pa.string()),
    ("machine_translated", pa.bool_()), ("mt_signals", _STRINGS), ("agency", pa.string()),
    ("cited_sources", _STRINGS), ("text", pa.string()), ("removed", _STRINGS), ("page_kind", pa.string()),
    ("warnings", _STRINGS), ("source_path", pa.string()), ("encoding", pa.string()), ("crawled", pa.string()),
    # What story clustering reads (``stories.ArticleFeatures``): uint64 MinHash and float32 vector bytes.
    ("minhash", pa.binary()), ("vector", pa.binary()),
])  # fmt: skip

ENTITIES = pa.schema([
    ("article_id", pa.string()), ("position", pa.int32()), ("text", pa.string()), ("label", pa.string()),
    ("canonical", pa.string()), ("roles", _STRINGS), ("mentions", pa.list_(_SPAN)),
])  # fmt: skip

PLACES = pa.schema([
    ("article_id", pa.string()), ("position", pa.int32()), ("in", pa.string()), ("mention", pa.string()),
    ("name", pa.string()), ("geonameid", pa.int64()), ("lat", pa.float64()), ("lon", pa.float64()),
    ("country", pa.string()), ("feature_code", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
    ("score", pa.float64()),
])  # fmt: skip

QUOTES = pa.schema([
    ("article_id", pa.string()), ("position", pa.int32()), ("text", pa.string()), ("speaker", pa.string()),
    ("direct", pa.bool_()), ("start", pa.int32()), ("end", pa.int32()),
])  # fmt: skip

EVIDENCE = pa.struct([("text", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("in", pa.string())])

EVENTS = pa.schema([
    ("article_id", pa.string()), ("position", pa.int32()), ("published", pa.date32()),
    ("type", pa.string()), ("subtype", pa.string()), ("actor1", pa.string()), ("actor2", pa.string()),
    ("location_mention", pa.string()), ("location_name", pa.string()), ("geonameid", pa.int64()),
    ("lat", pa.float64()), ("lon", pa.float64()), ("country", pa.string()), ("feature_code", pa.string()),
    ("precision", pa.int32()), ("date_start", pa.date32()), ("date_end", pa.date32()),
    ("date_precision", pa.string()), ("fatalities_min", pa.int64()), ("fatalities_max", pa.int64()),
    ("fatalities_text", pa.string()), ("injuries_min", pa.int64()), ("injuries_max", pa.int64()),
    ("injuries_text", pa.string()), ("flags", _STRINGS), ("confidence", pa.float64()),
    ("evidence", pa.list_(EVIDENCE)),
])  # fmt: skip

ERRORS = pa.schema([
    ("id", pa.string()), ("code", pa.string()), ("stage", pa.string()), ("error", pa.string()),
    ("source", pa.string()),
])  # fmt: skip

SCHEMAS: dict[str, pa.Schema] = {
    "articles": ARTICLES, "entities": ENTITIES, "places": PLACES, "quotes": QUOTES, "events": EVENTS,
    "errors": ERRORS,
}  # fmt: skip
RESULT_TABLES = ("articles", "entities", "places", "quotes", "events")


def result_rows(result: Result, raw: RawInfo | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows one Result becomes, per table (``errors`` is empty); ``raw`` adds where it was read from.

    ``articles`` has one row; its ``minhash`` and ``vector`` are None (features are computed apart,
    in batches: see ``eventwire.stories.article_features_many``).
    """
    raw = raw or RawInfo()
    data = result_data(result)
    identity = article_identity(result, raw.url)
    key = article_key(identity)
    article = article_row(data, key=key, identity=identity, content_hash=content_hash(result), raw=raw)
    article |= {"minhash": None, "vector": None}
    published = published_date(result.article.published)
    return {
        "articles": [article],
        "entities": entity_rows(data, key),
        "places": [{("in" if k == "in_" else k): v for k, v in row.items()} for row in place_rows(data, key)],
        "quotes": quote_rows(data, key),
        "events": [event_row(key, published, position, event) for position, event in enumerate(result.events)],
        "errors": [],
    }


def event_row(article_id: str, published: date | None, position: int, event: Event) -> dict[str, Any]:
    """One event as one article reports it: the store's ``event_sources`` columns plus the texts and evidence."""
    record = dataclass_row(event_record(article_id, published, event, syndicated=False))
    del record["syndicated"]  # known only once stories are placed (``story_members.duplicate_of``)
    place = event.location
    return clean(
        record
        | {
            "position": position,
            "location_mention": place.mention if place else None,
            "feature_code": place.feature_code if place else None,
            "date_precision": event.date.precision if event.date else None,
            "fatalities_text": event.fatalities.text if event.fatalities else None,
            "injuries_text": event.injuries.text if event.injuries else None,
            "confidence": event.confidence,
            "evidence": [{"text": e.text, "start": e.start, "end": e.end, "in": e.in_} for e in event.evidence],
        }
    )


def error_rows(error: ErrorRecord) -> dict[str, list[dict[str, Any]]]:
    """The rows a document that failed becomes: one ``errors`` row, nothing else."""
    row = clean(
        {"id": error.id, "code": error.code, "stage": error.stage, "error": error.error, "source": error.source}
    )
    return {name: [row] if name == "errors" else [] for name in SCHEMAS}


def to_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows of one table as an Arrow table with that table's schema (a missing key is a null)."""
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])
