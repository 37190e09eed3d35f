"""The benchmark's corpora stay valid and buildable (the timings themselves are `make bench`, not tests)."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import urllib.request

import corpus  # bench/, put on the path by conftest
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
