"""Build a derived benchmark corpus from the five real seed articles.

Every file is synthetic: a seed article with its place names replaced by
places drawn from the curated gazetteer and from GeoNames (Syria and its
neighbours), its dates moved and its numbers scaled.  Each file says so in
its front matter (`derived_from`, `note`).  The text is therefore realistic
in length, vocabulary and structure, while the names and dates vary enough
that caches keyed on text do not flatter the figures.

The draw is deterministic (seeded RNG), so two builds with the same count
and seed write identical files; an existing corpus of at least as many
articles with the same seed is reused.

    python benchmarks/corpus.py --articles 10000 --out benchmarks/results/corpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "corpus"
STAMP = "CORPUS.json"
#: Bump when the derivation changes, so an old corpus is rebuilt.
VERSION = 1
#: Kinds kept as written: countries and regions anchor an article's country.
_KEPT_KINDS = frozenset({"country", "region", "governorate", "desert"})
_GEONAMES_COUNTRIES = ("SY", "IQ", "LB", "JO", "TR")
_PLAIN_NAME = re.compile(r"^[A-Z][a-z]+(?:[ -](?:al|el|[A-Z][a-z]+))*$")
_MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")
_YEAR = re.compile(r"\b(20[01]\d)\b")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\w.,]\d)")
_PUBLISHED_LINE = re.compile(r"(?m)^Published:[^\n]*\n")
_OUTLETS = ("AP", "AFP", "Reuters", "Al Jazeera", None)


@dataclass(frozen=True)
class Seed:
    """One real seed article, with the spans of its replaceable place names."""

    name: str
    text: str
    published: dt.date
    spans: list[tuple[int, int]]


def load_seeds(seeds_dir: Path, gazetteer_dir: Path) -> list[Seed]:
    """The seed articles and where their (non-country) gazetteer names are."""
    from geomap.articles import iter_articles
    from geomap.gazetteer import load_gazetteer
    from geomap.toponyms import NameIndex, match_names, tokenize

    gaz = load_gazetteer(gazetteer_dir)
    index = NameIndex.build(gaz.surface_forms())
    seeds = []
    for article in iter_articles([seeds_dir]):
        spans = []
        for start, end in article.sentences:
            for match in match_names(
                article.text, tokenize(article.text, start, end, index.lower_words), index
            ):
                kinds = {p.kind for pid in match.place_ids if (p := gaz.get(pid)) is not None}
                if not kinds & _KEPT_KINDS:
                    spans.append((match.start, match.end))
        raw = Path(article.meta.path).read_text(encoding="utf-8")
        assert raw == article.text, "seed text must be read verbatim for span offsets"
        published = article.meta.published or dt.date(2018, 5, 21)
        seeds.append(Seed(article.meta.id, raw, published, spans))
    return seeds


def name_pool(gazetteer_dir: Path) -> tuple[list[str], list[str]]:
    """Replacement names: curated places, and GeoNames places in the region."""
    from geomap.gazetteer import load_gazetteer
    from geomap.geonames import GeoNamesIndex

    gaz = load_gazetteer(gazetteer_dir)
    curated = sorted(
        {p.name for p in gaz.places.values() if p.kind not in _KEPT_KINDS}
        | {a for p in gaz.places.values() if p.kind not in _KEPT_KINDS for a in p.aliases}
    )
    index = GeoNamesIndex.open()
    marks = ",".join("?" * len(_GEONAMES_COUNTRIES))
    with sqlite3.connect(f"{index.path.resolve().as_uri()}?mode=ro", uri=True) as db:
        rows = db.execute(
            f"SELECT DISTINCT name FROM places WHERE country IN ({marks}) ORDER BY name",
            _GEONAMES_COUNTRIES,
        ).fetchall()
    index.close()
    geonames = [name for (name,) in rows if _PLAIN_NAME.match(name)]
    return [n for n in curated if _PLAIN_NAME.match(n) or " " in n], geonames


def derive(seed: Seed, rng: random.Random, curated: list[str], geonames: list[str]) -> str:
    """One derived article: new places, a new date, scaled numbers, and a header saying so."""
    published = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(13 * 365))
    body = seed.text
    # Places: the same original name gets the same replacement within an article.
    chosen: dict[str, str] = {}
    for start, end in sorted(seed.spans, reverse=True):
        original = body[start:end]
        if original not in chosen:
            pool = curated if rng.random() < 0.5 else geonames
            chosen[original] = rng.choice(pool)
        body = body[:start] + chosen[original] + body[end:]
    body = _PUBLISHED_LINE.sub("", body)
    year_shift = published.year - seed.published.year
    body = _YEAR.sub(lambda m: str(int(m.group()) + year_shift), body)
    body = _MONTH.sub(published.strftime("%B"), body)
    body = _NUMBER.sub(lambda m: _scaled(m.group(), rng), body)
    outlet = rng.choice(_OUTLETS)
    header = [
        "---",
        f"derived_from: {seed.name}",
        "note: synthetic, derived for benchmarking (places, dates and numbers substituted)",
        f"published: {published.isoformat()}",
    ]
    if outlet:
        header.append(f"outlet: {outlet}")
    header.append("---")
    return "\n".join(header) + "\n" + body


def _scaled(number: str, rng: random.Random) -> str:
    value = int(number.replace(",", ""))
    if 1900 <= value <= 2100 and "," not in number:
        return number  # a year the year rule left alone (e.g. 1948)
    new = max(1, round(value * rng.uniform(0.5, 2.0)))
    return f"{new:,}" if "," in number else str(new)


def build_corpus(
    out_dir: Path = DEFAULT_OUT,
    articles: int = 10_000,
    *,
    seed: int = 0,
    seeds_dir: Path = ROOT / "seeds",
    gazetteer_dir: Path = ROOT / "gazetteer",
) -> list[Path]:
    """Write `articles` derived files into `out_dir` (reused when already built alike)."""
    out_dir = Path(out_dir)
    stamp = {"version": VERSION, "articles": articles, "seed": seed}
    stamp_path = out_dir / STAMP
    if stamp_path.is_file():
        # File i depends only on (seed, i): a larger corpus holds a smaller one.
        built = json.loads(stamp_path.read_text())
        if built["version"] == VERSION and built["seed"] == seed and built["articles"] >= articles:
            return sorted(out_dir.glob("*.txt"))[:articles]
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    seeds = load_seeds(seeds_dir, gazetteer_dir)
    curated, geonames = name_pool(gazetteer_dir)
    written = []
    for i in range(articles):
        source = seeds[i % len(seeds)]
        rng = random.Random(f"{seed}:{i}")
        path = out_dir / f"{i:06d}_{source.name[:3]}.txt"
        path.write_text(derive(source, rng, curated, geonames), encoding="utf-8")
        written.append(path)
    stamp_path.write_text(json.dumps(stamp) + "\n")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    files = build_corpus(args.out, args.articles, seed=args.seed)
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} derived articles, {size / 1e6:.1f} MB, in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
