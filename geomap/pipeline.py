"""The whole flow, top to bottom: articles -> places -> events -> merged events.

`extract` is the library entry point (also what `geomap extract` calls):

    articles   read, decode, drop debris, split sentences      (articles.py)
    places     find names, resolve them, give them roles       (toponyms.py, resolve.py)
    events     triggers + places + actors + dates + numbers    (events.py)
    aggregate  merge reports of one happening; control timeline (aggregate.py)

Articles stream through one at a time and are folded into an `Aggregator`
(`fold`): their texts and mentions are dropped on arrival and only their
events and a tally per site are kept, in memory or (`spill=True`, what
`geomap extract` does) in a temporary file, so memory does not grow with the
text read.  `jobs > 1` runs the per-article stages in worker processes;
aggregation is a merge, so the result is the same whichever process read
which article, in whatever order (and `export.stream_exports` can merge a
spilled fold's parts in worker processes too).  With a result cache
(`Context.cache`, `geomap.cache`), an article read before under the same
gazetteer and code is answered from the cache instead of extracted.
"""

from __future__ import annotations

import functools
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from geomap.aggregate import Aggregator, PackedReport, Within, pack
from geomap.articles import article_files, decode_article, read_bytes
from geomap.cache import ResultCache, article_key, fingerprint
from geomap.errors import ArticleError, NoArticlesError
from geomap.events import extract_events, tells_of_armed_conflict
from geomap.gazetteer import Gazetteer, load_gazetteer
from geomap.geonames import GeoNamesIndex
from geomap.lexicon import Lexicon, default_lexicon
from geomap.models import Article, ArticleResult, Event, Extraction, Skipped
from geomap.resolve import resolve_mentions
from geomap.toponyms import NameIndex, tokenize

DEFAULT_GAZETTEER = Path("gazetteer")


