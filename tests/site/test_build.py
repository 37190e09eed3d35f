"""The whole pipeline: strict build, links, search index, config, schemas, and builds that must fail."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_site, world_readable_copy
from handbook.checks import allowed_link_hosts
from site_urls import leaves_the_site, page_urls
from handbook.publish.minify import collapse_whitespace
from handbook.content.schema import all_schemas, render
from handbook.publish.search import BUNDLE, INDEX_LANGUAGE, LEXICON, indexed_pages, spaced

IGNORE = shutil.ignore_patterns(".venv", "site", ".git", "test-artifacts", ".cache", "__pycache__", "bench-out")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway copy of the project."""
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=IGNORE)
    return copy


def test_strict_build_has_no_warnings(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "s")],
                            cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_linkchecker_finds_no_broken_link(site):
    # linkchecker run as root reads as nobody: a world-readable copy, outside pytest's 0700 folders (a nested
    # pytest, as in test_fresh_machine, takes group and other bits off them again)
    with world_readable_copy(site, "handbook-links-") as copy:
        config = copy.parent / "linkcheckerrc"
        # Links only: every anchor is checked by test_every_anchor_exists (all pages, directory URLs too) and, as
        # served, by the nginx crawl with AnchorCheck; here it re-read a page per #fragment (51 s → 5 s without).
        config.write_text("[filtering]\ncheckextern=0\n", encoding="utf-8")
        config.chmod(0o644)
        linkchecker = Path(sys.executable).with_name("linkchecker")
        result = subprocess.run([str(linkchecker), "--no-status", "-f", str(config), str(copy / "index.html")],
                                capture_output=True, text=True, check=False)
    assert re.search(r"\b0 errors found", result.stdout), result.stdout[-4000:]
    other_warnings = re.findall(r"^Warning\s+\[([\w-]+)\]", result.stdout, re.M)
    assert not other_warnings, result.stdout[-4000:]


def page_ids(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    """The id attributes of a built page."""
    if page not in cache:
        cache[page] = set(re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8")))
    return cache[page]


def test_every_anchor_exists(site):
    cache: dict[Path, set[str]] = {}
    missing = []
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"#:]*)#([^"]+)"', page.read_text(encoding="utf-8")):
            target = (page.parent / href[0]).resolve() if href[0] else page
            if target.is_dir():
                target = target / "index.html"
            fragment = urllib.parse.unquote(href[1])
            if target.exists() and fragment not in page_ids(target, cache) and not fragment.startswith("__"):
                missing.append((page.relative_to(site).as_posix(), href))
    assert not missing, missing[:20]


def test_every_item_has_a_page_in_the_nav_and_the_search_index(site):
    locations = {page["url"].lstrip("/") for page in indexed_pages(site)}
    for kind in ("playbooks", "checklists", "cases", "departments"):
        for file in (ROOT / kind).glob("*.*"):
            assert f"{kind}/{file.stem}/" in locations, file
            assert (site / kind / file.stem / "index.html").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="playbooks/options-abc/"' in home


