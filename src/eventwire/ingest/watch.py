"""The feed watcher: poll feeds, fetch the pages of new entries, hand them to a sink.

One poll (:meth:`Watcher.poll_once`):

1. every feed is fetched with a conditional GET (304: nothing to do) and read; its first
   ``max_items_per_feed`` entries are looked at (the rest counted as skipped), and links not
   seen before join the pending pages (kept in :class:`WatchState`);
2. up to ``max_queue`` pending pages are fetched, the host whose turn comes first going next,
   each host no more often than ``min_delay_s`` (or its robots.txt ``Crawl-delay``), and only
   pages its robots.txt allows;
3. pages become ``RawDoc(id=url, url=final url, html=..., crawled=now, source=url)`` and go to
   the sink in batches of ``sink_batch``; once the sink returns they are marked seen.

A feed or page that fails does not stop the poll: network failures, 429 and 5xx back the host
off (exponentially, or as long as Retry-After says) and leave its pages pending for a later
poll; other failures (garbage, redirect loops, refusals) are logged, and a page that fails for
good reaches the sink as an ErrorRecord so the store keeps the reason.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict

from eventwire.errors import BadInput, EventwireError, FetchFailed, HttpStatusError, RobotsDisallowed
from eventwire.ingest.document import make_doc
from eventwire.ingest.feeds import parse_feed
from eventwire.ingest.fetch import Fetcher, FetchResponse, utc_now_iso
from eventwire.ingest.pacing import Backoff, Clock, RateLimit, Sleep, host_key
from eventwire.ingest.robots import ROBOTS_MAX_BYTES, RobotsRules
from eventwire.ingest.watch_state import WatchState
from eventwire.model import ErrorRecord, RawDoc

log = logging.getLogger(__name__)

STAGE = "fetch"
MAX_CRAWL_DELAY_S = 30.0  # a robots.txt Crawl-delay is obeyed up to this; longer ones would stall a whole poll
Sink = Callable[[list[RawDoc | ErrorRecord]], None]
Progress = Callable[[int, int], None]


class WatchOptions(BaseModel):
    """How the watcher paces itself and how much one poll may do."""

    model_config = ConfigDict(frozen=True)

    min_delay_s: float = 2.0
    """Least time between two requests to one host."""
    backoff_base_s: float = 60.0
    backoff_max_s: float = 6 * 3600.0
    max_items_per_feed: int = 200
    """Entries of one feed looked at per poll (the first ones: feeds list newest first)."""
    max_queue: int = 1000
    """Pages fetched per poll, all feeds together; the rest wait for the next poll."""
    sink_batch: int = 20
    respect_robots: bool = True


@dataclass
class Problem:
    """A failure the poll survived: which URL, its code and message."""

    url: str
    code: str
    message: str


@dataclass
class PollReport:
    """What one poll did."""

    feeds: int = 0
    not_modified: int = 0
    entries: int = 0
    skipped_over_cap: int = 0
    new_pages: int = 0
    fetched: int = 0
    robots_blocked: int = 0
    deferred: int = 0
    """Pages left pending for a later poll (host backing off, queue full, robots.txt unreachable)."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.problems)


def is_transient(exc: EventwireError) -> bool:
    """Network failures, 429 and 5xx are worth retrying later; refusals, 4xx and garbage are not."""
    if isinstance(exc, HttpStatusError):
        return exc.transient
    return isinstance(exc, FetchFailed)


