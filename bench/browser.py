"""Time to the first search result in headless Chromium, against a site served on loopback."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser_setup import system_chromium  # noqa: E402 - where `make` and the tests look for Chromium
from loopback import served  # noqa: E402 - the tests' loopback server (the tests never import bench/)

NO_CHROMIUM = "no Chromium: apt-get install chromium (Debian), or set HANDBOOK_CHROMIUM to a Chromium binary"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 30_000


# The handbook's search box (opened with /) and Material's (the baseline's): its input and a result item.
HANDBOOK_BOX = (".hb-search__input", ".hb-search__result")
MATERIAL_BOX = (".md-search__input", ".md-search-result__item")
# Timed by the page's own clock: when the first result item enters the DOM, against the navigation's load event.
FIRST_RESULT_CLOCK = """
new MutationObserver((_, observer) => {
  if (document.querySelector(".hb-search__result, .md-search-result__item")) {
    window.__firstResult = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true});
"""
PAGE_TIMES = """() => [performance.getEntriesByType("navigation")[0].loadEventStart, window.__typed, window.__firstResult]"""


def chromium() -> str:
    """The Chromium to drive, as the tests find it; stop with how to get one when there is none."""
    path = system_chromium()
    if path is None:
        raise SystemExit(NO_CHROMIUM)
    return path


def first_result_seconds(browser, url: str, term: str) -> tuple[float, float]:
    """Seconds until the first result for term is in the page, typed as soon as the page has loaded:
    from the start of a cold load of url, and from its load event (both by the page's clock)."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(FIRST_RESULT_CLOCK)
    try:
        page.goto(url, wait_until="load")
        handbook = page.locator(".hb-search__open").count() > 0
        box, result = HANDBOOK_BOX if handbook else MATERIAL_BOX
        if handbook:
            page.keyboard.press("/")
        page.focus(box)
        page.evaluate("() => { window.__typed = performance.now() }")
        page.keyboard.type(term)
        page.keyboard.press("End")  # Material reads the box on keyup; typing Han text sends none (an IME commit does)
        page.wait_for_selector(result, timeout=TIMEOUT_MS)
        loaded, typed, shown = page.evaluate(PAGE_TIMES)
        if typed > shown:
            raise RuntimeError("results were there before the query was typed")
        return shown / 1000, (shown - loaded) / 1000
    except Exception as error:  # noqa: BLE001 - a timeout is a measurement, not a crash
        print(f"  search for {term!r} failed: {type(error).__name__}: {str(error).splitlines()[0]}")
        return float("inf"), float("inf")
    finally:
        context.close()


def paired_latencies(site: Path, pages: dict[str, str], terms: list[str]) -> dict[str, list[float]]:
    """Seconds from the load event to the first result on each of pages (label → path in site, its query given in
    the address's hash), term by term, the pages in turn: each page meets the machine's same moments."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {label: [] for label in pages}
    with served(site, compressed=True) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        try:
            for path in pages.values():
                first_result_seconds(browser, f"{url}{path}#{terms[0]}", terms[0])  # warm the browser process
            for term in terms:
                for label, path in pages.items():
                    times[label].append(first_result_seconds(browser, f"{url}{path}#{term}", term)[1])
            return times
        finally:
            browser.close()


def search_latencies(site: Path, terms: list[str]) -> list[tuple[float, float]]:
    """Time to the first result (from load start, from load event) for each term, each in a fresh context."""
    from playwright.sync_api import sync_playwright

    with served(site, compressed=True) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        try:
            first_result_seconds(browser, url, terms[0])  # warm the browser process, not the page cache
            return [first_result_seconds(browser, url, term) for term in terms]
        finally:
            browser.close()
