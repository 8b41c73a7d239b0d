"""The `geomap` command as a user types it (typer's CliRunner; a subprocess for signals)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geomap.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(autouse=True)
def _geonames(geonames_index: object) -> None:
    """Commands open the GeoNames cache; the session fixture makes sure it exists."""


def test_extract_writes_the_three_exports(tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    result = runner.invoke(
        app,
        [
            "extract",
            str(ROOT / "seeds"),
            "-g",
            str(ROOT / "gazetteer"),
            "-o",
            str(out),
            "--places",
            str(tmp_path / "places.geojson"),
            "--csv",
            str(tmp_path / "events.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    events = json.loads(out.read_text(encoding="utf-8"))
    assert events["type"] == "FeatureCollection" and len(events["features"]) > 10
    places = json.loads((tmp_path / "places.geojson").read_text(encoding="utf-8"))
    assert "yarmouk-camp" in {f["properties"]["id"] for f in places["features"]}
    header = (tmp_path / "events.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("event_id_cnty,event_date,time_precision,event_type")
    # Without -o the events GeoJSON goes to stdout, the same text.
    piped = runner.invoke(app, ["extract", str(ROOT / "seeds"), "-g", str(ROOT / "gazetteer")])
    assert piped.exit_code == 0 and piped.stdout == out.read_text(encoding="utf-8")
    # What the run cost goes to stderr; a rate only from 50 articles on.
    summary = r"5 articles, \d+ events, \d+ incident sites, 0 skipped in \d+\.\d s$"
    assert re.search(summary, result.stderr.strip()), result.stderr


def _seed_copies(folder: Path, n: int) -> Path:
    """`folder` filled with n articles, the seeds copied over and over."""
    folder.mkdir(exist_ok=True)
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i in range(n):
        (folder / f"{i:04d}.txt").write_bytes(seeds[i % len(seeds)].read_bytes())
    return folder


def _extract_in_background(
    articles: Path, out: Path, tmp: Path, jobs: int = 1
) -> subprocess.Popen[str]:
    """`geomap extract -j jobs` as a user starts it, with its own TMPDIR (to send signals to)."""
    import os
    import sys

    command = [sys.executable, "-c", "from geomap.cli import main; main()", "extract"]
    return subprocess.Popen(
        [*command, "-j", f"{jobs}", str(articles), "-g", str(ROOT / "gazetteer"), "-o", str(out)],
        env={**os.environ, "TMPDIR": str(tmp)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_long_run_says_its_rate(tmp_path: Path) -> None:
    _seed_copies(tmp_path, 60)
    out = tmp_path / "events.geojson"
    result = runner.invoke(
        app, ["extract", str(tmp_path), "-g", str(ROOT / "gazetteer"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    summary = r"^60 articles, .* in (\d+\.\d) s \((\d+) articles/s\)$"
    found = re.search(summary, result.stderr.strip())
    assert found, result.stderr
    seconds, rate = float(found[1]), int(found[2])
    assert abs(rate - 60 / max(seconds, 0.05)) <= max(2, 0.2 * rate)  # the rate is 60 / time


def test_extract_skips_a_broken_file_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(
        "Title\n\nTroops captured Palmyra on Monday.\n", encoding="utf-8"
    )
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00\x00")
    result = runner.invoke(app, ["extract", str(tmp_path), "-g", str(ROOT / "gazetteer")])
    assert result.exit_code == 0
    assert "skipped" in result.stderr and "bad.txt" in result.stderr
    assert '"control_change"' in result.stdout


def test_a_mistyped_or_empty_folder_writes_nothing_over_good_maps(tmp_path: Path) -> None:
    out = tmp_path / "maps"
    made = runner.invoke(
        app, ["build", str(ROOT / "seeds"), "-g", str(ROOT / "gazetteer"), "-o", str(out)]
    )
    assert made.exit_code == 0, made.output
    before = {f.name: f.read_bytes() for f in out.iterdir()}
    empty = tmp_path / "empty"
    empty.mkdir()
    for typed, why in ((tmp_path / "sedes", "all 1 skipped"), (empty, "no article files there")):
        result = runner.invoke(
            app, ["build", str(typed), "-g", str(ROOT / "gazetteer"), "-o", str(out)]
        )
        assert result.exit_code == 2
        assert f"error: no article could be read from {typed} ({why})" in result.stderr
        assert "Traceback" not in result.output
        assert {f.name: f.read_bytes() for f in out.iterdir()} == before
    exported = tmp_path / "events.geojson"
    result = runner.invoke(
        app, ["extract", str(empty), "-g", str(ROOT / "gazetteer"), "-o", str(exported)]
    )
    assert result.exit_code == 2 and not exported.exists()
    # One good article among unreadable ones is a run: the others are skipped with a message.
    one = runner.invoke(
        app,
        [
            "build",
            str(ROOT / "seeds" / "000_2fa563539f5b959a.txt"),
            str(tmp_path / "sedes"),
            "-g",
            str(ROOT / "gazetteer"),
            "-o",
            str(tmp_path / "one"),
        ],
    )
    assert one.exit_code == 0 and "skipped" in one.stderr


def test_a_broken_gazetteer_is_one_line_per_problem_not_a_traceback(tmp_path: Path) -> None:
    gaz = tmp_path / "gaz"
    gaz.mkdir()
    (gaz / "x.yaml").write_text("title: X\nplaces:\n  - id: a\n    name: A\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(ROOT / "seeds"), "-g", str(gaz)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert re.search(r"x\.yaml:\d+: places\.0\.\w+", result.stderr)


def test_unresolved_lists_unknown_names_with_geonames_suggestions(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Title\n\nFighters withdrew toward Qaryatayn on Monday.\n", encoding="utf-8"
    )
    empty = tmp_path / "gaz"
    empty.mkdir()
    (empty / "none.yaml").write_text("title: empty\nplaces: []\n", encoding="utf-8")
    result = runner.invoke(app, ["unresolved", str(tmp_path), "-g", str(empty)])
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("Qaryatayn"))
    assert "GeoNames" in line and "SY" in line


def test_build_and_fragment(tmp_path: Path) -> None:
    out = tmp_path / "maps"
    result = runner.invoke(
        app, ["build", str(ROOT / "seeds"), "-g", str(ROOT / "gazetteer"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {
        "control.html",
        "evacuations.html",
        "incidents.html",
        "index.html",
        "events.geojson",
        "places.geojson",
        "events.csv",
    }
    frag = runner.invoke(
        app,
        [
            "fragment",
            "evacuations",
            "--events",
            str(out / "events.geojson"),
            "--places",
            str(out / "places.geojson"),
        ],
    )
    assert frag.exit_code == 0
    assert frag.stdout.startswith("<iframe") and "srcdoc=" in frag.stdout
    assert runner.invoke(app, ["fragment", "nonsense"]).exit_code == 2
    inputs = ["--events", str(out / "events.geojson"), "--places", str(out / "places.geojson")]
    saved = runner.invoke(app, ["fragment", "control", *inputs, "-o", str(tmp_path / "c.html")])
    assert saved.exit_code == 0
    assert (tmp_path / "c.html").read_text(encoding="utf-8").startswith("<iframe")
    nowhere = tmp_path / "no-such-folder" / "c.html"
    unwritable = runner.invoke(app, ["fragment", "control", *inputs, "-o", str(nowhere)])
    assert unwritable.exit_code == 2
    assert unwritable.output.startswith("error: ") and "Traceback" not in unwritable.output


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    names += [
        f"{g.name} {c.name or c.callback.__name__}"
        for g in app.registered_groups
        if g.typer_instance
        for c in g.typer_instance.registered_commands
        if c.callback
    ]
    missing = [n for n in names if f"geomap {n}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_stopped_by_sigterm_removes_its_temporary_files_and_keeps_old_exports(
    tmp_path: Path, jobs: int
) -> None:
    """`kill` of a long `geomap extract` unwinds as Ctrl-C does (a subprocess: a real signal)."""
    import signal

    articles = _seed_copies(tmp_path / "articles", 400 * jobs)  # long enough to stop midway
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "events.geojson"
    out.write_text("previous run\n", encoding="utf-8")
    run = _extract_in_background(articles, out, tmp, jobs)
    _wait_for_the_spill(run, tmp)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert list(tmp.iterdir()) == []
    assert out.read_text(encoding="utf-8") == "previous run\n"


def _spill_files(pid: int, tmp: Path) -> list[str]:
    """The run's temporary files in `tmp`: named ones, and (Linux) the nameless ones it holds.

    Only geomap's own: Python's first `tempfile.gettempdir()` also opens a file in `tmp`
    for an instant (a probe with an eight-letter name), and a signal sent then can land
    before the probe is removed, which no code of geomap's could help.
    """
    import os

    found = [str(p) for p in tmp.glob("geomap-*")]
    fds = Path(f"/proc/{pid}/fd")
    for fd in fds.iterdir() if fds.is_dir() else []:
        try:
            target = os.readlink(fd)
        except OSError:
            continue  # closed meanwhile
        ours = Path(target).name.startswith(("geomap-", "#"))  # "#123 (deleted)": O_TMPFILE
        if target.startswith(str(tmp)) and ours and target not in found:
            found.append(target)
    return found


def _wait_for_the_spill(run: subprocess.Popen[str], tmp: Path, files: int = 1) -> list[str]:
    """Wait until the run has `files` temporary files: two while articles are read (their
    events and metadata), three once the merge writes its lines."""
    import time

    deadline = time.monotonic() + 60
    while len(found := _spill_files(run.pid, tmp)) < files:
        assert run.poll() is None, "the run ended before it could be stopped"
        assert time.monotonic() < deadline, "no spill file appeared"
        time.sleep(0.005)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="unlinked spills need /proc")
@pytest.mark.parametrize("files", [2, 3])  # while reading, while merging
def test_a_run_killed_outright_leaves_no_spill_file(tmp_path: Path, files: int) -> None:
    """SIGKILL (the out-of-memory killer) cannot be caught: the run's temporary files must
    have no name by then, the events' while articles are read and the merge's line files."""
    import signal

    articles = _seed_copies(tmp_path / "articles", 400)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    run = _extract_in_background(articles, tmp_path / "e.json", tmp)
    spilled = _wait_for_the_spill(run, tmp, files)
    assert all(s.endswith(" (deleted)") for s in spilled), spilled  # no name while in use
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=60)
    assert list(tmp.iterdir()) == []


def test_a_cold_extract_loads_no_geometry_or_map_library(tmp_path: Path) -> None:
    """Startup is most of a one-article run (< 1 s once the caches exist is the target):
    geopy, shapely, folium and dask are imported only where they are used, never by
    reading articles.  (A first run may validate the gazetteer, which uses shapely.)"""
    import subprocess
    import sys

    heavy = ("geopy", "shapely", "folium", "dask", "spacy")
    code = (
        "import sys\n"
        "from geomap.cli import main\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        f"    print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
    )
    seed = sorted((ROOT / "seeds").glob("*.txt"))[3]
    out = tmp_path / "events.geojson"
    args = ["extract", str(seed), "-g", str(ROOT / "gazetteer"), "-o", str(out)]
    for _ in range(2):  # the second run finds the caches the first made
        run = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
        )
        assert run.returncode == 0, run.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["features"]  # it did read the article
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_jobs_zero_means_one_per_usable_core_and_a_negative_count_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import geomap.pipeline as pipeline

    asked: list[int] = []
    real_fold = pipeline.fold

    def fold(*args: object, jobs: int = 1, **kwargs: object) -> object:
        asked.append(jobs)
        return real_fold(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "fold", fold)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 2, 5}, raising=False)
    command = ["extract", str(ROOT / "seeds"), "-g", str(ROOT / "gazetteer"), "--no-geonames"]
    for jobs in ("0", "4"):
        done = runner.invoke(app, [*command, "-j", jobs, "-o", str(tmp_path / f"{jobs}.json")])
        assert done.exit_code == 0, done.output
    assert asked == [3, 4]  # the three cores this process may use (a container's, not the host's)
    refused = runner.invoke(app, [*command, "-j", "-1", "-o", str(tmp_path / "no.json")])
    assert refused.exit_code == 2
    assert "--jobs" in refused.output
    assert not (tmp_path / "no.json").exists()


def test_the_summary_counts_the_articles_that_tell_of_no_armed_conflict(tmp_path: Path) -> None:
    (tmp_path / "war.txt").write_text(
        "Title\n\nTroops captured Palmyra on Monday.\n", encoding="utf-8"
    )
    match = ROOT / "tests" / "data" / "non_conflict" / "football.txt"
    (tmp_path / "match.txt").write_text(match.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path), "-g", str(ROOT / "gazetteer")])
    assert result.exit_code == 0, result.output
    assert "2 articles, 1 events" in result.stderr
    assert "; 1 tells of no armed conflict (read for places only)" in result.stderr
