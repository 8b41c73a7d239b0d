"""`geomap gazetteer ...`: validate, look up and add curated places.

Each command parses its arguments, calls one library function, and turns a
GeomapError into `error: ...` on stderr and exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from pydantic import ValidationError

from geomap.errors import GeomapError
from geomap.models import Candidate, Place

if TYPE_CHECKING:
    from geomap.geonames import GeoNamesIndex

app = typer.Typer(help="Validate, look up and edit the curated gazetteer.", no_args_is_help=True)

DEFAULT_DIR = Path("gazetteer")
GazetteerDir = Annotated[
    Path, typer.Option("--gazetteer", "-g", help="The gazetteer directory (*.yaml files).")
]


def _fail(message: str) -> NoReturn:
    first, _, rest = str(message).partition("\n")
    typer.echo(f"error: {first}", err=True)
    for line in rest.splitlines():
        typer.echo(f"  {line}", err=True)
    raise typer.Exit(2)


def _open_geonames() -> GeoNamesIndex:
    from geomap.geonames import GeoNamesIndex

    if not GeoNamesIndex.cache_path().exists():
        typer.echo("building the GeoNames cache (once per machine, about 30 s)...", err=True)
    return GeoNamesIndex.open()


@app.command()
def validate(
    directory: Annotated[
        Path, typer.Argument(help="The gazetteer directory to check.")
    ] = DEFAULT_DIR,
    countries: Annotated[
        bool,
        typer.Option(help="Check each point lies in its country (uses the GeoNames cache)."),
    ] = True,
) -> None:
    """Check every gazetteer file and print one line per problem (exit 2 if any).

    Example: geomap gazetteer validate gazetteer/
    """
    from geomap.gazetteer import validate_gazetteer

    try:
        index = _open_geonames() if countries else None
        problems = validate_gazetteer(directory, geonames=index, check_countries=countries)
    except (GeomapError, OSError) as exc:
        _fail(str(exc))
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {directory}", err=True)
        raise typer.Exit(2)
    typer.echo(f"{directory}: no problems")


@app.command()
def lookup(
    name: Annotated[str, typer.Argument(help="A place name, in any spelling.")],
    country: Annotated[
        list[str] | None,
        typer.Option("--country", "-c", help="Country context (ISO code); ranks its places first."),
    ] = None,
    gazetteer: GazetteerDir = DEFAULT_DIR,
    limit: Annotated[int, typer.Option(min=1, help="At most this many GeoNames results.")] = 5,
    online: Annotated[
        bool, typer.Option(help="Also ask an online geocoder (opt-in; needs the network).")
    ] = False,
    geocoder: Annotated[
        str, typer.Option(help="The geopy geocoder used by --online.")
    ] = "nominatim",
) -> None:
    """List the places a name may mean: curated first, then GeoNames, with why.

    Example: geomap gazetteer lookup Yarmuk --country SY

    Exit 1 when nothing is found.
    """
    from geomap.gazetteer import load_gazetteer
    from geomap.geocode import OnlineGeocoder

    countries = [c.upper() for c in country or []]
    try:
        gaz = load_gazetteer(gazetteer)
        curated = gaz.lookup(name)
        curated.sort(key=lambda p: p.country not in countries)  # stable: file order otherwise
        found = [
            gaz.to_candidate(p, reason=_curated_reason(p, countries, gaz.file_of(p.id)))
            for p in curated
        ]
        index = _open_geonames()
        known = {p.geonames_id for p in curated if p.geonames_id}
        found += [
            c for c in index.lookup(name, countries, limit=limit) if c.geonames_id not in known
        ]
        if online:
            found += OnlineGeocoder(geocoder).lookup(name, countries)
    except GeomapError as exc:
        _fail(str(exc))
    if not found:
        typer.echo(f"no place called {name!r} in {gazetteer} or GeoNames", err=True)
        raise typer.Exit(1)
    for rank, cand in enumerate(found, 1):
        typer.echo(_line(rank, cand))


def _curated_reason(place: Place, countries: list[str], path: Path) -> str:
    parts = [f"curated in {path.name}"]
    if countries:
        parts.append(("in" if place.country in countries else "outside") + " country context")
    if place.geonames_id:
        parts.append(f"GeoNames {place.geonames_id}")
    return "; ".join(parts)


def _line(rank: int, cand: Candidate) -> str:
    where = f"{cand.lat:.5f},{cand.lon:.5f}"
    return (
        f"{rank:>2}. {cand.place_id:<24} {cand.name:<24} {cand.kind:<13} {where:<20} "
        f"{cand.country or '--':<3}{cand.source:<9} {cand.reason}"
    )


@app.command()
def add(
    name: Annotated[
        str | None, typer.Argument(help="The place's name (optional with --from-geonames).")
    ] = None,
    lat: Annotated[float | None, typer.Option(help="Latitude, WGS84 degrees.")] = None,
    lon: Annotated[float | None, typer.Option(help="Longitude, WGS84 degrees.")] = None,
    kind: Annotated[str | None, typer.Option(help="town, city, neighbourhood, camp...")] = None,
    alias: Annotated[
        list[str] | None, typer.Option("--alias", "-a", help="Another spelling (repeatable).")
    ] = None,
    parent: Annotated[str | None, typer.Option(help="The id of the enclosing place.")] = None,
    country: Annotated[
        str | None, typer.Option(help="ISO country code (default: the parent's).")
    ] = None,
    place_id: Annotated[
        str | None, typer.Option("--id", help="The place's id (default: made from the name).")
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="Where the coordinates come from (repeatable)."),
    ] = None,
    notes: Annotated[str | None, typer.Option(help="A note for other curators.")] = None,
    file: Annotated[
        Path | None,
        typer.Option(help="The file to add to (default: the file listing its country)."),
    ] = None,
    from_geonames: Annotated[
        int | None, typer.Option("--from-geonames", help="Take the place from this GeoNames id.")
    ] = None,
    gazetteer: GazetteerDir = DEFAULT_DIR,
) -> None:
    """Append a place to the right gazetteer file, keeping its comments (validated, atomic).

    Example: geomap gazetteer add Qudsaya --lat 33.5327 --lon 36.2304 --kind town
    --parent damascus --source "GeoNames 169304"

    Example: geomap gazetteer add --from-geonames 172059 --alias Zabadani --parent syria
    """
    from geomap.gazetteer import add_place, load_gazetteer, place_from_geonames, slug_for

    try:
        index = _open_geonames()
        if from_geonames is not None:
            place = place_from_geonames(
                from_geonames, index, id=place_id, kind=kind, parent=parent, aliases=alias or []
            )
            update: dict[str, object] = {"sources": [*place.sources, *(source or [])]}
            if name and name != place.name:
                update.update(name=name, aliases=[place.name, *place.aliases])
                if not place_id:
                    update["id"] = slug_for(name)
            if notes:
                update["notes"] = notes
            place = Place.model_validate({**place.model_dump(), **update})
        else:
            missing = [
                flag
                for flag, value in (
                    ("NAME", name),
                    ("--lat", lat),
                    ("--lon", lon),
                    ("--kind", kind),
                )
                if value is None
            ]
            if not source:
                missing.append("--source")
            if missing:
                _fail(f"missing {', '.join(missing)} (or use --from-geonames ID)")
            if country is None and parent is not None:
                parent_place = load_gazetteer(gazetteer).get(parent)
                country = parent_place.country if parent_place else None
            if country is None:
                _fail("missing --country (or a --parent to take it from)")
            place = Place.model_validate(
                {
                    "id": place_id or slug_for(name or ""),
                    "name": name,
                    "aliases": alias or [],
                    "kind": kind,
                    "lat": lat,
                    "lon": lon,
                    "parent": parent,
                    "country": country.upper(),
                    "sources": source,
                    "notes": notes,
                }
            )
        written = add_place(gazetteer, place, file, geonames=index)
    except ValidationError as exc:
        item = exc.errors()[0]
        where = ".".join(str(p) for p in item["loc"])
        _fail(f"invalid place: {where}: {item['msg']}")
    except GeomapError as exc:
        _fail(str(exc))
    typer.echo(f"added {place.id} to {written}")
