"""Disambiguation and roles, on sentences written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap.articles import parse_article
from geomap.geo import near_km
from geomap.geonames import GeoNamesIndex
from geomap.models import ArticleResult, Candidate
from geomap.pipeline import Context, extract_article
from geomap.resolve import BORDER_KM, _Bounds, _far_away


def _result(ctx: Context, body: str) -> ArticleResult:
    """What extraction makes of a text written for a test, read as one article."""
    article = parse_article(f"News of the war\n\n{body}\n", "test.txt", {"published": "2020-03-02"})
    return extract_article(article, ctx)


def _countries(result: ArticleResult) -> set[str | None]:
    """The countries of the places a result's mentions were resolved to."""
    return {m.place.country for m in result.mentions if m.place}


def _parts(ctx: Context, body: str) -> dict[str, Candidate]:
    return {m.surface: m.place for m in _result(ctx, body).mentions if m.place}


def _mentions(ctx: Context, body: str) -> dict[str, tuple[str | None, str]]:
    result = _result(ctx, body)
    return {m.surface: (m.place.place_id if m.place else None, m.role) for m in result.mentions}


def _roles(ctx: Context, body: str, *surfaces: str) -> list[str]:
    found = _mentions(ctx, body)
    return [found[surface][1] for surface in surfaces]


def test_camp_beats_river_valley_when_the_text_says_camp(ctx: Context) -> None:
    found = _mentions(ctx, "Shelling hit the Yarmouk camp on Monday, residents said.")
    (pid,) = [pid for surface, (pid, _) in found.items() if surface.startswith("Yarmouk")]
    assert pid == "yarmouk-camp"


def test_valley_wins_when_the_text_says_valley(ctx: Context) -> None:
    found = _mentions(ctx, "Rebels hold villages in the Yarmouk valley near the Jordanian border.")
    (pid,) = [pid for surface, (pid, _) in found.items() if surface.startswith("Yarmouk")]
    assert pid is not None and "valley" in pid


def test_dateline_speaker_base_and_metonymy_are_not_incident_sites(ctx: Context) -> None:
    found = _mentions(
        ctx,
        "AMMAN (Reuters) -- Troops captured Douma on Monday, the London-based monitor said. "
        "In Tehran, the foreign minister said the assault would go on. "
        "Washington condemned the attack.",
    )
    assert found["AMMAN"][1] == "dateline"
    assert found["London"][1] == "organisation_base"
    assert found["Tehran"][1] == "speaker_seat"
    assert found["Washington"][1] == "metonymy"
    assert found["Douma"] == ("douma", "incident")


@pytest.mark.parametrize(
    "head",
    [
        "Amman, Jordan - ",
        "AMMAN (Jordan), April 2 (NNN-AGENCIES) — ",
        "December 1, 2024 (AMMAN) — ",
        "Amman (Jordan): ",
        "AMMAN, Aug 5 (Reuters) - ",
        "AMMAN, March 8 - ",  # no agency named
        "AMMAN, March 8, 2024 - ",
        "IRBID/AMMAN: ",  # two places share one
    ],
)
def test_datelines_as_agencies_write_them(ctx: Context, head: str) -> None:
    found = _mentions(ctx, head + "Troops captured Douma on Monday.")
    (amman,) = [role for surface, (_, role) in found.items() if surface.lower() == "amman"]
    assert amman == "dateline"
    assert found["Douma"] == ("douma", "incident")


def test_a_headline_with_a_hyphen_is_no_dateline(ctx: Context) -> None:
    found = _mentions(ctx, "Fighting in Douma - the army said it had advanced.")
    assert found["Douma"] == ("douma", "incident")


def test_where_a_body_sits_is_not_where_it_tells_of(ctx: Context) -> None:
    found = _mentions(
        ctx, "The Defense Ministry in Moscow confirmed that troops had captured Douma."
    )
    assert found["Moscow"][1] == "organisation_base"
    assert found["Douma"] == ("douma", "incident")


def test_a_capitals_forces_are_its_states_after_a_preposition_too(ctx: Context) -> None:
    for told in (
        "Ukrainian troops cleared Douma of Moscow's forces.",
        "Shelling from Damascus's troops hit Douma.",
    ):
        found = _mentions(ctx, told)
        assert [role for surface, (_, role) in found.items() if surface != "Douma"] == [
            "metonymy"
        ], told
    # a part of the capital after a preposition is still the capital
    assert _mentions(ctx, "Shelling hit Douma and Damascus's southern suburbs.")["Damascus"][1] == (
        "incident"
    )
    # the capital that admits or confirms speaks for its government
    for verb in ("acknowledged", "confirmed", "admitted"):
        found = _mentions(ctx, f"Riyadh {verb} truce violations in Douma.")
        assert found["Riyadh"][1] == "metonymy", verb


def test_a_possessive_before_a_quotation_is_still_metonymy(ctx: Context) -> None:
    # "Moscow's \"special military operation\"" is what Russia's government does.
    found = _mentions(
        ctx, 'Troops took Douma after Damascus\'s "final offensive" and Moscow’s ‘help’ began.'
    )
    assert found["Damascus"][1] == "metonymy"
    assert found["Moscow"][1] == "metonymy"
    assert found["Douma"] == ("douma", "incident")


def test_qualified_reference_resolves_to_its_area(ctx: Context) -> None:
    found = _mentions(ctx, "Government forces shelled southern Damascus on Sunday.")
    assert found["southern Damascus"] == ("southern-damascus", "incident")


def test_a_compass_half_of_a_place_is_a_site_within_it(ctx: Context) -> None:
    article = parse_article(
        "News of the war\n\nHundreds of families fled western Douma for eastern Douma on "
        "Monday. Troops massed south of Douma and in the north of Douma.\n",
        "test.txt",
        {"published": "2020-03-02"},
    )
    result = extract_article(article, ctx)
    found = {m.surface: m for m in result.mentions}
    west, east, north = (
        found[s].place for s in ("western Douma", "eastern Douma", "the north of Douma")
    )
    assert west and east and north
    assert (west.place_id, east.place_id, north.place_id) == (
        "douma#west",
        "douma#east",
        "douma#north",
    )
    assert (west.name, west.kind) == ("western Douma", "area")
    douma = ctx.gazetteer.places["douma"]
    # The centroid of the western half of a 3 km disc: 4r/3pi = 1.27 km west.
    assert near_km(douma.lat, douma.lon, west.lat, west.lon) == pytest.approx(1.27, abs=0.02)
    assert west.lon < douma.lon < east.lon and north.lat > douma.lat
    # A part lies within its place and within what holds the place.
    assert ctx.related("douma#west", "douma") and ctx.related("douma#west", "eastern-ghouta")
    assert not ctx.related("douma", "douma#west")
    # "south of Douma" lies outside it: Douma itself, qualified.
    outside = found["Douma"]
    assert outside.place and outside.place.place_id == "douma" and outside.qualifier == "south of"
    (route,) = [e for e in result.events if e.event_type == "evacuation"]
    assert route.origin and route.destination
    assert (route.origin.id, route.destination.id) == ("douma#west", "douma#east")


