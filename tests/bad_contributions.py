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
