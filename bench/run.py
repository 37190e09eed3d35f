"""`make bench`: build synthetic handbooks of 100 and 1,000 playbooks against a plain Material baseline."""

from __future__ import annotations

import argparse
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402 - needs ROOT on sys.path for the macros package
from browser import search_latencies  # noqa: E402

SEARCH_TERMS = ["利益點", "負責人", "預算", "合作規則", "庫存車"]
SIMPLIFIED_DIR = "zh-Hans"  # the hook builds the Simplified edition into site/zh-Hans/
SKIP_SIMPLIFIED = "HANDBOOK_SKIP_SIMPLIFIED"  # handbook.publish.edition.SKIP_VARIABLE
KB = 1024
MB = 1024 * 1024


@dataclass
class Result:
    """What one project (handbook or baseline, one size) measured."""

    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_rss_kb: int = 0
    pages: int = 0
    page_median: float = 0
    page_max: int = 0
    site_bytes: int = 0
    index_bytes: int = 0
    search_seconds: float = 0  # the handbook's search step alone (Pagefind, both editions), timed once more

    @property
    def time(self) -> float:
        """The median build time."""
        return statistics.median(self.times)

    @property
    def cpu_time(self) -> float:
        """The median CPU time (user + system) of the build process."""
        return statistics.median(self.cpu)


def parse_args() -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,1000", help="playbook counts, comma-separated (default 100,1000)")
    parser.add_argument("--runs-small", type=int, default=3, help="builds per project below 1,000 playbooks")
    parser.add_argument("--runs-large", type=int, default=1, help="builds per project at 1,000 playbooks or more")
    parser.add_argument("--queries", type=int, default=5, help="search queries to time (median is reported)")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest handbook build")
    parser.add_argument("--no-browser", action="store_true", help="skip the search timing")
    parser.add_argument("--traditional-only", action="store_true",
                        help=f"skip the hook's Simplified edition build ({SKIP_SIMPLIFIED}=1)")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and sites")
    return parser.parse_args()


def build_command(project: Path, site: Path, *prefix: str) -> list[str]:
    """The real strict build command, optionally run under a module such as cProfile."""
    return [sys.executable, *prefix, "-m", "mkdocs", "build", "--strict", "-q",
            "-f", str(project / "mkdocs.yml"), "-d", str(site)]


