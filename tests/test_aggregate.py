"""Merging reports of one happening, and the control timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.aggregate import Related, Within, control_timeline, merge_events, same_event
from geomap.models import Actors, Count, Event, Evidence, PlaceRef

DAMASCUS_SOUTH = PlaceRef(
    id="southern-damascus", name="southern Damascus", kind="area", lat=33.47, lon=36.30
)
YARMOUK = PlaceRef(id="yarmouk-camp", name="Yarmouk camp", kind="camp", lat=33.47, lon=36.30)
BADIA = PlaceRef(id="badia", name="Badia", kind="desert", lat=34.5, lon=38.5)
DOUMA = PlaceRef(id="douma", name="Douma", kind="city", lat=33.57, lon=36.40)


def _ev(article: str, start: int = 0, **kw: object) -> Event:
    base: dict[str, object] = {
        "id": f"{article}-{start}",
        "event_type": "evacuation",
        "date": dt.date(2018, 5, 20),
        "time_precision": 1,
        "sources": [
            Evidence(article=article, quote=f"quote {article}", start=start, end=start + 5)
        ],
    }
    base.update(kw)
    return Event.model_validate(base)


def _within(a: str, b: str) -> bool:
    return (a, b) == ("yarmouk-camp", "southern-damascus")


def test_same_convoy_from_three_articles_merges_with_all_sources_and_numbers() -> None:
    reports = [
        _ev(
            "a",
            origin=DAMASCUS_SOUTH,
            destination=BADIA,
            actors=Actors(evacuees=["islamic-state"]),
            counts={"people": 1600},
            count_claims=[Count(kind="people", value=1600, text="1,600", article="a")],
        ),
        _ev(
            "b",
            origin=YARMOUK,
            destination=None,
            actors=Actors(evacuees=["islamic-state"]),
            counts={"buses": 32},
            count_claims=[Count(kind="buses", value=32, text="32 buses", article="b")],
        ),
        _ev(
            "c",
            origin=DAMASCUS_SOUTH,
            destination=BADIA,
            date=dt.date(2018, 5, 21),
            contested=True,
            counts={"people": 1400},
            count_claims=[Count(kind="people", value=1400, text="1,400", article="c")],
        ),
    ]
    (merged,) = merge_events(reports, _within)
    assert {s.article for s in merged.sources} == {"a", "b", "c"}
    assert merged.origin == DAMASCUS_SOUTH and merged.destination == BADIA
    assert merged.contested is True
    assert sorted(c.value for c in merged.count_claims if c.kind == "people") == [1400, 1600]
    assert merged.counts["buses"] == 32
    assert merged.confidence > max(r.confidence for r in reports)


def test_a_merged_control_change_is_coded_by_the_report_that_names_the_winner() -> None:
    unknown = _ev(
        "a", event_type="control_change", place=DOUMA, acled_event_type="Battles"
    )  # fmt: skip
    named = _ev(
        "b",
        event_type="control_change",
        place=DOUMA,
        actors=Actors(to="syrian-government", by=["syrian-government"]),
        acled_event_type="Battles",
        acled_sub_event_type="Government regains territory",
    )
    for reports in ([unknown, named], [named, unknown]):
        (merged,) = merge_events(reports, _within)
        assert merged.actors.to == "syrian-government"
        assert merged.acled_sub_event_type == "Government regains territory"


def test_civilian_and_fighter_evacuations_stay_apart() -> None:
    civ = _ev("a", origin=DAMASCUS_SOUTH, actors=Actors(evacuees=["civilians"]))
    fighters = _ev(
        "b", origin=DAMASCUS_SOUTH, actors=Actors(evacuees=["islamic-state", "civilians"])
    )
    assert not same_event(civ, fighters)
    assert len(merge_events([civ, fighters])) == 2


def test_far_apart_dates_stay_apart() -> None:
    a = _ev("a", origin=DOUMA)
    b = _ev("b", origin=DOUMA, date=dt.date(2018, 4, 1))
    assert len(merge_events([a, b])) == 2


def test_control_timeline_has_earlier_holder_and_change() -> None:
    change = _ev(
        "a",
        event_type="control_change",
        place=YARMOUK,
        actors=Actors(**{"from": "islamic-state", "to": "syrian-government"}),
    )
    timeline = control_timeline([change])["yarmouk-camp"]
    assert [(p.holder, p.basis) for p in timeline] == [
        ("islamic-state", "reported"),
        ("syrian-government", "control_change"),
    ]
    assert timeline[0].until == timeline[1].since == dt.date(2018, 5, 20)


def test_a_holding_told_twice_is_one_period_on_the_evidence_of_both() -> None:
    def taken(article: str, start: int, before: str, **kw: object) -> Event:
        actors = Actors(**{"from": before, "to": "syrian-government"})
        return _ev(article, start, event_type="control_change", place=DOUMA, actors=actors, **kw)

    # One capture told by two articles (from IS), another told by one (from the rebels).
    both = _ev(
        "a",
        0,
        event_type="control_change",
        place=DOUMA,
        actors=Actors(**{"from": "islamic-state", "to": "syrian-government"}),
        sources=[
            Evidence(article="a", quote="q", start=0, end=1),
            Evidence(article="b", quote="q", start=0, end=1),
        ],
    )
    alone = taken("c", 5, "syrian-opposition")
    timeline = control_timeline([both, alone])["douma"]
    assert [(p.holder, p.basis, p.corroborated) for p in timeline] == [
        ("islamic-state", "reported", False),
        ("syrian-government", "control_change", True),
    ]
    assert sorted(timeline[1].event_ids) == sorted([both.id, alone.id])
    # A denial of either report keeps the holding disputed.
    denied = taken("d", 7, "syrian-opposition", contested=True, date=dt.date(2018, 5, 22))
    (_, holding) = control_timeline([both, denied])["douma"]
    assert (holding.corroborated, holding.contested, holding.until) == (True, True, None)
    # A change to another holder in between ends it.
    lost = _ev(
        "e",
        9,
        event_type="control_change",
        place=DOUMA,
        date=dt.date(2018, 5, 21),
        actors=Actors(**{"from": "syrian-government", "to": "islamic-state"}),
    )
    holders = [p.holder for p in control_timeline([both, lost, denied])["douma"]]
    assert holders == ["islamic-state", "syrian-government", "islamic-state", "syrian-government"]


def test_a_control_change_beside_a_place_says_nothing_of_who_holds_it() -> None:
    near = _ev(
        "a",
        event_type="control_change",
        place=DOUMA,
        place_relation="near",
        actors=Actors(**{"from": "syrian-government", "to": "islamic-state"}),
    )
    assert control_timeline([near]) == {}
    inside = _ev("b", 9, **{**near.model_dump(exclude={"id", "sources"}), "place_relation": None})
    assert [p.holder for p in control_timeline([near, inside])["douma"]] == [
        "syrian-government",
        "islamic-state",
    ]
    # "took a town near Douma" and "took Douma" are two control changes; two reports of
    # the town near Douma are one, still beside Douma.
    assert len(merge_events([near, inside])) == 2
    (merged,) = merge_events([near, near.model_copy(update={"id": "c", "sources": inside.sources})])
    assert merged.place_relation == "near"
    # Other happenings merge across the two tellings, and are in Douma if one report says so.
    clash = near.model_copy(update={"event_type": "clashes", "actors": Actors()})
    in_douma = inside.model_copy(update={"event_type": "clashes", "actors": Actors()})
    (merged,) = merge_events([clash, in_douma])
    assert merged.place_relation is None


places = st.sampled_from([DAMASCUS_SOUTH, YARMOUK, BADIA, DOUMA, None])
reports = st.builds(
    lambda art, start, day, o, d: _ev(
        art, start, origin=o, destination=d, date=dt.date(2018, 5, 1) + dt.timedelta(days=day)
    ),
    st.sampled_from(["a", "b", "c", "d"]),
    st.integers(0, 500),
    st.integers(0, 20),
    places,
    places,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(reports, max_size=12))
def test_merging_never_loses_a_source_and_ignores_order(events: list[Event]) -> None:
    merged = merge_events(events, _within)
    before = {(s.article, s.start) for e in events for s in e.sources}
    after = {(s.article, s.start) for e in merged for s in e.sources}
    assert after == before
    assert merge_events(list(reversed(events)), _within) == merged


def test_an_undated_report_meets_reports_from_its_own_time_only() -> None:
    """Placed at its article's publication, not compared with every year."""
    undated = _ev("new", destination=BADIA, date=None, time_precision=3)
    same_month = _ev("b", destination=BADIA, date=dt.date(2024, 11, 2))
    years_before = _ev("c", destination=BADIA, date=dt.date(2013, 3, 2))
    published = {"new": dt.date(2024, 11, 7), "b": None, "c": None}
    merged = merge_events([undated, years_before, same_month], published=published)
    groups = sorted(sorted(s.article for s in e.sources) for e in merged)
    assert groups == [["b", "new"], ["c"]]
    # With no time at all it cannot be placed beside a dated happening,
    # only beside another report as timeless as itself.
    timeless = _ev("old", destination=BADIA, date=None, time_precision=3)
    merged = merge_events([undated, years_before, timeless])
    groups = sorted(sorted(s.article for s in e.sources) for e in merged)
    assert groups == [["c"], ["new", "old"]]


