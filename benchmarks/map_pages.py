"""Maps at scale: build the pages for N events and time them in headless Chromium.

The N events are synthetic, derived from the seed extraction's real events:
each is a copy of one seed event moved to a place drawn from the gazetteer
and GeoNames (jittered by up to ~1 km so markers do not stack exactly), its
date shifted by up to a year, under a new id.  They go through
`geomap.models` and `geomap.export` like extracted events, so the renderer
sees exactly the GeoJSON contract.

"Interactive" is defined as: the page's load event has fired, the page's
own `window.geomap.ready` flag is true (set once every layer is added and
the view fitted), and at least one data symbol is in the DOM (a marker or
cluster icon, or an SVG path or canvas in a data pane: not the tiles, not
the backdrop of place outlines and labels), after which two
animation frames have run (so it has been painted).  Time is wall time from
`page.goto` to that point; the page's own `performance.now()` at that point
is recorded too; a page not interactive after 60 s counts as timed out.
Long tasks (> 50 ms, PerformanceObserver) show whether the page freezes; a
zoom-in is timed after load as a responsiveness check.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any

MAP_PAGES = ("control", "evacuations", "incidents")
#: A page not interactive after this long is reported as timed out.
PAGE_TIMEOUT_MS = 60_000
_POINT_KINDS = frozenset(
    {
        "city",
        "town",
        "village",
        "neighbourhood",
        "camp",
        "landmark",
        "border_crossing",
        "airport",
        "military_base",
        "port",
        "facility",
        "district",
    }
)

_INTERACTIVE_JS = """() => {
  if (document.readyState !== 'complete') return false;
  if (!window.geomap || window.geomap.ready !== true) return false;
  // A data symbol: a marker or cluster icon, or an SVG path or canvas in a data pane
  // (not the tiles, and not geomap's backdrop of place outlines and labels).
  var drawn = document.querySelectorAll(
    '.leaflet-marker-icon, .marker-cluster, .leaflet-pane path, .leaflet-pane canvas');
  for (var i = 0; i < drawn.length; i++) {
    var pane = drawn[i].closest('.leaflet-pane:not(.leaflet-map-pane)');
    if (pane && !/tile-pane|Backdrop|Labels/.test(pane.className)) return true;
  }
  return false;
}"""
_LONG_TASKS_INIT = """
window.__benchLongTasks = [];
try {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) { window.__benchLongTasks.push(e.duration); });
  }).observe({type: 'longtask', buffered: true});
} catch (e) {}
"""
_TWO_FRAMES_JS = """() => new Promise(function (done) {
  requestAnimationFrame(function () { requestAnimationFrame(function () {
    done(performance.now()); }); });
})"""
_ZOOM_JS = """() => new Promise(function (done) {
  var map = null;
  for (var k in window) {
    if (k.indexOf('map_') === 0 && window[k] instanceof L.Map) { map = window[k]; break; }
  }
  if (!map) { done(null); return; }
  var t0 = performance.now();
  map.once('zoomend', function () {
    requestAnimationFrame(function () { requestAnimationFrame(function () {
      done(performance.now() - t0); }); });
  });
  map.setZoom(map.getZoom() + 1, {animate: false});
})"""


def synthetic_collections(
    n_events: int, seeds_dir: Path, gazetteer_dir: Path, seed: int = 0
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """Events and places GeoJSON for `n_events` events derived from the seeds' events."""
    import geomap
    from geomap.export import article_rows, events_geojson, places_geojson
    from geomap.gazetteer import load_gazetteer
    from geomap.geonames import GeoNamesIndex
    from geomap.models import Event, PlaceRef, PlaceSummary

    base = geomap.extract([seeds_dir], gazetteer_dir)
    templates = [e for e in base.events if e.place or e.origin or e.destination]
    rng = random.Random(seed)
    pool = _place_pool(load_gazetteer(gazetteer_dir), GeoNamesIndex, rng)

    def moved(ref: PlaceRef | None) -> PlaceRef | None:
        if ref is None:
            return None
        place = rng.choice(pool)
        jittered: PlaceRef = place.model_copy(
            update={
                "lat": place.lat + rng.uniform(-0.01, 0.01),
                "lon": place.lon + rng.uniform(-0.01, 0.01),
            }
        )
        return jittered

    events: list[Event] = []
    used: dict[str, tuple[PlaceRef, int]] = {}
    for i in range(n_events):
        template = templates[i % len(templates)]
        update: dict[str, Any] = {
            "id": f"bench-{i:06d}",
            "place": moved(template.place),
            "origin": moved(template.origin),
            "destination": moved(template.destination),
        }
        if template.date is not None:
            update["date"] = template.date + dt.timedelta(days=rng.randint(-365, 365))
        event = template.model_copy(update=update)
        events.append(event)
        for ref in (event.place, event.origin, event.destination):
            if ref is not None:
                known = used.get(ref.id)
                used[ref.id] = (known[0] if known else ref, (known[1] if known else 0) + 1)
    sites = [
        PlaceSummary(place=ref, mentions=count, articles=[f"bench-{ref.id}"])
        for ref, count in used.values()
    ]
    places = list(base.places) + sites
    articles = article_rows(base.articles)
    return events_geojson(events), places_geojson(places), articles


