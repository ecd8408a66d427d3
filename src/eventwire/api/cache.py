"""Answers kept until the events change: event pages (as JSON bytes) and the aggregates (stats, places, actors).

The version is the newest number in ``event_changes``, read with every request: any write to ``events``,
by any process, makes every kept answer stale at once, so a cached answer is never older than the data.
Many dashboards showing the same view then cost one small indexed query per request, and the real query
once per change of the data.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
# Answers kept (least recently used dropped first), and the most bytes of JSON pages kept.
MAX_ENTRIES = 1024
MAX_BYTES = 64 * 1024 * 1024


class VersionedCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: OrderedDict[Hashable, tuple[int, object]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: int, compute: Callable[[], T]) -> T:
        """The answer for ``key`` at data ``version``, computed (outside the lock) when not kept."""
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None and kept[0] == version:
                self._entries.move_to_end(key)
                return kept[1]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._drop(key)
            self._entries[key] = (version, value)
            self._bytes += _size(value)
            while self._entries and (len(self._entries) > self.max_entries or self._bytes > self.max_bytes):
                self._drop(next(iter(self._entries)))
        return value

    def _drop(self, key: Hashable) -> None:
        kept = self._entries.pop(key, None)
        if kept is not None:
            self._bytes -= _size(kept[1])


def _size(value: object) -> int:
    return len(value) if isinstance(value, bytes) else 0
