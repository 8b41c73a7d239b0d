"""incidents.html: every event as a typed marker, clustered, filterable by date.

Symbols are inline SVG (no icon web font, so they draw offline), one shape
and colour per event type.  Markers live in one marker-cluster group; the
layer control's per-type entries and the date range only decide which
markers that group holds, so clusters never mix hidden types.  Popups are
built when a marker is opened, from plain-text fields, so 10,000 events
cost no DOM and no markup until then.  Events placed on a region (Badia, a governorate) also
show the region's outline, dashed, to say they are not pinned to a point.
"""

from __future__ import annotations

from typing import Any

import folium

from geomap.models import AREA_KINDS
from geomap.render.page import GeomapScript, backdrop_places, new_map, place_ring
from geomap.render.popups import DEFAULT_ARTICLE_BASE, cite_articles, event_popup_fields
from geomap.render.style import Palette, default_palette

#: SVG shape per event type, in a 24x24 box; `{c}` is the type's colour.
SYMBOLS: dict[str, str] = {
    "airstrike": '<path d="M12 22 L2 4 H22 Z" fill="{c}"/>',
    "shelling": (
        '<path d="M12 1 L14.6 8.2 L22 8.6 L16.2 13.3 L18.2 20.6 L12 16.4 L5.8 20.6 '
        'L7.8 13.3 L2 8.6 L9.4 8.2 Z" fill="{c}"/>'
    ),
    "clashes": (
        '<circle cx="12" cy="12" r="10" fill="{c}"/>'
        '<path d="M7 7 L17 17 M17 7 L7 17" stroke="#fff" stroke-width="3"/>'
    ),
    "attack": '<path d="M12 1 L23 12 L12 23 L1 12 Z" fill="{c}"/>',
    "casualties": (
        '<circle cx="12" cy="12" r="10" fill="{c}"/>'
        '<path d="M12 6 V18 M6 12 H18" stroke="#fff" stroke-width="3"/>'
    ),
    "control_change": (
        '<rect x="3" y="3" width="18" height="18" rx="2" fill="{c}"/>'
        '<path d="M8 18 V6 L17 9 L8 12" stroke="#fff" stroke-width="2" fill="#fff"/>'
    ),
    "evacuation": (
        '<circle cx="12" cy="12" r="10" fill="{c}"/>'
        '<path d="M6 12 H17 M13 7 L18 12 L13 17" stroke="#fff" stroke-width="2.5" fill="none"/>'
    ),
    "ceasefire": (
        '<circle cx="12" cy="12" r="10" fill="{c}"/>'
        '<path d="M8 8 V16 M16 8 V16" stroke="#fff" stroke-width="3"/>'
    ),
    "agreement": '<path d="M12 1 L23 9 L19 22 H5 L1 9 Z" fill="{c}"/>',
    "other": '<circle cx="12" cy="12" r="8" fill="{c}"/>',
}


def symbol_svg(event_type: str, colour: str, size: int = 24) -> str:
    """The inline SVG symbol for an event type (white outline for contrast)."""
    shape = SYMBOLS.get(event_type, SYMBOLS["other"]).format(c=colour)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 24 24" style="overflow:visible">'
        f'<g stroke="#fff" stroke-width="1.5" paint-order="stroke">{shape}</g></svg>'
    )


def incident_data(
    events_fc: dict[str, Any], places_fc: dict[str, Any], palette: Palette, article_base: str
) -> dict[str, Any]:
    places_by_id = {
        str((f.get("properties") or {}).get("id")): f for f in places_fc.get("features", [])
    }
    events, regions = [], {}
    for feature in events_fc.get("features", []):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry")
        if not geometry:
            continue
        coords = geometry["coordinates"]
        lon, lat = coords[0] if geometry.get("type") == "LineString" else coords
        event_type = str(props.get("event_type") or "other")
        if event_type not in SYMBOLS:
            event_type = "other"
        kinds = props.get("place_kinds") or []
        ids = props.get("place_ids") or []
        if kinds and kinds[0] in AREA_KINDS and ids and ids[0] in places_by_id:
            place = places_by_id[ids[0]]
            pgeom = place.get("geometry") or {}
            if pgeom.get("type") == "Point":
                plon, plat = pgeom["coordinates"][:2]
                regions[ids[0]] = place_ring(place.get("properties") or {}, plat, plon)
        events.append(
            {
                "id": str(props.get("id")),
                "type": event_type,
                "date": props.get("date"),
                "lat": lat,
                "lon": lon,
                "popup": event_popup_fields(props, palette),
            }
        )
    events.sort(key=lambda e: (e["date"] or "", e["id"]))
    present = sorted({e["type"] for e in events}, key=list(SYMBOLS).index)
    types = [
        {
            "type": t,
            "label": palette.event_type(t).label,
            "icon": symbol_svg(t, palette.event_type(t).colour),
        }
        for t in present
    ]
    dates = sorted({e["date"] for e in events if e["date"]})
    return {
        "events": events,
        "articles": cite_articles([e["popup"] for e in events], article_base),
        "types": types,
        "dates": dates,
        "regions": [regions[k] for k in sorted(regions)],
        "backdrop": backdrop_places(places_fc),
    }


