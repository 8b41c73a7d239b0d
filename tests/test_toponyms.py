"""Recognition: longest match, normalisation, indirect and unknown names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.toponyms import (
    STATE_CONTEXT,
    TAKEN_CONTEXT,
    NameIndex,
    _Covered,
    direction_before,
    find_capitalised_runs,
    find_indirect,
    find_unknown_names,
    match_names,
    tokenize,
)

FORMS = [
    ("Hajar al-Aswad", "hajar-al-aswad"),
    ("Aswad", "aswad-village"),
    ("Damascus", "damascus"),
    ("Yarmouk", "yarmouk-camp"),
    ("Yarmouk", "yarmouk-valley"),
    ("Tadamon", "tadamon"),
    ("Abu Kamal", "abu-kamal"),
]


def _match(text: str) -> list[tuple[str, tuple[str, ...]]]:
    index = NameIndex.build(FORMS)
    return [(m.surface, m.place_ids) for m in match_names(text, tokenize(text), index)]


def test_longest_match_wins() -> None:
    assert _match("Fighting in Hajar al-Aswad resumed.") == [
        ("Hajar al-Aswad", ("hajar-al-aswad",))
    ]


def test_article_prefix_and_spelling_variants() -> None:
    found = _match("They left al-Hajar al-Aswad and al-Tadamun for Abu Kamal.")
    assert [f[1] for f in found] == [("hajar-al-aswad",), ("tadamon",), ("abu-kamal",)]
    assert found[0][0] == "al-Hajar al-Aswad"


def test_possessive_and_transliteration() -> None:
    found = _match("Damascus' southern edge and Yarmuk's streets")
    assert found == [("Damascus", ("damascus",)), ("Yarmuk", ("yarmouk-camp", "yarmouk-valley"))]


def test_lowercase_words_are_not_places() -> None:
    assert _match("the damascus road and a yarmouk") == []


def test_offsets_point_at_the_surface() -> None:
    text = "BEIRUT -- Troops entered Tadamon."
    index = NameIndex.build(FORMS)
    (m,) = match_names(text, tokenize(text), index)
    assert text[m.start : m.end] == "Tadamon"


def test_direction_words_before_a_name() -> None:
    text = "fighting in the south of Damascus and southern Damascus"
    first = text.index("Damascus")
    second = text.rindex("Damascus")
    assert direction_before(text, first) == ("south", text.index("the south"))
    assert direction_before(text, second)[0] == "southern"
    assert direction_before("the city of Damascus", 12) is None


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("a village in north-east Nigeria", "northeast"),
        ("a village in northeastern Nigeria", "northeastern"),
        ("shelling in North-Western Nigeria", "northwestern"),
        ("the south-west of Nigeria", "southwest"),
        ("a village in east Nigeria", "east"),
    ],
)
def test_a_quarter_is_one_direction_word(text: str, direction: str) -> None:
    # "north-east Nigeria" is the north-east, not "east Nigeria" after a stray "north-".
    found = direction_before(text, text.index("Nigeria"))
    assert found is not None and found[0] == direction


def test_indirect_references() -> None:
    refs = find_indirect("They reached the Syrian capital, then the desert.")
    assert [(r.noun, r.demonym) for r in refs] == [("capital", "Syrian"), ("desert", None)]
    # The nouns are looked for case-insensitively before the patterns run.
    shouted = find_indirect("THE SYRIAN CAPITAL and THE DESERT")
    assert [r.noun for r in shouted] == ["capital", "desert"]
    assert find_indirect("They reached the city.") == []


def test_a_lower_case_word_before_capital_is_not_part_of_the_reference() -> None:
    (ref,) = find_indirect("Rebels take over town near capital")
    assert (ref.surface, ref.demonym) == ("capital", None)
    (ref,) = find_indirect("They reached the Syrian capital.")
    assert (ref.surface, ref.demonym) == ("the Syrian capital", "Syrian")


def test_a_capital_keeps_whose_it_is() -> None:
    (ref,) = find_indirect("Rebels shelled North Darfur state’s besieged capital.")
    assert (ref.surface, ref.possessor) == ("capital", "North Darfur state")
    (ref,) = find_indirect("Rebels shelled Yemen's capital.")
    assert ref.possessor == "Yemen"
    (ref,) = find_indirect("Rebels shelled the capital.")
    assert ref.possessor is None


def test_other_capitals_are_not_the_country_capital() -> None:
    # A regional or de facto capital is another city; "capital punishment" no place.
    for text in (
        "Troops retreated from the only regional capital they had captured.",
        "Raqqa, the group's de facto capital, fell.",
        "Kherson, the provincial capital, was retaken.",
        "The court sought capital punishment.",
    ):
        assert find_indirect(text) == [], text
    # A lower-case word that describes the capital itself leaves it the capital.
    kept = find_indirect("Fighting reached the war-torn capital and the besieged capital's edge.")
    assert [(r.noun, r.demonym) for r in kept] == [("capital", None), ("capital", None)]


_SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)).map(sorted).map(tuple))


@given(_SPANS, st.integers(0, 40), st.integers(1, 12))
def test_covered_spans_answer_as_a_scan_of_every_span(
    known: list[tuple[int, int]], start: int, length: int
) -> None:
    """Merged, bisected spans (touching, nested, empty) overlap exactly what each span does."""
    end = start + length
    expected = any(ks < end and start < ke for ks, ke in known)
    assert _Covered(known).overlaps(start, end) == expected


def test_unknown_names_in_place_like_contexts() -> None:
    text = "Families fled from Qaryatayn toward the Zarzour neighbourhood on Monday."
    found = find_unknown_names(text, [(0, len(text))], known=[])
    assert [u.surface for u in found] == ["Qaryatayn", "Zarzour"]
    assert find_unknown_names(text, [(0, len(text))], known=[(19, 28)])[0].surface == "Zarzour"


def test_a_place_fled_left_or_reached_is_a_place_like_context() -> None:
    text = "People fleeing Qaryatayn and escaping Zarzour were leaving Hawsh, reaching Sukhna."
    found = find_unknown_names(text, [(0, len(text))], known=[])
    assert [u.surface for u in found] == ["Qaryatayn", "Zarzour", "Hawsh", "Sukhna"]


def test_whose_men_or_war_people_flee_is_no_place() -> None:
    text = (
        "Refugees escaping Putin's brutal war met families fleeing Kony's fighters and Haftar's "
        "brutal offensive, and others who fled Qaryatayn's old market."
    )
    found = find_unknown_names(text, [(0, len(text))], known=[])
    assert [u.surface for u in found] == ["Qaryatayn"]


def test_the_target_of_a_strike_or_an_assault_is_a_place_like_context() -> None:
    text = "An airstrike on Saada and a drone strike on Sanaa preceded the assault on Tal Afar."
    found = find_unknown_names(text, [(0, len(text))], known=[])
    assert [u.surface for u in found] == ["Saada", "Sanaa", "Tal Afar"]


def test_a_lower_case_particle_inside_a_name_keeps_the_name_whole() -> None:
    text = (
        "Insurgents attacked the town of Mocimboa da Praia, fled towards Ciudad del Este "
        "and Santo Domingo de los Colorados, and reached Dar es Salaam."
    )
    found = [u.surface for u in find_unknown_names(text, [(0, len(text))], known=[])]
    assert found == [
        "Mocimboa da Praia",
        "Ciudad del Este",
        "Santo Domingo de los Colorados",
        "Dar es Salaam",
    ]
    # A lower-case word that joins no name ends it.
    text = "Gunmen attacked Mosul de facto unopposed."
    assert [u.surface for u in find_unknown_names(text, [(0, len(text))], known=[])] == ["Mosul"]


def test_a_facility_named_after_a_possessive_is_in_the_possessors_place() -> None:
    text = "Fighters seized Sirte's Ibn Sina hospital and shelled Mariupol's Azovstal plant."
    found = [u.surface for u in find_unknown_names(text, [(0, len(text))], known=[])]
    assert found == ["Sirte", "Mariupol"]
    # What a possessive owns is the place when it is no facility.
    text = "Russian forces seized Ukraine's Severodonetsk on Wednesday."
    found = [u.surface for u in find_unknown_names(text, [(0, len(text))], known=[])]
    assert found == ["Severodonetsk"]


def test_a_word_between_the_article_and_the_name_of_a_region_is_allowed() -> None:
    text = "Russia annexed the entire Kherson region and shelled the embattled Luhansk region."
    found = [n.surface for n in find_unknown_names(text, [(0, len(text))], known=[(0, 6)])]
    assert found == ["Kherson", "Luhansk"]
    text = "Talks covered the whole Sunday evening."  # no place noun after: no name
    assert find_unknown_names(text, [(0, len(text))], known=[]) == []


def test_a_name_before_province_needs_no_article_and_no_preposition() -> None:
    text = "Fighting went on in Iraq's western Anbar province and Yemen's Ma'rib governorate."
    found = [n.surface for n in find_unknown_names(text, [(0, len(text))], known=[(20, 24)])]
    assert "Anbar" in found and "Ma'rib" in found
    assert not any("'s" in name for name in found)  # "Yemen's Ma'rib" is two names


def test_a_name_before_a_capitalised_region_is_the_regions() -> None:
    for text in ("Airstrikes hit Sagaing Region.", "Fano fought on in Amhara Region."):
        found = [n.surface for n in find_unknown_names(text, [(0, len(text))], known=[])]
        assert found == [text.split()[-2]], text  # not "Sagaing Region" beside it
    # Lower case, "region" is read from the words before the name, not as its own context.
    text = "The army shelled villages in Sagaing region."
    found = [(n.surface, n.context) for n in find_unknown_names(text, [(0, len(text))], [])]
    assert found == [("Sagaing", "in Sagaing")]


def test_an_english_word_opening_a_sentence_is_no_article_of_the_name() -> None:
    text = "As Kunduz collapsed, fighters left. At Tal Afar the army advanced."
    runs = [n.surface for n in find_capitalised_runs(text, [(0, len(text))], [])]
    assert "Kunduz" in runs and "Tal Afar" in runs
    assert not any(r.startswith(("As ", "At ")) for r in runs)


def test_a_name_read_inside_a_longer_one_is_part_of_it() -> None:
    text = "Rebels attacked Hacari, in Norte de Santander province, on Tuesday."
    found = [n.surface for n in find_unknown_names(text, [(0, len(text))], [])]
    assert "Norte de Santander" in found and "Santander" not in found
    # names that only overlap are both kept
    text = "Troops entered Tal Afar and Mosul on Tuesday."
    found = [n.surface for n in find_unknown_names(text, [(0, len(text))], [])]
    assert found == ["Tal Afar", "Mosul"]


@pytest.mark.parametrize(
    ("text", "names", "context"),
    [
        (
            "Fighting was reported in Zabul, Kandahar and Helmand provinces.",
            ["Zabul", "Kandahar", "Helmand"],
            "{} province",
        ),
        ("Russian shells hit the Kharkiv and Sumy regions.", ["Kharkiv", "Sumy"], "{} region"),
        ("In Nineveh and Anbar governorates, aid ran out.", ["Nineveh", "Anbar"], "{} governorate"),
        ("Militants attacked villages in Borno and Yobe states.", ["Borno", "Yobe"], STATE_CONTEXT),
    ],
)
def test_a_plural_word_for_subdivisions_makes_each_name_of_its_list_one(
    text: str, names: list[str], context: str
) -> None:
    found = find_unknown_names(text, [(0, len(text))], [])
    assert [(n.surface, n.context) for n in found] == [(n, context.format(n)) for n in names]


def test_a_news_outlets_name_is_no_unknown_place() -> None:
    text = "He said in an interview in the Moscow Times that shells hit Juli from Bireuen."
    assert [n.surface for n in find_unknown_names(text, [(0, len(text))], [])] == [
        "Juli",
        "Bireuen",
    ]


def test_blocs_of_states_are_no_federal_states() -> None:
    text = "The Gulf and Western states condemned the raid on Aden."
    found = find_unknown_names(text, [(0, len(text))], [])
    assert all(n.context != STATE_CONTEXT for n in found)
    assert "Aden" in [n.surface for n in found]


def test_a_bare_name_that_speaks_is_a_persons_outside_a_place_like_context() -> None:
    text = "The army holds the town, Karimi said. Later Karimi told reporters Bamyan was calm."
    runs = [n.surface for n in find_capitalised_runs(text, [(0, len(text))], [])]
    assert "Karimi" not in runs and "Bamyan" in runs
    # in a place-like context the name is a place's, whatever follows it
    text = "Families who fled Bamyan told reporters of the fighting."
    assert [n.surface for n in find_unknown_names(text, [(0, len(text))], [])] == ["Bamyan"]


def test_a_known_name_with_a_possessive_does_not_hide_the_name_after_it() -> None:
    text = "After weeks of fighting, Ukraine's Severodonetsk is now occupied."
    known = [(text.index("Ukraine"), text.index("Ukraine") + len("Ukraine"))]
    runs = find_capitalised_runs(text, [(0, len(text))], known)
    found = [(n.surface, text[n.start : n.end]) for n in runs]
    assert ("Severodonetsk", "Severodonetsk") in found
    assert not any("Ukraine" in surface for surface, _ in found)


def test_a_place_that_is_now_occupied_is_named_after_its_owners_possessive() -> None:
    text = 'Ukraine\'s Severodonetsk is now "fully occupied" by the Russian army.'
    (name,) = find_unknown_names(text, [(0, len(text))], [])
    assert (name.surface, text[name.start : name.end]) == ("Severodonetsk", "Severodonetsk")
    assert name.context == TAKEN_CONTEXT
    text = "Tal Afar was liberated on Thursday."
    assert [n.surface for n in find_unknown_names(text, [(0, len(text))], [])] == ["Tal Afar"]


def test_a_place_like_context_governs_the_names_listed_after_it() -> None:
    text = "The Taliban captured Sheberghan, Zaranj and Kunduz. Fighting raged in Herat, Ali said."
    names = [n.surface for n in find_unknown_names(text, [(0, len(text))], [])]
    assert names == ["Sheberghan", "Zaranj", "Kunduz", "Herat"]


def test_the_places_a_list_includes_are_looked_up() -> None:
    def unknown(text: str) -> list[str]:
        return [n.surface for n in find_unknown_names(text, [(0, len(text))], known=[])]

    assert unknown("Shelling hit villages in Poonch, including Balakote, Mendhar and Gulpur.") == [
        "Poonch",
        "Balakote",
        "Mendhar",
        "Gulpur",
    ]
    # A plural place noun opens the list by itself.
    assert unknown("They shelled military posts, including Al-Abbad and Al-Rahib.") == [
        "Al-Abbad",
        "Al-Rahib",
    ]
    # People are included too, but after no place.
    assert unknown("Dozens were killed, including Ahmed Hassan and Omar Ali.") == []
