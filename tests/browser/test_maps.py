"""The maps as a reader meets them: real headless Chromium, no network at all.

Each page is opened from file:// with every request other than file: and
data: aborted.  The OSM tiles are the only thing a page asks the network for;
their failures are the only console errors allowed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pages import assert_clean, assert_sorts_by_date, click_middle, open_marker_popup

from geomap.render import render_maps
from geomap.render.style import default_palette

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent.parent / "data" / "render"


@pytest.fixture(scope="module")
def maps_dir(
    events_fc: dict[str, Any], places_fc: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    sys.path.insert(0, str(FIXTURES))
    import make_fixtures

    articles = [
        {"file": a.id, "title": a.title, "date": str(a.published), "outlet": a.outlet}
        for a in make_fixtures.articles()
    ]
    articles.append(  # an article of the corpus that told of no armed conflict
        {"file": "match.txt", "title": "A late strike", "date": None, "outlet": "X"}
        | {"no_conflict": True}
    )
    out = tmp_path_factory.mktemp("maps")
    render_maps(events_fc, places_fc, out, articles=articles)
    return out


@pytest.fixture
def visit(open_page: Any, maps_dir: Path) -> Any:
    return lambda name, width=1200, height=800: open_page(maps_dir, name, width, height)


@pytest.mark.parametrize("name", ["control", "evacuations", "incidents"])
def test_each_map_draws_offline_without_errors(visit: Any, name: str) -> None:
    seen = visit(name)
    page = seen.page
    assert page.locator(".leaflet-container").count() == 1
    assert page.locator(".leaflet-control-layers").count() == 1
    assert page.locator(".geomap-box").count() >= 1  # legend or filter box
    assert_clean(seen)


def test_control_areas_match_the_places(visit: Any, places_fc: dict[str, Any]) -> None:
    seen = visit("control")
    expected = sorted(f["id"] for f in places_fc["features"] if f["properties"]["control"])
    drawn = seen.page.eval_on_selector_all(
        "path[data-place-id]", "els => els.map(e => e.getAttribute('data-place-id'))"
    )
    assert sorted(drawn) == expected
    assert_clean(seen)


def test_slider_turns_yarmouk_from_is_to_government(visit: Any) -> None:
    palette = default_palette()
    seen = visit("control")
    page = seen.page
    slider = page.locator("#geomap-slider")
    yarmouk = page.locator('path[data-place-id="yarmouk-camp"]')

    def move_to(index: str) -> None:
        slider.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", index)

    move_to(slider.get_attribute("min") or "0")
    assert yarmouk.get_attribute("stroke") == palette.actor("islamic-state").colour
    assert yarmouk.get_attribute("fill") == palette.actor("islamic-state").colour
    assert page.locator(".geomap-asof").inner_text() == "Before 2018-05-21"
    # Tadamon has no reported earlier holder: outline only
    assert page.locator('path[data-place-id="tadamon"]').get_attribute("fill") == "none"
    move_to(slider.get_attribute("max") or "0")
    assert yarmouk.get_attribute("stroke") == palette.actor("syrian-government").colour
    assert yarmouk.get_attribute("fill") == palette.actor("syrian-government").colour
    assert page.locator(".geomap-asof").inner_text() == "As of 2018-05-21"
    # an uncorroborated claim is hatched and dashed
    hajar = page.locator('path[data-place-id="hajar-al-aswad"]')
    assert (hajar.get_attribute("fill") or "").startswith("url(#geomap-hatch-")
    assert hajar.get_attribute("stroke-dasharray")
    assert_clean(seen)


def test_evacuation_routes_and_open_ends_match(visit: Any, events_fc: dict[str, Any]) -> None:
    evacuations = [
        f for f in events_fc["features"] if f["properties"]["event_type"] == "evacuation"
    ]
    lines = sorted(f["id"] for f in evacuations if f["geometry"]["type"] == "LineString")
    points = sorted(f["id"] for f in evacuations if f["geometry"]["type"] == "Point")
    seen = visit("evacuations")
    page = seen.page
    ids = "els => els.map(e => e.getAttribute('data-event-id')).sort()"
    assert page.eval_on_selector_all("path.geomap-route", ids) == lines
    assert page.eval_on_selector_all(".geomap-open-end", ids) == points
    click_middle(page, 'path.geomap-route[data-event-id="ev-evac-south-badia"]')
    popup = page.locator(".leaflet-popup-content")
    assert "1,600 people" in popup.inner_text()
    assert "Denied" in popup.inner_text()
    assert_clean(seen)


def test_incident_markers_match_and_filter_by_date(visit: Any, events_fc: dict[str, Any]) -> None:
    located = [f for f in events_fc["features"] if f["geometry"]]
    seen = visit("incidents")
    page = seen.page
    assert page.evaluate("Object.keys(window.geomap.markers).length") == len(located)
    assert page.evaluate("window.geomap.cluster.getLayers().length") == len(located)
    last = max(f["properties"]["date"] for f in located if f["properties"]["date"])
    page.locator("#geomap-date-from").evaluate(
        "el => { el.value = el.max; el.dispatchEvent(new Event('input')); }"
    )
    on_last = [f for f in located if f["properties"]["date"] in (last, None)]
    assert page.evaluate("window.geomap.cluster.getLayers().length") == len(on_last)
    assert_clean(seen)


def test_clicking_hajar_al_aswad_opens_its_quote(visit: Any) -> None:
    seen = visit("incidents")
    page = seen.page
    popup = open_marker_popup(page, "ev-airstrike-hajar")
    assert "Warplanes struck Hajar al-Aswad, killing four" in popup.inner_text()
    assert popup.locator('a[href="../seeds/003_example_agency.txt"]').count() == 1
    box = popup.locator(".geomap-popup").bounding_box()
    assert box is not None and box["width"] <= 340
    assert_clean(seen)


def test_hostile_quote_shows_as_text_and_never_runs(visit: Any) -> None:
    seen = visit("incidents")
    page = seen.page
    popup = open_marker_popup(page, "ev-xss")
    assert "<script>window.__xss=1</script>" in popup.inner_text()
    assert '<img src=x onerror="window.__xss=2">' in popup.inner_text()
    # the actor, the date words and the attribution came from the article too
    for text in ("<script>evil</script>", "<b>today</b>", "<i>someone</i>"):
        assert text in popup.inner_text()
    assert popup.locator("img, script, i").count() == 0
    assert popup.locator("b").all_inner_texts() == ["Sources (1)"]
    assert page.evaluate("window.__xss") is None
    assert_clean(seen)


def test_popup_lays_out_every_field_the_page_holds(visit: Any) -> None:
    """The heading, each line of facts, each quote with its source and link, in order."""
    seen = visit("incidents")
    page = seen.page
    data = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/json\"]').textContent)"
    )
    event = next(e for e in data["events"] if e["popup"]["denials"])
    fields = event["popup"]
    popup = open_marker_popup(page, event["id"])
    assert popup.locator("h3").inner_text() == fields["heading"]
    assert popup.locator(".meta").all_inner_texts() == fields["meta"]
    assert popup.locator(".denied").count() == int(fields["disputed"])
    quotes = popup.locator("blockquote")
    evidence = fields["sources"] + fields["denials"]
    assert quotes.count() == len(evidence)
    for i, (quote, who, article) in enumerate(evidence):
        block = quotes.nth(i)
        name, href = data["articles"][article]
        assert block.inner_text().startswith(quote)
        assert block.locator(".src").inner_text() == f"— {who + ', ' if who else ''}{name}"
        assert block.locator("a").get_attribute("href") == href
        denial = i >= len(fields["sources"])
        assert (block.get_attribute("class") == "denial") is denial
    assert_clean(seen)


def test_popup_fits_a_phone_screen(visit: Any) -> None:
    seen = visit("evacuations", width=360, height=640)
    page = seen.page
    click_middle(page, 'path.geomap-route[data-event-id="ev-evac-south-badia"]')
    box = page.locator(".leaflet-popup").bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert_clean(seen)


def test_index_table_sorts_by_date(visit: Any, events_fc: dict[str, Any]) -> None:
    seen = visit("index")
    page = seen.page
    rows = page.locator("#events tbody tr")
    assert rows.count() == len(events_fc["features"])
    assert_sorts_by_date(page)
    assert "<script>window.__xss=1</script>" in page.locator("#events").inner_text()
    assert page.locator("iframe").count() == 3
    assert_clean(seen)


def test_the_index_says_which_articles_gave_no_event(visit: Any) -> None:
    page = visit("index").page
    flagged = page.locator("li", has=page.locator(".geomap-no-conflict"))
    assert flagged.count() == 1
    assert "A late strike" in flagged.inner_text()
    assert "tells of no armed conflict" in flagged.inner_text()


def test_snapshot_command_writes_a_png(maps_dir: Path, tmp_path: Path) -> None:
    # In a child process: Playwright's sync API cannot nest in this module's browser.
    png = tmp_path / "control.png"
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from geomap.cli import main; main()",
            "snapshot",
            str(maps_dir / "control.html"),
            "-o",
            str(png),
            "--width",
            "640",
            "--height",
            "480",
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") == 640
    assert int.from_bytes(header[20:24], "big") == 480
    assert png.stat().st_size > 5000


#: Every map label: its text, whether it shows, its box, and where its anchor is on screen.
_LABELS_JS = """() => window.geomap.labels.map(function (tip) {
  var el = tip.getElement(), r = el.firstChild.getBoundingClientRect();
  var map = tip._map, c = map.getContainer().getBoundingClientRect();
  var p = map.latLngToContainerPoint(tip.getLatLng());
  return {text: el.textContent, shown: getComputedStyle(el).visibility === 'visible',
    box: [r.left, r.top, r.right, r.bottom], direction: tip.options.direction,
    anchor: [c.left + p.x + tip.options.offset[0], c.top + p.y + tip.options.offset[1]]};
})"""


def _touch(a: list[float], b: list[float]) -> bool:
    return not (a[2] < b[0] or a[0] > b[2] or a[3] < b[1] or a[1] > b[3])


def _assert_labels_placed_and_decluttered(labels: list[dict[str, Any]]) -> None:
    shown = [label for label in labels if label["shown"]]
    assert shown
    for label in labels:
        left, top, right, bottom = label["box"]
        x, y = label["anchor"]
        middle = ((left + right) / 2, (top + bottom) / 2)
        expected = {
            "center": (middle[0], middle[1]),
            "bottom": (middle[0], top),
            "top": (middle[0], bottom),
            "left": (right, middle[1]),
        }[label["direction"]]
        assert abs(expected[0] - x) <= 1.5 and abs(expected[1] - y) <= 1.5, label
    # No two names that show overlap, and a name hides only behind one that shows first.
    for i, one in enumerate(shown):
        for two in shown[i + 1 :]:
            assert not _touch(one["box"], two["box"]), (one["text"], two["text"])
    for i, label in enumerate(labels):
        if not label["shown"]:
            assert any(k["shown"] and _touch(k["box"], label["box"]) for k in labels[:i]), label


@pytest.mark.parametrize("name", ["control", "evacuations", "incidents"])
def test_labels_sit_at_their_places_and_never_overlap(
    visit: Any, places_fc: dict[str, Any], name: str
) -> None:
    seen = visit(name)
    page = seen.page
    labels = page.evaluate(_LABELS_JS)
    texts = {label["text"] for label in labels}
    # every place is named, on the backdrop or (evacuations) at the route end it is
    assert {f["properties"]["name"] for f in places_fc["features"]} <= texts
    _assert_labels_placed_and_decluttered(labels)
    for _ in range(2):  # they follow the map when it zooms in, and declutter again
        page.evaluate(
            "() => new Promise(done => { const m = window.geomap.cluster ? "
            "window.geomap.cluster._map : Object.values(window).find(v => v instanceof L.Map);"
            "m.once('zoomend', () => setTimeout(() => requestAnimationFrame(done), 0));"
            "m.setZoom(m.getZoom() + 1, {animate: false}); })"
        )
        _assert_labels_placed_and_decluttered(page.evaluate(_LABELS_JS))
    assert_clean(seen)
