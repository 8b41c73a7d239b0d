"""Events from sentences: who did what, where, when, how many, says who.

A sentence yields an event when a trigger word of the lexicon (captured,
bussed out, struck, truce ...) stands in a clause that also names a place
the resolver did not rule out (datelines, speakers' seats, organisations'
bases and governments-by-metonymy never carry events).  The clause gives
the event its places and actors: a place after "from"/"out of" is an
evacuation's origin, after "to"/"toward" its destination; an actor before a
capture verb is the new holder, one marked "-held", "held by" or "former X
stronghold" the old one.  Plans, hypotheticals, negations and denials are
not events that happened: a denial instead contests the events it denies.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal, cast

from geomap.lexicon import Lexicon, actor_for
from geomap.models import (
    AREA_KINDS,
    Actors,
    Article,
    Count,
    CountKind,
    Event,
    EventType,
    Evidence,
    Mention,
    PlaceRef,
)
from geomap.timex import TimeExpression, find_time_expressions

_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:and|but|while|as|after|when|which|where|who)\s+"
    r"|(?<!known)(?<!such)(?<!well)(?<!same)\s+as\s+(?!well\b|part\b|many\b|much\b)"
    r"|\s+(?:while|after|when|but|whereas|following|before)\s+"
    r"|\s+so\s+that\s+|\s+since\s+(?=\w+ing\b)|,\s+(?=(?!heading|moving|travell?ing|making|driving)[a-z]+ing\s)|\s+in\s+(?:response|retaliation)\s+(?:to|for)\s+"
)
_MODAL_AFTER = re.compile(
    r"(?i)[^;,]{0,50}?\b(?:would|could|might|may|will|(?:was|were|is|are)\s+(?:supposed|due|set|"
    r"expected|scheduled)\s+to)\b"
)
_PASSIVE_BEFORE = re.compile(r"(?i)\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$")
_FIGHTERS = re.compile(r"(?i)\b(?:fighters|gunmen|militants|jihadists|combatants|insurgents)\b")
_ANAPHOR = re.compile(
    r"(?i)\b(?:the|that|this|those|these)\s+(?:(?:southern|northern|eastern|western|besieged|"
    r"embattled|strategic|key|port|devastated|whole|entire)\s+)?(?:area|areas|neighbou?rhoods?|camp|city|town|"
    r"district|enclave|pocket|region|village)\b|\bthere\b"
)
_ROLES_WITHOUT_EVENTS = frozenset({"dateline", "speaker_seat", "organisation_base", "metonymy"})
_ORIGIN_CUE = re.compile(
    r"(?i)\b(?:from|out\s+of|left|leave|leaving|fled|flee|fleeing|evacuat\w*|exit\w*|"
    r"bussed\s+out\s+of|departed)\s+(?:the\s+|their\s+)?(?:[\w’'-]+\s+){0,3}$"
)
_DEST_CUE = re.compile(
    r"(?i)\b(?:to|toward|towards|into|for|reach\w*|arriv\w*\s+in|heading(?:\s+\w+)?\s+to(?:ward)?s?|"
    r"heading)\s+(?:the\s+|a\s+)?(?:[\w’'-]+\s+){0,3}$"
)
_HELD_BY = re.compile(r"(?i)(?:-held|\s+held\s+by|\s+strongholds?|\s+pocket|\s+enclave)")
_MOVE_WORDS = frozenset(
    {
        "left",
        "leave",
        "leaving",
        "departed",
        "reached",
        "arrived in",
        "transferred",
        "convoy",
        "convoys",
        "buses",
        "by bus",
        "corridor",
        "flight",
        "heading to",
        "heading toward",
        "heading towards",
        "heading east",
        "heading west",
        "heading north",
        "heading south",
    }
)
_EVACUEE = re.compile(
    r"(?i)\b(?:they|people|fighters|civilians|families|refugees|residents|gunmen|militants|evacuees|"
    r"batch|group|relatives|women|children|elderly|jihadists|wounded|patients|diplomats|"
    r"nationals|displaced|hundreds|thousands)\b"
)
_DEAD_AFTER = re.compile(r"(?i)[^.;]{0,130}\b(?:dead|killed|wounded|injured|behind)\b")

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a hundred": 100,
    "a dozen": 12,
    "dozen": 12,
}
_VAGUE = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "tens of thousands": 20000,
}
_NUMBER = re.compile(
    r"(?i)\b(?P<q>some|about|around|nearly|almost|over|more\s+than|at\s+least|up\s+to|fewer\s+than|"
    r"less\s+than|approximately|roughly|an\s+estimated|at\s+most)?\s*"
    r"(?:(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?P<mult>thousand|million))?|"
    r"(?P<word>a\s+dozen|a\s+hundred|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|fifteen|twenty|thirty|forty|fifty)|"
    r"(?P<vague>tens\s+of\s+thousands|dozens|scores|hundreds|thousands)(?:\s+of)?)"
    r"(?P<noun>(?:\s+[\w’'-]+){1,4})"
)
_QUALIFIERS = {
    "some": "approx",
    "about": "approx",
    "around": "approx",
    "nearly": "approx",
    "almost": "approx",
    "approximately": "approx",
    "roughly": "approx",
    "an estimated": "approx",
    "over": "at_least",
    "more than": "at_least",
    "at least": "at_least",
    "up to": "at_most",
    "fewer than": "at_most",
    "less than": "at_most",
    "at most": "at_most",
}
_SPEAKER_PRONOUN = re.compile(
    r"(?i)\b(?:it|he|she|they|the\s+monitor|the\s+group)\s+(?:said|added|reported)\b"
)


Qualifier = Literal["exact", "approx", "at_least", "at_most", "vague"]


@dataclass(frozen=True)
class Denial:
    """A sentence in which a party denies something, and what it denies."""

    evidence: Evidence
    types: frozenset[EventType]
    sentence: int


@dataclass(frozen=True)
class _Trigger:
    start: int
    end: int
    text: str
    etype: EventType


def _triggers(text: str, lex: Lexicon) -> list[_Trigger]:
    found = [
        _Trigger(m.start(), m.end(), m.group(), etype)
        for m, phrase in lex.trigger_re.find_phrases(text)
        for etype, _ in lex.event_types_for(phrase)
    ]
    return sorted(found, key=lambda t: (t.start, -t.end))


def _clause(sentence_start: int, sentence: str, pos: int) -> tuple[int, int]:
    """Absolute bounds of the clause around absolute offset `pos`."""
    rel = pos - sentence_start
    start, end = 0, len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= rel:
            start = m.end()
        elif m.start() <= rel:
            start = m.start()  # the trigger opens with the break word ("following a deal")
        else:
            end = m.start()
            break
    return sentence_start + start, sentence_start + end


def _is_irrealis(
    text: str, start: int, end: int, lex: Lexicon, clause_start: int, clause_end: int
) -> bool:
    """Planned, hoped for, conditional or negated: not an event that happened.

    Offsets are absolute, so the lexicon answers from its one scan of the article.
    """
    if _MODAL_AFTER.match(text, end, clause_end):
        return True
    window = max(clause_start, start - 80)
    semicolon = text.rfind(";", window, end)
    if semicolon != -1:
        window = semicolon + 1
    if lex.irrealis_re.search(text, window, end):
        return True
    return lex.negation_re.search(text, max(clause_start, start - 25), start) is not None


@dataclass(frozen=True)
class _ActorHit:
    start: int
    end: int
    actor: str


def _actors(text: str, s: int, e: int, lex: Lexicon, country: str | None) -> list[_ActorHit]:
    """Actor phrases in text[s:e], state-force words resolved to a country."""
    hits: list[_ActorHit] = []
    for m in lex.actor_re.finditer(text, s, e):
        actor = actor_for(lex, m.group())
        if actor:
            hits.append(_ActorHit(m.start(), m.end(), actor))
    for m in lex.state_forces_re.finditer(text, s, e):
        if any(h.start <= m.start() < h.end or m.start() <= h.start < m.end() for h in hits):
            continue
        before = text[max(s, m.start() - 25) : m.start()]
        cc = country
        dem = re.search(r"([A-Z][a-z]+)(?:['’]s)?\s+(?:[\w-]+\s+)?$", before)
        if dem:
            word = dem.group(1)
            cc = lex.references.demonyms.get(word) or _country_of_name(word, lex) or cc
        actor = lex.state_actor_by_country.get(cc or "")
        if actor:
            hits.append(_ActorHit(m.start(), m.end(), actor))
    return sorted(hits, key=lambda h: h.start)


def _country_of_name(word: str, lex: Lexicon) -> str | None:
    """'Syria' in "Syria's military" -> SY, via the demonym table."""
    for demonym, cc in lex.references.demonyms.items():
        if demonym.startswith(word) or word.startswith(demonym[:-2]):
            return cc
    return None


def _counts(text: str, s: int, e: int, lex: Lexicon, article: str, killing: bool) -> list[Count]:
    noun_kind: dict[str, CountKind] = {}
    for count_kind, nouns in lex.triggers.count_nouns.items():
        for noun in nouns:
            noun_kind.setdefault(noun.lower(), count_kind)
    out: list[Count] = []
    for m in _NUMBER.finditer(text, s, e):
        words = m.group("noun").split()
        kind: CountKind | None = None
        for n in range(len(words), 0, -1):
            for k in range(0, len(words) - n + 1):
                phrase = " ".join(words[k : k + n]).lower().strip(",.;:")
                if phrase in noun_kind:
                    kind = noun_kind[phrase]
                    break
            if kind:
                break
        if kind is None:
            continue
        if killing and kind in ("fighters", "civilians", "people"):
            kind = "killed"
        if m.group("num"):
            raw = m.group("num").replace(",", "")
            value = float(raw)
            if m.group("mult"):
                value *= 1000 if m.group("mult").lower() == "thousand" else 1_000_000
            if value >= 1900 and value <= 2100 and not m.group("q") and "," not in m.group("num"):
                continue  # a year, not a count
            qualifier = _QUALIFIERS.get(" ".join((m.group("q") or "").lower().split()), "exact")
        elif m.group("word"):
            value = _WORD_NUMBERS[" ".join(m.group("word").lower().split())]
            qualifier = _QUALIFIERS.get(" ".join((m.group("q") or "").lower().split()), "exact")
        else:
            value = _VAGUE[" ".join(m.group("vague").lower().split())]
            qualifier = "vague"
        text_span = m.group().strip()
        out.append(
            Count(
                kind=kind,
                value=int(value),
                qualifier=cast(Qualifier, qualifier),
                text=text_span,
                article=article,
            )
        )
    return out


def _ref(m: Mention) -> PlaceRef:
    assert m.place is not None
    p = m.place
    return PlaceRef(
        id=p.place_id,
        name=p.name,
        kind=p.kind,
        lat=p.lat,
        lon=p.lon,
        source=p.source,
        country=p.country,
    )


def geo_precision(ref: PlaceRef, qualifier: str | None) -> int:
    """ACLED geo_precision: 1 named place, 2 part of/near one, 3 a larger region."""
    if ref.kind in AREA_KINDS - {"area"}:
        return 3
    if qualifier or ref.kind in ("area", "district"):
        return 2
    return 1


def acled_control_code(
    actors: Actors, transfer: bool, lex: Lexicon, country: str | None
) -> tuple[str, str]:
    """ACLED's code for a control change: who gained, and how."""
    if transfer:
        return "Strategic developments", "Non-violent transfer of territory"
    gainer = lex.actors.get(actors.to or "")
    if (
        gainer is not None
        and gainer.kind == "state"
        and (country is None or gainer.country == country)
    ):
        return "Battles", "Government regains territory"
    return "Battles", "Non-state actor overtakes territory"


