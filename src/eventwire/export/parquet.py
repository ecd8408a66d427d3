"""Parquet with real types: dates as date32, counts as nullable int32, lists as list<string>, ``updated`` as a
UTC timestamp; readable by pyarrow, polars and pandas alike.  Written in row groups: memory stays flat."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from eventwire.api.schemas import EventItem
from eventwire.export.output import ExportStats, atomic_path
from eventwire.export.rows import FLAT_COLUMNS, flat_row

# Rows per row group (and per batch held in memory).
ROW_GROUP = 5000
_TYPES = {
    "str": pa.string(), "float": pa.float64(), "int": pa.int32(), "date": pa.date32(),
    "timestamp": pa.timestamp("us", tz="UTC"), "list": pa.list_(pa.string()),
}  # fmt: skip
_REQUIRED = {"id", "type", "flags", "n_sources", "n_independent", "updated"}
SCHEMA = pa.schema(
    [pa.field(name, _TYPES[kind], nullable=name not in _REQUIRED) for name, kind in FLAT_COLUMNS.items()],
    metadata={"source": "eventwire export --format parquet"},
)


def write_parquet(items: Iterable[EventItem], path: Path) -> ExportStats:
    stats = ExportStats()
    with atomic_path(path) as temporary, pq.ParquetWriter(temporary, SCHEMA, compression="zstd") as writer:
        batch: list[dict] = []
        for item in items:
            batch.append(flat_row(item))
            if len(batch) >= ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
                stats.written, batch = stats.written + len(batch), []
        if batch or not stats.written:
            writer.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
            stats.written += len(batch)
    return stats
