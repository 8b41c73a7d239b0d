"""Exports: events and places as RFC 7946 GeoJSON, events as ACLED-style CSV.

This module is the contract between extraction and the maps.  The renderer
reads only what is written here, so maps can be drawn from events produced
by any tool that writes the same GeoJSON.

events.geojson: a FeatureCollection, one Feature per event (one per line).
  geometry  Point at the event's place; for an evacuation with both ends
            known a LineString [origin, destination]; with one end known a
            Point there.  Coordinates are [lon, lat].
  properties
    id, event_type, acled_event_type, acled_sub_event_type,
    date (ISO 8601 or null), date_text, time_precision, geo_precision,
    place (name or null), origin, destination (names or null),
    place_ids (list), place_kinds (list, same order),
    actors {by, against, from, to, evacuees},
    counts {kind: best value}, count_claims [{kind, value, qualifier, text, article}],
    contested (bool), denials [{article, quote, start, end, attribution}],
    corroborated (bool: told by two or more articles),
    confidence (0-1),
    sources [{article, quote, start, end, attribution}]

places.geojson: a FeatureCollection of incident sites as Points.
  properties: id, name, kind, source (curated|geonames|geocoder), country,
    mentions, articles, radius_km, extent (GeoJSON Polygon or null),
    control [{holder, since, until, basis, event_ids, contested, corroborated}]
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from geomap.aggregate import Aggregator, PlaceSummariser, event_order, total_order
from geomap.datafiles import atomic_text
from geomap.models import ArticleMeta, Event, Evidence, Extraction, PlaceRef, PlaceSummary
from geomap.spill import Spill

#: ACLED's column names where geomap's field means the same thing.
CSV_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "geomap_event_type",
    "actor1",
    "actor2",
    "control_from",
    "control_to",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "origin",
    "origin_latitude",
    "origin_longitude",
    "destination",
    "destination_latitude",
    "destination_longitude",
    "country",
    "source",
    "notes",
    "fatalities",
    "counts",
    "contested",
    "confidence",
    "date_text",
]


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {
        "article": ev.article,
        "quote": ev.quote,
        "start": ev.start,
        "end": ev.end,
        "attribution": ev.attribution,
    }


def _point(ref: PlaceRef) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(ref.lon, 6), round(ref.lat, 6)]}


def event_geometry(event: Event) -> dict[str, Any] | None:
    """The event's geometry per the contract, or None when it has no place."""
    if event.event_type == "evacuation" and event.origin and event.destination:
        return {
            "type": "LineString",
            "coordinates": [
                [round(event.origin.lon, 6), round(event.origin.lat, 6)],
                [round(event.destination.lon, 6), round(event.destination.lat, 6)],
            ],
        }
    ref = event.place or event.origin or event.destination
    return _point(ref) if ref else None


def event_feature(event: Event) -> dict[str, Any]:
    """One event as a GeoJSON Feature (dict, ready for json.dumps)."""
    refs = [r for r in (event.place, event.origin, event.destination) if r is not None]
    props: dict[str, Any] = {
        "id": event.id,
        "event_type": event.event_type,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "date": event.date.isoformat() if event.date else None,
        "date_text": event.date_text,
        "time_precision": event.time_precision,
        "geo_precision": event.geo_precision,
        "place": event.place.name if event.place else None,
        "origin": event.origin.name if event.origin else None,
        "destination": event.destination.name if event.destination else None,
        "place_ids": [r.id for r in refs],
        "place_kinds": [r.kind for r in refs],
        "actors": event.actors.model_dump(by_alias=True),
        "counts": dict(sorted(event.counts.items())),
        "count_claims": [c.model_dump() for c in event.count_claims],
        "contested": event.contested,
        "denials": [_evidence(d) for d in event.denials],
        "corroborated": len({s.article for s in event.sources}) > 1,
        "confidence": round(event.confidence, 3),
        "sources": [_evidence(s) for s in event.sources],
    }
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": event_geometry(event),
        "properties": props,
    }