class Watcher:
    """Polls feeds and feeds their new pages to ``sink``.

    Args:
        feeds: feed URLs.
        sink: takes a batch of RawDocs and ErrorRecords (the store's ingest, or a printer).
        fetcher: the safe fetcher (its allow list decides what may be reached).
        options: pacing and bounds.
        state: what was seen and pending (in memory when not given).
        clock, sleep: time functions (tests pass a manual clock).
        progress: called with (pages done, pages queued) during a poll.
    """

    def __init__(
        self,
        feeds: Sequence[str],
        sink: Sink,
        *,
        fetcher: Fetcher,
        options: WatchOptions | None = None,
        state: WatchState | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        progress: Progress | None = None,
    ) -> None:
        self.feeds = list(feeds)
        self.sink = sink
        self.fetcher = fetcher
        self.options = options or WatchOptions()
        self.state = state or WatchState()
        self.rate = RateLimit(self.options.min_delay_s, clock=clock, sleep=sleep)
        self.backoff = Backoff(self.options.backoff_base_s, self.options.backoff_max_s, clock=clock)
        self.robots = RobotsRules(self._robots_get, clock=clock)
        self._clock = clock
        self._progress = progress or (lambda _done, _total: None)

    # --- the loop ---------------------------------------------------------------------------------

    def run(
        self,
        *,
        interval_s: float,
        stop: threading.Event | None = None,
        on_poll: Callable[[PollReport], None] | None = None,
    ) -> None:
        """Poll every ``interval_s`` seconds until ``stop`` is set; a failed poll is logged and the next one runs."""
        stop = stop or threading.Event()
        while not stop.is_set():
            started = self._clock()
            try:
                report = self.poll_once()
            except Exception:
                log.exception("poll failed; pages not yet stored stay pending for the next poll")
            else:
                if on_poll:
                    on_poll(report)
            stop.wait(max(0.0, interval_s - (self._clock() - started)))

    def poll_once(self) -> PollReport:
        """Poll every feed once and fetch the pages of its new entries (see the module docstring)."""
        report = PollReport()
        for feed in self.feeds:
            self._poll_feed(feed, report)
        self.state.save()  # validators and the pages they announced are saved together, or not at all
        self._fetch_pending(report)
        return report

    # --- feeds ------------------------------------------------------------------------------------

    def _poll_feed(self, feed: str, report: PollReport) -> None:
        report.feeds += 1
        if self._backing_off(feed, report):
            return
        known = self.state.validators(feed)
        try:
            response = self._paced_fetch(feed, etag=known.etag, last_modified=known.last_modified)
            if response.not_modified:
                report.not_modified += 1
                return
            parsed = parse_feed(
                response.body, url=response.url, content_type=response.media_type,
                max_items=self.options.max_items_per_feed,
            )  # fmt: skip
        except EventwireError as exc:
            self._problem(feed, exc, report)
            if not is_transient(exc):
                self.backoff.failed(feed)
            return
        self.backoff.succeeded(feed)
        if parsed.problem:
            log.warning("feed %s is broken, read %d entries: %s", feed, len(parsed.entries), parsed.problem)
        if parsed.skipped:
            log.warning("feed %s has %d more entries than the %d looked at per poll: skipped", feed,
                        parsed.skipped, self.options.max_items_per_feed)  # fmt: skip
        report.entries += len(parsed.entries)
        report.skipped_over_cap += parsed.skipped
        for entry in parsed.entries:
            if entry.link and not self.state.is_known(entry.link):
                if self.state.add_pending(entry.link, feed):
                    report.new_pages += 1
                else:
                    report.skipped_over_cap += 1
        self.state.set_validators(feed, response.etag, response.last_modified)

    # --- pages ------------------------------------------------------------------------------------

    def _fetch_pending(self, report: PollReport) -> None:
        """Fetch queued pages, taking the host that may go soonest each time; bounded by ``max_queue``."""
        queues: dict[str, deque[str]] = {}
        for n, url in enumerate(self.state.pending):
            if n >= self.options.max_queue:
                report.deferred += len(self.state.pending) - n
                break
            queues.setdefault(host_key(url), deque()).append(url)
        total = sum(len(q) for q in queues.values())
        done = 0
        batch: list[RawDoc | ErrorRecord] = []
        finished: list[str] = []
        while queues:
            host = min(queues, key=self.rate.ready_at)
            url = queues[host].popleft()
            if not queues[host]:
                del queues[host]
            outcome = self._fetch_page(url, report)
            done += 1
            self._progress(done, total)
            if outcome is None:  # transient: the host backs off, its other pages wait too
                report.deferred += 1 + len(queues.pop(host, ()))
                continue
            batch.append(outcome)
            finished.append(url)
            if len(batch) >= self.options.sink_batch:
                self._flush(batch, finished)
        self._flush(batch, finished)

    def _fetch_page(self, url: str, report: PollReport) -> RawDoc | ErrorRecord | None:
        """The page's document, an ErrorRecord (failed for good, robots.txt says no) or None (try later)."""
        host = host_key(url)
        if self.backoff.waiting(host) > 0:
            return None
        try:
            if self.options.respect_robots and not self.robots.allowed(url):
                report.robots_blocked += 1
                raise RobotsDisallowed(f"robots.txt of {host} disallows {url}")
            delay = self.robots.crawl_delay(url) if self.options.respect_robots else None
            if delay:
                self.rate.set_delay(host, min(delay, MAX_CRAWL_DELAY_S))
            response = self._paced_fetch(url)
            doc = make_doc(
                response.body, doc_id=url, source=url, url=response.url, crawled=utc_now_iso(),
                markup="html" if response.media_type in (None, "text/html", "application/xhtml+xml") else None,
                declared=response.charset,
            )  # fmt: skip
        except BadInput as exc:
            self._problem(url, exc, report)
            return ErrorRecord(id=url, error=exc.message, code=exc.code, stage="ingest", source=url)
        except EventwireError as exc:
            self._problem(url, exc, report)
            if is_transient(exc):
                return None
            return ErrorRecord(id=url, error=exc.message, code=exc.code, stage=STAGE, source=url)
        report.fetched += 1
        return doc

    def _flush(self, batch: list[RawDoc | ErrorRecord], finished: list[str]) -> None:
        """Hand the batch to the sink, then remember its pages as seen (not before: a failed sink loses nothing)."""
        if batch:
            self.sink(list(batch))
        if finished:
            self.state.mark_seen(finished)
            self.state.save()
        batch.clear()
        finished.clear()

    # --- shared -----------------------------------------------------------------------------------

    def _paced_fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResponse:
        """Fetch after the host's turn has come; a transient failure backs the host off."""
        host = host_key(url)
        self.rate.wait_turn(host)
        try:
            response = self.fetcher.fetch(url, etag=etag, last_modified=last_modified)
        except EventwireError as exc:
            if is_transient(exc):
                wait = self.backoff.failed(host, getattr(exc, "retry_after", None))
                log.warning("%s: backing off %s for %.0f s", exc, host, wait)
            raise
        self.backoff.succeeded(host)
        return response

    def _robots_get(self, url: str) -> FetchResponse:
        host = host_key(url)
        self.rate.wait_turn(host)
        return self.fetcher.fetch(url, any_type=True, max_bytes=ROBOTS_MAX_BYTES)

    def _backing_off(self, feed: str, report: PollReport) -> bool:
        wait = max(self.backoff.waiting(feed), self.backoff.waiting(host_key(feed)))
        if wait > 0:
            log.info("feed %s: backing off, next try in %.0f s", feed, wait)
            report.problems.append(Problem(feed, "backoff", f"backing off for {wait:.0f} s after failures"))
        return wait > 0

    def _problem(self, url: str, exc: EventwireError, report: PollReport) -> None:
        log.warning("%s: [%s] %s", url, exc.code, exc.message)
        report.problems.append(Problem(url, exc.code, exc.message))
