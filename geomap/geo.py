"""Geodesy: every distance and disc in geomap is computed here.

Two distances: `distance_km` (geopy's geodesic on the WGS84 ellipsoid) for
what a user sees or is scored on, and `near_km` (great circle on a sphere)
for ranking candidates while reading, where 0.5% does not change which
candidate is nearer and speed matters (tens of comparisons per article).
geopy and shapely are imported where used: together they took a quarter of
a cold `geomap extract`, which reads articles with `near_km` alone.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shapely.geometry import Polygon


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic (WGS84 ellipsoid) distance in kilometres.

    Cached: a corpus names the same few hundred places again and again, and
    an ellipsoidal solution costs about 0.2 ms.
    """
    return _distance(round(lat1, 5), round(lon1, 5), round(lat2, 5), round(lon2, 5))


@lru_cache(maxsize=200_000)
def _distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from geopy.distance import geodesic

    return float(geodesic((lat1, lon1), (lat2, lon2)).km)


EARTH_RADIUS_KM = 6371.0088  # the IUGG mean radius


def near_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres; within 0.5% of `distance_km`.

    About 100x cheaper than the ellipsoidal solution, which matters on the
    per-article path; use `distance_km` where the figure itself is reported.
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


#: Degrees from north of each compass side a text may name.
COMPASS_BEARINGS = {
    "north": 0.0,
    "northeast": 45.0,
    "east": 90.0,
    "southeast": 135.0,
    "south": 180.0,
    "southwest": 225.0,
    "west": 270.0,
    "northwest": 315.0,
}


def offset(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    """The point `km` from (lat, lon) at `bearing` degrees from north, on the sphere.

    Rounded to 1e-5 degrees (about a metre) so the same input gives the same
    bytes in every export.
    """
    p1, l1, b = math.radians(lat), math.radians(lon), math.radians(bearing)
    d = km / EARTH_RADIUS_KM
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return round(math.degrees(p2), 5), round((math.degrees(l2) + 540) % 360 - 180, 5)


def disc(lat: float, lon: float, radius_km: float, segments: int = 48) -> Polygon:
    """A geodesic disc as a shapely Polygon in (lon, lat) order.

    Built from destination points at equal bearings, so it is round on the
    ground rather than stretched like a circle drawn in degrees.
    """
    from geopy.distance import geodesic
    from shapely.geometry import Polygon

    ring = []
    for i in range(segments):
        bearing = 360.0 * i / segments
        dest = geodesic(kilometers=radius_km).destination((lat, lon), bearing)
        ring.append((round(dest.longitude, 6), round(dest.latitude, 6)))
    return Polygon(ring)


def contains(polygon_lonlat: list[tuple[float, float]], lat: float, lon: float) -> bool:
    """Whether a [lon, lat] ring contains the point (boundary counts)."""
    from shapely.geometry import Point, Polygon

    return bool(Polygon(polygon_lonlat).covers(Point(lon, lat)))
