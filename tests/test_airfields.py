"""Airfields from airportsdata: the one a town's name stands for, and one named on its own."""

from __future__ import annotations

import pytest

from geomap.airfields import AIRFIELD_AFTER, AirfieldIndex, mentions_airfield
from geomap.models import Candidate


@pytest.fixture(scope="module")
def airfields() -> AirfieldIndex:
    return AirfieldIndex.packaged()


def _town(name: str, lat: float, lon: float, country: str) -> Candidate:
    return Candidate(
        place_id=f"test:{name}", name=name, kind="city", lat=lat, lon=lon,
        country=country, source="geonames",
    )  # fmt: skip


def test_a_towns_airport_is_the_one_called_by_its_name(airfields: AirfieldIndex) -> None:
    # Hodeidah International lies 5 km from the city's point.
    found = airfields.serving(_town("Al Hudaydah", 14.7978, 42.9545, "YE"), "Hodeida")
    assert found is not None and found.icao == "OYHD"
    # Mitiga is nearer Tripoli's centre and serves Tripoli too, but is not called Tripoli.
    found = airfields.serving(_town("Tripoli", 32.8925, 13.18, "LY"), "Tripoli")
    assert found is not None and found.icao == "HLLT"


def test_an_airfield_called_by_the_name_beats_a_nearer_one_with_flights(
    airfields: AirfieldIndex,
) -> None:
    # Zhuliany takes passengers (IATA IEV) and lies within reach, but Hostomel Airport
    # (no IATA code) bears the name.
    found = airfields.serving(_town("Hostomel", 50.569, 30.2653, "UA"), "Hostomel")
    assert found is not None and found.icao == "UKKM"


def test_a_town_with_no_airfield_near_it_has_none(airfields: AirfieldIndex) -> None:
    # The middle of the Rub' al Khali: nothing within 40 km.
    assert airfields.serving(_town("Nowhere", 20.0, 50.0, "SA"), "Nowhere") is None
    # Nor does a town borrow an airfield across a border.
    assert airfields.serving(_town("Kabul", 34.5281, 69.1723, "PK"), "Kabul") is None


def test_an_airfield_is_found_by_its_own_name_in_the_storys_country(
    airfields: AirfieldIndex,
) -> None:
    mitiga = airfields.named("Mitiga", ["LY"])
    assert mitiga is not None and mitiga.icao == "HLLM"
    asad = airfields.named("Al Asad", ["IQ"])
    assert asad is not None and asad.icao == "ORAA"
    assert airfields.named("Mitiga", ["YE"]) is None
    # Without a country only a name one airfield has is taken.
    found = airfields.named("Mitiga", [])
    assert found is not None and found.icao == "HLLM"
    assert airfields.named("International", []) is None
    # "Bukavu Kavumu Airport" names no town it serves, but opens with it.
    kavumu = airfields.named("Kavumu", ["CD"])
    assert kavumu is not None and kavumu.icao == "FZMA"
    # A first word that is the name's own is not dropped: "Saint Arnaud" is not "Arnaud".
    assert airfields.named("Arnaud", ["AU"]) is None


def test_the_words_that_make_a_name_an_airfields() -> None:
    assert mentions_airfield("Rockets hit the air base overnight.")
    assert not mentions_airfield("The airline resumed flights.")
    assert AIRFIELD_AFTER.match(" International Airport was shut")
    assert AIRFIELD_AFTER.match(" air base")
    assert AIRFIELD_AFTER.match(" airports") is None
