"""Flights and evacuations: whether a move word tells of people fleeing, and who went where.

"left", "reached", "convoy" and "displaced" tell of a flight only when the
clause has evacuees, a destination or a party that moves; a named envoy's
trip, troops advancing, violence that "reached" a place, a convoy that was
hit and a camp "hosting displaced people" are none.  For a flight, the places
of its clause are its origin and destinations (`clauses.end_of_route`), and
its parties are evacuees, or who evacuated them, or neither (who drove
people out, the agent of another verb).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from geomap.actors import SPEAKS, ActorHit, actors_in, agent_after, names_a_holder, only_tells
from geomap.clauses import DEST_CUE, SENDING, Trigger, end_of_route
from geomap.lexicon import Lexicon, names_a_people
from geomap.models import Mention

#: A people named in the plural ("Palestinians", "Syrians").
_PEOPLES = re.compile(r"\b[A-Z][a-z]+s\b")


#: "an attack on an official convoy", "ambushed a convoy": what was hit.
_TARGET_BEFORE = re.compile(
    r"(?i)\b(?:attacks?\s+on|strikes?\s+on|ambush(?:ed)?|attacked|targeted|hit|struck|shelled|"
    r"bombed|fired\s+on|opened\s+fire\s+on)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?$"
)


_REINFORCEMENTS = re.compile(r"(?i)\breinforcements?\b")


#: Who arrives as an advance, not as evacuees: armies, not fighters bussed out under a deal.
_ADVANCING = re.compile(r"(?i)\b(?:forces|troops|soldiers|army|units|tanks|columns?|battalions?)\b")


_CIVILIANS = re.compile(
    r"(?i)\b(?:civilians|families|refugees|people|residents|displaced|evacuees|wounded|"
    r"patients|women|children)\b"
)


_FIGHTERS = re.compile(r"(?i)\b(?:fighters|gunmen|militants|jihadists|combatants|insurgents)\b")


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


#: Move words that tell where people went, never where from ("arrived in Yemen
#: to try to avoid an assault on Hodeida" does not leave Hodeida).
_ARRIVALS = frozenset({"arrived in", "reached"})


_EVACUEE = re.compile(
    r"(?i)\b(?:they|people|fighters|civilians|families|refugees|residents|gunmen|militants|evacuees|"
    r"batch|group|relatives|women|children|elderly|jihadists|wounded|patients|diplomats|"
    r"nationals|displaced|hundreds|thousands)\b"
)


#: Who crosses a border fleeing: people, not armed men (whose crossing is an incursion).
_CROSSED_AS_REFUGEES = re.compile(
    r"(?i)\b(?:people|civilians|families|refugees|residents|women|children|elderly|displaced|"
    r"hundreds|thousands|asylum\s+seekers|migrants)\b"
)


#: Words that open a clause of its own: what follows them is another verb's.
_SUBORDINATORS = r"where|while|since|after|before|when|as|until|because"


#: "was left", "had been left": the passive of leaving is what stayed behind.
_BE_BEFORE = re.compile(r"(?i)\b(?:was|were|is|are|be|been|being)\s+$")
#: "left 30 people dead", "leaving five wounded", "left several casualties", "left everything
#: behind": a toll or what stayed, said of the words the verb governs; not a clause of its
#: own ("left Kherson after shelling killed 12", "left Kherson, where shelling has killed
#: dozens").
_DEAD_AFTER = re.compile(
    rf"(?i)(?:(?!\b(?:{_SUBORDINATORS}|which|who)\b)[^.;:]){{0,130}}?"
    r"\b(?:dead|killed|wounded|injured|behind|casualties|deaths|fatalities)\b"
)


#: What may stand between a subject and its verb: "fighting has now reached".
_AUXILIARIES = re.compile(r"(?i)\s+(?:(?:has|have|had|now|also|finally|already|even|soon)\s+)*")


def _violence_moves(trig: Trigger, triggers: Sequence[Trigger], text: str) -> bool:
    """'Fighting reached the city', 'strikes left it in ruins': violence moves, not people."""
    before = [t for t in triggers if t.end <= trig.start]
    if not before or before[-1].etype == "evacuation":
        return False
    return _AUXILIARIES.fullmatch(text, before[-1].end, trig.start) is not None


_NOUN_MODIFIER = re.compile(
    r"(?i)\s+(?:deals?|agreements?|talks|plans?|orders?|routes?|process|camps?|sites?|centres?|"
    r"centers?|tracking|crisis|figures|data|trends?|matrix)\b"
)


#: "the UN special envoy for Yemen Martin Griffiths", "the foreign minister", "President
#: Ashraf Ghani": one person on a trip ("he had left Martuni with his relatives" is a
#: refugee's flight, and stays).
_TITLED_BEFORE = re.compile(
    r"(?:\b(?i:envoy|minister|president|ambassador|secretary|secretary-general|commander|premier|"
    r"delegation|spokes(?:man|woman)|king|emir|pope|mediator|chief)"
    r"(?:\s+(?:for|of|to)\s+(?:the\s+)?[A-Z][\w'’-]*)?(?:\s+[A-Z][\w'’-]+){0,3})"
    r"\s+(?:has\s+|had\s+|was\s+)?(?:\w+ly\s+)?$"
)


#: A bare name as the subject: "Griffiths arrived in Yemen".
_NAME_BEFORE = re.compile(
    r"(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})\s+(?:has\s+|had\s+)?$"
)


def _one_traveller(
    text: str, cs: int, trig: Trigger, places: Sequence[Mention], lex: Lexicon
) -> bool:
    """Whether the one who left or arrived is a single named person ("Griffiths arrived in
    Yemen"); a titled one is `not_a_flight`'s first question, whatever the verb."""
    window = max(cs, trig.start - 70)
    if _EVACUEE.search(text, cs, trig.start):
        return False
    m = _NAME_BEFORE.search(text, window, trig.start)
    if m is None or m.start() != cs:
        return False  # only a name that opens its clause is its subject
    name = m.group("name")
    return not (
        lex.actor_re.search(name)
        or lex.state_forces_re.search(name)
        or names_a_people(lex, name)
        or any(p.start < m.end("name") and m.start("name") < p.end for p in places)
        or not _proper_elsewhere(text, name)
    )


def _proper_elsewhere(text: str, name: str) -> bool:
    """Whether the text capitalises the name mid-sentence too ("Martin Griffiths"): a proper
    name, not a common noun that only opens its sentence ("Soldiers left")."""
    at = text.find(name)
    while at >= 0:
        if at > 1 and text[at - 1] == " " and text[at - 2] not in '.!?"“”:\n':
            return True
        at = text.find(name, at + 1)
    return False


_TO_HOSPITAL = re.compile(r"(?i)\s*(?:to\s+)?(?:a\s+|the\s+|local\s+)*(?:hospitals?|clinics?)\b")


#: The hurt and the dead as what was moved: "evacuated 30 injured people", "the wounded".
_THE_HURT = re.compile(
    r"(?i)\s+(?:the\s+|some\s+|dozens\s+of\s+|[\d,]+\s+)?(?:injured|wounded|sick|bodies|"
    r"casualties)\b"
)


#: "a camp hosting 2 million displaced people", "home to displaced families": a population.
_THE_BEFORE = re.compile(r"(?i)\bthe\s+(?:internally\s+|newly\s+)?$")


_A_POPULATION = re.compile(
    r"(?i)\b(?:host(?:s|ing|ed)?|hous(?:es|ing|ed)|shelter(?:s|ing)?|home\s+to|camps?\s+for|"
    r"number\s+of|among\s+the|who\s+had|whom\s+had|who\s+have)\s+(?:[\w,]+\s+){0,3}?"
    r"displaced(?:\s+(?:people|persons|"
    r"families|civilians|Sudanese|Syrians|Yemenis))?\b"
)


#: "shelling forced thousands to flee", "attacks prompting families to leave".
_FORCED_TO = re.compile(
    r"(?i)\b(?:forc(?:ed|ing|es?)|compell(?:ed|ing|s)|prompt(?:ed|ing|s)?|drove|driving|"
    r"sen[dt](?:ing|s)?)\s+(?:[\w'’,-]+\s+){1,5}?to\s+$"
)


#: "displaced 261 families", "evacuated some 300 civilians": a flight verb with people as
#: its object.
_PEOPLE_OBJECT = re.compile(
    r"(?i)[\"”’']?\s+(?:some\s+|about\s+|more\s+than\s+|at\s+least\s+|over\s+|nearly\s+|tens\s+of\s+)?"
    r"(?:\d|thousands|hundreds|dozens|civilians|residents|families|people|women|children|"
    r"villagers|inhabitants|(?:[\w-]+\s+){0,2}?(?:citizens|nationals|foreigners|diplomats|staff|"
    r"expatriates|personnel)\b)"
)


#: "the convoy is not targeted by the coalition": the agent of another verb.
_ANOTHER_VERB = re.compile(r"(?i)\b\w{3,}(?:ed|en)\b")


_AND_BEFORE = re.compile(r"(?i)\band\s+(?:the\s+)?(?:[\w-]+\s+)?$")


_SUBJECT_OF_ANOTHER = re.compile(
    r"(?:\s+[a-z]+)?\s+(?:are|is|were|was|have|has|had|will|would|now|remain|remained|control|controlled|"
    r"took|seized|captured|entered|stormed|overran|attacked|advanced|shelled|launched)\b"
)


#: A clause that hangs from the flight's words: "displaced by a conflict in which armed
#: gangs have expanded their control" (a few words may stand before its subject).
_CLAUSE_OPENER_BEFORE = re.compile(
    rf"(?i)\b(?:in\s+which|during\s+which|whereas|once|{_SUBORDINATORS})\s+(?:[\w-]+\s+){{0,4}}$"
)


#: Any verb in the past after a party that opens a clause of its own: "since M23 rebels
#: resumed their offensive", "after IS militants killed".
_PAST_AFTER = re.compile(
    r"(?:\s+[a-z]+)?\s+(?:[a-z]{2,}ed|took|began|fought|struck|hit|shot|drove|swept|fell|"
    r"broke|came|won|lost|made|sent|held|kept|left|led|overran)\b"
)


def _another_subject(text: str, trigger_end: int, start: int, end: int) -> bool:
    """Whether the words at text[start:end], after a flight, open a clause of their own:
    "forces left their positions and ISIL terrorists are in full control", "a conflict
    in which armed gangs have expanded their control", "have fled since the RSF seized"."""
    if start <= trigger_end:
        return False
    if _CLAUSE_OPENER_BEFORE.search(text, max(trigger_end, start - 60), start) is not None:
        # After "since" or "where" a subject is certain; after "and" it may be a second
        # evacuee ("civilians and IS fighters bussed out"), so only a few verbs tell.
        return (
            _SUBJECT_OF_ANOTHER.match(text, end) is not None
            or _PAST_AFTER.match(text, end) is not None
        )
    return (
        _AND_BEFORE.search(text, max(trigger_end, start - 10), start) is not None
        and _SUBJECT_OF_ANOTHER.match(text, end) is not None
    )


#: "a spokesperson for the Karen National Union": who speaks for a party, not the party.
_MEMBER_OF = re.compile(
    r"(?i)\b(?:spokes(?:man|woman|person)|officials?|commanders?|leaders?|members?|head|chief|"
    r"representatives?)\s+(?:of|for|from)\s+(?:the\s+)?$"
)


def _speaks_for(text: str, hit: ActorHit, hits: Sequence[ActorHit]) -> bool:
    """Whether the party is named as one a speaker stands for, with its acronym after it:
    "a spokesperson for the Karen National Union (KNU)"."""
    named = [hit] + [
        h
        for h in hits
        if h.actor == hit.actor and h.end + 2 == hit.start and text.startswith(" (", h.end)
    ]
    return any(_MEMBER_OF.search(text, max(0, h.start - 40), h.start) for h in named)


_DONE_BY = re.compile(r"(?i)\b\w{3,}(?:ed|en)\s+by\s+(?:the\s+|a\s+)?$")


#: What people flee from: "attacks by the RSF", "the advance of M23", "RSF shelling",
#: "the city's takeover on Tuesday by the M23".
_CAUSE_NOUN = (
    r"(?:attacks?|advances?|offensives?|shelling|fighting|violence|raids?|assaults?|"
    r"bombardments?|bombings?|(?:air\s?)?strikes?|incursions?|threats?|onslaught|siege|"
    r"takeover|capture|seizure|battles?|clashes|combat|hostilities|firefights?|gunfights?|"
    r"gun\s?battles?|skirmish(?:es)?)"
)
_CAUSE_OF_BEFORE = re.compile(
    rf"(?i)\b{_CAUSE_NOUN}(?:\s+(?:on|last|this|early|late)\s+[\w-]+)?"
    r"\s+(?:by|of|from)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}$"
)
#: "the battles between the army and the RSF", "clashes between Houthi rebels and
#: government forces": both sides of a fight people fled.
_BETWEEN_BEFORE = re.compile(
    rf"(?i)\b{_CAUSE_NOUN}"
    # where the fight is may stand before its sides: "fighting in Helmand province between"
    r"(?:\s+(?:in|on|at|around|near|across)\s+[^,.;]{0,60}?)?"
    r"\s+between\s+(?:[^.;]{0,60}?\band\s+)?(?:the\s+|an?\s+)?"
    # "between government troops and Free Aceh Movement (GAM) rebels"
    r"(?:(?:[\w-]+|\([\w-]+\))\s+){0,4}$"
)
#: "RSF attacks", "M23's advance", "RSF drone strikes"; not "the UN amid attacks".
_CAUSE_NOUN_AFTER = re.compile(
    r"(?i)(?:['’]s)?\s+(?!(?:amid|after|despite|during|following|before|against|in|on|at|"
    rf"for|with|and|or)\b)(?:[a-z][\w-]*\s+)?{_CAUSE_NOUN}\b"
)


def _causes_the_flight(text: str, cs: int, hit: ActorHit, hits: Sequence[ActorHit]) -> bool:
    """Whether a party named beside the flight is what people fled, not who fled.

    "fled amid attacks by the paramilitary RSF", "driven from their homes by
    the advance of M23", "displaced due to RSF attacks", "residents fearing an
    RSF offensive fled", "battles between the army and the RSF have displaced
    thousands": the RSF, M23 and the army stayed.  `cs`: where the clause starts.
    """
    # "the Rapid Support Forces (RSF)": the acronym stands where its name does.
    named = next(
        (h for h in hits if h.actor == hit.actor and text[h.end : hit.start] == " ("), None
    )
    if named is not None:
        return _causes_the_flight(text, cs, named, hits)
    return _cause_before(text, cs, hit.start) or bool(_CAUSE_NOUN_AFTER.match(text, hit.end))


def _cause_before(text: str, cs: int, start: int) -> bool:
    """Whether the words before `start` make who is named there the doer of what people
    fled: "attacks by", "the advance of", "battles between the army and"."""
    return bool(
        _CAUSE_OF_BEFORE.search(text, max(cs, start - 60), start)
        or (
            "between" in text[max(cs, start - 100) : start]
            and _BETWEEN_BEFORE.search(text, max(cs, start - 100), start)
        )
    )


_PASSIVE_JUST_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+)?$")


