"""Who did what: actors and their roles, on sentences written for the tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from geomap.models import Event

EventsOf = Callable[..., list[Event]]  # the `events_of` fixture: a text's events


def test_generic_rebels_are_the_named_party_or_the_named_peoples(events_of: EventsOf) -> None:
    told = "ADF fighters raided Beni on Monday. Rebels killed 12 civilians in Beni."
    assert {a for e in events_of(told) for a in e.actors.by} == {"adf"}
    # The people named before the word says whose rebels, wherever the story is set.
    told = "Ugandan rebels killed 12 civilians in Beni on Monday, Congolese officials said."
    assert {a for e in events_of(told) for a in e.actors.by} == {"adf"}
    # "killed by these rebels": the rebels did the killing.
    told = "Civilians were killed by these rebels in Goma and Bukavu."
    assert {tuple(e.actors.by) for e in events_of(told)} == {("m23",)}
    # A party the lexicon does not know, named after the word, is not the one at home.
    told = "An attack by the rebel Lord Resistance Army on a camp near Gulu killed 41 people."
    assert {a for e in events_of(told) for a in e.actors.by} == {"unidentified-armed-group"}
    # ... and one it knows is that one alone
    told = "The rebel Free Syrian Army shelled Aleppo on Monday."
    assert [e.actors.by for e in events_of(told)] == [["syrian-opposition"]]


@pytest.mark.parametrize(
    ("sentence", "acled"),
    [
        (
            "Armed men attacked Beni, killing 12 civilians.",
            ("Violence against civilians", "Attack"),
        ),
        ("Jihadists ambushed soldiers near Beni on Monday.", ("Battles", "Armed clash")),
        (
            "A car bomb attack hit Beni.",
            ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ),
        (
            "A suicide bomber attacked a market in Beni.",
            ("Explosions/Remote violence", "Suicide bomb"),
        ),
        ("Rebels raided Beni on Monday.", (None, None)),
        # a bare strike by an armed group is its attack, not an air strike
        ("Gunmen struck a police post in Beni, killing 12 officers.", ("Battles", "Armed clash")),
    ],
)
def test_an_attack_is_coded_by_what_it_was(
    events_of: EventsOf, sentence: str, acled: tuple[str | None, str | None]
) -> None:
    (attack,) = events_of(sentence)
    assert (attack.acled_event_type, attack.acled_sub_event_type) == acled


def test_a_bare_strike_by_an_armed_group_is_an_attack_and_by_aircraft_an_air_strike(
    events_of: EventsOf,
) -> None:
    for told, etype in (
        ("Gunmen struck a police post in Beni, killing 12.", "attack"),
        ("ADF rebels bombed a market in Beni on Monday.", "attack"),
        ("Jets struck a market in Beni, killing 12.", "airstrike"),
        ("ADF drones struck a market in Beni on Monday.", "airstrike"),
        ("Ugandan troops struck ADF camps near Beni on Monday.", "airstrike"),
    ):
        assert [e.event_type for e in events_of(told)] == [etype], told


def test_the_struck_and_the_teller_are_not_the_doers(events_of: EventsOf) -> None:
    (killed,) = events_of("Syrian soldiers were killed by rebels in Douma.")
    assert (killed.actors.by, killed.actors.against) == (
        ["syrian-opposition"],
        ["syrian-government"],
    )
    # Villagers are civilians, whom a killing strikes.
    for told in (
        "Gunmen killed 15 villagers in Douma on Sunday.",
        "A landmine killed three children in Douma on Sunday.",
    ):
        (killed,) = events_of(told)
        assert killed.actors.against == ["civilians"], told
    # Who died was harmed: soldiers who died in a town are not who killed there.
    (died,) = events_of("Thirty Syrian soldiers died in Douma on Monday.")
    assert (died.actors.by, died.actors.against) == ([], ["syrian-government"])
    (shelled,) = events_of("Rebels were shelled by Syrian troops in Douma.")
    assert (shelled.actors.by, shelled.actors.against) == (
        ["syrian-government"],
        ["syrian-opposition"],
    )
    # Who tells of it did not do it, when the doer is named.
    (killed,) = events_of("Turkey said civilians were killed by rebels in Douma.")
    assert killed.actors.by == ["syrian-opposition"]


def test_is_the_group_is_no_passive(events_of: EventsOf) -> None:
    (taken,) = events_of("IS captured Palmyra on Monday.")
    assert (taken.actors.from_, taken.actors.to) == (None, "islamic-state")
    (taken,) = events_of("Palmyra is captured by government forces.")
    assert taken.actors.to == "syrian-government"
    (fled,) = events_of("IS displaced 261 families from Douma on Sunday.")
    assert fled.actors.evacuees == ["civilians"]


def test_who_tells_is_a_doer_only_of_what_it_says_it_did(events_of: EventsOf) -> None:
    (strike,) = events_of("Israel said it struck Hamas targets in Douma.")
    assert strike.actors.by == ["israel"]
    (shelled,) = events_of("Israel reported two people killed in Douma by rocket fire.")
    assert shelled.actors.by == []


def test_a_compass_word_makes_a_country_a_region_not_a_party(events_of: EventsOf) -> None:
    for side in ("northern", "north-east", "northeastern"):
        told = f"Hezbollah fired rockets on {side} Israel on Monday."
        parties = {a for e in events_of(told) for a in (*e.actors.by, *e.actors.against)}
        assert parties == {"hezbollah"}, told


def test_troops_from_an_army_are_that_army_not_the_loser(events_of: EventsOf) -> None:
    (taken,) = events_of("Troops from the Syrian army have taken control of Palmyra.")
    assert (taken.actors.from_, taken.actors.to) == (None, "syrian-government")


def test_capture_with_old_and_new_holder(events_of: EventsOf) -> None:
    (event,) = events_of("Syrian troops on Sunday captured Palmyra from Islamic State militants.")
    assert event.event_type == "control_change"
    assert event.place is not None and event.place.id == "palmyra"
    assert event.actors.to == "syrian-government"
    assert event.actors.from_ == "islamic-state"
    assert event.date == dt.date(2020, 3, 1)
    assert event.time_precision == 1
    assert (event.acled_event_type, event.acled_sub_event_type) == (
        "Battles",
        "Government regains territory",
    )


def test_non_state_gain_and_negotiated_transfer_codes(events_of: EventsOf) -> None:
    (gain,) = events_of("Islamic State fighters seized Palmyra from government forces.")
    assert gain.acled_sub_event_type == "Non-state actor overtakes territory"
    events = events_of("Rebels handed over Douma to government forces under a deal.")
    (transfer,) = [e for e in events if e.event_type == "control_change"]
    assert transfer.acled_sub_event_type == "Non-violent transfer of territory"
    assert transfer.actors.from_ == "syrian-opposition"
    assert transfer.actors.to == "syrian-government"
    assert {e.event_type for e in events} == {"control_change", "agreement"}
    # Nobody named as the gainer: who gained, and so the sub-event type, is unknown.
    (unknown,) = events_of("Douma was captured on Monday.")
    assert (unknown.acled_event_type, unknown.acled_sub_event_type) == ("Battles", None)


def test_the_holder_named_in_under_or_returned_to_its_control(events_of: EventsOf) -> None:
    for sentence in (
        "The offensive brought most of Douma under government control.",
        "Douma returned to government control on Monday.",
    ):
        taken = events_of(sentence)[-1]
        assert taken.event_type == "control_change"
        assert taken.actors.to == "syrian-government", sentence


def test_a_progressive_verb_is_not_a_passive(events_of: EventsOf) -> None:
    # "were entering": the forces before the verb gain the place; they do not lose it.
    (entering,) = events_of("Government forces were entering Douma on Monday, state media said.")
    assert entering.actors.to == "syrian-government"
    assert entering.actors.from_ is None
    (captured,) = events_of("Douma was captured by government forces on Monday.")
    assert captured.actors.to == "syrian-government"


def test_civilians_entering_a_place_do_not_take_it(events_of: EventsOf) -> None:
    assert events_of("Thousands of refugees entered Jarablus on Monday.") == []
    (taken,) = events_of("Rebel fighters entered Jarablus on Monday.")
    assert taken.event_type == "control_change" and taken.actors.to == "syrian-opposition"


def test_a_doer_named_after_by_is_who_struck(events_of: EventsOf) -> None:
    (shelled,) = events_of("Douma was shelled by Russian warplanes on Monday.")
    assert shelled.actors.by == ["russia"] and shelled.actors.against == []
    (strike,) = events_of("Air strikes carried out by the US-led coalition hit Raqqa.")
    assert strike.actors.by == ["us-led-coalition"]
    # A word for what kind of group it is may stand between "by the" and its name.
    for told in (
        "Douma was shelled by the paramilitary Hayat Tahrir al-Sham on Monday.",
        "Douma was shelled by the militant group HTS on Monday.",
    ):
        (shelled,) = events_of(told)
        assert shelled.actors.by == ["hts"] and shelled.actors.against == [], told
    # So may whose they are: "by Ugandan rebels" are the ADF.
    (attack,) = events_of("Six civilians were killed in Beni in an attack by Ugandan rebels.")
    assert attack.actors.by == ["adf"] and attack.actors.against == ["civilians"]
    # "held by" says who holds the place, not who struck it.
    (held,) = events_of("Rebels shelled areas of Douma held by government forces on Monday.")
    assert held.actors.by == ["syrian-opposition"]
    assert held.actors.against == ["syrian-government"]


def test_a_backer_named_before_the_verb_did_not_take_the_place(events_of: EventsOf) -> None:
    (taken,) = events_of("Government forces, backed by Russian warplanes, entered Douma on Monday.")
    assert taken.actors.to == "syrian-government"
    (taken,) = events_of("Rebels supported by Turkey captured Douma on Monday.")
    assert taken.actors.to == "syrian-opposition"
    told_and_taker = [
        # The second of two backers, and a backer's people before its forces, back too.
        *(
            (f"Douma was calm after government forces backed by {backers} drove out rebels.",
             "syrian-government")
            for backers in ("Russia and Iran", "Russia, Iran and Hezbollah", "the US and the UAE")
        ),
        ("Fighters of the RSF, which is reportedly armed by the UAE, seized Douma.", "rsf"),
        # The party a relative clause of backing hangs from took it, not its backer.
        ("Units of the Free Syrian Army, which are backed by Turkish armed forces, took Douma.",
         "syrian-opposition"),
        # Support or help "of" or "from" a party is backing too.
        *(
            (f"HTS fighters, {backing} Turkish troops, seized Douma on Monday.", "hts")
            for backing in ("with the support of", "with help from", "with the air cover of")
        ),
        ("Forces of the Wagner private army, with the support of Russian troops, seized Bakhmut.",
         "wagner"),
    ]  # fmt: skip
    for told, taker in told_and_taker:
        assert events_of(told)[0].actors.to == taker, told
    # Whom an opening "Backed by ..." backs is no target of the strikes that back it.
    told = "Backed by Russian air strikes, Syrian troops on Monday shelled Douma."
    (struck,) = [e for e in events_of(told) if e.event_type == "airstrike"]
    assert (struck.actors.by, struck.actors.against) == (["russia"], [])
    told = "Russian air strikes hit Douma on Monday, killing Syrian troops."
    (struck,) = [e for e in events_of(told) if e.event_type == "airstrike"]
    assert struck.actors.against == ["syrian-government"]


def test_forces_of_the_resistance_are_no_states(events_of: EventsOf) -> None:
    for word in ("resistance", "anti-junta", "insurgent"):
        (fight,) = events_of(f"{word.capitalize()} forces fought in Douma on Monday.")
        assert "syrian-government" not in fight.actors.by, word
    (fight,) = events_of("Government forces fought in Douma on Monday.")
    assert fight.actors.by == ["syrian-government"]


def test_a_peoples_control_is_their_states(events_of: EventsOf) -> None:
    for told, state in (
        ("The city of Douma came under complete Russian control on Saturday.", "russia"),
        ("Douma returned to Turkish control on Saturday.", "turkey"),
        ("Douma came under rebel control on Monday.", "syrian-opposition"),
    ):
        (taken,) = events_of(told)
        assert taken.actors.to == state, told


def test_fire_from_forces_is_theirs_and_from_a_country_is_only_whence(
    events_of: EventsOf,
) -> None:
    told = "Civilians in Douma endure aerial bombardment and artillery fire from the Syrian army."
    (shelled,) = events_of(told)
    assert (shelled.actors.by, shelled.actors.against) == (["syrian-government"], ["civilians"])
    (shelled,) = events_of("Shelling from Russian forces hit Douma on Monday.")
    assert shelled.actors.by == ["russia"] and shelled.actors.against == []
    (shelled,) = events_of("Rocket fire from Israel hit Douma on Monday.")
    assert shelled.actors.by == [] and shelled.actors.against == []


def test_the_deed_avenged_is_not_the_avengers(events_of: EventsOf) -> None:
    for told in (
        "Indian forces shelled Douma to avenge the April 22 terror attack in Harasta.",
        "Indian forces shelled Douma in revenge for the terror attack in Harasta.",
    ):
        by_place = {e.place.id: e for e in events_of(told) if e.place}
        assert by_place["douma"].actors.by == ["india-state-forces"], told
        assert by_place["harasta"].actors.by == [], told


def test_a_strike_named_by_a_states_people_is_that_states(events_of: EventsOf) -> None:
    (strike,) = events_of("Turkish drone strikes hit Douma on Monday.")
    assert strike.actors.by == ["turkey"]
    (strike,) = events_of("US air strikes hit Douma on Monday.")
    assert strike.actors.by == ["united-states"]
    (shelling,) = events_of("British artillery shelling hit Douma on Monday.")
    assert shelling.actors.by == ["united-kingdom"]
    # A people named before another word than a weapon's is no state's: "Syrian rebel".
    (shelling,) = events_of("Syrian rebel shelling hit Douma on Monday.")
    assert shelling.actors.by == ["syrian-opposition"]
    # Its arms as the subject are its own; arms alone, or made by it, are nobody's.
    for told, by in (
        ("Ukrainian drones struck Douma on Saturday.", ["ukraine"]),
        ("Ukrainian jets bombed Douma on Saturday.", ["ukraine"]),
        ("Ukrainian tanks entered Douma on Saturday.", ["ukraine"]),
        ("Ukrainian helicopters attacked Douma on Saturday.", ["ukraine"]),
        ("Ukrainian warships shelled Douma on Saturday.", ["ukraine"]),
        ("The Ukrainian navy shelled Douma on Saturday.", ["ukraine"]),
        ("The Ukrainian air force bombed Douma on Saturday.", ["ukraine"]),
        ("Drones struck Douma on Saturday.", []),
        ("Iranian-made drones struck Douma on Saturday.", []),
    ):
        (strike,) = events_of(told)
        assert strike.actors.by == by, told


def test_civilians_are_who_a_strike_hits_wherever_they_are_named(events_of: EventsOf) -> None:
    (strike,) = events_of("Civilians died in air strikes on Douma on Monday.")
    assert strike.actors.by == [] and strike.actors.against == ["civilians"]


def test_an_enemy_named_before_the_verb_did_not_take_the_place(events_of: EventsOf) -> None:
    taken = events_of("Rebels fighting against government forces captured Douma.")[-1]
    assert taken.event_type == "control_change" and taken.actors.to == "syrian-opposition"
    # With the side that moved outside the clause, no holder rather than its enemy.
    taken = events_of("The rebels, who have been fighting government forces, captured Douma.")[-1]
    assert taken.event_type == "control_change" and taken.actors.to is None


def test_the_side_driven_out_is_the_former_holder(events_of: EventsOf) -> None:
    (taken,) = events_of("Government forces drove the rebels out of Douma on Monday.")
    assert (taken.actors.from_, taken.actors.to) == ("syrian-opposition", "syrian-government")


def test_civilians_caught_in_fighting_are_no_party_to_it(events_of: EventsOf) -> None:
    (fight,) = events_of("Families were caught in fighting between rebels and troops in Douma.")
    assert "civilians" not in fight.actors.by and fight.actors.against == ["civilians"]


def test_who_only_tells_of_a_fight_or_truce_is_no_party_to_it(events_of: EventsOf) -> None:
    def parties(told: str, event_type: str) -> tuple[list[str], list[str]]:
        (event,) = [e for e in events_of(told) if e.event_type == event_type]
        return event.actors.by, event.actors.against

    told = "Residents reported heavy clashes between rebels and the army in Douma."
    assert parties(told, "clashes") == (["syrian-government", "syrian-opposition"], [])
    told = "Homes were destroyed in four days of fighting in Douma, a UN spokesman said."
    assert parties(told, "clashes") == ([], [])
    told = "The UN said rebels and the army agreed a truce in Douma."
    assert parties(told, "ceasefire") == (["syrian-government", "syrian-opposition"], [])
    # An armed party that tells of a fight is in it; so is a teller that speaks of itself.
    told = "Rebels reported clashes with the army in Douma."
    assert parties(told, "clashes") == (["syrian-government", "syrian-opposition"], [])
    told = "The UN said it agreed a truce with rebels in Douma."
    assert "un" in parties(told, "ceasefire")[0]
    # Whom a truce spares is no party to it.
    told = "Civilians were evacuated from Douma during a truce between rebels and the army."
    assert parties(told, "ceasefire") == (["syrian-government", "syrian-opposition"], [])
    # A deal's parties are its sides, named before it or after "with".
    told = "Rebels in Douma reached a deal with Russia on Sunday."
    assert parties(told, "agreement") == (["russia", "syrian-opposition"], [])
    told = "A UN spokesman said rebels signed a deal with the army in Douma."
    assert parties(told, "agreement") == (["syrian-government", "syrian-opposition"], [])
    # Nor is it struck by a blow it tells of; its own people can be.
    told = "Rebels attacked the outskirts of Douma, the United Nations said on Monday."
    assert parties(told, "attack") == (["syrian-opposition"], [])
    told = "Rebels attacked a UN convoy in Douma, the United Nations said on Monday."
    assert parties(told, "attack") == (["syrian-opposition"], ["un"])


def test_a_party_named_as_who_holds_a_place_did_nothing_there(events_of: EventsOf) -> None:
    (fled,) = events_of("A family fled their home in an IS-held area of Douma on Monday.")
    assert "islamic-state" not in fled.actors.evacuees
    (hit,) = events_of("IS-held districts of Douma were shelled on Monday.")
    assert hit.actors.by == []
    # ...and it is who lost the place when it is taken.
    (taken,) = events_of("Government forces captured the rebel-held town of Douma.")
    assert (taken.actors.from_, taken.actors.to) == ("syrian-opposition", "syrian-government")


def test_a_partys_men_killed_are_its_losses(events_of: EventsOf) -> None:
    (dead,) = events_of("A medical source said 44 LNA soldiers had been killed in Benghazi.")
    assert (dead.actors.by, dead.actors.against) == ([], ["lna"])
    for told in (
        "Two UN peacekeepers were killed in an ambush near Douma.",
        "Three UN staff were killed in Douma.",
    ):
        (dead,) = events_of(told)
        assert (dead.actors.by, dead.actors.against) == ([], ["un"]), told
    # The men a blow killed, named before the blow's own word, are struck by it.
    for told in (
        "Rebels killed 20 Syrian soldiers in an attack near Douma on Tuesday.",
        "Rebels killed at least two soldiers of the Syrian army in an ambush near Douma.",
        "Rebels killed dozens of Syrian soldiers in an ambush near Douma on Monday.",
        "Rebels killed thirteen Syrian soldiers in an ambush near Douma on Monday.",
        "Rebels killed twenty-one Syrian soldiers in an ambush near Douma on Monday.",
    ):
        (attack,) = [e for e in events_of(told) if e.event_type == "attack"]
        assert (attack.actors.by, attack.actors.against) == (
            ["syrian-opposition"],
            ["syrian-government"],
        ), told
    told = "Gunmen stormed Douma on Monday, shooting residents and setting homes on fire."
    (burned,) = [e for e in events_of(told) if e.event_type == "other"]
    assert (burned.actors.by, burned.actors.against) == ([], ["civilians"])
    # Not a party named after the dead and a preposition: it struck.
    (attack,) = events_of("Two Syrian soldiers were killed in an Islamic State attack near Douma.")
    assert (attack.actors.by, attack.actors.against) == (["islamic-state"], ["syrian-government"])


def test_the_actors_of_other_wars_are_known(events_of: EventsOf) -> None:
    (taken,) = events_of("The Rapid Support Forces seized Douma from Sudanese troops on Monday.")
    assert (taken.actors.from_, taken.actors.to) == ("sudanese-army", "rsf")
    for told, doer in (
        ("Tamil Tiger rebels attacked Kilinochchi on Monday.", "ltte"),
        ("The Gaddafi forces are shelling Misrata now.", "gaddafi-forces"),
        ("Bosnian Serb forces overran Srebrenica on Tuesday.", "bosnian-serb-forces"),
        ("KNU fighters attacked a junta camp near Myawaddy.", "knu"),
        ("AMISOM troops shelled Kismayo on Monday.", "amisom"),
        ("Chechen rebels stormed Grozny on Tuesday.", "chechen-separatists"),
        ("Armed gangs attacked Port-au-Prince on Tuesday.", "unidentified-armed-group"),
    ):
        (event,) = events_of(told)
        assert event.actors.by == [doer], told


def test_a_named_countrys_forces_are_its_state_even_uncurated(events_of: EventsOf) -> None:
    for sentence in (
        "Burkina Faso's army recaptured Kompienga on Monday.",
        "Burkinabe soldiers recaptured Kompienga on Monday.",
    ):
        (taken,) = events_of(sentence)
        assert taken.actors.to == "burkina-faso-state-forces", sentence
        assert taken.acled_sub_event_type == "Government regains territory"
    # Unnamed troops in a country nobody curated could be anybody's.
    (taken,) = events_of("Troops recaptured Kompienga on Monday.")
    assert taken.actors.to is None


def test_a_force_word_after_an_actor_name_is_that_actors(events_of: EventsOf) -> None:
    # In a Yemen story "forces" alone are the state's; "Houthi forces" are not.
    (taken,) = events_of("Houthi forces overran Sanaa in Yemen on Monday.")
    assert taken.actors.to == "houthis"
    assert taken.actors.by == ["houthis"]
    (held,) = events_of("Government forces entered Sanaa in Yemen on Monday.")
    assert held.actors.to == "yemeni-government"


def test_armed_men_nobody_names_are_an_unidentified_armed_group(events_of: EventsOf) -> None:
    def doers(told: str) -> list[list[str]]:
        return [e.actors.by for e in events_of(told)]

    assert doers("Gunmen attacked Beni on Monday, killing 12 civilians.") == [
        ["unidentified-armed-group"]
    ]
    # The one armed party the story names is who "the jihadists" are.
    told = "JNIM claimed the raid on Djibo. Jihadists attacked Djibo again on Monday."
    assert doers(told)[-1] == ["jnim"]
    # "Rebels" beside a named jihadist group are other men; with two parties named,
    # nobody knows which.
    told = "JNIM claimed the raid on Djibo. Rebels attacked Djibo again on Monday."
    assert doers(told)[-1] == []
    told = "M23 and the ADF are active near Beni. Gunmen attacked Beni on Monday."
    assert doers(told)[-1] == []
    # A people named before the word makes them that people's men, not the named party.
    told = "JNIM claimed the raid on Djibo. Burkinabe militiamen attacked Djibo on Monday."
    assert doers(told)[-1] == ["unidentified-armed-group"]
    # The party's own men are that party, once.
    assert doers("Ugandan ADF gunmen attacked Beni on Monday.") == [["adf"]]


def test_who_a_taken_place_was_held_by_is_its_former_holder(events_of: EventsOf) -> None:
    told = "Syria's army retook the last districts of Douma held by the Islamic State group."
    (taken,) = events_of(told)
    assert (taken.actors.from_, taken.actors.to) == ("islamic-state", "syrian-government")


def test_who_enters_after_chasing_others_is_the_subject(events_of: EventsOf) -> None:
    told = (
        "Units of GNA forces chased the remaining LNA forces to Bani Walid and managed to "
        "enter the town."
    )
    (taken,) = events_of(told)
    assert taken.actors.to == "gna"
    # Two subjects joined by "and": the last named still takes it, as before.
    told = "GNA forces and LNA troops clashed near Tarhuna and then entered the town."
    assert [e.actors.to for e in events_of(told) if e.event_type == "control_change"] == ["lna"]


def test_a_group_no_curator_knows_is_not_called_unidentified(events_of: EventsOf) -> None:
    def doers(told: str) -> list[list[str]]:
        return [e.actors.by for e in events_of(told)]

    told = "Armed men claiming to be members of the Seleka movement attacked Beni on Monday."
    assert doers(told) == [[]]
    assert doers("Seleka rebels attacked Beni on Monday.") == [[]]
    # Words that say what kind of men, or open a sentence, name no group.
    assert doers("Some Islamist militants attacked Beni on Monday.") == [
        ["unidentified-armed-group"]
    ]


def test_its_forces_are_the_speakers(events_of: EventsOf) -> None:
    told = "Russia said on Friday its forces had captured Avdiivka in Ukraine's Donetsk region."
    (taken,) = [e for e in events_of(told) if e.place and e.place.name == "Avdiyivka"]
    assert taken.actors.to == "russia"


def test_a_government_is_a_state_only_when_its_state_is_named_or_implied(
    events_of: EventsOf,
) -> None:
    story = "The war in Yemen goes on around Aden and Sanaa. "
    for told in (
        "Yemen's government agreed to a ceasefire in Hodeidah.",
        "The Yemeni government agreed to a ceasefire in Hodeidah.",
        # The backer is no party to the government: the story's own state is.
        "The Saudi-backed government agreed to a ceasefire in Hodeidah.",
        "The internationally recognised government agreed to a ceasefire in Hodeidah.",
    ):
        truces = [e for e in events_of(story + told) if e.event_type == "ceasefire"]
        assert [t.actors.by for t in truces] == [["yemeni-government"]], told
    # A bare "government" names nobody: a building, not a party.
    (taken,) = events_of(story + "Houthi fighters captured a government complex in Aden.")
    assert taken.actors.by == ["houthis"]


def test_a_states_leaders_act_for_it_when_the_state_is_named(events_of: EventsOf) -> None:
    for told in (
        "Iraq's prime minister declared the town of Tal Afar liberated from Islamic State.",
        "The Iraqi defence ministry said its troops had recaptured Tal Afar from Islamic State.",
    ):
        (taken,) = events_of(told)
        assert (taken.actors.from_, taken.actors.to) == ("islamic-state", "iraqi-government")
    # A president of no named state is nobody's: "the president" of a company, a club.
    (taken,) = events_of("The president said the town of Tal Afar was liberated from IS.")
    assert taken.actors.to is None


def test_who_a_place_is_now_controlled_by_holds_it(events_of: EventsOf) -> None:
    (held,) = events_of("Palmyra is now controlled by IS fighters, residents said.")
    assert (held.actors.from_, held.actors.to) == (None, "islamic-state")
    # Held by a party named after another verb: who lost it.
    (taken,) = events_of("Syrian troops captured the last districts of Palmyra controlled by IS.")
    assert (taken.actors.from_, taken.actors.to) == ("islamic-state", "syrian-government")


def test_a_country_named_as_where_is_no_party(events_of: EventsOf) -> None:
    (shelling,) = events_of("Russian forces shelled a school in Ukraine on Monday, near Kharkiv.")
    assert (shelling.actors.by, shelling.actors.against) == (["russia"], [])
    (fled,) = events_of("Aid workers in Ukraine evacuated 40 civilians from Kharkiv.")
    assert fled.actors.by == []
    # Named as who did it, it is.
    (shelling,) = events_of("Ukraine shelled a school near Kharkiv on Monday.")
    assert shelling.actors.by == ["ukraine"]


def test_who_leads_a_coalition_names_it_before_the_deed(events_of: EventsOf) -> None:
    story = "The war in Yemen goes on around Aden. "
    (strike,) = events_of(story + "Saudi-led air strikes hit Sanaa for a third night.")
    assert strike.actors.by == ["saudi-led-coalition"]
    (strike,) = events_of("US-led air strikes hit Raqqa, Syria on Monday.")
    assert strike.actors.by == ["us-led-coalition"]


def test_a_party_named_before_a_holders_suffix_held_the_place(events_of: EventsOf) -> None:
    for suffix in ("controlled", "run", "occupied"):
        (taken,) = events_of(f"Syrian troops captured the IS-{suffix} town of Palmyra.")
        assert (taken.actors.from_, taken.actors.to) == ("islamic-state", "syrian-government")
    # Another hyphenated ending is still part of another word.
    (taken,) = events_of("Syrian troops captured the IS-style fortifications of Palmyra.")
    assert taken.actors.from_ is None