def _event_id(article: str, etype: str, start: int, place_ids: Sequence[str]) -> str:
    digest = hashlib.sha1(f"{article}|{etype}|{start}|{','.join(place_ids)}".encode()).hexdigest()
    return f"ev-{digest[:12]}"


_ANAPHOR_KINDS = {
    "city": {"city", "town"},
    "town": {"town", "city", "village"},
    "village": {"village", "town"},
    "camp": {"camp"},
    "district": {"district", "neighbourhood", "area"},
    "neighbourhood": {"neighbourhood", "district", "area", "camp"},
    "neighborhood": {"neighbourhood", "district", "area", "camp"},
    "region": {"region", "governorate", "desert", "area", "valley"},
}


def _antecedents(anaphor: str, candidates: list[Mention]) -> list[Mention]:
    """Places an anaphor ("the city", "the area", "there") can refer to: never a country."""
    noun = anaphor.split()[-1].lower().rstrip("s") if anaphor else ""
    kinds = _ANAPHOR_KINDS.get(noun)
    return [
        m
        for m in candidates
        if m.place is not None
        and m.place.kind != "country"
        and (kinds is None or m.place.kind in kinds)
    ]


_CAMPAIGN = re.compile(r"(?i)\b(?:offensive|campaign|operation|battling|assault)\b")


