"""The watcher's state file: survives restarts and damage, stays bounded, lives beside the database."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from eventwire.ingest.watch_state import DEFAULT_STATE_FILE, WatchState, state_path_for


def test_state_round_trips_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "news.db.watch.json"
    state = WatchState(path)
    state.set_validators("https://a.example/feed", '"e1"', "Mon, 06 May 2024 10:00:00 GMT")
    assert state.add_pending("https://a.example/1", "https://a.example/feed")
    state.mark_seen(["https://a.example/0"])
    state.save()
    again = WatchState(path)
    assert again.validators("https://a.example/feed").etag == '"e1"'
    assert again.pending == {"https://a.example/1": "https://a.example/feed"}
    assert again.is_known("https://a.example/0") and not again.is_known("https://a.example/2")


def test_seen_and_pending_are_bounded(tmp_path: Path) -> None:
    state = WatchState(tmp_path / "s.json", max_seen=3, max_pending=2)
    state.mark_seen([f"https://a.example/{i}" for i in range(5)])
    assert [state.is_known(f"https://a.example/{i}") for i in range(5)] == [False, False, True, True, True]
    assert state.add_pending("https://b.example/1", "f") and state.add_pending("https://b.example/2", "f")
    assert not state.add_pending("https://b.example/3", "f")


def test_damaged_state_file_starts_afresh_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"version": 1, "seen": [tru', encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        state = WatchState(path)
    assert state.pending == {} and not state.is_known("x")
    assert "unreadable" in caplog.text


def test_state_file_sits_beside_a_sqlite_database(tmp_path: Path) -> None:
    assert state_path_for(f"sqlite:///{tmp_path}/news.db") == Path(f"{tmp_path}/news.db.watch.json")
    assert state_path_for("postgresql+psycopg://postgres@127.0.0.1/test") == Path(DEFAULT_STATE_FILE)
    assert state_path_for("sqlite://") == Path(DEFAULT_STATE_FILE)
