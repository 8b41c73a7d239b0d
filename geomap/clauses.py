"""How far a trigger word reaches: clauses, modality, anaphora and the ends of a route.

Events are read clause by clause: a trigger governs the places, actors and
numbers of its own clause, a modal or negation in that clause makes it
not-happened, "the area" or "there" points back to a place named before,
and the nearest route word ("from", "to", "toward") tells an evacuation's
origin from its destination.  These are the sentence-structure rules of
`events.py`, kept apart so each can be read (and tested) on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from geomap.lexicon import Lexicon
from geomap.models import AREA_KINDS, PART_MARK, EventType, Mention, outside_of
from geomap.toponyms import COMPASS_ADJ, COMPASS_POINT, DISTANCE, PLACE_HEAD

_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:and|but|while|as|after|when|which|where|who)\s+"
    r"|(?<!known)(?<!such)(?<!well)(?<!same)\s+as\s+(?!well\b|part\b|many\b|much\b)"
    r"|\s+(?:while|after|when|but|whereas|following|before|because|although|though)\s+"
    r"|\s+so\s+that\s+|\s+since\s+(?=\w+ing\b)|,\s+(?=(?!heading|moving|travell?ing|making|driving)[a-z]+ing\s)|\s+in\s+(?:response|retaliation|revenge|reprisal)\s+(?:to|for)\s+|\s+to\s+(?:avenge|retaliate\s+for)\s+"
)


#: The modals, "may" in lower case only ("in May" is the month).
_MODALS = r"would|could|might|(?-i:may)|will"
#: "By seizing X, the army would ...": a means clause before a main clause with a modal.
_BY_GERUND = re.compile(r"(?i)\bby\s+$")
_MODAL_MAIN = re.compile(rf"(?i)[^,;.!?]{{0,120}},\s+(?:[\w'’-]+\s+){{1,4}}?(?:{_MODALS})\b")
#: A modal right after the trigger ("fled ... would"), not one after "rather than", which
#: belongs to the road not taken.
_MODAL_AFTER = re.compile(
    rf"(?i)(?:(?!rather\s+than|instead\s+of)[^;,]){{0,50}}?\b(?:{_MODALS}|"
    r"(?:was|were|is|are)\s+(?:supposed|due|set|expected|scheduled)\s+to)\b"
)


_ANAPHOR_MODIFIER = (
    r"(?:" + COMPASS_ADJ + r"|besieged|embattled|strategic|key|port|devastated|"
    r"whole|entire|coastal|occupied|ruined|encircled|(?-i:[A-Z][\w-]+))\s+"
)
#: "the city", "the strategic southern port city", "the Red Sea port town" (a name as a
#: modifier), "the besieged territory" (a bare
#: "the territory they once held" is anybody's), "there".
ANAPHOR = re.compile(
    r"(?i)\b(?:the|that|this|those|these)\s+(?:"
    + _ANAPHOR_MODIFIER
    + r"){0,3}(?:area|areas|neighbou?rhoods?|camp|city|town|district|enclave|pocket|region|"
    r"village)\b|\b(?:the|that|this)\s+(?:" + _ANAPHOR_MODIFIER + r"){1,3}territory\b|\bthere\b"
)


_ORIGIN_CUE = re.compile(
    r"(?i)\b(?:from|out\s+of|left|leave|leaving|fled|flee|fleeing|evacuat\w*|exit\w*|"
    r"bussed\s+out\s+of|departed)\s+(?:the\s+|their\s+)?"
    # not across a word that turns to the destination: "from there to Goma"
    r"(?:(?!(?:to|toward|towards|into|for)\b)[\w’'-]+\s+){0,3}$"
)


DEST_CUE = re.compile(
    r"(?i)\b(?:to|toward|towards|into|for|reach\w*|arriv\w*\s+in|heading(?:\s+\w+)?\s+to(?:ward)?s?|"
    r"heading)\s+(?:the\s+|a\s+)?(?:[\w’'-]+\s+){0,3}$"
)


#: A subordinate clause put before the main one: "When IS pushed into northern Iraq, many
#: Iraqis fled", "As Sinjar fell, ..." (after a dateline, "BAGHDAD (Reuters) - When ...").
_FRONTED = re.compile(
    r"(?:.{0,60}?\s(?:-|--|—|–)\s)?(?:When|As|After|Before|While|Once|Although|Though|Because|"
    r"Since|Until|Upon|Having)"
    r"\s[^,;:\"“”]{3,160}?(?P<comma>,)\s"
)


def clause_bounds(sentence_start: int, sentence: str, pos: int) -> tuple[int, int]:
    """Absolute bounds of the clause around absolute offset `pos`."""
    rel = pos - sentence_start
    start, end = 0, len(sentence)
    for b_start, b_end in _clause_breaks(sentence):
        if b_end <= rel:
            start = b_end
        elif b_start <= rel:
            start = b_start  # the trigger opens with the break word ("following a deal")
        else:
            end = b_start
            break
    fronted = _fronted_comma(sentence)
    if fronted is not None:
        if rel < fronted:
            end = min(end, fronted)
        else:
            start = max(start, fronted + 1)
    return sentence_start + start, sentence_start + end


@lru_cache(maxsize=512)
def _fronted_comma(sentence: str) -> int | None:
    """Where a subordinate clause put first ends (its comma), if the sentence opens with one."""
    m = _FRONTED.match(sentence)
    return m.start("comma") if m else None


@lru_cache(maxsize=512)
def _clause_breaks(sentence: str) -> tuple[tuple[int, int], ...]:
    """Where a sentence's clauses break; asked once per trigger and candidate place."""
    return tuple(m.span() for m in _CLAUSE_BREAK.finditer(sentence))


