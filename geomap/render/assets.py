"""Leaflet and its plugins, inlined from the XStatic packages (or linked by CDN).

folium's page template pulls ten assets from CDNs (Bootstrap, jQuery,
awesome-markers, Font Awesome...), so a folium page opened without a network
draws nothing.  geomap's maps need only Leaflet, the marker-cluster plugin
and their CSS; this module puts those into the page head, with the images
that leaflet.css refers to by relative URL turned into data: URIs.
"""

from __future__ import annotations

import base64
import functools
import re
from pathlib import Path

from branca.element import Element, Figure
from xstatic.pkg import leaflet as xs_leaflet
from xstatic.pkg import leaflet_markercluster as xs_cluster

#: The only network resource an offline page still asks for (and can do without).
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)

_LEAFLET_DIR = Path(xs_leaflet.BASE_DIR)
_CLUSTER_DIR = Path(xs_cluster.BASE_DIR)

_CDN_CSS = {
    "leaflet": f"https://cdn.jsdelivr.net/npm/leaflet@{xs_leaflet.VERSION}/dist/leaflet.css",
    "cluster": "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/MarkerCluster.css",
    "cluster_default": (
        "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/MarkerCluster.Default.css"
    ),
}
_CDN_JS = {
    "leaflet": f"https://cdn.jsdelivr.net/npm/leaflet@{xs_leaflet.VERSION}/dist/leaflet.js",
    "cluster": (
        "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.4.1/dist/leaflet.markercluster.js"
    ),
}

_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")
_CSS_URL = re.compile(r"url\((images/[\w.-]+\.png)\)")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@functools.cache
def _leaflet_css() -> str:
    """leaflet.css with its PNGs (layer-control icon, default marker) embedded."""
    css = _read(_LEAFLET_DIR / "leaflet.css")
    return _CSS_URL.sub(lambda m: f"url({_data_uri(_LEAFLET_DIR / m.group(1))})", css)


@functools.cache
def _script(path: Path) -> str:
    text = _SOURCE_MAP.sub("", _read(path))
    # Neither library holds these today; keep it that way inside a <script>.
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _inline_css(text: str) -> Element:
    return Element(f"<style>\n{text}\n</style>")


def _inline_js(text: str) -> Element:
    return Element(f"<script>\n{text}\n</script>")


def add_assets(figure: Figure, *, cdn: bool = False, cluster: bool = False) -> None:
    """Put Leaflet (and the cluster plugin when asked) into the page head.

    Inline by default so the page works with no network; `cdn=True` links the
    same versions from jsDelivr for smaller files.
    """
    header = figure.header
    if cdn:
        header.add_child(Element(f'<link rel="stylesheet" href="{_CDN_CSS["leaflet"]}">'))
        header.add_child(Element(f'<script src="{_CDN_JS["leaflet"]}"></script>'))
        if cluster:
            for key in ("cluster", "cluster_default"):
                header.add_child(Element(f'<link rel="stylesheet" href="{_CDN_CSS[key]}">'))
            header.add_child(Element(f'<script src="{_CDN_JS["cluster"]}"></script>'))
        return
    header.add_child(_inline_css(_leaflet_css()))
    header.add_child(_inline_js(_script(_LEAFLET_DIR / "leaflet.js")))
    if cluster:
        header.add_child(_inline_css(_read(_CLUSTER_DIR / "MarkerCluster.css")))
        header.add_child(_inline_css(_read(_CLUSTER_DIR / "MarkerCluster.Default.css")))
        header.add_child(_inline_js(_script(_CLUSTER_DIR / "leaflet.markercluster.js")))
