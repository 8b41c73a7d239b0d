"""control.html: who holds which area, stepping through the dates of change.

Each place with a control timeline is drawn as its outline (or a geodesic
disc) filled with its holder's colour.  A slider steps through the dates on
which control changed, plus one step before the first change, where an area
shows its earlier holder if the articles report one and only its outline if
not.  Corroborated holdings are solid; a claim told by one article, or one a
party denies, is hatched with a dashed edge, the way analysts separate
"assessed" from "claimed".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import folium

from geomap.render.page import GeomapScript, backdrop_places, new_map, place_ring
from geomap.render.popups import DEFAULT_ARTICLE_BASE, control_popup
from geomap.render.style import Palette, actor_label, default_palette


def change_steps(places: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Slider steps: the day before the first change, then each change date."""
    changes = sorted(
        {
            period["since"]
            for place in places
            for period in place["control"]
            if period.get("basis") == "control_change" and period.get("since")
        }
    )
    if not changes:
        return [{"date": "9999-12-31", "label": "as reported", "asof": "As reported"}]
    first = dt.date.fromisoformat(changes[0])
    before = (first - dt.timedelta(days=1)).isoformat()
    steps = [{"date": before, "label": f"before {changes[0]}", "asof": f"Before {changes[0]}"}]
    steps += [{"date": day, "label": day, "asof": f"As of {day}"} for day in changes]
    return steps


def _bbox_size(ring: list[list[float]]) -> float:
    lats = [p[0] for p in ring]
    lons = [p[1] for p in ring]
    return (max(lats) - min(lats)) * (max(lons) - min(lons))


def control_data(
    events_fc: dict[str, Any], places_fc: dict[str, Any], palette: Palette, article_base: str
) -> dict[str, Any]:
    """Everything the page script needs, as plain sorted JSON-ready data."""
    events_by_id = {
        str(f.get("id") or (f.get("properties") or {}).get("id")): f
        for f in events_fc.get("features", [])
    }
    areas: list[dict[str, Any]] = []
    for feature in places_fc.get("features", []):
        props = feature.get("properties") or {}
        control = props.get("control") or []
        geometry = feature.get("geometry") or {}
        if not control or geometry.get("type") != "Point":
            continue
        lon, lat = geometry["coordinates"][:2]
        periods = []
        for period in control:
            swatch = palette.actor(period.get("holder")) if period.get("holder") else None
            periods.append(
                {
                    "holder": period.get("holder"),
                    "since": period.get("since"),
                    "until": period.get("until"),
                    "colour": swatch.colour if swatch else None,
                    "claimed": bool(period.get("contested")) or not period.get("corroborated"),
                }
            )
        ring = place_ring(props, lat, lon)
        areas.append(
            {
                "id": str(props.get("id")),
                "name": str(props.get("name") or props.get("id")),
                "ring": ring,
                "size": _bbox_size(ring),
                "periods": periods,
                "control": control,
                "popup": control_popup(props, events_by_id, palette, article_base),
            }
        )
    # Largest first, so small neighbourhoods are drawn on top of a region.
    areas.sort(key=lambda a: (-a["size"], a["id"]))
    holders = sorted({p["holder"] for a in areas for p in a["periods"] if p["holder"]})
    # An actor the colours file lacks is drawn in the fallback colour but named as itself.
    legend = [
        {"colour": palette.actor(h).colour, "label": actor_label(h, palette)} for h in holders
    ]
    steps = change_steps(areas)
    for area in areas:
        del area["control"], area["size"]
    return {
        "areas": areas,
        "steps": steps,
        "legend": legend,
        "backdrop": backdrop_places(places_fc),
    }


def _hatch_defs(colours: list[str]) -> str:
    """SVG patterns for hatched ("claimed") fills, one per holder colour."""
    patterns = "".join(
        f'<pattern id="geomap-hatch-{c[1:]}" width="7" height="7" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="7" height="7" fill="{c}" fill-opacity="0.15"/>'
        f'<line x1="0" y1="0" x2="0" y2="7" stroke="{c}" stroke-width="3"/></pattern>'
        for c in colours
    )
    return (
        '<svg width="0" height="0" style="position:absolute" aria-hidden="true">'
        f"<defs>{patterns}</defs></svg>"
    )


