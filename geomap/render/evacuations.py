"""evacuations.html: who was moved from where to where, and how many.

Each evacuation with both ends known is a route (the LineString of the
contract) with an arrowhead at its destination and a width that grows with
the number of people.  One with only one end known sits at that point with
a distinct dashed ring and a question mark.  A route a party denies is
dashed and its popup says so.  Routes are drawn above place markers, so no
marker hides a route.
"""

from __future__ import annotations

import math
from typing import Any

import folium

from geomap.render.page import GeomapScript, backdrop_places, new_map
from geomap.render.popups import DEFAULT_ARTICLE_BASE, cite_articles, event_popup_fields
from geomap.render.style import Palette, default_palette

#: People-count keys, best first, that set a route's width.
_PEOPLE_KEYS = ("people", "fighters", "civilians", "displaced")


def people_of(props: dict[str, Any]) -> int | None:
    counts = props.get("counts") or {}
    for key in _PEOPLE_KEYS:
        if isinstance(counts.get(key), int):
            return int(counts[key])
    return None


def route_width(people: int | None) -> float:
    """Stroke width in pixels: 3 for an unknown count, up to 14 on a log scale."""
    if not people or people <= 0:
        return 3.0
    return round(min(14.0, 3.0 + 2.5 * math.log10(people)), 1)


def evacuation_data(
    events_fc: dict[str, Any], places_fc: dict[str, Any], palette: Palette, article_base: str
) -> dict[str, Any]:
    routes: list[dict[str, Any]] = []
    points: list[dict[str, Any]] = []
    for feature in events_fc.get("features", []):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry")
        if props.get("event_type") != "evacuation" or not geometry:
            continue
        people = people_of(props)
        row: dict[str, Any] = {
            "id": str(props.get("id")),
            "date": props.get("date"),
            "contested": bool(props.get("contested")),
            "people": people,
            "width": route_width(people),
            "popup": event_popup_fields(props, palette),
            "label": _label(props, people),
            "ends": [props.get("origin"), props.get("destination")],
        }
        coords = geometry.get("coordinates")
        if geometry.get("type") == "LineString":
            row["line"] = [[lat, lon] for lon, lat in coords]
            routes.append(row)
        elif geometry.get("type") == "Point":
            row["point"] = [coords[1], coords[0]]
            row["end"] = "origin" if props.get("origin") else "destination"
            points.append(row)
    # Route ends are named on the route itself; the backdrop skips those names.
    ends = {str(n) for r in routes for n in r["ends"] if n}
    backdrop = [
        dict(place, name="") if place["name"] in ends else place
        for place in backdrop_places(places_fc)
    ]
    # Widest first, so thin routes stay clickable on top of wide ones.
    routes.sort(key=lambda r: (-r["width"], r["id"]))
    points.sort(key=lambda r: r["id"])
    return {
        "routes": routes,
        "points": points,
        "articles": cite_articles([r["popup"] for r in routes + points], article_base),
        "colour": palette.event_type("evacuation").colour,
        "denied": palette.fallback.colour,
        "backdrop": backdrop,
    }


def _label(props: dict[str, Any], people: int | None) -> str:
    origin = props.get("origin") or "?"
    destination = props.get("destination") or "?"
    count = f" ({people:,} people)" if people else ""
    return f"{origin} → {destination}{count}"


