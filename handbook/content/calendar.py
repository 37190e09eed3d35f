"""The plays' calendar: each step's `when` as a day, and the rules by which the plays' dates compose into one
project calendar (pure functions; `make check` reports what calendar_problems finds).

A step's `when` uses one of three scales (CONTRIBUTING.md, 〈步驟的時間點〉):
- the event day D, for plays run on the project's calendar: T-21 (21 days before D), D, T+3 (3 days after);
- the trigger, for plays started by an event (a deadlock, a request): 觸發時 (that day), 觸發+2 (2 days later);
- a recurring meeting: 每天, 每週 or 每月 (no single day).

The rules:
1. Within a play, the steps are listed in time order: each dated step is on or after the dated step before it on
   the same scale (recurring and undated steps are skipped); a play does not mix the event and trigger scales.
2. Along the new manager's path (playbooks with path_order, in that order), a play's first dated step is on or
   after the first dated step of every play before it, and its first dated step held in a meeting (live or huddle) on or after
   the first dated in-meeting step of every play before it. Plays without a step dated on the event scale
   (event-driven or recurring ones) may sit anywhere on the path.
3. A play whose text says it comes before (or after) another — a link to that playbook followed by 之前/以前
   (or 之後/以後) — is dated that way, by the same two comparisons.
4. A step held in a meeting (live, or a huddle) falls on a weekday when D is a Saturday, as in the handbook's
   example events: T-n not with n % 7 in {0, 6}, T+n not with n % 7 in {0, 1}. D itself (the event's own
   meetings), the trigger and recurring scales, and work outside meetings (async) are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from handbook.content.models import EVENT_WHEN, RECURRING_WHEN, TRIGGER_WHEN, Playbook, Step
from handbook.content.sources import Problem

EVENT, TRIGGER, RECURRING = "活動日", "觸發事件", "定期"
RULES = "時間點的寫法與排序規則見 CONTRIBUTING.md〈步驟的時間點〉"


def day_offset(when: str | None) -> int | None:
    """Days from the event day D: T-21 → -21, D → 0, T+3 → 3; None for a trigger-relative, recurring or missing
    `when`."""
    match = EVENT_WHEN.fullmatch(when or "")
    if not match:
        return None
    return 0 if when == "D" else int(match.group(2)) * (-1 if match.group(1) == "-" else 1)


def trigger_offset(when: str | None) -> int | None:
    """Days from the trigger of an event-driven play: 觸發時 → 0, 觸發+2 → 2; None for any other `when`."""
    match = TRIGGER_WHEN.fullmatch(when or "")
    if not match:
        return None
    return int(match.group(1) or 0)


def scale(when: str | None) -> str | None:
    """Which scale a `when` counts on (EVENT, TRIGGER or RECURRING); None when it is missing or unreadable."""
    if day_offset(when) is not None:
        return EVENT
    if trigger_offset(when) is not None:
        return TRIGGER
    return RECURRING if when in RECURRING_WHEN else None


def scale_day(when: str | None) -> tuple[str, int] | None:
    """A `when` as (scale, day) when it names one day: ("活動日", -21), ("觸發", 2); None otherwise."""
    for name, offset in ((EVENT, day_offset(when)), (TRIGGER, trigger_offset(when))):
        if offset is not None:
            return name, offset
    return None


LEGEND = {EVENT: "T-21 表示活動前 21 天，D 是活動當天，T+3 是活動後 3 天",
          TRIGGER: "觸發時是事情發生的當天，觸發+2 是發生後 2 天",
          RECURRING: "每天、每週、每月是定期重複的步驟，沒有固定哪一天"}


def when_legend(playbook: Playbook) -> str:
    """The sentence a playbook's step list ends with: what its `when` values mean, for the scales it uses."""
    used = {scale(step.when) for step in playbook.steps}
    return "".join(f"{LEGEND[name]}。" for name in LEGEND if name in used)


@dataclass(frozen=True)
class DatedStep:
    """A step placed on the event scale: its index in the playbook, the step, and its day from D."""

    index: int
    step: Step
    day: int


def dated_steps(playbook: Playbook) -> list[DatedStep]:
    """A playbook's steps that fall on a day of the project calendar (relative to D), in the playbook's order."""
    return [DatedStep(index, step, day) for index, step in enumerate(playbook.steps)
            if (day := day_offset(step.when)) is not None]