def place_feature(summary: PlaceSummary) -> dict[str, Any]:
    """One incident site as a GeoJSON Feature."""
    p = summary.place
    extent = None
    if summary.polygon:
        ring = [[round(x, 6), round(y, 6)] for x, y in summary.polygon]
        if ring[0] != ring[-1]:
            ring.append(ring[0])
        extent = {"type": "Polygon", "coordinates": [ring]}
    props = {
        "id": p.id,
        "name": p.name,
        "kind": p.kind,
        "source": p.source,
        "country": p.country,
        "mentions": summary.mentions,
        "articles": summary.articles,
        "radius_km": summary.radius_km,
        "extent": extent,
        "control": [
            {
                "holder": c.holder,
                "since": c.since.isoformat() if c.since else None,
                "until": c.until.isoformat() if c.until else None,
                "basis": c.basis,
                "event_ids": c.event_ids,
                "contested": c.contested,
                "corroborated": c.corroborated,
            }
            for c in summary.control
        ],
    }
    return {"type": "Feature", "id": p.id, "geometry": _point(p), "properties": props}


def events_geojson(events: list[Event]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [event_feature(e) for e in events]}


def places_geojson(places: list[PlaceSummary]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [place_feature(p) for p in places]}


def article_rows(articles: Iterable[ArticleMeta]) -> list[dict[str, Any]]:
    """The corpus as the maps' index lists it: file, title, date, outlet."""
    return [
        {
            "file": a.id,
            "title": a.title,
            "date": a.published.isoformat() if a.published else None,
            "outlet": a.outlet,
        }
        for a in articles
    ]


def dumps(obj: Any) -> str:
    """Stable JSON text: sorted keys, fixed separators, trailing newline."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _csv_row(event: Event) -> dict[str, Any]:
    ref = event.place or event.origin or event.destination
    killed = event.counts.get("killed")
    first = event.sources[0]
    return {
        "event_id_cnty": event.id,
        "event_date": event.date.isoformat() if event.date else "",
        "time_precision": event.time_precision,
        "event_type": event.acled_event_type or "",
        "sub_event_type": event.acled_sub_event_type or "",
        "geomap_event_type": event.event_type,
        "actor1": "; ".join(event.actors.by),
        "actor2": "; ".join(event.actors.against),
        "control_from": event.actors.from_ or "",
        "control_to": event.actors.to or "",
        "location": ref.name if ref else "",
        "latitude": f"{ref.lat:.6f}" if ref else "",
        "longitude": f"{ref.lon:.6f}" if ref else "",
        "geo_precision": event.geo_precision,
        "origin": event.origin.name if event.origin else "",
        "origin_latitude": f"{event.origin.lat:.6f}" if event.origin else "",
        "origin_longitude": f"{event.origin.lon:.6f}" if event.origin else "",
        "destination": event.destination.name if event.destination else "",
        "destination_latitude": f"{event.destination.lat:.6f}" if event.destination else "",
        "destination_longitude": f"{event.destination.lon:.6f}" if event.destination else "",
        "country": ref.country or "" if ref else "",
        "source": "; ".join(sorted({s.attribution or s.article for s in event.sources})),
        "notes": first.quote,
        "fatalities": killed if killed is not None else "",
        "counts": "; ".join(f"{k}={v}" for k, v in sorted(event.counts.items())),
        "contested": "true" if event.contested else "false",
        "confidence": f"{event.confidence:.3f}",
        "date_text": event.date_text or "",
    }


def events_csv(events: Iterable[Event]) -> str:
    """One row per event; columns named after ACLED's where they mean the same."""
    buf = io.StringIO()
    rows = _csv_writer(buf)
    for event in events:
        rows.writerow(_csv_row(event))
    return buf.getvalue()


