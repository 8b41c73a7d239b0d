"""The maps, read as HTML: determinism, escaping, offline assets, feature counts."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import folium
import pytest

from geomap.errors import DataFileError, RenderError
from geomap.lexicon import default_lexicon
from geomap.models import AREA_KINDS
from geomap.render import (
    control_map,
    map_html,
    render_fragment,
    render_maps,
)
from geomap.render.control import change_steps
from geomap.render.evacuations import route_width
from geomap.render.page import script_json
from geomap.render.popups import cite_articles, event_popup_fields, place_text
from geomap.render.style import default_palette, load_palette

FIXTURES = Path(__file__).parent / "data" / "render"
sys.path.insert(0, str(FIXTURES))
import make_fixtures  # noqa: E402

XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = '<img src=x onerror="window.__xss=2">'
MAPS = ("control", "evacuations", "incidents")

#: The only absolute URLs a page may name in src=/href= when offline:
#: the OSM tile template, and the attribution links of OSM and Leaflet.
ALLOWED_URLS = {
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "https://www.openstreetmap.org/copyright",
    "https://leafletjs.com",
}


@pytest.fixture(scope="module")
def articles() -> list[dict[str, Any]]:
    return [
        {"file": a.id, "title": a.title, "date": str(a.published), "outlet": a.outlet}
        for a in make_fixtures.articles()
    ]


@pytest.fixture(scope="module")
def pages(
    events_fc: dict[str, Any],
    places_fc: dict[str, Any],
    articles: list[dict[str, Any]],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, str]:
    out = tmp_path_factory.mktemp("maps")
    paths = render_maps(events_fc, places_fc, out, articles=articles)
    return {p.stem: p.read_text(encoding="utf-8") for p in paths}


def page_data(page: str) -> dict[str, Any]:
    """The JSON a map page's script draws from."""
    match = re.search(r'<script type="application/json" id="[\w-]+">(.*?)</script>', page)
    assert match, "page has no data element"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def test_fixtures_follow_the_export_contract() -> None:
    from geomap.export import dumps, events_geojson, places_geojson

    events_text = dumps(events_geojson(make_fixtures.events()))
    places_text = dumps(places_geojson(make_fixtures.places()))
    assert (FIXTURES / "events.geojson").read_text(encoding="utf-8") == events_text
    assert (FIXTURES / "places.geojson").read_text(encoding="utf-8") == places_text


def test_render_maps_writes_the_four_pages(pages: dict[str, str]) -> None:
    assert sorted(pages) == ["control", "evacuations", "incidents", "index"]
    for name in MAPS:
        assert pages[name].startswith("<!DOCTYPE html>")
        assert "L.map(" in pages[name]


def test_same_input_gives_identical_bytes(
    events_fc: dict[str, Any],
    places_fc: dict[str, Any],
    articles: list[dict[str, Any]],
    tmp_path: Path,
) -> None:
    first = render_maps(events_fc, places_fc, tmp_path / "a", articles=articles)
    # A map built in between must not shift the ids of the next build.
    control_map(events_fc, places_fc).get_root().render()
    second = render_maps(events_fc, places_fc, tmp_path / "b", articles=articles)
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name
    # and no random 32-hex branca ids survive
    assert not re.search(r"_[0-9a-f]{32}\b", first[0].read_text(encoding="utf-8"))


def test_input_order_does_not_matter_for_the_table(
    events_fc: dict[str, Any], places_fc: dict[str, Any], tmp_path: Path
) -> None:
    shuffled = dict(events_fc, features=list(reversed(events_fc["features"])))
    a = render_maps(events_fc, places_fc, tmp_path / "a")[3].read_text(encoding="utf-8")
    b = render_maps(shuffled, places_fc, tmp_path / "b")[3].read_text(encoding="utf-8")
    assert a == b


