"""The Simplified edition is the built Traditional site, converted file by file (handbook/publish/edition.py)."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from conftest import THEME_PACKS
from handbook.publish.edition import (KEEP_END, KEEP_START, edition_link, is_converted, simplified_page,
                            write_simplified_edition)


@pytest.mark.parametrize(("href", "lang", "expected"), [
    (".", "zh-Hant", "../"),                                   # the Traditional home, from the Simplified home
    ("zh-Hans/", "zh-Hans", "./"),                              # the Simplified home, from itself
    ("../..", "zh-Hant", "../../../"),
    ("../../zh-Hans/", "zh-Hans", "../../"),
    ("../../playbooks/one-channel/", "zh-Hant", "../../../playbooks/one-channel/"),
    ("../../zh-Hans/playbooks/one-channel/", "zh-Hans", "../../playbooks/one-channel/"),
    ("./", "zh-Hant", "../"),
    ("./zh-Hans/", "zh-Hans", "./"),
])
def test_edition_links_are_rewritten_for_a_page_one_folder_deeper(href, lang, expected):
    assert edition_link(href, lang) == expected


def test_a_page_is_converted_but_the_marked_edition_names_and_its_links_are_not_mixed_up():
    page = ('<html lang="zh-TW" class="no-js"><head><title>統一溝通平台</title>'
            '<link rel="alternate" href="../.." hreflang="zh-Hant"></head><body>'
            f'<a href="../../zh-Hans/playbooks/x/" hreflang="zh-Hans" lang="zh-Hans">{KEEP_START}简体中文{KEEP_END}</a>'
            f'<a href="../../playbooks/x/" hreflang="zh-Hant" lang="zh-Hant">{KEEP_START}繁體中文{KEEP_END}</a>'
            '<p>負責人確認資料</p></body></html>')
    converted = simplified_page(page, THEME_PACKS)
    assert converted.startswith('<html lang="zh-Hans" class="no-js">')
    assert "<title>统一沟通平台</title>" in converted and "<p>负责人确认数据</p>" in converted
    assert f"{KEEP_START}繁體中文{KEEP_END}" in converted and f"{KEEP_START}简体中文{KEEP_END}" in converted
    assert '<link rel="alternate" href="../../../" hreflang="zh-Hant">' in converted
    assert '<a href="../../playbooks/x/" hreflang="zh-Hans"' in converted
    assert '<a href="../../../playbooks/x/" hreflang="zh-Hant"' in converted


def test_material_bundles_are_copied_and_everything_of_ours_converted():
    assert not is_converted(PurePosixPath("assets/javascripts/bundle.a5f9d56c.min.js"))
    assert not is_converted(PurePosixPath("assets/stylesheets/main.484c7ddc.min.css"))
    assert not is_converted(PurePosixPath("assets/images/favicon.png"))
    for converted in ("index.html", "assets/checklist.js", "assets/handbook.css", "tags.json",
                      "tools/planner-data.json", "sitemap.xml"):
        assert is_converted(PurePosixPath(converted)), converted


def test_the_edition_mirrors_the_site_and_is_rewritten_from_scratch(tmp_path):
    (tmp_path / "playbooks" / "x").mkdir(parents=True)
    (tmp_path / "playbooks" / "x" / "index.html").write_text('<html lang="zh-TW"><p>資料</p></html>', encoding="utf-8")
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "bundle.js").write_text("/* 資料 */", encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>找不到</p>", encoding="utf-8")  # a file before any folder
    (tmp_path / "favicon.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "zh-Hans" / "stale").mkdir(parents=True)
    target = write_simplified_edition(tmp_path, THEME_PACKS)
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert files == ["404.html", "assets/javascripts/bundle.js", "favicon.png", "playbooks/x/index.html"]
    assert (target / "playbooks/x/index.html").read_text(encoding="utf-8") == '<html lang="zh-Hans"><p>数据</p></html>'
    assert (target / "assets/javascripts/bundle.js").read_text(encoding="utf-8") == "/* 資料 */"
    assert (target / "favicon.png").read_bytes() == b"\x89PNG\r\n"
