"""The store: everything eventwire reads, kept once, in SQLite (default) or PostgreSQL.

- :mod:`.url` which database (``--db`` > ``EVENTWIRE_DB`` > ``sqlite:///eventwire.db``);
- :mod:`.engine` engines, the write door (locks and outages retried with backoff);
- :mod:`.tables` the schema, changed only by :mod:`.migrate` (Alembic scripts in ``migrations/``);
- :mod:`.writer` batched, transactional writes; :mod:`.merge` and :mod:`.story_state` the stories side;
- :mod:`.driver` documents → pipeline → store; :mod:`.queries` reads for the CLI and the API.
"""

from __future__ import annotations

from eventwire.store.driver import ingest_documents, ingest_paths
from eventwire.store.engine import make_engine, read_connection, write_transaction
from eventwire.store.migrate import current_revision, ensure_schema, head_revision, upgrade
from eventwire.store.url import resolve_db_url
from eventwire.store.writer import IngestStats, StoreWriter

__all__ = [
    "IngestStats",
    "StoreWriter",
    "current_revision",
    "ensure_schema",
    "head_revision",
    "ingest_documents",
    "ingest_paths",
    "make_engine",
    "read_connection",
    "resolve_db_url",
    "upgrade",
    "write_transaction",
]