def test_a_report_dated_only_to_past_years_is_not_placed_at_its_publication() -> None:
    """A capture told as "10 years ago" is not this week's capture of the town, though
    its article came out this week; two such reports can still be one."""

    def took(article: str, **kw: object) -> Event:
        return _ev(
            article, event_type="control_change", place=DOUMA, actors=Actors(to="rebels"), **kw
        )

    this_week = took("new", date=dt.date(2009, 1, 1), time_precision=1)
    years_ago = took("old", date=None, date_text="10 years ago")
    in_1999 = took("older", date=None, date_text="in 1999")
    published = {"new": dt.date(2009, 1, 2), "old": dt.date(2009, 1, 2), "older": None}
    merged = merge_events([this_week, years_ago, in_1999], published=published)
    groups = sorted(sorted(s.article for s in e.sources) for e in merged)
    assert groups == [["new"], ["old", "older"]]


_TYPES = ["evacuation", "agreement", "control_change", "airstrike"]
MOSUL = PlaceRef(id="mosul", name="Mosul", kind="city", lat=36.34, lon=43.13, country="IQ")
TAL_AFAR = PlaceRef(id="tal-afar", name="Tal Afar", kind="city", lat=36.37, lon=42.45, country="IQ")
#: Places in two countries and none, so reports fall in different scopes and parts.
placed = st.sampled_from(
    [
        *(p.model_copy(update={"country": "SY"}) for p in (DAMASCUS_SOUTH, YARMOUK, BADIA)),
        DOUMA,
        MOSUL,
        TAL_AFAR,
        None,
    ]
)


