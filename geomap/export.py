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
    place (name or null), place_relation ("north of", "near": the event lies
    beside the place, which only locates it; null when it is in the place),
    origin, destination (names or null),
    place_ids (list), place_kinds (list, same order),
    actors {by, against, from, to, evacuees},
    counts {kind: best value}, count_claims [{kind, value, qualifier, text, article}],
    contested (bool), denials [{article, quote, start, end, attribution}],
    corroborated (bool: told by two or more articles),
    confidence (0-1),
    sources [{article, quote, start, end, attribution}]

places.geojson: a FeatureCollection of incident sites as Points.
  properties: id, name, kind, source (curated|geonames|regions|airfields|geocoder), country,
    mentions, articles, radius_km, extent (GeoJSON Polygon or null),
    control [{holder, since, until, basis, event_ids, contested, corroborated}]
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import heapq
import io
import json
import multiprocessing
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, NamedTuple, TextIO

from geomap.aggregate import (
    Aggregator,
    PartPlan,
    PlaceSummariser,
    Related,
    event_order,
    merge_part,
)
from geomap.datafiles import atomic_text
from geomap.models import ArticleMeta, Event, Evidence, Extraction, PlaceRef, PlaceSummary
from geomap.spill import SpillReader, scratch_file

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
    "location_relation",
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
        "place_relation": event.place_relation,
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


def article_rows(
    articles: Iterable[ArticleMeta], no_conflict: Collection[str] = ()
) -> list[dict[str, Any]]:
    """The corpus as the maps' index lists it: file, title, date, outlet, and
    `no_conflict` for an article read for no event (`Extraction.no_conflict`)."""
    rows = []
    for a in articles:
        row: dict[str, Any] = {
            "file": a.id,
            "title": a.title,
            "date": a.published.isoformat() if a.published else None,
            "outlet": a.outlet,
        }
        if a.id in no_conflict:
            row["no_conflict"] = True
        rows.append(row)
    return rows


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
        "location_relation": event.place_relation or "",
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


