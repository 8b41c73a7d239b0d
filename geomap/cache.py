"""Remembered per-article results, so a growing archive is extracted only where it grew.

A monitoring feed adds articles to a folder every day, and re-running
`geomap extract` or `geomap build` over the folder would read every old
article again.  With a cache folder (`--cache DIR`), each article's result
is kept under a key made of everything it depends on:

* the article's bytes, its path as given and its manifest entry;
* the *fingerprint* of the run: geomap's own code and data files, the
  gazetteer's places, the lexicon, and which GeoNames cache (if any) the
  long tail is looked up in, and the airportsdata release airfields come from.

Change any of these and the key changes, so a stale answer is never
served; entries for old keys are simply never asked for again.  Each entry
records the day it was last written or read, and `ResultCache.prune`
(`geomap cache prune DIR`) removes those not used for some days: after an
upgrade or a gazetteer edit, the old run's entries; for a feed, articles
that left the folder.  The store is one SQLite file in WAL mode, which
worker processes (`--jobs`) read and write at once.  An entry that does not
decode is treated as missing and written again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import ValidationError

from geomap import airfields
from geomap.errors import GeomapError
from geomap.models import ArticleResult

if TYPE_CHECKING:
    from geomap.gazetteer import Gazetteer
    from geomap.geonames import GeoNamesIndex
    from geomap.lexicon import Lexicon

logger = logging.getLogger("geomap")
CACHE_FILE = "results.sqlite3"
#: Bump when the stored form changes, so old entries are not read.
_FORMAT = b"geomap-results-1"


class CacheError(GeomapError):
    """The cache folder cannot be used (not writable, or not a geomap cache)."""


def today() -> int:
    """The day number (days since 1970-01-01, UTC) that entries are stamped with when used."""
    return int(time.time() // 86_400)


class Pruned(NamedTuple):
    """What `ResultCache.prune` did: entries removed and kept, and the file's size before and
    after, in bytes."""

    removed: int
    kept: int
    size_before: int
    size_after: int


def _package_digest() -> bytes:
    """Every file of the installed geomap package: code and curated word lists."""
    root = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=16)
    for file in sorted(root.rglob("*")):
        if file.is_file() and file.suffix in (".py", ".yaml", ".yml", ".json"):
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    return digest.digest()


def fingerprint(gazetteer: Gazetteer, lexicon: Lexicon, geonames: GeoNamesIndex | None) -> str:
    """What every result of a run depends on, beside its article (see the module's doc)."""
    digest = hashlib.blake2b(_FORMAT, digest_size=16)
    digest.update(_package_digest())
    for place_id in sorted(gazetteer.places):
        digest.update(gazetteer.places[place_id].model_dump_json().encode())
    for part in (lexicon.triggers, lexicon.references):
        digest.update(part.model_dump_json().encode())
    for actor_id in sorted(lexicon.actors):
        digest.update(lexicon.actors[actor_id].model_dump_json().encode())
    digest.update(f"airportsdata {airfields.data_version()}".encode())
    if geonames is None:
        digest.update(b"no geonames")
    else:
        stat = geonames.path.stat()
        digest.update(f"{geonames.path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def article_key(fingerprint: str, path: str, entry: dict[str, Any] | None, raw: bytes) -> bytes:
    """The key of one article's result under a run's fingerprint."""
    digest = hashlib.blake2b(fingerprint.encode(), digest_size=20)
    digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(json.dumps(entry, sort_keys=True, default=str).encode() + b"\0")
    digest.update(raw)
    return digest.digest()


class ResultCache:
    """Article results kept in `folder`/results.sqlite3 (see the module's doc)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._broken = False
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.folder / CACHE_FILE, timeout=60.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, value BLOB NOT NULL)"
            )
            # The day each entry was last used, kept apart: SQLite rewrites a whole row
            # to update one field, and a result is kilobytes.  An entry without a day
            # (written before days were kept, so by an older geomap) counts as unused.
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS used"
                " (key BLOB PRIMARY KEY, day INTEGER NOT NULL) WITHOUT ROWID"
            )
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise CacheError(
                f"cache folder {self.folder}: cannot be used as a result cache ({exc})"
            ) from None

    def __reduce__(self) -> tuple[Any, tuple[Path]]:
        """Pickle as the folder, so worker processes open their own connection."""
        return (ResultCache, (self.folder,))

    def get(self, key: bytes) -> ArticleResult | None:
        """The remembered result, or None (also for an entry that does not decode)."""
        if self._broken:
            return None
        try:
            row = self._db.execute(
                "SELECT value, day FROM results LEFT JOIN used USING (key) WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return None
        if row is None:
            return None
        try:
            result = ArticleResult.model_validate_json(zlib.decompress(row[0]))
        except (zlib.error, ValidationError, ValueError):
            return None
        day = today()
        if row[1] is None or row[1] < day:  # once a day at most, so a warm run seldom writes
            try:
                self._db.execute("INSERT OR REPLACE INTO used VALUES (?, ?)", (key, day))
                self._db.commit()
            except sqlite3.Error as exc:
                self._give_up(exc)
        return result

    def put(self, key: bytes, result: ArticleResult) -> None:
        """Remember a result; a cache that fails (a full disk, say) is left for the run's rest."""
        if self._broken:
            return
        value = zlib.compress(result.model_dump_json().encode(), 1)
        try:
            self._db.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", (key, value))
            self._db.execute("INSERT OR REPLACE INTO used VALUES (?, ?)", (key, today()))
            self._db.commit()
        except sqlite3.Error as exc:
            self._give_up(exc)

    def prune(self, unused_days: int) -> Pruned:
        """Remove the entries not written or read in the last `unused_days` days (0: not today),
        and give their space back to the file system."""
        if unused_days < 0:
            raise ValueError("unused_days must be 0 or more")
        before = self._size()
        try:
            since = today() - unused_days
            removed = self._db.execute(
                "DELETE FROM results WHERE key NOT IN (SELECT key FROM used WHERE day >= ?)",
                (since,),
            ).rowcount
            self._db.execute("DELETE FROM used WHERE day < ?", (since,))
            self._db.commit()
            self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise CacheError(f"cache folder {self.folder}: cannot prune ({exc})") from None
        return Pruned(removed, len(self), before, self._size())

    def _size(self) -> int:
        """Bytes the cache takes: its SQLite file and write-ahead log."""
        files = (self.folder / CACHE_FILE, self.folder / f"{CACHE_FILE}-wal")
        return sum(f.stat().st_size for f in files if f.exists())

    def _give_up(self, exc: sqlite3.Error) -> None:
        """Go on without the cache: every article is then extracted, none is lost."""
        self._broken = True
        logger.warning("result cache %s failed (%s); going on without it", self.folder, exc)

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM results").fetchone()[0])

    def close(self) -> None:
        self._db.close()


def prune_cache(folder: str | Path, unused_days: int = 30) -> Pruned:
    """Prune the result cache in `folder` (see `ResultCache.prune`).

    Unlike opening a `ResultCache`, which makes one, a folder that holds no
    cache is an error: a mistyped path must not pass for an empty cache.
    """
    folder = Path(folder)
    if not (folder / CACHE_FILE).is_file():
        raise CacheError(f"cache folder {folder}: no result cache there ({CACHE_FILE})")
    cache = ResultCache(folder)
    try:
        return cache.prune(unused_days)
    finally:
        cache.close()