def _reports(
    articles: list[str], types: list[str], first_day: dt.date, days: int
) -> st.SearchStrategy[Event]:
    """Reports of these types and articles, dated up to `days` after `first_day` or undated."""
    return st.builds(
        lambda art, start, etype, day, precision, o, d, p: _ev(
            art,
            start,
            event_type=etype,
            origin=o,
            destination=d,
            place=p,
            date=None if day is None else first_day + dt.timedelta(days=day),
            time_precision=precision,
        ),
        st.sampled_from(articles),
        st.integers(0, 500),
        st.sampled_from(types),
        st.none() | st.integers(0, days),
        st.sampled_from([1, 2, 3]),
        placed,
        placed,
        placed,
    )


timed_reports = _reports(["a", "b", "c", "d", "e"], _TYPES, dt.date(2018, 1, 1), 40)


def _exhaustive_merge(events: list[Event], related: Related) -> list[Event]:
    """The merge with every report compared with every cluster.

    (Every cluster as timeless as the report: a report with no time meets only those.)
    """
    import geomap.aggregate as agg

    def everything(
        self: agg._Blocks, event: Event, day: int, scopes: object, *, not_before: object = None
    ) -> list[int]:
        table = self.timeless if day == agg._TIMELESS else self.timed
        return sorted(set().union(*table.values()))

    original = agg._Blocks.near
    try:
        agg._Blocks.near = everything  # type: ignore[method-assign]
        placed = sorted(
            ((agg.report_day(e, {}), e) for e in events),
            key=agg.sweep_order,
        )
        return agg.in_event_order(agg.sweep_merge(placed, related, retire=False))
    finally:
        agg._Blocks.near = original  # type: ignore[method-assign]


@settings(max_examples=400, deadline=None)
@given(st.lists(timed_reports, max_size=14))
def test_blocking_never_hides_a_pair_that_could_merge(events: list[Event]) -> None:
    """Blocked merging gives what comparing every report with every cluster gives."""
    assert merge_events(events, _within) == _exhaustive_merge(events, _within)


