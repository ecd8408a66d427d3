"""``mount_dashboard``: the page and its assets come from the package, with the headers that protect it."""

from __future__ import annotations

import json
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from eventwire.web import WEB_DIR, content_security_policy, mount_dashboard


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    mount_dashboard(app, tile_url="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    return TestClient(app)


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_the_page_forbids_inline_and_foreign_scripts(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    policy = directives(response.headers["content-security-policy"])
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert policy["img-src"] == "'self' data: https://*.tile.example.org"
    assert response.headers["x-content-type-options"] == "nosniff"
    # Every script the page loads is a file of the package: no CDN, nothing inline.
    html = response.text
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []  # no inline script element
    assert re.search(r"\son[a-z]+\s*=", html) is None  # no event-handler attribute
    for src in (
        "/static/app.js",
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/topojson-client/topojson-client.min.js",
    ):
        assert f'src="{src}"' in html
        assert client.get(src).status_code == 200


def test_assets_are_served_with_nosniff_and_nothing_outside_static(client: TestClient) -> None:
    response = client.get("/static/basemap/admin1-10m.json")
    assert response.status_code == 200 and response.headers["x-content-type-options"] == "nosniff"
    topo = response.json()
    assert topo["type"] == "Topology" and len(topo["objects"]["admin1"]["geometries"]) > 4000
    assert client.get("/static/../mount.py").status_code == 404
    assert client.get("/static/%2e%2e/mount.py").status_code == 404


@pytest.mark.parametrize(
    ("tile_url", "img_src"),
    [
        (None, "'self' data:"),
        ("http://127.0.0.1:8080/{z}/{x}/{y}.png", "'self' data: http://127.0.0.1:8080"),
        ("javascript:alert(1)", "'self' data:"),
        ("https://evil.example;script-src *", "'self' data:"),  # cannot smuggle a directive in
        ("https://{z}.example.org/{x}.png", "'self' data:"),
    ],
)
def test_only_a_well_formed_tile_server_is_allowed_for_images(tile_url: str | None, img_src: str) -> None:
    policy = directives(content_security_policy(tile_url))
    assert policy["img-src"] == img_src
    assert policy["script-src"] == "'self'"


def test_vendored_packages_keep_their_licences_and_pins() -> None:
    versions = json.loads((WEB_DIR / "static" / "vendor" / "VERSIONS.json").read_text())
    assert versions["leaflet"]["version"] == "1.9.4" and versions["leaflet.markercluster"]["version"] == "1.5.3"
    for licence in ("leaflet/LICENSE", "leaflet.markercluster/MIT-LICENCE.txt", "topojson-client/LICENSE"):
        assert (WEB_DIR / "static" / "vendor" / licence).stat().st_size > 500
    basemap = WEB_DIR / "static" / "basemap"
    assert sum(path.stat().st_size for path in basemap.glob("*.json")) < 4_000_000
