"""The whole flow on the seed corpus and on awkward inputs."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

import geomap
from geomap.models import Extraction, Skipped
from geomap.pipeline import Context, build, extract, iter_results

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def seeds(ctx: Context) -> Extraction:
    return extract([SEEDS], context=ctx)


def test_the_convoy_to_the_badia_is_one_event_told_by_several_articles(seeds: Extraction) -> None:
    convoys = [
        e
        for e in seeds.events
        if e.event_type == "evacuation"
        and e.destination is not None
        and e.destination.id == "badia"
        and e.origin is not None
    ]
    assert len(convoys) == 1, [(e.origin, e.destination) for e in convoys]
    convoy = convoys[0]
    assert len({s.article for s in convoy.sources}) >= 3
    assert convoy.counts.get("people") == 1600
    assert convoy.counts.get("buses") == 32
    assert convoy.contested  # state media denied a deal to evacuate fighters
    assert convoy.origin is not None and convoy.origin.id in {
        "southern-damascus",
        "yarmouk-camp",
        "hajar-al-aswad",
    }


def test_control_timeline_of_yarmouk(seeds: Extraction) -> None:
    yarmouk = next(p for p in seeds.places if p.place.id == "yarmouk-camp")
    holders = [c.holder for c in yarmouk.control]
    assert holders[0] == "islamic-state"
    assert holders[-1] == "syrian-government"


def test_manifest_dates_and_titles(seeds: Extraction) -> None:
    by_id = {a.id: a for a in seeds.articles}
    assert str(by_id["000_2fa563539f5b959a.txt"].published) == "2018-05-21"
    assert by_id["004_17ae0a9fe3fd3c77.txt"].outlet == "AFP"
    assert (
        by_id["003_11a4e9c9c1a55f46.txt"].title == "Syrian Troops Liberate Southern Damascus Areas"
    )


def test_unreadable_article_is_skipped_and_the_run_goes_on(tmp_path: Path, ctx: Context) -> None:
    (tmp_path / "good.txt").write_text(
        "Title\n\nWarplanes struck Saraqib on Monday.\n", encoding="utf-8"
    )
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text \xff\xfe")
    (tmp_path / "cp1252.txt").write_bytes(
        "Title\n\nTroops captured Palmyra \x93today\x94.\r\n".encode("latin-1")
    )
    skipped: list[Skipped] = []
    result = extract([tmp_path], context=ctx, on_skip=skipped.append)
    assert [Path(s.path).name for s in skipped] == ["binary.txt"]
    assert {a.id for a in result.articles} == {"good.txt", "cp1252.txt"}
    assert {e.event_type for e in result.events} == {"airstrike", "control_change"}


def test_worker_processes_give_the_same_result(seeds: Extraction) -> None:
    parallel = extract([SEEDS], ROOT / "gazetteer", jobs=2)
    assert geomap.to_geojson(parallel) == geomap.to_geojson(seeds)


def test_results_fold_to_the_same_extraction_in_any_order(ctx: Context, seeds: Extraction) -> None:
    """Workers and clusters hand results back in any order; the merge must not care."""
    results = list(iter_results([SEEDS], ctx, lambda s: None))
    backwards = ctx.aggregator()
    for r in reversed(results):
        backwards.add(r)
    folded = backwards.extraction()
    assert folded == seeds
    # Only what the merge needs is held: events and a tally per site, not the mentions.
    assert len(backwards.events) == sum(len(r.events) for r in results)
    sites = {
        m.place.place_id for r in results for m in r.mentions if m.role == "incident" and m.place
    }
    assert set(backwards.sites) == sites
    assert sum(t.mentions for t in backwards.sites.values()) == sum(
        p.mentions for p in folded.places
    )


def test_build_reproduces_the_committed_maps_byte_for_byte(tmp_path: Path) -> None:
    """maps/ is committed; a fresh build from the same inputs must equal it exactly."""
    out = tmp_path / "maps"
    _, written = build([SEEDS], ROOT / "gazetteer", out, article_base="../seeds/")
    committed = ROOT / "maps"
    names = sorted(p.name for p in written)
    assert names == sorted(
        p.name for p in committed.iterdir() if p.suffix in (".html", ".geojson", ".csv")
    )
    for name in names:
        expected = _committed_bytes(committed / name)
        assert (out / name).read_bytes() == expected, f"{name} differs from the committed maps/"


def _committed_bytes(path: Path) -> bytes:
    """The file as committed in git (so a local rebuild of maps/ cannot hide a change)."""
    rel = path.relative_to(ROOT).as_posix()
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), "show", f"HEAD:{rel}"], capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return path.read_bytes()


def test_a_spilled_fold_streams_the_same_exports(
    ctx: Context, seeds: Extraction, tmp_path: Path
) -> None:
    """`geomap extract` keeps events on disk and streams the exports; nothing may differ."""
    from geomap.export import stream_exports, write_exports
    from geomap.pipeline import fold

    names = ("events.geojson", "places.geojson", "events.csv")
    held = write_exports(seeds, *(tmp_path / "held" / n for n in names))
    folder = fold([SEEDS], context=ctx, spill=True)
    assert len(folder.events) > 20 and folder.events._items == []  # they wait on disk
    assert folder.extraction() == seeds
    counts = stream_exports(folder, *(tmp_path / "streamed" / n for n in names))
    folder.close()
    assert (counts.articles, counts.events, counts.places) == (
        len(seeds.articles),
        len(seeds.events),
        len(seeds.places),
    )
    assert [p.name for p in counts.written] == list(names)
    for a, b in zip(held, counts.written, strict=True):
        assert a.read_bytes() == b.read_bytes(), b.name


def test_packed_reports_fold_as_the_events_do(ctx: Context) -> None:
    """A worker's packed events give the spill the same bytes, parts and days."""
    from geomap.aggregate import pack

    results = list(iter_results([SEEDS], ctx, lambda s: None))
    as_objects, as_packed = ctx.aggregator(spill=True), ctx.aggregator(spill=True)
    for r in results:
        as_objects.add(r)
        as_packed.add(*pack(r))
    assert len(as_packed.events) == len(as_objects.events) > 20
    assert list(as_packed.events) == list(as_objects.events)
    assert as_packed._days == as_objects._days
    assert as_packed._parts.parts() == as_objects._parts.parts()
    assert as_packed.extraction() == as_objects.extraction()
    for folder in (as_objects, as_packed):
        folder.close()


