"""`geomap build`: the whole pipeline, from articles to maps and exports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from geomap.cli.extract_cmd import fail, progress_bar, warn_skip
from geomap.errors import GeomapError


def register(app: typer.Typer) -> None:
    @app.command()
    def build(
        paths: Annotated[
            list[Path] | None, typer.Argument(help="Article files or folders (default: seeds/).")
        ] = None,
        gazetteer: Annotated[Path, typer.Option("--gazetteer", "-g")] = Path("gazetteer"),
        out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("maps"),
        cdn: Annotated[bool, typer.Option("--cdn", help="Link Leaflet from a CDN (smaller files).")] = False,
        title: Annotated[str, typer.Option("--title")] = "geomap",
        jobs: Annotated[int, typer.Option("--jobs", "-j")] = 1,
    ) -> None:
        """Extract events and write control, evacuation and incident maps, index and exports.

        Example: geomap build seeds/ --gazetteer gazetteer/ --out maps/
        """
        from geomap.pipeline import build as run_build
        from geomap.pipeline import expand_paths

        sources = paths or [Path("seeds")]
        try:
            extraction, written = run_build(
                sources, gazetteer, out, cdn=cdn, title=title, jobs=jobs, on_skip=warn_skip,
                progress=progress_bar(len(expand_paths(sources))),  # type: ignore[arg-type]
            )
        except GeomapError as exc:
            raise fail(exc) from None
        for path in written:
            typer.echo(str(path))
        typer.echo(
            f"{len(extraction.articles)} articles, {len(extraction.events)} events, "
            f"{len(extraction.skipped)} skipped", err=True,
        )
