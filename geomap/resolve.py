"""Which place a name means, and what part the place plays in the story.

Resolution ranks a name's candidates by cues a reader uses: a kind word
next to it ("the Yarmouk camp" vs "the Yarmouk valley"), the article's
country (the country most of its unambiguous places and demonyms point
to), and spatial coherence (the candidate nearest the article's other
places).  Every mention keeps the alternatives it beat and why.

Roles come from the sentence around the name: a dateline at the head of
the story, a speaker's seat ("In Tehran, the spokesman said"), an
organisation's base ("the Britain-based Observatory"), a government named
by its capital or country ("Washington", "Tehran appeared to reject").
Those never carry events; the events stage promotes the rest to incident
sites when an event is tied to them.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz

from geomap.airfields import AIRFIELD_AFTER, Airfield, AirfieldIndex, mentions_airfield
from geomap.geo import COMPASS_BEARINGS, near_km, offset
from geomap.lexicon import Lexicon, actor_for, names_a_people
from geomap.models import (
    AREA_KINDS,
    ELSEWHERE_ROLES,
    PART_MARK,
    Candidate,
    Mention,
    MentionRole,
    Place,
    whole_of,
)
from geomap.names import fold, name_key
from geomap.toponyms import (
    DISTANCE,
    REST_OF_SUBDIVISION_LIST,
    STATE_CONTEXT,
    TAKEN_CONTEXT,
    NameIndex,
    Token,
    UnknownName,
    direction_before,
    find_capitalised_runs,
    find_indirect,
    find_unknown_names,
    match_names,
    named_for_water,
    names_an_outlet,
    possessive_direction,
)


class PlaceSource(Protocol):
    """What resolution needs of the curated gazetteer."""

    def get(self, place_id: str) -> Place | None: ...
    def lookup(self, name: str) -> list[Place]: ...
    def with_geonames_id(self, geonames_id: int) -> Place | None: ...
    def to_candidate(self, place: Place, score: float = 0.0, reason: str = "") -> Candidate: ...


class Fallback(Protocol):
    """What resolution needs of GeoNames (or any long-tail geocoder)."""

    def lookup(
        self, name: str, countries: Sequence[str] = (), limit: int = 10
    ) -> list[Candidate]: ...

    def near_country(self, lat: float, lon: float, country: str, km: float) -> bool: ...

    def side_of(self, country: str, side: str) -> tuple[float, float] | None: ...

    def capital(self, country: str) -> Candidate | None: ...

    def is_capital(self, place: Candidate) -> bool: ...


_KIND_CUES: dict[str, tuple[str, ...]] = {
    "camp": ("camp",),
    "valley": ("valley", "river", "basin"),
    "river": ("river",),
    "neighbourhood": ("neighbourhood", "neighborhood", "district", "quarter"),
    "district": ("district",),
    "desert": ("desert", "badia"),
    "governorate": ("province", "governorate"),
    "region": ("region", "countryside", "oblast"),
    # GeoNames' places are cities or towns by population alone (100,000), a line
    # the news does not draw: "Tank city" is a town of 38,000 in Pakistan.
    "city": ("city", "town"),
    "town": ("town", "city"),
    "village": ("village",),
}
_KIND_CUE_PATTERNS = {
    kind: re.compile(r"\b(?:" + "|".join(cues) + r")\b") for kind, cues in _KIND_CUES.items()
}
_CUE_CACHE: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}


def _cue_patterns(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Speech verbs and metonymy cues of the lexicon, compiled once per lexicon."""
    key = id(lex)
    if key not in _CUE_CACHE:
        refs = lex.references
        speech = re.compile(r"\b(?:" + "|".join(map(re.escape, refs.speech_verbs)) + r")\b")
        cues = sorted(refs.metonymy_cues, key=len, reverse=True)
        metonymy = re.compile(r"(?i)(?:" + "|".join(map(re.escape, cues)) + r")\b")
        _CUE_CACHE[key] = (speech, metonymy)
    return _CUE_CACHE[key]


_SETTLEMENTS = frozenset({"city", "town", "village", "neighbourhood", "camp", "district"})
#: A compass word before a place, as the adjective that names that side or quarter of it.
#: "north-east" is read as "northeast" (`direction_before`).
_DIRECTION_ADJ = {
    word: side + "ern"
    for side in (
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
    )
    for word in (side, side + "ern")
}
#: "BEIRUT (AP) --", "PEMBA (Mozambique), April 2 (NNN) —", "December 1, 2024 (EL FASHER) —",
#: "BAGHDAD, Aug 5 (Reuters) -" (a bare hyphen after the agency),
#: and with a bare hyphen only after a name of capitalised words: "Pemba, Mozambique - ",
#: "CAIRO, March 8 - ".  Two places may share one: "DERA ISMAIL KHAN/PESHAWAR:".
_DATELINE = re.compile(
    r"\s*(?:(?:(?P<place>[A-Z][A-Za-z .'’/-]{1,40}?)(?:\s*\([A-Z][A-Za-z .]+\))?"
    r"(?:,\s*[A-Z][A-Za-z .]+?(?:\s+\d{1,2})?)?"
    r"|[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}\s+\((?P<inner>[A-Z][A-Za-z .'’-]{1,40})\))\s*"
    r"(?:\((?:AP|AFP|Reuters|UPI|dpa|ANSA|Xinhua|[A-Z][A-Z-]{1,20})\)\s*-(?=\s)|"
    r"(?:\((?:AP|AFP|Reuters|UPI|dpa|ANSA|Xinhua|[A-Z][A-Z-]{1,20})\)\s*)?(?:--|—|–|:))"
    r"|(?P<named>[A-Z][A-Za-z'’.-]*(?:\s+(?:(?:al|el|de|du)[- ])?[A-Z][A-Za-z'’.-]*){0,3})"
    r"(?:,\s*[A-Z][A-Za-z'’.-]*(?:\s+[A-Z][A-Za-z'’.-]*){0,2}(?:\s+\d{1,2}(?:,\s+\d{4})?)?)?"
    r"(?:\s*\((?:AP|AFP|Reuters|UPI|dpa|ANSA|Xinhua|[A-Z][A-Z-]{1,20})\))?\s+-)\s"
)
_COMPOUND = re.compile(
    r"[-‑](based|led|backed|allied|sponsored|aligned|supported|held|controlled)\b", re.I
)
#: "Standing on Route 30, a street in the camp of Yarmuk, a soldier sighed": where the
#: speaker is, up to the main clause (`cue_role` stops it at a speech word, colon or quote).
_STANDING = re.compile(
    r"(?:[^.!?]*[.!?][\"”’]?\s+)?(?P<lead>Standing|Speaking|Sitting|Talking|Writing|Reporting)\s+"
    r"(?:on|in|at|from|inside|outside|near)\s+[^.!?;]*$"
)
_QUOTE_OR_COLON = re.compile(r"[:\"“]")
#: "the Defense Ministry in Moscow confirmed", "officials in Kyiv said": a body's seat.
_BODY_IN = re.compile(
    r"(?i)\b(?:ministry|ministries|headquarters|command|government|officials?|authorities|"
    r"spokes(?:man|woman|person)|office|agency)\s+in\s+$"
)
#: A news outlet and its seat: "Africa Today News, New York reports that ...".
_OUTLET_BEFORE = re.compile(
    r"\b[A-Z][\w-]*\s+(?:News|Times|Post|Press|Radio|Television|TV|Tribune|Herald|Gazette|"
    r"Journal|Agency)\s*,\s+$"
)
_TELLS_AFTER = re.compile(
    # "the government in Asmara, the Eritrean capital 100 miles east of Barentu, said"
    r"(?i)(?:,[^,;.\"“”]{1,80},)?\s+(?:\w+\s+){0,3}?"
    r"(?:said|says|confirmed|confirms|announced|announces|stated|"
    r"reported|reports|claimed|claims|denied|denies|told|added)\b"
)


_SPEAKER_LEAD = re.compile(r"(?:^|[.!?][\"”’]?\s+|\n)\s*(?:In|From|At)\s+$")
_LOCATIVE_BEFORE = re.compile(r"(?i)\b(?:in|into|from|to|toward|towards|across|inside|of)\s+$")
_SPEAKER_AFTER = re.compile(
    r"(?i)\b(?:told\s+reporters|told\s+a\s+news\s+conference|said|speaking|news\s+conference|"
    r"press\s+conference|briefing|statement)\s+in\s+$"
)
#: "said from Yemen's capital, Sanaa", "speaking by telephone from Goma": where a speaker
#: was, unless the speaker lives there and tells of it (`_DWELLER_BEFORE`).
_SPOKE_FROM = re.compile(
    r"(?i)\b(?:said|says|told\s+\w+|speaking)\s+(?:by\s+(?:tele)?phone\s+)?from\s+"
    r"(?:(?:the\s+)?(?:[\w’'-]+['’]s\s+)?(?:[a-z]+\s+)?capital,?\s+)?$"
)
_DWELLER_BEFORE = re.compile(
    r"(?i)\b(?:residents?|inhabitants?|villagers?|witness(?:es)?|survivors?|locals?|"
    r"a\s+(?:man|woman|mother|father))\b"
)


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    surface: str
    candidates: list[Candidate]
    qualifier: str | None
    why: str


_PLACE_NOUN_AFTER = re.compile(
    r"\s+(?:city|town|village|region|capital|port|territory|soil|province|oblast|side|"
    r"desert|coast|countryside|government-held|army-held|frontline|front|airspace)\b",
    re.IGNORECASE,
)


def country_context(votes: Mapping[str, float]) -> str | None:
    """The article's country: where most of its located places and demonyms point.

    None on a tie: "a rebel army in Myanmar ... near the border with China" names
    each once, and the long tail must not be looked up in China for it.
    """
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