def test_article_text_is_escaped_everywhere(pages: dict[str, str]) -> None:
    for name, page in pages.items():
        assert XSS_SCRIPT not in page, name
        assert XSS_IMG not in page, name
        assert "window.__xss=1</script>" not in page, name
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in pages["index"]
    assert "&lt;img src=x onerror=&quot;window.__xss=2&quot;&gt;" in pages["index"]
    # Map popups travel as text (laid out with textContent; the browser tests
    # check that it shows as text): the quote arrives as written, never as markup.
    data = page_data(pages["incidents"])
    (hostile,) = [e["popup"] for e in data["events"] if e["id"] == "ev-xss"]
    assert hostile["sources"][0][:2] == [f"A hostile quote {make_fixtures.XSS}", "<i>someone</i>"]
    assert "<script>evil</script>" in hostile["meta"][1]
    # the hostile article's file name is URL-quoted in its link
    assert data["articles"][hostile["sources"][0][2]] == [
        "666_<xss>.txt",
        "../seeds/666_%3Cxss%3E.txt",
    ]


def test_script_json_cannot_close_its_script() -> None:
    value = {"q": "</script><!-- <script>x</script> & \u2028"}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_offline_pages_load_nothing_from_the_network(pages: dict[str, str]) -> None:
    for name, page in pages.items():
        urls = set(re.findall(r"""(?:src|href)\s*=\s*\\?["'](https?://[^"'\\]+)""", page))
        assert urls <= ALLOWED_URLS, (name, urls - ALLOWED_URLS)
        assert not re.search(r"url\(\s*['\"]?https?:", page), name
        assert "<link" not in page, name
        for cdn_asset in ("bootstrap", "jquery", "font-awesome", "fontawesome", "awesome-markers"):
            assert cdn_asset not in page.lower(), (name, cdn_asset)


def test_cdn_mode_links_assets_instead(
    events_fc: dict[str, Any], places_fc: dict[str, Any]
) -> None:
    inline = map_html("incidents", events_fc, places_fc)
    linked = map_html("incidents", events_fc, places_fc, cdn=True)
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@' in linked
    assert "leaflet.markercluster.js" in linked
    assert len(linked) < len(inline) - 150_000


def test_feature_counts_match_the_geojson(
    pages: dict[str, str], events_fc: dict[str, Any], places_fc: dict[str, Any]
) -> None:
    features = events_fc["features"]
    controlled = [p for p in places_fc["features"] if p["properties"]["control"]]
    routes = [
        f
        for f in features
        if f["properties"]["event_type"] == "evacuation" and f["geometry"]["type"] == "LineString"
    ]
    open_ends = [
        f
        for f in features
        if f["properties"]["event_type"] == "evacuation" and f["geometry"]["type"] == "Point"
    ]
    control = page_data(pages["control"])
    assert sorted(a["id"] for a in control["areas"]) == sorted(
        p["properties"]["id"] for p in controlled
    )
    evacuations = page_data(pages["evacuations"])
    assert [r["id"] for r in evacuations["routes"]] == [f["id"] for f in routes]
    assert [p["id"] for p in evacuations["points"]] == [f["id"] for f in open_ends]
    incidents = page_data(pages["incidents"])
    assert len(incidents["events"]) == len([f for f in features if f["geometry"]])
    # events on a region (the Badia, southern Damascus) show its outline, not just a pin
    regions = {
        f["properties"]["place_ids"][0]
        for f in features
        if f["properties"]["place_kinds"][0] in AREA_KINDS
    }
    assert regions == {"badia", "southern-damascus"}
    assert len(incidents["regions"]) == len(regions)


def test_regions_are_areas_with_their_outline(pages: dict[str, str]) -> None:
    areas = {a["id"]: a for a in page_data(pages["control"])["areas"]}
    badia = areas["badia"]
    assert len(badia["ring"]) == 8  # the curated 7-point outline, closed
    yarmouk = areas["yarmouk-camp"]
    assert len(yarmouk["ring"]) == 49  # a 48-segment geodesic disc, closed


def test_control_steps_start_before_the_first_change(pages: dict[str, str]) -> None:
    steps = page_data(pages["control"])["steps"]
    assert [s["date"] for s in steps] == ["2018-05-20", "2018-05-21"]
    assert [s["asof"] for s in steps] == ["Before 2018-05-21", "As of 2018-05-21"]
    assert [s["date"] for s in change_steps([])] == ["9999-12-31"]


