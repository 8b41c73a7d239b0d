"""The accuracy measure itself: pairing events with gold, and scoring their details."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from geomap.evaluate import (
    GoldArticle,
    GoldEvent,
    GoldPlace,
    load_gold,
    score_details,
    score_events,
)
from geomap.models import Actors, ArticleMeta, ArticleResult, Event, Evidence, PlaceRef

DOUMA = GoldPlace("Douma", 33.5711, 36.4017, "city", frozenset({"incident"}))
IDLIB = GoldPlace("Idlib", 35.9306, 36.6339, "city", frozenset({"incident"}))


def _ref(place: GoldPlace, lat_offset: float = 0.0) -> PlaceRef:
    return PlaceRef(
        id=place.name.lower(), name=place.name, kind=place.kind, lat=place.lat + lat_offset,
        lon=place.lon,
    )  # fmt: skip


def _event(event_type: str, n: int = 0, **fields: Any) -> Event:
    source = Evidence(article="a.txt", quote=f"quote {n}", start=n, end=n + 1)
    return Event(id=f"e{n}", event_type=event_type, sources=[source], **fields)  # type: ignore[arg-type]


def _gold(event_type: str, **fields: Any) -> GoldEvent:
    return GoldEvent(
        type=event_type,
        place=fields.pop("place", None),
        origin=fields.pop("origin", None),
        destination=fields.pop("destination", None),
        cue="cue",
        date=fields.pop("date", None),
        **fields,
    )


def _detail(gold: GoldEvent, event: Event) -> dict[str, tuple[int, int, int]]:
    return {
        name: (s.true_positives, s.predicted, s.gold)
        for name, s in score_details([(gold, event)], "a.txt").items()
    }


def test_a_day_is_scored_when_stated_or_standing_in_but_not_a_month() -> None:
    gold = _gold("clashes", place=DOUMA, date=dt.date(2018, 5, 21))
    stated = _event("clashes", date=dt.date(2018, 5, 21), time_precision=1)
    assert _detail(gold, stated)["dates"] == (1, 1, 1)
    # The article's day standing in is on the map, so it is scored: right or wrong.
    assert _detail(gold, _event("clashes", date=dt.date(2018, 5, 21), time_precision=2))[
        "dates"
    ] == (1, 1, 1)
    assert _detail(gold, _event("clashes", date=dt.date(2018, 5, 20), time_precision=2))[
        "dates"
    ] == (0, 1, 1)
    # "In May" names no day: neither right nor wrong, and the gold's day is missed.
    assert _detail(gold, _event("clashes", date=dt.date(2018, 5, 1), time_precision=3))[
        "dates"
    ] == (0, 0, 1)
    # A day where the gold knows none is a wrong item.
    undated = _gold("clashes", place=DOUMA)
    assert _detail(undated, stated)["dates"] == (0, 1, 0)


def test_numbers_are_kind_and_value_items() -> None:
    gold = _gold("evacuation", origin=DOUMA, counts={"fighters": 500, "buses": 20})
    moved = _event("evacuation", counts={"fighters": 500, "buses": 21, "killed": 3})
    assert _detail(gold, moved)["numbers"] == (1, 3, 2)
    scores = score_details([(gold, moved)], "a.txt")["numbers"]
    assert scores.misses == ["a.txt: evacuation @ Douma -> ? (cue): buses 20"]
    assert scores.extras == [
        "a.txt: evacuation @ Douma -> ? (cue): buses 21",
        "a.txt: evacuation @ Douma -> ? (cue): killed 3",
    ]


def test_a_clash_has_two_sides_and_a_taker_is_the_new_holder() -> None:
    clash = _gold("clashes", place=DOUMA, actors={"by": ["army", "rebels"]})
    told = _event("clashes", actors=Actors(by=["rebels"], against=["army"]))
    assert _detail(clash, told)["actors"] == (2, 2, 2)
    taken = _gold("control_change", place=DOUMA, actors={"from": "rebels", "to": "army"})
    told = _event("control_change", actors=Actors(by=["army"], to="army"))
    assert _detail(taken, told)["actors"] == (1, 1, 2)  # the former holder is missed
    # Elsewhere the doer and the target are different roles.
    strike = _gold("airstrike", place=DOUMA, actors={"by": ["army"], "against": ["rebels"]})
    told = _event("airstrike", actors=Actors(by=["rebels"], against=["army"]))
    assert _detail(strike, told)["actors"] == (0, 2, 2)
    # A null holder in the gold is no item.
    unnamed = _gold("control_change", place=DOUMA, actors={"from": None, "to": "army"})
    assert _detail(unnamed, _event("control_change", actors=Actors(to="army")))["actors"] == (
        1,
        1,
        1,
    )


def test_details_are_scored_on_the_nearest_one_to_one_pairs() -> None:
    near, far = _gold("clashes", place=DOUMA, counts={"killed": 3}), _gold("clashes", place=IDLIB)
    article = GoldArticle("a.txt", [DOUMA, IDLIB], [near, far])
    result = ArticleResult(
        meta=ArticleMeta(id="a.txt", path="a.txt"),
        mentions=[],
        events=[
            _event("clashes", 1, place=_ref(IDLIB), counts={"killed": 9}),
            _event("clashes", 2, place=_ref(DOUMA, 0.01), counts={"killed": 3}),
            _event("airstrike", 3, place=_ref(DOUMA)),  # another type matches nothing
        ],
    )
    score, matched = score_events(result, article)
    assert (score.true_positives, score.predicted, score.gold) == (2, 3, 2)
    pairs = {(g.place.name if g.place else "", e.counts.get("killed")) for g, e in matched}
    assert pairs == {("Douma", 3), ("Idlib", 9)}
    numbers = score_details(matched, "a.txt")["numbers"]
    assert (numbers.true_positives, numbers.predicted, numbers.gold) == (1, 2, 1)


def test_gold_details_are_read_from_the_file(tmp_path: Path) -> None:
    gold_file = tmp_path / "gold.yaml"
    gold_file.write_text(
        "articles:\n"
        "  - file: a.txt\n"
        "    places:\n"
        "      - {name: Douma, lat: 33.57, lon: 36.40, kind: city, roles: [incident]}\n"
        "    events:\n"
        "      - type: evacuation\n"
        "        cue: left\n"
        "        origin: Douma\n"
        "        destination: null\n"
        "        actors: {evacuees: [civilians]}\n"
        "        date: 2018-05-20\n"
        "        counts: {people: 1600}\n",
        encoding="utf-8",
    )
    (article,) = load_gold(gold_file)
    (event,) = article.events
    assert event.counts == {"people": 1600}
    assert event.actors == {"evacuees": ["civilians"]}
    assert event.date == dt.date(2018, 5, 20)
