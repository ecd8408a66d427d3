"""The ``eventwire`` command line: thin commands that parse, call one function, print."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from eventwire import __version__
from eventwire.cli_render import render_result
from eventwire.model import ErrorRecord, Result

app = typer.Typer(
    help="eventwire: from raw news pages to a clean, sourced feed of events.\n\n"
    "Example:\n\n    eventwire extract samples/ --jsonl > results.jsonl",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)
eval_app = typer.Typer(help="Score eventwire on evaluation sets.\n\nExample:\n\n    eventwire eval extraction DIR")
app.add_typer(eval_app, name="eval")

err = Console(stderr=True)
# Show a progress bar once a batch has this many documents.
PROGRESS_MIN_DOCS = 20

Workers = Annotated[
    int | None, typer.Option("--workers", "-w", min=1, help="Processes to use (default: all cores for big batches).")
]


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    )  # fmt: skip


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, JSONL, WARC, or - for standard input.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Pretty JSON: one Result object (an array for several).")
    ] = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON line per input document, same id.")] = False,
    workers: Workers = None,
) -> None:
    """Extract clean, dated, sourced articles from news pages.

    Bad documents get an error record ({"id", "error", "code"}) and the batch goes on;
    the exit code is 1 when any document failed.

    Example:

        eventwire extract page.html feed.jsonl crawl.warc.gz --jsonl > articles.jsonl
    """
    from eventwire.ingest import read_inputs
    from eventwire.pipeline import process_many

    if as_json and as_jsonl:
        raise typer.BadParameter("choose one of --json and --jsonl")
    failed = 0
    collected: list[dict] = []
    with _progress() as progress:
        task = progress.add_task("extracting", total=None, visible=False)
        for n, outcome in enumerate(process_many(read_inputs(paths), workers=workers), start=1):
            if n == PROGRESS_MIN_DOCS:
                progress.update(task, visible=True)
            progress.update(task, advance=1)
            if isinstance(outcome, ErrorRecord):
                failed += 1
                err.print(f"[red]error[/red] {outcome.id}: [{outcome.code}] {outcome.error}", highlight=False)
            record = outcome.model_dump(mode="json", by_alias=True)
            if as_jsonl:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif as_json:
                collected.append(record)
            elif isinstance(outcome, Result):
                render_result(outcome, Console())
    if as_json:
        payload = collected[0] if len(collected) == 1 else collected
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if failed:
        err.print(f"{failed} document(s) failed")
        raise typer.Exit(1)


@eval_app.command("extraction")
def eval_extraction(
    folder: Annotated[Path, typer.Argument(help="Folder with ground-truth.json and html/*.html.gz.", exists=True)],
    systems: Annotated[
        list[str] | None, typer.Option("--system", "-s", help="eventwire, trafilatura, readability-lxml (default all).")
    ] = None,
) -> None:
    """Body-text precision, recall and F1 (scrapinghub benchmark metric) beside trafilatura and readability.

    Example:

        eventwire eval extraction ../shared/data/article-extraction
    """
    from rich.table import Table

    from eventwire.eval.extraction import evaluate_extraction

    rows = evaluate_extraction(folder, systems or None)
    table = Table(title=f"article extraction: {folder}")
    for column in ("system", "precision", "recall", "F1", "docs/s", "n"):
        table.add_column(column, justify="left" if column == "system" else "right")
    for row in rows:
        table.add_row(
            row["system"], f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}",
            f"{row['docs_per_s']:.1f}", str(row["n"]),
        )  # fmt: skip
    Console().print(table)


@app.command()
def version() -> None:
    """Print eventwire's version.

    Example:

        eventwire version
    """
    typer.echo(__version__)
