"""Numbers as news writes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.counts import _MAY_COUNT, _NUMBER, first_count_at, parse_counts
from geomap.lexicon import default_lexicon


def _counts(text: str, killing: bool = False) -> list[tuple[str, int, str]]:
    found = parse_counts(text, 0, len(text), default_lexicon(), "a.txt", killing)
    return [(c.kind, c.value, c.qualifier) for c in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("some 1,600 people left", [("people", 1600, "approx")]),
        ("32 buses took them", [("buses", 32, "exact")]),
        ("more than 250 fighters", [("fighters", 250, "at_least")]),
        ("up to 45 buses were sent", [("buses", 45, "at_most")]),
        ("hundreds of civilians", [("civilians", 200, "vague")]),
        ("two buses and 3,000 people", [("buses", 2, "exact"), ("people", 3000, "exact")]),
        ("two dozen people were killed", [("killed", 24, "exact")]),
        ("half a dozen soldiers", [("fighters", 6, "exact")]),
        ("some three dozen people were wounded", [("injured", 36, "approx")]),
        ("the attack resulted in the death of 16 soldiers", [("killed", 16, "exact")]),
        ("the killing of 12 civilians", [("killed", 12, "exact")]),
        ("clashes claimed the lives of 30 people", [("killed", 30, "exact")]),
        ("the lives of 3,000 residents are at risk", [("civilians", 3000, "exact")]),
        ("six civilians were hacked to death", [("killed", 6, "exact")]),
        ("twelve villagers were beheaded", [("killed", 12, "exact")]),
        ("ten people shot dead", [("killed", 10, "exact")]),
        ("50 people executed a plan", [("people", 50, "exact")]),
        ("in 2011 the war began", []),
        ("Route 30 is a street", []),
        # The number is the subject: its verb says what it counts.
        ("the UN said 5,000 fled the district", [("people", 5000, "exact")]),
        ("12 were killed and 30 wounded", [("killed", 12, "exact"), ("injured", 30, "exact")]),
        ("some 4,300 have been displaced", [("displaced", 4300, "approx")]),
        # Spelled out, as a sentence opens: the whole number, not its last word.
        ("Eighty-six diplomats left", [("people", 86, "exact")]),
        ("some two hundred families fled", [("civilians", 200, "approx")]),
        ("A dozen buses left", [("buses", 12, "exact")]),
    ],
)
def test_counts_keep_value_qualifier_and_kind(
    text: str, expected: list[tuple[str, int, str]]
) -> None:
    assert _counts(text) == expected


def test_how_many_live_in_a_place_is_no_count() -> None:
    for text in (
        "Goma, home to more than 700,000 people, was shelled, killing 12 people.",
        "Goma, a city of 700,000 people, was shelled, killing 12 people.",
        "Goma, with a population of 700,000, was shelled, killing 12 people.",
    ):
        assert _counts(text, killing=True) == [("killed", 12, "exact")], text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About 40,000 people fled to Lashkar Gah, where an average family has seven members.",
         [("people", 40000)]),
        ("The militants have about 500 fighters in the town, killing 12 people.", [("killed", 12)]),
        ("The group had an average of 30 fighters per village.", []),
        # a harm verb after the counted noun still says which toll it is
        ("The army had 30 soldiers killed in the ambush.", [("killed", 30)]),
        ("The fighting has killed 12 people.", [("killed", 12)]),
    ],
)  # fmt: skip
def test_what_a_family_or_a_force_has_is_no_count(
    text: str, expected: list[tuple[str, int]]
) -> None:
    assert [(kind, value) for kind, value, _ in _counts(text, "killing" in text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Twelve soldiers from Light Infantry Battalion 557 fled to Thailand.",
        "The council passed Resolution 2254 as 300 people fled.",
        "Gunmen attacked checkpoint 4 and 300 people fled.",
    ],
)
def test_a_number_that_names_a_unit_or_a_road_counts_nobody(text: str) -> None:
    assert all(value not in (557, 2254, 4) for _, value, _ in _counts(text))
    assert _counts(text) != []  # the count beside it is still read


def test_people_in_a_killing_sentence_are_the_dead() -> None:
    assert _counts("left 233 jihadists and more than 60 civilians dead", killing=True) == [
        ("killed", 233, "exact"),
        ("killed", 60, "at_least"),
    ]


_COUNT_WORDS = [
    "some", "about", "more than", "at least", "A dozen", "a hundred", "One", "two", "TEN",
    "fifty", "Eighty-six", "seventeen", "ninety", "hundred",
    "Tens of thousands", "dozens", "hundreds", "Thousands", "scores", "1,600", "32",
    "2.5", "٣", "thousand", "million", "people", "fighters", "buses", "civilians", "and",
    "onerous", "often", "tenth", "was", ",", "-", "(", "'",
]  # fmt: skip


@given(st.lists(st.sampled_from(_COUNT_WORDS), max_size=8), st.sampled_from([" ", "  ", "\n"]))
def test_the_quick_check_never_hides_a_count(words: list[str], space: str) -> None:
    """Spans the quick check turns away are spans where `_NUMBER` finds nothing."""
    text = space.join(words)
    if _MAY_COUNT.search(text) is None:
        assert _NUMBER.search(text) is None


@given(st.lists(st.sampled_from(_COUNT_WORDS), max_size=12), st.sampled_from([" ", "  ", "\n"]))
def test_the_scan_starts_before_every_count(words: list[str], space: str) -> None:
    """Counts found from `first_count_at` are all the counts of the text."""
    text = space.join(["Troops", "said", *words])
    start = first_count_at(text, 0, len(text))
    every = [m.span() for m in _NUMBER.finditer(text)]
    assert [m.span() for m in _NUMBER.finditer(text, start or 0)] == every
    assert start is not None or every == []


def test_sentences_without_numbers_have_no_counts() -> None:
    assert _counts("Fighters left the camp and often returned.") == []
    assert _counts("Thousands of people left.") == [("people", 2000, "vague")]


def test_a_harm_verb_before_a_number_says_which_toll_it_is() -> None:
    found = _counts("Shelling hit the town, killing 5 people and wounding 30 others.", True)
    assert [(kind, value) for kind, value, _ in found] == [("killed", 5), ("injured", 30)]
    found = _counts("An air strike hit the town, wounding 12 civilians.")
    assert [(kind, value) for kind, value, _ in found] == [("injured", 12)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # No noun, or one the lexicon does not list: who was harmed is still counted.
        ("A car bomb exploded, killing eight.", [("killed", 8)]),
        ("Shelling killed five people and wounded 22 on Monday.", [("killed", 5), ("injured", 22)]),
        ("The strike killed at least two Palestinians.", [("killed", 2)]),
        ("A drone attack killed two crew members.", [("killed", 2)]),
        # What the number counts is no one: a time, an age, a share, a distance.
        ("A commander was killed two weeks ago.", []),
        ("The raid killed 12-year-old Ahmed.", []),
        ("Heavy fighting wounded 5% of the garrison.", []),
        ("The blast killed 3 km from the front.", []),
    ],
)
def test_a_number_right_after_a_harm_verb_counts_the_harmed(
    text: str, expected: list[tuple[str, int]]
) -> None:
    assert [(kind, value) for kind, value, _ in _counts(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The death toll from the strike has risen to 42, rescuers said.", [("killed", 42)]),
        ("The toll in Douma climbed to at least 61 on Monday.", [("killed", 61)]),
        ("The attacks had an official death toll of 141 people.", [("killed", 141)]),
        # A share, or a number after another clause, is not the toll.
        ("The death toll rose to 12 percent of the town.", []),
        ("The toll is unknown and 300 people fled.", [("people", 300)]),
        ("The toll rose and the fighting spread to 30 villages.", []),
    ],
)
def test_a_number_a_death_toll_reaches_counts_the_dead(
    text: str, expected: list[tuple[str, int]]
) -> None:
    assert [(kind, value) for kind, value, _ in _counts(text)] == expected


def test_the_people_a_war_harms_are_counted_by_their_trade_and_their_service() -> None:
    found = _counts("Gunmen killed 15 villagers and four police officers.", True)
    assert [(kind, value) for kind, value, _ in found] == [("killed", 15), ("killed", 4)]
    found = _counts("More than 300 villagers and 40 policemen fled the district.")
    assert [kind for kind, _, _ in found] == ["civilians", "fighters"]


def test_a_harm_verb_after_the_counted_noun_says_which_toll_it_is() -> None:
    # In a killing sentence, people are the dead unless their own verb says otherwise.
    found = _counts("The strike also left 28 people wounded, officials said.", True)
    assert [(kind, value) for kind, value, _ in found] == [("injured", 28)]
    found = _counts("Thirty civilians were injured and 12 soldiers killed.", True)
    assert [(kind, value) for kind, value, _ in found] == [("injured", 30), ("killed", 12)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A part of a count is in the count: not added to its dead, not a count of its own.
        ("At least 12 people, including four children, were killed.", [("killed", 12)]),
        ("Thirty people, including 17 soldiers and 13 civilians, died.", [("killed", 30)]),
        ("20 soldiers, among them five officers, have been killed.", [("killed", 20)]),
        ("killing 12 people, including two children and wounding 30 others",
         [("killed", 12), ("injured", 30)]),
        # The verb after the part says which toll the whole is, even with no comma after it.
        ("Ten people, including five children, were injured.", [("injured", 10)]),
        ("Ten persons, including five minor children were also injured.", [("injured", 10)]),
        # "N of them" after a count is a part of it; with no count before, the whole.
        ("A strike killed 32 members of one family, 19 of them children.", [("killed", 32)]),
        ("Gunmen killed 40 villagers, most of whom were women.", [("killed", 40)]),
        ("Troops stormed the base and three of them were killed.", [("killed", 3)]),
        # Sides are no one: "the two sides suffered casualties" counts nobody.
        ("heavy fighting in which the two sides suffered casualties", []),
    ],
)  # fmt: skip
def test_a_part_of_a_count_is_counted_once(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(kind, value) for kind, value, _ in _counts(text, True)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fighting has displaced 1.5m people.", [("displaced", 1_500_000)]),
        ("Battles displaced more than 1mn, internally and abroad.", [("displaced", 1_000_000)]),
        ("Fighting drove some 650,000 Khartoum residents from their homes.",
         [("displaced", 650_000)]),
        ("the 3m wall of a 10m building", []),
        # how many live there, not how many were harmed
        ("Georgia attacked the region of fewer than 100,000 people.", []),
        ("a province of 2 million people", []),
    ],
)  # fmt: skip
def test_people_driven_from_home_are_the_displaced(
    text: str, expected: list[tuple[str, int]]
) -> None:
    assert [(kind, value) for kind, value, _ in _counts(text)] == expected


def test_a_part_of_the_people_who_fled_is_not_counted_apart() -> None:
    text = "More than 176,400 people, including around 74,000 children, have been displaced."
    assert _counts(text) == [("people", 176400, "at_least")]


def test_a_clause_that_opens_with_a_part_counts_the_whole_before_it() -> None:
    # Events read counts clause by clause; "including ..., were killed" is a clause of its own.
    text = "News. At least 12 people, including four children, were killed in Douma."
    start = text.index("including")
    found = parse_counts(text, start, len(text), default_lexicon(), "a.txt", True)
    assert [(c.kind, c.value) for c in found] == [("killed", 12)]
    # only the count right before, in the same sentence
    text = "Over 40 buses came. Including two children, five people were killed."
    start = text.index("Including")
    found = parse_counts(text, start, len(text), default_lexicon(), "a.txt", True)
    assert [(c.kind, c.value) for c in found] == [("killed", 5)]


_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = [
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
]  # fmt: skip
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _spelled(n: int, joiner: str) -> str:
    """English words for 1 <= n < 1,000,000, the way a reporter writes them."""
    if n >= 1000:
        rest = n % 1000
        return f"{_spelled(n // 1000, joiner)} thousand" + (
            f" {_spelled(rest, joiner)}" if rest else ""
        )
    if n >= 100:
        rest = n % 100
        return f"{_ONES[n // 100 - 1]} hundred" + (f" and {_spelled(rest, joiner)}" if rest else "")
    if n >= 20:
        return _TENS_WORDS[n // 10 - 2] + (f"{joiner}{_ONES[n % 10 - 1]}" if n % 10 else "")
    return _ONES[n - 1] if n < 10 else _TEENS[n - 10]


@given(st.integers(1, 999_999), st.sampled_from(["-", " "]), st.booleans())
def test_a_spelled_out_number_is_read_whole(n: int, joiner: str, capital: bool) -> None:
    words = _spelled(n, joiner)
    if capital:
        words = words[0].upper() + words[1:]
    assert _counts(f"{words} fighters left") == [("fighters", n, "exact")]