def test_a_part_named_after_a_possessive(ctx: Context) -> None:
    # "Damascus' southern neighborhoods" is the curated area; a long-tail city's
    # southern neighbourhoods are its southern half.
    found = _mentions(ctx, "Clashes erupted in Damascus' southern neighborhoods on Sunday.")
    assert found["Damascus"][0] == "southern-damascus"
    found = _mentions(ctx, "Yemeni forces shelled Hodeidah's southern neighbourhoods on Sunday.")
    pid, _ = found["Hodeidah"]
    assert pid is not None and pid.startswith("geonames:") and pid.endswith("#south")


def test_the_capital_resolves_by_country_context(ctx: Context) -> None:
    found = _mentions(ctx, "Syrian troops shelled the south of the capital on Sunday.")
    assert any(pid == "southern-damascus" for pid, _ in found.values())


def test_a_capital_nobody_curated_is_the_one_geonames_names(ctx: Context) -> None:
    # The gazetteer has no Yemeni capital; GeoNames' record of Yemen names Sanaa.
    found = _mentions(ctx, "Yemeni officials withdrew diplomats from the capital on Sunday.")
    assert found["the capital"] == ("geonames:71137", "incident")


def test_a_long_tail_capital_is_a_place_and_can_stand_for_its_government(ctx: Context) -> None:
    # "Yerevan" is also a name of Armenia's government in the actor lexicon.
    found = _mentions(ctx, "Thousands of refugees are heading to Yerevan, officials said.")
    assert found["Yerevan"] == ("geonames:616052", "incident")
    found = _mentions(ctx, "Yerevan's foreign ministry said Azerbaijani troops shelled Martuni.")
    assert found["Yerevan"] == ("geonames:616052", "metonymy")


def test_a_conflict_region_geonames_lacks_is_curated_and_anchors_the_story(
    ctx: Context,
) -> None:
    # Neither cities500 nor the ISO subdivisions have Nagorno-Karabakh; with it
    # named, "Martuni" is the Karabakh town (Khojavend), not Martuni in Armenia.
    found = _mentions(
        ctx, "Refugees from Nagorno-Karabakh left the town of Martuni for Armenia on Monday."
    )
    assert found["Nagorno-Karabakh"] == ("nagorno-karabakh", "incident")
    assert found["Martuni"][0] == "geonames:146969"
    found = _mentions(ctx, "Russian troops shelled towns across the Donbass on Monday.")
    assert found["Donbass"] == ("donbas", "incident")


def test_a_long_tail_place_keeps_the_distance_the_text_states(ctx: Context) -> None:
    # Three Vasylivkas: the most populous lies 360 km from Odesa, one 36 km north of it.
    found = _mentions(ctx, "Shelling hit the village of Vasylivka on Monday.")
    assert found["Vasylivka"][0] == "geonames:686729"
    found = _mentions(ctx, "Shelling hit the village of Vasylivka, 35 km north of Odesa.")
    assert found["Vasylivka"][0] == "geonames:690389"
    found = _mentions(ctx, "Shelling hit the village of Vasylivka, 22 miles north of Odesa.")
    assert found["Vasylivka"][0] == "geonames:690389"
    # The only Shaqra GeoNames has is in Saudi Arabia, 1,400 km from Aden: none then.
    found = _mentions(ctx, "Houthis seized the port of Shaqra, 100km east of Aden, on Monday.")
    assert "Shaqra" not in found and "Aden" in found
    # A distance that fits leaves the place alone (about 200 km as the crow flies).
    found = _mentions(
        ctx, "Buses took 127 people to Zaporizhzhia, about 230 kilometres north-west of Mariupol."
    )
    assert found["Zaporizhzhia"][0] == "geonames:687700"


def test_geonames_fallback_for_a_town_the_gazetteer_lacks(ctx: Context) -> None:
    found = _mentions(
        ctx, "Iraqi forces captured the town of Hit on Monday, officials in Baghdad said."
    )
    pid, role = found["Hit"]
    assert pid is not None and pid.startswith("geonames:")
    assert role == "incident"


def test_a_named_country_bounds_the_long_tail_by_its_territory(ctx: Context) -> None:
    # Russia's centre is 4,000 km from Mariupol, its border a few dozen.
    found = _mentions(ctx, "Drones flew in from Russia, and buses reached the city of Mariupol.")
    pid, _ = found["Mariupol"]
    place = ctx.geonames.get(int(pid.split(":")[1])) if pid and ctx.geonames else None
    assert place is not None and place.country == "UA"


def test_a_long_tail_place_vouches_for_one_near_it(ctx: Context) -> None:
    # Zaporizhzhia lies more than 150 km from every Russian town, 200 km from Mariupol.
    found = _mentions(
        ctx,
        "Drones flew in from Russia, and buses reached the city of Mariupol. "
        "Others waited in Zaporizhzhia.",
    )
    assert found["Zaporizhzhia"][0] == "geonames:687700"
    article = parse_article(
        "War news\n\nDrones flew in from Russia, and buses reached the city of Mariupol. "
        "Others waited in Zaporizhzhia.\n",
        "t.txt",
    )
    (why,) = [m.why for m in extract_article(article, ctx).mentions if m.surface == "Zaporizhzhia"]
    assert "near Mariupol" in why
    alone = _mentions(ctx, "Drones flew in from Russia. Others waited in Zaporizhzhia.")
    assert "Zaporizhzhia" not in alone


def test_a_story_naming_no_sure_place_is_bounded_by_its_country(ctx: Context) -> None:
    # No curated place: "Libyan" brings Libya's territory into reach, so
    # "al-Sabri" is not Sebree, Kentucky (its only GeoNames match); Zliten is kept.
    found = _mentions(
        ctx, "Libyan troops pressed on in al-Sabri and in Zliten, a Libyan officer said."
    )
    assert "al-Sabri" not in found
    assert found["Zliten"][0] is not None


def test_a_story_naming_no_sure_place_country_or_people_is_bounded_loosely(
    ctx: Context,
) -> None:
    # "Afrin" is a town and a district, both in Syria: a vote for Syria but no
    # sure place, and no demonym. Basra, 780 km beyond Syria, is believed;
    # Ouagadougou is not.
    far = _mentions(ctx, "Shelling hit Afrin, and buses later reached the city of Ouagadougou.")
    assert "Ouagadougou" not in far
    near = _mentions(ctx, "Shelling hit Afrin, and buses later reached the city of Basra.")
    assert near["Basra"][0] is not None


def test_a_place_far_from_every_named_place_stays_unresolved(ctx: Context) -> None:
    found = _mentions(ctx, "Drones flew in from Russia, and buses reached the city of Ouagadougou.")
    assert "Ouagadougou" not in found


def test_a_country_named_for_its_government_does_not_bound_the_long_tail(ctx: Context) -> None:
    as_place = _mentions(
        ctx, "Drones from Russia struck Douma on Monday, and families fled to the town of Narva."
    )
    as_government = _mentions(
        ctx,
        "Russia's defence ministry said troops struck Douma on Monday, "
        "and families fled to the town of Narva.",
    )
    assert as_place.get("Narva", (None, ""))[0] is not None  # 10 km from the Russian border
    assert "Narva" not in as_government  # 2,500 km from Douma, and Russia is only a speaker


def test_a_tie_goes_to_the_more_populous_place(ctx: Context) -> None:
    # GeoNames spells the city of 700,000 "Zaporizhzhya"; a hamlet of 656 has the
    # article's spelling as its primary name.
    found = _mentions(ctx, "Buses left Zaporizhzhia on Monday morning.")
    assert found["Zaporizhzhia"][0] == "geonames:687700"


