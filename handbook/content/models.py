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
# The project facts a checklist field may show instead of keeping its own answer, with the field type each needs.
PROJECT_FACTS = {"eventDate": "date", "target": "text"}
PROJECT_FACT_NAMES = {"eventDate": "活動日", "target": "目標"}

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MARKUP = re.compile(r"[<>]|\{\{|\{%|\{#|\]\(|\]\[|\{:")
LINE_BREAK = re.compile(r"[\n\r\u2028\u2029\x85]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")

# What an editor is told each kind of invisible character is.
ZERO_WIDTH_OR_DIRECTION = "零寬或改變文字方向"
HANGUL_FILLER = "韓文填充字元，看起來像空白"
TAG_CHARACTER = "標籤字元，畫面上不會顯示"
VARIATION_SELECTOR = "異體字選擇器，沒有緊接在要變化的字後面"
FORMAT_CHARACTER = "不會顯示的格式字元"
# Unicode's Default_Ignorable_Code_Point: the characters a font draws as nothing (DerivedCoreProperties.txt of
# Unicode 14.0, the version of Python's unicodedata; tests/content/test_invisible.py compares it with Perl's
# \p{Default_Ignorable_Code_Point}). Each range: first, last, what it is.
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD, ZERO_WIDTH_OR_DIRECTION),  # soft hyphen
    (0x034F, 0x034F, ZERO_WIDTH_OR_DIRECTION),  # combining grapheme joiner
    (0x061C, 0x061C, ZERO_WIDTH_OR_DIRECTION),  # Arabic letter mark
    (0x115F, 0x1160, HANGUL_FILLER),  # Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5, FORMAT_CHARACTER),  # Khmer inherent vowels
    (0x180B, 0x180D, VARIATION_SELECTOR),  # Mongolian free variation selectors
    (0x180E, 0x180E, ZERO_WIDTH_OR_DIRECTION),  # Mongolian vowel separator
    (0x180F, 0x180F, VARIATION_SELECTOR),
    (0x200B, 0x200F, ZERO_WIDTH_OR_DIRECTION),  # zero-width space, (non-)joiner, direction marks
    (0x202A, 0x202E, ZERO_WIDTH_OR_DIRECTION),  # direction embeddings and overrides
    (0x2060, 0x206F, ZERO_WIDTH_OR_DIRECTION),  # word joiner, invisible operators, direction isolates
    (0x3164, 0x3164, HANGUL_FILLER),
    (0xFE00, 0xFE0F, VARIATION_SELECTOR),  # ⚠️ is ⚠ and U+FE0F
    (0xFEFF, 0xFEFF, ZERO_WIDTH_OR_DIRECTION),  # zero-width no-break space (a byte-order mark)
    (0xFFA0, 0xFFA0, HANGUL_FILLER),  # halfwidth Hangul filler
    (0xFFF0, 0xFFF8, FORMAT_CHARACTER),  # unassigned
    (0x1BCA0, 0x1BCA3, FORMAT_CHARACTER),  # shorthand format controls
    (0x1D173, 0x1D17A, FORMAT_CHARACTER),  # musical beam and phrase controls
    (0xE0000, 0xE007F, TAG_CHARACTER),  # tags: an invisible copy of ASCII, able to carry hidden text
    (0xE0080, 0xE00FF, FORMAT_CHARACTER),  # unassigned
    (0xE0100, 0xE01EF, VARIATION_SELECTOR),  # ideographic variation selectors: 葛 and U+E0100
    (0xE01F0, 0xE0FFF, FORMAT_CHARACTER),  # unassigned
)
IGNORABLE = re.compile("[" + "".join(f"\\U{first:08X}-\\U{last:08X}" for first, last, _ in DEFAULT_IGNORABLE) + "]")


def ignorable_kind(character: str) -> str:
    """What a default-ignorable character is, in an editor's words."""
    return next(kind for first, last, kind in DEFAULT_IGNORABLE if first <= ord(character) <= last)


