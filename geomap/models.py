"""The glossary: every value that passes between geomap's stages.

All models are frozen and forbid unknown fields, so a stage cannot quietly
mutate what an earlier stage produced, and a typo in a YAML key is an error.
Coordinates are plain floats (WGS84 degrees); shapely and geopy objects are
built inside the functions that need them.

Flow:  articles -> toponyms -> resolve -> events -> aggregate -> export/render
       Article     Mention      Mention     Event    Event+ControlPeriod
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Frozen(BaseModel):
    """Base for every geomap value: immutable, strict about field names."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --------------------------------------------------------------------------
# Gazetteer
# --------------------------------------------------------------------------

PlaceKind = Literal[
    "country",
    "region",
    "governorate",
    "district",
    "city",
    "town",
    "village",
    "neighbourhood",
    "camp",
    "desert",
    "landmark",
    "border_crossing",
    "river",
    "valley",
    "mountain",
    "airport",
    "military_base",
    "port",
    "facility",
    "area",
]

#: Kinds that are areas rather than points: drawn as areas, never pins,
#: and given ACLED geo_precision 3 when an event is placed on them.
AREA_KINDS: frozenset[str] = frozenset(
    {"country", "region", "governorate", "desert", "area", "valley", "mountain", "river"}
)

#: A part of a place ("northern Gaza") has its place's id, this mark and a
#: compass point: "geonames:281133#north".  It lies within that place.
PART_MARK = "#"


#: A point told a distance away from a place ("190 miles west of Katmandu") has the
#: place's id, this mark, the distance and the side: "geonames:1283240@306km-west".  It
#: lies outside the place, not within it.
AWAY_MARK = "@"


def whole_of(place_id: str) -> str | None:
    """The place a part's id names a part of; None for a place that is no part."""
    whole, mark, _ = place_id.partition(PART_MARK)
    return whole if mark else None


Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
LonLat = tuple[
    Annotated[float, Field(ge=-180, le=180)],
    Annotated[float, Field(ge=-90, le=90)],
]


class Place(Frozen):
    """One curated place, as written in gazetteer/*.yaml."""

    id: Slug
    name: Annotated[str, Field(min_length=1)]
    aliases: list[Annotated[str, Field(min_length=1)]] = []
    #: Aliases the curator knows are shared with another place (e.g. "Yarmouk"
    #: for the camp and the river valley). Listing one here is the explicit
    #: note that silences the shared-alias check.
    ambiguous_aliases: list[str] = []
    kind: PlaceKind
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    #: Outline for control maps, as GeoJSON-ordered [lon, lat] pairs (ring
    #: need not repeat the first point).
    polygon: list[LonLat] | None = None
    #: Used when no outline is known: a geodesic disc around the point.
    radius_km: Annotated[float, Field(gt=0, le=2000)] | None = None
    parent: Slug | None = None
    country: CountryCode
    geonames_id: Annotated[int, Field(gt=0)] | None = None
    wikidata: Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")] | None = None
    #: Where the coordinates come from (GeoNames id, Wikidata, OSM...).
    sources: list[str] = Field(min_length=1)
    notes: str | None = None


class GazetteerFile(Frozen):
    """The top level of one gazetteer YAML file."""

    #: Human title of the file ("Syria", "Dateline cities").
    title: str
    #: ISO codes of the countries whose places `geomap gazetteer add` puts here.
    countries: list[CountryCode] = []
    places: list[Place] = []


PlaceSource = Literal["curated", "geonames", "regions", "airfields", "geocoder"]


class Candidate(Frozen):
    """One possible referent for a name, with why it ranks where it does."""

    place_id: str  # curated slug, "geonames:<id>", "region:<ISO 3166-2>" or "geocoder:<hash>"
    name: str
    kind: str
    lat: float
    lon: float
    country: str | None = None
    source: PlaceSource
    geonames_id: int | None = None
    population: int | None = None
    radius_km: float | None = None
    score: float = 0.0
    reason: str = ""


