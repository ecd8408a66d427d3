"""The script ``spark-submit`` runs: ``eventwire spark`` with the arguments it was given.

Example (YARN; see the README for standalone and Kubernetes)::

    spark-submit --master yarn --py-files eventwire-0.1.0-py3-none-any.whl \\
        --archives eventwire-env.tar.gz#env --conf spark.pyspark.python=./env/bin/python \\
        src/eventwire/scale/submit.py hdfs:///crawls/2025/ --output hdfs:///eventwire/2025/
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from eventwire.cli import app

    app(["spark", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
