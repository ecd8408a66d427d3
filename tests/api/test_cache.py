"""Kept answers never outlive the data: a write by anyone makes the next request compute afresh."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import delete, update

from eventwire.api.app import create_app
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
