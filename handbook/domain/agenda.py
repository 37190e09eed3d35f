"""Meeting agendas: time boxes computed from weights, never typed; what each department prepares for them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handbook.content.handbook import Handbook
from handbook.content import models
from handbook.content.calendar import scale_day
from handbook.content.models import Department, Playbook, Step

INITIATOR = "initiator"
CLOSING = "決議與下一步"


@dataclass(frozen=True)
class Slot:
    """A planned agenda item before time is allocated: a title, an owner, a weight."""

    title: str
    owner: str
    weight: int


@dataclass(frozen=True)
class MeetingType:
    """What a kind of meeting covers, its minimum length, what it must decide and what every department brings
    when nothing more specific is written ({kpi} is the department's headline KPI)."""

    name: str
    minimum: int
    opening: tuple[Slot, ...]
    per_department: str
    closing: tuple[Slot, ...]
    decisions: tuple[str, ...]
    preparation: tuple[str, ...]
    department_weight: int = 2


SHAPES = {
    "kickoff": MeetingType(
        "專案啟動會", 30,
        (Slot("開場：專案目標與背景", INITIATOR, 2),),
        "{name}說明利益點與顧慮",
        (Slot("確認各部門專案負責人與分工", INITIATOR, 2),
         Slot("約定統一溝通平台與固定面對面時間", INITIATOR, 1),
         Slot("決議與下一步", INITIATOR, 1)),
        ("各部門專案負責人名單", "唯一的溝通平台與緊急聯絡方式", "固定面對面溝通的時間", "下次會議日期"),
        ("會前一天回覆發起部門：本部門的專案負責人與代理人（寫人名），以及他能當場決定哪些事",
         "會上帶一頁：本部門能投入的人力與時段，以及最擔心的一件事",
         "同一頁寫一行：這個專案會牽動本部門的哪個指標（例如{kpi}），往哪個方向變"),
    ),
    "sync": MeetingType(
        "定期面對面溝通", 15,
        (Slot("追蹤上次決議", INITIATOR, 1),),
        "{name}進度與卡關",
        (Slot("需要現場決定的事", INITIATOR, 2), Slot("下一步與負責人", INITIATOR, 1)),
        ("卡關事項的處理方式與負責人", "下次面對面時間"),
        ("會前一天在群組回報上次決議裡本部門負責的事：完成的打勾，延誤的寫原因與新日期",
         "會上帶一張表：本部門的最新數字（例如{kpi}），和目標並列",
         "會前一天貼到群組：需要別的部門幫忙的卡關事項，每項寫最晚哪天要解決"),
        department_weight=1,
    ),
    "options": MeetingType(
        "方案討論會", 30,
        (Slot("共同點：讓公司賺到錢、有利潤", INITIATOR, 1),
         Slot("發起人說明 A/B/C 方案（由易到難）", INITIATOR, 3)),
        "{name}對方案的利益點與顧慮",
        (Slot("修正方案並選定", INITIATOR, 3), Slot("訂定合作規則", INITIATOR, 2),
         Slot("決議與下一步", INITIATOR, 1)),
        ("選定的方案", "合作規則（誰做什麼、何時回覆）", "各部門的利益安排"),
        ("會前一天交一張表：讀過 A/B/C 方案後，每個方案對本部門的成本、工作量與底線",
         "同一張表加一欄：每個方案會讓本部門的指標（例如{kpi}）變好或變差多少",
         "會上帶書面清單：本部門能接受的交換條件（人力、時程、預算或獎金）"),
    ),
    "retrospective": MeetingType(
        "合作總結會", 30,
        (Slot("感謝每一位合作成員", INITIATOR, 1), Slot("用資料看成果：目標與實際", INITIATOR, 3),
         Slot("肯定做得好的地方", INITIATOR, 2)),
        "{name}回顧：收穫與不足",
        (Slot("不足之處與改進措施", INITIATOR, 3), Slot("帶到下一個專案的行動", INITIATOR, 1)),
        ("每項不足的改進措施、負責人與期限", "下一個專案啟動時要帶上的事項"),
        ("會前兩天交資料負責人：照約定的計算方式算出的本部門目標與實際（例如{kpi}），寫明資料來源",
         "會前一天交主持人一張紙：一個做得好、下次照做的地方，一個不足之處與改進建議",
         "會上帶感謝名單：合作同仁的人名，和他具體幫了什麼"),
        department_weight=1,
    ),
}


# The content model names the meeting types (a Meeting's `type`); each has its shape here, in the same order.
MEETING_TYPES = {name: SHAPES[name] for name in models.MEETING_TYPES}


class AgendaError(ValueError):
    """An agenda that cannot be built as asked."""


@dataclass(frozen=True)
class AgendaItem:
    """A time-boxed agenda item."""

    start: str
    minutes: int
    title: str
    owner: str


@dataclass(frozen=True)
class OutsideWork:
    """A playbook step done before or after the meeting (async): not on the agenda's clock."""

    text: str
    minutes: int
    owner: str


@dataclass(frozen=True)
class Agenda:
    """A meeting agenda whose items add up exactly to its duration."""

    title: str
    meeting_type: str
    start: str
    minutes: int
    departments: tuple[str, ...]
    items: tuple[AgendaItem, ...]
    decisions: tuple[str, ...]
    preparation: dict[str, tuple[str, ...]] = field(default_factory=dict)
    outside: tuple[OutsideWork, ...] = ()

    @property
    def end(self) -> str:
        """The clock time the meeting ends."""
        return add_minutes(self.start, self.minutes)


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split total minutes over weights: at least 1 each, the sum exactly total."""
    if not weights:
        raise AgendaError("議程沒有任何項目")
    if len(weights) > total:
        raise AgendaError(f"議程有 {len(weights)} 個項目，但只有 {total} 分鐘：每項至少要 1 分鐘")
    spare = total - len(weights)
    whole = sum(weights)
    quotas = [spare * w / whole for w in weights]
    minutes = [1 + int(q) for q in quotas]
    leftover = total - sum(minutes)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - int(quotas[i])), i))
    for index in by_remainder[:leftover]:
        minutes[index] += 1
    return minutes


def parse_clock(clock: str) -> int:
    """Minutes after midnight of an HH:MM time."""
    try:
        hours, minutes = (int(part) for part in clock.split(":"))
    except ValueError:
        raise AgendaError(f"開始時間「{clock}」應寫成 HH:MM，例如 09:30") from None
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        raise AgendaError(f"開始時間「{clock}」不是有效的時間")
    return hours * 60 + minutes


def add_minutes(clock: str, minutes: int) -> str:
    """An HH:MM time moved on by minutes (wrapping at midnight)."""
    total = (parse_clock(clock) + minutes) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def plan_slots(meeting: MeetingType, handbook: Handbook, departments: list[str]) -> list[Slot]:
    """The slots of a meeting without a playbook: opening, one per department, closing."""
    slots = list(meeting.opening)
    slots += [Slot(meeting.per_department.format(name=handbook.department_name(d)), d, meeting.department_weight)
              for d in departments]
    return slots + list(meeting.closing)


def live_steps(playbook: Playbook | None) -> list:
    """A playbook's steps held in the meeting (none without a playbook); a `huddle` step is another short meeting
    (the event day's 晨會), not on this agenda."""
    return [step for step in playbook.steps if step.mode == "live"] if playbook else []


def outside_work(playbook: Playbook | None) -> tuple[OutsideWork, ...]:
    """A playbook's steps done outside the meeting, with their own minutes."""
    steps = playbook.steps if playbook else []
    return tuple(OutsideWork(s.text, s.minutes, s.owner) for s in steps if s.mode == "async")


def time_boxes(meeting: MeetingType, handbook: Handbook, departments: list[str], minutes: int,
               playbook: Playbook | None) -> list[tuple[Slot, int]]:
    """Slots with their minutes: a playbook's live steps keep their own minutes exactly, and time left over
    goes to one closing item; without a playbook the minutes are allocated by weight."""
    steps = live_steps(playbook)
    if not steps:
        slots = plan_slots(meeting, handbook, departments)
        return list(zip(slots, allocate(minutes, [slot.weight for slot in slots])))
    boxes = [(Slot(step.text, step.owner, step.minutes), step.minutes) for step in steps]
    spare = minutes - sum(step.minutes for step in steps)
    return boxes + ([(Slot(CLOSING, INITIATOR, 1), spare)] if spare > 0 else [])


def meeting_title(meeting: MeetingType, playbook: Playbook | None) -> str:
    """A meeting's default title: its kind, then the playbook's title unless that already names the kind."""
    if playbook is None:
        return meeting.name
    return playbook.title if playbook.title.startswith(meeting.name) else f"{meeting.name}：{playbook.title}"


def meeting_minutes(minutes: int, playbook: Playbook | None) -> int:
    """A meeting's length: as asked, but never shorter than the playbook's live steps."""
    return max(minutes, sum(step.minutes for step in live_steps(playbook)))


NOTE = re.compile(r"（[^（）]*）")


def headline_kpi(department: Department) -> str:
    """A department's first KPI without its notes in brackets (where the article says it, what it means)."""
    return NOTE.sub("", department.kpis[0]).strip()


def type_preparation(meeting: MeetingType, department: Department) -> tuple[str, ...]:
    """What a department brings to any meeting of this kind, with its own headline KPI."""
    return tuple(line.replace("{kpi}", headline_kpi(department)) for line in meeting.preparation)


def same_day_or_later(when: str | None, meeting_day: str | None) -> bool:
    """Whether a step is dated on or after the meeting's day (both dated on the same scale: T-n or 觸發+n)."""
    step, meeting = scale_day(when), scale_day(meeting_day)
    return step is not None and meeting is not None and step[0] == meeting[0] and step[1] >= meeting[1]


def before_meeting(playbook: Playbook) -> list[Step]:
    """A playbook's outside steps done before its meeting: listed before the first live step and, when both
    say their day, on an earlier day (work on the meeting's own day is the event, not its preparation)."""
    live = live_steps(playbook)
    if not live:
        return []
    first = playbook.steps.index(live[0])
    return [step for step in playbook.steps[:first] if step.mode == "async"
            and not same_day_or_later(step.when, live[0].when)]


def finish_first(step: Step) -> str:
    """An outside step as preparation: finish it, bring what it made."""
    return f"會前完成（{step.when}）：{step.text}" if scale_day(step.when) else f"會前完成：{step.text}"


def specific_preparation(prepare: dict[str, list[str]], playbook: Playbook | None) -> dict[str, tuple[str, ...]]:
    """What the meeting's own data asks of each department: the playbook's outside steps it must finish
    before the meeting (in their order), then what the editors wrote it must bring (prepare). Departments with
    neither are left out."""
    lines: dict[str, list[str]] = {}
    for step in before_meeting(playbook) if playbook else []:
        lines.setdefault(step.owner, []).append(finish_first(step))
    for ident, texts in prepare.items():
        lines.setdefault(ident, []).extend(texts)
    return {ident: tuple(texts) for ident, texts in lines.items() if texts}


def playbook_preparation(playbook: Playbook) -> dict[str, tuple[str, ...]]:
    """A playbook meeting's preparation, by department, from the playbook's own data."""
    return specific_preparation(playbook.meeting.prepare, playbook)


def preparation(handbook: Handbook, meeting: MeetingType, departments: list[str],
                specific: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """What each department prepares: what this meeting's data asks of it, else what its kind asks of all."""
    return {ident: specific.get(ident) or type_preparation(meeting, handbook.departments[ident])
            for ident in departments}


def build_agenda(handbook: Handbook, meeting_type: str, departments: list[str], minutes: int,
                 playbook: Playbook | None = None, start: str = "09:00", title: str | None = None,
                 prepare: dict[str, list[str]] | None = None) -> Agenda:
    """A time-boxed agenda for a meeting, with each department's preparation (prepare: the meeting's own lines,
    by default the playbook's); impossible requests raise AgendaError."""
    if meeting_type not in MEETING_TYPES:
        raise AgendaError(f"不認識的會議類型「{meeting_type}」；可用：{'、'.join(MEETING_TYPES)}")
    meeting = MEETING_TYPES[meeting_type]
    unknown = [d for d in departments if d not in handbook.departments]
    if unknown:
        raise AgendaError(f"找不到部門「{'、'.join(unknown)}」；可用：{'、'.join(handbook.departments)}")
    if not departments:
        raise AgendaError("議程至少要有一個參與部門")
    if minutes < meeting.minimum:
        raise AgendaError(f"{meeting.name}至少要 {meeting.minimum} 分鐘，這裡只給了 {minutes} 分鐘")
    parse_clock(start)
    chosen = list(dict.fromkeys(departments))
    minutes = meeting_minutes(minutes, playbook)
    items, offset = [], 0
    for slot, box in time_boxes(meeting, handbook, chosen, minutes, playbook):
        items.append(AgendaItem(add_minutes(start, offset), box, slot.title, slot.owner))
        offset += box
    name = title or meeting_title(meeting, playbook)
    if prepare is None:
        prepare = playbook.meeting.prepare if playbook else {}
    prepared = preparation(handbook, meeting, chosen, specific_preparation(prepare, playbook))
    return Agenda(name, meeting_type, start, minutes, tuple(chosen), tuple(items),
                  meeting.decisions, prepared, outside_work(playbook))
