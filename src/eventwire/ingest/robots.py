"""robots.txt for article pages: fetched once per site through the safe fetcher, cached, obeyed.

Read with the standard library's ``urllib.robotparser``; what a missing or failing robots.txt
means follows RFC 9309: 4xx (even 401/403) means no rules, a server error or an unreachable
host means "not now" (the page waits for a later poll). A ``Crawl-delay`` is passed to the
caller, which spaces its requests to that host accordingly.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from eventwire.errors import FetchFailed, FetchRefused, HttpStatusError
from eventwire.ingest.fetch import FetchResponse

log = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
ROBOTS_TTL_S = 24 * 3600.0  # RFC 9309: do not use a cached robots.txt for more than 24 hours
UNREACHABLE_RETRY_S = 300.0  # after a 5xx / network failure, ask again this much later

Get = Callable[[str], FetchResponse]


@dataclass
class _Entry:
    parser: RobotFileParser | None  # None: robots.txt could not be had, pages wait
    expires: float
    failure: FetchFailed | None = None


class RobotsRules:
    """Whether eventwire may fetch a URL, by the robots.txt of its site.

    Args:
        get: fetches a robots.txt URL (the watcher's paced, safe fetch), with ``any_type`` content.
        user_agent: the product token matched against ``User-agent`` lines.
        clock: for cache expiry.
    """

    def __init__(self, get: Get, *, user_agent: str = "eventwire", clock: Callable[[], float] = time.monotonic) -> None:
        self._get = get
        self.user_agent = user_agent
        self._clock = clock
        self._cache: dict[str, _Entry] = {}

    def allowed(self, url: str) -> bool:
        """True when robots.txt lets eventwire fetch ``url``.

        Raises:
            FetchFailed: the site's robots.txt cannot be had right now (5xx, network); try later.
        """
        entry = self._entry(url)
        if entry.parser is None:
            assert entry.failure is not None
            raise entry.failure
        return entry.parser.can_fetch(self.user_agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """The ``Crawl-delay`` robots.txt asks of eventwire on this URL's site, if any (after :meth:`allowed`)."""
        entry = self._cache.get(_robots_url(url))
        delay = entry.parser.crawl_delay(self.user_agent) if entry and entry.parser else None
        return float(delay) if delay is not None else None

    def _entry(self, url: str) -> _Entry:
        robots_url = _robots_url(url)
        entry = self._cache.get(robots_url)
        if entry is None or entry.expires <= self._clock():
            entry = self._load(robots_url)
            self._cache[robots_url] = entry
        return entry

    def _load(self, robots_url: str) -> _Entry:
        parser = RobotFileParser(robots_url)
        now = self._clock()
        try:
            response = self._get(robots_url)
        except HttpStatusError as exc:
            if exc.transient:
                return _Entry(None, now + UNREACHABLE_RETRY_S, FetchFailed(f"robots.txt unavailable: {exc.message}"))
            parser.allow_all = True  # 4xx: the site has no rules for us
        except FetchFailed as exc:
            return _Entry(None, now + UNREACHABLE_RETRY_S, FetchFailed(f"robots.txt unreachable: {exc.message}"))
        except FetchRefused as exc:
            log.warning("robots.txt at %s refused (%s); reading the site as having no rules", robots_url, exc)
            parser.allow_all = True
        else:
            parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        parser.modified()  # robotparser answers "no" to everything until it has been told it read the file
        return _Entry(parser, now + ROBOTS_TTL_S)


def _robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
