"""Kept answers never outlive the data: a write by anyone makes the next request compute afresh."""

from __future__ import annotations

import asyncio

from fastapi.testclient import TestClient
from sqlalchemy import delete, update

from eventwire.api.app import create_app
from eventwire.api.fast import VersionReader
from eventwire.api.shared import SHARED_PAGES_ENV
from eventwire.store import tables as t
from eventwire.store.engine import make_engine, write_transaction


def test_answers_change_as_soon_as_the_events_do(empty_url: str, synthetic_events) -> None:
    engine = make_engine(empty_url, wait_s=5)
    with TestClient(create_app(empty_url)) as client:
        assert client.get("/api/events").json()["items"] == []
        assert client.get("/api/stats").json()["total"] == 0
        (event_id,) = synthetic_events.insert_events(engine, 1, seed=5)
        (item,) = client.get("/api/events").json()["items"]
        assert item["id"] == event_id and client.get("/api/stats").json()["total"] == 1
        with write_transaction(engine) as conn:
            conn.execute(update(t.Event).where(t.Event.id == event_id).values(n_sources=77, actor1="Someone Else"))
        assert client.get("/api/events").json()["items"][0]["n_sources"] == 77
        assert "Someone Else" in {a["name"] for a in client.get("/api/actors").json()["items"]}
        with write_transaction(engine) as conn:
            conn.execute(delete(t.EventSource).where(t.EventSource.event_id == event_id))
            conn.execute(delete(t.Event).where(t.Event.id == event_id))
        assert client.get("/api/events").json()["items"] == []
        assert client.get("/api/places").json()["items"] == []
    engine.dispose()


def test_a_page_made_by_one_server_process_is_sent_by_another(
    empty_url: str, synthetic_events, tmp_path, monkeypatch
) -> None:
    """``serve --workers N``: the processes share their pages through a folder (``api/shared.py``)."""
    monkeypatch.setenv(SHARED_PAGES_ENV, str(tmp_path / "pages"))
    synthetic_events.insert_events(make_engine(empty_url, wait_s=5), 3, seed=6)
    with TestClient(create_app(empty_url)) as first:
        made = first.get("/api/events", params={"limit": 2})
        assert made.status_code == 200 and len(made.json()["items"]) == 2
    (page,) = (tmp_path / "pages").glob("*/*")
    assert page.read_bytes() == made.content
    page.write_bytes(b'{"items": [], "next": "made by the other process"}')  # the other's page, told apart
    with TestClient(create_app(empty_url)) as second:
        assert second.get("/api/events", params={"limit": 2}).json()["next"] == "made by the other process"
        assert len(second.get("/api/events", params={"limit": 3}).json()["items"]) == 3  # made here


def test_the_version_of_a_missing_sqlite_file_is_unknown_and_no_file_is_made(tmp_path) -> None:
    missing = tmp_path / "gone.db"
    versions = VersionReader(make_engine(f"sqlite:///{missing}"))
    assert asyncio.run(versions.read()) is None
    assert not missing.exists()
    versions.close()
