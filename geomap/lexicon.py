"""The curated word lists (actors, event triggers, place references), compiled.

The lists are YAML data in geomap/data/ so that a curator extends coverage
without touching code; this module validates them and compiles each into
one regular expression, so a whole article is scanned once per list rather
than once per word.
"""

from __future__ import annotations

import bisect
import operator
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import accumulate
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from geomap.datafiles import load_model
from geomap.errors import DataFileError, Problem
from geomap.geonames import country_names
from geomap.models import (
    UNIDENTIFIED_ARMED_GROUP,
    Actor,
    ActorLexicon,
    EventType,
    References,
    TriggerLexicon,
)

_M = TypeVar("_M", bound=BaseModel)
_GAP = r"(?:\W+[\w'’-]+){0,8}?\W+"


#: libyaml's parser, where PyYAML has it: the lexicon is read at every start, and
#: ruamel's pure-Python parser took a fifth of a cold one-article run.
_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(path: Path, model: type[_M]) -> _M:
    """Read one lexicon file; any fault becomes a located DataFileError."""
    text = path.read_text(encoding="utf-8")
    try:
        return model.model_validate(yaml.load(text, Loader=_FastLoader))
    except (yaml.YAMLError, ValidationError):
        pass  # read again as before (YAML 1.2, where a bare "no" is a word), to say where
    try:
        data = YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError([Problem(str(path), line, None, f"bad YAML: {exc}")]) from None
    try:
        return model.model_validate(data)
    except ValidationError:
        # Read again, round-trip, only to say on which line each fault is.
        _, problems, _ = load_model(path, model)
        raise DataFileError(problems) from None


def phrase_pattern(phrase: str, suffixes: str = "") -> str:
    """A whole-word regex for a lexicon phrase; '...' allows a gap of up to eight words.

    `suffixes`: hyphenated endings the phrase may still end before (an alternation).
    """
    parts = [
        re.escape(p.strip()).replace(r"\ ", r"\s+").replace("'", "['’]")
        for p in phrase.split("...")
    ]
    body = _GAP.join(parts)
    # No word goes on after the phrase, unless a hyphen opens one of the suffixes.
    end = rf"(?!\w|-(?!(?:{suffixes})(?![\w-])))" if suffixes else r"(?![\w-])"
    return rf"(?<![\w-]){body}{end}"


_WORD = re.compile(r"[^\W_][\w'’-]*")


def _key(word: str) -> str:
    return word.lower().replace("’", "'")