def test_the_nearest_reading_wins_when_the_best_ranked_is_far_away(ctx: Context) -> None:
    # Letschin (Germany) also answers to "Lachin"; Laçın (Azerbaijan) is the one
    # beside Armenia.
    found = _mentions(ctx, "Refugees crossed into Armenia via the Lachin corridor on Monday.")
    assert found["Lachin"][0] == "geonames:147625"


def test_a_neighbours_city_named_by_its_own_name_is_near(
    ctx: Context, geonames_index: GeoNamesIndex
) -> None:
    # Dnipro lies 200 km beyond Russia's settlements, further than a story on Russia's
    # deeds reaches; a city of a million named by itself is still the one meant.
    found = _mentions(ctx, "Russian missiles hit an apartment block in Dnipro on Monday.")
    assert found["Dnipro"][0] == "geonames:709930"
    # Not a populous place the name only matched as an alternate: Tilburg, in the
    # Netherlands, also answers to "Tillia" (a town in Niger).
    (tilburg,) = [c for c in geonames_index.lookup("Tillia") if c.country == "NL"]
    bounds = _Bounds([], {"FR": BORDER_KM})
    assert _far_away(tilburg, bounds, geonames_index, "Tillia")
    assert not _far_away(tilburg, bounds, geonames_index, "Tilburg")


def test_a_town_so_named_outranks_a_slightly_larger_one_only_alternately_so_named(
    ctx: Context,
) -> None:
    # Deva, Romania (68,000), has an alternate name keyed as "Diffa" (Niger, 54,000); the
    # story names no country to tell them apart.
    found = _mentions(ctx, "Militants attacked an army base in Diffa on Monday.")
    assert found["Diffa"][0] == "geonames:2445704"
    # A tenfold larger city still wins over a hamlet that has the spelling as its own name.
    # Mumbai (12.7 million) answers to "Bombay"; Bombay, New Zealand, has 740 people.
    found = _mentions(ctx, "Gunmen attacked a hotel in Bombay on Monday.")
    assert found["Bombay"][0] == "geonames:1275339"
    # In the story's own country a local name is as good: Karabakh's Martuni is GeoNames'
    # Khojavend, not the town of Martuni in Armenia.
    told = "Azerbaijani forces shelled Stepanakert and Martuni in Nagorno-Karabakh on Monday."
    assert _mentions(ctx, told)["Martuni"][0] == "geonames:146969"


def test_a_neighbours_province_named_by_its_own_name_is_near(ctx: Context) -> None:
    # Rakhine's point lies 250 km beyond Bangladesh's settlements, its land up to the border.
    told = "Thousands of Rohingya crossed into Bangladesh fleeing violence in Rakhine State."
    assert _mentions(ctx, told)["Rakhine"][0] == "region:MM-16"


def test_a_name_that_holds_an_and_is_read_whole(ctx: Context) -> None:
    result = _result(ctx, "Clashes erupted in Jammu and Kashmir on Saturday.")
    assert [(m.surface, m.place and m.place.place_id) for m in result.mentions] == [
        ("Jammu and Kashmir", "region:IN-JK")
    ]
    assert result.unresolved == []  # nor is "Kashmir" looked up again
    # Before a possessive, the name ends there: the district is Shopian, not Jammu city.
    told = "Two militants were killed in Jammu and Kashmir’s Shopian district on Saturday."
    found = _mentions(ctx, told)
    assert set(found) == {"Jammu and Kashmir", "Shopian"}
    # A list of two places stays two places.
    found = _mentions(ctx, "Rebels captured Sheberghan and Zaranj.")
    assert set(found) == {"Sheberghan", "Zaranj"}


def test_a_capitalised_region_is_the_subdivision_not_an_unknown_name(ctx: Context) -> None:
    result = _result(ctx, "Junta airstrikes killed 11 civilians in Sagaing Region.")
    assert [(m.surface, m.place and m.place.place_id) for m in result.mentions] == [
        ("Sagaing", "region:MM-01")
    ]
    assert result.unresolved == []
    (strike,) = result.events
    assert strike.place and strike.place.id == "region:MM-01"


def test_a_country_named_as_what_a_place_lies_beside_is_not_the_storys(ctx: Context) -> None:
    result = _result(
        ctx,
        "Nigerien soldiers were killed in the Tillia area, in the Tahoua region near Mali, "
        "close to the Niger-Burkina Faso-Mali border.",
    )
    # The story's country is Niger, which each place's ranking names.
    reasons = {m.surface: m.place.reason for m in result.mentions if m.place}
    assert "in the article's country NE" in reasons["Tillia"]
    assert "in the article's country NE" in reasons["Tahoua"]


def test_a_province_the_gazetteer_lacks_is_a_region_of_the_storys_country(ctx: Context) -> None:
    # Not Ambar, a Turkish town with "Anbar" among its alternate names.
    # "eastern Anbar" is that half of the province; "western Anbar province" is Anbar,
    # which lies in western Iraq.
    found = _mentions(ctx, "Fighting went on in Iraq's eastern Anbar province on Monday.")
    assert found["eastern Anbar"][0] == "region:IQ-AN#east"
    found = _mentions(ctx, "Fighting went on in Iraq's western Anbar province on Monday.")
    assert found["western Anbar"][0] == "region:IQ-AN"
    found = _mentions(ctx, "Fighting went on in Iraq's Anbar province on Monday.")
    assert found["Anbar"][0] == "region:IQ-AN"


def _every(ctx: Context, body: str, surface: str) -> list[str | None]:
    """The place ids of each mention of `surface`, in order (`_mentions` keeps the last)."""
    article = parse_article(f"War news\n\n{body}\n", "test.txt", {"published": "2022-11-11"})
    mentions = extract_article(article, ctx).mentions
    return [m.place.place_id if m.place else None for m in mentions if m.surface == surface]


def test_a_city_is_its_own_name_and_the_province_only_when_said(ctx: Context) -> None:
    body = "Troops entered Sirte in Libya on Monday. Clashes erupted in Sirte province."
    sirte = _every(ctx, body, "Sirte")
    assert sirte[0] is not None and sirte[0].startswith("geonames:")
    assert sirte[1] == "region:LY-SR"


def test_a_people_the_story_names_brings_its_country_within_reach(ctx: Context) -> None:
    # The story names only Russia; "Ukrainian troops" say Ukraine is in it too.
    body = "Russia annexed the Kherson region. Ukrainian troops entered Kherson."
    kherson = _every(ctx, body, "Kherson")
    # The region by its English name, though the story's country is Russia; then the city.
    assert kherson == ["region:UA-65", "geonames:706448"]


def test_a_side_of_a_country_is_where_its_settlements_are(ctx: Context) -> None:
    article = parse_article(
        "News of the war\n\nClashes broke out in northern Iraq and southern Yemen.\n",
        "test.txt",
        {"published": "2020-03-02"},
    )
    found = {m.surface: m.place for m in extract_article(article, ctx).mentions}
    north, south = found["northern Iraq"], found["southern Yemen"]
    assert north and south
    assert (north.place_id, north.kind, south.place_id) == ("iraq#north", "region", "yemen#south")
    # Iraq's disc (radius 373 km around 33N 44E) would put its north at 34.4N;
    # half its towns lie north of 35N, and Yemen's southern half along its coast.
    assert north.lat > 35.5 and 43 < north.lon < 45
    assert south.lat < 14.5 and south.lon < 46