#: Places of one country, nested (a camp, its southern part, a neighbourhood
#: beside it, the area and city around them), beside one elsewhere and none:
#: evacuations of one country are filed by their origins and destinations too
#: (see `_Blocks`).
_SY = [
    PlaceRef(id=i, name=i, kind="area", lat=33.5, lon=36.3, country="SY")
    for i in (
        "yarmouk-camp#south",
        "yarmouk-camp",
        "tadamon",
        "southern-damascus",
        "damascus",
        "badia",
    )
]
_NESTED = Within(
    {
        "yarmouk-camp": frozenset({"southern-damascus", "damascus"}),
        "tadamon": frozenset({"southern-damascus", "damascus"}),
        "southern-damascus": frozenset({"damascus"}),
        "damascus": frozenset(),
        "badia": frozenset(),
    }
)
nested_reports = st.builds(
    lambda art, start, day, precision, evacuees, o, d: _ev(
        art,
        start,
        origin=o,
        destination=d,
        date=None if day is None else dt.date(2018, 1, 1) + dt.timedelta(days=day),
        time_precision=precision,
        actors=Actors(evacuees=evacuees),
    ),
    st.sampled_from(["a", "b", "c", "d", "e"]),
    st.integers(0, 2000),
    st.none() | st.integers(0, 60),
    st.sampled_from([1, 1, 3]),
    st.sampled_from([[], ["civilians"], ["islamic-state"]]),
    st.sampled_from([*_SY, MOSUL, None]),
    st.sampled_from([*_SY, MOSUL, None]),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(nested_reports, max_size=24))
def test_filing_evacuations_by_their_ends_never_hides_a_pair_that_could_merge(
    events: list[Event],
) -> None:
    """A convoy is looked for only among clusters of compatible origins (or
    destinations), and finds every one that comparing with all would find,
    also when the cluster's merged origin came from a report filed elsewhere."""
    import geomap.aggregate as agg

    original = agg._Blocks._looked_up
    try:
        # Looking in the whole country scope, as every other type does.
        agg._Blocks._looked_up = lambda self, event, scopes: scopes  # type: ignore[method-assign]
        by_country = merge_events(events, _NESTED)
    finally:
        agg._Blocks._looked_up = original  # type: ignore[method-assign]
    assert merge_events(events, _NESTED) == by_country


@settings(max_examples=400, deadline=None)
@given(st.lists(timed_reports, max_size=14))
def test_merging_part_by_part_gives_the_whole_merge(events: list[Event]) -> None:
    """Reports whose scopes never link can be merged apart (what a spilled corpus does)."""
    from geomap.aggregate import _Partition, in_event_order

    partition = _Partition()
    for event in events:
        partition.add(event)
    parts = partition.parts()
    assert sorted(i for part in parts for i in part) == list(range(len(events)))
    apart = [e for part in parts for e in merge_events([events[i] for i in part], _within)]
    assert in_event_order(apart) == merge_events(events, _within)


def test_blocks_reach_as_far_as_the_date_windows_wherever_the_buckets_fall() -> None:
    """An agreement a week after another is the same deal, on any day of the 8-day buckets."""
    deal_place = YARMOUK.model_copy(update={"country": "SY"})
    for first in range(8):
        for gap in (7, 8):
            day = dt.date(2018, 1, 1) + dt.timedelta(days=first)
            a = _ev("a", 0, event_type="agreement", place=deal_place, date=day)
            b = _ev("b", 0, event_type="agreement", place=deal_place, date=day + dt.timedelta(gap))
            assert len(merge_events([a, b])) == (1 if gap == 7 else 2), (first, gap)


#: Reports spread over two years, dated or placed by their article's publication.
spread_reports = _reports(
    [f"art-{i}" for i in range(8)],
    ["evacuation", "agreement", "control_change"],
    dt.date(2017, 1, 1),
    730,
)

#: Article publication dates, some missing, so some reports have no time at all.
publications = st.lists(
    st.none() | st.integers(0, 730).map(lambda d: dt.date(2017, 1, 1) + dt.timedelta(days=d)),
    min_size=8,
    max_size=8,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(spread_reports, max_size=24), publications)
def test_retiring_old_clusters_never_changes_the_merge(
    events: list[Event], dates: list[dt.date | None]
) -> None:
    """The sweep drops clusters no later report can reach; keeping them gives the same events."""
    from geomap.aggregate import in_event_order, report_day, sweep_merge, sweep_order

    published = {f"art-{i}": d for i, d in enumerate(dates)}
    placed = sorted(((report_day(e, published), e) for e in events), key=sweep_order)
    kept = in_event_order(sweep_merge(placed, _within, retire=False))
    assert in_event_order(sweep_merge(placed, _within)) == kept
    assert merge_events(list(reversed(events)), _within, published) == kept