def _place_pool(gaz: Any, geonames_index: Any, rng: random.Random) -> list[Any]:
    """Point places to move events to: curated ones and ~300 GeoNames places in Syria."""
    from geomap.models import PlaceRef

    pool = [
        PlaceRef(id=p.id, name=p.name, kind=p.kind, lat=p.lat, lon=p.lon, country=p.country)
        for p in gaz.places.values()
        if p.kind in _POINT_KINDS
    ]
    index = geonames_index.open()
    with sqlite3.connect(f"{index.path.resolve().as_uri()}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT id, name, lat, lon FROM places WHERE country = 'SY' ORDER BY id"
        ).fetchall()
    index.close()
    for gid, name, lat, lon in rng.sample(rows, min(300, len(rows))):
        pool.append(
            PlaceRef(
                id=f"geonames:{gid}",
                name=name,
                kind="town",
                lat=lat,
                lon=lon,
                source="geonames",
                country="SY",
            )
        )
    return pool


def build_maps(
    events_fc: dict[str, Any],
    places_fc: dict[str, Any],
    articles: list[dict[str, Any]],
    out_dir: Path,
) -> dict[str, Any]:
    """Time `render_maps` and measure each page it writes."""
    from geomap.render import render_maps

    t = time.perf_counter()
    written = render_maps(events_fc, places_fc, out_dir, articles=articles)
    seconds = time.perf_counter() - t
    return {
        "events": len(events_fc["features"]),
        "places": len(places_fc["features"]),
        "seconds": round(seconds, 2),
        "html_bytes": {p.name: p.stat().st_size for p in written},
    }


def time_in_chromium(out_dir: Path, runs: int = 3) -> dict[str, Any]:
    """Time until each page is interactive in headless Chromium, network blocked."""
    from playwright.sync_api import sync_playwright

    from geomap.snapshot import CHROMIUM_ARGS, chromium_path, is_local

    pages: dict[str, Any] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for name in (*MAP_PAGES, "index"):
                # The index is a table, not a map: one visit is enough.
                visits = runs if name != "index" else 1
                samples = []
                for _ in range(visits):
                    samples.append(
                        _visit(browser, out_dir / f"{name}.html", name != "index", is_local)
                    )
                    if samples[-1].get("timed_out"):
                        break  # once is enough to know
                pages[name] = _summarise(samples)
        finally:
            browser.close()
    return {"chromium": chromium_path(), "runs_per_page": runs, "pages": pages}


def _visit(browser: Any, path: Path, is_map: bool, is_local: Any) -> dict[str, Any]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1200, "height": 800})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        context.route(
            "**/*",
            lambda route: route.continue_() if is_local(route.request.url) else route.abort(),
        )
        page.add_init_script(_LONG_TASKS_INIT)
        t = time.perf_counter()
        try:
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=PAGE_TIMEOUT_MS)
            if is_map:
                page.wait_for_function(_INTERACTIVE_JS, timeout=PAGE_TIMEOUT_MS, polling=10)
        except PlaywrightTimeout:
            # Never interactive: a figure in itself (with the page's errors, if any).
            return {"timed_out": True, "long_tasks": 0, "errors": errors}
        in_page_ms = page.evaluate(_TWO_FRAMES_JS)
        wall_ms = (time.perf_counter() - t) * 1000
        sample = {
            "wall_ms": wall_ms,
            "in_page_ms": in_page_ms,
            "load_event_ms": page.evaluate(
                "performance.getEntriesByType('navigation')[0].loadEventEnd"
            ),
            "long_tasks": page.evaluate("window.__benchLongTasks.length"),
            "longest_task_ms": page.evaluate("Math.max(0, ...window.__benchLongTasks)"),
            "errors": errors,
        }
        if is_map:
            sample["zoom_ms"] = page.evaluate(_ZOOM_JS)
            sample["markers_drawn"] = page.evaluate(
                "document.querySelectorAll('.leaflet-marker-icon').length"
            )
        return sample
    finally:
        context.close()


def _summarise(samples: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("wall_ms", "in_page_ms", "load_event_ms", "longest_task_ms", "zoom_ms"):
        values = [s[key] for s in samples if s.get(key) is not None]
        if values:
            out[f"{key}_median"] = round(statistics.median(values), 1)
    out["long_tasks_max"] = max(s["long_tasks"] for s in samples)
    out["timed_out"] = sum(1 for s in samples if s.get("timed_out"))
    drawn = [s["markers_drawn"] for s in samples if "markers_drawn" in s]
    if drawn:
        out["markers_drawn"] = drawn[0]
    out["errors"] = sorted({e for s in samples for e in s["errors"]})
    return out