class _LazyPattern:
    """A phrase's pattern, compiled the first time it is tried.

    Most of a lexicon's phrases open no match in a short run, and compiling all
    of them up front (about 1,300) was a seventh of a one-article `geomap extract`.
    After the first call `match` is the compiled pattern's own method, so the
    scanning loop pays nothing more for the laziness.
    """

    __slots__ = ("flags", "match", "source")

    def __init__(self, source: str, flags: int) -> None:
        self.source = source
        self.flags = flags
        self.match: Callable[[str, int, int], re.Match[str] | None] = self._compile_and_match

    def _compile_and_match(self, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        match = re.compile(self.source, self.flags).match
        self.match = match
        return match(text, pos, endpos)

    def __reduce__(self) -> tuple[type[_LazyPattern], tuple[str, int]]:
        return (_LazyPattern, (self.source, self.flags))


_Entry = tuple[int, str, _LazyPattern]  # rank (longest phrase first), phrase, pattern
_FIRST = operator.itemgetter(0)


@dataclass(frozen=True)
class _Openers:
    """The phrases that open with one word: alone, or by the word that follows it."""

    alone: list[_Entry]
    then: dict[str, list[_Entry]]


@dataclass(frozen=True)
class _Words:
    """A text split into words once, for every matcher that scans it."""

    starts: list[int]
    keys: list[str]
    at: dict[str, list[int]]  # word -> indices where it occurs
    cut: dict[str, tuple[str, ...]]  # words with "'s" or "-": what they open with


#: Quotation marks: a story may quote the words of a phrase ('have taken “full control”
#: of'), and the matcher reads the marks as spaces.  A right single quote with a letter on
#: each side is an apostrophe ("Assad’s"), and stays.
_QUOTE_MARKS = ('"', "“", "”", "‘")
#: Both alternatives open with the mark, so the engine looks for it alone first.
_RIGHT_QUOTE = re.compile(r"’(?:(?!\w)|(?<!\w’))")
_UNQUOTED_CACHE: list[tuple[str, str]] = []


def _unquoted(text: str) -> str:
    """The text with its quotation marks as spaces: the same length, so the same offsets.

    Marks in the phrase patterns themselves made each pattern ten times dearer to
    compile; reading them as spaces costs one substitution per text.  The last
    article's is kept, as its words are.
    """
    if _UNQUOTED_CACHE and _UNQUOTED_CACHE[0][0] is text:
        return _UNQUOTED_CACHE[0][1]
    plain = text
    for mark in _QUOTE_MARKS:
        if mark in plain:
            plain = plain.replace(mark, " ")
    if "’" in plain:
        plain = _RIGHT_QUOTE.sub(" ", plain)
    if len(text) >= 400:
        _UNQUOTED_CACHE[:] = [(text, plain)]
    return plain


_WORDS_CACHE: list[tuple[str, _Words]] = []
#: `_WORD` with its matches captured, so that `re.split` hands back words and gaps alike.
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")


def _words(text: str) -> _Words:
    """The words of a text; the last article's are kept.

    Every matcher walks the same words, so an article is split into words
    once, and indexed by word so that a matcher visits only the words that
    open one of its phrases (a set intersection) instead of every word.
    """
    if _WORDS_CACHE and _WORDS_CACHE[0][0] is text:
        return _WORDS_CACHE[0][1]
    lowered = text.lower().replace("’", "'")
    if len(lowered) != len(text):  # a letter whose lower case is longer: keep offsets exact
        found = [(m.start(), _key(m.group())) for m in _WORD.finditer(text)]
        starts = [pos for pos, _ in found]
        keys = [key for _, key in found]
    else:
        # Gaps and words alternate; a word starts where the text before it ends.  Summing
        # lengths in C is cheaper than a match object per word.
        parts = _WORD_SPLIT.split(lowered)
        keys = parts[1::2]
        starts = list(accumulate(map(len, parts)))[0:-1:2]
    at: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        at.setdefault(key, []).append(i)
    # A word with a possessive or a hyphen may still open a phrase ("Assad's forces").
    cut = {
        key: tuple(key.split(c)[0] for c in ("'s", "-") if c in key)
        for key in at
        if "-" in key or "'s" in key
    }
    words = _Words(starts, keys, at, cut)
    if len(text) >= 400:
        _WORDS_CACHE[:] = [(text, words)]
    return words


class PhraseMatcher:
    """Whole-word, longest-first matching of many phrases, indexed by first word.

    One big regular-expression alternation is tried at every character of
    the text; this looks each word up in a dict and tries only the few
    phrases that start with it, which is many times faster on news text.
    It answers like a compiled pattern: `finditer`, `search`, `fullmatch`.
    """

    def __init__(
        self,
        phrases: list[str],
        case_sensitive: Callable[[str], bool] | None = None,
        suffixes: str = "",
    ):
        by_first: dict[str, _Openers] = {}
        for rank, phrase in enumerate(sorted(set(phrases), key=lambda p: (-len(p), p))):
            flags = 0 if case_sensitive and case_sensitive(phrase) else re.IGNORECASE
            entry = (rank, phrase, _LazyPattern(phrase_pattern(phrase, suffixes), flags))
            head = [_key(w) for w in _WORD.findall(phrase.split("...")[0])]
            openers = by_first.setdefault(head[0] if head else "", _Openers([], {}))
            if len(head) > 1:
                openers.then.setdefault(head[1], []).append(entry)
            else:
                openers.alone.append(entry)
        self._by_first = by_first
        # The last long text scanned whole: an article is asked about clause
        # by clause, so one scan of it answers every later window.
        self._scanned: tuple[str, list[int], list[tuple[re.Match[str], str]]] | None = None
        self._full: dict[str, re.Match[str] | None] = {}

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        for m, _ in self.find_phrases(text, pos, endpos):
            yield m

    def find_phrases(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[tuple[re.Match[str], str]]:
        """Matches, left to right and not overlapping, with the lexicon phrase each matched."""
        if len(text) < 400:
            yield from self._scan(text, pos, endpos)
            return
        if self._scanned is None or self._scanned[0] is not text:
            found = list(self._scan(text, 0, None))
            self._scanned = (text, [m.start() for m, _ in found], found)
        _, starts, found = self._scanned
        end = len(text) if endpos is None else endpos
        for i in range(bisect.bisect_left(starts, pos), len(found)):
            m, phrase = found[i]
            if m.start() >= end:
                break
            if m.end() <= end:
                yield m, phrase

    def _scan(self, text: str, pos: int, endpos: int | None) -> Iterator[tuple[re.Match[str], str]]:
        end = len(text) if endpos is None else endpos
        text = _unquoted(text)
        words = _words(text)
        by_first = self._by_first
        index = words.at
        opening = [(i, by_first[key]) for key in by_first.keys() & index.keys() for i in index[key]]
        for key, prefixes in words.cut.items():
            if key not in by_first:
                for prefix in prefixes:
                    if prefix in by_first:
                        cut_openers = by_first[prefix]
                        opening.extend((i, cut_openers) for i in index[key])
                        break
        opening.sort(key=_FIRST)  # each word index occurs once: the order is by position
        starts, keys = words.starts, words.keys
        resume = pos
        for i, openers in opening:
            at = starts[i]
            if at < resume:
                continue
            if at >= end:
                break
            candidates = openers.alone
            if openers.then and i + 1 < len(keys):
                # A phrase of several words is tried only where its second word follows.
                following = keys[i + 1]
                more = openers.then.get(following)
                if more is None and "'" in following:
                    more = openers.then.get(following.split("'")[0])
                if more:
                    candidates = sorted(candidates + more) if candidates else more
            best: re.Match[str] | None = None
            best_phrase = ""
            for _, phrase, pattern in candidates:
                m = pattern.match(text, at, end)
                if m and (best is None or _outranks(m, phrase, best, best_phrase)):
                    best, best_phrase = m, phrase
            if best is not None:
                resume = best.end()
                yield best, best_phrase

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return next(self.finditer(text, pos, endpos), None)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        if text in self._full:
            return self._full[text]
        m = self.search(text)
        found = m if m is not None and m.start() == 0 and m.end() == len(text) else None
        if len(self._full) < 100_000:  # names recur across a corpus; remember the answers
            self._full[text] = found
        return found


def _said_whole(phrase: str) -> bool:
    return " " in phrase and "..." not in phrase


def _outranks(m: re.Match[str], phrase: str, best: re.Match[str], best_phrase: str) -> bool:
    """Whether a match beats the best so far at the same word: the longer one, except
    that a phrase of several words said whole beats one with a gap, whose gap may
    swallow it ("lost control of Douma to Turkish-backed fighters" is no "lost ... fighters")."""
    whole = _said_whole(phrase)
    if whole != _said_whole(best_phrase) and ("..." in phrase or "..." in best_phrase):
        return whole
    return m.end() > best.end()


#: Words matched only as written, in lower case: capitalised they are names.
_LOWER_CASE_ONLY = frozenset({"may"})


def compile_phrases(phrases: list[str], flags: int = re.IGNORECASE) -> PhraseMatcher:
    """A matcher over all phrases, longest first so the longest wins."""
    return PhraseMatcher(phrases, None if flags & re.IGNORECASE else (lambda p: True))


@dataclass(frozen=True)
class Lexicon:
    """Everything the event and role stages need, compiled once."""

    actors: dict[str, Actor]
    triggers: TriggerLexicon
    references: References
    actor_re: PhraseMatcher
    actor_by_phrase: dict[str, str]
    #: Generic phrase ("rebels") -> (home countries, actor id) for each actor it may name.
    generic_actor_by_phrase: dict[str, tuple[tuple[frozenset[str], str], ...]]
    #: Words for armed men that name no party ("gunmen"), squashed.
    unnamed_armed: frozenset[str]
    #: Words for rebels that name no party ("rebels"), squashed.
    unnamed_rebels: frozenset[str]
    state_forces_re: PhraseMatcher
    state_forces_named_re: PhraseMatcher
    state_actor_by_country: dict[str, str]
    #: Country code -> "<country> state forces", for a country no curated actor is the
    #: state of: named only when the text names the country ("Burkinabe soldiers").
    named_state_forces: dict[str, str]
    #: A country's name, lower case -> its code ("burkina faso": BF).
    country_by_name: dict[str, str]
    trigger_re: PhraseMatcher
    trigger_types: dict[str, list[tuple[EventType, str]]]
    #: (event type, trigger phrase) that counts only with a place as its object.
    object_triggers: frozenset[tuple[EventType, str]]
    #: (event type, trigger phrase) that counts only with a place as its subject.
    subject_triggers: frozenset[tuple[EventType, str]]
    irrealis_re: PhraseMatcher
    negation_re: PhraseMatcher
    denial_re: PhraseMatcher
    hedge_re: PhraseMatcher
    transfer_re: PhraseMatcher
    attribution_re: PhraseMatcher
    demonym_re: PhraseMatcher
    capital_ids: frozenset[str]
    #: `TriggerLexicon.conflict_cues`, or None when there are none (no article is gated).
    conflict_cue_re: PhraseMatcher | None

    def state_of(self, country: str | None, *, named: bool = False) -> str | None:
        """The state actor of a country: the curated one, else (when the text names the
        country) its uncurated state forces."""
        if country is None:
            return None
        found = self.state_actor_by_country.get(country)
        return found or (self.named_state_forces.get(country) if named else None)

    def is_generic(self, phrase: str) -> bool:
        """Whether a matched actor phrase is a common noun ("rebels"), not a party's name."""
        key = _squash(phrase)
        return (
            key in self.generic_actor_by_phrase
            or key in self.unnamed_armed
            or key in self.unnamed_rebels
        )

    def event_types_for(self, phrase: str) -> list[tuple[EventType, str]]:
        """The event types a trigger phrase of the lexicon signals."""
        return self.trigger_types.get(phrase, [])


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


def build_lexicon(actors: ActorLexicon, triggers: TriggerLexicon, refs: References) -> Lexicon:
    """Compile validated lexicons into matchers."""
    actor_by_phrase: dict[str, str] = {}
    actor_phrases: list[str] = []
    generic: dict[str, list[tuple[frozenset[str], str]]] = {}
    for actor in actors.actors:
        for phrase in [actor.name, *actor.aliases]:
            actor_phrases.append(phrase)
            actor_by_phrase.setdefault(_squash(phrase), actor.id)
        for phrase in actor.generic_aliases:
            actor_phrases.append(phrase)
            generic.setdefault(_squash(phrase), []).append((frozenset(actor.home), actor.id))
    actor_phrases.extend([*actors.unnamed_armed, *actors.unnamed_rebels])
    trigger_types: dict[str, list[tuple[EventType, str]]] = {}
    for etype, spec in triggers.event_types.items():
        for trig in [*spec.triggers, *spec.object_triggers, *spec.subject_triggers]:
            trigger_types.setdefault(trig, []).append((etype, trig))
    state_by_country = {a.country: a.id for a in actors.actors if a.kind == "state" and a.country}
    # A country a curated actor is named after ("Saudi Arabia": the Saudi-led coalition)
    # is the curator's to say; the others get state forces of their own.
    named_after = {cc for cc, name in country_names().items() if _squash(name) in actor_by_phrase}
    uncurated = _uncurated_state_forces(
        state_by_country.keys() | named_after, {a.id for a in actors.actors}
    )
    return Lexicon(
        actors={a.id: a for a in [*actors.actors, *uncurated]},
        triggers=triggers,
        references=refs,
        # Case matters for short acronyms ("IS" the group vs "is" the verb).
        actor_re=_compile_actor_phrases(actor_phrases),
        actor_by_phrase=actor_by_phrase,
        generic_actor_by_phrase={
            phrase: tuple(homes)
            for phrase, homes in generic.items()
            if phrase not in actor_by_phrase
        },
        unnamed_armed=frozenset(_squash(p) for p in actors.unnamed_armed),
        unnamed_rebels=frozenset(_squash(p) for p in actors.unnamed_rebels),
        state_forces_re=compile_phrases(actors.state_forces),
        state_forces_named_re=compile_phrases(actors.state_forces_named),
        state_actor_by_country=state_by_country,
        named_state_forces={a.country: a.id for a in uncurated if a.country},
        country_by_name={name.lower(): cc for cc, name in country_names().items()},
        trigger_re=compile_phrases(list(trigger_types)),
        trigger_types=trigger_types,
        object_triggers=frozenset(
            (etype, t) for etype, spec in triggers.event_types.items() for t in spec.object_triggers
        ),
        subject_triggers=frozenset(
            (etype, t)
            for etype, spec in triggers.event_types.items()
            for t in spec.subject_triggers
        ),
        # "may" is a modal in lower case only: "fled in May" tells of the month.
        irrealis_re=PhraseMatcher(triggers.irrealis, _LOWER_CASE_ONLY.__contains__),
        negation_re=compile_phrases(triggers.negations),
        denial_re=compile_phrases(triggers.denials),
        hedge_re=compile_phrases(triggers.hedges),
        transfer_re=compile_phrases(triggers.transfer_triggers),
        attribution_re=compile_phrases(triggers.attributions),
        demonym_re=compile_phrases(list(refs.demonyms), flags=0),
        capital_ids=frozenset(refs.capitals.values()),
        conflict_cue_re=compile_phrases(triggers.conflict_cues) if triggers.conflict_cues else None,
    )


def _uncurated_state_forces(curated: Collection[str], taken: set[str]) -> list[Actor]:
    """A state actor for each country whose state no curated actor is.

    Any war may be reported from anywhere: "Burkinabe soldiers" and "Haiti's
    police" are those states' forces though nobody curated them.  Built with
    `model_construct` from trusted data: 250 validations would slow every start.
    """
    made = []
    for cc, name in country_names().items():
        if cc in curated:
            continue
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        slug = "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))
        actor_id = f"{slug}-state-forces"
        if slug and actor_id not in taken:
            made.append(
                Actor.model_construct(
                    id=actor_id,
                    name=f"{name} state forces",
                    kind="state",
                    country=cc,
                    aliases=[],
                    generic_aliases=[],
                    home=[],
                )
            )
    return made


#: What a party's name may end before: "IS-controlled", "Houthi-run" name who holds a place.
HOLDER_SUFFIXES = "held|controlled|run|occupied|dominated|ruled"


def _compile_actor_phrases(phrases: list[str]) -> PhraseMatcher:
    """Acronyms (all capitals, up to 5 letters) match case-sensitively ("IS", not "is"),
    and a party's name matches before a holder's suffix ("IS-controlled")."""
    return PhraseMatcher(phrases, _is_acronym, HOLDER_SUFFIXES)


def _is_acronym(phrase: str) -> bool:
    core = phrase.replace(".", "")
    return core.isupper() and len(core) <= 5


@cache
def default_lexicon(data_dir: str | None = None) -> Lexicon:
    """The lexicon shipped in geomap/data (or a curator's copy of that folder)."""
    base = Path(str(resources.files("geomap") / "data")) if data_dir is None else Path(data_dir)
    actors = _load(base / "actors.yaml", ActorLexicon)
    return build_lexicon(
        actors,
        _load(base / "triggers.yaml", TriggerLexicon),
        _load(base / "references.yaml", References),
    )


def names_a_people(lex: Lexicon, word: str) -> bool:
    """Whether a word is a people's name, one or many: "Syrian", "Palestinians"."""
    demonyms = lex.references.demonyms
    return word in demonyms or word.removesuffix("s") in demonyms


#: In `named`: the story names an armed group no curator listed ("the Seleka movement").
UNCURATED_GROUP = "?uncurated-group"


def actor_for(
    lex: Lexicon,
    matched: str,
    country: str | None,
    named: Collection[str] = (),
    story_party: bool = True,
) -> str | None:
    """The canonical actor id of a matched actor phrase, in a story set in `country`.

    A generic phrase ("rebels", "the coalition") names the actor whose home
    the story is set in.  Of several at home there, the one the story names by
    its own name (`named`) wins: the rebels of a story on the ADF in Beni are
    the ADF, not M23.  Elsewhere a word for armed men that names no party
    ("gunmen", "militants") is the one armed party the story names, or an
    unidentified armed group when it names none (and nobody when it names several).
    `story_party` False: a people named before the word says whose men they are
    ("Libyan militias" are no named jihadist group), so only its home's party fits.
    """
    key = _squash(matched)
    found = lex.actor_by_phrase.get(key)
    if found is not None:
        return found
    if country is not None:
        homes = lex.generic_actor_by_phrase.get(key, ())
        at_home = [a for countries, a in homes if country in countries]
        if at_home:
            return next((a for a in at_home if a in named), at_home[0])
    rebels = key in lex.unnamed_rebels
    if not (rebels or key in lex.unnamed_armed):
        return None
    if not story_party:
        return UNIDENTIFIED_ARMED_GROUP
    # "JNIM claimed the attack ... the jihadists": the one armed party the story names
    # (a group no curator knows counts: "the Seleka movement" makes the gunmen no one's).
    armed = [a for a in sorted(named) if a == UNCURATED_GROUP or lex.actors[a].kind == "non_state"]
    if len(armed) == 1 and not rebels and armed[0] != UNCURATED_GROUP:
        return armed[0]
    return None if armed else UNIDENTIFIED_ARMED_GROUP


def names_an_armed_party(lex: Lexicon, phrase: str) -> bool:
    """Whether a matched actor phrase names armed men: a non-state party by its name
    ("Houthis", "IS") or by a word for armed men ("gunmen", "rebels").  A state's name
    ("Turkey") or a generic word that may be a political one ("opposition") does not."""
    key = _squash(phrase)
    if key in lex.unnamed_armed or key in lex.unnamed_rebels:
        return True
    found = lex.actor_by_phrase.get(key)
    return found is not None and lex.actors[found].kind == "non_state"


def named_parties(lex: Lexicon, text: str) -> frozenset[str]:
    """The actors a text names by their own names (not by a generic word)."""
    return frozenset(
        found
        for m in lex.actor_re.finditer(text)
        if (found := lex.actor_by_phrase.get(_squash(m.group()))) is not None
    )
