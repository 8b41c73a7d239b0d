"""The curated gazetteer: gazetteer/*.yaml loaded, checked and edited.

Every place a map may need is written by a curator, with sources, in one
YAML file per region or theme.  Loading checks each file against the
`GazetteerFile` model and then the whole set (duplicate ids, unknown
parents, shared aliases, polygons, and with GeoNames at hand whether each
point lies in its country), reporting every problem at once as
`file:line: field: message`.  `add_place` appends a place with ruamel's
round-trip so comments and order survive, and validates the result before
writing it atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import pickle
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from geomap.datafiles import load_model, locate, round_trip_yaml, to_plain, write_atomic
from geomap.errors import GazetteerEditError, GazetteerError, Problem
from geomap.geonames import GeoNamesIndex, default_cache_dir
from geomap.models import AREA_KINDS, Candidate, GazetteerFile, Place
from geomap.names import fold, name_key

__all__ = [
    "Gazetteer",
    "add_place",
    "load_gazetteer",
    "place_from_geonames",
    "slug_for",
    "validate_gazetteer",
]

#: How far (km) a point may lie from the nearest GeoNames populated place of
#: its own country before it is reported as outside that country.
#: Populated places sit among other villages; sites (bases, camps,
#: crossings) can be out in the desert; areas are placed at a centroid.
POPULATED_TOLERANCE_KM = 40.0
SITE_TOLERANCE_KM = 100.0
AREA_TOLERANCE_KM = 250.0
#: A country's point is a centroid, which for island states lies at sea.
COUNTRY_TOLERANCE_KM = 600.0
_CACHE_FORMAT = 1
_POPULATED_KINDS = frozenset({"city", "town", "village", "neighbourhood"})


@dataclass(frozen=True)
class _Entry:
    """A place as found in a file: where it is, so checks can name the line."""

    place: Place
    path: Path
    shown: str
    raw: Any  # the place's ruamel mapping
    file_raw: Any
    index: int

    def line(self, *loc: int | str) -> int | None:
        return locate(self.file_raw, ("places", self.index, *loc))

    def problem(self, message: str, *loc: int | str) -> Problem:
        where = ".".join(str(p) for p in ("places", self.index, *loc))
        return Problem(self.shown, self.line(*loc), where, message)


@dataclass
class _Scan:
    """What reading a gazetteer directory found: usable places and problems."""

    files: dict[Path, GazetteerFile] = field(default_factory=dict)
    entries: list[_Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class Gazetteer:
    """The curated places, indexed by id and by the name key of every name and alias."""

    def __init__(self, places: Sequence[Place], files: Mapping[str, Path]) -> None:
        self._places = {p.id: p for p in places}
        self.places: Mapping[str, Place] = MappingProxyType(self._places)
        self._files = dict(files)
        self._forms: list[tuple[str, str]] = []
        self._by_key: dict[str, list[str]] = {}
        self._by_geonames_id = {p.geonames_id: p for p in reversed(places) if p.geonames_id}
        for place in places:
            for surface in _surfaces(place):
                self._forms.append((surface, place.id))
                ids = self._by_key.setdefault(name_key(surface), [])
                if place.id not in ids:
                    ids.append(place.id)

    def __len__(self) -> int:
        return len(self._places)

    def get(self, place_id: str) -> Place | None:
        return self._places.get(place_id)

    def with_geonames_id(self, geonames_id: int) -> Place | None:
        """The curated place made from this GeoNames place (the first, if several were)."""
        return self._by_geonames_id.get(geonames_id)

    def surface_forms(self) -> list[tuple[str, str]]:
        """Every name and alias as written, with its place id (for the text matcher)."""
        return list(self._forms)

    def lookup(self, name: str) -> list[Place]:
        """Places with a name or alias that has the same `name_key`, in file order."""
        return [self._places[i] for i in self._by_key.get(name_key(name), [])]

    def ancestors(self, place_id: str) -> list[Place]:
        """The parent chain of a place, nearest first (stops at a cycle)."""
        chain: list[Place] = []
        place = self._places.get(place_id)
        seen = {place_id}
        while place is not None and place.parent and place.parent not in seen:
            seen.add(place.parent)
            parent = self._places.get(place.parent)
            if parent is None:
                break
            chain.append(parent)
            place = parent
        return chain

    def file_of(self, place_id: str) -> Path:
        """The YAML file a place is defined in (KeyError for an unknown id)."""
        return self._files[place_id]

    @staticmethod
    def to_candidate(place: Place, score: float = 0.0, reason: str = "") -> Candidate:
        return Candidate(
            place_id=place.id,
            name=place.name,
            kind=place.kind,
            lat=place.lat,
            lon=place.lon,
            country=place.country,
            source="curated",
            geonames_id=place.geonames_id,
            radius_km=place.radius_km,
            score=score,
            reason=reason,
        )


# -- loading and validation -------------------------------------------------


def load_gazetteer(
    directory: Path | str, *, geonames: GeoNamesIndex | None = None, cache: bool = True
) -> Gazetteer:
    """Load every gazetteer/*.yaml; GazetteerError lists every problem if any.

    The country check runs only when a GeoNames index is given: loading stays
    fast, and `validate_gazetteer` (CI, `geomap gazetteer validate`) runs it.
    ruamel's round-trip parser needs about 3 ms a place, so a gazetteer that
    validated is kept in a pickle keyed by the hash of its files and of the
    code that checks them; any edit misses the cache and revalidates.
    """
    directory = Path(directory)
    use_cache = cache and geonames is None
    key = _cache_key(directory) if use_cache else None
    if key is not None:
        cached = _read_cache(directory, key)
        if cached is not None:
            return cached
    scan = _scan(directory, geonames=geonames)
    if scan.problems:
        raise GazetteerError(scan.problems)
    places = [e.place for e in scan.entries]
    files = {e.place.id: e.path for e in scan.entries}
    if key is not None:
        _write_cache(directory, key, places, files)
    return Gazetteer(places, files)


_CODE_FILES = ("models.py", "gazetteer.py", "datafiles.py")


def _cache_key(directory: Path) -> str | None:
    digest = hashlib.sha256(f"{_CACHE_FORMAT}".encode())
    try:
        package = Path(__file__).parent
        for name in _CODE_FILES:
            digest.update((package / name).read_bytes())
        for path in sorted(directory.glob("*.yaml")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


def _cache_path(directory: Path) -> Path:
    where = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:16]
    return default_cache_dir() / f"gazetteer-{where}.pickle"


def _read_cache(directory: Path, key: str) -> Gazetteer | None:
    try:
        stored_key, places, names = pickle.loads(_cache_path(directory).read_bytes())
    except Exception:  # missing, unreadable or from another version: rebuild
        return None
    if stored_key != key:
        return None
    return Gazetteer(places, {pid: directory / name for pid, name in names.items()})


def _write_cache(directory: Path, key: str, places: list[Place], files: Mapping[str, Path]) -> None:
    payload = (key, places, {pid: path.name for pid, path in files.items()})
    path = _cache_path(directory)
    with contextlib.suppress(OSError):  # a read-only cache only costs speed
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))


def validate_gazetteer(
    directory: Path | str, *, geonames: GeoNamesIndex | None = None, check_countries: bool = True
) -> list[Problem]:
    """Every problem in the gazetteer, file by file and then across files.

    Opens the default GeoNames cache for the country check unless an index
    is given or `check_countries` is False.
    """
    if check_countries and geonames is None:
        geonames = GeoNamesIndex.open()
    return _scan(Path(directory), geonames=geonames if check_countries else None).problems


def _scan(
    directory: Path,
    *,
    geonames: GeoNamesIndex | None,
    overrides: Mapping[Path, str] | None = None,
) -> _Scan:
    scan = _Scan()
    if not directory.is_dir():
        why = "a file" if directory.exists() else "no such folder"
        scan.problems.append(
            Problem(
                str(directory),
                None,
                None,
                f"not a gazetteer directory ({why}); give the folder of *.yaml place files",
            )
        )
        return scan
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        scan.problems.append(Problem(str(directory), None, None, "no *.yaml files in it"))
    for path in paths:
        _scan_file(path, scan, text=(overrides or {}).get(path))
    _check_across(scan)
    if geonames is not None:
        for entry in scan.entries:
            scan.problems.extend(_check_country(entry, geonames))
    return scan


def _scan_file(path: Path, scan: _Scan, text: str | None) -> None:
    shown = _display(path)
    model, problems, raw = load_model(path, GazetteerFile, text=text, display=shown)
    scan.problems.extend(problems)
    if model is not None:
        scan.files[path] = model
        places = list(enumerate(model.places))
    elif isinstance(raw, CommentedMap) and isinstance(raw.get("places"), list):
        # Salvage the places that are valid on their own, so the checks across
        # files do not report their ids as unknown parents.
        places = []
        for i, item in enumerate(raw["places"]):
            try:
                places.append((i, Place.model_validate(to_plain(item))))
            except ValidationError:
                continue
    else:
        return
    for i, place in places:
        entry = _Entry(place, path, shown, raw["places"][i], raw, i)
        scan.entries.append(entry)
        scan.problems.extend(_check_place(entry))


def _display(path: Path) -> str:
    """The path as a user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _surfaces(place: Place) -> list[str]:
    return [place.name, *place.aliases]


def _check_place(entry: _Entry) -> list[Problem]:
    """Checks that need only the place itself."""
    place, problems = entry.place, []
    own_keys = {name_key(s) for s in _surfaces(place)}
    if not name_key(place.name):
        problems.append(entry.problem("name has no letters or digits to match on", "name"))
    for j, alias in enumerate(place.aliases):
        if not name_key(alias):
            problems.append(entry.problem("alias has no letters or digits", "aliases", j))
    for j, alias in enumerate(place.ambiguous_aliases):
        if name_key(alias) not in own_keys:
            problems.append(
                entry.problem(
                    f"{alias!r} is not a name or alias of this place; add it to aliases",
                    "ambiguous_aliases",
                    j,
                )
            )
    if place.parent == place.id:
        problems.append(entry.problem("a place cannot be its own parent", "parent"))
    if place.polygon is not None:
        problems.extend(_check_polygon(entry, place.polygon))
    return problems


def _check_polygon(entry: _Entry, ring: list[tuple[float, float]]) -> list[Problem]:
    place = entry.place
    if len(set(ring)) < 3:
        return [entry.problem("a polygon needs at least 3 distinct [lon, lat] points", "polygon")]
    from shapely.geometry import Point, Polygon  # only to check a polygon (cold starts)

    polygon = Polygon(ring)
    if not polygon.is_valid:
        from shapely.validation import explain_validity

        why = explain_validity(polygon)
        return [entry.problem(f"invalid polygon ({why}); check the point order", "polygon")]
    if not polygon.covers(Point(place.lon, place.lat)):
        return [
            entry.problem(
                f"point ({place.lat}, {place.lon}) lies outside the place's own polygon "
                "(lat/lon swapped in one of them?)",
                "lat",
            )
        ]
    return []


def _check_across(scan: _Scan) -> None:
    """Duplicate ids, unknown parents, parent cycles, names shared without a note."""
    first: dict[str, _Entry] = {}
    for entry in scan.entries:
        pid = entry.place.id
        if pid in first:
            other = first[pid]
            scan.problems.append(
                entry.problem(f"duplicate id {pid!r}; first at {other.shown}:{other.line()}", "id")
            )
        else:
            first[pid] = entry
    for entry in scan.entries:
        parent = entry.place.parent
        if parent and parent != entry.place.id and parent not in first:
            hint = _closest_id(parent, first)
            suggestion = f"; did you mean {hint!r}?" if hint else ""
            scan.problems.append(entry.problem(f"unknown parent {parent!r}{suggestion}", "parent"))
    for entry in scan.entries:
        if _in_cycle(entry.place.id, first):
            scan.problems.append(entry.problem("parent chain loops back to this place", "parent"))
    _check_shared_names(scan)


def _closest_id(wrong: str, known: Mapping[str, object]) -> str | None:
    """The known id a mistyped one most likely meant (rapidfuzz similarity >= 80)."""
    from rapidfuzz import process

    best = process.extractOne(wrong, list(known), score_cutoff=80)
    return str(best[0]) if best else None


def _in_cycle(start: str, entries: Mapping[str, _Entry]) -> bool:
    seen: set[str] = set()
    current: str | None = start
    while current is not None and current in entries and current not in seen:
        seen.add(current)
        current = entries[current].place.parent
        if current == start and len(seen) > 1:
            return True
    return False


def _check_shared_names(scan: _Scan) -> None:
    owners: dict[str, tuple[_Entry, tuple[int | str, ...]]] = {}
    for entry in scan.entries:
        place = entry.place
        noted = {name_key(a) for a in place.ambiguous_aliases}
        locs: list[tuple[str, tuple[int | str, ...]]] = [(place.name, ("name",))]
        locs += [(a, ("aliases", j)) for j, a in enumerate(place.aliases)]
        seen_here: set[str] = set()
        for surface, loc in locs:
            key = name_key(surface)
            if not key or key in seen_here:
                continue
            seen_here.add(key)
            if key not in owners:
                owners[key] = (entry, loc)
                continue
            other, _ = owners[key]
            if other.place.id == place.id:
                continue
            other_noted = {name_key(a) for a in other.place.ambiguous_aliases}
            if key in noted and key in other_noted:
                continue
            scan.problems.append(
                entry.problem(
                    f"{surface!r} is also a name of {other.place.id!r} "
                    f"({other.shown}:{other.line()}); if both are meant, list it in "
                    "ambiguous_aliases of both places",
                    *loc,
                )
            )


def _check_country(entry: _Entry, geonames: GeoNamesIndex) -> list[Problem]:
    """Is the point near a GeoNames populated place of its own country?

    A swapped lat/lon or a flipped sign lands hundreds of kilometres away
    from every town of the country; a real border town stays within a few
    tens.  Countries GeoNames has no place for cannot be checked.
    """
    place = entry.place
    if place.kind == "country":
        tolerance = COUNTRY_TOLERANCE_KM
    elif place.kind in AREA_KINDS:
        tolerance = AREA_TOLERANCE_KM
    elif place.kind in _POPULATED_KINDS:
        tolerance = POPULATED_TOLERANCE_KM
    else:
        tolerance = SITE_TOLERANCE_KM
    if place.radius_km:
        tolerance = max(tolerance, place.radius_km)
    if geonames.nearest(place.lat, place.lon, 1, countries=[place.country], max_km=tolerance):
        return []
    if not geonames.has_country(place.country):
        return []
    nearest = geonames.nearest(place.lat, place.lon, 1, max_km=1000)
    where = (
        f"; nearest town is {nearest[0].name} ({nearest[0].country})" if nearest else " (at sea?)"
    )
    swapped = ""
    if abs(place.lon) <= 90 and geonames.nearest(
        place.lon, place.lat, 1, countries=[place.country], max_km=tolerance
    ):
        swapped = " lat and lon look swapped;"
    return [
        entry.problem(
            f"({place.lat}, {place.lon}) is more than {tolerance:.0f} km from any "
            f"{place.country} place in GeoNames{where};{swapped} check the coordinates "
            "and the country",
            "lat",
        )
    ]


# -- editing ----------------------------------------------------------------

_FIELD_ORDER = list(Place.model_fields)


def add_place(
    directory: Path | str,
    place: Place,
    file: Path | str | None = None,
    *,
    geonames: GeoNamesIndex | None = None,
) -> Path:
    """Append `place` to the gazetteer file for its country (or `file`) and return that file.

    Refuses (GazetteerEditError) a duplicate id, a name or alias another place
    already has, or an edit after which the gazetteer would not validate;
    the files are then unchanged.  The write is atomic.
    """
    directory = Path(directory)
    scan = _scan(directory, geonames=None)
    if scan.problems:
        raise GazetteerEditError(
            "the gazetteer has problems; fix them first (geomap gazetteer validate):\n"
            + "\n".join(str(p) for p in scan.problems)
        )
    _refuse_clashes(place, scan)
    target = _target_file(directory, place, scan, file)
    text = _appended_text(target, place)
    after = _scan(directory, geonames=geonames, overrides={target: text})
    if after.problems:
        raise GazetteerEditError(
            f"adding {place.id!r} would break the gazetteer:\n"
            + "\n".join(str(p) for p in after.problems)
        )
    write_atomic(target, text)
    return target


def _refuse_clashes(place: Place, scan: _Scan) -> None:
    for entry in scan.entries:
        other = entry.place
        if other.id == place.id:
            raise GazetteerEditError(
                f"id {place.id!r} already exists in {entry.shown}:{entry.line()}; "
                "choose another --id"
            )
        their_keys = {name_key(s) for s in _surfaces(other)}
        both_noted = {name_key(a) for a in place.ambiguous_aliases} & {
            name_key(a) for a in other.ambiguous_aliases
        }
        for surface in _surfaces(place):
            key = name_key(surface)
            if key in their_keys and key not in both_noted:
                raise GazetteerEditError(
                    f"{surface!r} is already a name of {other.id!r} ({entry.shown}:"
                    f"{entry.line()}); is it the same place? If not, mark it ambiguous in both"
                )


def _target_file(directory: Path, place: Place, scan: _Scan, file: Path | str | None) -> Path:
    if file is not None:
        candidates = [Path(file), directory / Path(file).name]
        for candidate in candidates:
            if candidate.is_file():
                return candidate
        raise GazetteerEditError(f"no gazetteer file {file}; create it with a title first")
    matching = [p for p, model in scan.files.items() if place.country in model.countries]
    if len(matching) == 1:
        return matching[0]
    if not matching:
        raise GazetteerEditError(
            f"no file in {directory} lists country {place.country} under `countries`; "
            "choose one with --file"
        )
    names = ", ".join(p.name for p in matching)
    raise GazetteerEditError(f"several files list {place.country} ({names}); choose with --file")


def _appended_text(path: Path, place: Place) -> str:
    """The file's text with `place` appended, comments and order untouched."""
    yaml = round_trip_yaml()
    original = path.read_text(encoding="utf-8")
    mapping, sequence, offset = _indentation(original)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    data = yaml.load(original)
    if not isinstance(data, CommentedMap):
        raise GazetteerEditError(f"{_display(path)}: not a gazetteer file (no top-level mapping)")
    places = data.get("places")
    if places is None:
        places = data["places"] = CommentedSeq()
    previous = places[-1] if len(places) else None
    places.append(_place_node(place, previous))
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _indentation(text: str) -> tuple[int, int, int]:
    """Guess ruamel indent settings (mapping, sequence, offset) from the file's places list."""
    match = re.search(r"^places:[ \t]*\n(?:[ \t]*(?:#.*)?\n)*([ \t]*)- (\S[^:\n]*):", text, re.M)
    if not match:
        return 2, 4, 2
    dash = len(match.group(1))
    return 2, dash + 2, dash


_INDICATORS = tuple("?:-,[]{}#&*!|>'\"%@`")


def _safe_scalar(value: Any) -> Any:
    """Quote a string that ruamel would write bare but that reads back as YAML syntax.

    In a flow sequence ruamel leaves "?0" or "- x" unquoted, and "[?0]" then
    reads back as a mapping; hypothesis found this.
    """
    if isinstance(value, str) and (value.startswith(_INDICATORS) or ", " in value or ": " in value):
        return DoubleQuotedScalarString(value)
    return value


def _place_node(place: Place, previous: Any) -> CommentedMap:
    """The place as a ruamel mapping: fields in model order, defaults left out."""
    data = place.model_dump(exclude_defaults=True, exclude_none=True)
    data["sources"] = list(place.sources)
    node = CommentedMap()
    for key in _FIELD_ORDER:
        if key not in data:
            continue
        value = data[key]
        if key == "polygon":
            ring = CommentedSeq()
            for lon, lat in value:
                pair = CommentedSeq([lon, lat])
                pair.fa.set_flow_style()
                ring.append(pair)
            value = ring
        elif isinstance(value, list):
            seq = CommentedSeq([_safe_scalar(v) for v in value])
            before = previous.get(key) if isinstance(previous, CommentedMap) else None
            if isinstance(before, CommentedSeq) and before.fa.flow_style():
                seq.fa.set_flow_style()
            value = seq
        node[key] = value
    return node


def place_from_geonames(
    geonames_id: int,
    index: GeoNamesIndex,
    *,
    id: str | None = None,
    kind: str | None = None,
    parent: str | None = None,
    aliases: Sequence[str] = (),
) -> Place:
    """A Place built from a GeoNames record, for `geomap gazetteer add --from-geonames`."""
    candidate = index.get(geonames_id)
    if candidate is None:
        raise GazetteerEditError(f"GeoNames id {geonames_id} is not in cities500")
    slug = id or slug_for(candidate.name)
    if not slug:
        raise GazetteerEditError(f"cannot make an id from {candidate.name!r}; pass --id")
    try:
        return Place.model_validate(
            {
                "id": slug,
                "name": candidate.name,
                "aliases": list(aliases),
                "kind": kind or candidate.kind,
                "lat": candidate.lat,
                "lon": candidate.lon,
                "parent": parent,
                "country": candidate.country,
                "geonames_id": geonames_id,
                "sources": [f"GeoNames {geonames_id}"],
            }
        )
    except ValidationError as exc:
        raise GazetteerEditError(f"GeoNames {geonames_id}: {_first_error(exc)}") from None


def slug_for(name: str) -> str:
    """A gazetteer id from a name: folded to ASCII words joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", fold(name).encode("ascii", "ignore").decode())
    return "-".join(words)[:80].strip("-")


def _first_error(exc: ValidationError) -> str:
    item = exc.errors()[0]
    return f"{'.'.join(str(p) for p in item['loc'])}: {item['msg']}"