def _container(
    places: list[Mention], mentioned: list[Mention], related: Callable[[str, str], bool]
) -> Mention | None:
    """A place the article names that holds all of `places` ("Yarmouk and Tadamon": their area).

    Only origins not marked as destinations are collapsed by the caller; the
    smallest such container wins.
    """
    ids = {m.place.place_id for m in places if m.place}
    holders = [
        m
        for m in mentioned
        if m.place
        and m.place.kind != "country"
        and m.place.place_id not in ids
        and all(related(i, m.place.place_id) for i in ids)
    ]
    holders = [
        h
        for h in holders
        if not any(
            o is not h and o.place and h.place and related(o.place.place_id, h.place.place_id)
            for o in holders
        )
    ]
    return holders[0] if holders else None


def _fold_casualties(made: dict[tuple[str, tuple[str, ...]], Event]) -> list[Event]:
    """Deaths told with a fight or strike at the same place are that event's numbers."""
    events = list(made.values())
    others = [e for e in events if e.event_type != "casualties"]
    out = list(others)
    for ev in events:
        if ev.event_type != "casualties":
            continue
        host = next((o for o in others if o.place and ev.place and o.place.id == ev.place.id), None)
        if host is None:
            out.append(ev)
            continue
        i = out.index(host)
        claims = [*host.count_claims, *[c for c in ev.count_claims if c not in host.count_claims]]
        counts = {**ev.counts, **host.counts}
        out[i] = host.model_copy(update={"count_claims": claims, "counts": counts})
        others[others.index(host)] = out[i]
    return out


