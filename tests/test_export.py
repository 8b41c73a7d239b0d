"""The GeoJSON/CSV contract the maps (and other tools) read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from geojson_pydantic import FeatureCollection

from geomap.export import CSV_COLUMNS, _write, dumps, events_csv, events_geojson, geojson_text
from geomap.models import Actors, Event, Evidence, PlaceRef

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

    def breaks_midway() -> Iterator[Event]:
        yield _events()[0]
        raise OSError("article store unreadable")

    with pytest.raises(OSError):
        _write(breaks_midway(), lambda: [], old, None, tmp_path / "events.csv")
    assert old.read_text(encoding="utf-8") == "previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.geojson"]  # no half files
