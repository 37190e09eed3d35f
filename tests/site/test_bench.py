"""The benchmark runs end to end with its browser steps, and its floors are measured. The benchmark is run as the
programs `make bench` runs, never imported, on corpora of a few playbooks: what is asserted is that every figure is
measured and the scratch files go, never a time (timings are not tests). Without Chromium these tests skip, naming
how to get one; in CI they fail instead, as the browser tests do. The corpus tests are in test_bench_corpus.py."""

from __future__ import annotations

import math
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench_programs import bench  # tests/bench_programs.py
from conftest import NO_CHROMIUM, chromium_path, missing_tool

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
