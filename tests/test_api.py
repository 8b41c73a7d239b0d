"""The public library API: a curated __all__ that a notebook user can rely on."""

from __future__ import annotations

import pytest

import geomap

EXPECTED = {
    "ArticleError",
    "Context",
    "DataFileError",
    "Event",
    "Extraction",
    "GazetteerEditError",
    "GazetteerError",
    "GeocoderUnavailable",
    "GeomapError",
    "Mention",
    "NoArticlesError",
    "Place",
    "PlaceSummary",
    "RenderError",
    "build",
    "control_map",
    "evacuation_map",
    "extract",
    "incident_map",
    "load_gazetteer",
    "render_fragment",
    "to_geojson",
}


def test_all_is_the_curated_list_and_every_name_resolves() -> None:
    assert set(geomap.__all__) == EXPECTED
    for name in geomap.__all__:
        assert getattr(geomap, name) is not None


def test_every_error_shares_the_root() -> None:
    for name in (
        "ArticleError",
        "DataFileError",
        "GazetteerError",
        "GazetteerEditError",
        "GeocoderUnavailable",
        "NoArticlesError",
        "RenderError",
    ):
        assert issubclass(getattr(geomap, name), geomap.GeomapError)
    assert issubclass(geomap.ArticleError, ValueError)
    assert issubclass(geomap.GeocoderUnavailable, ConnectionError)


def test_a_run_that_reads_no_article_raises_and_writes_nothing(
    tmp_path: object, geonames_index: object
) -> None:
    from pathlib import Path

    out = Path(str(tmp_path)) / "maps"
    with pytest.raises(geomap.NoArticlesError, match="nothing was written"):
        geomap.build([Path(str(tmp_path)) / "no-such-folder"], "gazetteer", out)
    assert not out.exists()


def test_a_notebook_user_gets_a_folium_map_to_restyle(geonames_index: object) -> None:
    import folium

    result = geomap.extract(["seeds"], "gazetteer", geonames=geonames_index)  # type: ignore[arg-type]
    m = geomap.evacuation_map(*geomap.to_geojson(result))
    assert isinstance(m, folium.Map)
    before = m.get_root().render().count("L.tileLayer(")
    m = geomap.evacuation_map(*geomap.to_geojson(result))
    folium.TileLayer(
        tiles="https://tiles.example.org/{z}/{x}/{y}.png", attr="test tiles", name="restyled"
    ).add_to(m)
    assert m.get_root().render().count("L.tileLayer(") == before + 1
