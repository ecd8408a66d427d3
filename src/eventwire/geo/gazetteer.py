"""The gazetteer: built once into an SQLite file in the user's cache, then only read.

Building parses ~80 MB of GeoNames JSON and lemmatises every Cyrillic name, which takes a
minute; reading a name is an indexed SQLite lookup, so a process pays the build once per
source change and then only opens a file (no multi-hundred-MB dict in every worker). The
file name carries a fingerprint of the package versions and eventwire's own data files, so
an upgrade or an edited ``geo_*.json`` builds a fresh file instead of reading a stale one.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from eventwire.geo.morph import lemmas
from eventwire.geo.sources import PlaceRecord, source_versions
from eventwire.geo.text import is_cyrillic, name_key, romanise, tokenize

# Bump when the build logic changes in a way the fingerprinted inputs do not show.
BUILD_VERSION = "9"
_DATA_FILES = ("geo_places_extra.json", "geo_admin_ua_ru.json", "geo_demonyms.json")
# SQLite's default limit on host parameters in one statement is 999 on old builds.
_CHUNK = 900


@dataclass(frozen=True)
class GazPlace:
    pid: int
    name: str
    kind: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    geonameid: int | None
    feature_code: str | None
    population: int


def cache_dir() -> Path:
    return Path(os.environ.get("EVENTWIRE_CACHE") or Path.home() / ".cache" / "eventwire")


def fingerprint() -> str:
    h = hashlib.sha256(BUILD_VERSION.encode())
    h.update(json.dumps(source_versions(), sort_keys=True).encode())
    for name in _DATA_FILES:
        h.update(resources.files("eventwire.data").joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def gazetteer_path() -> Path:
    return cache_dir() / f"geo-gazetteer-{fingerprint()}.sqlite"


# Cyrillic names of places outside the Cyrillic-script countries are lemmatised only for
# places this large (or countries, regions): lemmatising every foreign village's Russian name
# turns some into everyday words ("Порту" -> "порт").
LEMMA_MIN_POPULATION = 500_000


def _keys_for(name: str, rec: PlaceRecord, cyrillic_countries: set[str]) -> set[str]:
    """Every key a name is indexed under: as written, lemmatised (uk, ru), romanised."""
    keys = {name_key(name)}
    country = rec.country
    local = country in cyrillic_countries or rec.kind != "city" or rec.population >= LEMMA_MIN_POPULATION
    if is_cyrillic(name) and local:
        words = [t.text for t in tokenize(name)]
        for lang in ("uk", "ru"):
            forms = [lemmas(w, lang)[:1] or (w.lower(),) for w in words]
            keys.add(" ".join(f[0] for f in forms))
        if country in cyrillic_countries:
            keys |= romanise(name)
    keys.discard("")
    return keys


def build(path: Path) -> Path:
    """Build the SQLite gazetteer at ``path`` (atomically: a temp file renamed into place)."""
    from eventwire.geo.build import build_records

    records, cyrillic = build_records()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    con = sqlite3.connect(tmp)
    try:
        con.executescript(
            """
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE places(pid INTEGER PRIMARY KEY, name TEXT, kind TEXT, lat REAL, lon REAL, country TEXT,
                                admin1 TEXT, geonameid INTEGER, feature_code TEXT, population INTEGER);
            CREATE TABLE names(key TEXT, pid INTEGER, main INTEGER);
            CREATE TABLE codes(code TEXT PRIMARY KEY, pid INTEGER);
            CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
            """
        )
        for pid, r in enumerate(records):
            con.execute(
                "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
                (pid, r.name, r.kind, r.lat, r.lon, r.country, r.admin1, r.geonameid, r.feature_code, r.population),
            )
            main_key = name_key(r.name)
            rows = {(k, pid, int(k == main_key)) for n in r.names for k in _keys_for(n, r, cyrillic)}
            con.executemany("INSERT INTO names VALUES (?,?,?)", rows)
            con.executemany("INSERT OR IGNORE INTO codes VALUES (?,?)", [(c, pid) for c in r.codes if c])
        con.execute("CREATE INDEX names_key ON names(key)")
        con.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint(),))
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)
    return path


class Gazetteer:
    """Read-only access to the built gazetteer."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pid = os.getpid()
        self._con = self._connect()

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        con.execute("PRAGMA query_only=ON")
        return con

    @property
    def con(self) -> sqlite3.Connection:
        # An SQLite connection must not cross a fork: a worker process opens its own.
        if os.getpid() != self._pid:
            self._pid = os.getpid()
            self._con = self._connect()
        return self._con

    def lookup(self, keys: Iterable[str]) -> dict[str, list[tuple[int, bool]]]:
        """Place ids (and whether the key is the place's main name) for each key found."""
        out: dict[str, list[tuple[int, bool]]] = {}
        keys = list(set(keys))
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            q = f"SELECT key, pid, main FROM names WHERE key IN ({','.join('?' * len(chunk))})"
            for key, pid, main in self.con.execute(q, chunk):
                out.setdefault(key, []).append((pid, bool(main)))
        return out

    def places(self, pids: Iterable[int]) -> dict[int, GazPlace]:
        return {pid: p for pid in set(pids) if (p := self.place(pid)) is not None}

    @lru_cache(maxsize=100_000)  # noqa: B019 - one Gazetteer per process, see load()
    def place(self, pid: int) -> GazPlace | None:
        row = self.con.execute("SELECT * FROM places WHERE pid=?", (pid,)).fetchone()
        return GazPlace(*row) if row else None

    def by_code(self, code: str) -> GazPlace | None:
        row = self.con.execute("SELECT pid FROM codes WHERE code=?", (code,)).fetchone()
        return self.place(row[0]) if row else None

    def count(self) -> tuple[int, int]:
        places = self.con.execute("SELECT COUNT(*) FROM places").fetchone()[0]
        names = self.con.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        return places, names


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The process-wide gazetteer, built first if this source version has none in the cache."""
    path = gazetteer_path()
    if not path.exists():
        build(path)
    return Gazetteer(path)