#: An order or a warning to do it, right before the deed: "the army warned civilians to
#: evacuate", "residents were ordered to leave", "are being told to head south", "after
#: warning residents to evacuate".
_ORDERED_TO = re.compile(
    r"(?i)\b(?:order(?:s|ed|ing)|told|tell(?:s|ing)|warn(?:s|ed|ing)|urg(?:es|ed|ing)|"
    r"instruct(?:s|ed|ing)|direct(?:s|ed|ing)|ask(?:s|ed|ing)|call(?:s|ed|ing)\s+on)\s+"
    r"(?:[\w'’,-]+\s+){0,5}?to\s+$"
)


#: "managed to retake", "were able to capture": the aim was reached.
_MANAGED_BEFORE = re.compile(r"(?i)\b(?:managed|succeeded|(?:was|were|been)\s+able)\s+$")


#: "no clashes", "no official death toll": the thing itself is denied (a word may
#: come between; "no fewer than 20 killed" is no denial); so is the second of two
#: things denied together: "no hits to infrastructure or casualties".
_NO_BEFORE = re.compile(
    r"(?i)\bno\s+(?:[a-z]+\s+)?(?:(?:[a-z]+\s+){0,3}(?:or|nor)\s+(?:[a-z]+\s+)?)?$"
)

#: What is feared has not happened: "residents fearing an RSF offensive fled", "for fear of
#: renewed fighting".  The deed must be what is feared, its noun phrase right after the fear
#: (an article, a word for what is new, the doer's name): "fearing an RSF offensive fled"
#: tells of a flight.
_FEARED_BEFORE = re.compile(
    r"(?i:\b(?:fearing|fears?\s+of|for\s+fear\s+of|afraid\s+of|fearful\s+of)\s+)"
    r"(?i:(?:an?|the|further|more|new|renewed|fresh|another|possible|imminent|any)\s+)?"
    r"(?:[A-Z][\w'’-]*\s+){0,2}$"
)


#: A duty or a plan, not a deed, up to the next comma: "the rebels were to be integrated
#: into the army and hand over Kidal" ("when the truce was supposed to end, warplanes
#: struck" struck all the same).
_DUTY_BEFORE = re.compile(
    r"(?i)\b(?:was|were|are|is)\s+(?:supposed\s+|meant\s+)?to\s+(?!the\b|its\b|their\b)"
    r"(?:[\w'’-]+\s+){0,8}$"
)


