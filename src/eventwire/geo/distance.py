"""Great-circle distance, the unit every resolution score is measured in."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
# Half the Earth's circumference: the largest possible error (Gritta et al. use 20039 km).
MAX_ERROR_KM = 20039.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