INCIDENTS_JS = r"""
var declutter = geomapBackdrop(map, DATA.backdrop);
var regionLayer = L.featureGroup();
DATA.regions.forEach(function (ring) {
  L.polygon(ring, {color: '#555', weight: 1.5, dashArray: '4 6', fill: false,
    interactive: false}).addTo(regionLayer);
});
regionLayer.addTo(map);
var cluster = L.markerClusterGroup({chunkedLoading: true, maxClusterRadius: 40,
  spiderfyOnMaxZoom: true, showCoverageOnHover: false});
var icons = {}, toggles = {}, overlays = {}, byType = {};
DATA.types.forEach(function (t) {
  icons[t.type] = L.divIcon({html: t.icon, className: 'geomap-icon', iconSize: [24, 24],
    iconAnchor: [12, 12], popupAnchor: [0, -10]});
  toggles[t.type] = L.layerGroup().addTo(map);
  var name = '<span class="geomap-layer">' + t.icon + ' ' + t.label.replace(/[<&>]/g, '') +
    '</span>';
  overlays[name] = toggles[t.type];
  byType[t.type] = [];
});
var markers = DATA.events.map(function (e) {
  var title = e.popup.heading;
  var m = L.marker([e.lat, e.lon], {icon: icons[e.type], title: title, alt: title});
  m.bindPopup(function () { return geomapEventPopup(e.popup, DATA.articles); }, geomapPopup());
  m.on('add', function () {
    var el = m.getElement();
    if (el) { el.setAttribute('data-event-id', e.id); el.setAttribute('data-type', e.type); }
  });
  m.geomapEvent = e;
  window.geomap.markers[e.id] = m;
  return m;
});
var range = {from: 0, to: DATA.dates.length - 1};
function refresh() {
  var lo = DATA.dates[range.from], hi = DATA.dates[range.to];
  var shown = markers.filter(function (m) {
    var e = m.geomapEvent;
    if (!map.hasLayer(toggles[e.type])) { return false; }
    return e.date === null || DATA.dates.length === 0 || (e.date >= lo && e.date <= hi);
  });
  cluster.clearLayers();
  cluster.addLayers(shown);
  window.geomap.shown = shown.length;
}
map.on('overlayadd overlayremove', refresh);
var Filter = L.Control.extend({
  onAdd: function () {
    var box = L.DomUtil.create('div', 'geomap-box geomap-slider');
    box.appendChild(geomapText('div', document.title, 'geomap-title'));
    if (!DATA.dates.length) { return box; }
    var label = geomapText('div', '', 'geomap-asof');
    function update() {
      label.textContent = DATA.dates[range.from] + ' to ' + DATA.dates[range.to];
    }
    function input(which, value, aria) {
      var el = document.createElement('input');
      el.type = 'range'; el.min = 0; el.max = DATA.dates.length - 1; el.step = 1;
      el.value = value; el.id = 'geomap-date-' + which;
      el.setAttribute('aria-label', aria);
      el.addEventListener('input', function () {
        var v = parseInt(el.value, 10);
        if (which === 'from') { range.from = Math.min(v, range.to); el.value = range.from; }
        else { range.to = Math.max(v, range.from); el.value = range.to; }
        update(); refresh();
      });
      return el;
    }
    box.appendChild(label);
    box.appendChild(input('from', 0, 'First date shown'));
    box.appendChild(input('to', DATA.dates.length - 1, 'Last date shown'));
    box.appendChild(geomapText('div', 'Undated events are always shown.', 'src'));
    update();
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  }
});
new Filter({position: 'bottomleft'}).addTo(map);
overlays['Region outlines'] = regionLayer;
L.control.layers({'OpenStreetMap (online)': tiles}, overlays,
  {position: 'topright', collapsed: window.innerWidth < 600}).addTo(map);
var pts = DATA.events.map(function (e) { return [e.lat, e.lon]; });
if (!pts.length) { DATA.backdrop.forEach(function (p) { pts.push([p.lat, p.lon]); }); }
geomapFit(map, pts);
// Cluster once, at the fitted zoom (not at the world view, then again).
map.addLayer(cluster);
refresh();
declutter();
window.geomap.cluster = cluster;
window.geomap.ready = true;
"""

INCIDENTS_CSS = """
.geomap-layer svg { width: 14px; height: 14px; vertical-align: -2px; }
.leaflet-control-layers-overlays label { margin: 2px 0; }
"""


def incident_map(
    events_fc: dict[str, Any],
    places_fc: dict[str, Any],
    *,
    cdn: bool = False,
    article_base: str = DEFAULT_ARTICLE_BASE,
    title: str = "Incidents",
    palette: Palette | None = None,
) -> folium.Map:
    """The incidents map as a folium Map (call inside `stable_ids()` for stable names)."""
    palette = palette or default_palette()
    data = incident_data(events_fc, places_fc, palette, article_base)
    fmap, tiles = new_map(title=title, cdn=cdn, cluster=True, prefer_canvas=True)
    GeomapScript(data=data, js=INCIDENTS_JS, css=INCIDENTS_CSS, tiles_name=tiles.get_name()).add_to(
        fmap
    )
    return fmap