def test_a_spilled_fold_with_workers_streams_the_same_exports(
    seeds: Extraction, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`geomap extract --jobs 2`: packed events, spilled, merged by workers and streamed."""
    from geomap import export
    from geomap.export import stream_exports, write_exports
    from geomap.pipeline import fold

    monkeypatch.setattr(export, "MERGE_WORKERS_FROM", 0)  # the seeds have fewer reports

    names = ("events.geojson", "places.geojson", "events.csv")
    held = write_exports(seeds, *(tmp_path / "held" / n for n in names))
    folder = fold([SEEDS], ROOT / "gazetteer", jobs=2, spill=True)
    assert folder.events._items == []
    assert len(folder.plans()) > 2  # parts enough for several merge workers
    streamed = stream_exports(folder, *(tmp_path / "streamed" / n for n in names), jobs=2)
    folder.close()
    for a, b in zip(held, streamed.written, strict=True):
        assert a.read_bytes() == b.read_bytes(), b.name


def test_worker_processes_respect_no_geonames(gazetteer_dir: Path, tmp_path: Path) -> None:
    """Workers build their own context; they must leave GeoNames out when asked to."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "Qaryatayn falls\n\nGovernment forces captured Qaryatayn on Monday.\n", encoding="utf-8"
    )
    with_geonames = extract([articles], gazetteer_dir, jobs=2)
    assert any(e.place and e.place.source == "geonames" for e in with_geonames.events)
    without = extract([articles], gazetteer_dir, jobs=2, geonames=False)
    assert not any(e.place and e.place.source == "geonames" for e in without.events)


def test_the_merge_relation_is_the_gazetteers_and_pickles(ctx: Context) -> None:
    """Merge workers are given the context's `within` table; it must say what the gazetteer says."""
    import pickle

    within = pickle.loads(pickle.dumps(ctx.aggregator().related))
    pairs = 0
    for place_id in ctx.gazetteer.places:
        ancestors = {p.id for p in ctx.gazetteer.ancestors(place_id)}
        for other in ctx.gazetteer.places:
            assert within(place_id, other) == (other in ancestors) == ctx.related(place_id, other)
            pairs += other in ancestors
    assert pairs > 10  # the gazetteer has nesting to test


NON_CONFLICT = ROOT / "tests" / "data" / "non_conflict"


def test_articles_that_tell_of_no_armed_conflict_give_no_event(ctx: Context) -> None:
    """Match reports, a storm, a strike at a port, a takeover, local elections, a new rail
    line: written for this test with the event words in their other senses ("a late
    strike", "captured eleven seats", "the first train left the capital")."""
    files = sorted(NON_CONFLICT.glob("*.txt"))
    results = list(iter_results(files, ctx, lambda s: pytest.fail(str(s))))
    assert len(results) == len(files) == 7
    for result in results:
        assert result.events == [], result.meta.id
        assert result.tells_of_conflict is False
        assert any(m.place is not None for m in result.mentions)  # its places are still read
    # The gate is what keeps them out: read as war stories, most give events.
    ungated = replace(ctx, lexicon=replace(ctx.lexicon, conflict_cue_re=None))
    gave = [r.meta.id for r in iter_results(files, ungated, print) if r.events]
    assert len(gave) >= 5, gave


def test_a_corpus_says_which_articles_it_read_for_no_event(ctx: Context, tmp_path: Path) -> None:
    (tmp_path / "war.txt").write_text(
        "Title\n\nTroops captured Palmyra on Monday.\n", encoding="utf-8"
    )
    (tmp_path / "match.txt").write_text(
        (NON_CONFLICT / "football.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    extraction = extract([tmp_path], context=ctx)
    assert extraction.no_conflict == ["match.txt"]
    assert [e.event_type for e in extraction.events] == ["control_change"]
    # The maps' index marks it beside its title.
    build([tmp_path], ROOT / "gazetteer", tmp_path / "maps")
    index = (tmp_path / "maps" / "index.html").read_text(encoding="utf-8")
    (row,) = [r for r in index.split("<li>") if "Late strike sends Ajax top" in r]
    assert "tells of no armed conflict" in row
    assert index.count("tells of no armed conflict") == 1
