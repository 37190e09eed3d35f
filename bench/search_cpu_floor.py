"""`python bench/search_cpu_floor.py BASELINE SITE [--runs 3]`: the floor of the search-CPU target.

The target (issue 30): the handbook's search step costs no more CPU than Material's search plugin on the same
corpus. BASELINE is a plain Material twin of a benchmark corpus and SITE that corpus built by the handbook, as
`python bench/run.py --keep` leaves them (KEPT/1000/baseline-1000 and KEPT/1000/handbook-1000/site). Run by run,
this measures:

- Material's search plugin: the plain baseline built with it, less the same build without it (getrusage);
- Pagefind alone on one edition, the least any Pagefind design can spend: its command line over the Traditional
  pages as the handbook indexes them (the one-character copy), and over the pages as built (Pagefind's own
  Chinese segmentation); the copy's own writing is timed apart.

If Pagefind alone on one edition costs more than Material's plugin, no search built on Pagefind meets the target.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from run import CONFIG, NO_SEARCH_CONFIG, run_build, write_baseline_without_search  # noqa: E402
from handbook.publish.search import EXCLUDED, edition_pages, write_spaced_copy  # noqa: E402


def material_plugin_cpu(baseline: Path) -> float:
    """CPU seconds Material's search plugin adds to one build of the plain baseline."""
    write_baseline_without_search(baseline)
    _, with_search, _ = run_build(baseline, baseline / "site-floor-with", config=CONFIG)
    _, without_search, _ = run_build(baseline, baseline / "site-floor-without", config=NO_SEARCH_CONFIG)
    for folder in ("site-floor-with", "site-floor-without"):
        shutil.rmtree(baseline / folder, ignore_errors=True)
    return with_search - without_search


def pagefind_cpu(pages: Path, output: Path, *extra: str) -> float:
    """CPU seconds of Pagefind's command line over a folder of pages (getrusage of the child)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(output), "--quiet", *extra]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"Pagefind failed on {pages}")
    return usage.ru_utime + usage.ru_stime


def one_edition_cpu(site: Path, scratch: Path) -> tuple[float, float, float]:
    """Pagefind alone over the Traditional edition at site: on the one-character copy, on the pages as built; and
    the CPU seconds writing the copy took."""
    started = time.process_time()
    write_spaced_copy(site, scratch / "copy")
    copy_cpu = time.process_time() - started
    for page in edition_pages(site):
        target = scratch / "built" / page.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    excluded = [part for selector in EXCLUDED for part in ("--exclude-selectors", selector)]
    return (pagefind_cpu(scratch / "copy", scratch / "copy-bundle", *excluded),
            pagefind_cpu(scratch / "built", scratch / "built-bundle", *excluded), copy_cpu)


def report(run: int, plugin: float, copy_index: float, built_index: float, copy_cpu: float) -> str:
    """One run's line."""
    ratio = f"{copy_index / plugin:.2f}" if plugin > 0 else "n/a (the plugin cost nothing measurable)"
    return (f"run {run}: Material's search plugin {plugin:.2f} s CPU; Pagefind alone on one edition {copy_index:.2f} s "
            f"(one-character copy; writing it {copy_cpu:.2f} s more), {built_index:.2f} s (pages as built); "
            f"floor ratio {ratio}")


def main(argv: list[str] | None = None) -> None:
    """Print Material's plugin CPU beside Pagefind's floor, run by run."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("baseline", type=Path, help="a plain Material twin of the corpus (bench/corpus.py --baseline)")
    parser.add_argument("site", type=Path, help="the corpus built by the handbook")
    parser.add_argument("--runs", type=int, default=3, help="runs, in turn (default 3)")
    args = parser.parse_args(argv)
    baseline, site = args.baseline, args.site
    if not (baseline / CONFIG).is_file() or not (site / "index.html").is_file():
        raise SystemExit(f"{baseline}: no {CONFIG}, or {site}: no built site (run bench/run.py --keep)")
    for run in range(1, args.runs + 1):
        plugin = material_plugin_cpu(baseline)
        scratch = Path(tempfile.mkdtemp(prefix="handbook-cpu-floor-"))
        try:
            copy_index, built_index, copy_cpu = one_edition_cpu(site, scratch)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        print(report(run, plugin, copy_index, built_index, copy_cpu), flush=True)

if __name__ == "__main__":
    main()
