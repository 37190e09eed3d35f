"""`python bench/floors.py SITE`: what Pagefind alone costs on a built handbook site, whatever the handbook does.

Two of the benchmark's targets are Pagefind's to meet or miss: the first search result ≤ 0.3 s after the load event,
and search adding ≤ 4 s to a 1,000-playbook build. This measures their floors on SITE (a `make build` of a
benchmark corpus, e.g. `python bench/run.py --keep`):

- the harness's own delay: a page that draws a result on the first keystroke, nothing searched;
- Pagefind's floor in the browser: a bare page that loads Pagefind at once and, the moment the whole query is in
  its box, asks one ranked search and draws the top result (no theme, lexicon, phrase check or debounce);
- Pagefind's own indexing of the Traditional edition's search copy, phase by phase (its --verbose lines, timed).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from browser import CHROMIUM_FLAGS, chromium, first_result_seconds, served  # noqa: E402
from handbook.publish.search import EXCLUDED, write_spaced_copy  # noqa: E402

TERMS = ["利益點", "負責人", "預算", "合作規則", "庫存車"]
# Both pages use the baseline's box and result classes, which the harness types into and waits for.
TYPING_PAGE = """<!doctype html><html lang="zh-TW"><meta charset="utf-8"><title>typing</title>
<input class="md-search__input"><ul></ul>
<script>
document.querySelector("input").addEventListener("input", () => {
  document.querySelector("ul").innerHTML = '<li class="md-search-result__item">typed</li>';
}, {once: true});
</script></html>
"""
PAGEFIND_PAGE = """<!doctype html><html lang="zh-TW"><meta charset="utf-8"><title>Pagefind alone</title>
<input class="md-search__input"><ul></ul>
<script type="module">
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.options({baseUrl: "/"});
pagefind.init();
const input = document.querySelector("input");
const wanted = decodeURIComponent(location.hash.slice(1));
const answer = async () => {
  if (input.value !== wanted) return;
  const found = await pagefind.search(Array.from(wanted).join(" "));  // the index's words: one character each
  const top = await found.results[0].data();
  document.querySelector("ul").innerHTML = '<li class="md-search-result__item"></li>';
  document.querySelector("li").textContent = top.meta.title;
};
input.addEventListener("input", answer);
answer();  // typed while Pagefind was still loading (the load event does not wait for this module's awaits)
</script></html>
"""
# Pagefind's --verbose lines that open a phase, and the phase each opens.
PHASES = {"[Parsing files]": "parse", "[Reading languages]": "languages", "[Building search indexes]": "index",
          "Total:": "write", "Finished in": None}


def after_load(browser, url: str, page: str, terms: list[str]) -> list[float]:
    """Seconds from the load event to the first result on one page of the site at url (its query in the hash)."""
    first_result_seconds(browser, f"{url}{page}#{terms[0]}", terms[0])  # warm the browser process
    return [first_result_seconds(browser, f"{url}{page}#{term}", term)[1] for term in terms]


def browser_floors(site: Path, terms: list[str]) -> dict[str, list[float]]:
    """The typing page's and the bare Pagefind page's times, the pages written into site for the run."""
    from playwright.sync_api import sync_playwright

    pages = {"typing": ("floor-typing.html", TYPING_PAGE), "Pagefind alone": ("floor-pagefind.html", PAGEFIND_PAGE)}
    try:
        for name, text in pages.values():
            (site / name).write_text(text, encoding="utf-8")
        with served(site, compressed=True) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
            try:
                return {label: after_load(browser, url, name, terms) for label, (name, _) in pages.items()}
            finally:
                browser.close()
    finally:
        for name, _ in pages.values():
            (site / name).unlink(missing_ok=True)


def indexing_phases(site: Path) -> dict[str, float]:
    """Seconds of each phase of Pagefind's run on the search copy of the Traditional edition at site."""
    scratch = Path(tempfile.mkdtemp(prefix="handbook-floors-"))
    try:
        write_spaced_copy(site, scratch / "copy")
        command = [sys.executable, "-m", "pagefind", "--site", str(scratch / "copy"),
                   "--output-path", str(scratch / "bundle"), "--verbose"]
        for selector in EXCLUDED:
            command += ["--exclude-selectors", selector]
        return timed_phases(command)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def timed_phases(command: list[str]) -> dict[str, float]:
    """Run command and time the phases its output opens (PHASES), from the start of the run."""
    start = time.perf_counter()
    opened: list[tuple[str, float]] = [("start", start)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        for line in process.stdout:
            phase = next((PHASES[mark] for mark in PHASES if line.strip().startswith(mark)), "")
            if phase != "":
                opened.append((phase or "end", time.perf_counter()))
    if process.returncode:
        raise SystemExit(f"Pagefind failed: {command}")
    phases = {name: round(opened[i + 1][1] - at, 2) for i, (name, at) in enumerate(opened[:-1])}
    return {**phases, "total": round(opened[-1][1] - start, 2)}


def main(argv: list[str] | None = None) -> None:
    """Print the floors of the two search targets on a built site."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="a built benchmark site (its Traditional edition is indexed)")
    parser.add_argument("--queries", type=int, default=10, help="queries timed on each page (median is reported)")
    args = parser.parse_args(argv)
    terms = (TERMS * args.queries)[:args.queries]
    for label, seconds in browser_floors(args.site, terms).items():
        print(f"first result after load, {label}: median {statistics.median(seconds):.2f} s "
              f"({', '.join(f'{s:.2f}' for s in seconds)})", flush=True)
    phases = [indexing_phases(args.site) for _ in range(3)]
    print("Pagefind on the Traditional search copy, three runs (s): "
          + "; ".join(", ".join(f"{name} {s}" for name, s in run.items()) for run in phases))


if __name__ == "__main__":
    main()