def first_step(playbook: Playbook) -> DatedStep | None:
    """The playbook's first step dated relative to D."""
    return next(iter(dated_steps(playbook)), None)


def first_meeting_step(playbook: Playbook) -> DatedStep | None:
    """The playbook's first step held in a meeting (live, or a huddle such as the event day's 晨會) dated relative
    to D."""
    return next((dated for dated in dated_steps(playbook) if dated.step.mode != "async"), None)


# --- rule 1: within a play ----------------------------------------------------------------------------------

Finding = tuple[int, str, str]  # the step's index, the message, the hint


def step_order_findings(playbook: Playbook) -> Iterator[Finding]:
    """Within a play, dated steps are in time order on their scale, and the event and trigger scales are not
    mixed."""
    previous: dict[str, Step] = {}
    first_scale: tuple[str, Step] | None = None
    for index, step in enumerate(playbook.steps):
        placed = scale_day(step.when)
        if placed is None:
            continue
        name, day = placed
        if first_scale is None:
            first_scale = (name, step)
        elif name != first_scale[0]:
            yield index, (f"這個劇本前面的步驟從{first_scale[0]}算（{first_scale[1].when}），這一步卻從"
                          f"{name}算（{step.when}）；同一個劇本只能用一種算法"), \
                ("排在專案時程裡的劇本都寫 T-n、D、T+n；由事件觸發的劇本都寫 觸發時、觸發+n；" + RULES)
            continue
        before = previous.get(name)
        if before is not None and scale_day(before.when)[1] > day:
            yield index, f"時間點 {step.when} 比前一步的 {before.when} 還早；步驟要照時間先後排列", \
                f"把這一步移到 {before.when} 那一步之前，或把 when 改成 {before.when} 或更晚"
        previous[name] = step


# --- rule 4: meetings on weekdays ---------------------------------------------------------------------------

WEEKDAYS = ("週六", "週日", "週一", "週二", "週三", "週四", "週五")  # D + k days, by k % 7, when D is a Saturday
WEEKEND = WEEKDAYS[:2]


def weekday(day: int) -> str:
    """The day of the week of a day counted from D, when D is a Saturday: -1 → 週五, -27 → 週日, 9 → 週一."""
    return WEEKDAYS[day % 7]


def event_when(day: int) -> str:
    """A day from D written as a `when`: -29 → T-29, 0 → D, 9 → T+9."""
    return "D" if day == 0 else f"T{'-' if day < 0 else '+'}{abs(day)}"


def nearest_workday(day: int) -> int:
    """The weekday a meeting on a weekend day moves to: the Friday before when it is before D, the Monday after
    when it is after D."""
    step = -1 if day < 0 else 1
    while weekday(day) in WEEKEND:
        day += step
    return day


def weekday_findings(playbook: Playbook) -> Iterator[Finding]:
    """Steps held in a meeting (live or huddle) on a day other than D fall on a weekday when D is a Saturday."""
    for dated in dated_steps(playbook):
        if dated.step.mode == "async" or dated.day == 0 or weekday(dated.day) not in WEEKEND:
            continue
        moved = nearest_workday(dated.day)
        direction = "前" if dated.day < 0 else "下"
        yield dated.index, (f"這一步是會議，活動日若是週六，{dated.step.when} 會落在{weekday(dated.day)}；"
                            f"改成{direction}一個工作日，例如 {event_when(moved)}（{weekday(moved)}）"), \
            ("會議排在週一到週五；同一場會的其他步驟一起改，步驟仍要照時間先後排，會前要交的東西仍要排在會議之前。"
             "會外的工作（mode: async）和活動當天 D 不受這條限制；" + RULES)


# --- rules 2 and 3: between plays ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Conflict:
    """A later play dated before an earlier one: which comparison, and the two steps compared."""

    meeting: bool
    earlier: DatedStep
    later: DatedStep

    def words(self) -> tuple[str, str]:
        """What was compared, as the editor reads it: (第一步 or 第一個會議步驟, its possessive)."""
        return ("第一個會議步驟", "會議") if self.meeting else ("第一步", "第一步")


def conflicts(earlier: Playbook, later: Playbook) -> list[Conflict]:
    """How later is dated before earlier: its first dated step before earlier's, its first dated meeting step
    before earlier's (both compared only when both plays have one)."""
    found = []
    for meeting, pick in ((False, first_step), (True, first_meeting_step)):
        before, after = pick(earlier), pick(later)
        if before is not None and after is not None and after.day < before.day:
            found.append(Conflict(meeting, before, after))
    return found


