"""A real Spark standalone cluster on 127.0.0.1 for tests: one master and one worker, from pyspark's own scripts.

The PyPI pyspark package ships ``sbin/spark-daemon.sh`` (what ``start-master.sh`` and
``start-worker.sh`` call) but not those two wrappers, so the daemons are started through it
directly, with the same Java eventwire uses (``scale.runtime.spark_environment``) and free ports.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.scale.runtime import LOOPBACK, spark_environment, spark_home

MASTER = "org.apache.spark.deploy.master.Master"
WORKER = "org.apache.spark.deploy.worker.Worker"
START_TIMEOUT_S = 120


@dataclass(frozen=True)
class Cluster:
    url: str  # spark://127.0.0.1:PORT
    ui: str  # the master's web UI (its /json says which workers are alive)
    folder: Path  # logs, pid files, the worker's work folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def standalone_cluster(folder: Path, *, cores: int = 2, memory: str = "2g") -> Iterator[Cluster]:
    """Start a master and a worker, wait until the worker has registered, and stop both afterwards."""
    master_port, master_ui, worker_port, worker_ui = (free_port() for _ in range(4))
    env = os.environ | spark_environment() | {
        "SPARK_LOG_DIR": str(folder / "logs"), "SPARK_PID_DIR": str(folder / "pids"),
        "SPARK_WORKER_DIR": str(folder / "work"), "SPARK_IDENT_STRING": f"eventwire-test-{os.getpid()}",
        "SPARK_LOCAL_IP": LOOPBACK, "SPARK_MASTER_HOST": LOOPBACK,
    }  # fmt: skip
    daemon = str(spark_home() / "sbin" / "spark-daemon.sh")
    url = f"spark://{LOOPBACK}:{master_port}"
    cluster = Cluster(url=url, ui=f"http://{LOOPBACK}:{master_ui}", folder=folder)
    try:
        master_args = ["--host", LOOPBACK, "--port", str(master_port), "--webui-port", str(master_ui)]
        subprocess.run([daemon, "start", MASTER, "1", *master_args], env=env, check=True, capture_output=True)
        worker_args = ["--host", LOOPBACK, "--port", str(worker_port), "--webui-port", str(worker_ui)]
        worker_args += ["--cores", str(cores), "--memory", memory, url]
        subprocess.run([daemon, "start", WORKER, "1", *worker_args], env=env, check=True, capture_output=True)
        _wait_for_worker(cluster)
        yield cluster
    finally:
        for name in (WORKER, MASTER):
            subprocess.run([daemon, "stop", name, "1"], env=env, capture_output=True, timeout=60)
        _kill_leftovers(folder / "pids")


def _wait_for_worker(cluster: Cluster) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError):
            with urllib.request.urlopen(cluster.ui + "/json", timeout=5) as response:
                state = json.load(response)
            if any(w.get("state") == "ALIVE" for w in state.get("workers", [])):
                return
        time.sleep(1)
    logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in sorted((cluster.folder / "logs").glob("*")))
    raise RuntimeError(f"the standalone worker did not register within {START_TIMEOUT_S} s\n{logs}")


def _kill_leftovers(pids: Path) -> None:
    """Kill daemons that the stop script left running (by the pids their pid files name)."""
    for pid_file in pids.glob("*.pid"):
        with contextlib.suppress(ValueError, ProcessLookupError, PermissionError):
            os.kill(int(pid_file.read_text().strip()), signal.SIGKILL)


def executor_jvm_pid() -> int | None:
    """The pid of the executor JVM this process runs under (a Python worker's ancestor), if any."""
    pid = os.getpid()
    while pid > 1:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return None
        if b"CoarseGrainedExecutorBackend" in cmdline:
            return pid
        pid = parent
    return None