def run_build(project: Path, site: Path, *prefix: str, env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Build once; returns wall seconds, CPU seconds and peak RSS in KB (getrusage of the child)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(build_command(project, site, *prefix), cwd=project, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)  # getrusage of exactly this child
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            log.seek(0)
            raise SystemExit(f"build of {project} failed:\n{log.read().decode(errors='replace')[-4000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def measure_site(site: Path, result: Result) -> None:
    """Page, site and search-index sizes of a built site."""
    pages = [p.stat().st_size for p in site.rglob("*.html")
             if p.name != "404.html" and p.relative_to(site).parts[0] != SIMPLIFIED_DIR]
    result.pages = len(pages)
    result.page_median = statistics.median(pages)
    result.page_max = max(pages)
    result.site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    # The handbook's Pagefind bundle of the Traditional edition (all of it: scripts, wasm, index, fragments);
    # the baseline's Material index (search/search_index.json).
    bundle = site / "pagefind" if (site / "pagefind").is_dir() else site / "search"
    result.index_bytes = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())


def time_search_step(project: Path, site: Path) -> float:
    """Seconds the handbook's search step takes on a built site (handbook.publish.search.write_search, run once more)."""
    from handbook.publish.search import write_search
    from handbook.content.state import current_handbook

    handbook = current_handbook(project)
    started = time.perf_counter()
    indexed = write_search(site, handbook, project / "docs")
    seconds = time.perf_counter() - started
    print(f"  search step of {project.name}: {seconds:.2f} s ({indexed})", flush=True)
    return seconds


def prepare(work: Path, size: int, seed: corpus.Handbook) -> dict[str, Path]:
    """Generate and validate the handbook corpus of one size, and its baseline twin."""
    started = time.perf_counter()
    real, base = work / f"handbook-{size}", work / f"baseline-{size}"
    handbook = corpus.handbook_project(real, size, seed)
    corpus.baseline_project(base, handbook)
    print(f"corpus {size}: {len(handbook.playbooks)} playbooks "
          f"({', '.join(f'{p} {len(handbook.playbooks_in_phase(p))}' for p in corpus.PHASES)}), "
          f"{len(handbook.checklists)} checklists, validated without errors "
          f"({time.perf_counter() - started:.1f} s)")
    return {"handbook": real, "baseline": base}


def bench_size(projects: dict[str, Path], runs: int, env: dict[str, str]) -> dict[str, Result]:
    """Build handbook and baseline alternately `runs` times; measure the last sites."""
    results = {name: Result() for name in projects}
    for run in range(runs):
        for name, project in projects.items():
            seconds, cpu, rss = run_build(project, project / "site", env=env)
            results[name].times.append(seconds)
            results[name].cpu.append(cpu)
            results[name].peak_rss_kb = max(results[name].peak_rss_kb, rss)
            print(f"  {project.name} run {run + 1}/{runs}: {seconds:.2f} s wall, {cpu:.2f} s CPU, "
                  f"peak {rss / KB:.0f} MB", flush=True)
    for name, project in projects.items():
        measure_site(project / "site", results[name])
    results["handbook"].search_seconds = time_search_step(projects["handbook"], projects["handbook"] / "site")
    return results


def profile_build(project: Path, env: dict[str, str], top: int = 25) -> None:
    """cProfile one build; print the top entries by cumulative time, then by own time."""
    output = project.parent / f"{project.name}.prof"
    seconds, _, _ = run_build(project, project / "site-profiled", "-m", "cProfile", "-o", str(output), env=env)
    print(f"\n== cProfile of {project.name} ({seconds:.1f} s under the profiler; {output}) ==")
    stats = pstats.Stats(str(output))
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"/(macros|handbook)/", 15)  # the project's own code
    stats.sort_stats("tottime").print_stats(15)


def ratio(value: float, base: float) -> str:
    """value / base, formatted."""
    return f"{value / base:.2f}×" if base else "—"


COLUMNS = ("size", "project", "runs", "build s (median)", "vs baseline", "CPU s", "CPU vs baseline", "peak RSS MB",
           "pages", "page HTML median KB", "page HTML max KB", "site MB", "search index KB", "index vs baseline")


def table_row(size: int, name: str, runs: int, r: Result, base: Result) -> list[str]:
    """One project's cells, with ratios to the baseline of the same size."""
    return [str(size), name, str(runs), f"{r.time:.2f}", ratio(r.time, base.time), f"{r.cpu_time:.2f}",
            ratio(r.cpu_time, base.cpu_time), f"{r.peak_rss_kb / KB:.0f}", str(r.pages), f"{r.page_median / KB:.1f}",
            f"{r.page_max / KB:.1f}", f"{r.site_bytes / MB:.1f}", f"{r.index_bytes / KB:.0f}",
            ratio(r.index_bytes, base.index_bytes)]


def print_table(sizes: list[int], results: dict[int, dict[str, Result]], runs: dict[int, int]) -> None:
    """A Markdown table: one row per size and project."""
    print("\n| " + " | ".join(COLUMNS) + " |\n" + "|---" * len(COLUMNS) + "|")
    for size in sizes:
        for name, result in results[size].items():
            print("| " + " | ".join(table_row(size, name, runs[size], result, results[size]["baseline"])) + " |")


def print_growth(sizes: list[int], results: dict[int, dict[str, Result]]) -> None:
    """How much longer the largest build takes than the smallest, per project."""
    small, large = sizes[0], sizes[-1]
    print()
    for name in results[large]:
        big, little = results[large][name], results[small][name]
        print(f"{name} build growth {large} vs {small}: {big.time / little.time:.2f}× wall, "
              f"{big.cpu_time / little.cpu_time:.2f}× CPU")


