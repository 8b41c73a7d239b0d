"""Event extraction on sentences written for the tests (never seed text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from geomap.articles import parse_article
from geomap.events import tells_of_armed_conflict
from geomap.geo import near_km
from geomap.models import Event, whole_of
from geomap.pipeline import Context, extract_article

EventsOf = Callable[..., list[Event]]  # the `events_of` fixture: a text's events


def test_a_drone_attack_is_an_air_strike(events_of: EventsOf) -> None:
    (strike,) = events_of("A drone attack on a market in Beni killed 20 people.")
    assert (strike.event_type, strike.acled_sub_event_type) == ("airstrike", "Air/drone strike")


def test_a_region_changes_hands_only_when_the_text_says_the_region_did(events_of: EventsOf) -> None:
    (taken,) = events_of("Russian troops captured most of the Luhansk region.")
    assert taken.place is not None and taken.place.kind in ("region", "governorate")
    assert {
        e.place.name
        for e in events_of("IS overran most of Anbar and much of northern Iraq.")
        if e.place
    } == {"Al Anbar", "northern Iraq"}
    # Towns somewhere in it are not the region.
    assert events_of("Rebels captured two towns in Idlib province.") == []
    assert events_of("Troops withdrew to a district in Middle Shabelle region.") == []
    # Nor does a region another clause names.
    told = "Rebels attacked towns in Idlib province, culminating in the capture of two districts."
    assert [e for e in events_of(told) if e.event_type == "control_change"] == []


def test_what_is_no_strike_or_no_flight(events_of: EventsOf) -> None:
    # The shelling struck: no air strike besides.
    told = "Rebel shelling and gunfire struck Douma on Monday."
    assert [e.event_type for e in events_of(told)] == ["shelling"]
    told = "Air strikes and shelling hit Douma on Monday."
    assert sorted(e.event_type for e in events_of(told)) == ["airstrike", "shelling"]
    # A population, care, an attempt.
    for told in (
        "The camp near Douma is hosting nearly 2 million displaced people.",
        "The wounded were evacuated to a hospital in Douma.",
        "Troops killed 15 rebels trying to flee Douma.",
    ):
        assert [e for e in events_of(told) if e.event_type == "evacuation"] == [], told


def test_what_came_under_attack_changed_no_hands(events_of: EventsOf) -> None:
    assert [e.event_type for e in events_of("Douma again came under attack.")] == ["attack"]
    (taken,) = events_of("Douma came under rebel control on Monday.")
    assert taken.actors.to == "syrian-opposition"


@pytest.mark.parametrize(
    "sentence",
    [
        "Government forces could capture Palmyra within days.",
        "A deal would bring Douma under government control.",
        "State media denied that fighters were evacuated from Douma.",
        "Rebels did not leave Douma, officials said.",
        "The army plans to retake Palmyra next month.",
        "Rebels were preparing to attack Douma.",
    ],
)
def test_plans_hypotheticals_negations_and_denials_are_not_events(
    events_of: EventsOf, sentence: str
) -> None:
    assert events_of(sentence) == []


def test_who_tells_of_a_flight_did_not_flee_and_residents_held_nothing(events_of: EventsOf) -> None:
    (fled,) = events_of("The UN said that 5,000 fled Douma this week.")
    assert fled.actors.evacuees == [] and fled.counts == {"people": 5000}
    (fled,) = events_of("UN staff fled Douma on Monday.")
    assert fled.actors.evacuees == ["un"]
    taken = [
        e
        for e in events_of("Residents said Douma was taken over by rebels on Monday.")
        if e.event_type == "control_change"
    ]
    assert [(e.actors.from_, e.actors.to) for e in taken] == [(None, "syrian-opposition")]


def test_a_denial_contests_the_reported_evacuation(events_of: EventsOf) -> None:
    events = events_of(
        "Hundreds of fighters left Douma for Jarablus on Sunday, a monitor said. "
        "State media denied any deal to evacuate fighters.",
    )
    (evac,) = [e for e in events if e.event_type == "evacuation"]
    assert evac.contested is True
    assert evac.denials and "denied" in evac.denials[0].quote


def test_evidence_offsets_point_at_the_sentence(ctx: Context) -> None:
    body = "Warplanes struck Saraqib on Monday, the Observatory said."
    article = parse_article(f"Title line\n\n{body}\n", "test.txt", {"published": "2020-03-02"})
    (event,) = extract_article(article, ctx).events
    source = event.sources[0]
    assert article.text[source.start : source.end] == source.quote == body
    assert source.attribution is not None and "Observatory" in source.attribution
    assert event.event_type == "airstrike"
    assert event.acled_sub_event_type == "Air/drone strike"


def test_region_gets_geo_precision_three(events_of: EventsOf) -> None:
    (event,) = events_of("Government warplanes struck the Syrian Badia on Monday.")
    assert event.place is not None and event.place.id == "badia"
    assert event.geo_precision == 3


def test_a_fight_named_to_date_something_else_is_no_event(events_of: EventsOf) -> None:
    assert events_of("Thousands have sheltered in Douma since the fighting began.") == []
    # Its end, too; and after "after" or "before", which open a clause of their own.
    assert events_of("Some 5,000 residents returned to Douma after the fighting ended.") == []
    told = "Residents fled Douma before the fighting began."
    assert [e.event_type for e in events_of(told)] == ["evacuation"]
    (fight,) = events_of("Thousands fled when fighting broke out in Douma on Monday.")[-1:]
    assert fight.event_type == "clashes"


def test_a_storys_long_tail_places_set_it_in_their_country(events_of: EventsOf) -> None:
    # Nothing curated: Goma and Bukavu set the story in Congo, whose rebels are M23.
    taken = events_of("Rebels seized Goma and Bukavu on Monday.")
    assert {e.actors.to for e in taken} == {"m23"}
    # Pauktaw and Sittwe set it in Myanmar: "the military" there is Myanmar's, and
    # "rebels" there name no curated party: an unidentified armed group.
    shelled = events_of("The military shelled Pauktaw and Sittwe on Monday.")
    assert {tuple(e.actors.by) for e in shelled} == {("myanmar-military",)}
    taken = events_of("Rebels seized Pauktaw and Sittwe on Monday.")
    assert taken and {e.actors.to for e in taken} == {"unidentified-armed-group"}


def test_a_flight_told_again_with_one_end_is_the_whole_routes(events_of: EventsOf) -> None:
    told = (
        "Shelling hit Douma on Friday. Thousands had left the city by Sunday, most of them "
        "heading east towards Idlib and Jarabulus."
    )
    routes = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert sorted(
        (e.origin and e.origin.id, e.destination and e.destination.id) for e in routes
    ) == [
        ("douma", "idlib"),
        ("douma", "jarablus"),
    ]
    told = "Shelling hit Douma on Friday. Families left the city, 5,000 civilians heading to Idlib."
    (route,) = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert route.origin is not None and route.origin.id == "douma"
    # Another flight to another end stays apart.
    told = "Some 5,000 people fled Harasta for Idlib, while others fled to Jarabulus."
    routes = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert [(e.origin and e.origin.id, e.destination and e.destination.id) for e in routes] == [
        ("harasta", "idlib"),
        (None, "jarablus"),
    ]
    told = "Some 5,000 people fled Harasta for Idlib, while others fled Douma."
    routes = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert [(e.origin and e.origin.id, e.destination and e.destination.id) for e in routes] == [
        ("harasta", "idlib"),
        ("douma", None),
    ]


def test_where_people_arrived_after_fleeing_a_place_is_where_that_flight_went(
    events_of: EventsOf,
) -> None:
    def routes(told: str) -> list[tuple[str | None, str | None]]:
        return [
            (e.origin and e.origin.id, e.destination and e.destination.id)
            for e in events_of(told)
            if e.event_type == "evacuation"
        ]

    assert routes("About 300 families arrived in Idlib on Monday after fleeing Douma.") == [
        ("douma", "idlib")
    ]
    (joined,) = events_of("Some 2,000 people reached Idlib after they had left Harasta.")
    assert joined.origin is not None and joined.origin.id == "harasta"
    assert joined.actors.evacuees == ["civilians"] and joined.counts == {"people": 2000}
    # Who fled, with whom, and when may be told in the half after "after".
    (joined,) = events_of("They arrived in Idlib after fleeing Harasta with 2,000 civilians.")
    assert joined.actors.evacuees == ["civilians"]
    (joined,) = events_of("Families arrived in Idlib after fleeing Harasta with Turkish troops.")
    assert (joined.actors.by, joined.actors.evacuees) == (["turkey"], ["civilians"])
    (joined,) = events_of("Families arrived in Idlib after fleeing Harasta on Sunday.")
    assert (joined.date, joined.date_text) == (dt.date(2020, 3, 1), "on Sunday")
    # Who arrived after others fled did not flee with them.
    assert routes("Families arrived in Idlib after the militants fled Harasta.") == [
        (None, "idlib"),
        ("harasta", None),
    ]
    # Without an arrival after a flight, two halves are two flights; with two
    # departures, which one the arrivals made is not told.
    assert routes("Families fled Douma, and others fled to Idlib.") == [
        ("douma", None),
        (None, "idlib"),
    ]
    assert len(routes("Families fled Douma; others arrived in Idlib after fleeing Harasta.")) == 3


def test_a_place_named_as_a_reference_point_is_no_site(events_of: EventsOf) -> None:
    # The town lies north of Douma; Douma is where it is measured from.
    assert events_of("Families fled the town north of the provincial capital Douma.") == []
    (fight,) = events_of("Clashes erupted in the city of Douma.")
    assert fight.place is not None and fight.place.id == "douma"
    # Another place named beside the reference point is the site.
    (fight,) = events_of("Clashes erupted in Harasta, north of Douma, on Monday.")
    assert fight.place is not None and fight.place.id != "douma"


def test_a_party_doing_a_deed_of_its_own_after_an_attack_is_not_its_target(
    events_of: EventsOf,
) -> None:
    for sentence in (
        "It was a very serious attack in Douma, gunmen surrounded the village.",
        "In the first attack in Douma, militants equipped with rifles stormed a checkpoint.",
        "The attack took place in Douma, one of several areas where groups linked to "
        "al-Qaeda and ISIL (ISIS) have been active for a decade.",
    ):
        (attack,) = events_of(sentence)
        assert attack.actors.against == [], sentence
    # Nor is whom another clause's verb reaches.
    told = (
        "An Israeli air strike killed two people in Gaza City, the deadliest incident there "
        "since Israel and the United States launched their war against Iran."
    )
    (strike,) = events_of(told)
    assert strike.actors.against == ["civilians"]
    (attack, shelling) = events_of(
        "Rebels attacked the base in Douma after it was shelled by the army."
    )
    assert attack.actors.against == [] and shelling.actors.by == ["syrian-government"]
    # Who is harmed after the deed is still its target.
    (strike,) = events_of("The strike on Douma, on Monday, left 28 civilians wounded.")
    assert strike.actors.against == ["civilians"]
    (attack,) = events_of("Gunmen carried out an attack in Douma on soldiers, who were killed.")
    assert "syrian-government" in attack.actors.against
    (attack,) = events_of("Gunmen carried out an attack on soldiers stationed in Douma.")
    assert "syrian-government" in attack.actors.against


def test_where_the_doers_came_from_is_not_where_they_struck(events_of: EventsOf) -> None:
    for sentence in (
        "Gunmen from Harasta attacked Douma.",
        "Cattle raiders allegedly from the neighbouring Zibdawi County, Harasta, attacked Douma.",
        "Soldiers from Harasta shelled Douma.",
    ):
        assert {e.place.id for e in events_of(sentence) if e.place} == {"douma"}, sentence
    # With no other place the site is not known.
    assert events_of("Fighters from Harasta attacked a checkpoint.") == []
    # A flight leaves where its people came from.
    (fled,) = events_of("Rebels from Harasta were bussed out to Idlib.")
    assert fled.origin and fled.origin.id == "harasta"


def test_who_fled_is_no_count_of_the_attack_they_fled(events_of: EventsOf) -> None:
    told = "A total of 3,240 families have fled Douma amid attacks by IS, killing 12 people."
    by_type = {e.event_type: e.counts for e in events_of(told)}
    assert by_type["attack"] == {"killed": 12}
    assert by_type["evacuation"] == {"civilians": 3240}


def test_a_place_measured_from_a_happening_is_not_where_it_happened(events_of: EventsOf) -> None:
    for sentence in (
        "The news sparked fear in Goma, which is only 70 kilometers (43 miles) away from the "
        "fighting.",
        "Goma lies seventy km from the fighting.",
        "Residents of Douma, a few miles from the front line, stocked up on food.",
        "Families in Homs, far from the bombing, took them in.",
    ):
        assert events_of(sentence) == [], sentence
    # Where the happening is named after it, that place is its site, and not the one measured.
    (fight,) = events_of("Residents of Homs, 30 km from the fighting in Douma, stocked up.")
    assert fight.event_type == "clashes" and fight.place and fight.place.id == "douma"
    # "N km from X" before the place still puts the happening beside X.
    (near,) = events_of("Clashes broke out 20 km from Douma on Monday.")
    assert near.place and near.place.id == "douma" and near.place_relation == "near"


def test_people_driven_from_their_homes_fled_and_are_not_the_fights_count(
    events_of: EventsOf,
) -> None:
    told = "Fighting in Douma has driven nearly 65,000 residents from their homes."
    by_type = {e.event_type: e for e in events_of(told)}
    assert by_type["evacuation"].counts == {"displaced": 65_000}
    assert by_type["evacuation"].origin and by_type["evacuation"].origin.id == "douma"
    assert by_type["clashes"].counts == {}
    by_type = {e.event_type: e for e in events_of("Fighting in Douma has displaced 1.5m people.")}
    assert by_type["evacuation"].counts == {"displaced": 1_500_000}
    assert by_type["clashes"].counts == {}


def test_territory_a_participle_says_who_holds_changed_no_hands(events_of: EventsOf) -> None:
    told = (
        "Troops surrounded Douma, leaving a single escape route open southwards to territory "
        "still held by the YPG or controlled by the Syrian regime."
    )
    assert [e.event_type for e in events_of(told)] == ["clashes"]
    # the verb itself still says who holds it now
    (taken,) = events_of("Douma is now controlled by the army.")
    assert taken.event_type == "control_change" and taken.actors.to == "syrian-government"
    (fled,) = events_of("Families left the city of Douma on Monday.")
    assert fled.event_type == "evacuation"


def test_a_harm_people_fled_was_not_where_they_went(events_of: EventsOf) -> None:
    assert [e.event_type for e in events_of("Families fled to Idlib to escape the shelling.")] == [
        "evacuation"
    ]
    # also when a later clause tells another flight
    told = "Families fled to Idlib to escape the shelling, and others fled to Jarabulus."
    assert [e.event_type for e in events_of(told)] == ["evacuation", "evacuation"]
    told = (
        "Thousands of families from Douma jammed the highway toward Idlib on Monday to flee "
        "the heaviest bombardment in years."
    )
    by_type = {e.event_type: e for e in events_of(told)}
    assert by_type["shelling"].place and by_type["shelling"].place.id == "douma"
    # Nor was a harm where the flight it caused went ("towards western Idlib and
    # Jarabulus": the last of a list of ends too); before the flight, it was.
    told = (
        "The battles between the army and HTS have caused mass displacement, especially "
        "from Douma, towards the western Idlib countryside and Jarabulus."
    )
    assert [
        (e.event_type, e.place and e.place.id)
        for e in events_of(told)
        if e.event_type != "evacuation"
    ] == [("clashes", "douma")]
    told = "Clashes between the army and HTS forced thousands to flee to Idlib."
    assert [e.event_type for e in events_of(told)] == ["evacuation"]
    (fight, _) = events_of("Fighting spread to Harasta, forcing thousands to flee to Idlib.")
    assert fight.event_type == "clashes" and fight.place and fight.place.id == "harasta"
    (fight, _) = events_of("The shelling spread to Harasta and forced thousands to flee to Idlib.")
    assert fight.event_type == "shelling" and fight.place and fight.place.id == "harasta"
    # with no destination, the place it was at stays
    told = "Families fled Douma for Idlib, fleeing heavy shelling."
    by_type = {e.event_type: e for e in events_of(told)}
    assert by_type["shelling"].place and by_type["shelling"].place.id == "douma"


def test_a_craft_named_for_what_it_does_is_no_event(events_of: EventsOf) -> None:
    assert events_of("The US sent an amphibious assault ship to waters off Douma.") == []
    assert events_of("Israel flew attack helicopters over Douma on Monday.") == []
    told = "Gunmen armed with assault rifles stormed a checkpoint in Douma."
    assert [e.event_type for e in events_of(told)] == ["attack"]
    # a drone named for attacking is what a story says was launched at a place
    (attack,) = events_of("Russia launched 50 attack drones at Douma overnight.")
    assert attack.event_type == "attack" and attack.actors.by == ["russia"]


def test_a_place_a_distance_from_the_site_only_locates_it(events_of: EventsOf) -> None:
    for told in (
        "Russian jets bombed Gori, 50 miles from Tbilisi.",
        "Russian jets bombed Gori, 50 miles (80 km) from the capital, Tbilisi.",
        "In the Georgian town of Gori, 80 km from the capital, Tbilisi, a Russian "
        "bombardment set buildings on fire.",
    ):
        assert {e.place.name for e in events_of(told) if e.place} == {"Gori"}, told
    # Named alone, the place measured from is where the blow fell beside, if it is near:
    # 80 km away, the point would say Tbilisi was bombed.
    (hit,) = events_of("Russian jets bombed a village 20 miles from Tbilisi.")
    assert hit.place and (hit.place.name, hit.place_relation) == ("Tbilisi", "near")
    assert not any(
        e.place for e in events_of("Russian jets bombed a village 50 miles from Tbilisi.")
    )


def test_an_event_told_far_to_one_side_of_the_only_place_named_is_drawn_that_far_away(
    events_of: EventsOf,
) -> None:
    (struck,) = events_of(
        "Rebels stormed government offices in Sandhikhara, about 190 miles west of Katmandu."
    )
    (city,) = events_of("Rebels stormed government offices in Katmandu.")
    assert struck.place is not None and city.place is not None
    assert (struck.place.id, struck.place.name, struck.place_relation, struck.geo_precision) == (
        f"{city.place.id}@306km-west",
        "306 km west of Kathmandu",
        None,
        2,
    )
    assert round(near_km(struck.place.lat, struck.place.lon, city.place.lat, city.place.lon)) == 306
    assert struck.place.lon < city.place.lon and abs(struck.place.lat - city.place.lat) < 0.1
    assert whole_of(struck.place.id) is None  # beside the city, not a part of it
    # kilometres first, a side of two words
    (hit,) = events_of("An air strike hit a village 120 kilometres (75 miles) north-east of Idlib.")
    assert hit.place is not None and hit.place.name == "120 km northeast of Idlib"
    # a distance that locates another place named is that place's
    told = "The government in Asmara, the Eritrean capital about 100 miles east of Barentu, said "
    told += "on Thursday that fighting raged."
    assert not any("km" in (e.place.name if e.place else "") for e in events_of(told))
    # near it, an event is located by the place (the test below)
    (hit,) = events_of("An air strike hit a village 40 km north-east of Idlib.")
    assert hit.place is not None and (hit.place.id, hit.place_relation) == ("idlib", "northeast of")


@pytest.mark.parametrize(
    "told",
    [
        # far from the only place named is not near it
        "Rebel forces seized two towns and advanced to within 130 km (80 miles) of the cocoa "
        "port of San Pedro on Wednesday.",
        "Halgan, situated about 70 kilometres from Beledweyne, came under assault on Monday.",
        # the end of a road is where the road leads, no site
        "Rebel fighters took control of Soubre, the last main town on the road to the port of "
        "San Pedro.",
        # "N km from the <country> capital, X": X only says where the town is
        "Malakal, a strategic town located about 497km from the South Sudan capital, Juba, fell "
        "to rebel forces on Monday.",
    ],
)
def test_a_place_that_only_says_where_the_site_lies_is_no_site(
    events_of: EventsOf, told: str
) -> None:
    found = {e.place.name for e in events_of(told) if e.place}
    assert found <= {"Soubré", "Malakal"}, found
    # near it, the site is still located by it
    (near,) = events_of("The attack took place at a camp 12 kilometres from Gulu, killing 41.")
    assert near.place is not None and (near.place.name, near.place_relation) == ("Gulu", "near")


def test_the_wounded_are_not_hurt_where_they_are_taken(events_of: EventsOf) -> None:
    for told in (
        "Shelling hit Misrata on Monday. Aid workers embarked the wounded on a ship bound for "
        "Benghazi.",
        "Shelling hit Misrata on Monday. Medics evacuated 30 wounded to a hospital in Benghazi.",
    ):
        hurt = [e for e in events_of(told) if e.event_type == "casualties"]
        assert all(e.place is None or e.place.name != "Benghazi" for e in hurt), told


def test_a_blow_or_a_battle_beside_the_only_place_named_is_located_by_it(
    events_of: EventsOf,
) -> None:
    for sentence in (
        "Clashes erupted in a village south of the city of Douma.",
        "An airstrike hit a village 20 km north-east of Douma on Monday.",
        "Fighting raged north of Douma on Monday.",
        # the kind of place may be told with its side or quarter
        "An airstrike hit a village 20 km north of the northern city of Douma.",
        "An airstrike hit a village 20 km north of the north-eastern city of Douma.",
    ):
        (fight,) = events_of(sentence)
        assert fight.place is not None and fight.place.id == "douma", sentence
        assert fight.place_relation is not None and fight.place_relation.endswith(" of")
        assert fight.geo_precision == 2, sentence
    # The points between the four sides are kept whole, however they are spelled.
    for spelled in ("north-east", "northeast"):
        (hit,) = events_of(f"An airstrike hit a village 20 km {spelled} of Douma on Monday.")
        assert hit.place_relation == "northeast of", spelled
    # What was taken is the unnamed port, not Douma nor a place beside it.
    assert events_of("Rebels seized the port of Zibdawi 100 km east of Douma.") == []
    # A capitalised compass word ends a name ("Tonj North"): Douma is only where they are from.
    told = "Fighters from Qarfoun North of Douma attacked a village in Zibdawi county."
    assert events_of(told) == []


def test_an_event_near_a_place_is_located_by_it_not_in_it(events_of: EventsOf) -> None:
    # ACLED's convention: coded at the place, geo_precision 2, and said to be beside it.
    for sentence in (
        "Rebels took over a town close to the capital Damascus on Monday.",
        "Rebels took over a town near Douma on Monday.",
        "Rebels took over a village 20 km (12 miles) from Douma on Monday.",
    ):
        (taken,) = events_of(sentence)
        assert taken.place_relation == "near" and taken.geo_precision == 2, sentence
    (taken,) = events_of("Rebels took over Douma on Monday.")
    assert taken.place_relation is None and taken.geo_precision == 1


def test_the_town_after_a_reference_point_is_not_the_reference_point(events_of: EventsOf) -> None:
    # "the town" is Muqokori, which nobody resolved; Douma only says where it is.
    for where in ("north of Douma", "near Douma"):
        told = f"Fighting broke out in Muqokori, {where}, on Friday. Soldiers left the town."
        assert [e for e in events_of(told) if e.event_type == "evacuation"] == [], where
    (left,) = events_of("Shelling hit Douma on Friday. Soldiers left the town.")[1:]
    assert left.origin is not None and left.origin.id == "douma"


def test_a_trigger_whose_object_nobody_placed_does_not_borrow_another_clauses_place(
    events_of: EventsOf,
) -> None:
    told = "Rebels captured Zibdawi Qarfoun, as the army shelled Douma."
    assert [e.event_type for e in events_of(told)] == ["shelling"]
    told = "Rebels captured the village of Zibdawi Qarfoun, adding to fears for Douma."
    assert [e for e in events_of(told) if e.event_type == "control_change"] == []


def test_a_place_that_locates_a_named_one_is_not_the_site(events_of: EventsOf) -> None:
    # The town nobody placed was seized, not the region that locates it.
    assert events_of("Rebels seized the northern Syria town of Zibdawi Qarfoun.") == []
    for side in ("southern", "north-eastern", "northeastern"):
        told = f"Rebels seized the Rif Dimashq {side} town of Zibdawi Qarfoun."
        assert events_of(told) == [], side
    (taken,) = events_of("Troops entered the Damascus suburb of Douma.")
    assert taken.place is not None and taken.place.id == "douma"


def test_taking_charge_of_a_town_is_a_control_change(events_of: EventsOf) -> None:
    (taken,) = events_of("Russian troops took charge of the eastern town of Douma.")
    assert (taken.event_type, taken.actors.to) == ("control_change", "russia")
    assert events_of("The general took charge of the investigation in Douma.") == []


def test_a_sentence_about_a_place_nobody_placed_is_not_put_at_the_storys_place(
    events_of: EventsOf,
) -> None:
    story = "Rebels shelled Douma on Monday. Rebels shelled Douma again on Tuesday. "
    elsewhere = events_of(story + "Soldiers blew up a school in Mais al-Jabal.")
    assert [e.event_type for e in elsewhere] == ["shelling", "shelling"]
    # A facility lies in the town the story is about; a person is no place.
    for sentence in (
        "Soldiers blew up a depot in the Azot chemical plant.",
        "According to Ivan Filiponenko, soldiers blew up a depot.",
    ):
        (other,) = [e for e in events_of(story + sentence) if e.event_type == "other"]
        assert other.place is not None and other.place.id == "douma"


def test_a_change_told_twice_with_and_takes_both_holders(events_of: EventsOf) -> None:
    (taken,) = events_of(
        "Rebels had retreated from Douma on Monday, and government forces began entering the town.",
    )
    assert (taken.actors.from_, taken.actors.to) == ("syrian-opposition", "syrian-government")
    assert taken.acled_sub_event_type == "Government regains territory"
    # The gainer told first, the loser second: the code is still the gainer's telling's.
    (taken,) = events_of(
        "Government forces entered Douma on Monday, and the rebels withdrew from the town."
    )
    assert (taken.actors.from_, taken.actors.to) == ("syrian-opposition", "syrian-government")
    assert taken.acled_sub_event_type == "Government regains territory"
    # An aside between dashes tells another, older change.
    (freed,) = events_of(
        "With Douma liberated, all of the area - which rebels captured in 2012 - is calm."
    )
    assert freed.actors.to is None


def test_full_control_is_control_and_an_artillery_college_no_shelling(events_of: EventsOf) -> None:
    (taken,) = events_of("Rebels have taken full control of Douma after troops withdrew.")
    assert taken.event_type == "control_change"
    # in the words of a statement the story quotes, too
    (taken,) = events_of("Rebels have taken “full control” of Douma, their statement said.")
    assert (taken.event_type, taken.actors.to) == ("control_change", "syrian-opposition")
    (taken,) = events_of("Rebels take over Douma's central prison.")
    assert taken.event_type == "control_change"
    taken_only = events_of("Rebels took control of Douma's field artillery college.")
    assert [e.event_type for e in taken_only] == ["control_change"]


def test_who_is_now_in_control_took_the_place(events_of: EventsOf) -> None:
    for told in (
        "Syrian government forces are now in full control of Douma, the army said.",
        "The army said Syrian troops were now fully in control of Douma.",
        "Syrian rebels now control Douma, residents said.",
        "The Syrian army now controls Douma, a monitor said.",
        "Syrian troops are now in complete control of Douma.",
        "The Syrian army is now in control of Douma.",
    ):
        (taken,) = events_of(told)
        assert taken.event_type == "control_change", told
        assert taken.actors.to == ("syrian-opposition" if "rebels" in told else "syrian-government")
    # Who held it for years, told in passing, took nothing now.
    assert events_of("Syrian rebels, in full control of Douma since 2013, held a rally.") == []


def test_a_possessor_of_a_city_is_no_end_of_its_flight(events_of: EventsOf) -> None:
    (fled,) = events_of("Thousands of Palestinians fled Gaza's southernmost city of Rafah.")
    assert fled.origin is not None and fled.origin.name.startswith("Rafa")
    # A people named in the plural is who fled, and is no place.
    assert fled.actors.evacuees == ["civilians"]


def test_the_toll_told_after_a_comma_is_the_strikes(events_of: EventsOf) -> None:
    (strike,) = events_of("An air strike hit Douma, killing 12 civilians.")
    assert strike.counts == {"killed": 12} and strike.actors.against == ["civilians"]
    # A flight that leaves something behind has no toll.
    (fled,) = events_of("Rebels fled Douma, leaving their weapons.")
    assert fled.counts == {}


def test_a_toll_with_a_day_of_its_own_is_not_an_undated_events(events_of: EventsOf) -> None:
    told = "Gunmen killed 30 people in Douma on Thursday, weeks after attacks there left 200 dead."
    tolls = sorted((e.counts.get("killed"), e.date) for e in events_of(told))
    assert tolls == [(30, dt.date(2020, 2, 27)), (200, None)]
    # A toll with no day of its own is the strike's it follows from.
    (attack,) = events_of("Six people were killed after rebels attacked Douma on Monday.")
    assert (attack.event_type, attack.counts) == ("attack", {"killed": 6})


def test_an_evacuation_counts_whom_it_moved_not_another_events_dead(events_of: EventsOf) -> None:
    told = (
        "About 500 fighters were evacuated from Douma to Idlib on Sunday, "
        "while government shelling killed 12 civilians in Harasta."
    )
    by_type = {e.event_type: e for e in events_of(told)}
    assert by_type["evacuation"].counts == {"fighters": 500}
    assert by_type["shelling"].counts == {"killed": 12}
    # The dead of the strike that set people moving are the strike's.
    told = "Civilians were evacuated from Douma after an air strike on Harasta killed 30 people."
    (moved,) = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert moved.counts == {}
    # A town's population is no number of its capture.
    told = "Rebels captured Douma, a town of 100,000 people, on Monday."
    (taken,) = [e for e in events_of(told) if e.event_type == "control_change"]
    assert taken.counts == {}


def test_the_toll_told_in_the_next_sentence_is_the_strikes(events_of: EventsOf) -> None:
    strike_text = "Government forces shelled the town of Douma on Monday."
    (strike,) = events_of(f"{strike_text} At least 12 people were killed and 40 wounded.")
    assert strike.counts == {"killed": 12, "injured": 40}
    # The quote holds the words the numbers come from.
    assert strike.sources[0].quote.endswith("40 wounded.")
    # A sentence with a place or a day of its own tells its own deaths; a toll
    # "so far" is the war's; "could have" is none.
    for other in (
        "Twelve people were killed in Aleppo.",
        "Twelve people were killed in Kafr Zubaydiyah.",  # a place no gazetteer holds
        "Last week 12 people were killed.",
        "More than 10,000 people have been killed in the conflict.",
        "Officials warned that 100 people would be killed.",
    ):
        told = events_of(f"{strike_text} {other}")
        shelling = [e for e in told if e.event_type == "shelling"]
        assert len(shelling) == 1 and shelling[0].counts == {}, other
        assert shelling[0].sources[0].quote == strike_text
    # Only the very next sentence, and only of a strike or a fight.
    (strike,) = events_of(f"{strike_text} Residents described panic. Twelve people were killed.")
    assert strike.counts == {}
    (taken,) = events_of("Rebels took Douma on Monday. Twelve soldiers were killed.")
    assert taken.counts == {}
    # The next sentence may name the strike or fight again.
    ambush = "Gunmen ambushed a patrol in Douma."
    for toll in ("The attack killed 16 soldiers.", "This cowardly attack killed 16 soldiers."):
        (attack,) = events_of(f"{ambush} {toll}")
        assert attack.counts == {"killed": 16}, toll
    # Not another one, nor one at a place of its own.
    for other in ("Another attack killed 16 soldiers.", "The shelling killed 16 soldiers."):
        (attack, *_) = [e for e in events_of(f"{ambush} {other}") if e.event_type == "attack"]
        assert attack.counts == {}, other
    told = events_of(f"{ambush} The attack on Harasta killed 16 soldiers.")
    assert {e.place.id: e.counts for e in told if e.place} == {
        "douma": {},
        "harasta": {"killed": 16},
    }


def test_casualties_carried_to_a_hospital_are_no_casualties_there(events_of: EventsOf) -> None:
    assert events_of("The wounded were rushed to hospitals in Douma.") == []
    (hit,) = events_of("Casualties were reported in Douma.")
    assert hit.event_type == "casualties"
    # Wounded brought from one place to another were hurt where they came from.
    for told in (
        "Medics evacuated 30 injured people from Douma to Harasta on Monday.",
        "Thirty people wounded in Douma were treated at a hospital in Harasta.",
    ):
        hurt = [e for e in events_of(told) if e.event_type == "casualties"]
        assert [e.place.id for e in hurt if e.place] == ["douma"], told
    # A hospital struck, or where people died, is where the dead were.
    for told in (
        "Five people were killed when a strike hit a hospital in Douma.",
        "Five people were killed at a hospital in Douma.",
    ):
        (struck,) = events_of(told)
        assert struck.place is not None and struck.place.id == "douma", told


def test_clashing_a_downed_jet_and_lost_men_are_events(events_of: EventsOf) -> None:
    (fight,) = events_of("Rebels and government troops are clashing in Douma.")
    assert fight.event_type == "clashes" and fight.place and fight.place.id == "douma"
    (downed,) = events_of("Rebels brought down a Syrian fighter jet over Douma on Monday.")
    assert downed.event_type == "attack"
    assert events_of("The new market brought down prices in Douma.") == []
    (losses,) = events_of("Government forces lost at least 20 of their men in Douma.")
    assert losses.event_type == "casualties"


_TWO_PLACES = (
    "Troops captured Tal Afar on Monday. Heavy clashes broke out in Tal Afar on Sunday. "
    "Troops captured Mosul in July. Heavy clashes broke out in Mosul in June. "
)


def test_a_placeless_flight_takes_the_place_the_story_leads_with(events_of: EventsOf) -> None:
    # Tal Afar and Mosul have two events each; the story named Tal Afar first.
    events = events_of(_TWO_PLACES + "Thousands of residents fled on Monday.")
    (flight,) = [e for e in events if e.event_type == "evacuation"]
    assert flight.origin is not None and flight.origin.id == "tal-afar"


def test_a_flight_in_a_where_clause_is_not_from_the_story_place(events_of: EventsOf) -> None:
    # "where" points at the unresolved district, not at the story's place.
    events = events_of(
        _TWO_PLACES + "Fighting raged in the al-Ayadia district, where the militants fled."
    )
    assert [e for e in events if e.event_type == "evacuation"] == []


def test_a_province_named_beside_a_town_of_its_country_is_no_second_site(
    events_of: EventsOf,
) -> None:
    events = events_of(
        "Heavy fighting raged in Fallujah, the last major city in Iraq's Anbar province."
    )
    assert [(e.event_type, e.place and e.place.name) for e in events] == [
        ("clashes", "Al Fallūjah")
    ]
    # The appositive alone is caught by the locator rule too; named side by
    # side, the province is still taken for where the town is.
    events = events_of("Heavy fighting raged in Fallujah and across Anbar province in Iraq.")
    assert [(e.event_type, e.place and e.place.name) for e in events] == [
        ("clashes", "Al Fallūjah")
    ]
    # Alone, the province is the site.
    (alone,) = events_of("Heavy fighting raged in Iraq's Anbar province on Monday.")
    assert alone.place is not None and alone.place.id == "region:IQ-AN"
    # So with a side of a country: the town is in it.
    events = events_of("Gunmen killed 12 people in Kankara in northern Nigeria.")
    assert [(e.event_type, e.place and e.place.name) for e in events] == [("casualties", "Kankara")]
    (alone,) = events_of("Gunmen killed 12 people in northern Nigeria on Monday.")
    assert alone.place is not None and alone.place.name == "northern Nigeria"
    # A side of a city holds no other town: both are sites.
    events = events_of("Clashes erupted in Harasta and in western Aleppo on Monday.")
    assert [e.place and e.place.name for e in events] == ["Harasta", "western Aleppo"]
    # Provinces of one list are peers: one GeoNames lacks (read as its town) holds no other.
    events = events_of(
        "Shelling killed 12 people in Surin, Ubon Ratchathani and Srisaket provinces."
    )
    assert [(e.place and e.place.name, e.place and e.place.kind) for e in events] == [
        ("Surin", "governorate"),
        ("Ubon Ratchathani", "governorate"),
        ("Si Sa Ket", "town"),
    ]


def test_a_place_that_says_where_another_is_is_no_second_site(events_of: EventsOf) -> None:
    events = events_of("Shells killed seven people in Douma, a town near Harasta, on Monday.")
    assert [e.place.id for e in events if e.place] == ["douma"]
    # Two places side by side are both sites.
    events = events_of("Shells killed seven people in Douma and Harasta on Monday.")
    assert sorted(e.place.id for e in events if e.place) == ["douma", "harasta"]
    # So does a relative clause that says where the place lies.
    for told in (
        "The truce came after a battle for control of Douma, which sits on the road "
        "between Homs and Hama.",
        "A truce was agreed after heavy fighting in Douma, which is located on the road to Homs.",
    ):
        assert {e.place.id for e in events_of(told) if e.place} == {"douma"}, told
    # When it names the only place, the event is still placed by it.
    (shelled,) = events_of("Shells hit the village, which lies near Harasta, on Monday.")
    assert shelled.place is not None and shelled.place.id == "harasta"
    # Nor is a road's end, joined to the place by no comma at all.
    for told in (
        "Russian jets struck Douma, on the highway that connects Homs to Hama.",
        "Rockets hit Douma on the road linking Homs and Hama.",
    ):
        assert {e.place.id for e in events_of(told) if e.place} == {"douma"}, told
    # When the road's ends are all there is, the event is still placed by them.
    shelled = events_of("Shells hit the highway connecting Homs to Hama on Monday.")
    assert shelled and {e.place.id for e in shelled if e.place} <= {"homs", "hama"}
    # Nor a flight's ends, when it names them.
    (fled,) = events_of("Families fled Douma for Harasta on the road linking Homs to Hama.")
    assert fled.origin is not None and fled.destination is not None
    assert (fled.origin.id, fled.destination.id) == ("douma", "harasta")


def test_take_is_a_capture_only_with_a_place_as_its_object(events_of: EventsOf) -> None:
    (taken,) = events_of("M23 rebels said they had taken the strategic city of Goma on Monday.")
    assert taken.event_type == "control_change" and taken.place is not None
    assert (taken.place.name, taken.actors.to) == ("Goma", "m23")
    for told in (
        "The attack took place in Goma on Monday.",
        "Goma had taken in thousands of refugees by Monday.",
        "Rebels began their push to take Goma in April.",
    ):
        assert [e for e in events_of(told) if e.event_type == "control_change"] == [], told
    # "taken" before another trigger is no capture that hides it.
    (bussed,) = events_of("Some 300 people were taken by bus to Goma on Monday.")
    assert bussed.event_type == "evacuation" and bussed.destination is not None


def test_two_happenings_joined_by_and_keep_their_own_places(events_of: EventsOf) -> None:
    def found(told: str) -> set[tuple[str, str]]:
        return {(e.event_type, e.place.name) for e in events_of(told) if e.place}

    told = "Rebels captured Douma and shelled Harasta on Monday."
    assert found(told) == {("control_change", "Douma"), ("shelling", "Harasta")}
    told = "Douma was captured and Harasta was shelled on Monday."
    assert found(told) == {("control_change", "Douma"), ("shelling", "Harasta")}
    # Who struck Idlib is not who seized Saraqib, nor were the troops struck.
    strike, seized = events_of("Jets struck Idlib and troops seized Saraqeb on Monday.")
    assert (strike.event_type, strike.actors.against) == ("airstrike", [])
    assert (seized.event_type, seized.actors.to) == ("control_change", "syrian-government")
    # Happenings that share their place keep it.
    told = "Rebels shelled and captured Douma on Monday."
    assert found(told) == {("control_change", "Douma"), ("shelling", "Douma")}


def test_a_place_taken_in_the_passive_was_captured(events_of: EventsOf) -> None:
    (taken,) = events_of("The town of Goma was taken by M23 rebels on Monday.")
    assert (taken.event_type, taken.actors.to) == ("control_change", "m23")
    (taken,) = events_of("Goma was taken in November 2012.")
    assert taken.event_type == "control_change"
    assert events_of("Goma was taken by surprise.") == []
    # People taken hostage are an abduction, not a capture of their town.
    (held,) = events_of("Civilians from Goma were taken hostage.")
    assert (held.event_type, held.acled_sub_event_type) == (
        "attack",
        "Abduction/forced disappearance",
    )


def test_an_offensive_told_by_its_aim_is_a_fight_and_a_reached_aim_a_capture(
    events_of: EventsOf,
) -> None:
    def kinds(told: str) -> list[tuple[str, str]]:
        return [(e.event_type, e.place.name) for e in events_of(told) if e.place]

    assert kinds("The army launched an operation to retake Douma on Monday.") == [
        ("clashes", "Douma")
    ]
    assert kinds("The army plans an operation to retake Douma.") == []
    assert kinds("Rebels managed to capture Douma on Monday.") == [("control_change", "Douma")]
    assert kinds("Rebels were able to retake Douma on Monday.") == [("control_change", "Douma")]
    # An ability or an aim is no capture.
    assert kinds("Rebels are able to capture Douma.") == []
    assert kinds("Rebels moved north to liberate Douma.") == []


def test_a_clause_dated_years_back_borrows_no_place(events_of: EventsOf) -> None:
    told = (
        "Haftar declared war on militants in Benghazi, three years after the 2011 "
        "revolution that toppled and killed Libyan dictator Muammar Gaddafi."
    )
    assert [e.event_type for e in events_of(told, published="2017-07-05")] == []
    # A clause of this year's news still takes the sentence's place.
    told = "Haftar declared war on militants in Benghazi, after a raid in 2017 killed 12 soldiers."
    assert [e.event_type for e in events_of(told, published="2017-07-05")] == ["casualties"]


def test_a_trigger_word_inside_a_partys_name_is_the_names(events_of: EventsOf) -> None:
    told = "Forces of the Government of National Accord entered Tarhuna on Friday."
    assert [e.event_type for e in events_of(told)] == ["control_change"]


def test_a_place_that_fell_changed_hands(events_of: EventsOf) -> None:
    def falls(told: str) -> list[str]:
        return [
            e.place.name for e in events_of(told) if e.event_type == "control_change" and e.place
        ]

    assert falls("As Douma fell, thousands of families fled to Idlib.") == ["Douma"]
    assert falls("Officials said Douma, in Rif Dimashq, fell without a fight on Friday.") == [
        "Douma"
    ]
    assert falls("Prices in Douma fell sharply on Friday.") == []
    assert falls("Douma fell silent on Friday.") == []


def test_a_because_clause_is_a_clause_of_its_own(events_of: EventsOf) -> None:
    told = "Residents of Beni fled after the attack because the gunmen overpowered the soldiers."
    attack = next(e for e in events_of(told) if e.event_type == "attack")
    assert attack.actors.against == []


def test_capturing_people_is_no_capture_of_their_town(events_of: EventsOf) -> None:
    told = "Rebels captured 102 soldiers during their attack on the town of Douma."
    assert [e.event_type for e in events_of(told)] == ["attack"]
    (taken,) = events_of("Rebels captured two villages near Douma on Monday.")
    assert taken.event_type == "control_change"


@pytest.mark.parametrize(
    ("told", "kind", "acled"),
    [
        (
            "A roadside bomb exploded in Beni, killing five people.",
            "attack",
            ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ),
        (
            "Gunmen kidnapped 20 students in Beni on Monday.",
            "attack",
            ("Violence against civilians", "Abduction/forced disappearance"),
        ),
        ("Rebels had encircled Beni by Thursday.", "clashes", ("Battles", "Armed clash")),
        (
            "Soldiers and rebels were caught in crossfire in Beni.",
            "clashes",
            ("Battles", "Armed clash"),
        ),
    ],
)
def test_blasts_abductions_and_encirclements_are_events(
    events_of: EventsOf, told: str, kind: str, acled: tuple[str, str]
) -> None:
    (event,) = events_of(told)
    assert (event.event_type, event.acled_event_type, event.acled_sub_event_type) == (kind, *acled)


def test_surrounded_by_hills_is_no_encirclement(events_of: EventsOf) -> None:
    assert events_of("The camp near Beni is surrounded by hills.") == []


def test_talks_about_a_truce_are_no_truce(events_of: EventsOf) -> None:
    assert events_of("Talks on a ceasefire in Douma resumed in Damascus.") == []
    assert events_of("The latest efforts for a new truce in Douma have stalled.") == []
    (truce,) = events_of("A ceasefire took effect in Douma on Monday.")
    assert truce.event_type == "ceasefire"


def test_a_subordinate_clause_put_first_keeps_its_own_parties_and_places(
    events_of: EventsOf,
) -> None:
    told = "When rebels attacked Douma on Monday, hundreds of families fled to Idlib."
    events = events_of(told)
    assert {(e.event_type, (e.place or e.destination or e.origin).name) for e in events} == {  # type: ignore[union-attr]
        ("attack", "Douma"),
        ("evacuation", "Idlib"),
    }
    (fled,) = [e for e in events if e.event_type == "evacuation"]
    assert fled.actors.evacuees == ["civilians"]
    # After a dateline too.
    told = "DAMASCUS, May 5 (Reuters) - When rebels attacked Douma, families fled to Idlib."
    (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert fled.actors.evacuees == ["civilians"]


def test_a_place_some_kilometres_away_from_which_is_a_reference(events_of: EventsOf) -> None:
    told = (
        "Rebels captured a village some 15 km (nine miles) away from the government-held "
        "logistics hub of Douma."
    )
    (taken,) = events_of(told)
    assert taken.place is not None and taken.place.name == "Douma"
    assert taken.place_relation == "near"


def test_a_compass_word_before_a_regions_name_keeps_it_a_region(events_of: EventsOf) -> None:
    told = "Russian troops captured the village of Sergeevka in Ukraine's eastern Donetsk region."
    events = events_of(told)
    assert [e.place.name for e in events if e.place] == ["Serhiyivka"]


def test_dislodging_ejecting_and_recapturing_change_hands(events_of: EventsOf) -> None:
    told = "Rebels have entered Douma after taking control of Harasta on Monday."
    changes = [
        e.place.name for e in events_of(told) if e.event_type == "control_change" and e.place
    ]
    assert changes == ["Douma", "Harasta"]
    (taken,) = events_of("In 2012, rebels dislodged the Malian military from Kidal.")
    assert (taken.event_type, taken.place and taken.place.name) == ("control_change", "Kidal")
    assert taken.actors.from_ == "malian-army"
    (lost,) = events_of("The group was ejected from Mogadishu in 2011.")
    assert (lost.event_type, lost.place and lost.place.name) == ("control_change", "Mogadishu")
    # A gerund's object is a place the long tail may look up, as the past tense's is.
    told = "The offensive ended with Azerbaijan recapturing Shusha."
    changes = [e for e in events_of(told) if e.event_type == "control_change"]
    assert [(e.place and e.place.name, e.actors.to) for e in changes] == [("Shusha", "azerbaijan")]


def test_a_which_clause_tells_of_the_place_it_hangs_from(events_of: EventsOf) -> None:
    told = (
        "Rebels reached the outskirts of Hama, which is 110 km south of Aleppo, which "
        "the rebels captured last week."
    )
    changes = [e for e in events_of(told) if e.event_type == "control_change"]
    assert [(e.place and e.place.name, e.actors.to) for e in changes] == [
        ("Aleppo", "syrian-opposition")
    ]
    # "where" after a reference point points back at the site it locates.
    told = (
        "Fighting raged in the al-Ayadia district, 10 km north-west of Douma, "
        "where the militants fled."
    )
    assert [e for e in events_of(told) if e.event_type == "evacuation"] == []


def test_what_an_envoy_tries_to_avoid_or_troops_prevent_did_not_happen(
    events_of: EventsOf,
) -> None:
    for told in (
        "The envoy arrived in Yemen to try to avoid an all-out assault on Hodeidah.",
        "Troops prevented an attack on Hodeidah airport.",
        "The UN is working to avert a battle for Hodeidah.",
        "The president ordered his army to cancel the offensive on Hodeidah.",
        "The coalition called off an assault on Hodeidah.",
    ):
        assert [e for e in events_of(told) if e.event_type != "evacuation"] == [], told


def test_a_siege_laid_is_a_fight_and_a_besieged_town_a_description(events_of: EventsOf) -> None:
    for told in ("Rebels besieged the town of Douma for five years.", "Douma was besieged."):
        assert [e.event_type for e in events_of(told)] == ["clashes"], told
    for told in (
        "Food ran out in the besieged town of Douma.",
        "Residents of besieged Douma were starving.",
        "Aid reached the encircled town of Douma.",
    ):
        assert events_of(told) == [], told


def test_a_massacre_done_is_a_toll(events_of: EventsOf) -> None:
    (killed,) = events_of("Militias massacred 50 villagers in Douma.")
    assert (killed.event_type, killed.counts, killed.actors.against) == (
        "casualties",
        {"killed": 50},
        ["civilians"],
    )


def test_who_surrendered_a_place_let_it_go(events_of: EventsOf) -> None:
    (given,) = events_of("The rebels surrendered Douma to Syrian troops.")
    assert (given.actors.from_, given.actors.to) == ("syrian-opposition", "syrian-government")
    assert given.acled_sub_event_type == "Non-violent transfer of territory"
    (given,) = events_of("The rebels left for Idlib after surrendering Douma.")[-1:]
    assert (given.event_type, given.actors.from_) == ("control_change", "syrian-opposition")
    assert given.acled_sub_event_type == "Non-violent transfer of territory"
    # Men who surrender, or their arms, are no place given up.
    for told in (
        "Hundreds of IS fighters surrendered in Douma.",
        "The rebels surrendered their weapons in Douma.",
    ):
        assert [e for e in events_of(told) if e.event_type == "control_change"] == [], told


def test_who_lost_control_let_the_place_go_to_whom_it_went(events_of: EventsOf) -> None:
    (lost,) = events_of("Kurdish forces lost control of Douma to Turkish-backed fighters.")
    assert lost.event_type == "control_change"
    assert (lost.actors.from_, lost.actors.to) == ("sdf", "turkish-backed-rebels")
    (taken,) = events_of("Syrian troops regained full control of Douma and Harasta.")[:1]
    assert (taken.event_type, taken.actors.to) == ("control_change", "syrian-government")


def test_who_is_kept_from_doing_it_did_not_do_it(events_of: EventsOf) -> None:
    for told in (
        "Journalists were barred from entering Douma.",
        "Residents were blocked from leaving Douma on Friday.",
        "Troops were stopped from entering Douma.",
        "Reporters were banned from entering Douma.",
        "Families were kept from leaving Douma.",
    ):
        assert events_of(told) == [], told
    assert [e.event_type for e in events_of("Syrian troops entered Douma.")] == ["control_change"]


def test_one_missile_or_rocket_fired_or_hitting_or_fire_opened_is_an_attack(
    events_of: EventsOf,
) -> None:
    # Fired, launched or told by what it hit; who fired it is named or not.
    for told, kind, named in (
        ("Rebels fired a ballistic missile at Douma on Sunday.", "shelling", True),
        ("Rebels launched a rocket at Douma on Sunday.", "shelling", True),
        ("Militants fired a rocket at Douma on Sunday.", "shelling", True),
        ("Gunmen opened fire at a market in Douma, killing 12 people.", "attack", True),
        ("A Russian missile hit an apartment block in Douma on Monday.", "airstrike", True),
        ("Syrian drones hit a bus in Douma on Monday.", "airstrike", True),
        ("A rocket hit a school in Douma on Monday.", "shelling", False),
        ("A shell hit a market in Douma on Monday.", "shelling", False),
    ):
        (fired,) = events_of(told)
        assert (fired.event_type, fired.place and fired.place.id) == (kind, "douma"), told
        assert bool(fired.actors.by) == named, told
    assert events_of("A storm hit Douma on Monday.") == []
    # A bomber, named by deed or by noun, attacked; no party is named.
    for told in (
        "A man blew himself up at a mosque in Douma.",
        "A suicide bomber killed 40 people at a market in Douma.",
    ):
        (bombed,) = events_of(told)
        assert (bombed.event_type, bombed.actors.by) == ("attack", []), told


def test_an_anaphor_finds_the_nearest_place_of_its_kind(events_of: EventsOf) -> None:
    # The last event was in the city's east, which is no town: the town is the city named
    # after it, not the one the story opened with.
    told = (
        "Fighting raged in Taiz, Yemen. An air strike hit a car in eastern Hodeidah. "
        "The envoy visited Hodeidah on Monday. "
        "The coalition began an assault on the town on Wednesday."
    )
    assert [e.place.name for e in events_of(told) if e.place][-1] == "Al Ḩudaydah"
    # "the city" beside its western half is the whole city.
    told = (
        "Iraqi forces fought in Mosul, Iraq. "
        "Families streamed out of western Mosul as fighting intensified in the city."
    )
    assert {e.place.name for e in events_of(told) if e.place} == {"Mosul"}


@pytest.mark.parametrize(
    "told",
    [
        # "the village of X" names a village; it points at none named before
        "Rebels shelled Saraqib on Monday. Later they stormed the village of Kafr Talish.",
        # "the village" after a village nobody could place in the same sentence is that one
        "Rebels shelled Saraqib on Monday. Few residents were in Kafr Talish when the soldiers "
        "entered the village.",
        "Rebels shelled Aleppo on Monday. Few residents were in Kafr Talish when the soldiers "
        "entered the town.",
        # ... however often the story names it, and wherever it names it first
        "Rebels shelled Saraqib on Monday. Photographers documented the assault on the village "
        "of Kafr Talish. Few residents were in Kafr Talish when the soldiers entered the village.",
        "Rebels shelled Saraqib on Monday. Kafr Talish elders said few residents were in Kafr "
        "Talish when the soldiers entered the village.",
    ],
)
def test_an_anaphor_after_a_village_nobody_placed_points_at_no_earlier_place(
    events_of: EventsOf, told: str
) -> None:
    found = [(e.event_type, e.place and e.place.name) for e in events_of(told)]
    assert found == [("shelling", told.split()[2])]


def test_an_anaphor_after_an_unplaced_name_in_another_sentence_or_for_a_region_still_points_back(
    events_of: EventsOf,
) -> None:
    # "the city" after a district named a sentence before is the city the story is about
    told = (
        "Fighting raged in Benghazi, Libya, on Monday. Troops advanced in al-Sabri on Tuesday. "
        "A medical source in the city said 44 soldiers had been killed."
    )
    assert ("casualties", "Benghazi") in [
        (e.event_type, e.place and e.place.name) for e in events_of(told)
    ]
    # "the region" after a village nobody placed is the region that holds it
    told = (
        "Fighting spread across the Sagaing region of Myanmar. Rebels ambushed soldiers in Kafr "
        "Talish in the region on Tuesday, killing two."
    )
    assert ("attack", "Sagaing") in [
        (e.event_type, e.place and e.place.name) for e in events_of(told)
    ]


def test_an_anaphor_may_name_its_quarter(events_of: EventsOf) -> None:
    for side in ("northern", "north-western", "northwestern"):
        told = f"Iraqi forces advanced on Tal Afar. Troops recaptured the {side} city on Sunday."
        (taken,) = events_of(told)
        assert taken.event_type == "control_change" and taken.place, side
        assert taken.place.id == "tal-afar", side


def _routes(events: list[Event]) -> list[tuple[str | None, str | None]]:
    return [
        (e.origin.id if e.origin else None, e.destination.id if e.destination else None)
        for e in events
        if e.event_type == "evacuation"
    ]


def test_a_flight_there_ends_at_the_place_named_before(events_of: EventsOf) -> None:
    opening = "Rebels seized Douma on Monday. "
    for sentence in (
        "Thousands of people have fled there in recent months.",
        "Thousands of families fled there from nearby villages.",
        # The place, named again as home to its people, is still only where they went.
        "Douma is home to more than 60,000 people and thousands more have fled there.",
    ):
        assert _routes(events_of(opening + sentence)) == [(None, "douma")], sentence
    assert _routes(events_of(opening + "Thousands of families fled there from Harasta.")) == [
        ("harasta", "douma")
    ]
    # Leaving from there, or fleeing what happened there, starts at the place.
    assert _routes(events_of(opening + "Thousands fled from there to Harasta.")) == [
        ("douma", "harasta")
    ]
    assert _routes(events_of(opening + "Thousands of families fled the fighting there.")) == [
        ("douma", None)
    ]


def test_a_flight_abroad_with_no_origin_left_the_storys_country(events_of: EventsOf) -> None:
    story = "Houthi fighters advanced on Aden, Yemen's second city, and fought in Sanaa. "
    flights = events_of(story + "Hundreds of foreigners flew out to Ethiopia and Djibouti.")
    routes = sorted(
        (e.origin.name if e.origin else None, e.destination.name if e.destination else None)
        for e in flights
        if e.event_type == "evacuation"
    )
    assert routes == [("Yemen", "Djibouti"), ("Yemen", "Ethiopia")]
    # To a town abroad the origin stays unknown: the story's country is a guess.
    flights = events_of(story + "Hundreds of foreigners flew out to Jeddah.")
    assert [
        (e.origin, e.destination and e.destination.name)
        for e in flights
        if e.event_type == "evacuation"
    ] == [(None, "Jeddah")]


def test_a_participle_clause_shares_its_main_clauses_day_and_subject(
    events_of: EventsOf,
) -> None:
    told = "Syrian troops pushed deeper on Friday, capturing Harasta from the rebels."
    (taken,) = [e for e in events_of(told) if e.event_type == "control_change"]
    assert (taken.date, taken.time_precision) == (dt.date(2020, 2, 28), 1)
    assert (taken.actors.from_, taken.actors.to) == ("syrian-opposition", "syrian-government")
    # A party named deep in the main clause is no subject of it.
    told = "Shelling went on for a week near the positions of Syrian troops, capturing Harasta."
    assert [e.actors.to for e in events_of(told) if e.event_type == "control_change"] == [None]


@pytest.mark.parametrize(
    "told",
    [
        "Two people were killed and 15 wounded when their bus was hit in Douma on Friday.",
        "A bus was hit in Douma on Friday, when two people were killed.",
        "When a bus was hit in Douma on Friday, two people were killed.",
    ],
)
def test_a_clause_of_when_tells_the_day_of_the_clause_it_joins(
    events_of: EventsOf, told: str
) -> None:
    (killed,) = [e for e in events_of(told) if e.event_type == "casualties"]
    assert (killed.date, killed.time_precision) == (dt.date(2020, 2, 28), 1)


def test_the_main_clause_goes_on_after_a_relative_clause_between_commas(
    events_of: EventsOf,
) -> None:
    told = "Syrian jets struck Douma, which lies east of Damascus, on Friday, killing 12 people."
    (struck,) = [e for e in events_of(told) if e.event_type == "airstrike"]
    assert (struck.date, struck.time_precision) == (dt.date(2020, 2, 28), 1)
    assert struck.counts.get("killed") == 12
    told = told.replace("killing 12 people", "leaving 12 people dead")
    (struck,) = [e for e in events_of(told) if e.event_type == "airstrike"]
    assert struck.counts == {"killed": 12}
    # The aside's own day and numbers are its own: "shelled on Monday", "home to 300,000".
    told = "Syrian jets struck Douma, which was shelled on Monday, on Friday."
    (struck,) = [e for e in events_of(told) if e.event_type == "airstrike"]
    assert (struck.date, struck.time_precision) == (dt.date(2020, 2, 28), 1)
    told = "Syrian jets struck Douma, which is home to 300,000 people, killing 12."
    (struck,) = [e for e in events_of(told) if e.event_type == "airstrike"]
    assert struck.counts == {"killed": 12}
    # A clause joined by "and" is another deed with a day of its own.
    told = "Syrian jets struck Douma, which lies east of Damascus, and shelled Harasta on Friday."
    (struck,) = [e for e in events_of(told) if e.event_type == "airstrike"]
    assert (struck.date, struck.time_precision) == (None, 3)


def test_another_clause_still_dates_another_happening(events_of: EventsOf) -> None:
    (shelled,) = events_of(
        "Residents returned to Douma on Friday, weeks after the army shelled it."
    )
    assert (shelled.date, shelled.time_precision) == (None, 3)


def test_a_participle_clause_put_after_is_done_by_the_main_clauses_subject(
    events_of: EventsOf,
) -> None:
    for told in (
        "Syrian troops looted shops in Douma after seizing the town.",
        "Syrian troops shelled Harasta before capturing Douma.",
    ):
        (taken,) = [e for e in events_of(told) if e.event_type == "control_change"]
        assert taken.actors.to == "syrian-government", told


def test_a_participle_clause_put_first_is_done_by_the_main_clauses_subject(
    events_of: EventsOf,
) -> None:
    told = "After capturing Harasta last week, Syrian troops shelled Douma on Friday."
    (taken,) = [e for e in events_of(told) if e.event_type == "control_change"]
    assert taken.place is not None and taken.place.id == "harasta"
    assert taken.actors.to == "syrian-government"
    assert taken.date_text == "last week"  # its own day, not the main clause's Friday
    # The main clause is another happening: Douma was not captured with Harasta.
    told = "Since capturing Harasta last week, the army's biggest gain has been Douma."
    assert [e.place and e.place.id for e in events_of(told)] == ["harasta"]
    # A subject deep in the main clause is not who took the place.
    told = "After capturing Harasta, the town of Douma was shelled by Syrian troops."
    (taken,) = [e for e in events_of(told) if e.event_type == "control_change"]
    assert taken.actors.to is None


def test_news_told_in_the_present_perfect_is_of_the_articles_week(events_of: EventsOf) -> None:
    def truce(verb: str) -> tuple[dt.date | None, int]:
        told = f"Ukraine is sending buses on Thursday to Mariupol, where Russia {verb} a ceasefire."
        (truce,) = [e for e in events_of(told) if e.event_type == "ceasefire"]
        return truce.date, truce.time_precision

    assert truce("has announced") == (dt.date(2020, 3, 2), 2)
    # Another clause's day is not this one's; nor is a campaign's ("has been") news.
    assert truce("announced") == (None, 3)
    assert truce("has been observing") == (None, 3)


def test_a_deed_done_to_a_country_is_at_no_other_place_of_its_sentence(
    events_of: EventsOf,
) -> None:
    told = "Families fled Khan Younis on Monday, a week after a Hamas attack on Israel."
    assert [e.event_type for e in events_of(told)] == ["evacuation"]
    # Without the country, the deed told beside a flight is where the flight began.
    told = "Families fled Khan Younis on Monday, a day after a Hamas attack."
    assert sorted(e.event_type for e in events_of(told)) == ["attack", "evacuation"]


def test_a_flight_from_a_place_nobody_resolved_did_not_start_elsewhere(
    events_of: EventsOf,
) -> None:
    told = "The family stayed at a relative's home in Douma after fleeing the eastern suburb of "
    assert events_of(told + "Zoqaq al-Nour.") == []  # not from Douma
    (fled,) = events_of(told + "Harasta.")
    assert fled.origin is not None and fled.origin.id == "harasta"


#: A paragraph with no sign of war, to which each case adds one sentence.
_PEACETIME = (
    "The new rail line between Amman and Irbid opened on Thursday. The first train left "
    "the capital at eight and reached Irbid two hours later, the ministry said.\n\n"
)


@pytest.mark.parametrize(
    "sentence",
    [
        "Houthi gunmen blocked the road.",  # an armed party by its name
        "Gunmen blocked the road.",  # a word for armed men
        "Witnesses said IS blocked the road.",  # an acronym among lower-case words
        "Armed youth from Unity attacked the village.",  # communal violence
        "Fighting was still raging on the road.",
        "Iraqi forces blocked the road.",  # a state's forces, by its people
        "Russia's forces blocked the road.",  # by its name
        "The ministry said its forces blocked the road.",
        "Forces loyal to Haftar blocked the road.",
        "Forces of the Government of National Accord blocked the road.",
        "Shelling closed the road.",  # a conflict cue of the lexicon
        "Heavy fighting closed the road.",
        "A truce held along the road.",
    ],
)
def test_a_sign_of_war_makes_an_article_one_to_read_for_events(ctx: Context, sentence: str) -> None:
    assert tells_of_armed_conflict(_PEACETIME + sentence, ctx.lexicon)


@pytest.mark.parametrize(
    "sentence",
    [
        "",
        "Two clubs joined forces to build the stadium.",
        "Market forces pushed fares up.",
        "A price war broke out between the bus companies.",
        "The coach called the chants offensive.",
        "Fans staged a pitch invasion.",
        "Both sides are fighting for the title.",
        "The opposition won control of the council.",  # a generic alias, not an armed party
        "Turkey beat Norway in the qualifier.",  # a state's name alone
        'Fans sang "RIYADH IS YELLOW AND BLUE" all night.',  # a shout, not the Islamic State
    ],
)
def test_words_of_war_in_another_sense_do_not(ctx: Context, sentence: str) -> None:
    assert not tells_of_armed_conflict(_PEACETIME + sentence, ctx.lexicon)


@pytest.mark.parametrize(
    "sentence",
    [
        "Shops stayed shut in Aden as a general strike entered its second day.",
        "Shops stayed shut in Aden as a general strike entered its 10th day.",
        "Teachers in Taiz went on strike over unpaid salaries.",
        "Dock workers in Hodeidah staged a strike on Monday.",
        "Prisoners in Mosul began a hunger strike on Monday.",
        "Unions in Aden called a strike over pay.",
        "A strike over unpaid wages shut the port of Aden.",
    ],
)
def test_a_stoppage_is_no_strike_and_a_day_entered_no_place(
    events_of: EventsOf, sentence: str
) -> None:
    assert events_of(sentence) == []


def test_a_strike_on_a_place_is_still_one(events_of: EventsOf) -> None:
    """The stoppage rules leave a blow alone, and "a strike on X" names X as a place."""
    for sentence, etype, place in [
        ("A strike on Mosul killed five people.", "airstrike", "Mosul"),
        ("Israel carried out a strike on Rafah on Monday.", "airstrike", "Rafa"),  # Rafaḩ
        (
            "Troops entered Tal Afar as the offensive entered its second week.",
            "control_change",
            "Tal Afar",
        ),
        # A place, then a time after the entry: "a day after" is when, not what was entered.
        ("Troops entered Mosul a day after the truce collapsed.", "control_change", "Mosul"),
        ("Jets struck Mosul. Troops entered the city a day later.", "control_change", "Mosul"),
    ]:
        (event,) = [e for e in events_of(sentence) if e.event_type == etype]
        assert event.place is not None and event.place.name.startswith(place), sentence


def test_the_wars_toll_so_far_is_no_happening(events_of: EventsOf) -> None:
    for total in (
        "The conflict has killed thousands of people and displaced millions in Darfur.",
        "The conflict has reportedly left around 20,000 people dead in Mosul and displaced "
        "at least two million.",
        "The war has displaced 6 million Syrians from Aleppo.",
        "Gaza has been devastated by two years of an Israeli onslaught that killed over "
        "70,000 Palestinians.",
    ):
        assert events_of(total) == [], total
    # Years of fighting are the war, told as background.
    told = "Civilians were evacuated from Douma after years of fighting."
    assert [e.event_type for e in events_of(told)] == ["evacuation"]
    assert events_of("Douma endured decades of heavy shelling.") == []
    # Days of fighting are one happening, told with its toll.
    (fought,) = events_of("Three days of fighting that killed 50 people ended in Douma.")
    assert fought.counts == {"killed": 50}
    # The fighting of a week is a happening: it has a place and a time of its own.
    (fled,) = [
        e
        for e in events_of("The fighting has displaced 3,000 people from Douma this week.")
        if e.event_type == "evacuation"
    ]
    assert fled.counts == {"displaced": 3000}  # the verb says who they are