#: A country named as what a place lies beside, so not where it is: "near Mali", "the
#: border with Mali".
_BESIDE_BEFORE = re.compile(
    r"(?i)\b(?:near|close\s+to|border(?:s|ing)?\s+with|bordering|(?:neighbou?ring|adjacent)"
    r"(?:\s+to)?)\s+(?:the\s+)?$"
)
#: "the Mali border", "the Niger-Burkina Faso-Mali border": a border, not the country.
_BORDER_AFTER = re.compile(r"(?:-[A-Z][\w’']*(?:\s+[A-Z][\w’']*)?)*\s+border\b")


def _country_votes(
    text: str, raws: Sequence[_Raw], cues: _RoleCues, lex: Lexicon
) -> dict[str, float]:
    """Votes for the article's country.

    An unambiguous place that is not a dateline, speaker's seat, base or
    government-by-metonymy votes twice; a demonym before a place noun
    ("the Ukrainian city of") twice, any other demonym ("Russian forces")
    half, since forces travel and places do not; so does "the Ugandan border",
    which a story in Congo names as often as one in Uganda.
    """
    votes: dict[str, float] = {}
    for raw in raws:
        countries = {c.country for c in raw.candidates if c.country}
        if len(countries) != 1:
            continue
        role, _ = cues(raw.start, raw.end, raw.candidates[0])
        if role is not None:
            continue
        cc = countries.pop()
        if raw.candidates[0].kind == "country" and (
            _BESIDE_BEFORE.search(text, max(0, raw.start - 30), raw.start)
            or _BORDER_AFTER.match(text, raw.end)
        ):
            continue  # "the Tahoua region near Mali", "the Niger-Burkina Faso-Mali border"
        votes[cc] = votes.get(cc, 0.0) + (1.0 if raw.candidates[0].kind == "country" else 2.0)
    for m in lex.demonym_re.finditer(text):
        cc = lex.references.demonyms[m.group()]
        votes[cc] = votes.get(cc, 0.0) + (2.0 if _PLACE_NOUN_AFTER.match(text, m.end()) else 0.5)
    return votes


def _kind_cue_score(text: str, start: int, end: int, kind: str, said: str = "") -> float:
    """1 when a word for the candidate's kind stands beside the name, or in what else
    the text says of it (`said`: "Helmand province" for "Zabul, Kandahar and Helmand
    provinces", whose plural ends the list far from "Zabul")."""
    window = (text[max(0, start - 25) : start] + " " + text[end : end + 25] + " " + said).lower()
    pattern = _KIND_CUE_PATTERNS.get(kind)
    return 1.0 if pattern is not None and pattern.search(window) else 0.0


def rank(
    text: str,
    start: int,
    end: int,
    candidates: Sequence[Candidate],
    country: str | None,
    anchors: Sequence[tuple[float, float]],
    said: str = "",
) -> list[Candidate]:
    """Candidates best first, each with its score and the reasons for it (`said`: what
    else the text says the name is, see `_kind_cue_score`)."""
    scored: list[Candidate] = []
    most_people = max((c.population or 0 for c in candidates if c.source == "geonames"), default=0)
    surface = text[start:end]
    own_name = any(c.source == "geonames" and _by_own_name(c, surface) for c in candidates)
    any_own_name = own_name or any(_by_own_name(c, surface) for c in candidates)
    for cand in candidates:
        score = 1.0 if cand.source == "curated" else 0.4
        reasons: list[str] = [cand.source]
        if cand.source == "geonames" and most_people > (cand.population or 0):
            # A town of 24,000 is named in the news more often than a village of
            # 1,000 of the same name: each tenfold fewer people counts as 200 km.
            fewer = min(math.log10((most_people + 1) / ((cand.population or 0) + 1)), 3.0)
            score -= 0.2 * fewer
            reasons.append(f"{fewer:.1f} orders of magnitude fewer people than the largest")
        if (
            own_name
            and cand.source == "geonames"
            and cand.country != country
            and not _by_own_name(cand, surface)
        ):
            # "Diffa" is Niger's Diffa, not Deva in Romania, which some language spells
            # so: abroad, a town named so by GeoNames itself outweighs one merely
            # alternately named so as a tenfold larger population would.  In the story's
            # own country a local name is as good (Karabakh's Martuni is Khojavend).
            score -= 0.2
            reasons.append("so named only by an alternate name")
        elif cand.source == "geonames" and not any_own_name:
            # Named by an alternate name only, as every answer is: the one whose own name
            # looks like what the text wrote ("Sloviansk" is Slovyansk, though GeoNames also
            # gives the name to Nikopol, a city of the same size).
            alike = fuzz.ratio(name_key(cand.name), name_key(surface)) / 100
            score += 0.1 * alike
            reasons.append(f"its own name {alike:.0%} like the text's")
        cue = _kind_cue_score(text, start, end, cand.kind, said)
        if cue:
            score += cue
            reasons.append(f"'{cand.kind}' named beside it")
        if country and cand.country == country:
            score += 0.5
            reasons.append(f"in the article's country {country}")
        if cand.kind in _SETTLEMENTS:
            score += 0.2
            reasons.append("settlements are the usual referent")
        if anchors and len(candidates) > 1:
            dist = min(near_km(cand.lat, cand.lon, la, lo) for la, lo in anchors)
            score -= min(dist / 1000.0, 1.0)
            reasons.append(f"{dist:.0f} km from the article's other places")
        scored.append(
            cand.model_copy(update={"score": round(score, 3), "reason": "; ".join(reasons)})
        )
    # A tie keeps the order given: curated ids sorted, GeoNames places by the
    # lookup's preference (country context, then population), so the city
    # of 700,000 wins over a hamlet that has its spelling as primary name.
    return sorted(scored, key=lambda c: -c.score)


def _hyphenated(direction: str) -> str:
    """'northeastern' as 'north-eastern' (the four sides as they are)."""
    for side in ("north", "south"):
        if direction.startswith(side) and len(direction) > len(side):
            return f"{side}-{direction[len(side) :]}"
    return direction


def _by_own_name(place: Candidate, surface: str) -> bool:
    """Whether the text calls a place by the name GeoNames gives it, not by one of its
    alternate names (spelling variants aside: the names' keys are compared)."""
    return name_key(place.name) == name_key(surface)


def _qualified(
    gaz: PlaceSource, direction: str, base: Candidate, surface: str | None = None
) -> Candidate | None:
    """'southern Damascus' as a curated place of its own, if the gazetteer has one."""
    adj = _DIRECTION_ADJ.get(direction, direction)
    names = [base.name] + ([surface] if surface and surface != base.name else [])
    words = [adj, adj.removesuffix("ern")]
    # "north-eastern Syria" as well as "northeastern Syria"
    words += [_hyphenated(w) for w in words if _hyphenated(w) != w]
    forms = [f"{a} {n}" for n in names for a in words]
    for form in forms:
        for place in gaz.lookup(form):
            if place.parent == base.place_id or place.country == base.country:
                return gaz.to_candidate(place, 1.0, f"'{form}' is a curated area")
    return None


def _with_direction(
    text: str,
    gaz: PlaceSource,
    cand: Candidate,
    start: int,
    surface: str | None,
    fallback: Fallback | None,
) -> tuple[Candidate, int, str | None]:
    """'southern X' / 'south of X': the curated area it names, or X with the direction kept.

    Returns the place, where the mention now starts, and the direction when it
    stayed a qualifier (None when the area was found or no direction was given).
    """
    direction = direction_before(text, start)
    if not direction or direction[0] not in _DIRECTION_ADJ:
        prefix = _POSITION_BEFORE.search(text, max(0, start - 12), start)
        if prefix is None:
            return cand, start, None
        named = _position_named(text, prefix.start(), start, surface or cand.name, cand, fallback)
        return (named, prefix.start(), None) if named else (cand, start, None)
    area = _qualified(gaz, direction[0], cand, surface)
    if area is not None:
        return area, direction[1], None
    named = _position_named(text, direction[1], start, surface or cand.name, cand, fallback)
    if named is not None:
        return named, direction[1], None
    if _lies_outside(text, direction[1], start):
        return cand, start, f"{direction[0]} of"
    if (
        surface
        and _subdivision_word_after(text, start + len(surface))
        and _on_that_side(cand, direction[0], fallback)
    ):
        # "the western Farah province", "eastern Laghman province": where in its country
        # the province lies, not a half of it.
        return cand, direction[1], None
    part = part_of(cand, direction[0], fallback)
    if part is not None:
        return part, direction[1], direction[0]
    return cand, start, direction[0]


#: A place-like context that says the name is a subdivision's: "Farah province".
_OF_A_SUBDIVISION = re.compile(r"(?i)\b(?:province|governorate|oblast|region)$")
#: A word for a subdivision after its name: "Farah province", "Donetsk region".
_SUBDIVISION_WORD_AFTER = re.compile(
    r"\s+(?:province|region|governorate|oblast|state|district|county|prefecture)\b", re.IGNORECASE
)


def _subdivision_word_after(text: str, end: int) -> bool:
    """Whether a word for a subdivision follows a name, or ends a list it opens: "Farah
    province", "the Donetsk and Luhansk regions" (both are oblasts, not cities)."""
    return bool(
        _SUBDIVISION_WORD_AFTER.match(text, end) or REST_OF_SUBDIVISION_LIST.match(text, end)
    )


_OPPOSITE_SIDE = {
    "north": "south",
    "east": "west",
    "northeast": "southwest",
    "northwest": "southeast",
}
_OPPOSITE_SIDE |= {b: a for a, b in _OPPOSITE_SIDE.items()}


