"""Airports and air bases, which GeoNames' populated places lack.

Airfields are frequent sites in war reporting ("forces entered Hodeida
airport", "rockets hit the Al Asad air base"), and one lies kilometres
from the town it is named after: far enough that a map of a city fight
drawn on the town's point is wrong.  airportsdata packages some 28,000
airfields with their ICAO code, name, the town each serves and its
coordinates, so geomap looks them up there instead of curating them.

An airfield is found two ways: as the place a resolved town's name stands
for when "airport" follows it ("Hodeida airport", "Kabul International
Airport"), and by its own name when no place has that name ("Mitiga
airport", "the Al Asad air base").
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib.metadata import version

import airportsdata

from geomap.geo import near_km
from geomap.models import Candidate
from geomap.names import name_key

#: The words after a name that make it an airfield's ("Hodeida airport",
#: "Kabul International Airport", "the Al Asad air base").
AIRFIELD_AFTER = re.compile(
    r"(?:\s+[Ii]nternational)?\s+(?P<word>[Aa]irport|[Aa]ir\s+[Bb]ase|[Aa]irbase|[Aa]irfield|"
    r"[Aa]ir\s+[Ff]ield|[Aa]erodrome)\b"
)
_ANY_AIRFIELD_WORD = re.compile(r"(?i)\b(?:airport|air\s*base|air\s*field|aerodrome)\b")
#: Words of an airfield's name that say what it is, not which it is.
_GENERIC = re.compile(
    r"(?i)\b(?:international|airport|air\s*base|airbase|airfield|air\s+field|aerodrome|"
    r"airstrip|regional|municipal|domestic|military|national)\b|\([^)]*\)"
)
#: First words of airfield names that belong to the name, not to a town before it.
_NAME_OPENERS = frozenset(
    {
        "port",
        "fort",
        "mount",
        "saint",
        "santa",
        "sant",
        "north",
        "south",
        "east",
        "west",
        "new",
        "old",
        "great",
        "little",
        "lake",
        "cape",
    }
)
#: How far from a town its airfield may lie (Boryspil is 29 km from Kyiv's centre).
SERVES_KM = 40.0


def mentions_airfield(text: str) -> bool:
    """Whether a text names any airfield word at all (most do not: skip the lookups)."""
    return _ANY_AIRFIELD_WORD.search(text) is not None


@dataclass(frozen=True)
class Airfield:
    """One airfield of airportsdata."""

    icao: str
    iata: str
    name: str
    city: str
    country: str
    lat: float
    lon: float

    @functools.cached_property
    def keys(self) -> frozenset[str]:
        """The name keys it is called by: its own name less generic words, with and
        without the town it serves in front ("Kyiv Zhuliany" is also "Zhuliany")."""
        own = name_key(_GENERIC.sub(" ", self.name))
        town = name_key(self.city)
        keys = {own} if own else set()
        if town and own.startswith(town + " "):
            keys.add(own.removeprefix(town + " "))
        first, _, rest = own.partition(" ")
        if not town and rest and len(first) >= 4 and first not in _NAME_OPENERS:
            # No town given, but the name may open with it: "Bukavu Kavumu" is also
            # "Kavumu airport" (the lookup by name needs the one airfield so called).
            keys.add(rest)
        return frozenset(keys)

    @functools.cached_property
    def town_key(self) -> str:
        return name_key(self.city)

    def as_candidate(self, kind: str, reason: str) -> Candidate:
        return Candidate(
            place_id=f"airfield:{self.icao}",
            name=self.name,
            kind=kind,
            lat=self.lat,
            lon=self.lon,
            country=self.country,
            source="airfields",
            score=1.0,
            reason=f"airportsdata {self.icao}: {reason}",
        )


class AirfieldIndex:
    """Airfields by country, found by name or by the town they serve."""

    def __init__(self, airfields: list[Airfield]) -> None:
        self._by_country: dict[str, list[Airfield]] = defaultdict(list)
        for field in airfields:
            self._by_country[field.country].append(field)

    @classmethod
    @functools.cache
    def packaged(cls) -> AirfieldIndex:
        """Every airfield airportsdata ships (read once per process, about 0.1 s)."""
        rows = airportsdata.load("ICAO")
        return cls(
            [
                Airfield(
                    r["icao"], r["iata"], r["name"], r["city"], r["country"], r["lat"], r["lon"]
                )
                for r in rows.values()
            ]
        )

    def serving(self, town: Candidate, surface: str) -> Airfield | None:
        """The airfield a town's name stands for before "airport".

        Among the airfields of its country within `SERVES_KM`: one called by
        the name first ("Tripoli International" before Mitiga, which also
        serves Tripoli), then one that says it serves the town, then the
        nearest; airports with an IATA code (they take passengers) first.
        """
        names = {name_key(surface), name_key(town.name)}
        pool = [
            (near_km(town.lat, town.lon, a.lat, a.lon), a)
            for a in self._by_country.get(town.country or "", ())
        ]
        pool = [(km, a) for km, a in pool if km <= SERVES_KM]
        if not pool:
            return None

        def preference(item: tuple[float, Airfield]) -> tuple[int, int, float, str]:
            km, a = item
            called = any(k == n or k.startswith(n + " ") for k in a.keys for n in names)
            tier = 0 if called else 1 if a.town_key in names else 2
            return (tier, 0 if a.iata else 1, km, a.icao)

        return min(pool, key=preference)[1]

    def named(self, name: str, countries: list[str]) -> Airfield | None:
        """The one airfield of these countries (of any, if none is given) called `name`."""
        key = name_key(name)
        if not key:
            return None
        codes = countries or sorted(self._by_country)
        found = [a for cc in codes for a in self._by_country.get(cc, ()) if key in a.keys]
        if len(found) > 1:
            with_iata = [a for a in found if a.iata]
            found = with_iata if len(with_iata) == 1 else found
        return found[0] if len(found) == 1 else None


def data_version() -> str:
    """The airportsdata release, for the result cache's fingerprint."""
    return version("airportsdata")
