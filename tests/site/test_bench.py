"""The benchmark's corpora stay valid and buildable (the timings themselves are `make bench`, not tests)."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import urllib.request

import corpus  # bench/, put on the path by conftest
import figures
from browser import served
from conftest import ROOT, build_site

from handbook.render.pages import all_pages


def test_small_corpus_validates_builds_and_has_a_baseline_twin_of_the_same_pages(tmp_path):
    handbook = corpus.handbook_project(tmp_path / "handbook", 25, corpus.seed_handbook())
    assert len(handbook.playbooks) == 25
    assert {p.phase for p in handbook.playbooks.values()} == {"溝通", "協作", "共贏"}
    corpus.baseline_project(tmp_path / "baseline", handbook)
    generated = {page.uri for page in all_pages(handbook)}
    plain = {p.relative_to(tmp_path / "baseline" / "docs").as_posix()
             for p in (tmp_path / "baseline" / "docs").rglob("*.md")}
    assert generated <= plain
    result = build_site(tmp_path / "handbook", tmp_path / "site", simplified=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "playbooks" / "bench-play-0001" / "index.html").exists()


def test_event_timer_splits_a_real_build_by_event(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_SKIP_SIMPLIFIED": "1"}
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "events.py"), str(tmp_path / "site")],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    shares = {(kind, name): float(seconds)
              for kind, name, seconds in re.findall(r"^  (\S+) +(\S+) +([\d.]+)$", result.stderr, re.M)}
    assert re.search(r"^total [\d.]+ s$", result.stderr, re.M)
    assert {("fn", "_build_page"), ("post_build", "handbook")} <= set(shares), result.stderr
    assert (tmp_path / "site" / "playbooks" / "project-kickoff" / "index.html").exists()


def test_the_benchmark_server_gzips_text_like_nginx(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.html").write_text("<p>續保</p>" * 100, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" * 100)
    with served(tmp_path, compressed=True) as url:
        def get(path: str, encoding: str) -> tuple[dict, bytes]:
            request = urllib.request.Request(url + path, headers={"Accept-Encoding": encoding})
            with urllib.request.urlopen(request) as response:
                return dict(response.headers), response.read()
        headers, body = get("docs/", "gzip, deflate")
        assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
        assert gzip.decompress(body).decode("utf-8") == "<p>續保</p>" * 100
        headers, body = get("docs/index.html", "identity")
        assert "Content-Encoding" not in headers and body.decode("utf-8") == "<p>續保</p>" * 100
        headers, body = get("logo.png", "gzip")
        assert "Content-Encoding" not in headers and body == b"\x89PNG" * 100


# ---------- the final line of `make bench` (bench/figures.py: pure, nothing is built) ----------

def write_pages(site, sizes: dict[str, int]) -> None:
    """A fake built site: each page path filled with that many bytes."""
    for path, size in sizes.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(b"x" * size)


def test_page_figures_read_the_traditional_pages_of_a_site(tmp_path):
    write_pages(tmp_path, {"index.html": 30 * 1024, "playbooks/a/index.html": 40 * 1024,
                           "playbooks/b/index.html": 44 * 1024, "checklists/c/index.html": 50 * 1024,
                           "playbooks/index.html": 90 * 1024, "lists/symptoms-2/index.html": 120 * 1024,
                           "departments/sales/index.html": 60 * 1024, "404.html": 500 * 1024,
                           "zh-Hans/tags/index.html": 900 * 1024, "assets/x.js": 800 * 1024})
    sizes = figures.page_sizes(tmp_path)
    assert "404.html" not in sizes and not any(p.startswith("zh-Hans/") for p in sizes) and len(sizes) == 7
    assert figures.median_kb(sizes) == 50.0  # 30 40 44 50 60 90 120
    assert figures.largest_index_page(sizes) == ("lists/symptoms-2/index.html", 120.0)
    assert not figures.is_index_page("checklists/c/index.html")
    assert figures.is_index_page("departments/sales/index.html") and figures.is_index_page("playbooks/index.html")


def test_the_six_figures_are_ratios_to_the_same_runs_baseline_and_medians():
    sizes = {"playbooks/a/index.html": 40 * 1024, "tags/index.html": 150 * 1024, "index.html": 20 * 1024}
    result = figures.compute(both_s=60.0, traditional_s=45.0, baseline_s=50.0, first_results=[0.5, 0.2, 9.0],
                             edits=[3.0, 1.0, 2.0, 10.0], sizes=sizes)
    assert result.build_ratio == 1.2 and result.trad_ratio == 0.9
    assert result.first_result_s == 0.5 and result.edit_s == 2.5
    assert result.page_kb == 40.0 and result.index_page_kb == 150.0
    assert [row[3] for row in figures.target_rows(result)] == ["PASS", "PASS", "FAIL", "FAIL", "PASS", "PASS"]


def test_the_final_line_names_the_six_figures_in_order_and_reads_back():
    line = figures.Figures(1.234, 0.987, 0.25, None, 44.96, 187.04).line()
    assert line == ("bench: build_ratio=1.23 trad_ratio=0.99 first_result_s=0.25 edit_s=n/a page_kb=45.0 "
                    "index_page_kb=187.0")
    assert re.fullmatch(r"bench: build_ratio=\S+ trad_ratio=\S+ first_result_s=\S+ edit_s=\S+ page_kb=\S+ "
                        r"index_page_kb=\S+", line)
    assert figures.parse_line(line) == {"build_ratio": 1.23, "trad_ratio": 0.99, "first_result_s": 0.25,
                                        "edit_s": None, "page_kb": 45.0, "index_page_kb": 187.0}
    unmeasured = figures.compute(both_s=None, traditional_s=None, baseline_s=None, first_results=[], edits=[],
                                 sizes=None)
    assert unmeasured.line().count("=n/a") == 6
    assert [row[3] for row in figures.target_rows(unmeasured)] == ["not measured"] * 6


def test_make_bench_ends_with_the_final_line_of_the_figures_it_computed(monkeypatch, capsys, tmp_path):
    import run  # bench/run.py: its builds, browser and edit loop replaced, only the reporting is real

    site = tmp_path / "site"
    write_pages(site, {"playbooks/a/index.html": 40 * 1024, "symptoms/index.html": 99 * 1024})
    seconds = {"baseline": 50.0, "traditional": 48.0, "both editions": 61.0}
    def fake_build(projects, runs):
        return {build: run.Result(times=[s], cpu=[s], sizes=figures.page_sizes(site)) for build, s in seconds.items()}
    monkeypatch.setattr(run, "prepare", lambda work, size, seed: {"handbook": tmp_path, "baseline": tmp_path})
    monkeypatch.setattr(run.corpus, "seed_handbook", lambda: None)
    monkeypatch.setattr(run, "bench_size", fake_build)
    monkeypatch.setattr(run, "time_search", lambda site, count: [0.4, 0.2, 0.3])
    monkeypatch.setattr(run, "time_edits", lambda project, edits, build_seconds: [70.0, 72.0])
    run.main(["--sizes", "1000"])
    last = capsys.readouterr().out.rstrip("\n").split("\n")[-1]
    assert last == ("bench: build_ratio=1.22 trad_ratio=0.96 first_result_s=0.30 edit_s=71.00 page_kb=69.5 "
                    "index_page_kb=99.0")


# ---------- index pages stay within a budget per item ----------

# Each playbook added (with its checklist) may add at most this many bytes to any page that lists items; at that
# rate the largest index page of a 1,000-playbook handbook must still be within the benchmark's 200 KB. A later
# page of a long list (lists/) fills up to a fixed size instead: it is held to that size.
BYTES_PER_PLAYBOOK = 150
INDEX_PAGE_LIMIT_KB = 200
LIST_PAGE_LIMIT_KB = 80
SMALLER, LARGER = 110, 160  # past the first page of every list but the departments' (see handbook/render/listing.py)


def index_page_sizes(tmp_path, playbooks: int, seed) -> dict[str, int]:
    """Bytes of every index page of a corpus of that many playbooks, built (Traditional only)."""
    corpus.handbook_project(tmp_path / f"handbook-{playbooks}", playbooks, seed)
    site = tmp_path / f"site-{playbooks}"
    result = build_site(tmp_path / f"handbook-{playbooks}", site, simplified=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return {path: size for path, size in figures.page_sizes(site).items() if figures.is_index_page(path)}


def test_index_pages_grow_by_at_most_a_budget_per_playbook(tmp_path):
    seed = corpus.seed_handbook()
    smaller, larger = index_page_sizes(tmp_path, SMALLER, seed), index_page_sizes(tmp_path, LARGER, seed)
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
