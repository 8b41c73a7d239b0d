"""Numbers as news writes them: "some 1,600 people", "32 buses", "more than 250", "hundreds".

Each count keeps the words it came from and how exact it is (exact,
approximate, at least, at most, vague); vague words ("hundreds") are kept
as claims and never shown as a figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain
from typing import Literal, cast

from text_to_num import text2num

from geomap.lexicon import Lexicon
from geomap.models import Count, CountKind

#: Number words up to nineteen, and the tens: "eighty-six" is read whole (`text2num`).
_UNITS = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SMALL = rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(_UNITS[:9])})\b)?|(?:{'|'.join(_UNITS)}))"
#: "eighty-six", "two hundred and fifty", "three thousand", "a dozen", "two dozen" (a regex,
#: ungrouped).
NUMBER_WORDS = (
    rf"(?:half\s+)?a\s+dozen|a\s+hundred|{_SMALL}(?:\s+dozen\b|(?:\s+(?:hundred|thousand|"
    rf"million)(?:\s+(?:and\s+)?{_SMALL})?)*)"
)
#: What `text2num` does not read.
_WORD_NUMBERS = {"a dozen": 12, "half a dozen": 6, "a hundred": 100}


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
    r"(?:(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?P<mult>thousand|million)|"
    # "1.5m people", "displaced more than 1mn"
    r"(?P<m>mn?)\b)?|"
    rf"(?P<word>{NUMBER_WORDS})\b|"
    r"(?P<vague>tens\s+of\s+thousands|dozens|scores|hundreds|thousands)(?:\s+of)?)"
    # The counted noun: up to four words, stopping before a conjunction or the next number;
    # none after a harm verb ("killing eight.", "wounded 22 on Monday").
    r"(?P<noun>(?:\s+(?!(?:and|or|but|more|than|some|about|over|nearly|up|at)\b|\d)[\w’'-]+){0,4})"
)


#: What every count contains: a digit or a number word.  Two sentences in three
#: have none, and this is three times quicker to ask than `_NUMBER`.
_MAY_COUNT = re.compile(
    rf"(?i)\d|\b(?:{'|'.join(_UNITS + _TENS)}|dozens?|hundreds?|thousands|scores)\b"
)


#: A harm verb right before a number: "wounding 30 others", "killing at least 12".
_HARM_BEFORE = re.compile(r"(?i)\b(?P<verb>killing|killed|wounding|wounded|injuring|injured)\s*$")


#: A number a death toll rose to: "the death toll has risen to 42", "bringing the toll to 61",
#: "a toll of 30".  Nothing that opens another clause may stand between.
_TOLL_BEFORE = re.compile(
    r"(?i)\b(?:death\s+)?toll\b(?:(?!\b(?:and|but|while|as|after|when)\b)[^.;,\d]){0,80}?"
    r"\b(?:to|of|at|reached|hit|passed|topped|exceeded)\s*$"
)


#: "resulted in the death of 16 soldiers", "the killing of 12 civilians", "claimed the
#: lives of 30 people".
_DEATH_OF_BEFORE = re.compile(
    r"(?i)\b(?:deaths?|killings?|(?:claimed|claiming|took|taken|cost|costing)\s+the\s+lives)"
    r"\s+of\s*$"
)


#: What a number after a harm verb may count that is no one: "killed two weeks ago", "a
#: 12-year-old", "5%".  Anything else it counts was harmed: "killing two crew", "killed 14
#: state security officers".
_NOT_WHO = re.compile(
    r"(?i)[^\s,.;:)]|\s+(?:days?|weeks?|months?|years?|hours?|minutes?|decades?|km|"
    r"kilomet(?:er|re)s?|miles?|met(?:er|re)s?|per\s*cent|percent|times)\b"
)


#: A harm verb in the words after a counted noun: "people were wounded", "soldiers killed".
_HARM_WITHIN = re.compile(r"(?i)\b(?P<verb>killed|died|wounded|injured)\b")


#: Killing told otherwise, after the counted noun: "were hacked to death", "shot dead".
_KILLED_WITHIN = re.compile(
    r"(?i)\b(?:(?:were|was|been|being|are|is)\s+(?:\w+ly\s+)?(?:beheaded|executed|massacred|"
    r"slaughtered|murdered)|shot\s+dead|"
    r"(?:hacked|stabbed|beaten|burned|burnt|stoned|clubbed|shot)\s+to\s+death)\b"
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


Qualifier = Literal["exact", "approx", "at_least", "at_most", "vague"]


#: A number that is the subject of its verb, no noun between: "5,000 fled", "12 were killed".
_BARE_SUBJECT = re.compile(
    r"(?i)\s+(?:(?:have|has|had)\s+(?:been\s+)?|were\s+|are\s+)?"
    r"(?P<verb>fled|left|escaped|evacuated|displaced|uprooted|killed|died|wounded|injured)\b"
)
_BARE_KINDS: dict[str, CountKind] = {
    "killed": "killed",
    "died": "killed",
    "wounded": "injured",
    "injured": "injured",
    "displaced": "displaced",
    "uprooted": "displaced",
}


def _word_value(words: str) -> int:
    """ "Eighty-six" -> 86, "two hundred and fifty" -> 250, "a dozen" -> 12, "two dozen" -> 24."""
    said = " ".join(words.lower().split())
    if said.endswith(" dozen") and said not in _WORD_NUMBERS:
        return 12 * _word_value(said.removesuffix(" dozen"))
    return _WORD_NUMBERS.get(said) or int(text2num(said, "en"))


_NOUN_KINDS: dict[int, dict[str, CountKind]] = {}


def _noun_kinds(lex: Lexicon) -> dict[str, CountKind]:
    """Counted noun -> count kind, built once per lexicon (this runs for every trigger)."""
    key = id(lex)
    if key not in _NOUN_KINDS:
        table: dict[str, CountKind] = {}
        for count_kind, nouns in lex.triggers.count_nouns.items():
            for noun in nouns:
                table.setdefault(noun.lower(), count_kind)
        _NOUN_KINDS[key] = table
    return _NOUN_KINDS[key]


#: What says that a number is how many people live in a place.
_POPULATION_BEFORE = re.compile(
    r"(?i)\b(?:home\s+to|population\s+of|inhabited\s+by|(?:city|town|village|region|province|"
    r"district|state|country|enclave|territory|area)\s+of)\s*$"
)


#: A verb of flight right before a number, or the homes its people left after it.
_DISPLACED_BEFORE = re.compile(r"(?i)\b(?:displaced|displacing|displaces|uprooted|uprooting)\s*$")
_FROM_HOMES = re.compile(r"(?i)\bfrom\s+their\s+homes\b")
#: What opens a part of the count before it: "12 people, including four children", "of
#: whom", "among them".
_PART_OF = r"(?:including|among\s+(?:them|whom)|of\s+whom)"
_SUBSET_BEFORE = re.compile(r"(?i)\b" + _PART_OF + r"\s*$")
#: Where that part ends: a comma, a clause's end, or the next harm ("including two children
#: and wounding 30 others").
_SUBSET_END = re.compile(
    r"(?i)[,;.:]|\b(?:killing|wounding|injuring|leaving|were|was|are|have|has|had|died)\b"
)
#: A clause that opens with such a part.
_SUBSET_OPENS = re.compile(r"(?i)" + _PART_OF + r"\b")
#: The same part, after the count it is part of.
_SUBSET_AFTER = re.compile(r"(?i),\s+" + _PART_OF + r"\b")
#: The verb after such a part tells of the whole: "Ten people, including five children, were
#: injured".
_HARM_AFTER_SUBSET = re.compile(
    r"(?i),?\s*(?:(?:have|has|had)\s+(?:also\s+)?been\s+|(?:were|was|are)\s+(?:also\s+)?)?"
    r"(?P<verb>killed|died|wounded|injured)\b"
)
#: A verb that ends the counted noun: in "the two sides suffered casualties" no one is counted.
_ENDS_NOUN = frozenset({"suffered", "sustained", "reported", "said", "had", "has", "have"})


#: A word a number names rather than counts: "Light Infantry Battalion 557", "Resolution
#: 2254", "Route 60", "checkpoint 4".
_NAMED_BY_NUMBER_BEFORE = re.compile(
    r"(?i)\b(?:battalion|brigade|division|regiment|corps|squadron|unit|resolution|ordinance|"
    r"no\.|number|route|highway|road|flight|article|section|sector|block|checkpoint|gate|"
    r"phase|post|camp|zone|district|ward)\s*$"
)
#: A number that says what someone has, not whom an event touched: "an average family has
#: seven members", "the group has 300 fighters in the town".
_HAVING_BEFORE = re.compile(r"(?i)\b(?:has|have|had|having)(?:\s+an\s+average\s+of)?\s*$")


#: A part of the count told before it: "19 of them", "most of whom" ("three of them
#: were killed" with no count before is the whole toll).
_OF_THEM = re.compile(r"(?i)\s*of\s+(?:them|whom|those)\b")


def first_count_at(text: str, s: int, e: int) -> int | None:
    """Where to look for counts in text[s:e]: None when it has no number at all.

    A count opens at most a qualifier ("approximately", 13 letters) and a few
    spaces before its first digit or number word, so the words before that
    need no scan; two sentences in three have no number.
    """
    first = _MAY_COUNT.search(text, s, e)
    return None if first is None else max(s, first.start() - 24)


def parse_counts(
    text: str, s: int, e: int, lex: Lexicon, article: str, killing: bool
) -> list[Count]:
    start = first_count_at(text, s, e)
    if start is None:
        return []
    noun_kind = _noun_kinds(lex)
    out: list[Count] = []
    subset_until = -1
    matches: Iterable[re.Match[str]] = _NUMBER.finditer(text, start, e)
    if _SUBSET_OPENS.match(text, s):
        # A clause that opens with a part of a count ("including four children, were
        # killed") tells of the count before it: "At least 12 people, including ...".
        back = max(0, s - 60)
        lo = max(back, *(text.rfind(stop, back, s) + 1 for stop in (". ", "\n", "; ")))
        head = [m for m in _NUMBER.finditer(text, lo, s) if m.end() == s - 2]
        matches = chain(head, matches)
    for m in matches:
        if _POPULATION_BEFORE.search(text, max(s, m.start() - 24), m.start()):
            continue  # "a town home to 60,000 people": who live there, not who were harmed
        if _NAMED_BY_NUMBER_BEFORE.search(text, max(s, m.start() - 14), m.start()):
            continue  # "Battalion 557": a unit's number, no count of people
        if m.start() < subset_until:
            continue  # "including 17 soldiers and 13 civilians": the second part, too
        if out and _OF_THEM.match(text, m.start("noun")):
            continue  # "killed 32 members of a family, 19 of them children": 32, not 51
        if _SUBSET_BEFORE.search(text, max(s, m.start() - 16), m.start()):
            # A part of the count before it, already in that count: "At least 12 people,
            # including four children, were killed" killed 12, not 16.
            end = _SUBSET_END.search(text, m.end(), e)
            subset_until = end.start() if end else e
            continue
        words = m.group("noun").split()
        for i, word in enumerate(words):
            if word.lower() in _ENDS_NOUN:
                del words[i:]
                break
        kind: CountKind | None = None
        for n in range(len(words), 0, -1):
            for k in range(0, len(words) - n + 1):
                phrase = " ".join(words[k : k + n]).lower().strip(",.;:")
                if phrase in noun_kind:
                    kind = noun_kind[phrase]
                    break
            if kind:
                break
        # Whom a harm verb or a toll before the number may count: people, not a time.
        of_people = kind in ("fighters", "civilians", "people") or (
            kind is None and not _NOT_WHO.match(text, m.start("noun"))
        )
        harm = _HARM_BEFORE.search(text, max(s, m.start() - 14), m.start())
        if harm and of_people:
            # "killing 5 people and wounding 30 others", "killing eight": the verb says
            # which toll it is
            kind = "killed" if harm.group("verb").lower().startswith("kill") else "injured"
        elif of_people and (
            _TOLL_BEFORE.search(text, max(s, m.start() - 100), m.start())
            or _DEATH_OF_BEFORE.search(text, max(s, m.start() - 40), m.start())
        ):
            kind = "killed"  # "the death toll has risen to 42", "the death of 16 soldiers"
        elif of_people and (
            _DISPLACED_BEFORE.search(text, max(s, m.start() - 12), m.start())
            or _FROM_HOMES.search(text, m.start("noun"), min(e, m.end() + 16))
        ):
            kind = "displaced"  # "has displaced 1.5m people", "driven 650,000 from their homes"
        if kind in ("fighters", "civilians", "people") and (
            (told := _HARM_WITHIN.search(text, m.start("noun"), m.end()))
            or (
                (subset := _SUBSET_AFTER.match(text, m.end()))
                and (aside_end := _SUBSET_END.search(text, subset.end(), e))
                and (told := _HARM_AFTER_SUBSET.match(text, aside_end.start()))
            )
        ):
            # "30 people were wounded in Douma": the verb after the noun says which toll
            kind = _BARE_KINDS[told.group("verb").lower()]
        if kind in ("fighters", "civilians", "people") and _KILLED_WITHIN.search(
            text, m.start("noun"), min(e, m.end() + 12)
        ):
            kind = "killed"  # "six civilians were hacked to death", "were beheaded"
        if kind is None and (bare := _BARE_SUBJECT.match(text, m.start("noun"))):
            kind = _BARE_KINDS.get(bare.group("verb").lower(), "people")
        if kind is None:
            continue
        if kind in ("fighters", "civilians", "people") and _HAVING_BEFORE.search(
            text, max(s, m.start() - 24), m.start()
        ):
            continue  # what a family or a force has, not whom the event touched
        if killing and kind in ("fighters", "civilians", "people"):
            kind = "killed"
        if m.group("num"):
            raw = m.group("num").replace(",", "")
            value = float(raw)
            if m.group("mult"):
                value *= 1000 if m.group("mult").lower() == "thousand" else 1_000_000
            elif m.group("m"):
                value *= 1_000_000
            if value >= 1900 and value <= 2100 and not m.group("q") and "," not in m.group("num"):
                continue  # a year, not a count
            qualifier = _QUALIFIERS.get(" ".join((m.group("q") or "").lower().split()), "exact")
        elif m.group("word"):
            value = _word_value(m.group("word"))
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
