"""Content rules for playbooks, one test per file (id = file name): sections, a script, an example, a day per step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK_FILES = sorted((ROOT / "playbooks").glob("*.md"))
SECTIONS = ("## 為什麼有效", "## 產出物", "## 話術範例", "## 變化做法", "## 後續追蹤")
# One convention for examples in prose: a paragraph or list item introduced by 「例：」.
EXAMPLE = re.compile(r"^(?:[-*] |\d+\. )?(?:\*\*)?例：", re.MULTILINE)


def test_there_are_at_least_eighteen_playbooks():
    assert len(PLAYBOOK_FILES) >= 18


@pytest.mark.parametrize("path", PLAYBOOK_FILES, ids=[p.name for p in PLAYBOOK_FILES])
def test_playbook_has_the_sections_a_real_play_needs(handbook, path):
    body = handbook.playbooks[path.stem].body
    missing = [s for s in SECTIONS if not re.search(rf"^{re.escape(s)}\s*$", body, re.MULTILINE)]
    assert not missing, f"缺少段落：{'、'.join(missing)}"


@pytest.mark.parametrize("path", PLAYBOOK_FILES, ids=[p.name for p in PLAYBOOK_FILES])
def test_playbook_has_a_script_and_a_worked_example(handbook, path):
    playbook = handbook.playbooks[path.stem]
    script = playbook.body.split("## 話術範例", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"[「“].+[」”]", script), "話術範例至少要有一句用「」括起來的說法"
    assert EXAMPLE.search(playbook.body) or any(o.example for o in playbook.options), "至少要有一個以「例：」開頭的示例"


@pytest.mark.parametrize("path", PLAYBOOK_FILES, ids=[p.name for p in PLAYBOOK_FILES])
def test_every_step_says_when_it_happens(handbook, path):
    missing = [i for i, step in enumerate(handbook.playbooks[path.stem].steps) if step.when is None]
    assert not missing, f"steps{missing} 沒有寫 when（例如 T-21、D、T+3）"