def _on_that_side(place: Candidate, direction: str, fallback: Fallback | None) -> bool:
    """Whether a subdivision lies on the side of its country that a compass word names:
    nearer the middle of the country's settlements on that side than on the other."""
    adj = _DIRECTION_ADJ.get(direction)
    if adj is None or fallback is None or not place.country or place.kind not in AREA_KINDS:
        return False
    side = adj.removesuffix("ern")
    here = fallback.side_of(place.country, side)
    there = fallback.side_of(place.country, _OPPOSITE_SIDE[side])
    if here is None or there is None:
        return False
    return near_km(place.lat, place.lon, *here) < near_km(place.lat, place.lon, *there)


def _lies_outside(text: str, direction_start: int, start: int) -> bool:
    """Whether the direction words before a place put the event beyond it: "south of X"
    lies outside X; "the south of X" is its southern half, unless "to" leads it in ("the
    towns to the east of Kombolcha" lie beyond it)."""
    words = text[direction_start:start].lower()
    if " of" not in words:
        return False
    return (
        not words.startswith("the ")
        or _TO_BEFORE.search(text, max(0, direction_start - 4), direction_start) is not None
    )


_TO_BEFORE = re.compile(r"(?i)\bto\s+$")


#: "West Darfur", "North Sinai", "Central Darfur": a capitalised word of position that
#: is part of a name.
_POSITIONS = r"(?:Central|Upper|Lower|Middle|Greater|Inner|Outer|Old|New|Great|Little)\s+"
_POSITION_WORD = re.compile(r"(?:North|South|East|West)(?:ern)?\s+|" + _POSITIONS)
_POSITION_BEFORE = re.compile(r"(?<![\w-])" + _POSITIONS + "$")


def _position_named(
    text: str,
    direction_start: int,
    start: int,
    surface: str,
    cand: Candidate,
    fallback: Fallback | None,
) -> Candidate | None:
    """A place whose own name holds the compass word, rather than a half of the place.

    "West Darfur", "Central Darfur" and "South Kordofan" are Sudan's states,
    "North Sinai" is Egypt's governorate: none is the half of Darfur,
    Kordofan or Sinai that the words would otherwise make, nor Darfur
    itself.  Only a capitalised word of position right before the name, and
    only a place of that full name in the same country, qualifies.
    """
    if fallback is None or not _POSITION_WORD.fullmatch(text, direction_start, start):
        return None
    name = text[direction_start:start] + surface
    return next(
        (
            c.model_copy(update={"score": 1.0, "reason": f"{c.reason}; '{name}' is its own name"})
            for c in fallback.lookup(name, [cand.country] if cand.country else [], 5)
            if c.country == cand.country and _by_own_name(c, name)
        ),
        None,
    )


def _directed(
    text: str,
    gaz: PlaceSource,
    fallback: Fallback | None,
    cand: Candidate,
    span: tuple[int, int],
    surface: str,
) -> tuple[Candidate, int, str | None]:
    """`_with_direction`, or else the part a possessive names ("Hodeidah's southern suburbs")."""
    start, end = span
    best, new_start, qualifier = _with_direction(text, gaz, cand, start, surface, fallback)
    if new_start == start and qualifier is None:
        qualifier = possessive_direction(text, end)
        if qualifier:
            area = _qualified(gaz, qualifier, best, surface)
            best = area or part_of(best, qualifier, fallback) or best
            qualifier = None if area else qualifier
        else:
            qualifier = _near(text, start)
    return best, new_start, qualifier


def _near(text: str, start: int) -> str | None:
    """ "near" when the words before a place only say the event is close to it."""
    return "near" if _NEAR_BEFORE.search(text, max(0, start - 90), start) else None


#: "a town near Mogadishu", "close to the capital X", "50 km (30 miles) from X":
#: the place only says where the event is.
_NEAR_BEFORE = re.compile(
    r"(?i)(?<![\w-])(?:near|close\s+to|outside|" + DISTANCE + r"(?:away\s+from|from|outside|of))\s+"
    # "15 km away from the Ukrainian-held logistics hub of Pokrovsk"
    r"(?:the\s+)?(?:(?:[\w-]+\s+){0,3}?(?:capital|city|town|village|port|hub|stronghold|"
    r"provincial\s+capital)(?:\s+of)?\s+)?$"
)


#: Where "northern X" is drawn: X is taken as a disc of radius r, and its
#: northern half has its centroid 4r/3pi (0.42 r) north of the centre.
_HALF_DISC_CENTROID = 4 / (3 * math.pi)
#: A quarter disc ("north-eastern X") has its centroid 4r/3pi along each of its two
#: sides, so sqrt(2) times as far out (0.60 r).
_QUARTER_DISC_CENTROID = math.sqrt(2) * _HALF_DISC_CENTROID
_BEARINGS = {f"{side}ern": bearing for side, bearing in COMPASS_BEARINGS.items()}
#: A settlement's radius from its population when none is curated: a disc at
#: a common urban density (people per km2).  Mosul, 1.7 M, comes out at 10 km.
_URBAN_DENSITY = 5_000.0
#: Radii for places with neither a curated radius nor a population.
_KIND_RADIUS_KM = {"region": 60.0, "governorate": 60.0, "district": 3.0, "city": 5.0, "town": 2.0}


def extent_km(place: Candidate) -> float:
    """About how far a place reaches from its point, in km (a guess unless curated)."""
    if place.radius_km:
        return place.radius_km
    if place.population and place.kind not in AREA_KINDS:
        return min(30.0, max(1.0, math.sqrt(place.population / (math.pi * _URBAN_DENSITY))))
    return _KIND_RADIUS_KM.get(place.kind, 1.0)


def part_of(place: Candidate, direction: str, settlements: Fallback | None) -> Candidate | None:
    """'northern Gaza', 'Hodeidah's southern neighbourhoods': that half of the place;
    'north-eastern Nigeria': that quarter of it.

    A site of its own, so a route from western to eastern Mosul is a route
    and an evacuation order for northern Gaza is not drawn on Gaza City; it
    lies within the place, so reports of the two still merge.  None when the
    direction is no compass side ("central") or the place is already a part.
    """
    adj = _DIRECTION_ADJ.get(direction)
    if adj is None or PART_MARK in place.place_id:
        return None
    side = adj.removesuffix("ern")
    share = "quarter" if _BEARINGS[adj] % 90 else "half"
    centre = None
    if place.kind == "country" and place.country and settlements is not None:
        # A country is no disc ("southern Yemen" is Aden's coast, not the
        # desert south of Yemen's centre): the middle of its settlements on that side.
        centre = settlements.side_of(place.country, side)
    if centre is not None:
        lat, lon = centre
        where = f"drawn among the {adj} {share} of its GeoNames settlements"
    else:
        centroid = _QUARTER_DISC_CENTROID if share == "quarter" else _HALF_DISC_CENTROID
        reach = centroid * extent_km(place)
        lat, lon = offset(place.lat, place.lon, reach, _BEARINGS[adj])
        where = f"drawn {reach:.0f} km {side} of its point"
    return place.model_copy(
        update={
            "place_id": f"{place.place_id}{PART_MARK}{side}",
            "name": f"{adj} {place.name}",
            "kind": "region" if place.kind in AREA_KINDS - {"area"} else "area",
            "lat": lat,
            "lon": lon,
            "geonames_id": None,
            "population": None,
            "radius_km": None,
            "reason": f"{place.reason}; the {adj} {share} of {place.name}, {where}",
        }
    )


#: A word that makes a country's name part of a city's: "Port Sudan", "Kuwait City".
_CITY_WORD_BEFORE = re.compile(r"\b(?P<word>Port|Fort|Cape|New|Saint|San|Santo|St\.?)\s+$")
_CITY_WORD_AFTER = re.compile(r"\s+(?:City|Town|Ville)\b")


_ACCORDING_TO = re.compile(r"(?i)\baccording\s+to\s+(?:the\s+)?$")


def _city_named_for(
    text: str, start: int, end: int, cands: Sequence[Candidate], fallback: Fallback
) -> _Raw | None:
    """The city whose name holds a country's ("Port Sudan", "Kuwait City"), when GeoNames
    knows it: the country's name alone is no place of the story."""
    if not cands or any(c.kind != "country" for c in cands):
        return None
    spans = []
    if after := _CITY_WORD_AFTER.match(text, end):
        spans.append((start, after.end()))
    if before := _CITY_WORD_BEFORE.search(text, max(0, start - 8), start):
        spans.append((before.start("word"), end))
    for s, e in spans:
        surface = text[s:e]
        if found := _geonames_place_named(fallback, surface, 5):
            return _Raw(s, e, surface, [found], None, "GeoNames: a city named for its country")
    return None


#: The kinds a curated name before "region" may have and still be read as the region: a
#: town's or a city's (not `_SETTLEMENTS`, which also holds camps and districts).
_TOWN_KINDS = frozenset({"city", "town", "village"})


def _region_named_for(
    text: str, end: int, surface: str, cands: Sequence[Candidate], fallback: Fallback
) -> Candidate | None:
    """The subdivision named for a curated city, when the text says it is one: "the entire
    Kyiv region" is Kyiv oblast, not the city ("Aleppo province", curated, is curated)."""
    if not cands or any(c.kind not in _TOWN_KINDS for c in cands):
        return None
    if not _subdivision_word_after(text, end):
        return None
    countries = {c.country for c in cands if c.country}
    region = next(
        (
            c
            for c in fallback.lookup(surface, sorted(countries), 20)
            if c.source == "regions" and c.country in countries
        ),
        None,
    )
    if region is None:
        return None
    reason = f"{region.reason}; '{surface}' before a word for a subdivision names it"
    return region.model_copy(update={"score": 1.0, "reason": reason})


