"""Geodesy: every distance and disc in geomap goes through geopy's geodesic.

One place for it so that tolerances, spatial coherence, route lengths and
the discs drawn for places without an outline all agree.
"""

from __future__ import annotations

from functools import lru_cache

from geopy.distance import geodesic
from shapely.geometry import Point, Polygon


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic (WGS84 ellipsoid) distance in kilometres.

    Cached: a corpus names the same few hundred places again and again, and
    an ellipsoidal solution costs about 0.2 ms.
    """
    return _distance(round(lat1, 5), round(lon1, 5), round(lat2, 5), round(lon2, 5))


@lru_cache(maxsize=200_000)
def _distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(geodesic((lat1, lon1), (lat2, lon2)).km)


def disc(lat: float, lon: float, radius_km: float, segments: int = 48) -> Polygon:
    """A geodesic disc as a shapely Polygon in (lon, lat) order.

    Built from destination points at equal bearings, so it is round on the
    ground rather than stretched like a circle drawn in degrees.
    """
    ring = []
    for i in range(segments):
        bearing = 360.0 * i / segments
        dest = geodesic(kilometers=radius_km).destination((lat, lon), bearing)
        ring.append((round(dest.longitude, 6), round(dest.latitude, 6)))
    return Polygon(ring)


def contains(polygon_lonlat: list[tuple[float, float]], lat: float, lon: float) -> bool:
    """Whether a [lon, lat] ring contains the point (boundary counts)."""
    return bool(Polygon(polygon_lonlat).covers(Point(lon, lat)))
