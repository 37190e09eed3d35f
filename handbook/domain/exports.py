"""Agendas and retrospectives outside the site: plain text, Markdown and iCalendar."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from handbook.domain.agenda import (CLOSING, INITIATOR, MEETING_TYPES, Agenda, MeetingType, live_steps,
                                    playbook_preparation, type_preparation)
from handbook.content.calendar import day_offset
from handbook.content.handbook import Handbook
from handbook.content.models import Case, Playbook, Retrospective

EXAMPLE_MARK = "（示例）"
# The marks editors put after each illustrative value; a block marked once as example drops them.
EXAMPLE_MARKS = re.compile(r"（(?:時間為)?示例）")


def unmarked(text: str) -> str:
    """Text without the per-value example marks (for blocks that carry one 「例」 mark for all)."""
    return EXAMPLE_MARKS.sub("", text)


def owner_name(handbook: Handbook, owner: str) -> str:
    """Who leads an item: a department's name, or the initiator."""
    return "發起人" if owner == INITIATOR else handbook.department_name(owner)


MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]|<>~])")  # syntax anywhere in a line
# syntax only where a line starts: a heading, a list item, a thematic break
MARKDOWN_LEAD = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[-+](?=\s|$)|-{3,}|\d+(?=[.)](?:\s|$)))")


