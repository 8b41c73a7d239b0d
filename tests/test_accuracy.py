"""Accuracy against hand-written gold (tests/gold), with the issue's thresholds.

Seeds: incident-site precision and recall >= 0.9, event precision and
recall >= 0.85 (type and location; evacuations need origin and destination),
and no event at a dateline, speaker's seat or organisation's base.
The development set (../shared/devset, real articles on other conflicts)
is reported, and guarded against regressions; it is skipped where absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap.evaluate import Report, evaluate, extract_gold_articles, load_gold
from geomap.pipeline import Context

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset" / "articles"


def _report(ctx: Context, gold_file: str, articles: Path) -> Report:
    gold = load_gold(ROOT / "tests" / "gold" / gold_file)
    return evaluate(extract_gold_articles(ctx, gold, articles), gold, ctx.related)


@pytest.fixture(scope="module")
def seeds_report(ctx: Context) -> Report:
    return _report(ctx, "seeds.yaml", ROOT / "seeds")


def test_seed_incident_sites(seeds_report: Report) -> None:
    sites = seeds_report.sites
    assert sites.precision >= 0.9, sites.extras
    assert sites.recall >= 0.9, sites.misses


def test_seed_events(seeds_report: Report) -> None:
    events = seeds_report.events
    assert events.precision >= 0.85, events.extras
    assert events.recall >= 0.85, events.misses


def test_seed_event_details(seeds_report: Report) -> None:
    _above_floors(seeds_report, SEED_DETAIL_FLOOR)


def _above_floors(report: Report, floors: dict[str, tuple[float, float]]) -> None:
    for detail, (precision, recall) in floors.items():
        score = report.details[detail]
        assert score.precision >= precision, (detail, score.extras)
        assert score.recall >= recall, (detail, score.misses)


# Dates, numbers and actors of the matched seed events, measured 0.486 / 0.773 (17/35,
# 17/22), 1.000 / 0.800 (4/4, 4/5) and 0.880 / 0.620 (44/50, 44/71); see the README.
# One wrong item more or one right item fewer in any of them fails.  Dates were 0.455 /
# 0.682 (15/33, 15/22) until a clause of "when" lent its day to the one it joins; actors
# 0.860 / 0.606 (43/50, 43/71) until a deal's parties became its sides ("a deal with the
# government" had the government as the side it was against).
SEED_DETAIL_FLOOR = {
    "dates": (0.48, 0.76),
    "numbers": (0.95, 0.79),
    "actors": (0.87, 0.61),
}


def test_no_seed_event_at_a_dateline_speaker_or_base(seeds_report: Report) -> None:
    assert seeds_report.misplaced == []


@pytest.mark.devset
@pytest.mark.skipif(not DEVSET.is_dir(), reason="../shared/devset is not beside the project")
def test_devset_report(ctx: Context) -> None:
    report = _report(ctx, "devset.yaml", DEVSET)
    print(
        f"devset sites P={report.sites.precision:.3f} R={report.sites.recall:.3f}; "
        f"events P={report.events.precision:.3f} R={report.events.recall:.3f}; "
        f"misplaced={len(report.misplaced)}"
    )
    assert report.misplaced == []
    # Regression floors, set a little under the figures in the README.
    assert report.sites.recall >= DEVSET_FLOOR["sites_recall"]
    assert report.sites.precision >= DEVSET_FLOOR["sites_precision"]
    assert report.events.recall >= DEVSET_FLOOR["events_recall"]
    assert report.events.precision >= DEVSET_FLOOR["events_precision"]
    _above_floors(report, DEVSET_DETAIL_FLOOR)


# Measured 1.000 / 0.557 (sites P / R) and 0.778 / 0.480 (events P / R); see the README.
# One wrong site more fails (39/40 = 0.975), and so does one wrong event more (49/64 =
# 0.766), or one right site or event fewer (38/70 = 0.543, 48/102 = 0.471).  Events were
# 0.790 / 0.480 before a facility nobody resolves was put in the town the story says it
# stands in: the Azovstal plant's assault, flights and truce are drawn at Mariupol now
# (ACLED's geo-precision 2, "part of a named place"), 3.7 km from where the gold puts
# the plant, outside a facility's 3 km, so three events count as wrong.  Sites were
# 0.976 / 0.571 while wrong routes put two of the gold's sites on the map: "confirms its
# readiness to open access for the convoy to Mariupol with transit through Berdiansk"
# (Berdiansk -> Mariupol; an offer is no flight) and "arrived at his uncle's home in Janzur
# after fleeing the southern suburb of Ain Zara" (Janzur -> ?, while the flight began in
# Ain Zara, which nobody resolves).  Events were 0.769 / 0.490 while "a Hamas attack on
# Israel" was drawn in northern Gaza (a flight from there was told beside it), which the
# gold's attack on Israel matched within a country's tolerance; a deed done to a country
# is at no other place now.  They were 0.778 / 0.480 while "Since conquering the port of
# Mariupol last month, Russia's biggest win has been the fall of Sievierodonetsk" gave a
# capture of Sievierodonetsk dated last month, which stood in for the gold's capture of
# the Azot plant there (nobody resolves the plant); a clause put first is its own now.
DEVSET_FLOOR = {
    "sites_precision": 0.98,
    "sites_recall": 0.55,
    "events_precision": 0.77,
    "events_recall": 0.475,
}
# Dates, numbers and actors of the matched events, measured 0.629 / 0.688 (22/35, 22/32),
# 0.750 / 0.750 (6/8, 6/8) and 0.880 / 0.537 (44/50, 44/82); one wrong item more or one
# right item fewer in any of them fails.
DEVSET_DETAIL_FLOOR = {
    "dates": (0.62, 0.67),
    "numbers": (0.70, 0.70),
    "actors": (0.87, 0.53),
}
