"""Deterministic element ids for folium/branca.

branca names every element with 32 random hex digits (`os.urandom`), so two
builds of the same map differ and `maps/` would never diff cleanly.  While a
map is built inside `stable_ids()`, ids come from a counter that starts at 1
for each build instead.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from branca.element import Element

_LOCK = threading.Lock()


@contextmanager
def stable_ids(prefix: str = "g") -> Iterator[None]:
    """Give every branca element created inside the block a counter id.

    Holds a lock because the patch is process-wide: two threads building maps
    at once would otherwise share one counter.
    """
    counter = itertools.count(1)
    with _LOCK:
        original = Element.__dict__["_generate_id"]

        def counted_id(cls: type[Element]) -> str:
            return f"{prefix}{next(counter):04d}"

        setattr(Element, "_generate_id", classmethod(counted_id))  # noqa: B010
        try:
            yield
        finally:
            setattr(Element, "_generate_id", original)  # noqa: B010
