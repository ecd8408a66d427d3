"""``/api/events``: the contract's shape, every filter, pages that neither skip nor repeat, JSON errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from eventwire.api.app import create_app
from eventwire.api.cursor import encode_cursor
from eventwire.api.routes import events as events_route

ITEM_KEYS = {
    "id", "type", "subtype", "actor1", "actor2", "location", "date", "fatalities", "injuries", "flags", "n_sources",
    "n_independent", "first_reported", "last_reported", "updated", "evidence", "sources",
}  # fmt: skip
ALL = {
    "strike", "drone", "clash", "protest", "talks", "threat", "cyrillic", "negated", "pacific",
}  # fmt: skip
# The fixture's events by their (subtype, place), which no two share.
NAMES = {
    ("shelling_artillery_missile_attack", "Kharkiv"): "strike", ("air_drone_strike", "Odesa"): "drone",
    ("armed_clash", "Belgorod"): "clash", ("peaceful_protest", "Tbilisi"): "protest", ("consult", "Kyiv"): "talks",
    ("threaten", None): "threat", ("aid", "Kyiv"): "cyrillic", ("shelling_artillery_missile_attack", "Odesa"): "negated",
    ("arrests", "Suva"): "pacific",
}  # fmt: skip


def name(item: dict) -> str:
    return NAMES[(item["subtype"], item["location"]["name"] if item["location"] else None)]


def listed(client: TestClient, **params: object) -> list[dict]:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    assert response.json()["next"] is None
    return response.json()["items"]


def test_items_have_the_contract_shape_with_evidence_and_sources(client: TestClient) -> None:
    items = listed(client)
    assert {name(item) for item in items} == ALL
    for item in items:
        assert set(item) == ITEM_KEYS
        assert set(item["date"]) == {"start", "end"} and set(item["fatalities"]) == {"min", "max", "latest"}
        assert item["evidence"] and item["sources"]
        assert {e["article_id"] for e in item["evidence"]} <= {s["article_id"] for s in item["sources"]}
        assert item["updated"].endswith(("Z", "+00:00"))
    strike = next(item for item in items if name(item) == "strike")
    assert strike["location"] == {
        "name": "Kharkiv", "lat": 49.98, "lon": 36.25, "geonameid": 706483, "country": "UA", "precision": 1,
    }  # fmt: skip
    assert strike["fatalities"]["min"] == 5 and strike["date"] == {"start": "2025-04-20", "end": "2025-04-20"}
    threat = next(item for item in items if name(item) == "threat")
    assert threat["location"] is None and threat["flags"] == ["hypothetical"]


def test_two_outlets_reporting_one_strike_are_one_event_with_both_articles(client: TestClient) -> None:
    (strike,) = [item for item in listed(client) if name(item) == "strike"]
    assert strike["n_sources"] == 2
    assert {s["source_domain"] for s in strike["sources"]} == {"one.example.com", "two.example.org"}
    assert {e["text"] for e in strike["evidence"]} == {
        "A missile struck a market in Kharkiv, killing 5 people.",
        "Russian shelling hit a Kharkiv market; five were killed.",
    }
    assert client.get(f"/api/events/{strike['id']}").json() == strike


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "Battles"}, {"clash"}),
        ({"type": "Battles,Protests"}, {"clash", "protest"}),
        ({"subtype": "air_drone_strike"}, {"drone"}),
        ({"country": "ua"}, {"strike", "drone", "talks", "cyrillic", "negated"}),
        ({"country": "GE,FJ"}, {"protest", "pacific"}),
        ({"bbox": "22,44,41,53"}, {"strike", "drone", "clash", "talks", "cyrillic", "negated"}),
        ({"bbox": "170,-25,-170,0"}, {"pacific"}),  # across the antimeridian
        ({"actor": "russian"}, {"strike", "drone", "clash", "negated"}),  # actor1 or actor2, any case
        ({"actor": "ВОЛОНТЕРИ"}, {"cyrillic"}),
        ({"q": "харківські"}, {"cyrillic"}),  # the evidence says ХАРКІВСЬКІ
        ({"q": "KHARKIV"}, {"strike"}),
        ({"q": "against the bill"}, {"protest"}),
        ({"q": "100%"}, set()),  # a wildcard is a character
        ({"min_sources": 2}, {"strike"}),
        ({"include_flags": "hypothetical,negated"}, {"threat", "negated"}),
        ({"exclude_flags": "hypothetical,negated,background"}, ALL - {"threat", "negated"}),
        ({"start": "2025-04-01", "end": "2025-04-19"}, {"drone", "threat", "negated"}),
        ({"start": "2025-04-20"}, {"strike"}),
        ({"end": "2024-12-31"}, {"pacific"}),
        ({"country": "UA", "exclude_flags": "headline_only", "start": "2025-02-01"}, {"strike", "talks", "negated"}),
        ({"type": "", "q": " "}, ALL),  # empty form fields are no filter
    ],
)
def test_filters(client: TestClient, params: dict, expected: set[str]) -> None:
    assert {name(item) for item in listed(client, **params)} == expected


@pytest.mark.parametrize("sort", ["date", "updated"])
def test_pages_walk_every_event_once_in_order(client: TestClient, sort: str) -> None:
    whole = listed(client, sort=sort)
    seen, cursor = [], None
    while True:
        params = {"limit": 2, "sort": sort} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/events", params=params).json()
        assert len(page["items"]) <= 2
        seen += page["items"]
        cursor = page["next"]
        if cursor is None:
            break
    assert [item["id"] for item in seen] == [item["id"] for item in whole]
    keys = [item["date"]["start"] if sort == "date" else item["updated"] for item in whole]
    assert keys == sorted(keys, reverse=True)


def test_a_filtered_walk_keeps_its_filter(client: TestClient) -> None:
    first = client.get("/api/events", params={"country": "UA", "limit": 3}).json()
    rest = client.get("/api/events", params={"country": "UA", "limit": 3, "cursor": first["next"]}).json()
    assert {name(i) for i in first["items"] + rest["items"]} == {"strike", "drone", "talks", "cyrillic", "negated"}
    assert rest["next"] is None


@pytest.mark.parametrize(
    ("params", "mentions"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "10,50,20,40"}, "bbox"),
        ({"bbox": "0,0,200,10"}, "bbox"),
        ({"country": "UKR"}, "country"),
        ({"include_flags": "bogus"}, "include_flags"),
        ({"start": "2025-13-01"}, "start"),
        ({"start": "2025-05-01", "end": "2025-04-01"}, "start is after end"),
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"min_sources": 0}, "min_sources"),
        ({"sort": "random"}, "sort"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"actor": "a\x00b"}, "NUL"),  # PostgreSQL cannot compare text holding one
    ],
)
def test_bad_parameters_are_422_with_a_json_reason(client: TestClient, params: dict, mentions: str) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "E700" and mentions in body["message"]


def test_a_cursor_only_works_for_the_listing_and_order_that_made_it(client: TestClient) -> None:
    by_date = client.get("/api/events", params={"limit": 1}).json()["next"]
    assert client.get("/api/events", params={"limit": 1, "sort": "updated", "cursor": by_date}).status_code == 422
    assert client.get("/api/stories", params={"cursor": by_date}).status_code == 422


def test_a_nul_in_an_id_or_a_cursor_is_refused_not_a_server_error(client: TestClient) -> None:
    assert client.get("/api/events/e-%00").status_code == 422
    assert client.get("/api/articles/a-%00x").status_code == 422
    forged = encode_cursor("events:date", ["2025-01-01", "e-\x00"])
    assert client.get("/api/events", params={"cursor": forged}).status_code == 422


def test_unknown_ids_and_paths_are_404_json(client: TestClient) -> None:
    for path in ("/api/events/e-nothing", "/api/articles/a-nothing", "/api/nothing"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "E704"


def test_the_api_is_read_only_without_an_ingest_token(client: TestClient) -> None:
    assert client.post("/api/ingest", json=[]).status_code == 404
    assert client.post("/api/events", json={}).status_code == 405
    assert "/api/ingest" not in client.get("/openapi.json").json()["paths"]


# (a query string the fast path makes, the same request in a spelling it leaves to the route)
FAST_AND_ROUTE = [
    ("limit=20", "limit=020"),
    ("country=UA&limit=3", "country=UA&limit=03"),
    ("exclude_flags=hypothetical,negated&sort=updated&limit=4", "exclude_flags=hypothetical,negated&sort=updated&limit=04"),
    ("q=%D0%A5%D0%B0%D1%80%D0%BA%D1%96%D0%B2&bbox=22,44,41,53&limit=10", "q=%D0%A5%D0%B0%D1%80%D0%BA%D1%96%D0%B2&bbox=22,44,41,53&limit=010"),
]  # fmt: skip


def test_first_pages_made_beside_fastapi_are_the_routes_own(store_url: str) -> None:
    """``routes.events.first_page`` (a page not kept, made without FastAPI's handling) answers what the route does."""
    with TestClient(create_app(store_url)) as fast, TestClient(create_app(store_url)) as routed:
        for plain, spelled in FAST_AND_ROUTE:
            assert events_route._plain_request(plain.encode()) is not None
            assert events_route._plain_request(spelled.encode()) is None
            made, answered = fast.get(f"/api/events?{plain}"), routed.get(f"/api/events?{spelled}")
            assert made.status_code == answered.status_code == 200
            assert made.content == answered.content and made.headers["content-type"] == "application/json"
            assert made.json()["items"], plain


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=1001", "limit=abc", "limit=-1", "sort=oldest", "country=Ukraine", "cursor=abc", "q=a%00b",
     "start=2025-05-01&end=2025-04-01", "min_sources=x"],
)  # fmt: skip
def test_requests_the_fast_path_declines_are_the_routes_to_refuse(client: TestClient, query: str) -> None:
    assert events_route._plain_request(query.encode()) is None
    answer = client.get(f"/api/events?{query}")
    assert answer.status_code == 422 and answer.json()["code"]