def _geonames_place_named(fallback: Fallback, surface: str, limit: int) -> Candidate | None:
    """The best of GeoNames' first `limit` answers whose own name is `surface`, not a
    country (a name that only sounds alike, or an alternate name, does not count)."""
    return next(
        (
            c
            for c in fallback.lookup(surface, [], limit)
            if c.kind != "country" and _by_own_name(c, surface)
        ),
        None,
    )


#: One to three more capitalised words right after a name: "Dera" in "Dera Ismail Khan".
_MORE_NAME_AFTER = re.compile(r"(?:\s(?:(?:al|el|ad|ar|as|ash|at|az)-)?[A-Z][\w'’]*){1,3}")
_NON_SPACE = re.compile(r"\S+")
#: Words after a name that say what it is, not more of its name ("Homs Governorate").
_NOT_MORE_NAME = frozenset(
    {
        "city",
        "town",
        "village",
        "camp",
        "province",
        "governorate",
        "district",
        "region",
        "state",
        "oblast",
        "county",
        "airport",
        "university",
        "river",
        "valley",
        "mountains",
        "desert",
    }
)


def _longer_name(text: str, start: int, end: int, fallback: Fallback) -> _Raw | None:
    """A populated place GeoNames knows by the whole run of capitalised words that a
    curated name only opens: "Dera Ismail Khan" is a Pakistani city, not Daraa + words."""
    more = _MORE_NAME_AFTER.match(text, end)
    if more is None:
        return None
    words = list(_NON_SPACE.finditer(text, end, more.end()))
    if words[0].group().lower() in _NOT_MORE_NAME:
        return None
    for word in reversed(words):  # the longest name first
        surface = text[start : word.end()]
        if found := _geonames_place_named(fallback, surface, 3):
            why = "GeoNames: a longer name than the curated one"
            return _Raw(start, word.end(), surface, [found], None, why)
    return None


#: A name set beside a reference, between commas: "captured the capital, Sanaa, and ...".
_APPOSED_NAME = re.compile(
    r",\s+(?P<name>(?:[A-Z][\w'’-]*\s+){0,2}[A-Z][\w'’-]*)(?=\s*[,.;]|\s+and\b)"
)


def _apposed_capital(text: str, end: int, fallback: Fallback | None) -> bool:
    """Whether a capital's own name follows "the capital" as its apposition.

    Then the name tells which place is meant, and the reference, guessed from
    the story's country, could only be wrong or the same ("the capital, Sanaa"
    in a story that also names Saudi Arabia was Riyadh).  "in the capital,
    Ahmed, a resident, said" keeps it: what follows is no capital's name.
    """
    m = _APPOSED_NAME.match(text, end)
    if m is None:
        return False
    # A capital's name: a person's ("Ahmed") may be some town's alternate name.
    return fallback is not None and any(
        fallback.is_capital(c) for c in fallback.lookup(m.group("name"))
    )


def resolve_mentions(
    article_id: str,
    text: str,
    sentences: Sequence[tuple[int, int]],
    tokens_by_sentence: Sequence[Sequence[Token]],
    index: NameIndex,
    gaz: PlaceSource,
    lex: Lexicon,
    fallback: Fallback | None = None,
) -> tuple[list[Mention], list[str], str | None]:
    """All place mentions of an article, resolved, with role cues applied.

    Returns the mentions, the names nobody could resolve, and the article's
    country context.
    """
    raws: list[tuple[int, _Raw]] = []
    # "Haram" in "Boko Haram", "Iraq" in "Islamic State in Iraq": part of a party's name.
    party_names = [(m.start(), m.end()) for m in lex.actor_re.finditer(text)]
    for si, toks in enumerate(tokens_by_sentence):
        for m in match_names(text, toks, index):
            if any(s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in party_names):
                continue
            if named_for_water(text, m.start):
                continue  # "Lake Chad" is no country, "the Gulf of Aden" no city
            if names_an_outlet(text, m.start, m.end):
                continue  # "Agence France-Presse", "the Kyiv Independent": who reports
            cands = [
                gaz.to_candidate(p) for p in (gaz.get(pid) for pid in m.place_ids) if p is not None
            ]
            city = (
                _city_named_for(text, m.start, m.end, cands, fallback)
                or _longer_name(text, m.start, m.end, fallback)
                if fallback
                else None
            )
            region = (
                _region_named_for(text, m.end, m.surface, cands, fallback)
                if fallback and city is None
                else None
            )
            if city is not None:
                raws.append((si, city))  # "Port Sudan", "Kuwait City": the city, not the country
            elif region is not None:
                raws.append((si, _Raw(m.start, m.end, m.surface, [region], None, region.reason)))
            elif cands:
                raws.append((si, _Raw(m.start, m.end, m.surface, cands, None, "gazetteer name")))
    first_sentence = sentences[0] if sentences else (0, 0)
    cues = _RoleCues(text, first_sentence, lex, fallback)
    votes = _country_votes(text, [r for _, r in raws], cues, lex)
    country = country_context(votes)
    # Places with one candidate, no country: sure, and each says where the story is.
    sure = [r for _, r in raws if len(r.candidates) == 1 and r.candidates[0].kind != "country"]
    anchors = [(r.candidates[0].lat, r.candidates[0].lon) for r in sure]
    # Every unambiguous place bounds how far the long tail may stray: a
    # country by its territory (unless it stands for its government), any
    # other place by its point.
    reach = {
        r.candidates[0].country: BORDER_KM
        for _, r in raws
        if len(r.candidates) == 1
        and r.candidates[0].kind == "country"
        and r.candidates[0].country
        and cues(r.start, r.end, r.candidates[0])[0] != "metonymy"
    }
    # A people the story names is at home in its country: "Ukrainian troops
    # entered Kherson" in a story that names only Russia is still in Ukraine.
    peoples = {lex.references.demonyms[m.group()] for m in lex.demonym_re.finditer(text)}
    # So is a party of one country the story names by its own name: "Yemen's Houthi
    # rebels" set a story on US and British strikes in Yemen (the Islamic State,
    # at home in three, sets none).
    parties = {actor_for(lex, text[s:e], None) for s, e in party_names}
    for actor in sorted(a for a in parties if a):
        if len(lex.actors[actor].home) == 1:
            peoples.update(lex.actors[actor].home)
    for home in sorted(peoples):
        reach.setdefault(home, BORDER_KM)
    # So a story whose demonyms set it in Libya is bounded by Libya's territory
    # ("al-Sabri" in a story on Benghazi is not Sebree, Kentucky).
    if not anchors and not reach and country:
        # A story that names no sure place, country or people is still set
        # somewhere: the country its places vote for bounds the long tail, loosely.
        reach = {country: FAR_KM}
    # Where a spokesman sat or a story was filed says nothing of where its
    # places lie ("the RSF seized Wad Madani, the UN said in Geneva").
    located = [
        (r.candidates[0].lat, r.candidates[0].lon)
        for r in sure
        if cues(r.start, r.end, r.candidates[0])[0] is None
    ]
    bounds = _Bounds(located, reach)

    mentions: list[Mention] = []
    unresolved: list[str] = []
    taken: list[tuple[int, int]] = []
    for si, raw in raws:
        if _stray(text, raw, country):
            continue
        ranked = rank(text, raw.start, raw.end, raw.candidates, country, anchors)
        best, start, qualifier = _directed(
            text, gaz, fallback, ranked[0], (raw.start, raw.end), raw.surface
        )
        why = raw.why if start == raw.start else f"a direction word names part of {raw.surface}"
        taken.append((start, raw.end))
        mentions.append(
            Mention(
                article=article_id,
                surface=text[start : raw.end],
                start=start,
                end=raw.end,
                sentence=si,
                place=best,
                alternatives=[c for c in ranked if c.place_id != best.place_id],
                qualifier=qualifier,
                why=why,
            )
        )

    for si, (s, e) in enumerate(sentences):
        for ref in find_indirect(text, s, e):
            if any(ts < ref.end and ref.start < te for ts, te in taken):
                continue
            if ref.noun == "capital" and _apposed_capital(text, ref.end, fallback):
                continue  # "the capital, Sanaa, and the north": the name says which
            if ref.demonym is not None and (
                ref.demonym in lex.references.regional_demonyms
                or ref.demonym not in lex.references.demonyms
            ):
                # "the Chechen capital" is Grozny, not the story's country's; nor is
                # "of the Chechen" a place-like context for a long-tail name.
                taken.append((ref.start, ref.end))
                continue
            cc = lex.references.demonyms.get(ref.demonym or "", None) or country
            if ref.possessor is not None:
                # "Yemen's capital" is Yemen's; "North Darfur's capital" or "the
                # group's capital" is no country's seat of government.
                whose = ref.possessor.lower()
                cc = country if whose in ("country", "nation") else lex.country_by_name.get(whose)
            if cc is None:
                continue
            reason = f"'{ref.surface}' in a story set in {cc}"
            if ref.noun == "capital":
                indirect = _capital(cc, gaz, lex, fallback, reason)
            else:
                pid = lex.references.generic_places.get(ref.noun, {}).get(cc)
                place = gaz.get(pid) if pid else None
                indirect = gaz.to_candidate(place, 1.0, reason) if place else None
            if indirect is None:
                continue
            cand = indirect
            cand, start, qualifier = _with_direction(text, gaz, cand, ref.start, None, fallback)
            if start == ref.start and qualifier is None:
                qualifier = _near(text, start)
            why = f"indirect reference '{ref.surface}'"
            taken.append((start, ref.end))
            mentions.append(
                Mention(
                    article=article_id,
                    surface=text[start : ref.end],
                    start=start,
                    end=ref.end,
                    sentence=si,
                    place=cand,
                    qualifier=qualifier,
                    why=why,
                )
            )

    unknown = find_unknown_names(text, sentences, taken)
    far: list[tuple[UnknownName, int, list[Candidate]]] = []
    #: Each long-tail name believed in a place-like context, by key: named elsewhere
    #: in the story outside one ("convoys fleeing Gaza City"), it is the same place
    #: (one sense per story).
    believed: dict[str, Candidate] = {}
    joined_until = -1  # the end of the last name joined with the one after "and"
    for name in unknown:
        if name.start < joined_until:
            continue  # the "Kashmir" of "Jammu and Kashmir"
        if fallback is not None and (joined := _joined_by_and(text, name, fallback)):
            name, joined_until = joined, joined.end
        if _names_only_an_actor(name.surface, lex, fallback):
            continue
        if names_a_people(lex, name.surface):
            continue  # "thousands of Palestinians": a people, not a place
        si = _sentence_of(sentences, name.start)
        # A state or province is looked for further down the list: towns come before
        # regions ("Farah province": a US town and three others are named more like it).
        subdivision = _OF_A_SUBDIVISION.search(name.context) is not None
        limit = 20 if name.context == STATE_CONTEXT or subdivision else 5
        cands = (
            fallback.lookup(name.surface, [country] if country else [], limit) if fallback else []
        )
        if subdivision:
            # the regions found further down, beside the five the others are chosen from
            cands = [c for i, c in enumerate(cands) if i < 5 or c.source == "regions"]
        cands = [
            c
            for c in cands
            if (_by_own_name(c, name.surface) or c.score > 0)
            and not (fallback and _odd_foreign_name(c, country, bounds, fallback))
        ]
        if name.context == STATE_CONTEXT:
            cands = [c for c in cands if c.source == "regions"]
            if not cands:
                continue  # "Islamic State" names no place to curate
        if fallback is None or not cands:
            if name.context != TAKEN_CONTEXT:  # "Prices fell" names nothing to curate
                unresolved.append(name.surface)
            continue
        said = name.context if subdivision else ""
        ranked = rank(text, name.start, name.end, cands, country, anchors, said)
        # In a place-like context ("the city of Kherson") the best-ranked place
        # is believed, unless it lies far from everything else the story names;
        # then the next one that does not ("the Lachin corridor" in a story on
        # Armenia is Laçın, Azerbaijan, not Letschin, Germany).
        near = _first_near(ranked, bounds, fallback, name.surface)
        if near is None:
            far.append((name, si, ranked))
        else:
            believed.setdefault(name_key(name.surface), near)
            mentions.append(
                _long_tail_mention(article_id, text, gaz, fallback, name, si, near, ranked)
            )
    # One step further: near a long-tail place believed above (Zaporizhzhia,
    # 200 km from Mariupol, in a story whose only curated place is Russia).
    found = {
        m.place.place_id: m.place
        for m in (mentions if far else [])  # most articles have no far name to vouch for
        if m.place and m.place.source == "geonames"
    }
    wider = _Bounds([*anchors, *((p.lat, p.lon) for p in found.values())], bounds.reach)
    for name, si, ranked in far:
        near = (
            _first_near(ranked, wider, fallback, name.surface)
            if found and fallback is not None
            else None
        )
        if near is None:
            unresolved.append(name.surface)
            continue
        believed.setdefault(name_key(name.surface), near)
        voucher = min(found.values(), key=lambda p: near_km(p.lat, p.lon, near.lat, near.lon))
        why = (
            f"GeoNames, in a place-like context: '{name.context}'; "
            f"near {voucher.name}, named in the same story"
        )
        mentions.append(
            _long_tail_mention(article_id, text, gaz, fallback, name, si, near, ranked, why)
        )

    if fallback is not None:
        known = taken + [(m.start, m.end) for m in mentions]
        for name in find_capitalised_runs(text, sentences, known):
            if _names_only_an_actor(name.surface, lex, fallback):
                continue
            if (accepted := believed.get(name_key(name.surface))) is not None:
                why = "GeoNames, as the story names it elsewhere in a place-like context"
            else:
                accepted = _accept_long_tail(fallback, name.surface, name.context, country)
                if accepted is None or _far_away(accepted, bounds, fallback, name.surface):
                    continue
                why = f"GeoNames, a populous place named as such ({name.context})"
            si = _sentence_of(sentences, name.start)
            mentions.append(
                _long_tail_mention(article_id, text, gaz, fallback, name, si, accepted, [], why)
            )

    mentions.sort(key=lambda m: m.start)
    # Places named only through another: a side of a city, a facility in a town.
    derived: list[Mention] = []
    # A substring test first: the pattern, tried at every character, costs more than the rule.
    if "of the city" in text or "of the town" in text:
        derived += _sides_of_the_city(article_id, text, gaz, sentences, mentions, fallback)
    if unresolved and (
        facilities := _facilities(article_id, text, sentences, mentions, unresolved)
    ):
        derived += facilities
        placed_names = {m.surface for m in facilities}
        unresolved = [n for n in unresolved if n not in placed_names]
    if derived:
        mentions = sorted([*mentions, *derived], key=lambda m: m.start)
    mentions = _as_far_as_stated(text, mentions, unresolved)
    if not bounds.points and not bounds.reach:
        mentions = _cohere(mentions, unresolved)
    if fallback is not None and mentions_airfield(text):
        airfields = AirfieldIndex.packaged()
        mentions = _airfields(article_id, text, sentences, mentions, unresolved, country, airfields)
    placed = _apposed_roles(text, [cues.apply(m) for m in mentions])
    return placed, unresolved, _settle_tie(votes, placed) or country or _country_of_places(placed)


