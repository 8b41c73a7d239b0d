"""What the browser tests share: opening a page offline, and what a clean page means."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geomap.snapshot import is_local

#: The one host a page may try to reach (and is refused, since tests block the network).
TILE_HOST = "https://tile.openstreetmap.org/"


@dataclass
class Visit:
    """A loaded page and what it tried to do."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def open_offline(
    browser: Any, path: Path, width: int = 1200, height: int = 800
) -> tuple[Any, Visit]:
    """Load a page from file:// with every network request aborted; wait until it is ready."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    seen = Visit(page)

    def on_console(msg: Any) -> None:
        url = (msg.location or {}).get("url", "")
        if msg.type == "error" and not url.startswith(TILE_HOST):
            seen.console_errors.append(f"{msg.text} @ {url}")

    def route(r: Any) -> None:
        if is_local(r.request.url):
            r.continue_()
        else:
            seen.blocked.append(r.request.url)
            r.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: seen.console_errors.append(f"pageerror: {exc}"))
    context.route("**/*", route)
    page.goto(path.as_uri(), wait_until="load")
    if path.stem != "index":
        page.wait_for_function("window.geomap && window.geomap.ready === true")
    return context, seen


#: True once nothing on an incidents map moves: no cluster split, zoom or pan under way.
_SETTLED = """id => {
  const cluster = window.geomap.cluster, map = cluster._map, marker = window.geomap.markers[id];
  return !cluster._inZoomAnimation && !map._animatingZoom &&
    !(map._panAnim && map._panAnim._inProgress) && !!marker._icon;
}"""


def open_marker_popup(page: Any, event_id: str) -> Any:
    """Bring a clustered incident marker on screen, click it as a reader would, return its popup.

    The click waits until the map has stopped moving: a click that lands while the
    cluster plugin still slides its markers, or while the map pans, can miss.  CI
    saw such a miss once (no popup in 30 s) that no local run reproduced, so a
    miss is reported as a warning with the map's state and the click is tried
    once more; a second miss fails the test.
    """
    page.evaluate(
        "id => new Promise(done => window.geomap.cluster.zoomToShowLayer("
        "window.geomap.markers[id], done))",
        event_id,
    )
    popup = page.locator(".leaflet-popup-content")
    marker = page.locator(f'[data-event-id="{event_id}"]')
    page.wait_for_function(_SETTLED, arg=event_id)
    marker.click()
    try:
        popup.wait_for(timeout=10_000)
    except Exception:  # Playwright's TimeoutError (playwright may be absent at import)
        state = page.evaluate(
            "id => { const m = window.geomap.markers[id]; return {"
            "icon: !!m._icon, open: m.isPopupOpen(), zoom: m._map && m._map.getZoom()}; }",
            event_id,
        )
        with warnings.catch_warnings():  # into pytest's summary, not an error
            warnings.simplefilter("default")
            warnings.warn(f"no popup after clicking {event_id}: {state}", stacklevel=2)
        page.wait_for_function(_SETTLED, arg=event_id)
        if not state["open"]:  # a second click on an open popup's marker would close it
            marker.click()
        popup.wait_for()
    return popup


def click_middle(page: Any, selector: str) -> None:
    """Click where a reader would: the middle of a (straight) route on screen."""
    box = page.locator(selector).bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def assert_clean(seen: Visit) -> None:
    """No console error, no request but the refused tiles, and no injected script ran."""
    assert seen.console_errors == []
    assert all(url.startswith(TILE_HOST) for url in seen.blocked), seen.blocked
    assert seen.page.evaluate("typeof window.__xss") == "undefined"


def assert_sorts_by_date(page: Any) -> None:
    """Clicking the index's date header sorts the events table up, then down."""

    def dates() -> list[str]:
        return page.eval_on_selector_all(
            "#events tbody tr td:first-child", "tds => tds.map(t => t.getAttribute('data-sort'))"
        )

    page.locator("#col-date").click()
    assert dates() == sorted(dates())
    page.locator("#col-date").click()
    assert dates() == sorted(dates(), reverse=True)
