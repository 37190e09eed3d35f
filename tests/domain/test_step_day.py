"""Where the project calendar and the planner put a play's step (docs/assets/tools-core.js stepDay): a step lands
on D plus its offset, except that a meeting never lands on a Saturday or Sunday; it moves to the nearest working
day on its own side of D. Checked under node for every day of the week as D and every offset of two months."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

from conftest import missing_tool
from test_tools_parity import CORE, NODE

RUNNER = """
const tools = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(([day, offset, meeting]) => tools.stepDay(day, offset, meeting))));
"""
MONDAY = dt.date(2027, 3, 15)
CASES = [((MONDAY + dt.timedelta(days=d)).isoformat(), offset, meeting)
         for d in range(7) for offset in range(-60, 61) for meeting in (True, False)]


def placed(cases: list[tuple[str, int, bool]]) -> list[dict]:
    """stepDay's answer for each (D, offset, meeting), run under node."""
    if not NODE:
        missing_tool("no Node.js: apt-get install nodejs (Debian), for the project calendar's step days")
    result = subprocess.run([NODE, "-e", RUNNER, str(CORE)], input=json.dumps(cases), capture_output=True,
                            text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def expected(day: str, offset: int, meeting: bool) -> tuple[dt.date, str]:
    """The rule, written the slow way: step a day at a time away from D until a working day is reached."""
    event = dt.date.fromisoformat(day)
    at = event + dt.timedelta(days=offset)
    if not meeting or offset == 0:
        return at, ""
    step = -1 if offset < 0 else 1
    moved = at
    while moved.weekday() >= 5:
        moved += dt.timedelta(days=step)
    return moved, "" if moved == at else ("earlier" if step < 0 else "later")


def test_a_meeting_moves_off_the_weekend_to_the_nearest_working_day_on_its_side_of_d():
    answers = placed(CASES)
    wrong = [(case, answer) for case, answer in zip(CASES, answers)
             if (dt.date.fromisoformat(answer["day"]), answer["moved"]) != expected(*case)]
    assert not wrong, wrong[:5]
    meetings = [dt.date.fromisoformat(a["day"]) for (_, offset, meeting), a in zip(CASES, answers) if meeting and offset]
    assert all(day.weekday() < 5 for day in meetings)
    assert sum(1 for a in answers if a["moved"]) == sum(1 for c in CASES if expected(*c)[1])  # moved says so


def test_the_rule_is_not_vacuous():
    """A Saturday D puts T-7, T-28 and T+7 on Saturdays: these meetings move, an errand on the same day does not."""
    saturday = (MONDAY + dt.timedelta(days=5)).isoformat()
    answers = placed([(saturday, -7, True), (saturday, -28, True), (saturday, 7, True), (saturday, -7, False),
                      (saturday, 0, True), (saturday, -8, True)])
    assert [(a["day"], a["moved"]) for a in answers] == [
        ("2027-03-12", "earlier"), ("2027-02-19", "earlier"), ("2027-03-29", "later"), ("2027-03-13", ""),
        ("2027-03-20", ""), ("2027-03-12", "")]