# --------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------


class ArticleMeta(Frozen):
    """What is known about an article besides its text."""

    id: str  # the file name, stable across runs
    path: str
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    #: Where `published` came from: manifest, front_matter, published_line.
    date_source: str | None = None


class Article(Frozen):
    """A cleaned article: body text with scraping debris removed."""

    meta: ArticleMeta
    text: str
    #: Sentence spans, as (start, end) character offsets into `text`.
    sentences: list[tuple[int, int]]
    #: Lines dropped as debris, with the rule that dropped each (for audit).
    dropped: list[tuple[str, str]] = []


class Skipped(Frozen):
    """An input that was not processed, and why (the run went on)."""

    path: str
    reason: str


# --------------------------------------------------------------------------
# Places in text
# --------------------------------------------------------------------------

MentionRole = Literal[
    "incident",
    "dateline",
    "speaker_seat",
    "organisation_base",
    "metonymy",
    "background",
]
#: Roles of a place that is not where anything in the story happens: where it was
#: filed or said, an organisation's home, a government named by its seat.
ELSEWHERE_ROLES: frozenset[str] = frozenset(
    {"dateline", "speaker_seat", "organisation_base", "metonymy"}
)


class Mention(Frozen):
    """A place name found in an article, resolved and given a role."""

    article: str
    surface: str
    start: int
    end: int
    sentence: int
    place: Candidate | None = None
    alternatives: list[Candidate] = []
    role: MentionRole = "background"
    #: "southern", "east of", "near" ...: the part of the place meant, or where
    #: the event lies from it, if said.
    qualifier: str | None = None
    why: str = ""


def outside_of(qualifier: str | None) -> bool:
    """Whether a qualifier puts the event beside its place, not in it ("north of", "near")."""
    return qualifier is not None and (qualifier.endswith(" of") or qualifier == "near")


# --------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------

EventType = Literal[
    "control_change",
    "evacuation",
    "airstrike",
    "shelling",
    "clashes",
    "ceasefire",
    "casualties",
    "attack",
    "agreement",
    "other",
]


class PlaceRef(Frozen):
    """A resolved place as an event refers to it (enough to draw it)."""

    id: str
    name: str
    kind: str
    lat: float
    lon: float
    source: PlaceSource = "curated"
    country: str | None = None

    @classmethod
    def of(cls, candidate: Candidate) -> PlaceRef:
        """The chosen candidate of a mention, as events and sites refer to it."""
        return cls(
            id=candidate.place_id,
            name=candidate.name,
            kind=candidate.kind,
            lat=candidate.lat,
            lon=candidate.lon,
            source=candidate.source,
            country=candidate.country,
        )

    def is_country_of(self, place: PlaceRef) -> bool:
        """Whether this is the country `place` lies in (no route leads from one to the other)."""
        return self.kind == "country" and self.country is not None and self.country == place.country


class Actors(Frozen):
    """Who did what: canonical actor ids from the actor lexicon."""

    by: list[str] = []
    against: list[str] = []
    #: Control changes: the holder before and after.
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    #: Evacuations: who was moved ("fighters", "civilians", "families").
    evacuees: list[str] = []


CountKind = Literal[
    "people", "fighters", "civilians", "buses", "killed", "injured", "displaced", "missiles"
]


class Count(Frozen):
    """A number as the text says it, with how exact it is."""

    kind: CountKind
    value: int
    qualifier: Literal["exact", "approx", "at_least", "at_most", "vague"] = "exact"
    text: str
    article: str | None = None


class Evidence(Frozen):
    """The sentence that says an event happened, and who said so."""

    article: str
    quote: str
    start: int
    end: int
    attribution: str | None = None