class FeatureWriter:
    """A GeoJSON FeatureCollection written one feature per line, as features come.

    One line per feature keeps an archive's export greppable and its diffs
    per event, lets the exports stream (only one feature is in memory), and
    lets the C JSON encoder do the work: indented output goes through the
    pure-Python encoder, which took half the time of writing 18,000 events.
    Keys are sorted, so the same features give the same bytes.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.features = 0
        out.write('{"type":"FeatureCollection","features":[\n')

    def add(self, feature: dict[str, Any]) -> None:
        if self.features:
            self.out.write(",\n")
        self.out.write(
            json.dumps(feature, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        )
        self.features += 1

    def close(self) -> None:
        self.out.write("\n]}\n" if self.features else "]}\n")


def geojson_text(collection: dict[str, Any]) -> str:
    """A FeatureCollection as the exports write it (see `FeatureWriter`)."""
    buf = io.StringIO()
    writer = FeatureWriter(buf)
    for feature in collection["features"]:
        writer.add(feature)
    writer.close()
    return buf.getvalue()


def write_exports(
    extraction: Extraction,
    events_path: Path | None = None,
    places_path: Path | None = None,
    csv_path: Path | None = None,
) -> list[Path]:
    """Write whichever of the three exports are asked for; return their paths."""
    written, _ = _write(
        extraction.events, lambda: extraction.places, events_path, places_path, csv_path
    )
    return written


def stream_exports(
    folder: Aggregator,
    events_path: Path | None = None,
    places_path: Path | None = None,
    csv_path: Path | None = None,
    events_out: TextIO | None = None,
) -> ExportCounts:
    """Merge a folded corpus and write its exports without holding its events.

    The same files as `write_exports(folder.extraction(), ...)`, byte for
    byte.  Merged events wait (spilled, when the folder spills) while only
    their sort keys are sorted, then stream in order to the events GeoJSON
    (`events_out` too, such as stdout) and CSV, while the incident sites are
    summarised; those are written last.
    """
    merged: Spill[Event] = Spill(Event, on_disk=folder.events.on_disk)
    keys: list[tuple[dt.date, str, str]] = []
    for event in folder.merged():
        keys.append(event_order(event))
        merged.append(event)
    order = total_order(
        list(range(len(keys))), keys.__getitem__, lambda i: merged[i].model_dump_json()
    )
    summariser = PlaceSummariser()

    def in_order() -> Iterator[Event]:
        for i in order:
            event = merged[i]
            summariser.add(event)
            yield event

    try:
        written, places = _write(
            in_order(),
            lambda: summariser.summaries(folder.sites, folder.extent),
            events_path,
            places_path,
            csv_path,
            events_out,
        )
    finally:
        merged.close()
    return ExportCounts(len(folder.articles), len(keys), len(places), written)


class ExportCounts(NamedTuple):
    """What `stream_exports` wrote: how many articles, events and sites, and the files."""

    articles: int
    events: int
    places: int
    written: list[Path]


def _csv_writer(out: TextIO) -> csv.DictWriter[str]:
    """ACLED-style rows to `out`, the header already written."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    return writer


def _write(
    events: Iterable[Event],
    places: Callable[[], list[PlaceSummary]],
    events_path: Path | None,
    places_path: Path | None,
    csv_path: Path | None,
    events_out: TextIO | None = None,
) -> tuple[list[Path], list[PlaceSummary]]:
    """Go through the events once, writing each to every events output asked for.

    The sites are asked for once the events are through (a stream
    summarises them as they pass) and written last.  Each file is replaced
    only when all of it is written: a failed run leaves the previous exports.
    """
    paths = {"events": events_path, "places": places_path, "csv": csv_path}
    with contextlib.ExitStack() as stack:
        outs: dict[str, TextIO] = {}
        for name, path in paths.items():
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                outs[name] = stack.enter_context(atomic_text(path))
        writers = [FeatureWriter(o) for o in (outs.get("events"), events_out) if o is not None]
        rows = _csv_writer(outs["csv"]) if "csv" in outs else None
        for event in events:
            if writers:
                feature = event_feature(event)
                for writer in writers:
                    writer.add(feature)
            if rows is not None:
                rows.writerow(_csv_row(event))
        for writer in writers:
            writer.close()
        sites = places()
        if "places" in outs:
            outs["places"].write(geojson_text(places_geojson(sites)))
    return [path for name, path in paths.items() if name in outs and path is not None], sites