#: "the east side of the city", "the western part of the town": a half of the one named last.
_SIDE_OF_THE_CITY = re.compile(
    r"(?i)\bthe\s+(?P<dir>north|south|east|west)(?:ern)?\s+(?:side|part|half|sector)\s+"
    r"of\s+the\s+(?:city|town)\b"
)


def _sides_of_the_city(
    article_id: str,
    text: str,
    gaz: PlaceSource,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    fallback: Fallback | None,
) -> list[Mention]:
    """'Residents of western Mosul make for the east side of the city': eastern Mosul.

    The city is the one the story named last, or the whole of the part named
    last ("western Mosul" names Mosul); a part of its own, as "eastern Mosul" is.
    """
    found = []
    for side in _SIDE_OF_THE_CITY.finditer(text):
        whole = None
        for m in reversed([m for m in mentions if m.end <= side.start() and m.place]):
            assert m.place is not None
            base = whole_of(m.place.place_id)
            if base is not None:  # a part ("western Mosul"): its whole
                curated = gaz.get(base)
                whole = (
                    gaz.to_candidate(curated, 1.0, "gazetteer name")
                    if curated
                    else next(
                        (w.place for w in mentions if w.place and w.place.place_id == base), None
                    )
                )
                break
            if m.place.kind in ("city", "town"):
                whole = m.place
                break
        part = part_of(whole, side.group("dir").lower(), fallback) if whole else None
        if part is None or whole is None:
            continue
        found.append(
            Mention(
                article=article_id,
                surface=side.group(),
                start=side.start(),
                end=side.end(),
                sentence=_sentence_of(sentences, side.start()),
                place=part,
                why=f"'{side.group()}': that half of {whole.name}, the city named last",
            )
        )
    return found


_FACILITY_WORDS = (
    "plant|factory|steelworks|works|hospital|base|airbase|complex|compound|prison|refinery|"
    "dam|mine|camp"
)
_FACILITY_KINDS = frozenset(_FACILITY_WORDS.split("|"))
_FACILITY_PLACING = "in|at|near|outside"
_FACILITY_PREPOSITIONS = frozenset(_FACILITY_PLACING.split("|"))
#: "the Azovstal steel plant in Mariupol", "Al-Shifa hospital in Gaza City": a facility
#: and the place it stands in (the name, then up to two words, then the kind of facility).
_FACILITY_IN = re.compile(
    r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+(?:[a-z-]+\s+){0,2}?"
    rf"(?:{_FACILITY_WORDS})\s+(?:{_FACILITY_PLACING})\s+$"
)


_FACILITY_HOSTS = frozenset({"city", "town", "village", "neighbourhood"})


def _facilities(
    article_id: str,
    text: str,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    unresolved: Sequence[str],
) -> list[Mention]:
    """A facility nobody resolved, where the story says it stands, at each of its mentions.

    "The civilians from the Azovstal steel plant have arrived" and "... evacuated
    from the Azovstal steel plant in Mariupol": both are at Mariupol, the nearest
    a map can draw a plant no gazetteer holds.
    """
    names = set(unresolved)
    at: dict[str, Candidate] = {}
    for m in mentions:
        if m.place is None or m.place.kind not in _FACILITY_HOSTS:
            continue
        # Two words before the town, split in C, decide before the pattern is tried.
        words = text[max(0, m.start - 24) : m.start].split()
        if (
            len(words) < 2
            or words[-1] not in _FACILITY_PREPOSITIONS
            or words[-2] not in _FACILITY_KINDS
        ):
            continue
        facility = _FACILITY_IN.search(text, max(0, m.start - 80), m.start)
        if facility and facility.group("name") in names:
            at.setdefault(facility.group("name"), m.place)
    found = []
    for name, place in at.items():
        for hit in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if any(m.start < hit.end() and hit.start() < m.end for m in mentions):
                continue
            found.append(
                Mention(
                    article=article_id,
                    surface=name,
                    start=hit.start(),
                    end=hit.end(),
                    sentence=_sentence_of(sentences, hit.start()),
                    place=place,
                    qualifier="within",  # part of the place: ACLED's geo-precision 2
                    why=f"a facility the story places in {place.name}",
                )
            )
    return found