#: Event types that a sentence may report without naming the place, when the
#: story is plainly about one place ("civilians were evacuated during a brief
#: ceasefire" in a story about one besieged district).
_STORY_TYPES = frozenset({"evacuation", "ceasefire", "other"})


_INDEFINITE_PLACE = re.compile(r"(?i)\b(?:from|in|at|near|to|toward)\s+(?:an?|another|some)\s+\w+")
_PAST_EVENT_VERB = re.compile(r"(?i)^(?:\w+ed|left|fled|took|bussed\s+out|bused\s+out)$")


def _story_trigger(trig: _Trigger, text: str, cs: int, ce: int) -> bool:
    """Whether a placeless trigger may take the story's place (a told event, not a topic)."""
    if trig.etype not in _STORY_TYPES or _INDEFINITE_PLACE.search(text, cs, ce):
        return False
    if trig.etype == "evacuation":
        return bool(_PAST_EVENT_VERB.match(trig.text.strip()))
    return True


def _same_report(a: Event, b: Event) -> bool:
    return a.event_type == b.event_type and a.sources[0].start == b.sources[0].start


def _story_focus(events: list[Event], mentioned: list[Mention]) -> Mention | None:
    """The place the story so far is about: the most frequent place of its events (two or more)."""
    counts: dict[str, int] = {}
    for ev in events:
        ref = ev.place or ev.origin
        if ref is not None and ref.kind != "country":
            counts[ref.id] = counts.get(ref.id, 0) + 1
    if not counts:
        return None
    best, n = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if n < 2:
        return None
    return next((m for m in mentioned if m.place and m.place.place_id == best), None)


