"""geomap: conflict news articles to located, sourced events and Leaflet maps."""

from __future__ import annotations

__version__ = "0.1.0"