CONTROL_JS = r"""
var declutter = geomapBackdrop(map, DATA.backdrop);
var areaLayer = L.featureGroup().addTo(map);
var svg = L.svg();
var drawn = [];
DATA.areas.forEach(function (a) {
  var layer = L.polygon(a.ring, {renderer: svg, weight: 2});
  layer.bindPopup(a.popup, geomapPopup());
  layer.bindTooltip(geomapText('span', a.name), {sticky: true});
  layer.addTo(areaLayer);
  layer.getElement().setAttribute('data-place-id', a.id);
  window.geomap.areas[a.id] = layer;
  drawn.push({area: a, layer: layer});
});
function holding(area, day) {
  var found = null;
  area.periods.forEach(function (p) {
    if ((p.since === null || p.since <= day) && (p.until === null || day < p.until)) {
      found = p;
    }
  });
  return found;
}
var asof = geomapText('div', '', 'geomap-asof');
function show(index) {
  var step = DATA.steps[index];
  asof.textContent = step.asof;
  drawn.forEach(function (d) {
    var p = holding(d.area, step.date);
    var el = d.layer.getElement();
    if (p === null || p.holder === null) {
      d.layer.setStyle({color: '#555', weight: 1.5, dashArray: '2 4', fill: false,
        fillColor: 'none'});
      el.setAttribute('data-holder', '');
      el.setAttribute('data-colour', '');
      return;
    }
    d.layer.setStyle({color: p.colour, weight: 2, dashArray: p.claimed ? '6 4' : null,
      fill: true, fillOpacity: p.claimed ? 0.9 : 0.7,
      fillColor: p.claimed ? 'url(#geomap-hatch-' + p.colour.slice(1) + ')' : p.colour});
    el.setAttribute('data-holder', p.holder);
    el.setAttribute('data-colour', p.colour);
    el.setAttribute('data-claimed', p.claimed ? 'true' : 'false');
  });
}
// Open where the page's "as of" date happened: the areas that changed hands on the
// last date of the slider; buttons show every change and every area.
var changed = [], all = [], latest = [];
var lastDate = DATA.steps.length ? DATA.steps[DATA.steps.length - 1].date : null;
DATA.areas.forEach(function (a) {
  var moved = a.periods.some(function (p) { return p.since !== null; });
  var now = a.periods.some(function (p) { return p.since !== null && p.since === lastDate; });
  a.ring.forEach(function (p) {
    all.push(p);
    if (moved) { changed.push(p); }
    if (now) { latest.push(p); }
  });
});
if (!all.length) { DATA.backdrop.forEach(function (p) { all.push([p.lat, p.lon]); }); }
var Slider = L.Control.extend({
  onAdd: function () {
    var box = L.DomUtil.create('div', 'geomap-box geomap-slider');
    box.appendChild(geomapText('div', document.title, 'geomap-title'));
    box.appendChild(asof);
    var input = document.createElement('input');
    input.type = 'range'; input.min = 0; input.max = DATA.steps.length - 1; input.step = 1;
    input.value = DATA.steps.length - 1; input.id = 'geomap-slider';
    input.setAttribute('aria-label', 'Date of control');
    input.addEventListener('input', function () { show(parseInt(input.value, 10)); });
    box.appendChild(input);
    var ends = document.createElement('div');
    ends.style.cssText = 'display:flex;justify-content:space-between;gap:12px';
    ends.appendChild(geomapText('span', DATA.steps[0].label));
    ends.appendChild(geomapText('span', DATA.steps[DATA.steps.length - 1].label));
    box.appendChild(ends);
    var zoom = geomapText('div', 'Zoom to: ', 'geomap-zoomto');
    [['latest', latest.length ? latest : changed], ['all changes', changed], ['all areas', all]]
      .forEach(function (z) {
      var b = geomapText('button', z[0]);
      b.type = 'button';
      b.addEventListener('click', function () { geomapFit(map, z[1], true); });
      zoom.appendChild(b);
    });
    box.appendChild(zoom);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  }
});
var Legend = L.Control.extend({
  onAdd: function () {
    var box = L.DomUtil.create('div', 'geomap-box geomap-legend');
    box.appendChild(geomapText('h4', 'Held by'));
    function row(style, text) {
      var r = geomapText('div', '', 'row');
      var sw = geomapText('span', '', 'sw');
      Object.keys(style).forEach(function (k) { sw.style[k] = style[k]; });
      r.appendChild(sw); r.appendChild(geomapText('span', text)); box.appendChild(r);
    }
    DATA.legend.forEach(function (e) {
      row({background: e.colour, borderColor: e.colour, opacity: 0.8}, e.label);
    });
    row({background: 'repeating-linear-gradient(45deg,#666 0 3px,transparent 3px 7px)',
      borderColor: '#666', borderStyle: 'dashed'}, 'claimed: one source or disputed');
    row({background: 'transparent', borderColor: '#555', borderStyle: 'dotted'},
      'holder unknown');
    L.DomEvent.disableClickPropagation(box);
    return box;
  }
});
new Legend({position: 'topright'}).addTo(map);
new Slider({position: 'bottomleft'}).addTo(map);
show(DATA.steps.length - 1);
L.control.layers({'OpenStreetMap (online)': tiles}, {'Controlled areas': areaLayer},
  {position: 'topleft'}).addTo(map);
geomapFit(map, latest.length ? latest : changed.length ? changed : all);
declutter();
window.geomap.steps = DATA.steps;
window.geomap.show = show;
window.geomap.ready = true;
"""


def control_map(
    events_fc: dict[str, Any],
    places_fc: dict[str, Any],
    *,
    cdn: bool = False,
    article_base: str = DEFAULT_ARTICLE_BASE,
    title: str = "Areas of control",
    palette: Palette | None = None,
) -> folium.Map:
    """The control map as a folium Map (call inside `stable_ids()` for stable names)."""
    palette = palette or default_palette()
    data = control_data(events_fc, places_fc, palette, article_base)
    colours = sorted({p["colour"] for a in data["areas"] for p in a["periods"] if p["colour"]})
    fmap, tiles = new_map(title=title, cdn=cdn)
    GeomapScript(
        data=data, js=CONTROL_JS, body=_hatch_defs(colours), tiles_name=tiles.get_name()
    ).add_to(fmap)
    return fmap
