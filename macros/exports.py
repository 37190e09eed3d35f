"""Agendas and retrospectives outside the site: plain text, Markdown and iCalendar."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from .agenda import INITIATOR, Agenda, parse_clock
from .handbook import Handbook
from .models import Case, Retrospective

EXAMPLE_MARK = "（示例）"


def owner_name(handbook: Handbook, owner: str) -> str:
    """Who leads an item: a department's name, or the initiator."""
    return "發起人" if owner == INITIATOR else handbook.department_name(owner)


def agenda_markdown(handbook: Handbook, agenda: Agenda) -> str:
    """An agenda as a Markdown document."""
    lines = [f"# {agenda.title}", "", f"時間：{agenda.start}–{agenda.end}（{agenda.minutes} 分鐘）",
             f"參與部門：{'、'.join(handbook.department_name(d) for d in agenda.departments)}", "",
             "| 開始 | 分鐘 | 議題 | 負責 |", "| --- | --- | --- | --- |"]
    lines += [f"| {i.start} | {i.minutes} | {i.title} | {owner_name(handbook, i.owner)} |" for i in agenda.items]
    lines += ["", "## 需要記錄的決議", ""] + [f"- [ ] {d}" for d in agenda.decisions]
    lines += ["", "## 會前準備", ""]
    for ident, tasks in agenda.preparation.items():
        lines += [f"- {handbook.department_name(ident)}：" + "；".join(tasks)]
    return "\n".join(lines) + "\n"


def agenda_text(handbook: Handbook, agenda: Agenda) -> str:
    """An agenda as plain text, for pasting into a chat group or an e-mail."""
    lines = [agenda.title, f"{agenda.start}–{agenda.end}（{agenda.minutes} 分鐘）", ""]
    lines += [f"{i.start}  {i.minutes:>3} 分  {i.title}（{owner_name(handbook, i.owner)}）" for i in agenda.items]
    lines += ["", "需要記錄的決議："] + [f"・{d}" for d in agenda.decisions]
    return "\n".join(lines) + "\n"


def ics_escape(text: str) -> str:
    """Escape a TEXT value for iCalendar (RFC 5545 §3.3.11)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_fold(line: str) -> list[str]:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    folded, current, size = [], "", 0
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > (75 if not folded else 74):
            folded.append(current)
            current, size = "", 0
        current += character
        size += width
    folded.append(current)
    return [folded[0]] + [" " + part for part in folded[1:]]


def agenda_ics(handbook: Handbook, agenda: Agenda, day: dt.date) -> str:
    """An agenda as one iCalendar event on day, in floating local time."""
    begin = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=parse_clock(agenda.start))
    end = begin + dt.timedelta(minutes=agenda.minutes)
    uid = hashlib.sha1(f"{agenda.title}{begin.isoformat()}".encode()).hexdigest()[:16]
    fields = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//cross-department-handbook//agenda//ZH-TW",
        "CALSCALE:GREGORIAN", "BEGIN:VEVENT", f"UID:{uid}@handbook.local",
        f"DTSTAMP:{begin.strftime('%Y%m%dT%H%M%S')}", f"DTSTART:{begin.strftime('%Y%m%dT%H%M%S')}",
        f"DTEND:{end.strftime('%Y%m%dT%H%M%S')}", f"SUMMARY:{ics_escape(agenda.title)}",
        f"DESCRIPTION:{ics_escape(agenda_text(handbook, agenda))}", "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(line for field in fields for line in ics_fold(field)) + "\r\n"


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
    lines += [f"- 感謝{handbook.department_name(d)} {person}" for d, person in retro.thanks.items()]
    lines += ["", f"## 二、用數據看成果{mark}", "", "| 指標 | 目標 | 實際 | 差距 |", "| --- | --- | --- | --- |"]
    for row in result_rows(retro):
        actual = number(row.actual) + (EXAMPLE_MARK if row.example else "")
        lines.append(f"| {row.metric} | {number(row.target)}{row.unit} | {actual}{row.unit} | {signed(row.gap)}{row.unit} |")
    lines += ["", "## 三、做得好的地方", ""] + [f"- {w}" for w in retro.went_well]
    lines += ["", "## 四、不足與改進措施", "", "| 不足 | 改進措施 | 負責 | 期限 |", "| --- | --- | --- | --- |"]
    lines += [f"| {s.issue} | {s.measure} | {handbook.department_name(s.owner)} | {s.due.isoformat()} |"
              for s in retro.shortfalls]
    lines += ["", "## 五、帶到下一個專案", ""] + [f"- [ ] {c}" for c in retro.carry_over]
    return "\n".join(lines) + "\n"