def test_claims_without_corroboration_are_marked(pages: dict[str, str]) -> None:
    areas = {a["id"]: a for a in page_data(pages["control"])["areas"]}
    assert [p["claimed"] for p in areas["yarmouk-camp"]["periods"]] == [False, False]
    assert [p["claimed"] for p in areas["hajar-al-aswad"]["periods"]] == [True, True]
    assert [p["claimed"] for p in areas["badia"]["periods"]] == [True]  # contested


def test_evacuation_popup_says_who_how_many_and_denial(pages: dict[str, str]) -> None:
    data = page_data(pages["evacuations"])
    route = data["routes"][0]
    popup = route["popup"]
    assert popup["heading"] == "Evacuation: southern Damascus → Badia"
    assert popup["meta"][0] == "2018-05-20 (“on Saturday and Sunday”)"
    assert "32 buses · 1,600 people" in popup["meta"][2]
    assert "about 1,500 (004_example_monitor.txt)" in popup["meta"][2]  # the differing claim
    assert popup["disputed"] is True
    assert [d[:2] for d in popup["denials"]] == [
        ["State media denied that any deal had been reached.", "state media"]
    ]
    cited = {data["articles"][item[2]][1] for item in popup["sources"]}
    assert cited == {"../seeds/002_example_daily.txt", "../seeds/004_example_monitor.txt"}
    assert route["contested"] is True


def test_popup_fields_leave_out_what_is_unknown() -> None:
    fields = event_popup_fields({"event_type": "clashes", "place": "Sirte"}, default_palette())
    assert fields == {
        "heading": "Clashes: Sirte",
        "meta": ["date unknown", "one source"],  # no actors, no numbers: no empty lines
        "disputed": False,
        "sources": [],
        "denials": [],
    }


def test_popup_says_when_the_articles_date_stands_in_for_the_events() -> None:
    def first_line(**props: Any) -> str:
        fields = event_popup_fields({"event_type": "clashes", **props}, default_palette())
        return str(fields["meta"][0])

    assert first_line(date="2018-05-21", time_precision=2) == (
        "2018-05-21 (the article's date; the text gives no day)"
    )
    # A day the text gives is quoted instead, and a month keeps its words.
    stated = first_line(date="2018-05-20", date_text="on Sunday", time_precision=1)
    assert stated == "2018-05-20 (“on Sunday”)"
    month = first_line(date="2018-04-01", date_text="in April", time_precision=3)
    assert month == "2018-04-01 (“in April”)"


def test_each_article_is_named_once_and_cited_by_position() -> None:
    def popup(*articles: str) -> dict[str, Any]:
        return {"sources": [["q", "", a] for a in articles], "denials": [["d", "x", articles[0]]]}

    popups = [popup("b.txt", "a b#?.txt"), popup("a b#?.txt")]
    table = cite_articles(popups, "../seeds/")
    assert table == [["a b#?.txt", "../seeds/a%20b%23%3F.txt"], ["b.txt", "../seeds/b.txt"]]
    assert [[item[2] for item in p["sources"] + p["denials"]] for p in popups] == [
        [1, 0, 1],
        [0, 0],
    ]
    # the table is sorted, so the order of the events does not change the page
    again = [popup("a b#?.txt"), popup("b.txt", "a b#?.txt")]
    assert cite_articles(again, "../seeds/") == table


def test_article_base_is_configurable(events_fc: dict[str, Any], places_fc: dict[str, Any]) -> None:
    page = map_html("incidents", events_fc, places_fc, article_base="articles/")
    links = [href for _, href in page_data(page)["articles"]]
    assert "articles/001_example_wire.txt" in links
    assert all(href.startswith("articles/") for href in links)
    assert "../seeds/" not in page


def test_a_place_that_only_locates_an_event_is_titled_so() -> None:
    assert place_text({"place": "Mogadishu", "place_relation": "near"}) == "near Mogadishu"
    assert place_text({"place": "Mogadishu", "place_relation": None}) == "Mogadishu"


