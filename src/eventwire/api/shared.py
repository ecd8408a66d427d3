"""Pages shared by the server's processes: a page one worker made is not made again by another.

``eventwire serve --workers N`` runs N processes, each keeping its own answers (``cache.VersionedCache``):
a fresh server made every new event page up to N times, once in each process asked for it, and under
load a fresh server's slowest answers are those pages.  With this store (a folder that ``serve`` makes
for the length of its run, its path in ``$EVENTWIRE_SHARED_PAGES``) a process asked for a page it does
not keep looks there first, under the same key and data version; a page another process is making (its
claim file made, its page not yet) is waited for, up to :data:`CLAIM_WAIT_S`, not made twice.

Plain files, one a page, in a folder per data version: a claim is an exclusive create and a page appears
whole (written aside, then renamed), so no process ever waits on a lock held by another (a SQLite file
did: its single writer made the stores queue up under load).  A newer version removes the older folders.

Never in the way: a folder that cannot be written is given up on (logged once) and pages are made as
without it; a claim whose maker failed is removed, one whose maker died expires.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

SHARED_PAGES_ENV = "EVENTWIRE_SHARED_PAGES"
# How long a page another process has claimed is waited for (a page takes milliseconds to make); after
# that the waiting process makes it itself.
CLAIM_WAIT_S = 2.0
POLL_S = 0.001
# Bytes of pages one process stores for one data version; past them it makes pages without sharing.
MAX_BYTES = 256 * 1024 * 1024


class SharedPages:
    """The pages of one server run, in the folder ``root`` (made if absent)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self._broken = False
        self._version = -1  # the newest data version this process has stored pages for
        self._stored_bytes = 0

    def fetch(self, key: str, version: int, make: Callable[[], bytes]) -> bytes:
        """The page for ``key`` at data ``version``: another process's, or ``make()``'s (then shared).

        ``make``'s errors are its caller's, after the claim is removed (the others then make it themselves).
        """
        if self._broken:
            return make()
        page, claim = self.paths(key, version)
        try:
            kept, mine = self._claim_or_wait(page, claim, version)
        except OSError as exc:
            self._give_up(exc)
            return make()
        if kept is not None:
            return kept
        try:
            body = make()
        except BaseException:
            if mine:
                claim.unlink(missing_ok=True)
            raise
        if mine:
            self._store(page, version, body)
            claim.unlink(missing_ok=True)
        return body

    def paths(self, key: str, version: int) -> tuple[Path, Path]:
        """Where the page for ``key`` at ``version`` lies, and its claim while it is being made."""
        page = self.root / str(version) / hashlib.sha256(key.encode()).hexdigest()
        return page, page.with_suffix(".claim")

    def _claim_or_wait(self, page: Path, claim: Path, version: int) -> tuple[bytes | None, bool]:
        """(the page, False) when another process made it; (None, True) when this one must make it (claimed);
        (None, False) when it should make it unshared (its claim was dropped, or the wait was too long)."""
        kept = _read(page)
        if kept is not None:
            return kept, False
        if not self._forget_older(version):  # a request begun before a write: its page is not shared
            return None, False
        page.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
            return None, True
        except FileExistsError:
            if _age_s(claim) > CLAIM_WAIT_S:  # its maker died: make it here, without waiting
                return None, False
        deadline = time.monotonic() + CLAIM_WAIT_S
        while time.monotonic() < deadline:
            time.sleep(POLL_S)
            kept = _read(page)
            if kept is not None:
                return kept, False
            if not claim.exists():  # its maker failed, or the version's folder is gone: no page to wait for
                return _read(page), False
        return None, False

    def _store(self, page: Path, version: int, body: bytes) -> None:
        with self._lock:
            if version != self._version or self._stored_bytes + len(body) > MAX_BYTES:
                return
            self._stored_bytes += len(body)
        aside = page.with_suffix(f".{os.getpid()}-{threading.get_ident()}")
        try:
            aside.write_bytes(body)
            os.replace(aside, page)  # a reader sees the whole page or none
        except OSError:  # the version's folder was removed meanwhile: a newer version is being shared
            aside.unlink(missing_ok=True)

    def _forget_older(self, version: int) -> bool:
        """At a newer data version, remove the folders of the older ones (their pages are never asked again).

        False for a version older than one already seen: its folder may be gone, and is not made again.
        """
        with self._lock:
            if version < self._version:
                return False
            if version == self._version:
                return True
            self._version, self._stored_bytes = version, 0
        for folder in self.root.glob("*"):
            if folder.name.isdigit() and int(folder.name) < version:
                shutil.rmtree(folder, ignore_errors=True)
        return True

    def _give_up(self, exc: OSError) -> None:
        if not self._broken:
            self._broken = True
            log.warning("pages are no longer shared between server processes (%s): %s", self.root, exc)


def _read(page: Path) -> bytes | None:
    try:
        return page.read_bytes()
    except FileNotFoundError:
        return None


def _age_s(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return 0.0
