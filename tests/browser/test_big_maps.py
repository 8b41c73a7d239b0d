"""Archive-sized input: pages switch to their dense forms and stay usable.

1,200 events replicated from the render fixtures (with the hostile quote
among them) make the evacuation map draw on one canvas and the index page
build its table a page at a time; both must still show everything and run
no article text.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pages import assert_clean

from geomap.render import render_maps

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent.parent / "data" / "render"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    events = json.loads((FIXTURES / "events.geojson").read_text(encoding="utf-8"))
    places = json.loads((FIXTURES / "places.geojson").read_text(encoding="utf-8"))
    base = events["features"]
    features = []
    for i in range(1200):
        feature = copy.deepcopy(base[i % len(base)])
        feature["id"] = feature["properties"]["id"] = f"ev-{i:05d}"
        features.append(feature)
    events["features"] = features
    out = tmp_path_factory.mktemp("big")
    render_maps(events, places, out)
    return out, events


def test_dense_evacuation_map_draws_every_route(open_page: Any, big: tuple[Path, Any]) -> None:
    out, events = big
    evacuations = [f for f in events["features"] if f["properties"]["event_type"] == "evacuation"]
    lines = [f for f in evacuations if f["geometry"]["type"] == "LineString"]
    points = [f for f in evacuations if f["geometry"]["type"] == "Point"]
    seen = open_page(out, "evacuations")
    assert seen.page.evaluate("Object.keys(window.geomap.routes).length") == len(lines)
    assert seen.page.evaluate("Object.keys(window.geomap.markers).length") == len(points)
    assert seen.page.locator(".leaflet-pane canvas").count() >= 1
    assert_clean(seen)


def test_paged_index_sorts_all_events_and_runs_no_article_text(
    open_page: Any, big: tuple[Path, Any]
) -> None:
    out, events = big
    seen = open_page(out, "index")
    page = seen.page
    assert page.locator("#events tbody tr").count() == 200
    assert f"of {len(events['features'])}" in page.locator("#events-page").inner_text()
    page.locator("#col-date").click()
    first = page.locator("#events tbody tr td:first-child").first.get_attribute("data-sort")
    dates = sorted(f["properties"]["date"] or "9999" for f in events["features"])
    assert first == dates[0]
    page.locator("#col-date").click()
    first = page.locator("#events tbody tr td:first-child").first.get_attribute("data-sort")
    assert first == dates[-1]
    page.locator("#events-next").click()
    assert "Events 201–400" in page.locator("#events-page").inner_text()
    hostile = page.locator("#events tbody", has_text="<script>window.__xss=1</script>")
    for _ in range(6):
        if hostile.count():
            break
        page.locator("#events-next").click()
    assert hostile.count() == 1
    assert page.locator("#events tbody script, #events tbody img").count() == 0
    assert page.locator("iframe[src]").count() == 0  # maps wait for a click
    assert_clean(seen)
