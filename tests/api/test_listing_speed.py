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
from sqlalchemy import inspect, update

from eventwire.api import listing, queries
from eventwire.api.app import create_app
from eventwire.api.cache import ROW_BYTES, EventJsonCache, VersionedCache
from eventwire.api.changes import head
from eventwire.api.db import SQLITE_CONNECTIONS, reading_engine
from eventwire.api.fast import KeptEventPages, VersionReader, url_key
from eventwire.api.filters import EventFilters
from eventwire.api.settings import PREWARM_EVENTS_ENV, ApiSettings
from eventwire.store import tables as t
from eventwire.store.engine import make_engine, read_connection, write_transaction
from eventwire.store.migrate import alembic_config, current_revision, head_revision, upgrade

FILTERS = [
    {}, {"country": "UA"}, {"bbox": "22,44,41,53"}, {"bbox": "170,-20,-170,-10"}, {"actor": "russian"},
    {"q": "ХАРКІВ"}, {"exclude_flags": "hypothetical,negated"}, {"include_flags": "reported"},
    {"min_sources": 2}, {"start": "2025-03-01", "end": "2025-04-19"}, {"type": "Battles,Protests"},
]  # fmt: skip


@pytest.mark.parametrize("sort", ["date", "updated"])
@pytest.mark.parametrize("kept", ["none", "small", "prewarmed"])
def test_the_listing_json_is_byte_for_byte_what_the_models_give(store_url: str, sort: queries.Sort, kept: str) -> None:
    engine = reading_engine(store_url)
    with read_connection(engine) as conn:
        rendered = None
        if kept == "small":  # events rendered for one page, reused (or dropped) by the next
            rendered = EventJsonCache(max_events=5)
        elif kept == "prewarmed":  # the newest five rendered at once, as the API does at startup
            rendered = EventJsonCache()
            assert queries.prewarm_events(conn=conn, rendered=rendered, count=5) == 5 and len(rendered) == 5
        for given in FILTERS:
            filters, cursor, pages = EventFilters(**given), None, 0
            while True:  # two events a page: cursors and the last page's null ``next`` too
                args: dict[str, Any] = {"conn": conn, "filters": filters, "limit": 2, "cursor": cursor, "sort": sort}
                page = queries.events_page(**args)
                expected = page.model_dump_json().encode()
                assert queries.events_page_json(**args, rendered=rendered) == expected, given
                pages += 1
                if page.next is None:
                    break
                cursor = page.next
            assert pages >= 1
    engine.dispose()


def test_the_app_sends_the_bytes_the_models_give(client: TestClient, store_url: str) -> None:
    engine = reading_engine(store_url)
    with read_connection(engine) as conn:
        for sort in ("date", "updated"):
            for given in FILTERS:
                page = queries.events_page(conn=conn, filters=EventFilters(**given), limit=3, sort=sort)
                for _ in range(2):  # the second from the kept page
                    response = client.get("/api/events", params={**given, "limit": 3, "sort": sort})
                    assert response.content == page.model_dump_json().encode(), given
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


# (filters, the listing index walked, what PostgreSQL then tests on the index entry since migration 0004)
WALKS = [
    ({"bbox": "22,44,41,53"}, "ix_events_listing_date", "(lat >="),
    ({"bbox": "22,44,41,53", "exclude_flags": "negated"}, "ix_events_listing_date", "(lon <="),
    ({"country": "UA", "bbox": "-17,10,16,25"}, "ix_events_listing_country", "(lon >="),
    ({"type": "Battles", "start": "2025-01-01"}, "ix_events_listing_type", "(type)"),
    ({"subtype": "armed_clash", "min_sources": 2}, "ix_events_listing_subtype", "(n_sources >="),
]  # fmt: skip


def test_the_listing_walks_its_indexes_in_order_testing_filters_on_their_entries(store_url: str) -> None:
    """No sort of the matches (SQLite, migration 0003); a box, a country, a type tested on the index entry, not
    on rows read from the table (PostgreSQL, migration 0004)."""
    engine = reading_engine(store_url)
    with read_connection(engine) as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:  # a handful of test events: it would read them all and sort; what is tested is the walk
            conn.exec_driver_sql("SET enable_seqscan = off")
            conn.exec_driver_sql("SET enable_sort = off")
        for given, index, tested in WALKS:
            if postgres:
                sql, parameters = listing._bound(conn, EventFilters(**given), "date", "top", {"page_limit": 101})
                plan = "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {sql}", parameters))
                on_entries = " ".join(line for line in plan.splitlines() if "Index Cond" in line)
                assert index in plan and tested in on_entries, (given, plan)
            else:
                plan = listing.query_plan(conn, EventFilters(**given))
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