def test_a_quarter_of_a_place_is_drawn_in_that_quarter(ctx: Context) -> None:
    told = (
        "Militants stormed a village in north-east Nigeria. Airstrikes hit northwest Syria. "
        "Shelling hit north-eastern Aleppo. "
        "Clashes broke out in the south-west of Aleppo, and 20 km north-east of Mosul."
    )
    found = {m.surface: m for m in _result(ctx, told).mentions}
    nigeria = found["north-east Nigeria"].place
    assert nigeria and (nigeria.place_id, nigeria.name) == (
        "nigeria#northeast",
        "northeastern Nigeria",
    )
    # The middle of Nigeria's north-eastern towns: north of 10N and east of 8.5E.
    assert nigeria.lat > 10 and nigeria.lon > 8.5
    syria = found["northwest Syria"].place
    assert syria and syria.place_id == "syria#northwest" and syria.lat > 35 and syria.lon < 37
    aleppo = ctx.gazetteer.lookup("Aleppo")[0]
    ne, sw = found["north-eastern Aleppo"].place, found["the south-west of Aleppo"].place
    assert ne and sw and (ne.place_id, sw.place_id) == ("aleppo#northeast", "aleppo#southwest")
    assert ne.lat > aleppo.lat and ne.lon > aleppo.lon
    assert sw.lat < aleppo.lat and sw.lon < aleppo.lon
    # Beyond a place, the compass point stays a relation: no quarter of Mosul is drawn.
    mosul = found["Mosul"]
    assert mosul.place and mosul.place.place_id == "mosul" and mosul.qualifier == "northeast of"


def test_a_quarter_is_read_wherever_a_side_is(ctx: Context) -> None:
    # Each context reads "northern" (a half) and "north-eastern" (a quarter) alike: a
    # long-tail name after a compass adjective, in a place-like context; a possessive's
    # side or quarter ("Mosul's north-eastern neighbourhoods").
    for side, part in (
        ("northern", "north"),
        ("north-eastern", "northeast"),
        ("northeastern", "northeast"),
        ("northeast", "northeast"),
    ):
        found = _parts(ctx, f"Gunmen killed 12 people in {side} Gwoza on Monday.")
        gwoza = found[f"{side} Gwoza"]
        assert (gwoza.source, gwoza.country, gwoza.kind) == ("geonames", "NG", "area"), side
        assert gwoza.name.startswith(part), side
    for side, part in (("southern", "south"), ("north-eastern", "northeast")):
        found = _parts(ctx, f"Iraqi forces recaptured Mosul's {side} neighbourhoods on Sunday.")
        assert found["Mosul"].place_id == f"mosul#{part}", side
    for side in ("northern", "north-western"):
        found = _parts(ctx, f"Jihadists swept through the {side} Gwoza district on Monday.")
        assert found[f"{side} Gwoza"].country == "NG", side


def test_a_quarter_lies_further_out_than_a_half(ctx: Context) -> None:
    # Of a disc, a quarter's centroid is sqrt(2) times as far from the centre as a half's.
    found = _parts(ctx, "Shelling hit northern Aleppo and north-western Aleppo.")
    aleppo = ctx.gazetteer.lookup("Aleppo")[0]
    half, quarter = (
        near_km(aleppo.lat, aleppo.lon, p.lat, p.lon)
        for p in (found["northern Aleppo"], found["north-western Aleppo"])
    )
    assert quarter / half == pytest.approx(2**0.5, rel=0.01)


def test_a_curated_quarter_is_found_however_the_compass_word_is_spelled(
    gazetteer_dir: Path, geonames_index: GeoNamesIndex
) -> None:
    (gazetteer_dir / "quarters.yaml").write_text(
        "title: Quarters (test)\ncountries: [SY]\nplaces:\n"
        "  - id: ne-syria\n    name: north-east Syria\n    kind: region\n"
        "    lat: 36.5\n    lon: 40.7\n    parent: syria\n    country: SY\n"
        "    sources: [test fixture]\n",
        encoding="utf-8",
    )
    small = Context.create(gazetteer_dir, geonames=geonames_index)
    for spelled in ("north-eastern", "northeastern", "north-east", "northeast"):
        found = _parts(small, f"Airstrikes hit {spelled} Syria.")
        assert found[f"{spelled} Syria"].place_id == "ne-syria", spelled


def test_a_town_before_airport_stands_for_its_airfield(ctx: Context) -> None:
    article = parse_article(
        "News of the war\n\nGovernment forces entered Hodeida airport on Tuesday. "
        "Fighting raged around the airport of Kabul.\n",
        "test.txt",
        {"published": "2020-03-02"},
    )
    found = {m.surface: m for m in extract_article(article, ctx).mentions}
    hodeida = found["Hodeida airport"]
    assert hodeida.place is not None and hodeida.place.place_id == "airfield:OYHD"
    assert (hodeida.place.kind, hodeida.place.source, hodeida.role) == (
        "airport",
        "airfields",
        "incident",
    )
    # The city is kept as what the name alone would mean.
    assert hodeida.alternatives[0].name == "Al Ḩudaydah"
    kabul = found["airport of Kabul"]
    assert kabul.place is not None and kabul.place.place_id == "airfield:OAKB"


def test_an_airfield_named_on_its_own_is_resolved(ctx: Context) -> None:
    article = parse_article(
        "News of the war\n\nHaftar's forces shelled Tripoli's Mitiga airport. "
        "Government troops entered Mitiga airport on Monday, and rockets hit "
        "an air base in the desert.\n",
        "test.txt",
        {"published": "2020-03-02"},
    )
    result = extract_article(article, ctx)
    airfields = [m for m in result.mentions if m.place and m.place.source == "airfields"]
    assert [(m.surface, m.place.place_id) for m in airfields if m.place] == [
        ("Mitiga airport", "airfield:HLLM"),
        ("Mitiga airport", "airfield:HLLM"),
    ]
    assert "Mitiga" not in result.unresolved
    (event,) = [e for e in result.events if e.event_type == "control_change"]
    assert event.place is not None and event.place.id == "airfield:HLLM"


def test_a_place_that_is_struck_or_stormed_is_named_as_a_place(ctx: Context) -> None:
    found = _mentions(ctx, "Jets pounded Gaza City and stormed Beit Hanoun.")
    assert found["Gaza City"] == ("geonames:281133", "incident")
    assert found["Beit Hanoun"][0] == "geonames:281146"


def test_a_neighbours_capital_is_within_a_storys_reach(ctx: Context) -> None:
    # Sanaa lies 250 km beyond the Saudi border, a people's usual reach.
    found = _mentions(ctx, "Saudi air raids hit Sanaa.")
    assert found["Sanaa"] == ("geonames:71137", "incident")
    # A far capital's name on a building in Sirte is still no capital.
    found = _mentions(ctx, "Libyan forces captured the Ouagadougou centre in Sirte.")
    assert "Ouagadougou" not in found and "Sirte" in found