def test_each_edition_has_its_own_search_index_and_lexicon(site):
    for edition in (site, site / "zh-Hans"):
        entry = json.loads((edition / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
        lang = INDEX_LANGUAGE  # each edition's index is a bundle of its own, its pages spaced into words already
        assert list(entry["languages"]) == [lang]
        pages = {p.parent for p in edition.rglob("index.html") if "zh-Hans" not in p.relative_to(edition).parts
                 and "data-pagefind-body" in p.read_text(encoding="utf-8")}  # search: exclude pages carry none
        assert entry["languages"][lang]["page_count"] == len(pages) > 40
        assert not (edition / "editors" / "macros" / "index.html").read_text(encoding="utf-8").count(
            "data-pagefind-body")  # the editors' page is kept out
        lexicon = json.loads((edition / BUNDLE / LEXICON).read_text(encoding="utf-8"))
        assert set(lexicon) == {"convert", "words", "synonyms"}
    assert json.loads((site / BUNDLE / LEXICON).read_text(encoding="utf-8"))["convert"]["续"] == "續"
    assert json.loads((site / "zh-Hans" / BUNDLE / LEXICON).read_text(encoding="utf-8"))["convert"]["續"] == "续"
    assert not (site / "search").exists()  # Material's search plugin is gone


def test_the_index_reads_one_han_character_per_word_from_the_article_on():
    page = '<title>專案</title><div data-pagefind-body data-title="專案"><p>續保 ABC方案</p>'
    edge = " \ue000 "  # where a block starts and ends: a phrase never matches across two blocks
    assert spaced(page) == ('<title>專案</title><div data-pagefind-body data-title="專 案">' + edge +
                            '<p> 續 保 ABC 方 案 ' + edge + '</p>')
    assert spaced("<p>續保</p>") == "<p>續保</p>"  # no article, nothing indexed


def test_tags_index_lists_phases_and_departments(site):
    tags = (site / "tags" / "index.html").read_text(encoding="utf-8")
    for tag in ("溝通", "協作", "共贏", "銷售部", "財務部"):
        assert f">{tag}<" in tags or f"{tag}</" in tags, tag


def shown_tags(html: str) -> list[str]:
    """The tags at the top of a built page, in the order shown."""
    chips = re.search(r'<nav class="md-tags"[^>]*>(.*?)</nav>', html, re.S)
    return re.findall(r'class="md-tag[^"]*">([^<]+)</a>', chips.group(1)) if chips else []


def department_names(departments) -> list[str]:
    """Department names in the departments' own order (their order field, then id)."""
    return [d.name for d in sorted(departments, key=lambda d: (d.order, d.id))]


def test_a_pages_tags_come_phase_then_departments_then_kind(site):
    from handbook.content.loading import load
    handbook, problems = load(ROOT)
    assert handbook is not None, problems
    renewal = (site / "cases" / "renewal-weekend" / "index.html").read_text(encoding="utf-8")
    assert shown_tags(renewal) == ["售後部", "行銷部", "客服部", "金融部", "保險部", "案例"]  # by name it was 售後部, 客服部, 行銷部, …
    kickoff = (site / "checklists" / "project-kickoff" / "index.html").read_text(encoding="utf-8")
    assert shown_tags(kickoff) == ["溝通", "檢核表"]
    for playbook in handbook.playbooks.values():
        html = (site / "playbooks" / playbook.slug / "index.html").read_text(encoding="utf-8")
        departments = department_names(handbook.departments[d] for d in playbook.departments)
        assert shown_tags(html) == [playbook.phase, *departments], playbook.slug
    for case in handbook.cases.values():
        html = (site / "cases" / case.slug / "index.html").read_text(encoding="utf-8")
        assert shown_tags(html) == [*department_names(handbook.departments[d] for d in case.departments), "案例"]


def test_the_tags_index_follows_the_method_then_the_departments(site):
    from handbook.content.loading import load
    from handbook.content.models import PHASES
    handbook, _ = load(ROOT)
    html = (site / "tags" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    assert re.findall(r'<dt id="tag:[^"]+">([^<]+)</dt>', article) == [
        *PHASES, *department_names(handbook.departments.values()), "檢核表", "案例"]
    communicate = article[article.index(">溝通<"):article.index(">協作<")]
    places = re.findall(r'<a href="\.\./([a-z]+)/#([a-z]+)">(\d+) ', communicate)
    phase_playbooks = len(handbook.playbooks_in_phase("溝通"))
    phase_checklists = len([c for c in handbook.project_checklists() if c.phase == "溝通"])
    assert places == [("playbooks", "communicate", str(phase_playbooks)), ("checklists", "project", str(phase_checklists))]


def test_pages_carry_edit_link_owner_and_dates(site):
    page = (site / "playbooks" / "project-kickoff" / "index.html").read_text(encoding="utf-8")
    assert "edit/main/playbooks/project-kickoff.md" in page
    assert "負責人：" in page and "最後更新：" in page and "複審日期：" in page
    method = (site / "method" / "index.html").read_text(encoding="utf-8")
    assert "edit/main/docs/method.md" in method


def test_config_keeps_every_request_inside_the_site():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["theme"]["font"] == "false"
    assert config["theme"]["language"] == "zh-TW"
    assert config["extra"]["generator"] == "false"
    assert "nav" not in config
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert "offline" not in plugins and "privacy" not in plugins
    # mkdocs-macros' Jinja is not sandboxed and exposes the config: pages' macros run in handbook/render/sandbox.py instead.
    assert "macros" not in plugins


def test_built_pages_reference_nothing_outside_the_site(site):
    allowed = allowed_link_hosts(ROOT)
    leaks = []
    for page in site.rglob("*.html"):
        for tag, attribute, url in page_urls(page.read_text(encoding="utf-8")):
            if leaves_the_site(tag, attribute, url, allowed):
                leaks.append((page.relative_to(site).as_posix(), tag, attribute, url))
    assert not leaks, leaks[:10]


def test_the_url_check_sees_every_way_out():
    html = """<a href="https://evil.example/">x</a><img src="//evil.example/p.png" srcset="a.png 1x, https://e.example/b.png 2x">
    <meta http-equiv="refresh" content="0; url=https://evil.example/"><div style="background: url('https://e.example/x.png')"></div>
    <style>body { background: url(https://e.example/y.png) }</style><link rel="icon" href="data:image/png;base64,AA">
    <a href="java&#9;script:alert(1)">j</a><a href="https://git.intranet.example/x">ok</a><a href="../x/">ok</a>"""
    found = [(tag, attribute, url) for tag, attribute, url in page_urls(html)
             if leaves_the_site(tag, attribute, url, ("git.intranet.example",))]
    assert [f[:2] for f in found] == [("a", "href"), ("img", "src"), ("img", "srcset"), ("meta", "content"),
                                       ("div", "style"), ("style", "#text"), ("link", "href"), ("a", "href")]


def test_committed_json_schemas_are_current():
    for name, schema in all_schemas().items():
        committed = ROOT / "schema" / name
        assert committed.read_text(encoding="utf-8") == render(schema), f"{name} is stale: run make schema"


def source_files(project: Path) -> dict[Path, bytes]:
    """Every file of a project but the caches MkDocs and Python write (.cache, __pycache__ without
    PYTHONDONTWRITEBYTECODE)."""
    return {p: p.read_bytes() for p in project.rglob("*")
            if p.is_file() and not {".cache", "__pycache__"} & set(p.parts)}


def test_malformed_playbook_stops_the_build_and_leaves_the_site_alone(project, tmp_path):
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text("previous build", encoding="utf-8")
    bad = (project / "playbooks" / "project-kickoff.md").read_text(encoding="utf-8")
    (project / "playbooks" / "project-kickoff.md").write_text(bad.replace("  - operations\n", "  - operatons\n", 1),
                                                          encoding="utf-8")
    before = source_files(project)
    result = build_site(project, site_dir)
    assert result.returncode != 0
    assert re.search(r"playbooks/project-kickoff\.md:\d+: departments\[\d\]: 找不到部門「operatons」", result.stderr)
    assert (site_dir / "index.html").read_text(encoding="utf-8") == "previous build"
    assert list(site_dir.iterdir()) == [site_dir / "index.html"]
    after = source_files(project)
    assert after == before


def test_macro_called_wrongly_fails_with_page_and_reason(project, tmp_path):
    page = project / "docs" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n{{ agenda("kickoff", ["sales"], 10) }}\n',
                    encoding="utf-8")
    result = build_site(project, tmp_path / "site", simplified=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert re.search(r"docs/glossary\.md:\d+: 巨集: 巨集呼叫失敗：agenda\(\)：專案啟動會至少要 30 分鐘，這裡只給了 10 分鐘", output)
    assert "Traceback" not in output


def test_prose_that_looks_like_a_macro_call_is_shown_as_written(project, tmp_path):
    playbook = sorted((project / "playbooks").glob("*.md"))[0]
    playbook.write_text(playbook.read_text(encoding="utf-8") + '\n溝通公約範本：\n\n{{ charter(["sales", "finance"]) }}\n',
                        encoding="utf-8")
    result = build_site(project, tmp_path / "site", simplified=False)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "playbooks" / playbook.stem / "index.html").read_text(encoding="utf-8")
    assert "溝通公約範本" in page and 'class="hb-charter' not in page
    assert '{{ charter([&quot;sales&quot;, &quot;finance&quot;]) }}' in page or '{{ charter(["sales", "finance"]) }}' in page
    for generated in ('id="steps"', 'class="hb-swimlane"', 'class="hb-agenda"', "相關內容"):
        assert generated in page, generated


def test_attribute_list_ids_and_overdue_banner(project, tmp_path):
    page = project / "docs" / "method.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## 附錄 {#appendix}\n\n文字。\n", encoding="utf-8")
    playbook = project / "playbooks" / "project-kickoff.md"
    playbook.write_text(re.sub(r"review_by: .*", "review_by: 2020-01-01", playbook.read_text(encoding="utf-8")),
                        encoding="utf-8")
    result = build_site(project, tmp_path / "site", simplified=False)
    assert result.returncode == 0, result.stderr
    assert 'id="appendix"' in (tmp_path / "site" / "method" / "index.html").read_text(encoding="utf-8")
    overdue = (tmp_path / "site" / "playbooks" / "project-kickoff" / "index.html").read_text(encoding="utf-8")
    assert "內容可能過時" in overdue and "複審日期是 2020-01-01" in overdue
    current = (tmp_path / "site" / "playbooks" / "think-as-we" / "index.html").read_text(encoding="utf-8")
    assert "內容可能過時" not in current


def test_build_without_git_history_falls_back_to_build_date(project, tmp_path):
    result = build_site(project, tmp_path / "site", simplified=False)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "playbooks" / "project-kickoff" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"最後更新：<time datetime=\"\d{4}-\d{2}-\d{2}\"", page)


