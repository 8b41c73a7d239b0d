"""Remembered article results: the same answers, and never a stale one."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import geomap.cache as cache_module
import geomap.pipeline as pipeline
from geomap.cache import CACHE_FILE, CacheError, ResultCache
from geomap.cli import app
from geomap.models import Article, ArticleResult, Extraction, Skipped
from geomap.pipeline import Context, extract

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
runner = CliRunner()
_EXTRACT = ["extract", str(SEEDS), "-g", str(ROOT / "gazetteer"), "--no-geonames"]


def _dump(extraction: Extraction) -> str:
    return extraction.model_dump_json()


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """The seed articles and their manifest, safe to edit."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the articles the pipeline really extracts (not answered from a cache)."""
    seen: list[str] = []
    real = pipeline.extract_article

    def counting(article: Article, ctx: Context) -> ArticleResult:
        seen.append(article.meta.id)
        return real(article, ctx)

    monkeypatch.setattr(pipeline, "extract_article", counting)
    return seen


def _run(paths: Path, cache: Path | None, **kw: object) -> Extraction:
    return extract([paths], ROOT / "gazetteer", geonames=False, cache=cache, **kw)  # type: ignore[arg-type]


def test_a_warm_run_answers_from_the_cache_with_the_same_events(
    seeds_copy: Path, tmp_path: Path, extracted: list[str]
) -> None:
    fresh = _run(seeds_copy, None)
    cold = _run(seeds_copy, tmp_path / "cache")
    assert len(extracted) == 2 * 5
    warm = _run(seeds_copy, tmp_path / "cache")
    assert len(extracted) == 2 * 5, "a warm run extracted again"
    assert _dump(warm) == _dump(cold) == _dump(fresh)
    assert len(ResultCache(tmp_path / "cache")) == 5