def targets(sizes: list[int], results: dict[int, dict[str, Result]],
            search: tuple[float, float] | None) -> list[tuple]:
    """(target, measured, pass) for every target that this run can judge."""
    large = results[sizes[-1]]
    real, base = large["handbook"], large["baseline"]
    rows = [
        (f"{sizes[-1]}-playbook build ≤ 1.2× baseline", ratio(real.time, base.time), real.time <= 1.2 * base.time),
        (f"{sizes[-1]}-playbook build < 15 s", f"{real.time:.1f} s", real.time < 15),
        ("median page HTML ≤ 60 KB", f"{real.page_median / KB:.1f} KB", real.page_median <= 60 * KB),
        ("search index ≤ 2× baseline", ratio(real.index_bytes, base.index_bytes),
         real.index_bytes <= 2 * base.index_bytes),
    ]
    if len(sizes) > 1:
        growth = real.time / results[sizes[0]]["handbook"].time
        rows.insert(2, (f"{sizes[-1]} vs {sizes[0]} build ≤ 12×", f"{growth:.2f}×", growth <= 12))
    rows.append((f"search adds ≤ 4 s to a {sizes[-1]}-playbook build", f"{real.search_seconds:.2f} s",
                 real.search_seconds <= 4))
    if search is not None:
        from_start, from_load = search
        rows.append(("first search result ≤ 0.3 s after the page loads", f"{from_load:.2f} s ({from_start:.2f} s "
                     "from the start of the load)", from_load <= 0.3))
    return rows


def print_targets(rows: list[tuple]) -> None:
    """The targets with PASS or FAIL."""
    print("\n| target | measured | result |\n|---|---|---|")
    for name, measured, ok in rows:
        print(f"| {name} | {measured} | {'PASS' if ok else 'FAIL'} |")


def time_search(site: Path, count: int) -> tuple[float, float]:
    """Median seconds to the first search result over `count` cold page loads: from load start, from the load event."""
    terms = (SEARCH_TERMS * count)[:count]
    latencies = search_latencies(site, terms)
    from_start = statistics.median(start for start, _ in latencies)
    from_load = statistics.median(load for _, load in latencies)
    print(f"\nfirst search result on {site.parent.name}: median {from_start:.2f} s from the start of the page load, "
          f"{from_load:.2f} s after its load event ("
          + ", ".join(f"{t} {a:.2f}/{b:.2f} s" for t, (a, b) in zip(terms, latencies)) + ")")
    return from_start, from_load


def git(*args: str) -> str:
    """The output of a git command run in the project."""
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()


def describe_tree() -> str:
    """The project's git commit, and whether the working tree differs from it."""
    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    return commit + (" + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def main() -> None:
    """Generate, build, measure, and print the tables."""
    args = parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    runs = {size: args.runs_large if size >= 1000 else args.runs_small for size in sizes}
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}")
    print(f"project: {describe_tree()}; handbook builds "
          + ("Traditional only" if args.traditional_only else "both editions (as `make build`)"))
    env = {SKIP_SIMPLIFIED: "1"} if args.traditional_only else {}
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    seed = corpus.seed_handbook()
    results, search = {}, None
    for size in sizes:
        projects = prepare(work / str(size), size, seed)
        results[size] = bench_size(projects, runs[size], env)
    if not args.no_browser:
        search = {name: time_search(work / str(sizes[-1]) / f"{name}-{sizes[-1]}" / "site", args.queries)
                  for name in ("handbook", "baseline")}
    print_table(sizes, results, runs)
    if len(sizes) > 1:
        print_growth(sizes, results)
    print_targets(targets(sizes, results, search and search["handbook"]))
    if args.profile:
        profile_build(work / str(sizes[-1]) / f"handbook-{sizes[-1]}", env)
    if args.keep:
        print(f"\nkept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