def _settle_tie(votes: Mapping[str, float], placed: Sequence[Mention]) -> str | None:
    """Of countries tied at the top of the vote, the one most of the story's places lie in.

    "A rebel army in Myanmar ... near the border with China" names each country
    once; Lashio and northern Shan, from GeoNames, say which one the story is in.
    """
    top = max(votes.values(), default=0.0)
    tied = sorted(cc for cc, v in votes.items() if v == top)
    if len(tied) < 2:
        return None
    counts = {
        cc: sum(
            1 for m in placed if m.place and m.place.country == cc and m.place.kind != "country"
        )
        for cc in tied
    }
    best = max(tied, key=lambda cc: counts[cc])
    return (
        best if counts[best] > max((counts[cc] for cc in tied if cc != best), default=0) else None
    )


def _country_of_places(mentions: Sequence[Mention]) -> str | None:
    """The country most of a story's places lie in, when nothing curated said so.

    A story on Rakhine names Pauktaw, Sittwe and Rakhine from GeoNames, and no
    curated place or people: it is still set in Myanmar, and "the military"
    there is Myanmar's.  Two places at least, and more than half of them.
    """
    counts: dict[str, int] = {}
    for m in mentions:
        if m.place is not None and m.place.country and m.role not in ELSEWHERE_ROLES:
            counts[m.place.country] = counts.get(m.place.country, 0) + 1
    if not counts:
        return None
    best = max(sorted(counts), key=lambda cc: counts[cc])
    return best if counts[best] >= 2 and 2 * counts[best] > sum(counts.values()) else None


_LONG_TAIL = frozenset({"geonames", "regions"})


def _cohere(mentions: list[Mention], unresolved: list[str]) -> list[Mention]:
    """A story with nothing else to bound it is bounded by its own long-tail places.

    "Fighting spread to Gezira from Khartoum and Wad Madani", with no curated
    place, country or people named: the small Maltese town Gżira lies 2,000 km
    from the two Sudanese cities, which lie near each other.  A town (not a
    city, which a story may well name from afar) beyond FAR_KM of every other
    long-tail place of the story, when at least two of those lie within FAR_KM
    of each other, gives way to an alternative near them, else to no place.

    A place the story spells otherwise than GeoNames is doubted more: a city
    too when the others agree ("Kofa" is not Kofu, Japan, in a story on three
    places in Borno) or when the story names another place more often, spelled
    as GeoNames spells it ("Nuida", named once, is not Noida, India, in a story
    that names Macomia, Mozambique, twice), a town even beside a single other
    place ("Malari" is not Mellery, Belgium, in a story on Maiduguri).  The
    spelling that only sounds alike is the likelier mistake.
    """
    # A half of a place ("south Kashmir": "geonames:5789342#south") is that place: it
    # vouches for no reading of its whole, so places count by the id of the whole.
    long_tail = [
        (whole_of(m.place.place_id) or m.place.place_id, m, m.place)
        for m in mentions
        if m.place is not None and m.place.source in _LONG_TAIL
    ]
    points = {pid: (place.lat, place.lon) for pid, _, place in long_tail}
    if len(points) < 2:
        return mentions
    regions = {pid for pid, _, place in long_tail if place.source == "regions"}
    # How often the story names each place, and how often spelled as GeoNames spells it.
    named = Counter(pid for pid, _, _ in long_tail)
    spelled = Counter(pid for pid, m, place in long_tail if _spelled_as_named(m, place))
    most_spelled = max(spelled.values(), default=0)

    kept: list[Mention] = []
    for m in mentions:
        place = m.place
        if place is None or place.source not in _LONG_TAIL:
            kept.append(m)
            continue
        whole = whole_of(place.place_id) or place.place_id
        others = [p for pid, p in points.items() if pid != whole]
        agree = any(_near_any(la, lo, others[i + 1 :]) for i, (la, lo) in enumerate(others))
        small = place.kind != "city"
        # A province or state the story names says where it is as well as two places do.
        agree = agree or any(pid in regions for pid in points if pid != whole)
        if _near_any(place.lat, place.lon, others) or not (
            (small and agree)
            if _spelled_as_named(m, place)
            # one other place is enough to doubt a sound-alike town, and a sound-alike
            # city if the story names it more often, spelled as GeoNames spells it
            else (agree or small or most_spelled > named[whole])
        ):
            kept.append(m)  # near the others, or they agree on no region either
            continue
        why = f"near the story's other places, unlike {place.name}"
        refit = _refit(m, functools.partial(_near_candidate, others=others), why)
        if refit is None:
            unresolved.append(m.surface)
        else:
            kept.append(refit)
    return kept


def _spelled_as_named(m: Mention, place: Candidate) -> bool:
    """Whether the text spells the place's name as GeoNames does (accents and case aside)."""
    name = fold(place.name)
    if whole_of(place.place_id) is not None:
        name = name.split(" ", 1)[-1]  # "southern Mosul": Mosul, however the text put it
    return name in fold(m.surface)


def _near_any(lat: float, lon: float, others: list[tuple[float, float]]) -> bool:
    return any(near_km(lat, lon, la, lo) <= FAR_KM for la, lo in others)


def _near_candidate(place: Candidate, others: list[tuple[float, float]]) -> bool:
    return _near_any(place.lat, place.lon, others)


def _refit(m: Mention, fits: Callable[[Candidate], bool], why: str) -> Mention | None:
    """The mention with its first alternative that `fits` as its place, or None if none does."""
    fit = next((c for c in m.alternatives if fits(c)), None)
    if fit is None:
        return None
    rest = [c for c in m.alternatives if c is not fit]
    return m.model_copy(update={"place": fit, "alternatives": rest, "why": f"{m.why}; {why}"})


#: "Shaqra, 100km (60 miles) east of Aden", "Zaporizhzhia, about 230 kilometres
#: north-west of Mariupol": how far the place lies from another the text names.
_STATED_DISTANCE = re.compile(
    r"\s*,?\s*(?:(?:a|the)\s+(?:town|city|village|port)\s+)?"
    r"(?:(?:some|about|around|roughly|nearly|almost|just|only|over|under)\s+)?"
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*-?\s*"
    r"(?P<unit>km|kms|kilomet(?:re|er)s?|miles?)\b(?:\s*\([^)]{0,30}\))?"
    r"(?:\s+[\w-]+){0,3}?\s+(?:of|from)\s+(?:the\s+)?(?:(?:city|town|port|capital)\s+of\s+)?",
    re.IGNORECASE,
)
_KM_PER_MILE = 1.609344


def _as_far_as_stated(text: str, mentions: list[Mention], unresolved: list[str]) -> list[Mention]:
    """Long-tail places that keep to the distance the text gives from another place.

    A reader told "Shaqra, 100 km east of Aden" knows Shaqra is not the Saudi
    town 1,400 km away, whatever its population. A GeoNames place that
    misses the stated distance (`_keeps_distance`) gives way to the first
    alternative that keeps it, else to no place at all.
    """
    by_start = {m.start: m for m in mentions}
    kept: list[Mention] = []
    for m in mentions:
        stated = _STATED_DISTANCE.match(text, m.end)
        ref = by_start.get(stated.end()) if stated else None
        if (
            stated is None
            or ref is None
            or ref.place is None
            or m.place is None
            or m.place.source == "curated"
            or PART_MARK in m.place.place_id
        ):
            kept.append(m)
            continue
        km = float(stated.group("n").replace(",", ""))
        if stated.group("unit").lower().startswith("mile"):
            km *= _KM_PER_MILE
        if _keeps_distance(m.place, ref.place, km):
            kept.append(m)
            continue
        why = f"{stated.group().strip(' ,')} {ref.surface}, as the text says"
        refit = _refit(m, functools.partial(_keeps_distance, anchor=ref.place, km=km), why)
        if refit is None:
            unresolved.append(m.surface)
        else:
            kept.append(refit)
    return kept


#: "the airport of Kabul", "the air base outside Hama": the airfield a town's name follows.
_AIRFIELD_OF = re.compile(
    r"(?i)\bthe\s+(?:main\s+|international\s+|military\s+)?"
    r"(?P<word>airport|air\s*base|airfield)\s+(?:of|in|outside)\s+(?:the\s+(?:city|town)\s+of\s+)?$"
)
#: "Kabul's airport", "Hama's military air base".
_POSSESSIVE_AIRFIELD = re.compile(
    r"['’]s\s+(?:main\s+|international\s+|military\s+)?(?P<word>[Aa]irport|[Aa]ir\s*[Bb]ase|"
    r"[Aa]irfield)\b"
)
#: A name of its own before an airfield word: "Mitiga airport", "the Al Asad air base".
_NAMED_AIRFIELD = re.compile(
    r"(?P<name>(?:(?:[Aa]l|[Ee]l)[-\s])?[A-Z][\w’'-]*(?:\s+(?:(?:al|el)[-\s])?[A-Z][\w’'-]*){0,3})"
    + AIRFIELD_AFTER.pattern
)


def _airfield_kind(word: str, airfield: Airfield) -> str:
    base = "base" in word.lower() or "air base" in airfield.name.lower()
    return "military_base" if base else "airport"


