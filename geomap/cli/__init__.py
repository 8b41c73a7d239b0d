"""The `geomap` command: a thin client of the library API.

Each command parses its arguments, calls one library function, and turns
that function's GeomapError into a one-line message and an exit code.
Command groups live in their own modules and register here.
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import NoReturn

import typer

app = typer.Typer(
    name="geomap",
    help="Turn conflict news articles into located, sourced events and Leaflet maps.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from geomap.cli import cache_cmd, gazetteer_cmd

    app.add_typer(gazetteer_cmd.app, name="gazetteer")
    app.add_typer(cache_cmd.app, name="cache")
    for name in ("extract_cmd", "build_cmd", "snapshot_cmd"):
        try:
            module = __import__(f"geomap.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:  # a stage not written yet
            if exc.name != f"geomap.cli.{name}":
                raise
            continue
        module.register(app)


_register()


def _stop(signum: int, frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)


def main() -> None:
    # Stopped by SIGTERM (kill, a job scheduler), a run unwinds as on Ctrl-C: its
    # temporary files (the spilled events, half-written exports) are removed and the
    # previous exports are left as they were.
    signal.signal(signal.SIGTERM, _stop)
    app()
