"""Finding place names in text: gazetteer names, qualified and indirect references.

Recognition is a longest-match scan over word tokens, each reduced to its
`names.name_key` form, against every name and alias of the gazetteer.  So
"al-Hajar al-Aswad", "Hajar al Aswad" and "Hajar al-Aswad's" all meet the
one entry, and "Hajar al-Aswad" is one place rather than "Aswad".

Besides names, an article refers to places indirectly: "southern Damascus",
"south of the capital", "the Syrian capital", "the desert east of the
country".  Those resolve through the curated references (capitals,
generic places, direction words).  Capitalised phrases in place-like
contexts ("in X", "toward X", "the X neighbourhood") that the gazetteer
does not know are returned as unknown names, for GeoNames or a curator.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from geomap.names import fold, name_key

_TOKEN = re.compile(r"[^\W\d_](?:[\w’']*[^\W_])?", re.UNICODE)
_ARTICLES = frozenset({"al", "el"})
_ASSIMILATED = frozenset(
    {"ad", "ed", "ar", "er", "as", "es", "ash", "esh", "at", "et", "az", "ez", "an", "en", "ul"}
)
_LOWER_IN_NAMES = _ARTICLES | _ASSIMILATED
_MAX_WORDS = 6


@lru_cache(maxsize=65536)
def token_key(token: str) -> str:
    """The matching key of one word (possessive stripped)."""
    if token.endswith(("'s", "’s")):
        token = token[:-2]
    return name_key(token.rstrip("'’")) or fold(token)


class Token(NamedTuple):
    """A word that can be part of a name (a tuple: dozens are made per sentence)."""

    text: str
    start: int
    end: int
    key: str
    capital: bool
    article: bool  # "al", "el", or an assimilated article joined by a hyphen


#: What `tokenize` makes of a word, whatever its place: None if no name can hold it, else
#: (the word without a possessive, its lower case, capitalised, an article, an
#: assimilated article "ad", "ash" ... that is one only when a hyphen follows).
_Word = tuple[str, str, bool, bool, bool] | None
_new_token = tuple.__new__  # a Token without NamedTuple's Python-level __new__


@lru_cache(maxsize=8)
def _word_memo(keep: frozenset[str]) -> dict[str, _Word]:
    """`_read_word`'s answers for one `keep` set: news repeats its words, so each
    distinct word is read once per process instead of at every occurrence."""
    return {}


def _read_word(word: str, keep: frozenset[str]) -> _Word:
    if word.endswith(("'s", "’s")) and len(word) > 2:
        word = word[:-2]  # a possessive is not part of the name
    first = word[0]
    capital = first.isupper() or not first.isascii()
    low = word.lower()
    if not capital and low not in _LOWER_IN_NAMES and low not in keep:
        return None  # only capitalised words, articles and `keep` words can be in a name
    return word, low, capital, low in _ARTICLES, low in _ASSIMILATED


def tokenize(
    text: str, start: int = 0, end: int | None = None, keep: frozenset[str] = frozenset()
) -> list[Token]:
    """The words of text[start:end] that can be part of a name, with offsets into text."""
    tokens: list[Token] = []
    memo = _word_memo(keep)
    size = len(text)
    for m in _TOKEN.finditer(text, start, size if end is None else end):
        raw = m.group()
        if raw in memo:
            read = memo[raw]
        else:
            read = _read_word(raw, keep)
            if len(memo) < 100_000:
                memo[raw] = read
        if read is None:
            continue
        word, low, capital, article, assimilated = read
        at = m.start()
        after = at + len(word)
        is_article = article or (assimilated and after < size and text[after] == "-")
        key = low if is_article else token_key(word)
        tokens.append(_new_token(Token, (word, at, after, key, capital, is_article)))
    return tokens


@dataclass
class NameIndex:
    """Every gazetteer surface form, keyed by its token-key sequence."""

    keys: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    firsts: set[str] = field(default_factory=set)
    #: Lower-case words inside names ("Syrian desert", "Damascus countryside"):
    #: the tokenizer keeps these so such names can still match.
    lower_words: frozenset[str] = frozenset()

    @classmethod
    def build(cls, forms: Iterable[tuple[str, str]]) -> NameIndex:
        index = cls()
        lower: set[str] = set()
        for surface, place_id in forms:
            key = tuple(name_key(surface).split())
            if not key or len(key) > _MAX_WORDS:
                continue
            index.keys.setdefault(key, set()).add(place_id)
            index.firsts.add(key[0])
            lower.update(w.lower() for w in _TOKEN.findall(surface)[1:] if w[0].islower())
        index.lower_words = frozenset(lower)
        return index


@dataclass(frozen=True)
class NameMatch:
    """A gazetteer name found in text (before disambiguation)."""

    start: int
    end: int
    surface: str
    place_ids: tuple[str, ...]


def match_names(text: str, tokens: Sequence[Token], index: NameIndex) -> list[NameMatch]:
    """Longest gazetteer matches, left to right, never overlapping."""
    found: list[NameMatch] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        begin = i
        if tok.article and i + 1 < n:
            i += 1
            tok = tokens[i]
        if not tok.capital or tok.key not in index.firsts:
            i = begin + 1
            continue
        best: tuple[int, set[str]] | None = None
        keys: list[str] = []
        j = i
        while j < n and len(keys) < _MAX_WORDS:
            t = tokens[j]
            gap = text[tokens[j - 1].end : t.start] if j > i else ""
            initial = j > i and len(tokens[j - 1].text) == 1 and gap in (".", ". ")
            if j > i and gap not in (" ", "-", "- ", " -") and not initial:
                break  # only a space or hyphen joins words of a name ("U.S." is initials)
            if not t.article:
                keys.append(t.key)
                hit = index.keys.get(tuple(keys))
                if hit is not None:
                    best = (j, hit)
            j += 1
        if best is None:
            i = begin + 1
            continue
        last, ids = best
        start, end = tokens[begin].start, tokens[last].end
        found.append(NameMatch(start, end, text[start:end], tuple(sorted(ids))))
        i = last + 1
    return found


# --- indirect references ------------------------------------------------------

#: A compass point, the four sides and the points between them ("north-east", "northeast").
COMPASS_POINT = r"(?:north|south)-?(?:east|west)|north|south|east|west"
#: How far, in a unit of length: "50 km", "a few miles", "70 kilometers (43 miles)".
DISTANCE = (
    r"(?:\d[\d,.]*|a\s+few|several)\s*(?:km|kms|kilomet(?:re|er)s|miles)\s*"
    r"(?:\([^()]{0,30}\)\s*)?"
)
#: Its adjective: "northern", "north-eastern", "northeastern".
COMPASS_ADJ = r"(?:(?:north|south)-?(?:east|west)|north|south|east|west)ern"
_DIRECTION_BEFORE = re.compile(r"(?i)\b(?P<dir>(?:" + COMPASS_POINT + r")(?:ern)?|central)\s+$")
#: What may stand between "north of" and the name: "the state capital (Sittwe)", "the port
#: city of (Hodeidah)".
PLACE_HEAD = (
    r"(?:the\s+)?(?:(?:(?:state|provincial|regional|district|national|port|coastal|border|"
    + COMPASS_ADJ
    # "the South Sudan capital, Juba", "the Eritrean capital", "the cocoa port of San Pedro"
    + r"|[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?|cocoa|oil|fishing)\s+)?(?:capital|city|town|village|port)"
    r"(?:\s+of)?,?\s+)?"
)
_DIRECTION_OF = re.compile(
    r"(?i)\b(?:the\s+)?(?P<dir>" + COMPASS_POINT + r"|outskirts|suburbs)\s+of\s+" + PLACE_HEAD + "$"
)
_POSSESSIVE_PART = re.compile(
    r"(?:['’]s?)?\s+(?P<dir>" + COMPASS_ADJ + r")\s+(?:neighbou?rhoods?|suburbs?|"
    r"districts?|outskirts|parts?)\b",
    re.IGNORECASE,
)


def direction_before(text: str, start: int) -> tuple[str, int] | None:
    """A direction word qualifying the name at `start`, and where it begins."""
    window = text[max(0, start - 50) : start]
    for pattern in (_DIRECTION_OF, _DIRECTION_BEFORE):
        m = pattern.search(window)
        if m:
            # "north-east" and "northeast" are one direction
            return m.group("dir").lower().replace("-", ""), start - len(window) + m.start()
    return None


_CAPITAL_REF = re.compile(
    r"(?i)\b(?:the\s+)?(?:(?P<dem>[A-Z][a-z]+)\s+)?capital(?:['’]s)?\b(?!\s+of\b)"
    r"(?!\s+(?:punishment|gains?|markets?|investments?|expenditure|flight|offen[cs]es?|crimes?)\b)"
)
#: Words that make "capital" another place than the country's seat of
#: government ("the regional capital", "its de facto capital") or not a place.
_OTHER_CAPITALS = frozenset(
    [
        "regional",
        "provincial",
        "state",
        "district",
        "county",
        "administrative",
        "economic",
        "commercial",
        "financial",
        "industrial",
        "cultural",
        "facto",
        "declared",
        "proclaimed",
        "former",
        "old",
        "ancient",
        "historic",
        "historical",
        "religious",
        "spiritual",
        "summer",
        "winter",
        "rebel",
        "militant",
        "political",
    ]
)
_GENERIC_REF = re.compile(r"(?i)\bthe\s+(?:(?P<dem>[A-Z][a-z]+)\s+)?(?P<noun>desert)\b")


@dataclass(frozen=True)
class IndirectRef:
    """'the (Syrian) capital', 'the desert': resolved via references.yaml."""

    start: int
    end: int
    surface: str
    noun: str  # "capital" or a generic_places key
    demonym: str | None
    #: Whose capital: "Yemen" in "Yemen's capital", "North Darfur state" in "North Darfur
    #: state's besieged capital"; None when no possessive comes before.
    possessor: str | None = None


#: "Yemen's capital", "North Darfur state’s besieged capital": up to three words, then 's.
_POSSESSOR_BEFORE = re.compile(
    r"(?P<who>(?:[A-Z][\w-]*\s+){0,2}[\w-]+)['’]s\s+(?:(?!the\b)[a-z-]+\s+)?$"
)


#: A verb that makes "the capital" say what its subject is, not name a place.
_PREDICATE_BEFORE = re.compile(r"(?i)\b(?:is|was|are|were|became|becomes|remains|as)\s+$")


def find_indirect(text: str, start: int = 0, end: int | None = None) -> list[IndirectRef]:
    stop = len(text) if end is None else end
    refs: list[IndirectRef] = []
    lowered = text[start:stop].lower()
    for pattern, noun in ((_CAPITAL_REF, "capital"), (_GENERIC_REF, "desert")):
        if noun not in lowered:
            continue  # the patterns try every word; most sentences have neither noun
        for m in pattern.finditer(text, start, stop):
            dem = m.group("dem")
            if dem and dem.lower() in _OTHER_CAPITALS:
                continue
            begin = m.start()
            if dem and not dem[0].isupper():
                # "near capital": a lower-case word is no demonym, nor part of the name.
                dem = None
                begin = m.end("dem")
                while text[begin].isspace():
                    begin += 1
            noun = m.groupdict().get("noun") or "capital"
            if noun == "capital" and _PREDICATE_BEFORE.search(text, max(0, begin - 12), begin):
                continue  # "of which Ramadi is the capital": the subject says which place
            whose = None if dem else _POSSESSOR_BEFORE.search(text, max(0, begin - 60), begin)
            refs.append(
                IndirectRef(
                    begin,
                    m.end(),
                    text[begin : m.end()],
                    noun.lower(),
                    dem,
                    whose.group("who") if whose else None,
                )
            )
    return sorted(refs, key=lambda r: r.start)


# --- unknown names in place-like contexts --------------------------------------

#: Words that make a name a facility: "the Azot chemical plant", "Ibn Sina hospital".
FACILITY_AFTER = re.compile(
    r"(?i)\s+(?:[a-z-]+\s+)?(?:plant|factory|steelworks|works|hospital|base|complex|compound|"
    r"headquarters|prison|university|school|mosque|church|stadium|market|refinery|dam|bridge)\b"
)
#: What may join the words of one name in lower case: an Arabic article with its hyphen
#: ("Ras al-Ain"), or a Romance particle ("Mocimboa da Praia", "Ciudad del Este").
_JOINER = r"(?:al-|el-|ez-|de\s+l[ao]s?\s+|d[aeo]s?\s+|del\s+|di\s+|du\s+|es\s+)"
#: A place's name as the place-like contexts read it: up to four capitalised words.
_NAME = r"(?:(?:al|el|Al|El)[-\s])?[A-Z][\w’'-]+(?:\s+" + _JOINER + r"?[A-Z][\w’'-]+){0,3}"

_PLACE_CONTEXT = re.compile(
    r"\b(?:in|from|to|toward|towards|near|into|outside|around|at|of|via|reach(?:ed|ing)?|"
    r"entered|captured|retook|seized|left|leaving|fled|fleeing|escaped|escaping|"
    r"hit|struck|bombed|shelled|pounded|attacked|"
    r"targeted|stormed|besieged|encircled|surrounded|recaptured|overran|raided|capturing|"
    r"recapturing|seizing|retaking|retaken|liberated|liberating|"
    # "a strike on Rafah", "an airstrike on Saada", "the assault on Tal Afar"
    r"(?:(?:air)?strikes?|attacks?|assaults?|raids?|offensive|bombardment|advance)\s+"
    r"(?:on|against))\s+"
    r"(?:the\s+)?(?:(?:town|city|village|camp|district|province|region|neighbou?rhood|port|"
    r"border\s+town|suburb|area)\s+of\s+)?"
    # "of Ukraine's Avdiivka town": the possessor is a place of its own
    r"(?:(?P<owner>[A-Z][\w-]+)['’]s\s+)?"
    # "in eastern Donetsk region": the compass word says which part (`direction_before`)
    r"(?:(?:" + COMPASS_POINT + r")(?:ern)?\s+)?"
    r"(?P<name>" + _NAME + ")"
)
_KIND_AFTER = re.compile(
    # "the(?<!\wthe)" is "\bthe": a pattern that opens with a literal is searched for it,
    # instead of tried at every character.
    r"the(?<!\wthe)\s+(?:(?:entire|whole|wider|surrounding|restive|embattled|besieged|occupied|"
    r"contested|disputed|neighbou?ring|key|strategic|" + COMPASS_ADJ + r")\s+)?"
    r"(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+"
    r"(?:neighbou?rhood|district|camp|refugee\s+camp|region|province|governorate|area|town|"
    r"village|airport|crossing|valley|suburb)\b"
)
#: "Iraq's western Anbar province", "Sagaing Region": a subdivision word needs no article
#: before the name (and a possessive before it is another name: "Iraq's Anbar", "Yemen's
#: Ma'rib").  "region" only capitalised: "in Tigray region" is read from its "in".
_SUBDIVISION_AFTER = re.compile(
    r"(?P<name>(?:[A-Z](?:[\w-]|['’](?!s\b))+\s+){0,2}[A-Z](?:[\w-]|['’](?!s\b))+)\s+"
    r"(?:[Pp]rovince|[Gg]overnorate|[Oo]blast|Region)\b"
)
#: "el-Gezira state", "Rakhine State", "Borno state": a federal state, and only a
#: subdivision may answer (a town called Islamic is no reading of "Islamic State").
_STATE_AFTER = re.compile(
    r"(?P<name>(?:(?:al|el|Al|El)-)?(?:[A-Z](?:[\w-]|['’](?!s\b))+\s+){0,2}"
    r"[A-Z](?:[\w-]|['’](?!s\b))+)\s+[Ss]tate\b"
)
#: The context an `UnknownName` found by `_STATE_AFTER` carries.
STATE_CONTEXT = "state"
#: Plural words for subdivisions, and the singular each name of such a list is read with.
_SUBDIVISION_PLURALS = {
    "provinces": "province",
    "governorates": "governorate",
    "oblasts": "oblast",
    "regions": "region",
    "states": STATE_CONTEXT,
}
_PLURAL_WORD = r"(?P<word>" + "|".join(_SUBDIVISION_PLURALS) + r")\b"
#: The names of a list after its first: ", Kandahar and Helmand", " and Luhansk".
_MORE_NAMES = r"(?:,\s+" + _NAME + r")*,?\s+and\s+" + _NAME
#: What may follow one name of a list that a plural subdivision word ends: "Zabul[,
#: Kandahar and Helmand provinces]", "Donetsk[ and Luhansk regions]", "Yobe[ states]".
REST_OF_SUBDIVISION_LIST = re.compile(r"(?:" + _MORE_NAMES + r")?\s+" + _PLURAL_WORD)
#: A whole such list; its first name may carry a sentence's opening word ("In Zabul").
_SUBDIVISION_LIST = re.compile(r"(?P<names>" + _NAME + _MORE_NAMES + r")\s+" + _PLURAL_WORD)
#: One of these must be in a sentence before `_SUBDIVISION_LIST` is tried there (the
#: plural words less their first letter, which may be a capital).
_PLURAL_STEMS = tuple(word[1:] for word in _SUBDIVISION_PLURALS)
_LIST_SEPARATOR = re.compile(r",?\s+and\s+|,\s+")
#: A sentence's opening word before the first name of such a list ("The Kharkiv and ...").
_LIST_OPENER = re.compile(r"(?:The|In|At|On|By|And|But|Both)\s+(?=[A-Z])")
#: Blocs, not federal states: "Gulf and Western states", "Baltic and Nordic states".
_BLOC_WORDS = frozenset(
    {
        "gulf",
        "baltic",
        "nordic",
        "balkan",
        "sahel",
        "member",
        "allied",
        "western",
        "eastern",
        "northern",
        "southern",
        "central",
        "coastal",
        "frontline",
        "arab",
        "muslim",
        "islamic",
        "european",
        "african",
        "asian",
    }
)


def _listed_subdivisions(text: str, s: int, e: int) -> Iterator[UnknownName]:
    """Each name of a list that a plural subdivision word ends, read as that subdivision:
    "Zabul, Kandahar and Helmand provinces" are three provinces (read one by one from
    "in Zabul", the first was a town in Iran), "Borno and Yobe states" two states."""
    for m in _SUBDIVISION_LIST.finditer(text, s, e):
        singular = _SUBDIVISION_PLURALS[m.group("word")]
        names_start, names_end = m.span("names")
        if opener := _LIST_OPENER.match(text, names_start, names_end):
            names_start = opener.end()
        bounds = [names_start]
        for separator in _LIST_SEPARATOR.finditer(text, names_start, names_end):
            bounds += [separator.start(), separator.end()]
        bounds.append(names_end)
        listed = [
            (start, end, text[start:end])
            for start, end in zip(bounds[::2], bounds[1::2], strict=True)
        ]
        if singular == STATE_CONTEXT and any(
            surface.lower() in _BLOC_WORDS for _, _, surface in listed
        ):
            continue
        for start, end, surface in listed:
            context = STATE_CONTEXT if singular == STATE_CONTEXT else f"{surface} {singular}"
            yield UnknownName(start, end, surface, context)


#: The context of a name that fell or was taken ("Kunduz fell"): a sentence's first word
#: may be no name at all ("Prices fell"), so only a place GeoNames knows is kept.
TAKEN_CONTEXT = "fell or was taken"
_NOT_PLACES = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "the",
        "a",
        "an",
        "this",
        "that",
        "his",
        "her",
        "their",
        "its",
        "our",
        "state",
        "president",
        "gen",
        "general",
        "minister",
        "tv",
        "god",
        "islamic",
        "arabic",
        "english",
        "we",
        "i",
        "it",
        "they",
    }
)


@dataclass(frozen=True)
class UnknownName:
    start: int
    end: int
    surface: str
    context: str


class _Covered:
    """Spans of text already taken, merged, to ask whether a new span overlaps any."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end) - 1  # the last span that starts before `end`
        return i >= 0 and self._ends[i] > start


