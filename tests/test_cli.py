"""The command line end to end: real files in, JSON out, exit codes, help texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "cli"
runner = CliRunner()


def _jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_extract_sample_json(sample_page_text: str, tmp_path: Path) -> None:
    page = tmp_path / "sample.txt"
    page.write_text(sample_page_text, "utf-8")
    result = runner.invoke(app, ["extract", str(page), "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert set(record) == {"article", "entities", "places", "quotes", "events", "warnings"}
    assert record["article"]["id"] == "sample"
    assert record["article"]["published"] == "2025-04-20"
    assert record["article"]["agency"] == "ČTK"


def test_extract_html_page_json() -> None:
    result = runner.invoke(app, ["extract", str(FIXTURES / "floods.html"), "--json"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)["article"]
    assert article["title"] == "Floods close roads across the north"
    assert article["published"].startswith("2025-03-14")
    assert article["agency"] == "Reuters"
    assert "BBC" in article["cited_sources"]
    assert "rescued 14 people" in article["text"]
    for chrome in ("Most read", "Celebrity news", "All rights reserved", "Sport"):
        assert chrome not in article["text"]


def test_extract_jsonl_keeps_order_ids_and_reports_errors() -> None:
    result = runner.invoke(app, ["extract", str(FIXTURES / "mixed.jsonl"), "--jsonl"])
    assert result.exit_code == 1  # some documents failed
    records = _jsonl(result.stdout)
    assert [r.get("id") or r["article"]["id"] for r in records] == ["good-1", "mixed:2", "no-text", "good-2"]
    assert records[0]["article"]["published"] == "2025-02-04"
    assert "error" in records[1] and "JSON" in records[1]["error"]
    assert "error" in records[2] and "text" in records[2]["error"]
    assert records[3]["article"]["source_domain"] == "example.org"
    assert "new bridge" in records[3]["article"]["text"]


def test_extract_stdin() -> None:
    html = (FIXTURES / "floods.html").read_text("utf-8")
    result = runner.invoke(app, ["extract", "-", "--jsonl"], input=html)
    assert result.exit_code == 0, result.output
    (record,) = _jsonl(result.stdout)
    assert record["article"]["title"] == "Floods close roads across the north"


def test_missing_path_is_an_error_record_not_a_crash(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.html"), str(FIXTURES / "floods.html"), "--jsonl"])
    assert result.exit_code == 1
    records = _jsonl(result.stdout)
    assert len(records) == 2
    assert "error" in records[0]
    assert records[1]["article"]["title"] == "Floods close roads across the north"


def test_human_output_shows_title_and_removed(sample_page_text: str, tmp_path: Path) -> None:
    page = tmp_path / "sample.txt"
    page.write_text(sample_page_text, "utf-8")
    result = runner.invoke(app, ["extract", str(page)])
    assert result.exit_code == 0, result.output
    assert "Russian drone attack on Kharkov" in result.stdout
    assert "View Original Source" in result.stdout


def _commands(typer_app=app, prefix=()) -> list[tuple[str, ...]]:
    import typer.main

    group = typer.main.get_command(typer_app)
    found = [()]

    def walk(command, path):
        for name, sub in getattr(command, "commands", {}).items():
            found.append((*path, name))
            walk(sub, (*path, name))

    walk(group, ())
    return found


@pytest.mark.parametrize("command", _commands())
def test_every_command_help_has_an_example(command: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
