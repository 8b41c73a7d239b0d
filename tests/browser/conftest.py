"""Debian's Chromium through Playwright (executable_path set; never a browser download).

Without Chromium the browser tests are skipped with the reason, except where
GEOMAP_REQUIRE_BROWSER is set (CI), where a missing browser is an error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pages import Visit, open_offline

from geomap.snapshot import CHROMIUM_ARGS, chromium_path

HAVE_CHROMIUM = Path(chromium_path()).is_file()
if not HAVE_CHROMIUM and os.environ.get("GEOMAP_REQUIRE_BROWSER"):
    raise RuntimeError(f"GEOMAP_REQUIRE_BROWSER is set; no Chromium at {chromium_path()}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if HAVE_CHROMIUM:
        return
    skip = pytest.mark.skip(
        reason=f"no Chromium at {chromium_path()}: apt-get install chromium, or set GEOMAP_CHROMIUM"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is missing"
    )
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Visit]]:
    """open_page(folder, name, width, height) -> Visit; contexts close after the test."""
    contexts: list[Any] = []

    def open_(folder: Path, name: str, width: int = 1200, height: int = 800) -> Visit:
        context, seen = open_offline(browser, folder / f"{name}.html", width, height)
        contexts.append(context)
        return seen

    yield open_
    for context in contexts:
        context.close()
