"""`eventwire db` and `eventwire ingest` end to end, on both databases, through the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store import tables as t
from eventwire.store.engine import make_engine, read_connection
from eventwire.store.queries import table_counts

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "ukraine-russia-2025-04-20.txt"
runner = CliRunner()


def _counts(engine: Engine) -> dict[str, int]:
    with read_connection(engine) as conn:
        return table_counts(conn=conn)


def test_db_upgrade_then_current(db_url: str) -> None:
    before = runner.invoke(app, ["db", "current", "--db", db_url])
    assert before.exit_code == 0 and "no eventwire schema yet" in before.output
    upgraded = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert upgraded.exit_code == 0 and "(newest)" in upgraded.output
    after = runner.invoke(app, ["db", "current", "--db", db_url])
    assert "(newest)" in after.output and "no eventwire schema" not in after.output


@pytest.mark.usefixtures("warm_pipeline")
def test_ingest_the_sample_sets_up_a_fresh_database_and_prints_a_summary(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "samples"
    folder.mkdir()
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    first = runner.invoke(app, ["ingest", str(folder), "--db", db_url])
    assert first.exit_code == 0, first.output
    assert "1 new" in first.output and "top stories" in first.output
    assert "Russian drone attack on Kharkov" in first.output  # the story, titled by its article
    # One source each: the deadly strike (at least three killed) leads the story's events, whatever their ids.
    events = [line.strip() for line in first.output.splitlines() if line.startswith("      · ")]
    assert events[0].startswith("· air_drone_strike · Kharkiv"), events
    engine = make_engine(db_url)
    counts = _counts(engine)
    assert counts["articles"] == 1 and counts["stories"] == 1 and counts["events"] >= 3 and counts["quotes"] >= 1
    again = runner.invoke(app, ["ingest", str(folder), "--db", db_url])
    assert again.exit_code == 0
    assert "1 unchanged (1 skipped before processing)" in again.output
    assert _counts(engine) == counts
    engine.dispose()


@pytest.mark.usefixtures("warm_pipeline")
def test_ingest_stores_bad_documents_as_errors_and_exits_1(engine: Engine, db_url: str, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    good = {"id": "ok", "url": "https://news.example.com/ok", "title": "Flood in Odesa",
            "text": "Floods closed roads across Odesa on Monday, officials said. Rescuers evacuated 40 people."}  # fmt: skip
    feed.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "empty", "text": ""}) + "\n", "utf-8")
    result = runner.invoke(app, ["ingest", str(feed), "--db", db_url])
    assert result.exit_code == 1
    assert "1 new" in result.output and "2 error(s)" in result.output
    with read_connection(engine) as conn:
        errors = {row.doc_id: row.code for row in conn.execute(select(t.IngestError))}
        (url,) = conn.execute(select(t.Article.url)).scalars()
    assert set(errors) == {"feed:2", "empty"} and all(code.startswith("E1") for code in errors.values())
    assert url == "https://news.example.com/ok"
