"""``/api/stream`` against a real server: events written by other processes arrive, and a client that
reconnects with ``Last-Event-ID`` gets exactly what it missed, in order."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from eventwire.api.app import create_app
from eventwire.store import tables as t
from eventwire.store.engine import make_engine, read_connection

ROOT = Path(__file__).resolve().parents[2]
EVENTWIRE = Path(sys.executable).with_name("eventwire")
SAMPLE = ROOT / "samples" / "ukraine-russia-2025-04-20.txt"


def _event_ids(url: str) -> set[str]:
    engine = make_engine(url, wait_s=5)
    try:
        with read_connection(engine) as conn:
            return set(conn.execute(select(t.Event.id)).scalars())
    finally:
        engine.dispose()


def _add_synthetic(url: str, count: int, seed: int) -> list[str]:
    """New events written by another process (the benchmark's generator); their ids in order."""
    script = ROOT / "benchmarks" / "make_synthetic_events.py"
    done = subprocess.run(
        [sys.executable, str(script), "--events", str(count), "--db", url, "--seed", str(seed), "--print-ids"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return done.stdout.split()


def _wait_until(condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def test_events_from_another_process_arrive_and_a_reconnect_misses_nothing(
    empty_url: str, live_server, sse_client
) -> None:
    app = create_app(empty_url)
    with live_server(app) as port:
        first = sse_client(port)
        first.start()
        first.wait_connected()

        ingest = subprocess.run(
            [str(EVENTWIRE), "ingest", str(SAMPLE), "--db", empty_url, "--workers", "1"],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert ingest.returncode == 0, ingest.stderr
        stored = _event_ids(empty_url)
        assert stored
        arrived = first.take(len(stored), timeout=30)
        assert {json.loads(m.data)["id"] for m in arrived} == stored
        assert all(m.event == "event" for m in arrived)
        numbers = [int(m.id) for m in arrived]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
        item = json.loads(arrived[0].data)
        assert item["evidence"] and item["sources"]  # the whole EventItem, as /api/events has it
        first.close()
        _wait_until(lambda: not app.state.feed.subscribers)  # the server noticed and let it go

        missed = _add_synthetic(empty_url, 4, seed=11)
        back = sse_client(port, last_event_id=numbers[-1])
        back.start()
        back.wait_connected()
        caught_up = back.take(4, timeout=20)
        assert [json.loads(m.data)["id"] for m in caught_up] == missed
        assert min(int(m.id) for m in caught_up) > numbers[-1]

        fresh = sse_client(port)  # no Last-Event-ID: only what happens from now on
        fresh.start()
        fresh.wait_connected()
        (later,) = _add_synthetic(empty_url, 1, seed=12)
        assert json.loads(fresh.take(1)[0].data)["id"] == later
        assert json.loads(back.take(1)[0].data)["id"] == later
        assert fresh.messages.empty() and back.messages.empty()
        fresh.close()
        back.close()


def test_a_bad_last_event_id_is_a_422(empty_url: str, live_server, sse_client) -> None:
    with live_server(create_app(empty_url)) as port:
        client = sse_client(port, path="/api/stream?last_event_id=-3")
        client.start()
        client.join(timeout=10)
        assert client.status == 422
