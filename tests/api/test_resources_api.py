"""Articles, stories, places, actors, stats, config, and the docs page that works offline."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from eventwire.api.app import create_app


def _strike(client: TestClient) -> dict:
    items = client.get("/api/events", params={"subtype": "shelling_artillery_missile_attack", "country": "UA"}).json()
    return next(item for item in items["items"] if item["location"]["name"] == "Kharkiv")


def test_an_article_comes_whole_with_its_events_and_evidence_at_their_offsets(client: TestClient) -> None:
    strike = _strike(client)
    source = next(s for s in strike["sources"] if s["source_domain"] == "one.example.com")
    article = client.get(f"/api/articles/{source['article_id']}").json()
    assert article["url"] == "https://one.example.com/strike" and article["removed"] == ["Share this article"]
    assert article["text"].startswith("A missile struck a market in Kharkiv")
    (event,) = article["events"]
    assert event["event_id"] == strike["id"] and event["subtype"] == "shelling_artillery_missile_attack"
    for sentence in event["evidence"]:
        assert article["text"][sentence["start"] : sentence["end"]] == sentence["text"]
    (place,) = article["places"]
    assert article["text"][place["start"] : place["end"]] == "Kharkiv" and place["in"] == "text"
    assert article["story_id"] is not None


def test_stories_count_their_events(client: TestClient) -> None:
    page = client.get("/api/stories").json()
    assert page["next"] is None and page["items"]
    stories = {story["id"]: story for story in page["items"]}
    strike = _strike(client)
    story_ids = {client.get(f"/api/articles/{s['article_id']}").json()["story_id"] for s in strike["sources"]}
    assert all(stories[story_id]["n_events"] >= 1 for story_id in story_ids)
    assert sum(story["size"] for story in page["items"]) == 10  # every article is in one story
    published = [story["last_published"] for story in page["items"]]
    assert published == sorted(published, reverse=True)


def test_story_pages_and_title_search(client: TestClient) -> None:
    whole = client.get("/api/stories").json()["items"]
    seen, cursor = [], None
    while True:
        page = client.get("/api/stories", params={"limit": 3} | ({"cursor": cursor} if cursor else {})).json()
        seen += page["items"]
        if not (cursor := page["next"]):
            break
    assert [s["id"] for s in seen] == [s["id"] for s in whole]
    found = client.get("/api/stories", params={"q": "TBILISI"}).json()["items"]
    assert found and all("tbilisi" in story["title"].lower() for story in found)


def test_places_and_actors_count_matching_events(client: TestClient) -> None:
    places = {p["name"]: p for p in client.get("/api/places").json()["items"]}
    assert places["Odesa"]["count"] == 2 and places["Kharkiv"]["count"] == 1 and places["Kyiv"]["count"] == 2
    assert places["Kharkiv"]["country"] == "UA" and places["Kharkiv"]["geonameid"] == 706483
    in_georgia = client.get("/api/places", params={"country": "GE"}).json()["items"]
    assert [p["name"] for p in in_georgia] == ["Tbilisi"]
    actors = {a["name"]: a["count"] for a in client.get("/api/actors").json()["items"]}
    assert actors["Russian Armed Forces"] == 4  # three as actor1, one as actor2
    assert actors["Government of Ukraine"] == 2  # an event naming it twice counts once
    first = client.get("/api/actors", params={"limit": 2}).json()
    second = client.get("/api/actors", params={"limit": 2, "cursor": first["next"]}).json()
    assert first["items"][0]["name"] == "Russian Armed Forces"
    assert not {a["name"] for a in first["items"]} & {a["name"] for a in second["items"]}


def test_stats_agree_with_the_event_list(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["total"] == 9
    assert {row["type"]: row["count"] for row in stats["by_type"]}["Political interaction"] == 3
    assert {row["country"]: row["count"] for row in stats["by_country"]} == {
        "UA": 5, "RU": 1, "GE": 1, "FJ": 1, None: 1,
    }  # fmt: skip
    days = {row["day"]: row for row in stats["by_day"]}
    assert days["2025-04-20"] == {"day": "2025-04-20", "count": 1, "fatalities": 5}
    assert sum(row["count"] for row in stats["by_day"]) == 9
    filtered = client.get("/api/stats", params={"country": "UA", "exclude_flags": "negated"}).json()
    assert filtered["total"] == 4
    assert client.get("/api/stats", params={"bbox": "x"}).status_code == 422


def test_config_hands_the_dashboard_its_tile_url(monkeypatch: pytest.MonkeyPatch, store_url: str) -> None:
    monkeypatch.setenv("EVENTWIRE_TILE_URL", "https://tiles.example.org/{z}/{x}/{y}.png")
    with TestClient(create_app(store_url)) as client:
        config = client.get("/api/config").json()
    assert config["tile_url"] == "https://tiles.example.org/{z}/{x}/{y}.png" and config["version"]


def test_the_docs_page_loads_nothing_from_outside(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls and all(url.startswith("/") for url in urls)
    assert "url: '/openapi.json'" in page.text
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 100, url
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/events", "/api/events/{event_id}", "/api/articles/{article_id}", "/api/stream"} <= set(paths)


def test_the_dashboard_is_served_at_the_root(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
