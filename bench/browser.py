"""Time to the first search result in headless Chromium, against a site served on loopback."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import threading
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


COMPRESSED_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


@functools.lru_cache(maxsize=64)
def gzipped(path: str, mtime: float) -> bytes:
    """A file's bytes gzipped at nginx's level in deploy/nginx/handbook.conf (gzip_comp_level 5)."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=5)


class GzipHandler(QuietHandler):
    """Compresses text files for clients that accept gzip, as the intranet's nginx does (deploy/nginx/)."""

    def do_GET(self):
        """Send a text file gzipped when the client accepts it; anything else as the plain handler does."""
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.endswith(COMPRESSED_SUFFIXES) \
                or not os.path.isfile(path):
            return super().do_GET()
        body = gzipped(path, os.path.getmtime(path))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def served(directory: Path, compressed: bool = False) -> Iterator[str]:
    """Serve directory on 127.0.0.1 on a free port for the duration (gzipped like nginx if compressed); yields the base URL."""
    handler = functools.partial(GzipHandler if compressed else QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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


def search_latencies(site: Path, terms: list[str]) -> list[tuple[float, float]]:
    """Time to the first result (from load start, from load event) for each term, each in a fresh context."""
    from playwright.sync_api import sync_playwright

    with served(site, compressed=True) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            first_result_seconds(browser, url, terms[0])  # warm the browser process, not the page cache
            return [first_result_seconds(browser, url, term) for term in terms]
        finally:
            browser.close()
