"""What a running API is configured with: arguments first, then the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

from eventwire.api.shared import SHARED_PAGES_ENV

INGEST_TOKEN_ENV = "EVENTWIRE_INGEST_TOKEN"
TILE_URL_ENV = "EVENTWIRE_TILE_URL"
PREWARM_EVENTS_ENV = "EVENTWIRE_PREWARM_EVENTS"
# The change feed reads the database this often for new and updated events (seconds).
POLL_INTERVAL_S = 0.25
# Events rendered at startup for the event listing (``queries.prewarm_events``), unless
# ``$EVENTWIRE_PREWARM_EVENTS`` says otherwise; 0 turns it off.  20,000: ~1-2 s and ~46 MB per server process.
PREWARM_EVENTS = 20_000


@dataclass(frozen=True)
class ApiSettings:
    """``db_url`` None means ``$EVENTWIRE_DB`` or the default SQLite file; ``ingest_token`` None keeps the API
    read-only (``POST /api/ingest`` does not exist)."""

    db_url: str | None = None
    ingest_token: str | None = None
    tile_url: str | None = None
    poll_interval_s: float = POLL_INTERVAL_S
    prewarm_events: int = PREWARM_EVENTS
    # The folder of pages shared with the server's other processes (``shared.py``; set by ``eventwire serve``).
    shared_pages: str | None = None

    @classmethod
    def from_env(cls, db_url: str | None = None, *, ingest_token: str | None = None) -> ApiSettings:
        token = ingest_token or os.environ.get(INGEST_TOKEN_ENV) or None
        prewarm = os.environ.get(PREWARM_EVENTS_ENV, "").strip()
        return cls(
            db_url=db_url, ingest_token=token, tile_url=os.environ.get(TILE_URL_ENV) or None,
            prewarm_events=int(prewarm) if prewarm.isdigit() else PREWARM_EVENTS,
            shared_pages=os.environ.get(SHARED_PAGES_ENV) or None,
        )  # fmt: skip
