"""`geomap build`: the whole pipeline, from articles to maps and exports."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from geomap.cli.extract_cmd import (
    CacheOpt,
    JobsOpt,
    fail,
    no_conflict_note,
    progress_bar,
    took,
    warn_skip,
    worker_count,
)
from geomap.errors import GeomapError


def register(app: typer.Typer) -> None:
    @app.command()
    def build(
        paths: Annotated[
            list[Path] | None, typer.Argument(help="Article files or folders (default: seeds/).")
        ] = None,
        gazetteer: Annotated[Path, typer.Option("--gazetteer", "-g")] = Path("gazetteer"),
        out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("maps"),
        cdn: Annotated[
            bool, typer.Option("--cdn", help="Link Leaflet from a CDN (smaller files).")
        ] = False,
        title: Annotated[str, typer.Option("--title")] = "geomap",
        jobs: JobsOpt = 1,
        cache: CacheOpt = None,
    ) -> None:
        """Extract events and write control, evacuation and incident maps, index and exports.

        Example: geomap build seeds/ --gazetteer gazetteer/ --out maps/
        """
        from geomap.pipeline import build as run_build
        from geomap.pipeline import expand_paths

        sources = paths or [Path("seeds")]
        started = time.perf_counter()
        try:
            extraction, written = run_build(
                sources,
                gazetteer,
                out,
                cdn=cdn,
                title=title,
                jobs=worker_count(jobs),
                on_skip=warn_skip,
                progress=progress_bar(len(expand_paths(sources))),  # type: ignore[arg-type]
                cache=cache,
            )
        except GeomapError as exc:
            raise fail(exc) from None
        for path in written:
            typer.echo(str(path))
        typer.echo(
            f"{len(extraction.articles)} articles, {len(extraction.events)} events, "
            f"{len(extraction.skipped)} skipped"
            + took(len(extraction.articles), started)
            + no_conflict_note(len(extraction.no_conflict)),
            err=True,
        )

    @app.command()
    def fragment(
        map_name: Annotated[str, typer.Argument(help="control, evacuations or incidents.")],
        events: Annotated[Path, typer.Option("--events", help="events.geojson")] = Path(
            "maps/events.geojson"
        ),
        places: Annotated[Path, typer.Option("--places", help="places.geojson")] = Path(
            "maps/places.geojson"
        ),
        article_base: Annotated[
            str, typer.Option("--article-base", help="Where article links point from the report.")
        ] = "seeds/",
        height: Annotated[str, typer.Option("--height")] = "480px",
        output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    ) -> None:
        """Print an HTML snippet (a self-contained iframe) of one map, for a report page.

        Example: geomap fragment evacuations --events maps/events.geojson -o evac-snippet.html
        """
        import json
        import sys

        from geomap.datafiles import write_atomic
        from geomap.render import render_fragment

        if map_name not in ("control", "evacuations", "incidents"):
            typer.echo("error: map must be control, evacuations or incidents", err=True)
            raise typer.Exit(2)
        try:
            events_fc = json.loads(events.read_text(encoding="utf-8"))
            places_fc = json.loads(places.read_text(encoding="utf-8"))
            snippet = render_fragment(
                map_name,  # type: ignore[arg-type]
                events_fc,
                places_fc,
                article_base=article_base,
                height=height,
            )
            if output is not None:
                write_atomic(output, snippet)
        except (OSError, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        except GeomapError as exc:
            raise fail(exc) from None
        if output is None:
            sys.stdout.write(snippet)