def is_irrealis(
    text: str, start: int, end: int, lex: Lexicon, clause_start: int, clause_end: int
) -> bool:
    """Planned, hoped for, conditional or negated: not an event that happened.

    Offsets are absolute, so the lexicon answers from its one scan of the article.
    """
    if _MODAL_AFTER.match(text, end, clause_end):
        return True
    if _NO_BEFORE.search(text, max(clause_start, start - 45), start):
        return True
    if _ORDERED_TO.search(text, max(clause_start, start - 60), start):
        return True  # "warned civilians to evacuate", "were ordered to leave": an order
    if _FEARED_BEFORE.search(text, max(clause_start, start - 50), start):
        return True
    lo = max(clause_start, start - 70)
    if text.find(" to ", lo, start) >= 0 and _DUTY_BEFORE.search(text, lo, start):
        return True
    if _BY_GERUND.search(text, max(clause_start, start - 4), start) and _MODAL_MAIN.match(
        text, end, min(len(text), end + 200)
    ):
        return True  # "By seizing X, the Russians would gain...": as hypothetical as its clause
    window = max(clause_start, start - 80)
    semicolon = text.rfind(";", window, end)
    if semicolon != -1:
        window = semicolon + 1
    for m in lex.irrealis_re.finditer(text, window, end):
        # Not the trigger's own words ("an operation to retake X" was launched), nor an
        # aim that was reached ("managed to retake X").
        if m.start() < start and not _MANAGED_BEFORE.search(
            text, max(0, m.start() - 20), m.start()
        ):
            return True
    return lex.negation_re.search(text, max(clause_start, start - 35), start) is not None


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


def antecedents(anaphor: str, candidates: list[Mention]) -> list[Mention]:
    """Places an anaphor ("the city", "the area", "there") can refer to.

    Never a country, nor a place named only to say where another is: after
    "fighting broke out in Muqokori, north of Mogadishu", "the town" is Muqokori.
    """
    noun = anaphor.split()[-1].lower().rstrip("s") if anaphor else ""
    kinds = _ANAPHOR_KINDS.get(noun)
    return [
        m
        for m in candidates
        if m.place is not None
        and m.place.kind != "country"
        and (kinds is None or m.place.kind in kinds)
        and not outside_of(m.qualifier)
    ]


CAMPAIGN = re.compile(r"(?i)\b(?:offensive|campaign|operation|battling|assault)\b")