def test_a_compass_word_that_is_part_of_a_name_makes_no_half(ctx: Context) -> None:
    # Darfur is a curated region; West Darfur is one of Sudan's states.
    found = _mentions(ctx, "Fighting raged in West Darfur and in western Darfur.")
    assert found["West Darfur"][0] == "region:SD-DW"
    assert found["western Darfur"][0] == "darfur#west"
    # Nor is Central Darfur, another state, Darfur itself.
    found = _mentions(ctx, "Shelling hit Central Darfur on Monday.")
    assert found["Central Darfur"][0] == "region:SD-DC"
    # No place is called "West Douma": the half it is.
    found = _mentions(ctx, "Shelling hit West Douma on Monday.")
    assert found["West Douma"][0] == "douma#west"


def test_a_name_before_state_is_a_subdivision_or_nothing(ctx: Context) -> None:
    found = _mentions(ctx, "Militants in Borno State killed 12 farmers.")
    assert found["Borno"][0] == "region:NG-BO"
    article = parse_article(
        "News of the war\n\nFighters of the Islamic State shelled villages in Rakhine State.\n",
        "test.txt",
        {"published": "2020-03-02"},
    )
    result = extract_article(article, ctx)
    assert [m.surface for m in result.mentions] == ["Rakhine"]
    assert result.unresolved == []


def test_where_a_story_was_told_does_not_bound_where_it_happened(ctx: Context) -> None:
    # Geneva and London are curated; the Sudanese cities are only in GeoNames.
    found = _mentions(ctx, "The RSF seized Wad Madani on Monday, the UN said in Geneva.")
    assert found["Geneva"][1] == "speaker_seat"
    assert found["Wad Madani"] == ("geonames:364103", "incident")
    found = _mentions(ctx, "GENEVA (Reuters) -- Fighting engulfed Nyala, aid agencies said.")
    assert found["GENEVA"][1] == "dateline" and found["Nyala"][0] == "geonames:369004"
    # "said from": where the speaker was, even told as a country's capital
    for told in (
        "Fighting engulfed Douma, an aid worker said from Lebanon's capital, Beirut.",
        "Fighting engulfed Douma, an aid worker said by telephone from Beirut.",
        "Fighting engulfed Douma, an aid worker told AFP from Beirut.",
    ):
        assert _roles(ctx, told, "Beirut", "Douma") == ["speaker_seat", "incident"], told
    # ... but a resident speaking from a town tells of it
    found = _mentions(
        ctx, "Shelling killed five, a resident speaking by telephone from Douma said."
    )
    assert found["Douma"][1] == "incident"
    # not a flight's origin told after "said"
    found = _mentions(ctx, "Officials said families fled from Douma.")
    assert found["Douma"][1] == "incident"
    # a news outlet's seat set beside its name
    found = _mentions(ctx, "Syria Today News, Beirut reports that families fled Douma.")
    assert found["Beirut"][1] == "organisation_base"
    assert found["Douma"][1] == "incident"
    found = _mentions(ctx, "Syria Today News, Beirut and Douma were shelled, medics said.")
    assert found["Beirut"][1] == "incident"


def test_a_speakers_seat_ends_where_the_main_clause_begins(ctx: Context) -> None:
    found = _mentions(ctx, "Speaking in London, the minister said rebels had seized Douma.")
    assert found["London"][1] == "speaker_seat"
    assert found["Douma"] == ("douma", "incident")
    found = _mentions(
        ctx, "Standing on a street in the camp of Yarmouk, a soldier sighed that it was over."
    )
    assert found["Yarmouk"][1] == "speaker_seat"


def test_a_storys_long_tail_places_bound_one_another(ctx: Context) -> None:
    # Nothing curated, no country, no people: Gżira, a Maltese town, is 2,000 km from
    # the two Sudanese cities, which lie near each other.
    article = parse_article(
        "News of the war\n\nFighting spread to Gezira from Khartoum and Wad Madani.\n",
        "test.txt",
        {"published": "2020-03-02"},
    )
    result = extract_article(article, ctx)
    assert {m.surface for m in result.mentions} == {"Khartoum", "Wad Madani"}
    assert result.unresolved == ["Gezira"]


def test_a_curated_name_that_only_opens_a_longer_one_is_not_that_place(ctx: Context) -> None:
    # "Dera" is a spelling of Daraa, Syria; "Dera Ismail Khan" is a city in Pakistan.
    for body in (
        "Militants attacked a police post in Dera Ismail Khan on Monday.",
        "DERA ISMAIL KHAN: Militants attacked a police post on Monday.",
    ):
        (mention,) = _result(ctx, body).mentions
        assert mention.place is not None and mention.place.country == "PK", body
        assert mention.surface.lower() == "dera ismail khan"
    # A longer run GeoNames does not know leaves the curated place as it was.
    assert _mentions(ctx, "Rebels shelled Homs Gate on Monday.")["Homs"] == ("homs", "incident")


def test_a_half_of_a_place_does_not_vouch_for_its_whole(ctx: Context) -> None:
    # "Kashmir" sounds like Cashmere, Washington; "south Kashmir" is that town's southern
    # half, which lies beside it and must not count as a second place of the story.
    result = _result(
        ctx,
        "Srinagar: Two militants were killed in an encounter with security forces in Jammu "
        "and Kashmir's Shopian district on Saturday. Police said they had hidden in a "
        "village in south Kashmir.",
    )
    assert _countries(result) == {"IN"}
    assert "south Kashmir" in result.unresolved


def test_a_place_spelled_otherwise_is_believed_only_near_the_storys_places(
    ctx: Context,
) -> None:
    # "Kofa" sounds like Kofu, Japan, and "Malari" like Mellery, Belgium; the story is
    # in Borno, Nigeria.  Spelled as GeoNames spells it, Damboa is believed.
    for village in ("Kofa", "Malari"):
        article = parse_article(
            f"News of the war\n\nGunmen raided {village} village near Damboa "
            "in Borno state on Saturday.\n",
            "test.txt",
            {"published": "2020-03-02"},
        )
        result = extract_article(article, ctx)
        assert village in result.unresolved, village
        assert _countries(result) == {"NG"}


def test_a_place_spelled_as_named_is_enough_to_doubt_a_city_spelled_otherwise(
    ctx: Context,
) -> None:
    # "Nuida" sounds like Noida, India (a city of 290,000); Macomia, named twice and
    # spelled as GeoNames spells it, is a Mozambican town 7,000 km away, and nothing
    # else bounds the story.
    result = _result(
        ctx,
        "Fear of attacks in Macomia district triggered displacement movements from Nuida "
        "to Macomia on Monday.",
    )
    assert "Nuida" in result.unresolved
    assert _countries(result) == {"MZ"}
    # Spelled as GeoNames spells it, the city is believed: a story may name one from afar.
    result = _result(
        ctx,
        "Fear of attacks in Macomia district triggered displacement movements from Noida "
        "to Macomia on Monday.",
    )
    assert _countries(result) == {"MZ", "IN"}
    # Each named once, neither place says more of where the story is than the other.
    result = _result(ctx, "Thousands fled from Nuida to Macomia on Monday.")
    assert _countries(result) == {"MZ", "IN"}
    # Nor does a sound-alike named twice ("Malari" is Mellery, Belgium, only by sound).
    result = _result(
        ctx, "Thousands fled from Nuida to Malari on Monday, and Malari was shelled on Tuesday."
    )
    assert [m.place.country for m in result.mentions if m.place] == ["IN"]


