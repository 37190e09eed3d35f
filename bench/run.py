"""`make bench`: grow the handbook to N playbooks, build it against a plain Material baseline, and end with one line
of figures (bench/figures.py):

    bench: build_ratio=… trad_ratio=… first_result_s=… edit_s=… page_kb=… index_page_kb=… build_cpu_ratio=…
           search_cpu_ratio=… first_result_floor_ratio=… first_result_material_ratio=…

Every ratio compares two things measured in this run: builds against the baseline's builds, the search step's CPU
time against the baseline's search plugin's (the baseline built once more without it), and the first search result
against a bare Pagefind page over the same index and against plain Material's search, the pages timed in turn.
"""

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

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402 - needs ROOT on sys.path for the macros package
import figures  # noqa: E402
from browser import chromium, paired_latencies, search_latencies  # noqa: E402
from floors import PAGEFIND_PAGE  # noqa: E402
from edit_loop import edit_times  # noqa: E402

SEARCH_TERMS = ["利益點", "負責人", "預算", "合作規則", "庫存車"]
SKIP_SIMPLIFIED = "HANDBOOK_SKIP_SIMPLIFIED"  # handbook.publish.edition.SKIP_VARIABLE
KB = 1024
MB = 1024 * 1024
# The builds of one size, alternated run by run: the plain baseline, the Traditional edition with its search index,
# `make build` (both editions, both indexes), and the baseline and `make build` without search (Material's search
# plugin; the handbook's `search: false`): what search costs each.
CONFIG, NO_SEARCH_CONFIG = "mkdocs.yml", "mkdocs-no-search.yml"
BUILDS = {"baseline": ("baseline", {}, CONFIG), "traditional": ("handbook", {SKIP_SIMPLIFIED: "1"}, CONFIG),
          "both editions": ("handbook", {}, CONFIG), "baseline without search": ("baseline", {}, NO_SEARCH_CONFIG),
          "both editions without search": ("handbook", {}, NO_SEARCH_CONFIG)}
NO_SEARCH = {"baseline without search", "both editions without search"}
FLOOR_PAGE = "floor-pagefind.html"  # the bare Pagefind page, written into the site while it is timed


@dataclass
class Result:
    """What one build (baseline, Traditional only, both editions) of one size measured."""

    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_rss_kb: int = 0
    sizes: dict[str, int] = field(default_factory=dict)  # page path → bytes
    site_bytes: int = 0
    index_bytes: int = 0

    @property
    def time(self) -> float:
        """The median build time."""
        return statistics.median(self.times)

    @property
    def cpu_time(self) -> float:
        """The median CPU time (user + system) of the build process."""
        return statistics.median(self.cpu)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; the defaults finish in under 10 minutes on a quiet 2-CPU machine."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000", help="playbook counts, comma-separated (default 1000); the "
                        "figures are read at the largest")
    parser.add_argument("--runs-small", type=int, default=3, help="builds of each kind below 1,000 playbooks")
    parser.add_argument("--runs-large", type=int, default=1, help="builds of each kind at 1,000 playbooks or more")
    parser.add_argument("--queries", type=int, default=5, help="search queries to time (median is reported)")
    parser.add_argument("--edits", type=int, default=2, help="saves under `mkdocs serve` at the largest size "
                        "(median is reported; 0 skips the edit loop)")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-search-result timing")
    parser.add_argument("--no-material-search", action="store_true",
                        help="skip timing Material's search on the baseline (seconds per query at 1,000)")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest Traditional build")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and sites")
    return parser.parse_args(argv)


def build_command(project: Path, site: Path, *prefix: str, config: str = CONFIG) -> list[str]:
    """The real strict build command, optionally run under a module such as cProfile."""
    return [sys.executable, *prefix, "-m", "mkdocs", "build", "--strict", "-q",
            "-f", str(project / config), "-d", str(site)]


def run_build(project: Path, site: Path, *prefix: str, env: dict[str, str] | None = None,
              config: str = CONFIG) -> tuple[float, float, int]:
    """Build once; returns wall seconds, CPU seconds and peak RSS in KB (getrusage of the child)."""
    return run_timed(build_command(project, site, *prefix, config=config), project, env)


def run_timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Run command; returns wall seconds, CPU seconds (its own and its waited-for children's: Pagefind's) and peak
    RSS in KB, from getrusage of the child."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)  # getrusage of exactly this child
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            log.seek(0)
            raise SystemExit(f"{' '.join(command[:6])} in {cwd} failed:\n{log.read().decode(errors='replace')[-4000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def measure_site(site: Path, result: Result) -> None:
    """Page, site and search-index sizes of a built site."""
    result.sizes = figures.page_sizes(site)
    result.site_bytes = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    # The handbook's Pagefind bundle of the Traditional edition (all of it: scripts, wasm, index, fragments);
    # the baseline's Material index (search/search_index.json).
    bundle = site / "pagefind" if (site / "pagefind").is_dir() else site / "search"
    result.index_bytes = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())


