"""The flat tables hold every column the store keeps, under the store's names, and nothing is dropped silently."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect

from eventwire.model import (
    Article,
    Count,
    Entity,
    ErrorRecord,
    Event,
    EventDate,
    EventPlace,
    Evidence,
    Place,
    Quote,
    Result,
)
from eventwire.store import tables as t
from eventwire.store.rows import RawInfo
from eventwire.tables_flat import EVENTS, SCHEMAS, error_rows, result_rows, to_table

TEXT = "A missile struck a market in Kharkiv on Sunday, killing 5 people, governor Oleh Syniehubov said."


def _result() -> Result:
    start = TEXT.index("Kharkiv")
    place = Place(mention="Kharkiv", name="Kharkiv", geonameid=706483, lat=49.98, lon=36.25, country="UA",
                  feature_code="PPLA", start=start, end=start + 7, score=0.9)  # fmt: skip
    event = Event(
        type="Explosions/Remote violence", subtype="shelling_artillery_missile_attack", actor1="Russia",
        location=EventPlace(**place.model_dump(), precision=1),
        date=EventDate(start=date(2025, 4, 20), end=None, precision="day"),
        fatalities=Count(min=5, max=5, text="killing 5 people"), injuries=Count(text="several injured"),
        evidence=[Evidence(text=TEXT, start=0, end=len(TEXT)), Evidence(text="Missile", start=0, end=7, **{"in": "title"})],
        flags=["reported"], confidence=0.8,
    )  # fmt: skip
    return Result(
        article=Article(id="doc-1", url="https://news.example/a?utm_source=x", title="Missile strike in Kharkiv",
                        published=date(2025, 4, 20), language="en", text=TEXT, removed=["Share"]),
        entities=[Entity(text="Oleh Syniehubov", label="PERSON", canonical="Oleh Syniehubov", mentions=[(70, 85)])],
        places=[place.model_copy(update={"in_": "title"})],
        quotes=[Quote(text="killing 5 people", speaker=None, direct=False, start=50, end=66)],
        events=[event],
        warnings=["W302 no date"],
    )  # fmt: skip


def _columns(table: type[t.Base]) -> set[str]:
    return {column.name for column in inspect(table).columns}


def test_every_row_key_is_a_column_and_every_column_is_filled() -> None:
    rows = result_rows(_result(), RawInfo(url="https://news.example/a", source="a.html", encoding="utf-8"))
    for name, table_rows in rows.items():
        for row in table_rows:
            assert set(row) == set(SCHEMAS[name].names), name
        assert to_table(name, table_rows).num_rows == len(table_rows)
    event = rows["events"][0]
    assert event["date_end"] == date(2025, 4, 20), "an open range ends where it starts, as in the store"
    assert (event["fatalities_min"], event["fatalities_max"], event["injuries_text"]) == (5, 5, "several injured")
    assert [e["in"] for e in event["evidence"]] == ["text", "title"]
    assert rows["places"][0]["in"] == "title"
    assert rows["articles"][0]["id"].startswith("a-") and rows["articles"][0]["source_path"] == "a.html"
    assert all(
        r["article_id"] == rows["articles"][0]["id"]
        for n in ("entities", "places", "quotes", "events")
        for r in rows[n]
    )


def test_the_tables_have_the_store_columns() -> None:
    database_only = {"id", "version", "source_id", "story_id", "duplicate_of", "ingested", "updated"}
    assert _columns(t.Article) - database_only == set(SCHEMAS["articles"].names) - {"id"}
    for name, table in (("entities", t.Entity), ("places", t.Place), ("quotes", t.Quote)):
        assert _columns(table) - {"id"} == set(SCHEMAS[name].names), name
    # An event row is the store's event_sources row (without the links to the merged event) and more.
    assert _columns(t.EventSource) - {"id", "event_id", "syndicated", "detail"} <= set(EVENTS.names)


def test_a_failed_document_is_one_error_row() -> None:
    error = ErrorRecord(id="bad", error="binary data (PNG image)", code="E102", stage="ingest", source="bad.png")
    rows = error_rows(error)
    assert rows["errors"] == [{"id": "bad", "code": "E102", "stage": "ingest", "error": "binary data (PNG image)",
                               "source": "bad.png"}]  # fmt: skip
    assert not any(rows[name] for name in SCHEMAS if name != "errors")