def test_the_sweep_gives_out_an_old_happening_before_reading_the_next_year() -> None:
    """Memory holds a few weeks of clusters, not the archive: old ones leave as the sweep passes."""
    from geomap.aggregate import report_day, sweep_merge

    weekly = [
        _ev(f"w{n:03d}", 0, event_type="airstrike", place=YARMOUK, date=dt.date(2016, 1, 4))
        for n in range(3)
    ] + [
        _ev(
            f"w{n:03d}",
            0,
            event_type="airstrike",
            place=YARMOUK,
            date=dt.date(2016, 1, 4) + dt.timedelta(weeks=n),
        )
        for n in range(3, 104)
    ]
    read: list[int] = []

    def reports() -> Iterator[tuple[int, Event]]:
        for n, event in enumerate(weekly):
            read.append(n)
            yield report_day(event, {}), event

    sweep = sweep_merge(reports(), _within)
    first = next(sweep)
    assert sorted(s.article for s in first.sources) == ["w000", "w001", "w002"]
    assert len(read) < 10  # given out a few weeks on, not at the end of two years
    assert len(list(sweep)) == 101


holders = st.sampled_from([None, "islamic-state", "syrian-government"])
actors = st.builds(
    lambda before, after, evacuees: Actors.model_validate(
        {"from": before, "to": after, "evacuees": evacuees}
    ),
    holders,
    holders,
    st.lists(st.sampled_from(["civilians", "fighters", "islamic-state"]), max_size=2, unique=True),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(timed_reports, actors), min_size=1, max_size=10), st.sampled_from(_TYPES))
def test_a_clusters_counts_give_what_merging_its_reports_gives(
    reports: list[tuple[Event, Actors]], event_type: str
) -> None:
    """The sweep compares with `_Cluster.rep` and its scopes instead of re-merging at each join."""
    from geomap.aggregate import _Cluster, _scopes, _tell_alike, merge_group

    group = [e.model_copy(update={"event_type": event_type, "actors": a}) for e, a in reports]
    events = group
    cluster = _Cluster(_within, group[0], 0)
    for report in group[1:]:
        cluster.add(report, 0)
    merged = merge_group(group, _within)
    read_by_tell_alike = ("event_type", "date", "time_precision", "place", "origin", "destination")
    for name in read_by_tell_alike:
        assert getattr(cluster.rep, name) == getattr(merged, name), name
    assert cluster.rep.actors.evacuees == merged.actors.evacuees
    assert (cluster.rep.actors.to, cluster.rep.actors.from_) == (
        merged.actors.to,
        merged.actors.from_,
    )
    assert cluster.rep.sources[0] == merged.sources[0]
    assert cluster.merged() == merged
    # Scopes: `shares` answers as `_scopes(merged)` does, for any report's scopes.
    for other in events:
        probe = other.model_copy(update={"event_type": event_type})
        assert cluster.shares(_scopes(probe)) == (not _scopes(probe).isdisjoint(_scopes(merged)))
        assert cluster.meets(probe, _scopes(probe)) == same_event(probe, merged, _within)
        assert _tell_alike(probe, cluster.rep, _within) == _tell_alike(probe, merged, _within)


def test_reports_of_different_countries_fall_in_different_parts() -> None:
    """So each part of an archive is small: the merge never holds the whole corpus."""
    from geomap.aggregate import _Partition

    syria, iraq = YARMOUK.model_copy(update={"country": "SY"}), MOSUL
    reports = [
        _ev("a", 0, origin=syria),
        _ev("b", 0, origin=iraq),
        _ev("c", 0, place=syria, event_type="airstrike"),
        _ev("d", 0, origin=syria, destination=iraq),  # one convoy across the border links both
    ]
    partition = _Partition()
    for report in reports[:3]:
        partition.add(report)
    assert sorted(partition.parts()) == [[0], [1], [2]]
    partition.add(reports[3])
    assert sorted(partition.parts()) == [[0, 1, 3], [2]]


