"""The benchmark runs end to end and its corpora stay valid and buildable; the index pages stay within a budget
per playbook. The benchmark is run as the programs `make bench` runs, never imported, on corpora of a few playbooks:
what is asserted is that every figure is measured and the scratch files go, never a time (timings are not tests).
Without Chromium its browser steps skip, naming how to get one; in CI they fail instead, as the browser tests do."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import NO_CHROMIUM, ROOT, build_site, chromium_path, missing_tool

from handbook.content.loading import load
from handbook.render.pages import all_pages

BENCH = ROOT / "bench"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
FINAL_LINE = re.compile(r"bench: build_ratio=(\S+) trad_ratio=(\S+) first_result_s=(\S+) edit_s=(\S+) "
                        r"page_kb=(\S+) index_page_kb=(\S+) build_cpu_ratio=(\S+) search_cpu_ratio=(\S+) "
                        r"first_result_floor_ratio=(\S+) first_result_material_ratio=(\S+)")


@pytest.fixture
def chromium() -> str:
    """The Chromium the benchmark's browser steps drive, found as the browser tests find theirs; none is a skip
    saying how to get one, in CI a failure."""
    path = chromium_path()
    if path is None:
        missing_tool(NO_CHROMIUM)
    return path


@pytest.fixture
def scratch() -> Iterator[Path]:
    """An empty folder to hand a benchmark program as its TMPDIR, to see that it leaves nothing there. Short-named
    in /tmp: under pytest's tmp_path, Chromium's socket path would pass the 108-byte limit of a Unix socket."""
    folder = Path(tempfile.mkdtemp(prefix="bench-scratch-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def bench(script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run one of the benchmark's programs as `make bench` does; fail with its output if it fails."""
    result = subprocess.run([sys.executable, str(BENCH / script), *args], cwd=ROOT, env={**ENV, **(env or {})},
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return result


def corpus(target: Path, playbooks: int, baseline: Path | None = None) -> None:
    """Write a benchmark corpus of that many playbooks (bench/corpus.py) and its plain twin if asked."""
    bench("corpus.py", str(target), str(playbooks), *(["--baseline", str(baseline)] if baseline else []))


def page_sizes(site: Path) -> dict[str, int]:
    """Bytes of every Traditional page of a built site by path (404.html left out)."""
    return {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")
            if path.name != "404.html" and path.relative_to(site).parts[0] != "zh-Hans"}


def is_index_page(path: str) -> bool:
    """A page that may list items: anything but a playbook's, checklist's or case's own page."""
    return not re.fullmatch(r"(playbooks|checklists|cases)/[^/]+/index\.html", path)


def test_small_corpus_validates_builds_and_has_a_baseline_twin_of_the_same_pages(tmp_path):
    corpus(tmp_path / "handbook", 25, baseline=tmp_path / "baseline")
    handbook, problems = load(tmp_path / "handbook")
    assert handbook is not None and not [p for p in problems if p.severity == "error"]
    assert len(handbook.playbooks) == 25
    assert {p.phase for p in handbook.playbooks.values()} == {"溝通", "協作", "共贏"}
    generated = {page.uri for page in all_pages(handbook)}
    plain = {p.relative_to(tmp_path / "baseline" / "docs").as_posix()
             for p in (tmp_path / "baseline" / "docs").rglob("*.md")}
    assert generated <= plain
    result = build_site(tmp_path / "handbook", tmp_path / "site", simplified=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "playbooks" / "bench-play-0001" / "index.html").exists()
    floor = bench("search_cpu_floor.py", str(tmp_path / "baseline"), str(tmp_path / "site"), "--runs", "1")
    line = re.fullmatch(r"run 1: Material's search plugin (\S+) s CPU; Pagefind alone on one edition (\S+) s "
                        r"\(one-character copy; writing it (\S+) s more\), (\S+) s \(pages as built\); floor ratio .+",
                        floor.stdout.strip().splitlines()[-1])
    assert line and all(float(value) > 0 for value in line.groups()[1:]), floor.stdout  # Pagefind ran, both ways
    assert not list((tmp_path / "baseline").glob("site-floor-*")), "its builds stay behind"


def test_event_timer_splits_a_real_build_by_event(tmp_path):
    env = {**ENV, "HANDBOOK_SKIP_SIMPLIFIED": "1"}
    result = subprocess.run([sys.executable, str(BENCH / "events.py"), str(tmp_path / "site")],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    shares = {(kind, name): float(seconds)
              for kind, name, seconds in re.findall(r"^  (\S+) +(\S+) +([\d.]+)$", result.stderr, re.M)}
    assert re.search(r"^total [\d.]+ s$", result.stderr, re.M)
    assert {("fn", "_build_page"), ("post_build", "handbook")} <= set(shares), result.stderr
    assert (tmp_path / "site" / "playbooks" / "project-kickoff" / "index.html").exists()


def table_rows(output: str) -> list[list[str]]:
    """The cells of the benchmark's table of builds (one row per size and kind of build)."""
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in output.splitlines()
            if re.match(r"^\| \d+ \| (baseline|traditional|both editions) \|", line)]


def test_make_bench_measures_its_figures_and_ends_with_them(chromium, scratch):
    """`make bench` on a corpus of 21 playbooks (the 20 real ones and one generated): every figure measured
    (builds, browser with the bare Pagefind page and Material's search, edit loop), the final line last, its
    scratch folder gone. The search step's CPU ratio may be n/a at this size: Material's search plugin costs a
    fraction of a second there, within one build's noise, and a difference at or below zero is no measurement."""
    result = bench("run.py", "--sizes", "21", "--runs-small", "1", "--queries", "1", "--edits", "1",
                   env={"HANDBOOK_CHROMIUM": chromium, "TMPDIR": str(scratch)})
    last = result.stdout.rstrip("\n").split("\n")[-1]
    match = FINAL_LINE.fullmatch(last)
    assert match, last
    groups = list(match.groups())
    del groups[7]  # search_cpu_ratio (see above)
    values = [float(value) for value in groups]  # n/a would not parse: every figure was measured
    # A search or a save that never showed counts as infinite: finite means measured, whatever the time.
    failures = [line for line in result.stdout.splitlines() if "failed:" in line]  # what a try that timed out said
    assert all(math.isfinite(value) and value > 0 for value in values), (last, failures)
    build_ratio, trad_ratio, first_result_s, edit_s, page_kb, index_page_kb = values[:6]
    assert "| first_result_floor_ratio |" in result.stdout and "the baseline's search plugin" in result.stdout
    # Both editions are what `make build` writes: twice the site. (Not its time: at 21 playbooks one run of each
    # differs by less than this machine's noise.)
    site_mb = {row[1]: float(row[11]) for row in table_rows(result.stdout)}
    assert site_mb["both editions"] > 1.8 * site_mb["traditional"] > 0, site_mb
    assert 10 < page_kb <= index_page_kb, last
    assert "| build_ratio |" in result.stdout and "| index_page_kb |" in result.stdout  # the targets table
    assert not list(scratch.iterdir()), "run.py left its corpora behind"


FLOOR_LINE = re.compile(r"first result after load, (typing|Pagefind alone): median (\S+) s")
PHASES_LINE = re.compile(r"Pagefind on the Traditional search copy, three runs \(s\): (.+)")


def test_the_floors_of_the_search_targets_are_measured_on_a_built_site(site, tmp_path, chromium, scratch):
    """bench/floors.py on the built handbook: both browser floors answered (a failed search would print inf), and
    every phase of Pagefind's run read from its output (a changed --verbose line would lose one); its pages and
    its Pagefind copies go."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    result = bench("floors.py", str(copy), "--queries", "1",
                   env={"HANDBOOK_CHROMIUM": chromium, "TMPDIR": str(scratch)})
    floors = dict(FLOOR_LINE.findall(result.stdout))
    assert set(floors) == {"typing", "Pagefind alone"}, result.stdout
    assert all(math.isfinite(float(seconds)) and float(seconds) > 0 for seconds in floors.values()), result.stdout
    runs = PHASES_LINE.search(result.stdout).group(1).split("; ")
    for run in runs:
        phases = dict(part.rsplit(" ", 1) for part in run.split(", "))
        assert {"parse", "index", "write", "total"} <= set(phases), run
        assert all(math.isfinite(float(s)) and float(s) >= 0 for s in phases.values()), run
    assert len(runs) == 3 and not list(copy.glob("floor-*.html")), result.stdout
    assert not list(scratch.iterdir()), "floors.py left its Pagefind copies behind"


# ---------- index pages stay within a budget per item ----------

# Each playbook added (with its checklist) may add at most this many bytes to any page that lists items; at that
# rate the largest index page of a 1,000-playbook handbook must still be within the benchmark's 200 KB. A later
# page of a long list (lists/) fills up to a fixed size instead: it is held to that size.
BYTES_PER_PLAYBOOK = 150
INDEX_PAGE_LIMIT_KB = 200
LIST_PAGE_LIMIT_KB = 80
SMALLER, LARGER = 110, 160  # past the first page of every list but the departments' (see handbook/render/listing.py)


def index_page_sizes(tmp_path, playbooks: int) -> dict[str, int]:
    """Bytes of every index page of a corpus of that many playbooks, built (Traditional only, no search index: the
    pages are the same without it)."""
    corpus(tmp_path / f"handbook-{playbooks}", playbooks)
    config = tmp_path / f"handbook-{playbooks}" / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("search: true") == 1
    config.write_text(text.replace("search: true", "search: false"), encoding="utf-8")
    site = tmp_path / f"site-{playbooks}"
    result = build_site(tmp_path / f"handbook-{playbooks}", site, simplified=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return {path: size for path, size in page_sizes(site).items() if is_index_page(path)}


def test_index_pages_grow_by_at_most_a_budget_per_playbook(tmp_path):
    smaller, larger = index_page_sizes(tmp_path, SMALLER), index_page_sizes(tmp_path, LARGER)
    assert {"playbooks/index.html", "tags/index.html", "symptoms/index.html", "progress/index.html",
            "projects/index.html", "departments/sales/index.html"} <= set(smaller)
    over = {path: f"{size / 1024:.0f} KB" for path, size in larger.items()
            if path.startswith("lists/") and size > LIST_PAGE_LIMIT_KB * 1024}
    assert any(path.startswith("lists/") for path in larger)
    for path in sorted(p for p in set(smaller) & set(larger) if not p.startswith("lists/")):
        growth = (larger[path] - smaller[path]) / (LARGER - SMALLER)
        at_1000 = (larger[path] + max(growth, 0) * (1000 - LARGER)) / 1024
        if growth > BYTES_PER_PLAYBOOK or at_1000 > INDEX_PAGE_LIMIT_KB:
            over[path] = f"{growth:.0f} B per playbook, {at_1000:.0f} KB at 1,000"
    assert not over, over
