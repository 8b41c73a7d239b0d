"""Colours and CSS shared by every map page.

Colours are data (geomap/data/colours.yaml) so a curator restyles the maps
without touching code; this module validates that file and hands the
renderers a `Palette`.  The CSS keeps popups readable on a phone: a capped
width, wrapping of long words and a scroll box for long quote lists.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from geomap.datafiles import load_model
from geomap.errors import DataFileError

COLOURS_PATH = Path(__file__).resolve().parent.parent / "data" / "colours.yaml"

Hex = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]


class Swatch(BaseModel):
    """One legend entry: a colour and what it stands for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    colour: Hex
    label: Annotated[str, Field(min_length=1)]


class Palette(BaseModel):
    """The whole of colours.yaml, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    actors: dict[str, Swatch]
    fallback: Swatch
    event_types: dict[str, Swatch]

    def actor(self, actor_id: str | None) -> Swatch:
        """The swatch of an actor, the fallback for one the file does not list."""
        if actor_id is None:
            return self.fallback
        return self.actors.get(actor_id, self.fallback)

    def event_type(self, event_type: str) -> Swatch:
        return self.event_types.get(event_type, self.event_types.get("other", self.fallback))


def load_palette(path: Path | None = None) -> Palette:
    """Read and validate a colours file; raise DataFileError naming every fault."""
    palette, problems, _raw = load_model(path or COLOURS_PATH, Palette)
    if palette is None:
        raise DataFileError(problems)
    return palette


@functools.cache
def default_palette() -> Palette:
    """The packaged colours, read once per process."""
    return load_palette(COLOURS_PATH)


def actor_label(actor_id: str, palette: Palette) -> str:
    """A readable name for an actor id: the legend label, else the id itself."""
    swatch = palette.actors.get(actor_id)
    return swatch.label if swatch else actor_id.replace("-", " ")


#: Page CSS: popups, legend, slider and filter boxes, area labels.
PAGE_CSS = """
.leaflet-container { background: #e9eef0; font: 14px/1.4 system-ui, -apple-system,
  "Segoe UI", Roboto, sans-serif; }
.geomap-popup { max-width: min(340px, 78vw); max-height: 55vh; overflow-y: auto;
  overflow-wrap: anywhere; word-break: normal; font-size: 13px; }
.geomap-popup h3 { margin: 0 0 4px; font-size: 15px; }
.geomap-popup .meta { color: #444; margin: 2px 0; }
.geomap-popup blockquote { margin: 6px 0; padding: 2px 0 2px 8px;
  border-left: 3px solid #999; color: #222; }
.geomap-popup blockquote.denial { border-left-color: #c51b7d; }
.geomap-popup .src { font-size: 12px; color: #555; }
.geomap-popup .denied { color: #c51b7d; font-weight: 600; }
.geomap-box { background: rgba(255,255,255,.93); padding: 6px 9px; border-radius: 5px;
  box-shadow: 0 1px 5px rgba(0,0,0,.35); font-size: 12px; line-height: 1.35;
  max-width: min(260px, 70vw); }
.geomap-box h4 { margin: 0 0 4px; font-size: 13px; }
.geomap-legend .row { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.geomap-legend .sw { width: 16px; height: 12px; flex: none; border: 2px solid; }
.geomap-legend svg { flex: none; }
.geomap-slider input[type=range] { width: 100%; margin: 4px 0 0; }
.geomap-zoomto { margin-top: 4px; }
.geomap-zoomto button { font: inherit; margin-left: 4px; padding: 1px 6px; cursor: pointer; }
.geomap-asof { font-weight: 600; font-size: 13px; }
.geomap-label { position: absolute; width: 0; height: 0; pointer-events: none;
  font-size: 11px; color: #333; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.geomap-label > span { position: absolute; white-space: nowrap; transform: translate(-50%, -50%); }
.geomap-label-bottom > span { transform: translateX(-50%); }
.geomap-label-top > span { transform: translate(-50%, -100%); }
.geomap-label-left > span { transform: translate(-100%, -50%); }
.geomap-end-label { font-size: 12px; font-weight: 600; color: #222; }
.geomap-route-label { font-size: 12px; font-weight: 600; color: #111; }
.leaflet-interactive:focus { outline: none; }
.geomap-icon { background: none; border: none; }
@media (max-width: 520px), (max-height: 420px) {
  .geomap-box { font-size: 11px; padding: 4px 6px; max-width: 46vw; }
  .geomap-box h4, .geomap-title { font-size: 12px; }
  .geomap-legend .row { margin: 0; }
}
.geomap-title { font-size: 14px; font-weight: 600; }
"""
