"""Curated YAML data files: load with line numbers, validate, write atomically.

Curators edit YAML by hand (gazetteer, actor lexicon, trigger words, colours).
A mistake must come back as `file:line: field: message`, never a traceback,
and an edit by a command must keep their comments and never leave a
half-written file.  ruamel.yaml's round-trip mode gives YAML 1.2 (so `NO` is
Norway), comments and the line of every key; pydantic gives the checks.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from geomap.errors import Problem

__all__ = [
    "fd_path",
    "load_model",
    "load_yaml_text",
    "locate",
    "nameless_file",
    "problems_from_validation",
    "round_trip_yaml",
    "to_plain",
    "write_atomic",
]

ModelT = TypeVar("ModelT", bound=BaseModel)


def round_trip_yaml() -> YAML:
    """A ruamel round-trip loader/dumper: YAML 1.2, comments kept, no line wrapping."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def load_yaml_text(text: str, path: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; a syntax error becomes a Problem at the line ruamel marks."""
    try:
        return round_trip_yaml().load(text), []
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
            what += f" ({exc.context}, line {exc.context_mark.line + 1})"
        return None, [Problem(path, line, None, f"YAML syntax error: {what}")]
    except YAMLError as exc:
        return None, [Problem(path, None, None, f"YAML error: {exc}")]


def to_plain(node: Any) -> Any:
    """ruamel's commented containers and scalar subclasses as plain Python values.

    Validated models then hold ordinary floats and strings, which pickle,
    compare and serialise like any other.
    """
    if isinstance(node, dict):
        return {to_plain(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def locate(raw: Any, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the deepest node of `raw` that `loc` reaches.

    A missing key (a required field left out) reports the line of the
    mapping that should hold it.
    """
    line: int | None = 1 if isinstance(raw, CommentedMap | CommentedSeq) else None
    node = raw
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            # The key's line, not the value's: a nested block starts below it.
            line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line = node.lc.item(part)[0] + 1
            node = node[part]
        else:
            break
    return line


def problems_from_validation(path: str, raw: Any, error: ValidationError) -> list[Problem]:
    """One Problem per pydantic error, with the line its location points at."""
    problems = []
    for item in error.errors():
        loc = item["loc"]
        field = ".".join(str(p) for p in loc) or None
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown field (a typo?); remove it or fix its name"
        elif item["type"] == "missing":
            message = "required field is missing"
        problems.append(Problem(path, locate(raw, loc), field, message))
    return problems


def load_model(
    path: Path, model_cls: type[ModelT], *, text: str | None = None, display: str | None = None
) -> tuple[ModelT | None, list[Problem], Any]:
    """Load and validate one curated YAML file.

    Returns the model (None when invalid), every problem found, and the raw
    round-trip tree (None on a syntax error) so callers can find the line of
    anything they check themselves.  `text` overrides the file's content (to
    validate an edit before writing it); `display` is the path shown in
    messages.
    """
    shown = display if display is not None else str(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return None, [Problem(shown, None, None, f"cannot read file: {exc}")], None
    raw, problems = load_yaml_text(text, shown)
    if problems:
        return None, problems, None
    if raw is None:
        return None, [Problem(shown, 1, None, "file is empty")], None
    try:
        model = model_cls.model_validate(to_plain(raw))
    except ValidationError as exc:
        return None, problems_from_validation(shown, raw, exc), raw
    return model, [], raw


def write_atomic(path: Path, text: str | bytes) -> None:
    """Replace `path` with `text` (or bytes): a crash leaves the old file or the new, never half."""
    with atomic_text(path) as handle:
        if isinstance(text, str):
            handle.write(text)
        else:
            handle.flush()
            handle.buffer.write(text)


def fd_path(fd: int) -> str:
    """The path by which any process (this one included) opens this process's descriptor `fd`,
    on a system with /proc: how a file without a name is reached or given one."""
    return f"/proc/{os.getpid()}/fd/{fd}"


def nameless_file(directory: str | Path) -> int | None:
    """A read-write descriptor of a new file in `directory` that has no name, or None.

    Linux makes one with O_TMPFILE; it disappears with the process however
    the process ends (SIGKILL, the out-of-memory killer), and it can be given
    a name later through /proc.  None where the system, the file system or
    /proc cannot.
    """
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir(os.path.dirname(fd_path(0))):  # /proc/<pid>/fd
        return None
    try:
        return os.open(directory, flag | os.O_RDWR, 0o600)
    except OSError:
        return None  # a file system without O_TMPFILE, or no such folder (reported below)


def _named_beside(fd: int, path: Path) -> Path:
    """Give the nameless file `fd` a fresh hidden name next to `path`, to be renamed over it."""
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        for _ in range(100):
            name = f".{path.name}.{secrets.token_hex(4)}.tmp"
            try:
                # A folder descriptor makes this linkat(2), which follows the /proc link
                # to the file itself (plain link(2) would try to link the symlink).
                os.link(fd_path(fd), name, dst_dir_fd=folder, follow_symlinks=True)
            except FileExistsError:
                continue
            return path.parent / name
    finally:
        os.close(folder)
    raise FileExistsError(f"no free temporary name next to {path}")


@contextlib.contextmanager
def atomic_text(path: Path) -> Iterator[io.TextIOWrapper]:
    """A UTF-8 text handle whose writes replace `path` only when the block ends without error.

    So an export streamed over minutes is never seen half-written.  On Linux
    the text goes to a file with no name (`nameless_file`) in the same folder,
    which gets a name only once it is complete and fsynced, to be renamed over
    `path` at once: a run killed while writing leaves nothing behind.
    Elsewhere it is a hidden named file, removed on failure.  An existing
    file's mode is kept; a new one gets the usual 0644.
    """
    path = Path(path)
    fd = nameless_file(path.parent)
    tmp: Path | None = None
    if fd is None:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw, io.TextIOWrapper(raw, "utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(raw.fileno())
            with contextlib.suppress(OSError):
                os.fchmod(raw.fileno(), path.stat().st_mode & 0o7777 if path.exists() else 0o644)
            if tmp is None:
                tmp = _named_beside(raw.fileno(), path)
        os.replace(tmp, path)
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
