"""robots.txt through the safe fetcher: rules obeyed, fetched once per site, RFC 9309 for missing or failing files."""

from __future__ import annotations

import pytest

from eventwire.errors import FetchFailed
from eventwire.ingest.fetch import Fetcher
from eventwire.ingest.robots import RobotsRules

from .conftest import ManualClock, Reply, Site

ROBOTS = b"""User-agent: *
Disallow: /private/

User-agent: eventwire
Disallow: /no-eventwire/
Crawl-delay: 3
"""


def rules_for(fetcher: Fetcher, clock: ManualClock | None = None) -> RobotsRules:
    return RobotsRules(lambda url: fetcher.fetch(url, any_type=True), clock=clock or ManualClock())


def test_rules_for_eventwire_are_obeyed_and_fetched_once(site: Site, fetcher: Fetcher) -> None:
    site.route("/robots.txt", Reply(headers={"Content-Type": "text/plain"}, body=ROBOTS))
    rules = rules_for(fetcher)
    assert rules.allowed(site.url("/news/1"))
    assert not rules.allowed(site.url("/no-eventwire/page"))
    assert rules.allowed(site.url("/private/page"))  # eventwire has its own group: the * group does not apply
    assert rules.crawl_delay(site.url("/news/1")) == 3.0
    assert site.paths() == ["/robots.txt"]


def test_generic_rules_apply_when_no_group_names_eventwire(site: Site, fetcher: Fetcher) -> None:
    site.route("/robots.txt", Reply(headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nDisallow: /\n"))
    assert not rules_for(fetcher).allowed(site.url("/news/1"))


@pytest.mark.parametrize("status", [404, 403, 410])
def test_missing_or_forbidden_robots_means_no_rules(site: Site, fetcher: Fetcher, status: int) -> None:
    site.route("/robots.txt", Reply(status, {"Content-Type": "text/plain"}, b"no"))
    assert rules_for(fetcher).allowed(site.url("/anything"))


def test_unreachable_robots_means_not_now_then_asks_again_later(site: Site, fetcher: Fetcher) -> None:
    site.route("/robots.txt", Reply(503, {"Content-Type": "text/plain"}, b"busy"))
    clock = ManualClock()
    rules = rules_for(fetcher, clock)
    with pytest.raises(FetchFailed, match=r"robots\.txt unavailable"):
        rules.allowed(site.url("/news/1"))
    with pytest.raises(FetchFailed):
        rules.allowed(site.url("/news/2"))  # cached failure: no second request yet
    assert site.paths() == ["/robots.txt"]
    site.route("/robots.txt", Reply(headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nAllow: /\n"))
    clock.advance(301)
    assert rules.allowed(site.url("/news/1"))
    assert site.paths() == ["/robots.txt", "/robots.txt"]
