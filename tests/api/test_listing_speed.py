"""What makes ``/api/events`` fast must not change what it says: the same JSON without the models, kept pages
answered early only when the data has not changed, and the listing's indexes (migration 0003) used."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import inspect, select, update

from eventwire.api import queries
from eventwire.api.app import create_app
from eventwire.api.cache import EventJsonCache, VersionedCache
from eventwire.api.changes import head
from eventwire.api.db import reading_engine
from eventwire.api.fast import KeptEventPages, VersionReader, url_key
from eventwire.api.filters import EventFilters, apply_filters
from eventwire.api.items import EVENT_COLUMNS
from eventwire.store import tables as t
from eventwire.store.engine import make_engine, read_connection, write_transaction
from eventwire.store.migrate import alembic_config, current_revision, head_revision, upgrade

FILTERS = [
    {}, {"country": "UA"}, {"bbox": "22,44,41,53"}, {"bbox": "170,-20,-170,-10"}, {"actor": "russian"},
    {"q": "ХАРКІВ"}, {"exclude_flags": "hypothetical,negated"}, {"include_flags": "reported"},
    {"min_sources": 2}, {"start": "2025-03-01", "end": "2025-04-19"}, {"type": "Battles,Protests"},
]  # fmt: skip


@pytest.mark.parametrize("sort", ["date", "updated"])
def test_the_listing_json_is_byte_for_byte_what_the_models_give(store_url: str, sort: queries.Sort) -> None:
    engine = reading_engine(store_url)
    rendered = EventJsonCache(max_events=5)  # events rendered for one page, reused (or dropped) by the next
    with read_connection(engine) as conn:
        version = head(conn)
        for given in FILTERS:
            filters, cursor, pages = EventFilters(**given), None, 0
            while True:  # two events a page: cursors and the last page's null ``next`` too
                args: dict[str, Any] = {"conn": conn, "filters": filters, "limit": 2, "cursor": cursor, "sort": sort}
                page = queries.events_page(**args)
                expected = page.model_dump_json().encode()
                assert queries.events_page_json(**args) == expected, given
                assert queries.events_page_json(**args, kept=(rendered, version)) == expected, given
                pages += 1
                if page.next is None:
                    break
                cursor = page.next
            assert pages >= 1
    engine.dispose()


def test_a_repeated_query_string_is_answered_from_the_kept_page(client: TestClient) -> None:
    url = "/api/events?country=UA&limit=3&exclude_flags=negated"
    first = client.get(url)
    kept = client.app.state.cache  # type: ignore[attr-defined]
    assert first.status_code == 200 and kept.has(url_key(b"country=UA&limit=3&exclude_flags=negated"))
    second = client.get(url)
    assert second.status_code == 200 and second.content == first.content
    assert second.headers["content-type"] == first.headers["content-type"] == "application/json"
    assert second.headers["content-length"] == str(len(first.content))


def test_refused_parameters_are_never_kept(client: TestClient) -> None:
    kept = client.app.state.cache  # type: ignore[attr-defined]
    for query in ("limit=0", "bbox=1,2,3", "country=Ukraine", "cursor=nonsense", "start=2025-05-01&end=2025-01-01"):
        for _ in range(2):
            assert client.get(f"/api/events?{query}").status_code == 422, query
        assert not kept.has(url_key(query.encode()))
    # A kept query string with a NUL in Last-Event-ID is still the application's to refuse.
    assert client.get("/api/events?limit=5").status_code == 200
    assert client.get("/api/events?limit=5", headers={"Last-Event-ID": "1\x00"}).status_code == 422


class _App:
    """The application behind the middleware: counts what reaches it and answers 200 with its own body."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        self.calls += 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"from the app"})


def _get(middleware: KeptEventPages, query: bytes, path: str = "/api/events", method: str = "GET") -> bytes:
    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    async def receive() -> dict:
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": method, "path": path, "query_string": query, "headers": [], "root_path": ""}
    asyncio.run(middleware(scope, receive, send))
    return sent[1]["body"]


def test_kept_pages_go_out_only_at_the_version_they_were_made_at(empty_url: str, synthetic_events) -> None:
    engine = reading_engine(empty_url)
    writer = make_engine(empty_url, wait_s=5)
    (event_id,) = synthetic_events.insert_events(writer, 1, seed=3)
    versions = VersionReader(engine)
    cache, app = VersionedCache(), _App()
    middleware = KeptEventPages(app, versions=versions, cache=cache)
    assert _get(middleware, b"limit=5") == b"from the app"  # never answered: the application's
    with read_connection(engine) as conn:
        version = head(conn)
    cache.alias(url_key(b"limit=5"), version, b"kept page")
    assert _get(middleware, b"limit=5") == b"kept page" and app.calls == 1
    assert _get(middleware, b"limit=5", method="HEAD") == b"from the app"
    assert _get(middleware, b"limit=5", path="/api/events/x") == b"from the app"
    assert _get(middleware, b"limit=6") == b"from the app" and app.calls == 4
    with write_transaction(writer) as conn:
        conn.execute(update(t.Event).where(t.Event.id == event_id).values(n_sources=9))
    assert _get(middleware, b"limit=5") == b"from the app"  # the data changed: never the old page
    versions.close()
    engine.dispose()
    writer.dispose()


