"""Extraction on Dask, for archives that outgrow one machine's time budget.

Extraction is per article and aggregation is a merge, so the work splits
cleanly: a `dask.bag` over the article files, one partition per task; each
worker process builds its `Context` (gazetteer, name index, lexicon,
GeoNames) once and keeps it for every later partition; the per-article
results come back to the caller, where `geomap.pipeline.aggregate` merges
them exactly as the one-machine run does.  The merged events and places are
the same whichever worker read which article.

When you need it: one core of a laptop is meant to keep up with a daily
monitoring feed, and `geomap extract --jobs N` uses every core of one
machine.  Reach for Dask when a back-catalogue (years of an archive, millions
of articles) would take longer on one machine than you can wait, and you have
cores on several machines.

On a cluster: install geomap (and `dask[bag,distributed]`) on every worker,
make the articles and the gazetteer folder readable at the same paths on
every worker (a shared or synced filesystem), then

    from dask.distributed import Client
    from geomap.distributed import extract_dask

    client = Client("tcp://scheduler-host:8786")   # or Client(LocalCluster(...))
    extraction = extract_dask(["archive/2018"], "gazetteer", client=client)

Each worker builds the GeoNames cache in its own cache dir on first use
(about half a minute, once); set GEOMAP_CACHE_DIR on the workers to share a
prebuilt one.  Without `client`, Dask's default scheduler runs the bag (the
active distributed client if there is one, else local processes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from geomap.errors import NoArticlesError
from geomap.models import ArticleResult, Extraction, Skipped
from geomap.pipeline import Context, aggregate, expand_paths, iter_results

__all__ = ["DEFAULT_PARTITION_SIZE", "article_results_dask", "extract_dask"]

#: Articles per task: large enough that scheduling (a few ms a task) is noise
#: next to extraction, small enough to spread a modest corpus over the workers.
DEFAULT_PARTITION_SIZE = 256

#: One Context per worker process, keyed by what built it.
_CONTEXTS: dict[tuple[str, bool], Context] = {}


def _worker_context(gazetteer_dir: str, use_geonames: bool) -> Context:
    """The worker process's Context, built on its first partition and reused."""
    key = (gazetteer_dir, use_geonames)
    ctx = _CONTEXTS.get(key)
    if ctx is None:
        ctx = _CONTEXTS[key] = Context.create(gazetteer_dir, geonames=use_geonames)
    return ctx


def _extract_partition(
    files: Iterable[str], gazetteer_dir: str, use_geonames: bool
) -> list[ArticleResult | Skipped]:
    """Results (and skips) of one partition's article files, in file order."""
    ctx = _worker_context(gazetteer_dir, use_geonames)
    skipped: list[Skipped] = []
    out: list[ArticleResult | Skipped] = list(iter_results(list(files), ctx, skipped.append))
    out.extend(skipped)
    return out


def extract_dask(
    paths: Sequence[str | Path],
    gazetteer_dir: str | Path,
    *,
    client: Any = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    geonames: bool = True,
) -> Extraction:
    """Extract and merge events from articles (files or folders) on Dask.

    `client` is a `dask.distributed.Client`; without one, Dask's default
    scheduler runs the work.  The result equals `geomap.extract(paths,
    gazetteer_dir)` on the same articles.
    """
    results, skipped = article_results_dask(
        paths, gazetteer_dir, client=client, partition_size=partition_size, geonames=geonames
    )
    if not results:  # as `geomap.extract`: a mistyped folder is an error, not an empty map
        raise NoArticlesError([str(p) for p in paths], len(skipped))
    ctx = Context.create(gazetteer_dir, geonames=False)  # the merge needs the gazetteer only
    return aggregate(results, ctx, skipped)


def article_results_dask(
    paths: Sequence[str | Path],
    gazetteer_dir: str | Path,
    *,
    client: Any = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    geonames: bool = True,
) -> tuple[list[ArticleResult], list[Skipped]]:
    """The per-article results (and skipped files) on Dask, before any merge.

    For keeping per-article results (to merge later, or with other batches)
    and for timing the distributed part alone.
    """
    try:
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("extract_dask needs Dask: pip install 'dask[bag,distributed]'") from exc

    files = expand_paths(paths)
    if not files:
        return [], []
    gazetteer = str(Path(gazetteer_dir).resolve())
    bag_of_files: Any = db.from_sequence(  # type: ignore[no-untyped-call]
        files, partition_size=max(1, partition_size)
    )
    bag = bag_of_files.map_partitions(_extract_partition, gazetteer, geonames)
    items: list[ArticleResult | Skipped] = (
        client.compute(bag).result() if client is not None else bag.compute()
    )
    results = [item for item in items if isinstance(item, ArticleResult)]
    skipped = [item for item in items if isinstance(item, Skipped)]
    return results, skipped