#: Waters, which cities500 does not have, and the name that follows "Gulf of".
_WATER = re.compile(
    r"(?i)(?:^|\s)(?:gulf|sea|strait|straits|bay|ocean|lake|canal)$|^(?:gulf|bay)\b"
)
_WATER_OF = re.compile(r"(?i)\b(?:gulf|sea|strait|straits|bay|cape)\s+of\s+(?:the\s+)?$")
_COMPOUND_END = re.compile(
    r"(?i)-(?:backed|led|based|held|controlled|aligned|allied|supported|sponsored|recogni[sz]ed)$"
)
#: A name that an organisation's noun follows is the organisation's: "the Center group",
#: "the Azov battalion", "the Wagner group".
_BODY_AFTER = re.compile(
    r"(?i)(?:\s+\([^()]{1,20}\))?\s+(?:group|movement|party|brigade|battalion|regiment|council|front|company|agency|"
    r"committee|ministry|command|corps|division|organi[sz]ation|alliance|militia)(?![\w-])"
)


#: "Lake Chad", "Lake Tana": the lake, not the country or a town of its name.
_LAKE_BEFORE = re.compile(r"\bLake\s+$")


def named_for_water(text: str, start: int) -> bool:
    """Whether the name at `start` is part of a water's: "Lake Chad", "the Gulf of Aden"."""
    window = max(0, start - 12)
    # Substring tests first: most names have neither word before them.
    if text.find("Lake", window, start) >= 0 and _LAKE_BEFORE.search(text, window, start):
        return True
    return text.find("of", window, start) >= 0 and _WATER_OF.search(text, window, start) is not None


