"""kill -9 in the middle of an ingest, run it again: nothing lost, nothing duplicated, no half-written article.

The killed ingest is a real subprocess (``eventwire ingest``, small batches); it is killed with SIGKILL
as soon as its first batches are committed.  What it left must be whole articles only, each with the
same rows as in an uninterrupted run; after a second ingest the database must equal an
uninterrupted run's: same articles, same rows per article, same stories and merged events.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store import tables as t
from eventwire.store.engine import make_engine, read_connection
from eventwire.store.queries import table_counts

DOCS = 12
BATCH = "2"
TOWNS = ["Kharkiv", "Odesa", "Dnipro", "Sumy"]
OUTLETS = ["Kyiv Daily", "Black Sea Post", "Eastern Herald"]
# How long the killed ingest may take to commit its first batches (it loads its models first).
FIRST_COMMIT_TIMEOUT_S = 180
runner = CliRunner()


def _page(i: int) -> str:
    """Small news pages: 4 strikes, each reported by 3 outlets in their own words (one copies the wire)."""
    variant = i // len(TOWNS)
    town, outlet = TOWNS[i % len(TOWNS)], OUTLETS[variant]
    killed, day = 2 + i % len(TOWNS), 10 + i % len(TOWNS)
    bodies = [
        f"A missile struck a market in {town} on April {day}, killing {killed} people, the regional governor said. "
        "Rescue workers searched the rubble for survivors.",
        f"Russian forces hit {town} with a missile on April {day}. Officials said {killed + variant} people died "
        "and dozens were wounded when the market was struck.",
    ]
    body = bodies[0] if variant == 2 else bodies[variant]  # the third outlet runs the wire copy
    title = f"{outlet}: missile strike on {town}"
    return (
        f'<html><head><title>{title}</title><meta property="article:published_time" content="2025-04-{day:02d}">'
        f"</head><body><h1>{title}</h1><p>{body}</p><p>More updates will follow.</p></body></html>"
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(DOCS):
        (folder / f"page-{i:03d}.html").write_text(_page(i), "utf-8")
    return folder


def _ingest(folder: Path, db_url: str) -> None:
    result = runner.invoke(app, ["ingest", str(folder), "--db", db_url, "--workers", "1", "--batch", BATCH])
    assert result.exit_code == 0, result.output


def _snapshot(engine: Engine) -> dict:
    """What an ingest left, independent of random ids: rows per article, story and event groupings."""
    with read_connection(engine) as conn:
        per_article: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for column, table in enumerate((t.Entity, t.Place, t.Quote, t.EventSource)):
            query = select(table.article_id, func.count()).group_by(table.article_id)
            for article_id, n in conn.execute(query):
                per_article[article_id][column] = n
        articles = list(conn.execute(select(t.Article.id, t.Article.story_id, t.Article.duplicate_of)))
        stories: dict[str, set[str]] = defaultdict(set)
        for article_id, story_id, _ in articles:
            stories[story_id].add(article_id)
        events: dict[str, set[tuple[str, int]]] = defaultdict(set)
        for event_id, article_id, position in conn.execute(
            select(t.EventSource.event_id, t.EventSource.article_id, t.EventSource.position)
        ):
            events[event_id].add((article_id, position))
        return {
            "counts": table_counts(conn=conn),
            "raw_documents": conn.execute(select(func.count()).select_from(t.RawDocument)).scalar_one(),
            "rows": {article_id: tuple(per_article[article_id]) for article_id, _, _ in articles},
            "duplicates": {article_id: dup for article_id, _, dup in articles},
            "stories": {frozenset(members) for members in stories.values()},
            "events": {frozenset(reports) for reports in events.values()},
        }


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'reference.db'}"
    _ingest(corpus, url)
    engine = make_engine(url)
    snapshot = _snapshot(engine)
    engine.dispose()
    assert snapshot["counts"]["articles"] == DOCS and snapshot["counts"]["events"] < DOCS  # reports were merged
    return snapshot


def _kill_after_first_commits(corpus: Path, db_url: str, engine: Engine, log: Path) -> None:
    command = [sys.executable, "-c", "from eventwire.cli import app; app()", "ingest", str(corpus), "--db", db_url]
    command += ["--workers", "1", "--batch", BATCH]
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + FIRST_COMMIT_TIMEOUT_S
        while time.monotonic() < deadline and process.poll() is None:
            if _stored_articles(engine) >= 2:
                break
            time.sleep(0.05)
        assert process.poll() is None, f"the ingest ended before it could be killed:\n{log.read_text()}"
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)


def _stored_articles(engine: Engine) -> int:
    try:
        with read_connection(engine) as conn:
            return conn.execute(select(func.count()).select_from(t.Article)).scalar_one()
    except Exception:  # the schema is not there yet: the ingest is still starting
        return 0


@pytest.mark.usefixtures("warm_pipeline")
def test_killed_ingest_resumes_to_exactly_an_uninterrupted_run(
    corpus: Path, uninterrupted: dict, db_url: str, tmp_path: Path
) -> None:
    engine = make_engine(db_url, wait_s=10)
    _kill_after_first_commits(corpus, db_url, engine, tmp_path / "killed.log")

    left = _snapshot(engine)
    assert 0 < left["counts"]["articles"] < DOCS, "the kill should land mid-way"
    for article_id, rows in left["rows"].items():  # whole articles only, each as the uninterrupted run wrote it
        assert rows == uninterrupted["rows"][article_id]
    assert left["raw_documents"] == left["counts"]["articles"]

    _ingest(corpus, db_url)
    resumed = _snapshot(engine)
    assert resumed["counts"] == uninterrupted["counts"]
    assert resumed["raw_documents"] == DOCS  # every document stored exactly once
    for key in ("rows", "duplicates", "stories", "events"):
        assert resumed[key] == uninterrupted[key], key
    engine.dispose()