def write_baseline_without_search(base: Path) -> None:
    """Beside the plain baseline's config, the same config without Material's search plugin (NO_SEARCH_CONFIG)."""
    config = yaml.safe_load((base / CONFIG).read_text(encoding="utf-8"))
    (base / NO_SEARCH_CONFIG).write_text(yaml.safe_dump({**config, "plugins": []}, allow_unicode=True), encoding="utf-8")


def prepare(work: Path, size: int, seed: corpus.Handbook) -> dict[str, Path]:
    """Generate and validate the handbook corpus of one size, and its baseline twin."""
    started = time.perf_counter()
    real, base = work / f"handbook-{size}", work / f"baseline-{size}"
    handbook = corpus.handbook_project(real, size, seed)
    corpus.baseline_project(base, handbook)
    write_baseline_without_search(base)
    text = (real / CONFIG).read_text(encoding="utf-8")  # MkDocs' own tags (!ENV, !relative): edited as text
    if text.count("search: true") != 1:
        raise SystemExit(f"{real / CONFIG}: expected one `search: true` (the handbook plugin's option)")
    (real / NO_SEARCH_CONFIG).write_text(text.replace("search: true", "search: false"), encoding="utf-8")
    print(f"corpus {size}: {len(handbook.playbooks)} playbooks "
          f"({', '.join(f'{p} {len(handbook.playbooks_in_phase(p))}' for p in corpus.PHASES)}), "
          f"{len(handbook.checklists)} checklists, validated without errors "
          f"({time.perf_counter() - started:.1f} s)", flush=True)
    return {"handbook": real, "baseline": base}


def site_of(projects: dict[str, Path], build: str) -> Path:
    """Where one kind of build of a size writes its site."""
    project, _, _ = BUILDS[build]
    folder = {"traditional": "site-traditional", "baseline without search": "site-no-search",
              "both editions without search": "site-no-search"}.get(build, "site")
    return projects[project] / folder


def bench_size(projects: dict[str, Path], runs: int) -> dict[str, Result]:
    """Run every kind of build `runs` times, alternating; measure the last sites."""
    results = {build: Result() for build in BUILDS}
    for run in range(runs):
        for build, (project, env, config) in BUILDS.items():
            seconds, cpu, rss = run_build(projects[project], site_of(projects, build), env=env, config=config)
            results[build].times.append(seconds)
            results[build].cpu.append(cpu)
            results[build].peak_rss_kb = max(results[build].peak_rss_kb, rss)
            print(f"  {build} run {run + 1}/{runs}: {seconds:.2f} s wall, {cpu:.2f} s CPU, "
                  f"peak {rss / KB:.0f} MB", flush=True)
    for build in BUILDS:
        measure_site(site_of(projects, build), results[build])
    return results


def profile_build(project: Path, top: int = 25) -> None:
    """cProfile one Traditional build; print the top entries by cumulative time, then by own time."""
    output = project.parent / f"{project.name}.prof"
    seconds, _, _ = run_build(project, project / "site-profiled", "-m", "cProfile", "-o", str(output),
                              env={SKIP_SIMPLIFIED: "1"})
    print(f"\n== cProfile of {project.name} ({seconds:.1f} s under the profiler; {output}) ==")
    stats = pstats.Stats(str(output))
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"/(macros|handbook)/", 15)  # the project's own code
    stats.sort_stats("tottime").print_stats(15)


def times_base(value: float, base: float) -> str:
    """value / base, formatted."""
    return f"{value / base:.2f}×" if base else "—"


COLUMNS = ("size", "build", "runs", "build s (median)", "vs baseline", "CPU s", "CPU vs baseline", "peak RSS MB",
           "pages", "page median KB", "largest index page KB", "site MB", "search index KB")


def table_row(size: int, build: str, runs: int, r: Result, base: Result) -> list[str]:
    """One build's cells, with ratios to the baseline of the same size."""
    index_path, index_kb = figures.largest_index_page(r.sizes)
    return [str(size), build, str(runs), f"{r.time:.2f}", times_base(r.time, base.time), f"{r.cpu_time:.2f}",
            times_base(r.cpu_time, base.cpu_time), f"{r.peak_rss_kb / KB:.0f}", str(len(r.sizes)),
            f"{figures.median_kb(r.sizes):.1f}", f"{index_kb:.1f} ({index_path.removesuffix('index.html') or '/'})",
            f"{r.site_bytes / MB:.1f}", f"{r.index_bytes / KB:.0f}"]


def print_table(sizes: list[int], results: dict[int, dict[str, Result]], runs: dict[int, int]) -> None:
    """A Markdown table: one row per size and kind of build."""
    print("\n| " + " | ".join(COLUMNS) + " |\n" + "|---" * len(COLUMNS) + "|")
    for size in sizes:
        for build, result in results[size].items():
            print("| " + " | ".join(table_row(size, build, runs[size], result, results[size]["baseline"])) + " |")


def largest_pages(result: Result, count: int = 8) -> None:
    """The largest index pages of a build, to see which list grows."""
    index = sorted(((size, path) for path, size in result.sizes.items() if figures.is_index_page(path)),
                   reverse=True)[:count]
    print("\nlargest index pages (Traditional): " + ", ".join(f"{path.removesuffix('index.html') or '/'} "
                                                             f"{size / KB:.1f} KB" for size, path in index))