def _airfields(
    article_id: str,
    text: str,
    sentences: Sequence[tuple[int, int]],
    mentions: list[Mention],
    unresolved: list[str],
    country: str | None,
    airfields: AirfieldIndex,
) -> list[Mention]:
    """Town names that stand for their airfield, and airfields named on their own.

    "Forces entered Hodeida airport" happened at the airport, 5 km from the
    city's point: the mention becomes the airfield (the town stays its first
    alternative).  A name no place has ("Mitiga airport") is looked up among
    the airfields of the story's country, and is then resolved after all.
    """
    found: list[Mention] = []
    for m in mentions:
        town = m.place
        if town is None or PART_MARK in town.place_id or town.kind in AREA_KINDS:
            found.append(m)
            continue
        start, end = m.start, m.end
        cue = AIRFIELD_AFTER.match(text, end) or _POSSESSIVE_AIRFIELD.match(text, end)
        after = cue is not None
        cue = cue or _AIRFIELD_OF.search(text, max(0, start - 60), start)
        airfield = airfields.serving(town, m.surface) if cue else None
        if cue is None or airfield is None:
            found.append(m)
            continue
        word = cue.group("word")
        start, end = (start, cue.end()) if after else (cue.start("word"), end)
        place = airfield.as_candidate(
            _airfield_kind(word, airfield), f"the {word.lower()} of {town.name}"
        )
        found.append(
            m.model_copy(
                update={
                    "surface": text[start:end],
                    "start": start,
                    "end": end,
                    "place": place,
                    "alternatives": [town, *m.alternatives],
                    "why": f"{m.why}; '{text[start:end]}' is its airfield, {airfield.name}",
                }
            )
        )
    spans = [(m.start, m.end) for m in found]
    for match in _NAMED_AIRFIELD.finditer(text):
        # The longest run of words before the airfield word that names one
        # and overlaps no place ("Tripoli's Mitiga airport": Mitiga).
        for w in re.finditer(r"\S+", match.group("name")):
            start = match.start("name") + w.start()
            if any(s < match.end() and start < e for s, e in spans):
                continue
            name = match.group("name")[w.start() :]
            airfield = airfields.named(name, [country] if country else [])
            if airfield is None:
                continue
            si = _sentence_of(sentences, start)
            word = match.group("word")
            found.append(
                Mention(
                    article=article_id,
                    surface=text[start : match.end()],
                    start=start,
                    end=match.end(),
                    sentence=si,
                    place=airfield.as_candidate(
                        _airfield_kind(word, airfield), f"named '{name}' before '{word}'"
                    ),
                    why=f"an airfield's own name before '{word}'",
                )
            )
            if name in unresolved:
                unresolved.remove(name)
            break
    return sorted(found, key=lambda m: m.start)


_PLACE_CONTEXT_BEFORE = re.compile(
    r"(?i)\b(?:in|from|to|toward|towards|near|into|outside|around|at|via|of|reached|entered|"
    r"captured|retook|seized|left|fled|hit|struck|bombed|shelled|pounded|attacked|targeted|"
    r"stormed|besieged|encircled|surrounded|recaptured|overran|raided)\s+(?:the\s+)?(?:\w+\s+){0,2}$"
)


#: The rest of a name that holds an "and": "Jammu| and Kashmir", "Bosnia| and Herzegovina".
_AND_REST = re.compile(r" and (?:[A-Z][\w’'-]*)(?: [A-Z][\w’'-]*)?")


def _joined_by_and(text: str, name: UnknownName, fallback: Fallback) -> UnknownName | None:
    """The name with the words after its "and", when GeoNames calls a place that: "in
    Jammu and Kashmir's Shopian district" is the territory's, not Jammu city's."""
    rest = _AND_REST.match(text, name.end)
    if rest is None:
        return None
    words = rest.group().split()[1:]
    for i, word in enumerate(words):
        if word.endswith(("'s", "’s")):  # "Jammu and Kashmir's Shopian": the name ends there
            words = [*words[:i], word[:-2]]
            break
    for n in range(len(words), 0, -1):  # the longest name first
        end = name.end + len(" and ") + len(" ".join(words[:n]))
        surface = text[name.start : end]
        if fallback.lookup(surface, [], 1):
            return UnknownName(name.start, end, surface, name.context)
    return None


def _long_tail_mention(
    article_id: str,
    text: str,
    gaz: PlaceSource,
    fallback: Fallback | None,
    name: UnknownName,
    si: int,
    place: Candidate,
    ranked: list[Candidate],
    why: str | None = None,
) -> Mention:
    """A GeoNames place for a name the gazetteer lacks (by default: in a place-like context)."""
    best, start, qualifier = _directed(
        text, gaz, fallback, place, (name.start, name.end), name.surface
    )
    return Mention(
        article=article_id,
        surface=text[start : name.end],
        start=start,
        end=name.end,
        sentence=si,
        place=best,
        alternatives=[c for c in ranked if c is not place][:3],
        qualifier=qualifier,
        why=why or f"GeoNames, in a place-like context: '{name.context}'",
    )


#: A foreign place this populous is named in another country's news by itself, even
#: by an alternate name; a smaller one is likelier a namesake of a local place.
POPULOUS_ABROAD = 150_000


def _odd_foreign_name(
    cand: Candidate, country: str | None, bounds: _Bounds, fallback: Fallback
) -> bool:
    """A small place beyond the story's borders that has the name only as an alternate.

    In a story set in Syria, "Kawkaba village" is a Syrian village GeoNames
    lacks, not the Israeli moshav 170 km beyond the border that lists the old
    Arab village's name among its alternates. A place in or just across the
    border of the story's countries still answers to its alternate names
    ("the Lachin corridor", in a story on Armenia, is at Laçın, Azerbaijan), but
    only within ACROSS_BORDER_KM: "the village of Banjska", in a story on Kosovo
    and Serbia, is no Bansko, Bulgaria, 115 km beyond Serbia's nearest town.
    """
    if (
        country is None
        or cand.source != "geonames"
        or "alternate name" not in cand.reason
        or (cand.population or 0) >= POPULOUS_ABROAD
    ):
        return False
    homes = sorted({country, *bounds.reach})
    if cand.country in homes:
        return False
    return not any(fallback.near_country(cand.lat, cand.lon, cc, ACROSS_BORDER_KM) for cc in homes)


def _stray(text: str, raw: _Raw, country: str | None) -> bool:
    """A small foreign place named by one word outside any place-like context.

    In a story set elsewhere, "Jassim" is far likelier a man than the Syrian
    town: such a match is dropped rather than put on the map.
    """
    if country is None or len(raw.candidates) != 1 or " " in raw.surface.strip():
        return False
    cand = raw.candidates[0]
    if cand.country == country or cand.kind not in ("town", "village", "neighbourhood", "camp"):
        return False
    return not _PLACE_CONTEXT_BEFORE.search(text[max(0, raw.start - 40) : raw.start])


def _sentence_of(sentences: Sequence[tuple[int, int]], pos: int) -> int:
    """The index of the sentence holding character `pos` (0 before the first)."""
    return next((i for i, (s, e) in enumerate(sentences) if s <= pos < e), 0)


def _keeps_distance(place: Candidate, anchor: Candidate, km: float) -> bool:
    """Within half the stated distance of it (at least 25 km: roads wind, figures round)."""
    return abs(near_km(place.lat, place.lon, anchor.lat, anchor.lon) - km) <= max(km / 2, 25.0)


def _apposed_roles(text: str, mentions: list[Mention]) -> list[Mention]:
    """A reference set beside its place plays the place's part: in "the government in
    Asmara, the Eritrean capital, said", the capital is a seat too, no site."""
    for i in range(1, len(mentions)):
        named, ref = mentions[i - 1], mentions[i]
        if (
            named.role in ELSEWHERE_ROLES
            and ref.role not in ELSEWHERE_ROLES
            and ref.why.startswith("indirect reference")
            and named.place is not None
            and ref.place is not None
            and named.place.place_id == ref.place.place_id
            and text[named.end : ref.start].strip() == ","
        ):
            mentions[i] = ref.model_copy(update={"role": named.role})
    return mentions


def _capital(
    country: str, gaz: PlaceSource, lex: Lexicon, fallback: Fallback | None, reason: str
) -> Candidate | None:
    """A country's capital: the curator's choice in the references, else GeoNames'."""
    pid = lex.references.capitals.get(country)
    place = gaz.get(pid) if pid else None
    if place is not None:
        return gaz.to_candidate(place, 1.0, reason)
    found = fallback.capital(country) if fallback is not None else None
    if found is None:
        return None
    curated = gaz.with_geonames_id(found.geonames_id) if found.geonames_id else None
    if curated is not None:
        return gaz.to_candidate(curated, 1.0, reason)
    return found.model_copy(update={"score": 1.0, "reason": f"{reason}; its capital in GeoNames"})


def _names_only_an_actor(surface: str, lex: Lexicon, fallback: Fallback | None) -> bool:
    """'Army', 'Hezbollah', 'Syrian': words for forces or peoples, not places.

    A capital the actor lexicon uses for its government ("Yerevan") is still
    a place first; `cue_role` decides when it stands for the government.
    """
    if not (
        lex.actor_re.fullmatch(surface)
        or lex.state_forces_re.fullmatch(surface)
        or surface in lex.references.demonyms
    ):
        return False
    return fallback is None or not any(
        fallback.is_capital(c) for c in fallback.lookup(surface, (), 3)
    )


#: A long-tail place this far from every curated place the story names is
#: another place of the same name (Ouagadougou, Burkina Faso, in a story on Sirte).
FAR_KM = 1000.0
#: How far across a border a story about a named country plausibly reaches.
BORDER_KM = 150.0
#: How far across a border a small place still answers to an alternate name: border
#: towns go by their neighbours' names for them, towns a drive further in by their own.
ACROSS_BORDER_KM = 60.0


