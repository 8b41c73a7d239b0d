"""Build the renderer's fixtures from geomap.models through geomap.export.

The fixtures are hand-made (quotes written for the tests, not taken from
articles) and go through the real export functions, so they follow the
GeoJSON contract exactly and stay in step with it: tests/test_render.py
checks that the committed files equal what this script produces.

    python tests/data/render/make_fixtures.py   # rewrite the two files
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from geomap.export import dumps, events_geojson, places_geojson
from geomap.models import (
    Actors,
    ArticleMeta,
    ControlPeriod,
    Count,
    Event,
    Evidence,
    PlaceRef,
    PlaceSummary,
)

HERE = Path(__file__).resolve().parent
XSS = '<script>window.__xss=1</script> and <img src=x onerror="window.__xss=2">'

A1, A2, A3, A4 = (
    "001_example_wire.txt",
    "002_example_daily.txt",
    "003_example_agency.txt",
    "004_example_monitor.txt",
)
AX = "666_<xss>.txt"

YARMOUK = PlaceRef(id="yarmouk-camp", name="Yarmouk", kind="camp", lat=33.4738, lon=36.3036)
HAJAR = PlaceRef(
    id="hajar-al-aswad", name="Hajar al-Aswad", kind="neighbourhood", lat=33.4578, lon=36.3086
)
TADAMON = PlaceRef(id="tadamon", name="Tadamon", kind="neighbourhood", lat=33.4836, lon=36.3167)
SOUTH = PlaceRef(
    id="southern-damascus", name="southern Damascus", kind="area", lat=33.470, lon=36.305
)
BADIA = PlaceRef(id="badia", name="Badia", kind="desert", lat=34.20, lon=38.40)
DAMASCUS = PlaceRef(id="damascus", name="Damascus", kind="city", lat=33.5102, lon=36.2913)
QADAM = PlaceRef(id="qadam", name="Qadam", kind="neighbourhood", lat=33.4710, lon=36.2870)


def ev(article: str, quote: str, attribution: str | None = None) -> Evidence:
    return Evidence(article=article, quote=quote, start=0, end=len(quote), attribution=attribution)


def articles() -> list[ArticleMeta]:
    def meta(file: str, title: str, day: int, outlet: str) -> ArticleMeta:
        return ArticleMeta(
            id=file,
            path=f"seeds/{file}",
            title=title,
            published=dt.date(2018, 5, day),
            outlet=outlet,
        )

    return [
        meta(A1, "Troops take last IS pocket in the capital", 21, "Example Wire"),
        meta(A2, "Buses leave the south of the capital", 20, "Example Daily"),
        meta(A3, "Fighting in the camp", 12, "Example Agency"),
        meta(A4, "Monitor counts the buses", 21, "Example Monitor"),
        meta(AX, f"Hostile title {XSS}", 22, "<b>Evil</b> Outlet"),
    ]


def events() -> list[Event]:
    return [
        Event(
            id="ev-control-yarmouk",
            event_type="control_change",
            acled_event_type="Strategic developments",
            acled_sub_event_type="Non-violent transfer of territory",
            place=YARMOUK,
            actors=Actors(
                by=["syrian-government"], **{"from": "islamic-state"}, to="syrian-government"
            ),
            date=dt.date(2018, 5, 21),
            date_text="on Monday",
            sources=[
                ev(A1, "Troops entered the Yarmouk camp on Monday after the militants left."),
                ev(A4, "The army now holds all of Yarmouk, the monitor said.", "the monitor"),
            ],
            confidence=0.9,
        ),
        Event(
            id="ev-control-hajar",
            event_type="control_change",
            acled_event_type="Battles",
            acled_sub_event_type="Government regains territory",
            place=HAJAR,
            actors=Actors(
                by=["syrian-government"], **{"from": "islamic-state"}, to="syrian-government"
            ),
            date=dt.date(2018, 5, 21),
            date_text="Monday",
            sources=[
                ev(A1, "Soldiers raised the flag over Hajar al-Aswad, state TV said.", "state TV")
            ],
            confidence=0.7,
        ),
        Event(
            id="ev-control-tadamon",
            event_type="control_change",
            place=TADAMON,
            actors=Actors(**{"from": None}, to="syrian-government"),
            date=dt.date(2018, 5, 21),
            sources=[ev(A4, "Tadamon was also declared secure.")],
            confidence=0.6,
        ),
        Event(
            id="ev-evac-south-badia",
            event_type="evacuation",
            acled_event_type="Strategic developments",
            acled_sub_event_type="Agreement",
            origin=SOUTH,
            destination=BADIA,
            actors=Actors(evacuees=["islamic-state", "civilians"]),
            counts={"buses": 32, "people": 1600},
            count_claims=[
                Count(kind="people", value=1600, text="some 1,600 people", article=A2),
                Count(
                    kind="people", value=1500, qualifier="approx", text="about 1,500", article=A4
                ),
                Count(kind="buses", value=32, text="32 buses", article=A4),
            ],
            date=dt.date(2018, 5, 20),
            date_text="on Saturday and Sunday",
            contested=True,
            denials=[ev(A1, "State media denied that any deal had been reached.", "state media")],
            sources=[
                ev(A2, "Some 1,600 fighters and relatives left in buses toward the desert."),
                ev(A4, "The monitor counted 32 buses heading east.", "the monitor"),
            ],
            confidence=0.8,
        ),
        Event(
            id="ev-evac-tadamon",
            event_type="evacuation",
            origin=TADAMON,
            actors=Actors(evacuees=["civilians"]),
            counts={"people": 200},
            count_claims=[Count(kind="people", value=200, text="about 200", qualifier="approx")],
            date=dt.date(2018, 5, 18),
            sources=[
                ev(A2, "About 200 civilians were taken out of Tadamon; where to was not said.")
            ],
        ),
        Event(
            id="ev-airstrike-hajar",
            event_type="airstrike",
            acled_event_type="Explosions/Remote violence",
            acled_sub_event_type="Air/drone strike",
            place=HAJAR,
            actors=Actors(by=["syrian-government"], against=["islamic-state"]),
            counts={"killed": 4},
            date=dt.date(2018, 5, 2),
            sources=[
                ev(
                    A3,
                    "Warplanes struck Hajar al-Aswad, killing four, activists said.",
                    "activists",
                )
            ],
        ),
        Event(
            id="ev-shelling-qadam",
            event_type="shelling",
            place=QADAM,
            actors=Actors(by=["islamic-state"]),
            date=dt.date(2018, 4, 25),
            sources=[ev(A3, "Mortar rounds fell on Qadam.")],
        ),
        Event(
            id="ev-clashes-yarmouk",
            event_type="clashes",
            place=YARMOUK,
            actors=Actors(by=["syrian-government"], against=["islamic-state"]),
            date=dt.date(2018, 5, 10),
            date_text="last week",
            time_precision=2,
            sources=[
                ev(A3, "Heavy clashes went on inside the camp."),
                ev(A4, "Fighting continued in Yarmouk for a third week."),
            ],
        ),
        Event(
            id="ev-airstrike-badia",
            event_type="airstrike",
            place=BADIA,
            geo_precision=3,
            actors=Actors(by=["russia"], against=["islamic-state"]),
            date=dt.date(2018, 5, 24),
            sources=[ev(A1, "Jets later hit convoys in the desert, a war monitor said.")],
        ),
        Event(
            id="ev-xss",
            event_type="attack",
            place=DAMASCUS,
            actors=Actors(by=["<script>evil</script>"]),
            date=dt.date(2018, 5, 22),
            date_text="<b>today</b>",
            sources=[ev(AX, f"A hostile quote {XSS}", "<i>someone</i>")],
        ),
    ]


def places() -> list[PlaceSummary]:
    return [
        PlaceSummary(
            place=YARMOUK,
            mentions=6,
            articles=[A1, A3, A4],
            radius_km=0.9,
            control=[
                ControlPeriod(
                    place_id=YARMOUK.id,
                    holder="islamic-state",
                    until=dt.date(2018, 5, 21),
                    basis="reported",
                    corroborated=True,
                ),
                ControlPeriod(
                    place_id=YARMOUK.id,
                    holder="syrian-government",
                    since=dt.date(2018, 5, 21),
                    event_ids=["ev-control-yarmouk"],
                    corroborated=True,
                ),
            ],
        ),
        PlaceSummary(
            place=HAJAR,
            mentions=4,
            articles=[A1, A3],
            polygon=[
                (36.3010, 33.4640),
                (36.3150, 33.4640),
                (36.3165, 33.4530),
                (36.3020, 33.4515),
            ],
            control=[
                ControlPeriod(
                    place_id=HAJAR.id,
                    holder="islamic-state",
                    until=dt.date(2018, 5, 21),
                    basis="reported",
                ),
                ControlPeriod(
                    place_id=HAJAR.id,
                    holder="syrian-government",
                    since=dt.date(2018, 5, 21),
                    event_ids=["ev-control-hajar"],
                ),
            ],
        ),
        PlaceSummary(
            place=TADAMON,
            mentions=2,
            articles=[A2, A4],
            radius_km=0.8,
            control=[
                ControlPeriod(
                    place_id=TADAMON.id,
                    holder="syrian-government",
                    since=dt.date(2018, 5, 21),
                    event_ids=["ev-control-tadamon"],
                )
            ],
        ),
        PlaceSummary(place=QADAM, mentions=1, articles=[A3], radius_km=0.7),
        PlaceSummary(place=SOUTH, mentions=3, articles=[A2, A4], radius_km=4.0),
        PlaceSummary(
            place=BADIA,
            mentions=3,
            articles=[A1, A2, A4],
            polygon=[
                (36.9, 33.3),
                (38.6, 32.6),
                (40.6, 33.6),
                (40.3, 35.0),
                (38.9, 35.6),
                (37.3, 35.0),
                (36.9, 34.2),
            ],
            control=[
                ControlPeriod(
                    place_id=BADIA.id,
                    holder="islamic-state",
                    basis="reported",
                    contested=True,
                )
            ],
        ),
        PlaceSummary(place=DAMASCUS, mentions=5, articles=[A1, A2, AX], radius_km=6.0),
    ]


def write() -> None:
    (HERE / "events.geojson").write_text(dumps(events_geojson(events())), encoding="utf-8")
    (HERE / "places.geojson").write_text(dumps(places_geojson(places())), encoding="utf-8")


if __name__ == "__main__":
    write()
