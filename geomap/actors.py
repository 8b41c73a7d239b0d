"""Who did what, as a clause tells it: the parties an event's clause names, and their roles.

An actor phrase ("IS fighters", "Houthi rebels", "Burkinabe soldiers") is
resolved to a party of the lexicon; its place in the clause gives its role.
Before a capture verb it is the new holder, marked "-held", "held by" or
"former X stronghold" the old one; before a strike the doer, after "by" too,
and the subject of a passive harm ("soldiers were killed") is struck.  Who
only tells ("the UN said") is no doer, unless it speaks of itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from geomap.clauses import Trigger
from geomap.counts import NUMBER_WORDS
from geomap.lexicon import (
    HOLDER_SUFFIXES,
    UNCURATED_GROUP,
    Lexicon,
    actor_for,
    named_parties,
    names_a_people,
)
from geomap.models import UNIDENTIFIED_ARMED_GROUP, Actors, EventType
from geomap.toponyms import COMPASS_POINT

#: Lower case only: "IS captured Palmyra" names the Islamic State, not a passive.
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$")


_HELD_BY = re.compile(r"(?i)(?:\s+held\s+by|\s+strongholds?|\s+pocket|\s+enclave)")


#: "government forces, backed by the UAE, entered": who stands behind the side that moved.
_BACKER_BEFORE = re.compile(
    r"(?i)\b(?:(?:backed|supported|aided|assisted|helped|sponsored|funded|armed|trained)\s+by|"
    # "with the support of Russian troops", "with help from", "with the air cover of"
    r"with\s+(?:the\s+)?(?:[a-z]+\s+)?(?:support|help|backing|assistance|cover)\s+(?:of|from))\s+"
    # a later one of several ("backed by Russia, Iran and Hezbollah", "by the US and the
    # UAE"), or a people before its forces with a word of their own ("backed by Turkish
    # armed forces")
    r"(?-i:(?:(?:[A-Z][\w'’.-]*,?|and|the)\s+){0,6}(?:[a-z]+\s+)?)$"
)


#: "the RSF, a group fighting the army, seized": whom the side that moved fights.
_ENEMY_BEFORE = re.compile(r"(?i)\b(?:fighting|battling|against|opposing)\s+(?:the\s+)?$")


#: "drove IS out of", "expelled the rebels from": the gap of such a trigger names who left.
_OUSTER = re.compile(
    r"(?i)^(?:drove|driven|driving|drive|pushed|forced|expelled|routed|routing|ousted|kicked|"
    r"dislodg(?:e|ed|ing)|ejected)\b"
)


@dataclass(frozen=True)
class ActorHit:
    """Where a clause names a party, and which party of the lexicon it is."""

    start: int
    end: int
    actor: str


#: Between an actor's name and a force word that is its own: a space or a possessive.
_OWNS = re.compile(r"(?:['’]s?)?\s+")


#: "northern Israel", "south Lebanon", "northeast Ukraine": a compass word makes a
#: country's name a region's.
_SIDE_OF = re.compile(r"(?i)\b(?:" + COMPASS_POINT + r")(?:ern)?\s+$")
#: "the UN coordinator in Ukraine": a country after "in" is where, not who.
_IN_A_COUNTRY = re.compile(r"(?i)\b(?:in|inside|across|throughout)\s+$")


_NAMED_CACHE: list[tuple[str, Lexicon, frozenset[str]]] = []


def _named_in(text: str, lex: Lexicon) -> frozenset[str]:
    """`named_parties` of the article, kept for the last article (asked once per clause)."""
    if _NAMED_CACHE and _NAMED_CACHE[0][0] is text and _NAMED_CACHE[0][1] is lex:
        return _NAMED_CACHE[0][2]
    named = named_parties(lex, text)
    if _names_an_uncurated_group(text, lex):
        named |= {UNCURATED_GROUP}
    _NAMED_CACHE[:] = [(text, lex, named)]
    return named


#: A proper name before a word for an armed group: "the Seleka movement", "Maute Group",
#: "Tuareg rebels".
_GROUP_NAMED = re.compile(
    r"\b(?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})\s+(?:rebels?|movement|"
    r"[Gg]roup|militias?|militiamen|insurgents|fighters|militants|coalition|guerrillas)\b"
)
#: Words that say what kind of men, not which group: "Islamist rebels".
_KIND_OF_MEN = frozenset(
    {"Islamist", "Islamists", "Jihadist", "Sunni", "Shia", "Shiite", "Christian", "Muslim"}
    | {"Armed", "Rebel", "Opposition", "Militant", "Ethnic", "Local", "Rival", "Allied"}
    | {"Government", "Pro", "Anti", "Foreign", "Separatist", "Extremist", "Terrorist"}
    # a sentence may open with any of these: "Some militants", "The rebels"
    | {"The", "Some", "Many", "Several", "Other", "These", "Those", "Most", "All", "Both"}
    | {"Two", "Three", "Four", "Five", "Hundreds", "Thousands", "Dozens", "Scores"}
    | {"Suspected", "Unidentified", "Unknown", "Former", "Remaining", "Heavily", "Masked"}
)


def _names_an_uncurated_group(text: str, lex: Lexicon) -> bool:
    """Whether the story names an armed group by a name no curator listed."""
    for m in _GROUP_NAMED.finditer(text):
        name = m.group("name")
        first = name.split()[0].split("-")[0]
        if first in _KIND_OF_MEN or names_a_people(lex, first):
            continue
        if lex.actor_re.search(name) or lex.country_by_name.get(name.lower()):
            continue  # a curated party ("Houthi rebels") or a country's men
        return True
    return False


_ITS = re.compile(r"(?i)\b(?:its|their)\s+$")
#: A word before "forces" or "troops" that makes them no state's: "resistance forces".
_NOT_THE_STATES = re.compile(
    r"(?i)\b(?:resistance|opposition|insurgent|guerrilla|anti-government|anti-regime|"
    r"anti-junta|self-defen[cs]e)\s+$"
)


#: A party's name right after a generic word for armed men: "the rebel Lord Resistance
#: Army" (a name that ends in a word for a body, so that a place or a day after the word
#: does not count: "rebels Monday").
_UNKNOWN_PARTY_AFTER = re.compile(
    r" (?:[A-Z][\w’'-]+ ){1,3}"
    r"(?:Army|Front|Movement|Forces|Brigades?|Group|Alliance|Party|Council|Union)\b"
)


def actors_in(text: str, s: int, e: int, lex: Lexicon, country: str | None) -> list[ActorHit]:
    """Actor phrases in text[s:e], state-force words resolved to a country."""
    hits: list[ActorHit] = []
    parties = _named_in(text, lex)
    for m in lex.actor_re.finditer(text, s, e):
        if _SIDE_OF.search(text, max(s, m.start() - 16), m.start()):
            continue  # "rockets on northern Israel": a region, not the state
        if _IN_A_COUNTRY.search(
            text, max(s, m.start() - 12), m.start()
        ) and lex.country_by_name.get(m.group().lower()):
            continue  # "the UN's coordinator in Ukraine": where, not who
        home, people = country, None
        if lex.is_generic(m.group()):
            if hits and _OWNS.fullmatch(text, hits[-1].end, m.start()):
                continue  # "Arakan Army insurgents": that party's own men
            if _UNKNOWN_PARTY_AFTER.match(text, m.end()):
                # "the rebel Lord Resistance Army's": the party named after the word (its
                # own hit, if the lexicon knows it: "the rebel Free Syrian Army"), not the
                # one at home in the story's country (the ADF).
                if not any(
                    p.start() == m.end() + 1 for p in lex.actor_re.finditer(text, m.end(), e)
                ):
                    hits.append(ActorHit(m.start(), m.end(), UNIDENTIFIED_ARMED_GROUP))
                continue
            # "Ugandan Islamist rebels" are at home in Uganda, wherever the story is.
            people = _named_country(text[max(s, m.start() - 30) : m.start()], lex)
            home = people or country
        actor = actor_for(lex, m.group(), home, parties, story_party=people is None)
        if actor:
            hits.append(ActorHit(m.start(), m.end(), actor))
    # A word that names a state only beside it ("government") is taken after any longer
    # state-force phrase that starts where it does ("government forces").
    state_words = sorted(
        [(m, False) for m in lex.state_forces_re.finditer(text, s, e)]
        + [(m, True) for m in lex.state_forces_named_re.finditer(text, s, e)],
        key=lambda found: (found[0].start(), found[1]),
    )
    for m, named_only in state_words:
        if any(h.start <= m.start() < h.end or m.start() <= h.start < m.end() for h in hits):
            continue
        if any(_OWNS.fullmatch(text, h.end, m.start()) for h in hits if h.end <= m.start()):
            continue  # "Houthi forces", "the rebels' troops": that actor's, not the state's
        if _NOT_THE_STATES.search(text, max(s, m.start() - 14), m.start()):
            continue  # "resistance forces", "opposition troops": fighting the state
        if _ITS.search(text, max(s, m.start() - 7), m.start()):
            owner = [h for h in hits if h.end <= m.start()]
            if owner:
                # "Russia said its forces had captured X": the forces of who speaks.
                hits.append(ActorHit(m.start(), m.end(), owner[-1].actor))
                continue
        named = _named_country(text[max(s, m.start() - 30) : m.start()], lex)
        if (
            named_only
            and not named
            and not _QUALIFIED.search(text, max(s, m.start() - 60), m.start())
        ):
            continue  # "a government complex": no state's
        actor = lex.state_of(named, named=True) if named else lex.state_of(country)
        if actor:
            hits.append(ActorHit(m.start(), m.end(), actor))
    return sorted(hits, key=lambda h: h.start)


#: "the internationally recognised government", "the Saudi-backed government": the
#: story's state, qualified by words that name no other ("-led" would: "Houthi-led").
_QUALIFIED = re.compile(
    r"(?i)\bthe\s+(?:(?:[\w]+-(?:backed|supported|recogni[sz]ed|allied|aligned)|"
    r"internationally\s+recogni[sz]ed|recogni[sz]ed|exiled|elected|interim|transitional|"
    r"central|federal|national|legitimate|embattled|beleaguered|besieged|new)\s+){1,3}$"
)


#: "shelled by Russian forces", "strikes carried out by the coalition": the doer, named after.
_AGENT_BY = re.compile(
    r"(?i)\s+(?:(?P<words>(?:[\w-]+\s+){0,3}?))by\s+(?:the\s+|a\s+|these\s+|those\s+|their\s+)?"
    # "attacks by the paramilitary Rapid Support Forces", "by the militant group Hamas"
    r"(?:(?:paramilitary|rebel|militant|jihadist|armed|insurgent|separatist|extremist|"
    r"terrorist|islamist|militia)\s+(?:(?:group|movement|organi[sz]ation)\s+)?)?"
    # "by Ugandan Islamist rebels": whose they are, before the word for them
    r"(?-i:(?:[A-Z][\w'’-]*\s+){0,2})"
)


#: "rebels backed by Turkey": who stands behind a party, not who did the deed.
_AFFILIATION = frozenset(
    {"backed", "led", "supported", "aided", "sponsored", "allied", "held", "controlled", "run"}
    | {"dominated", "funded", "armed", "trained", "besieged", "surrounded", "encircled"}
    | {"occupied", "recaptured", "retaken", "captured", "seized", "taken"}
)


def agent_after(text: str, trigger_end: int, hit: ActorHit) -> bool:
    """Whether an actor named after the trigger did it ("shelled by Russian forces")."""
    if hit.start < trigger_end:
        return False
    m = _AGENT_BY.fullmatch(text, trigger_end, hit.start)
    if m is None:
        return False
    words = m.group("words").split()
    return not words or words[-1].lower() not in _AFFILIATION


#: "Israeli strikes", "Turkish drone strikes", "US air strikes": a state's weapon, named by
#: its people (or its short name) right before the trigger, with at most a weapon word between.
_STATE_WEAPON_BEFORE = re.compile(
    r"(?<![\w.-])(?P<state>[A-Z][a-z]+|US|U\.S\.|UK)\s+"
    r"(?:(?:air|drone|missile|rocket|artillery|mortar|aerial|naval|tank|cruise|ballistic)\s+)?$"
)


_SHORT_NAMES = {"US": "US", "U.S.": "US", "UK": "GB"}


_WEAPON_TYPES = frozenset({"airstrike", "shelling", "attack"})


def _state_of_weapon(text: str, cs: int, trig: Trigger, lex: Lexicon) -> str | None:
    """The state whose strike or shelling the trigger is, when its people are named before it."""
    if trig.etype not in _WEAPON_TYPES:
        return None
    m = _STATE_WEAPON_BEFORE.search(text, max(cs, trig.start - 30), trig.start)
    if m is None:
        return None
    word = m.group("state")
    country = _SHORT_NAMES.get(word) or lex.references.demonyms.get(word)
    return lex.state_of(country, named=True)


#: The country named right before a state-force word: "Burkinabe soldiers",
#: "Burkina Faso's army", "Haiti's security forces" (one word may come between).
_COUNTRY_BEFORE = re.compile(
    r"(?P<name>(?:[A-Z][a-z]+\s+)?[A-Z][a-z]+)(?:['’]s)?\s+(?:[\w-]+\s+)?$"
)


def _named_country(before: str, lex: Lexicon) -> str | None:
    m = _COUNTRY_BEFORE.search(before)
    if m is None:
        return None
    name = m.group("name")
    last = name.split()[-1]
    return (
        lex.country_by_name.get(name.lower())
        or lex.references.demonyms.get(name)  # "Sri Lankan"
        or lex.references.demonyms.get(last)
        or lex.country_by_name.get(last.lower())
        or _country_of_name(last, lex)
    )


def _country_of_name(word: str, lex: Lexicon) -> str | None:
    """'Syria' in "Syria's military" -> SY, via the demonym table.

    Word and demonym must share four letters or more: "The" is not Thai, nor
    "Thomas" Thai either.
    """
    if len(word) < 4:
        return None
    for demonym, cc in lex.references.demonyms.items():
        stem = demonym[:-2]
        if demonym.startswith(word) or (len(stem) >= 4 and word.startswith(stem)):
            return cc
    return None


def acled_control_code(
    actors: Actors, transfer: bool, lex: Lexicon, country: str | None
) -> tuple[str, str | None]:
    """ACLED's code for a control change: who gained, and how.

    With no gainer named the sub-event type is unknown, not a non-state gain.
    """
    if transfer:
        return "Strategic developments", "Non-violent transfer of territory"
    gainer = lex.actors.get(actors.to or "")
    if gainer is None:
        return "Battles", None
    if gainer.kind == "state" and (country is None or gainer.country == country):
        return "Battles", "Government regains territory"
    return "Battles", "Non-state actor overtakes territory"


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
        "surrendering",
        "lost control of",
        "lost control over",
    }
)


#: A clause that opens by saying who is backed: "Backed by Russian air strikes, ...".
_BACKED_OPENING = re.compile(
    r"(?i)[\W_]*(?:backed|supported|aided|helped|assisted|covered|protected)\s+by\s"
)
#: "The UN said that 5,000 fled": who tells of a flight did not flee, nor (unless it
#: speaks of itself, `_SELF`) did the deed it tells of.
SPEAKS = re.compile(
    r"(?i)['’]?s?\s+(?:(?:has|have|had)\s+)?(?:said|says|reported|reports|estimated|estimates|"
    r"announced|told|stated|warned)\b"
)


#: A teller and its words, a short phrase apart: "residents in Yemen have reported",
#: "UNRWA spokesman Chris Gunness said" (no comma, so no clause, between them).
_TELLS_AFTER = re.compile(
    r"(?i)[^,.;:!?\"“”]{0,60}?\s(?:(?:has|have|had)\s+)?"
    r"(?:said|says|say|reported|reports|announced|told|stated|estimated)\b"
)


#: Who tells, named after the words told: '..." said Osnat Lubrani, the UN coordinator'.
_TOLD_BY_BEFORE = re.compile(r"(?i)\b(?:said|says|told|according\s+to)\s+[^.;:!?\"“”]{0,60}$")


def only_tells(text: str, hit: ActorHit, trig: Trigger) -> bool:
    """Whether an actor named with a fight or truce only tells of it: "residents have
    reported heavy clashes", "..., UNRWA spokesman Chris Gunness said"; not "the UN
    said it agreed a truce", which speaks of itself.  After the trigger, a party
    named after "said" tells too ('..." said the UN coordinator')."""
    if hit.start >= trig.end and _TOLD_BY_BEFORE.search(
        text, max(trig.end, hit.start - 80), hit.start
    ):
        return True
    told = _TELLS_AFTER.match(text, hit.end)
    if told is None:
        return False
    if told.end() <= trig.start:
        return not _SELF.search(text, told.end(), trig.start)
    return hit.start >= trig.end


#: Where a clause of its own may open after a deed: "attack, armed men ...", "areas where".
_CLAUSE_BREAK = re.compile(r"(?i)[,;]|\b(?:where|which|who|while|whereas|and)\b")
#: A verb right after a party (an acronym in brackets may come between): its own deed.
_OWN_VERB = re.compile(
    # not a harm done to it: "left 28 people wounded", "civilians killed in the strike"
    r"(?:\s*\([^()]{1,20}\)|\))?\s+(?!(?:killed|wounded|injured|displaced|trapped)\b)"
    r"(?:have|has|had|are|is|were|was|[a-z]{3,}ed|took|fought|"
    r"struck|hit|shot|drove|swept|overran|held|began)\b"
)


#: A clause a conjunction opens after the deed, up to its verb: "since Israel and the US
#: launched", "after it was shelled".
_ANOTHER_CLAUSE = re.compile(
    r"(?i)\b(?:since|after|before|when|while|because|until)\s+[^.;,]*?\b(?:[a-z]{3,}ed|took|began|"
    r"fought|struck|hit|shot|drove|swept|overran|held|has|have|had|was|were|is|are)\b"
)


def _subject_of_its_own(text: str, trigger_end: int, hit: ActorHit) -> bool:
    """Whether a party named after a deed belongs to another clause, not its target: the
    subject of one ("It was an attack, armed men surrounded the village", "areas where
    groups linked to ISIL (ISIS) have been active"), or anything in a clause that a
    conjunction opens with a verb of its own ("the deadliest incident since Israel and
    the US launched their war against Iran"); not "an attack on soldiers, who were killed"."""
    return bool(
        (_CLAUSE_BREAK.search(text, trigger_end, hit.start) and _OWN_VERB.match(text, hit.end))
        or _ANOTHER_CLAUSE.search(text, trigger_end, hit.start)
    )


#: "an IS-held area", "rebel-controlled towns": the party only says who holds a place.
_HOLDS = re.compile(rf"(?i)-(?:{HOLDER_SUFFIXES})(?![\w-])")


def names_a_holder(text: str, hit: ActorHit) -> bool:
    """Whether an actor is named only as who holds a place ("fled an IS-held area"):
    it neither fled nor struck."""
    return bool(_HOLDS.match(text, hit.end) or _HOLDS.search(text, hit.start, hit.end))


#: "Israel said it struck": the teller speaks of itself.
_SELF = re.compile(r"(?i)\b(?:it|its|they|their|we|our|itself|themselves|the\s+group)\b")


#: "were killed by Boko Haram fighters": the doer of a passive verb, before or after the trigger.
#: "artillery fire from the Sudanese army", "shelling from Russian forces": whose fire.
_FIRE_FROM = re.compile(
    r"(?i)\b(?:fire|shelling|shells|bombardment|bombing|strikes|airstrikes|rockets|missiles|"
    r"barrages?)\s+from\s+(?:the\s+)?(?-i:(?:[A-Z][\w'’-]*\s+){0,2})$"
)


def _after_fire_from(text: str, trig: Trigger, hit: ActorHit) -> bool:
    """Whether the party is named after "fire from": never the fire's target."""
    return (
        trig.etype in ("shelling", "airstrike")
        and hit.start >= trig.start
        and text.find("from", max(0, hit.start - 50), hit.start) >= 0  # cheaper, asked first
        and _FIRE_FROM.search(text, max(0, hit.start - 50), hit.start) is not None
    )


_PASSIVE_AGENT = re.compile(
    r"(?i)\b(?:killed|wounded|injured|attacked|ambushed|shot|targeted|hit|struck|shelled|"
    r"bombed|carried\s+out)\s+by\s+(?:the\s+|a\s+|these\s+|those\s+)?$"
)


#: "soldiers were killed", "44 LNA soldiers had been killed": the party's own men may come
#: between its name and the verb.  "Thirty soldiers died in Douma": who died was harmed too.
_PASSIVE_VICTIM = re.compile(
    r"(?i)(?:\s+(?:soldiers|troops|fighters|forces|militants|members|personnel|officers|"
    r"policemen|police|men|peacekeepers|guards|staff|workers|commanders))?\s+"
    r"(?:(?:were|was|have\s+been|had\s+been|has\s+been|being)\s+(?:\w+ly\s+)?"
    r"(?:killed|wounded|injured|attacked|ambushed|shot|targeted|hit|struck|shelled|bombed)"
    r"|(?:\w+ly\s+)?(?:died|perished|lost\s+their\s+lives))\b"
)


#: An active harm verb and the number it took, right before its object: "killed 20 ".
_HARMED_BEFORE = re.compile(
    r"(?i)\b(?:killed|killing|wounded|wounding|injured|injuring|kidnapped|kidnapping|"
    r"abducted|abducting|ambushed|ambushing|shot|shooting|attacked|attacking|targeted|"
    r"targeting)\s+(?:(?:at\s+least|more\s+than|some|about|"
    r"nearly|over|up\s+to|[\d,]+|the|an?|of|dozens?|scores|hundreds|thousands|"
    rf"{NUMBER_WORDS}|(?-i:[A-Z][\w'’-]*))\s+){{0,3}}$"
)


#: What makes an attack remote violence in ACLED's terms: something that explodes.
_EXPLOSIVE = re.compile(
    r"(?i)\b(?:bomb\w*|explos\w*|IEDs?|(?:land)?mines?|blasts?|grenades?|rockets?|missiles?|"
    r"drones?|shells?|mortars?|suicide)\b"
)


#: Trigger words that make an attack an abduction.
_ABDUCTION = frozenset(
    {"kidnapped", "abducted", "took hostage", "taken hostage", "seized hostages"}
)


def _attack_code(
    text: str, cs: int, ce: int, against: Sequence[str], lex: Lexicon, abduction: bool = False
) -> tuple[str | None, str | None] | None:
    """ACLED's code for an attack, by what its clause says it was (None: the lexicon's).

    Only something that explodes makes it remote violence (the lexicon's
    default; "Suicide bomb" for a suicide attack).  Otherwise "armed men
    attacked the village, killing civilians" is violence against civilians,
    an ambush of soldiers an armed clash, and a raid on nobody named is
    left uncoded rather than coded as a bomb.
    """
    clause = text[cs:ce]
    if abduction:
        return "Violence against civilians", "Abduction/forced disappearance"
    if _EXPLOSIVE.search(clause):
        if re.search(r"(?i)\bsuicide\b", clause):
            return "Explosions/Remote violence", "Suicide bomb"
        return None
    if against and all(lex.actors[a].kind == "civilian" for a in against):
        return "Violence against civilians", "Attack"
    if against or re.search(r"(?i)\b(?:soldiers|troops|forces|police|fighters)\b", clause):
        return "Battles", "Armed clash"
    return None, None


#: "came under (complete) Russian control": who holds a place now, named by its people.
_PEOPLES_CONTROL_AFTER = re.compile(
    r"\s+(?:the\s+)?(?:(?:full|complete|total|effective)\s+)?(?P<people>[A-Z][\w'’-]+)\s+control\b"
)


def _state_in_control(text: str, trig: Trigger, lex: Lexicon) -> str | None:
    """The state whose people a control phrase names: inside the trigger ("returned to
    Ukrainian control") or right after "under" ("came under complete Russian control")."""
    lowered = trig.text.lower()
    if lowered.endswith(" control"):
        people = lex.demonym_re.search(text, trig.start, trig.end)
        word = people.group() if people else None
    elif lowered.endswith("under") and (after := _PEOPLES_CONTROL_AFTER.match(text, trig.end)):
        word = after.group("people")
    else:
        return None
    country = lex.references.demonyms.get(word) if word else None
    return lex.state_of(country, named=True) if country else None


#: A second verb of one subject, right before the trigger: "... and managed to enter".
_SHARED_SUBJECT = re.compile(
    r"(?i)\s(?:and|then)\s+(?:(?:then|later|also|finally|quickly|managed\s+to|were\s+able\s+to|"
    r"went\s+on\s+to)\s+)*$"
)


#: "GNA forces and LNA troops ...": two subjects, not a subject and an object.
_JOINED_SUBJECTS = re.compile(r"(?i)\s*(?:,|and|&|as\s+well\s+as)\s*(?:the\s+)?")


#: The gap between a verb and its agent: "controlled by (the) X".
_BY_THE_VERB = re.compile(r"(?i)\s+by\s+(?:the\s+)?")


def control_actors(
    text: str, cs: int, trig: Trigger, actors: list[ActorHit], lex: Lexicon
) -> Actors | None:
    """Who held a place and who took it, as a control change's clause tells it.

    None when the one who came is no party ("refugees entered Armenia").
    """
    actors_before = [h for h in actors if h.end <= trig.start]
    actors_after = [h for h in actors if h.start >= trig.end]
    held = [
        h
        for h in actors
        if names_a_holder(text, h)  # "IS-held", "the rebel-held town" (one alias)
        or _HELD_BY.match(text, h.end)
        or re.search(r"(?i)\bformer\s+(?:the\s+)?$", text[max(cs, h.start - 12) : h.start])
        # "the last neighbourhoods held by the Islamic State group"; when "controlled"
        # is the verb itself ("Mosul is now controlled by IS"), who holds it now.
        or (
            h.start >= trig.end
            and not _BY_THE_VERB.fullmatch(text, trig.end, h.start)
            and re.search(
                r"(?i)\b(?:held|controlled)\s+by\s+(?:the\s+)?$",
                text[max(cs, h.start - 20) : h.start],
            )
        )
        # "took X from IS" names who lost it; "troops from the Malian army" before
        # the verb names who the troops are.
        or (
            h.start >= trig.end
            and re.search(r"(?i)\bfrom\s+(?:the\s+)?$", text[max(cs, h.start - 12) : h.start])
        )
    ]
    old = held[0].actor if held else None
    giving = trig.text.lower() in _GIVING
    # "IS was driven out" is passive; "forces were entering" is not, nor "forces are now
    # in full control of", which tells a state.
    first_word = trig.text.split()[0].lower()
    passive = (
        not first_word.endswith("ing")
        and first_word != "now"
        and _PASSIVE_BEFORE.search(text[max(cs, trig.start - 20) : trig.start])
    )
    if (giving or passive) and actors_before:
        old = old or actors_before[-1].actor  # "rebels handed over X", "IS was driven out"
        actors_before = []
    # Who a gapped trigger names inside it: "drove IS out of" (who left),
    # "returned to government control" (who holds it now).
    inside = [h for h in actors if trig.start < h.start and h.end <= trig.end]
    if old is None and inside and _OUSTER.match(trig.text):
        old = inside[0].actor
    controllers = [h.actor for h in inside if trig.text.lower().endswith(" control")]
    if not controllers and (state := _state_in_control(text, trig, lex)):
        controllers = [state]  # "returned to Ukrainian control", "came under Russian control"
    if old is not None and lex.actors[old].kind in ("civilian", "international"):
        old = None  # "residents ... taken over by gangs": who lives there held nothing
    # An enemy named before the verb never took the place; a backer did not
    # either, when the side it backs is named too.
    actors_before = [h for h in actors_before if not _ENEMY_BEFORE.search(text, cs, h.start)]
    principals = [
        h for h in actors_before if not _BACKER_BEFORE.search(text, cs, h.start)
    ] or actors_before
    if (
        len(principals) > 1
        and _SHARED_SUBJECT.search(text, principals[-1].end, trig.start)
        and not _JOINED_SUBJECTS.fullmatch(text, principals[0].end, principals[1].start)
    ):
        # "GNA units chased Haftar's forces to Bani Walid and managed to enter the town":
        # who entered is the subject the verbs share, not the object of the first.
        principals = principals[:1]
    new_candidates = (
        [h.actor for h in principals if h.actor != old]
        or controllers
        or [
            h.actor
            for h in actors_after
            if h.actor != old
            and re.search(
                r"(?i)\b(?:to|by|under)\s+(?:the\s+)?$",
                text[max(cs, h.start - 8) : h.start],
            )
        ]
    )
    new = new_candidates[-1] if new_candidates else None
    if new is not None and lex.actors[new].kind in ("civilian", "international"):
        return None  # "refugees entered Armenia", "UN staff entered the city": no takeover
    return Actors(**{"from": old, "to": new, "by": [new] if new else []})


def doers(
    text: str,
    cs: int,
    ce: int,
    trig: Trigger,
    actors: list[ActorHit],
    lex: Lexicon,
    base: dict[str, Any],
) -> tuple[Actors, dict[str, Any], EventType]:
    """Who did a strike, fight or killing and to whom; its ACLED code when the clause
    says more than the trigger's type (a chemical weapon, what an attack was); and the
    event's type, which who did it may change (`ground_strike`)."""
    # "artillery fire from the Sudanese army" is the army's; a country there may say only
    # whence the fire came ("rocket fire from Lebanon"): neither its doer nor its target.
    fired_from = {h for h in actors if _after_fire_from(text, trig, h)}
    agents = {
        h.actor
        for h in actors
        if agent_after(text, trig.end, h)
        or _PASSIVE_AGENT.search(text, cs, h.start)
        or (h in fired_from and not lex.country_by_name.get(text[h.start : h.end].lower()))
    }
    by = sorted(
        {
            h.actor
            for h in actors
            if h.end <= trig.start
            # "the army said soldiers were killed by Boko Haram", "Israel reported two
            # people killed": who tells is a doer only when it speaks of itself ("it")
            and not (
                SPEAKS.match(text, h.end) and (agents or not _SELF.search(text, h.end, trig.start))
            )
        }
        | agents
        | ({weapon} if (weapon := _state_of_weapon(text, cs, trig, lex)) else set())
    )
    # "soldiers were killed by Boko Haram": the subject of a passive harm is struck; so is
    # the object of an active one before the trigger ("killed 20 Nigerien soldiers in an
    # attack").
    struck = {
        h.actor
        for h in actors
        if _PASSIVE_VICTIM.match(text, h.end)
        or (h.end <= trig.start and _HARMED_BEFORE.search(text, max(cs, h.start - 40), h.start))
    } - agents
    # Named only as who holds a place, at every mention: "IS-held districts were shelled".
    holders = {h.actor for h in actors} - {h.actor for h in actors if not names_a_holder(text, h)}
    by = sorted(set(by) - struck - holders)
    # Who is named after the deed only to tell of it ("..., the UN said") was not struck,
    # nor who does a deed of its own there ("It was an attack, armed men surrounded ...").
    # "Backed by Russian air strikes, government troops reached ...": the subject after
    # the opening phrase is whom the strikes backed.
    backed_comma = (
        text.find(",", trig.end, ce) if _BACKED_OPENING.match(text, cs, trig.start) else -1
    )
    hit_after = {
        h.actor
        for h in actors
        if h.start >= trig.end
        and not only_tells(text, h, trig)
        and not _subject_of_its_own(text, trig.end, h)
        and h not in fired_from
        and not (0 <= backed_comma < h.start <= backed_comma + 40)
    }
    against = sorted((hit_after | struck) - set(by))
    if trig.etype in ("clashes", "ceasefire", "agreement"):
        # An armed party that tells of a fight is in it ("rebels reported clashes with the
        # army"); residents or an agency that tell of it are not.  A deal's parties are its
        # sides too: "a deal with Russia" is not against Russia.
        told = {
            h.actor
            for h in actors
            if lex.actors[h.actor].kind in ("civilian", "international")
            and only_tells(text, h, trig)
        }
        by, against = sorted({h.actor for h in actors} - told), []
    if trig.etype in ("ceasefire", "agreement"):
        # "civilians were evacuated during a brief ceasefire": whom a truce spares is no party.
        by = [a for a in by if lex.actors[a].kind != "civilian"]
        against = [a for a in against if lex.actors[a].kind != "civilian"]
    if trig.etype in _WEAPON_TYPES or trig.etype in ("casualties", "clashes"):
        # "Syrian civilians died in strikes", "civilians caught in the fighting":
        # civilians are who is struck or caught, wherever named, never a fighting party.
        victims = {a for a in by if lex.actors[a].kind == "civilian"}
        by, against = sorted(set(by) - victims), sorted({*against, *victims})
    etype: EventType = trig.etype
    if re.search(r"(?i)\b(?:chemical|gas|poison)\b", text[cs:ce]) and etype in (
        "attack",
        "airstrike",
    ):
        base = {
            **base,
            "acled_event_type": "Explosions/Remote violence",
            "acled_sub_event_type": "Chemical weapon",
        }
    elif etype == "attack" or ground_strike(text, cs, ce, trig, by, lex):
        if etype != "attack":
            etype = "attack"
            attack = lex.triggers.event_types["attack"]
            base = {
                **base,
                "acled_event_type": attack.acled_event_type,
                "acled_sub_event_type": attack.acled_sub_event_type,
            }
        abduction = trig.phrase in _ABDUCTION
        code = _attack_code(text, cs, ce, against, lex, abduction)
        if code is not None:
            base = {**base, "acled_event_type": code[0], "acled_sub_event_type": code[1]}
    return Actors(by=by, against=against), base, etype


#: Strike words that say nothing of aircraft, and words that do.
BARE_STRIKES = frozenset({"struck", "strike", "strikes", "bombed", "bombing"})
_AIR_WORDS = re.compile(
    r"(?i)\b(?:air|aerial|jets?|warplanes?|planes?|aircraft|helicopters?|gunships?|drones?|"
    r"bombers?|sorties?|air\s?force)\b"
)


def ground_strike(
    text: str, cs: int, ce: int, trig: Trigger, by: Sequence[str], lex: Lexicon
) -> bool:
    """Whether a bare "struck" or "strike" is an armed group's attack, not an air strike:
    "gunmen struck a police post" ("jets struck", "a drone strike" stay air strikes)."""
    return (
        trig.etype == "airstrike"
        and trig.text.lower() in BARE_STRIKES
        and bool(by)
        and all(lex.actors[a].kind == "non_state" for a in by)
        and not _AIR_WORDS.search(text, cs, ce)
    )
