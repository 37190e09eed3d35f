"""Bad contributions to the plays' calendar (issues 28 and 29): steps out of order, two scales in one play, a
claim of order in the text that the dates contradict.

Rows to merge into bad_contributions.BAD and EXPECTED (same shape: name, path, content; exact messages)."""

from __future__ import annotations

from pathlib import Path

import yaml

from bad_contributions import GOOD_PLAYBOOK

P = "playbooks/test-play.md"
ROOT = Path(__file__).resolve().parent.parent
FIRST_STEP = "    minutes: 10\n    owner: operations\n"
SECOND_STEP = "    minutes: 20\n    owner: operations\n"


def dated(first: str, second: str, body: str = "內文。") -> str:
    """The good playbook with both steps dated (both are held in the meeting), and another body."""
    text = GOOD_PLAYBOOK.replace(FIRST_STEP, f"{FIRST_STEP}    when: {first}\n", 1)
    text = text.replace(SECOND_STEP, f"{SECOND_STEP}    when: {second}\n", 1)
    assert text.count("when:") == 2 and "\n內文。\n" in text
    return text.replace("\n內文。\n", f"\n{body}\n", 1)


def kickoff() -> tuple[str, str, str]:
    """The real kickoff playbook's title, first `when` and first in-meeting `when` (the claim row names it)."""
    front = (ROOT / "playbooks" / "project-kickoff.md").read_text(encoding="utf-8").split("---\n")[1]
    data = yaml.safe_load(front)
    whens = [step["when"] for step in data["steps"]]
    live = [step["when"] for step in data["steps"] if step.get("mode", "live") == "live"]
    return data["title"], whens[0], live[0]


KICKOFF_TITLE, KICKOFF_FIRST, KICKOFF_MEETING = kickoff()
RULES = "時間點的寫法與排序規則見 CONTRIBUTING.md〈步驟的時間點〉"
BODY_LINE = dated("T-18", "T-17").split("\n").index("內文。") + 1

ROWS = [
    ("when-out-of-order", P, dated("T-18", "T-19")),
    ("when-two-scales", P, dated("T-19", "觸發+1")),
    ("when-claim-contradicted", P, dated("T-18", "T-17", "這個劇本在[專案啟動](project-kickoff.md)之前做。")),
]

EXPECTED = {
    "when-out-of-order": [f"{P}:19: steps[1].when: 時間點 T-19 比前一步的 T-18 還早；步驟要照時間先後排列"],
    "when-two-scales": [f"{P}:19: steps[1].when: 這個劇本前面的步驟從活動日算（T-19），這一步卻從觸發事件算（觸發+1）；"
                        "同一個劇本只能用一種算法"],
    "when-claim-contradicted": [
        f"{P}:{BODY_LINE}: 內文: 內文說這個劇本在「{KICKOFF_TITLE}」之前，第一步 T-18 卻比它的第一步 {KICKOFF_FIRST} 還晚",
        f"{P}:{BODY_LINE}: 內文: 內文說這個劇本在「{KICKOFF_TITLE}」之前，第一個會議步驟 T-18 卻比它的會議 "
        f"{KICKOFF_MEETING} 還晚"],
}
