"""Every store test runs on SQLite (a file in tmp_path) and on PostgreSQL (a fresh database, dropped after).

PostgreSQL is expected at 127.0.0.1:5432 (trust auth, user ``postgres``, database ``test``); the
tests create ``ew_test_<random>`` from there.  When it is not reachable the PostgreSQL variants
fail if ``CI`` is set (CI must test both) and are skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from eventwire.model import Article, Count, Entity, Event, EventDate, EventPlace, Evidence, Place, Quote, Result
from eventwire.store.engine import make_engine
from eventwire.store.migrate import upgrade

PG_ADMIN_URL = os.environ.get("EVENTWIRE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]


def _pg_unavailable_reason() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}: {str(exc).splitlines()[0]}"
    return None


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine]:
    reason = _pg_unavailable_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set: the PostgreSQL tests must run)")
        pytest.skip(reason)
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def _fresh_pg_database(admin: Engine) -> tuple[str, str]:
    name = f"ew_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return name, make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(admin: Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind, as a URL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    admin = request.getfixturevalue("pg_admin")
    name, url = _fresh_pg_database(admin)
    try:
        yield url
    finally:
        _drop_pg_database(admin, name)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a database already at the newest schema (short waits: tests do not hang)."""
    made = make_engine(db_url, wait_s=5)
    upgrade(made)
    yield made
    made.dispose()


def make_result(
    doc_id: str,
    *,
    url: str | None = None,
    town: str = "Kharkiv",
    killed: int = 5,
    day: str = "2025-04-20",
    published: str = "2025-04-20",
    extra: str = "",
    flags: list[str] | None = None,
    text: str | None = None,
) -> Result:
    """A pipeline Result as the pipeline would give it for a short wire report of a strike."""
    lat, lon, geonameid = TOWNS[town]
    body = (
        text
        or (
            f"A missile struck a market in {town} on Sunday, killing {killed} people, "
            f'regional governor Oleh Syniehubov said. "The enemy hit the centre again," he wrote. {extra}'
        ).strip()
    )
    start = body.index(town)
    sentence_end = body.index("said.") + len("said.")
    evidence = [Evidence(text=body[:sentence_end], start=0, end=sentence_end)]
    place = Place(mention=town, name=town, geonameid=geonameid, lat=lat, lon=lon, country="UA",
                  feature_code="PPLA", start=start, end=start + len(town), score=0.9)  # fmt: skip
    event = Event(
        type="Explosions/Remote violence", subtype="shelling_artillery_missile_attack", actor1="Russia",
        location=EventPlace(**place.model_dump(), precision=1),
        date=EventDate(start=date.fromisoformat(day), end=date.fromisoformat(day), precision="day"),
        fatalities=Count(min=killed, max=killed, text=f"killing {killed} people"), evidence=evidence,
        flags=flags if flags is not None else ["reported"], confidence=0.8,
    )  # fmt: skip
    governor = body.index("Oleh Syniehubov")
    return Result(
        article=Article(
            id=doc_id, url=url, source_domain=url.split("/")[2].lower() if url else None,
            title=f"Missile strike kills {killed} in {town}", published=date.fromisoformat(published),
            published_from="metadata", language="en", agency="Reuters", cited_sources=["Telegram"],
            text=body, removed=["Share this article", "Most read"],
        ),
        entities=[
            Entity(text="Oleh Syniehubov", label="PERSON", canonical="Oleh Syniehubov", roles=["governor"],
                   mentions=[(governor, governor + len("Oleh Syniehubov"))]),
            Entity(text=town, label="GPE", canonical=town, mentions=[(start, start + len(town))]),
        ],
        places=[place],
        quotes=[Quote(text="The enemy hit the centre again,", speaker="Oleh Syniehubov", direct=True,
                      start=body.index('"') + 1, end=body.index('"') + 32)],
        events=[event],
        warnings=["W303 crawl date not used as published date"],
    )  # fmt: skip


TOWNS = {"Kharkiv": (49.98, 36.25, 706483), "Odesa": (46.48, 30.73, 698740), "Sumy": (50.92, 34.80, 692194)}


@pytest.fixture
def result_factory():
    return make_result


# A short wire report as a JSONL input line: what the CLI tests ingest.
WIRE_TEXT = (
    "KHARKIV, April 20 (Reuters) - A Russian missile struck a market in Kharkiv on Sunday, killing five people "
    "and wounding 12, regional governor Oleh Syniehubov said.\n\nRescue workers searched the rubble for survivors. "
    "Russia did not comment on the attack."
)


@pytest.fixture
def wire_jsonl(tmp_path: Path) -> Path:
    doc = {"id": "kharkiv-1", "url": "https://wire.example.com/kharkiv-market", "published": "2025-04-20",
           "title": "Missile strike kills five in Kharkiv market", "text": WIRE_TEXT}  # fmt: skip
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps(doc) + "\n", "utf-8")
    return path


@pytest.fixture(scope="session")
def warm_pipeline() -> None:
    """Load the pipeline's and the stories' models once, so a test's ingest reaches the database at once."""
    from eventwire.model import RawDoc
    from eventwire.pipeline import process
    from eventwire.stories import article_features

    article_features("warm", process(RawDoc(id="warm", text=WIRE_TEXT, title="Warm up", lang="en")))
