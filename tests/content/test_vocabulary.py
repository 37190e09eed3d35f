"""Taiwan usage: no mainland term in the content, except inside a marked quotation of the article.

The terms come from the content review (2026-11, section 5) and the handbook's one-term-per-concept rule.
A marked quotation is a blockquote starting 「> 原文」, a YAML field named `quote` (see content_text.py) or a 「」
the line attributes to the article that is the article's, character for character (原文稱「市場部」; the quotation
test holds such a 「」 to the article's exact words); in glossary.yml the `aliases` may keep mainland forms, so
that a search for them still finds the term. 4S 店 names the article's setting: write it in 「」 (原文稱「4S店」).
One test per content file, so a failure names the file.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from content_text import QUOTE_KEYS, ROOT, content_files, prose_lines
from test_quotations import without_quotations

# mainland term (a regular expression when it needs context) → what Taiwan usage writes instead
MAINLAND_TERMS: dict[str, str] = {
    "運營": "營運（營運部）",
    "工作群(?!組)": "群組",
    "走量": "出清、衝業績",
    "回訪": "電訪、關懷電話",
    "(?<!解)答疑": "解答疑問",
    "跟進(?!度)": "追蹤",
    "反饋": "回饋、回報",
    "領導層": "主管、高層",
    "崗位": "職務、職掌",
    "(?<![面應])對接(?![下待受近])": "窗口、聯繫、接洽",
    "拍腦袋": "憑感覺",
    "插單": "臨時插進來的急件",
    "插件": "臨時插進來的急件",
    "(?<!提)前期": "初期、事前",
    "拉伸目標": "延伸目標、挑戰目標",
    "搭售": "滲透率",
    "信息": "資訊、訊息",
    "數據": "資料",
    "視頻": "視訊",
    "網絡": "網路",
    "(?<![配結聯綜])合同": "合約",
    "質量": "品質",
    "計劃": "計畫",
    "公約": "章程（溝通章程）",
    "(?:費用|培訓|資源|資金)支持": "支援（費用支援、培訓支援）",
    "渠道": "管道、通路",
    "短信": "簡訊",
    "軟件": "軟體",
    "屏幕": "螢幕",
    "提車": "進車（批售）",
    "定損": "估損",
    # the content review of 2026-12 (issue 29)
    "口徑": "計算方式、定義",
    "返利": "原廠獎勵金",
    "衝量": "出清、衝業績",
    "店總(?!結)": "店長、總經理",  # 跨店總結 is Taiwan usage
    # 4S 店 names the article's setting: in 「」 only (原文稱「4S店」, 大陸稱為「4S 店」); for ours, write 據點
    "(?<!「)4S ?店|(?<=「)4S ?店(?!」)": "據點、經銷據點（講原文的情境時加引號：原文稱『4S店』）",
    "(?<!稱)(?<!稱為)市場部": "行銷部",  # 原文稱市場部 names the article's word
    # the content review of round 4 (2026-12)
    "市場基金": "原廠廣告補助",
    "(?<![網車])站會": "晨會、站立會議",
    "政策支持": "政策支援",
}
PATTERNS = [(re.compile(term), term, taiwan) for term, taiwan in MAINLAND_TERMS.items()]


def vocabulary_problems(path: Path, text: str) -> list[str]:
    """Every mainland term outside a marked quotation, as 「path:line: 用語: …」."""
    skip = QUOTE_KEYS | {"aliases"} if path.name == "glossary.yml" else QUOTE_KEYS
    problems = []
    for number, line in prose_lines(text, skip):
        line = without_quotations(line)
        for pattern, term, taiwan in PATTERNS:
            for found in pattern.finditer(line):
                problems.append(f"{path.as_posix()}:{number}: 用語: 「{found.group()}」是大陸用語，"
                                f"台灣慣用「{taiwan}」")
    return problems


@pytest.mark.parametrize("path", content_files(), ids=str)
def test_content_uses_taiwan_terms(path: Path):
    problems = vocabulary_problems(path, (ROOT / path).read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_at_least_fifteen_terms_are_checked():
    assert len(MAINLAND_TERMS) >= 15


SYNTHETIC_PLAYBOOK = """\
---
title: 週會
summary: 在工作群跟進各部門的反饋。
quote: 統一溝通平臺可以微信、QQ或工作群263
---

各部門在 LINE 工作群組裡回報進度。

> 原文：合作公司提前做好銷售顧問新業務的培訓，熟悉業務，及時解答疑問。
> 我所在部門是運營部。