def container(
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


_TO_WORDS = frozenset(
    {"to", "toward", "towards", "into", "for", "reached", "reach", "reaching"}
    | {"arrive", "arrived", "arrives", "arriving"}  # "have arrived in Zaporizhzhia"
)


#: Words that make the "to" after them no way anyone went: "according to", "due to".
_NOT_ROUTE_BEFORE_TO = frozenset(
    {"according", "due", "close", "next", "prior", "thanks", "owing", "compared", "addition",
     "response", "contrary", "similar", "home"}
)  # fmt: skip
_SHELTERS = frozenset({"centre", "centres", "center", "centers", "camp", "camps", "shelters"})
_FROM_WORDS = frozenset({"from", "out", "left", "leave", "leaving", "fled", "flee", "fleeing"})
#: "stopped for the night near Shusha": a place on the way, neither end of the route.
_STOP_WORDS = frozenset({"stopped", "stayed", "camped", "halted", "rested", "sheltered", "waited"})
#: "displaced people are staying in 87 sites across Ituri", "were housed in camps in X":
#: where people who fled are now, the end of their route so far; only after a word of
#: their flight ("families sheltering in Azovstal were evacuated" left from there).
_NOW_AT_WORDS = frozenset({"staying", "sheltering", "housed", "hosted"})
_FLED_BEFORE = re.compile(r"(?i)\b(?:displaced|refugees|evacuees|IDPs|fled|fleeing)\b")


#: "stopped for the night near X", "for two weeks": a "for" of time is no route word.
_DURATION = re.compile(
    r"(?i)\bfor\s+(?:the\s+|a\s+|an\s+|several\s+|many\s+|a\s+few\s+|\d+\s+|one\s+|two\s+|"
    r"three\s+|four\s+|five\s+|six\s+|ten\s+)?(?:nights?|days?|hours?|weeks?|months?|years?|"
    r"while|moment|now|decades?|time)\b"
)


#: Vehicles sent to a place fetch people from it: "sending 45 buses to the Mariupol
#: corridor", "buses were sent into Yarmouk".
_VEHICLES = r"(?:buses|busses|ambulances|vehicles|trucks|lorries|coaches|boats|ships|convoys?)"
SENDING = re.compile(
    r"(?i)\b(?:(?:send|sends|sending|sent|dispatch(?:es|ed|ing)?)\s+(?:[\w,-]+\s+){0,3}?"
    + _VEHICLES
    + r"|"
    + _VEHICLES
    + r"\s+(?:(?:were|was|have|has|had|been|being|are|is|also|already)\s+){0,3}"
    r"(?:sent|dispatched))\s+"
)
_SENT_FOR_THEM = re.compile(
    SENDING.pattern + r"(?:to|into|toward|towards)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}$"
)

#: Vehicles that carry people to a place are the flight itself: "buses sent to Idlib
#: carrying 500 fighters".
_CARRYING = re.compile(
    r"(?i)\b(?:carrying|carried|transporting|ferrying|loaded\s+with|packed\s+with|full\s+of|"
    r"on\s+board)\b"
)


def end_of_route(text: str, clause_start: int, m: Mention) -> str | None:
    """'destination', 'origin' or 'waypoint': the nearest route word before the place says.

    Callers take an unmarked place for the origin ("evacuations from the
    camp in Yarmouk"), except after a word of arrival, which says where
    people went and nothing of where they came from.
    """
    before = _DURATION.sub(" ", text[max(clause_start, m.start - 60) : m.start])
    if _SENT_FOR_THEM.search(before):
        stop = text.find(".", m.end)
        if not _CARRYING.search(
            text, max(clause_start, m.start - 60), stop if stop > 0 else len(text)
        ):
            return "origin"  # "sending 45 buses to Mariupol": where the people wait
    # A hyphenated word is one word: the "out" of "all-out assault" is no exit.
    words = [w.lower() for w in re.findall(r"(?i)[a-z]+(?:-[a-z]+)*", before)[-7:]]
    for i in range(len(words) - 1, -1, -1):
        low = words[i]
        if low == "to" and i > 0 and words[i - 1] in _NOT_ROUTE_BEFORE_TO:
            continue  # "according to the activists, Maaret al-Numan is now almost empty"
        if low in _TO_WORDS or low == "heading":
            return "destination"
        if low in _FROM_WORDS or (
            # not "evacuation centres": a kind of place, which people may flee to
            low.startswith("evacuat") and (i + 1 == len(words) or words[i + 1] not in _SHELTERS)
        ):
            return "origin"
        if low in _STOP_WORDS:
            return "waypoint"
        if low in _NOW_AT_WORDS:
            at = text.rfind(low, clause_start, m.start)
            if _FLED_BEFORE.search(text, clause_start, max(clause_start, at)):
                return "destination"
            return None
    return None


def coordinated(text: str, dests: list[Mention]) -> list[Mention]:
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


def has_origin(text: str, clause_start: int, places: list[Mention]) -> bool:
    """Whether some place of the clause is marked as where people left from."""
    return any(
        _ORIGIN_CUE.search(text[max(clause_start, m.start - 40) : m.start])
        or not DEST_CUE.search(text[max(clause_start, m.start - 40) : m.start])
        for m in places
    )


_APPOSITION = re.compile(
    r"(?i)(?:['’]s?)?\s+(?:\w+\s+){0,2}(?:known\s+as|called|named|,\s+(?:also\s+)?known\s+as)\s+(?:the\s+)?"
    # "Gaza's southernmost city of Rafah": the possessor only says where the city is
    r"|['’]s\s+(?:[\w-]+\s+){0,3}(?:city|town|village|port|district|capital|province|region)\s+"
    r"of\s+"
)


#: Event types that can be told of a whole country (a nationwide truce or deal);
#: a strike or a battle "in Syria" is too coarse to map.
_AREA_WIDE_TYPES = frozenset({"ceasefire", "agreement"})


#: What happens to a place itself: a town "north of Douma" that was taken or left is
#: not Douma, nor beside it (an event's relation to its place is kept, an origin's is not).
_TAKEN_OR_LEFT = frozenset({"control_change", "evacuation"})

_RELATIVE_TO = re.compile(
    r"(?i)(?:\b(?:" + COMPASS_POINT + r")\s+of|"
    # "Gori, 50 miles from the capital, Tbilisi", "advanced to within 130 km of San Pedro"
    r"(?P<distance>(?<![\w,.])"
    + DISTANCE
    + r"(?:away\s+)?from|\bwithin\s+(?:about\s+|some\s+)?"
    + DISTANCE
    + r"of))\s+"
    + PLACE_HEAD
    + "$"
)
#: The figure of a distance, and its unit.
_DISTANCE_FIGURE = re.compile(r"(?i)(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>km|kms|kilomet|miles)")
#: How far from a place an event told only by its distance from it may be and still be
#: drawn at it, as near it ("12 kilometres from Gulu"; not "within 130 km of San Pedro",
#: nor "190 miles west of Katmandu", which `events` draws that far away).
NEAR_KM = 50.0


def distance_in_km(distance: str) -> float | None:
    """A distance phrase (`DISTANCE`: "about 190 miles (306 km)", "1,200 km") in
    kilometres, by its first figure; None when it gives none ("a few km")."""
    m = _DISTANCE_FIGURE.search(distance)
    if m is None:
        return None
    km = float(m.group("n").replace(",", ""))
    return km * 1.609344 if m.group("unit").lower() == "miles" else km


def _close_by(distance: str) -> bool:
    """Whether a distance phrase ("20 km from", "about 190 miles from") stays near its place;
    one with no figure ("a few km from") does."""
    km = distance_in_km(distance)
    return km is None or km <= NEAR_KM


#: "Mykolaiv, a city near Kherson": what follows the comma says where the first place is.
_LOCATOR_APPOSITION = re.compile(
    r"(?i),\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:city|town|village|suburb|district|"
    r"neighbou?rhood|port|area|camp|region|province)\s+(?:near|in|outside|close\s+to)\s+"
    r"(?:the\s+)?(?:[\w-]+['’]s\s+)?(?:[a-z-]+\s+)?$"
)


#: "the northern Mozambique town of Palma", "the Damascus suburb of Douma": the first
#: place only says where the named one lies; the event is at the named one.
_LOCATES_A_NAME = re.compile(
    r"(?:['’]s)?\s+(?:(?:coastal|border|frontline|front-line|strategic|key|" + COMPASS_ADJ + r"|"
    r"central|mountain|desert|rebel-held|besieged)\s+)?"
    r"(?:town|city|village|port|suburb|district|neighbou?rhood|"
    r"camp|enclave)\s+of\s+(?:al-|el-)?[A-Z]"
)


#: "a ceasefire across Syria", "an attack on Israel": a place (a country too) as where it was.
LOCATIVE = re.compile(
    r"(?i)\b(?:in|across|inside|into|throughout|on|over|against)\s+(?:\w+\s+){0,3}$"
)


#: ", which sits on a rail link between Donetsk and Luhansk": where the place named
#: before it lies, told by other places (up to the next comma).
_LOCATING_CLAUSE = re.compile(
    r"(?i),\s+(?:which|that)\s+(?:sits|lies|stands|straddles|borders|overlooks|"
    r"is\s+(?:located|situated))\b[^,;.]*$"
)


#: "a highway that connects Damascus to", "the road linking Armenia and": what a road joins.
_ROAD_ENDS = re.compile(
    r"(?i)\b(?:roads?|highways?|motorways?|route|railway|rail\s+line|bridges?|supply\s+lines?)"
    r",?\s+(?:(?:that|which)\s+)?(?:connects|connecting|connected|links|linking|linked|joins|"
    r"joining)\s+[^,;.]*$"
)


#: "Soubre, the last main town on the road to the port of San Pedro": where a road leads.
_ROAD_TO = re.compile(
    r"(?i)\b(?:on|along|off)\s+the\s+(?:[\w-]+\s+){0,2}(?:road|highway|motorway|route)\s+"
    r"(?:to|towards?|from|linking\s+\w+\s+(?:to|with))\s+" + PLACE_HEAD + "$"
)


def _road_end(text: str, start: int) -> bool:
    """Whether the place at `start` is named as an end of a road (substrings first: the
    pattern, tried at every character, costs more than the rule)."""
    lo = max(0, start - 90)
    if any(text.find(w, lo, start) >= 0 for w in ("connect", "link", "join")) and bool(
        _ROAD_ENDS.search(text, lo, start)
    ):
        return True
    return any(text.find(w, lo, start) >= 0 for w in ("road", "highway", "route")) and bool(
        _ROAD_TO.search(text, lo, start)
    )


#: "a hospital in Qamishli": where casualties are treated.
_HOSPITAL_IN = re.compile(
    r"(?i)\b(?:hospitals?|clinics?|medical\s+(?:centres?|centers?|facilit(?:y|ies)))\s+"
    r"(?:in|at)\s+(?:the\s+)?$"
)


def locations(
    text: str, places: list[Mention], etype: EventType, related: Callable[[str, str], bool]
) -> list[Mention]:
    """The places an event can be at: the most specific, countries only as a last resort."""
    named = [
        m
        for m in places
        if m.place is not None
        and m.place.kind != "country"
        and not _LOCATES_A_NAME.match(text, m.end)
    ]
    # "the port of Shaqra 100 km east of Aden": Aden only says where another place lies.
    relative = [(m, _RELATIVE_TO.search(text[max(0, m.start - 50) : m.start])) for m in named]
    kept = [m for m, rel in relative if rel is None]
    if not kept:
        # Nothing else is named: a blow or a battle "north of Douma" is beside it.  A
        # capitalised compass word may end a name instead ("from Tonj North of Warrap").
        # What was taken "north of Douma" is another, unnamed place; one "20 km from
        # Douma" is near it, as one "near Douma" is.
        kept = [
            m
            for m, rel in relative
            if rel is None
            or (rel.group("distance") and _close_by(rel.group("distance")))
            or (
                not rel.group("distance")
                and etype not in _TAKEN_OR_LEFT
                and rel.group()[0].islower()
            )
        ]
    # Places that only say where another lies are no sites, unless they are all there is;
    # nor are the ends of a road ("on a highway that connects Damascus to Aleppo").
    sited = [
        m
        for m in kept
        if not _LOCATING_CLAUSE.search(text, max(0, m.start - 90), m.start)
        and not _road_end(text, m.start)
    ]
    kept = sited or kept
    if etype == "casualties":
        # "evacuated 30 wounded from Ras al-Ain to a hospital in Qamishli": the wounded
        # were hurt where they came from, and are treated where they go, even when only
        # where they go is named ("the wounded, on the ship bound for Benghazi").
        not_taken_to = [m for m in kept if not DEST_CUE.search(text, max(0, m.start - 40), m.start)]
        hurt = [
            m for m in not_taken_to if not _HOSPITAL_IN.search(text, max(0, m.start - 40), m.start)
        ]
        # "five people were killed at a hospital in Douma": there, if nothing else is named
        kept = hurt or not_taken_to
    if etype == "evacuation":
        # A country can be where people went ("left for Egypt", "flew to Djibouti").
        kept += [
            m
            for m in places
            if m.place is not None
            and m.place.kind == "country"
            and DEST_CUE.search(text[max(0, m.start - 40) : m.start])
        ]
        kept.sort(key=lambda m: m.start)
    elif not kept and etype in _AREA_WIDE_TYPES:
        kept = [
            m
            for m in places
            if m.place is not None and LOCATIVE.search(text[max(0, m.start - 30) : m.start])
        ]
    kept = [
        m
        for i, m in enumerate(kept)
        if not (i + 1 < len(kept) and _APPOSITION.fullmatch(text[m.end : kept[i + 1].start]))
        and not (i > 0 and _LOCATOR_APPOSITION.fullmatch(text[kept[i - 1].end : m.start]))
    ]
    ids = {m.place.place_id for m in kept if m.place}
    specific = [
        m
        for m in kept
        if m.place
        and not any(o != m.place.place_id and related(o, m.place.place_id) for o in ids)
        and not _holds_a_town(text, m, kept)
    ]
    return specific


def _holds_a_town(text: str, m: Mention, kept: list[Mention]) -> bool:
    """A province or a side of a country named beside a town of its country: where the
    town is, not another site.

    Subdivisions and sides have no parents in the gazetteer, so "fighting in Fallujah,
    the last city in western Anbar province" would put the fighting in both, and so
    would "killed 12 in Kankara in northern Nigeria".
    """
    if m.place is None or not (
        m.place.source == "regions" or (PART_MARK in m.place.place_id and m.place.kind == "region")
    ):
        return False
    return any(
        o.place is not None
        and o.place.country == m.place.country
        and o.place.kind not in AREA_KINDS
        and not _listed_together(text, m, o)
        for o in kept
    )


#: What lies between two names of one list: "Surin[, Ubon Ratchathani and ]Srisaket".
_LIST_GAP = re.compile(
    r"(?:,\s+|,?\s+and\s+)(?:(?:[A-Z][\w’'-]*\s+)*[A-Z][\w’'-]*(?:,\s+|,?\s+and\s+))*"
)


def _listed_together(text: str, a: Mention, b: Mention) -> bool:
    """Two places of one list are peers: in "Surin, Ubon Ratchathani and Srisaket
    provinces" a province GeoNames lacks (read as the town) does not say where the
    others lie."""
    first, second = (a, b) if a.start < b.start else (b, a)
    return _LIST_GAP.fullmatch(text, first.end, second.start) is not None


_PART_NOUN_BEFORE = re.compile(
    r"(?:neighbou?rhoods?|districts?|parts?|areas?|suburbs?|quarters?|pocket|enclave)\s+"
    r"(?:in|of)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_PART_NOUN_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:\w+\s+)?"
    r"(?:strongholds?|neighbou?rhoods?|districts?|pocket|enclave|suburbs?)\b",
    re.IGNORECASE,
)


def names_a_part_of(name: str, quote: str) -> bool:
    """Whether the quote speaks of a part of `name` ("districts of X", "X's suburbs").

    Finds the name as plain text and tests the words around it with two fixed
    patterns, so no pattern is compiled per place name.
    """
    for at, end in _occurrences(name, quote):
        if _PART_NOUN_AFTER.match(quote, end):
            return True
        if (end == len(quote) or not quote[end].isalnum()) and _PART_NOUN_BEFORE.search(
            quote, 0, at
        ):
            return True
    return False


def _occurrences(name: str, text: str) -> Iterator[tuple[int, int]]:
    """Spans of `name` in `text`, ignoring case."""
    if not name:
        return
    folded, key = text.lower(), name.lower()
    if len(folded) != len(text):  # a letter whose lower case is longer: offsets would drift
        for m in re.finditer(re.escape(name), text, re.IGNORECASE):
            yield m.start(), m.end()
        return
    at = folded.find(key)
    while at >= 0:
        yield at, at + len(key)
        at = folded.find(key, at + 1)


def focus_within(
    city: str, places: list[Mention], related: Callable[[str, str], bool]
) -> Mention | None:
    """The one part of `city` that holds every other part the article names."""
    inside = {m.place.place_id: m for m in places if m.place and related(m.place.place_id, city)}
    tops = [pid for pid in inside if all(other == pid or related(other, pid) for other in inside)]
    return inside[tops[0]] if len(tops) == 1 else None


#: A trigger word of the lexicon found in a text, with the event type it signals and the
#: lexicon's phrase it matched ("took hostage" for "took  Hostage").
@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    text: str
    etype: EventType
    phrase: str


def find_triggers(text: str, lex: Lexicon) -> list[Trigger]:
    found = [
        Trigger(m.start(), m.end(), m.group(), etype, phrase)
        for m, phrase in lex.trigger_re.find_phrases(text)
        for etype, _ in lex.event_types_for(phrase)
    ]
    return sorted(found, key=lambda t: (t.start, -t.end))
