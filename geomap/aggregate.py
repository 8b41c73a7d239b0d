"""One event per happening: merging what several articles say, and who held what when.

Two event reports are the same event when they have the same type, places
that are the same or one inside the other (Yarmouk camp within southern
Damascus), dates within a few days, and actors that do not disagree (an
evacuation of civilians is not the evacuation of fighters).  The merged
event keeps every source, every count claim with its article, and every
denial; its place, date and numbers are the ones most sources agree on.

Merging is order-independent (reports are sorted first), so a run split
over many processes or machines merges to the same result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from geomap.models import (
    UNIDENTIFIED_ARMED_GROUP,
    Actors,
    ArticleMeta,
    ArticleResult,
    Candidate,
    ControlPeriod,
    Count,
    Event,
    Evidence,
    Extraction,
    Mention,
    PlaceRef,
    PlaceSummary,
    Skipped,
    whole_of,
)
from geomap.spill import Spill

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

#: place_a, place_b -> whether one is (within) the other.
Related = Callable[[str, str], bool]

_WINDOW_DAYS = {"control_change": 3, "evacuation": 3, "ceasefire": 3, "agreement": 7}


def same_place(a: str, b: str) -> bool:
    """The default within-relation: a place lies only within itself."""
    return a == b


@dataclass(frozen=True)
class Within:
    """A within-relation as a table of each place's ancestors.

    The gazetteer's parents, collected once; unlike a method of the
    pipeline's context it pickles small, so merge workers can be given it.
    """

    ancestors: Mapping[str, frozenset[str]]

    def __call__(self, a: str, b: str) -> bool:
        """Whether place `a` lies within place `b` ("northern Gaza" within Gaza, too)."""
        whole = whole_of(a)
        if whole is not None:
            return b == whole or self(whole, b)
        within = self.ancestors.get(a)
        return within is not None and b in within

    def containers(self, a: str) -> frozenset[str]:
        """Every place `b` that `a` lies within: `self(a, b)` holds for these and no other."""
        whole = whole_of(a)
        if whole is not None:
            return frozenset({whole}) | self.containers(whole)
        return self.ancestors.get(a, frozenset())


def _containers_of(related: Related) -> Callable[[str], frozenset[str]] | None:
    """The places each place lies within under `related`, if it can say (see `_Blocks`)."""
    if related is same_place:
        return lambda _: frozenset()
    return related.containers if isinstance(related, Within) else None


def _places_compatible(a: PlaceRef | None, b: PlaceRef | None, related: Related) -> bool:
    if a is None or b is None:
        return True
    return a.id == b.id or related(a.id, b.id) or related(b.id, a.id)


def _dates_compatible(a: Event, b: Event) -> bool:
    if a.date is None or b.date is None:
        return True
    window = _WINDOW_DAYS.get(a.event_type, 1)
    if max(a.time_precision, b.time_precision) == 3:
        window = max(window, 31)
    return abs((a.date - b.date).days) <= window


def _evacuee_key(actors: Actors) -> frozenset[str]:
    """'armed' when fighters of any side left, 'civilians' when only civilians did."""
    if not actors.evacuees:
        return frozenset()
    return frozenset({"armed" if any(a != "civilians" for a in actors.evacuees) else "civilians"})


#: Event types that hold over an area, so a report of the area and a report
#: of a place inside it can be the same (a truce, a deal).
_AREA_WIDE = frozenset({"ceasefire", "agreement"})


def _complementary(a: Event, b: Event) -> bool:
    """One report knows only where people left from, the other only where they went."""
    return (
        (a.origin is None) != (b.origin is None)
        and (a.destination is None) != (b.destination is None)
        and (a.origin is None) == (a.destination is not None)
    )


def _continues(a: Event, b: Event) -> bool:
    """Whether the destination-only report goes on from the origin-only one.

    In one article: it follows within a few sentences ("They had left toward
    the Badia").  Across articles: both give the same day.
    """
    first, second = (a, b) if a.origin is not None else (b, a)
    s1, s2 = first.sources[0], second.sources[0]
    if s1.article == s2.article:
        return 0 < s2.start - s1.start <= 800
    return first.time_precision == second.time_precision == 1 and first.date == second.date


def same_event(a: Event, b: Event, related: Related = same_place) -> bool:
    """Whether two reports tell the same happening.

    They must share a scope (see `_scopes`): a truce, a deal or an
    evacuation must share a country (or, for an evacuation, an article),
    otherwise one that names no origin or destination would match a convoy
    anywhere in the world.  The merge compares only reports that share one.
    """
    # The scope test is the costly one, so it runs only when the rest agree.
    return _tell_alike(a, b, related) and not _scopes(a).isdisjoint(_scopes(b))


def _tell_alike(a: Event, b: Event, related: Related) -> bool:
    """Type, date, actors and places agree (`same_event` without the shared scope)."""
    if a.event_type != b.event_type or not _dates_compatible(a, b):
        return False
    if a.event_type == "evacuation":
        ka, kb = _evacuee_key(a.actors), _evacuee_key(b.actors)
        if ka and kb and not ka & kb:
            return False
        if a.origin is None and b.origin is None:
            return (
                a.destination is not None
                and b.destination is not None
                and (_places_compatible(a.destination, b.destination, related))
            )
        if _complementary(a, b):
            start, end = a.origin or b.origin, a.destination or b.destination
            assert start is not None and end is not None  # one of each: `_complementary`
            # "leave Mariupol" and "buses to Mariupol" are two trips, not a route
            # that ends where it began; "left Sanaa" and "arrived in Yemen" neither.
            if (
                not _continues(a, b)
                or _places_compatible(start, end, related)
                or end.is_country_of(start)
            ):
                return False
        return _places_compatible(a.origin, b.origin, related) and _places_compatible(
            a.destination, b.destination, related
        )
    if a.place is None or b.place is None:
        return False
    if a.event_type in _AREA_WIDE:
        if not _places_compatible(a.place, b.place, related):
            return False
    elif a.place.id != b.place.id:
        return False  # a strike on a neighbourhood is not the strike on its district
    if a.event_type == "control_change":
        for x, y in ((a.actors.to, b.actors.to), (a.actors.from_, b.actors.from_)):
            # "gunmen took X" and "JNIM took X" may tell one change; JNIM and the army not.
            if x and y and x != y and UNIDENTIFIED_ARMED_GROUP not in (x, y):
                return False
        # "Fano took Lalibela" and "Fano withdrew from Lalibela" a day later are a
        # change and its undoing, not one change.
        if (a.actors.to and a.actors.to == b.actors.from_) or (
            a.actors.from_ and a.actors.from_ == b.actors.to
        ):
            return False
        # Two different sites taken the same day are two control changes, and so are
        # "took a town near X" and "took X".
        return a.place.id == b.place.id and a.place_relation == b.place_relation
    return True


def _most_common(
    values: Iterable[PlaceRef | None], related: Related = same_place
) -> PlaceRef | None:
    """The place most reports give; on a tie, the most specific (one inside the others)."""
    counts: Counter[str] = Counter()
    first: dict[str, PlaceRef] = {}
    for v in values:
        if v is not None:
            counts[v.id] += 1
            first.setdefault(v.id, v)
    return _most_counted(counts, first, related)


def _most_counted(
    counts: Mapping[str, int], refs: Mapping[str, PlaceRef], related: Related
) -> PlaceRef | None:
    if not counts:
        return None
    top = max(counts.values())
    tied = sorted(pid for pid, n in counts.items() if n == top)
    inner = [p for p in tied if any(related(p, o) for o in tied if o != p)]
    return refs[(inner or tied)[0]]


def _top_actor(counts: Mapping[str, int]) -> str | None:
    """The actor most reports name; on a tie, the first by name.  A party some report
    names beats "gunmen" that others leave unidentified."""
    named = {a: n for a, n in counts.items() if a != UNIDENTIFIED_ARMED_GROUP} or counts
    return sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if named else None


def _best_counts(claims: Sequence[Count]) -> dict[str, int]:
    """Per kind, the value most articles give (ties: the larger)."""
    best: dict[str, int] = {}
    for kind in sorted({c.kind for c in claims if c.qualifier != "vague"}):
        votes = Counter(c.value for c in claims if c.kind == kind and c.qualifier != "vague")
        best[kind] = sorted(votes.items(), key=lambda kv: (-kv[1], -kv[0]))[0][0]
    return best


def merge_group(group: Sequence[Event], related: Related = same_place) -> Event:
    """One event from the reports of one happening."""
    if len(group) == 1:
        return group[0]
    first = group[0]
    sources = sorted(
        {(s.article, s.start): s for e in group for s in e.sources}.values(),
        key=lambda s: (s.article, s.start),
    )
    claims = sorted(
        {(c.article, c.kind, c.value): c for e in group for c in e.count_claims}.values(),
        key=lambda c: (c.kind, c.article or "", c.value),
    )
    denials = sorted(
        {(d.article, d.start): d for e in group for d in e.denials}.values(),
        key=lambda d: (d.article, d.start),
    )
    dated = sorted(
        (e for e in group if e.date is not None), key=lambda e: (e.time_precision, e.date)
    )
    date_event = dated[0] if dated else first
    tos = Counter(e.actors.to for e in group if e.actors.to)
    froms = Counter(e.actors.from_ for e in group if e.actors.from_)
    actors = Actors(
        by=sorted({a for e in group for a in e.actors.by}),
        against=sorted({a for e in group for a in e.actors.against}),
        evacuees=sorted({a for e in group for a in e.actors.evacuees}),
        **{
            "from": _top_actor(froms),
            "to": _top_actor(tos),
        },
    )
    # A control change's ACLED code says who gained: that of a report naming the winner.
    coded = next((e for e in group if e.actors.to == actors.to), first)
    disbelief = 1.0
    for e in group:
        disbelief *= 1.0 - e.confidence
    digest = hashlib.sha1("|".join(sorted(e.id for e in group)).encode()).hexdigest()
    place = _most_common((e.place for e in group), related)
    return first.model_copy(
        update={
            "id": f"ev-{digest[:12]}",
            "acled_event_type": coded.acled_event_type,
            "acled_sub_event_type": coded.acled_sub_event_type,
            "place": place,
            "place_relation": _relation(group, place),
            "origin": _most_common((e.origin for e in group), related),
            "destination": _most_common((e.destination for e in group), related),
            "actors": actors,
            "counts": _best_counts(claims),
            "count_claims": claims,
            "date": date_event.date,
            "date_text": date_event.date_text,
            "time_precision": date_event.time_precision,
            "geo_precision": min(e.geo_precision for e in group),
            "contested": any(e.contested for e in group),
            "denials": denials,
            "confidence": round(min(0.99, 1.0 - disbelief), 3),
            "sources": sources,
        }
    )


def _relation(group: Sequence[Event], place: PlaceRef | None) -> str | None:
    """Beside the merged place ("north of X") only when no report put it in the place."""
    said = {e.place_relation for e in group if place and e.place and e.place.id == place.id}
    return None if None in said or not said else sorted(r for r in said if r)[0]


def _sort_key(e: Event) -> tuple[str, str, str, int, str]:
    """A total order on reports, so merging does not depend on input order."""
    first = e.sources[0]
    return (
        e.event_type,
        e.date.isoformat() if e.date else "",
        first.article,
        first.start,
        e.model_dump_json(),
    )


Scope = tuple[str, str]  # event type, and a place id, a country or "article:<id>"
_ARTICLE = "article:"  # the prefix of an article's scope

#: Reports are filed by time in buckets of this many days.
_BUCKET_DAYS = 8
#: How far in days a report looks for its happening when either is month-precise
#: or dated only by its article (two day-precise reports look as far as their
#: type's `_WINDOW_DAYS`).
_MONTH_REACH_DAYS = 31
#: The "day" of a report that has no date and comes from an undated article;
#: it sorts before every real day (ordinal 1 is 1 January of year 1).
_TIMELESS = -(1 << 40)


def _scopes(event: Event) -> set[Scope]:
    """Where a report can find its happening: its type with a place, a country or its article.

    Strikes, fights and captures can only be the very same place's; others
    share a country (through a place, origin or destination); the reports
    of an evacuation in one article always meet, whatever their countries
    ("out of Aden ... for Egypt").
    """
    return _scopes_of(event, _articles_of(event))


def _articles_of(event: Event) -> set[str]:
    return {s.article for s in event.sources}


def _scopes_of(event: Event, articles: Iterable[str]) -> set[Scope]:
    if event.event_type not in _AREA_WIDE and event.event_type != "evacuation" and event.place:
        return {(event.event_type, event.place.id)}
    countries = {r.country or "?" for r in (event.place, event.origin, event.destination) if r}
    scopes: set[Scope] = {(event.event_type, c) for c in countries or {"?"}}
    if event.event_type == "evacuation":
        scopes |= {(event.event_type, _ARTICLE + a) for a in articles}
    return scopes


@dataclass
class _Tally:
    """What the merged event of a cluster's reports says, counted report by report."""

    places: tuple[dict[str, int], dict[str, int], dict[str, int]] = field(
        default_factory=lambda: ({}, {}, {})
    )
    refs: dict[str, PlaceRef] = field(default_factory=dict)
    tos: dict[str, int] = field(default_factory=dict)
    froms: dict[str, int] = field(default_factory=dict)
    evacuees: set[str] = field(default_factory=set)
    dated: tuple[int, dt.date] | None = None  # the most precise, then earliest, date
    first_source: tuple[str, int, Evidence] | None = None

    def add(self, report: Event) -> None:
        for counts, ref in zip(
            self.places, (report.place, report.origin, report.destination), strict=True
        ):
            if ref is not None:
                counts[ref.id] = counts.get(ref.id, 0) + 1
                self.refs.setdefault(ref.id, ref)
        actors = report.actors
        if actors.to:
            self.tos[actors.to] = self.tos.get(actors.to, 0) + 1
        if actors.from_:
            self.froms[actors.from_] = self.froms.get(actors.from_, 0) + 1
        self.evacuees.update(actors.evacuees)
        if report.date is not None:
            when = (report.time_precision, report.date)
            if self.dated is None or when < self.dated:
                self.dated = when
        for s in report.sources:
            if self.first_source is None or (s.article, s.start) < self.first_source[:2]:
                self.first_source = (s.article, s.start, s)

    def rep(self, first: Event, related: Related) -> Event:
        """`merge_group`'s event in the fields `_tell_alike` reads (the rest is `first`'s)."""
        place, origin, destination = (_most_counted(c, self.refs, related) for c in self.places)
        precision, date = self.dated or (first.time_precision, first.date)
        assert self.first_source is not None
        return first.model_copy(
            update={
                "place": place,
                "origin": origin,
                "destination": destination,
                "actors": Actors(
                    evacuees=sorted(self.evacuees),
                    **{"from": _top_actor(self.froms), "to": _top_actor(self.tos)},
                ),
                "date": date,
                "time_precision": precision,
                "sources": [self.first_source[2]],
            }
        )


class _Cluster:
    """The reports of one happening so far, with what comparing against them needs.

    `merge_group` reads every report, and running it at each join made a
    happening told by thousands of articles quadratic to merge.  A cluster
    keeps counts as reports join instead (`_Tally`): `rep` equals the merged
    event in every field `_tell_alike` reads, and `scopes` with the articles
    give its `_scopes`, so comparisons need no merge (a test holds `rep` to
    `merge_group`).  `merged()` runs the full merge once.
    """

    __slots__ = ("_articles", "_rep", "_scopes", "_tally", "days", "related", "reports")

    def __init__(self, related: Related, report: Event, day: int) -> None:
        self.related = related
        self.reports = [report]
        self.days = [day]
        self._articles = {s.article for s in report.sources}
        self._tally: _Tally | None = None  # from the second report on
        self._rep: Event | None = report
        self._scopes: set[Scope] | None = None

    def add(self, report: Event, day: int) -> None:
        if self._tally is None:
            self._tally = _Tally()
            self._tally.add(self.reports[0])
        self._tally.add(report)
        self.reports.append(report)
        self.days.append(day)
        self._articles.update(s.article for s in report.sources)
        self._rep = self._scopes = None

    @property
    def rep(self) -> Event:
        if self._rep is None:
            assert self._tally is not None
            self._rep = self._tally.rep(self.reports[0], self.related)
        return self._rep

    @property
    def scopes(self) -> set[Scope]:
        """The scopes of the merged event but its articles' (see `shares`)."""
        if self._scopes is None:
            self._scopes = _scopes_of(self.rep, ())
        return self._scopes

    def shares(self, scopes: Iterable[Scope]) -> bool:
        """Whether any of these scopes (of a report of the same type) is one of `_scopes(rep)`."""
        own, articles = self.scopes, self._articles
        evacuation = self.reports[0].event_type == "evacuation"
        return any(
            scope in own
            or (
                evacuation
                and scope[1].startswith(_ARTICLE)
                and scope[1].removeprefix(_ARTICLE) in articles
            )
            for scope in scopes
        )

    def meets(self, report: Event, report_scopes: Iterable[Scope]) -> bool:
        """`same_event(report, merged)`, without merging."""
        return _tell_alike(report, self.rep, self.related) and self.shares(report_scopes)

    def meets_cluster(self, other: _Cluster) -> bool:
        """`same_event(other's merged, merged)`, without merging."""
        if not _tell_alike(other.rep, self.rep, self.related):
            return False
        if not self.scopes.isdisjoint(other.scopes):
            return True
        # (isdisjoint walks the smaller set, so a cluster of thousands of articles is cheap)
        return self.reports[0].event_type == "evacuation" and not self._articles.isdisjoint(
            other._articles
        )

    @property
    def articles(self) -> frozenset[str]:
        return frozenset(self._articles)

    def merged(self) -> Event:
        return merge_group(self.reports, self.related)


def report_day(event: Event, published: Mapping[str, dt.date | None]) -> int:
    """The day a report is placed at: its date, else its article's publication (news tells
    what is recent), else `_TIMELESS`.

    A report whose own words give a time no day or month can be drawn from ("in
    2014", "10 years ago", "last year": a `date_text` without a date) is not placed
    at its article's publication either: that would join "the rebels took the town
    10 years ago" to a report of the town's fall this week.  It is `_TIMELESS`.
    """
    if event.date is None and event.date_text:
        return _TIMELESS
    when = event.date or published.get(event.sources[0].article)
    return _TIMELESS if when is None else when.toordinal()


def _reach(event: Event, day: int) -> tuple[int, range, bool]:
    """The report's bucket, the buckets it reaches, and whether it is month-wide."""
    month_wide = event.date is None or event.time_precision == 3
    reach = _MONTH_REACH_DAYS if month_wide else _WINDOW_DAYS.get(event.event_type, 1)
    span = range((day - reach) // _BUCKET_DAYS, (day + reach) // _BUCKET_DAYS + 1)
    return day // _BUCKET_DAYS, span, month_wide


class _Blocks:
    """Live clusters filed by scope and by time, so a report is compared only with its neighbours.

    Time is cut in 8-day buckets.  A report with a day-precise date looks as
    far either side as its type's date window (a week for a deal, three days
    for a convoy or a capture, one for a strike); one dated to a month, or only by its article's
    publication, looks 31 days either side and is also filed across those
    31 days, where day-precise reports look for it.  So every pair whose
    dates `same_event` could accept is looked at, and no report looks
    further back than 31 days (and a bucket) before its own day: that is
    what lets the sweep in `merge_events` forget older buckets.  A report
    with no time at all (`_TIMELESS`) is filed by scope alone and meets only
    others like it: it cannot be placed beside a dated happening.

    Every evacuation of a war shares its country, so a convoy would be
    compared with every other of those weeks.  Where a cluster is filed under
    an evacuation's country scope, it is also filed under the places its
    reports left from and went to (`_ends`), and a report with an origin or
    a destination looks only there (`_looked_up`): at least every cluster
    whose merged event `_places_compatible` could accept, in the same order.
    """

    def __init__(self, related: Related = same_place) -> None:
        self.containers = _containers_of(related)
        self.timed: dict[tuple[Scope, int], set[int]] = {}  # by the report's own bucket
        self.wide: dict[tuple[Scope, int], set[int]] = {}  # month-wide, across their reach
        self.timeless: dict[Scope, set[int]] = {}
        self._keys: dict[int, list[tuple[Scope, int]]] = {}  # bucket -> keys filed there
        # Per evacuation cluster: the `_ends` of all its reports, and the
        # (table, country scope, bucket) slots it is filed in.  Its merged event
        # takes its origin and destination from any of its reports, so a report
        # that brings a new end files the cluster under it in every slot.
        self._ends: dict[int, set[str]] = {}
        self._slots: dict[int, set[tuple[str, Scope, int]]] = {}
        self._floor = _TIMELESS

    def file(self, i: int, event: Event, day: int) -> int:
        """File cluster `i` under this report; returns the last bucket it is filed in."""
        refine = event.event_type == "evacuation" and self.containers is not None
        if refine:
            self._add_ends(i, self._ends_of(event))
        if day == _TIMELESS:
            for scope in _scopes(event):
                self._put("timeless", scope, _TIMELESS, i, refine)
            return _TIMELESS
        own, span, month_wide = _reach(event, day)
        for scope in _scopes(event):
            self._put("timed", scope, own, i, refine)
            if month_wide:
                for bucket in span:
                    self._put("wide", scope, bucket, i, refine)
        return span[-1] if month_wide else own

    def _put(self, table: str, scope: Scope, bucket: int, i: int, refine: bool) -> None:
        self._add(table, scope, bucket, i)
        if refine and not scope[1].startswith(_ARTICLE):
            slot = (table, scope, bucket)
            slots = self._slots.setdefault(i, set())
            if slot not in slots:
                slots.add(slot)
                for end in self._ends[i]:
                    self._add(table, (scope[0], scope[1] + end), bucket, i)

    def _add(self, table: str, scope: Scope, bucket: int, i: int) -> None:
        if table == "timeless":
            self.timeless.setdefault(scope, set()).add(i)
            return
        filed_in = self.timed if table == "timed" else self.wide
        key = (scope, bucket)
        filed = filed_in.get(key)
        if filed is None:
            filed = filed_in[key] = set()
            self._keys.setdefault(bucket, []).append(key)
        filed.add(i)

    def _ends_of(self, event: Event) -> set[str]:
        """Where a report is filed within a country scope: for its origin ("o") and
        destination ("d"), "|o" for none given, "|o=X" for X itself and "|o<Y"
        for X and every place X lies within."""
        assert self.containers is not None
        ends = set()
        for side, ref in (("o", event.origin), ("d", event.destination)):
            if ref is None:
                ends.add(f"|{side}")
            else:
                ends.add(f"|{side}={ref.id}")
                ends.update(f"|{side}<{x}" for x in self.containers(ref.id) | {ref.id})
        return ends

    def _add_ends(self, i: int, ends: set[str]) -> None:
        known = self._ends.setdefault(i, set())
        new = ends - known
        if not new:
            return
        known |= new
        slots = self._slots.get(i, set())
        for slot in [s for s in slots if s[0] != "timeless" and s[2] < self._floor]:
            slots.discard(slot)  # forgotten: no report to come looks there
        for table, scope, bucket in slots:
            for end in new:
                self._add(table, (scope[0], scope[1] + end), bucket, i)

    def _looked_up(self, event: Event, scopes: Iterable[Scope]) -> Iterable[Scope]:
        """The scopes a report (or a merged event) looks in: an evacuation with an
        origin looks in its countries for "|o" (none given), "|o<X" (X or a place
        within it) and "|o=Y" for each place Y that X lies within; without one,
        by its destination the same way; with neither, in the whole country."""
        if event.event_type != "evacuation" or self.containers is None:
            return scopes
        side, ref = ("o", event.origin) if event.origin is not None else ("d", event.destination)
        if ref is None:
            return scopes
        ends = [f"|{side}", f"|{side}<{ref.id}"]
        ends += [f"|{side}={x}" for x in self.containers(ref.id)]
        looked: list[Scope] = []
        for etype, where in scopes:
            if where.startswith(_ARTICLE):
                looked.append((etype, where))
            else:
                looked += [(etype, where + end) for end in ends]
        return looked

    def near(
        self, event: Event, day: int, scopes: set[Scope], *, not_before: int | None = None
    ) -> list[int]:
        """Cluster numbers, in order, that may hold the happening of this report.

        `not_before` is a bucket the lookup does not go below (see `sweep_merge`).
        """
        found: set[int] = set()
        looked = self._looked_up(event, scopes)
        if day == _TIMELESS:
            for scope in looked:
                found |= self.timeless.get(scope, set())
            return sorted(found)
        own, span, month_wide = _reach(event, day)
        if not_before is not None and span.start < not_before:
            span = range(not_before, max(not_before, span.stop))
        for scope in looked:
            for bucket in span:
                found |= self.timed.get((scope, bucket), set())
            if not month_wide and (not_before is None or own >= not_before):
                found |= self.wide.get((scope, own), set())
        return sorted(found)

    def drop(self, i: int) -> None:
        """Forget what was kept to file cluster `i` (joined to another, or retired)."""
        self._ends.pop(i, None)
        self._slots.pop(i, None)

    def forget_before(self, bucket: int) -> None:
        """Drop what is filed below this bucket: no report to come looks there."""
        self._floor = bucket
        for old in [b for b in self._keys if b < bucket]:
            for key in self._keys.pop(old):
                self.timed.pop(key, None)
                self.wide.pop(key, None)
        self.timeless.clear()


def merge_events(
    events: Iterable[Event],
    related: Related = same_place,
    published: Mapping[str, dt.date | None] | None = None,
) -> list[Event]:
    """Cluster reports of the same happening and merge each cluster.

    `published` (article id -> date) places undated reports in time.  The
    result does not depend on the order of `events`; see `sweep_merge`.
    """
    published = published or {}
    placed = [(report_day(e, published), e) for e in events]
    placed.sort(key=sweep_order)
    return in_event_order(sweep_merge(placed, related))


def sweep_order(placed: tuple[int, Event]) -> tuple[int, tuple[str, str, str, int, str]]:
    """The order `sweep_merge` takes (day, report) pairs in: by day, then by `_sort_key`."""
    day, event = placed
    return day, _sort_key(event)


def sweep_merge(
    reports: Iterable[tuple[int, Event]], related: Related = same_place, *, retire: bool = True
) -> Iterator[Event]:
    """Merged events from reports given in time order, each with its `report_day`.

    The reports must come in `sweep_order` (by day, then `_sort_key`), which makes
    the result independent of arrival order.  A report joins the first
    cluster (oldest first) whose merged event it matches; the grown cluster
    then takes in any other cluster near its merged event's date that this
    event now matches, so a report of where a convoy left from and another
    of where it went both join the convoy that a third report tells whole.
    Reports are compared only within their blocks (type and place or
    country, a few weeks; see `_Blocks`), so an archive merges in
    near-linear time.

    No lookup reaches further back than 31 days (and a bucket) before the
    report at hand; a grown cluster's lookup is cut there too.  So a cluster
    filed only in buckets before that can never change again: it is yielded
    and dropped (`retire`), and memory holds only the clusters of the last
    few weeks, however long the archive.  With `retire=False` everything is
    kept to the end, which gives the same events (a test holds the sweep to
    that).
    """
    clusters: dict[int, _Cluster] = {}
    last_bucket: dict[int, int] = {}
    by_last_bucket: list[tuple[int, int]] = []  # a heap of (last bucket, cluster)
    blocks = _Blocks(related)
    floor = _TIMELESS

    def file(i: int, day: int, event: Event) -> None:
        end = blocks.file(i, event, day)
        if end > last_bucket.get(i, _TIMELESS - 1):
            last_bucket[i] = end
            heapq.heappush(by_last_bucket, (end, i))

    def match(event: Event, day: int) -> int | None:
        scopes = _scopes(event)
        for i in blocks.near(event, day, scopes):
            cluster = clusters.get(i)
            if cluster is not None and cluster.meets(event, scopes):
                return i
        return None

    def joinable(k: int, event: Event, day: int, articles: Iterable[str]) -> int | None:
        # Looks where the grown cluster's merged event is dated, as a new report
        # would, but no further back than the report that grew it looked; in
        # the merged event's scopes, with only these articles' among them.
        grown = clusters[k]
        rep = grown.rep
        if day != _TIMELESS and rep.date is not None:
            at, not_before = rep.date.toordinal(), (day - _MONTH_REACH_DAYS) // _BUCKET_DAYS
        else:
            at, not_before = day, None
        scopes = grown.scopes
        if event.event_type == "evacuation":
            scopes = scopes | {(event.event_type, _ARTICLE + a) for a in articles}
        for i in blocks.near(rep, at, scopes, not_before=not_before):
            other = clusters.get(i)
            if i != k and other is not None and other.meets_cluster(grown):
                return i
        return None

    for n, (day, event) in enumerate(reports):
        if retire and day != _TIMELESS and (day - _MONTH_REACH_DAYS) // _BUCKET_DAYS > floor:
            floor = (day - _MONTH_REACH_DAYS) // _BUCKET_DAYS
            while by_last_bucket and by_last_bucket[0][0] < floor:
                end, i = heapq.heappop(by_last_bucket)
                if last_bucket.get(i) == end:  # else it grew or was joined since
                    del last_bucket[i]
                    blocks.drop(i)
                    yield clusters.pop(i).merged()
            blocks.forget_before(floor)
        k = match(event, day)
        if k is None:
            clusters[n] = _Cluster(related, event, day)
            file(n, day, event)
            continue
        grown = clusters[k]
        before = grown.rep
        grown.add(event, day)
        file(k, day, event)
        # The cluster grew: it may now tell the happening of another one near here.
        # No two clusters met before, so if its merged event is what it was, only
        # those sharing the new report's article are new to it; if that event
        # changed, so may its match with any cluster of any of its articles'
        # (a cluster of thousands of articles rarely changes its merged event).
        articles = _articles_of(event) if grown.rep == before else grown.articles
        while (j := joinable(k, event, day, articles)) is not None:
            keep, drop = min(k, j), max(k, j)
            moved = clusters.pop(drop)
            del last_bucket[drop]
            blocks.drop(drop)
            for d, e in zip(moved.days, moved.reports, strict=True):
                clusters[keep].add(e, d)
                file(keep, d, e)
            k = keep
            articles = clusters[k].articles
    for cluster in clusters.values():
        yield cluster.merged()


def event_order(event: Event) -> tuple[dt.date, str, str]:
    """The order of merged events in every result and export: date, type, id."""
    return (event.date or dt.date.min, event.event_type, event.id)


def in_event_order(events: Iterable[Event]) -> list[Event]:
    """Events in `event_order`, and in an order fixed by their content where that ties."""
    return total_order(list(events), event_order, lambda e: e.model_dump_json())


T = TypeVar("T")


def total_order(
    items: list[T],
    key: Callable[[T], SupportsRichComparison],
    content: Callable[[T], SupportsRichComparison],
) -> list[T]:
    """`items` sorted by `key`; runs of equal keys sorted by `content`.

    Two reports can share an id (the same article, type, offset and
    places), and merged events then share a sort key.  Left to a stable
    sort their order would be the order they arrived in, which differs
    between runs with worker processes; the content settles it, and costs
    only where keys tie.
    """
    items.sort(key=key)
    start = 0
    for end in range(1, len(items) + 1):
        if end == len(items) or key(items[end]) != key(items[start]):
            if end - start > 1:
                items[start:end] = sorted(items[start:end], key=content)
            start = end
    return items


class PartPlan(NamedTuple):
    """One part of a folded corpus (see `_Partition`), as its merge reads it.

    Its report numbers in day order, and each one's `report_day`: all a
    process needs, with the records, to merge the part (`merge_part`).
    """

    reports: array[int]
    days: array[int]


def merge_part(
    plan: PartPlan, take: Callable[[list[int]], list[Event]], related: Related = same_place
) -> Iterator[Event]:
    """The merged events of one part, its reports read (`take`) one day at a time and swept."""

    def in_order() -> Iterator[tuple[int, Event]]:
        numbers = plan.reports
        start = 0
        for day, group in groupby(plan.days):
            end = start + sum(1 for _ in group)
            reports = take(list(numbers[start:end]))
            yield from sorted(((day, e) for e in reports), key=sweep_order)
            start = end

    return sweep_merge(in_order(), related)


class _Partition:
    """Which reports can ever meet in a merge, so a corpus merges one part at a time.

    `merge_events` compares a report only with clusters that share one of
    its scopes.  Reports whose scopes are not linked, directly or through
    other reports, therefore merge to the same events whether merged together
    or apart; a union-find over scopes finds the parts.  Per report it keeps
    one integer.
    """

    def __init__(self) -> None:
        self._ids: dict[Scope, int] = {}
        self._parent = array("q")
        self._of = array("q")  # per report: the id of one of its scopes

    def _id(self, scope: Scope) -> int:
        i = self._ids.get(scope)
        if i is None:
            i = self._ids[scope] = len(self._parent)
            self._parent.append(i)
        return i

    def _root(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def add(self, event: Event) -> None:
        self.add_scopes(sorted(_scopes(event)))

    def add_scopes(self, scopes: Sequence[Scope]) -> None:
        """Add a report by its scopes (sorted, so scope ids do not depend on set order)."""
        ids = [self._id(s) for s in scopes]
        root = self._root(ids[0])
        for i in ids[1:]:
            other = self._root(i)
            if other != root:
                self._parent[other] = root
        self._of.append(ids[0])

    def parts(self) -> list[list[int]]:
        """Report numbers grouped by part, each part in report order."""
        groups: dict[int, list[int]] = {}
        for n, scope in enumerate(self._of):
            groups.setdefault(self._root(scope), []).append(n)
        return list(groups.values())


class ControlChange(NamedTuple):
    """What the control timeline needs of a merged control change (a few fields, not the event)."""

    place_id: str
    date: dt.date | None
    event_id: str
    before: str | None
    after: str | None
    contested: bool
    corroborated: bool

    @classmethod
    def of(cls, event: Event) -> ControlChange:
        assert event.place is not None
        return cls(
            event.place.id,
            event.date,
            event.id,
            event.actors.from_,
            event.actors.to,
            event.contested,
            len({s.article for s in event.sources}) > 1,
        )


def control_timeline(events: Iterable[Event]) -> dict[str, list[ControlPeriod]]:
    """Who held each place from when, per the control changes reported."""
    return _timeline(ControlChange.of(e) for e in events if _changes_hands(e))


def _changes_hands(event: Event) -> bool:
    """A control change of its place: "took a town north of X" says nothing of who holds X."""
    return (
        event.event_type == "control_change"
        and event.place is not None
        and not event.place_relation
    )


def _change_order(c: ControlChange) -> tuple[object, ...]:
    """By date and event; changes that tie there are sorted by what they say, so the
    timeline does not depend on the order they were summarised in (merge workers)."""
    return (
        c.date or dt.date.min,
        c.event_id,
        c.before is not None,
        c.before or "",
        c.after is not None,
        c.after or "",
        c.contested,
        c.corroborated,
    )


def _timeline(changes: Iterable[ControlChange]) -> dict[str, list[ControlPeriod]]:
    by_place: dict[str, list[ControlChange]] = {}
    for c in changes:
        by_place.setdefault(c.place_id, []).append(c)
    timeline: dict[str, list[ControlPeriod]] = {}
    for place_id, changes_here in sorted(by_place.items()):
        changes_here.sort(key=_change_order)
        periods: list[ControlPeriod] = []
        first = changes_here[0]
        if first.before:
            periods.append(
                ControlPeriod(
                    place_id=place_id, holder=first.before, until=first.date, basis="reported"
                )
            )
        for i, change in enumerate(changes_here):
            nxt = changes_here[i + 1].date if i + 1 < len(changes_here) else None
            last = periods[-1] if periods else None
            if last is not None and last.holder == change.after:
                # Told again (from another side, another day): the same holding goes on,
                # on the evidence of both reports.
                periods[-1] = last.model_copy(
                    update={
                        "until": nxt,
                        "event_ids": [*last.event_ids, change.event_id],
                        "contested": last.contested or change.contested,
                        "corroborated": last.corroborated or change.corroborated,
                    }
                )
                continue
            periods.append(
                ControlPeriod(
                    place_id=place_id,
                    holder=change.after,
                    since=change.date,
                    until=nxt,
                    event_ids=[change.event_id],
                    contested=change.contested,
                    corroborated=change.corroborated,
                )
            )
        timeline[place_id] = periods
    return timeline


@dataclass
class SiteTally:
    """What the corpus says of one incident site, tallied as articles arrive."""

    mentions: int = 0
    articles: set[str] = field(default_factory=set)
    #: The first mention of the first article (by id), for a site no event is at.
    first: tuple[str, int, Candidate] | None = None

    def add(self, mention: Mention) -> None:
        assert mention.place is not None
        self.mentions += 1
        self.articles.add(mention.article)
        here = (mention.article, mention.start, mention.place)
        if self.first is None or here[:2] < self.first[:2]:
            self.first = here


Extent = Callable[[str], tuple[float | None, list[tuple[float, float]] | None]]


class PackedReport(NamedTuple):
    """An event report as a worker process hands it to a spilled fold.

    Unpickling twelve events cost the parent about 0.8 ms per article, an
    eighth of a worker's whole time on it; as its spill JSON, its merge
    scopes and its day, the parent only writes the bytes.
    """

    json: bytes
    scopes: tuple[Scope, ...]
    day: int


def pack(result: ArticleResult) -> tuple[ArticleResult, list[PackedReport]]:
    """The result without its events, and the events packed (see `Aggregator.add`)."""
    published = {result.meta.id: result.meta.published}
    packed = [
        PackedReport(
            e.__pydantic_serializer__.to_json(e),
            tuple(sorted(_scopes(e))),
            report_day(e, published),
        )
        for e in result.events
    ]
    return result.model_copy(update={"events": []}), packed


class Aggregator:
    """Per-article results folded in as they arrive; the merge runs at the end.

    Of each article it keeps its metadata, its events (the merge needs all of
    them) and a tally per incident site; the mentions, the alternatives each
    name beat and the text are dropped on arrival.  With `spill=True` the
    metadata and events wait in a temporary file instead of memory, and
    `merged()` reads back one part of the corpus at a time (reports that can
    never meet are merged apart, see `_Partition`), one day at a time, and
    sweeps it (`sweep_merge`), so memory stays nearly flat however many
    articles are read; `export.stream_exports` writes the result without
    holding it either, in worker processes if asked (each merges some parts,
    see `plans` and `merge_part`).  Per report, three 8-byte numbers stay in memory.
    Arrival order does not matter: the merge sorts what it merges, so one
    process, a pool or a Dask cluster give the same result.
    """

    def __init__(
        self,
        related: Related = same_place,
        extent: Extent = lambda _: (None, None),
        *,
        spill: bool = False,
    ) -> None:
        self.related = related
        self.extent = extent
        self.articles: Spill[ArticleMeta] = Spill(ArticleMeta, on_disk=spill)
        self.events: Spill[Event] = Spill(Event, on_disk=spill)
        self.sites: dict[str, SiteTally] = {}
        self.unresolved: Counter[str] = Counter()
        self.skipped: list[Skipped] = []
        self.no_conflict: list[str] = []  # articles that tell of no armed conflict
        self._parts = _Partition()
        self._days = array("q")  # per report: its `report_day`

    def add(self, result: ArticleResult, packed: Sequence[PackedReport] = ()) -> None:
        """Fold in an article's result, its events as objects or already `pack`ed."""
        self.articles.append(result.meta)
        if not result.tells_of_conflict:
            self.no_conflict.append(result.meta.id)
        published = {result.meta.id: result.meta.published}
        for event in result.events:
            self.events.append(event)
            self._parts.add(event)
            self._days.append(report_day(event, published))
        for report in packed:
            self.events.append_json(report.json)
            self._parts.add_scopes(report.scopes)
            self._days.append(report.day)
        for m in result.mentions:
            if m.role == "incident" and m.place is not None:
                self.sites.setdefault(m.place.place_id, SiteTally()).add(m)
        self.unresolved.update(result.unresolved)

    def skip(self, skipped: Skipped) -> None:
        self.skipped.append(skipped)

    def close(self) -> None:
        """Drop the folded events and metadata (and their temporary files)."""
        self.events.close()
        self.articles.close()

    def plans(self) -> list[PartPlan]:
        """The corpus's parts, largest first, each ready to be merged apart (`merge_part`)."""
        days = self._days
        plans = []
        for part in self._parts.parts():
            by_day = sorted(part, key=days.__getitem__)
            plans.append(PartPlan(array("q", by_day), array("q", (days[n] for n in by_day))))
        plans.sort(key=lambda p: -len(p.reports))  # stable: equal sizes keep report order
        return plans

    def merged(self) -> Iterator[Event]:
        """The merged events, part by part (in no useful order; sort by `event_order`).

        Each part is read back one day at a time and swept (`sweep_merge`),
        so only a few weeks of its reports and clusters are in memory at once.
        """
        for plan in self.plans():
            yield from merge_part(plan, self.events.take, self.related)

    def extraction(self) -> Extraction:
        """Merge the events and summarise the sites: the corpus's result, in memory."""
        events = in_event_order(self.merged())
        return Extraction(
            articles=sorted(self.articles, key=lambda a: a.id),
            events=events,
            places=summarise_places(self.sites, events, self.extent),
            skipped=sorted(self.skipped, key=lambda s: s.path),
            unresolved=dict(sorted(self.unresolved.items())),
            no_conflict=sorted(self.no_conflict),
        )


class PlaceSummariser:
    """Incident sites from merged events seen one at a time, in any order.

    Holds per place its reference and the articles whose events are there,
    and per control change a few fields, so an archive's sites are summarised
    while its events stream to an export.  Summarisers of different events
    combine (`update`): merge workers each summarise their own.
    """

    def __init__(self) -> None:
        self.refs: dict[str, PlaceRef] = {}
        self.event_articles: dict[str, set[str]] = {}  # place -> articles with events there
        self.changes: list[ControlChange] = []

    def add(self, event: Event) -> None:
        for r in (event.place, event.origin, event.destination):
            if r is not None:
                self.refs[r.id] = r
                self.event_articles.setdefault(r.id, set()).update(s.article for s in event.sources)
        if _changes_hands(event):
            self.changes.append(ControlChange.of(event))

    def update(self, other: PlaceSummariser) -> None:
        """Take in what another summariser saw (of other events).

        A place id names one place, so any event's reference to it will do.
        """
        self.refs.update(other.refs)
        for place_id, articles in other.event_articles.items():
            self.event_articles.setdefault(place_id, set()).update(articles)
        self.changes.extend(other.changes)

    def summaries(self, sites: Mapping[str, SiteTally], extent: Extent) -> list[PlaceSummary]:
        """One summary per site mentioned as an incident site or placed at by an event."""
        timeline = _timeline(self.changes)
        summaries: list[PlaceSummary] = []
        for place_id in sorted(set(sites) | set(self.refs)):
            tally = sites.get(place_id, SiteTally())
            if place_id in self.refs:
                ref = self.refs[place_id]
            else:
                assert tally.first is not None
                ref = PlaceRef.of(tally.first[2])
            radius, polygon = extent(place_id)
            articles = sorted(tally.articles | self.event_articles.get(place_id, set()))
            summaries.append(
                PlaceSummary(
                    place=ref,
                    mentions=tally.mentions,
                    articles=articles,
                    radius_km=radius,
                    polygon=polygon,
                    control=timeline.get(place_id, []),
                )
            )
        return summaries


def summarise_places(
    sites: Mapping[str, SiteTally], events: Iterable[Event], extent: Extent
) -> list[PlaceSummary]:
    """The incident sites across the corpus, with mention counts and control timeline.

    A site an event is placed at is an incident site even if no mention of
    it survived as one (merged away).
    """
    summariser = PlaceSummariser()
    for e in events:
        summariser.add(e)
    return summariser.summaries(sites, extent)
