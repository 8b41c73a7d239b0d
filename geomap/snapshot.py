"""PNG snapshots of map pages, for PDF and Word reports.

Drives Debian's headless Chromium through Playwright (no browser download:
the executable comes from $GEOMAP_CHROMIUM or /usr/bin/chromium).  Every
request other than file: and data: is refused, so a snapshot shows exactly
what an offline reader sees and never waits on the network.
"""

from __future__ import annotations

import os
from pathlib import Path

from geomap.errors import GeomapError

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class SnapshotError(GeomapError):
    """A page could not be photographed (no browser, unreadable page)."""


def chromium_path() -> str:
    """The Chromium executable to drive: $GEOMAP_CHROMIUM, else Debian's."""
    return os.environ.get("GEOMAP_CHROMIUM") or DEFAULT_CHROMIUM


def is_local(url: str) -> bool:
    return url.startswith(("file:", "data:", "about:"))


def snapshot(
    html_path: Path, png_path: Path, width: int = 1200, height: int = 800, *, wait_ms: int = 300
) -> Path:
    """Render `html_path` in headless Chromium and write a PNG of the viewport.

    Waits for the page's `window.geomap.ready` flag (set once the map is drawn)
    when the page has one, then `wait_ms` more for transitions to settle.
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    html_path = Path(html_path).resolve()
    png_path = Path(png_path)
    if not html_path.is_file():
        raise SnapshotError(f"{html_path}: no such page; build the maps first")
    executable = chromium_path()
    if not Path(executable).is_file():
        raise SnapshotError(
            f"{executable}: Chromium not found; install Debian's chromium "
            "or set GEOMAP_CHROMIUM to its path"
        )
    png_path.parent.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.route(
                    "**/*",
                    lambda route: (
                        route.continue_() if is_local(route.request.url) else route.abort()
                    ),
                )
                page.goto(html_path.as_uri(), wait_until="load")
                page.wait_for_function(
                    "!window.geomap || window.geomap.ready === true", timeout=15000
                )
                page.wait_for_timeout(wait_ms)
                page.screenshot(path=str(png_path))
            finally:
                browser.close()
    except PlaywrightError as exc:
        detail = f" (page errors: {'; '.join(errors)})" if errors else ""
        raise SnapshotError(f"{html_path}: snapshot failed: {exc}{detail}") from exc
    return png_path