def invisible_character(text: str) -> str | None:
    """The first default-ignorable character of text, except one variation selector right after a visible
    character (the emoji or ideograph it selects a form of); None when there is none."""
    for match in IGNORABLE.finditer(text):
        at = match.start()
        if ignorable_kind(match.group()) == VARIATION_SELECTOR and at:
            before = text[at - 1]
            if not before.isspace() and not IGNORABLE.match(before):
                continue
        return match.group()
    return None


def no_markup(text: str) -> str:
    """Data fields hold plain text on one line: no markup, template code, control or invisible characters."""
    if MARKUP.search(text):
        raise ValueError("不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字")
    if LINE_BREAK.search(text):
        raise ValueError("不可換行；這個欄位只能寫一行文字")
    if CONTROL.search(text):
        found = CONTROL.search(text).group(0)
        raise ValueError(f"含有看不見的控制字元 U+{ord(found):04X}；請刪掉後重打這段文字")
    found = invisible_character(text)
    if found:
        raise ValueError(f"含有看不見的字元 U+{ord(found):04X}（{ignorable_kind(found)}）；請刪掉後重打這段文字")
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
    source: ShortText | None = None  # what the record takes from the article, said once for the page


# A step's `when`, on one of three scales (handbook/content/calendar.py reads them as days):
EVENT_WHEN = re.compile(r"D|T([-+])([1-9]\d{0,2})")  # from the event day D: T-21, D, T+3
TRIGGER_WHEN = re.compile(r"觸發(?:時|\+([1-9]\d{0,2}))")  # from an event-driven play's trigger: 觸發時, 觸發+2
RECURRING_WHEN = ("每天", "每週", "每月")  # a recurring meeting
WHEN_PATTERN = re.compile("|".join([EVENT_WHEN.pattern, TRIGGER_WHEN.pattern, *RECURRING_WHEN]))


def when_code(value: str) -> str:
    """A step's day: relative to the event (T-21 21 days before, D the day itself, T+3 3 days after), to the
    trigger of an event-driven play (觸發時, 觸發+2), or recurring (每天, 每週, 每月)."""
    if not WHEN_PATTERN.fullmatch(value):
        raise ValueError(f"時間點「{value}」看不懂；請寫成 T-21（活動前 21 天）、D（活動當天）或 T+3（活動後 3 天），"
                         "由事件觸發的劇本寫 觸發時 或 觸發+2（觸發後 2 天），定期會議寫 每天、每週 或 每月；"
                         "T 與 D 用大寫、不加空白")
    return value


# The editor's schema offers the same pattern (VS Code marks a wrong `when` as it is typed).
When = Annotated[str, AfterValidator(when_code), Field(json_schema_extra={
    "pattern": f"^(?:{WHEN_PATTERN.pattern})$", "examples": ["T-21", "D", "T+3", "觸發時", "觸發+2", "每週"]})]


class Step(Strict):
    """One step of a playbook: when, what happens, how long, who leads (and in what role), in or out of the meeting."""

    text: ShortText
    minutes: Minutes
    owner: DepartmentRef
    mode: Literal["live", "async", "huddle"] = "live"  # huddle: another short meeting (晨會), not on the agenda
    when: When | None = None
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
    # cases only: the playbook whose in-meeting steps this meeting follows (one of the case's playbooks)
    playbook: PlaybookRef | None = None


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
    previous_ids: list[Slug] = Field(default_factory=list)  # earlier slugs (merged or renamed): their URLs lead here
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
    # a fact the project already holds (我的專案): the field shows it and changes it there, never a second copy
    project: Literal[tuple(PROJECT_FACTS)] | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def fact_fits(self) -> FillField:
        """A project fact's field has the fact's type: the event day is a date, the target a text."""
        if self.project and self.type != PROJECT_FACTS[self.project]:
            raise ValueError(f"欄位「{self.label}」接專案的{PROJECT_FACT_NAMES[self.project]}，type 要寫 "
                             f"{PROJECT_FACTS[self.project]}")
        return self


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
    source: ShortText | None = None  # what the checklist takes from the article, said once for the page

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

    @model_validator(mode="after")
    def meetings_follow_its_playbooks(self) -> Case:
        """A meeting that follows a playbook names one of the case's own playbooks."""
        for meeting in self.meetings:
            if meeting.playbook and meeting.playbook not in self.playbooks:
                raise ValueError(f"meetings: 會議「{meeting.title or meeting.type}」的 playbook「{meeting.playbook}」"
                                 f"不在這個案例的 playbooks 裡；可用：{'、'.join(self.playbooks)}")
        return self


