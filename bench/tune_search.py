"""Try Pagefind ranking options on the search test sets: recall@3 of the query and phrase sets per option set.

Usage: bench/tune_search.py SITE_DIR  (a built site). Drives the real search box in headless Chromium; the options
are handed to the same pagefind.js module the box uses. Prints one line per option set; the box's own options
(docs/assets/search.js) are what the tests assert.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench"), str(ROOT)]

from browser import served  # noqa: E402
from conftest import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from test_search_browser import PHRASES, QUERIES, TOP, SearchBox, rank  # noqa: E402

GRID = {"termFrequency": [0.3, 0.6, 1.0], "pageLength": [0.0, 0.4, 0.8], "termSaturation": [1.2, 1.6, 2.0],
        "termSimilarity": [1.0]}
SET_OPTIONS = """async ([root, ranking]) => (await import(root + "pagefind/pagefind.js")).options({ranking})"""


def main(site: Path) -> None:
    queries = QUERIES + PHRASES
    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        box = SearchBox(browser.new_page(), url)
        box.urls("續保")
        for values in itertools.product(*GRID.values()):
            ranking = dict(zip(GRID, values), metaWeights={"title": 6, "symptoms": 3, "section": 0})
            box.page.evaluate(SET_OPTIONS, [url, ranking])
            answers = box.search_all([q.query for q in queries])
            misses = [f"{q.query}{pages[:4]}" for q, pages in zip(queries, answers) if not rank(pages[:TOP], q.pages)]
            print(f"{len(queries) - len(misses)}/{len(queries)} {values} misses: {' '.join(misses)}", flush=True)
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