#: A bare name that speaks is a person's ("Abbas said", after "spokesman Athar Abbas"), or
#: a capital's for its government: either way no place where something happened.  Only
#: outside place-like contexts: "people who fled Mosul told AFP" named a place.
_SPEAKS_AFTER = re.compile(r"\s+(?:said|says|told|added|stated|explained|insisted|noted)\b")


def _names_no_place(text: str, s: int, start: int, end: int, surface: str) -> bool:
    """An organisation's name ("the Center group"), or waters and what they are of
    ("the Red Sea and Gulf of Aden": Aden only names the gulf)."""
    return bool(
        _BODY_AFTER.match(text, end)
        or _WATER.search(surface)
        or _WATER_OF.search(text, max(s, start - 12), start)
        or _OUTLET_END.search(surface)
    )


#: What makes a place's name an outlet's: "Agence France-Presse", "the Kyiv Independent",
#: "Sudan Tribune", "Radio France", "France 24".
_OUTLET_AFTER = re.compile(
    r"(?:-Presse|\s+(?:Times|Post|Tribune|Herald|Observer|Independent|Gazette|Journal|Daily|"
    r"Monitor|Chronicle|24|Inter|Info|Press\s+Agency|News\s+Agency))\b"
)
#: (Not `resolve._OUTLET_BEFORE`, which reads an outlet's name and its seat after it:
#: "Africa Today News, New York reports".)
_OUTLET_OPENER = re.compile(r"\b(?:Agence|Radio)\s+$")
#: A run of capitalised words that is an outlet's name as a whole: "the Moscow Times".
_OUTLET_END = re.compile(_OUTLET_AFTER.pattern + "$")


