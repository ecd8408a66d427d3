"""What the feed watcher remembers between polls and runs, in a small JSON file next to the database.

Per feed: the ETag and Last-Modified of its last answer (conditional GET). Per page: whether it
was handed to the sink already (``seen``) or found in a feed and not yet fetched (``pending``).
A page stays pending until the sink has taken it, so a crash, a host that is backing off or a
full queue never loses an entry whose feed already answered "304 Not Modified". Both lists are
bounded (oldest dropped first); the store's own idempotency catches a page seen twice anyway.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

log = logging.getLogger(__name__)

MAX_SEEN = 50_000  # room for 250 feeds of 200 entries; about 4 MB of JSON
MAX_PENDING = 10_000
STATE_SUFFIX = ".watch.json"
DEFAULT_STATE_FILE = "eventwire.watch.json"


class FeedValidators(BaseModel):
    etag: str | None = None
    last_modified: str | None = None


class _Saved(BaseModel):
    version: int = 1
    feeds: dict[str, FeedValidators] = Field(default_factory=dict)
    pending: dict[str, str] = Field(default_factory=dict, description="page URL -> the feed it came from")
    seen: list[str] = Field(default_factory=list)


class WatchState:
    """The watcher's memory; in memory only when ``path`` is None.

    Args:
        path: the JSON file (read now if it exists, written by :meth:`save`).
        max_seen, max_pending: bounds on the remembered pages.
    """

    def __init__(self, path: Path | None = None, *, max_seen: int = MAX_SEEN, max_pending: int = MAX_PENDING) -> None:
        self.path = path
        self.max_seen = max_seen
        self.max_pending = max_pending
        saved = _load(path) if path else _Saved()
        self.feeds = saved.feeds
        self.pending = saved.pending
        self._seen: dict[str, None] = dict.fromkeys(saved.seen)
        self._dirty = False

    def validators(self, feed: str) -> FeedValidators:
        return self.feeds.get(feed) or FeedValidators()

    def set_validators(self, feed: str, etag: str | None, last_modified: str | None) -> None:
        self.feeds[feed] = FeedValidators(etag=etag, last_modified=last_modified)
        self._dirty = True

    def is_known(self, url: str) -> bool:
        """Seen already, or waiting to be fetched."""
        return url in self._seen or url in self.pending

    def add_pending(self, url: str, feed: str) -> bool:
        """Queue a page found in ``feed``; False when the pending list is full (the page is not kept)."""
        if self.is_known(url):
            return True
        if len(self.pending) >= self.max_pending:
            return False
        self.pending[url] = feed
        self._dirty = True
        return True

    def mark_seen(self, urls: list[str]) -> None:
        """Pages the sink has taken (or that failed for good): never fetched again."""
        for url in urls:
            self.pending.pop(url, None)
            self._seen.pop(url, None)
            self._seen[url] = None
        while len(self._seen) > self.max_seen:
            del self._seen[next(iter(self._seen))]
        self._dirty = self._dirty or bool(urls)

    def save(self) -> None:
        """Write the state atomically (a crash mid-write leaves the previous file); nothing to do when unchanged."""
        if self.path is None or not self._dirty:
            return
        saved = _Saved(feeds=self.feeds, pending=self.pending, seen=list(self._seen))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(saved.model_dump_json())
            os.replace(tmp, self.path)
            self._dirty = False
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _load(path: Path) -> _Saved:
    """The saved state, or an empty one (with a warning) when the file is missing or unreadable."""
    try:
        return _Saved.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        return _Saved()
    except (OSError, ValidationError, json.JSONDecodeError) as exc:
        log.warning("watch state %s unreadable (%s): starting afresh", path, exc)
        return _Saved()


def state_path_for(db_url: str | None) -> Path:
    """The state file beside a SQLite database (``news.db`` -> ``news.db.watch.json``), else in the working folder."""
    try:
        url = make_url(db_url) if db_url else None
    except ArgumentError:
        url = None
    if url is not None and url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        return Path(url.database + STATE_SUFFIX)
    return Path(DEFAULT_STATE_FILE)