def test_a_stale_page_is_never_served_through_the_whole_app(empty_url: str, synthetic_events) -> None:
    writer = make_engine(empty_url, wait_s=5)
    (event_id,) = synthetic_events.insert_events(writer, 1, seed=4)
    with TestClient(create_app(empty_url)) as client:
        for n_sources in (11, 12, 13):
            with write_transaction(writer) as conn:
                conn.execute(update(t.Event).where(t.Event.id == event_id).values(n_sources=n_sources))
            for _ in range(2):  # the second is the one the middleware may answer
                (item,) = client.get("/api/events?limit=10").json()["items"]
                assert item["n_sources"] == n_sources
    writer.dispose()


def test_sqlite_walks_the_listing_indexes_in_order(store_url: str) -> None:
    if not store_url.startswith("sqlite"):
        pytest.skip("SQLite's plans")
    engine = reading_engine(store_url)
    with read_connection(engine) as conn:
        for given, index in (
            ({"bbox": "22,44,41,53"}, "ix_events_listing_date"),
            ({"bbox": "22,44,41,53", "exclude_flags": "negated"}, "ix_events_listing_date"),
            ({"country": "UA", "bbox": "-17,10,16,25"}, "ix_events_listing_country"),
            ({"type": "Battles", "start": "2025-01-01"}, "ix_events_listing_type"),
            ({"subtype": "armed_clash"}, "ix_events_listing_subtype"),
        ):
            query = apply_filters(select(*EVENT_COLUMNS), EventFilters(**given), dialect="sqlite", ordered=True)
            query = queries._ordered_after(query, "date", None).limit(101)
            sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = " | ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
            assert index in plan and "TEMP B-TREE" not in plan, (given, plan)
    engine.dispose()


def test_migration_0003_goes_down_and_up(empty_url: str) -> None:
    engine = make_engine(empty_url, wait_s=5)
    listing = {
        "ix_events_listing_date",
        "ix_events_listing_country",
        "ix_events_listing_type",
        "ix_events_listing_subtype",
    }

    def indexes() -> set[str]:
        with read_connection(engine) as conn:
            return {index["name"] for index in inspect(conn).get_indexes("events")}

    assert current_revision(engine) == head_revision() and indexes() >= listing
    with write_transaction(engine) as conn:
        command.downgrade(alembic_config(conn), "0002")
    assert current_revision(engine) == "0002"
    assert not indexes() & listing and {"ix_events_date_start_id", "ix_events_country_date_start"} <= indexes()
    assert upgrade(engine) == head_revision() and indexes() >= listing
    engine.dispose()


def test_rendered_events_belong_to_one_version() -> None:
    rendered = EventJsonCache(max_events=2)
    rendered.put_many(7, {"a": b"{a7}", "b": b"{b7}"})
    assert rendered.get_many(7, ["a", "b", "c"]) == {"a": b"{a7}", "b": b"{b7}"}
    assert rendered.get_many(8, ["a"]) == {}  # newer data: nothing kept applies
    rendered.put_many(8, {"a": b"{a8}"})
    rendered.put_many(7, {"b": b"{b7}"})  # a slow request of the older version keeps nothing
    assert rendered.get_many(8, ["a", "b"]) == {"a": b"{a8}"} and rendered.get_many(7, ["a", "b"]) == {}
    rendered.put_many(8, {"b": b"{b8}", "c": b"{c8}"})  # at most two: the least recently used goes
    assert rendered.get_many(8, ["a", "b", "c"]) == {"b": b"{b8}", "c": b"{c8}"}


def test_a_database_that_does_not_answer_leaves_the_request_to_the_application() -> None:
    down = VersionReader(make_engine("postgresql+psycopg://postgres@127.0.0.1:1/none", wait_s=1))
    cache, app = VersionedCache(), _App()
    cache.alias(url_key(b"limit=5"), 0, b"kept page")
    assert _get(KeptEventPages(app, versions=down, cache=cache), b"limit=5") == b"from the app"
    down.close()


def test_an_answer_being_computed_is_computed_once_for_all_who_want_it() -> None:
    cache, calls, started, release = VersionedCache(), [], threading.Event(), threading.Event()

    def compute() -> bytes:
        calls.append(1)
        started.set()
        release.wait(5)
        return b"page"

    def failing() -> bytes:
        raise ValueError("bad cursor")

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        first = pool.submit(cache.get, "k", 1, compute)
        assert started.wait(5)
        others = [pool.submit(cache.get, "k", 1, compute) for _ in range(3)]
        release.set()
        assert {first.result(), *(other.result() for other in others)} == {b"page"} and len(calls) == 1
    assert cache.get("k", 2, lambda: b"newer") == b"newer"  # another version: computed again
    with pytest.raises(ValueError):
        cache.get("bad", 1, failing)
    assert cache.get("bad", 1, lambda: b"fine") == b"fine"  # a failure is not kept
