"""The dashboard in a real browser against a real server and store.

The expected numbers come from the API itself (what the page must show for the same filters), so the
tests follow the pipeline's output without restating it.  The live-ingest test changes the store and
runs last.
"""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from .conftest import FIXTURES, ingest

# The dashboard hides these unless their "show" box is ticked.
DEFAULT_EXCLUDED = "hypothetical,negated,background"
PAYLOAD_FLAG = "__ewPwned"
# From the end of the other process's ingest to the marker on the page (the server polls every 0.25 s).
LIVE_TIMEOUT_MS = 15_000


def api_events(server: str, **params: str) -> list[dict]:
    """Every event the API returns for these filters (following the cursor)."""
    params = {"exclude_flags": DEFAULT_EXCLUDED, "limit": "200", **params}
    items: list[dict] = []
    while True:
        page = httpx.get(f"{server}/api/events", params=params, timeout=10).raise_for_status().json()
        items += page["items"]
        if not page["next"]:
            return items
        params["cursor"] = page["next"]


def listed_ids(page: object) -> list[str]:
    return page.eval_on_selector_all("#event-list li", "rows => rows.map(row => row.dataset.eventId)")


def wait_for_rows(page: object, count: int) -> None:
    page.wait_for_function("n => document.querySelectorAll('#event-list li').length === n", arg=count)


def open_event(page: object, event_id: str) -> None:
    page.click(f"#event-list li[data-event-id='{event_id}'] button")
    page.wait_for_selector(f"#detail[data-event-id='{event_id}'] .article-text")


def with_fatalities(events: list[dict], deaths: int) -> dict:
    return next(e for e in events if e["location"] and e["fatalities"]["max"] == deaths and e["evidence"])


def test_page_loads_with_no_console_errors(page: object, server: str, problems: object) -> None:
    page.wait_for_function("() => document.querySelector('#map .leaflet-overlay-pane canvas') !== null")
    page.wait_for_function("() => document.getElementById('live').dataset.state === 'live'")
    page.wait_for_timeout(300)  # let late requests (basemap, actors) finish or fail
    assert sorted(listed_ids(page)) == sorted(e["id"] for e in api_events(server))
    assert page.locator("#timeline rect.bar").count() >= 1
    assert problems.messages == []


def test_page_is_served_with_a_policy_that_forbids_inline_scripts(page: object, server: str) -> None:
    policy = httpx.get(server + "/", timeout=10).headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    # The browser enforces it: a script element made at run time with inline code does not run.
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.__ewInline = 1';
        document.body.append(script);
    }""")
    assert page.evaluate("window.__ewInline") is None


def test_markers_appear_coloured_by_type_and_sized_by_deaths(page: object, server: str) -> None:
    located = [e for e in api_events(server) if e["location"]]
    assert located, "the sample and fixtures must give events with places"
    page.wait_for_function("n => document.getElementById('map').dataset.markers === String(n)", arg=len(located))
    assert page.locator("#map .ew-marker, #map .marker-cluster").count() >= 1

    strike = with_fatalities(located, 4)  # the Kharkiv missile strike fixture
    page.click(f"#event-list li[data-event-id='{strike['id']}'] button")
    marker = page.locator(f"#map .ew-marker[data-event-id='{strike['id']}']")
    marker.wait_for(state="visible")
    box = marker.bounding_box()
    assert box["width"] == pytest.approx(20, abs=1)  # 12 px + 4 px * sqrt(4 deaths)
    assert marker.evaluate("node => getComputedStyle(node).backgroundColor") == "rgb(239, 108, 0)"  # explosions
    expect(marker).to_have_class(re.compile(r"\bew-selected\b"))


def test_a_filter_changes_the_list(page: object, server: str) -> None:
    everything = set(listed_ids(page))
    talks = api_events(server, type="Political interaction")
    assert talks and len(talks) < len(everything)

    page.select_option("select[name=type]", "Political interaction")
    wait_for_rows(page, len(talks))
    assert sorted(listed_ids(page)) == sorted(e["id"] for e in talks)
    assert "type=Political+interaction" in page.url

    # Ticking "hypothetical" brings back the events the default view hides.
    hypothetical = api_events(server, type="Political interaction", exclude_flags="negated,background")
    page.check("input[name=show_hypothetical]")
    wait_for_rows(page, len(hypothetical))
    assert any("hypothetical" in e["flags"] for e in hypothetical)

    page.click("button[type=reset]")
    wait_for_rows(page, len(everything))


def test_event_detail_highlights_the_evidence_in_the_article(page: object, server: str) -> None:
    strike = with_fatalities(api_events(server), 4)
    open_event(page, strike["id"])
    detail = page.locator("#detail")
    marks = " ".join(detail.locator(".article-text mark").all_text_contents())
    for evidence in strike["evidence"]:
        if evidence["in"] == "text":
            assert evidence["text"] in marks
    text = detail.locator(".article-text").text_content()
    assert len(text) > len(marks)  # the whole article, the evidence marked inside it
    assert detail.locator(".flags li").all_text_contents() == [f.replace("_", " ") for f in strike["flags"]]
    assert strike["sources"][0]["title"] in detail.locator(".sources").text_content()
    assert detail.locator("dd", has_text="Russian Armed Forces").count() == 1


def test_script_and_onerror_in_article_text_never_run(page: object, server: str, problems: object) -> None:
    event = next(e for e in api_events(server) if any(PAYLOAD_FLAG in ev["text"] for ev in e["evidence"]))
    open_event(page, event["id"])
    page.wait_for_timeout(500)  # an <img src=x> would have failed and fired onerror by now
    assert page.evaluate(f"window.{PAYLOAD_FLAG}") is None
    detail = page.locator("#detail")
    text = detail.locator(".article-text").text_content()
    assert f"<script>window.{PAYLOAD_FLAG}='script'</script>" in text
    assert f"<img src=x onerror=\"window.{PAYLOAD_FLAG}='img'\">" in text
    assert f"<img src=x onerror=\"window.{PAYLOAD_FLAG}='title'\">" in detail.locator(".article-title").text_content()
    assert page.locator("#detail script, #detail img, #event-list img, .leaflet-tooltip img").count() == 0
    assert problems.messages == []  # not even a blocked attempt


def test_a_live_ingest_adds_a_marker(page: object, server: str, db_url: str, problems: object) -> None:
    page.wait_for_function("() => document.getElementById('live').dataset.state === 'live'")
    before = set(listed_ids(page))
    markers = int(page.get_attribute("#map", "data-markers"))

    ingest([FIXTURES / "live"], db_url)  # another process writes; the server pushes through /api/stream

    page.wait_for_function(
        "n => Number(document.getElementById('map').dataset.markers) > n", arg=markers, timeout=LIVE_TIMEOUT_MS
    )
    new = [event_id for event_id in listed_ids(page) if event_id not in before]
    sumy = [e for e in api_events(server) if e["id"] in new and e["location"] and e["location"]["name"] == "Sumy"]
    assert sumy, f"no new event at Sumy among {new}"
    page.click(f"#event-list li[data-event-id='{sumy[0]['id']}'] button")
    page.locator(f"#map .ew-marker[data-event-id='{sumy[0]['id']}']").wait_for(state="visible")
    assert problems.messages == []
