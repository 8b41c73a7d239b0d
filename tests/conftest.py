"""Shared fixtures: the tiny test gazetteer, the GeoNames index, and the project's context.

Every test runs with GEOMAP_CACHE_DIR pointing at a per-session temporary
directory, so caches written by the code under test (gazetteer pickles,
geocoder answers) never land in the user's cache.  The GeoNames index is the
exception: building it takes about 25 s, so it is built once per machine in
the real cache dir and linked into the session's.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from geomap.articles import parse_article
from geomap.geonames import GeoNamesIndex, default_cache_dir
from geomap.models import Event
from geomap.pipeline import Context, extract_article

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
RENDER_FIXTURES = DATA / "render"  # events and places GeoJSON in the export contract


@pytest.fixture(scope="session", autouse=True)
def _session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    real = GeoNamesIndex.cache_path(default_cache_dir())
    if not real.exists():
        GeoNamesIndex.build(real)
    directory = tmp_path_factory.mktemp("geomap-cache")
    (directory / real.name).symlink_to(real)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GEOMAP_CACHE_DIR", str(directory))
        yield directory


@pytest.fixture(scope="session")
def geonames_index(_session_cache_dir: Path) -> Iterator[GeoNamesIndex]:
    """The real cities500 index, opened from the session's cache dir."""
    index = GeoNamesIndex.open()
    yield index
    index.close()


@pytest.fixture
def gazetteer_dir(tmp_path: Path) -> Path:
    """A private copy of tests/data/gazetteer, safe to edit."""
    target = tmp_path / "gazetteer"
    shutil.copytree(DATA / "gazetteer", target)
    return target


@pytest.fixture(scope="module")
def events_fc() -> dict[str, Any]:
    """The render fixtures' events (tests/data/render), fresh for each module."""
    return json.loads((RENDER_FIXTURES / "events.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def places_fc() -> dict[str, Any]:
    """The render fixtures' places (tests/data/render), fresh for each module."""
    return json.loads((RENDER_FIXTURES / "places.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ctx(geonames_index: GeoNamesIndex) -> Context:
    """The project's curated gazetteer and lexicon, with the session's GeoNames index."""
    return Context.create(ROOT / "gazetteer", geonames=geonames_index)


EventsOf = Callable[..., list[Event]]

#: The title of an article written for a test.  It names the war, so that a sentence under
#: test is read as one from a conflict story: alone, "Families fled Douma" tells of no
#: armed conflict and gives no event (`geomap.events.tells_of_armed_conflict`).
WAR_TITLE = "News of the war"


@pytest.fixture(scope="module")
def events_of(ctx: Context) -> EventsOf:
    """The events of a text written for a test, read as one article of a conflict story
    (published 2020-03-02)."""

    def events(body: str, published: str = "2020-03-02") -> list[Event]:
        meta = {"published": published}
        article = parse_article(f"{WAR_TITLE}\n\n{body}\n", "test.txt", meta)
        return extract_article(article, ctx).events

    return events