def names_an_outlet(text: str, start: int, end: int) -> bool:
    """Whether the place name at text[start:end] is part of a news outlet's name, which
    says where nothing happened (and sets no story's country: "told Agence France-Presse"
    had set a story on Aceh in France)."""
    return bool(
        _OUTLET_AFTER.match(text, end) or _OUTLET_OPENER.search(text, max(0, start - 8), start)
    )


#: "fled Khan Younis for Rafah", "left the city for Mueda": where people went.
_BOUND_FOR = re.compile(
    r"\b(?:fled|flee|flees|fleeing|left|leave|leaves|leaving|departed|headed|bound|set\s+off)\b"
    r"[^.;!?]{0,60}?(?<!Observatory\s)(?<!Committee\s)(?<!Council\s)(?<!Commission\s)"
    r"(?<!Centre\s)(?<!Center\s)(?<!Office\s)(?<!Agency\s)(?<!Coordination\s)"
    r"\bfor\s+(?:the\s+)?(?:(?:town|city|village|camp|port)\s+of\s+)?"
    r"(?P<name>" + _NAME + ")"
)


#: A place that fell or was taken, named as the subject: "Kunduz fell to the Taliban",
#: "Sheberghan has fallen", "Lashio was captured" (often at the head of a sentence, where
#: a capital letter alone says nothing).
_TAKEN_SUBJECT = re.compile(
    r"(?P<name>(?:(?:al|el|Al|El)[-\s])?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\s+"
    r"(?:(?:has|had)\s+)?(?:fell|fallen|(?:was|is|has\s+been|had\s+been)\s+(?:now\s+)?[\"“]?"
    r"(?:(?:fully|completely|entirely)\s+)?(?:captured|seized|retaken|recaptured|overrun|"
    r"occupied|liberated|taken\s+by))\b"
)
#: A list of the places in (or of) the one just named: "in Poonch, including
#: Balakote and Mendhar", "several military posts, including Al-Abbad, Al-Rahib and
#: Rwaisat al-Alam" (the plural noun is a place-like context of its own).
_INCLUDING = re.compile(r",?\s+(?:including|such\s+as)\s+(?:the\s+)?(?P<name>" + _NAME + ")")
_PLACES_INCLUDING = re.compile(
    r"\b(?:towns|villages|cities|areas|districts|neighbou?rhoods|suburbs|posts|positions|"
    r"outposts|bases|camps|localities|provinces|regions)" + _INCLUDING.pattern
)


