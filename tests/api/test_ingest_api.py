"""``POST /api/ingest``: only with a configured token, Bearer auth, documents through the real pipeline."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from eventwire.api.app import create_app

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "ukraine-russia-2025-04-20.txt"
TOKEN = "s3cret-token"


def test_ingest_needs_the_token_and_stores_what_it_is_sent(empty_url: str) -> None:
    document = {"id": "sample", "text": SAMPLE.read_text("utf-8")}
    with TestClient(create_app(empty_url, ingest_token=TOKEN)) as client:
        assert "/api/ingest" in client.get("/openapi.json").json()["paths"]
        missing = client.post("/api/ingest", json=[document])
        assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
        wrong = client.post("/api/ingest", json=[document], headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403 and wrong.json()["code"] == "E703"
        assert client.get("/api/events").json()["items"] == []

        auth = {"Authorization": f"Bearer {TOKEN}"}
        bad = client.post("/api/ingest", json=[{"id": "x", "body": "no such field"}], headers=auth)
        assert bad.status_code == 422
        report = client.post("/api/ingest", json=[document, {"id": "empty", "text": ""}], headers=auth).json()
        assert report["documents"] == 2 and report["new"] == 1 and report["errors"] == 1
        assert report["events_new"] > 0
        assert report["error_samples"][0]["id"] == "empty"
        events = client.get("/api/events").json()["items"]
        assert len(events) == report["events_new"]
        again = client.post("/api/ingest", json=[document], headers=auth).json()
        assert again["unchanged"] == 1 and again["events_new"] == 0


def test_the_token_can_come_from_the_environment(empty_url: str, monkeypatch) -> None:
    monkeypatch.setenv("EVENTWIRE_INGEST_TOKEN", TOKEN)
    with TestClient(create_app(empty_url)) as client:
        assert client.post("/api/ingest", json=[]).status_code == 401