def _anchor_mentions(
    made: dict[tuple[str, tuple[str, ...]], Event], sentence_places: list[Mention]
) -> list[Mention]:
    """The places of the events this sentence already yielded ('a deal' after 'left X')."""
    ids = [ev.place.id if ev.place else ev.origin.id if ev.origin else None for ev in made.values()]
    for pid in ids:
        for m in sentence_places:
            if m.place and m.place.place_id == pid:
                return [m]
    return []


_TO_WORDS = frozenset({"to", "toward", "towards", "into", "for", "reached", "reach", "reaching"})
_FROM_WORDS = frozenset({"from", "out", "left", "leave", "leaving", "fled", "flee", "fleeing"})
_LAST_WORDS = re.compile(r"(?i)([a-z]+)\s+(?:the\s+|a\s+)?(?:[\w’'-]+\s+){0,4}$")


def _end_of_route(text: str, clause_start: int, m: Mention) -> str:
    """'destination' or 'origin': the nearest route word before the place decides."""
    before = text[max(clause_start, m.start - 60) : m.start]
    for word in reversed(re.findall(r"(?i)[a-z]+", before)[-7:]):
        low = word.lower()
        if low in _TO_WORDS or low == "heading":
            return "destination"
        if low in _FROM_WORDS or low.startswith("evacuat"):
            return "origin"
    return "origin"


def _coordinated(text: str, dests: list[Mention]) -> list[Mention]:
    """The first destination and those joined to it by 'and' / 'or' / a comma."""
    if not dests:
        return []
    out = [dests[0]]
    for prev, cur in pairwise(dests):
        if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[prev.end : cur.start]):
            out.append(cur)
        else:
            break
    return out


def _has_origin(text: str, clause_start: int, places: list[Mention]) -> bool:
    """Whether some place of the clause is marked as where people left from."""
    return any(
        _ORIGIN_CUE.search(text[max(clause_start, m.start - 40) : m.start])
        or not _DEST_CUE.search(text[max(clause_start, m.start - 40) : m.start])
        for m in places
    )


def _unrelated(a: str, b: str) -> bool:
    return False


_APPOSITION = re.compile(
    r"(?i)(?:['’]s?)?\s+(?:\w+\s+){0,2}(?:known\s+as|called|named|,\s+(?:also\s+)?known\s+as)\s+(?:the\s+)?"
)
#: Event types that can be told of a whole country (a nationwide truce or deal);
#: a strike or a battle "in Syria" is too coarse to map.
_AREA_WIDE_TYPES = frozenset({"ceasefire", "agreement"})
#: Control verbs whose subject is the side that lets the place go.
_GIVING = frozenset(
    {
        "handed over",
        "hand over",
        "withdrew from",
        "withdrawn from",
        "pulled out of",
        "pullback",
        "retreated from",
        "surrendered",
    }
)
_NOUN_MODIFIER = re.compile(r"(?i)\s+(?:deals?|agreements?|talks|plans?|orders?|routes?|process)\b")
_RELATIVE_TO = re.compile(
    r"(?i)\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of\s+(?:the\s+)?$"
)
_LOCATIVE = re.compile(r"(?i)\b(?:in|across|inside|into|throughout|on|over)\s+(?:\w+\s+){0,3}$")


def _locations(
    text: str, places: list[Mention], etype: EventType, related: Callable[[str, str], bool]
) -> list[Mention]:
    """The places an event can be at: the most specific, countries only as a last resort."""
    kept = [
        m
        for m in places
        if m.place is not None
        and m.place.kind != "country"
        and not _RELATIVE_TO.search(text[max(0, m.start - 30) : m.start])
    ]
    if etype == "evacuation":
        # A country can be where people went ("left for Egypt", "flew to Djibouti").
        kept += [
            m
            for m in places
            if m.place is not None
            and m.place.kind == "country"
            and _DEST_CUE.search(text[max(0, m.start - 40) : m.start])
        ]
        kept.sort(key=lambda m: m.start)
    elif not kept and etype in _AREA_WIDE_TYPES:
        kept = [
            m
            for m in places
            if m.place is not None and _LOCATIVE.search(text[max(0, m.start - 30) : m.start])
        ]
    kept = [
        m
        for i, m in enumerate(kept)
        if not (i + 1 < len(kept) and _APPOSITION.fullmatch(text[m.end : kept[i + 1].start]))
    ]
    ids = {m.place.place_id for m in kept if m.place}
    specific = [
        m
        for m in kept
        if m.place and not any(o != m.place.place_id and related(o, m.place.place_id) for o in ids)
    ]
    return specific


