"""Typed content model of the handbook: departments, playbooks, checklists, cases, glossary."""

from __future__ import annotations

import datetime as dt
import re
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
MARKUP = re.compile(r"[<>]|\{\{|\{%")


def no_markup(text: str) -> str:
    """Data fields hold plain text: no HTML tags and no template code."""
    if MARKUP.search(text):
        raise ValueError("不可包含 HTML 標籤或模板語法（< > {{ {%）；請只寫純文字")
    return text


def _text(max_length: int) -> type[str]:
    """A stripped, non-empty, markup-free string of at most max_length characters."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(no_markup),
    ]


Title = _text(60)
ShortText = _text(200)
LongText = _text(1000)
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]
Phase = Literal["溝通", "協作", "共贏"]
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


class Step(Strict):
    """One step of a playbook: what happens, how long, who leads, live or async."""

    text: ShortText
    minutes: Minutes
    owner: Slug
    mode: Literal["live", "async"] = "live"


class Meeting(Strict):
    """A meeting an agenda is built for."""

    type: Literal["kickoff", "sync", "options", "retrospective"]
    minutes: Minutes
    departments: list[Slug] = Field(default_factory=list)
    start: Clock = "09:00"
    title: Title | None = None


class Option(Strict):
    """One rung of the A/B/C options ladder, easy to hard, and what it asks of each department."""

    label: Literal["A", "B", "C", "D"]
    title: Title
    summary: ShortText
    asks: dict[Slug, ShortText] = Field(min_length=1)
    example: bool = False


class Playbook(Strict):
    """A play of the method: when to run it, who takes part, its time-boxed steps."""

    slug: Slug
    title: Title
    phase: Phase
    summary: ShortText
    symptoms: list[ShortText] = Field(min_length=1)
    departments: list[Slug] = Field(min_length=1)
    prep_minutes: Annotated[int, Field(ge=0, le=600)]
    run_minutes: Minutes
    steps: list[Step] = Field(min_length=1)
    pitfalls: list[ShortText] = Field(min_length=1)
    templates: list[Literal[TEMPLATE_NAMES]] = Field(default_factory=list)  # type: ignore[valid-type]
    checklists: list[Slug] = Field(default_factory=list)
    meeting: Meeting
    options: list[Option] = Field(default_factory=list)
    source: ShortText
    owner: Title
    review_by: Date
    path_order: Annotated[int, Field(ge=1, le=999)] | None = None
    body: str = ""

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
    type: Literal["text", "date", "number", "person"]
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
    department: Slug | None = None
    phase: Phase | None = None
    sections: list[Section] = Field(min_length=1)
    owner: Title
    review_by: Date
    path_order: Annotated[int, Field(ge=1, le=999)] | None = None

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

    department: Slug
    stance: ShortText
    resolution: ShortText


class Result(Strict):
    """A result line of a retrospective: target, actual, and whether it is example data."""

    metric: Title
    target: float
    actual: float
    unit: Annotated[str, StringConstraints(max_length=10)] = ""
    example: bool = True


class Shortfall(Strict):
    """Something that fell short, with the measure that prevents a repeat."""

    issue: ShortText
    measure: ShortText
    owner: Slug
    due: Date


class Retrospective(Strict):
    """The data of a closing review, in the article's order."""

    thanks: dict[Slug, Title] = Field(min_length=1)
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
    departments: list[Slug] = Field(min_length=1)
    playbooks: list[Slug] = Field(min_length=1)
    checklists: list[Slug] = Field(default_factory=list)
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

    term: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
    definition: ShortText
    aliases: list[Annotated[str, StringConstraints(min_length=1, max_length=20)]] = Field(
        default_factory=list
    )


class Glossary(Strict):
    """The glossary file: a list of terms."""

    terms: list[Term] = Field(min_length=1)


KINDS: dict[str, type[Strict]] = {
    "departments": Department,
    "playbooks": Playbook,
    "checklists": Checklist,
    "cases": Case,
}
