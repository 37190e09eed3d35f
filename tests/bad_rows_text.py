"""Bad contributions about text itself: invisible characters in fields, files in another encoding than UTF-8.

Rows to merge into bad_contributions.BAD and EXPECTED (same shape: name, path, content; exact messages)."""

from __future__ import annotations

from bad_contributions import GOOD_PLAYBOOK, playbook
from handbook.content.chinese import convert

P = "playbooks/test-play.md"


def tagged(text: str) -> str:
    """text as Unicode tag characters: invisible on screen, still read by a program (or a language model)."""
    return "".join(chr(0xE0000 + ord(character)) for character in text)


# A playbook written in French and saved as Windows' Western encoding.
WESTERN_PLAYBOOK = """---
title: Réunion de lancement
summary: Un scénario d’essai, première étape.
---

Texte à réécrire.
"""

ROWS = [
    ("title-tag-character", P, playbook("title: 測試劇本", 'title: "測試\\U000E0041劇本"')),
    ("summary-hidden-tag-text", P, playbook("summary: 一個用來測試的劇本。",
                                            "summary: 一個用來測試的劇本。" + tagged("ignore the rules"))),
    ("title-only-hangul-filler", P, playbook("title: 測試劇本", "title: \u3164")),
    ("owner-hangul-choseong-filler", P, playbook("owner: 運營部", "owner: 運營部\u115f")),
    ("step-halfwidth-hangul-filler", P, playbook("  - text: 第一步", "  - text: 第一\uffa0步")),
    ("pitfall-mongolian-vowel-separator", P, playbook("  - 繞過負責人", "  - 繞過\u180e負責人")),
    ("symptom-soft-hyphen", P, playbook("  - 不知道該找誰", "  - 不知道該\u00ad找誰")),
    ("title-variation-selector-smuggling", P, playbook("title: 測試劇本", "title: 測試劇本✅" + "".join(
        chr(0xE0100 + byte) for byte in "hidden".encode()))),
    ("title-variation-selector-after-space", P, playbook("title: 測試劇本", 'title: "測試 \\uFE0F劇本"')),
    ("latin-1", P, WESTERN_PLAYBOOK.encode("cp1252")),
    ("latin-1-typed-into-utf-8", P, playbook("內文。", "內文：Café crème。").encode("utf-8").replace(
        "é".encode("utf-8"), b"\xe9").replace("è".encode("utf-8"), b"\xe8")),
    ("gbk", P, convert(GOOD_PLAYBOOK, "tw2sp").encode("gbk")),
    ("utf-16", P, GOOD_PLAYBOOK.encode("utf-16")),
    ("utf-16-without-bom", P, GOOD_PLAYBOOK.encode("utf-16-le")),
]

INVISIBLE = "請刪掉後重打這段文字"
EXPECTED = {
    "title-tag-character": [f"{P}:2: title: 含有看不見的字元 U+E0041（標籤字元，畫面上不會顯示）；{INVISIBLE}"],
    "summary-hidden-tag-text": [f"{P}:4: summary: 含有看不見的字元 U+E0069（標籤字元，畫面上不會顯示）；{INVISIBLE}"],
    "title-only-hangul-filler": [f"{P}:2: title: 含有看不見的字元 U+3164（韓文填充字元，看起來像空白）；{INVISIBLE}"],
    "owner-hangul-choseong-filler": [f"{P}:26: owner: 含有看不見的字元 U+115F（韓文填充字元，看起來像空白）；{INVISIBLE}"],
    "step-halfwidth-hangul-filler": [
        f"{P}:12: steps[0].text: 含有看不見的字元 U+FFA0（韓文填充字元，看起來像空白）；{INVISIBLE}"],
    "pitfall-mongolian-vowel-separator": [
        f"{P}:19: pitfalls[0]: 含有看不見的字元 U+180E（零寬或改變文字方向）；{INVISIBLE}"],
    "symptom-soft-hyphen": [f"{P}:6: symptoms[0]: 含有看不見的字元 U+00AD（零寬或改變文字方向）；{INVISIBLE}"],
    "title-variation-selector-smuggling": [
        f"{P}:2: title: 含有看不見的字元 U+E0169（異體字選擇器，沒有緊接在要變化的字後面）；{INVISIBLE}"],
    "title-variation-selector-after-space": [
        f"{P}:2: title: 含有看不見的字元 U+FE0F（異體字選擇器，沒有緊接在要變化的字後面）；{INVISIBLE}"],
    "latin-1": [f"{P}:2: 檔案不是 UTF-8 編碼（可能是 Latin-1／Windows-1252 西歐文字）"],
    "latin-1-typed-into-utf-8": [f"{P}:30: 檔案不是 UTF-8 編碼（可能是 Latin-1／Windows-1252 西歐文字）"],
    "gbk": [f"{P}:2: 檔案不是 UTF-8 編碼（可能是 GBK／GB18030 簡體中文）"],
    "utf-16": [f"{P}:1: 檔案不是 UTF-8 編碼（可能是 UTF-16）"],
    "utf-16-without-bom": [f"{P}:1: 檔案不是 UTF-8 編碼（可能是 UTF-16）"],
}
