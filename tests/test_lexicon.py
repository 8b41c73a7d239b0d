"""The curated lexicons: generic names of parties, and located faults in a curator's copy."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import DataFileError
from geomap.lexicon import (
    actor_for,
    compile_phrases,
    default_lexicon,
    named_parties,
    phrase_pattern,
)

DATA = Path(__file__).resolve().parent.parent / "geomap" / "data"


def test_a_generic_name_is_the_party_of_the_storys_country_or_nobody() -> None:
    lex = default_lexicon()
    assert actor_for(lex, "rebels", "SY") == "syrian-opposition"
    assert actor_for(lex, "Rebels", "CD") == "m23"
    assert actor_for(lex, "rebels", "YE") == "houthis"
    # Elsewhere, rebels nobody names are an unidentified armed group ...
    assert actor_for(lex, "rebels", "MM") == "unidentified-armed-group"
    assert actor_for(lex, "rebels", None) == "unidentified-armed-group"
    # ... but beside a party the story names they are others, or that party's men
    # when the word names no kind of party ("gunmen", "militants").
    assert actor_for(lex, "rebels", "ML", named={"jnim"}) is None
    assert actor_for(lex, "militants", "ML", named={"jnim"}) == "jnim"
    assert actor_for(lex, "militants", "ML", named={"jnim", "malian-army"}) == "jnim"
    assert actor_for(lex, "militants", "ML", named={"jnim", "wagner"}) is None
    assert actor_for(lex, "militants", "ML", named={"jnim"}, story_party=False) == (
        "unidentified-armed-group"
    )
    # Words that are no armed men stay nobody's.
    assert actor_for(lex, "the opposition", "VE") is None
    # "Kurdish fighters" are the SDF in Syria and the Peshmerga in Iraq.
    assert actor_for(lex, "Kurdish fighters", "SY") == "sdf"
    assert actor_for(lex, "Kurdish fighters", "IQ") == "peshmerga"
    # A proper name means its party wherever the story is set.
    assert actor_for(lex, "Free Syrian Army", None) == "syrian-opposition"
    assert actor_for(lex, "M23", "SY") == "m23"
    # Ethiopia's and Colombia's parties, by their own names.
    assert actor_for(lex, "Fano militiamen", None) == "fano"
    assert actor_for(lex, "ELN guerrillas", None) == "eln"
    assert actor_for(lex, "FARC dissidents", None) == "farc-dissidents"


def test_a_generic_name_prefers_the_party_the_story_names() -> None:
    lex = default_lexicon()
    # Two parties are "rebels" in Congo: the one named in the story, else the first listed.
    assert actor_for(lex, "rebels", "CD", named={"adf"}) == "adf"
    assert actor_for(lex, "rebels", "CD", named={"syrian-opposition"}) == "m23"
    assert actor_for(lex, "rebels", "UG") == "adf"
    assert named_parties(lex, "ADF rebels attacked; the rebels left.") == {"adf"}


def test_every_country_has_state_forces_but_only_when_named() -> None:
    lex = default_lexicon()
    # Curated states keep their actor, named or not.
    assert lex.state_of("SY") == lex.state_of("SY", named=True) == "syrian-government"
    # An uncurated state's forces exist, but only a text that names the country gets them.
    assert lex.state_of("BF") is None
    forces = lex.state_of("BF", named=True)
    assert forces == "burkina-faso-state-forces"
    assert (lex.actors[forces].kind, lex.actors[forces].country) == ("state", "BF")
    assert lex.state_of("CI", named=True) == "ivory-coast-state-forces"
    # "Saudi Arabia" names a curated actor (the coalition): the curator's call, not a state's.
    assert lex.state_of("SA", named=True) is None


def _copy_lexicon(folder: Path) -> None:
    """The packaged lexicon files, copied for a test to edit."""
    for file in DATA.glob("*.yaml"):
        shutil.copy(file, folder / file.name)


def test_a_curators_broken_actor_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    _copy_lexicon(tmp_path)
    actors = tmp_path / "actors.yaml"
    lines = actors.read_text(encoding="utf-8").splitlines(keepends=True)
    (home,) = [i for i, line in enumerate(lines) if line.strip() == "home: [CD]"]
    del lines[home]
    actors.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        default_lexicon(str(tmp_path))
    (problem,) = info.value.problems
    assert problem.path == str(actors)
    assert problem.line is not None and problem.line <= home + 1
    assert lines[problem.line - 1].lstrip().startswith("- id: m23")
    assert problem.field is not None and problem.field.startswith("actors.")
    assert "home" in problem.message


def test_words_for_unnamed_armed_men_need_the_unidentified_actor(tmp_path: Path) -> None:
    _copy_lexicon(tmp_path)
    actors = tmp_path / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    actors.write_text(text.replace("id: unidentified-armed-group", "id: someone-else"), "utf-8")
    with pytest.raises(DataFileError) as info:
        default_lexicon(str(tmp_path))
    (problem,) = info.value.problems
    assert problem.path == str(actors)
    assert "unidentified-armed-group" in problem.message


def test_a_bare_no_in_a_curators_list_is_a_word(tmp_path: Path) -> None:
    # The lexicon is first read with libyaml (YAML 1.1, where a bare "no" is false)
    # for speed; what that reading rejects is read again as YAML 1.2.
    _copy_lexicon(tmp_path)
    triggers = tmp_path / "triggers.yaml"
    text = triggers.read_text(encoding="utf-8")
    triggers.write_text(text.replace("negations: [not,", "negations: [no, not,"), "utf-8")
    lex = default_lexicon(str(tmp_path))
    assert "no" in lex.triggers.negations


PHRASES = ["Free Syrian Army", "Syrian Army", "army", "Islamic State", "State", "al-Nusra Front"]
WORDS = ["Free", "Syrian", "Army", "army's", "Islamic", "State", "al-Nusra", "Front", "armyman"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "the", ",", "."]), max_size=25))
def test_the_phrase_matcher_answers_as_one_longest_first_alternation(words: list[str]) -> None:
    # The first-word index is a shortcut; what it finds must be what scanning
    # the text with one alternation of every phrase, longest first, finds.
    text = " ".join(words)
    alternation = re.compile(
        "|".join(phrase_pattern(p) for p in sorted(PHRASES, key=lambda p: (-len(p), p))),
        re.IGNORECASE,
    )
    matcher = compile_phrases(PHRASES)
    expected = [(m.start(), m.end()) for m in alternation.finditer(text)]
    assert [(m.start(), m.end()) for m in matcher.finditer(text)] == expected
    copy = pickle.loads(pickle.dumps(matcher))  # as worker processes get it
    assert [(m.start(), m.end()) for m in copy.finditer(text)] == expected


def test_a_phrase_said_whole_beats_a_gapped_one_that_swallows_it() -> None:
    matcher = compile_phrases(["lost ... fighters", "lost control of", "left", "left ... dead"])
    told = "Kurdish forces lost control of Douma to Turkish-backed fighters."
    assert [m.group() for m in matcher.finditer(told)] == ["lost control of"]
    assert [m.group() for m in matcher.finditer("The army lost 30 fighters.")] == [
        "lost 30 fighters"
    ]
    # One word said whole is no phrase: the longer, gapped match still wins.
    assert [m.group() for m in matcher.finditer("The strike left 30 people dead.")] == [
        "left 30 people dead"
    ]


def test_a_phrase_whose_words_a_story_quotes_is_still_that_phrase() -> None:
    matcher = compile_phrases(["taken full control of", "temporary withdrawal"])
    for told in (
        "Forces have taken “full control” of Mekelle.",
        'Forces have taken "full control of" Mekelle.',
        "Forces have taken ‘full control’ of Mekelle.",
        "Forces have taken “‘full control’” of Mekelle.",
        # a mark alone: the other of its pair in another sentence
        "Forces have taken “full control of Mekelle.",
        "Forces have taken full control” of Mekelle.",
        "Forces have taken ‘full control of Mekelle.",
        "Forces have taken full control’ of Mekelle.",
        "Forces have taken ’full control of Mekelle.",  # a right quote typed as a left one
        'Forces have taken "full control of Mekelle.',
    ):
        assert [(m.start(), m.end()) for m in matcher.finditer(told)] == [
            (told.index("taken"), told.index(" of") + 3)
        ], told
    # A right single quote between letters is an apostrophe, part of its word.
    assert [m.group() for m in compile_phrases(["Assad's forces"]).finditer("Assad’s forces")] == [
        "Assad’s forces"
    ]
    assert list(compile_phrases(["Assad forces"]).finditer("Assad’s forces")) == []


def test_a_phrase_is_compiled_only_once_it_is_tried() -> None:
    matcher = compile_phrases(PHRASES)

    def compiled() -> set[str]:
        return {
            phrase
            for openers in matcher._by_first.values()
            for entries in [openers.alone, *openers.then.values()]
            for _, phrase, pattern in entries
            if isinstance(pattern.match.__self__, re.Pattern)
        }

    assert compiled() == set()
    assert [m.group() for m in matcher.finditer("the Free Syrian Army")] == ["Free Syrian Army"]
    # Only the phrases that open with "Free" were tried.
    assert compiled() == {"Free Syrian Army"}
