"""A small store, written once per module through the real writer, on SQLite and on PostgreSQL.

The PostgreSQL plumbing (a fresh database per use, skipped or failed when the server is missing) is the
store tests' own (``tests/store/conftest.py``), loaded from there; the events are made to cover every
filter: types, countries, a box across Ukraine, actors, Cyrillic text, flags, several sources, no place.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from eventwire.api.app import create_app
from eventwire.model import Article, Count, Event, EventDate, EventPlace, Evidence, Place, Result
from eventwire.store.engine import make_engine
from eventwire.store.migrate import upgrade
from eventwire.store.rows import RawInfo
from eventwire.store.writer import StoreWriter

ROOT = Path(__file__).resolve().parents[2]


def load_module(name: str, path: Path):
    """A helper module of the tests (or a benchmark script) by its path: test folders are not packages."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


store_conftest = load_module("eventwire_tests_store_conftest", ROOT / "tests" / "store" / "conftest.py")
SseClient = load_module("eventwire_tests_sse_client", Path(__file__).parent / "sse_client.py").SseClient
synthetic = load_module("eventwire_bench_synthetic", ROOT / "benchmarks" / "make_synthetic_events.py")
pg_admin = store_conftest.pg_admin  # the session fixture, re-exported for this folder
BACKENDS = store_conftest.BACKENDS

# name: (lat, lon, geonameid, country)
PLACES = {
    "Kharkiv": (49.98, 36.25, 706483, "UA"),
    "Odesa": (46.48, 30.73, 698740, "UA"),
    "Kyiv": (50.45, 30.52, 703448, "UA"),
    "Belgorod": (50.61, 36.58, 578072, "RU"),
    "Tbilisi": (41.69, 44.83, 611717, "GE"),
    "Suva": (-18.14, 178.44, 2198148, "FJ"),
}


def report(
    doc_id: str,
    *,
    url: str,
    sentence: str,
    type: str,
    subtype: str,
    place: str | None,
    day: str,
    actor1: str | None = None,
    actor2: str | None = None,
    killed: int | None = None,
    flags: list[str] | None = None,
    title: str | None = None,
    language: str = "en",
) -> Result:
    """A pipeline Result of one article reporting one event, its sentence the evidence."""
    body = f"{sentence} More details were not immediately available."
    location = None
    places = []
    if place is not None:
        lat, lon, geonameid, country = PLACES[place]
        start = body.index(place) if place in body else 0
        found = Place(mention=place, name=place, geonameid=geonameid, lat=lat, lon=lon, country=country,
                      feature_code="PPLA", start=start, end=start + len(place), score=0.9)  # fmt: skip
        places = [found]
        location = EventPlace(**found.model_dump(), precision=1)
    event = Event(
        type=type, subtype=subtype, actor1=actor1, actor2=actor2, location=location,
        date=EventDate(start=date.fromisoformat(day), end=date.fromisoformat(day), precision="day"),
        fatalities=Count(min=killed, max=killed, text=f"{killed} killed") if killed is not None else None,
        evidence=[Evidence(text=sentence, start=0, end=len(sentence))], flags=flags or [], confidence=0.8,
    )  # fmt: skip
    return Result(
        article=Article(
            id=doc_id, url=url, source_domain=url.split("/")[2], title=title or sentence[:60], published=date.fromisoformat(day),
            language=language, text=body, removed=["Share this article"],
        ),
        places=places,
        events=[event],
    )  # fmt: skip


