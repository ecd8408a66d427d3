"""The job on a real Spark standalone cluster (master and worker on 127.0.0.1), with an executor killed mid-job.

The executor JVM running the first attempt of one document is killed (SIGKILL); Spark starts a new
executor, retries the lost tasks, and the tables hold every document once, as one process gives them.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from pyspark import cloudpickle

from eventwire.ingest import read_inputs
from eventwire.model import ErrorRecord, RawDoc
from eventwire.pipeline import process_many
from eventwire.scale import run_job, start_session

from . import standalone
from .conftest import FEATURE_COLUMNS, expected_tables, read_table, typed_rows
from .standalone import executor_jvm_pid, standalone_cluster

# The hook runs in executors, whose working folder is not the repository: it travels by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])
cloudpickle.register_pickle_by_value(standalone)

REPORTS = [
    "Police said a car bomb exploded outside a police station in Mosul on Monday, killing four officers.",
    "Protesters marched through central Nairobi on Tuesday demanding lower fuel prices, witnesses said.",
    "Two people were injured when shells hit a residential block in Kherson on Wednesday, officials said.",
    "Farmers blocked a highway near Lyon on Thursday to protest against new pesticide rules.",
    "A drone strike on a fuel depot near Donetsk killed one worker on Friday, local authorities said.",
    "Hundreds of students rallied in Dhaka on Saturday calling for the release of detained activists.",
]


def kill_executor_once(marker: str, doc_id: str):
    """A hook that SIGKILLs its executor's JVM at ``doc_id`` the first time (``marker`` records which JVM)."""

    def hook(doc: RawDoc | ErrorRecord) -> None:
        if doc.id != doc_id or os.path.exists(marker):
            return
        jvm = executor_jvm_pid()
        cmdline = Path(f"/proc/{jvm}/cmdline").read_bytes().replace(b"\0", b" ").decode() if jvm else ""
        Path(marker).write_text(json.dumps({"jvm": jvm, "cmdline": cmdline}))
        if jvm:
            os.kill(jvm, signal.SIGKILL)
            time.sleep(5)  # the worker goes down with its executor

    return hook


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("cluster-corpus")
    for i, text in enumerate(REPORTS[:3]):
        (folder / f"report-{i}.txt").write_text(text, "utf-8")
    lines = [json.dumps({"id": f"line-{i}", "text": text}) for i, text in enumerate(REPORTS[3:])]
    (folder / "more.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return [str(folder)]


@pytest.fixture(scope="module")
def cluster_run(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, dict, str]:
    folder = tmp_path_factory.mktemp("cluster")
    output = tmp_path_factory.mktemp("cluster-out")
    marker = folder / "killed.json"
    with standalone_cluster(folder) as cluster:
        session = start_session(cluster.url, partitions=2, conf={"spark.executor.memory": "1g"})
        try:
            master = session.sparkContext.master
            hook = kill_executor_once(str(marker), "line-1")
            summary = run_job(corpus, str(output), spark=session, partitions=2, document_hook=hook)
        finally:
            session.stop()
    killed = json.loads(marker.read_text()) if marker.exists() else {}
    return output, summary, killed, master


def test_the_job_runs_on_a_standalone_cluster(cluster_run) -> None:
    _, summary, killed, master = cluster_run
    assert master.startswith("spark://127.0.0.1:")
    assert "CoarseGrainedExecutorBackend" in killed.get("cmdline", ""), "documents ran in a cluster executor"
    assert summary.documents == len(REPORTS)
    assert summary.errors == 0


def test_a_killed_executor_is_retried_and_the_tables_equal_one_process(cluster_run, corpus: list[str]) -> None:
    output, _, killed, _ = cluster_run
    assert killed.get("jvm"), "the executor should have been killed once"
    docs = list(read_inputs(corpus))
    expected = expected_tables(list(zip(docs, process_many(docs, workers=1), strict=True)))
    for name in ("articles", "entities", "places", "quotes", "events", "errors"):
        got = typed_rows(name, read_table(output, name))
        if name == "articles":
            assert len({row["id"] for row in got}) == len(got) == len(REPORTS)
            got = [{k: v for k, v in row.items() if k not in FEATURE_COLUMNS} for row in got]
            expected[name] = [{k: v for k, v in row.items() if k not in FEATURE_COLUMNS} for row in expected[name]]
        assert got == expected[name], f"table {name} differs from one process"
