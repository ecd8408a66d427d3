"""The live stream's engine room: one poller per server process, fanning changes out to every client.

The poller reads ``event_changes`` every ``interval_s`` (one query, whatever the number of clients),
turns new changes into messages once, keeps the latest ``keep`` in memory and hands each to every
subscriber.  A client that reconnects with ``Last-Event-ID`` gets what it missed from memory, or
from the database when it was away longer than memory reaches, then the live messages: none lost,
in order.  A client too slow to keep up is dropped (its browser reconnects and catches up the same way).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncIterator

from sqlalchemy import Engine

from eventwire.api.changes import Message, head, messages_after
from eventwire.store.engine import read_connection

log = logging.getLogger(__name__)

# Messages kept in memory for reconnecting clients.
KEEP = 5000
# Messages a subscriber may have waiting before it counts as stuck and is dropped.
SUBSCRIBER_BACKLOG = 2000
# Wait after a failed poll (database down or locked) before the next try (seconds).
RETRY_S = 2.0


class _Subscriber:
    def __init__(self, floor: int) -> None:
        self.floor = floor  # messages up to this number were sent already (or are not wanted)
        self.waiting: deque[Message] = deque()
        self.wake = asyncio.Event()
        self.dropped = False

    def push(self, message: Message) -> None:
        if len(self.waiting) >= SUBSCRIBER_BACKLOG:
            self.dropped = True
        else:
            self.waiting.append(message)
        self.wake.set()


class ChangeFeed:
    """Started by the first subscriber, stopped by :meth:`close` (the app's shutdown)."""

    def __init__(self, engine: Engine, *, interval_s: float = 0.25, keep: int = KEEP) -> None:
        self.engine = engine
        self.interval_s = interval_s
        self.head = 0  # the last change turned into messages
        self.recent: deque[Message] = deque(maxlen=keep)
        self.covered_from = 0  # ``recent`` holds every message numbered after this
        self.subscribers: set[_Subscriber] = set()
        self._task: asyncio.Task[None] | None = None
        self._start_lock = asyncio.Lock()
        self._closed = False

    async def start(self) -> None:
        async with self._start_lock:
            if self._task is None and not self._closed:
                self.head = self.covered_from = await asyncio.to_thread(self._read_head)
                self._task = asyncio.create_task(self._run(), name="eventwire-change-feed")

    async def close(self) -> None:
        self._closed = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for subscriber in self.subscribers:
            subscriber.wake.set()

    @contextlib.asynccontextmanager
    async def subscription(self, last_id: int | None) -> AsyncIterator[AsyncIterator[Message]]:
        """Subscribe; iterate what is yielded for the messages after ``last_id`` (None: from now on)."""
        await self.start()
        start = self.head if last_id is None else last_id
        subscriber = _Subscriber(start)
        # Registered and the backlog planned with no await in between: nothing can fall in the gap.
        self.subscribers.add(subscriber)
        if start >= self.head:
            backlog: AsyncIterator[Message] = _empty()
        elif start >= self.covered_from:
            backlog = _replay([m for m in self.recent if m.seq > start])
        else:
            backlog = self._from_database(start, self.head)
        try:
            yield self._messages(subscriber, backlog)
        finally:
            self.subscribers.discard(subscriber)

    async def _messages(self, subscriber: _Subscriber, backlog: AsyncIterator[Message]) -> AsyncIterator[Message]:
        async for message in backlog:
            subscriber.floor = message.seq
            yield message
        while not (self._closed or subscriber.dropped):
            while subscriber.waiting:
                message = subscriber.waiting.popleft()
                if message.seq > subscriber.floor:
                    subscriber.floor = message.seq
                    yield message
            subscriber.wake.clear()
            if not subscriber.waiting and not (self._closed or subscriber.dropped):
                await subscriber.wake.wait()

    async def _from_database(self, after: int, upto: int) -> AsyncIterator[Message]:
        while after < upto:
            messages, last = await asyncio.to_thread(self._read, after, upto)
            for message in messages:
                yield message
            if last == after:  # no change numbered in (after, upto]: numbers of rolled-back writes
                return
            after = last

    async def _run(self) -> None:
        while True:
            before = self.head
            try:
                messages, last = await asyncio.to_thread(self._read, before, None)
            except Exception:
                log.exception("reading event changes failed; trying again in %s s", RETRY_S)
                await asyncio.sleep(RETRY_S)
                continue
            self._publish(messages, last)
            if last == before:  # nothing new; otherwise read on at once (a burst may fill several pages)
                await asyncio.sleep(self.interval_s)

    def _publish(self, messages: list[Message], last: int) -> None:
        for message in messages:
            if len(self.recent) == self.recent.maxlen:
                self.covered_from = self.recent[0].seq
            self.recent.append(message)
            for subscriber in self.subscribers:
                subscriber.push(message)
        self.head = last

    def _read_head(self) -> int:
        with read_connection(self.engine) as conn:
            return head(conn)

    def _read(self, after: int, upto: int | None) -> tuple[list[Message], int]:
        with read_connection(self.engine) as conn:
            return messages_after(conn, after, upto=upto)


async def _empty() -> AsyncIterator[Message]:
    return
    yield  # an async generator that yields nothing


async def _replay(messages: list[Message]) -> AsyncIterator[Message]:
    for message in messages:
        yield message
