"""Spark scale-out: articles/s with one and with two executor cores, the speed-up, and memory per executor.

Target (issue 8): from 1 to 2 cores at least 1.8x, on 10,000 synthetic articles; memory per
executor reported. The corpus is the one ``ingest_throughput.py`` builds (development pages of
``../shared/data/article-extraction`` recombined paragraph by paragraph, one in ten a syndicated
copy; seeded, so the same ``--docs`` gives the same corpus): one JSONL file, read by Spark.

Each configuration (``--masters``, default ``local[1]`` and ``local[2]``: one executor with one or
two task slots) runs in its own process with its own JVM. There a small job first loads the models
in the executor's Python daemon (their loading is not throughput), then the timed job runs
``run_job`` over the corpus. Reported per configuration:

- ``processing``: articles/s of the pipeline stage (executors busy, the figure that scales out), the
  CPU seconds its Python workers used per article, and how busy the task slots were (CPU seconds
  over wall seconds times slots: below 1 when the machine is shared, or a slot idles);
- ``job``: articles/s over the whole job (tables written, stories placed on the driver), and the
  driver's own placement time (stories and merged events are placed one article at a time);
- memory: the peak, over the run, of the executor's Python processes (the daemon holding the models
  and the workers forked from it): the largest worker's RSS, their summed RSS (shared model pages
  counted once per worker) and their summed PSS (shared pages split between them: what they
  really cost), and the JVM's RSS, sampled from /proc every half second.

Usage:
    python benchmarks/spark_scale.py [--docs 10000] [--masters local[1],local[2]] [--partitions N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest_throughput import build_corpus  # the shared synthetic corpus

SAMPLE_EVERY_S = 0.5
WARMUP_DOCS = 4
# Partitions per task slot: enough that a slow document does not leave a core idle at the end.
PARTITIONS_PER_SLOT = 4


def _slots(master: str) -> int:
    inside = master.partition("[")[2].partition("]")[0].split(",")[0]
    return os.cpu_count() or 1 if inside in ("*", "") else int(inside)


# --- one configuration, in its own process ------------------------------------------------------


def child(master: str, corpus: Path, warmup: Path, output: Path, partitions: int) -> None:
    """Warm the executor up, run the timed job, write ``result.json`` (its phases' times) under ``output``."""
    from eventwire.scale import run_job, start_session

    spark = start_session(master, partitions=partitions)
    run_job([str(warmup)], str(output / "warmup"), spark=spark, partitions=_slots(master))
    marks: list[tuple[str, float, dict[int, float]]] = []
    summary = run_job(
        [str(corpus)], str(output / "run"), spark=spark, partitions=partitions,
        on_phase=lambda name: marks.append((name, time.perf_counter(), _python_cpu_s(os.getpid()))),
    )  # fmt: skip
    marks.append(("end", time.perf_counter(), _python_cpu_s(os.getpid())))
    times = {name: marks[i + 1][1] - at for i, (name, at, _) in enumerate(marks[:-1])}
    cpu = {name: _cpu_between(cpu, marks[i + 1][2]) for i, (name, _, cpu) in enumerate(marks[:-1])}
    result = {"articles": summary.rows.get("articles", 0), "documents": summary.documents,
              "seconds": summary.seconds, "phases": times, "python_cpu_s": cpu,
              "driver_stories_s": summary.stories.seconds,
              "output_bytes": sum(f.stat().st_size for f in (output / "run").rglob("*.parquet"))}  # fmt: skip
    (output / "result.json").write_text(json.dumps(result))
    spark.stop()


def _python_cpu_s(root: int) -> dict[int, float]:
    """CPU seconds (user + system) so far of every Python process under ``root`` (Spark's daemons and workers)."""
    processes = _processes()
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid, (_, cmdline) in processes.items():
        if pid != root and "python" in cmdline.split(" ")[0] and _under(pid, [root], processes):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return found


def _cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def _processes() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, command line) of every process."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            found[int(entry)] = (int(stat.rsplit(")", 1)[1].split()[1]), cmdline)
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0, 0
    values = {line.split(":")[0]: int(line.split()[1]) for line in rollup[1:] if line.split()[1:2]}
    return values.get("Rss", 0), values.get("Pss", 0)