def extract_events(
    article: Article,
    mentions: list[Mention],
    lex: Lexicon,
    country: str | None,
    related: Callable[[str, str], bool] = _unrelated,
) -> tuple[list[Event], list[Mention], list[Denial]]:
    """Events of one article; mentions come back with incident roles set."""
    text = article.text
    sentences = article.sentences
    starts = [s for s, _ in sentences]
    usable = [m for m in mentions if m.place is not None and m.role not in _ROLES_WITHOUT_EVENTS]
    by_sentence: dict[int, list[Mention]] = {}
    for m in usable:
        by_sentence.setdefault(m.sentence, []).append(m)

    triggers_by_sentence: dict[int, list[_Trigger]] = {}
    for trig in _triggers(text, lex):
        si = bisect.bisect_right(starts, trig.start) - 1
        if si >= 0 and trig.start < sentences[si][1]:
            triggers_by_sentence.setdefault(si, []).append(trig)

    events: list[Event] = []
    denials: list[Denial] = []
    last_places: list[Mention] = []
    last_event_places: list[Mention] = []
    pending: list[
        tuple[_Trigger, tuple[int, int], tuple[int, int], Evidence, Sequence[TimeExpression], float]
    ] = []
    last_attribution: str | None = None
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
        triggers = triggers_by_sentence.get(si, [])
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
        hedged = lex.hedge_re.search(text, s, e) is not None
        made: dict[tuple[str, tuple[str, ...]], Event] = {}
        for trig in triggers:
            tcs, tce = _clause(s, sentence, trig.start)
            if _is_irrealis(text, trig.start, trig.end, lex, tcs, tce):
                continue
            tl = trig.text.lower()
            if trig.etype == "evacuation" and _NOUN_MODIFIER.match(text, trig.end):
                continue  # "evacuation deals": a kind of deal, not an evacuation
            if trig.etype == "evacuation" and tl in _MOVE_WORDS:
                if _DEAD_AFTER.match(text, trig.end) and tl.startswith("left"):
                    continue
                cs, ce = _clause(s, sentence, trig.start)
                has_dest = any(
                    _DEST_CUE.search(text[max(cs, m.start - 40) : m.start])
                    for m in sentence_places
                    if cs <= m.start < ce
                )
                if not (
                    _EVACUEE.search(text, cs, ce) or has_dest or _actors(text, cs, ce, lex, country)
                ):
                    continue
            cs, ce = _clause(s, sentence, trig.start)
            places = _locations(
                text, [m for m in sentence_places if cs <= m.start < ce], trig.etype, related
            )
            confidence = lex.triggers.event_types[trig.etype].confidence
            via_anaphor = False
            anaphor = _ANAPHOR.search(text, cs, ce)
            if anaphor and any(
                t is not trig and 0 <= anaphor.start() - t.end <= 8 for t in triggers
            ):
                anaphor = None  # "the attack there": the place of another happening
            antecedents = _antecedents(
                anaphor.group() if anaphor else "",
                [m for m in sentence_places if m.start < cs] or last_event_places or last_places,
            )
            if (
                anaphor
                and antecedents
                and (
                    not places or (trig.etype == "evacuation" and not _has_origin(text, cs, places))
                )
            ):
                places = [antecedents[-1], *places]
                via_anaphor = True
                confidence -= 0.1
            if not places:
                anchors = _anchor_mentions(made, usable)
                if anchors:
                    places = anchors
                    confidence -= 0.1
                elif sentence_places:
                    places = _locations(text, sentence_places, trig.etype, related)
                    confidence -= 0.15
            if not places and _story_trigger(trig, text, cs, ce):
                pending.append((trig, (s, e), (cs, ce), evidence, timexes, confidence - 0.2))
            if not places:
                continue
            if len(places) > 1 and (
                (trig.etype == "evacuation" and not via_anaphor)
                or (trig.etype == "clashes" and _CAMPAIGN.search(trig.text))
            ):
                outer = _container(places, usable, related)
                if outer is not None:
                    places = [outer]
            event = _build(
                trig,
                places,
                article,
                lex,
                country,
                (s, e),
                (cs, ce),
                evidence,
                timexes,
                confidence - (0.15 if hedged else 0.0) + (0.1 if attribution else 0.0),
                via_anaphor,
            )
            for ev in event:
                key = (
                    ev.event_type,
                    tuple(sorted(r.id for r in (ev.place, ev.origin, ev.destination) if r)),
                )
                if key not in made:
                    made[key] = ev
        events.extend(_fold_casualties(made))
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
                True,
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


