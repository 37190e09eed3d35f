"""Time to the first search result in headless Chromium, against a site served on loopback."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 30_000


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not log every request."""

    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        """Stay silent."""


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """Serve directory on 127.0.0.1 on a free port for the duration; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_result_seconds(browser, url: str, term: str) -> tuple[float, float]:
    """Seconds until the first result for term is shown: from the start of a cold load of url, and from its load event."""
    context = browser.new_context()
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="load")
        loaded = time.perf_counter()
        page.focus(".md-search__input")
        page.keyboard.type(term)
        page.keyboard.press("End")  # Material reads the box on keyup; typing Han text sends none (an IME commit does)
        page.wait_for_selector(".md-search-result__item", timeout=TIMEOUT_MS)
        shown = time.perf_counter()
        return shown - start, shown - loaded
    except Exception as error:  # noqa: BLE001 - a timeout is a measurement, not a crash
        print(f"  search for {term!r} failed: {type(error).__name__}: {str(error).splitlines()[0]}")
        return float("inf"), float("inf")
    finally:
        context.close()


def search_latencies(site: Path, terms: list[str]) -> list[tuple[float, float]]:
    """Time to the first result (from load start, from load event) for each term, each in a fresh context."""
    from playwright.sync_api import sync_playwright

    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            first_result_seconds(browser, url, terms[0])  # warm the browser process, not the page cache
            return [first_result_seconds(browser, url, term) for term in terms]
        finally:
            browser.close()
