"""Maps from the GeoJSON contract: control, evacuations, incidents, and an index.

The renderer reads only events.geojson and places.geojson (see
geomap.export), so maps can be drawn from events produced elsewhere.

    from geomap.render import render_maps
    render_maps(events_fc, places_fc, Path("maps"), articles=[...])

Every page works offline (Leaflet and plugins inlined from the XStatic
packages; OSM tiles only when online, over a vector backdrop of the places),
is byte-identical for the same input, and escapes all article text.
`control_map`, `evacuation_map` and `incident_map` return folium Maps that a
notebook user can restyle before saving.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import folium

from geomap.datafiles import write_atomic
from geomap.errors import RenderError
from geomap.render import control, evacuations, incidents
from geomap.render.ids import stable_ids
from geomap.render.index import index_html
from geomap.render.popups import DEFAULT_ARTICLE_BASE
from geomap.render.style import Palette, load_palette

__all__ = [
    "DEFAULT_ARTICLE_BASE",
    "MapName",
    "control_map",
    "evacuation_map",
    "incident_map",
    "load_palette",
    "map_html",
    "render_fragment",
    "render_maps",
]

MapName = Literal["control", "evacuations", "incidents"]
_Builder = Callable[..., folium.Map]
_BUILDERS: dict[str, _Builder] = {
    "control": control.control_map,
    "evacuations": evacuations.evacuation_map,
    "incidents": incidents.incident_map,
}


def _check(events_fc: dict[str, Any], places_fc: dict[str, Any]) -> None:
    for name, fc in (("events", events_fc), ("places", places_fc)):
        if not isinstance(fc, dict) or fc.get("type") != "FeatureCollection":
            raise RenderError(
                f"{name}: expected a GeoJSON FeatureCollection (as geomap.export writes it)"
            )


def _build(name: str, events_fc: dict[str, Any], places_fc: dict[str, Any], **kw: Any) -> str:
    """A fresh Map rendered to HTML under counter ids (folium grows a re-rendered map)."""
    _check(events_fc, places_fc)
    with stable_ids():
        fmap = _BUILDERS[name](events_fc, places_fc, **kw)
        text: str = fmap.get_root().render()
    # Drop trailing spaces folium's templates leave, so files diff cleanly.
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def control_map(
    events_fc: dict[str, Any],
    places_fc: dict[str, Any],
    *,
    cdn: bool = False,
    article_base: str = DEFAULT_ARTICLE_BASE,
    palette: Palette | None = None,
) -> folium.Map:
    """Areas coloured by holder, with a slider over the dates of change."""
    _check(events_fc, places_fc)
    with stable_ids():
        return control.control_map(
            events_fc, places_fc, cdn=cdn, article_base=article_base, palette=palette
        )


def evacuation_map(
    events_fc: dict[str, Any],
    places_fc: dict[str, Any],
    *,
    cdn: bool = False,
    article_base: str = DEFAULT_ARTICLE_BASE,
    palette: Palette | None = None,
) -> folium.Map:
    """Evacuation routes with direction and width by people count."""
    _check(events_fc, places_fc)
    with stable_ids():
        return evacuations.evacuation_map(
            events_fc, places_fc, cdn=cdn, article_base=article_base, palette=palette
        )


def incident_map(
    events_fc: dict[str, Any],
    places_fc: dict[str, Any],
    *,
    cdn: bool = False,
    article_base: str = DEFAULT_ARTICLE_BASE,
    palette: Palette | None = None,
) -> folium.Map:
    """Every event as a typed, clustered marker with layers per type and a date filter."""
    _check(events_fc, places_fc)
    with stable_ids():
        return incidents.incident_map(
            events_fc, places_fc, cdn=cdn, article_base=article_base, palette=palette
        )


def map_html(
    map_name: MapName,
    events_fc: dict[str, Any],
    places_fc: dict[str, Any],
    *,
    cdn: bool = False,
    article_base: str = DEFAULT_ARTICLE_BASE,
    palette: Palette | None = None,
) -> str:
    """One map as a standalone HTML page (deterministic)."""
    if map_name not in _BUILDERS:
        raise RenderError(f"unknown map {map_name!r}; choose one of {', '.join(_BUILDERS)}")
    return _build(
        map_name, events_fc, places_fc, cdn=cdn, article_base=article_base, palette=palette
    )


def render_fragment(
    map_name: MapName,
    events_fc: dict[str, Any],
    places_fc: dict[str, Any],
    *,
    cdn: bool = False,
    article_base: str = DEFAULT_ARTICLE_BASE,
    width: str = "100%",
    height: str = "480px",
    palette: Palette | None = None,
) -> str:
    """An HTML snippet for a report page: the map in a self-contained iframe.

    `srcdoc` keeps the map's scripts and ids apart from the host page, so two
    fragments on one page cannot collide.  Article links resolve against the
    host page, so set `article_base` for where the report lives.
    """
    page = map_html(
        map_name, events_fc, places_fc, cdn=cdn, article_base=article_base, palette=palette
    )
    return (
        f'<iframe class="geomap-fragment" title="geomap {html.escape(map_name)} map" '
        f'style="width:{html.escape(width)};height:{html.escape(height)};border:0" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe>\n'
    )


def render_maps(
    events_fc: dict[str, Any],
    places_fc: dict[str, Any],
    out_dir: Path,
    *,
    articles: list[dict[str, Any]] | None = None,
    cdn: bool = False,
    title: str = "geomap",
    article_base: str = DEFAULT_ARTICLE_BASE,
    palette: Palette | None = None,
) -> list[Path]:
    """Write control.html, evacuations.html, incidents.html and index.html; return their paths.

    `articles` (dicts with file/id, title, date, outlet) lets the index list the corpus.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages: list[tuple[str, str]] = [
        (
            f"{name}.html",
            map_html(
                name, events_fc, places_fc, cdn=cdn, article_base=article_base, palette=palette
            ),
        )
        for name in ("control", "evacuations", "incidents")
    ]
    pages.append(
        (
            "index.html",
            index_html(
                events_fc,
                places_fc,
                articles=articles,
                title=title,
                article_base=article_base,
                palette=palette,
            ),
        )
    )
    written = []
    for file_name, text in pages:
        path = out_dir / file_name
        write_atomic(path, text)  # a page open in a browser is never seen half-written
        written.append(path)
    return written
