"""Extraction on a local Dask cluster merges to exactly the one-machine result."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import geomap
from geomap import distributed
from geomap.export import events_geojson, places_geojson
from geomap.geonames import GeoNamesIndex
from geomap.models import Extraction

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
GAZETTEER = ROOT / "gazetteer"

dask_distributed = pytest.importorskip(
    "dask.distributed", reason="Dask is not installed (pip install 'dask[bag,distributed]')"
)


@pytest.fixture(scope="module")
def client(geonames_index: GeoNamesIndex) -> Iterator[Any]:
    """Two single-threaded worker processes, so partitions really cross processes.

    The scheduler serves HTTP even without a dashboard, on port 8787 by default,
    so two test processes (pytest -n 2) would collide there: a free port instead.
    """
    with (
        dask_distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address="127.0.0.1:0"
        ) as cluster,
        dask_distributed.Client(cluster) as dask_client,
    ):
        yield dask_client


@pytest.fixture(scope="module")
def one_machine(geonames_index: GeoNamesIndex) -> Extraction:
    return geomap.extract([str(SEEDS)], str(GAZETTEER))


@pytest.fixture(scope="module")
def on_dask(client: Any) -> Extraction:
    return distributed.extract_dask([str(SEEDS)], GAZETTEER, client=client, partition_size=1)


def test_events_equal_the_one_machine_events(on_dask: Extraction, one_machine: Extraction) -> None:
    assert one_machine.events, "the seeds should yield events"
    assert events_geojson(on_dask.events) == events_geojson(one_machine.events)


def test_places_equal_the_one_machine_places(on_dask: Extraction, one_machine: Extraction) -> None:
    assert one_machine.places, "the seeds should yield incident sites"
    assert places_geojson(on_dask.places) == places_geojson(one_machine.places)


def test_every_article_is_read_once(on_dask: Extraction, one_machine: Extraction) -> None:
    assert [a.id for a in on_dask.articles] == [a.id for a in one_machine.articles]
    assert on_dask.unresolved == one_machine.unresolved


def test_extraction_ran_in_the_workers(on_dask: Extraction, client: Any) -> None:
    """Contexts were built in worker processes, never in the caller's."""
    assert distributed._CONTEXTS == {}
    built = client.run(lambda: len(distributed._CONTEXTS))
    assert len(built) == 2
    assert sum(built.values()) >= 1


def test_an_unreadable_file_is_reported_and_the_run_goes_on(client: Any, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text((SEEDS / "003_11a4e9c9c1a55f46.txt").read_text(encoding="utf-8"))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01 not text")
    result = distributed.extract_dask([str(tmp_path)], GAZETTEER, client=client)
    assert [a.id for a in result.articles] == ["good.txt"]
    assert [Path(s.path).name for s in result.skipped] == ["binary.txt"]


def test_per_article_results_match_the_one_machine_stream(client: Any) -> None:
    from geomap.pipeline import Context, iter_results

    ctx = Context.create(GAZETTEER)
    local = {r.meta.id: r for r in iter_results([SEEDS], ctx, lambda s: None)}
    results, skipped = distributed.article_results_dask(
        [str(SEEDS)], GAZETTEER, client=client, partition_size=2
    )
    assert skipped == []
    assert sorted(r.meta.id for r in results) == sorted(local)
    for result in results:
        assert result == local[result.meta.id]


def test_dask_refuses_a_run_that_reads_no_article_as_the_one_machine_run_does(
    tmp_path: Path,
) -> None:
    missing = [tmp_path / "sedes"]
    with pytest.raises(geomap.NoArticlesError) as on_dask:
        distributed.extract_dask(missing, Path(__file__).resolve().parent.parent / "gazetteer")
    with pytest.raises(geomap.NoArticlesError) as at_home:
        geomap.extract(missing, Path(__file__).resolve().parent.parent / "gazetteer")
    assert str(on_dask.value) == str(at_home.value)