class Event(Frozen):
    """One event, from one article (extraction) or several (aggregation)."""

    id: str
    event_type: EventType
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    place: PlaceRef | None = None
    origin: PlaceRef | None = None
    destination: PlaceRef | None = None
    actors: Actors = Actors()
    #: Best value per kind; every claim (with its article) is in `count_claims`.
    counts: dict[str, int] = {}
    count_claims: list[Count] = []
    date: dt.date | None = None
    date_text: str | None = None
    time_precision: Literal[1, 2, 3] = 3
    geo_precision: Literal[1, 2, 3] = 1
    #: "north of", "near": the event lies beside `place`, which only locates it
    #: ("a town north of Mogadishu"); None when it happened in `place`.
    place_relation: str | None = None
    contested: bool = False
    #: Why it is contested: the denial sentence(s).
    denials: list[Evidence] = []
    confidence: Annotated[float, Field(ge=0, le=1)] = 0.5
    sources: list[Evidence] = Field(min_length=1)


class ControlPeriod(Frozen):
    """Who held a place from when, on what evidence (one row of a timeline)."""

    place_id: str
    holder: str | None  # actor id; None when unknown
    since: dt.date | None = None
    until: dt.date | None = None
    #: "reported" where the articles say who held it before the first change.
    basis: Literal["control_change", "reported"] = "control_change"
    event_ids: list[str] = []
    contested: bool = False
    corroborated: bool = False


class PlaceSummary(Frozen):
    """An incident site across the corpus, for places.geojson."""

    place: PlaceRef
    mentions: int
    articles: list[str]
    radius_km: float | None = None
    #: Outline as [lon, lat] pairs, when the gazetteer has one.
    polygon: list[tuple[float, float]] | None = None
    control: list[ControlPeriod] = []


class ArticleResult(Frozen):
    """What extraction produced for one article (no article text kept)."""

    meta: ArticleMeta
    mentions: list[Mention]
    events: list[Event]
    unresolved: list[str] = []
    #: False: the article names no armed party and no sign of war, so no event was read
    #: from it (a match report, a storm); its places are still resolved.
    tells_of_conflict: bool = True


class Extraction(Frozen):
    """The result of a run over a corpus: merged events, sites, timeline.

    Per-article mentions are not kept (a corpus-sized list); `places` has
    their counts per site, and `iter_results` yields them article by article.
    """

    articles: list[ArticleMeta]
    events: list[Event]
    places: list[PlaceSummary]
    skipped: list[Skipped] = []
    #: Names no gazetteer resolved, with the number of articles using each.
    unresolved: dict[str, int] = {}
    #: The articles read for no event: they tell of no armed conflict (ids, sorted).
    no_conflict: list[str] = []


# --------------------------------------------------------------------------
# Curated lexicons (geomap/data/*.yaml): actors, trigger words, references
# --------------------------------------------------------------------------

ActorKind = Literal["state", "non_state", "foreign", "international", "civilian"]


class Actor(Frozen):
    """A canonical actor and the words journalists use for it."""

    id: Slug
    name: str
    kind: ActorKind
    #: The country whose state this actor is (state actors), for generic
    #: words like "the army" resolved by the article's country.
    country: CountryCode | None = None
    aliases: list[str] = []
    #: Common nouns that name this actor only in a story set in one of its `home`
    #: countries: "rebels" are Syria's opposition in Syria, M23 in eastern Congo,
    #: nobody in particular elsewhere.
    generic_aliases: list[str] = []
    home: list[CountryCode] = []

    @model_validator(mode="after")
    def _generic_aliases_need_a_home(self) -> Actor:
        if self.generic_aliases and not self.home:
            raise ValueError("generic_aliases need the home countries where they name this actor")
        return self


#: The actor of armed men a story does not name ("gunmen attacked the village").
UNIDENTIFIED_ARMED_GROUP = "unidentified-armed-group"