_PART_OF = (
    r"(?:neighbou?rhoods?|districts?|parts?|areas?|suburbs?|quarters?|pocket|enclave)\s+"
    r"(?:in|of)\s+(?:the\s+)?(?:\w+\s+)?{name}\b|{name}(?:['’]s?)?\s+(?:\w+\s+)?"
    r"(?:strongholds?|neighbou?rhoods?|districts?|pocket|enclave|suburbs?)\b"
)


def _focus_within(
    city: str, places: list[Mention], related: Callable[[str, str], bool]
) -> Mention | None:
    """The one part of `city` that holds every other part the article names."""
    inside = {m.place.place_id: m for m in places if m.place and related(m.place.place_id, city)}
    tops = [pid for pid in inside if all(other == pid or related(other, pid) for other in inside)]
    return inside[tops[0]] if len(tops) == 1 else None


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
            if not re.search(_PART_OF.format(name=re.escape(ref.name)), quote, re.IGNORECASE):
                continue
            focus = _focus_within(ref.id, places, related)
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


def _build(
    trig: _Trigger,
    places: list[Mention],
    article: Article,
    lex: Lexicon,
    country: str | None,
    sentence_span: tuple[int, int],
    clause: tuple[int, int],
    evidence: Evidence,
    timexes: Sequence[TimeExpression],
    confidence: float,
    via_anaphor: bool,
) -> list[Event]:
    text = article.text
    s, e = sentence_span
    cs, ce = clause
    actors = _actors(text, cs, ce, lex, country)
    killing = trig.etype == "casualties" or bool(re.search(r"(?i)\b(?:dead|killed)\b", text[cs:ce]))
    counts = _counts(
        text,
        cs if trig.etype != "evacuation" else s,
        ce if trig.etype != "evacuation" else e,
        lex,
        article.meta.id,
        killing,
    )
    best_counts: dict[str, int] = {}
    for c in counts:
        if c.qualifier == "vague":
            continue  # "thousands" is kept as a claim, never shown as a number
        best_counts[c.kind] = (
            best_counts.get(c.kind, 0) + c.value
            if c.kind == "killed"
            else max(best_counts.get(c.kind, 0), c.value)
        )
    date, date_text, tp = _date(timexes, trig.start - s, (cs - s, ce - s), article)
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
        origin: Mention | None = places[0] if via_anaphor else None
        dests: list[Mention] = []
        for m in places[1:] if via_anaphor else places:
            if _end_of_route(text, cs, m) == "destination":
                dests.append(m)
            elif origin is None:
                origin = m
        evacuees = sorted({h.actor for h in actors if lex.actors[h.actor].kind != "state"})
        if _FIGHTERS.search(text, cs, ce) and not any(a != "civilians" for a in evacuees):
            evacuees = sorted({*evacuees, "fighters"})
        if not evacuees and re.search(
            r"(?i)\b(?:civilians|women|children|families|residents|people)\b", text[cs:ce]
        ):
            evacuees = ["civilians"]
        o = _ref(origin) if origin else None
        routes: list[Event] = []
        # "flew out to Ethiopia and Djibouti": one route per destination.
        ends: list[Mention | None] = [*_coordinated(text, dests)] or [None]
        for dest in ends:
            d = _ref(dest) if dest else None
            if o and d and o.id == d.id:
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
                    actors=Actors(
                        evacuees=evacuees,
                        by=sorted({h.actor for h in actors if lex.actors[h.actor].kind == "state"}),
                    ),
                    geo_precision=geo_precision(_ref(anchor), anchor.qualifier),
                    **base,
                )
            )
        return routes
    out: list[Event] = []
    for m in places:
        ref = _ref(m)
        if trig.etype == "control_change":
            actors_before = [h for h in actors if h.end <= trig.start]
            actors_after = [h for h in actors if h.start >= trig.end]
            held = [
                h
                for h in actors
                if _HELD_BY.match(text, h.end)
                or re.search(
                    r"(?i)\b(?:from|former)\s+(?:the\s+)?$", text[max(cs, h.start - 12) : h.start]
                )
            ]
            old = held[0].actor if held else None
            giving = trig.text.lower() in _GIVING
            if (
                giving or _PASSIVE_BEFORE.search(text[max(cs, trig.start - 20) : trig.start])
            ) and actors_before:
                old = old or actors_before[-1].actor  # "rebels handed over X", "IS was driven out"
                actors_before = []
            new_candidates = [h.actor for h in actors_before if h.actor != old] or [
                h.actor
                for h in actors_after
                if h.actor != old
                and re.search(
                    r"(?i)\b(?:to|by)\s+(?:the\s+)?$", text[max(cs, h.start - 8) : h.start]
                )
            ]
            new = new_candidates[-1] if new_candidates else None
            if new is None and country and old != lex.state_actor_by_country.get(country):
                new = None
            act = Actors(**{"from": old, "to": new, "by": [new] if new else []})
            transfer = bool(lex.transfer_re.search(text, cs, ce))
            event_type, sub = acled_control_code(act, transfer, lex, ref.country or country)
            out.append(
                Event(
                    id=_event_id(article.meta.id, trig.etype, trig.start, [ref.id]),
                    event_type="control_change",
                    place=ref,
                    actors=act,
                    geo_precision=geo_precision(ref, m.qualifier),
                    **{**base, "acled_event_type": event_type, "acled_sub_event_type": sub},
                )
            )
            continue
        by = sorted({h.actor for h in actors if h.end <= trig.start})
        against = sorted({h.actor for h in actors if h.start >= trig.end} - set(by))
        if trig.etype in ("clashes", "ceasefire"):
            by, against = sorted({h.actor for h in actors}), []
        if re.search(r"(?i)\b(?:chemical|gas|poison)\b", text[cs:ce]) and trig.etype in (
            "attack",
            "airstrike",
        ):
            base = {
                **base,
                "acled_event_type": "Explosions/Remote violence",
                "acled_sub_event_type": "Chemical weapon",
            }
        out.append(
            Event(
                id=_event_id(article.meta.id, trig.etype, trig.start, [ref.id]),
                event_type=trig.etype,
                place=ref,
                actors=Actors(by=by, against=against),
                geo_precision=geo_precision(ref, m.qualifier),
                **base,
            )
        )
    return out


def _date(
    timexes: Sequence[TimeExpression], rel: int, clause: tuple[int, int], article: Article
) -> tuple[dt.date | None, str | None, Literal[1, 2, 3]]:
    """The date the trigger's own clause gives; else the article's (week precision).

    A time expression in another clause of the sentence dates another
    happening ("samples were collected on Saturday, two weeks after the
    attack"), so it is not borrowed: the date is then unknown.
    """
    usable = [t for t in timexes if t.relation not in ("clock", "future", "since")]
    inside = [t for t in usable if clause[0] <= t.start < clause[1]]
    pool = [t for t in inside if t.date is not None] or inside
    if pool:
        best = min(pool, key=lambda t: abs(t.start - rel))
        return best.date, best.text, best.precision
    if usable:
        return None, None, 3
    return article.meta.published, None, 2