運營部主管負責對接。
"""


def test_a_synthetic_file_fails_with_path_line_and_advice():
    problems = vocabulary_problems(Path("playbooks/weekly.md"), SYNTHETIC_PLAYBOOK)
    assert problems == [
        "playbooks/weekly.md:3: 用語: 「工作群」是大陸用語，台灣慣用「群組」",
        "playbooks/weekly.md:3: 用語: 「跟進」是大陸用語，台灣慣用「追蹤」",
        "playbooks/weekly.md:3: 用語: 「反饋」是大陸用語，台灣慣用「回饋、回報」",
        "playbooks/weekly.md:12: 用語: 「運營」是大陸用語，台灣慣用「營運（營運部）」",
        "playbooks/weekly.md:12: 用語: 「對接」是大陸用語，台灣慣用「窗口、聯繫、接洽」",
    ]


@pytest.mark.parametrize("line", ["請配合同仁的排班", "面對接下來的活動", "提前期限一週", "解答疑問的窗口",
                                  "各部門在 LINE 工作群組裡回報", "掌握進度：跟進度表走"])
def test_taiwan_phrases_that_contain_a_term_are_not_hits(line: str):
    assert vocabulary_problems(Path("docs/x.md"), line) == []


def test_glossary_aliases_may_keep_mainland_forms():
    glossary = "terms:\n  - term: 群組\n    definition: 專案的群組。\n    aliases: [工作群, 工作群263]\n"
    assert vocabulary_problems(Path("glossary.yml"), glossary) == []
    assert vocabulary_problems(Path("departments/x.yml"), "aliases: [工作群]\n") != []


def test_block_aliases_and_quote_fields_end_at_the_next_key():
    glossary = ("terms:\n  - term: 群組\n    aliases:\n      - 工作群\n    definition: 在工作群裡。\n"
                "  - term: 回報\n    quote: |\n      有問題及時反饋\n    definition: 及時反饋。\n")
    assert vocabulary_problems(Path("glossary.yml"), glossary) == [
        "glossary.yml:5: 用語: 「工作群」是大陸用語，台灣慣用「群組」",
        "glossary.yml:9: 用語: 「反饋」是大陸用語，台灣慣用「回饋、回報」",
    ]


# --- what the handbook's code shows readers: strings in its Python, its templates and its scripts -----------

CODE_GLOBS = ("handbook/**/*.py", "handbook/render/templates/*.html", "overrides/**/*.html", "docs/assets/*.js")
JS_COMMENT = re.compile(r"(?:^|\s)//.*$")


def code_files(root: Path = ROOT) -> list[Path]:
    """Every file of code whose strings readers may see, relative to root, in a stable order."""
    return sorted({p.relative_to(root) for pattern in CODE_GLOBS for p in root.glob(pattern)})


def python_strings(text: str) -> list[tuple[int, str]]:
    """(line, string) for every string constant in Python source except docstrings (written for developers)."""
    tree = ast.parse(text)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return sorted((node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings)


def shown_texts(path: Path, text: str) -> list[tuple[int, str]]:
    """(line, text) a reader may see: Python's string constants, a template's lines, a script's lines minus
    its // comments."""
    if path.suffix == ".py":
        return python_strings(text)
    lines = enumerate(text.splitlines(), start=1)
    if path.suffix == ".js":
        return [(number, JS_COMMENT.sub("", line)) for number, line in lines]
    return list(lines)


def code_vocabulary_problems(path: Path, text: str) -> list[str]:
    """Every mainland term in what a file of code shows readers, as 「path:line: 用語: …」."""
    return [f"{path.as_posix()}:{number}: 用語: 「{found.group()}」是大陸用語，台灣慣用「{taiwan}」"
            for number, shown in shown_texts(path, text)
            for pattern, _, taiwan in PATTERNS for found in pattern.finditer(shown)]


@pytest.mark.parametrize("path", code_files(), ids=str)
def test_code_shows_readers_taiwan_terms(path: Path):
    problems = code_vocabulary_problems(path, (ROOT / path).read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_code_strings_are_checked_but_docstrings_and_comments_are_not():
    python = '"""模組說明：用數據。"""\nSLOT = "用數據看成果"  # 數據\n\ndef f():\n    """口徑。"""\n    return "依約定口徑"\n'
    assert code_vocabulary_problems(Path("handbook/domain/x.py"), python) == [
        "handbook/domain/x.py:2: 用語: 「數據」是大陸用語，台灣慣用「資料」",
        "handbook/domain/x.py:6: 用語: 「口徑」是大陸用語，台灣慣用「計算方式、定義」",
    ]
    script = 'var title = "溝通公約"; // 數據\n// 返利\n'
    assert code_vocabulary_problems(Path("docs/assets/x.js"), script) == [
        "docs/assets/x.js:1: 用語: 「公約」是大陸用語，台灣慣用「章程（溝通章程）」"]


@pytest.mark.parametrize("line, hits", [
    ("活動目標依各 4S 店的基盤客戶訂定", ["4S 店"]), ("各4S店的基盤客戶", ["4S店"]),
    ("原文的情境在中國大陸的 4S 店", ["4S 店"]), ("地點是中國大陸的汽車 4S 店", ["4S 店"]),
    ("中國大陸稱為「4S 店」", []), ("原文稱「4S店」", []), ("「4S 店的基盤客戶」", ["4S 店"]),
    ("請市場部排素材", ["市場部"]), ("行銷部，原文稱市場部", []), ("再由營運部彙整成一份跨店總結", []),
    ("請店總拍板", ["店總"]), ("庫存車衝量", ["衝量"]), ("原廠返利", ["返利"]), ("資料口徑", ["口徑"]),
])
def test_terms_added_in_2026_12_with_their_taiwan_contexts(line: str, hits: list[str]):
    problems = vocabulary_problems(Path("docs/x.md"), line)
    assert [p.split("「")[1].split("」")[0] for p in problems] == hits


@pytest.mark.parametrize("line, hits", [
    ("向原廠申請市場基金", ["市場基金"]), ("原廠廣告補助（co-op）", []),
    ("協調站會：負責人各報一句", ["站會"]), ("網站會自動重新整理", []), ("活動日晨會", []),
    ("已確認有政策支持", ["政策支持"]), ("已確認有原廠政策支援", []),
    ("原文說「有政策支持,挑戰7個點比較合理」", []),  # the article's words, attributed: not the handbook's voice
    ("原文說「有政策支持，挑戰七個點」", ["政策支持"]),  # not the article's words (7個點): read as the handbook's
])
def test_terms_added_in_round_4_with_their_taiwan_contexts(line: str, hits: list[str]):
    problems = vocabulary_problems(Path("docs/x.md"), line)
    assert [p.split("「")[1].split("」")[0] for p in problems] == hits
