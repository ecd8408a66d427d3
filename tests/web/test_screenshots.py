"""Screenshots of the dashboard with data, as the README shows them.

Every run takes them (so a page that renders blank or huge fails here); with
``EVENTWIRE_WRITE_SCREENSHOTS=1`` they also replace ``docs/screenshots/*.png``:

    EVENTWIRE_WRITE_SCREENSHOTS=1 .venv/bin/pytest tests/web -q
"""

from __future__ import annotations

import os
import shutil
import struct
from collections import Counter
from pathlib import Path

import httpx

from .conftest import ROOT, VIEWPORT

SCREENSHOTS = ROOT / "docs" / "screenshots"
MAX_BYTES = 300_000
# Eastern Ukraine, where the sample and fixture reports are.
VIEW = "map=6/48.900/33.800"


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def save(page: object, path: Path) -> None:
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    assert png_size(path) == (VIEWPORT["width"], VIEWPORT["height"])
    assert 20_000 < path.stat().st_size < MAX_BYTES, f"{path.name}: {path.stat().st_size} bytes"
    if os.environ.get("EVENTWIRE_WRITE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, SCREENSHOTS / path.name)


def test_screenshots_of_the_map_and_of_an_event_with_its_evidence(page: object, server: str, tmp_path: Path) -> None:
    page.goto(f"/#{VIEW}")
    page.wait_for_function("() => document.querySelector('#map .leaflet-overlay-pane canvas') !== null")
    page.wait_for_function("() => document.getElementById('live').dataset.state === 'live'")
    page.wait_for_timeout(500)  # marker and cluster animations settle
    save(page, tmp_path / "dashboard.png")

    # The deadliest strike reported at a place of its own (events at one town are spread out only at close zoom).
    events = httpx.get(f"{server}/api/events", params={"limit": "200"}, timeout=10).raise_for_status().json()["items"]
    places = Counter((e["location"]["lat"], e["location"]["lon"]) for e in events if e["location"])
    alone = [e for e in events if e["location"] and places[e["location"]["lat"], e["location"]["lon"]] == 1]
    strike = max(alone, key=lambda e: (e["type"] == "Explosions/Remote violence", e["fatalities"]["max"] or 0))
    page.click(f"#event-list li[data-event-id='{strike['id']}'] button")
    page.wait_for_selector("#detail .article-text mark")
    page.wait_for_timeout(800)  # the map pans to the marker
    save(page, tmp_path / "event-detail.png")
