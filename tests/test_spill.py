"""Records waiting for the merge, in memory or in a temporary file."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.models import Actors, Count, Event, Evidence, PlaceRef
from geomap.spill import Spill

AREA = PlaceRef(id="x", name='Qaryat \u00e9 "x" <b>', kind="town", lat=1.25, lon=-0.1)


def _event(n: int) -> Event:
    return Event(
        id=f"ev-{n}",
        event_type="evacuation",
        date=dt.date(2020, 1, 1) + dt.timedelta(days=n),
        time_precision=1 + n % 3,
        origin=AREA,
        actors=Actors.model_validate({"from": "isis", "evacuees": ["civilians"]}),
        counts={"people": n},
        count_claims=[
            Count(kind="people", value=n, qualifier="approx", text=str(n), article=f"a{n}")
        ],
        confidence=0.1 + n / 1000,
        sources=[
            Evidence(
                article=f"a{n}", quote="line\nbreak \u062f\u0645\u0634\u0642", start=n, end=n + 3
            )
        ],
    )


@pytest.mark.parametrize("on_disk", [False, True])
def test_records_come_back_equal_in_any_order(on_disk: bool) -> None:
    spill = Spill(Event, on_disk=on_disk)
    events = [_event(n) for n in range(30)]
    spill.extend(events[:10])
    assert spill.take([9, 0, 4]) == [events[9], events[0], events[4]]
    spill.extend(events[10:])  # appends after reads go to the end, not over record 5
    assert len(spill) == 30
    assert list(spill) == events
    assert spill[-1] == events[-1]
    with pytest.raises(IndexError):
        spill[30]
    spill.close()
    assert len(spill) == 0


@pytest.mark.parametrize("on_disk", [False, True])
def test_records_given_as_json_come_back_equal(on_disk: bool) -> None:
    """What a worker process hands over already serialised (see `aggregate.pack`)."""
    spill = Spill(Event, on_disk=on_disk)
    events = [_event(n) for n in range(12)]
    for n, event in enumerate(events):
        if n % 2:
            spill.append_json(event.__pydantic_serializer__.to_json(event))
        else:
            spill.append(event)
        if n == 5:
            assert spill[3] == events[3]  # a read between appends
    assert list(spill) == events
    spill.close()


def test_on_disk_holds_offsets_not_records() -> None:
    spill = Spill(Event, on_disk=True)
    spill.extend(_event(n) for n in range(100))
    assert spill._items == []
    assert spill._file is not None and spill._file.tell() > 100 * 300
    assert len(spill._offsets) == 101


def test_a_forgotten_spill_closes_its_file() -> None:
    spill = Spill(Event, on_disk=True)
    spill.append(_event(1))
    handle = spill._file
    assert handle is not None
    del spill
    gc.collect()
    assert handle.closed


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=25), st.lists(st.integers(0, 24), max_size=10))
def test_disk_and_memory_agree(ns: list[int], picks: list[int]) -> None:
    memory, disk = Spill(Event), Spill(Event, on_disk=True)
    for n in ns:
        memory.append(_event(n))
        disk.append(_event(n))
        picked = [p for p in picks if p < len(memory)]
        assert disk.take(picked) == memory.take(picked)
    assert list(disk) == list(memory)
    disk.close()


@pytest.mark.parametrize("o_tmpfile", [True, False])
def test_a_reader_in_another_process_reads_the_same_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, o_tmpfile: bool
) -> None:
    """Merge workers get a pickled reader; it must see every record written, and no more.

    Also where the file system cannot make a nameless file (a name removed at once)."""
    import pickle
    import subprocess
    import sys
    import tempfile

    from geomap import spill as spill_module

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    if not o_tmpfile:
        monkeypatch.setattr(spill_module, "_nameless", lambda: None)
    spill = Spill(Event, on_disk=True)
    events = [_event(n) for n in range(20)]
    spill.extend(events[:15])
    assert spill[3] == events[3]  # a read before the reader: nothing may be left unflushed
    spill.extend(events[15:])
    reader = spill.reader()
    assert reader.take([19, 0, 7, 7]) == [events[19], events[0], events[7], events[7]]
    (tmp_path / "reader.pickle").write_bytes(pickle.dumps(reader))
    other = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pickle, sys\n"
            "reader = pickle.loads(open(sys.argv[1], 'rb').read())\n"
            "print(' '.join(e.id for e in reader.take([19, 0, 7])))",
            str(tmp_path / "reader.pickle"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert other.stdout.split() == [events[19].id, events[0].id, events[7].id]
    names = [p.name for p in tmp_path.glob("geomap-*")]
    if Path("/proc/self/fd").is_dir():
        assert names == []  # unlinked at once: a killed run leaves nothing behind
    else:
        assert len(names) == 1
    reader.close()
    spill.close()
    assert list(tmp_path.glob("geomap-*")) == []  # close() removes a named file too


def test_only_a_spill_on_disk_has_a_reader() -> None:
    with pytest.raises(ValueError, match="on disk"):
        Spill(Event).reader()