def test_the_three_project_views_share_one_data_file_per_edition(site):
    """我的專案's list, project and binder read one data file beside the list page (written once per edition, not
    once per view), and its links are relative to that file."""
    files = sorted(path.relative_to(site).as_posix() for path in site.rglob("projects-data.json"))
    assert files == ["projects/projects-data.json", "zh-Hans/projects/projects-data.json"], files
    for edition in ("", "zh-Hans/"):
        data_file = site / edition / "projects" / "projects-data.json"
        for view in ("projects/", "projects/project/", "projects/binder/"):
            page = site / edition / view / "index.html"
            source = re.search(r'data-project-src="([^"]+)"', page.read_text(encoding="utf-8")).group(1)
            assert (page.parent / source).resolve() == data_file.resolve(), (view, source)
        data = json.loads(data_file.read_text(encoding="utf-8"))
        for url in [*data["pages"].values(), *(c["url"] for c in data["checklists"])]:
            assert (data_file.parent / url / "index.html").is_file(), url


def test_simplified_edition_mirrors_every_page(site):
    traditional = {p.relative_to(site) for p in site.rglob("index.html") if "zh-Hans" not in p.parts}
    simplified = {p.relative_to(site / "zh-Hans") for p in (site / "zh-Hans").rglob("index.html")}
    assert traditional == simplified
    page = (site / "zh-Hans" / "playbooks" / "project-kickoff" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans"' in page
    assert "<title>项目启动：定负责人" in page
    assert any("项目启动" in page["meta"]["title"] for page in indexed_pages(site / "zh-Hans"))
    tags = (site / "zh-Hans" / "tags" / "index.html").read_text(encoding="utf-8")
    assert "沟通" in tags and "销售部" in tags and "銷售部" not in tags


def test_language_switch_lands_on_the_same_page(site):
    page = (site / "playbooks" / "project-kickoff" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../zh-Hans/playbooks/project-kickoff/" hreflang="zh-Hans"' in page
    back = (site / "zh-Hans" / "playbooks" / "project-kickoff" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../playbooks/project-kickoff/" hreflang="zh-Hant"' in back


def search_text(site: Path) -> str:
    """All the text of the search index."""
    return " ".join(page["meta"]["title"] + " " + page["content"] for page in indexed_pages(site))


def test_blocks_marked_pagefind_ignore_are_on_the_page_but_not_in_the_index(site):
    page = (site / "playbooks" / "project-kickoff" / "index.html").read_text(encoding="utf-8")
    for shown in ("各部門會前準備", "要記錄的決議", "：各部門泳道圖", 'class="hb-swimlane__row'):
        assert shown in page, shown
    text = search_text(site)
    assert "各部門會前準備" not in text and "要記錄的決議" not in text
    assert "只拉負責人與代理人，置頂專案說明" in text  # the same page's steps are searchable
    assert not [p for p in site.rglob("*.html") if "data-hb-slot" in p.read_text(encoding="utf-8")]


def test_tag_listing_is_found_by_tag_name_without_indexing_every_title_again(site):
    tags = next(page for page in indexed_pages(site) if page["url"] == "/tags/")
    assert all(tag in tags["content"] for tag in ("溝通", "銷售部", "案例"))
    assert "專案啟動：定負責人" not in tags["content"]  # no item's title: each tag links to where its items are
    html = (site / "tags" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../playbooks/#communicate">' in html and '<a href="../departments/sales/">' in html


def test_an_items_tags_link_to_the_lists_of_its_kind(site):
    page = (site / "playbooks" / "project-kickoff" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../#communicate" class="md-tag">溝通</a>' in page
    assert '<a href="../../departments/sales/" class="md-tag">銷售部</a>' in page
    checklist = (site / "checklists" / "project-kickoff" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../#project" class="md-tag">溝通</a>' in checklist
    assert not (site / "tags.json").exists()  # Material's tags plugin is gone


def test_the_index_holds_the_article_only(site):
    page = next(p for p in indexed_pages(site) if p["url"] == "/playbooks/project-kickoff/")
    assert page["meta"]["title"] == "專案啟動：定負責人、唯一群組與固定見面時間" and page["meta"]["section"] == "劇本"
    assert "寫一頁專案說明" in page["content"]
    for outside in ("¶", "跨部門協作手冊", "最後更新", "複審日期"):  # permalinks, the header and nav, the page meta
        assert outside not in page["content"], outside
    checklist = next(p for p in indexed_pages(site) if p["url"] == "/checklists/target-setting/")
    assert "已查到本店過去的達成率" in checklist["content"]  # an item's <label>, which Pagefind skips by itself


def test_built_pages_carry_no_indentation_runs(site):
    for name in ("index.html", "playbooks/project-kickoff/index.html", "checklists/project-kickoff/index.html"):
        page = (site / name).read_text(encoding="utf-8")
        assert collapse_whitespace(page) == page, name
        assert "\n\n" not in page.split("<main", 1)[0], name


def test_a_playbooks_old_address_leads_to_its_page_in_both_editions(site):
    """previous_ids: the build writes a static page at the old URL, lists it with the pages it wrote (the nginx
    renderer trusts only those), and the Simplified edition gets its copy."""
    from handbook.content.loading import load
    from handbook.render.redirects import redirects

    handbook, _ = load(ROOT)
    kept = redirects(handbook)
    if not kept:
        pytest.skip("no playbook lists previous_ids")
    pages = set(json.loads((site / ".handbook-pages.json").read_text(encoding="utf-8"))["pages"])
    for redirect in kept:
        for edition in ("", "zh-Hans/"):
            old = site / f"{edition}{redirect.uri}"
            page = old.read_text(encoding="utf-8")
            assert f'<meta http-equiv="refresh" content="0; url={redirect.target}">' in page
            assert f'href="{redirect.target}"' in page and "<script" not in page
            assert (old.parent / redirect.target / "index.html").resolve().is_file()
            assert f"{edition}{redirect.uri}" in pages