def _row(event_id: str, **values: Any) -> tuple[str, tuple[Any, ...]]:
    """An event id and a row of its ``events`` columns, as ``EventJsonCache`` is given them."""
    row = {"id": event_id, "updated": "t1", "n_sources": 1, **values}
    return event_id, tuple(row.values())


def _kept(*entries: tuple[tuple[str, tuple[Any, ...]], bytes]) -> list[tuple[str, tuple[Any, ...], bytes]]:
    return [(event_id, row, body) for (event_id, row), body in entries]


def test_a_rendered_event_is_used_only_for_the_row_it_was_rendered_from() -> None:
    rendered = EventJsonCache(max_events=2)
    rendered.put_many(_kept((_row("a"), b"{a}"), (_row("b"), b"{b}")))
    assert rendered.get_many([_row("a"), _row("b"), _row("c")]) == {"a": b"{a}", "b": b"{b}"}
    # a newer ``updated``, or any other column changed by hand: not that event's JSON any more; the others stay
    assert rendered.get_many([_row("a", updated="t2"), _row("b")]) == {"b": b"{b}"}
    assert rendered.get_many([_row("a"), _row("b", n_sources=2)]) == {"a": b"{a}"}
    rendered.put_many(_kept((_row("a", updated="t2"), b"{a2}")))  # in place of the old one
    assert rendered.get_many([_row("a"), _row("a", updated="t2")]) == {"a": b"{a2}"} and len(rendered) == 2
    rendered.put_many(_kept((_row("c"), b"{c}")))  # at most two: the least recently used (b) goes
    assert rendered.get_many([_row("a", updated="t2"), _row("b"), _row("c")]) == {"a": b"{a2}", "c": b"{c}"}
    assert rendered.bytes == len(b"{a2}{c}") + 2 * ROW_BYTES


def test_rendered_events_are_bounded_by_bytes() -> None:
    rendered = EventJsonCache(max_events=100, max_bytes=3 * (ROW_BYTES + 10))
    rendered.put_many(_kept(*((_row(str(n)), b"x" * 10) for n in range(5))))
    assert len(rendered) == 3 and rendered.get_many([_row("0"), _row("4")]) == {"4": b"x" * 10}
    assert rendered.bytes == 3 * (ROW_BYTES + 10)


def _listing(engine: Any, rendered: EventJsonCache | None, **given: Any) -> bytes:
    with read_connection(engine) as conn:
        return queries.events_page_json(conn=conn, filters=EventFilters(**given), rendered=rendered)


def _rows(engine: Any) -> list[dict[str, Any]]:
    """Every event's row, by column name, and as read (``"raw"``: what rendered events are checked against)."""
    with read_connection(engine) as conn:
        page = listing.listing_rows(conn, EventFilters(), 1000)
        return [page.mapping(row) | {"raw": row} for row in page.rows]


def _versions(rows: list[dict[str, Any]]) -> list[tuple[str, tuple[Any, ...]]]:
    return [(row["id"], row["raw"]) for row in rows]


def test_a_write_to_one_event_re_renders_that_event_alone(empty_url: str, made_reports) -> None:
    report, write_results = made_reports
    writer = make_engine(empty_url, wait_s=5)
    strike = {"type": "Explosions/Remote violence", "subtype": "shelling_artillery_missile_attack", "place": "Kharkiv",
              "day": "2025-04-20", "actor1": "Russian Armed Forces", "killed": 5}  # fmt: skip
    write_results(writer, [
        report("strike-a", url="https://one.example.com/strike", sentence="A missile struck a market in Kharkiv.", **strike),
        report("strike-b", url="https://two.example.org/kharkiv", sentence="Russian shelling hit a Kharkiv market.", **strike),
        report("drone", url="https://three.example.net/odesa", sentence="Drones hit the port of Odesa overnight.",
               type="Explosions/Remote violence", subtype="air_drone_strike", place="Odesa", day="2025-04-18"),
        report("clash", url="https://one.example.com/belgorod", sentence="Ukrainian units clashed near Belgorod.",
               type="Battles", subtype="armed_clash", place="Belgorod", day="2025-03-02"),
    ])  # fmt: skip
    engine = reading_engine(empty_url)
    rendered = EventJsonCache()
    first = _listing(engine, rendered)
    assert first == _listing(engine, None)
    before = rendered.get_many(_versions(_rows(engine)))
    assert len(before) == 3
    (strike_id,) = [row["id"] for row in _rows(engine) if row["n_sources"] == 2]

    # A new version of one of the strike's articles (new title and sentence): the writer rebuilds the strike
    # from its reports, with a new ``updated``; the other events are not written.
    write_results(writer, [report("strike-b", url="https://two.example.org/kharkiv", title="Kharkiv market shelled",
                                  sentence="Russian shelling hit a Kharkiv market again.", **strike)])  # fmt: skip
    rows = _rows(engine)
    kept = rendered.get_many(_versions(rows))
    assert strike_id not in kept and len(kept) == 2
    assert all(kept[event_id] is before[event_id] for event_id in kept)  # the very same JSON, not re-rendered
    second = _listing(engine, rendered)
    assert second != first and b"Kharkiv market shelled" in second
    assert second == _listing(engine, None)  # the changed event: the bytes of a fresh render
    with read_connection(engine) as conn:
        assert second == queries.events_page(conn=conn, filters=EventFilters()).model_dump_json().encode()
    assert rendered.get_many(_versions(rows)).keys() == {row["id"] for row in rows}

    # A change by hand that leaves ``updated`` as it was is seen too (the whole row is compared).
    (drone_id,) = [row["id"] for row in rows if row["location_name"] == "Odesa"]
    with write_transaction(writer) as conn:
        conn.execute(update(t.Event).where(t.Event.id == drone_id).values(n_sources=9))
    kept = rendered.get_many(_versions(_rows(engine)))
    assert drone_id not in kept and len(kept) == 2
    third = _listing(engine, rendered)
    assert third == _listing(engine, None) and b'"n_sources":9' in third
    engine.dispose()
    writer.dispose()