@dataclass(frozen=True)
class _Bounds:
    """Where a story is: its sure places (one candidate each), and its countries."""

    points: list[tuple[float, float]]
    #: Country -> how far beyond its settlements the story reaches: BORDER_KM for
    #: a country it names as a place or whose people it names, FAR_KM for the
    #: one its places vote for when it names no sure place, country or people.
    reach: dict[str, float]


def _first_near(
    ranked: list[Candidate], bounds: _Bounds, fallback: Fallback, surface: str
) -> Candidate | None:
    """The best-ranked candidate that is not `_far_away`, if any."""
    return next((c for c in ranked if not _far_away(c, bounds, fallback, surface)), None)


#: How far beyond a story's countries a city of POPULOUS_ABROAD people, named by its own
#: name, is still near: a neighbour's cities are named by themselves.
NEIGHBOUR_CITY_KM = 500.0


def _far_away(cand: Candidate, bounds: _Bounds, fallback: Fallback, surface: str) -> bool:
    """Whether a long-tail place lies beyond every place and country of the story.

    A place is near within FAR_KM of a sure place's point. A country counts
    by its territory, not its centre: a place in it, or within its reach of
    one of its settlements, is near it (Mariupol, in a story that names
    Russia, is 4,000 km from Russia's centre but a few dozen from its border).
    A country's capital is near a country within FAR_KM of its settlements:
    news names a neighbour's capital by itself ("Saudi air raids hit Sanaa",
    in a story whose only people is the Saudis, 250 km beyond their border).
    So is, within NEIGHBOUR_CITY_KM, a city of POPULOUS_ABROAD people that the
    text calls by its own name ("Russian missiles hit Dnipro", 200 km beyond
    Russia's settlements); one it matched by an alternate name is not
    ("Dalyan" is no Dalian, China, however near Russia's far east). So is a neighbour's
    province named by its own name: its point is the middle of a wide land ("fleeing
    violence in Rakhine State", in a story set in Bangladesh, is 250 km beyond it).
    """
    if not bounds.points and not bounds.reach:
        return False
    if cand.country in bounds.reach:
        return False
    if bounds.points and (
        min(near_km(cand.lat, cand.lon, lat, lon) for lat, lon in bounds.points) <= FAR_KM
    ):
        return False
    if fallback.is_capital(cand):
        least = FAR_KM
    elif _by_own_name(cand, surface) and (
        (cand.population or 0) >= POPULOUS_ABROAD or cand.source == "regions"
    ):
        least = NEIGHBOUR_CITY_KM
    else:
        least = 0.0
    return not any(
        fallback.near_country(cand.lat, cand.lon, cc, max(km, least))
        for cc, km in sorted(bounds.reach.items())
    )


def _accept_long_tail(
    fallback: Fallback, surface: str, context: str, country: str | None
) -> Candidate | None:
    """A GeoNames place for a capitalised name outside any place-like context.

    Without a preposition saying "this is a place", only a populous place
    (or a sizeable town in the article's own country) is believed; a word at
    the start of a sentence needs more.
    """
    cands = fallback.lookup(surface, [country] if country else [], 3)
    if not cands:
        return None
    best = cands[0]
    if best.country != country and "alternate name" in best.reason:
        return None  # an odd alternate name of a foreign place ("Ali" for Batman)
    population = best.population or 0
    floor = 20_000 if country and best.country == country else POPULOUS_ABROAD
    if context == "sentence start":
        floor *= 2
    return best if population >= floor else None


class _RoleCues:
    """`cue_role` over one article, remembered.

    The country vote and the final roles ask about the same names; the
    answer depends on the place only through whether it is a country, a
    capital or neither.
    """

    def __init__(
        self, text: str, first: tuple[int, int], lex: Lexicon, fallback: Fallback | None
    ) -> None:
        self.text, self.first, self.lex, self.fallback = text, first, lex, fallback
        self._known: dict[tuple[int, int, str | None], tuple[MentionRole | None, str]] = {}

    def __call__(
        self, start: int, end: int, place: Candidate | None
    ) -> tuple[MentionRole | None, str]:
        state = None
        if place is not None:
            if place.kind == "country":
                state = "country"
            elif place.place_id in self.lex.capital_ids or (
                self.fallback is not None and self.fallback.is_capital(place)
            ):
                state = "capital"
        key = (start, end, state)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = cue_role(
                start, end, place, self.text, self.first, self.lex, capital=state == "capital"
            )
        return found

    def apply(self, mention: Mention) -> Mention:
        role, why = self(mention.start, mention.end, mention.place)
        if role is None:
            return mention
        return mention.model_copy(update={"role": role, "why": f"{mention.why}; {why}"})


#: A government's deeds with the capital or country as subject: "Moscow has taken full
#: control", "Baku launched an offensive" (but "Damascus has seen fighting" is a place).
#: "Moscow's forces", "Kyiv's troops": a state's men, named by its capital or its name.
_FORCES_OF = re.compile(
    r"(?i)['’]s?\s+(?:(?:own|remaining|regular|armed|special|ground|elite)\s+)?(?:forces|troops|"
    r"army|military|soldiers|government|officials|air\s+force|navy)\b"
)
_ACTS = re.compile(
    r"(?i)(?:(?:has|have|had)\s+(?:\w+ly\s+)?(?:taken|seized|captured|launched|sent|struck|"
    r"retaken|recaptured|annexed|deployed|ordered|withdrawn|pulled|offered|demanded|refused|"
    r"threatened|vowed|pledged|carried\s+out|conducted|retaliated)|took|seized|captured|"
    r"launched|launching|sent|retook|recaptured|annexed|deployed|ordered|withdrew|offered|"
    r"demanded|refused|threatened|vowed|pledged|retaliated|"
    # "Bangkok carrying out air strikes": who strikes, not where
    r"(?:is\s+|was\s+)?(?:carrying|carried|carries)\s+out|conducted|conducting)\b"
)


def cue_role(
    start: int,
    end: int,
    place: Candidate | None,
    text: str,
    first: tuple[int, int],
    lex: Lexicon,
    *,
    capital: bool,
) -> tuple[MentionRole | None, str]:
    """A non-incident role the sentence gives the place named at text[start:end], if any.

    `capital`: the place is a country's capital, which can stand for its government.
    """
    line_start = text.rfind("\n", 0, start) + 1
    if start - line_start < 40 and line_start <= first[0] + 400:
        m = _DATELINE.match(text, line_start, min(len(text), line_start + 80))
        group = next((g for g in ("place", "inner", "named") if m and m.group(g)), "place")
        if m and m.start(group) <= start and end <= m.end(group) + 1:
            return "dateline", "at the head of the story"
    compound = _COMPOUND.match(text, end)
    if compound:
        if compound.group(1).lower() == "based":
            return "organisation_base", "'-based' names an organisation's home"
        return "metonymy", f"'-{compound.group(1)}' names a government or group"
    before = text[max(first[0], start - 40) : start]
    sentence_rest = text[end : end + 160].lower()
    sent_before = text[max(line_start, start - 14) : start]
    if (
        _SPEAKER_LEAD.search(sent_before)
        and text[end : end + 1] == ","
        and _cue_patterns(lex)[0].search(sentence_rest)
    ):
        return "speaker_seat", "'In X, ... said'"
    if _SPEAKER_AFTER.search(before):
        return "speaker_seat", "where someone spoke"
    if (
        "from" in before
        and _SPOKE_FROM.search(before)
        and not _DWELLER_BEFORE.search(text, max(line_start, start - 120), start)
    ):
        return "speaker_seat", "where someone spoke from"
    if _ACCORDING_TO.search(before):
        # "according to Kyiv", "according to Kharkiv officials": who says so, not a place
        # the story happens at (nor where anyone went: "to" is no destination here).
        return "speaker_seat", "'according to X' names a source"
    if _BODY_IN.search(before) and _TELLS_AFTER.match(text, end):
        return "organisation_base", "'the ministry in X confirmed': where a body sits"
    if (
        before.rstrip().endswith(",")
        and _OUTLET_BEFORE.search(before)
        and _TELLS_AFTER.match(text, end)
    ):
        return "organisation_base", "'Africa Today News, New York reports': an outlet's seat"
    standing = _STANDING.match(text, line_start, start)
    if standing and not (
        _cue_patterns(lex)[0].search(text, standing.start("lead"), start)
        or _QUOTE_OR_COLON.search(text, standing.start("lead"), start)
    ):
        return "speaker_seat", "'Standing on X, ... said': where the speaker is"
    if place is not None and (place.kind == "country" or capital):
        if _FORCES_OF.match(text, end):
            # "cleared Sudzha of Moscow's forces": whose forces, even after a preposition
            return "metonymy", "a possessive names its government's forces"
        if _LOCATIVE_BEFORE.search(before):
            return None, ""
        after = text[end : end + 40]
        if re.match(
            r"^['’]s?\s+[\"“‘']?(?!(?:capital|city|border|borders|territory|soil|south|north|east|"
            r"west|centre|center|coast|countryside|outskirts|suburbs|largest|second)\b)\w",
            after,
        ):
            return "metonymy", "a possessive names what its government or people do"
        poss = re.match(r"^['’]s?\s+", after)
        rest = after[poss.end() :] if poss else after.lstrip()
        cue_match = _cue_patterns(lex)[1].match(rest)
        if cue_match:
            cue = cue_match.group().lower()
            if not (
                poss is None
                and cue in ("government", "military", "forces", "army", "troops")
                and place.kind == "country"
            ):
                return "metonymy", f"'{cue}' makes it stand for its government"
        if re.search(r"(?i)\b(?:led|backed|aided)\s+by\s+$", before):
            return "metonymy", "'led by X' names a government"
        if _ACTS.match(rest):
            return (
                "metonymy",
                "a capital or country that acts ('Moscow has taken') is its government",
            )
    return None, ""
