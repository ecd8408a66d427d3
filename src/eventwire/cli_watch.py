"""The command ``eventwire watch``: poll RSS/Atom feeds and store the pages of new entries.

Registered on the main app by :func:`register` (called at the end of ``cli.py``). The loop is
:class:`eventwire.ingest.watch.Watcher`; its sink here is the store's ingest.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape

from eventwire.cli_store import store_failure
from eventwire.errors import EventwireError
from eventwire.model import ErrorRecord, RawDoc

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from eventwire.ingest.watch import PollReport, Watcher
    from eventwire.store.writer import IngestStats

err = Console(stderr=True)
MAX_ERROR_SAMPLES = 20


def watch(
    feeds: Annotated[
        Path, typer.Argument(help="Feed list: one URL per line (# comments) or an OPML file.", exists=True)
    ],
    interval: Annotated[float, typer.Option("--interval", min=1, help="Seconds between polls.")] = 900.0,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (default: $EVENTWIRE_DB, else sqlite:///eventwire.db)."),
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once, store what is new, exit.")] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Host name, address or CIDR range the fetcher may reach although it is not public "
            "(repeatable; also $EVENTWIRE_FETCH_ALLOW).",
        ),
    ] = None,
    state: Annotated[
        Path | None,
        typer.Option("--state", help="State file (default: beside a SQLite database file, named FILE.watch.json)."),
    ] = None,
    min_delay: Annotated[
        float, typer.Option("--min-delay", min=0, help="Least seconds between requests to one host.")
    ] = 2.0,
    max_items: Annotated[int, typer.Option("--max-items", min=1, help="Entries looked at per feed and poll.")] = 200,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every fetch problem as it happens.")] = False,
) -> None:
    """Watch RSS/Atom feeds: fetch the pages of new entries safely and store them.

    Conditional GET, a per-host rate limit, backoff after failures and robots.txt keep it
    polite; only public http(s) addresses are fetched unless --allow-host says otherwise.
    What was seen is remembered in a state file, so each page is fetched once. Exit code
    (with --once) 1 when a feed or page failed, 2 when the feed list or the database could
    not be used.

    Example:

        eventwire watch feeds.txt --db sqlite:///news.db --interval 600

        eventwire watch feeds.opml --once
    """
    from eventwire.ingest.feeds import read_feed_list
    from eventwire.ingest.fetch import Fetcher, FetchOptions
    from eventwire.ingest.netsafety import AllowList
    from eventwire.ingest.watch import Watcher, WatchOptions
    from eventwire.ingest.watch_state import WatchState, state_path_for
    from eventwire.store.engine import make_engine
    from eventwire.store.migrate import ensure_schema

    with _log_to_stderr(verbose):
        try:
            urls = read_feed_list(feeds)
            engine = make_engine(db)
            ensure_schema(engine)  # a database that cannot be used fails now, not after the first poll
        except EventwireError as exc:
            raise store_failure(exc) from exc
        sink = StoreSink(engine)
        options = WatchOptions(min_delay_s=min_delay, max_items_per_feed=max_items)
        memory = WatchState(state or state_path_for(engine.url.render_as_string(hide_password=False)))
        allow = AllowList.from_env(allow_host or [])
        with Fetcher(FetchOptions(allow=allow)) as fetcher, _PollProgress() as progress:
            watcher = Watcher(urls, sink, fetcher=fetcher, options=options, state=memory, progress=progress.update)
            err.print(f"watching {len(urls)} feed(s); state in {memory.path}", highlight=False)
            if once:
                _poll_once(watcher, sink)
                return
            try:
                watcher.run(interval_s=interval, stop=threading.Event(), on_poll=lambda r: _print_poll(r, sink))
            except KeyboardInterrupt:
                err.print("stopped; state saved")


def _poll_once(watcher: Watcher, sink: StoreSink) -> None:
    """One poll, its summary, and exit code 1 when a feed or page failed (2 when the store did)."""
    try:
        report = watcher.poll_once()
    except EventwireError as exc:
        raise store_failure(exc) from exc
    stored = _print_poll(report, sink)
    if report.failed or stored.errors:
        raise typer.Exit(1)


class StoreSink:
    """The watcher's sink: store each batch (pipeline + database) and add up what was stored."""

    def __init__(self, engine: Engine) -> None:
        from eventwire.store.writer import IngestStats

        self.engine = engine
        self.stats = IngestStats()

    def __call__(self, docs: list[RawDoc | ErrorRecord]) -> None:
        from eventwire.store.driver import ingest_documents

        part = ingest_documents(docs, engine=self.engine)
        for spec in dataclasses.fields(part):
            value = getattr(part, spec.name)
            if isinstance(value, int):
                setattr(self.stats, spec.name, getattr(self.stats, spec.name) + value)
        self.stats.error_samples = [*self.stats.error_samples, *part.error_samples][:MAX_ERROR_SAMPLES]

    def take(self) -> IngestStats:
        """What was stored since the last call."""
        taken, self.stats = self.stats, type(self.stats)()
        return taken


class _PollProgress:
    """A progress bar over the pages of one poll, shown while pages are fetched."""

    def __enter__(self) -> _PollProgress:
        from eventwire.cli import progress_bar

        self._bar = progress_bar()
        self._bar.__enter__()
        self._task = self._bar.add_task("fetching pages", total=None, visible=False)
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.__exit__(None, None, None)

    def update(self, done: int, total: int) -> None:
        self._bar.update(self._task, completed=done, total=total, visible=done < total)


def _print_poll(report: PollReport, sink: StoreSink) -> IngestStats:
    """Print what the poll did and what the sink stored since the last poll; returns the latter."""
    from eventwire.cli_store import print_summary

    for problem in report.problems:
        err.print(f"[red]problem[/red] {escape(problem.url)}: [{problem.code}] {escape(problem.message)}")
    err.print(
        f"[bold]polled[/bold] {report.feeds} feed(s) ({report.not_modified} not modified): {report.entries} "
        f"entries, {report.new_pages} new page(s), {report.fetched} fetched, {report.robots_blocked} barred by "
        f"robots.txt, {report.deferred} left for later, {report.skipped_over_cap} skipped over the per-feed cap",
        highlight=False,
    )
    stored = sink.take()
    print_summary(stored, sink.engine)
    return stored


@contextlib.contextmanager
def _log_to_stderr(verbose: bool) -> Iterator[None]:
    """Show the fetcher's and watcher's log on stderr while the command runs (every problem with -v)."""
    handler = RichHandler(console=err, show_path=False, show_time=False)
    logger = logging.getLogger("eventwire.ingest")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.ERROR)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def register(app: typer.Typer) -> None:
    """Add ``watch`` to the main command line."""
    app.command("watch")(watch)