def test_a_changed_article_or_manifest_entry_is_extracted_again(
    seeds_copy: Path, tmp_path: Path, extracted: list[str]
) -> None:
    cache = tmp_path / "cache"
    _run(seeds_copy, cache)
    extracted.clear()
    article = sorted(seeds_copy.glob("*.txt"))[1]
    article.write_text(article.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    _run(seeds_copy, cache)
    assert extracted == [article.name]

    extracted.clear()
    manifest = seeds_copy / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert "2018-05-21" in text
    manifest.write_text(text.replace("2018-05-21", "2018-05-22", 1), encoding="utf-8")
    after = _run(seeds_copy, cache)
    assert len(extracted) == 1
    assert any(str(a.published) == "2018-05-22" for a in after.articles)
    assert _dump(after) == _dump(_run(seeds_copy, None))


def test_a_changed_gazetteer_makes_every_answer_new(
    seeds_copy: Path, tmp_path: Path, extracted: list[str]
) -> None:
    gazetteer = tmp_path / "gazetteer"
    shutil.copytree(ROOT / "gazetteer", gazetteer)
    cache = tmp_path / "cache"

    def run() -> Extraction:
        return extract([seeds_copy], gazetteer, geonames=False, cache=cache)

    before = run()
    yarmouk = next(f for f in gazetteer.glob("*.yaml") if "yarmouk-camp" in f.read_text("utf-8"))
    text = yarmouk.read_text(encoding="utf-8")
    moved = text.replace("    lat: 33.4699\n    lon: 36.3018", "    lat: 33.4711\n    lon: 36.3018")
    assert moved != text
    yarmouk.write_text(moved, encoding="utf-8")
    extracted.clear()
    after = run()
    assert len(extracted) == 5
    assert _dump(after) != _dump(before)
    assert _dump(after) == _dump(extract([seeds_copy], gazetteer, geonames=False))


def test_geonames_or_none_are_different_runs(geonames_index: object) -> None:
    with_index = Context.create(ROOT / "gazetteer", geonames=geonames_index)  # type: ignore[arg-type]
    without = Context.create(ROOT / "gazetteer", geonames=False)
    assert with_index.fingerprint != without.fingerprint
    assert without.fingerprint == Context.create(ROOT / "gazetteer", geonames=False).fingerprint


def test_an_entry_that_does_not_decode_is_extracted_again(
    seeds_copy: Path, tmp_path: Path, extracted: list[str]
) -> None:
    cache = tmp_path / "cache"
    expected = _dump(_run(seeds_copy, cache))
    with sqlite3.connect(cache / CACHE_FILE) as db:
        db.execute("UPDATE results SET value = ? WHERE rowid = 1", (b"not zlib",))
    extracted.clear()
    assert _dump(_run(seeds_copy, cache)) == expected
    assert len(extracted) == 1
    extracted.clear()
    _run(seeds_copy, cache)
    assert extracted == []  # the bad entry was written again


def test_an_unreadable_article_is_skipped_and_the_rest_remembered(
    seeds_copy: Path, tmp_path: Path
) -> None:
    (seeds_copy / "zz_binary.txt").write_bytes(b"\x00\x01 not text")
    skipped: list[Skipped] = []
    result = _run(seeds_copy, tmp_path / "cache", on_skip=skipped.append)
    assert [Path(s.path).name for s in skipped] == ["zz_binary.txt"]
    assert "binary" in skipped[0].reason
    assert len(result.articles) == 5
    assert len(ResultCache(tmp_path / "cache")) == 5


def test_worker_processes_share_one_cache(seeds_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = _run(seeds_copy, cache, jobs=2)
    assert len(ResultCache(cache)) == 5
    warm = _run(seeds_copy, cache, jobs=2)
    assert _dump(warm) == _dump(cold) == _dump(_run(seeds_copy, None))


def test_a_folder_that_is_not_a_cache_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / CACHE_FILE).write_text("these are someone's notes", encoding="utf-8")
    with pytest.raises(CacheError, match="cannot be used as a result cache"):
        ResultCache(folder)
    out = tmp_path / "events.geojson"
    done = runner.invoke(app, [*_EXTRACT, "-o", str(out), "--cache", str(folder)])
    assert done.exit_code == 2
    assert "error: cache folder" in done.output
    assert done.exception is None or isinstance(done.exception, SystemExit)
    assert (folder / CACHE_FILE).read_text(encoding="utf-8") == "these are someone's notes"
    assert not out.exists()


def test_the_cli_remembers_between_runs(tmp_path: Path, extracted: list[str]) -> None:
    cache = tmp_path / "cache"
    outputs = []
    for name in ("cold", "warm"):
        out = tmp_path / f"{name}.geojson"
        done = runner.invoke(app, [*_EXTRACT, "-o", str(out), "--cache", str(cache)])
        assert done.exit_code == 0, done.output
        assert "5 articles" in done.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(extracted) == 5  # the warm run extracted nothing


class _FullDisk:
    """A connection whose writes fail as on a full disk; reads go through."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if sql.startswith("INSERT"):
            raise sqlite3.OperationalError("database or disk is full")
        return self.real.execute(sql, *args)

    def commit(self) -> None:
        self.real.commit()


def test_a_cache_that_fails_mid_run_loses_no_article(
    seeds_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = ResultCache(tmp_path / "cache")
    cache._db = _FullDisk(cache._db)  # type: ignore[assignment]
    ctx = Context.create(ROOT / "gazetteer", geonames=False, cache=cache)
    with caplog.at_level("WARNING", logger="geomap"):
        result = extract([seeds_copy], context=ctx)
    assert _dump(result) == _dump(_run(seeds_copy, None))
    warnings = [r.getMessage() for r in caplog.records if "result cache" in r.getMessage()]
    assert len(warnings) == 1 and "disk is full" in warnings[0]
    assert len(ResultCache(tmp_path / "cache")) == 0


# -- pruning: entries stamped with the day a run last used them -------------------------


def _keys(folder: Path) -> list[bytes]:
    with sqlite3.connect(folder / CACHE_FILE) as db:
        return [row[0] for row in db.execute("SELECT key FROM results ORDER BY key")]


def test_prune_removes_only_what_no_run_used_lately(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setattr(cache_module, "today", lambda: 20_000)
    _run(seeds_copy, folder)  # five results, written on day 20,000
    used, unused = _keys(folder)[:2]
    cache = ResultCache(folder)
    monkeypatch.setattr(cache_module, "today", lambda: 20_010)
    assert cache.get(used) is not None  # read again on day 20,010
    monkeypatch.setattr(cache_module, "today", lambda: 20_035)
    assert cache.prune(40)[:2] == (0, 5)  # all used since day 19,995
    done = cache.prune(30)  # used since day 20,005: only the one read again
    assert done[:2] == (4, 1)
    assert done.size_after < done.size_before  # the space goes back to the file system
    assert cache.get(unused) is None
    assert cache.get(used) is not None  # and this read stamps it with day 20,035
    assert cache.prune(0)[:2] == (0, 1)
    monkeypatch.setattr(cache_module, "today", lambda: 20_036)
    assert cache.prune(0)[:2] == (1, 0)
    with pytest.raises(ValueError):
        cache.prune(-1)
    cache.close()


def test_entries_from_before_the_days_were_kept_count_as_unused(
    seeds_copy: Path, tmp_path: Path
) -> None:
    """A cache an older geomap filled (no days kept): it opens, answers, and prunes."""
    folder = tmp_path / "cache"
    _run(seeds_copy, folder)
    with sqlite3.connect(folder / CACHE_FILE) as db:
        db.execute("DROP TABLE used")  # the first release kept results alone
    cache = ResultCache(folder)
    read, *_ = _keys(folder)
    assert cache.get(read) is not None  # and now it has a day
    assert cache.prune(0)[:2] == (4, 1)
    assert _keys(folder) == [read]
    cache.close()


def test_the_cli_prunes_and_says_what_it_freed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    assert (
        runner.invoke(
            app, [*_EXTRACT, "-o", str(tmp_path / "e.geojson"), "--cache", str(folder)]
        ).exit_code
        == 0
    )
    kept = runner.invoke(app, ["cache", "prune", str(folder), "--unused-days", "0"])
    assert kept.exit_code == 0, kept.output
    assert "removed 0 results unused for 0 days, kept 5" in kept.output
    assert re.search(r"; [1-9]\d* kB -> [1-9]\d* kB$", kept.output.strip())  # not "0.0 MB"
    today = cache_module.today()
    monkeypatch.setattr(cache_module, "today", lambda: today + 31)
    gone = runner.invoke(app, ["cache", "prune", str(folder)])
    assert gone.exit_code == 0, gone.output
    assert "removed 5 results unused for 30 days, kept 0" in gone.output
    assert len(ResultCache(folder)) == 0

    missing = runner.invoke(app, ["cache", "prune", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    assert "error: cache folder" in missing.output and "no result cache there" in missing.output
    assert not (tmp_path / "nowhere").exists()
    negative = runner.invoke(app, ["cache", "prune", str(folder), "--unused-days", "-1"])
    assert negative.exit_code == 2
