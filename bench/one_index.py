"""`python bench/one_index.py SITE`: issue 30's third design, measured before it is adopted: one index per edition
without the one-character copy, the Simplified text segmented by Pagefind's own dictionary (jieba, trained on
Simplified), searched with the query converted to Simplified.

On a built site (`make build`, or a kept benchmark corpus) it writes the Simplified edition's article copy unspaced,
in the language zh-cn, runs Pagefind on it and compares with the bundles the build wrote (both editions, one
character a word): Pagefind's time, the bundle's size, and recall in Chromium, Pagefind's own ranked search over
the held sets (tests/search_queries.yml, the problem phrases drawn from the content, the ordinary words drawn from
the pages as the browser tests draw them). Nothing of the site is changed; the new bundle goes to a scratch copy.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM_FLAGS, chromium, served  # noqa: E402
from handbook.content.state import current_handbook  # noqa: E402
from handbook.publish.edition import SIMPLIFIED, to_simplified  # noqa: E402
from handbook.publish.search import (BUNDLE, EXCLUDED, HTML_TAG, LANG, edition_pages, indexed_part,  # noqa: E402
                                     write_spaced_copy)
from search_phrases import problem_phrases  # noqa: E402 - tests/search_phrases.py

TOP = 3
ARTICLE = re.compile(r"<body>(.*)</body>", re.S)
# Pagefind's own ranked search, its top results' URLs, for each query.
ASK = """async queries => {
  const pagefind = await import("./pagefind/pagefind.js");
  await pagefind.options({baseUrl: "/"});
  await pagefind.init();
  const answers = [];
  for (const query of queries) {
    const found = await pagefind.search(query);
    const top = await Promise.all(found.results.slice(0, 5).map(r => r.data()));
    answers.push(top.map(page => page.url.replace(/^\\//, "")));
  }
  return answers;
}"""


def unspaced_copy(edition: Path, copy: Path) -> None:
    """The article of each of the edition's pages as Pagefind would read it without the one-character spacing:
    the text as written, in the language zh-cn (Pagefind segments it with jieba)."""
    for page in edition_pages(edition):
        part = indexed_part(page.read_text(encoding="utf-8"))
        if part is None:
            continue
        html = page.read_text(encoding="utf-8")
        start = html.rfind("<", 0, html.find("data-pagefind-body"))
        end = html.find("</article>", start)
        tag = LANG.sub(' lang="zh-cn"', HTML_TAG.search(html).group(0), count=1)
        target = copy / page.relative_to(edition)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"{tag}<body>{html[start:end if end != -1 else None]}</body></html>", encoding="utf-8")


def pagefind(copy: Path, bundle: Path) -> float:
    """Run Pagefind's command line on copy into bundle; seconds."""
    command = [sys.executable, "-m", "pagefind", "--site", str(copy), "--output-path", str(bundle), "--quiet"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"Pagefind failed on {copy}: {(done.stdout + done.stderr)[-2000:]}")
    return time.perf_counter() - start


def size_kb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024


def held_sets(site: Path) -> dict[str, list[tuple[str, list[str]]]]:
    """(query in Simplified, pages that answer it) per held set."""
    data = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
    sets = {name: [(to_simplified(str(q["query"])), str(q["expect"]).split()) for q in data.get(name, [])]
            for name in ("queries", "phrases", "staff")}
    sets["drawn phrases"] = [(to_simplified(p.query), p.pages) for p in problem_phrases(current_handbook(ROOT))]
    return sets


def recall(site: Path, bundle: Path, sets: dict[str, list[tuple[str, list[str]]]]) -> dict[str, tuple[int, int, list]]:
    """Hits, totals and misses of each set, Pagefind's own search over bundle (served as the Simplified edition's)."""
    from playwright.sync_api import sync_playwright

    scratch = Path(tempfile.mkdtemp(prefix="handbook-one-index-"))
    try:
        (scratch / BUNDLE).symlink_to(bundle, target_is_directory=True)
        (scratch / "index.html").write_text("<!doctype html><title>one index</title>", encoding="utf-8")
        with served(scratch) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.goto(url)
            results = {}
            for name, queries in sets.items():
                answers = page.evaluate(ASK, [q for q, _ in queries])
                misses = [(q, pages[:TOP]) for (q, expect), pages in zip(queries, answers)
                          if not set(pages[:TOP]) & set(expect)]
                results[name] = (len(queries) - len(misses), len(queries), misses)
            browser.close()
            return results
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="a built site with both editions")
    parser.add_argument("--no-recall", action="store_true", help="time and size only (a benchmark corpus: the held "
                        "sets are the real handbook's)")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="handbook-one-index-"))
    try:
        start = time.perf_counter()
        unspaced_copy(args.site / SIMPLIFIED, scratch / "copy")
        copied = time.perf_counter() - start
        seconds = pagefind(scratch / "copy", scratch / "bundle")
        start = time.perf_counter()
        for n, edition in enumerate((args.site, args.site / SIMPLIFIED)):  # the build's way, timed the same
            write_spaced_copy(edition, scratch / f"spaced-{n}")
        spaced_copy = time.perf_counter() - start
        spaced_runs = [pagefind(scratch / f"spaced-{n}", scratch / f"spaced-bundle-{n}") for n in (0, 1)]
        before = [size_kb(args.site / BUNDLE), size_kb(args.site / SIMPLIFIED / BUNDLE)]
        print(f"one index (Simplified text, zh-cn): copy {copied:.2f} s, Pagefind {seconds:.2f} s, "
              f"bundle {size_kb(scratch / 'bundle'):.0f} KB")
        print(f"the build's design (one character a word, one bundle per edition): copies {spaced_copy:.2f} s, "
              f"Pagefind {spaced_runs[0]:.2f} s + {spaced_runs[1]:.2f} s, bundles {before[0]:.0f} KB + {before[1]:.0f} KB")
        sets = {} if args.no_recall else held_sets(args.site)
        for name, (hits, total, misses) in (recall(args.site, scratch / "bundle", sets) if sets else {}).items():
            print(f"recall@{TOP} {name}: {hits}/{total} = {hits / total:.1%}")
            for query, pages in misses[:15]:
                print(f"  miss: {query} → {pages}")
        print(json.dumps({"bundle_kb": round(size_kb(scratch / "bundle")), "pagefind_s": round(seconds, 2)}))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
