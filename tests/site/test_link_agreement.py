"""`make check` and MkDocs' own strict link validation agree on every link case: the check refuses exactly the
pages whose links would fail the build (one small build with the check's link rule switched off shows what MkDocs
alone says)."""

from __future__ import annotations

import base64
import logging
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

import handbook.checks
from handbook.checks import check_all
from scenario import scenario

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
TARGET = "---\ntitle: 目標頁\n---\n\n# 目標頁\n\n## 這裡 {#here}\n\n## Plain heading\n\n內容。\n"

# (page under docs/, its link, whether the strict build accepts it)
CASES = [
    ("relative-page", "[劇本](playbooks/first-play.md)", True),
    ("missing-page", "[劇本](playbooks/no-such-play.md)", False),
    ("page-anchor", "[這裡](target.md#here)", True),
    ("slug-anchor", "[這裡](target.md#plain-heading)", True),
    ("missing-page-anchor", "[這裡](target.md#nope)", False),
    ("generated-anchor", "[步驟](playbooks/first-play.md#steps)", True),
    ("missing-item-anchor", "[步驟](playbooks/first-play.md#no-such-part)", False),
    ("folder", "[劇本](playbooks/)", False),
    ("folder-url", "[目標](target/)", False),
    ("absolute-page", "[劇本](/playbooks/first-play.md)", True),
    ("absolute-url", "[頁](/no/such/page/)", False),
    ("absolute-missing", "[頁](/no-such.md)", False),
    ("beyond-root", "[頁](../../etc/passwd.md)", False),
    ("other-edition", "[簡體](zh-Hans/index.md)", False),
    ("self-anchor", "[上面](#top-part)\n\n## Top part", True),
    ("missing-self-anchor", "[上面](#nope)", False),
    ("image", "![圖](picture.png)", True),
    ("missing-image", "![圖](no-such.png)", False),
    ("query", "[首頁](index.md?from=link)", True),
    ("encoded", "[目標](target%2Emd)", True),
    ("reference", "[目標][t]\n\n[t]: no-target.md", False),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A small handbook with one page per link case, a target page, an image and a playbook linking away."""
    root = scenario("minimal", tmp_path_factory.mktemp("links") / "project")
    (root / "docs" / "target.md").write_text(TARGET, encoding="utf-8")
    (root / "docs" / "picture.png").write_bytes(PNG)
    for name, link, _ in CASES:
        (root / "docs" / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n\n# {name}\n\n{link}\n", encoding="utf-8")
    play = root / "playbooks" / "first-play.md"
    play.write_text(play.read_text(encoding="utf-8") + "\n見[另一個劇本](../no-such-play.md)。\n", encoding="utf-8")
    return root


def check_verdict(root: Path) -> set[str]:
    """The pages `make check` refuses for their links."""
    _, problems = check_all(root)
    return {page_uri(p.path) for p in problems if p.severity == "error" and "連結" in p.message}


def page_uri(path: str) -> str:
    """The docs-relative page of a problem's file (a playbook's source is its generated page)."""
    return path.removeprefix("docs/")


def build_verdict(root: Path, caplog, monkeypatch) -> set[str]:
    """The pages MkDocs' strict build warns about, with the handbook's own link rule switched off."""
    monkeypatch.setattr(handbook.checks, "link_problems", lambda *args: iter(()))
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True)
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build(config)
    return {match for record in caplog.records if record.levelno >= logging.WARNING
            for match in re.findall(r"Doc file '([^']+)'", record.getMessage())}


def test_check_and_the_strict_build_refuse_the_same_links(project, caplog, monkeypatch):
    expected = {f"{name}.md" for name, _, accepted in CASES if not accepted} | {"playbooks/first-play.md"}
    assert len(CASES) >= 15
    assert check_verdict(project) == expected
    assert build_verdict(project, caplog, monkeypatch) == expected


def test_a_link_problem_names_the_line_and_where_the_link_points(project):
    _, problems = check_all(project)
    found = {str(p) for p in problems if "連結" in p.message}
    assert "docs/missing-page.md:7: 內文: 連結「playbooks/no-such-play.md」找不到頁面或檔案（會指到 docs/playbooks/no-such-play.md）" in found
    assert "docs/folder.md:7: 內文: 連結「playbooks/」沒有指到 .md 檔（會指到 docs/playbooks）" in found
    assert "docs/missing-page-anchor.md:7: 內文: 連結「target.md#nope」的段落「#nope」在 docs/target.md 裡找不到" in found
    assert "docs/beyond-root.md:7: 內文: 連結「../../etc/passwd.md」超出了手冊網站的範圍" in found
    assert all(p.hint for p in problems)
