"""geomap: conflict news articles to located, sourced events and Leaflet maps.

    import geomap
    result = geomap.extract(["seeds"], "gazetteer")
    [e.event_type for e in result.events][:3]
    m = geomap.control_map(*geomap.to_geojson(result))   # a folium.Map

The library is the product; the `geomap` command is a thin client of it.
"""

from __future__ import annotations

from typing import Any

from geomap.errors import (
    ArticleError,
    DataFileError,
    GazetteerEditError,
    GazetteerError,
    GeocoderUnavailable,
    GeomapError,
    NoArticlesError,
    RenderError,
)
from geomap.models import Event, Extraction, Mention, Place, PlaceSummary
from geomap.pipeline import Context, build, extract

__version__ = "0.1.0"

__all__ = [
    "ArticleError",
    "Context",
    "DataFileError",
    "Event",
    "Extraction",
    "GazetteerEditError",
    "GazetteerError",
    "GeocoderUnavailable",
    "GeomapError",
    "Mention",
    "NoArticlesError",
    "Place",
    "PlaceSummary",
    "RenderError",
    "build",
    "control_map",
    "evacuation_map",
    "extract",
    "incident_map",
    "load_gazetteer",
    "render_fragment",
    "to_geojson",
]


def to_geojson(extraction: Extraction) -> tuple[dict[str, Any], dict[str, Any]]:
    """The events and places FeatureCollections of an extraction (the maps' input)."""
    from geomap.export import events_geojson, places_geojson

    return events_geojson(extraction.events), places_geojson(extraction.places)


def __getattr__(name: str) -> Any:
    # Rendering pulls in folium; load it only when a map is asked for.
    if name in ("control_map", "evacuation_map", "incident_map", "render_fragment"):
        from geomap import render

        return getattr(render, name)
    if name == "load_gazetteer":
        from geomap.gazetteer import load_gazetteer

        return load_gazetteer
    raise AttributeError(name)
