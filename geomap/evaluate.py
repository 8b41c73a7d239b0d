"""Accuracy against hand-written gold: incident sites and events, per article.

A predicted site or event location counts as right when it lies within a
tolerance fit for the gold place's kind (a neighbourhood must be placed
within a few kilometres, a desert within a few hundred).  Predictions and
gold are paired one to one, nearest first, so one prediction never earns
two matches.  Events are compared per article (after merging the article's
own repeats), by type and location; an evacuation needs both its origin and
its destination right (an unstated end matches an unstated end).

Of each matched pair, the event's details are scored too, item by item:
its day (stated, or the article's own standing in for it; a month names
none), its numbers (a kind and a value, "fighters: 1600") and its parties
(a role and an actor, "to: iraqi-government"; the two sides of a clash are
one role, as a clash has no attacker, and the taker of a place is its new
holder).  A detail the gold leaves out and the prediction states is a wrong
item, as it lands on the map.

Run: ``python -m geomap.evaluate tests/gold/seeds.yaml seeds``.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML

from geomap.aggregate import Related, merge_events, same_place
from geomap.geo import distance_km
from geomap.models import ArticleResult, Event, PlaceRef

if TYPE_CHECKING:
    from geomap.pipeline import Context

#: Kilometres within which a predicted point matches a gold place of a kind.
TOLERANCE_KM: dict[str, float] = {
    "neighbourhood": 3.0,
    "camp": 3.0,
    "landmark": 3.0,
    "facility": 3.0,
    "airport": 4.0,
    "military_base": 4.0,
    "border_crossing": 5.0,
    "port": 5.0,
    "village": 5.0,
    "town": 8.0,
    "district": 10.0,
    "area": 4.0,
    "city": 15.0,
    "valley": 60.0,
    "mountain": 60.0,
    "river": 100.0,
    "governorate": 100.0,
    "region": 120.0,
    "desert": 250.0,
    "country": 500.0,
}
NON_INCIDENT_ROLES = frozenset({"dateline", "speaker_seat", "organisation_base"})


@dataclass(frozen=True)
class GoldPlace:
    name: str
    lat: float
    lon: float
    kind: str
    roles: frozenset[str]

    def near(self, lat: float, lon: float) -> bool:
        return distance_km(self.lat, self.lon, lat, lon) <= TOLERANCE_KM.get(self.kind, 10.0)


@dataclass(frozen=True)
class GoldEvent:
    type: str
    place: GoldPlace | None
    origin: GoldPlace | None
    destination: GoldPlace | None
    cue: str
    date: dt.date | None
    locatable: bool = True
    counts: Mapping[str, int] = field(default_factory=dict)
    actors: Mapping[str, str | list[str] | None] = field(default_factory=dict)


@dataclass
class GoldArticle:
    file: str
    places: list[GoldPlace]
    events: list[GoldEvent]
    published: dt.date | None = None


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Gold annotations in the tests/gold/GUIDELINES.md schema."""
    data: dict[str, Any] = YAML(typ="safe", pure=True).load(Path(path).read_text(encoding="utf-8"))
    articles = []
    for art in data["articles"]:
        places = {
            p["name"]: GoldPlace(
                p["name"],
                float(p["lat"]),
                float(p["lon"]),
                p["kind"],
                frozenset(p.get("roles", [])),
            )
            for p in art.get("places", [])
        }
        events = [
            GoldEvent(
                type=e["type"],
                place=places[e["place"]] if e.get("place") else None,
                origin=places[e["origin"]] if e.get("origin") else None,
                destination=places[e["destination"]] if e.get("destination") else None,
                cue=e.get("cue", ""),
                date=e.get("date"),
                locatable=e.get("locatable", True),
                counts=dict(e.get("counts") or {}),
                actors=dict(e.get("actors") or {}),
            )
            for e in art.get("events", [])
        ]
        articles.append(
            GoldArticle(art["file"], list(places.values()), events, art.get("published"))
        )
    return articles


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    def add(self, other: Score) -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.gold += other.gold
        self.misses += other.misses
        self.extras += other.extras


def _ends_match(ref: PlaceRef | None, gold: GoldPlace | None) -> bool:
    if ref is None or gold is None:
        return ref is None and gold is None
    return gold.near(ref.lat, ref.lon)


def event_matches(pred: Event, gold: GoldEvent) -> bool:
    if pred.event_type != gold.type:
        return False
    if gold.type == "evacuation":
        return _ends_match(pred.origin, gold.origin) and _ends_match(
            pred.destination, gold.destination
        )
    return (
        pred.place is not None
        and gold.place is not None
        and gold.place.near(pred.place.lat, pred.place.lon)
    )


def _name(place: PlaceRef | GoldPlace | None) -> str:
    return place.name if place is not None else "?"


def _describe(e: Event) -> str:
    where = e.place.name if e.place else f"{_name(e.origin)} -> {_name(e.destination)}"
    return f"{e.sources[0].article}: {e.event_type} @ {where}: {e.sources[0].quote[:90]}"