def test_one_articles_convoy_across_a_border_stays_in_one_part() -> None:
    """Where it left from (Syria) and where it went (Iraq), told apart, meet through the article."""
    from geomap.aggregate import _Partition

    syria = YARMOUK.model_copy(update={"country": "SY"})
    left, arrived = _ev("a", 0, origin=syria), _ev("a", 120, destination=MOSUL)
    partition = _Partition()
    for report in (_ev("b", 0, origin=syria), left, arrived):
        partition.add(report)
    assert sorted(partition.parts()) == [[0, 1, 2]]
    (convoy,) = merge_events([left, arrived])
    assert (convoy.origin, convoy.destination) == (syria, MOSUL)


def test_leaving_a_place_and_going_to_it_are_not_joined_into_a_loop() -> None:
    left, going = _ev("a", 0, origin=MOSUL), _ev("a", 120, destination=MOSUL)
    assert not same_event(left, going)
    routes = [(e.origin, e.destination) for e in merge_events([left, going])]
    assert len(routes) == 2 and (MOSUL, None) in routes and (None, MOSUL) in routes


def test_leaving_a_place_and_arriving_in_its_country_are_not_joined() -> None:
    # "The envoy left Mosul." ... "He arrived in Iraq to ...": no route to a country's centre.
    iraq = PlaceRef(id="iraq", name="Iraq", kind="country", lat=33.0, lon=44.0, country="IQ")
    left, arrived = _ev("a", 0, origin=MOSUL), _ev("a", 120, destination=iraq)
    assert not same_event(left, arrived)
    assert len(merge_events([left, arrived])) == 2
    # Into another country, the halves still make one route.
    syria = PlaceRef(id="syria", name="Syria", kind="country", lat=35.0, lon=38.0, country="SY")
    (route,) = merge_events([left, _ev("a", 120, destination=syria)])
    assert (route.origin, route.destination) == (MOSUL, syria)


def test_events_sharing_an_id_come_out_in_one_order_whatever_the_parts_order() -> None:
    """Worker processes deliver parts in any order; equal sort keys must not show it."""
    from geomap.aggregate import in_event_order

    here = _ev("a", 0, event_type="control_change", place=YARMOUK)
    there = _ev("a", 0, event_type="control_change", place=BADIA)  # same id "a-0"
    assert here.id == there.id
    assert in_event_order([here, there]) == in_event_order([there, here])


holders = st.sampled_from([None, "isis", "government", "sdf"])
changes = st.builds(
    lambda art, start, day, place, before, after, contested: _ev(
        art,
        start,
        event_type="control_change",
        place=place,
        date=None if day is None else dt.date(2018, 5, 1) + dt.timedelta(days=day),
        actors=Actors.model_validate({"from": before, "to": after}),
        contested=contested,
        id="same" if start % 2 else f"{art}-{start}",  # ids tie, as two clauses' reports can
    ),
    st.sampled_from(["a", "b", "c"]),
    st.integers(0, 3),
    st.none() | st.integers(0, 2),
    st.sampled_from([YARMOUK, BADIA, DOUMA]),
    holders,
    holders,
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(changes, max_size=10).flatmap(lambda es: st.tuples(st.just(es), st.permutations(es))),
    st.integers(0, 10),
)
def test_sites_summarised_apart_and_in_any_order_give_the_whole_summary(
    orders: tuple[list[Event], list[Event]], cut: int
) -> None:
    """Merge workers each summarise their own events; the parent combines them."""
    from geomap.aggregate import PlaceSummariser, summarise_places

    events, shuffled = orders
    whole = summarise_places({}, events, lambda _: (None, None))
    first, second = PlaceSummariser(), PlaceSummariser()
    for n, event in enumerate(shuffled):
        (first if n < cut else second).add(event)
    first.update(second)
    assert first.summaries({}, lambda _: (None, None)) == whole


def test_a_within_table_pickles_and_answers_as_the_gazetteer_does() -> None:
    import pickle

    from geomap.aggregate import Within

    within = pickle.loads(pickle.dumps(Within({"yarmouk-camp": frozenset({"southern-damascus"})})))
    assert within("yarmouk-camp", "southern-damascus")
    assert not within("southern-damascus", "yarmouk-camp")
    assert not within("nowhere", "southern-damascus")


def test_a_places_containers_are_the_places_it_lies_within() -> None:
    """Parts ("#south") lie within their whole and all that holds it."""
    ids = [p.id for p in _SY] + ["yarmouk-camp#south#east", "nowhere", "syria"]
    for a in ids:
        assert _NESTED.containers(a) == {b for b in ids if _NESTED(a, b)}, a
    assert _NESTED.containers("yarmouk-camp#south") == {
        "yarmouk-camp",
        "southern-damascus",
        "damascus",
    }