def test_a_state_the_story_names_is_enough_to_doubt_a_city_spelled_otherwise(
    ctx: Context,
) -> None:
    # "Kuriga" is among the alternate names of Khouribga, a Moroccan city of 214,000,
    # 3,500 km from Kaduna state, the only other place of the story.
    result = _result(ctx, "Gunmen abducted 20 students from a school in Kuriga, Kaduna state.")
    assert "Kuriga" in result.unresolved
    assert [m.place.place_id for m in result.mentions if m.place] == ["region:NG-KD"]


def test_a_small_place_abroad_known_only_by_an_alternate_name_is_not_believed(
    ctx: Context,
) -> None:
    # GeoNames lacks the Syrian village; "Kawkaba" is among the alternate names of a
    # moshav in Israel, 200 km beyond Syria's border.
    result = _result(
        ctx,
        "Rebels fired a missile at army vehicles on the front lines of Kawkaba village "
        "in the Idlib countryside on Monday.",
    )
    assert "Kawkaba" in result.unresolved
    assert _countries(result) == {"SY"}
    # Just across the border it still answers to one: "Lachin" is Laçın, Azerbaijan
    # (test_the_nearest_reading_wins_when_the_best_ranked_is_far_away).


def test_an_alternate_name_reaches_only_just_across_a_border(ctx: Context) -> None:
    # GeoNames lacks the Kosovar village; "Banjska" is an alternate name of Bansko,
    # Bulgaria, 115 km beyond Serbia's nearest town: not just across the border.
    result = _result(
        ctx,
        "Armed men opened fire at police in the Kosovo village of Banjska, near the "
        "border with Serbia.",
    )
    assert "Banjska" in result.unresolved
    assert _countries(result) == {"XK", "RS"}


def test_a_city_so_called_may_be_what_geonames_counts_a_town(ctx: Context) -> None:
    # Tank, Pakistan (38,000 people) is a "town" by GeoNames' population line; Tonk,
    # India (165,000), a "city" that has "Tank" among its alternate names.
    found = _mentions(
        ctx, "DERA ISMAIL KHAN: Militants stormed the police lines in Tank city on Friday."
    )
    pid, role = found["Tank"]
    place = ctx.geonames.get(int(pid.split(":")[1])) if pid and ctx.geonames else None
    assert place is not None and (place.name, place.country) == ("Tank", "PK")
    assert role == "incident"


def test_a_place_inside_a_partys_name_is_no_place(ctx: Context) -> None:
    # "Haram" is one spelling of Harim, Syria; "Boko Haram" is a Nigerian party.
    found = _mentions(ctx, "Boko Haram fighters stormed Gubio in Borno state on Saturday.")
    assert "Haram" not in found and "Boko Haram" not in found
    assert found["Gubio"][0] is not None and found["Gubio"][0].startswith("geonames:")


def test_a_regions_capital_is_not_the_countrys(ctx: Context) -> None:
    story = "Sudanese troops fought in Omdurman on Monday. "
    found = _mentions(ctx, story + "Residents of North Darfur's capital fled the RSF.")
    assert found.get("capital") is None
    found = _mentions(ctx, story + "The RSF shelled the state's besieged capital.")
    assert found.get("capital") is None
    # A country's capital is that country's, whatever the story's country.
    found = _mentions(ctx, story + "Envoys met in Yemen's capital.")
    assert found["capital"][0] == "geonames:71137"
    # Nor is a people's or a region's: "the Chechen capital" is no seat of Russia's
    # government, "the Tigrayan capital" none of Ethiopia's.
    story = "Russian forces advanced on Monday. "
    found = _mentions(ctx, story + "Artillery shelled the outskirts of the Chechen capital.")
    assert not any("Chechen" in surface for surface in found)
    found = _mentions(ctx, story + "Artillery shelled the outskirts of the Russian capital.")
    assert found["the Russian capital"][0] is not None
    story = "Ethiopian troops advanced on Monday. "
    found = _mentions(ctx, story + "Drones struck the Tigrayan capital.")
    assert "the Tigrayan capital" not in found
    found = _mentions(ctx, story + "Drones struck the Ethiopian capital.")
    assert found["the Ethiopian capital"][0] is not None


def test_a_neighbours_border_does_not_set_the_story_in_the_neighbour(ctx: Context) -> None:
    article = parse_article(
        "News of the war\n\nRebels shelled Beni in Congo, near the Ugandan border.\n",
        "test.txt",
        {"published": "2020-03-02"},
    )
    (attack,) = extract_article(article, ctx).events
    assert attack.actors.by == ["m23"]  # Congo's rebels: the story is set in Congo


def test_a_tie_between_countries_goes_to_where_the_places_are(ctx: Context) -> None:
    article = parse_article(
        "News of the war\n\nA rebel army in Myanmar said on Thursday it had seized a "
        "military headquarters near the border with China. The MNDAA said it had taken the "
        "city of Lashio in northern Shan State after fighting with the military.\n",
        "test.txt",
        {"published": "2020-03-02"},
    )
    events = extract_article(article, ctx).events
    # "the military" is Myanmar's, not China's; the MNDAA took Lashio.
    assert {a for e in events for a in e.actors.by} == {"myanmar-military", "mndaa"}


def test_a_capital_that_acts_is_its_government(ctx: Context) -> None:
    found = _mentions(ctx, "Moscow has taken full control of Ukraine's Avdiivka town.")
    assert found["Moscow"][1] == "metonymy"
    assert found["Avdiivka"][1] == "incident"
    # who carries out strikes, not where they fell
    for told in (
        "Rockets hit Douma, and Moscow carrying out air strikes on rebel positions.",
        "Moscow has carried out air strikes on Douma.",
        "Moscow conducted strikes on Douma.",
        "Moscow is carrying out strikes on Douma.",
    ):
        assert _roles(ctx, told, "Moscow", "Douma") == ["metonymy", "incident"], told
    # Seeing fighting is what a place does.
    found = _mentions(ctx, "Damascus has seen heavy fighting.")
    assert found["Damascus"][1] != "metonymy"


def test_a_group_a_committee_or_a_backed_government_is_no_place(ctx: Context) -> None:
    article = parse_article(
        "News of the war\n\nTroops of the Center group entered Douma, units of the "
        "Vostok (East) group held, and forces loyal to "
        "Libya's UN-backed government and the International Red Cross Committee said so.\n",
        "test.txt",
        {"published": "2020-03-02"},
    )
    result = extract_article(article, ctx)
    assert {m.surface for m in result.mentions} == {"Douma", "Libya"}
    assert result.unresolved == []


def test_a_people_in_a_place_like_context_is_no_unresolved_place(ctx: Context) -> None:
    article = parse_article(
        "News of the war\n\nThousands of Palestinians and Yemenis fled Douma.\n",
        "test.txt",
        {"published": "2020-03-02"},
    )
    assert extract_article(article, ctx).unresolved == []


def test_a_party_named_sets_the_story_in_its_home(ctx: Context) -> None:
    # The US and Britain are the only countries named as places; the Houthis are at
    # home in Yemen, so Hodeida is the Yemeni port, however far from both.
    found = _mentions(
        ctx,
        "US and British jets struck Yemen's Houthi rebels, hitting buildings in Hodeida.",
    )
    assert found["Hodeida"][0] == "geonames:79415"


def test_waters_are_no_places_and_name_none(ctx: Context) -> None:
    found = _mentions(ctx, "Ships were attacked in the Red Sea and the Gulf of Aden.")
    assert found == {}


