"""geomap's exceptions, one tree with one root.

    GeomapError
    ├── DataFileError            a curated YAML file (gazetteer, lexicon, colours) is wrong
    │   └── GazetteerError       ... a gazetteer file; carries every Problem found
    ├── GazetteerEditError       `gazetteer add` refused an edit (duplicate, invalid)
    ├── ArticleError(ValueError) one article cannot be read (the run skips it)
    ├── NoArticlesError          not one article could be read: nothing is written
    ├── GeocoderUnavailable(ConnectionError)  the opt-in online geocoder is unreachable
    └── RenderError              a map could not be drawn from the given GeoJSON

Data travels in attributes (path, line, field) so a CLI can print one clear
line per problem and a notebook user can inspect them.  An unresolved place
name is not an error: it is data in the run's report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, located precisely enough to fix."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


class DataFileError(GeomapError):
    """A curated data file cannot be used; `problems` lists every fault found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class GazetteerError(DataFileError):
    """The gazetteer does not validate."""


class GazetteerEditError(GeomapError):
    """An edit to the gazetteer was refused; the files are unchanged."""


class ArticleError(GeomapError, ValueError):
    """An article cannot be read; the run skips it and goes on."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class NoArticlesError(GeomapError):
    """Not one article could be read: a mistyped folder must not overwrite good maps."""

    def __init__(self, paths: Sequence[str], skipped: int) -> None:
        self.paths = list(paths)
        named = ", ".join(self.paths) or "(no paths given)"
        why = f"all {skipped} skipped" if skipped else "no article files there"
        super().__init__(f"no article could be read from {named} ({why}); nothing was written")


class GeocoderUnavailable(GeomapError, ConnectionError):
    """The online geocoder could not be reached (offline, refused, timed out)."""


class RenderError(GeomapError):
    """A map cannot be drawn from the given input."""
