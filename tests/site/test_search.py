"""The search's build side (handbook/publish/search.py): the spaced copy Pagefind reads, the lexicon, the header box."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from conftest import ROOT
from handbook.plugin.theme import insert_search_box
from handbook.publish.search import (BODY, PUNCTUATION, UNIT, add_vocabulary, department_vocabulary, differing_words,
                                     edition_pages, indexed_part, indexer, lexicon, phrase_maps, script_maps, spaced,
                                     synonyms, unspaced)
from handbook.content.state import current_handbook


def test_spacing_splits_han_characters_and_punctuation_from_the_article_on_and_unspacing_undoes_it():
    page = ('<html lang="zh-TW"><nav>部門</nav><div data-pagefind-body data-title="「續保」"><p>週末續保 A/B/C 方案，'
            '20%、4S店</p><dt>階段</dt><dd><a href="x">溝通</a>&amp;協作</dd></div>')
    indexed = spaced(page)
    assert indexed.startswith('<html lang="und"><nav>部門</nav>')  # before the article: as it was, but the language
    assert 'data-title="「 續 保 」"' in indexed  # the attribute's quotes left alone
    # A block's edges: a word of their own (not in the <html> tag's attributes, nor a tag's)
    assert " \ue000 <p> 週 末 續 保 A/B/C 方 案 ， 20% 、 4S 店  \ue000 </p>" in indexed
    assert ' \ue000 <dt> 階 段  \ue000 </dt> \ue000 <dd><a href="x"> 溝 通 </a>&amp; 協 作  \ue000 </dd>' in indexed
    badge = spaced('<div data-pagefind-body><li><span class="hb-phase hb-phase--cooperate">協作</span> <a>預算</a></li></div>')
    assert '<span class="hb-phase hb-phase--cooperate"> 協 作 </span> \ue000  <a> 預 算 </a>' in badge
    labelled = spaced('<div data-pagefind-body><li><a>標題</a><p>摘要</p><label data-text="甲">甲</label></li></div>')
    assert labelled.endswith('> \ue000 <li><a> 標 題 </a> \ue000 <p> 摘 要  \ue000 </p> \ue000 <label data-text="甲"> 甲 '
                             '</label> \ue000 </li></div>')
    assert unspaced("週 末 續 保 A/B/C 方 \u200b案 ， 20% 、 4S 店") == "週末續保 A/B/C 方案，20%、4S 店"
    assert unspaced("「 續 保 」 ： 用 LINE 群 組") == "「續保」：用 LINE 群組"
    assert unspaced("核 銷 不 過  \ue000  \ue000 協 作 \ue000 ") == "核銷不過協作"


def test_the_indexed_copy_holds_the_article_alone_in_a_language_pagefind_does_not_segment():
    page = ('<!doctype html><html lang="zh-TW" class="no-js"><head><title>續保</title></head><body><nav>部門</nav>'
            '<article class="md-content__inner"><div data-pagefind-body data-title="續保"><p>週末續保</p></div>'
            '<footer class="hb-page-meta">負責人</footer></article><footer>頁尾</footer><script>x()</script></body></html>')
    part = indexed_part(page)
    assert part == ('<html lang="und" class="no-js"><body><div data-pagefind-body data-title="續 保"> \ue000 <p> 週 末 續 保  \ue000 </p>'
                    '</div><footer class="hb-page-meta"> 負 責 人 </footer></body></html>')
    assert indexed_part(page.replace(BODY, "data-kept-out")) is None  # a page kept out of the index: no copy
    assert "週 末 續 保" in indexed_part(page.replace("</article>", ""))  # no <article> end: to the page's end


def test_pagefind_indexes_the_article_copy_as_it_indexes_the_whole_page(site, tmp_path):
    """The copy leaves out the header, nav, footer and scripts: the bundle is the same, byte for byte, as from
    whole pages."""
    bundles = []
    for name, copy_of in (("whole", spaced), ("article", indexed_part)):
        copy = tmp_path / name
        for page in edition_pages(site):
            text = copy_of(page.read_text(encoding="utf-8"))
            if text is not None:
                (copy / page.relative_to(site)).parent.mkdir(parents=True, exist_ok=True)
                (copy / page.relative_to(site)).write_text(text, encoding="utf-8")
        output, _ = indexer(copy, tmp_path / f"{name}-bundle").communicate()
        bundles.append({path.relative_to(tmp_path / f"{name}-bundle"): path.read_bytes()
                        for path in (tmp_path / f"{name}-bundle").rglob("*") if path.is_file()})
    whole, article = bundles
    assert len(whole) > 50 and sorted(whole) == sorted(article)
    assert [path for path in whole if whole[path] != article[path]] == []


def test_script_maps_go_both_ways_and_leave_words_of_their_own_alone():
    maps = script_maps(Counter({"續": 3, "保": 5, "發": 4, "髮": 1, "面": 2, "麵": 1}))
    assert maps["toSimplified"]["續"] == "续" and maps["toTraditional"]["续"] == "續"
    assert maps["toTraditional"]["发"] == "發"  # 發 and 髮 share 发: the handbook's more frequent one wins
    assert "面" not in maps["toTraditional"]  # 面 is a Traditional character the handbook uses: never turned into 麵
    assert "保" not in maps["toSimplified"]  # the same in both scripts


def test_words_the_scripts_say_differently_are_found_in_the_text():
    assert list(differing_words("專案資料", "项目数据", "专案资料")) == [("專案資料", "项目数据")]
    assert list(differing_words("軟體", "软件", "软体")) == [("軟體", "软件")]  # one character: with its neighbour
    assert list(differing_words("續保", "续保", "续保")) == []
    words = phrase_maps(["專案的標籤與資料"], script_maps(Counter("專案的標籤與資料簽"))["toSimplified"])
    assert words["toTraditional"]["项目"] == "專案" and words["toTraditional"]["数据"] == "資料"
    assert words["toTraditional"]["标签"] == "標籤"  # 签 goes back to 簽 or 籤: the pair says which
    assert words["toSimplified"]["資料"] == "数据"


def test_lexicon_of_each_edition_converts_towards_it():
    maps = {"toSimplified": {"續": "续"}, "toTraditional": {"续": "續"}}
    words = {"toSimplified": {"資料": "数据"}, "toTraditional": {"数据": "資料"}}
    traditional = lexicon(maps, words, {"續保活動": "續保"}, simplified=False)
    simplified = lexicon(maps, words, {"續保活動": "續保"}, simplified=True)
    assert traditional == {"convert": {"续": "續"}, "words": {"数据": "資料"}, "synonyms": {"續保活動": "續保"}}
    assert simplified == {"convert": {"續": "续"}, "words": {"資料": "数据"}, "synonyms": {"续保活动": "续保"}}


def test_glossary_aliases_are_synonyms_of_their_terms():
    aliases = synonyms(current_handbook(ROOT))
    assert aliases["項目負責人"] == "專案負責人" and aliases["不配合"] == "各自為政"
    assert all(alias != term for alias, term in aliases.items())


def test_search_box_goes_before_the_repository_link_or_last_in_the_header():
    header = '<nav class="md-header__inner"><a>title</a><div class="md-header__source">repo</div></nav>'
    assert insert_search_box(header, "<BOX>") == header.replace('<div class="md-header__source">',
                                                                '<BOX><div class="md-header__source">')
    assert insert_search_box("<nav><a>title</a></nav>", "<BOX>") == "<nav><a>title</a><BOX></nav>"
    with pytest.raises(ValueError, match="has Material changed"):
        insert_search_box("<header>no nav</header>", "<BOX>")




def test_the_search_box_spaces_a_query_with_the_same_characters_as_the_index():
    """search.js holds its own copy of the units the index spaces apart (it runs in the browser): the two agree."""
    script = (ROOT / "docs" / "assets" / "search.js").read_text(encoding="utf-8")
    declared = re.search(r'var PUNCTUATION = ((?:"[^"]*"\s*\+?\s*)+);', script)
    assert declared, "search.js no longer declares PUNCTUATION"
    in_script = "".join(re.findall(r'"([^"]*)"', declared.group(1))).encode("ascii").decode("unicode_escape")
    assert in_script == PUNCTUATION
    assert 'var UNIT = "[\\u3400-\\u9fff\\uf900-\\ufaff" + PUNCTUATION + "]";' in script
    assert UNIT == f"[\u3400-\u9fff\uf900-\ufaff{PUNCTUATION}]"


def test_a_department_answers_for_the_glossary_words_its_summary_uses_and_whose_definition_names_it():
    vocabulary = department_vocabulary(current_handbook(ROOT))
    finance = vocabulary["departments/auto-finance/index.html"]["vocabulary"]
    assert {"貸款", "車貸", "分期", "利率"} <= set(finance)
    assert not [page for page, meta in vocabulary.items() if "毛利" in meta["vocabulary"] and "auto-finance" in page]
    assert "貸款" not in vocabulary["departments/sales/index.html"]["vocabulary"]  # said there; the glossary gives it to 金融部
    assert any("手續費談不上去" in objection for objection in vocabulary["departments/auto-finance/index.html"]["objections"])


def test_the_vocabulary_goes_into_the_copy_as_metadata_and_not_as_text(tmp_path):
    page = tmp_path / "departments" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="und"><body><div data-pagefind-body data-title="x"><p> 金 融 </p></div></body></html>',
                    encoding="utf-8")
    add_vocabulary(tmp_path, {"departments/x/index.html": {"vocabulary": ["貸款", "利率"], "objections": ["「錢,誰出？」"]},
                              "departments/gone/index.html": {"vocabulary": ["x"]}})
    assert page.read_text(encoding="utf-8") == (
        '<html lang="und"><body><div data-pagefind-body data-title="x"><span data-pagefind-meta="vocabulary:貸 款 、 利 率">'
        '</span><span data-pagefind-meta="objections:「 錢 誰 出 ？ 」"></span><p> 金 融 </p></div></body></html>')
