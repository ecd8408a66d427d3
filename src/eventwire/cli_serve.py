"""Commands ``eventwire serve`` (the API, the live stream and the dashboard) and ``eventwire export``.

Registered on the main app by :func:`register` (called at the end of ``cli.py``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from eventwire.cli_store import DEFAULT_WAIT_S, DbOption, WaitOption, store_failure
from eventwire.errors import EventwireError

err = Console(stderr=True, soft_wrap=True)
# Seconds uvicorn waits for open streams to end on Ctrl-C before it closes them.
SHUTDOWN_GRACE_S = 3
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
FORMAT_NAMES = ("acled-csv", "geojson", "parquet", "jsonl")


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    ingest_token: Annotated[
        str | None,
        typer.Option(
            "--ingest-token",
            envvar="EVENTWIRE_INGEST_TOKEN",
            show_envvar=True,
            help="Accept POST /api/ingest with this Bearer token (without one the API is read-only).",
        ),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Server processes (each polls for changes).")] = 1,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn's log level.")] = "info",
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log every request (at info level; off under load).")
    ] = True,
) -> None:
    """Serve the API, the live event stream and the map dashboard over the database.

    The dashboard is at http://HOST:PORT/, the API's documentation at /docs (works offline),
    its OpenAPI description at /openapi.json.  Events written by `eventwire ingest` or `eventwire
    watch` in other processes reach open dashboards within a second.

    Example:

        eventwire serve --db sqlite:///news.db --port 8000
    """
    import uvicorn

    from eventwire.store.engine import make_engine
    from eventwire.store.migrate import ensure_schema
    from eventwire.store.url import ENV_VAR, describe

    try:
        engine = make_engine(db, wait_s=10)
        ensure_schema(engine)  # an empty database becomes a (still empty) eventwire database
        engine.dispose()
    except EventwireError as exc:
        raise store_failure(exc) from exc
    # The app is made in each worker process from the environment (uvicorn's factory mode).
    if db:
        os.environ[ENV_VAR] = db
    if ingest_token:
        os.environ["EVENTWIRE_INGEST_TOKEN"] = ingest_token
    if host not in LOOPBACK:
        err.print(f"[yellow]note[/yellow] listening on {escape(host)}: anyone who can reach it can read the data")
    shown = f"[{host}]" if ":" in host else host
    err.print(
        f"eventwire: {escape(describe(engine.url))} at [bold]http://{escape(shown)}:{port}/[/bold]", highlight=False
    )
    with _shared_pages(workers):
        uvicorn.run(
            "eventwire.api.app:create_app", factory=True, host=host, port=port, workers=workers,
            log_level=log_level, access_log=access_log, timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
        )  # fmt: skip


@contextmanager
def _shared_pages(workers: int) -> Iterator[None]:
    """With several workers, a folder of pages they share (``api/shared.py``) for the length of the run."""
    from eventwire.api.shared import SHARED_PAGES_ENV

    if workers < 2:
        yield
        return
    with tempfile.TemporaryDirectory(prefix="eventwire-serve-") as folder:
        os.environ[SHARED_PAGES_ENV] = str(Path(folder) / "pages")
        try:
            yield
        finally:
            os.environ.pop(SHARED_PAGES_ENV, None)


def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMAT_NAMES)}.", case_sensitive=False)
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (replaced once complete).")],
    db: DbOption = None,
    start: Annotated[str | None, typer.Option(help="Events starting on or after this day (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Events starting on or before this day (YYYY-MM-DD).")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="Event type(s), comma-separated.")] = None,
    subtype: Annotated[str | None, typer.Option(help="eventwire subtype id(s), comma-separated.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 code(s), comma-separated.")] = None,
    bbox: Annotated[str | None, typer.Option(help="W,S,E,N in degrees.")] = None,
    actor: Annotated[str | None, typer.Option(help="Part of an actor's name, any case.")] = None,
    q: Annotated[str | None, typer.Option("--q", "-q", help="Text in evidence, actors or place, any case.")] = None,
    min_sources: Annotated[int | None, typer.Option(help="At least this many supporting articles.")] = None,
    include_flags: Annotated[str | None, typer.Option(help="Only events with one of these flags.")] = None,
    exclude_flags: Annotated[str | None, typer.Option(help="Leave out events with any of these flags.")] = None,
    all_types: Annotated[
        bool, typer.Option("--all-types", help="acled-csv: also write types ACLED does not record.")
    ] = False,
    wait: WaitOption = DEFAULT_WAIT_S,
) -> None:
    """Write events to a file: ACLED-shaped CSV, GeoJSON, Parquet or JSONL, with the API's filters.

    Column meanings are in docs/exports.md.  The file appears only once complete; what was left
    out (GeoJSON: events without coordinates; ACLED CSV: types ACLED does not record) is counted.

    Example:

        eventwire export --format acled-csv --db sqlite:///news.db -o ukraine.csv --country UA --start 2025-01-01
    """
    from pydantic import ValidationError

    from eventwire.api.db import reading_engine
    from eventwire.api.filters import EventFilters
    from eventwire.api.queries import count_events
    from eventwire.cli import progress_bar
    from eventwire.export import FORMATS, export_events
    from eventwire.store.engine import read_connection

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}", param_hint="--format")
    given = {
        "start": start, "end": end, "type": type_, "subtype": subtype, "country": country, "bbox": bbox,
        "actor": actor, "q": q, "min_sources": min_sources, "include_flags": include_flags,
        "exclude_flags": exclude_flags,
    }  # fmt: skip
    try:
        filters = EventFilters(**{name: value for name, value in given.items() if value is not None})
    except ValidationError as exc:
        raise typer.BadParameter(_problems(exc)) from None
    try:
        engine = reading_engine(db, wait_s=wait)
        with read_connection(engine) as conn:
            total = count_events(conn=conn, filters=filters)
        with progress_bar() as progress:
            task = progress.add_task(f"exporting {fmt}", total=total)
            stats = export_events(
                engine, filters, fmt, output, acled_only=not all_types,
                on_event=lambda: progress.update(task, advance=1),
            )  # fmt: skip
    except EventwireError as exc:
        raise store_failure(exc) from exc
    left = ", ".join(f"{n} left out: {reason}" for reason, n in stats.left_out.items())
    err.print(
        f"wrote {stats.written} event(s) to {escape(str(output))}" + (f" ({left})" if left else ""), highlight=False
    )


def _problems(exc) -> str:  # exc: pydantic.ValidationError
    """The filter errors as option names and messages: ``--bbox: four numbers W,S,E,N``."""
    parts = []
    for error in exc.errors():
        option = "--" + str(error["loc"][0]).replace("_", "-") if error["loc"] else "filters"
        parts.append(f"{option}: {str(error['msg']).removeprefix('Value error, ')}")
    return "; ".join(parts)


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``export`` to the main command line."""
    app.command("serve")(serve)
    app.command("export")(export)
