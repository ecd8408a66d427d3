"""The change log and the feed on real databases: every insert, update and delete of an event is logged by
the database itself, a client away longer than memory reaches catches up from the database, and on
PostgreSQL concurrent writers number their changes in commit order."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest
from sqlalchemy import delete, select, update

from eventwire.api.changes import event_changes, head
from eventwire.api.sse import ChangeFeed
from eventwire.store import tables as t
from eventwire.store.engine import make_engine, read_connection, write_transaction


def _changes(engine) -> list[tuple[str, str]]:
    with read_connection(engine) as conn:
        query = select(event_changes.c.event_id, event_changes.c.op).order_by(event_changes.c.seq)
        return [tuple(row) for row in conn.execute(query)]


def test_the_database_logs_every_change_of_an_event(empty_url: str, synthetic_events) -> None:
    engine = make_engine(empty_url, wait_s=5)
    (first, second) = synthetic_events.insert_events(engine, 2, seed=1)
    with write_transaction(engine) as conn:
        conn.execute(update(t.Event).where(t.Event.id == first).values(n_sources=9))
        conn.execute(delete(t.EventSource).where(t.EventSource.event_id == second))
        conn.execute(delete(t.Event).where(t.Event.id == second))
    assert _changes(engine) == [(first, "insert"), (second, "insert"), (first, "update"), (second, "delete")]
    engine.dispose()


async def _collect(feed: ChangeFeed, last_id: int | None, count: int, then=None) -> list:
    got = []
    async with feed.subscription(last_id) as messages:
        if then is not None:
            await asyncio.to_thread(then)
        async for message in messages:
            got.append(message)
            if len(got) == count:
                break
    return got


def test_a_client_away_longer_than_memory_reaches_catches_up_from_the_database(
    empty_url: str, synthetic_events
) -> None:
    engine = make_engine(empty_url, wait_s=5)
    earlier = synthetic_events.insert_events(engine, 3, seed=2)

    async def scenario() -> tuple[list, list, list]:
        feed = ChangeFeed(engine, interval_s=0.05, keep=2)  # memory holds only the last 2 messages
        await feed.start()
        later = await asyncio.to_thread(synthetic_events.insert_events, engine, 5, seed=3)
        while feed.head < 8:
            await asyncio.sleep(0.05)
        assert feed.covered_from > 1  # what came before is no longer in memory
        from_database = await asyncio.wait_for(_collect(feed, 1, 7), 20)
        from_memory = await asyncio.wait_for(_collect(feed, 6, 2), 20)

        def change() -> None:
            with write_transaction(engine) as conn:
                conn.execute(update(t.Event).where(t.Event.id == later[0]).values(fatalities_latest=42))
                conn.execute(delete(t.EventSource).where(t.EventSource.event_id == earlier[0]))
                conn.execute(delete(t.Event).where(t.Event.id == earlier[0]))

        live = await asyncio.wait_for(_collect(feed, None, 2, then=change), 20)
        await feed.close()
        return [later, from_database, from_memory, live]

    later, from_database, from_memory, live = asyncio.run(scenario())
    assert [json.loads(m.data)["id"] for m in from_database] == earlier[1:] + later
    assert [m.seq for m in from_database] == list(range(2, 9))
    assert [m.seq for m in from_memory] == [7, 8]
    assert [(m.kind, json.loads(m.data)["id"]) for m in live] == [("event", later[0]), ("removed", earlier[0])]
    assert json.loads(live[0].data)["fatalities"]["latest"] == 42
    engine.dispose()


@pytest.mark.parametrize("empty_url", ["postgresql"], indirect=True)
def test_on_postgresql_changes_are_numbered_in_commit_order(empty_url: str, synthetic_events) -> None:
    """A writer that started later but commits first must not get the smaller number, or a reader that
    saw it would skip the other one: the second writer waits for the first."""
    engine = make_engine(empty_url, wait_s=5)
    first_id, second_id = synthetic_events.insert_events(engine, 2, seed=4)
    second_done = threading.Event()

    def second_writer() -> None:
        with write_transaction(engine) as conn:
            conn.execute(update(t.Event).where(t.Event.id == second_id).values(n_sources=5))
        second_done.set()

    with write_transaction(engine) as conn:
        conn.execute(update(t.Event).where(t.Event.id == first_id).values(n_sources=4))
        thread = threading.Thread(target=second_writer)
        thread.start()
        time.sleep(0.5)
        assert not second_done.is_set()  # held until the first commits
        with read_connection(engine) as reader:
            assert head(reader) == 2  # nothing of either writer visible yet
    thread.join(timeout=10)
    assert second_done.is_set()
    assert _changes(engine)[2:] == [(first_id, "update"), (second_id, "update")]
    engine.dispose()
