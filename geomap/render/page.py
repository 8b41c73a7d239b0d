"""The skeleton every map page shares: a clean folium Map and one script.

Each page is a folium `Map` stripped of folium's CDN assets, with Leaflet
inlined, an OpenStreetMap tile layer for readers who are online, and an
offline backdrop (every place's outline and a de-cluttered name label) for
those who are not.  Page-specific drawing is a `GeomapScript`: the page's
data as JSON plus plain JavaScript that draws it with Leaflet's API.
"""

from __future__ import annotations

import functools
import html
import json
from typing import Any

import folium
from branca.element import Figure, MacroElement
from jinja2 import Template

from geomap.geo import disc
from geomap.models import AREA_KINDS
from geomap.render.assets import OSM_ATTRIBUTION, OSM_TILES, add_assets
from geomap.render.style import PAGE_CSS

#: Radius used for a place that has neither an outline nor a radius, by kind.
DEFAULT_RADIUS_KM: dict[str, float] = {
    "camp": 0.8,
    "neighbourhood": 1.0,
    "village": 1.0,
    "facility": 0.5,
    "landmark": 0.5,
    "airport": 1.5,
    "military_base": 1.5,
    "border_crossing": 0.5,
    "port": 1.0,
    "town": 2.5,
    "district": 5.0,
    "city": 6.0,
    "area": 5.0,
    "valley": 10.0,
    "mountain": 10.0,
    "river": 10.0,
    "governorate": 50.0,
    "region": 80.0,
    "desert": 120.0,
    "country": 250.0,
}


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element.

    Escaping `<`, `>` and `&` as \\u escapes keeps `</script>` and `<!--` in
    article text from ending or changing the script; the JSON value is unchanged.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def place_ring(props: dict[str, Any], lat: float, lon: float) -> list[list[float]]:
    """A place's outline as Leaflet [lat, lon] pairs: its extent, else a geodesic disc."""
    extent = props.get("extent")
    if extent and extent.get("type") == "Polygon" and extent.get("coordinates"):
        return [[round(y, 5), round(x, 5)] for x, y in extent["coordinates"][0]]
    radius = props.get("radius_km") or DEFAULT_RADIUS_KM.get(str(props.get("kind")), 1.0)
    return [list(p) for p in _disc_ring(lat, lon, float(radius))]


@functools.lru_cache(maxsize=4096)
def _disc_ring(lat: float, lon: float, radius_km: float) -> tuple[tuple[float, float], ...]:
    """A geodesic disc in [lat, lon] pairs, cached: many events share one region."""
    polygon = disc(lat, lon, radius_km, segments=48)
    return tuple((round(y, 5), round(x, 5)) for x, y in polygon.exterior.coords)


