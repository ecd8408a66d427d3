"""Politeness for the feed watcher: a minimum gap between requests to one host, and backoff after failures.

Both take the clock and the sleep function as arguments so a test can run hours of backoff in
no time; the watcher passes ``time.monotonic`` and ``time.sleep``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

Clock = Callable[[], float]
Sleep = Callable[[float], None]


def host_key(url: str) -> str:
    """What rate limits and backoff are kept per: the URL's host and port (``news.example:443``)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


class RateLimit:
    """At least ``min_delay_s`` between the starts of two requests to one host (more if the host asks)."""

    def __init__(self, min_delay_s: float, *, clock: Clock = time.monotonic, sleep: Sleep = time.sleep) -> None:
        self.min_delay_s = min_delay_s
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._delay: dict[str, float] = {}

    def set_delay(self, key: str, seconds: float) -> None:
        """A longer gap for one host (robots.txt ``Crawl-delay``); never shorter than the minimum."""
        self._delay[key] = max(seconds, self.min_delay_s)

    def ready_at(self, key: str) -> float:
        """When a request to ``key`` may start (clock time)."""
        last = self._last.get(key)
        return -float("inf") if last is None else last + self._delay.get(key, self.min_delay_s)

    def wait_turn(self, key: str) -> None:
        """Sleep until a request to ``key`` may start, and count it as started."""
        pause = self.ready_at(key) - self._clock()
        if pause > 0:
            self._sleep(pause)
        self._last[key] = self._clock()


@dataclass
class _Failures:
    count: int
    until: float


class Backoff:
    """Exponential backoff per key (a host, a feed): ``base_s``, twice that, ... up to ``max_s``.

    A ``Retry-After`` from the server replaces the computed wait (still capped at ``max_s``).
    """

    def __init__(self, base_s: float, max_s: float, *, clock: Clock = time.monotonic) -> None:
        self.base_s = base_s
        self.max_s = max_s
        self._clock = clock
        self._failures: dict[str, _Failures] = {}

    def failed(self, key: str, retry_after: float | None = None) -> float:
        """Note a failure; returns how long ``key`` now waits."""
        count = self._failures[key].count + 1 if key in self._failures else 1
        wait = retry_after if retry_after is not None else self.base_s * 2 ** (count - 1)
        wait = min(max(wait, 0.0), self.max_s)
        self._failures[key] = _Failures(count, self._clock() + wait)
        return wait

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)

    def waiting(self, key: str) -> float:
        """Seconds ``key`` must still wait (0 when it may go)."""
        failures = self._failures.get(key)
        return 0.0 if failures is None else max(0.0, failures.until - self._clock())
