"""Which database to use: ``--db URL`` beats ``EVENTWIRE_DB`` beats a SQLite file in the working folder."""

from __future__ import annotations

import os

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from eventwire.errors import BadDatabaseUrl

ENV_VAR = "EVENTWIRE_DB"
DEFAULT_URL = "sqlite:///eventwire.db"
# Drivers the store is written and tested against; ``postgresql://`` is taken to mean psycopg 3.
_DRIVERS = {"sqlite": "sqlite", "sqlite+pysqlite": "sqlite", "postgresql": "postgresql+psycopg"}
_DRIVERS["postgresql+psycopg"] = "postgresql+psycopg"


def resolve_db_url(given: str | None = None) -> URL:
    """The database URL to use, normalised to a driver the store supports.

    Raises:
        BadDatabaseUrl: the URL is malformed or names a database other than SQLite or PostgreSQL.
    """
    text = given or os.environ.get(ENV_VAR) or DEFAULT_URL
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise BadDatabaseUrl(
            f"not a database URL: {text!r} (expected sqlite:///FILE or postgresql+psycopg://...)"
        ) from exc
    driver = _DRIVERS.get(url.drivername)
    if driver is None:
        raise BadDatabaseUrl(
            f"unsupported database {url.drivername!r}: use sqlite:///FILE or postgresql+psycopg://USER@HOST:PORT/DB"
        )
    return url.set(drivername=driver)


def describe(url: URL) -> str:
    """The URL for messages: the password hidden."""
    return url.render_as_string(hide_password=True)
