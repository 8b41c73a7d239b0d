"""Where an archive's records wait for the merge: in memory, or in a temporary file.

A run over years of back issues finds hundreds of thousands of event
reports, and the merge needs all of them at the end.  Held as objects they
cost about 5 KB each; spilled, each costs an 8-byte offset while it waits,
and the merge reads back one part of the corpus at a time (see
`aggregate.Aggregator`).  Records are written as pydantic JSON, which reads
back equal to what was written and is several times faster than pickle.
Merge workers read the file too (`Spill.reader`).  On Linux it never has a
name (O_TMPFILE, or a name removed as soon as it is made), and other
processes open it as /proc/<pid>/fd/<n>: a run killed outright (SIGKILL, the
out-of-memory killer) then leaves nothing behind in `TMPDIR`.  Where /proc
is missing the file keeps its name until `close()` or the process's exit.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import weakref
from array import array
from collections.abc import Iterable, Iterator
from typing import IO, Generic, TypeVar

from pydantic import BaseModel

from geomap.datafiles import fd_path, nameless_file

M = TypeVar("M", bound=BaseModel)


class Spill(Generic[M]):
    """An append-only list of pydantic records, kept in memory or on disk.

    On disk the records go to a temporary file (in `TMPDIR`), removed by
    `close()` or when the process exits; only their offsets stay in memory.
    """

    def __init__(self, model: type[M], *, on_disk: bool = False) -> None:
        self.model = model
        self.on_disk = on_disk
        self._items: list[M] = []
        self._file: IO[bytes] | None = None
        self._path: str | None = None  # how another process opens the file
        self._named: str | None = None  # its name, where it keeps one (no /proc)
        self._offsets = array("q", [0])  # record i is bytes offsets[i]:offsets[i + 1]
        self._reading = False

    def append(self, item: M) -> None:
        if not self.on_disk:
            self._items.append(item)
            return
        self._write(item.__pydantic_serializer__.to_json(item))

    def _write(self, blob: bytes) -> None:
        if self._file is None:
            # Lives as long as the Spill, not a with-block: closed (and removed) by close() or
            # at exit, or at once where other processes can open it by /proc.
            self._file, self._path, self._named = _temporary(".jsonl")
            weakref.finalize(self, _discard, self._file, self._named)  # a forgotten Spill too
        if self._reading:  # reads moved the position; appends go at the end
            self._file.seek(self._offsets[-1])
            self._reading = False
        self._file.write(blob)
        self._offsets.append(self._offsets[-1] + len(blob))

    def append_json(self, blob: bytes) -> None:
        """Append a record given as its JSON (as `append` writes it); on disk it is not built."""
        if not self.on_disk:
            self._items.append(self.model.model_validate_json(blob))
            return
        self._write(blob)

    def extend(self, items: Iterable[M]) -> None:
        for item in items:
            self.append(item)

    def __len__(self) -> int:
        return len(self._items) if not self.on_disk else len(self._offsets) - 1

    def __getitem__(self, i: int) -> M:
        if not self.on_disk:
            return self._items[i]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self._read(i % len(self))

    def take(self, indices: Iterable[int]) -> list[M]:
        """The records at these positions, in the order given."""
        if not self.on_disk:
            items = self._items
            return [items[i] for i in indices]
        return [self[i] for i in indices]

    def __iter__(self) -> Iterator[M]:
        return (self[i] for i in range(len(self))) if self.on_disk else iter(self._items)

    def _read(self, i: int) -> M:
        assert self._file is not None
        if not self._reading:
            self._file.flush()
            self._reading = True
        return _record(self.model, self._file, self._offsets, i)

    def reader(self) -> SpillReader[M]:
        """What another process needs to read the records written so far (on disk only)."""
        if not self.on_disk:
            raise ValueError("only a spill on disk can be read from another process")
        if self._file is not None:
            self._file.flush()
        return SpillReader(self.model, self._path, self._offsets)

    def close(self) -> None:
        """Drop the records (and the temporary file)."""
        if self._file is not None:
            _discard(self._file, self._named)
            self._file = self._path = self._named = None
        self._items = []
        self._offsets = array("q", [0])


class SpillReader(Generic[M]):
    """A spill on disk as another process reads it: its file's name and the records' offsets.

    It pickles small (8 bytes per record) and opens the file on first use,
    so a worker process can be handed one and `take` the records it merges.
    """

    def __init__(self, model: type[M], path: str | None, offsets: array[int]) -> None:
        self.model = model
        self.path = path
        self.offsets = offsets
        self._file: IO[bytes] | None = None

    def __getstate__(self) -> dict[str, object]:
        return {"model": self.model, "path": self.path, "offsets": self.offsets, "_file": None}

    def take(self, indices: Iterable[int]) -> list[M]:
        """The records at these positions, in the order given."""
        records: list[M] = []
        for i in indices:
            if self._file is None:
                assert self.path is not None
                self._file = open(self.path, "rb")  # noqa: SIM115 - closed by close()
            records.append(_record(self.model, self._file, self.offsets, i))
        return records

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def scratch_file(stack: contextlib.ExitStack) -> str:
    """A new empty temporary file that other processes open (read or write) by the path given.

    As with a spill, on Linux it has no name from the start; `stack` closes
    it (and removes a named one) when it unwinds.
    """
    file, path, named = _temporary(".part")
    stack.callback(_discard, file, named)
    return path


def _temporary(suffix: str) -> tuple[IO[bytes], str, str | None]:
    """A new temporary file, the path other processes open it by, and its name if it keeps one.

    On Linux it is made without a name (O_TMPFILE), so there is no moment at
    which a killed run could leave it behind; where the file system cannot,
    it is made with a name that is removed at once, and a signal (Ctrl-C,
    SIGTERM) that lands meanwhile removes it too.
    """
    anonymous = _nameless()
    if anonymous is not None:
        return anonymous, fd_path(anonymous.fileno()), None
    name = None
    try:
        fd, name = tempfile.mkstemp(prefix="geomap-", suffix=suffix)
        file = os.fdopen(fd, "w+b")
    except BaseException:
        if name is not None:
            os.close(fd)
            os.unlink(name)
        raise
    try:
        path = _unlinked(file, name)
    except BaseException:
        _discard(file, name)
        raise
    return file, path, None if path.startswith("/proc/") else name


def _nameless() -> IO[bytes] | None:
    """A file in TMPDIR that never has a name, if the system and file system can make one."""
    fd = nameless_file(tempfile.gettempdir())
    return None if fd is None else os.fdopen(fd, "w+b")


def _unlinked(file: IO[bytes], name: str) -> str:
    """Remove the file's name if other processes can open it by /proc; how they open it."""
    proc = fd_path(file.fileno())
    try:
        with open(proc, "rb"):
            pass
    except OSError:
        return name  # no /proc here: the file keeps its name
    os.unlink(name)
    return proc


def _discard(file: IO[bytes], name: str | None) -> None:
    file.close()
    if name is not None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def _record(model: type[M], file: IO[bytes], offsets: array[int], i: int) -> M:
    """Record `i` of a spill file: bytes `offsets[i]:offsets[i + 1]`, read back as `model`."""
    start = offsets[i]
    file.seek(start)
    return model.model_validate_json(file.read(offsets[i + 1] - start))
