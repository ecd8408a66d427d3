"""The command ``eventwire eval stories``: story clustering scored beside a TF-IDF baseline.

Registered on the ``eval`` group by :func:`register` (called at the end of ``cli.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from eventwire.errors import EventwireError

Workers = Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Processes for the pipeline.")]


def eval_stories(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSONL: dId, url, source_domain, date_publish, title, description, text, event_id per line.",
            exists=True,
            dir_okay=False,
        ),
    ],
    workers: Workers = None,
) -> None:
    """B-cubed precision/recall/F1 and adjusted Rand index of story clusters, beside a TF-IDF baseline.

    Every article goes through the pipeline and joins a story one by one, in file order, as in a
    live ingest; near-duplicate (syndicated copy) links are counted.

    Example:

        eventwire eval stories ../shared/data/story-clusters/articles.jsonl
    """
    from eventwire.cli import print_rows
    from eventwire.eval.stories import evaluate_stories

    err = Console(stderr=True)
    columns = {
        "system": "system", "precision": "B³ P", "recall": "B³ R", "f1": "B³ F1", "ari": "ARI",
        "clusters": "clusters", "duplicates": "dup links", "seconds": "s",
    }  # fmt: skip
    progress = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    )  # fmt: skip
    with progress:
        task = progress.add_task("processing articles", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            report = evaluate_stories(file, workers=workers, progress=advance)
        except (ValueError, EventwireError) as exc:
            err.print(f"[red]error[/red] {exc}", highlight=False)
            raise typer.Exit(2) from exc
    title = (
        f"story clusters: {file} ({report['n']} articles, {report['events']} events, "
        f"{report['errors']} failed; pipeline {report['pipeline_seconds']:.1f} s)"
    )
    print_rows(title, report["systems"], columns)


def register(eval_app: typer.Typer) -> None:
    """Add ``stories`` to the ``eval`` group."""
    eval_app.command("stories")(eval_stories)