class ActorLexicon(Frozen):
    """geomap/data/actors.yaml."""

    actors: list[Actor]
    #: Words that name "the state's forces" of the article's country
    #: ("the army", "troops", "the regime"); or of a named country when a
    #: demonym precedes them ("Iraqi troops").
    state_forces: list[str] = []
    #: Words that name a state only beside it ("Yemen's government", "the Iraqi
    #: government"), or as the story's own after a qualifier that names no other
    #: state ("the internationally recognised government"): alone they name none.
    state_forces_named: list[str] = []
    #: Words for armed men that name no party ("gunmen", "militants"): the one armed
    #: party the story names, else an unidentified armed group.
    unnamed_armed: list[str] = []
    #: Words for rebels that name no party: an unidentified armed group when the story
    #: names no armed party, never the one it names ("rebels" beside JNIM are others).
    unnamed_rebels: list[str] = []

    @model_validator(mode="after")
    def _unnamed_armed_need_their_actor(self) -> ActorLexicon:
        unnamed = self.unnamed_armed or self.unnamed_rebels
        if unnamed and UNIDENTIFIED_ARMED_GROUP not in {a.id for a in self.actors}:
            raise ValueError(
                f"unnamed_armed and unnamed_rebels need an actor with id {UNIDENTIFIED_ARMED_GROUP}"
            )
        return self


class EventTypeSpec(Frozen):
    """How one event type is recognised and coded."""

    triggers: list[str]
    #: ACLED event_type / sub_event_type for the type (control changes are
    #: coded per case in events.py: state gain, non-state gain, transfer).
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    #: Base confidence for a sentence with this trigger and a located place.
    confidence: Annotated[float, Field(ge=0, le=1)] = 0.6
    #: Words that signal the type only when a place is their object: "took Goma",
    #: "had taken the city of Lashio", never "took place" or "had taken in refugees".
    object_triggers: list[str] = []
    #: Words that signal the type only when a place is their subject: "Kunduz fell",
    #: never "prices fell".
    subject_triggers: list[str] = []
    #: The kinds of number this type can carry (None: every kind).  The dead in an
    #: evacuation's sentence ("while shelling killed 12 in Douma") are another
    #: event's, and a town's population is no number of its capture.
    count_kinds: list[CountKind] | None = None


class TriggerLexicon(Frozen):
    """geomap/data/triggers.yaml: the words that signal each event type."""

    event_types: dict[EventType, EventTypeSpec]
    #: Control changes that are transfers (withdrawal, deal) not conquests.
    transfer_triggers: list[str] = []
    #: Words that make a sentence's event not-happened (plans, hypotheticals).
    irrealis: list[str] = []
    negations: list[str] = []
    denials: list[str] = []
    hedges: list[str] = []
    #: Who says so: phrases naming a source ("state TV", "the Observatory").
    attributions: list[str] = []
    #: Nouns a count can describe, by count kind ("buses": [buses, coaches]).
    count_nouns: dict[CountKind, list[str]] = {}
    #: Words that show an article tells of armed conflict ("troops", "shelling"); an
    #: article with none of them, and no armed party named, tells of no event.  Empty:
    #: every article may.
    conflict_cues: list[str] = []


class References(Frozen):
    """geomap/data/references.yaml: indirect ways of naming a place."""

    #: Demonym -> ISO country code ("Syrian": SY).
    demonyms: dict[str, CountryCode]
    #: Demonyms of a people or region within a country ("Kurdish", "Tigrayan"): they
    #: say which country, but "the Tigrayan capital" is not that country's.
    regional_demonyms: list[str] = []
    #: Country code -> place id of its capital in the gazetteer.
    capitals: dict[CountryCode, str] = {}
    #: Generic noun phrase -> {country code: place id} ("desert": {SY: badia}).
    generic_places: dict[str, dict[CountryCode, str]] = {}
    #: Direction adjectives/nouns that qualify a place ("southern", "south").
    directions: dict[str, str] = {}
    #: Words after "In X," or "X-based" that mark a speaker or a base.
    speech_verbs: list[str] = []
    #: Verbs/nouns that make a country or capital a stand-in for its government.
    metonymy_cues: list[str] = []