def _gold_describe(file: str, g: GoldEvent) -> str:
    where = g.place.name if g.place else f"{_name(g.origin)} -> {_name(g.destination)}"
    return f"{file}: {g.type} @ {where} ({g.cue})"


def _pair_nearest(pairs: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairing of (distance, gold, prediction) triples, nearest first."""
    used_g: set[int] = set()
    used_p: set[int] = set()
    paired = []
    for _, gi, pi in sorted(pairs):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            paired.append((gi, pi))
    return paired


def _event_distance(pred: Event, gold: GoldEvent) -> float:
    total = 0.0
    for ref, g in (
        (pred.place, gold.place),
        (pred.origin, gold.origin),
        (pred.destination, gold.destination),
    ):
        if ref is not None and g is not None:
            total += distance_km(g.lat, g.lon, ref.lat, ref.lon)
    return total


def score_events(
    result: ArticleResult, gold: GoldArticle, related: Related = same_place
) -> tuple[Score, list[tuple[GoldEvent, Event]]]:
    """One-to-one pairing, nearest pairs first, of an article's events with its gold.

    A prediction of the same type as a gold event the annotator marked
    unlocatable is neither right nor wrong: it is left out of the count.
    Returns the score and the matched pairs, whose details `score_details` scores.
    """
    predicted = merge_events(result.events, related, {result.meta.id: result.meta.published})
    scored = [g for g in gold.events if g.locatable]
    pairs = sorted(
        (_event_distance(p, g), gi, pi)
        for gi, g in enumerate(scored)
        for pi, p in enumerate(predicted)
        if event_matches(p, g)
    )
    paired = _pair_nearest(pairs)
    used_g = {gi for gi, _ in paired}
    used_p = {pi for _, pi in paired}
    unlocatable_types = [g.type for g in gold.events if not g.locatable]
    extras = []
    for pi, p in enumerate(predicted):
        if pi in used_p:
            continue
        if p.event_type in unlocatable_types:
            unlocatable_types.remove(p.event_type)
            continue
        extras.append(_describe(p))
    score = Score(true_positives=len(used_g), predicted=len(used_p) + len(extras), gold=len(scored))
    score.misses = [_gold_describe(gold.file, g) for gi, g in enumerate(scored) if gi not in used_g]
    score.extras = extras
    return score, [(scored[gi], predicted[pi]) for gi, pi in paired]


#: The details of a matched event that are scored, each a set of items.
DETAILS = ("dates", "numbers", "actors")


def gold_items(g: GoldEvent, detail: str) -> set[tuple[str, str]]:
    if detail == "dates":
        return {("date", g.date.isoformat())} if g.date else set()
    if detail == "numbers":
        return {(kind, str(int(value))) for kind, value in g.counts.items()}
    return _actor_items(g.type, g.actors)


def predicted_items(e: Event, detail: str) -> set[tuple[str, str]]:
    if detail == "dates":
        # A day the text gives, or the article's day standing in for an unstated one
        # (the map shows both); a month ("in April", precision 3) names no day.
        return {("date", e.date.isoformat())} if e.date and e.time_precision < 3 else set()
    if detail == "numbers":
        return {(kind, str(value)) for kind, value in e.counts.items()}
    return _actor_items(e.event_type, e.actors.model_dump(by_alias=True))


def _actor_items(
    event_type: str, actors: Mapping[str, str | list[str] | None]
) -> set[tuple[str, str]]:
    """(role, actor) items of the gold's or a prediction's actors, keyed as the gold is."""
    return {
        (_actor_role(event_type, role), actor)
        for role, who in actors.items()
        for actor in (who if isinstance(who, list) else [who])
        if actor
    }


def _actor_role(event_type: str, role: str) -> str:
    """A clash's two sides are one role: which of them the text names first says nothing.

    The party that takes a place is its new holder, whether it is named as the
    doer (`by`) or as the holder (`to`).
    """
    if event_type == "clashes" and role in ("by", "against"):
        return "side"
    return "to" if event_type == "control_change" and role == "by" else role


def score_details(matched: Sequence[tuple[GoldEvent, Event]], file: str) -> dict[str, Score]:
    """Item-level agreement on each detail of the matched events (see the module's doc)."""
    scores = {detail: Score() for detail in DETAILS}
    for g, e in matched:
        for detail, score in scores.items():
            want, got = gold_items(g, detail), predicted_items(e, detail)
            score.true_positives += len(want & got)
            score.gold += len(want)
            score.predicted += len(got)
            what = _gold_describe(file, g)
            score.misses += [f"{what}: {k} {v}" for k, v in sorted(want - got)]
            score.extras += [f"{what}: {k} {v}" for k, v in sorted(got - want)]
    return scores


def predicted_sites(result: ArticleResult) -> list[PlaceRef]:
    """An article's incident sites: places its events are at, and incident mentions."""
    sites: dict[str, PlaceRef] = {}
    for e in result.events:
        for ref in (e.place, e.origin, e.destination):
            if ref is not None:
                sites[ref.id] = ref
    for m in result.mentions:
        if m.role == "incident" and m.place is not None and m.place.place_id not in sites:
            sites[m.place.place_id] = PlaceRef.of(m.place)
    return [sites[k] for k in sorted(sites)]


def score_sites(result: ArticleResult, gold: GoldArticle) -> Score:
    gold_sites = [p for p in gold.places if "incident" in p.roles]
    preds = predicted_sites(result)
    score = Score(predicted=len(preds), gold=len(gold_sites))
    pairs = sorted(
        (distance_km(g.lat, g.lon, p.lat, p.lon), gi, pi)
        for gi, g in enumerate(gold_sites)
        for pi, p in enumerate(preds)
        if g.near(p.lat, p.lon)
    )
    paired = _pair_nearest(pairs)
    used_g = {gi for gi, _ in paired}
    used_p = {pi for _, pi in paired}
    score.true_positives = len(used_g)
    score.misses = [f"{gold.file}: {g.name}" for i, g in enumerate(gold_sites) if i not in used_g]
    score.extras = [f"{gold.file}: {p.name}" for i, p in enumerate(preds) if i not in used_p]
    return score


def events_at_non_incident(result: ArticleResult, gold: GoldArticle) -> list[str]:
    """Events placed at a dateline, speaker's seat or organisation's base."""
    bad_places = [p for p in gold.places if p.roles and p.roles <= NON_INCIDENT_ROLES]
    wrong = []
    for e in result.events:
        for ref in (e.place, e.origin, e.destination):
            if ref is None:
                continue
            for p in bad_places:
                if distance_km(p.lat, p.lon, ref.lat, ref.lon) <= 3.0 and not any(
                    "incident" in q.roles and q.near(ref.lat, ref.lon) for q in gold.places
                ):
                    wrong.append(f"{gold.file}: {e.event_type} at {ref.name} ({sorted(p.roles)})")
    return wrong


@dataclass
class Report:
    sites: Score
    events: Score
    misplaced: list[str]
    per_article: dict[str, tuple[Score, Score]]
    #: Dates, numbers and actors of the matched events (`score_details`).
    details: dict[str, Score] = field(default_factory=dict)


def evaluate(
    results: Sequence[ArticleResult], gold: Sequence[GoldArticle], related: Related = same_place
) -> Report:
    """Scores per article, summed; `related` is the gazetteer's within-relation."""
    by_file = {r.meta.id: r for r in results}
    sites, events = Score(), Score()
    misplaced: list[str] = []
    per_article: dict[str, tuple[Score, Score]] = {}
    details = {detail: Score() for detail in DETAILS}
    for g in gold:
        result = by_file.get(g.file)
        if result is None:
            missing = Score(gold=sum(e.locatable for e in g.events), misses=[f"{g.file}: not read"])
            events.add(missing)
            sites.add(Score(gold=sum("incident" in p.roles for p in g.places)))
            continue
        s, (e, matched) = score_sites(result, g), score_events(result, g, related)
        sites.add(s)
        events.add(e)
        per_article[g.file] = (s, e)
        misplaced += events_at_non_incident(result, g)
        for detail, score in score_details(matched, g.file).items():
            details[detail].add(score)
    return Report(sites, events, misplaced, per_article, details)


def extract_gold_articles(
    ctx: Context, gold: Sequence[GoldArticle], folder: str | Path
) -> list[ArticleResult]:
    """Extract each gold article from `folder`; the gold's date stands in for a manifest."""
    from geomap.articles import read_article
    from geomap.pipeline import extract_article

    folder = Path(folder)
    has_manifest = (folder / "manifest.yaml").is_file()
    results = []
    for g in gold:
        path = folder / g.file
        if not path.is_file():
            continue
        entry = None if has_manifest else {"published": g.published}
        if has_manifest:
            from geomap.articles import iter_articles

            article = next(iter(iter_articles([path])))
        else:
            article = read_article(path, entry)
        results.append(extract_article(article, ctx))
    return results


def main(argv: Sequence[str] | None = None) -> None:
    from geomap.pipeline import Context

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold")
    parser.add_argument("articles", help="the folder the gold's files are in")
    parser.add_argument("--gazetteer", default="gazetteer")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    gold = load_gold(args.gold)
    ctx = Context.create(args.gazetteer)
    results = extract_gold_articles(ctx, gold, args.articles)
    report = evaluate(results, gold, ctx.related)
    scores = [("incident sites", report.sites), ("events", report.events)]
    scores += [
        (f"event {detail} (of matched events)", report.details[detail]) for detail in DETAILS
    ]
    for name, sc in scores:
        print(
            f"{name}: precision {sc.precision:.3f} ({sc.true_positives}/{sc.predicted}), "
            f"recall {sc.recall:.3f} ({sc.true_positives}/{sc.gold})"
        )
    print(f"events at datelines/speakers/bases: {len(report.misplaced)}")
    if args.verbose:
        for name, sc in [
            ("sites", report.sites),
            ("events", report.events),
            *report.details.items(),
        ]:
            for m in sc.misses:
                print(f"  missed {name}: {m}")
            for x in sc.extras:
                print(f"  extra {name}: {x}")
        for m in report.misplaced:
            print(f"  misplaced: {m}")


if __name__ == "__main__":
    main()