def test_the_startup_renders_the_newest_events(empty_url: str, synthetic_events, monkeypatch) -> None:
    writer = make_engine(empty_url, wait_s=5)
    synthetic_events.insert_events(writer, 30, seed=11)
    with TestClient(create_app(empty_url, prewarm_events=20)) as client:
        state = client.app.state  # type: ignore[attr-defined]
        assert state.prewarm.events == 20 and state.prewarm.error is None and len(state.event_json) == 20
        assert state.prewarm.bytes == state.event_json.bytes > 0
        renders: list[int] = []
        put_many = state.event_json.put_many
        monkeypatch.setattr(state.event_json, "put_many", lambda items: renders.append(1) or put_many(items))
        # The listing's first 20 (its default order) are the ones rendered: that page renders nothing.
        body = client.get("/api/events?limit=20").content
        assert not renders
        assert client.get("/api/events?limit=21").status_code == 200 and renders  # the 21st was not
    engine = reading_engine(empty_url)
    with read_connection(engine) as conn:
        assert body == queries.events_page(conn=conn, filters=EventFilters(), limit=20).model_dump_json().encode()
    monkeypatch.setenv(PREWARM_EVENTS_ENV, "0")  # how an operator turns it off
    with TestClient(create_app(empty_url)) as client:
        assert client.app.state.prewarm.events == 0 and len(client.app.state.event_json) == 0  # type: ignore[attr-defined]
    monkeypatch.setenv(PREWARM_EVENTS_ENV, "7")
    assert ApiSettings.from_env().prewarm_events == 7
    engine.dispose()
    writer.dispose()


def test_sqlite_reads_keep_their_connections(tmp_path) -> None:
    engine = reading_engine(f"sqlite:///{tmp_path / 'pool.db'}")
    held = [engine.connect() for _ in range(SQLITE_CONNECTIONS)]
    for conn in held:  # the store's settings (foreign keys on) and the API's functions on each
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("SELECT ew_casefold('ХАРКІВ')").scalar() == "харків"
    for conn in held:
        conn.close()
    assert engine.pool.checkedin() == SQLITE_CONNECTIONS  # none closed on return
    engine.dispose()


def test_the_api_starts_while_the_database_is_down() -> None:
    with TestClient(create_app("postgresql+psycopg://postgres@127.0.0.1:1/none")) as client:
        prewarm = client.app.state.prewarm  # type: ignore[attr-defined]
        assert prewarm.events == 0 and prewarm.error
        assert client.get("/api/events").status_code == 503


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


def test_version_reads_asked_together_share_a_query_begun_after_each(empty_url: str, synthetic_events) -> None:
    """Reads asked while one is on the wire share the next query (PostgreSQL), which sees every commit before them."""
    writer = make_engine(empty_url, wait_s=5)
    versions = VersionReader(make_engine(empty_url))
    queries: list[int] = []
    if not versions.sqlite:
        query = versions._query_pg

        async def counted() -> int:
            queries.append(1)
            return await query()

        versions._query_pg = counted  # type: ignore[method-assign]

    async def read_write_read() -> tuple[int | None, list[int | None]]:
        before = await versions.read()
        synthetic_events.insert_events(writer, 1, seed=8)
        return before, await asyncio.gather(*(versions.read() for _ in range(30)))

    before, after = asyncio.run(read_write_read())
    assert before is not None and all(version is not None and version > before for version in after)
    if not versions.sqlite:
        assert len(queries) <= 3  # one before the write, one or two for the thirty after it (not thirty)
    versions.close()
    writer.dispose()
