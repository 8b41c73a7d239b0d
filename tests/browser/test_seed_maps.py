"""The committed seed maps (maps/), opened as a reader would, offline.

The same checks as on the synthetic fixtures, now on what `geomap build`
made from the five seed articles: what is drawn equals what the exported
GeoJSON holds, Yarmouk turns from the Islamic State's colour to the
government's along the slider, and Hajar al-Aswad's marker shows its quote.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pages import assert_clean, assert_sorts_by_date, open_marker_popup

from geomap.render.style import default_palette

pytestmark = pytest.mark.browser

MAPS = Path(__file__).resolve().parents[2] / "maps"


@pytest.fixture(scope="module")
def events_fc() -> dict[str, Any]:
    return json.loads((MAPS / "events.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def places_fc() -> dict[str, Any]:
    return json.loads((MAPS / "places.geojson").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["control", "evacuations", "incidents", "index"])
def test_seed_pages_load_offline_without_errors(open_page: Any, name: str) -> None:
    seen = open_page(MAPS, name)
    if name != "index":
        assert seen.page.locator(".leaflet-container").count() == 1
    assert_clean(seen)


def test_drawn_features_equal_the_geojson(
    open_page: Any, events_fc: dict[str, Any], places_fc: dict[str, Any]
) -> None:
    areas = sorted(f["id"] for f in places_fc["features"] if f["properties"]["control"])
    control = open_page(MAPS, "control").page
    drawn = control.eval_on_selector_all(
        "path[data-place-id]", "els => els.map(e => e.getAttribute('data-place-id')).sort()"
    )
    assert drawn == areas

    evacuations = [
        f for f in events_fc["features"] if f["properties"]["event_type"] == "evacuation"
    ]
    routes = sorted(f["id"] for f in evacuations if f["geometry"]["type"] == "LineString")
    open_ends = sorted(f["id"] for f in evacuations if f["geometry"]["type"] == "Point")
    page = open_page(MAPS, "evacuations").page
    ids = "els => els.map(e => e.getAttribute('data-event-id')).sort()"
    assert routes and page.eval_on_selector_all("path.geomap-route", ids) == routes
    assert page.eval_on_selector_all(".geomap-open-end", ids) == open_ends

    located = [f for f in events_fc["features"] if f["geometry"]]
    page = open_page(MAPS, "incidents").page
    assert page.evaluate("window.geomap.cluster.getLayers().length") == len(located)


def test_slider_turns_yarmouk_from_is_to_government(open_page: Any) -> None:
    palette = default_palette()
    seen = open_page(MAPS, "control")
    page = seen.page
    slider = page.locator("#geomap-slider")
    yarmouk = page.locator('path[data-place-id="yarmouk-camp"]')

    def move_to(value: str | None) -> None:
        slider.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", value)

    move_to(slider.get_attribute("min"))
    assert yarmouk.get_attribute("stroke") == palette.actor("islamic-state").colour
    move_to(slider.get_attribute("max"))
    assert yarmouk.get_attribute("stroke") == palette.actor("syrian-government").colour
    assert yarmouk.get_attribute("fill") == palette.actor("syrian-government").colour
    assert_clean(seen)


def test_clicking_hajar_al_aswad_opens_its_quote(open_page: Any, events_fc: dict[str, Any]) -> None:
    event = next(
        f
        for f in events_fc["features"]
        if f["properties"]["place_ids"] == ["hajar-al-aswad"]
        and f["properties"]["event_type"] == "control_change"
    )
    seen = open_page(MAPS, "incidents")
    page = seen.page
    popup = open_marker_popup(page, event["id"])
    text = " ".join(popup.inner_text().split())
    for source in event["properties"]["sources"]:
        assert " ".join(source["quote"].split()) in text
    assert_clean(seen)


def test_index_table_sorts_by_date(open_page: Any, events_fc: dict[str, Any]) -> None:
    page = open_page(MAPS, "index").page
    assert page.locator("#events tbody tr").count() == len(events_fc["features"])
    assert_sorts_by_date(page)
