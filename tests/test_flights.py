"""Flights and evacuations: what is one, where it went, and who fled (sentences written for
the tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from geomap.models import Event

EventsOf = Callable[..., list[Event]]  # the `events_of` fixture: a text's events


def test_one_named_persons_trip_is_no_evacuation(events_of: EventsOf) -> None:
    for told in (
        "The UN special envoy for Syria Geir Pedersen left Douma on Monday.",
        "The talks of Geir Pedersen ended. Pedersen arrived in Douma on Monday.",
        "The foreign minister reached Douma on Monday.",
        "President Bashar al-Assad left Douma on Monday.",  # a title, capitalised
        "Ambassador Jane Smith fled Douma on Monday.",  # one titled person's escape
    ):
        assert events_of(told) == [], told
    # A refugee's own flight, or a group's, is one.
    for told in (
        "A refugee said he had left Douma with his relatives.",
        "Hundreds of families left Douma on Monday.",
        "Rebels left Douma on Monday.",
        "Shelling hit Douma. Soldiers left the town.",
        "Villagers arrived in Douma on Monday.",  # a common noun opening its sentence
    ):
        assert [e.event_type for e in events_of(told)][-1:] == ["evacuation"], told


def test_what_was_left_somewhere_stayed_and_a_readiness_is_no_flight(
    events_of: EventsOf,
) -> None:
    for told in (
        "Not a single weapon was left in Douma, the army said.",
        "Hundreds of families were left homeless in Douma.",
        "Russia confirmed its readiness to open a corridor for the convoy to Douma.",
        "Troops moved from Douma to the left bank of the river.",  # a side, no departure
        "Banners left at the scene in Douma were signed by the group.",  # a thing left
        "They have left burnt-out tanks in Douma, he said.",
        "The retreating troops left a trail of destruction in Douma.",
    ):
        assert [e for e in events_of(told) if e.event_type == "evacuation"] == [], told
    (fled,) = events_of("Hundreds of families left Douma and were left homeless.")
    assert fled.origin is not None and fled.origin.id == "douma"
    (fled,) = events_of("The fighters left the town of Douma on Monday.")
    assert fled.origin is not None and fled.origin.id == "douma"


def test_a_toll_left_behind_is_no_flight_and_a_flight_before_a_toll_is_one(
    events_of: EventsOf,
) -> None:
    for told in (
        "Syrian jets struck Douma on Friday, leaving 12 people dead.",
        # A list of the dead, commas and all.
        "The assault on IS in Douma has left more than 90 pro-regime forces, 70 jihadists and "
        "more than 20 civilians dead, a monitor said.",
        "Rebels fired a missile at an army vehicle in Douma, which left several casualties "
        "among regime soldiers.",
    ):
        assert [e for e in events_of(told) if e.event_type == "evacuation"] == [], told
    # What follows a clause of its own or a relative word is that clause's toll.
    for told in (
        "Residents left Douma on Friday after shelling killed 12 people.",
        "Hundreds of families left Douma, where shelling has killed dozens.",
        "Hundreds of families left Douma, which has seen dozens killed this week.",
    ):
        (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
        assert fled.origin is not None and fled.origin.id == "douma", told


def test_a_flight_a_deed_forced_left_the_deeds_place_on_its_day(events_of: EventsOf) -> None:
    told = "Syrian troops took Douma on Friday, forcing thousands to flee to Idlib."
    (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert fled.origin is not None and fled.origin.id == "douma"
    assert fled.destination is not None and fled.destination.id == "idlib"
    assert (fled.date, fled.time_precision) == (dt.date(2020, 2, 28), 1)
    # An origin of its own stays; a place named only to say where another is, is none.
    told = "Jets struck Douma, forcing thousands to flee from Harasta to Idlib."
    (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert fled.origin is not None and fled.origin.id == "harasta"
    told = "Fighting raged 20 km north of Douma, sending thousands fleeing to Idlib."
    (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert fled.origin is None
    # Nor is the agent of a passive: who did the deed, not where.
    told = "Douma was seized by Turkey, forcing thousands to flee."
    (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert fled.origin is not None and fled.origin.id == "douma"
    # Only a clause of cause: "killing 12 and wounding" tells of no one leaving the place.
    told = "Syrian troops took Douma on Friday, capturing 12 fighters who fled to Idlib."
    assert all(
        e.origin is None or e.origin.id != "douma"
        for e in events_of(told)
        if e.event_type == "evacuation"
    )


def test_where_people_fled_for_is_their_destination(events_of: EventsOf) -> None:
    (fled,) = events_of("Thousands of families fled Khan Younis for Rafah.")
    assert fled.destination is not None and fled.destination.name.startswith("Rafa")
    assert events_of("They left for good.") == []


def test_evacuation_origin_destination_and_numbers(events_of: EventsOf) -> None:
    events = events_of(
        "Some 2,300 people, including hundreds of fighters, were bussed out of Douma "
        "toward Jarablus in 45 buses on Saturday.",
    )
    (evac,) = [e for e in events if e.event_type == "evacuation"]
    assert evac.origin is not None and evac.origin.id == "douma"
    assert evac.destination is not None and evac.destination.id == "jarablus"
    assert evac.counts["people"] == 2300
    assert evac.counts["buses"] == 45
    people = next(c for c in evac.count_claims if c.kind == "people")
    assert people.qualifier == "approx" and people.text.startswith("Some 2,300")


def test_who_drove_people_out_did_not_flee(events_of: EventsOf) -> None:
    for told in (
        "Rebel shelling displaced 261 families from Douma on Sunday.",
        "Rebels shelled Douma on Sunday and forced thousands of civilians to flee.",
        "Rebels evacuated 300 civilians from Douma on Sunday.",
    ):
        (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
        assert fled.actors.evacuees == ["civilians"], told
    # A verb in scare quotes still takes its object.
    told = 'Rebels seized Douma and "evacuated" more than 300 civilians on Sunday.'
    (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert (fled.actors.evacuees, fled.actors.by) == (["civilians"], ["syrian-opposition"])
    # Rebels who leave, or are displaced, are who fled.
    for told in ("Rebels evacuated Douma on Sunday.", "Hundreds of rebels fled Douma."):
        (fled,) = events_of(told)
        assert fled.actors.evacuees == ["syrian-opposition"], told


def test_who_people_fled_from_did_not_flee(events_of: EventsOf) -> None:
    for told in (
        "Thousands of families fled Douma amid attacks by the rebels on Monday.",
        "Thousands of families fled Douma amid attacks by HTS.",
        "Thousands of families fled Douma amid attacks by HTS fighters.",
        "Thousands of families fled Douma amid attacks by the paramilitary Hayat Tahrir "
        "al-Sham (HTS) on Monday.",
        "Thousands of families fled Douma, driven from their homes by the advance of HTS.",
        "Hundreds of families were displaced from Douma due to HTS attacks.",
        "Hundreds of families fled Douma fearing an HTS offensive.",
        # Named before the flight, or with a day between the deed and its doer.
        "Residents fearing an HTS offensive fled Douma on Sunday.",
        "After HTS attacks, hundreds of families fled Douma.",
        "Another 500 families, who were living in Douma before the town's takeover on "
        "Tuesday by HTS, are now newly displaced.",
    ):
        (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
        assert fled.actors.evacuees == ["civilians"], told
        # ... nor did it evacuate them.
        assert fled.actors.by == [], told
    # Both sides of a fight people fled stayed, and evacuated nobody.
    for told in (
        "The battles between the Syrian army and large groups of HTS fighters have caused "
        "mass displacement of people from Douma.",
        "The battles between the Syrian government's air force and large groups of HTS "
        "have caused mass displacement of people from Douma.",
        "Clashes between HTS and government forces forced thousands of people to flee Douma.",
    ):
        (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
        assert (fled.actors.evacuees, fled.actors.by) == (["civilians"], []), told
    for told in (
        # ... also when where they fought stands between the fight and its sides,
        "Renewed fighting in Douma province between Taliban insurgents and government forces "
        "has forced more than 5,600 families to flee their homes.",
        # ... when the fight is a firefight, or a side is named with its initials.
        "At least 10,000 people fled their homes in Douma on Friday to escape intense "
        "firefights between government troops and Free Syrian Movement (FSM) rebels.",
    ):
        (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
        assert fled.actors.evacuees == ["civilians"], told
    # Who evacuated them did, whatever they fled.
    for told in (
        "Civilians were evacuated from Douma by the UN.",
        "Civilians were evacuated from Douma by the UN amid attacks by HTS.",
    ):
        (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
        assert fled.actors.by == ["un"], told
    # A party that fled is still an evacuee when its name comes first.
    (fled,) = events_of("HTS fighters fled Douma on Sunday.")
    assert fled.actors.evacuees == ["hts"]
    # Who left with them, or advanced as they fled, is named otherwise.
    (fled,) = events_of("Hundreds of families fled Douma with HTS fighters.")
    assert fled.actors.evacuees == ["civilians", "hts"]


def test_goods_on_the_move_are_a_delivery_not_a_flight_or_a_takeover(
    events_of: EventsOf,
) -> None:
    for told in (
        "Aid convoys reached Douma on Tuesday.",
        "A UN convoy carrying food reached Douma.",
        "Trucks carrying humanitarian aid entered Douma on Monday.",
    ):
        assert events_of(told) == [], told
    # People who work in aid, or travel with it, still left; troops still took the town.
    (left,) = events_of("UN aid workers left Douma on Monday.")
    assert left.event_type == "evacuation"
    (left,) = events_of("A convoy carrying food and 300 families left Douma.")
    assert left.counts == {"civilians": 300}
    (taken,) = events_of("Government troops entered Douma carrying food supplies.")
    assert taken.event_type == "control_change"


def test_violence_that_reaches_a_place_is_no_flight_to_it(events_of: EventsOf) -> None:
    for body in (
        "Fighting reached the outskirts of Douma on Monday.",
        "The offensive has now reached the outskirts of Douma.",
    ):
        events = events_of(body)
        assert [e.event_type for e in events] == ["clashes"], body
    (evac,) = events_of("Thousands of refugees reached Idlib on Monday.")
    assert evac.destination is not None and evac.destination.id == "idlib"


def test_a_capital_on_the_route_is_no_actor_of_the_evacuation(events_of: EventsOf) -> None:
    # "Kyiv" also names Ukraine's government; here it is only where people went.
    (evac,) = events_of("Families fled to Kyiv on Monday.")
    assert evac.destination is not None and evac.destination.id == "kyiv"
    assert evac.actors.by == [] and evac.actors.evacuees == ["civilians"]
    (bussed,) = events_of("Ukrainian troops evacuated families to Kyiv on Monday.")
    assert bussed.actors.by == ["ukraine"]


def test_reinforcements_arriving_are_no_flight(events_of: EventsOf) -> None:
    assert events_of("Government reinforcements reached Douma on Monday.") == []
    (fled,) = events_of("Families fled Douma as reinforcements arrived.")
    assert fled.event_type == "evacuation"


def test_a_stop_over_is_neither_end_of_an_evacuation(events_of: EventsOf) -> None:
    assert events_of("Refugees left at dawn and stopped for the night near Douma.") == []
    (evac,) = events_of("Families fled Douma, stopped in Harasta and reached Idlib.")
    assert evac.origin is not None and evac.origin.id == "douma"
    assert evac.destination is not None and evac.destination.id == "idlib"


def test_no_route_leads_to_the_country_the_origin_lies_in(events_of: EventsOf) -> None:
    # "the UN mission for Yemen" is not where the staff went.
    (evac,) = events_of("Staff of the UN mission for Yemen left Sanaa on Monday.")
    assert evac.origin is not None and evac.origin.name == "Sanaa"
    assert evac.destination is None


def test_an_arrival_says_where_people_went_not_where_from(events_of: EventsOf) -> None:
    events = events_of(
        "Hundreds of evacuees arrived in Idlib on Monday to escape the all-out assault on Douma.",
    )
    (evac,) = [e for e in events if e.event_type == "evacuation"]
    assert evac.destination is not None and evac.destination.id == "idlib"
    assert evac.origin is None
    # A place no route word marks, after an arrival, is no origin.
    events = events_of("Evacuees arrived in Idlib on Monday despite an assault on Douma.")
    (unmarked,) = [e for e in events if e.event_type == "evacuation"]
    assert unmarked.destination is not None and unmarked.destination.id == "idlib"
    assert unmarked.origin is None
    (routed,) = events_of("Hundreds of evacuees arrived in Idlib on Monday from Douma.")
    assert routed.origin is not None and routed.origin.id == "douma"
    assert routed.destination is not None and routed.destination.id == "idlib"


def test_a_place_named_before_an_arrival_is_where_people_came_from(events_of: EventsOf) -> None:
    # The arrival rule speaks only of places after the arrival word.
    (evac,) = events_of("Douma evacuees arrived in Idlib on Monday.")
    assert evac.origin is not None and evac.origin.id == "douma"
    assert evac.destination is not None and evac.destination.id == "idlib"
    events = events_of("Buses carrying Douma residents reached Jarablus on Monday.")
    routes = [(e.origin and e.origin.id, e.destination and e.destination.id) for e in events]
    assert routes == [("douma", "jarablus")]


def test_a_route_inside_an_area_the_story_names_stays_a_route(events_of: EventsOf) -> None:
    story = " Troops massed in southern Damascus."
    (route,) = events_of("Hundreds of families fled the Yarmouk camp for Tadamon." + story)
    assert route.origin and route.destination
    assert (route.origin.id, route.destination.id) == ("yarmouk-camp", "tadamon")
    # Two origins and no destination still collapse to the area that holds both.
    (flight,) = events_of("Hundreds of families fled the Yarmouk camp and Tadamon." + story)
    assert flight.origin and flight.origin.id == "southern-damascus"
    assert flight.destination is None


def test_the_displaced_are_people_not_a_flight(events_of: EventsOf) -> None:
    assert events_of("Families in Douma opened their homes to the displaced.") == []
    (fled,) = events_of("The fighting displaced 3,000 people from Douma on Monday.")[-1:]
    assert fled.event_type == "evacuation" and fled.counts["displaced"] == 3000


def test_camps_for_the_displaced_and_carrying_the_wounded_are_no_flight(
    events_of: EventsOf,
) -> None:
    for told in (
        "The UN oversees 31 displaced camps in Douma, hosting 108,000 people.",
        "Local responders evacuated 30 injured people and 4 bodies from Douma to a hospital "
        "in Harasta.",
        "Rescuers evacuated the wounded from Douma.",
    ):
        assert [e for e in events_of(told) if e.event_type == "evacuation"] == [], told
    # Fleeing to evacuation centres is fleeing to where they are.
    (fled,) = events_of("Thousands fled to evacuation centres in Douma.")
    assert fled.origin is None and fled.destination and fled.destination.id == "douma"


def test_refugees_crossing_a_border_fled_and_troops_crossing_one_did_not(
    events_of: EventsOf,
) -> None:
    (fled,) = events_of("Some 60,000 refugees crossed into Lebanon from Homs this month.")
    assert (fled.origin and fled.origin.id, fled.destination and fled.destination.id) == (
        "homs",
        "lebanon",
    )
    assert fled.counts == {"civilians": 60000}
    (fled,) = events_of("About 300 civilians crossed the border into Lebanon from Qusayr.")
    assert fled.destination and fled.destination.id == "lebanon"
    for told in ("Syrian troops crossed into Lebanon on Thursday.", "Militants crossed into Iraq."):
        assert [e for e in events_of(told) if e.event_type == "evacuation"] == [], told


def test_reaching_an_accord_is_no_arrival(events_of: EventsOf) -> None:
    told = "Rebels and the government reached an accord in Douma on Friday."
    assert [e.event_type for e in events_of(told)] == ["agreement"]
    (came,) = events_of("The convoy of evacuees reached Idlib on Monday.")
    assert came.destination is not None and came.destination.name == "Idlib"


def test_displacement_is_a_flight_and_its_tracking_is_not(events_of: EventsOf) -> None:
    told = "The battles caused mass displacement of people from Douma towards Idlib."
    (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert fled.origin and fled.destination
    assert (fled.origin.id, fled.destination.id) == ("douma", "idlib")
    for told in (
        "The Displacement Tracking Matrix counted 5,000 people in Douma.",
        "Aid workers visited displacement camps near Douma.",
        "Displacement figures for Douma rose on Monday.",
    ):
        assert [e for e in events_of(told) if e.event_type == "evacuation"] == [], told


def test_troops_arriving_advance_and_do_not_flee(events_of: EventsOf) -> None:
    assert events_of("Syrian troops reached Douma on Monday.") == []
    assert events_of("Government forces arrived in Douma on Monday.") == []
    (fled,) = events_of("Hundreds of families arrived in Idlib on Monday.")
    assert fled.event_type == "evacuation"
    assert events_of("Syrian soldiers were heading to Douma on Monday.") == []
    (fled,) = events_of("Hundreds of families were heading to Idlib on Monday.")
    assert fled.event_type == "evacuation"


def test_a_convoy_that_was_hit_is_a_target_not_a_flight(events_of: EventsOf) -> None:
    told = "Gunmen killed four soldiers in an attack on an army convoy near Beni on Monday."
    assert [e.event_type for e in events_of(told)] == ["attack"]
    (left,) = events_of("A convoy of evacuees left Beni on Monday.")
    assert left.event_type == "evacuation"


def test_moving_out_is_a_flight_and_being_directed_to_go_an_order(events_of: EventsOf) -> None:
    (left,) = events_of("Thousands of families began moving out of Douma on Monday.")
    assert left.event_type == "evacuation" and left.origin is not None
    (went,) = events_of("Families headed for Idlib on Monday.")
    assert went.destination is not None and went.destination.name == "Idlib"
    assert events_of("About 100,000 people in Douma are being directed to leave for Idlib.") == []
    for order in (
        "Troops shelled Harasta after warning residents to evacuate Douma.",
        "The army is ordering civilians to leave Douma.",
        "Officials keep urging families to flee Douma.",
    ):
        assert [e.event_type for e in events_of(order) if e.event_type == "evacuation"] == []


def test_who_evacuated_people_did_it_and_did_not_leave(events_of: EventsOf) -> None:
    for told in (
        "Saudi Arabia evacuated Gulf citizens from Khartoum on Monday.",
        "Civilians were evacuated from Khartoum by Saudi Arabia on Monday.",
    ):
        (evac,) = events_of(told)
        assert (evac.actors.by, evac.actors.evacuees) == (["saudi-led-coalition"], ["civilians"])
    # The agent of another verb did not evacuate them.
    told = "Hundreds of families left Khartoum in a convoy that was shelled by Saudi Arabia."
    (evac,) = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert (evac.actors.by, evac.actors.evacuees) == ([], ["civilians"])


def test_who_did_another_deed_did_not_flee(events_of: EventsOf) -> None:
    told = "Army forces left their positions in Mosul and IS fighters are in full control."
    (left,) = events_of(told)
    assert left.actors.evacuees == []
    told = "Families fled Mosul rather than wait to see how they would be treated by fighters."
    (fled,) = events_of(told)
    assert "fighters" not in fled.actors.evacuees
    # Nor did the subject of a clause of time after the flight.
    told = "Thousands of people have fled Mosul since IS seized the city last week."
    (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert fled.actors.evacuees == ["civilians"]
    # Who leaves with them still does.
    (left,) = events_of("Buses carrying fighters and their families left Mosul on Monday.")
    assert "fighters" in left.actors.evacuees
    (fled,) = [
        e
        for e in events_of("Families fled Mosul with IS fighters after the army advanced.")
        if e.event_type == "evacuation"
    ]
    assert fled.actors.evacuees == ["civilians", "islamic-state"]
    # Whatever the verb of the clause of time.
    for told in (
        "Thousands of people have fled Mosul since IS fighters resumed their offensive.",
        "Thousands fled Mosul after IS militants killed dozens of civilians.",
        "Thousands have fled Mosul since IS fighters began their offensive.",
    ):
        (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
        assert "islamic-state" not in fled.actors.evacuees, told
    # After "and", a second party may be leaving with the first.
    (left,) = events_of("Buses carried civilians out of Mosul and IS fighters followed.")
    assert "islamic-state" in left.actors.evacuees


def test_who_holds_sway_where_people_fled_or_speaks_for_a_party_did_not_flee(
    events_of: EventsOf,
) -> None:
    told = (
        "Thousands of residents fled Goma, displaced by a conflict in which well-armed "
        "gangs have expanded their control of the city."
    )
    (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert fled.actors.evacuees == ["civilians"]
    told = (
        "About 200 soldiers fled Myawaddy for Thailand, said a spokesperson for "
        "the Karen National Union (KNU), which led the assault."
    )
    (withdrew,) = [e for e in events_of(told) if e.event_type == "evacuation"]
    assert "knu" not in withdrew.actors.evacuees


def test_buses_sent_to_a_place_fetch_its_people(events_of: EventsOf) -> None:
    (fetch,) = events_of("The UN is sending 20 buses to Douma to evacuate civilians.")
    assert fetch.origin is not None and fetch.origin.id == "douma"
    assert fetch.destination is None
    assert (fetch.actors.by, fetch.actors.evacuees) == (["un"], ["civilians"])
    (fetch,) = events_of("Buses were sent into Douma on Monday.")
    assert fetch.origin is not None and fetch.origin.id == "douma"
    # Buses that carry people to a place take them there.
    (carried,) = events_of("Dozens of buses were sent to Idlib carrying 500 fighters.")
    assert carried.origin is None
    assert carried.destination is not None and carried.destination.id == "idlib"


def test_who_tells_of_a_flight_neither_fled_nor_moved_anyone(events_of: EventsOf) -> None:
    def parties(told: str) -> tuple[list[str], list[str]]:
        (fled,) = [e for e in events_of(told) if e.event_type == "evacuation"]
        return fled.actors.evacuees, fled.actors.by

    # Named after the words told, with the country the teller works in.
    told = (
        '"101 civilians have been evacuated from Mariupol," said Osnat Lubrani, '
        "the UN Resident Coordinator in Ukraine."
    )
    assert parties(told) == (["civilians"], [])
    # Named before them, by a long name.
    told = (
        "The UN Office for the Coordination of Humanitarian Affairs has announced "
        "that the civilians from Mariupol have arrived in Zaporizhzhia."
    )
    assert parties(told) == (["civilians"], [])
    # Named before them, in the present tense.
    told = "U.N. officials say thousands of Ukrainians have been fleeing Mariupol."
    assert parties(told) == (["civilians"], [])
    # A teller that speaks of itself did it.
    assert parties("The UN said it evacuated 101 civilians from Mariupol.") == (
        ["civilians"],
        ["un"],
    )
