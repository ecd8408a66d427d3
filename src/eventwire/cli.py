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


def progress_bar() -> Progress:
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
    article_only: Annotated[
        bool, typer.Option("--article-only", help="Stop after the clean article: no entities, places or events.")
    ] = False,
    no_events: Annotated[
        bool, typer.Option("--no-events", help="Entities, places and quotes, but no events stage (faster).")
    ] = False,
) -> None:
    """Extract articles, entities, places, quotes and events from news pages.

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
    with progress_bar() as progress:
        task = progress.add_task("extracting", total=None, visible=False)
        for n, outcome in enumerate(
            process_many(read_inputs(paths), workers=workers, article_only=article_only, events=not no_events), start=1
        ):
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


def _cell(key: str, value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}" if key.endswith(("per_s", "_km", "per_snippet")) else f"{value:.3f}"
    return "-" if value is None else str(value)


def print_rows(title: str, rows: list[dict], columns: dict[str, str]) -> None:
    """One table of evaluation rows: ``columns`` maps a row key to its header; floats get 3 decimals."""
    from rich.table import Table

    table = Table(title=title)
    for i, header in enumerate(columns.values()):
        table.add_column(header, justify="left" if i == 0 else "right")
    for row in rows:
        cells = [(key, row.get(key)) for key in columns]
        table.add_row(*(_cell(key, value) for key, value in cells))
    Console().print(table)


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
    from eventwire.eval.extraction import evaluate_extraction

    rows = evaluate_extraction(folder, systems or None)
    columns = {"system": "system", "precision": "precision", "recall": "recall", "f1": "F1"}
    print_rows(f"article extraction: {folder}", rows, {**columns, "docs_per_s": "docs/s", "n": "n"})


@eval_app.command("geo")
def eval_geo(
    xml: Annotated[Path, typer.Argument(help="GeoWebNews XML file.", exists=True, dir_okay=False)],
) -> None:
    """Toponym recognition P/R/F1 and resolution (Acc@161, median km, AUC) beside spaCy + most populous.

    Example:

        eventwire eval geo ../shared/data/geoparsing/GeoWebNews.xml
    """
    from eventwire.eval.geo import evaluate_geo

    columns = {
        "system": "system", "precision": "P", "recall": "R", "f1": "F1", "acc161": "Acc@161",
        "median_km": "median km", "auc": "AUC", "docs_per_s": "docs/s", "docs": "docs",
    }  # fmt: skip
    print_rows(f"geoparsing: {xml}", evaluate_geo(xml), columns)


@eval_app.command("attribution")
def eval_attribution(
    folder: Annotated[Path, typer.Argument(help="PolNeAR folder with text/ and attributions/.", exists=True)],
) -> None:
    """Speaker (source) and content-span P/R/F1 on PolNeAR brat annotations, beside a say-verb baseline.

    Example:

        eventwire eval attribution ../shared/data/attribution
    """
    from eventwire.eval.attribution import evaluate_attribution

    columns = {
        "system": "system", "content_p": "content P", "content_r": "content R", "content_f1": "content F1",
        "speaker_p": "speaker P", "speaker_r": "speaker R", "speaker_f1": "speaker F1",
        "speaker_given_content_f1": "speaker F1 | content matched", "docs": "docs",
    }  # fmt: skip
    print_rows(f"attribution: {folder}", evaluate_attribution(folder), columns)


@eval_app.command("case2021")
def eval_case2021(
    tsv: Annotated[Path, typer.Argument(help="CASE 2021 task 2 TSV (id, EventSnippet, SubType).", exists=True)],
) -> None:
    """Weighted and macro F1 of event subtypes mapped to CASE 2021 labels, beside simple baselines.

    Example:

        eventwire eval case2021 ../shared/data/event-types/case2021-task2.tsv
    """
    from eventwire.eval.case2021 import evaluate_case2021

    report = evaluate_case2021(tsv)
    rows = [{"system": name, **scores} for name, scores in report["systems"].items()]
    columns = {
        "system": "system", "weighted_f1": "weighted F1", "macro_f1": "macro F1", "accuracy": "accuracy",
        "ms_per_snippet": "ms/snippet",
    }  # fmt: skip
    print_rows(f"CASE 2021 task 2: {tsv} ({report['n']} snippets, {report['labels']} labels)", rows, columns)
    confused = [{"system": f"{c['gold']} → {c['predicted']}", "count": c["count"]} for c in report.get("confused", [])]
    print_rows("eventwire: most confused (gold → predicted)", confused, {"system": "pair", "count": "count"})


@app.command()
def geoparse(
    file: Annotated[
        Path, typer.Argument(help="JSONL: {id, text, lang?, title?} per line.", exists=True, dir_okay=False)
    ],
) -> None:
    """Places only, for bulk use: one JSON line per input line ({id, places} or {id, error}).

    Example:

        eventwire geoparse docs.jsonl > places.jsonl
    """
    from eventwire.geo import geoparse_jsonl

    failed = 0
    with file.open(encoding="utf-8", errors="replace") as lines:
        for row in geoparse_jsonl(lines):
            failed += "error" in row
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    if failed:
        err.print(f"{failed} line(s) failed")
        raise typer.Exit(1)


@app.command()
def version() -> None:
    """Print eventwire's version.

    Example:

        eventwire version
    """
    typer.echo(__version__)


# Commands of the later stages live in their own modules, registered here.
from eventwire.cli_serve import register as _register_serve  # noqa: E402
from eventwire.cli_spark import register as _register_spark  # noqa: E402
from eventwire.cli_store import register as _register_store  # noqa: E402
from eventwire.cli_stories import register as _register_stories  # noqa: E402
from eventwire.cli_watch import register as _register_watch  # noqa: E402

_register_store(app)  # eventwire db upgrade|current, eventwire ingest
_register_watch(app)  # eventwire watch
_register_stories(eval_app)  # eventwire eval stories
_register_serve(app)  # eventwire serve, eventwire export
_register_spark(app)  # eventwire spark

if __name__ == "__main__":  # python -m eventwire.cli
    app()
