"""The benchmark's corpora stay valid and buildable, its CPU floor and event timer run, and the index pages stay
within a budget per playbook: the bench tests that need no browser (tests/site/test_bench.py has the others).
What is asserted is that every figure is measured and the scratch files go, never a time."""

from __future__ import annotations

import re
import subprocess
import sys

from bench_programs import BENCH, ENV, bench, corpus, is_index_page, page_sizes  # tests/bench_programs.py
from conftest import ROOT, build_site

from handbook.content.loading import load
from handbook.render.pages import all_pages


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
