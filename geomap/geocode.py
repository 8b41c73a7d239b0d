"""Opt-in online geocoding through geopy, for names neither curated nor in GeoNames.

Off by default: geomap works offline.  When a user asks for it (`--online`),
each query goes through geopy's RateLimiter (Nominatim's policy is one
request a second) and every answer is kept in a JSON file, so a name is
asked once per machine and reruns are reproducible offline.  An unreachable
service becomes a GeocoderUnavailable with a message that says what to do.
Tests pass a fake `geocoder` object and never touch the network.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from geopy.exc import GeocoderNotFound, GeocoderServiceError, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service

from geomap.datafiles import write_atomic
from geomap.errors import GeocoderUnavailable
from geomap.geonames import default_cache_dir
from geomap.models import Candidate

__all__ = ["OnlineGeocoder"]

_CACHE_FORMAT = 1


class OnlineGeocoder:
    """A geopy geocoder behind a rate limiter and a persistent answer cache.

    >>> geocoder = OnlineGeocoder("nominatim", user_agent="my-newsroom-geomap")  # doctest: +SKIP
    >>> geocoder.lookup("Jarablus", countries=["SY"])[0].lat  # doctest: +SKIP
    36.8175
    """

    def __init__(
        self,
        name: str = "nominatim",
        *,
        user_agent: str = "geomap",
        cache_path: Path | str | None = None,
        geocoder: Any = None,
        min_delay_seconds: float = 1.0,
        max_retries: int = 2,
        error_wait_seconds: float = 5.0,
    ) -> None:
        self.name = name
        if geocoder is None:
            try:
                geocoder = get_geocoder_for_service(name)(user_agent=user_agent)
            except GeocoderNotFound:
                raise GeocoderUnavailable(
                    f"unknown geocoder {name!r}; use a geopy service name such as 'nominatim'"
                ) from None
            except (GeopyError, TypeError) as exc:  # e.g. a service that needs an API key
                raise GeocoderUnavailable(f"cannot set up geocoder {name!r}: {exc}") from None
        self.geocoder = geocoder
        self.rate_limited: Callable[..., Any] = RateLimiter(
            geocoder.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=max_retries,
            error_wait_seconds=error_wait_seconds,
            swallow_exceptions=False,
        )
        self.cache_path = (
            Path(cache_path) if cache_path is not None else default_cache_dir() / "geocoder.json"
        )
        self._cache: dict[str, list[dict[str, Any]]] | None = None

    def lookup(self, name: str, countries: Sequence[str] = ()) -> list[Candidate]:
        """Candidates for `name` from the online service (or its cached answer)."""
        codes = [c.upper() for c in countries]
        key = json.dumps([self.name, name.strip().casefold(), codes])
        cache = self._load_cache()
        if key not in cache:
            cache[key] = [_answer(loc) for loc in self._ask(name, codes)]
            self._save_cache()
        return [_candidate(self.name, answer) for answer in cache[key]]

    def _ask(self, name: str, codes: list[str]) -> list[Any]:
        kwargs: dict[str, Any] = {"exactly_one": False}
        if codes and self.name == "nominatim":
            kwargs["country_codes"] = [c.lower() for c in codes]
        try:
            found = self.rate_limited(name, **kwargs)
        except (GeocoderServiceError, OSError) as exc:
            service = self.name.capitalize()
            raise GeocoderUnavailable(
                f"could not reach {service}: offline? geomap works without it; drop --online "
                f"({type(exc).__name__}: {exc})"
            ) from exc
        if found is None:
            return []
        return list(found) if isinstance(found, list | tuple) else [found]

    def _load_cache(self) -> dict[str, list[dict[str, Any]]]:
        if self._cache is None:
            try:
                stored = json.loads(self.cache_path.read_text(encoding="utf-8"))
                ok = isinstance(stored, dict) and stored.get("format") == _CACHE_FORMAT
                self._cache = dict(stored["answers"]) if ok else {}
            except (OSError, ValueError, KeyError):
                self._cache = {}
        return self._cache

    def _save_cache(self) -> None:
        payload = {"format": _CACHE_FORMAT, "answers": self._cache}
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.cache_path, json.dumps(payload, ensure_ascii=False, indent=1))


def _answer(location: Any) -> dict[str, Any]:
    """What we keep of a geopy Location: enough to rebuild the Candidate."""
    raw = getattr(location, "raw", None) or {}
    address = raw.get("address")
    if not isinstance(address, dict):
        address = {}
    return {
        "address": str(location.address),
        "lat": float(location.latitude),
        "lon": float(location.longitude),
        "kind": str(raw.get("addresstype") or raw.get("type") or "place"),
        "country": (address.get("country_code") or "").upper() or None,
    }


def _candidate(service: str, answer: dict[str, Any]) -> Candidate:
    ident = f"{service}|{answer['address']}|{answer['lat']:.6f}|{answer['lon']:.6f}"
    digest = hashlib.sha1(ident.encode("utf-8")).hexdigest()[:12]
    return Candidate(
        place_id=f"geocoder:{digest}",
        name=answer["address"].split(",")[0].strip() or answer["address"],
        kind=answer["kind"],
        lat=answer["lat"],
        lon=answer["lon"],
        country=answer["country"],
        source="geocoder",
        reason=f"online geocoder {service}: {answer['address']}",
    )
