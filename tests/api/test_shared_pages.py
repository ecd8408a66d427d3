"""Pages shared by the server's processes: made once for all of them, never in the way when they cannot be."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from eventwire.api import shared
from eventwire.api.shared import SharedPages


class Maker:
    """A page maker that counts its calls (and can be held until released, or made to fail)."""

    def __init__(self, body: bytes = b"page", *, fail: bool = False) -> None:
        self.body, self.fail, self.calls = body, fail, 0
        self.started, self.release = threading.Event(), threading.Event()
        self.release.set()

    def __call__(self) -> bytes:
        self.calls += 1
        self.started.set()
        assert self.release.wait(10)
        if self.fail:
            raise RuntimeError("the page could not be made")
        return self.body


def test_a_page_made_by_one_process_is_read_by_the_other(tmp_path: Path) -> None:
    first, second = SharedPages(tmp_path), SharedPages(tmp_path)
    made = Maker(b'{"items": [1]}')
    assert first.fetch("/api/events?country=UA", 7, made) == b'{"items": [1]}'
    unused = Maker(b"not this")
    assert second.fetch("/api/events?country=UA", 7, unused) == b'{"items": [1]}'
    assert (made.calls, unused.calls) == (1, 0)
    # Another key, or another data version, is another page.
    assert second.fetch("/api/events?country=RU", 7, unused) == b"not this"
    assert second.fetch("/api/events?country=UA", 8, Maker(b"newer")) == b"newer"


def test_a_page_being_made_is_waited_for_not_made_twice(tmp_path: Path) -> None:
    first, second = SharedPages(tmp_path), SharedPages(tmp_path)
    slow = Maker(b"slow page")
    slow.release.clear()
    answers: list[bytes] = []
    maker = threading.Thread(target=lambda: answers.append(first.fetch("k", 1, slow)))
    maker.start()
    assert slow.started.wait(10)
    threading.Timer(0.1, slow.release.set).start()
    waiter = Maker(b"made twice")
    assert second.fetch("k", 1, waiter) == b"slow page"
    maker.join(10)
    assert answers == [b"slow page"] and waiter.calls == 0


def test_a_failed_maker_leaves_no_claim_so_the_others_make_the_page(tmp_path: Path) -> None:
    first, second = SharedPages(tmp_path), SharedPages(tmp_path)
    with pytest.raises(RuntimeError, match="could not be made"):
        first.fetch("k", 1, Maker(fail=True))
    assert list((tmp_path / "1").glob("*.claim")) == []
    started = time.monotonic()
    assert second.fetch("k", 1, Maker(b"second")) == b"second"
    assert time.monotonic() - started < 1  # no wait on a claim that nobody will finish


def test_a_dead_makers_claim_is_not_waited_for(tmp_path: Path) -> None:
    pages = SharedPages(tmp_path)
    pages.fetch("other", 1, Maker())  # makes the version's folder
    _, claim = pages.paths("k", 1)
    claim.touch()
    old = time.time() - shared.CLAIM_WAIT_S - 5
    os.utime(claim, (old, old))
    started = time.monotonic()
    assert SharedPages(tmp_path).fetch("k", 1, Maker(b"made here")) == b"made here"
    assert time.monotonic() - started < 1


def test_a_newer_version_removes_the_older_pages(tmp_path: Path) -> None:
    pages = SharedPages(tmp_path)
    pages.fetch("k", 1, Maker())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1"]
    pages.fetch("k", 2, Maker())
    pages.fetch("j", 2, Maker())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2"]
    assert len(list((tmp_path / "2").iterdir())) == 2  # two pages, no claim left behind
    pages.fetch("k", 3, Maker())
    # An older version asked late (a request begun before the write) is answered, neither stored nor claimed.
    assert pages.fetch("k", 2, Maker(b"late")) == b"late"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["3"]


def test_pages_past_the_byte_cap_are_made_but_not_stored(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(shared, "MAX_BYTES", 10)
    pages = SharedPages(tmp_path)
    assert pages.fetch("small", 1, Maker(b"12345")) == b"12345"
    assert pages.fetch("big", 1, Maker(b"1234567890")) == b"1234567890"
    other = SharedPages(tmp_path)
    assert other.fetch("small", 1, Maker(b"x")) == b"12345"
    assert other.fetch("big", 1, Maker(b"y")) == b"y"


def test_a_folder_that_cannot_be_written_only_stops_the_sharing(tmp_path: Path, caplog) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    pages = SharedPages(blocker / "pages")
    made = Maker(b"still answered")
    assert pages.fetch("k", 1, made) == b"still answered"
    assert pages.fetch("k", 1, made) == b"still answered"
    assert made.calls == 2
    assert sum("no longer shared" in r.getMessage() for r in caplog.records) == 1