def path(playbooks: Sequence[Playbook]) -> list[Playbook]:
    """The playbooks on the new manager's path (with a path_order), in its order."""
    return sorted((p for p in playbooks if p.path_order), key=lambda p: (p.path_order, p.title))


def path_findings(playbooks: Sequence[Playbook]) -> Iterator[tuple[Playbook, Finding]]:
    """Along the path, each play's first dated step and first dated meeting step are on or after those of every
    play before it (compared with the latest of them)."""
    latest: dict[bool, tuple[Playbook, DatedStep]] = {}
    for later in path(playbooks):
        for meeting, pick in ((False, first_step), (True, first_meeting_step)):
            step = pick(later)
            if step is None:
                continue
            held = latest.get(meeting)
            if held is not None and step.day < held[1].day:
                yield later, path_finding(held[0], Conflict(meeting, held[1], step))
            if held is None or step.day >= held[1].day:
                latest[meeting] = (later, step)


def path_finding(earlier: Playbook, conflict: Conflict) -> Finding:
    """A play dated before one the path puts ahead of it."""
    what, whose = conflict.words()
    return (conflict.later.index,
            f"新主管路徑上排在「{earlier.title}」（path_order {earlier.path_order}）之後，{what}卻是 "
            f"{conflict.later.step.when}，比它的{whose} {conflict.earlier.step.when} 還早",
            f"把 when 改成 {conflict.earlier.step.when} 或更晚，或調整 path_order，讓路徑順序和日期一致；{RULES}")


CLAIM = re.compile(r"\]\((?:\.\./playbooks/)?([a-z0-9]+(?:-[a-z0-9]+)*)\.md(?:#[^)\s]*)?\)\s*(之前|以前|之後|以後)")


def order_claims(body: str) -> Iterator[tuple[int, str, bool]]:
    """Where a body says its play comes before or after another: (line within the body, counted from 0, the other
    playbook's slug, True for before)."""
    for number, line in enumerate(body.split("\n")):
        for match in CLAIM.finditer(line):
            yield number, match.group(1), match.group(2) in ("之前", "以前")


def claim_findings(playbook: Playbook, others: dict[str, Playbook]) -> Iterator[tuple[int, str, str]]:
    """The body's claims of order that its dates contradict: (line within the body, message, hint)."""
    for number, slug, before in order_claims(playbook.body):
        other = others.get(slug)
        if other is None or other.slug == playbook.slug:
            continue
        earlier, later = (playbook, other) if before else (other, playbook)
        for conflict in conflicts(earlier, later):
            what, whose = conflict.words()
            mine = conflict.earlier if before else conflict.later
            theirs = conflict.later if before else conflict.earlier
            side, direction = ("之前", "晚") if before else ("之後", "早")
            yield number, (f"內文說這個劇本在「{other.title}」{side}，{what} {mine.step.when} 卻比它的{whose} "
                           f"{theirs.step.when} 還{direction}"), \
                f"改正步驟的 when，或改寫這句話（只是順帶提到另一個劇本時，不要寫成「[劇本](代號.md){side}」）；{RULES}"


# --- everything, as problems --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Locator:
    """Where a playbook's parts are written: its file, the line of a step's `when`, a line of its body."""

    path: Callable[[Playbook], str]
    step_line: Callable[[Playbook, int], int]
    body_line: Callable[[Playbook, int], int]


def calendar_problems(playbooks: Sequence[Playbook], where: Locator) -> Iterator[Problem]:
    """Every way the plays' dates fail to compose into one calendar, as `path:line: field: message` with a hint."""
    for playbook in playbooks:
        for index, message, hint in (*step_order_findings(playbook), *weekday_findings(playbook)):
            yield step_problem(playbook, index, message, hint, where)
    for playbook, (index, message, hint) in path_findings(playbooks):
        yield step_problem(playbook, index, message, hint, where)
    by_slug = {playbook.slug: playbook for playbook in playbooks}
    for playbook in playbooks:
        for number, message, hint in claim_findings(playbook, by_slug):
            yield Problem(where.path(playbook), where.body_line(playbook, number), "內文", message, hint)


def step_problem(playbook: Playbook, index: int, message: str, hint: str, where: Locator) -> Problem:
    """A problem located at a step's `when`."""
    return Problem(where.path(playbook), where.step_line(playbook, index), f"steps[{index}].when", message, hint)