def reports() -> list[Result]:
    """The fixture store's articles: 9 events (one reported by two outlets) and one article without events."""
    return [
        report("strike-a", url="https://one.example.com/strike", sentence="A missile struck a market in Kharkiv, killing 5 people.",
               type="Explosions/Remote violence", subtype="shelling_artillery_missile_attack", place="Kharkiv",
               day="2025-04-20", actor1="Russian Armed Forces", killed=5, flags=["reported"]),
        report("strike-b", url="https://two.example.org/kharkiv-market", sentence="Russian shelling hit a Kharkiv market; five were killed.",
               type="Explosions/Remote violence", subtype="shelling_artillery_missile_attack", place="Kharkiv",
               day="2025-04-20", actor1="Russian Armed Forces", killed=5),
        report("drone", url="https://three.example.net/odesa", sentence="Drones hit the port of Odesa overnight.",
               type="Explosions/Remote violence", subtype="air_drone_strike", place="Odesa", day="2025-04-18",
               actor1="Russian Armed Forces", flags=["headline_only"]),
        report("clash", url="https://one.example.com/belgorod", sentence="Ukrainian units clashed with Russian troops near Belgorod.",
               type="Battles", subtype="armed_clash", place="Belgorod", day="2025-03-02",
               actor1="Ukrainian Armed Forces", actor2="Russian Armed Forces", killed=2),
        report("protest", url="https://four.example.org/tbilisi", sentence="Thousands protested in Tbilisi against the bill.",
               type="Protests", subtype="peaceful_protest", place="Tbilisi", day="2025-03-15", actor1="Protesters (Georgia)"),
        report("talks", url="https://two.example.org/talks", sentence="Officials met in Kyiv to discuss a ceasefire.",
               type="Political interaction", subtype="consult", place="Kyiv", day="2025-02-10", actor1="Government of Ukraine",
               actor2="Government of Ukraine"),
        report("threat", url="https://three.example.net/threat", sentence="The minister said sanctions could follow if the strikes go on.",
               type="Political interaction", subtype="threaten", place=None, day="2025-04-19", actor1="Government of Ukraine",
               flags=["hypothetical"]),
        report("cyrillic", url="https://five.example.ua/kyiv", sentence="У Києві ХАРКІВСЬКІ волонтери зібрали допомогу.",
               type="Political interaction", subtype="aid", place="Kyiv", day="2025-01-05", actor1="Волонтери", language="uk"),
        report("negated", url="https://four.example.org/denial", sentence="The army denied that it had shelled Odesa.",
               type="Explosions/Remote violence", subtype="shelling_artillery_missile_attack", place="Odesa",
               day="2025-04-01", actor1="Russian Armed Forces", flags=["negated"]),
        report("pacific", url="https://six.example.fj/suva", sentence="Police arrested protest leaders in Suva.",
               type="Strategic developments", subtype="arrests", place="Suva", day="2024-12-24", actor1="Police Forces of Fiji"),
    ]  # fmt: skip


def fill(engine: Engine) -> None:
    """Write the fixture articles through the store's writer (as an ingest would)."""
    write_results(engine, reports())


def write_results(engine: Engine, results: list[Result]) -> None:
    """Write ``results`` through the store's writer (as an ingest would)."""
    with StoreWriter(engine, batch_size=50) as writer:
        for result in results:
            writer.add(result, RawInfo(url=result.article.url))


@pytest.fixture(scope="module", params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database at the newest schema holding :func:`reports`, shared by a module's tests (read only)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.db'}"
        name = None
    else:
        admin = request.getfixturevalue("pg_admin")
        name, url = store_conftest._fresh_pg_database(admin)
    engine = make_engine(url, wait_s=5)
    try:
        upgrade(engine)
        fill(engine)
        engine.dispose()
        yield url
    finally:
        engine.dispose()
        if name:
            store_conftest._drop_pg_database(request.getfixturevalue("pg_admin"), name)


@pytest.fixture(scope="module")
def client(store_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(store_url)) as made:
        yield made


@pytest.fixture(params=BACKENDS)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database of each kind at the newest schema, for tests that write."""
    name = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'fresh.db'}"
    else:
        name, url = store_conftest._fresh_pg_database(request.getfixturevalue("pg_admin"))
    engine = make_engine(url, wait_s=5)
    try:
        upgrade(engine)
        engine.dispose()
        yield url
    finally:
        engine.dispose()
        if name:
            store_conftest._drop_pg_database(request.getfixturevalue("pg_admin"), name)


@contextlib.contextmanager
def serving(app: FastAPI) -> Iterator[int]:
    """``app`` served by a real uvicorn on 127.0.0.1 (a free port, in a thread); yields the port."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def live_server():
    """``with live_server(app) as port:`` a real server for ``app``."""
    return serving


@pytest.fixture
def sse_client() -> type:
    """The test SSE client class: ``sse_client(port, last_event_id=None)``."""
    return SseClient


@pytest.fixture
def synthetic_events():
    """``benchmarks/make_synthetic_events.py`` as a module (``insert_events(engine, n, seed=...)``)."""
    return synthetic


@pytest.fixture
def made_reports():
    """``(report, write_results)``: make pipeline Results (:func:`report`) and write them through the writer."""
    return report, write_results