#: One of these must be in a sentence before `_TAKEN_SUBJECT` is tried there.
_TAKEN_WORDS = (
    "fell",
    "fallen",
    "captured",
    "seized",
    "retaken",
    "overrun",
    "taken by",
    "occupied",
    "liberated",
)
#: Each place-like context, and words one of which a sentence must hold for it to apply.
_CONTEXTS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_PLACE_CONTEXT, ()),
    # the verbs, not "was": a pattern that opens with a name is tried at every character
    (_TAKEN_SUBJECT, _TAKEN_WORDS),
    (_BOUND_FOR, (" for ",)),
    (_KIND_AFTER, ()),
    (_SUBDIVISION_AFTER, ("rovince", "overnorate", "blast", "Region")),
    (_STATE_AFTER, ("tate",)),
    (_PLACES_INCLUDING, ("including", "such as")),
)


#: The next name of a list the place-like context governs: "captured Sheberghan and
#: Zaranj", "in Sheberghan, Zaranj and Kunduz" (a comma only where "and" ends the list).
_AND_NAME = re.compile(
    r"(?:,?\s+and\s+|,\s+(?=" + _NAME + r"(?:,\s+" + _NAME + r")*,?\s+and\s+[A-Z]))"
    r"(?P<name>" + _NAME + ")"
)


