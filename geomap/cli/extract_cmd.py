"""`geomap extract` and `geomap unresolved`: events and unknown names from articles."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from geomap.errors import GeomapError
from geomap.models import ArticleResult, Skipped

GazetteerOpt = Annotated[
    Path, typer.Option("--gazetteer", "-g", help="Folder of gazetteer YAML files.")
]
PathsArg = Annotated[list[Path], typer.Argument(help="Article files or folders.")]
CacheOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache",
        help="Folder that remembers each article's result: a re-run extracts only new or "
        "changed articles (or all, after a change to the gazetteer or geomap).",
    ),
]

JobsOpt = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        help="Worker processes (0: one per CPU core this process may use).",
    ),
]


def worker_count(jobs: int) -> int:
    """`--jobs` as a number of processes: 0 asks for one per core the process may run on."""
    if jobs > 0:
        return jobs
    try:
        return len(os.sched_getaffinity(0))  # a container's or taskset's cores, not the host's
    except AttributeError:  # no affinity on this system
        return os.cpu_count() or 1


def no_conflict_note(count: int) -> str:
    """What the run summary says of the articles read for no event, if any."""
    if not count:
        return ""
    told = "tells" if count == 1 else "tell"
    return f"; {count} {told} of no armed conflict (read for places only)"


def warn_skip(skipped: Skipped) -> None:
    typer.echo(f"skipped {skipped.path}: {skipped.reason}", err=True)


def progress_bar(total_hint: int) -> object:
    """A tqdm progress bar for long runs on a terminal, nothing otherwise."""

    def wrap(results: Iterable[ArticleResult]) -> Iterable[ArticleResult]:
        if total_hint < 50 or not sys.stderr.isatty():
            return results
        from tqdm import tqdm

        bar: Iterable[ArticleResult] = tqdm(
            results, total=total_hint, unit="article", desc="extract"
        )
        return bar

    return wrap


def took(articles: int, started: float) -> str:
    """' in 123.4 s (81 articles/s)': what a run cost, for a user sizing an archive's runs
    (the rate from 50 articles on: below that, start-up is most of the time)."""
    seconds = time.perf_counter() - started
    rate = f" ({articles / seconds:.0f} articles/s)" if articles >= 50 and seconds > 0 else ""
    return f" in {seconds:.1f} s{rate}"


def fail(exc: GeomapError) -> typer.Exit:
    for line in str(exc).splitlines():
        typer.echo(f"error: {line}", err=True)
    return typer.Exit(2)


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(
        paths: PathsArg,
        gazetteer: GazetteerOpt = Path("gazetteer"),
        output: Annotated[
            Path | None, typer.Option("-o", "--output", help="events.geojson")
        ] = None,
        places: Annotated[Path | None, typer.Option("--places", help="places.geojson")] = None,
        csv: Annotated[
            Path | None, typer.Option("--csv", help="events.csv (ACLED columns)")
        ] = None,
        jobs: JobsOpt = 1,
        no_geonames: Annotated[
            bool, typer.Option("--no-geonames", help="Curated places only.")
        ] = False,
        cache: CacheOpt = None,
    ) -> None:
        """Extract located, sourced events from articles.

        Example: geomap extract seeds/ -o events.geojson --places places.geojson --csv events.csv
        """
        from geomap.export import stream_exports
        from geomap.pipeline import expand_paths, fold

        started = time.perf_counter()
        workers = worker_count(jobs)
        try:
            folder = fold(
                paths,
                gazetteer,
                geonames=not no_geonames,
                jobs=workers,
                on_skip=warn_skip,
                progress=progress_bar(len(expand_paths(paths))),  # type: ignore[arg-type]
                spill=True,  # an archive's events wait on disk, not in memory
                cache=cache,
            )
            try:
                counts = stream_exports(
                    folder,
                    output,
                    places,
                    csv,
                    events_out=sys.stdout if output is None else None,
                    jobs=workers,  # the merge runs in as many processes as the reading
                )
            finally:
                folder.close()
        except GeomapError as exc:
            raise fail(exc) from None
        typer.echo(
            f"{counts.articles} articles, {counts.events} events, "
            f"{counts.places} incident sites, {len(folder.skipped)} skipped"
            + took(counts.articles, started)
            + no_conflict_note(len(folder.no_conflict)),
            err=True,
        )

    @app.command()
    def unresolved(
        paths: PathsArg,
        gazetteer: GazetteerOpt = Path("gazetteer"),
    ) -> None:
        """List place names the curated gazetteer lacks (found in GeoNames, or nowhere).

        Each comes with GeoNames suggestions, ready for `geomap gazetteer add --from-geonames`.
        Example: geomap unresolved seeds/
        """
        from geomap.pipeline import Context, iter_results

        try:
            ctx = Context.create(gazetteer)
            counts: dict[str, int] = {}
            for result in iter_results(paths, ctx, warn_skip):
                long_tail = [
                    m.surface
                    for m in result.mentions
                    if m.place is not None and m.place.source != "curated"
                ]
                for name in [*result.unresolved, *long_tail]:
                    counts[name] = counts.get(name, 0) + 1
        except GeomapError as exc:
            raise fail(exc) from None
        for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            suggestions = ctx.geonames.lookup(name, limit=3) if ctx.geonames else []
            hint = (
                "; ".join(
                    f"GeoNames {c.geonames_id} {c.name} ({c.country}, {c.lat:.4f}, {c.lon:.4f})"
                    for c in suggestions
                )
                or "no GeoNames match"
            )
            typer.echo(f"{name}\t{n}\t{hint}")