def time_against_floor(site: Path, count: int) -> tuple[list[float], list[float]]:
    """Seconds from the load event to the first search result on the handbook's home page and on a bare Pagefind
    page over the same index (bench/floors.py), in turn, query by query."""
    terms = (SEARCH_TERMS * count)[:count]
    (site / FLOOR_PAGE).write_text(PAGEFIND_PAGE, encoding="utf-8")
    try:
        times = paired_latencies(site, {"handbook": "", "Pagefind alone": FLOOR_PAGE}, terms)
    finally:
        (site / FLOOR_PAGE).unlink(missing_ok=True)
    for label, seconds in times.items():
        print(f"\nfirst search result after the load event, {label}: median {statistics.median(seconds):.2f} s ("
              + ", ".join(f"{t} {s:.2f}" for t, s in zip(terms, seconds)) + ")", flush=True)
    return times["handbook"], times["Pagefind alone"]


def time_search(site: Path, count: int) -> list[float]:
    """Seconds from the load event to the first search result over `count` cold page loads (each query once)."""
    terms = (SEARCH_TERMS * count)[:count]
    latencies = search_latencies(site, terms)
    print(f"\nfirst search result on {site.parent.name}: median "
          f"{statistics.median(s for s, _ in latencies):.2f} s from the start of the page load, "
          f"{statistics.median(load for _, load in latencies):.2f} s after its load event ("
          + ", ".join(f"{t} {a:.2f}/{b:.2f} s" for t, (a, b) in zip(terms, latencies)) + ")", flush=True)
    return [load for _, load in latencies]


def time_edits(project: Path, edits: int, build_seconds: float) -> list[float]:
    """The edit loop under `mkdocs serve` on a benchmark project (a rebuild may take as long as a build)."""
    limit = max(30.0, 3 * build_seconds)
    times = edit_times(project, edits, settle=2.0, limit=limit, first_build_limit=limit)
    print(f"\nedit loop on {project.name}: " + ", ".join(f"{t:.2f}" for t in times) + " s from save to page",
          flush=True)
    return times


def print_targets(result: figures.Figures) -> None:
    """The figures against their targets."""
    print("\n| figure | measured | target | result |\n|---|---|---|---|")
    for row in figures.target_rows(result):
        print("| " + " | ".join(row) + " |")


def git(*args: str) -> str:
    """The output of a git command run in the project."""
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()


def describe_tree() -> str:
    """The project's git commit, and whether the working tree differs from it."""
    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    return commit + (" + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def main(argv: list[str] | None = None) -> None:
    """Generate, build, measure; print the tables, then the final line."""
    args = parse_args(argv)
    if not args.no_browser:
        chromium()  # no browser stops the run now, not after minutes of builds
    started = time.perf_counter()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    runs = {size: args.runs_large if size >= 1000 else args.runs_small for size in sizes}
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}")
    print(f"project: {describe_tree()}")
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    seed = corpus.seed_handbook()
    results, largest = {}, {}
    for size in sizes:
        largest = prepare(work / str(size), size, seed)
        results[size] = bench_size(largest, runs[size])
    top = results[sizes[-1]]
    first_results, floor_results, material_results = [], [], []
    if not args.no_browser:
        first_results, floor_results = time_against_floor(site_of(largest, "both editions"), args.queries)
        if not args.no_material_search:
            material_results = time_search(site_of(largest, "baseline"), args.queries)
    edits = time_edits(largest["handbook"], args.edits, top["both editions"].time) if args.edits else []
    print_table(sizes, results, runs)
    largest_pages(top["traditional"])
    baseline_search_cpu = top["baseline"].cpu_time - top["baseline without search"].cpu_time
    search_cpu = top["both editions"].cpu_time - top["both editions without search"].cpu_time
    print(f"\nsearch's CPU time: the baseline's search plugin {baseline_search_cpu:.2f} s (with "
          f"{top['baseline'].cpu_time:.2f} s, without {top['baseline without search'].cpu_time:.2f} s); the handbook's "
          f"search step, both editions, {search_cpu:.2f} s (with {top['both editions'].cpu_time:.2f} s, without "
          f"{top['both editions without search'].cpu_time:.2f} s)")
    result = figures.compute(both_s=top["both editions"].time, traditional_s=top["traditional"].time,
                             baseline_s=top["baseline"].time, first_results=first_results, edits=edits,
                             sizes=top["traditional"].sizes, both_cpu=top["both editions"].cpu_time,
                             baseline_cpu=top["baseline"].cpu_time, search_cpu=search_cpu,
                             baseline_search_cpu=baseline_search_cpu if baseline_search_cpu > 0 else None,
                             floor_results=floor_results, material_results=material_results)
    print_targets(result)
    if args.profile:
        profile_build(largest["handbook"])
    if args.keep:
        print(f"\nkept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{sizes[-1]} playbooks, {runs[sizes[-1]]} run(s) of each build; {time.perf_counter() - started:.0f} s "
          "in all")
    print(result.line())


if __name__ == "__main__":
    main()
