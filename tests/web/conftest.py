"""A real dashboard to drive: a SQLite store filled by ``eventwire ingest``, the API app under uvicorn on a
free loopback port, and Debian's Chromium driven by Playwright.

Everything is session-scoped: ingesting loads the pipeline's models (seconds), so it happens once.
Tests that change the store (the live ingest) run last in their module.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")
# The console script beside this Python (`python -m eventwire.cli` would run before the commands that
# cli.py registers at its end are added).
EVENTWIRE = Path(sys.executable).parent / "eventwire"
VIEWPORT = {"width": 1280, "height": 800}
SERVER_START_S = 60.0
_LISTENING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


def ingest(paths: list[Path], db_url: str) -> subprocess.CompletedProcess[str]:
    """``eventwire ingest`` in its own process, as a user or the watcher would run it."""
    command = [str(EVENTWIRE), "ingest", *map(str, paths), "--db", db_url, "--workers", "1"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, f"ingest failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled sample and the fixture reports of strikes (one with script and onerror text in it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'dashboard.db'}"
    ingest([ROOT / "samples" / "ukraine-russia-2025-04-20.txt", FIXTURES / "corpus"], url)
    return url


@pytest.fixture(scope="session")
def server(db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API app (with the dashboard) under uvicorn on 127.0.0.1 and a port the OS picks; yields its base URL."""
    log_path = tmp_path_factory.mktemp("server") / "uvicorn.log"
    env = {**os.environ, "EVENTWIRE_DB": db_url, "PYTHONUNBUFFERED": "1"}
    env.pop("EVENTWIRE_TILE_URL", None)  # offline basemap only
    command = [sys.executable, "-m", "uvicorn", "eventwire.api.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", "0", "--log-level", "info"]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    try:
        yield _wait_listening(process, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_listening(process: subprocess.Popen[bytes], log_path: Path) -> str:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"uvicorn exited with {process.returncode}:\n{log_path.read_text()}")
        if found := _LISTENING.search(log_path.read_text()):
            base = f"http://127.0.0.1:{found.group(1)}"
            httpx.get(f"{base}/api/config", timeout=10).raise_for_status()
            return base
        time.sleep(0.1)
    pytest.fail(f"uvicorn did not start in {SERVER_START_S} s:\n{log_path.read_text()}")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium (never a downloaded browser build: ``playwright install`` is not used)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


class PageProblems:
    """Console errors, uncaught exceptions and failed requests seen by one page."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, page: object) -> None:
        page.on(
            "console", lambda msg: msg.type in ("error", "warning") and self.messages.append(f"{msg.type}: {msg.text}")
        )
        page.on("pageerror", lambda error: self.messages.append(f"uncaught: {error}"))
        page.on("requestfailed", lambda request: self._failed(request))

    def _failed(self, request: object) -> None:
        # An EventSource closed when the page goes away is not a problem of the page.
        if not request.url.endswith("/api/stream") and "/api/stream?" not in request.url:
            self.messages.append(f"request failed: {request.url} {request.failure}")


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser: object, server: str, problems: PageProblems) -> Iterator[object]:
    """A fresh 1280x800 page on the dashboard, loaded, with the events listed."""
    context = browser.new_context(viewport=VIEWPORT, base_url=server)
    page = context.new_page()
    problems.watch(page)
    page.goto("/")
    page.wait_for_selector("#event-list li")
    yield page
    context.close()
