"""Atomic writes: a reader sees the old file or the new one, and a killed run leaves no litter."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from geomap import datafiles
from geomap.datafiles import atomic_text, nameless_file, write_atomic


def _can_make_nameless(folder: Path) -> bool:
    """Whether this system and file system make nameless files (the probe's descriptor closed)."""
    fd = nameless_file(folder)
    if fd is None:
        return False
    os.close(fd)
    return True


@pytest.fixture(params=["nameless", "named"])
def how(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """Both ways of writing: a nameless file (Linux's O_TMPFILE) and the hidden named fallback."""
    if request.param == "named":
        monkeypatch.setattr(datafiles, "nameless_file", lambda directory: None)
    elif not _can_make_nameless(tmp_path):
        pytest.skip("this system or file system cannot make a nameless file")
    return str(request.param)


def test_a_write_replaces_the_file_and_keeps_its_mode(tmp_path: Path, how: str) -> None:
    old = tmp_path / "events.csv"
    old.write_text("old\n", encoding="utf-8")
    old.chmod(0o640)
    write_atomic(old, "new\n")
    write_atomic(tmp_path / "fresh.csv", "fresh\n")
    assert old.read_text(encoding="utf-8") == "new\n"
    assert old.stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "fresh.csv").stat().st_mode & 0o777 == 0o644  # not the temp file's 0600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv", "fresh.csv"]


def test_a_failure_while_writing_leaves_the_old_file_and_no_other(tmp_path: Path, how: str) -> None:
    old = tmp_path / "events.geojson"
    old.write_text("previous run\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_text(old) as handle:
        handle.write("half of the new")
        handle.flush()
        raise RuntimeError("the article store went away")
    assert old.read_text(encoding="utf-8") == "previous run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.geojson"]


def test_a_writer_killed_outright_leaves_nothing_behind(tmp_path: Path) -> None:
    """SIGKILL (the out-of-memory killer) while an export is written: no hidden half file."""
    if not _can_make_nameless(tmp_path):
        pytest.skip("this system or file system cannot make a nameless file")
    old = tmp_path / "events.geojson"
    old.write_text("previous run\n", encoding="utf-8")
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from geomap.datafiles import atomic_text\n"
            "with atomic_text(Path(sys.argv[1])) as handle:\n"
            "    handle.write('x' * 100_000)\n"
            "    handle.flush()\n"
            "    print('writing', flush=True)\n"
            "    time.sleep(60)\n",
            str(old),
        ],
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        try:
            assert writer.stdout is not None
            assert writer.stdout.readline() == "writing\n"
        finally:
            os.kill(writer.pid, signal.SIGKILL)
            writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    assert [p.name for p in tmp_path.iterdir()] == ["events.geojson"]
    assert old.read_text(encoding="utf-8") == "previous run\n"