def markdown_inline(text: str) -> str:
    """Text made inert in Markdown: no heading, list, task, quote, table or link syntax survives; dates,
    decimals and hyphens inside a line stay as they are (17.5%, 2027-01-15)."""
    one_line = MARKDOWN_SYNTAX.sub(r"\\\1", text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", " ")
    lead = MARKDOWN_LEAD.match(one_line)
    if not lead:
        return one_line
    if lead.group(2).isdigit():  # "1." or "1)" starts an ordered list: escape the mark after the number
        end = lead.end()
        return one_line[:end] + "\\" + one_line[end:]
    return one_line[:lead.start(2)] + "\\" + one_line[lead.start(2):]


def agenda_markdown(handbook: Handbook, agenda: Agenda) -> str:
    """An agenda as a Markdown document."""
    lines = [f"# {markdown_inline(agenda.title)}", "", f"時間：{agenda.start}–{agenda.end}（會議 {agenda.minutes} 分鐘）",
             f"參與部門：{'、'.join(handbook.department_name(d) for d in agenda.departments)}", "",
             "| 開始 | 分鐘 | 議題 | 負責 |", "| --- | --- | --- | --- |"]
    lines += [f"| {i.start} | {i.minutes} | {i.title} | {owner_name(handbook, i.owner)} |" for i in agenda.items]
    if agenda.outside:
        lines += ["", f"## 會外工作（不佔會議時間，共 {sum(w.minutes for w in agenda.outside)} 分鐘）", ""]
        lines += [f"- {w.text}（{w.minutes} 分鐘，{owner_name(handbook, w.owner)}）" for w in agenda.outside]
    lines += ["", "## 需要記錄的決議", ""] + [f"- [ ] {d}" for d in agenda.decisions]
    lines += ["", "## 會前準備", ""]
    for ident, tasks in agenda.preparation.items():
        lines += [f"- {handbook.department_name(ident)}"] + [f"    - {markdown_inline(task)}" for task in tasks]
    return "\n".join(lines) + "\n"


def agenda_text(handbook: Handbook, agenda: Agenda) -> str:
    """An agenda as plain text, for pasting into a chat group or an e-mail."""
    lines = [agenda.title, f"{agenda.start}–{agenda.end}（會議 {agenda.minutes} 分鐘）", ""]
    lines += [f"{i.start}  {i.minutes:>3} 分  {i.title}（{owner_name(handbook, i.owner)}）" for i in agenda.items]
    if agenda.outside:
        lines += ["", "會外工作（不佔會議時間）："]
        lines += [f"・{w.text}（{w.minutes} 分，{owner_name(handbook, w.owner)}）" for w in agenda.outside]
    lines += ["", "需要記錄的決議："] + [f"・{d}" for d in agenda.decisions]
    lines += ["", "會前準備："]
    for ident, tasks in agenda.preparation.items():
        lines += [f"【{handbook.department_name(ident)}】"] + [f"・{task}" for task in tasks]
    return "\n".join(lines) + "\n"


def meeting_type_data(handbook: Handbook, meeting: MeetingType) -> dict[str, Any]:
    """A meeting type as the planner reads it, with what each department brings to it."""
    slot = lambda s: {"title": s.title, "owner": s.owner, "weight": s.weight}  # noqa: E731
    return {"name": meeting.name, "minimum": meeting.minimum, "opening": [slot(s) for s in meeting.opening],
            "perDepartment": meeting.per_department, "departmentWeight": meeting.department_weight,
            "closing": [slot(s) for s in meeting.closing], "decisions": list(meeting.decisions),
            "preparation": {ident: list(type_preparation(meeting, d)) for ident, d in handbook.departments.items()}}


def playbook_data(playbook: Playbook) -> dict[str, Any]:
    """A playbook's meeting, steps and preparation (from its own data) as the planner reads them."""
    meeting, meeting_steps = playbook.meeting, live_steps(playbook)
    return {"title": playbook.title, "departments": list(playbook.departments),
            "meeting": {"type": meeting.type, "minutes": meeting.minutes, "start": meeting.start,
                        "departments": list(meeting.departments or playbook.departments)},
            "steps": [{"text": s.text, "minutes": s.minutes, "owner": s.owner, "mode": s.mode,
                       "meeting": any(s is m for m in meeting_steps), "offset": day_offset(s.when)}
                      for s in playbook.steps],
            "preparation": {ident: list(lines) for ident, lines in playbook_preparation(playbook).items()}}


def planner_data(handbook: Handbook) -> dict[str, Any]:
    """Everything the in-browser planners need, derived from the handbook (the data lives in its files); the
    preparation is computed here, once, by the build's own functions: the planner only picks."""
    departments = {ident: {"name": d.name, "interests": list(d.interests), "gains": list(d.gains),
                           "contributions": list(d.contributions)}
                   for ident, d in handbook.departments.items()}
    return {"initiator": INITIATOR, "initiatorName": owner_name(handbook, INITIATOR), "closing": CLOSING,
            "departments": departments,
            "meetingTypes": {k: meeting_type_data(handbook, m) for k, m in MEETING_TYPES.items()},
            "playbooks": {p.slug: playbook_data(p) for p in handbook.ordered_playbooks()}}  # the planner's order


@dataclass(frozen=True)
class ResultRow:
    """A retrospective result with its computed gap."""

    metric: str
    target: float
    actual: float
    unit: str
    example: bool

    @property
    def gap(self) -> float:
        """Actual minus target: positive is above target."""
        return round(self.actual - self.target, 2)

    @property
    def met(self) -> bool:
        """Whether the target was reached."""
        return self.actual >= self.target


def result_rows(retrospective: Retrospective) -> list[ResultRow]:
    """The results table of a retrospective."""
    return [ResultRow(r.metric, r.target, r.actual, r.unit, r.example) for r in retrospective.results]


def number(value: float) -> str:
    """A number without a useless .0."""
    return f"{value:g}"


def signed(value: float) -> str:
    """A gap with its sign."""
    return f"+{value:g}" if value > 0 else f"{value:g}"


def retrospective_markdown(handbook: Handbook, case: Case) -> str:
    """A case's closing review as Markdown, in the article's order."""
    retro = case.retrospective
    assert retro is not None
    mark = EXAMPLE_MARK if retro.example else ""
    lines = [f"# 合作總結：{case.title}", "", "## 一、感謝", ""]
    lines += [f"- 感謝{handbook.department_name(d)} {unmarked(person)}" for d, person in retro.thanks.items()]
    lines += ["", f"## 二、用資料看成果{mark}", "", "| 指標 | 目標 | 實際 | 差距 |", "| --- | --- | --- | --- |"]
    for row in result_rows(retro):
        lines.append(f"| {unmarked(row.metric)} | {number(row.target)}{row.unit} | {number(row.actual)}{row.unit} "
                     f"| {signed(row.gap)}{row.unit} |")
    lines += ["", "## 三、做得好的地方", ""] + [f"- {unmarked(w)}" for w in retro.went_well]
    lines += ["", "## 四、不足與改進措施", "", "| 不足 | 改進措施 | 負責 | 期限 |", "| --- | --- | --- | --- |"]
    lines += [f"| {unmarked(s.issue)} | {unmarked(s.measure)} | {handbook.department_name(s.owner)} | {s.due.isoformat()} |"
              for s in retro.shortfalls]
    lines += ["", "## 五、帶到下一個專案", ""] + [f"- [ ] {unmarked(c)}" for c in retro.carry_over]
    return "\n".join(lines) + "\n"
