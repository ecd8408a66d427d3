"""GeoJSON (RFC 7946): a FeatureCollection of Points in longitude, latitude order (WGS 84), for QGIS and
web maps.  Properties are the flat row (lists as JSON arrays, dates as ISO 8601 text).  Events without
coordinates cannot be features: they are left out and counted, in the stats and in the file's
``"eventwire"`` member (RFC 7946 §6.1 foreign member).  Written as a stream: memory stays flat.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from eventwire.api.schemas import EventItem
from eventwire.export.output import ExportStats, atomic_path
from eventwire.export.rows import flat_row, json_value

NO_COORDINATES = "no coordinates"


def feature(item: EventItem) -> dict | None:
    """The event as a GeoJSON Feature, or None when it has no coordinates."""
    row = flat_row(item)
    lat, lon = row.pop("lat"), row.pop("lon")
    if lat is None or lon is None:
        return None
    properties = {name: json_value(value) for name, value in row.items()}
    return {"type": "Feature", "id": item.id, "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties}  # fmt: skip


def write_geojson(items: Iterable[EventItem], path: Path) -> ExportStats:
    stats = ExportStats()
    with atomic_path(path) as temporary, temporary.open("w", encoding="utf-8", newline="\n") as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for item in items:
            made = feature(item)
            if made is None:
                stats.left_out[NO_COORDINATES] += 1
                continue
            out.write((",\n" if stats.written else "") + json.dumps(made, ensure_ascii=False))
            stats.written += 1
        summary = {"events": stats.written, "left_out": dict(stats.left_out)}
        out.write(f'\n], "eventwire": {json.dumps(summary)}}}\n')
    return stats
