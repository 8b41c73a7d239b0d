"""Events from sentences: who did what, where, when, how many, says who.

A sentence yields an event when a trigger word of the lexicon (captured,
bussed out, struck, truce ...) stands in a clause that also names a place
the resolver did not rule out (datelines, speakers' seats, organisations'
bases and governments-by-metonymy never carry events).  The clause gives
the event its places and actors: a place after "from"/"out of" is an
evacuation's origin, after "to"/"toward" its destination; its actors and
their roles are `geomap.actors`' to read.  Plans, hypotheticals, negations and denials are
not events that happened: a denial instead contests the events it denies.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from geomap.actors import (
    BARE_STRIKES,
    acled_control_code,
    actors_in,
    control_actors,
    doers,
)
from geomap.clauses import (
    ANAPHOR,
    CAMPAIGN,
    DEST_CUE,
    LOCATIVE,
    NEAR_KM,
    Trigger,
    antecedents,
    clause_bounds,
    container,
    coordinated,
    distance_in_km,
    end_of_route,
    find_triggers,
    focus_within,
    has_origin,
    is_irrealis,
    locations,
    names_a_part_of,
)
from geomap.counts import NUMBER_WORDS, parse_counts
from geomap.flights import moves_goods, not_a_flight, route
from geomap.geo import COMPASS_BEARINGS, offset
from geomap.lexicon import Lexicon, names_a_people, names_an_armed_party
from geomap.models import (
    AREA_KINDS,
    AWAY_MARK,
    ELSEWHERE_ROLES,
    Actors,
    Article,
    Count,
    Event,
    EventType,
    Evidence,
    Mention,
    PlaceRef,
    outside_of,
)
from geomap.timex import TimeExpression, find_time_expressions
from geomap.toponyms import COMPASS_POINT, DISTANCE, FACILITY_AFTER

#: The toll a strike or fight leaves, told after a comma: ", killing 12 civilians and
#: wounding 30", ", leaving five dead".
_TOLL_AFTER = re.compile(
    r",\s+(?:killing|wounding|injuring|leaving)\b[^,.;!?]*"
    r"(?:,?\s+(?:and\s+)?(?:wounding|injuring)\b[^,.;!?]*)?"
)
_CARRIED_TO = re.compile(
    r"(?i)\s+(?:were|was|had\s+been|have\s+been)\s+(?:\w+ly\s+)?(?:taken|transported|rushed|"
    r"moved|brought|admitted|transferred|flown)\s+to\b"
)
_KILLED = re.compile(r"(?i)\b(?:dead|killed|killing)\b")

_SPEAKER_PRONOUN = re.compile(
    r"(?i)\b(?:it|he|she|they|the\s+monitor|the\s+group)\s+(?:said|added|reported)\b"
)


@dataclass(frozen=True)
class Denial:
    """A sentence in which a party denies something, and what it denies."""

    evidence: Evidence
    types: frozenset[EventType]
    sentence: int


#: "since the fighting started", "before the war broke out", "after the fighting ended":
#: when, not what happened.
_ONSET_AFTER = re.compile(
    r"(?i)\s+(?:(?:first|had|has)\s+)?(?:began|started|erupted|broke\s+out|ended|stopped|"
    r"ceased|subsided|died\s+down|was\s+over)\b"
)
_TEMPORAL_BEFORE = re.compile(r"(?i)\b(?:since|when|before|after|until)\s+(?:the\s+)?(?:\w+\s+)?$")


#: A harm that people fled: "to flee the deadliest bombardment", "escaping heavy shelling".
_FLED_HARM_BEFORE = re.compile(
    r"(?i)\b(?:flee|fled|fleeing|escape|escaped|escaping)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$"
)
#: An area a participle says who holds: "territory still controlled by", "areas held by the
#: YPG or controlled by": a state of things, not a change of hands.
_HELD_AREA_BEFORE = re.compile(
    r"(?i)\b(?:territory|territories|areas?|parts?|zones?|regions?|districts?|neighbou?rhoods?|"
    r"towns?|villages?|positions?|enclaves?)\s+(?:(?:still|now|largely|mostly|already)\s+)?"
    r"(?:(?:held|occupied|run)\s+by\s+(?:the\s+)?[\w'’ -]{1,40}?\s+(?:or|and)\s+)?$"
)
#: "after years of fighting", "decades of shelling": the war told as background, not one of
#: its happenings (days or weeks of fighting are one).
_YEARS_OF_BEFORE = re.compile(r"(?i)\b(?:years|decades)\s+of\s+(?:[a-z-]+\s+){0,2}$")


def _war_onset(text: str, trig: Trigger, cs: int, places: Sequence[Mention]) -> bool:
    """A fight named only to date something else ("sheltered there since the fighting began",
    "returned after the fighting ended").

    Not when a place follows the onset ("since fighting broke out in Kosti" says
    there was fighting in Kosti).
    """
    onset = _ONSET_AFTER.match(text, trig.end)
    # The clause may open after its own "after" or "before" (a clause break): look back past it.
    if onset is None or not _TEMPORAL_BEFORE.search(
        text, max(cs - 10, trig.start - 30, 0), trig.start
    ):
        return False
    return not any(onset.end() <= m.start < onset.end() + 40 for m in places)


#: "The conflict has killed thousands of people and displaced millions": the war's toll
#: to date, told as background, not a happening.
_WAR_SO_FAR = re.compile(
    r"(?i)\b(?:conflict|war|crisis|insurgency)\s+(?:has|have)\s+(?:(?:[^.;:,]|,(?=\d)){0,80}\s)?$"
)
#: "two years of an Israeli onslaught that killed over 72,000": a toll over months or years.
_TOLL_OF_YEARS = re.compile(
    r"(?i)\b(?:months|years|decades?)\s+of\s+(?:[\w-]+\s+){0,3}?(?:war|conflict|fighting|"
    r"onslaught|bombardment|violence|insurgency|occupation|offensive|campaign)\s+"
    r"(?:that|which)\s+(?:has\s+|have\s+|had\s+)?$"
)


def _wars_toll_so_far(text: str, trig: Trigger, cs: int) -> bool:
    """Whether the deed's doer is the war itself, in the perfect, or months or years of it:
    its toll so far."""
    return trig.etype in ("casualties", "evacuation") and (
        _WAR_SO_FAR.search(text, max(cs, trig.start - 110), trig.start) is not None
        or _TOLL_OF_YEARS.search(text, max(cs, trig.start - 110), trig.start) is not None
    )


def _ref(m: Mention) -> PlaceRef:
    assert m.place is not None
    return PlaceRef.of(m.place)


#: A distance and a side right before a place: "about 190 miles (306 km) west of",
#: "70km north-east of the city of".
_FAR_SIDE_BEFORE = re.compile(
    r"(?i)(?<![\w,.])(?P<distance>" + DISTANCE + r")(?P<side>" + COMPASS_POINT + r")\s+of\s+"
    r"(?:[a-z][\w-]*\s+){0,4}$"
)

#: What may stand between a place and the distance that locates it: "Asmara, the Eritrean
#: capital[ about ]100 miles east of Barentu".
_LOCATED_BY = re.compile(
    r"(?i)[\s,]*(?:(?:about|some|roughly|nearly|around|almost|located|situated|lying|which|"
    r"that|is|lies|sits)\s+)*"
)


def _far_side(text: str, m: Mention, ref: PlaceRef, mentions: Sequence[Mention]) -> PlaceRef | None:
    """The point an event told far to one side of a place lies at: "rebels struck offices
    in Sandhikhara, about 190 miles west of Katmandu" is drawn 306 km west of Kathmandu,
    an estimate (kind "area", precision 2) of a place no gazetteer has, not on the city.

    Not when the distance locates another place the text names ("Asmara, the Eritrean
    capital about 100 miles east of Barentu"): that place is where it is, not the event.
    """
    told = _FAR_SIDE_BEFORE.search(text, max(0, m.start - 90), m.start)
    if told is None or ref.kind == "country":
        return None
    if any(
        o is not m and o.end <= told.start() and _LOCATED_BY.fullmatch(text, o.end, told.start())
        for o in mentions
    ):
        return None
    km = distance_in_km(told.group("distance"))
    if km is None or not NEAR_KM < km <= 2000:
        return None  # closer, it is "near" the place, where its other reports put it too
    side = told.group("side").lower().replace("-", "")
    lat, lon = offset(ref.lat, ref.lon, km, COMPASS_BEARINGS[side])
    return ref.model_copy(
        update={
            "id": f"{ref.id}{AWAY_MARK}{round(km)}km-{side}",
            "name": f"{round(km)} km {side} of {ref.name}",
            "kind": "area",
            "lat": lat,
            "lon": lon,
        }
    )


def geo_precision(ref: PlaceRef, qualifier: str | None) -> int:
    """ACLED geo_precision: 1 named place, 2 part of/near one, 3 a larger region."""
    if ref.kind in AREA_KINDS - {"area"}:
        return 3
    if qualifier or ref.kind in ("area", "district"):
        return 2
    return 1


def _event_id(article: str, etype: str, start: int, place_ids: Sequence[str]) -> str:
    digest = hashlib.sha1(f"{article}|{etype}|{start}|{','.join(place_ids)}".encode()).hexdigest()
    return f"ev-{digest[:12]}"


#: Two tellings joined by "and" are one happening ("retreated from Mekelle ..., and
#: Tigrayan forces began entering the city"); an aside is another ("with Tal Afar
#: liberated, all of Nineveh - the first area IS captured in 2014").
_COORDINATED = re.compile(r"(?=[^–—]*\band\b)(?![^–—]*\s-\s)[^–—]*")


def _fill_holders(first: Event, again: Event) -> Event:
    """One control change told twice in a sentence: the holders either telling names.

    "Troops had retreated from Mekelle ..., and Tigrayan forces began entering
    the city": the first names who left, the second who came.
    """
    if first.event_type != "control_change":
        return first
    old = first.actors.from_ or again.actors.from_
    new = first.actors.to or again.actors.to
    if (old, new) == (first.actors.from_, first.actors.to) or old == new:
        return first
    actors = first.actors.model_copy(update={"from_": old, "to": new, "by": [new] if new else []})
    coded = first if first.actors.to == new else again  # the telling that names the gainer
    return first.model_copy(
        update={
            "actors": actors,
            "acled_event_type": coded.acled_event_type,
            "acled_sub_event_type": coded.acled_sub_event_type,
        }
    )


def _fold_casualties(made: dict[tuple[str, tuple[str, ...]], Event]) -> list[Event]:
    """Deaths told with a fight or strike at the same place are that event's numbers,
    unless the deaths have a day the event does not share ("30 killed in a raid on
    Wednesday, weeks after attacks left 200 dead" are not the earlier attacks')."""
    events = list(made.values())
    others = [e for e in events if e.event_type != "casualties"]
    out = list(others)
    for ev in events:
        if ev.event_type != "casualties":
            continue
        host = next(
            (
                o
                for o in others
                if o.place
                and ev.place
                and o.place.id == ev.place.id
                and (ev.date is None or o.date == ev.date)
            ),
            None,
        )
        if host is None:
            out.append(ev)
            continue
        i = out.index(host)
        claims = [*host.count_claims, *[c for c in ev.count_claims if c not in host.count_claims]]
        counts = {**ev.counts, **host.counts}
        out[i] = host.model_copy(update={"count_claims": claims, "counts": counts})
        others[others.index(host)] = out[i]
    return out


def _fold_partial_routes(events: list[Event]) -> list[Event]:
    """A flight told again in the sentence with one end only is the whole route's.

    "had left the city by Sunday, most of them heading east towards Sennar": the
    second verb names no origin, yet it is the same flight as the first's.  Its
    numbers and who fled are the sentence's, which the route already has.
    """
    routes = [
        (e.origin.id, e.destination.id)
        for e in events
        if e.event_type == "evacuation" and e.origin is not None and e.destination is not None
    ]
    return [
        ev
        for ev in events
        if not (
            ev.event_type == "evacuation"
            and (ev.origin is None) != (ev.destination is None)
            and any(
                (ev.origin is None or ev.origin.id == origin)
                and (ev.destination is None or ev.destination.id == destination)
                for origin, destination in routes
            )
        )
    ]


#: "arrived in Tarhuna after fleeing Gharyan": where people arrived and what they fled,
#: told by two verbs of one sentence, are the two ends of one flight.
_ARRIVED_AFTER_FLEEING = re.compile(
    r"(?i)\b(?:arrived|arriving|reached|reaching|took\s+refuge|taking\s+refuge)\b"
    r"[^.;]*?\bafter\s+(?:(?:having|they|he|she|we|it)\s+(?:had\s+)?)?"
    r"(?:fleeing|fled|leaving|left|escaping|escaped)\b"
)


def _join_arrival_to_flight(
    events: list[Event], text: str, sentence: tuple[int, int]
) -> list[Event]:
    """One flight of the sentence's destination-only and origin-only halves, when the
    sentence says people arrived somewhere after fleeing somewhere else.

    Only a sentence with exactly one of each half is joined: with more, which
    arrival follows which departure is not told.  A flight's numbers are its
    sentence's, which both halves carry; its day is the one told more precisely
    ("arrived in Idlib after fleeing Douma on Monday").
    """
    arrivals = [
        e for e in events if e.event_type == "evacuation" and e.origin is None and e.destination
    ]
    departures = [
        e for e in events if e.event_type == "evacuation" and e.destination is None and e.origin
    ]
    if len(arrivals) != 1 or len(departures) != 1:
        return events
    if not _ARRIVED_AFTER_FLEEING.search(text, *sentence):
        return events
    (arrival,), (departure,) = arrivals, departures
    joined = arrival.model_copy(
        update={
            "origin": departure.origin,
            "actors": arrival.actors.model_copy(
                update={
                    "by": sorted({*arrival.actors.by, *departure.actors.by}),
                    "evacuees": sorted({*arrival.actors.evacuees, *departure.actors.evacuees}),
                }
            ),
            **(
                {
                    "date": departure.date,
                    "date_text": departure.date_text,
                    "time_precision": departure.time_precision,
                }
                if departure.time_precision < arrival.time_precision
                else {}
            ),
        }
    )
    return [joined if e is arrival else e for e in events if e is not departure]


def _tallied(counts: Mapping[str, int], claims: Iterable[Count]) -> dict[str, int]:
    """The numbers an event shows, with these claims added: the dead of each claim add
    up ("12 civilians and 3 soldiers"); other kinds take the largest.  A vague one
    ("thousands") is kept as a claim, never shown as a number."""
    best = dict(counts)
    for c in claims:
        if c.qualifier == "vague":
            continue
        best[c.kind] = (
            best.get(c.kind, 0) + c.value
            if c.kind == "killed"
            else max(best.get(c.kind, 0), c.value)
        )
    return best


#: Events whose dead and wounded the next sentence may count ("An air strike hit
#: the market on Monday. Twelve civilians were killed.").
_TOLL_HOSTS = frozenset({"airstrike", "shelling", "attack", "clashes"})
#: "have been killed", "has killed": a toll so far (of the war, the year), not one strike's.
_SO_FAR_BEFORE = re.compile(r"(?i)\b(?:have|has|had)\s+(?:\w+\s+)?(?:been\s+)?$")


def _toll_of(
    article: Article,
    sentence: tuple[int, int],
    triggers: Sequence[Trigger],
    places: Sequence[Mention],
    timexes: Sequence[TimeExpression],
    lex: Lexicon,
    unresolved: Sequence[str],
    host_type: str,
) -> list[Count]:
    """The dead and wounded a sentence counts, when it tells nothing else.

    Only a sentence of deaths alone, with no place and no time of its own, is
    the toll of the one strike or fight the sentence before told: one that
    names a place or a day ("Last week 12 were killed in Aleppo") tells its own.
    It may name that strike or fight again: "The attack killed 16 soldiers".
    """
    s, e = sentence
    text = article.text
    if places or timexes:
        return []
    if any(
        t.etype != "casualties"
        and not (t.etype == host_type and _THE_SAME.search(text, max(s, t.start - 24), t.start))
        for t in triggers
    ):
        return []
    if _names_another_place(text, s, e, unresolved):
        return []  # "Twelve were killed in Leego", a place no gazetteer holds
    if all(
        is_irrealis(text, t.start, t.end, lex, *clause_bounds(s, text[s:e], t.start))
        or _SO_FAR_BEFORE.search(text, max(s, t.start - 30), t.start)
        for t in triggers
    ):
        return []
    counts = parse_counts(text, s, e, lex, article.meta.id, True)
    return [c for c in counts if c.kind in ("killed", "injured")]


#: A happening named as one told before: "The attack", "This cowardly attack".
_THE_SAME = re.compile(r"(?i)\b(?:the|this|that)\s+(?:[a-z]+\s+)?$")


def _with_toll(host: Event, toll: list[Count], text: str, end: int) -> Event:
    """The strike with the next sentence's toll: its numbers, and its words in the quote."""
    first, *rest = host.sources
    told = first.model_copy(update={"quote": text[first.start : end], "end": end})
    return host.model_copy(
        update={
            "counts": _tallied(host.counts, toll),
            "count_claims": [*host.count_claims, *toll],
            "sources": [told, *rest],
        }
    )


#: Event types that a sentence may report without naming the place, when the
#: story is plainly about one place ("civilians were evacuated during a brief
#: ceasefire" in a story about one besieged district).
_STORY_TYPES = frozenset({"evacuation", "ceasefire", "other"})


_INDEFINITE_PLACE = re.compile(r"(?i)\b(?:from|in|at|near|to|toward)\s+(?:an?|another|some)\s+\w+")
_WHERE_BEFORE = re.compile(r"(?i)\bwhere\s*$")
_PAST_EVENT_VERB = re.compile(r"(?i)^(?:\w+ed|left|fled|took|bussed\s+out|bused\s+out)$")


#: Between a verb and the place that is its object: "took Goma", "had taken the
#: strategic city of Lashio".
_OBJECT_GAP = re.compile(
    r"\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,3}?(?:town|village|city|district|neighbou?rhood|area|"
    r"camp|port|capital|region|province)\s+of\s+)?"
)


_INFINITIVE_BEFORE = re.compile(r"(?i)\bto\s+$")
_BY_AFTER = re.compile(r"(?i)\s+by\s+")
_PASSIVE_GAP = re.compile(
    r"(?i)\s+(?:(?:has|had|have)\s+been|was|were|is|are)\s+(?:\w+ly\s+)?(?:been\s+)?"
)
#: "was taken to hospital", "were taken hostage": a person carried, not a place captured.
_NOT_TAKEN_AFTER = re.compile(
    r"(?i)\s+(?:to|into|away|out|off|hostage|prisoner|captive|ill|aback|seriously|by\s+surprise)\b"
    r"|\s+in\s+(?!\d|early|late|mid|January|February|March|April|May|June|July|August|September|"
    r"October|November|December)"
)


#: A word before a participle that makes it an attribute of the noun after it, not a verb.
_ATTRIBUTE_BEFORE = re.compile(r"(?i)\b(?:the|a|an|of|in|into|from|to|for|at|on|near|its)\s+$")


def _took_place(text: str, trig: Trigger, places: Sequence[Mention], lex: Lexicon) -> bool:
    """Whether a place is the trigger's object, and the taking happened: "their push to
    take the capital" is an aim."""
    if _INFINITIVE_BEFORE.search(text, max(0, trig.start - 4), trig.start):
        return False
    if trig.text.endswith("ed") and _ATTRIBUTE_BEFORE.search(
        text, max(0, trig.start - 8), trig.start
    ):
        return False  # "the besieged town of Douma", "residents of encircled Mariupol"
    if any(_OBJECT_GAP.fullmatch(text, trig.end, m.start) for m in places):
        return True
    # The passive: "Lashio has been taken", "the town of Goma was taken by M23"; not
    # "surrounded by hills": an agent after "by" is a party.
    if _NOT_TAKEN_AFTER.match(text, trig.end):
        return False
    by = _BY_AFTER.match(text, trig.end)
    if by and lex.actor_re.search(text, by.end(), by.end() + 60) is None:
        return False
    return any(
        _PASSIVE_GAP.fullmatch(text, m.end, trig.start) for m in places if m.end <= trig.start
    )


#: What joins two verb phrases inside one clause: "captured Douma and shelled Harasta".
_AND = re.compile(r"\s+and\s+")


def _own_part(
    text: str,
    cs: int,
    ce: int,
    trig: Trigger,
    triggers: Sequence[Trigger],
    places: Sequence[Mention],
) -> tuple[int, int]:
    """The part of its clause a trigger governs, when the clause joins happenings of
    different kinds that each name their own place.

    "Rebels captured Douma and shelled Harasta" took Douma and shelled Harasta;
    neither happened at both places.  Happenings that share their place
    ("shelled and captured Douma") keep the whole clause.
    """
    start, end = cs, ce
    for other in triggers:
        if other.etype == trig.etype or not cs <= other.start < ce:
            continue
        first, second = (trig, other) if other.start >= trig.end else (other, trig)
        if first.end > second.start:
            continue
        joins = list(_AND.finditer(text, first.end, second.start))
        if not joins:
            continue
        at, after = joins[-1].span()
        # "captured Douma and ...", or passives: "Douma was captured and Harasta was shelled".
        own_first = any(first.end <= m.start < at for m in places) or (
            any(cs <= m.start < first.start for m in places)
            and any(after <= m.start < second.start for m in places)
        )
        own_second = any(after <= m.start < ce for m in places)
        if not (own_first and own_second):
            continue
        if trig is first:
            end = min(end, at)
        else:
            start = max(start, after)
    return start, end


def _names_a_party(text: str, start: int, end: int, lex: Lexicon) -> bool:
    return bool(
        lex.actor_re.search(text, start, end) or lex.state_forces_re.search(text, start, end)
    )


#: A year, as a clause names one: "the 2011 revolution", "in 2014".
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _years_before(text: str, cs: int, ce: int, article: Article) -> bool:
    """Whether the clause names a year well before the article's: "three years after
    the 2011 revolution that toppled and killed Gaddafi" is history, and takes no
    place from the sentence's news."""
    published = article.meta.published
    # Undated, the article's time is the latest year it names.
    now = published.year if published else max(map(int, _YEAR.findall(text)), default=0)
    return any(int(m.group()) < now - 1 for m in _YEAR.finditer(text, cs, ce))


#: Between a place and its verb: "Kunduz fell", "Kunduz has fallen", "Zaranj, in Nimruz
#: province, fell".
_SUBJECT_GAP = re.compile(
    r"(?i)(?:,[^,.;]{1,40},)?\s+(?:(?:has|had|have)\s+)?(?:(?:also|now|finally|quickly)\s+)?"
)
#: "the city fell silent", "fell back": no one took it.
_NOT_FALLEN_AFTER = re.compile(
    r"(?i)\s+(?:silent|quiet|still|dark|apart|short|sharply|back|behind|below|by|ill|asleep|"
    r"victim|prey|within|outside|on|upon)\b"
)


def _fell(text: str, trig: Trigger, places: Sequence[Mention]) -> bool:
    """Whether a place is the subject of a fall ("Sinjar fell")."""
    if _NOT_FALLEN_AFTER.match(text, trig.end):
        return False
    return any(
        _SUBJECT_GAP.fullmatch(text, m.end, trig.start) for m in places if m.end <= trig.start
    )


def _story_trigger(trig: Trigger, text: str, cs: int, ce: int) -> bool:
    """Whether a placeless trigger may take the story's place (a told event, not a topic)."""
    if trig.etype not in _STORY_TYPES or _INDEFINITE_PLACE.search(text, cs, ce):
        return False
    if _WHERE_BEFORE.search(text, max(0, cs - 12), cs):
        return False  # "the X district, where the militants fled": X, unresolved, not the story
    if trig.etype == "evacuation":
        return bool(_PAST_EVENT_VERB.match(trig.text.strip()))
    return True


#: "the town of", "the southern suburb of": a kind of place that names the one after it.
_PLACE_OF = (
    r"(?:(?:[a-z]+\s+){0,2}(?:town|village|city|district|neighbou?rhood|area|camp|suburb|"
    r"outskirts|quarter)\s+of\s+)?"
)
#: Where a happening is ("in Mais al-Jabal"), unlike "according to Ivan Filiponenko".
_LOCATIVE_BEFORE = re.compile(
    r"(?i)\b(?:in|at|near|outside|around|inside|into)\s+(?:the\s+)?" + _PLACE_OF + "$"
)


def _names_another_place(text: str, cs: int, ce: int, unresolved: Sequence[str]) -> bool:
    """A clause that names a place nobody could resolve is about that place, not the story's.

    "Troops blew up the Tarrash neighbourhood in Mais al-Jabal" happened in a
    village no gazetteer has, not at the story's main place (only a name in a
    locative phrase counts: names nobody resolved include people's).  A facility is
    the exception: "the Azot chemical plant" lies in the town the story is
    about, so the story's place stands for it.
    """
    for name in unresolved:
        at = text.find(name, cs, ce)
        while at >= 0:  # each time it is named: "the village of Talish ... in Talish"
            if _LOCATIVE_BEFORE.search(text, max(cs, at - 40), at) and not FACILITY_AFTER.match(
                text, at + len(name)
            ):
                return True
            at = text.find(name, at + len(name), ce)
    return False


#: Words after "the village" that make it a name's opening ("the village of Talish",
#: "the town called Kafr Nabl"), not a pointer back.
_NAME_AFTER_ANAPHOR = re.compile(r"\s+(?:of|called|named)\s+(?:al-)?[A-Z]")

#: An anaphor for a settlement, which an unplaced name may be: "the village" after "in
#: Talish" ("the region" after "in Bamessing" is more likely the one that holds it).
_SETTLEMENT_ANAPHOR = re.compile(r"(?:village|town|city|camp)$")

#: Between a trigger and its object: "entered Zamzam", "captured the village of X".
_TO_OBJECT = re.compile(r"\s+(?:the\s+)?" + _PLACE_OF + "$")


def _object_unresolved(text: str, trig: Trigger, unresolved: Sequence[str]) -> bool:
    """The trigger's object is a place nobody resolved ("RSF vehicles entered Zamzam"):
    the event is there, not at a place another clause of the sentence names."""
    for name in unresolved:
        at = text.find(name, trig.end, trig.end + 40)
        if at >= 0 and _TO_OBJECT.fullmatch(text, trig.end, at):
            return True
    return False


#: What stands between a place and the relative clause that tells of it.
_RELATIVE_OPENING = re.compile(r"\s*,\s*which\s+")


def _antecedent(text: str, cs: int, places: Sequence[Mention]) -> Mention | None:
    """The place a clause opening with ", which" hangs from.

    "Hama is 110 km south of Aleppo, which the rebels captured last week":
    Aleppo was captured, though the story named it only to say where Hama is.
    Not ", where": in "the al-Ayadia district, 10 km north-west of Tal Afar,
    where the militants fled", they fled to the district.
    """
    for m in places:
        if (
            m.end <= cs
            and m.place is not None
            and m.place.kind != "country"
            and _RELATIVE_OPENING.fullmatch(text, m.end, cs)
        ):
            return m.model_copy(update={"qualifier": None})
    return None


def _same_report(a: Event, b: Event) -> bool:
    return a.event_type == b.event_type and a.sources[0].start == b.sources[0].start


def _story_focus(events: list[Event], mentioned: list[Mention]) -> Mention | None:
    """The place the story so far is about: the most frequent place of its events (two or more).

    Of places with as many events, the one the story names first: news leads
    with its subject.
    """
    counts: dict[str, int] = {}
    for ev in events:
        ref = ev.place or ev.origin
        if ref is not None and ref.kind != "country":
            counts[ref.id] = counts.get(ref.id, 0) + 1
    top = max(counts.values(), default=0)
    if top < 2:
        return None
    return next(
        (m for m in mentioned if m.place and counts.get(m.place.place_id) == top),
        None,
    )


def _anchor_mentions(
    made: dict[tuple[str, tuple[str, ...]], Event], sentence_places: list[Mention]
) -> list[Mention]:
    """The places of the events this sentence already yielded ('a deal' after 'left X').

    Not a place an event is only beside ("fighting 10 km north-west of Douma, where
    the militants fled"): it is a reference point, and the clause is about the site.
    """
    ids = [
        ev.place.id if ev.place else ev.origin.id if ev.origin else None
        for ev in made.values()
        if not ev.place_relation
    ]
    for pid in ids:
        for m in sentence_places:
            if m.place and m.place.place_id == pid:
                return [m]
    return []


def _at_a_country(text: str, trig: Trigger, end: int, places: list[Mention]) -> bool:
    """Whether the trigger's own part says it happened in or to a country.

    A country is no place to draw a strike at, and the event is not at another
    place of the sentence either (a flight from northern Gaza told beside it).
    """
    return any(
        m.place is not None
        and m.place.kind == "country"
        and trig.end <= m.start < min(end, trig.end + 40)
        and LOCATIVE.search(text, max(trig.end, m.start - 30), m.start)
        for m in places
    )


def _unrelated(a: str, b: str) -> bool:
    return False


_UNIT_AFTER = re.compile(
    r"(?i)\s+(?:college|school|academy|battalions?|brigades?|regiments?|units?|barracks|"
    r"corps|officers?|commanders?|depots?)\b"
)


def _nearest_antecedents(anaphor: str, pools: Sequence[list[Mention]]) -> list[Mention]:
    """The places an anaphor can refer to in the nearest pool that has any.

    Pools run from near to far (the sentence, the last event, the last places
    named): "the port town" after an air strike in a city's east is the city
    named before, not nothing.
    """
    for pool in pools:
        if found := antecedents(anaphor, pool):
            return found
    return []


#: "Iraqi forces", "Russia's forces", "its forces": a state's or a party's armed men
#: ("market forces", "joined forces" are none).
_FORCES = re.compile(r"(?P<whose>[\w-]+)(?:'s|’s)?\s+forces\b")
#: "Forces of the Government of National Accord", "forces loyal to Haftar".
_FORCES_OF = re.compile(r"(?i:\bforces)\s+(?:of|loyal\s+to)\s+(?:the\s+)?[A-Z]")
_WHOSE_FORCES = frozenset({"its", "their", "his", "her", "our", "allied", "coalition", "rebel"})


_WORD_BEFORE = re.compile(r"(\w+)\W+$")
_WORD_AFTER = re.compile(r"\W+(\w+)")


def _shouted(text: str, start: int, end: int) -> bool:
    """Whether a name in capitals stands among words in capitals: "RIYADH IS YELLOW AND
    BLUE" is a shout, and its "IS" a verb, not the Islamic State."""
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    after = _WORD_AFTER.match(text, end)
    return bool(
        text[start:end].isupper()
        and before is not None
        and before[1].isupper()
        and after is not None
        and after[1].isupper()
    )


def _whose_forces(lex: Lexicon, whose: str) -> bool:
    return (
        whose.lower() in _WHOSE_FORCES
        or names_a_people(lex, whose)
        or whose.lower() in lex.country_by_name
    )


def tells_of_armed_conflict(text: str, lex: Lexicon) -> bool:
    """Whether an article is about armed conflict at all: it names an armed party or a
    state's forces, or uses one of the lexicon's conflict cues ("troops", "ceasefire").

    An archive holds match reports, storms and takeovers too, and their words are an
    event lexicon's words in another sense: "a late strike", "a tense clash with
    Feyenoord", "captured eleven seats", "the first train left the capital".  Only an
    article with some sign of war is read for events (`pipeline.extract_article`).
    """
    if lex.conflict_cue_re is None:
        return True
    return (
        any(
            names_an_armed_party(lex, m.group()) and not _shouted(text, m.start(), m.end())
            for m in lex.actor_re.finditer(text)
        )
        or lex.conflict_cue_re.search(text) is not None
        or any(_whose_forces(lex, m.group("whose")) for m in _FORCES.finditer(text))
        or _FORCES_OF.search(text) is not None
    )


def extract_events(
    article: Article,
    mentions: list[Mention],
    lex: Lexicon,
    country: str | None,
    related: Callable[[str, str], bool] = _unrelated,
    unresolved: Sequence[str] = (),
) -> tuple[list[Event], list[Mention], list[Denial]]:
    """Events of one article; mentions come back with incident roles set.

    The article is taken to tell of armed conflict (see `tells_of_armed_conflict`).

    `unresolved`: names the article gives to places no gazetteer knows; a
    sentence naming one is not about the story's main place.
    """
    text = article.text
    sentences = article.sentences
    starts = [s for s, _ in sentences]
    usable = [m for m in mentions if m.place is not None and m.role not in ELSEWHERE_ROLES]
    home = next(
        (
            m
            for m in usable
            if m.place is not None and m.place.kind == "country" and m.place.country == country
        ),
        None,
    )
    by_sentence: dict[int, list[Mention]] = {}
    for m in usable:
        by_sentence.setdefault(m.sentence, []).append(m)

    triggers_by_sentence: dict[int, list[Trigger]] = {}
    # A capitalised word inside a party's name ("the Government of National Accord") is
    # the name's, not a trigger; one that opens it ("displaced people") still tells.
    names = [(m.start(), m.end()) for m in lex.actor_re.finditer(text)]
    name_starts = [start for start, _ in names]
    for trig in find_triggers(text, lex):
        named = bisect.bisect_left(name_starts, trig.start) - 1
        if named >= 0 and trig.end <= names[named][1] and trig.text[0].isupper():
            continue
        if " " not in trig.text and _CRAFT_AFTER.match(text, trig.end):
            continue  # "an amphibious assault ship", "assault rifles": what it is for
        si = bisect.bisect_right(starts, trig.start) - 1
        if si >= 0 and trig.start < sentences[si][1]:
            triggers_by_sentence.setdefault(si, []).append(trig)

    events: list[Event] = []
    denials: list[Denial] = []
    last_places: list[Mention] = []
    last_event_places: list[Mention] = []
    pending: list[
        tuple[Trigger, tuple[int, int], tuple[int, int], Evidence, Sequence[TimeExpression], float]
    ] = []
    last_attribution: str | None = None
    toll_host: tuple[int, int] | None = None  # (sentence, index in events): see `_toll_of`
    for si, (s, e) in enumerate(sentences):
        sentence = text[s:e]
        attr_m = lex.attribution_re.search(text, s, e)
        attribution = (
            attr_m.group()
            if attr_m
            else (last_attribution if _SPEAKER_PRONOUN.search(sentence) else None)
        )
        if attr_m:
            last_attribution = attr_m.group()
        sentence_places = by_sentence.get(si, [])
        triggers = [
            t
            for t in triggers_by_sentence.get(si, [])
            # "took place", "had taken in refugees": only "took Goma" is a capture;
            # "prices fell": only "Kunduz fell" is a fall
            if (
                (t.etype, t.phrase) not in lex.object_triggers
                or _took_place(text, t, sentence_places, lex)
            )
            and ((t.etype, t.phrase) not in lex.subject_triggers or _fell(text, t, sentence_places))
        ]
        if not triggers:
            last_places = sentence_places or last_places
            continue
        evidence = Evidence(
            article=article.meta.id, quote=sentence, start=s, end=e, attribution=attribution
        )
        if lex.denial_re.search(text, s, e):
            denials.append(
                Denial(evidence, frozenset(t.etype for t in triggers) | {"agreement"}, si)
            )
            last_places = sentence_places or last_places
            continue
        timexes = find_time_expressions(sentence, article.meta.published)
        if toll_host is not None and toll_host[0] == si - 1:
            host = events[toll_host[1]]
            if not any(c.kind in ("killed", "injured") for c in host.count_claims) and (
                toll := _toll_of(
                    article,
                    (s, e),
                    triggers,
                    sentence_places,
                    timexes,
                    lex,
                    unresolved,
                    host.event_type,
                )
            ):
                events[toll_host[1]] = _with_toll(host, toll, text, e)
                toll_host = None
                continue
        hedged = lex.hedge_re.search(text, s, e) is not None
        made: dict[tuple[str, tuple[str, ...]], Event] = {}
        told_at: dict[tuple[str, tuple[str, ...]], int] = {}  # where each was first told
        for trig in triggers:
            cs, ce = clause_bounds(s, sentence, trig.start)
            if is_irrealis(text, trig.start, trig.end, lex, cs, ce):
                continue
            if _war_onset(text, trig, cs, sentence_places):
                continue
            if text.find("s of", max(cs, trig.start - 40), trig.start) >= 0 and (
                _YEARS_OF_BEFORE.search(text, max(cs, trig.start - 40), trig.start)
            ):
                continue  # "evacuated from east Aleppo after years of fighting": the war
            if trig.phrase == "controlled" and _HELD_AREA_BEFORE.search(
                text, max(cs, trig.start - 80), trig.start
            ):
                continue  # "territory still held by the YPG or controlled by the regime"
            if _wars_toll_so_far(text, trig, cs):
                continue  # "the conflict has displaced millions": a total, not a happening
            tl = trig.text.lower()
            if trig.etype == "control_change" and _UNDER_FIRE.match(text, trig.end):
                continue  # "came under attack", "fell under heavy fire": no one took it
            if trig.etype == "control_change" and _PEOPLE_TAKEN.match(text, trig.end):
                continue  # "captured 102 soldiers": prisoners, not a place
            if tl in _ENTERED and _TIME_ENTERED.match(text, trig.end):
                continue  # "the strike entered its second day": a time, not a place
            if (
                tl in _ENTERED
                and moves_goods(text, cs, ce)
                and not _names_a_party(text, cs, trig.start, lex)
            ):
                continue  # "trucks carrying aid entered Gaza": a delivery, not a takeover
            if tl in _STRIKE_NOUNS and (
                _STOPPAGE_BEFORE.search(text, max(cs, trig.start - 16), trig.start)
                or _STOPPAGE_AFTER.match(text, trig.end)
            ):
                continue  # "a general strike", "went on strike over pay": a stoppage
            if (
                trig.etype == "airstrike"
                and tl in _ANY_STRIKE
                and any(t.etype == "shelling" and cs <= t.start < ce for t in triggers)
            ):
                continue  # "RSF shelling and gunfire struck the camp": the shelling struck
            if _UNIT_AFTER.match(text, trig.end):
                continue  # "the field artillery college", "a missile battalion": no strike
            if trig.etype == "casualties" and _CARRIED_TO.match(text, trig.end):
                continue  # "Casualties were taken to a hospital in X": treated there, not hit
            if trig.etype == "evacuation" and not_a_flight(
                text, (cs, ce), trig, triggers, sentence_places, lex, country
            ):
                continue
            ps, pe = _own_part(text, cs, ce, trig, triggers, sentence_places)
            if (trig.etype, trig.phrase) in lex.subject_triggers:
                pe = min(pe, trig.start)  # "As Douma fell, families fled to Idlib": Douma fell
            # "Gunmen from Harasta attacked Douma": Harasta is where they came from.
            sites = [m for m in sentence_places if not _doers_home(text, s, trig, m)]
            places = locations(text, [m for m in sites if ps <= m.start < pe], trig.etype, related)
            if text.find("from", max(cs, trig.start - 40), trig.start) >= 0 and (
                _DISTANCE_FROM.search(text, max(cs, trig.start - 70), trig.start)
            ):
                # "Goma, 70 km from the fighting": a place measured from the happening is
                # not where it was; "far from the fighting in Rutshuru" still says where.
                places = [m for m in places if m.start >= trig.end]
                if not places:
                    continue
            # "fled to Damascus to escape the shelling": the shelling was not where they went
            fled_harm = (
                trig.etype != "evacuation"
                and (
                    text.find("fle", max(cs, trig.start - 45), trig.start) >= 0
                    or text.find("Fle", max(cs, trig.start - 45), trig.start) >= 0
                    or text.find("scap", max(cs, trig.start - 45), trig.start) >= 0
                )
                and _FLED_HARM_BEFORE.search(text, max(cs, trig.start - 45), trig.start) is not None
            )
            # "battles in X have caused displacement towards Sennar": nor was a harm where
            # the flight it caused, told after it in its clause, went.
            flight_after = (
                next(
                    (
                        t.start
                        for t in triggers
                        if t.etype == "evacuation" and trig.end <= t.start < ce
                    ),
                    None,
                )
                if trig.etype != "evacuation"
                else None
            )
            if fled_harm or flight_after is not None:
                went = [
                    m
                    for m in places
                    if (fled_harm and DEST_CUE.search(text, max(cs, m.start - 40), m.start))
                    or (
                        flight_after is not None
                        and m.start > flight_after
                        and end_of_route(text, cs, m) == "destination"
                    )
                ]
                if went:
                    places = [m for m in places if m not in went]
                    if not places:
                        continue
            # Who did it is named in its own part, or is the subject the parts share.
            told_in = (ps if ps == cs or _names_a_party(text, ps, trig.start, lex) else cs, pe)
            confidence = lex.triggers.event_types[trig.etype].confidence
            via_anaphor = False
            anaphor_end: Literal["origin", "destination"] | None = None
            anaphor = ANAPHOR.search(text, cs, ce)
            if anaphor and any(
                t is not trig and 0 <= anaphor.start() - t.end <= 8 for t in triggers
            ):
                anaphor = None  # "the attack there": the place of another happening
            if anaphor and _NAME_AFTER_ANAPHOR.match(text, anaphor.end()):
                anaphor = None  # "the village of Talish": a name, pointing at nothing before
            earlier = (
                _nearest_antecedents(
                    anaphor.group(),
                    ([m for m in sentence_places if m.start < cs], last_event_places, last_places),
                )
                if anaphor
                else []
            )
            # "residents who were in Talish when soldiers entered the village": the village
            # is the one the sentence named since, which nobody could place.
            if (
                anaphor
                and earlier
                and _SETTLEMENT_ANAPHOR.search(anaphor.group())
                and _names_another_place(text, max(s, earlier[-1].end), anaphor.start(), unresolved)
            ):
                earlier = []
            # "tens of thousands have fled there": where they went, not where they left.
            gone_there = (
                trig.etype == "evacuation"
                and anaphor is not None
                and _GONE_THERE.fullmatch(text, trig.start, anaphor.end()) is not None
            )
            if (
                anaphor
                and earlier
                and (
                    not places
                    or (trig.etype == "evacuation" and not has_origin(text, cs, places))
                    or (
                        gone_there
                        and not any(end_of_route(text, cs, m) == "destination" for m in places)
                    )
                )
            ):
                pointed = earlier[-1]
                # "X is home to 60,000 people and thousands have fled there": X once, an end
                places = [pointed, *(m for m in places if m.place != pointed.place)]
                via_anaphor = True
                anaphor_end = "destination" if gone_there else "origin"
                confidence -= 0.1
            if (
                trig.etype == "evacuation"
                and not via_anaphor
                and all(end_of_route(text, cs, m) == "destination" for m in places)
                and (cause := _caused_flight_from(text, s, e, cs, sentence_places)) is not None
            ):
                # "M23 took Goma, forcing thousands to flee to Rwanda": they fled Goma.
                places = [cause, *places]
                via_anaphor = True
                anaphor_end = "origin"
            if not places and (antecedent := _antecedent(text, cs, sentence_places)):
                places = [antecedent]  # "..., Aleppo, which the rebels captured last week"
            if not places and _at_a_country(text, trig, pe, sentence_places):
                continue  # "a Hamas attack on Israel": too wide to draw, and at no other place
            if not places:
                anchors = _anchor_mentions(made, usable)
                if anchors:
                    places = anchors
                    confidence -= 0.1
                elif sites and not (
                    _names_another_place(text, cs, ce, unresolved)
                    or _object_unresolved(text, trig, unresolved)
                    or _years_before(text, cs, ce, article)
                ):
                    places = locations(text, sites, trig.etype, related)
                    confidence -= 0.15
            if (
                not places
                and _story_trigger(trig, text, cs, ce)
                and not _names_another_place(text, cs, ce, unresolved)
            ):
                pending.append((trig, (s, e), (cs, ce), evidence, timexes, confidence - 0.2))
            if not places:
                continue
            if len(places) > 1 and (
                (trig.etype == "evacuation" and not via_anaphor)
                or (trig.etype == "clashes" and CAMPAIGN.search(trig.text))
            ):
                pool = places
                if trig.etype == "evacuation":
                    # "fled Yarmouk for Tadamon" stays a route, though the story
                    # names the area that holds both: only origins are collapsed.
                    pool = [m for m in places if end_of_route(text, cs, m) != "destination"]
                outer = container(pool, usable, related) if len(pool) > 1 else None
                if outer is not None:
                    places = [outer, *(m for m in places if m not in pool)]
            event = _build(
                trig,
                places,
                article,
                lex,
                country,
                (s, e),
                told_in,
                evidence,
                timexes,
                confidence - (0.15 if hedged else 0.0) + (0.1 if attribution else 0.0),
                anaphor_end,
                home,
                mentions,
            )
            for ev in event:
                key = (
                    ev.event_type,
                    tuple(sorted(r.id for r in (ev.place, ev.origin, ev.destination) if r)),
                )
                if key not in made:
                    made[key], told_at[key] = ev, trig.end
                elif _COORDINATED.fullmatch(text, told_at[key], trig.start):
                    made[key] = _fill_holders(made[key], ev)
        told_here = len(events)
        events.extend(
            _join_arrival_to_flight(_fold_partial_routes(_fold_casualties(made)), text, (s, e))
        )
        violent = [i for i in range(told_here, len(events)) if events[i].event_type in _TOLL_HOSTS]
        toll_host = (si, violent[0]) if len(violent) == 1 else None
        made_ids = {
            r.id for ev in made.values() for r in (ev.place, ev.origin, ev.destination) if r
        }
        event_places = [m for m in sentence_places if m.place and m.place.place_id in made_ids]
        last_event_places = event_places or last_event_places
        last_places = sentence_places or last_places

    focus = _story_focus(events, usable)
    if focus is not None:
        for trig, span, clause, evidence, pending_timexes, confidence in pending:
            for ev in _build(
                trig,
                [focus],
                article,
                lex,
                country,
                span,
                clause,
                evidence,
                pending_timexes,
                confidence,
                "origin",
            ):
                if not any(_same_report(ev, other) for other in events):
                    events.append(ev)
    events = _refine_parts(text, events, usable, related)
    used = {r.id for e in events for r in (e.place, e.origin, e.destination) if r}
    areas = {
        r.id
        for e in events
        for r in (e.place, e.origin, e.destination)
        if r and r.kind in ("area", "district", "desert", "region")
    }
    new_mentions = [
        m.model_copy(update={"role": "incident"})
        if m.role == "background"
        and m.place
        and (m.place.place_id in used or any(related(m.place.place_id, a) for a in areas))
        else m
        for m in mentions
    ]
    denied_types = {t for d in denials for t in d.types}
    if denials:
        events = [
            ev.model_copy(
                update={
                    "contested": True,
                    "denials": [d.evidence for d in denials if ev.event_type in d.types],
                }
            )
            if ev.event_type in denied_types and _deniable(ev) and _near_in_time(ev, article)
            else ev
            for ev in events
        ]
    return events, new_mentions, denials


def _refine_parts(
    text: str, events: list[Event], places: list[Mention], related: Callable[[str, str], bool]
) -> list[Event]:
    """'IS-held neighbourhoods in Damascus', 'their Damascus stronghold': the part meant.

    When an event is put on a city because the text names a part of it, and
    the article elsewhere names exactly one part of that city that holds all
    the others it names, the event moves to that part.
    """
    out = []
    for ev in events:
        updates: dict[str, PlaceRef] = {}
        for field_name in ("place", "origin", "destination"):
            ref = getattr(ev, field_name)
            if ref is None or ref.kind not in ("city", "town"):
                continue
            quote = ev.sources[0].quote
            if not names_a_part_of(ref.name, quote):
                continue
            focus = focus_within(ref.id, places, related)
            if focus is not None:
                updates[field_name] = _ref(focus)
        out.append(ev.model_copy(update=updates) if updates else ev)
    return out


def _near_in_time(event: Event, article: Article) -> bool:
    """A denial in today's story is about today's events, not last month's."""
    published = article.meta.published
    if event.date is None or published is None:
        return True
    return abs((published - event.date).days) <= 7


def _deniable(event: Event) -> bool:
    """A denial of a deal contests the deal and the evacuation of fighters it moved."""
    if event.event_type == "evacuation":
        return (
            any(a not in ("civilians",) for a in event.actors.evacuees) or not event.actors.evacuees
        )
    return event.event_type in ("agreement",)


#: "came under attack", "came under heavy fire": violence, not a new holder.
#: Armed men named with where they came from: "cattle raiders allegedly from the
#: neighbouring Mayom County, Unity State,", "gunmen from Harasta".
_DOERS_FROM = re.compile(
    r"(?i)\b(?:fighters|gunmen|militants|raiders|rebels|troops|soldiers|youths?|militiamen|"
    r"militias?|attackers|assailants|insurgents|jihadists|bandits|herders|men)\s+"
    r"(?:\w+ly\s+)?from\s+(?:the\s+)?(?:neighbou?ring\s+|nearby\s+)?"
    r"(?-i:(?:[A-Z][\w’'-]*\s+){1,3}\w+,\s+)?$"
)


def _doers_home(text: str, s: int, trig: Trigger, m: Mention) -> bool:
    """Whether a place named before a deed is where its doers came from, not its site.

    Not for a flight: "rebels from Yarmouk were bussed out" left Yarmouk.
    """
    return (
        trig.etype != "evacuation"
        and m.end <= trig.start
        and text.find("from", max(s, m.start - 80), m.start) >= 0
        and _DOERS_FROM.search(text, max(s, m.start - 80), m.start) is not None
    )


#: A count of people who fled: "3,240 families have fled", "some 5,000 displaced".
_FLED_WITHIN = re.compile(r"(?i)\b(?:fled|flee|fleeing|displaced|evacuated|uprooted)\b")
#: A flight "there", said right after its verb: "have fled there", "were moved there".  Not
#: "fled the fighting there" (from there), nor "displaced there" (where they were).
_GONE_THERE = re.compile(
    r"(?i)(?:fled|flee|fleeing|moved|relocated|evacuated|bussed|bused|taken|transferred|"
    r"returned|headed|sent|went|gone)\s+there"
)
#: How far a place lies from a happening told elsewhere: "70 kilometers (43 miles) away
#: from the fighting", "a few miles from the front line", "far from the bombing".
_DISTANCE_FROM = re.compile(
    rf"(?i)\b(?:(?:\d[\d,.]*|{NUMBER_WORDS}|a\s+few|few|several|some|tens|dozens|hundreds)"
    r"(?:\s+of)?\s*-?\s*(?:km|kilometres?|kilometers?|miles?|metres?|meters?)\b|far)"
    r"(?:\s*\([^()]{0,30}\))?(?:\s+away)?\s+from\s+(?:the\s+)(?:(?:main|nearest|heaviest|"
    r"current|latest|worst|closest)\s+)?$"
)
_UNDER_FIRE = re.compile(
    r"(?i)\s+(?:(?:heavy|renewed|intense|sustained|repeated|fresh|constant|Israeli|Russian|"
    r"rocket|artillery|drone|mortar|air)\s+)*(?:attacks?|fire|shelling|bombardment|"
    r"bombing|strikes?|siege|threat|pressure|assault)\b"
)
#: "a general strike entered its second day", "the truce entered into force": a time or a
#: state entered, not a place.
_TIME_ENTERED = re.compile(
    r"(?i)\s+(?:into\s+)?(?:(?:its|their|a|the|what|an)\s+)?"
    # Words that describe the time ("its second day"), not a place and a time after it
    # ("entered Douma a day after", "entered the town a day after").
    r"(?:(?!(?:a|an|the|its|their)\s)(?-i:[a-z0-9][\w-]*)\s+){0,2}?"
    r"(?:days?|weeks?|months?|years?|phase|stage|round|force|talks|negotiations|effect)\b"
)
#: A craft or arm named for what it does: "assault ship", "attack helicopters", "strike
#: aircraft", "assault rifles" (not "attack drones", which a story launches at a city).
_CRAFT_AFTER = re.compile(
    r"(?i)\s+(?:ships?|rifles?|helicopters?|aircraft|jets?|planes?|boats?|craft|vehicles?|"
    r"submarines?|carriers?|dogs?)\b"
)
#: "a general strike", "went on strike", "a hunger strike": a stoppage, not a blow.
_STOPPAGE_BEFORE = re.compile(
    r"(?i)(?:\b(?:general|hunger|labou?r|workers['’]?|teachers['’]?|doctors['’]?|nationwide|"
    r"national|sit-down|wildcat|one-day|two-day|24-hour|48-hour|open-ended|indefinite|"
    r"students['’]?|union|transport|rail|dock)|\bon|\b(?:staged|called|declared)\s+an?)\s+$"
)
_STOPPAGE_AFTER = re.compile(
    r"(?i)\s+(?:action\b|over\s+(?:pay|wages|salar|unpaid|pensions|jobs|working)|"
    r"(?:called|organi[sz]ed|staged)\s+by\s+(?:the\s+)?(?:unions?|workers|teachers))"
)
#: "captured 102 soldiers of the LNA", "seized dozens of fighters": people, not a place.
_PEOPLE_TAKEN = re.compile(
    r"(?i)\s+(?:at\s+least\s+|some\s+|about\s+|more\s+than\s+|nearly\s+|over\s+|around\s+)?"
    r"(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|scores|several|"
    r"a\s+number)\s+(?:of\s+)?(?:[\w-]+\s+){0,2}?(?:soldiers|fighters|troops|militants|"
    r"prisoners|people|civilians|members|officers|mercenaries|rebels|jihadists|men|hostages|"
    r"personnel|gunmen)\b"
)
#: Words that may stand between a control verb and the area it took: "captured most of
#: the Kherson region", "overran most of Anbar and much of northern Iraq".
_TAKEN_AREA_WORDS = frozenset(
    {"of", "the", "and", "control", "full", "complete", "most", "much", "part", "parts", "all"}
    | {"large", "swathes", "rest", "entire", "whole", "eastern", "western", "northern"}
    | {"southern", "central", "former", "last", "remaining", "key", "strategic", "besieged"}
    | {"stronghold", "strongholds", "bastion", "enclave", "pocket", "rebel", "territory"}
)
#: Between the area and its verb: "Luhansk region has been fully captured".
_AREA_BEFORE_VERB = re.compile(
    r"(?i)(?:['’]s)?\s+(?:(?:region|province|governorate|oblast|state|district)\s+)?"
    r"(?:has\s+|had\s+|have\s+|was\s+|were\s+)?(?:been\s+)?(?:\w+ly\s+)?$"
)


def _named_at(text: str, m: Mention, cs: int, ce: int) -> tuple[int, int] | None:
    """Where the clause names the place: the mention, the anaphor that stands for it
    ("the area"), or None when the place came from elsewhere (another clause, the story),
    which never says that a whole region changed hands."""
    if cs <= m.start < ce:
        return m.start, m.end
    anaphor = ANAPHOR.search(text, cs, ce)
    return anaphor.span() if anaphor else None


def _area_taken(text: str, span: tuple[int, int], trig: Trigger) -> bool:
    """Whether the text says a whole area changed hands, not a town somewhere in it.

    A region, province or country is painted on the control map as a whole, so
    it takes the verb's own object or subject ("captured the Kherson region",
    "Luhansk region has fallen"); "withdrew to a district in Middle Shabelle
    region" or "captured two towns in Idlib province" takes no region.  `span`
    is where the text names it: the name, or the anaphor that stands for it.
    """
    start, end = span
    if trig.start <= start and end <= trig.end:
        return True  # the gapped verb's own object: "brought 70 percent of the area under"
    if start >= trig.end:
        gap = re.findall(r"[\w'’-]+", text[trig.end : start])
        # Other names may stand in the list ("Anbar and much of northern Iraq"), and words
        # that describe the area itself ("IS' former stronghold of"); no other word may.
        return all(
            w.lower() in _TAKEN_AREA_WORDS or w[0].isupper() or w.endswith(("-held", "-controlled"))
            for w in gap
        )
    return _AREA_BEFORE_VERB.fullmatch(text, end, trig.start) is not None


#: A participle that opens a clause: "capturing", "killing", "forcing".
_PARTICIPLE = re.compile(r"(?i)[a-z]+ing\b")
#: A participle clause that makes people flee: "forcing thousands to flee", "sending
#: residents fleeing", "prompting an exodus".
_CAUSING = re.compile(r"(?i)(?:forcing|prompting|causing|driving|sending|spurring|triggering)\b")
#: What opens a participle clause put first: "After capturing Mariupol, Russian forces ...".
_LEADS_PARTICIPLE = re.compile(r"(?:After|Before|Since|While|Upon|On|When)\s+")
#: The same words opening a participle clause after its main clause: "... after seizing X".
_LEADS_PARTICIPLE_AFTER = re.compile(r"\s(?:after|before|since|while|upon|when)\s+$")
#: A clause of "when" right after the trigger's, the trigger's own clause after "when", or
#: a sentence that opens with one.
_WHEN_NEXT = re.compile(r"(?i),?\s*when\s")
_WHEN_BEFORE = re.compile(r"(?i)[\s,]*\bwhen\s*$")
_WHEN_FRONTED = re.compile(r"(?i)\s*when\s[^,;]{3,160},\s")
#: A relative clause set off by commas right after the trigger's: "struck Rafah, which lies
#: on the border with Egypt, on Tuesday, killing 12".  After its closing comma the main
#: clause goes on, and a day or a toll there is the trigger's.
_ASIDE_AFTER = re.compile(
    r",\s+(?:which|who)\s(?:[^,;.!?:\"“”]|(?<=\d)[,.](?=\d)){1,120}(?P<close>,\s+)"
)
#: Time expressions that date no happening: a clock time, a day to come, a "since".
_DATELESS = frozenset({"clock", "future", "since"})
#: How far into its clause a party may start and still be its subject ("Iraqi special forces").
_SUBJECT_REACH = 30
#: A relative clause that tells who backs its antecedent: "(, which) are backed by".
_RELATIVE_PRONOUN = re.compile(r"(?i)\s+(?:which|who)\s+")
_BACKED = re.compile(
    r"(?i)(?:(?:is|are|was|were|has\s+been|have\s+been)\s+)?(?:\w+ly\s+)?"
    r"(?:backed|supported|armed|trained|funded|sponsored|aided)\s+by\b"
)

#: Strike words that say nothing of aircraft: beside "shelling" they are the shelling's.
_ANY_STRIKE = BARE_STRIKES | {"missiles"}
_STRIKE_NOUNS = frozenset({"strike", "strikes"})
_ENTERED = frozenset({"entered", "enter", "entering", "enters"})


def _build(
    trig: Trigger,
    places: list[Mention],
    article: Article,
    lex: Lexicon,
    country: str | None,
    sentence_span: tuple[int, int],
    clause: tuple[int, int],
    evidence: Evidence,
    timexes: Sequence[TimeExpression],
    confidence: float,
    anaphor_end: Literal["origin", "destination"] | None,
    home: Mention | None = None,
    mentions: Sequence[Mention] = (),
) -> list[Event]:
    """The events one trigger tells of in its clause.

    `mentions`: every place the article names, so that a distance that locates one of
    them is not taken for the event's (`_far_side`).

    `home`: the article's mention of the country the story is set in; a flight to
    another country with no origin named ("foreigners flew out to Ethiopia") left
    from it.  Only to a country: a story's country is a guess, and a route from it
    to a town of the other side in a war ("Russia -> Mariupol") would be drawn false.
    """
    text = article.text
    s, e = sentence_span
    cs, ce = clause
    if trig.etype != "evacuation" and (toll := _TOLL_AFTER.match(text, ce)):
        ce = toll.end()  # "An air strike hit Douma, killing 12 civilians": its toll
    aside_day, aside_toll = _after_aside(text, ce, e, s, timexes)
    if trig.etype == "evacuation":
        aside_toll = None  # a flight's numbers are read from its whole sentence
    actors = actors_in(text, cs, ce, lex, country)
    killing = (
        trig.etype == "casualties"
        or bool(_KILLED.search(text, cs, ce))
        or (aside_toll is not None and bool(_KILLED.search(text, *aside_toll)))
    )
    counts = parse_counts(
        text,
        cs if trig.etype != "evacuation" else s,
        ce if trig.etype != "evacuation" else e,
        lex,
        article.meta.id,
        killing,
    )
    if aside_toll is not None:
        counts += parse_counts(text, *aside_toll, lex, article.meta.id, killing)
    kinds = lex.triggers.event_types[trig.etype].count_kinds
    if kinds is not None:
        counts = [c for c in counts if c.kind in kinds]
    if trig.etype != "evacuation":
        # "3,240 families have fled El-Fasher amid attacks by the RSF": who fled, not
        # whom the attacks hit.
        counts = [c for c in counts if c.kind != "displaced" and not _FLED_WITHIN.search(c.text)]

    best_counts = _tallied({}, counts)
    dated_from = cs
    if text[cs - 2 : cs] == ", " and _PARTICIPLE.match(text, cs):
        # "battled into Fallujah on Friday, capturing a district", "took Goma on Monday,
        # forcing thousands to flee": a participle's clause happens when its main clause does.
        dated_from = clause_bounds(s, text[s:e], cs - 3)[0]
    dated_to = ce
    if (when := _WHEN_NEXT.match(text, ce, e)) is not None:
        # "two people were killed when a drone hit a bus on Saturday": the clause of
        # "when" tells the moment of the one it follows.
        dated_to = clause_bounds(s, text[s:e], when.end())[1]
    elif (when := _WHEN_BEFORE.search(text, max(s, cs - 8), cs)) is not None and when.start() > s:
        # "a drone hit a bus on Saturday, when two people were killed": the other way round.
        dated_from = min(dated_from, clause_bounds(s, text[s:e], when.start() - 1)[0])
    elif (fronted := _WHEN_FRONTED.match(text, s, e)) is not None and cs >= fronted.end() - 2:
        # "When the army entered X on Saturday, residents fled": the main clause, too.
        dated_from = s
    date, date_text, tp = _date(
        timexes, trig.start - s, (dated_from - s, dated_to - s), article, s, aside_day
    )
    conf = max(0.05, min(0.99, confidence + (0.05 if date_text else 0.0)))
    base = {
        "acled_event_type": lex.triggers.event_types[trig.etype].acled_event_type,
        "acled_sub_event_type": lex.triggers.event_types[trig.etype].acled_sub_event_type,
        "counts": best_counts,
        "count_claims": counts,
        "date": date,
        "date_text": date_text,
        "time_precision": tp,
        "confidence": round(conf, 3),
        "sources": [evidence],
    }
    if trig.etype == "evacuation":
        flight = route(text, (cs, ce), trig, places, actors, anaphor_end, lex)
        origin, dests = flight.origin, flight.destinations
        named_origin = _ref(origin) if origin else None
        left_home = _ref(home) if home is not None and origin is None else None
        routes: list[Event] = []
        # "flew out to Ethiopia and Djibouti": one route per destination.
        ends: list[Mention | None] = [*coordinated(text, dests)] or [None]
        for dest in ends:
            d = _ref(dest) if dest else None
            o = named_origin
            if left_home and d and d.kind == "country" and d.country != left_home.country:
                o = left_home
            if o and d and (o.id == d.id or d.is_country_of(o)):
                # No route from a place to itself, nor to the country it lies in
                # ("the envoy for Yemen left Sanaa"): an arrow to its centre misleads.
                d = None
            anchor = origin or dest
            if anchor is None:
                continue
            ids = [r.id for r in (o, d) if r]
            routes.append(
                Event(
                    id=_event_id(article.meta.id, "evacuation", trig.start, ids),
                    event_type="evacuation",
                    origin=o,
                    destination=d,
                    actors=Actors(evacuees=flight.evacuees, by=flight.by),
                    geo_precision=geo_precision(_ref(anchor), anchor.qualifier),
                    **base,
                )
            )
        return routes
    out: list[Event] = []
    etype: EventType = trig.etype
    if trig.etype == "control_change":
        # "Iraqi forces battled into Fallujah, capturing a district": who captured is
        # the main clause's subject, the party that opens it; so too when the
        # participle's clause is put first ("After capturing Mariupol, Russian forces").
        fronted = _PARTICIPLE.fullmatch(trig.text) and _LEADS_PARTICIPLE.fullmatch(
            text, cs, trig.start
        )
        # ... and when it follows its main clause: "looted shops after seizing the town".
        trailing = (
            _LEADS_PARTICIPLE_AFTER.search(text, max(s, cs - 9), cs)
            if cs == trig.start and _PARTICIPLE.fullmatch(trig.text)
            else None
        )
        main: tuple[int, int] | None = None
        if dated_from != cs:
            main = (dated_from, cs)
        elif fronted:
            main = (ce + 1, e)
        elif trailing and trailing.start() > s:
            main = (clause_bounds(s, text[s:e], trailing.start() - 1)[0], trailing.start())
        elif (
            (comma := text.rfind(",", max(s, cs - 8), cs)) > s
            and _RELATIVE_PRONOUN.fullmatch(text, comma + 1, cs)
            and _BACKED.match(text, cs, trig.start)
        ):
            # "Units of the FSA, which are backed by Turkish forces, took control": who
            # took it is the party the relative clause hangs from, not its backer.
            main = (clause_bounds(s, text[s:e], comma - 1)[0], comma)
        subject = actors_in(text, *main, lex, country)[:1] if main else []
        if main and subject and len(text[main[0] : subject[0].start].lstrip()) > _SUBJECT_REACH:
            subject = []
        act = control_actors(text, cs, trig, [*subject, *actors], lex)
        if act is None:
            return out
        if fronted and subject and act.to is None and subject[0].actor != act.from_:
            act = Actors(**{"from": act.from_, "to": subject[0].actor, "by": [subject[0].actor]})
        transfer = bool(lex.transfer_re.search(text, cs, ce))
    else:
        act, base, etype = doers(text, cs, ce, trig, actors, lex, base)
    for m in places:
        ref = _ref(m)
        relation = m.qualifier if outside_of(m.qualifier) else None
        if (
            relation
            and relation != "near"
            and (away := _far_side(text, m, ref, mentions)) is not None
        ):
            ref, relation = away, None
        codes = {}
        if trig.etype == "control_change":
            if ref.kind in AREA_KINDS - {"area"} and (
                (span := _named_at(text, m, cs, ce)) is None or not _area_taken(text, span, trig)
            ):
                continue  # "withdrew to Balad district in Middle Shabelle region": no region fell
            acled_type, sub = acled_control_code(act, transfer, lex, ref.country or country)
            codes = {"acled_event_type": acled_type, "acled_sub_event_type": sub}
        out.append(
            Event(
                id=_event_id(article.meta.id, etype, trig.start, [ref.id]),
                event_type=etype,
                place=ref,
                actors=act,
                geo_precision=geo_precision(ref, m.qualifier),
                place_relation=relation,
                **{**base, **codes},
            )
        )
    return out


#: A present perfect: "has announced", "have continued".  What it tells is news of the day;
#: not "have been battling for weeks", a campaign.
_PERFECT = re.compile(
    r"(?i)\b(?:has|have)\s+(?:(?:just|now|also|already)\s+)?(?!been\b)\w+(?:ed|en)\b"
)


def _after_aside(
    text: str, ce: int, e: int, s: int, timexes: Sequence[TimeExpression]
) -> tuple[TimeExpression | None, tuple[int, int] | None]:
    """The day and the toll the trigger's clause takes up again after a relative clause.

    "struck Rafah, which lies on the border with Egypt, on Tuesday, killing 12": the
    aside's own words (a number, a day of its own) stay out; only a day that opens
    what follows its closing comma, and a toll after that, are the main clause's.
    """
    aside = _ASIDE_AFTER.match(text, ce, e)
    if aside is None:
        return None, None
    day = next(
        (t for t in timexes if t.start == aside.end() - s and t.relation not in _DATELESS), None
    )
    toll = _TOLL_AFTER.match(text, s + day.end if day else aside.start("close"), e)
    return day, toll.span() if toll else None


def _caused_flight_from(
    text: str, s: int, e: int, cs: int, sentence_places: Sequence[Mention]
) -> Mention | None:
    """Where a flight told in a participle clause of cause left from: the main clause's place.

    "M23 rebels took control of Goma, forcing thousands to flee to Rwanda": the deed
    in Goma drove them out of Goma.  Not a place only named to say where another is
    ("20 km north of Goma").
    """
    if text[cs - 2 : cs] != ", " or not _CAUSING.match(text, cs):
        return None
    main_start = clause_bounds(s, text[s:e], cs - 3)[0]
    before = [
        m
        for m in sentence_places
        if main_start <= m.start < cs
        and m.place is not None
        and not outside_of(m.qualifier)
        and not _BY_BEFORE.search(text, max(main_start, m.start - 8), m.start)
    ]
    return before[-1] if before else None


#: The agent of a passive: "after it was targeted by Israel" names who, not where.
_BY_BEFORE = re.compile(r"(?i)\bby\s+(?:the\s+)?$")


def _date(
    timexes: Sequence[TimeExpression],
    rel: int,
    clause: tuple[int, int],
    article: Article,
    sentence_start: int,
    aside_day: TimeExpression | None = None,
) -> tuple[dt.date | None, str | None, Literal[1, 2, 3]]:
    """The date the trigger's own clause gives; else the article's (week precision).

    A time expression in another clause of the sentence dates another
    happening ("samples were collected on Saturday, two weeks after the
    attack"), so it is not borrowed: the date is then unknown, unless the
    clause is in the present perfect ("where Russia has announced a
    ceasefire"), which tells news as of the article.  `aside_day`: the day
    after a relative clause put between ("Rafah, which lies ..., on Tuesday").
    """
    usable = [t for t in timexes if t.relation not in _DATELESS]
    inside = [t for t in usable if clause[0] <= t.start < clause[1] or t is aside_day]
    pool = [t for t in inside if t.date is not None] or inside
    if pool:
        best = min(pool, key=lambda t: abs(t.start - rel))
        return best.date, best.text, best.precision
    if usable and not _PERFECT.search(
        article.text, sentence_start + clause[0], sentence_start + clause[1]
    ):
        return None, None, 3
    return article.meta.published, None, 2
