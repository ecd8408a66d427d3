"""``eventwire serve`` as a user runs it: a real process, a fresh database set up, answers, stops on Ctrl-C."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

EVENTWIRE = Path(sys.executable).with_name("eventwire")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_sets_up_the_database_answers_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    port = _free_port()
    url = f"sqlite:///{tmp_path / 'new.db'}"
    server = subprocess.Popen(
        [str(EVENTWIRE), "serve", "--db", url, "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()[1]
            try:
                config = httpx.get(f"http://127.0.0.1:{port}/api/config", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "serve did not answer in 60 s"
                time.sleep(0.2)
        assert config.status_code == 200 and config.json()["version"]
        events = httpx.get(f"http://127.0.0.1:{port}/api/events", timeout=5)
        assert events.json() == {"items": [], "next": None}
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
    finally:
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=20)
    assert server.returncode == 0, stderr
    assert f"http://127.0.0.1:{port}/" in stderr


def test_a_database_without_the_schema_is_a_503_that_says_what_to_do(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from eventwire.api.app import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'bare.db'}")) as client:
        response = client.get("/api/events")
    assert response.status_code == 503
    assert response.json()["code"] == "E502" and "eventwire db upgrade" in response.json()["message"]
