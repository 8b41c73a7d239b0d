"""The curated word lists (actors, event triggers, place references), compiled.

The lists are YAML data in geomap/data/ so that a curator extends coverage
without touching code; this module validates them and compiles each into
one regular expression, so a whole article is scanned once per list rather
than once per word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from geomap.errors import DataFileError, Problem
from geomap.models import Actor, ActorLexicon, EventType, References, TriggerLexicon

_M = TypeVar("_M", bound=BaseModel)
_GAP = r"(?:\W+[\w'’-]+){0,8}?\W+"


def _load(path: Path, model: type[_M]) -> _M:
    """Read one lexicon file; any fault becomes a located DataFileError."""
    try:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError([Problem(str(path), line, None, f"bad YAML: {exc}")]) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(str(path), None, ".".join(str(p) for p in err["loc"]), err["msg"])
            for err in exc.errors()
        ]
        raise DataFileError(problems) from None


def phrase_pattern(phrase: str) -> str:
    """A whole-word regex for a lexicon phrase; '...' allows a gap of up to eight words."""
    parts = [re.escape(p.strip()).replace(r"\ ", r"\s+") for p in phrase.split("...")]
    body = _GAP.join(parts)
    return rf"(?<![\w-]){body}(?![\w-])"


def compile_phrases(phrases: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One alternation over all phrases, longest first so the longest wins."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return re.compile("|".join(f"(?:{phrase_pattern(p)})" for p in ordered), flags)


@dataclass(frozen=True)
class Lexicon:
    """Everything the event and role stages need, compiled once."""

    actors: dict[str, Actor]
    triggers: TriggerLexicon
    references: References
    actor_re: re.Pattern[str]
    actor_by_phrase: dict[str, str]
    state_forces_re: re.Pattern[str]
    state_actor_by_country: dict[str, str]
    trigger_re: re.Pattern[str]
    trigger_types: dict[str, list[tuple[EventType, str]]]
    gap_triggers: list[tuple[re.Pattern[str], EventType, str]]
    irrealis_re: re.Pattern[str]
    negation_re: re.Pattern[str]
    denial_re: re.Pattern[str]
    hedge_re: re.Pattern[str]
    transfer_re: re.Pattern[str]
    attribution_re: re.Pattern[str]
    demonym_re: re.Pattern[str]

    def event_types_for(self, matched: str) -> list[tuple[EventType, str]]:
        return self.trigger_types.get(_squash(matched), [])


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


def build_lexicon(actors: ActorLexicon, triggers: TriggerLexicon, refs: References) -> Lexicon:
    """Compile validated lexicons into matchers."""
    actor_by_phrase: dict[str, str] = {}
    actor_phrases: list[str] = []
    for actor in actors.actors:
        for phrase in [actor.name, *actor.aliases]:
            actor_phrases.append(phrase)
            actor_by_phrase.setdefault(_squash(phrase), actor.id)
    trigger_types: dict[str, list[tuple[EventType, str]]] = {}
    gap: list[tuple[re.Pattern[str], EventType, str]] = []
    for etype, spec in triggers.event_types.items():
        for trig in spec.triggers:
            if "..." in trig:
                gap.append((re.compile(phrase_pattern(trig), re.IGNORECASE), etype, trig))
            else:
                trigger_types.setdefault(_squash(trig), []).append((etype, trig))
    state_by_country = {a.country: a.id for a in actors.actors if a.kind == "state" and a.country}
    return Lexicon(
        actors={a.id: a for a in actors.actors},
        triggers=triggers,
        references=refs,
        # Case matters for short acronyms ("IS" the group vs "is" the verb).
        actor_re=_compile_actor_phrases(actor_phrases),
        actor_by_phrase=actor_by_phrase,
        state_forces_re=compile_phrases(actors.state_forces),
        state_actor_by_country=state_by_country,
        trigger_re=compile_phrases(list(trigger_types)),
        trigger_types=trigger_types,
        gap_triggers=gap,
        irrealis_re=compile_phrases(triggers.irrealis),
        negation_re=compile_phrases(triggers.negations),
        denial_re=compile_phrases(triggers.denials),
        hedge_re=compile_phrases(triggers.hedges),
        transfer_re=compile_phrases(triggers.transfer_triggers),
        attribution_re=compile_phrases(triggers.attributions),
        demonym_re=compile_phrases(list(refs.demonyms), flags=0),
    )


def _compile_actor_phrases(phrases: list[str]) -> re.Pattern[str]:
    """Acronyms (all capitals, up to 4 letters) match case-sensitively."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    alts = []
    for phrase in ordered:
        pat = phrase_pattern(phrase)
        alts.append(f"(?:{pat})" if _is_acronym(phrase) else f"(?i:{pat})")
    return re.compile("|".join(alts))


def _is_acronym(phrase: str) -> bool:
    core = phrase.replace(".", "").replace("-held", "")
    return core.isupper() and len(core) <= 5


@cache
def default_lexicon(data_dir: str | None = None) -> Lexicon:
    """The lexicon shipped in geomap/data (or a curator's copy of that folder)."""
    if data_dir is None:
        base = Path(str(resources.files("geomap") / "data"))
    else:
        base = Path(data_dir)
    actors = _load(base / "actors.yaml", ActorLexicon)
    return build_lexicon(
        actors,
        _load(base / "triggers.yaml", TriggerLexicon),
        _load(base / "references.yaml", References),
    )


def actor_for(lex: Lexicon, matched: str) -> str | None:
    """The canonical actor id of a matched actor phrase."""
    return lex.actor_by_phrase.get(_squash(matched))