def _drove_out(text: str, cs: int, trig: Trigger) -> bool:
    """Whether who is named before the flight made others flee: "RSF shelling forced
    thousands to flee", "the Houthis displaced 261 families".  They did not flee."""
    if _FORCED_TO.search(text, max(cs, trig.start - 60), trig.start):
        return True
    return (
        trig.text.lower() in ("displaced", "displacing", "displaces", "evacuated", "evacuating")
        and not _PASSIVE_JUST_BEFORE.search(text, max(cs, trig.start - 20), trig.start)
        and _PEOPLE_OBJECT.match(text, trig.end) is not None
    )


#: "banners left at the scene": what was left there, not who left.
_LEFT_THERE = re.compile(r"(?i)\s+(?:at|on)\s+the\s+(?:scene|site|spot)\b")
#: "leaving a single escape route open", "left the bridge intact": a state left behind.
_LEFT_OPEN = re.compile(
    r"(?i)\s+(?:a|an|the|only|just|one|its|their)\s+(?:[\w-]+\s+){0,4}?(?:open|intact|"
    r"unscathed|untouched|standing|unguarded|exposed)\b"
)
#: "They have left burnt-out tanks", "left a trail of destruction": things left, not a place.
_THINGS_LEFT = re.compile(
    r"(?i)\s+(?:(?:a|an|the|their|its|some|several|dozens\s+of|[a-z]+-(?:out|up)|destroyed|"
    r"abandoned|charred|damaged|wrecked)\s+)*(?:tanks?|vehicles?|weapons?|ruins|rubble|craters?|"
    r"mines|booby\s+traps|trail|trails|marks?|messages?|graffiti|damage|destruction|equipment|"
    r"ammunition|arms|scars?)\b"
)