def test_a_place_that_fell_is_a_place_even_at_the_head_of_a_sentence(ctx: Context) -> None:
    found = _mentions(ctx, "Kunduz fell to Taliban fighters on Sunday.")
    assert found["Kunduz"][1] == "incident"
    found = _mentions(ctx, "Sheberghan has fallen, officials said.")
    assert "Sheberghan" in found
    # A first word that names nothing is no name to curate either.
    assert _result(ctx, "Prices fell sharply.").unresolved == []


def test_a_city_named_for_its_country_is_the_city(ctx: Context) -> None:
    found = _mentions(ctx, "Saudi Arabia evacuated citizens from Port Sudan on Monday.")
    assert "Sudan" not in found and found["Port Sudan"][1] == "incident"
    found = _mentions(ctx, "Families fled to Kuwait City on Monday.")
    assert "Kuwait" not in found and "Kuwait City" in found
    assert "Kuwait" in _mentions(ctx, "Families fled to Kuwait on Monday.")


def test_according_to_a_capital_names_a_source_not_a_destination(ctx: Context) -> None:
    found = _mentions(ctx, "Thousands of civilians fled Kursk, according to Kyiv.")
    assert found["Kyiv"][1] == "speaker_seat"
    (fled,) = _result(ctx, "Thousands of civilians fled Kursk, according to Kyiv.").events
    assert fled.destination is None


def test_a_compass_word_after_a_preposition_leaves_the_kind_to_the_text(ctx: Context) -> None:
    (donetsk,) = _result(ctx, "Troops took a village in western Donetsk region on Monday.").mentions
    assert donetsk.place is not None and donetsk.place.kind == "region"
    assert donetsk.qualifier == "western"


def test_a_compass_word_before_a_province_on_that_side_says_where_the_province_is(
    ctx: Context,
) -> None:
    # Farah lies in the west of Afghanistan, Laghman in the east, Donetsk region in the
    # east of Ukraine: the word places the province in its country.
    for told, whole in (
        ("The Taliban attacked a checkpoint in the western Farah province.", "Farah"),
        ("The Taliban attacked a checkpoint in eastern Laghman province.", "Laghman"),
        ("Troops took a village in eastern Donetsk region on Monday.", "Donetska"),
    ):
        (found,) = _result(ctx, told).mentions
        assert found.place and (found.place.name, found.qualifier) == (whole, None), told
        assert found.place.kind in ("governorate", "region") and "#" not in found.place.place_id
    # Not on that side, it is that part of the province.
    for told in (
        "Troops took a village in northern Donetsk region on Monday.",
        "The Taliban attacked a checkpoint in the eastern Farah province.",
    ):
        (found,) = _result(ctx, told).mentions
        assert found.place and "#" in found.place.place_id, told


def test_a_place_some_kilometres_away_is_near_not_in(ctx: Context) -> None:
    for told in (
        "Rebels captured a village 15 km away from Douma.",
        "Rebels captured a village some 15 km (nine miles) away from the logistics hub of Douma.",
    ):
        (douma,) = [m for m in _result(ctx, told).mentions if m.surface == "Douma"]
        assert douma.qualifier == "near", told


def test_of_two_towns_of_one_name_the_far_larger_is_meant(ctx: Context) -> None:
    # GeoNames has two Debaltseves in Ukraine: the town of 24,000 the war was
    # fought over, and a village of 1,000 some 170 km nearer Kyiv, where the
    # story was filed.
    found = _mentions(
        ctx,
        "KIEV (Reuters) - Ukrainian troops withdrew from the town of Debaltseve on "
        "Wednesday, the army said.",
    )
    assert found["Debaltseve"] == ("geonames:710229", "incident")


def test_a_countrys_people_set_the_story_in_it(ctx: Context) -> None:
    # "Sri Lankan" sets the story in Sri Lanka, so Colombo is its capital, not
    # Calumbo in Angola (a city of the same size that has "Colombo" as an
    # alternate name), and the troops are Sri Lanka's.
    told = "Sri Lankan troops captured Kilinochchi on Friday. A bomb exploded in Colombo."
    found = _mentions(ctx, told)
    assert found["Colombo"][0] == "geonames:1248991"
    (taken, _bomb) = _result(ctx, told).events
    assert taken.actors.to == "sri-lanka-state-forces"


def test_a_capital_named_beside_the_reference_is_the_one_meant(ctx: Context) -> None:
    # The story names Saudi Arabia too; the reference, guessed from the country, was Riyadh.
    told = (
        "The Houthis captured the capital, Sanaa, and much of the north, forcing the "
        "government to flee to Saudi Arabia."
    )
    found = _mentions(ctx, told)
    assert "the capital" not in found
    assert found["Sanaa"][0] == "geonames:71137"
    # What follows the comma is no place: the reference stays.
    found = _mentions(
        ctx, "Clashes erupted in the capital, Reuters reported, as Saudi jets struck Yemen."
    )
    assert found["the capital"][0] == "geonames:71137"
    told = "Saudi jets struck Yemen. Fighting raged in the capital, Ahmed, a resident, said."
    assert _mentions(ctx, told)["the capital"][0] == "geonames:71137"


def test_neighbourhoods_and_camps_rank_as_settlements(ctx: Context) -> None:
    # Where people live is what a name usually means: a neighbourhood or a camp as much as
    # a town (the narrower kinds of `_region_named_for` must not take this bonus away).
    found = _parts(ctx, "Fighting raged in Hajar al-Aswad and in the Yarmouk camp.")
    for surface, place in found.items():
        assert place.kind in ("neighbourhood", "camp"), surface
        assert "settlements are the usual referent" in place.reason, surface


def test_a_curated_city_before_a_word_for_a_subdivision_is_the_subdivision(
    ctx: Context,
) -> None:
    for told in (
        "Ukrainian troops have retaken the entire Kyiv region.",
        "Rebels advanced in the Idlib region on Monday.",
        "Troops pushed into Kharkiv oblast.",
    ):
        (place,) = _parts(ctx, told).values()
        assert (place.source, place.kind in ("region", "governorate")) == ("regions", True), told
    # the city itself stays a city, and so does a curated subdivision's own name
    assert _parts(ctx, "Shelling hit Kyiv on Monday.")["Kyiv"].kind == "city"
    assert _parts(ctx, "Rebels advanced in Aleppo province.")["Aleppo province"].source == "curated"


def test_each_name_of_a_list_ended_by_a_plural_word_for_subdivisions_is_one(
    ctx: Context,
) -> None:
    # Read one by one, "in Zabul" was Zābol in Iran and "the Donetsk" a town in Russia.
    for told, country, kind, names in (
        (
            "Fighting was reported in Zabul, Kandahar and Helmand provinces.",
            "AF",
            "governorate",
            ("Zabul", "Kandahar", "Helmand"),
        ),
        (
            "Russian forces shelled the Donetsk and Luhansk regions overnight.",
            "UA",
            "region",
            ("Donetsk", "Luhansk"),
        ),
        (
            "Militants attacked villages in Borno and Yobe states.",
            "NG",
            "region",
            ("Borno", "Yobe"),
        ),
    ):
        found = _parts(ctx, told)
        assert {s: (p.source, p.country, p.kind) for s, p in found.items()} == {
            name: ("regions", country, kind) for name in names
        }, told
    # curated cities named for their provinces
    found = _parts(ctx, "Government forces advanced in Idlib and Hama provinces.")
    assert {s: (p.source, p.kind) for s, p in found.items()} == {
        "Idlib": ("regions", "governorate"),
        "Hama": ("regions", "governorate"),
    }


