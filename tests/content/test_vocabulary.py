"""Taiwan usage: no mainland term in the content, except inside a marked quotation of the article.

The terms come from the content review (2026-11, section 5) and the handbook's one-term-per-concept rule.
A marked quotation is a blockquote starting 「> 原文」 or a YAML field named `quote` (see content_text.py);
in glossary.yml the `aliases` may keep mainland forms, so that a search for them still finds the term.
One test per content file, so a failure names the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content_text import QUOTE_KEYS, ROOT, content_files, prose_lines

# mainland term (a regular expression when it needs context) → what Taiwan usage writes instead
MAINLAND_TERMS: dict[str, str] = {
    "運營": "營運（營運部）",
    "工作群(?!組)": "群組",
    "走量": "衝量、出清",
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
    "溝通公約": "溝通章程",
    "(?:費用|培訓|資源|資金)支持": "支援（費用支援、培訓支援）",
    "渠道": "管道、通路",
    "短信": "簡訊",
    "軟件": "軟體",
    "屏幕": "螢幕",
    "提車": "進車（批售）",
    "定損": "估損",
}
PATTERNS = [(re.compile(term), term, taiwan) for term, taiwan in MAINLAND_TERMS.items()]


def vocabulary_problems(path: Path, text: str) -> list[str]:
    """Every mainland term outside a marked quotation, as 「path:line: 用語: …」."""
    skip = QUOTE_KEYS | {"aliases"} if path.name == "glossary.yml" else QUOTE_KEYS
    problems = []
    for number, line in prose_lines(text, skip):
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
