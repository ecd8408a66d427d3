"""PySpark's Python worker daemon with eventwire's models loaded before it forks any worker.

Spark starts one daemon per executor (``spark.python.daemon.module``) and forks a Python worker
from it for each task slot. Loading spaCy, the gazetteer and the sentence-embedding model in the
daemon first means they are read once per executor and shared by its workers (copy-on-write),
instead of once per worker: the same trick as ``pipeline.process_many``'s fork pool.
"""

from __future__ import annotations

import os
import sys


def warm_up() -> None:
    """Load the pipeline's shared models, one thread each (Spark's task slots are the parallelism).

    Also called at the start of every partition, where it costs nothing once loaded: a worker
    not forked from this daemon (``spark.python.use.daemon=false``) loads them there.
    """
    from eventwire.pipeline import preload_shared_models
    from eventwire.scale.runtime import ONE_THREAD_ENV

    for name, value in ONE_THREAD_ENV.items():
        os.environ.setdefault(name, value)
    preload_shared_models(True)


def _warm_up_quietly() -> None:
    """``warm_up`` with file descriptor 1 pointed at stderr: the daemon's stdout carries its port to Spark,
    and a library printing there while loading would break that handshake."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        warm_up()
    except Exception as exc:  # the workers load the models themselves and report what fails
        print(f"eventwire: could not preload models in the Spark daemon: {exc!r}", file=sys.stderr)
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


if __name__ == "__main__":
    from pyspark import daemon

    _warm_up_quietly()
    daemon.manager()
