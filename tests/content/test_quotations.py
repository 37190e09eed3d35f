"""Quotations are the article's words: every text that claims to quote it is found in it.

A text claims to quote the article when it is
- in 「」 after 原文, 作者 or 文中 in the same sentence (sentences end at 。！？；, and a 〈section title〉 is
  one word), unless the sentence denies it (原文沒有說「…」, 不是原文的「…」);
- the body of a blockquote marked 「> 原文：」 (or 「> 原文說：」); 「……」 in it marks an omission;
- the value of a YAML field named `quote` (see content_text.py).
Texts are compared as the copying test compares them: Han characters, digits and letters only, and in one
script (both sides through OpenCC's Traditional → Simplified, which folds 周/週, 臺/台, 劃/畫 …).
One test per content file, so a failure names the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import opencc
import pytest

from content_text import KEY_LINE, QUOTE_KEYS, ROOT, content_files
from test_copying import ARTICLE_COPY, SHARED_ARTICLE

CUE = re.compile(r"原文|作者|文中")
DENIAL = re.compile(r"[沒不未非無]")
SENTENCE_END = re.compile(r"[。！？；]")
QUOTED = re.compile(r"「([^「」]*)」")
TITLE = re.compile(r"〈[^〈〉]*〉")
MARKED_BLOCK = re.compile(r"^\s*>\s?原文說?[：:](?P<body>.*)$")
OMISSION = re.compile(r"…+|\.{3,}")
KEPT = re.compile(r"[\u3400-\u9fff0-9A-Za-z%]")


@cache
def converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """Han characters, digits, letters and 「%」 only, in Simplified script, letters lower-cased."""
    return "".join(KEPT.findall(converter().convert(text))).lower()


@cache
def article() -> str:
    """The article's page as kept, normalised: its title, its body and the 「相關焦點」 teasers after it (pages
    cite those as 延伸閱讀, quoting the page)."""
    path = SHARED_ARTICLE if SHARED_ARTICLE.exists() else ARTICLE_COPY
    return normalise(path.read_text(encoding="utf-8"))


def claims_the_article(before: str) -> bool:
    """Whether the text before a 「」 on its line attributes it to the article: a cue in the same sentence,
    not denied (just before the cue or after it)."""
    masked = QUOTED.sub("「」", TITLE.sub("〈〉", before))
    sentence = SENTENCE_END.split(masked)[-1]
    cues = list(CUE.finditer(sentence))
    if not cues:
        return False
    cue = cues[-1]
    return not (DENIAL.search(sentence[cue.end():]) or DENIAL.search(sentence[max(0, cue.start() - 2):cue.start()]))


def attributed_quotes(line: str) -> Iterator[str]:
    """The texts in 「」 on a line that it attributes to the article."""
    for quoted in QUOTED.finditer(line):
        if claims_the_article(line[:quoted.start()]):
            yield quoted.group(1)


def marked_quotations(text: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every quotation the content says is the article's, in order."""
    block: tuple[int, list[str]] | None = None  # a 「> 原文：」 blockquote being read: its first line, its text
    quote_under: int | None = None  # the column of a `quote:` key, while reading its value
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if block is not None:
            if stripped.startswith(">"):
                block[1].append(stripped.lstrip(">").strip())
                continue
            yield block[0], "".join(block[1])
            block = None
        if quote_under is not None:
            indent = len(line) - len(line.lstrip(" "))
            if stripped and (indent > quote_under or (indent == quote_under and stripped.startswith("- "))):
                yield number, stripped.removeprefix("- ").strip("'\"")
                continue
            quote_under = None
        if marked := MARKED_BLOCK.match(line):
            block = (number, [marked["body"].strip()])
            continue
        if (key := KEY_LINE.match(line)) and key["key"] in QUOTE_KEYS:
            quote_under = key.start("key")
            value = line[key.end():].strip().strip("'\"")
            if value and value not in "|>":
                yield number, value
            continue
        yield from ((number, quoted) for quoted in attributed_quotes(line))
    if block is not None:
        yield block[0], "".join(block[1])


def quotation_problems(path: Path, text: str) -> list[str]:
    """Every quotation of the article that the article does not contain, as 「path:line: 引文: …」."""
    problems = []
    for number, quotation in marked_quotations(text):
        missing = [part for part in OMISSION.split(quotation) if normalise(part) not in article()]
        if missing:
            problems.append(f"{path.as_posix()}:{number}: 引文: 「{missing[0]}」不是原文的句子；"
                            "請照原文一字不改地引用，或拿掉引號改用自己的話")
    return problems


@pytest.mark.parametrize("path", content_files(), ids=str)
def test_quotations_of_the_article_are_its_words(path: Path):
    problems = quotation_problems(path, (ROOT / path).read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("line, quotes", [
    ("原文說活動涉及「五個部門」，卻只點名四個", ["五個部門"]),
    ("作者說：「我們」的思維", ["我們"]),
    ("source: 原文〈其次，要協商合作〉第 3 點「不斷修正計畫，使其趨於完美」", ["不斷修正計畫，使其趨於完美"]),
    ("原文沒有說這是「百分點」還是「比例」", []),
    ("這些不是原文的內容，頁面上會寫明「延伸閱讀」", []),
    ("不是原文的想法請註明「延伸閱讀」", []),
    ("手冊各頁寫「原文」或「出處」時", []),
    ("銷售部說「活動客人算誰的？」", []),
    ("原文的促銷會裡，行銷部抱怨對方「突然插一個這麼緊急的過來」", ["突然插一個這麼緊急的過來"]),
])
def test_which_quotes_claim_the_article(line: str, quotes: list[str]):
    assert list(attributed_quotes(line)) == quotes


def test_variants_punctuation_and_omissions_are_forgiven():
    text = ("原文的行銷部抱怨對方「突然插一個這麼緊急的過來」。\n"
            "原文說要「不斷修正計畫，使其趨於完美」。\n"
            "> 原文：統一溝通平台可以微信、QQ……不要來回切換溝通平台\n"
            "quote: 跨部門合作不是上下級關係\n")
    assert quotation_problems(Path("docs/x.md"), text) == []


def test_a_paraphrase_in_quotation_marks_fails_with_path_line_and_advice():
    text = ("---\nquote:\n  - 跨部門合作不是上下級關係\n  - 部門之間要多溝通\n---\n"
            "原文的促銷會裡，行銷部抱怨「突然插進來一件這麼急的事」。\n"
            "> 原文：統一溝通平台只能用微信\n"
            "> 不要來回切換\n")
    assert quotation_problems(Path("playbooks/x.md"), text) == [
        "playbooks/x.md:4: 引文: 「部門之間要多溝通」不是原文的句子；請照原文一字不改地引用，或拿掉引號改用自己的話",
        "playbooks/x.md:6: 引文: 「突然插進來一件這麼急的事」不是原文的句子；請照原文一字不改地引用，或拿掉引號改用自己的話",
        "playbooks/x.md:7: 引文: 「統一溝通平台只能用微信不要來回切換」不是原文的句子；請照原文一字不改地引用，或拿掉引號改用自己的話",
    ]
