"""Alembic environment: runs on the connection the store hands over (no alembic.ini, no URL here)."""

from __future__ import annotations

from alembic import context

from eventwire.store.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: batch mode rebuilds the table inside the transaction instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