def _feature_text(feature: dict[str, Any]) -> str:
    """A feature as one line of an export: sorted keys, no spaces (see `FeatureWriter`)."""
    return json.dumps(feature, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


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
        self.add_text(_feature_text(feature))

    def add_text(self, line: str) -> None:
        """Add a feature already written as its line (`_feature_text`)."""
        if self.features:
            self.out.write(",\n")
        self.out.write(line)
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


class _Lines:
    """What an event adds to the exports: its feature's line and its CSV row ("" if not asked).

    Events that tie in `event_order` (the same article, type, offset,
    places and date, yet not merged) are written in the order of these
    lines, so streamed and held exports agree byte for byte.
    """

    def __init__(self, features: bool, rows: bool) -> None:
        self.features = features
        self.rows = rows
        self._buf = io.StringIO()
        self._csv = _row_writer(self._buf)

    def __call__(self, event: Event) -> tuple[str, str]:
        feature = _feature_text(event_feature(event)) if self.features else ""
        if not self.rows:
            return feature, ""
        self._csv.writerow(_csv_row(event))
        row = self._buf.getvalue()
        self._buf.seek(0)
        self._buf.truncate()
        return feature, row


def _tied_by_lines(
    ordered: Iterable[tuple[Key, tuple[str, str]]],
) -> Iterator[tuple[str, str]]:
    """Lines of events in `event_order`, with runs of equal keys put in the order of their lines."""
    for _, run in groupby(ordered, key=itemgetter(0)):
        tied = [lines for _, lines in run]
        yield from sorted(tied) if len(tied) > 1 else tied


def write_exports(
    extraction: Extraction,
    events_path: Path | None = None,
    places_path: Path | None = None,
    csv_path: Path | None = None,
) -> list[Path]:
    """Write whichever of the three exports are asked for; return their paths."""
    lines = _Lines(events_path is not None, csv_path is not None)
    written, _ = _write(
        _tied_by_lines((event_order(e), lines(e)) for e in extraction.events),
        lambda: extraction.places,
        events_path,
        places_path,
        csv_path,
    )
    return written


def stream_exports(
    folder: Aggregator,
    events_path: Path | None = None,
    places_path: Path | None = None,
    csv_path: Path | None = None,
    *,
    events_out: TextIO | None = None,
    jobs: int = 1,
) -> ExportCounts:
    """Merge a folded corpus and write its exports without holding its events.

    The same files as `write_exports(folder.extraction(), ...)`, byte for
    byte, whatever `jobs` is.  The corpus's parts (see `Aggregator.plans`)
    are merged in batches, in `jobs` worker processes when the fold spilled
    to disk (the workers read the spill file) and has `MERGE_WORKERS_FROM`
    reports or more.  Each batch writes its events' export lines to a
    temporary file and hands back only their order and a summary of their
    sites.  The lines then stream, in `event_order`, to the events GeoJSON
    (`events_out` too, such as stdout) and CSV; the incident sites are
    written last.  With jobs > 1, `folder.related` must pickle
    (`aggregate.Within` does).
    """
    lines = (events_path is not None or events_out is not None, csv_path is not None)
    with contextlib.ExitStack() as scratch:
        # The batches' line files: nameless on Linux, so a killed run leaves none behind.
        batches = _merge_batches(folder, lambda: scratch_file(scratch), lines, jobs)
        summariser = PlaceSummariser()
        for batch in batches:
            summariser.update(batch.summariser)
        with contextlib.ExitStack() as stack:
            files = [stack.enter_context(open(b.path, "rb")) for b in batches]
            written, places = _write(
                _tied_by_lines(_lines_by_key(batches, files)),
                lambda: summariser.summaries(folder.sites, folder.extent),
                events_path,
                places_path,
                csv_path,
                events_out,
            )
    events = sum(len(b.keys) for b in batches)
    return ExportCounts(len(folder.articles), events, len(places), written)


class ExportCounts(NamedTuple):
    """What `stream_exports` wrote: how many articles, events and sites, and the files."""

    articles: int
    events: int
    places: int
    written: list[Path]


Key = tuple[dt.date, str, str]


class _Batch(NamedTuple):
    """Parts of a corpus merged: their events' lines in a file, their order, their sites."""

    path: str
    keys: list[Key]  # the events' `event_order` keys, sorted
    #: Per event, in that order: where its lines start in the file, and the
    #: lengths in bytes of its feature and its row.
    spans: array[int]
    summariser: PlaceSummariser


#: Fewer reports than this merge in about the time worker processes take to
#: start (a second), so they are merged in the calling process whatever `jobs` is.
MERGE_WORKERS_FROM = 4_000


def _merge_batches(
    folder: Aggregator, scratch: Callable[[], str], lines: tuple[bool, bool], jobs: int
) -> list[_Batch]:
    """The corpus's parts merged in batches: here, or by `jobs` workers reading the spill.

    Each batch writes its lines to a new `scratch()` file, which workers open by its path."""
    plans = folder.plans()
    few = len(folder.events) < MERGE_WORKERS_FROM
    if jobs <= 1 or few or not folder.events.on_disk or len(plans) < 2:
        return [_merge_batch(plans, folder.events.take, folder.related, scratch(), lines)]
    groups = _dealt(plans, 4 * jobs)  # more batches than workers, so none waits long
    reader = folder.events.reader()
    tasks = [(g, reader, folder.related, scratch(), lines) for g in groups]
    with multiprocessing.get_context("spawn").Pool(min(jobs, len(tasks))) as pool:
        return pool.starmap(_merge_batch_reading, tasks, chunksize=1)


def _dealt(plans: list[PartPlan], n: int) -> list[list[PartPlan]]:
    """Parts (largest first) dealt into at most `n` batches of about as many reports; the
    batch with most reports first, so it starts first."""
    groups: list[list[PartPlan]] = [[] for _ in range(min(n, len(plans)))]
    sizes = [(0, i) for i in range(len(groups))]
    for plan in plans:
        size, i = heapq.heappop(sizes)
        groups[i].append(plan)
        heapq.heappush(sizes, (size + len(plan.reports), i))
    return sorted(groups, key=lambda g: -sum(len(p.reports) for p in g))


def _merge_batch_reading(
    plans: list[PartPlan],
    reader: SpillReader[Event],
    related: Related,
    path: str,
    lines: tuple[bool, bool],
) -> _Batch:
    """`_merge_batch` in a worker process, reading the reports from the spill file."""
    try:
        return _merge_batch(plans, reader.take, related, path, lines)
    finally:
        reader.close()


def _merge_batch(
    plans: list[PartPlan],
    take: Callable[[list[int]], list[Event]],
    related: Related,
    path: str,
    lines: tuple[bool, bool],
) -> _Batch:
    """Merge these parts; write each merged event's export lines to `path`, summarise its sites.

    Only a key and three numbers per event come back (and are held until the
    exports are written), so handing a batch from a worker to the parent
    costs far less than handing over its events.
    """
    line_of = _Lines(*lines)
    summariser = PlaceSummariser()
    keys: list[Key] = []
    spans = array("q")
    offset = 0
    with open(path, "wb") as out:
        for plan in plans:
            for event in merge_part(plan, take, related):
                feature, row = (text.encode() for text in line_of(event))
                out.write(feature + row)
                keys.append(event_order(event))
                spans.extend((offset, len(feature), len(row)))
                offset += len(feature) + len(row)
                summariser.add(event)
    order = sorted(range(len(keys)), key=keys.__getitem__)  # ties: see `_tied_by_lines`
    in_order = array("q", (spans[3 * i + k] for i in order for k in range(3)))
    return _Batch(path, [keys[i] for i in order], in_order, summariser)


def _lines_by_key(
    batches: list[_Batch], files: Sequence[IO[bytes]]
) -> Iterator[tuple[Key, tuple[str, str]]]:
    """Every batch's lines with their keys, the batches merged by key (for `_tied_by_lines`)."""

    def read(b: int, i: int) -> tuple[str, str]:
        offset, feature, row = batches[b].spans[3 * i : 3 * i + 3]
        files[b].seek(offset)
        data = files[b].read(feature + row)
        return data[:feature].decode(), data[feature:].decode()

    def run(b: int) -> Iterator[tuple[Key, int, int]]:
        return ((key, b, i) for i, key in enumerate(batches[b].keys))

    for key, b, i in heapq.merge(*(run(b) for b in range(len(batches))), key=itemgetter(0)):
        yield key, read(b, i)


def _row_writer(out: TextIO) -> csv.DictWriter[str]:
    """ACLED-style rows (from `_csv_row`) to `out`."""
    return csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")


def _csv_writer(out: TextIO) -> csv.DictWriter[str]:
    """ACLED-style rows to `out`, the header already written."""
    writer = _row_writer(out)
    writer.writeheader()
    return writer


def _write(
    lines: Iterable[tuple[str, str]],
    places: Callable[[], list[PlaceSummary]],
    events_path: Path | None,
    places_path: Path | None,
    csv_path: Path | None,
    events_out: TextIO | None = None,
) -> tuple[list[Path], list[PlaceSummary]]:
    """Go through the events' lines once, writing each to every events output asked for.

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
        rows = outs.get("csv")
        if rows is not None:
            _row_writer(rows).writeheader()  # the rows come written (`_Lines`)
        for feature, row in lines:
            for writer in writers:
                writer.add_text(feature)
            if rows is not None:
                rows.write(row)
        for writer in writers:
            writer.close()
        sites = places()
        if "places" in outs:
            outs["places"].write(geojson_text(places_geojson(sites)))
    return [path for name, path in paths.items() if name in outs and path is not None], sites
