"""`geomap snapshot MAP.html -o MAP.png`: a PNG of a map page for reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from geomap.errors import GeomapError


def snapshot_command(
    page: Annotated[Path, typer.Argument(help="The map page (an .html file geomap wrote).")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="PNG to write [default: PAGE.png].")
    ] = None,
    width: Annotated[int, typer.Option(min=200, max=8000, help="Viewport width, px.")] = 1200,
    height: Annotated[int, typer.Option(min=200, max=8000, help="Viewport height, px.")] = 800,
) -> None:
    """Render a map page to PNG in headless Chromium, with the network blocked.

    Example: geomap snapshot maps/control.html -o control.png --width 1600

    Uses Debian's chromium (or $GEOMAP_CHROMIUM); no browser is downloaded.
    """
    from geomap.snapshot import snapshot

    target = output or page.with_suffix(".png")
    try:
        written = snapshot(page, target, width=width, height=height)
    except GeomapError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(str(written))


def register(app: typer.Typer) -> None:
    """Add `snapshot` to the geomap command."""
    app.command("snapshot")(snapshot_command)