@dataclass
class Context:
    """What every article's extraction needs, built once per process."""

    gazetteer: Gazetteer
    index: NameIndex
    lexicon: Lexicon
    geonames: GeoNamesIndex | None
    timings: dict[str, float] = field(default_factory=dict)
    #: Remembered article results (`geomap.cache`); None reads every article afresh.
    cache: ResultCache | None = None
    within: Within = field(init=False, repr=False)
    _fingerprint: str | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        # Asked for the same few hundred places again and again (resolution,
        # merging), so each place's ancestors are collected once.
        self.within = Within(
            {
                place_id: frozenset(p.id for p in self.gazetteer.ancestors(place_id))
                for place_id in self.gazetteer.places
            }
        )

    @classmethod
    def create(
        cls,
        gazetteer: Gazetteer | str | Path = DEFAULT_GAZETTEER,
        *,
        geonames: GeoNamesIndex | bool = True,
        lexicon: Lexicon | None = None,
        cache: ResultCache | str | Path | None = None,
    ) -> Context:
        gaz = gazetteer if isinstance(gazetteer, Gazetteer) else load_gazetteer(gazetteer)
        geo = GeoNamesIndex.open() if geonames is True else (geonames or None)
        if cache is not None and not isinstance(cache, ResultCache):
            cache = ResultCache(cache)
        lex = lexicon or default_lexicon()
        return cls(gaz, NameIndex.build(gaz.surface_forms()), lex, geo, cache=cache)

    @property
    def fingerprint(self) -> str:
        """What every article's result depends on besides the article (see `geomap.cache`)."""
        if self._fingerprint is None:
            self._fingerprint = fingerprint(self.gazetteer, self.lexicon, self.geonames)
        return self._fingerprint

    def related(self, a: str, b: str) -> bool:
        """Whether place `a` lies within place `b` (by the gazetteer's parents)."""
        return self.within(a, b)

    def extent(self, place_id: str) -> tuple[float | None, list[tuple[float, float]] | None]:
        place = self.gazetteer.get(place_id)
        if place is None:
            return None, None
        return place.radius_km, [tuple(p) for p in place.polygon] if place.polygon else None  # type: ignore[misc]

    def aggregator(self, *, spill: bool = False) -> Aggregator:
        """An empty fold for this gazetteer's results (see `Aggregator`)."""
        return Aggregator(self.within, self.extent, spill=spill)

    def _tick(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - since
        return now


def extract_article(article: Article, ctx: Context) -> ArticleResult:
    """Places and events of one article (its text is not kept)."""
    t = time.perf_counter()
    text = article.text
    tokens = [tokenize(text, s, e, ctx.index.lower_words) for s, e in article.sentences]
    mentions, unresolved, country = resolve_mentions(
        article.meta.id,
        text,
        article.sentences,
        tokens,
        ctx.index,
        ctx.gazetteer,
        ctx.lexicon,
        ctx.geonames,
    )
    t = ctx._tick("places", t)
    events: list[Event] = []
    conflict = tells_of_armed_conflict(text, ctx.lexicon)
    if conflict:
        events, mentions, _denials = extract_events(
            article, mentions, ctx.lexicon, country, ctx.related, unresolved
        )
    ctx._tick("events", t)
    return ArticleResult(
        meta=article.meta,
        mentions=mentions,
        events=events,
        unresolved=unresolved,
        tells_of_conflict=conflict,
    )


def slim(result: ArticleResult) -> ArticleResult:
    """What the merge needs of an article: its events and incident mentions, no alternatives.

    Worker processes send these back to the parent, so they are kept small;
    the full mentions (every candidate a name had) stay available from
    `extract_article` for a reader who wants them.
    """
    mentions = [
        m.model_copy(update={"alternatives": []}) for m in result.mentions if m.role == "incident"
    ]
    return result.model_copy(update={"mentions": mentions})


def iter_results(
    paths: Sequence[str | Path], ctx: Context, on_skip: Callable[[Skipped], None]
) -> Iterator[ArticleResult]:
    """Each readable article's result, in `iter_articles` order; the others go to `on_skip`.

    With `ctx.cache`, an article seen before (same bytes, path, manifest
    entry and run fingerprint) is answered from the cache instead of
    extracted again; that counts as reading time.
    """
    cache = ctx.cache
    t = time.perf_counter()
    for file, entry in article_files(paths, on_skip=on_skip):
        shown = str(file)
        try:
            raw = read_bytes(file)
            key = article_key(ctx.fingerprint, shown, entry, raw) if cache is not None else b""
            result = cache.get(key) if cache is not None else None
            if result is None:
                article = decode_article(raw, shown, entry)
        except ArticleError as exc:
            on_skip(Skipped(path=exc.path, reason=exc.reason))
            continue
        t = ctx._tick("reading", t)
        if result is None:
            result = extract_article(article, ctx)
            if cache is not None:
                cache.put(key, result)
        yield result
        t = time.perf_counter()


def aggregate(
    results: Iterable[ArticleResult], ctx: Context, skipped: Sequence[Skipped] = ()
) -> Extraction:
    """Merge per-article results into the corpus's events, sites and timeline."""
    t = time.perf_counter()
    folder = ctx.aggregator()
    for r in results:
        folder.add(r)
    for s in skipped:
        folder.skip(s)
    extraction = folder.extraction()
    ctx._tick("aggregation", t)
    return extraction


# --- worker processes ------------------------------------------------------

_WORKER: Context | None = None


def _init_worker(gazetteer_dir: str, use_geonames: bool, cache: ResultCache | None) -> None:
    global _WORKER
    _WORKER = Context.create(gazetteer_dir, geonames=use_geonames, cache=cache)


def _work(
    path: str, packed: bool = False
) -> tuple[list[tuple[ArticleResult, list[PackedReport]]], list[Skipped]]:
    """One file's results for the parent to fold; with `packed`, their events ready for the
    spill file (see `aggregate.pack`), else as objects."""
    assert _WORKER is not None
    skipped: list[Skipped] = []
    results = [slim(r) for r in iter_results([path], _WORKER, skipped.append)]
    return [pack(r) if packed else (r, []) for r in results], skipped


def expand_paths(paths: Sequence[str | Path]) -> list[str]:
    """Article files named by paths (folders expanded, sorted), for splitting work."""
    files: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(
                str(f)
                for f in sorted(p.iterdir())
                if f.suffix.lower() in (".txt", ".md", ".markdown") and f.is_file()
            )
        else:
            files.append(str(p))
    return files


def fold(
    paths: Sequence[str | Path],
    gazetteer: Gazetteer | str | Path = DEFAULT_GAZETTEER,
    *,
    geonames: GeoNamesIndex | bool = True,
    jobs: int = 1,
    on_skip: Callable[[Skipped], None] | None = None,
    progress: Callable[[Iterable[ArticleResult]], Iterable[ArticleResult]] | None = None,
    context: Context | None = None,
    spill: bool = False,
    cache: str | Path | None = None,
) -> Aggregator:
    """Read and extract every article, folding each result in as it arrives; do not merge yet.

    Neither texts nor mentions are held.  With `spill=True` the events wait
    on disk too (see `Aggregator`), and `export.stream_exports` merges and
    writes them: what `geomap extract` does, in memory that stays nearly
    flat over any number of articles.  With a `cache` folder, articles read
    before (unchanged, under the same gazetteer and code) are not extracted
    again (see `geomap.cache`); a given `context` brings its own cache.

    Raises `NoArticlesError` when not one article could be read (a mistyped
    folder, an empty one): what the caller would write would replace good
    output with nothing.
    """
    if jobs > 1 and not isinstance(gazetteer, (str, Path)):
        raise TypeError("with jobs > 1, pass the gazetteer as a directory path")
    ctx = context or Context.create(gazetteer, geonames=geonames, cache=cache)
    folder = ctx.aggregator(spill=spill)

    def skip(s: Skipped) -> None:
        folder.skip(s)
        if on_skip is not None:
            on_skip(s)

    if jobs <= 1:
        stream: Iterable[ArticleResult] = iter_results(paths, ctx, skip)
        for result in progress(stream) if progress else stream:
            folder.add(result)  # folded on arrival: the article's mentions are not kept
    else:
        with multiprocessing.get_context("spawn").Pool(
            jobs, _init_worker, (str(gazetteer), bool(geonames), ctx.cache)
        ) as pool:
            # Spilled, the events go straight to the spill file as the workers wrote them.
            work = functools.partial(_work, packed=spill)
            for part, part_skipped in pool.imap(work, expand_paths(paths), chunksize=64):
                for result, packed in part:
                    folder.add(result, packed)
                for s in part_skipped:
                    skip(s)
    if not len(folder.articles):
        folder.close()
        raise NoArticlesError([str(p) for p in paths], len(folder.skipped))
    return folder


def extract(
    paths: Sequence[str | Path],
    gazetteer: Gazetteer | str | Path = DEFAULT_GAZETTEER,
    *,
    geonames: GeoNamesIndex | bool = True,
    jobs: int = 1,
    on_skip: Callable[[Skipped], None] | None = None,
    progress: Callable[[Iterable[ArticleResult]], Iterable[ArticleResult]] | None = None,
    context: Context | None = None,
    cache: str | Path | None = None,
) -> Extraction:
    """Extract located, sourced, merged events from articles (files or folders).

    Articles stream through `fold`; the merge runs once all have been read,
    and the result is held in memory (for maps and notebooks; an archive's
    exports are better streamed, see `fold`).
    """
    folder = fold(
        paths,
        gazetteer,
        geonames=geonames,
        jobs=jobs,
        on_skip=on_skip,
        progress=progress,
        context=context,
        cache=cache,
    )
    t = time.perf_counter()
    extraction = folder.extraction()
    if context is not None:  # the caller reads the stage timings from it
        context._tick("aggregation", t)
    return extraction


def build(
    paths: Sequence[str | Path],
    gazetteer: Gazetteer | str | Path = DEFAULT_GAZETTEER,
    out_dir: str | Path = "maps",
    *,
    cdn: bool = False,
    title: str = "geomap",
    article_base: str | None = None,
    geonames: GeoNamesIndex | bool = True,
    jobs: int = 1,
    on_skip: Callable[[Skipped], None] | None = None,
    progress: Callable[[Iterable[ArticleResult]], Iterable[ArticleResult]] | None = None,
    cache: str | Path | None = None,
) -> tuple[Extraction, list[Path]]:
    """Extract, export and render: the four pages and three exports in `out_dir`."""
    from geomap.export import article_rows, events_geojson, places_geojson, write_exports
    from geomap.render import render_maps

    out = Path(out_dir)
    extraction = extract(
        paths,
        gazetteer,
        geonames=geonames,
        jobs=jobs,
        on_skip=on_skip,
        progress=progress,
        cache=cache,
    )
    written = write_exports(
        extraction, out / "events.geojson", out / "places.geojson", out / "events.csv"
    )
    if article_base is None:
        # Links from popups to the article files, relative to the maps folder.
        first = Path(paths[0]) if paths else Path(".")
        folder = first if first.is_dir() else first.parent
        article_base = Path(_relpath(folder.resolve(), out.resolve())).as_posix() + "/"
    articles = article_rows(extraction.articles, frozenset(extraction.no_conflict))
    written += render_maps(
        events_geojson(extraction.events),
        places_geojson(extraction.places),
        out,
        articles=articles,
        cdn=cdn,
        title=title,
        article_base=article_base,
    )
    return extraction, written


def _relpath(target: Path, start: Path) -> str:
    import os

    return os.path.relpath(target, start)
