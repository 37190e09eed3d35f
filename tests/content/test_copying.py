"""Own words: no run of 20 characters from the article outside a marked quotation of it.

Text is compared the way the content review compared it: only Han characters, digits, Latin letters
and 「%」 count (punctuation and spaces are dropped) and variant forms are folded (周→週, 臺→台 …).
The article is its body: the title line (cited as a title, not copied) and the aggregator's
「相關焦點」 teasers after it are left out. A marked quotation is a blockquote starting 「> 原文」 or a
YAML field named `quote` (see content_text.py). One test per content file, so a failure names the file.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from content_text import ROOT, content_files, prose_lines

RUN = 20
SHARED_ARTICLE = Path(__file__).resolve().parents[3] / "shared/seed/collaboration-method.txt"
ARTICLE_COPY = Path(__file__).resolve().parents[1] / "data/collaboration-method.txt"
VARIANTS = str.maketrans({"周": "週", "臺": "台", "裏": "裡", "劃": "畫", "着": "著", "爲": "為", "綫": "線"})
KEPT = re.compile(r"[\u3400-\u9fff0-9A-Za-z%]")


def normalise(text: str) -> str:
    """Han characters, digits, letters and 「%」 only, variants folded, letters lower-cased."""
    return "".join(KEPT.findall(text.translate(VARIANTS))).lower()


def article_body(text: str) -> str:
    """The article without its title line and without the 「相關焦點」 teasers that follow it."""
    body = text.split("相關焦點", 1)[0]
    return body.split("\n", 1)[1] if "\n" in body else body


@cache
def article_runs(run: int = RUN) -> frozenset[str]:
    """Every run of `run` characters of the article, normalised."""
    path = SHARED_ARTICLE if SHARED_ARTICLE.exists() else ARTICLE_COPY
    body = normalise(article_body(path.read_text(encoding="utf-8")))
    return frozenset(body[i:i + run] for i in range(len(body) - run + 1))


def copying_problems(path: Path, text: str, runs: frozenset[str] | None = None) -> list[str]:
    """Every line that shares a run of 20 characters with the article, as 「path:line: 照抄原文: …」."""
    runs = article_runs() if runs is None else runs
    problems = []
    for number, line in prose_lines(text):
        plain = normalise(line)
        shared = [plain[i:i + RUN] for i in range(len(plain) - RUN + 1) if plain[i:i + RUN] in runs]
        if shared:
            problems.append(f"{path.as_posix()}:{number}: 照抄原文: 與原文連續 {RUN} 字以上相同"
                            f"（「{shared[0]}」）；請改用自己的話，或放進「> 原文」引文")
    return problems


def test_the_article_copy_matches_the_shared_seed():
    assert ARTICLE_COPY.exists(), "tests/data/collaboration-method.txt 不見了：測試需要原文副本"
    if SHARED_ARTICLE.exists():
        assert ARTICLE_COPY.read_text(encoding="utf-8") == SHARED_ARTICLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", content_files(), ids=str)
def test_content_is_written_in_own_words(path: Path):
    problems = copying_problems(path, (ROOT / path).read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


SYNTHETIC_CASE = """\
---
title: 新業務
summary: 銷售部不想推動新的業務，有難度，做自己熟悉的合作公司更容易促成。
quote: 銷售部:不想推動新的業務,有難度,做自己熟悉的合作公司更容易促成。
---

> 原文：金融部為了擴展業務，需要新增加一個合作的保險公司，籤訂合同後，需要各部門配合推動這個新業務。

銷售部覺得新業務難推，寧可做熟悉的合作公司。
"""


def test_a_synthetic_copy_is_found_with_path_and_line():
    problems = copying_problems(Path("cases/x.md"), SYNTHETIC_CASE)
    assert len(problems) == 1
    assert problems[0].startswith("cases/x.md:3: 照抄原文: 與原文連續 20 字以上相同（「銷售部不想推動新的業務")


def test_punctuation_and_variants_do_not_hide_a_copy():
    line = "比如 週末 汽車公司銷售部，有個「庫存車產品促銷會」"
    assert copying_problems(Path("docs/x.md"), line) != []


def test_the_title_may_be_cited():
    title = "〈在跨部門工作中，做好溝通、協作，共贏，將會事半功倍，一路暢通〉，濤濤職場說，2020-12-12"
    assert copying_problems(Path("docs/index.md"), title) == []
