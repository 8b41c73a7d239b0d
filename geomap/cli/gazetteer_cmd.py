"""`geomap gazetteer ...`: validate, look up and add curated places."""

from __future__ import annotations

import typer

app = typer.Typer(help="Validate, look up and edit the curated gazetteer.", no_args_is_help=True)