class Term(Strict):
    """A glossary entry."""

    term: TermText
    definition: ShortText
    aliases: list[TermText] = Field(default_factory=list)


class Glossary(Strict):
    """The glossary file: a list of terms."""

    terms: list[Term] = Field(min_length=1)


# The example world (example-world.yml): the one invented company every example of the handbook uses.
CaseRef = Annotated[Slug, Ref("cases")]
PERSON_TITLES = ("總經理", "副總經理", "副總", "協理", "經理", "副理", "襄理", "主任", "組長", "課長", "店長", "廠長",
                 "專員", "企劃", "顧問", "助理", "秘書")
Surname = Annotated[str, StringConstraints(pattern=r"^[\u4e00-\u9fff]{1,2}$")]


def person_title(value: str) -> str:
    """A cast member's title is one the handbook's person check knows (PERSON_TITLES)."""
    if value not in PERSON_TITLES:
        raise ValueError(f"職稱「{value}」不在可用的職稱裡：{'、'.join(PERSON_TITLES)}")
    return value


class Person(Strict):
    """One person of the example company: surname and title (how pages name them), department, what they do."""

    surname: Surname
    title: Annotated[str, AfterValidator(person_title)]
    department: DepartmentRef
    role: ShortText

    @property
    def called(self) -> str:
        """How pages name the person: 陳副理."""
        return self.surname + self.title


class Figure(Strict):
    """One number of the example world: an invented example, or the article's own (then with its source)."""

    id: Slug
    label: ShortText
    value: Annotated[int, Field(ge=0)]
    to: Annotated[int, Field(ge=0)] | None = None  # a range: value–to
    unit: UnitText
    source: ShortText | None = None  # only the article's figures: where the article says it

    @model_validator(mode="after")
    def _range_ascends(self) -> Figure:
        if self.to is not None and self.to <= self.value:
            raise ValueError(f"範圍 {self.value}–{self.to} 的 to 要大於 value")
        return self

    @property
    def article(self) -> bool:
        """Whether the figure is the article's (it has a source) rather than an example."""
        return self.source is not None

    @property
    def text(self) -> str:
        """The figure as pages write it: 80, 5–8."""
        return f"{self.value}–{self.to}" if self.to is not None else str(self.value)


class ResultRow(Strict):
    """A result line of the example's retrospective: its metric, and the figures of its target and actual."""

    metric: Title
    target: Slug
    actual: Slug


def unique(values: list[str], what: str) -> None:
    """Each value at most once."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what}「{value}」重複了")
        seen.add(value)


class RunningExample(Strict):
    """One of the handbook's running examples: its case, the department that starts it, the words that name it
    on a page and its numbers."""

    title: Title
    case: CaseRef
    initiator: DepartmentRef
    keywords: list[TermText] = Field(min_length=1)
    figures: list[Figure] = Field(min_length=1)
    results: list[ResultRow] = Field(default_factory=list)

    @model_validator(mode="after")
    def _figures_known(self) -> RunningExample:
        unique([figure.id for figure in self.figures], "數字代號")
        known = {figure.id for figure in self.figures}
        for row in self.results:
            for ident in (row.target, row.actual):
                if ident not in known:
                    raise ValueError(f"結果「{row.metric}」用到的數字「{ident}」不在這個例子的 figures 裡")
        return self

    def figure(self, ident: str) -> Figure:
        """The figure of an id."""
        return next(figure for figure in self.figures if figure.id == ident)


class Company(Strict):
    """The invented dealership every example happens in."""

    name: TermText
    summary: ShortText
    example: Literal[True]
    figures: list[Figure] = Field(default_factory=list)


class ExampleWorld(Strict):
    """example-world.yml: the company, its people (one surname each: the loader checks) and the running examples'
    numbers."""

    company: Company
    people: list[Person] = Field(min_length=1)
    examples: dict[Slug, RunningExample] = Field(min_length=1)
