"""Commands of the store: ``eventwire db upgrade|current`` and ``eventwire ingest``.

Registered on the main app by :func:`register` (called at the end of ``cli.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from eventwire.errors import EventwireError

if TYPE_CHECKING:  # the store is imported when a command runs, not when the CLI starts
    from sqlalchemy import Engine

    from eventwire.store.queries import EventSummary
    from eventwire.store.writer import IngestStats

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL (default: $EVENTWIRE_DB, else sqlite:///eventwire.db in the working folder)."
    ),
]
WaitOption = Annotated[
    float,
    typer.Option("--wait", min=0, help="Seconds to wait for a locked or unreachable database before giving up."),
]
DEFAULT_WAIT_S = 60.0
# Stories and events per story in the summary.
TOP_STORIES, EVENTS_PER_STORY = 5, 4

db_app = typer.Typer(
    help="Set up and inspect the database.\n\nExample:\n\n    eventwire db upgrade --db postgresql+psycopg://postgres@127.0.0.1/eventwire"
)
err = Console(stderr=True)


def _engine(db: str | None, wait: float = DEFAULT_WAIT_S) -> Engine:
    from eventwire.store.engine import make_engine

    return make_engine(db, wait_s=wait)


def store_failure(exc: EventwireError) -> typer.Exit:
    err.print(f"[red]error[/red] [{exc.code}] {exc.message}", highlight=False)
    return typer.Exit(2)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None, wait: WaitOption = DEFAULT_WAIT_S) -> None:
    """Create the tables, or bring an older database to this eventwire's schema (Alembic migrations).

    Example:

        EVENTWIRE_DB=postgresql+psycopg://postgres@127.0.0.1:5432/eventwire eventwire db upgrade
    """
    from eventwire.store.migrate import upgrade
    from eventwire.store.url import describe

    try:
        engine = _engine(db, wait)
        revision = upgrade(engine)
    except EventwireError as exc:
        raise store_failure(exc) from exc
    typer.echo(f"{describe(engine.url)}: schema at revision {revision} (newest)")


@db_app.command("current")
def db_current(db: DbOption = None, wait: WaitOption = DEFAULT_WAIT_S) -> None:
    """Show the database's schema revision and whether it is the newest this eventwire knows.

    Example:

        eventwire db current --db sqlite:///news.db
    """
    from eventwire.store.migrate import current_revision, head_revision
    from eventwire.store.url import describe

    try:
        engine = _engine(db, wait)
        current, head = current_revision(engine), head_revision()
    except EventwireError as exc:
        raise store_failure(exc) from exc
    if current is None:
        typer.echo(f"{describe(engine.url)}: no eventwire schema yet (run: eventwire db upgrade)")
    elif current == head:
        typer.echo(f"{describe(engine.url)}: revision {current} (newest)")
    else:
        typer.echo(f"{describe(engine.url)}: revision {current}, newest is {head} (run: eventwire db upgrade)")


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, JSONL, WARC, or - for standard input.")],
    db: DbOption = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-w", min=1, help="Pipeline processes (default: all cores for big batches)."),
    ] = None,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Documents written per transaction.")] = 50,
    wait: WaitOption = DEFAULT_WAIT_S,
) -> None:
    """Run the pipeline on documents and keep everything in the database, once.

    Re-ingesting the same documents changes nothing (unchanged pages are not even processed);
    a page whose text changed becomes a new version of its article.  Articles join stories,
    and events reported by several outlets are merged.  Ends with a summary.  Exit code 1
    when a document failed or could not be put in a story (the reason is stored in
    ``ingest_errors``; such an article is stored all the same), 2 when the database
    could not be used (nothing half-written).

    Example:

        eventwire ingest samples/ crawl.warc.gz --db sqlite:///news.db
    """
    from eventwire.cli import progress_bar
    from eventwire.store.driver import ingest_paths

    try:
        engine = _engine(db, wait)
        with progress_bar() as progress:
            task = progress.add_task("ingesting", total=None)
            stats = ingest_paths(
                paths, engine=engine, workers=workers, batch_size=batch,
                on_progress=lambda n: progress.update(task, advance=n),
            )  # fmt: skip
        print_summary(stats, engine)
    except EventwireError as exc:
        raise store_failure(exc) from exc
    if stats.errors or stats.unclustered:
        raise typer.Exit(1)


def print_summary(stats: IngestStats, engine: Engine) -> None:
    """What this run did, what the database holds, and the largest stories with their events."""
    from eventwire.store.engine import read_connection
    from eventwire.store.queries import table_counts, top_stories
    from eventwire.store.url import describe

    out = Console()
    for error in stats.error_samples:
        err.print(f"[red]error[/red] {error.id}: [{error.code}] {error.error}", highlight=False)
    out.print(
        f"[bold]ingested[/bold] {stats.documents} document(s): {stats.new} new, {stats.unchanged} unchanged "
        f"({stats.skipped} skipped before processing), {stats.versioned} new version(s), {stats.errors} error(s), "
        f"{stats.unclustered} stored without a story; "
        f"{stats.stories_new} new stor(y/ies), {stats.stories_merged} joined into another, "
        f"{stats.events_new} new event(s), "
        f"{stats.events_merged} report(s) merged into events already known",
        highlight=False,
    )
    with read_connection(engine) as conn:
        counts = table_counts(conn=conn)
        stories = top_stories(conn=conn, limit=TOP_STORIES, events_per_story=EVENTS_PER_STORY)
    holds = ", ".join(f"{n} {name}" for name, n in counts.items())
    out.print(f"[bold]{escape(describe(engine.url))}[/bold]: {holds}", highlight=False)
    if not stories:
        return
    out.print("[bold]top stories[/bold] (articles, dates; events: type · place · date · sources · deaths)")
    for rank, story in enumerate(stories, start=1):
        dates = " – ".join(sorted({str(d) for d in (story.first_published, story.last_published) if d})) or "undated"
        line = Text(f"{rank:>2}. ", style="bold").append(story.title or "(untitled)")
        out.print(line.append(f"  ({story.size} article(s), {dates})", style="dim"), soft_wrap=True)
        for event in story.events:
            out.print(Text(f"      · {_event_line(event)}"), soft_wrap=True)


def _event_line(event: EventSummary) -> str:
    kind = event.subtype or event.type
    place = event.location_name or event.country or "?"
    sources = f"{event.n_sources} source(s), {event.n_independent} independent"
    deaths = ""
    if event.fatalities_max is not None:
        spread = (
            f"{event.fatalities_min}–{event.fatalities_max}" if event.fatalities_min != event.fatalities_max else ""
        )
        deaths = f" · deaths {event.fatalities_latest}" + (f" (reports {spread})" if spread else "")
    flags = f" [{', '.join(event.flags)}]" if event.flags else ""
    return f"{kind} · {place} · {event.date_start or '?'} · {sources}{deaths}{flags}"


def register(app: typer.Typer) -> None:
    """Add ``db`` and ``ingest`` to the main command line."""
    app.add_typer(db_app, name="db")
    app.command("ingest")(ingest)
