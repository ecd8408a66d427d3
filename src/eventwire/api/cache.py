"""Answers kept until the events change: event pages (as JSON bytes) and the aggregates (stats, places, actors).

The version is the newest number in ``event_changes``, read with every request: any write to ``events``,
by any process, makes every kept answer stale at once, so a cached answer is never older than the data.
Many dashboards showing the same view then cost one small indexed query per request, and the real query
once per change of the data.  An answer can also be kept under a second key (:meth:`VersionedCache.alias`,
e.g. the exact query string of a request) that :meth:`VersionedCache.peek` finds without parsing anything.

Events rendered as JSON (:class:`EventJsonCache`), the parts pages are made of, are kept per event instead:
each is used while its ``events`` row is unchanged, whatever happens to the other events.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from eventwire.api.shared import SharedPages

T = TypeVar("T")
# Answers kept, aliases included (least recently used dropped first), and the most bytes of JSON pages kept.
MAX_ENTRIES = 2048
MAX_BYTES = 64 * 1024 * 1024


class VersionedCache:
    """Answers by key and data version, in this process; with ``shared``, pages are also shared with the
    server's other processes (:mod:`.shared`)."""

    def __init__(
        self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES, *, shared: SharedPages | None = None
    ) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.shared = shared
        # key: (version, answer, bytes counted against max_bytes)
        self._entries: OrderedDict[Hashable, tuple[int, object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._flights: dict[tuple[Hashable, int], _Flight] = {}

    def get(self, key: Hashable, version: int, compute: Callable[[], T], *, share: bool = False) -> T:
        """The answer for ``key`` at data ``version``, computed (outside the lock) when not kept.

        Requests that want the same answer while it is being computed wait for it instead of computing
        it again (they read the same ``version``, after the computation began: it is as new as theirs).
        ``share``: the answer is bytes (a page), taken from or given to the other processes when they share.
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
            shared = self.shared if share else None
            value = compute() if shared is None else shared.fetch(repr(key), version, compute)  # type: ignore[arg-type]
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


# Events kept as JSON by EventJsonCache: at most this many, and this many bytes (their JSON plus an
# estimate of the events row each is checked against); the least recently used go first.
MAX_EVENTS = 50_000
MAX_EVENT_BYTES = 96 * 1024 * 1024
# What one kept event costs besides its JSON: its row's values and the cache's own entry (measured with
# tracemalloc: 47 MB for 20,000 synthetic events, 26 MB of it JSON).
ROW_BYTES = 1000


def _kept_version(row: tuple[Any, ...]) -> tuple[Any, ...]:
    # Types, countries, actors and places repeat from event to event: one copy of each (~350 bytes less an event).
    return tuple(sys.intern(value) if type(value) is str else value for value in row)


class EventJsonCache:
    """Events as JSON (``pydantic_core.to_json`` of ``items.item_dict``), each kept with the ``events`` row it was
    rendered from (as the driver gave it: ``listing.listing_rows``), by event id; a kept JSON is used only for
    an identical row.

    Different filtered pages show many of the same events (the newest in a country are also the newest in
    its box and of their type): a page that is not kept is then mostly made of events already rendered.
    An event is checked on its own, so a write to one event leaves the others' JSON in place.

    Why the row is enough: the store's writer sets ``updated`` (to the time of the write) every time it
    inserts or changes an event, and every time the reports behind it change (``store.merge._save``, also
    through ``rebuild_events`` when a new version of an article replaces its reports and with them the
    article's title, URL and date an event shows), so an event whose evidence or sources changed has a new
    row.  The whole row, not only ``updated``, is compared: a change made by hand to any column is seen too.
    Not seen: a change to ``event_sources`` or ``articles`` made outside the writer without touching the
    event's row (the stream's ``event_changes`` log, written by triggers on ``events``, misses it as well).
    """

    def __init__(self, max_events: int = MAX_EVENTS, max_bytes: int = MAX_EVENT_BYTES) -> None:
        self.max_events, self.max_bytes = max_events, max_bytes
        # id: (row version, JSON)
        self._events: OrderedDict[str, tuple[tuple[Any, ...], bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._events)

    @property
    def bytes(self) -> int:
        """The bytes counted against ``max_bytes``."""
        return self._bytes

    def get_many(self, rows: Iterable[tuple[str, tuple[Any, ...]]]) -> dict[str, bytes]:
        """The JSON kept for those of ``rows`` (``(id, events row as read)``) rendered from the same row."""
        wanted = list(rows)
        found = {}
        with self._lock:
            for event_id, version in wanted:
                kept = self._events.get(event_id)
                if kept is not None and kept[0] == version:
                    self._events.move_to_end(event_id)
                    found[event_id] = kept[1]
        return found

    def put_many(self, rendered: Iterable[tuple[str, tuple[Any, ...], bytes]]) -> None:
        """Keep each ``(id, events row as read, JSON rendered from it)``, in place of what was kept for that event."""
        entries = [(sys.intern(event_id), _kept_version(row), body) for event_id, row, body in rendered]
        with self._lock:
            for event_id, version, body in entries:
                old = self._events.pop(event_id, None)
                if old is not None:
                    self._bytes -= len(old[1]) + ROW_BYTES
                self._events[event_id] = (version, body)
                self._bytes += len(body) + ROW_BYTES
            while self._events and (len(self._events) > self.max_events or self._bytes > self.max_bytes):
                _, (_, body) = self._events.popitem(last=False)
                self._bytes -= len(body) + ROW_BYTES
