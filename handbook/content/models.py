"""Typed content model of the handbook: departments, playbooks, checklists, cases, glossary."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

PHASES = ("溝通", "協作", "共贏")
PHASE_SLUGS = {"溝通": "communicate", "協作": "cooperate", "共贏": "win-together"}
MEETING_TYPES = ("kickoff", "sync", "options", "retrospective")
TEMPLATE_NAMES = (
    "agenda",
    "retrospective",
    "interest-matrix",
    "options-ladder",
    "charter",
    "stretch-target",
    "swimlane",
)
FIELD_TYPES = ("text", "date", "number", "person")

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MARKUP = re.compile(r"[<>]|\{\{|\{%|\{#|\]\(|\]\[|\{:")
LINE_BREAK = re.compile(r"[\n\r\u2028\u2029\x85]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def no_markup(text: str) -> str:
    """Data fields hold plain text on one line: no markup, template code, control or invisible characters."""
    if MARKUP.search(text):
        raise ValueError("不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字")
    if LINE_BREAK.search(text):
        raise ValueError("不可換行；這個欄位只能寫一行文字")
    if CONTROL.search(text):
        found = CONTROL.search(text).group(0)
        raise ValueError(f"含有看不見的控制字元 U+{ord(found):04X}；請刪掉後重打這段文字")
    if INVISIBLE.search(text):
        found = INVISIBLE.search(text).group(0)
        raise ValueError(f"含有看不見的字元 U+{ord(found):04X}（零寬或改變文字方向）；請刪掉後重打這段文字")
    return text


def _text(max_length: int) -> type[str]:
    """A stripped, non-empty, markup-free string of at most max_length characters."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(no_markup),
    ]


Title = _text(60)
TermText = _text(20)
UnitText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10), AfterValidator(no_markup)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
ShortText = _text(200)
LongText = _text(1000)
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value names another item: the loader checks that it exists (content/refs.py)."""

    kind: str


DepartmentRef = Annotated[Slug, Ref("departments")]
PlaybookRef = Annotated[Slug, Ref("playbooks")]
ChecklistRef = Annotated[Slug, Ref("checklists")]
Phase = Literal[PHASES]  # type: ignore[valid-type]
Minutes = Annotated[int, Field(ge=1, le=600)]


def iso_date(value: object) -> dt.date:
    """Dates are written YYYY-MM-DD."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"日期「{value.strip()}」不存在，請檢查月份和日子") from None
    raise ValueError("日期格式應為 YYYY-MM-DD，例如 2027-06-30")


Date = Annotated[dt.date, BeforeValidator(iso_date)]
Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class Strict(BaseModel):
    """Base: unknown fields are errors, values are not coerced between types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Department(Strict):
    """A department: what it cares about, what it objects to, what it gains and gives."""

    id: Slug
    name: Title
    order: Annotated[int, Field(ge=1, le=99)] = 50
    summary: ShortText
    interests: list[ShortText] = Field(min_length=1)
    kpis: list[ShortText] = Field(min_length=1)
    objections: list[ShortText] = Field(default_factory=list)
    gains: list[ShortText] = Field(min_length=1)
    contributions: list[ShortText] = Field(min_length=1)
    approach: list[ShortText] = Field(min_length=1)


WHEN_PATTERN = re.compile(r"D|T[-+][1-9]\d{0,2}")


def when_code(value: str) -> str:
    """A step's day relative to the event: T-21 (21 days before), D (the day itself), T+3 (3 days after)."""
    if not WHEN_PATTERN.fullmatch(value):
        raise ValueError(f"時間點「{value}」看不懂；請寫成 T-21（活動前 21 天）、D（活動當天）或 T+3（活動後 3 天），"
                         "T 與 D 用大寫、不加空白")
    return value


class Step(Strict):
    """One step of a playbook: when, what happens, how long, who leads (and in what role), in or out of the meeting."""

    text: ShortText
    minutes: Minutes
    owner: DepartmentRef
    mode: Literal["live", "async"] = "live"
    when: Annotated[str, AfterValidator(when_code)] | None = None
    role: _text(20) | None = None  # type: ignore[valid-type]


PrepareText = _text(80)
# What one department brings to a meeting: one to four short lines (numbers, lists, a decision).
Preparation = Annotated[list[PrepareText], Field(min_length=1, max_length=4)]  # type: ignore[valid-type]


class Meeting(Strict):
    """A meeting an agenda is built for, and what each department must bring to it (prepare)."""

    type: Literal[MEETING_TYPES]  # type: ignore[valid-type]
    minutes: Minutes
    departments: list[DepartmentRef] = Field(default_factory=list)
    start: Clock = "09:00"
    title: Title | None = None
    prepare: dict[DepartmentRef, Preparation] = Field(default_factory=dict)


class Option(Strict):
    """One rung of the A/B/C options ladder, easy to hard, and what it asks of each department."""

    label: Literal["A", "B", "C", "D"]
    title: Title
    summary: ShortText
    asks: dict[DepartmentRef, ShortText] = Field(min_length=1)
    example: bool = False