def backdrop_places(places_fc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every place as outline + label for the offline backdrop, busiest first."""
    rows = []
    for feature in places_fc.get("features", []):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        if geometry.get("type") != "Point":
            continue
        lon, lat = geometry["coordinates"][:2]
        area = props.get("kind") in AREA_KINDS
        ring = place_ring(props, lat, lon)
        rows.append(
            {
                "id": str(props.get("id")),
                "name": str(props.get("name") or props.get("id")),
                "lat": lat,
                "lon": lon,
                "area": area,
                "ring": ring,
                # An area's name goes at its top edge, not its centre, where a
                # smaller place inside it (a camp in "southern Damascus") has its own.
                "label_at": [max(p[0] for p in ring), lon] if area else [lat, lon],
                "mentions": int(props.get("mentions") or 0),
            }
        )
    rows.sort(key=lambda r: (-r["mentions"], r["area"], r["name"], r["id"]))
    return rows


#: Shared runtime: registry for tests, offline backdrop, labels, event popups, fit.
COMMON_JS = r"""
window.geomap = window.geomap || {areas: {}, routes: {}, markers: {}, ready: false};
function geomapText(tag, text, cls) {
  var el = document.createElement(tag);
  if (cls) { el.className = cls; }
  el.textContent = text;
  return el;
}
// A permanent label that never measures itself: CSS places the text beside its
// point, so hundreds of labels cost no forced layout (Leaflet's tooltips read
// their own size each time they move, one layout per label per zoom).
var GeomapLabel = L.Layer.extend({
  options: {pane: 'geomapLabels', direction: 'center', offset: [0, 0], className: ''},
  initialize: function (latlng, text, options) {
    L.setOptions(this, options);
    this._latlng = L.latLng(latlng);
    this._text = text;
  },
  onAdd: function (map) {
    var o = this.options;
    var box = this._container = L.DomUtil.create('div', 'geomap-label geomap-label-' +
      o.direction + (o.className ? ' ' + o.className : '') +
      (this._zoomAnimated ? ' leaflet-zoom-animated' : ' leaflet-zoom-hide'));
    var text = geomapText('span', this._text);
    text.style.left = o.offset[0] + 'px';
    text.style.top = o.offset[1] + 'px';
    box.appendChild(text);
    this.getPane().appendChild(box);
    this._reposition();
  },
  onRemove: function () { L.DomUtil.remove(this._container); this._container = null; },
  getEvents: function () {
    var events = {zoom: this._reposition, viewreset: this._reposition};
    if (this._zoomAnimated) { events.zoomanim = this._animateZoom; }
    return events;
  },
  getElement: function () { return this._container; },
  getLatLng: function () { return this._latlng; },
  _reposition: function () {
    L.DomUtil.setPosition(this._container, this._map.latLngToLayerPoint(this._latlng).round());
  },
  _animateZoom: function (e) {
    L.DomUtil.setPosition(this._container,
      this._map._latLngToNewLayerPoint(this._latlng, e.zoom, e.center).round());
  }
});
function geomapLabel(latlng, text, options) { return new GeomapLabel(latlng, text, options); }
function geomapBackdrop(map, places, labelSide) {
  var pane = map.createPane('geomapBackdrop');
  pane.style.zIndex = 350;
  pane.style.pointerEvents = 'none';  // context only: clicks go to the data above
  // Names sit above areas and routes but under markers, never hiding a symbol.
  var labelPane = map.createPane('geomapLabels');
  labelPane.style.zIndex = 450;
  labelPane.style.pointerEvents = 'none';
  var renderer = L.canvas({pane: 'geomapBackdrop'});
  // Data labels (added first by a page) win over place names when they collide.
  var labels = window.geomap.labels = window.geomap.labels || [];
  places.forEach(function (p) {
    L.polygon(p.ring, {renderer: renderer, interactive: false, weight: p.area ? 1.2 : 0.8,
      color: '#7d8a94', dashArray: p.area ? '5 4' : null, fill: true,
      fillColor: '#f7f5ef', fillOpacity: p.area ? 0.25 : 0.6}).addTo(map);
    if (!p.name) { return; }  // named by the page itself (a route's end)
    var side = p.area ? 'bottom' : (labelSide || 'center');
    var tip = geomapLabel(p.label_at, p.name,
      {direction: side, offset: side === 'bottom' ? [0, 12] : [0, 0]});
    tip.addTo(map);
    labels.push(tip);
  });
  function declutter() {
    // Write, then read every box, then write: one layout, not one per label.
    var shown = labels.map(function (tip) { return tip.getElement(); }).filter(Boolean);
    shown.forEach(function (el) { el.style.visibility = 'visible'; });
    var boxes = shown.map(function (el) { return el.firstChild.getBoundingClientRect(); });
    var kept = [], hidden = [];
    boxes.forEach(function (r, i) {
      var clash = kept.some(function (k) {
        return !(r.right < k.left || r.left > k.right || r.bottom < k.top || r.top > k.bottom);
      });
      if (clash) { hidden.push(shown[i]); } else { kept.push(r); }
    });
    hidden.forEach(function (el) { el.style.visibility = 'hidden'; });
  }
  map.on('zoomend moveend', function () { setTimeout(declutter, 0); });
  return declutter;
}
function geomapFit(map, latlngs, animate) {
  // The first view appears at once (animate only when a reader asks for a view).
  if (!latlngs.length) { map.setView([20, 0], 2); return; }
  // Keep the data clear of the boxes in the corners (legend, slider, layers).
  var box = map.getContainer();
  function size(corner, dim) {
    var el = box.querySelector('.leaflet-' + corner.split(' ').join('.leaflet-'));
    var most = 0;
    if (!el) { return 0; }
    Array.prototype.forEach.call(el.children, function (c) {
      if (c.classList.contains('leaflet-control-attribution') ||
          c.classList.contains('leaflet-control-scale')) { return; }
      most = Math.max(most, dim === 'w' ? c.offsetWidth : c.offsetTop + c.offsetHeight);
    });
    return most;
  }
  var w = box.clientWidth, h = box.clientHeight;
  var left = Math.min(size('top left', 'w'), w / 4) + 16;
  var right = Math.min(Math.max(size('top right', 'w'), size('bottom right', 'w')), w / 3) + 16;
  var top = Math.min(Math.max(size('top left', 'h'), size('top right', 'h')), h / 3) + 12;
  var bottom = Math.min(Math.max(size('bottom left', 'h'), size('bottom right', 'h')), h / 3) + 24;
  map.fitBounds(L.latLngBounds(latlngs), {paddingTopLeft: [left, top],
    paddingBottomRight: [right, bottom], maxZoom: 14, animate: !!animate});
}
function geomapEventPopup(p, articles) {
  // Laid out from plain-text fields with textContent: article text never becomes markup.
  var box = geomapText('div', '', 'geomap-popup');
  box.appendChild(geomapText('h3', p.heading));
  p.meta.forEach(function (line) { box.appendChild(geomapText('div', line, 'meta')); });
  if (p.disputed) {
    box.appendChild(geomapText('div', '⚠ Denied or disputed by a party', 'denied'));
  }
  function evidence(title, items, cls) {
    var head = document.createElement('div');
    head.appendChild(geomapText('b', title));
    box.appendChild(head);
    items.forEach(function (item) {
      var quote = geomapText('blockquote', item[0], cls);
      var src = geomapText('div', '— ' + (item[1] ? item[1] + ', ' : ''), 'src');
      var link = geomapText('a', articles[item[2]][0]);
      link.setAttribute('href', articles[item[2]][1]);
      link.setAttribute('target', '_blank');
      link.setAttribute('rel', 'noopener');
      src.appendChild(link);
      quote.appendChild(src);
      box.appendChild(quote);
    });
  }
  evidence('Sources (' + p.sources.length + ')', p.sources, '');
  if (p.denials.length) { evidence('Denials', p.denials, 'denial'); }
  return box;
}
function geomapPopup() {
  // Narrow enough for a phone, and panned clear of the zoom and layer buttons.
  return {maxWidth: Math.min(340, Math.max(200, window.innerWidth - 70)),
    autoPanPaddingTopLeft: L.point(8, 64), autoPanPaddingBottomRight: L.point(8, 24)};
}
"""


class GeomapScript(MacroElement):
    """A page's CSS, body HTML and script, bound to its parent map by name."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
        "{% macro html(this, kwargs) %}{{ this.body }}"
        '<script type="application/json" id="{{ this.get_name() }}">{{ this.data_json }}</script>'
        "{% endmacro %}"
        "{% macro script(this, kwargs) %}(function () {\n"
        "var map = {{ this._parent.get_name() }};\n"
        "var tiles = {{ this.tiles_name }};\n"
        "var DATA = JSON.parse(document.getElementById('{{ this.get_name() }}').textContent);\n"
        "map.setMaxZoom(18);  // the cluster plugin needs it before the tiles are added\n"
        "{{ this.js }}\n"
        "tiles.addTo(map);\n"
        "})();{% endmacro %}"
    )

    def __init__(
        self, *, data: Any, js: str, css: str = "", body: str = "", tiles_name: str
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "GeomapScript"
        self.data_json = script_json(data)
        self.js = COMMON_JS + js
        self.css = PAGE_CSS + css
        self.body = body
        self.tiles_name = tiles_name


def new_map(
    *, title: str, cdn: bool, cluster: bool = False, prefer_canvas: bool = False
) -> tuple[folium.Map, folium.TileLayer]:
    """A folium Map with no CDN assets, inlined Leaflet and an OSM tile layer.

    Call inside `stable_ids()` so the element names are reproducible.
    """
    fmap = folium.Map(
        location=[0, 0],
        zoom_start=2,
        tiles=None,
        prefer_canvas=prefer_canvas,
        control_scale=True,
    )
    fmap.default_js = []
    fmap.default_css = []
    figure = fmap.get_root()
    assert isinstance(figure, Figure)  # folium.Map always puts itself in a Figure
    figure.title = html.escape(title)  # branca's template does not escape it
    add_assets(figure, cdn=cdn, cluster=cluster)
    tiles = folium.TileLayer(
        tiles=OSM_TILES,
        attr=OSM_ATTRIBUTION,
        name="OpenStreetMap (online)",
        max_zoom=19,
        show=False,  # the page script adds it once the view fits the data
    )
    tiles.add_to(fmap)
    return fmap, tiles