EVACUATIONS_JS = r"""
window.geomap.labels = [];
var declutter;
// Routes above labels' areas; open-end pins above routes but beside them.
map.createPane('geomapRoutes').style.zIndex = 440;
map.createPane('geomapOpenEnds').style.zIndex = 460;
var svg = L.svg({padding: 0.5, pane: 'geomapRoutes'});
// Thousands of routes: draw on one canvas, and label, arrow and pin only the
// largest, so the page stays interactive; a handful keep their SVG details.
var DENSE = DATA.routes.length + DATA.points.length > 300;
var KEEP = 40;
var canvas = L.canvas({padding: 0.5, pane: 'geomapRoutes'});
var biggest = {};
DATA.routes.slice().sort(function (a, b) { return (b.people || 0) - (a.people || 0); })
  .slice(0, KEEP).forEach(function (r) { biggest[r.id] = true; });
var routeLayer = L.featureGroup().addTo(map), pointLayer = L.featureGroup().addTo(map);
function arrowhead(route) {
  // A filled triangle at the destination, sized by the route's width and
  // redrawn on zoom so it stays the same size on screen.
  var head = L.polygon([[0, 0], [0, 0], [0, 0]], {renderer: svg, stroke: false,
    fillColor: route.contested ? DATA.denied : DATA.colour, fillOpacity: 0.95,
    interactive: false});
  function place() {
    var a = map.latLngToLayerPoint(route.line[route.line.length - 2]);
    var b = map.latLngToLayerPoint(route.line[route.line.length - 1]);
    var len = Math.max(1, a.distanceTo(b));
    var ux = (b.x - a.x) / len, uy = (b.y - a.y) / len;
    var size = 10 + route.width * 1.6;
    var base = L.point(b.x - ux * size, b.y - uy * size);
    var wing = size * 0.55;
    head.setLatLngs([
      map.layerPointToLatLng(b),
      map.layerPointToLatLng(L.point(base.x - uy * wing, base.y + ux * wing)),
      map.layerPointToLatLng(L.point(base.x + uy * wing, base.y - ux * wing))]);
  }
  map.on('zoomend viewreset', place);
  place();
  return head;
}
var pending = [];
DATA.routes.forEach(function (r) {
  var colour = r.contested ? DATA.denied : DATA.colour;
  var detailed = !DENSE || biggest[r.id];
  var renderer = DENSE ? canvas : svg;
  var line = L.polyline(r.line, {renderer: renderer, color: colour, weight: r.width,
    opacity: 0.9, dashArray: r.contested ? '12 8' : null, lineCap: 'butt'});
  var parts = [line];
  function popup() { return geomapEventPopup(r.popup, DATA.articles); }
  if (!DENSE) {
    // The white casing under the line takes clicks too, so the gaps of a
    // dashed (denied) route open the same popup.
    var casing = L.polyline(r.line, {renderer: svg, color: '#ffffff', weight: r.width + 4,
      opacity: 0.85});
    parts.unshift(casing);
    L.circleMarker(r.line[0], {renderer: svg, radius: 5, color: colour, weight: 2,
      fillColor: '#fff', fillOpacity: 1, interactive: false}).addTo(routeLayer);
  }
  parts.forEach(function (part) {
    part.bindPopup(popup, geomapPopup());
    if (!DENSE) { part.bindTooltip(geomapText('span', r.label), {sticky: true}); }
    part.addTo(routeLayer);
  });
  if (detailed) { arrowhead(r).addTo(routeLayer); }
  var el = line.getElement ? line.getElement() : null;
  if (el) {
    el.setAttribute('data-event-id', r.id);
    el.setAttribute('class', el.getAttribute('class') + ' geomap-route');
  }
  window.geomap.routes[r.id] = line;
  if (!detailed) { return; }
  if (r.people) {
    var mid = [(r.line[0][0] + r.line[r.line.length - 1][0]) / 2,
      (r.line[0][1] + r.line[r.line.length - 1][1]) / 2];
    pending.push(geomapLabel(mid, r.people.toLocaleString('en') + ' people' +
      (r.date ? ', ' + r.date : ''), {direction: 'top', offset: [0, -r.width - 6],
      className: 'geomap-route-label'}));
  }
  [0, 1].forEach(function (i) {
    if (!r.ends[i]) { return; }
    var at = i === 0 ? r.line[0] : r.line[r.line.length - 1];
    pending.push(geomapLabel(at, r.ends[i], {direction: 'bottom', offset: [0, 14],
      className: 'geomap-end-label'}));
  });
});
declutter = geomapBackdrop(map, DATA.backdrop, 'bottom');
pending.forEach(function (tag) { tag.addTo(map); window.geomap.labels.unshift(tag); });
DATA.points.forEach(function (p) {
  var colour = p.contested ? DATA.denied : DATA.colour;
  if (DENSE) {
    // One dashed ring per open end on the shared canvas; the popup says the rest.
    var ring = L.circleMarker(p.point, {renderer: canvas, radius: 6, color: colour, weight: 2,
      dashArray: '3 2', fillColor: '#fff', fillOpacity: 1});
    ring.bindPopup(function () { return geomapEventPopup(p.popup, DATA.articles); },
      geomapPopup());
    ring.addTo(pointLayer);
    window.geomap.markers[p.id] = ring;
    return;
  }
  // A pin: the ring sits above its point on a short stem, so a route that
  // starts at the same place stays visible beside it.
  var html = '<svg xmlns="http://www.w3.org/2000/svg" width="26" height="36" ' +
    'viewBox="0 0 26 36"><line x1="13" y1="24" x2="13" y2="35" stroke="' + colour +
    '" stroke-width="2"/><circle cx="13" cy="13" r="11" fill="#fff" stroke="' + colour +
    '" stroke-width="3" stroke-dasharray="4 3"/><text x="13" y="18" text-anchor="middle" ' +
    'font-size="14" font-weight="700" fill="' + colour + '">?</text></svg>';
  var marker = L.marker(p.point, {icon: L.divIcon({html: html, className: 'geomap-icon',
    iconSize: [26, 36], iconAnchor: [13, 35], popupAnchor: [0, -30]}),
    title: p.label, alt: p.label, pane: 'geomapOpenEnds'});
  marker.bindPopup(function () { return geomapEventPopup(p.popup, DATA.articles); },
    geomapPopup());
  marker.addTo(pointLayer);
  var tag = geomapLabel(p.point, p.label, {direction: 'left', offset: [-20, -22],
    className: 'geomap-end-label'}).addTo(map);
  window.geomap.labels.unshift(tag);
  marker.getElement().setAttribute('data-event-id', p.id);
  marker.getElement().classList.add('geomap-open-end');
  window.geomap.markers[p.id] = marker;
});
var Legend = L.Control.extend({
  onAdd: function () {
    var box = L.DomUtil.create('div', 'geomap-box geomap-legend');
    box.appendChild(geomapText('div', document.title, 'geomap-title'));
    function row(svgText, text) {
      var r = geomapText('div', '', 'row');
      var holder = document.createElement('span');
      holder.innerHTML = svgText;  // built here from constants, never from article text
      r.appendChild(holder.firstChild); r.appendChild(geomapText('span', text));
      box.appendChild(r);
    }
    var c = DATA.colour, d = DATA.denied;
    row('<svg width="34" height="14"><line x1="2" y1="7" x2="24" y2="7" stroke="' + c +
      '" stroke-width="4"/><polygon points="22,1 33,7 22,13" fill="' + c + '"/></svg>',
      'route, towards the arrow');
    row('<svg width="34" height="14"><line x1="2" y1="4" x2="32" y2="4" stroke="' + c +
      '" stroke-width="2"/><line x1="2" y1="11" x2="32" y2="11" stroke="' + c +
      '" stroke-width="7"/></svg>', 'width: number of people');
    row('<svg width="34" height="14"><line x1="2" y1="7" x2="32" y2="7" stroke="' + d +
      '" stroke-width="4" stroke-dasharray="7 4"/></svg>', 'denied or disputed');
    row('<svg width="34" height="18"><circle cx="17" cy="9" r="7" fill="#fff" stroke="' + c +
      '" stroke-width="2" stroke-dasharray="3 2"/><text x="17" y="13" text-anchor="middle" ' +
      'font-size="10" font-weight="700" fill="' + c + '">?</text></svg>',
      'other end not stated');
    L.DomEvent.disableClickPropagation(box);
    return box;
  }
});
new Legend({position: 'bottomleft'}).addTo(map);
L.control.layers({'OpenStreetMap (online)': tiles},
  {'Routes': routeLayer, 'One end known': pointLayer}, {position: 'topright'}).addTo(map);
var pts = [];
DATA.routes.forEach(function (r) { r.line.forEach(function (p) { pts.push(p); }); });
DATA.points.forEach(function (p) { pts.push(p.point); });
if (!pts.length) { DATA.backdrop.forEach(function (p) { pts.push([p.lat, p.lon]); }); }
geomapFit(map, pts);
declutter();
window.geomap.ready = true;
"""


def evacuation_map(
    events_fc: dict[str, Any],
    places_fc: dict[str, Any],
    *,
    cdn: bool = False,
    article_base: str = DEFAULT_ARTICLE_BASE,
    title: str = "Evacuations",
    palette: Palette | None = None,
) -> folium.Map:
    """The evacuations map as a folium Map (call inside `stable_ids()` for stable names)."""
    palette = palette or default_palette()
    data = evacuation_data(events_fc, places_fc, palette, article_base)
    fmap, tiles = new_map(title=title, cdn=cdn)
    GeomapScript(data=data, js=EVACUATIONS_JS, tiles_name=tiles.get_name()).add_to(fmap)
    return fmap
