"""Distances: the fast great circle used while reading agrees with the geodesic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.geo import disc, distance_km, near_km, offset

lat = st.floats(min_value=-80, max_value=80)
lon = st.floats(min_value=-180, max_value=180)


@given(lat, lon, lat, lon)
def test_great_circle_is_within_half_a_percent_of_the_geodesic(
    lat1: float, lon1: float, lat2: float, lon2: float
) -> None:
    geodesic = distance_km(lat1, lon1, lat2, lon2)
    fast = near_km(lat1, lon1, lat2, lon2)
    assert fast == pytest.approx(geodesic, rel=0.006, abs=0.01)


def test_known_distance_damascus_to_aleppo() -> None:
    # Damascus (33.5102, 36.2913) to Aleppo (36.2021, 37.1343): about 310 km.
    assert near_km(33.5102, 36.2913, 36.2021, 37.1343) == pytest.approx(309.5, abs=3)
    assert near_km(33.5, 36.3, 33.5, 36.3) == 0.0


@given(lat, lon, st.floats(min_value=0.5, max_value=500), st.floats(min_value=0, max_value=360))
def test_offset_lands_that_far_away(lat1: float, lon1: float, km: float, bearing: float) -> None:
    lat2, lon2 = offset(lat1, lon1, km, bearing)
    assert near_km(lat1, lon1, lat2, lon2) == pytest.approx(km, rel=1e-3, abs=0.01)


def test_offset_goes_the_way_it_is_told() -> None:
    north, east = offset(33.5, 36.3, 10, 0), offset(33.5, 36.3, 10, 90)
    assert north[0] == pytest.approx(33.5 + 10 / 111.2, abs=1e-3) and north[1] == 36.3
    assert east[1] > 36.3 and east[0] == pytest.approx(33.5, abs=1e-3)
    assert offset(0.0, 179.99, 10, 90)[1] < -179  # across the antimeridian


def test_disc_is_round_on_the_ground() -> None:
    ring = disc(33.5, 36.3, 5.0).exterior.coords
    for lon_, lat_ in ring:
        assert distance_km(33.5, 36.3, lat_, lon_) == pytest.approx(5.0, rel=1e-3)