def _with_coordinated(
    pattern: re.Pattern[str], text: str, s: int, e: int
) -> Iterator[re.Match[str]]:
    """The matches of a context, and for the place-like ones the names listed after each."""
    for m in pattern.finditer(text, s, e):
        yield m
        if pattern is not _PLACE_CONTEXT and pattern is not _PLACES_INCLUDING:
            continue
        end = m.end("name")
        while True:
            if text.startswith((",", " and "), end) and (more := _AND_NAME.match(text, end, e)):
                yield more
            elif more := _INCLUDING.match(text, end, e):
                yield more  # "in Poonch, including Balakote": the places within it
            else:
                break
            end = more.end("name")


def find_unknown_names(
    text: str, spans: Sequence[tuple[int, int]], known: Sequence[tuple[int, int]]
) -> list[UnknownName]:
    """Capitalised names in place-like contexts that overlap no known match."""
    out: dict[tuple[int, int], UnknownName] = {}
    covered = _Covered(known)
    subdivisions: set[tuple[int, int]] = set()  # found by a word for a state or province
    for s, e in spans:
        for pattern, words in _CONTEXTS:
            if words and not any(text.find(w, s, e) >= 0 for w in words):
                continue  # most sentences name no province or state: skip the scan
            for m in _with_coordinated(pattern, text, s, e):
                start, end = m.span("name")
                surface = m.group("name").rstrip("’'")
                if surface.endswith(("’s", "'s")):
                    if _MEN_OR_RULE_AFTER.match(text, m.end("name")):
                        continue  # "fleeing Kony's fighters": a man's or a party's, no place
                    surface = surface[:-2]
                # "Ukraine's Severodonetsk fell": the place is what the possessive owns.
                owned = _AFTER_POSSESSIVE.split(surface)[-1]
                start, surface = start + len(surface) - len(owned), owned
                end = start + len(surface)
                owner = m.groupdict().get("owner")
                if owner and FACILITY_AFTER.match(text, m.end("name")):
                    # "seized Sirte's Ibn Sina hospital": the place is whose the facility is.
                    (start, end), surface = m.span("owner"), owner
                first = surface.split()[0].lower().split("-")[0]
                if first in _NOT_PLACES or len(surface) < 3:
                    continue
                if covered.overlaps(start, end) or _names_no_place(text, s, start, end, surface):
                    continue
                if _COMPOUND_END.search(surface) or _BODY_AFTER.search(surface):
                    continue  # "UN-backed", "the International Red Cross Committee": no place
                context = (
                    STATE_CONTEXT
                    if pattern is _STATE_AFTER
                    else TAKEN_CONTEXT
                    if pattern is _TAKEN_SUBJECT
                    else m.group().strip()
                )
                out[(start, end)] = UnknownName(start, end, surface, context)
                if pattern is _STATE_AFTER or pattern is _SUBDIVISION_AFTER:
                    subdivisions.add((start, end))
        if any(text.find(w, s, e) >= 0 for w in _PLURAL_STEMS):
            for name in _listed_subdivisions(text, s, e):
                first = name.surface.split()[0].lower()
                if first not in _NOT_PLACES and not covered.overlaps(name.start, name.end):
                    out[(name.start, name.end)] = name
                    subdivisions.add((name.start, name.end))
    # "in Rakhine State" is also "Rakhine State" in a place-like context, "hit Sagaing
    # Region" "Sagaing Region": the state or region is read.
    starts = {start for start, _ in subdivisions}
    # "in Norte de Santander province" is not also "Santander province": a name read
    # inside a longer one is part of it.  A longer name first, so the names kept start
    # one after another.
    found: list[UnknownName] = []
    reach = -1
    for k in sorted(out, key=lambda k: (k[0], -k[1])):
        if (k in subdivisions or k[0] not in starts) and k[1] > reach:
            found.append(out[k])
            reach = k[1]
    return found