def test_a_holder_without_a_colour_is_named_in_the_legend() -> None:
    from geomap.render.control import control_data

    places = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [0.5, 11.6]},
                "properties": {
                    "id": "kompienga",
                    "name": "Kompienga",
                    "kind": "province",
                    "control": [{"holder": "burkina-faso-state-forces", "since": "2022-01-01"}],
                },
            }
        ],
    }
    palette = default_palette()
    data = control_data({"features": []}, places, palette, "../seeds")
    assert data["legend"] == [
        {"colour": palette.fallback.colour, "label": "burkina faso state forces"}
    ]


def test_route_width_grows_with_people() -> None:
    widths = [route_width(n) for n in (None, 10, 100, 1600, 10**7)]
    assert widths == sorted(widths)
    assert widths[0] == 3.0 and widths[-1] == 14.0


def test_fragment_is_a_self_contained_iframe(
    events_fc: dict[str, Any], places_fc: dict[str, Any]
) -> None:
    fragment = render_fragment("evacuations", events_fc, places_fc, height="300px")
    assert fragment.startswith('<iframe class="geomap-fragment"')
    assert "height:300px" in fragment
    assert "<script" not in fragment  # the page is inside srcdoc, escaped
    assert "&lt;script&gt;" in fragment


def test_notebook_users_get_folium_maps(
    events_fc: dict[str, Any], places_fc: dict[str, Any]
) -> None:
    fmap = control_map(events_fc, places_fc)
    assert isinstance(fmap, folium.Map)
    folium.TileLayer("https://example.invalid/{z}/{x}/{y}.png", attr="x", name="light").add_to(fmap)
    assert "light" in fmap.get_root().render()


def test_bad_input_is_a_render_error(places_fc: dict[str, Any]) -> None:
    with pytest.raises(RenderError, match="FeatureCollection"):
        map_html("control", {"type": "Feature"}, places_fc)
    with pytest.raises(RenderError, match="unknown map"):
        map_html("nope", {"type": "FeatureCollection", "features": []}, places_fc)  # type: ignore[arg-type]


def test_empty_collections_still_draw_a_page(tmp_path: Path) -> None:
    empty = {"type": "FeatureCollection", "features": []}
    for path in render_maps(empty, empty, tmp_path):
        assert path.stat().st_size > 1000


def test_palette_follows_the_syrian_control_map_conventions() -> None:
    palette = default_palette()
    assert palette.actor("syrian-government").colour.lower() == "#d7191c"  # red
    assert palette.actor("islamic-state").colour.lower() == "#1a1a1a"  # black
    assert palette.actor("syrian-opposition").colour.lower() == "#1a9641"  # green
    assert palette.actor("sdf").colour.lower() == "#f2c40f"  # yellow
    assert palette.actor("hts").colour.lower() == "#8c8c8c"  # grey
    assert palette.actor("unheard-of-group") == palette.fallback
    syrian = ["syrian-government", "syrian-opposition", "islamic-state", "sdf", "hts", "turkey"]
    assert len({palette.actor(a).colour for a in syrian}) == len(syrian)


def test_every_actor_of_the_lexicon_has_a_colour_of_its_own() -> None:
    # Two sides of one war drawn in the fallback colour could not be told apart.
    # Uncurated countries' state forces are the exception: fallback colour, own name.
    palette = default_palette()
    lex = default_lexicon()
    actors = sorted(set(lex.actors) - set(lex.named_state_forces.values()))
    missing = [a for a in actors if palette.actor(a) == palette.fallback]
    assert missing == []
    colours = [palette.actor(a).colour.lower() for a in actors]
    assert len(set(colours)) == len(colours)


def test_a_bad_colours_file_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "colours.yaml"
    path.write_text(
        "actors:\n  islamic-state: {colour: black, label: IS}\n"
        "fallback: {colour: '#000000', label: Other}\nevent_types: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        load_palette(path)
    problem = info.value.problems[0]
    assert problem.line == 2
    assert problem.field == "actors.islamic-state.colour"