def _executor_memory(root: int) -> dict[str, float]:
    """Memory of the JVM under ``root`` and of the Python daemon and workers under that JVM (MB)."""
    processes = _processes()
    descendants, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _) in processes.items() if ppid == parent]
        descendants.extend(children)
        frontier.extend(children)
    jvms = [pid for pid in descendants if "java" in processes[pid][1].split(" ")[0]]
    workers = sorted({pid for pid in descendants if _under(pid, jvms, processes) and "python" in processes[pid][1]})
    memory = [_memory_kb(pid) for pid in workers]
    return {
        "jvm_rss_mb": sum(_memory_kb(pid)[0] for pid in jvms) / 1024,
        "python_processes": len(workers),
        "largest_worker_rss_mb": max((rss for rss, _ in memory), default=0) / 1024,
        "python_rss_mb": sum(rss for rss, _ in memory) / 1024,
        "python_pss_mb": sum(pss for _, pss in memory) / 1024,
    }


def _under(pid: int, ancestors: list[int], processes: dict[int, tuple[int, str]]) -> bool:
    while pid in processes and pid > 1:
        pid = processes[pid][0]
        if pid in ancestors:
            return True
    return False


def _sample_memory(process: subprocess.Popen) -> dict[str, float]:
    """Peak of each memory figure of the process's executor while it runs."""
    peak: dict[str, float] = {}
    while process.poll() is None:
        for key, value in _executor_memory(process.pid).items():
            peak[key] = max(peak.get(key, 0.0), value)
        time.sleep(SAMPLE_EVERY_S)
    return peak


def run_config(master: str, corpus: Path, warmup: Path, work: Path, partitions: int) -> dict:
    command = [sys.executable, __file__, "--child", master, "--corpus", str(corpus), "--warmup-file", str(warmup),
               "--work", str(work), "--partitions", str(partitions)]  # fmt: skip
    started = time.perf_counter()
    log = work.with_suffix(".log")
    with log.open("w") as errors:
        process = subprocess.Popen(command, stdout=errors, stderr=errors)
        peak = _sample_memory(process)
    if process.returncode != 0 or not (work / "result.json").is_file():
        tail = log.read_text(errors="replace")[-3000:]
        raise SystemExit(f"{master}: the benchmark process failed (exit {process.returncode}):\n{tail}")
    result = json.loads((work / "result.json").read_text())
    processing = result["phases"].get("processing documents", 0.0)
    processing_cpu = result["python_cpu_s"].get("processing documents", 0.0)
    return {
        "master": master,
        "articles": result["articles"],
        "processing_s": round(processing, 1),
        "processing_articles_per_s": round(result["articles"] / processing, 2) if processing else None,
        "processing_python_cpu_s": round(processing_cpu, 1),
        "cpu_s_per_article": round(processing_cpu / max(result["articles"], 1), 3),
        "slots_busy": round(processing_cpu / (processing * _slots(master)), 2) if processing else None,
        "job_s": round(result["seconds"], 1),
        "job_articles_per_s": round(result["articles"] / result["seconds"], 2),
        "driver_stories_s": round(result["driver_stories_s"], 2),
        "driver_articles_per_s": round(result["articles"] / max(result["driver_stories_s"], 1e-9), 1),
        "parquet_bytes_per_article": round(result["output_bytes"] / max(result["articles"], 1)),
        "process_wall_s": round(time.perf_counter() - started, 1),
        "phases_s": {k: round(v, 1) for k, v in result["phases"].items()},
        "peak_memory_mb": {k: round(v, 1) for k, v in peak.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000, help="synthetic articles (default 10,000)")
    parser.add_argument("--masters", default="local[1],local[2]", help="Spark masters to compare, comma-separated")
    parser.add_argument("--partitions", type=int, default=None, help="partitions (default: 4 per task slot)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--warmup-file", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, Path(args.corpus), Path(args.warmup_file), Path(args.work), args.partitions)
        return
    with tempfile.TemporaryDirectory(prefix="eventwire-spark-bench-") as folder:
        work = Path(folder)
        corpus, warmup = work / "corpus.jsonl", work / "warmup.jsonl"
        build_corpus(corpus, args.docs)
        build_corpus(warmup, WARMUP_DOCS, seed=99)
        rows = []
        for master in args.masters.split(","):
            partitions = args.partitions or PARTITIONS_PER_SLOT * _slots(master)
            name = re.sub(r"[^A-Za-z0-9]+", "-", master).strip("-")  # Hadoop paths treat [ ] * as globs
            rows.append(run_config(master, corpus, warmup, work / name, partitions))
            print(json.dumps(rows[-1]), flush=True)
    if len(rows) >= 2 and rows[0]["processing_articles_per_s"] and rows[-1]["processing_articles_per_s"]:
        speedup = rows[-1]["processing_articles_per_s"] / rows[0]["processing_articles_per_s"]
        print(json.dumps({"speedup_processing": round(speedup, 2), "from": rows[0]["master"], "to": rows[-1]["master"],
                          "docs": args.docs}))  # fmt: skip


if __name__ == "__main__":
    main()