#: What a possessive owns when its owner is a person or a party, not a place: "fleeing
#: Kony's fighters", "escaping Putin's war", "fled Haftar's offensive".
_MEN_OR_RULE_AFTER = re.compile(
    r"(?i)\s+(?:[a-z]+\s+)?(?:forces|fighters|troops|soldiers|men|militias?|militiamen|army|"
    r"loyalists|supporters|regime|rule|war|offensive|onslaught)\b"
)


def possessive_direction(text: str, end: int) -> str | None:
    """'Damascus' southern neighborhood ...': the direction after a possessive."""
    m = _POSSESSIVE_PART.match(text, end)
    return m.group("dir").lower().replace("-", "") if m else None


#: English words that open a sentence before a name ("As Kunduz fell", "At Douma"); some
#: look like Arabic articles (as-, at-, an-) but are followed by a space, not a hyphen.
_LEADING_WORD = re.compile(r"(?:As|At|An|In|On|By|If|So|And|But)\s+(?=[A-Z])")
_CAP_RUN = re.compile(
    r"(?<![\w’'-])(?:(?:al|el|Al|El)-)?[A-Z][\w’'-]*[^\W_](?:\s+(?:(?:al|el|de|ez|ad)-)?[A-Z][\w’'-]*[^\W_]){0,2}"
)