#: "the left bank", "their left flank": "left" as a side.
_SIDE_BEFORE = re.compile(r"(?i)\b(?:the|their|its|his|her|our)\s+$")


#: What aid convoys carry: "aid convoys reached X", "trucks carrying food entered X".  Not
#: people who work in aid ("aid workers left Sanaa"), nor a corridor for people.
_GOODS = re.compile(
    r"(?i)\b(?:(?:aid|relief)(?!\s+(?:workers?|staff|agenc|groups?|officials?|organi[sz]ations?))|"
    r"food|fuel|medicines?|medical\s+supplies|supplies|grain|flour|wheat|cargo|goods)\b"
)


def moves_goods(text: str, cs: int, ce: int) -> bool:
    """Whether a clause tells of goods on the move and names no people: a delivery ("aid
    convoys reached Deir ez-Zor", "a convoy carrying food"), neither a flight nor a takeover."""
    return _GOODS.search(text, cs, ce) is not None and _EVACUEE.search(text, cs, ce) is None


def not_a_flight(
    text: str,
    clause: tuple[int, int],
    trig: Trigger,
    triggers: Sequence[Trigger],
    places: Sequence[Mention],
    lex: Lexicon,
    country: str | None,
) -> bool:
    """Whether an evacuation trigger, in its clause, tells of no flight at all."""
    cs, ce = clause
    tl = trig.text.lower()
    if _NOUN_MODIFIER.match(text, trig.end):
        return True  # "evacuation deals": a kind of deal, not an evacuation
    if _TO_HOSPITAL.match(text, trig.end) or _THE_HURT.match(text, trig.end):
        # "the wounded were taken to hospital", "evacuated 30 injured people and 4 bodies":
        # care, not flight
        return True
    if _A_POPULATION.search(text, max(cs, trig.start - 30), trig.end + 12):
        return True  # "a camp hosting 2 million displaced people": who lives there
    if tl == "displaced" and _THE_BEFORE.search(text, max(cs, trig.start - 20), trig.start):
        return True  # "homes for the displaced": people, not a flight
    if _TITLED_BEFORE.search(text, max(cs, trig.start - 70), trig.start) and not _EVACUEE.search(
        text, cs, trig.start
    ):
        return True  # "as President Ashraf Ghani fled the country": one man's escape
    if tl.startswith("cross"):
        # "60,000 refugees crossed into Chad", not "Russian troops crossed into Ukraine"
        return not _CROSSED_AS_REFUGEES.search(text, cs, ce)
    if tl not in _MOVE_WORDS:
        return False
    if tl.startswith(("left", "leav")) and _DEAD_AFTER.match(text, trig.end):
        return True
    if tl == "left" and _BE_BEFORE.search(text, max(cs, trig.start - 12), trig.start):
        return True  # "no weapon was left on the bank", "were left homeless": what stayed
    if tl == "left" and (_LEFT_THERE.match(text, trig.end) or _THINGS_LEFT.match(text, trig.end)):
        return True  # "banners left at the scene", "they left burnt-out tanks": things left
    if tl.startswith(("left", "leav")) and _LEFT_OPEN.match(text, trig.end):
        return True  # "leaving a single escape route open": what stays, not who goes
    if tl == "left" and _SIDE_BEFORE.search(text, max(cs, trig.start - 6), trig.start):
        return True  # "to the left bank of the Dnipro": a side, not a departure
    if _violence_moves(trig, triggers, text):
        return True
    if _TARGET_BEFORE.search(text, max(0, trig.start - 40), trig.start):
        return True  # "an attack on an official convoy": a target, not a flight
    if _REINFORCEMENTS.search(text, cs, trig.start):
        return True  # "reinforcements reached Mekelle": an advance, not a flight
    if moves_goods(text, cs, ce):
        return True  # "aid convoys reached Deir ez-Zor": a delivery, not a flight
    if (
        (tl in _ARRIVALS or tl.startswith("heading"))
        and _ADVANCING.search(text, cs, trig.start)
        and not _CIVILIANS.search(text, cs, ce)
    ):
        # "Iraqi troops reached Mosul", "units arrived in Sinjar", "soldiers heading to South
        # Ossetia": an advance
        return True
    if _one_traveller(text, cs, trig, places, lex):
        return True  # "the UN envoy left Sanaa", "Griffiths arrived in Yemen": a trip
    has_dest = any(
        DEST_CUE.search(text[max(cs, m.start - 40) : m.start]) for m in places if cs <= m.start < ce
    )
    return not (_EVACUEE.search(text, cs, ce) or has_dest or actors_in(text, cs, ce, lex, country))


