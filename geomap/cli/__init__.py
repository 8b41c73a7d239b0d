"""The `geomap` command: a thin client of the library API.

Each command parses its arguments, calls one library function, and turns
that function's GeomapError into a one-line message and an exit code.
Command groups live in their own modules and register here.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="geomap",
    help="Turn conflict news articles into located, sourced events and Leaflet maps.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from geomap.cli import gazetteer_cmd

    app.add_typer(gazetteer_cmd.app, name="gazetteer")
    for name in ("extract_cmd", "build_cmd", "snapshot_cmd"):
        try:
            module = __import__(f"geomap.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:  # a stage not written yet
            if exc.name != f"geomap.cli.{name}":
                raise
            continue
        module.register(app)


_register()


def main() -> None:
    app()
