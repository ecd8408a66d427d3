"""Schema migrations, run from code: ``upgrade`` to the newest revision, ``current`` to ask where a database is.

The Alembic configuration is built here (no ``alembic.ini``); the migration scripts ship inside the
package, so an installed eventwire can upgrade any database it is pointed at.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from eventwire.errors import StoreSchemaError
from eventwire.store.engine import read_connection, write_transaction

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at the packaged migrations, bound to ``connection`` if given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision this eventwire knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the packaged migrations have no head"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a database eventwire has not set up yet."""
    with read_connection(engine) as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Bring the database to ``revision`` in one transaction (waits for locks like every write).

    Returns the revision reached.

    Raises:
        StoreSchemaError: the database is at a revision this eventwire does not know (a newer eventwire).
        StoreUnavailable: the database stayed locked or unreachable.
    """
    _check_known(current_revision(engine))
    with write_transaction(engine) as conn:
        command.upgrade(alembic_config(conn), revision)
    return current_revision(engine) or ""


def ensure_schema(engine: Engine) -> str:
    """Upgrade to head unless the database is there already (``ingest`` calls this on every run)."""
    current = current_revision(engine)
    if current == head_revision():
        return current
    return upgrade(engine)


def _check_known(revision: str | None) -> None:
    if revision is None:
        return
    scripts = ScriptDirectory.from_config(alembic_config())
    if revision not in {script.revision for script in scripts.walk_revisions()}:
        raise StoreSchemaError(
            f"the database is at schema revision {revision}, which this eventwire does not know "
            f"(newest known: {scripts.get_current_head()}); upgrade eventwire or use another database"
        )
