"""Answers kept until the events change: event pages (as JSON bytes) and the aggregates (stats, places, actors).

The version is the newest number in ``event_changes``, read with every request: any write to ``events``,
by any process, makes every kept answer stale at once, so a cached answer is never older than the data.
Many dashboards showing the same view then cost one small indexed query per request, and the real query
once per change of the data.  An answer can also be kept under a second key (:meth:`VersionedCache.alias`,
e.g. the exact query string of a request) that :meth:`VersionedCache.peek` finds without parsing anything.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
# Answers kept, aliases included (least recently used dropped first), and the most bytes of JSON pages kept.
MAX_ENTRIES = 2048
MAX_BYTES = 64 * 1024 * 1024


class VersionedCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        # key: (version, answer, bytes counted against max_bytes)
        self._entries: OrderedDict[Hashable, tuple[int, object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._flights: dict[tuple[Hashable, int], _Flight] = {}

    def get(self, key: Hashable, version: int, compute: Callable[[], T]) -> T:
        """The answer for ``key`` at data ``version``, computed (outside the lock) when not kept.

        Requests that want the same answer while it is being computed wait for it instead of computing
        it again (they read the same ``version``, after the computation began: it is as new as theirs).
        """
        kept = self.peek(key, version)
        if kept is not None:
            return kept  # type: ignore[return-value]
        with self._lock:
            flight = self._flights.get((key, version))
            leader = flight is None
            if flight is None:
                flight = self._flights[key, version] = _Flight()
        if not leader:
            flight.done.wait()
            if flight.ok:
                return flight.value  # type: ignore[return-value]
            return compute()  # it failed there: fail (or not) here on its own
        try:
            value = compute()
            flight.value, flight.ok = value, True
            self._put(key, version, value, _size(value))
            return value
        finally:
            with self._lock:
                del self._flights[key, version]
            flight.done.set()

    def peek(self, key: Hashable, version: int) -> object | None:
        """The answer kept for ``key`` at data ``version``, or None."""
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None and kept[0] == version:
                self._entries.move_to_end(key)
                return kept[1]
        return None

    def has(self, key: Hashable) -> bool:
        """Whether an answer is kept for ``key`` at any version."""
        with self._lock:
            return key in self._entries

    def alias(self, key: Hashable, version: int, value: object) -> None:
        """Keep ``value`` (already kept under another key: its bytes are not counted again) under ``key`` too."""
        self._put(key, version, value, 0)

    def _put(self, key: Hashable, version: int, value: object, size: int) -> None:
        with self._lock:
            self._drop(key)
            self._entries[key] = (version, value, size)
            self._bytes += size
            while self._entries and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
                self._drop(next(iter(self._entries)))

    def _drop(self, key: Hashable) -> None:
        kept = self._entries.pop(key, None)
        if kept is not None:
            self._bytes -= kept[2]


class _Flight:
    """An answer being computed: the others that want it wait for ``done``."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.ok = False
        self.value: object = None


def _size(value: object) -> int:
    return len(value) if isinstance(value, bytes) else 0


# Events kept as JSON by EventJsonCache (about 1 KB each: 20 MB at most).
MAX_EVENTS = 20_000


class EventJsonCache:
    """Events as JSON (``pydantic_core.to_json`` of ``items.item_dict``) at one data version, by event id.

    Different filtered pages show many of the same events (the newest in a country are also the newest in
    its box and of their type): a page that is not kept is then mostly made of events already rendered.
    All entries belong to one version; a newer version empties the cache (the same rule as the pages).
    """

    def __init__(self, max_events: int = MAX_EVENTS) -> None:
        self.max_events = max_events
        self._version: int | None = None
        self._events: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, version: int, event_ids: list[str]) -> dict[str, bytes]:
        """Those of ``event_ids`` kept at ``version``."""
        with self._lock:
            if version != self._version:
                return {}
            found = {}
            for event_id in event_ids:
                kept = self._events.get(event_id)
                if kept is not None:
                    self._events.move_to_end(event_id)
                    found[event_id] = kept
            return found

    def put_many(self, version: int, rendered: dict[str, bytes]) -> None:
        """Keep ``rendered`` (read after ``version`` was: never older than it) at ``version``."""
        with self._lock:
            if self._version is not None and version < self._version:
                return  # a slower request of an older version: the cache has moved on
            if version != self._version:
                self._version = version
                self._events.clear()
            self._events.update(rendered)
            while len(self._events) > self.max_events:
                self._events.popitem(last=False)
