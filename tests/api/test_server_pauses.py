"""What keeps a busy server's slowest answers short: new event pages made in a few threads of their own,
and start-up's objects kept out of the garbage collector's walks."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from eventwire.api import queries
from eventwire.api.app import create_app
from eventwire.api.routes import events as events_route
from eventwire.store.engine import make_engine
from eventwire.store.migrate import ensure_schema


def test_new_pages_are_made_at_most_page_threads_at_a_time_and_kept_pages_do_not_wait(
    tmp_path: Path, synthetic_events, monkeypatch
) -> None:
    url = f"sqlite:///{tmp_path / 'pages.db'}"
    engine = make_engine(url)
    synthetic_events.insert_events(engine, 30, seed=3)
    engine.dispose()
    app = create_app(url, prewarm_events=0)
    making, most, lock = 0, 0, threading.Lock()
    real = queries.events_page_json

    def slow_page(**kwargs):
        nonlocal making, most
        with lock:
            making += 1
            most = max(most, making)
        try:
            time.sleep(0.15)
            return real(**kwargs)
        finally:
            with lock:
                making -= 1

    async def run() -> tuple[list[int], float]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            monkeypatch.setattr(queries, "events_page_json", real)
            assert (await client.get("/api/events?limit=3")).status_code == 200  # now a kept page
            monkeypatch.setattr(queries, "events_page_json", slow_page)
            new = [asyncio.create_task(client.get(f"/api/events?limit={n}")) for n in range(4, 12)]
            await asyncio.sleep(0.05)
            started = time.perf_counter()
            kept = await client.get("/api/events?limit=3")
            kept_s = time.perf_counter() - started
            answers = await asyncio.gather(*new)
            return [kept.status_code, *(a.status_code for a in answers)], kept_s

    with TestClient(app):  # runs the lifespan (start-up), then the requests go through the ASGI transport
        statuses, kept_s = asyncio.run(run())
    assert set(statuses) == {200}
    assert most == events_route.PAGE_THREADS  # eight new pages asked at once: two made at a time
    assert kept_s < 0.1  # answered while the new pages (8 x 0.15 s over two threads) were being made


def test_start_up_objects_are_frozen_out_of_collections(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    engine = make_engine(url)
    ensure_schema(engine)
    engine.dispose()
    gc.unfreeze()
    try:
        with TestClient(create_app(url, prewarm_events=0)) as client:
            assert client.get("/api/events").status_code == 200
            assert gc.get_freeze_count() > 10_000  # modules, the app and its routes at least
    finally:
        gc.unfreeze()
