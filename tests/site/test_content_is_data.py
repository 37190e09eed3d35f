"""Editors' files are data: a build shows template code, Markdown-looking titles and HTML vectors as text."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from bad_contributions import GOOD_CHECKLIST, GOOD_PLAYBOOK
from conftest import ROOT, build_site
from handbook.publish.sanitize import body_problems, clean_html, handbook_ids
from site_urls import leaves_the_site, page_urls

PARTS = ("departments", "playbooks", "checklists", "cases", "docs", "overrides", "macros", "handbook")
LITERAL_PROSE = ["{{ 姓名 }}", "{% if 有空 %}", "{# 備註 #}", "{{ config.extra }}", "{{ lipsum(1) }}"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project whose content holds template code and Markdown in data, built once."""
    project = tmp_path_factory.mktemp("data") / "project"
    for part in PARTS:
        shutil.copytree(ROOT / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("glossary.yml", "mkdocs.yml", "checklists.lock.json"):
        shutil.copy(ROOT / name, project)
    prose = "\n\n".join(f"寫信時填 {code} 這一格。" for code in LITERAL_PROSE)
    (project / "playbooks" / "test-play.md").write_text(
        GOOD_PLAYBOOK.replace("\n內文。\n", f"\n{prose}\n"), encoding="utf-8")
    (project / "checklists" / "test-list.yml").write_text(
        GOOD_CHECKLIST.replace("    title: 第一段", '    title: "第一段 *重點* #2 (備註) _底線_"'), encoding="utf-8")
    (project / "docs" / "index.md~").write_text("backup", encoding="utf-8")
    (project / "docs" / "notes.bak").write_text("backup", encoding="utf-8")
    site = project / "site"
    result = build_site(project, site, simplified=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def text_of(page: Path) -> str:
    """A built page's visible text (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def test_template_code_in_prose_shows_as_written(built):
    text = text_of(built / "playbooks" / "test-play" / "index.html")
    for code in LITERAL_PROSE:
        assert f"寫信時填 {code} 這一格。" in text


def test_a_section_title_is_never_markdown(built):
    page = (built / "checklists" / "test-list" / "index.html").read_text(encoding="utf-8")
    heading = re.search(r'<h2 id="s-first">(.*?)</h2>', page, re.S).group(1)
    assert html.unescape(re.sub(r"<a class=\"headerlink\".*?</a>", "", heading)).strip() == "第一段 *重點* #2 (備註) _底線_"


def test_hand_written_pages_still_run_their_macros(built):
    page = (built / "index.html").read_text(encoding="utf-8")
    assert "{{" not in page and "phase_diagram" not in page
    assert 'class="hb-phases' in page or "hb-phase" in page


def test_backup_files_are_never_published(built):
    assert not (built / "index.md~").exists() and not (built / "notes.bak").exists()
    assert not list(built.rglob("*~")) and not list(built.rglob("*.bak"))


VECTORS = [
    '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<svg><script>alert(1)</script></svg>',
    '<a href="javascript:alert(1)">x</a>', '<a href="JAVASCRIPT:alert(1)">x</a>', '<a href="java&#9;script:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>', '<a href="&#106;avascript:alert(1)">x</a>', '<a href=" vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>', '<iframe src="https://evil.example/"></iframe>',
    '<object data="x.swf"></object>', '<embed src="x.swf">', '<form action="https://evil.example/"><input></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">', '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">', '<style>@import url(https://evil.example/x.css)</style>',
    '<p style="background:url(https://evil.example/x.png)">x</p>', '<img src="https://evil.example/p.png">',
    '<img src="//evil.example/p.png">', '<img src="a.png" srcset="https://evil.example/p.png 2x">',
    '<details open ontoggle=alert(1)><summary>x</summary></details>', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<a href="https://evil.example/">phish</a>', '<div onclick="alert(1)" class="admonition">x</div>',
]


@pytest.mark.parametrize("vector", VECTORS)
def test_the_sanitiser_leaves_nothing_active(vector):
    cleaned = clean_html(vector, ["git.intranet.example"])
    assert not re.search(r"<(script|iframe|object|embed|form|input|meta|base|link|style|svg|math)\b", cleaned, re.I)
    assert not re.search(r"\son\w+\s*=|\sstyle\s*=|\ssrcset\s*=", cleaned, re.I)
    leaks = [url for tag, attribute, url in page_urls(cleaned)
             if leaves_the_site(tag, attribute, url, ["git.intranet.example"])]
    assert not leaks, cleaned


def test_the_sanitiser_keeps_what_pages_need():
    kept = ('<h2 id="steps">步驟<a class="headerlink" href="#steps" title="Permanent link">¶</a></h2>'
            '<div class="admonition note"><p class="admonition-title">注意</p></div>'
            '<table><thead><tr><th align="left">部門</th></tr></thead></table>'
            '<a href="https://git.intranet.example/x">系統</a><a href="../one-channel/">劇本</a><img alt="圖" src="../a.png">')
    cleaned = clean_html(kept, ["git.intranet.example"])
    for part in ('id="steps"', 'class="headerlink"', 'href="#steps"', 'class="admonition note"', 'align="left"',
                 'href="https://git.intranet.example/x"', 'href="../one-channel/"', 'src="../a.png"'):
        assert part in cleaned, part


def test_a_value_cut_at_an_unquoted_hash_gets_a_warning(tmp_path):
    from handbook.content.sources import parse_yaml
    _, _, warnings = parse_yaml("checklists/x.yml", "title: 第一段 #2 名\nowner: operations  # 負責部門\n", 0)
    assert [str(w) for w in warnings] == ["checklists/x.yml:1: 警告：「#」後面被當成註解，這個值只剩「第一段」"]
    assert "加引號" in warnings[0].hint


def test_every_id_the_handbook_writes_is_refused_in_a_body():
    """Ids are found in the templates, the theme overrides and the scripts, never listed by hand."""
    whole, prefixes = handbook_ids()
    assert {"plan-date", "planned-agenda", "hb-project-switch", "charter-table"} <= whole
    assert {"f-", "edit-", "term-"} <= set(prefixes)
    for ident in [*whole, *(prefix + "x" for prefix in prefixes)]:
        found = [str(p) for p in body_problems("p.md", f'<span id="{ident}">x</span>', 1)]
        assert found == [f"p.md:1: 內文: 代號「{ident}」是佈景主題或手冊程式保留的"], ident