def find_capitalised_runs(
    text: str, spans: Sequence[tuple[int, int]], known: Sequence[tuple[int, int]]
) -> list[UnknownName]:
    """Runs of up to three capitalised words overlapping no known match.

    These are the long tail's candidates: a curated name would already have
    matched, so only a GeoNames lookup (with strict acceptance) can place them.
    """
    out: list[UnknownName] = []
    covered = _Covered(known)
    for s, e in spans:
        for m in _CAP_RUN.finditer(text, s, e):
            for start, surface in _possessive_parts(m):
                if name := _long_tail_name(text, s, start, surface, covered):
                    out.append(name)
    return out


#: Where a run of capitalised words breaks after a possessive: "Ukraine's | Severodonetsk".
_AFTER_POSSESSIVE = re.compile(r"(?<=['’]s)\s+")


def _possessive_parts(run: re.Match[str]) -> Iterator[tuple[int, str]]:
    """The names of a capitalised run, cut after each possessive ("Ukraine's
    Severodonetsk" is two names: a known one must not hide the other)."""
    text, at = run.group(), run.start()
    begin = 0
    for cut in _AFTER_POSSESSIVE.finditer(text):
        yield at + begin, text[begin : cut.start()]
        begin = cut.end()
    yield at + begin, text[begin:]


def _long_tail_name(
    text: str, s: int, start: int, surface: str, covered: _Covered
) -> UnknownName | None:
    """One capitalised run as a long-tail candidate, or None when it names no place."""
    if surface.endswith(("’s", "'s")):
        surface = surface[:-2]
    lead = _LEADING_WORD.match(surface)
    if lead:  # "As Kunduz collapsed": an English word opens the sentence, not "as-"
        surface, start = surface[lead.end() :], start + lead.end()
    end = start + len(surface)
    first = surface.split()[0].lower().split("-")[0]
    if first in _NOT_PLACES or len(surface) < 3 or surface.isupper():
        return None
    if start == s and first.endswith(("ing", "ed", "ly")):
        return None  # "Reading an army statement": a verb that opens the sentence
    if covered.overlaps(start, end) or _names_no_place(text, s, start, end, surface):
        return None
    if _SPEAKS_AFTER.match(text, end):
        return None
    return UnknownName(start, end, surface, "capitalised" if start > s else "sentence start")
