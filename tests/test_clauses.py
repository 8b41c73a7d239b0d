"""Clause scope, modality and route ends, on sentences written for the tests."""

from __future__ import annotations

import pytest

from geomap.clauses import (
    ANAPHOR,
    clause_bounds,
    coordinated,
    end_of_route,
    is_irrealis,
    names_a_part_of,
)
from geomap.lexicon import default_lexicon
from geomap.models import Candidate, Mention


def _trigger(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


@pytest.mark.parametrize(
    ("sentence", "word", "irrealis"),
    [
        ("Troops captured the town on Monday.", "captured", False),
        # An order or a warning to do it is no deed; being forced to is.
        ("The army warned civilians to evacuate the town.", "evacuate", True),
        ("Residents were ordered to leave for Idlib.", "leave", True),
        ("Residents were forced to flee the town.", "flee", False),
        ("Families told reporters they fled the town.", "fled", False),
        ("Troops could capture the town within days.", "capture", True),
        ("The capture of the town would end the siege.", "capture", True),
        ("The army plans to retake the town.", "retake", True),
        ("Rebels did not leave the town.", "leave", True),
        # A contraction is one word: "n't" inside it must still negate.
        ("Rebels didn't leave the town.", "leave", True),
        ("Rebels haven’t left the town.", "left", True),
        ("A district that hadn't already been fully taken over.", "taken over", True),
        ("The truce was supposed to end at noon.", "truce", True),
        ("Fighters set fire to offices so that troops would not seize them.", "set fire", False),
        ("By seizing the town, the army would cut the road.", "seizing", True),
        ("By seizing the town, the army cut the road.", "seizing", False),
        ("After seizing the town, the army would move north.", "seizing", False),
        # "no" before the thing denies it; before a number it does not.
        ("There had been no clashes after the army withdrew.", "clashes", True),
        ("There has been no official death toll.", "death toll", True),
        ("No airstrikes hit the town on Monday.", "airstrikes", True),
        ("No fewer than 20 people were killed.", "killed", False),
        ("There was no let-up in the shelling of the town.", "shelling", False),
        # a purpose, and a blow a place is open to, have not happened
        ("The LNA has been fighting to take control of the capital.", "take control", True),
        ("The army managed to take control of the capital.", "take control", False),
        ("A deal allowed the regime to take full control of the city.", "take full control", True),
        ("The fall leaves the town vulnerable to resistance attack.", "attack", True),
        ("Villages at risk of shelling emptied.", "shelling", True),
        # the second of two things denied together
        ("Governors reported no hits to infrastructure or casualties.", "casualties", True),
        ("Officials reported no damage or casualties.", "casualties", True),
        ("No one was hurt, and there were casualties elsewhere.", "casualties", False),
        # What is feared has not happened; a fear that is no deed's object leaves it be.
        ("Residents fearing an RSF offensive fled the town.", "offensive", True),
        ("Thousands left for fear of renewed Russian strikes.", "strikes", True),
        ("Residents fearing an RSF offensive fled the town.", "fled", False),
        # a duty or a plan is no deed
        ("The rebels were to hand over the town to the army.", "hand over", True),
        ("Civilians were supposed to leave the town.", "leave", True),
        ("The heaviest shelling was to the south of the town.", "shelling", False),
        ("The town is to the east of the city where shelling killed five.", "shelling", False),
        ("When the truce was supposed to end, warplanes struck the town.", "struck", False),
        # The month is no modal: "may" is.
        ("In May, troops entered the town.", "entered", False),
        ("Troops entered the town in May.", "entered", False),
        ("By capturing the town, troops in May secured the road.", "capturing", False),
        ("Troops may enter the town.", "enter", True),
        ("By capturing the town, troops may secure the road.", "capturing", True),
        ("Fearing for their lives, residents fled after the shelling.", "shelling", False),
        (
            "They held a ceremony, anticipating taking full control of the town soon.",
            "taking full control",
            True,
        ),
    ],
)
def test_modality_and_negation_scope(sentence: str, word: str, irrealis: bool) -> None:
    start, end = _trigger(sentence, word)
    cs, ce = clause_bounds(0, sentence, start)
    assert is_irrealis(sentence, start, end, default_lexicon(), cs, ce) is irrealis


def test_clause_stops_at_a_subordinate_clause() -> None:
    s = "Some are bussed to Afrin, which was held by Kurdish forces before Turkey took it."
    cs, ce = clause_bounds(0, s, s.index("bussed"))
    assert s[cs:ce] == "Some are bussed to Afrin"
    cs, ce = clause_bounds(0, s, s.index("known") if "known" in s else s.index("took"))
    assert "Turkey took it" in s[cs:ce]
    # A concession is a clause of its own: Harasta is not where the troops went.
    s = "The rebels remain in control of Harasta, though Syrian troops entered Douma."
    cs, ce = clause_bounds(0, s, s.index("entered"))
    assert s[cs:ce] == "Syrian troops entered Douma."
    s = "Syrian troops entered Douma although the rebels hold Harasta."
    cs, ce = clause_bounds(0, s, s.index("entered"))
    assert s[cs:ce] == "Syrian troops entered Douma"


def _mention(text: str, name: str) -> Mention:
    start = text.index(name)
    cand = Candidate(place_id=name.lower(), name=name, kind="city", lat=0, lon=0, source="curated")
    return Mention(
        article="a", surface=name, start=start, end=start + len(name), sentence=0, place=cand
    )


def test_the_nearest_route_word_decides_each_end() -> None:
    text = "Diplomats were shipped out of Aden to the Red Sea port of Jeddah."
    assert end_of_route(text, 0, _mention(text, "Aden")) == "origin"
    assert end_of_route(text, 0, _mention(text, "Jeddah")) == "destination"
    text = "Some are being taken by bus to the northern district of Afrin."
    assert end_of_route(text, 0, _mention(text, "Afrin")) == "destination"
    text = "The evacuees have arrived in Idlib after a night on the road near Homs."
    assert end_of_route(text, 0, _mention(text, "Idlib")) == "destination"
    assert end_of_route(text, 0, _mention(text, "Homs")) is None  # no route word: unmarked
    # a "to" that tells no way: "according to", "close to"
    text = "According to medics, Douma is now almost empty as residents have fled."
    assert end_of_route(text, 0, _mention(text, "Douma")) is None
    text = "Due to the shelling Douma emptied; close to Idlib, families fled to Afrin."
    assert end_of_route(text, 0, _mention(text, "Douma")) is None
    assert end_of_route(text, 0, _mention(text, "Afrin")) == "destination"
    text = "Talks aim to avert an all-out assault on Hodeidah."
    assert end_of_route(text, 0, _mention(text, "Hodeidah")) == "destination"  # "to", not "out"


def test_a_stop_on_the_way_is_neither_end_and_a_for_of_time_is_no_route_word() -> None:
    text = "They left at dawn and stopped for the night near Shusha."
    assert end_of_route(text, 0, _mention(text, "Shusha")) == "waypoint"
    text = "They left at dawn and drove for two days to Goris."
    assert end_of_route(text, 0, _mention(text, "Goris")) == "destination"
    text = "They left at dawn and waited for hours near Kornidzor."
    assert end_of_route(text, 0, _mention(text, "Kornidzor")) == "waypoint"


@pytest.mark.parametrize(
    ("text", "place", "end"),
    [
        ("Most displaced families were staying with relatives in Bunia.", "Bunia", "destination"),
        ("Some 40,000 displaced people are housed in camps across Ituri.", "Ituri", "destination"),
        # only after a word of their flight: people sheltering there may leave it
        ("Civilians sheltering in the Azot plant were evacuated.", "Azot", None),
    ],
)
def test_where_displaced_people_are_staying_is_where_they_went(
    text: str, place: str, end: str | None
) -> None:
    assert end_of_route(text, 0, _mention(text, place)) == end


def test_coordinated_destinations_each_get_a_route() -> None:
    text = "Foreigners flew out to Ethiopia and Djibouti, then to Cairo."
    dests = [_mention(text, n) for n in ("Ethiopia", "Djibouti", "Cairo")]
    assert [m.surface for m in coordinated(text, dests)] == ["Ethiopia", "Djibouti"]


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("Troops entered several districts of Mosul on Monday.", True),
        ("Fighting raged in the southern neighbourhoods of Mosul.", True),
        ("Mosul's western suburbs were shelled.", True),
        ("Rebels held the Mosul pocket for weeks.", True),
        ("Troops entered Mosul on Monday.", False),
        ("Districts of Mosuleh fell.", False),  # a longer word is not the name
        ("The areas of MOSUL were retaken.", True),  # case does not matter
    ],
)
def test_names_a_part_of(quote: str, expected: bool) -> None:
    assert names_a_part_of("Mosul", quote) is expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The strategic southern port city has been shelled", "The strategic southern port city"),
        ("air strikes continued to hammer the besieged territory", "the besieged territory"),
        ("fighting resumed in the town", "the town"),
        # A name may qualify it too.
        ("began its attack on the Red Sea port town Wednesday", "the Red Sea port town"),
        ("driven from nearly all the territory they once held", None),
    ],
)
def test_a_place_named_again_by_its_description(text: str, found: str | None) -> None:
    m = ANAPHOR.search(text)
    assert (m.group() if m else None) == found
