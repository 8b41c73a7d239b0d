"""The opt-in online geocoder, with fake geopy geocoders only (no network)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from geopy.exc import GeocoderTimedOut
from geopy.exc import GeocoderUnavailable as GeopyUnavailable
from geopy.extra.rate_limiter import RateLimiter

from geomap.errors import GeocoderUnavailable, GeomapError
from geomap.geocode import OnlineGeocoder


@dataclass
class FakeLocation:
    address: str
    latitude: float
    longitude: float
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class FakeGeocoder:
    """Answers from a table and records every call; raises `error` if set."""

    answers: dict[str, list[FakeLocation]] = field(default_factory=dict)
    error: Exception | None = None
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def geocode(self, query: str, **kwargs: Any) -> list[FakeLocation] | None:
        self.calls.append((query, kwargs))
        if self.error is not None:
            raise self.error
        return self.answers.get(query) or None


JARABLUS = FakeLocation(
    "Jarablus, Aleppo Governorate, Syria",
    36.8175,
    38.0114,
    {"addresstype": "town", "address": {"country_code": "sy"}},
)


def _geocoder(fake: FakeGeocoder, tmp_path: Path) -> OnlineGeocoder:
    return OnlineGeocoder(
        geocoder=fake,
        cache_path=tmp_path / "answers.json",
        min_delay_seconds=0,
        error_wait_seconds=0,
    )


def test_answers_become_geocoder_candidates(tmp_path: Path) -> None:
    fake = FakeGeocoder({"Jarablus": [JARABLUS]})
    [cand] = _geocoder(fake, tmp_path).lookup("Jarablus", countries=["sy"])
    assert (cand.source, cand.name, cand.kind, cand.country) == (
        "geocoder",
        "Jarablus",
        "town",
        "SY",
    )
    assert (cand.lat, cand.lon) == (36.8175, 38.0114)
    assert cand.place_id.startswith("geocoder:")
    assert "Aleppo Governorate" in cand.reason
    assert fake.calls == [("Jarablus", {"exactly_one": False, "country_codes": ["sy"]})]


def test_the_cache_answers_the_second_time_even_in_a_new_process(tmp_path: Path) -> None:
    fake = FakeGeocoder({"Jarablus": [JARABLUS]})
    first = _geocoder(fake, tmp_path).lookup("Jarablus")
    again = _geocoder(FakeGeocoder(error=GeopyUnavailable("down")), tmp_path).lookup("Jarablus")
    assert again == first
    assert len(fake.calls) == 1
    stored = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))
    assert stored["format"] == 1 and len(stored["answers"]) == 1


def test_no_answer_is_cached_too(tmp_path: Path) -> None:
    fake = FakeGeocoder()
    geocoder = _geocoder(fake, tmp_path)
    assert geocoder.lookup("Nowhere-on-earth") == []
    assert geocoder.lookup("Nowhere-on-earth") == []
    assert len(fake.calls) == 1


@pytest.mark.parametrize(
    "error", [GeopyUnavailable("503"), GeocoderTimedOut("slow"), ConnectionError("no route")]
)
def test_service_errors_become_geocoder_unavailable(tmp_path: Path, error: Exception) -> None:
    fake = FakeGeocoder(error=error)
    with pytest.raises(
        GeocoderUnavailable, match="could not reach Nominatim: offline\\?"
    ) as caught:
        _geocoder(fake, tmp_path).lookup("Jarablus")
    assert isinstance(caught.value, GeomapError) and isinstance(caught.value, ConnectionError)
    assert "drop --online" in str(caught.value)
    assert not (tmp_path / "answers.json").exists()


def test_queries_go_through_geopys_rate_limiter(tmp_path: Path) -> None:
    fake = FakeGeocoder({"Jarablus": [JARABLUS]}, error=None)
    geocoder = OnlineGeocoder(geocoder=fake, cache_path=tmp_path / "a.json", min_delay_seconds=1.5)
    assert isinstance(geocoder.rate_limited, RateLimiter)
    assert geocoder.rate_limited.min_delay_seconds == 1.5
    assert geocoder.rate_limited.swallow_exceptions is False
    sleeps: list[float] = []
    geocoder.rate_limited._sleep = sleeps.append
    geocoder.lookup("Jarablus")
    geocoder.lookup("Manbij")
    assert len(fake.calls) == 2
    assert sleeps and 0 < sleeps[-1] <= 1.5  # the second query waited its turn


def test_transient_errors_are_retried_before_giving_up(tmp_path: Path) -> None:
    fake = FakeGeocoder(error=GeocoderTimedOut("slow"))
    with pytest.raises(GeocoderUnavailable):
        _geocoder(fake, tmp_path).lookup("Jarablus")
    assert len(fake.calls) == 3  # one try and two retries


def test_unknown_service_name_is_a_clear_error() -> None:
    with pytest.raises(GeocoderUnavailable, match="unknown geocoder 'no-such-service'"):
        OnlineGeocoder("no-such-service")


def test_a_corrupt_cache_file_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "answers.json").write_text("{not json", encoding="utf-8")
    fake = FakeGeocoder({"Jarablus": [JARABLUS]})
    assert len(_geocoder(fake, tmp_path).lookup("Jarablus")) == 1
    assert json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))["format"] == 1