@dataclass(frozen=True)
class Route:
    """Where a flight went from and to, who fled, and who evacuated them."""

    origin: Mention | None
    destinations: list[Mention]
    evacuees: list[str]
    by: list[str]


def route(
    text: str,
    clause: tuple[int, int],
    trig: Trigger,
    places: Sequence[Mention],
    actors: Sequence[ActorHit],
    anaphor_end: Literal["origin", "destination"] | None,
    lex: Lexicon,
) -> Route:
    """The route and parties of a flight its clause tells (`places[0]` is the place an
    anaphor pointed back to, and `anaphor_end` the end of the route it is, if any)."""
    cs, ce = clause
    origin: Mention | None = places[0] if anaphor_end == "origin" else None
    dests: list[Mention] = [places[0]] if anaphor_end == "destination" else []
    arrival = trig.text.lower() in _ARRIVALS
    for m in places[1:] if anaphor_end else places:
        end = end_of_route(text, cs, m)
        if end == "destination":
            dests.append(m)
        elif (
            origin is None
            and end != "waypoint"
            and (end == "origin" or not (arrival and m.start > trig.start))
        ):
            # After "arrived in" an unmarked place says nothing of where people
            # came from; before it ("Douma evacuees arrived in Idlib") it does.
            origin = m
    # "fled to Kyiv": a capital on the route is a place there, not its government.
    ends_of_route = [m for m in (origin, *dests) if m is not None]
    drove = _drove_out(text, cs, trig)
    # "Saudi Arabia evacuated Gulf citizens", "were evacuated by Saudi Arabia": who
    # evacuated them did it, and did not leave.
    # "a convoy that was shelled by X": X did another deed, and neither left nor evacuated.
    agents = [
        h
        for h in actors
        if agent_after(text, trig.end, h)
        or (h.start > trig.end and _DONE_BY.search(text, max(trig.end, h.start - 40), h.start))
    ]
    evacuators = {
        h.actor
        for h in agents
        if not _ANOTHER_VERB.search(text, trig.end, h.start)
        # "fled Douma amid attacks by IS": IS did the attacks, not the evacuation
        and not _causes_the_flight(text, cs, h, actors)
    }
    if drove and trig.text.lower().startswith("evacuat"):
        evacuators |= {h.actor for h in actors if h.end <= trig.start}
    # "The UN is sending 20 buses to Douma": who sends the buses evacuates, and stays.
    sending = SENDING.search(text, cs, ce)
    senders = [h for h in actors if sending and h.end <= sending.start()]
    evacuators |= {h.actor for h in senders}
    moved = [
        h
        for h in actors
        if not any(m.start <= h.start and h.end <= m.end for m in ends_of_route)
        and not SPEAKS.match(text, h.end)
        and not only_tells(text, h, trig)
        and not _speaks_for(text, h, actors)
        and not names_a_holder(text, h)
        and not (drove and h.end <= trig.start and lex.actors[h.actor].kind != "state")
        and h not in agents
        and h not in senders
        and not _causes_the_flight(text, cs, h, actors)
    ]
    evacuees = sorted(
        {
            h.actor
            for h in moved
            if lex.actors[h.actor].kind != "state"
            # "forces left their positions and ISIL terrorists are in control": the
            # subject of another verb did not leave
            and not _another_subject(text, trig.end, h.start, h.end)
        }
    )
    fighters = [
        m
        for m in _FIGHTERS.finditer(text, cs, ce)
        if not _DONE_BY.search(text, max(cs, m.start() - 40), m.start())
        and not _another_subject(text, trig.end, m.start(), m.end())
        # "amid attacks by IS fighters": the fighters did what people fled
        and not _cause_before(text, cs, m.start())
    ]
    if fighters and not any(a != "civilians" for a in evacuees):
        evacuees = sorted({*evacuees, "fighters"})
    if not evacuees and (
        _UNARMED.search(text, cs, ce)
        or any(names_a_people(lex, m.group()) for m in _PEOPLES.finditer(text, cs, ce))
    ):
        evacuees = ["civilians"]  # "thousands of Palestinians fled": a people, unarmed
    by = sorted({h.actor for h in moved if lex.actors[h.actor].kind == "state"} | evacuators)
    return Route(origin, dests, evacuees, by)


_UNARMED = re.compile(
    r"(?i)\b(?:civilians|women|children|family|families|relatives|residents|people|citizens|"
    r"nationals|foreigners|expatriates)\b"
)
