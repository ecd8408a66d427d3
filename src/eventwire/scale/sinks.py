"""Writing the job's Parquet tables: from executors (a DataFrame) or from the driver (rows, in chunks).

Tables are written through Spark, so the output folder may be local or any Hadoop URI. Spark's
commit protocol keeps only the files of task attempts that succeeded: a retried task adds no rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyarrow as pa

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# Rows the driver holds before writing them out (a story or merged event row is ~2 KB).
CHUNK_ROWS = 50_000


def table_path(output: str, name: str) -> str:
    return output.rstrip("/") + "/" + name


def write_frame(frame: DataFrame, output: str, name: str) -> None:
    """Replace table ``name`` under ``output`` with ``frame``."""
    frame.write.mode("overwrite").parquet(table_path(output, name))


class DriverTable:
    """A table whose rows the driver makes one by one; written every ``chunk_rows`` rows and on ``close``.

    The first write replaces what the folder held, the next ones append; a table with no rows
    is still written (with its columns), so that readers find every table.
    """

    def __init__(self, spark: SparkSession, output: str, name: str, schema: pa.Schema, *, chunk_rows: int = CHUNK_ROWS):
        self.spark = spark
        self.path = table_path(output, name)
        self.schema = schema
        self.chunk_rows = chunk_rows
        self.rows = 0
        self._pending: list[dict[str, Any]] = []
        self._written = False

    def add(self, row: dict[str, Any]) -> None:
        self._pending.append(row)
        if len(self._pending) >= self.chunk_rows:
            self._flush()

    def close(self) -> int:
        """Write what is left; returns the number of rows written in all."""
        if self._pending or not self._written:
            self._flush()
        return self.rows

    def _flush(self) -> None:
        table = pa.Table.from_pylist(self._pending, schema=self.schema)
        frame = self.spark.createDataFrame(table).coalesce(1)
        frame.write.mode("append" if self._written else "overwrite").parquet(self.path)
        self.rows += len(self._pending)
        self._pending = []
        self._written = True
