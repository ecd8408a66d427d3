"""Fixtures of the Spark tests: the development pages as input, Parquet tables as rows, one session per module.

The development data lives in ``../shared/data`` (never copied into the repository): without it
the tests that need it are skipped, and fail when ``CI`` is set.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventwire.model import ErrorRecord, RawDoc, Result
from eventwire.scale.executor import raw_info
from eventwire.tables_flat import SCHEMAS, error_rows, result_rows

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SHARED_DATA = ROOT.parent / "shared" / "data"
DEV_PAGES = SHARED_DATA / "article-extraction" / "html"
STORY_ARTICLES = SHARED_DATA / "story-clusters" / "articles.jsonl"
# Development pages read by the equality test (the first ones by name) and story-cluster articles.
N_DEV_PAGES = 10
N_STORY_EVENTS, PER_STORY_EVENT = 2, 4


def shared_or_skip(path: Path) -> Path:
    if not path.exists():
        reason = f"development data not found at {path}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set: these tests must run)")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def dev_pages() -> list[Path]:
    return sorted(shared_or_skip(DEV_PAGES).glob("*.html.gz"))[:N_DEV_PAGES]


@pytest.fixture(scope="session")
def story_lines() -> list[dict[str, Any]]:
    """Articles of the first two real-world events of the story-clusters file, as eventwire JSONL lines."""
    rows = [json.loads(line) for line in shared_or_skip(STORY_ARTICLES).read_text("utf-8").splitlines() if line]
    events: list[int] = []
    for row in rows:
        if row["event_id"] not in events:
            events.append(row["event_id"])
    chosen = [
        r for event in events[:N_STORY_EVENTS] for r in [r for r in rows if r["event_id"] == event][:PER_STORY_EVENT]
    ]
    return [
        {"id": r["dId"], "url": r["url"], "title": r["title"], "text": r["text"], "published": r["date_publish"]}
        for r in chosen
    ]


# The columns each table is sorted by to compare it; article columns computed apart from the Result.
KEYS = {
    "articles": ("id",), "entities": ("article_id", "position"), "places": ("article_id", "position"),
    "quotes": ("article_id", "position"), "events": ("article_id", "position"), "errors": ("id", "code", "source"),
}  # fmt: skip
FEATURE_COLUMNS = ("minhash", "vector")


def typed_rows(name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of table ``name`` with the table's types, in a stable order."""
    rows = pa.Table.from_pylist(rows, schema=SCHEMAS[name]).to_pylist()
    return sorted(rows, key=lambda row: tuple(str(row[k]) for k in KEYS[name]))


def expected_tables(one_process: list[tuple[RawDoc | ErrorRecord, Result | ErrorRecord]]) -> dict[str, list[dict]]:
    """The tables one process gives: every outcome of ``process_many`` flattened as the job flattens it."""
    tables: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc, outcome in one_process:
        if isinstance(outcome, ErrorRecord):
            rows = error_rows(outcome)
        else:
            rows = result_rows(outcome, raw_info(doc) if isinstance(doc, RawDoc) else None)
        for name, table_rows in rows.items():
            tables[name].extend(table_rows)
    return {name: typed_rows(name, tables[name]) for name in SCHEMAS}


def read_table(output: Path, name: str) -> list[dict[str, Any]]:
    """A Parquet table the job wrote, as rows (pyarrow reads Spark's folder of part files)."""
    return pq.read_table(output / name).to_pylist()


@pytest.fixture(scope="module")
def local_spark() -> Iterator[Any]:
    """A local session for one test module (local[2,3]: two cores, three attempts per task), stopped after it."""
    from eventwire.scale import start_session

    session = start_session("local[2,3]", partitions=4)
    yield session
    session.stop()