def test_of_places_named_so_only_by_alternate_names_the_one_whose_own_name_looks_alike_wins(
    ctx: Context,
) -> None:
    # GeoNames gives "Sloviansk" to Nikopol as well, a city of the same size.
    found = _parts(ctx, "Rebels abandoned the city of Sloviansk in eastern Ukraine on Saturday.")
    assert (found["Sloviansk"].name, found["Sloviansk"].country) == ("Slovyansk", "UA")
    # a place called by its own name still needs no likeness: Antioquia is the department
    found = _parts(ctx, "Troops killed four rebels in northwest Antioquia province, Colombia.")
    assert found["northwest Antioquia"].source == "regions"


def test_a_body_in_a_capital_set_off_by_an_apposition_still_sits_there(ctx: Context) -> None:
    told = (
        "The government in Asmara, the Eritrean capital about 100 miles east of Barentu, said "
        "Thursday its troops have withdrawn and 200,000 refugees had fled the fighting."
    )
    found = _mentions(ctx, told)
    assert found["Asmara"][1] == "organisation_base"
    assert found["the Eritrean capital"][1] == "organisation_base"  # beside it, the same part


def test_to_the_east_of_a_place_lies_beyond_it_and_in_the_east_of_it_within(ctx: Context) -> None:
    beyond = _result(ctx, "Fighting raged to the east of Kombolcha on Monday.").mentions
    within = _result(ctx, "Fighting raged in the east of Kombolcha on Monday.").mentions
    assert [(m.place and m.place.name, m.qualifier) for m in beyond] == [("Kombolcha", "east of")]
    assert [(m.place and m.place.name, m.qualifier) for m in within] == [
        ("eastern Kombolcha", "east")
    ]


@pytest.mark.parametrize(
    ("told", "outlet"),
    [
        ("A resident told Agence France-Presse that troops moved villagers from Juli.", "France"),
        ("The Kyiv Independent reported shelling in Kharkiv on Monday.", "Kyiv"),
        ("Rebels shelled Kharkiv, the Sudan Tribune reported.", "Sudan"),
        ("Rebels shelled Kharkiv, Radio France said.", "France"),
    ],
)
def test_a_place_in_a_news_outlets_name_is_no_mention(ctx: Context, told: str, outlet: str) -> None:
    assert outlet not in _mentions(ctx, told)


def test_a_lake_named_for_a_country_is_no_mention_of_it(ctx: Context) -> None:
    # "Lake Chad" named three times had set a story on north-eastern Nigeria in Chad.
    told = (
        "Soldiers retook Maiduguri, Nigeria, on Monday. Dozens drowned crossing Lake Chad, and "
        "others fled across Lake Chad. Lake Chad is shrinking."
    )
    (retaken,) = _result(ctx, told).events
    assert retaken.actors.to == "nigerian-army"  # the soldiers of the story's country
    found = _mentions(ctx, told)
    assert "Chad" not in found and "Lake Chad" not in found
    assert _mentions(ctx, "Boko Haram raided villages in Chad.")["Chad"][0] == "chad"


def test_the_capital_said_of_a_subject_names_no_other_place(ctx: Context) -> None:
    # "is the capital" says what Ramadi is; it does not send the reader to Baghdad.
    for told in (
        "Iraqi forces fought in Anbar province, of which Ramadi is the capital.",
        "Iraqi forces fought in Ramadi, which was the capital until 2006.",
        "Iraqi forces fought in Ramadi, which served as the capital.",
    ):
        found = _mentions(ctx, told)
        assert not any(surface.endswith("capital") for surface in found), told
    # an object or a subject still names the country's capital
    found = _mentions(ctx, "Iraqi forces fought in Ramadi. Shelling hit the capital.")
    assert found["the capital"][0] == _mentions(ctx, "Iraqi forces shelled Baghdad.")["Baghdad"][0]


def test_a_short_word_names_no_country_by_a_demonyms_first_letters(ctx: Context) -> None:
    from geomap.actors import _country_of_name

    lex = ctx.lexicon
    # "The" and "Thomas" begin like "Thai", "Alan" like "Algerian".
    for word in ("The", "Thomas", "Al", "Alan"):
        assert _country_of_name(word, lex) is None, word
    assert _country_of_name("Syria", lex) == "SY"
    assert _country_of_name("Burkina", lex) == "BF"
    (taken,) = _result(ctx, "The militants overran Kilinochchi in Sri Lanka on Friday.").events
    assert taken.actors.to == "unidentified-armed-group"


def test_a_long_tail_name_believed_once_is_the_same_place_wherever_named(
    ctx: Context,
) -> None:
    told = (
        "Ukrainian troops shelled the town of Manhush. Families fleeing Manhush reached Berdiansk."
    )
    result = _result(ctx, told)
    places = [(m.surface, m.place.place_id if m.place else None) for m in result.mentions]
    manhush = [pid for surface, pid in places if surface == "Manhush"]
    assert len(manhush) == 2 and manhush[0] is not None and manhush[0] == manhush[1]
    # Named only outside a place-like context, the small town is not believed.
    alone = _result(ctx, "Ukrainian troops shelled Berdiansk. Manhush residents arrived.")
    assert [m for m in alone.mentions if m.surface == "Manhush"] == []


def test_a_side_of_the_city_is_that_half_of_the_city_named_last(ctx: Context) -> None:
    found = _mentions(ctx, "Fighting raged in Raqqa. Troops took the western part of the city.")
    assert found["the western part of the city"][0] == "raqqa#west"
    # After a part of the city, the other side is the other half of the same city.
    told = (
        "Residents of western Mosul fled to the east side of the city, "
        "which was retaken in January."
    )
    found = _mentions(ctx, told)
    assert found["the east side of the city"][0] == "mosul#east"
    (taken,) = [e for e in _result(ctx, told).events if e.event_type == "control_change"]
    assert taken.place is not None and taken.place.id == "mosul#east"
    # No city named before: no place.
    assert _mentions(ctx, "Troops took the western part of the city.") == {}


def test_a_facility_nobody_resolves_is_where_the_story_says_it_stands(ctx: Context) -> None:
    told = (
        "Civilians from the Kalmius steel plant arrived in Zaporizhzhia on Monday. "
        "They had sheltered for weeks in the Kalmius steel plant in Mariupol."
    )
    result = _result(ctx, told)
    plants = [m for m in result.mentions if m.surface == "Kalmius"]
    assert [m.place.name for m in plants if m.place] == ["Mariupol", "Mariupol"]
    assert all(m.qualifier == "within" for m in plants)  # part of the city, not all of it
    assert "Kalmius" not in result.unresolved
    (fled,) = [e for e in result.events if e.event_type == "evacuation" and e.destination]
    assert fled.origin is not None and fled.origin.name == "Mariupol"
    assert fled.geo_precision == 2
    # Without the place it stands in, a facility stays unresolved.
    result = _result(ctx, "Civilians from the Kalmius steel plant arrived in Zaporizhzhia.")
    assert "Kalmius" in result.unresolved
