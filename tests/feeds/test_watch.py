"""The feed watcher against real HTTP servers: new pages reach the sink once, politely, whatever the feeds do."""

from __future__ import annotations

import itertools
import socket
from collections.abc import Iterable
from pathlib import Path

import pytest

from eventwire.ingest.fetch import Fetcher, FetchOptions
from eventwire.ingest.netsafety import AllowList
from eventwire.ingest.watch import Watcher, WatchOptions
from eventwire.ingest.watch_state import WatchState
from eventwire.model import ErrorRecord, RawDoc

from .conftest import Hit, ManualClock, Reply, Site

PAGE = b"<html><head><title>Report</title></head><body><p>Heavy rain flooded the city.</p></body></html>"
NO_ROBOTS = Reply(404, {"Content-Type": "text/plain"}, b"")


def rss(links: Iterable[str]) -> bytes:
    items = "".join(f"<item><title>{link}</title><link>{link}</link></item>" for link in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


def serve_feed(site: Site, paths: list[str], *, etag: str = '"v1"', path: str = "/feed.xml") -> str:
    """A feed listing ``paths`` on ``site`` that answers 304 to its own ETag; pages and robots.txt served too."""
    body = rss(site.url(p) for p in paths)

    def feed(hit: Hit) -> Reply:
        if hit.headers.get("if-none-match") == etag:
            return Reply(304, {"ETag": etag})
        return Reply(headers={"Content-Type": "application/rss+xml", "ETag": etag}, body=body)

    site.routes.setdefault("/robots.txt", NO_ROBOTS)
    site.fallback = Reply(body=PAGE)
    return site.route(path, feed)


class Sink:
    """Collects what the watcher hands over, batch by batch."""

    def __init__(self) -> None:
        self.batches: list[list[RawDoc | ErrorRecord]] = []

    def __call__(self, docs: list[RawDoc | ErrorRecord]) -> None:
        self.batches.append(docs)

    @property
    def items(self) -> list[RawDoc | ErrorRecord]:
        return [item for batch in self.batches for item in batch]


def watcher(
    feeds: list[str],
    sink,
    fetcher: Fetcher,
    clock: ManualClock | None = None,
    state: WatchState | None = None,
    **options,
) -> Watcher:
    """A watcher on a manual clock (rate limits and backoff cost no real time)."""
    clock = clock or ManualClock()
    settings = WatchOptions(**{"min_delay_s": 1.0, **options})
    return Watcher(feeds, sink, fetcher=fetcher, options=settings, state=state, clock=clock, sleep=clock.sleep)


def page_hits(site: Site) -> list[str]:
    return [p for p in site.paths() if p.startswith("/a/") or p.startswith("/private/")]


def test_new_pages_reach_the_sink_and_a_second_poll_gets_304(site: Site, fetcher: Fetcher) -> None:
    feed = serve_feed(site, ["/a/1", "/a/2", "/a/3"])
    sink = Sink()
    watch = watcher([feed], sink, fetcher)
    report = watch.poll_once()
    assert (report.new_pages, report.fetched, report.failed) == (3, 3, False)
    docs = sink.items
    assert [d.id for d in docs] == [site.url("/a/1"), site.url("/a/2"), site.url("/a/3")]
    assert all(isinstance(d, RawDoc) and d.url == d.id == d.source and d.crawled for d in docs)
    assert "Heavy rain flooded" in docs[0].html
    assert page_hits(site) == ["/a/1", "/a/2", "/a/3"]

    again = watch.poll_once()
    assert (again.not_modified, again.new_pages, again.fetched) == (1, 0, 0)
    assert site.hits[-1].headers["if-none-match"] == '"v1"'
    assert page_hits(site) == ["/a/1", "/a/2", "/a/3"]  # nothing fetched the second time
    assert len(sink.batches) == 1


def test_seen_pages_are_remembered_in_the_state_file(site: Site, fetcher: Fetcher, tmp_path: Path) -> None:
    state_file = tmp_path / "news.db.watch.json"
    feed = serve_feed(site, ["/a/1", "/a/2"])
    first = Sink()
    watcher([feed], first, fetcher, state=WatchState(state_file)).poll_once()
    assert len(first.items) == 2

    serve_feed(site, ["/a/3", "/a/1", "/a/2"], etag='"v2"')  # the feed changed: one new entry
    later = Sink()
    watcher([feed], later, fetcher, state=WatchState(state_file)).poll_once()
    assert [d.id for d in later.items] == [site.url("/a/3")]
    assert page_hits(site) == ["/a/1", "/a/2", "/a/3"]


def test_robots_txt_disallow_is_honoured(site: Site, fetcher: Fetcher) -> None:
    site.route(
        "/robots.txt", Reply(headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nDisallow: /private/\n")
    )
    feed = serve_feed(site, ["/a/1", "/private/2"])
    sink = Sink()
    report = watcher([feed], sink, fetcher).poll_once()
    assert page_hits(site) == ["/a/1"]
    assert report.robots_blocked == 1
    refused = [i for i in sink.items if isinstance(i, ErrorRecord)]
    assert [(r.id, r.code) for r in refused] == [(site.url("/private/2"), "E606")]
    assert site.paths().count("/robots.txt") == 1


def test_requests_to_one_host_are_spaced_and_hosts_take_turns(site: Site, other_site: Site) -> None:
    """Real time here: the servers' own arrival times show the gaps (generous tolerance)."""
    gap = 0.25
    feed_a = serve_feed(site, ["/a/1", "/a/2", "/a/3"])
    feed_b = serve_feed(other_site, ["/a/1", "/a/2"])
    allow = AllowList.parse(["127.0.0.0/8"])
    with Fetcher(FetchOptions(allow=allow)) as fetcher:
        Watcher([feed_a, feed_b], Sink(), fetcher=fetcher, options=WatchOptions(min_delay_s=gap)).poll_once()
    for server in (site, other_site):
        times = [hit.at for hit in server.hits]
        assert len(times) == len(server.paths()) >= 4
        # Arrival times carry the client's scheduling jitter: each gap loosely, the whole span more tightly.
        assert all(later - earlier >= gap * 0.5 for earlier, later in itertools.pairwise(times))
        assert times[-1] - times[0] >= (len(times) - 1) * gap * 0.8
    # While host A waits its turn, host B is served: B's first page comes before A's last one.
    first_b_page = next(h.at for h in other_site.hits if h.path.startswith("/a/"))
    last_a_page = [h.at for h in site.hits if h.path.startswith("/a/")][-1]
    assert first_b_page < last_a_page


def test_backoff_after_503_doubles_and_ends_on_success(site: Site, fetcher: Fetcher) -> None:
    answers = [Reply(503, {"Content-Type": "text/plain"}, b"busy")] * 2
    feed_body = rss([site.url("/a/1")])

    def flaky(hit: Hit) -> Reply:
        return answers.pop(0) if answers else Reply(headers={"Content-Type": "application/rss+xml"}, body=feed_body)

    feed = site.route("/feed.xml", flaky)
    site.route("/robots.txt", NO_ROBOTS)
    site.fallback = Reply(body=PAGE)
    clock = ManualClock()
    sink = Sink()
    watch = watcher([feed], sink, fetcher, clock, backoff_base_s=10)

    def feed_requests() -> int:
        return site.paths().count("/feed.xml")

    assert watch.poll_once().problems[0].code == "E601"
    assert feed_requests() == 1
    assert watch.poll_once().problems[0].code == "backoff" and feed_requests() == 1  # waiting 10 s
    clock.advance(11)
    watch.poll_once()  # second 503: now waiting 20 s
    assert feed_requests() == 2
    clock.advance(11)
    watch.poll_once()
    assert feed_requests() == 2
    clock.advance(10)
    report = watch.poll_once()
    assert feed_requests() == 3 and report.fetched == 1 and not report.failed


def test_retry_after_is_honoured(site: Site, fetcher: Fetcher) -> None:
    feed = site.route("/feed.xml", Reply(429, {"Retry-After": "120", "Content-Type": "text/plain"}, b"slow down"))
    clock = ManualClock()
    watch = watcher([feed], Sink(), fetcher, clock, backoff_base_s=1)
    watch.poll_once()
    clock.advance(60)
    watch.poll_once()
    assert site.paths() == ["/feed.xml"]  # the computed backoff (1 s) is long over, Retry-After is not
    clock.advance(61)
    watch.poll_once()
    assert site.paths() == ["/feed.xml", "/feed.xml"]


def test_page_that_fails_for_now_stays_pending_and_comes_later(site: Site, fetcher: Fetcher) -> None:
    feed = serve_feed(site, ["/a/1", "/a/2", "/a/3"])
    busy = [Reply(503, {"Content-Type": "text/plain"}, b"busy")]
    site.route("/a/2", lambda hit: busy.pop() if busy else Reply(body=PAGE))
    clock = ManualClock()
    sink = Sink()
    watch = watcher([feed], sink, fetcher, clock, backoff_base_s=30)
    first = watch.poll_once()
    assert [d.id for d in sink.items] == [site.url("/a/1")]
    assert first.deferred == 2  # /a/2 failed, /a/3 waits with its host
    clock.advance(31)
    second = watch.poll_once()
    assert second.not_modified == 1
    assert [d.id for d in sink.items] == [site.url(p) for p in ("/a/1", "/a/2", "/a/3")]
    assert page_hits(site) == ["/a/1", "/a/2", "/a/2", "/a/3"]


def test_feed_of_100000_items_does_bounded_work(site: Site, fetcher: Fetcher) -> None:
    body = rss(site.url(f"/a/{i}") for i in range(100_000))
    feed = site.route("/huge.xml", Reply(headers={"Content-Type": "application/rss+xml"}, body=body))
    site.route("/robots.txt", NO_ROBOTS)
    site.fallback = Reply(body=PAGE)
    sink = Sink()
    report = watcher([feed], sink, fetcher, min_delay_s=0).poll_once()
    assert (report.entries, report.skipped_over_cap, report.fetched) == (200, 99_800, 200)
    assert len(page_hits(site)) == 200
    assert page_hits(site)[:2] == ["/a/0", "/a/1"]  # the first (newest) items of the feed
    assert [len(b) for b in sink.batches] == [20] * 10


def test_bad_feeds_are_survived_and_the_good_one_still_delivers(site: Site, fetcher: Fetcher) -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        down = f"http://127.0.0.1:{closed.getsockname()[1]}/feed.xml"
    garbage = site.route("/garbage.xml", Reply(headers={"Content-Type": "text/xml"}, body=b"\x00\x01 not a feed"))
    site.route("/loop", lambda hit: Reply(302, {"Location": f"/loop?{len(site.hits)}"}))
    for n in range(100):
        site.route(f"/loop?{n}", lambda hit: Reply(302, {"Location": f"/loop?{len(site.hits)}"}))
    missing = site.route("/gone.xml", Reply(404, {"Content-Type": "text/plain"}, b"gone"))
    good = serve_feed(site, ["/a/1"])
    sink = Sink()
    report = watcher([down, garbage, site.url("/loop"), missing, good], sink, fetcher).poll_once()
    assert {(p.url, p.code) for p in report.problems} == {
        (down, "E600"),
        (garbage, "E610"),
        (site.url("/loop"), "E602"),
        (missing, "E601"),
    }
    assert [d.id for d in sink.items] == [site.url("/a/1")]


def test_a_failing_sink_loses_nothing(site: Site, fetcher: Fetcher, tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    feed = serve_feed(site, ["/a/1", "/a/2"])

    def broken_sink(docs: list) -> None:
        raise RuntimeError("database is down")

    with pytest.raises(RuntimeError, match="database is down"):
        watcher([feed], broken_sink, fetcher, state=WatchState(state_file)).poll_once()
    sink = Sink()
    report = watcher([feed], sink, fetcher, state=WatchState(state_file)).poll_once()
    assert report.not_modified == 1  # the feed said nothing new, yet the pages still come
    assert [d.id for d in sink.items] == [site.url("/a/1"), site.url("/a/2")]


def test_crawl_delay_from_robots_spaces_the_pages(site: Site, fetcher: Fetcher) -> None:
    site.route("/robots.txt", Reply(headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nCrawl-delay: 5\n"))
    feed = serve_feed(site, ["/a/1", "/a/2", "/a/3"])
    clock = ManualClock()
    started = clock()
    report = watcher([feed], Sink(), fetcher, clock, min_delay_s=1).poll_once()
    assert report.fetched == 3
    assert clock() - started >= 1 + 1 + 5 + 5  # feed, robots.txt at 1 s; the pages 5 s apart


def test_run_survives_a_failed_poll_and_goes_on(site: Site, fetcher: Fetcher) -> None:
    import threading

    feed = serve_feed(site, ["/a/1"])
    delivered: list[list] = []

    def flaky_sink(docs: list) -> None:
        delivered.append(docs)
        if len(delivered) == 1:
            raise RuntimeError("database is down for a moment")

    stop = threading.Event()
    reports = []
    watch = watcher([feed], flaky_sink, fetcher)
    watch.run(interval_s=0, stop=stop, on_poll=lambda report: (reports.append(report), stop.set()))
    assert len(delivered) == 2  # the first poll failed in the sink, the second delivered the same page
    assert [d.id for d in delivered[1]] == [site.url("/a/1")]
    assert reports[0].not_modified == 1
