"""No page states how many cases, playbooks or checklists the handbook has: the count goes stale the day one is added.

The review of round 4 (D6) found the home page promising 「三個…案例」 when there were five. Index pages, menus and
the home page's lists are generated from the files, so a page that needs the number shows the list instead.
A count is a number from 兩/二 up (or 2 and more) and a measure word before 案例, 劇本 or 檢核表, a few words of
description (三個經銷商情境的**案例**, 5 份檢核表) allowed between them, Markdown links and emphasis ignored.
A count of departments is not one (四個部門的利益點檢核表: the departments of one case), nor are the article's
own counts (原文用三個例子, 五個部門).
One test per content file, so a failure names the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content_text import ROOT, content_files, prose_lines

COUNT = re.compile(r"(?<![第0-9])(?P<count>[兩二三四五六七八九十百]+|[2-9]|[1-9][0-9]+)\s*[個份則篇套]"
                   r"(?P<about>[^，。、；：！？,.;:（）()「」]{0,12}?)(?P<what>案例|劇本|檢核表)")
MARKUP = re.compile(r"\*\*|__|\[|\]\([^)]*\)")


def count_problems(path: Path, text: str) -> list[str]:
    """Every count of the handbook's cases, playbooks or checklists, as 「path:line: 數量: …」."""
    return [f"{path.as_posix()}:{number}: 數量: 「{found.group()}」寫死了{found['what']}的數量，新增一個就不對了；"
            f"請拿掉數字（例如「幾個{found['what']}」或直接連到索引頁）"
            for number, line in prose_lines(text) for found in COUNT.finditer(MARKUP.sub("", line))
            if "部門" not in found["about"]]


@pytest.mark.parametrize("path", content_files(), ids=str)
def test_no_page_counts_the_handbooks_collections(path: Path):
    problems = count_problems(path, (ROOT / path).read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("line, hits", [
    ("以及拆解三個經銷商情境的**案例**。", ["三個經銷商情境的案例"]),
    ("- **想看實例？** 三個 [案例](cases/index.md) 把方法套在庫存車促銷上。", ["三個 案例"]),
    ("手冊有 24 個劇本、16 份檢核表", ["24 個劇本", "16 份檢核表"]),
    ("一個檔案一個劇本，檔名就是網址代號", []),
    ("第三個案例", []), ("並用庫存車促銷會、新保險合作公司、週末續保活動三個例子說明", []),
    ("原文說活動涉及五個部門", []), ("兩份名單、三個部門，案例頁各寫一次", []),
    ("四個部門的利益點檢核表", []), ("A/B/C 三級內容見庫存車促銷會案例", []),
])
def test_what_counts_as_a_count(line: str, hits: list[str]):
    assert [p.split("「")[1].split("」")[0] for p in count_problems(Path("docs/x.md"), line)] == hits
