"""The GeoJSON/CSV contract the maps (and other tools) read."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from geojson_pydantic import FeatureCollection

from geomap.export import (
    CSV_COLUMNS,
    _feature_text,
    _Lines,
    _write,
    dumps,
    events_csv,
    events_geojson,
    geojson_text,
)
from geomap.models import Actors, ArticleMeta, ArticleResult, Event, Evidence, PlaceRef

ORIGIN = PlaceRef(id="douma", name="Douma", kind="city", lat=33.57, lon=36.40)
DEST = PlaceRef(id="jarablus", name="Jarablus", kind="town", lat=36.82, lon=38.01)
SRC = [Evidence(article="x.txt", quote='He said "<b>hi</b>", 1,600 left.', start=3, end=30)]


def _events() -> list[Event]:
    return [
        Event(
            id="e1",
            event_type="evacuation",
            origin=ORIGIN,
            destination=DEST,
            sources=SRC,
            date=dt.date(2018, 4, 1),
            counts={"people": 1600},
        ),
        Event(id="e2", event_type="evacuation", origin=ORIGIN, sources=SRC),
        Event(
            id="e3",
            event_type="control_change",
            place=DEST,
            sources=SRC,
            actors=Actors(**{"from": "islamic-state", "to": "turkey"}),
        ),
    ]


def test_events_are_rfc7946_with_lon_lat_order() -> None:
    fc = events_geojson(_events())
    FeatureCollection.model_validate(fc)
    line, point, control = fc["features"]
    assert line["geometry"] == {
        "type": "LineString",
        "coordinates": [[36.40, 33.57], [38.01, 36.82]],
    }
    assert point["geometry"] == {"type": "Point", "coordinates": [36.40, 33.57]}
    assert control["properties"]["actors"]["from"] == "islamic-state"
    assert line["properties"]["date"] == "2018-04-01"
    assert line["properties"]["sources"][0]["quote"].startswith("He said")


def test_dumps_is_stable_text() -> None:
    assert dumps(events_geojson(_events())) == dumps(events_geojson(_events()))
    assert dumps({"b": 1, "a": "é"}) == '{\n "a": "é",\n "b": 1\n}\n'


def test_csv_has_acled_columns_and_one_row_per_event() -> None:
    rows = list(csv.DictReader(io.StringIO(events_csv(_events()))))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == 3
    assert rows[0]["event_date"] == "2018-04-01"
    assert rows[0]["origin"] == "Douma" and rows[0]["destination"] == "Jarablus"
    assert rows[2]["control_from"] == "islamic-state" and rows[2]["control_to"] == "turkey"
    assert rows[2]["location_relation"] == ""


def test_an_event_beside_its_place_says_so_in_both_exports() -> None:
    near = _events()[2].model_copy(update={"place_relation": "north of", "geo_precision": 2})
    (row,) = csv.DictReader(io.StringIO(events_csv([near])))
    assert (row["location"], row["location_relation"], row["geo_precision"]) == (
        "Jarablus",
        "north of",
        "2",
    )
    (feature,) = events_geojson([near])["features"]
    assert feature["properties"]["place_relation"] == "north of"


@pytest.mark.parametrize("count", [0, 1, 3])
def test_exported_geojson_is_one_feature_per_line(count: int) -> None:
    """Streamed feature by feature (as `geomap extract` writes an archive), the same data."""
    events = _events()[:count]
    for e in events[:1]:  # quotes, newlines and non-Latin text must stay inside their line
        events[0] = e.model_copy(update={"date_text": 'a "b"\n\u062f\u0645\u0634\u0642 {}'})
    text = geojson_text(events_geojson(events))
    assert json.loads(text) == events_geojson(events)
    lines = text.splitlines()
    assert len(lines) == 2 + count
    assert [json.loads(line.rstrip(","))["id"] for line in lines[1:-1]] == [e.id for e in events]
    assert count == 0 or "\u062f\u0645\u0634\u0642" in text  # UTF-8, not \u escapes


def test_a_failed_export_leaves_the_previous_files(tmp_path: Path) -> None:
    old = tmp_path / "events.geojson"
    old.write_text("previous run\n", encoding="utf-8")

    def breaks_midway() -> Iterator[tuple[str, str]]:
        yield _Lines(features=True, rows=True)(_events()[0])
        raise OSError("article store unreadable")

    with pytest.raises(OSError):
        _write(breaks_midway(), lambda: [], old, None, tmp_path / "events.csv")
    assert old.read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.geojson"]  # no half files


def _tied_corpus() -> list[ArticleResult]:
    """Articles whose events tie in `event_order` (one id, one day, one type) across parts
    of the corpus and within one, among others that do not tie, arriving out of order."""
    towns = [
        # Ids and coordinates in opposite orders, so the events' JSON and lines sort apart.
        PlaceRef(id=f"t{i}", name=f"Town {i} \u00e9", kind="town", lat=40 - i, lon=40, country="SY")
        for i in range(5)
    ]
    results = []
    for n in (7 * k % 30 for k in range(30)):  # parts first met: towns 0, 2, 4, 1, 3
        article = f"a{n:02d}.txt"
        events = [
            Event(
                id="same" if n % 3 == 0 else f"e{n}",
                event_type="control_change",
                place=towns[n % 5],
                date=dt.date(2020, 1, 1) + dt.timedelta(days=0 if n % 3 == 0 else 10 * n),
                time_precision=1,
                actors=Actors.model_validate({"from": "old", "to": ("y", "x")[n % 2]}),
                sources=[Evidence(article=article, quote=f"quote {n}", start=n, end=n + 1)],
            )
        ]
        results.append(
            ArticleResult(meta=ArticleMeta(id=article, path=article), mentions=[], events=events)
        )
    return results


def test_streamed_exports_are_the_held_ones_whatever_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`geomap extract --jobs 2` merges parts in workers; ties across and within parts
    must come out in one order, the held exports' byte for byte."""
    from geomap import export
    from geomap.aggregate import Aggregator, Within
    from geomap.export import _merge_batches, stream_exports, write_exports
    from geomap.spill import scratch_file

    folder = Aggregator(Within({}), spill=True)
    for result in _tied_corpus():
        folder.add(result)
    assert len(folder.plans()) == 5  # one part per town
    with contextlib.ExitStack() as scratch:
        merged = _merge_batches(folder, lambda: scratch_file(scratch), (True, True), 2)
    assert len(merged) == 1  # 30 reports: no workers
    monkeypatch.setattr(export, "MERGE_WORKERS_FROM", 0)  # workers even for 30 reports
    names = ("events.geojson", "places.geojson", "events.csv")
    held = write_exports(folder.extraction(), *(tmp_path / "held" / n for n in names))
    for jobs in (1, 2):
        streamed = stream_exports(folder, *(tmp_path / f"jobs{jobs}" / n for n in names), jobs=jobs)
        assert streamed.events == 30  # two holders a town: the "same" reports do not merge
        for a, b in zip(held, streamed.written, strict=True):
            assert a.read_bytes() == b.read_bytes(), (jobs, b.name)
    with contextlib.ExitStack() as scratch:
        batches = _merge_batches(folder, lambda: scratch_file(scratch), (True, True), 2)
    assert len(batches) == 5  # the workers merged a part each: ties met only in the parent
    folder.close()
    features = json.loads(held[0].read_text(encoding="utf-8"))["features"]
    tied = [_feature_text(f) for f in features if f["id"] == "same"]
    assert len(tied) == 10 and tied == sorted(tied)  # in the order of their lines
