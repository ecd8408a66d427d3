"""Every export read back and compared with the database itself (plain SQL, not the code that wrote it)."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from eventwire.api.db import reading_engine
from eventwire.api.filters import EventFilters
from eventwire.cli import app
from eventwire.export import export_events
from eventwire.export.acled_csv import ACLED_COLUMNS, COLUMNS, time_precision
from eventwire.store import tables as t
from eventwire.store.engine import read_connection

runner = CliRunner()


@pytest.fixture(scope="module")
def stored(store_url: str) -> dict[str, dict]:
    """The ``events`` rows, with the URLs of their articles, straight from the database."""
    engine = reading_engine(store_url)
    with read_connection(engine) as conn:
        events = {row["id"]: dict(row) for row in conn.execute(select(t.Event.__table__)).mappings()}
        query = select(t.EventSource.event_id, t.Article.url).join(t.Article, t.Article.id == t.EventSource.article_id)
        for event_id, url in conn.execute(query):
            events[event_id].setdefault("urls", set()).add(url)
    engine.dispose()
    for row in events.values():
        row["updated"] = row["updated"] if row["updated"].tzinfo else row["updated"].replace(tzinfo=UTC)
    return events


def _export(store_url: str, fmt: str, path: Path, **filters: object) -> object:
    engine = reading_engine(store_url)
    try:
        return export_events(engine, EventFilters(**filters), fmt, path)
    finally:
        engine.dispose()


def test_jsonl_is_the_api_item_a_line(store_url: str, client: TestClient, tmp_path: Path, stored: dict) -> None:
    stats = _export(store_url, "jsonl", tmp_path / "events.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text("utf-8").splitlines()]
    assert stats.written == len(lines) == len(stored)
    assert lines == client.get("/api/events", params={"limit": 1000}).json()["items"]
    for line in lines:
        assert {s["url"] for s in line["sources"]} == stored[line["id"]]["urls"]


def test_parquet_has_real_types_and_the_stored_values(store_url: str, tmp_path: Path, stored: dict) -> None:
    path = tmp_path / "events.parquet"
    assert _export(store_url, "parquet", path).written == len(stored)
    schema = pq.read_schema(path)
    assert schema.field("date_start").type == pa.date32() and schema.field("fatalities_min").type == pa.int32()
    assert schema.field("flags").type == pa.list_(pa.string()) and schema.field("lat").type == pa.float64()
    assert schema.field("updated").type == pa.timestamp("us", tz="UTC")
    assert pq.read_table(path).num_rows == len(stored)
    frame = pl.read_parquet(path)
    assert frame.schema["date_start"] == pl.Date and frame.schema["flags"] == pl.List(pl.String)
    for row in frame.iter_rows(named=True):
        db = stored[row["id"]]
        for column in ("type", "subtype", "actor1", "actor2", "lat", "lon", "country", "date_start", "date_end"):
            assert row[column] == db[column], column
        for column in ("fatalities_min", "fatalities_max", "fatalities_latest", "n_sources", "n_independent"):
            assert row[column] == db[column], column
        assert row["location_name"] == db["location_name"] and row["flags"] == db["flags"]
        assert row["updated"] == db["updated"] and set(row["source_urls"]) == db["urls"]


def test_geojson_is_lon_lat_points_and_counts_events_without_coordinates(
    store_url: str, tmp_path: Path, stored: dict
) -> None:
    path = tmp_path / "events.geojson"
    stats = _export(store_url, "geojson", path)
    collection = json.loads(path.read_text("utf-8"))
    placed = {event_id for event_id, row in stored.items() if row["lat"] is not None}
    assert collection["type"] == "FeatureCollection"
    assert {f["id"] for f in collection["features"]} == placed and stats.written == len(placed)
    assert collection["eventwire"]["left_out"] == {"no coordinates": len(stored) - len(placed)} == stats.left_out
    for feature in collection["features"]:
        db = stored[feature["id"]]
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        assert feature["geometry"]["coordinates"] == [db["lon"], db["lat"]]  # RFC 7946: longitude first
        assert feature["properties"]["date_start"] == db["date_start"].isoformat()
        assert feature["properties"]["flags"] == db["flags"]


def test_acled_csv_uses_acleds_columns_and_meanings(store_url: str, tmp_path: Path, stored: dict) -> None:
    path = tmp_path / "events.csv"
    stats = _export(store_url, "acled-csv", path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS and COLUMNS[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
        rows = {row["eventwire_id"]: row for row in reader}
    acled_types = {i for i, row in stored.items() if row["type"] != "Political interaction"}
    assert set(rows) == acled_types and stats.left_out == {"type ACLED does not record": 3}
    for event_id, row in rows.items():
        db = stored[event_id]
        assert float(row["latitude"]) == db["lat"] and float(row["longitude"]) == db["lon"]
        assert row["event_date"] == db["date_start"].isoformat() and row["year"] == str(db["date_start"].year)
        assert row["time_precision"] == "1" and row["timestamp"] == str(int(db["updated"].timestamp()))
        assert json.loads(row["flags"]) == db["flags"] and row["tags"] == "; ".join(db["flags"])
        assert set(json.loads(row["source_urls"])) == db["urls"]
        assert int(row["fatalities"]) == (db["fatalities_latest"] or db["fatalities_min"] or 0)
    by_place = {row["location"]: row for row in rows.values() if row["event_type"] != "Explosions/Remote violence"}
    by_place["Kharkiv"] = next(row for row in rows.values() if row["location"] == "Kharkiv")
    kharkiv = by_place["Kharkiv"]
    assert (kharkiv["disorder_type"], kharkiv["sub_event_type"]) == (
        "Political violence",
        "Shelling/artillery/missile attack",
    )
    assert (kharkiv["country"], kharkiv["iso"], kharkiv["region"], kharkiv["admin1"]) == (
        "Ukraine",
        "804",
        "Europe",
        "Kharkiv",
    )
    assert (
        kharkiv["event_id_cnty"].startswith("UKR") and kharkiv["fatalities"] == "5" and kharkiv["geo_precision"] == "1"
    )
    assert "Kharkiv" in kharkiv["notes"] and set(kharkiv["source"].split("; ")) == {
        "one.example.com",
        "two.example.org",
    }
    assert (by_place["Tbilisi"]["disorder_type"], by_place["Tbilisi"]["region"]) == (
        "Demonstrations",
        "Caucasus and Central Asia",
    )
    assert by_place["Suva"]["region"] == "Oceania" and by_place["Suva"]["fatalities"] == "0"
    assert by_place["Belgorod"]["event_type"] == "Battles" and by_place["Belgorod"]["actor2"] == "Russian Armed Forces"


def test_the_exports_select_what_the_api_selects(store_url: str, client: TestClient, tmp_path: Path) -> None:
    filters = {"country": "UA", "exclude_flags": "negated", "start": "2025-02-01"}
    api_ids = [item["id"] for item in client.get("/api/events", params=filters).json()["items"]]
    _export(store_url, "jsonl", tmp_path / "some.jsonl", **filters)
    exported = [json.loads(line)["id"] for line in (tmp_path / "some.jsonl").read_text("utf-8").splitlines()]
    assert exported == api_ids and len(api_ids) == 3


def test_the_command_writes_the_file_and_says_what_it_left_out(store_url: str, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    result = runner.invoke(app, ["export", "--format", "acled-csv", "--db", store_url, "-o", str(out), "--all-types"])
    assert result.exit_code == 0, result.output
    assert "wrote 9 event(s)" in result.output
    with out.open(encoding="utf-8", newline="") as handle:
        kinds = {row["event_type"]: row["disorder_type"] for row in csv.DictReader(handle)}
    assert kinds["Political interaction"] == ""  # not an ACLED type: no disorder type made up
    geo = runner.invoke(app, ["export", "-f", "geojson", "--db", store_url, "-o", str(tmp_path / "x.geojson")])
    assert geo.exit_code == 0 and "1 left out: no coordinates" in geo.output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--format", "shapefile"], "unknown format"),
        (["--format", "jsonl", "--bbox", "1,2"], "--bbox"),
        (["--format", "jsonl", "--start", "2025-05-01", "--end", "2025-01-01"], "start is after end"),
        (["--format", "jsonl", "--include-flags", "maybe"], "--include-flags"),
    ],
)
def test_bad_options_are_usage_errors_and_write_nothing(
    store_url: str, tmp_path: Path, arguments: list[str], message: str
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", *arguments, "--db", store_url, "-o", str(out)])
    assert result.exit_code == 2 and message in result.output.replace("\n", " ")
    assert not out.exists() and not list(tmp_path.iterdir())


def test_an_unreachable_database_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    result = runner.invoke(
        app, ["export", "-f", "jsonl", "--db", url, "-o", str(out), "--wait", "0"], env={"EVENTWIRE_DB": ""}
    )
    assert result.exit_code == 2 and not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [(date(2025, 1, 1), date(2025, 1, 1), 1), (date(2025, 1, 1), None, 1), (date(2025, 1, 1), date(2025, 1, 5), 2),
     (date(2025, 1, 1), date(2025, 1, 20), 3), (None, None, None)],
)  # fmt: skip
def test_time_precision_follows_acled(start: date | None, end: date | None, precision: int | None) -> None:
    assert time_precision(start, end) == precision


def test_updated_timestamps_are_utc(stored: dict) -> None:
    assert all(row["updated"].utcoffset() == datetime.now(UTC).utcoffset() for row in stored.values())