class Playbook(Strict):
    """A play of the method: when to run it, who takes part, its time-boxed steps."""

    slug: Slug
    title: Title
    phase: Phase
    summary: ShortText
    symptoms: list[ShortText] = Field(min_length=1)
    departments: list[DepartmentRef] = Field(min_length=1)
    prep_minutes: Annotated[int, Field(ge=0, le=600)]
    run_minutes: Minutes
    steps: list[Step] = Field(min_length=1)
    pitfalls: list[ShortText] = Field(min_length=1)
    templates: list[Literal[TEMPLATE_NAMES]] = Field(default_factory=list)  # type: ignore[valid-type]
    checklists: list[ChecklistRef] = Field(default_factory=list)
    meeting: Meeting
    options: list[Option] = Field(default_factory=list)
    source: ShortText
    owner: Title
    review_by: Date
    path_order: Annotated[int, Field(ge=1, le=999)] | None = None
    body: str = ""

    @property
    def live_minutes(self) -> int:
        """Minutes of the steps held in the meeting."""
        return sum(step.minutes for step in self.steps if step.mode == "live")

    @property
    def async_minutes(self) -> int:
        """Minutes of the work done outside the meeting."""
        return self.run_minutes - self.live_minutes

    @property
    def span(self) -> tuple[str, str] | None:
        """The first and last day of the steps (T-21 … T+7), when the steps say."""
        days = [step.when for step in self.steps if step.when]
        return (days[0], days[-1]) if days else None

    @field_validator("steps")
    @classmethod
    def steps_fill_run_time(cls, steps: list[Step], info: ValidationInfo) -> list[Step]:
        """The steps' minutes add up to the run time."""
        total = sum(step.minutes for step in steps)
        run_minutes = info.data.get("run_minutes")
        if run_minutes is not None and total != run_minutes:
            raise ValueError(f"各步驟合計 {total} 分鐘，但 run_minutes 是 {run_minutes} 分鐘；兩者必須相等")
        return steps


class FillField(Strict):
    """A fill-in field of a checklist section."""

    id: Slug
    label: Title
    type: Literal[FIELD_TYPES]  # type: ignore[valid-type]
    hint: ShortText | None = None
    previous_ids: list[Slug] = Field(default_factory=list)  # earlier ids whose saved answers move here


class Item(Strict):
    """A tickable checklist item with a stable id."""

    id: Slug
    text: ShortText
    hint: ShortText | None = None
    previous_ids: list[Slug] = Field(default_factory=list)  # earlier ids whose saved answers move here


class Section(Strict):
    """A titled group of items and fields."""

    id: Slug
    title: Title
    items: list[Item] = Field(default_factory=list)
    fields: list[FillField] = Field(default_factory=list)

    @model_validator(mode="after")
    def not_empty(self) -> Section:
        """A section holds at least one item or field."""
        if not self.items and not self.fields:
            raise ValueError("每個段落至少要有一個 items 或 fields")
        return self


class Checklist(Strict):
    """A fill-in checklist, for one department's interests or one phase of a project."""

    id: Slug
    title: Title
    summary: ShortText
    department: DepartmentRef | None = None
    phase: Phase | None = None
    sections: list[Section] = Field(min_length=1)
    owner: Title
    review_by: Date
    path_order: Annotated[int, Field(ge=1, le=999)] | None = None

    @property
    def answer_total(self) -> int:
        """Answers a complete checklist holds: one tick per item and one answer per field."""
        return sum(len(s.items) + len(s.fields) for s in self.sections)

    def renamed_ids(self) -> dict[str, str]:
        """Each earlier id (previous_ids) → the item or field its saved answers now belong to."""
        entries = [e for s in self.sections for e in (*s.items, *s.fields)]
        return {old: entry.id for entry in entries for old in entry.previous_ids}

    @model_validator(mode="after")
    def department_or_phase(self) -> Checklist:
        """A checklist belongs to exactly one department or one phase."""
        if (self.department is None) == (self.phase is None):
            raise ValueError("department 與 phase 必須二選一填寫（恰好一個）")
        return self


class Fact(Strict):
    """A fact of a case, with where it comes from."""

    text: ShortText
    source: ShortText


class Stance(Strict):
    """One department's position in a case, and how the method answers it."""

    department: DepartmentRef
    stance: ShortText
    resolution: ShortText


class Result(Strict):
    """A result line of a retrospective: target, actual, and whether it is example data."""

    metric: Title
    target: Finite
    actual: Finite
    unit: UnitText = ""
    example: bool = True


class Shortfall(Strict):
    """Something that fell short, with the measure that prevents a repeat."""

    issue: ShortText
    measure: ShortText
    owner: DepartmentRef
    due: Date


class Retrospective(Strict):
    """The data of a closing review, in the article's order."""

    thanks: dict[DepartmentRef, Title] = Field(min_length=1)
    results: list[Result] = Field(min_length=1)
    went_well: list[ShortText] = Field(min_length=1)
    shortfalls: list[Shortfall] = Field(min_length=1)
    carry_over: list[ShortText] = Field(default_factory=list)
    example: bool = True


class Case(Strict):
    """A worked case from the article, told through the method."""

    slug: Slug
    title: Title
    summary: ShortText
    departments: list[DepartmentRef] = Field(min_length=1)
    playbooks: list[PlaybookRef] = Field(min_length=1)
    checklists: list[ChecklistRef] = Field(default_factory=list)
    facts: list[Fact] = Field(min_length=1)
    stances: list[Stance] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    options: list[Option] = Field(default_factory=list)
    retrospective: Retrospective | None = None
    owner: Title
    review_by: Date
    body: str = ""


class Term(Strict):
    """A glossary entry."""

    term: TermText
    definition: ShortText
    aliases: list[TermText] = Field(default_factory=list)


class Glossary(Strict):
    """The glossary file: a list of terms."""

    terms: list[Term] = Field(min_length=1)
