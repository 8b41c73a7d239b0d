"""`geomap cache ...`: look after a result cache (`--cache DIR`).

Each command parses its arguments, calls one library function, and turns a
GeomapError into `error: ...` on stderr and exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from geomap.cli.extract_cmd import fail
from geomap.errors import GeomapError

app = typer.Typer(help="Look after a result cache (see --cache).", no_args_is_help=True)


def _size(size: int) -> str:
    """Bytes as a reader sizes a folder: kB below a megabyte (a small cache is not '0.0 MB')."""
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1_000:.0f} kB"


@app.command()
def prune(
    folder: Annotated[Path, typer.Argument(help="The cache folder given to --cache.")],
    unused_days: Annotated[
        int,
        typer.Option(
            "--unused-days",
            min=0,
            help="Remove results not written or read for this many days (0: not today).",
        ),
    ] = 30,
) -> None:
    """Remove the results no run has used lately, and give their space back.

    A result is used when a run extracts its article or answers from it; after an
    upgrade or a gazetteer edit, the old run's results are never used again.
    Example: geomap cache prune feed-cache/ --unused-days 30
    """
    from geomap.cache import prune_cache

    try:
        done = prune_cache(folder, unused_days)
    except GeomapError as exc:
        raise fail(exc) from None
    typer.echo(
        f"removed {done.removed} results unused for {unused_days} days, kept {done.kept}; "
        f"{_size(done.size_before)} -> {_size(done.size_after)}",
        err=True,
    )