def test_gunmen_left_unnamed_merge_with_the_party_another_report_names() -> None:
    def took(article: str, holder: str) -> Event:
        return _ev(
            article, event_type="control_change", place=DOUMA, actors=Actors(to=holder, by=[holder])
        )

    gunmen, named = took("a", "unidentified-armed-group"), took("b", "syrian-opposition")
    for reports in ([gunmen, named], [named, gunmen], [gunmen, named, took("c", gunmen.actors.to)]):
        (merged,) = merge_events(reports, _within)
        assert merged.actors.to == "syrian-opposition"
    # Two parties named apart are two different claims.
    assert len(merge_events([named, took("c", "islamic-state")], _within)) == 2


def test_a_convoy_finds_a_cluster_whose_origin_a_later_report_gave() -> None:
    """Filed first under Yarmouk's origin, the cluster takes southern Damascus as its
    origin from the next reports, and a report from Tadamon (in southern Damascus,
    not in Yarmouk) finds it there."""
    yarmouk, tadamon, south, _, badia = _SY[1:]
    reports = [
        _ev("a", origin=yarmouk, date=dt.date(2018, 5, 20)),
        _ev("b", origin=south, date=dt.date(2018, 5, 20)),
        _ev("c", origin=south, destination=badia, date=dt.date(2018, 5, 20)),
        _ev("d", origin=tadamon, date=dt.date(2018, 5, 21)),
    ]
    (merged,) = merge_events(reports, _NESTED)
    assert merged.origin == south
    assert sorted(s.article for s in merged.sources) == ["a", "b", "c", "d"]


def test_a_placeless_report_joins_when_another_articles_report_completes_its_convoy() -> None:
    """Article b's "the evacuation was completed" cannot join b's report of where the
    convoy went: neither says where it left from.  Once article c gives that origin,
    the cluster tells the whole route and b's placeless report is one of its reports,
    although c's report alone never shared a scope with it."""
    syrian_south = DAMASCUS_SOUTH.model_copy(update={"country": "SY"})
    reports = [
        _ev("b", 0, destination=syrian_south, date=None),
        _ev("b", 100, date=None),  # no place at all: only its article's scope
        _ev("c", 0, origin=syrian_south, destination=syrian_south, date=None),
    ]
    assert merge_events(reports, _within) == _exhaustive_merge(reports, _within)
    (merged,) = merge_events(reports, _within)
    assert sorted((s.article, s.start) for s in merged.sources) == [
        ("b", 0),
        ("b", 100),
        ("c", 0),
    ]


def test_a_placeless_report_joins_through_an_article_that_a_joined_cluster_brought() -> None:
    """The convoy from article a takes in b's report (both in Syria); b's other,
    placeless report shares nothing with the convoy but article b, which came
    with the cluster that joined, not with the report that grew the convoy."""
    syrian_south = DAMASCUS_SOUTH.model_copy(update={"country": "SY"})
    day = dt.date(2018, 1, 1)
    reports = [
        _ev("a", 0, destination=syrian_south, date=day),
        _ev("a", 100, origin=syrian_south, destination=syrian_south, date=day.replace(day=2)),
        _ev("b", 0, place=syrian_south, date=day),
        _ev("b", 100, place=DOUMA, date=day),  # no country: only its article's scope
    ]
    assert merge_events(reports, _within) == _exhaustive_merge(reports, _within)
    (merged,) = merge_events(reports, _within)
    assert len(merged.sources) == 4


def test_a_change_and_its_undoing_stay_apart() -> None:
    def change(article: str, day: int, **holders: str) -> Event:
        return _ev(
            article,
            event_type="control_change",
            place=DOUMA,
            date=dt.date(2018, 5, day),
            actors=Actors(**holders),
        )

    took = change("a", 20, to="fano")
    lost = change("b", 21, **{"from": "fano"})
    assert len(merge_events([took, lost])) == 2
    # Two tellings of the same loss are one.
    also_lost = change("c", 21, **{"from": "fano", "to": "ethiopian-army"})
    assert len(merge_events([lost, also_lost])) == 1
    assert len(merge_events([lost, change("d", 20, to="ethiopian-army")])) == 1
