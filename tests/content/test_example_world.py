"""One example world: every page names only the example company's people and states only its figures.

example-world.yml holds the invented dealership, its cast (surname + title, one department each) and the numbers
of the three running examples (續保週末, 庫存車促銷會, 新保險合作公司). The rules, checked on every page under
playbooks/, cases/, checklists/, departments/ and docs/ (outside marked quotations of the article):

- People: every surname + title (陳副理, 王總經理…) and every given name used as a person (謝謝客服部的美玲) is a
  person of the file; a department written right before the name (客服部 林主任, a table row's first cell, a YAML key)
  is that person's department.
- Figures: a block (paragraph, list item, table row, YAML line) that mentions a running example's keywords states
  only that example's figures in the units it uses (see handbook/content/example_world.py for the block and unit
  rules).
- Where a block about one running example names the 發起 department, it is that example's initiator.
- A case's retrospective results are the file's `results`, row by row, with the file's numbers.
One test per page, so a failure names the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content_text import ROOT, prose_lines
from handbook.content.example_world import (
    Block,
    Stated,
    blocks,
    examples_mentioned,
    figure_problems,
    people_named,
    stated_figures,
    unit_class,
)
from handbook.content.loading import load_example_world, load_kind
from handbook.content.models import ExampleWorld

PAGE_FOLDERS = ("playbooks", "cases", "checklists", "departments")


def pages(root: Path = ROOT) -> list[Path]:
    """Every page that may give an example, relative to root."""
    found = [p for folder in PAGE_FOLDERS for p in (root / folder).glob("*.*") if p.suffix in (".md", ".yml")]
    found += list((root / "docs").rglob("*.md"))
    return sorted(p.relative_to(root) for p in found)


def the_world(root: Path = ROOT) -> ExampleWorld:
    world, _, problems = load_example_world(root)
    assert world is not None and not problems, "\n".join(p.with_hint() for p in problems)
    return world


def department_ids(root: Path = ROOT) -> dict[str, str]:
    """A department's name (客服部) or id → its id."""
    departments, _, _ = load_kind(root, "departments")
    return {**{d.name: ident for ident, d in departments.items()}, **{ident: ident for ident in departments}}


WORLD = the_world()
DEPARTMENTS = department_ids()
INITIATOR = re.compile(r"(?P<department>[\u4e00-\u9fff]{1,4}部)（發起"
                       r"|發起(?:部門|人)?(?:是|為|：)\s*(?P<after>[\u4e00-\u9fff]{1,4}部)")


def person_problems(line: str, world: ExampleWorld, departments: dict[str, str]) -> list[str]:
    """The people a line names that are not the file's, or not in the department written before them."""
    cast = {person.called: person for person in world.people}
    problems = []
    for named in people_named(line):
        person = cast.get(named.name)
        if person is None:
            what = "名字" if named.given_name else "人物"
            problems.append(f"示例{what}「{named.name}」不在 example-world.yml 的 people 裡；"
                            f"請改用檔案裡的人（{'、'.join(cast)}），或先把新的人加進檔案")
        elif named.department in departments and departments[named.department] != person.department:
            problems.append(f"「{named.name}」在 example-world.yml 裡屬於 {person.department}，"
                            f"這裡寫在「{named.department}」底下")
    return problems


def initiator_problems(block: Block, world: ExampleWorld, departments: dict[str, str]) -> list[str]:
    """A block about one running example that names its 發起 department names that example's initiator."""
    examples = examples_mentioned(world, block.text + " " + block.context)
    if len(examples) != 1:
        return []
    example = examples[0]
    problems = []
    for match in INITIATOR.finditer(block.text):
        name = match["department"] or match["after"]
        if name in departments and departments[name] != example.initiator:
            problems.append(f"{example.title}的發起部門是 {example.initiator}，這裡寫「{name}」")
    return problems


def page_problems(path: Path, text: str, world: ExampleWorld = WORLD,
                  departments: dict[str, str] = DEPARTMENTS) -> list[str]:
    """Every line of a page that disagrees with the example world, as 「path:line: message」."""
    lines = list(prose_lines(text))
    problems = [f"{path}:{number}: {message}"
                for number, line in lines for message in person_problems(line, world, departments)]
    for block in blocks(lines, path.suffix == ".md"):
        for message in [*figure_problems(world, block), *initiator_problems(block, world, departments)]:
            problems.append(f"{path}:{block.line}: {message}")
    return problems


@pytest.mark.parametrize("path", pages(), ids=str)
def test_page_agrees_with_the_example_world(path: Path):
    assert page_problems(path, (ROOT / path).read_text(encoding="utf-8")) == []


def test_a_stray_person_on_a_real_page_fails():
    page = Path("cases/renewal-weekend.md")
    text = (ROOT / page).read_text(encoding="utf-8") + "\n謝謝趙經理幫忙。\n"
    problems = page_problems(page, text)
    assert len(problems) == 1 and "「趙經理」不在 example-world.yml 的 people 裡" in problems[0]


def test_a_stray_figure_on_a_real_page_fails():
    page = Path("playbooks/data-driven-target.md")
    text = (ROOT / page).read_text(encoding="utf-8") + "\n例：這次週末要續保 150 件。\n"
    problems = page_problems(page, text)
    assert len(problems) == 1 and "「150台」不是週末續保促銷活動" in problems[0]


def test_a_person_in_the_wrong_department_fails():
    assert person_problems("| 現場總指揮 | 銷售部 劉經理 | 調度 |", WORLD, DEPARTMENTS) == [
        "「劉經理」在 example-world.yml 裡屬於 auto-finance，這裡寫在「銷售部」底下"]


@pytest.mark.parametrize("sentence, names", [
    ("請王主任在週五前確認預算。", ["王主任"]),
    ("客服部的林主任說名單已經好了", ["林主任"]),
    ("由蕭課長與賴店長一起拍板", ["蕭課長", "賴店長"]),
    ("方案送何襄理，再給鄭總經理", ["何襄理", "鄭總經理"]),
    ("謝謝客服部的美玲，兩天打了一百多通電話", ["美玲"]),
    ("感謝志明，活動才順利", ["志明"]),
    ("請對方主管指定一位專案負責人", []),
    ("任何經理都可以核准", []),
    ("由銷售顧問擔任主任的代理人", []),
    ("方案送總經理在 48 小時內決定", []),
    ("謝謝大家，這次辛苦了", []),
    ("課程顧問會在上線前來上課", []),
    ("感謝各部門的付出", []),
])
def test_the_person_detector(sentence: str, names: list[str]):
    assert [named.name for named in people_named(sentence)] == names


@pytest.mark.parametrize("line, department", [
    ("| 活動預算 | 金融部 吳專員 | 財務部 王主任 |", ["金融部", "財務部"]),
    ("| 銷售部（發起） | 陳副理 | 郭主任 |", ["銷售部", "銷售部"]),
    ("    customer-service: 林主任", ["customer-service"]),
    ("找陳副理談", [None]),
])
def test_the_department_written_before_a_name(line: str, department: list[str | None]):
    assert [named.department for named in people_named(line)] == department


@pytest.mark.parametrize("block, stated", [
    ("續保率 66%，目標 70%，差 4 個百分點", ["66%", "70%", "4%"]),
    ("比平常多 28 件，全年多 5 到 8 台事故車", ["28台", "5–8台"]),
    ("| 不辦的成本 | 約 120,000 |", ["120000"]),
    ("每天 09:30 開 15 分鐘的會，T-21 交名單", []),
])
def test_the_figures_a_block_states(block: str, stated: list[str]):
    assert [f"{s.text}{s.unit}" for s in stated_figures(block, {"%", "台", "元"})] == stated


@pytest.mark.parametrize("text, context, wrong", [
    ("目標是續保 40 件", "", []),
    ("目標是續保 45 件", "", ["45台"]),
    ("| 續保率 | 70% | 66% |", "", ["66%"]),
    ("| 來店數 | 120 組 | 140 組 |", "例：續保週末的對照表", ["140組"]),
    ("這批車庫齡已過 120 天", "", ["120天"]),
    ("| 第 1 個月 | 8% |", "例：新保險合作公司的月追蹤", ["8%"]),
    ("每天 09:30 同步 15 分鐘", "", []),
    ("保養進廠 30 台", "", []),  # no running example named: not checked
])
def test_the_figure_rule(text: str, context: str, wrong: list[str]):
    problems = figure_problems(WORLD, Block(1, text, context))
    assert [p.split("」")[0].lstrip("「") for p in problems] == wrong


def test_the_initiator_rule():
    block = Block(1, "| 行銷部（發起） | 張企劃 | 謝專員 |", "例：續保週末的負責人名單")
    assert initiator_problems(block, WORLD, {"行銷部": "marketing"}) == [
        "週末續保促銷活動的發起部門是 auto-finance，這裡寫「行銷部」"]


def test_the_file_validates_and_names_existing_departments_and_cases():
    from handbook.content.loading import example_world_problems
    from handbook.content.handbook import Handbook
    departments, _, _ = load_kind(ROOT, "departments")
    cases, _, _ = load_kind(ROOT, "cases")
    assert example_world_problems(ROOT, Handbook(departments=departments, cases=cases)) == []


def test_every_person_has_one_surname_and_the_examples_their_initiators_case():
    cases, _, _ = load_kind(ROOT, "cases")
    assert len({p.surname for p in WORLD.people}) == len(WORLD.people)
    for example in WORLD.examples.values():
        assert example.initiator in cases[example.case].departments


# Plays whose 發起部門 steps are not the running example's initiator on purpose.
OWN_INITIATOR = {"bind-kpis": "營運部 binds the KPIs for the general manager; the renewal itself is 金融部's"}


def playbook_examples(body: str) -> list[str]:
    """The running examples a playbook's captions (lines starting 「例：」) name."""
    captions = " ".join(line for line in body.splitlines() if line.startswith("例：") and "沿用本頁" not in line)
    return [ident for ident, example in WORLD.examples.items() if any(word in captions for word in example.keywords)]


@pytest.mark.parametrize("slug", sorted(p.stem for p in (ROOT / "playbooks").glob("*.md")), ids=str)
def test_the_initiators_steps_are_the_examples_initiators(slug: str):
    playbooks, _, _ = load_kind(ROOT, "playbooks")
    playbook = playbooks[slug]
    named = playbook_examples(playbook.body)
    if len(named) != 1 or slug in OWN_INITIATOR:
        return
    initiator = WORLD.examples[named[0]].initiator
    assert [s.owner for s in playbook.steps if s.role == "發起部門" and s.owner != initiator] == [], (
        f"playbooks/{slug}.md: 例子是{WORLD.examples[named[0]].title}，發起部門的步驟應由 {initiator} 負責")


@pytest.mark.parametrize("ident", sorted(WORLD.examples), ids=str)
def test_the_case_retrospective_is_the_files(ident: str):
    example = WORLD.examples[ident]
    cases, _, _ = load_kind(ROOT, "cases")
    retrospective = cases[example.case].retrospective
    if retrospective is None:
        assert not example.results
        return
    written = [(r.metric, r.target, r.actual) for r in retrospective.results]
    expected = [(row.metric, example.figure(row.target).value, example.figure(row.actual).value)
                for row in example.results]
    assert written == expected


# Example sections: every figure an example states is recorded in example-world.yml.
#
# The figure rule above checks a block only when it names a running example's keyword, and only in the units that
# example uses; a play whose example has no case (交車協調, 客訴升級, 原廠評鑑, 舊換新) or a new figure in a unit
# nobody used yet slipped through. Here every example section of a case or playbook is read in every unit:
# - a case: the whole page (its situation, steps, numbers, stances, options and meeting prep are the example);
# - a playbook: each paragraph that starts 「例：」 with the tables and list items right after it, up to the next
#   heading or paragraph, and its front matter's `options` (A/B/C are examples).
# Its numbers must be figures of the company (company.figures: the company's standing rules and the figures of
# plays that no case carries) or of the page's running examples: a case's own example, the examples a play's
# 「例：」 captions name, and the examples any of its example sections names. A day count that restates the calendar
# in the same block (「T-14 是活動前 14 天」) is no figure.

# The unit classes handbook/content/example_world.py reads (its NUMBER and UNIT_CLASS), all of them.
READ_UNITS = frozenset({"%", "台", "組", "天", "元", "分", "個月", "通"})
# Units it does not read: hours, minutes, kilometres, 萬元, working days, 個 (工位, 預約…).
MORE_NUMBER = re.compile(r"(?<![\w.\-−–+:])(?<!第 )(?<!第)(?P<value>\d[\d,]*)"
                         r"(?:\s*(?:–|~|～|到|至)\s*(?P<to>\d[\d,]*))?"
                         r"\s*(?P<unit>萬元|個?小時|分鐘|公里|個?工作天|個(?![月點百]))")
MORE_UNIT_CLASS = {"個小時": "小時", "工作天": "個工作天"}
CALENDAR_DAY = re.compile(r"[TD][-+−](\d+)")


def more_figures(block: str) -> list[Stated]:
    """The numbers of a block written in a unit the handbook's figure rule does not read; 萬元 as 元."""
    found = []
    for match in MORE_NUMBER.finditer(block):
        unit, value, to = match["unit"], match["value"].replace(",", ""), match["to"]
        to = to.replace(",", "") if to else None
        if unit == "萬元":
            unit, value, to = "元", str(int(value) * 10000), str(int(to) * 10000) if to else None
        found.append(Stated(f"{value}–{to}" if to else value, MORE_UNIT_CLASS.get(unit, unit)))
    return found


def all_figures(block: str) -> list[Stated]:
    """Every number of a block written with a unit, and the bare numbers of its table cells."""
    return [*stated_figures(block, set(READ_UNITS)), *more_figures(block)]


def front_matter(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """A page's lines split into its front matter (between the first two 「---」) and its body."""
    marks = [index for index, (_, line) in enumerate(lines) if line.strip() == "---"][:2]
    if len(marks) < 2 or marks[0] != 0:
        return [], lines
    return lines[1:marks[1]], lines[marks[1] + 1:]


def yaml_field(lines: list[tuple[int, str]], key: str) -> list[tuple[int, str]]:
    """The lines of a top-level YAML field (its key line and everything indented under it)."""
    found, inside = [], False
    for number, line in lines:
        if line and not line[0].isspace() and not line.startswith("-"):
            inside = line.startswith(f"{key}:")
        if inside:
            found.append((number, line))
    return found


def example_blocks(path: Path, text: str) -> list[Block]:
    """The blocks of a case or playbook that are examples (see above)."""
    head, body = front_matter(list(prose_lines(text)))
    if path.parts[0] == "cases":
        return [*blocks(head, False), *blocks(body, True)]
    found = list(blocks(yaml_field(head, "options"), False))
    in_example = False
    for block in blocks(body, True):
        text_ = block.text.lstrip()
        if text_.startswith("#"):
            in_example = False
        elif not (text_.startswith(("|", "- ", "* ")) or re.match(r"\d+\.\s", text_)):
            in_example = text_.startswith("例：")
        if in_example:
            found.append(block)
    return found


def page_examples(path: Path, text: str, world: ExampleWorld = WORLD) -> list:
    """The running examples a page is about: a case's own, or the ones a playbook's 「例：」 captions name (the
    examples its example sections name are added by example_section_problems)."""
    if path.parts[0] == "cases":
        return [example for example in world.examples.values() if example.case == path.stem]
    return [world.examples[ident] for ident in playbook_examples(text)]


def recorded(world: ExampleWorld, examples: list) -> dict[str, set[str]]:
    """Unit class → the figures' texts of the company and of examples; "" → every one of them."""
    known: dict[str, set[str]] = {"": set()}
    for figure in [*world.company.figures, *(figure for example in examples for figure in example.figures)]:
        known.setdefault(MORE_UNIT_CLASS.get(figure.unit, unit_class(figure.unit)), set()).add(figure.text)
        known[""].add(figure.text)
    return known


def example_section_problems(path: Path, text: str, world: ExampleWorld = WORLD) -> list[str]:
    """Every number of an example section that example-world.yml does not record, as 「path:line: message」."""
    sections = example_blocks(path, text)
    own = page_examples(path, text, world)
    own += [example for example in examples_mentioned(world, " ".join(f"{b.text} {b.context}" for b in sections))
            if example not in own]
    problems = []
    known = recorded(world, own)
    for block in sections:
        calendar = {match[1] for match in CALENDAR_DAY.finditer(block.text)}
        for stated in all_figures(block.text):
            if stated.unit == "天" and stated.text in calendar:
                continue  # 「T-14 是活動前 14 天」 explains the calendar; it is no figure
            if stated.text not in known.get(stated.unit, set()):
                where = "、".join(example.title for example in own) or "沒有案例的劇本"
                problems.append(f"{path}:{block.line}: 「{stated.text}{stated.unit}」不在 example-world.yml 裡"
                                f"（company.figures 或{where}的 figures）；請先把它加進檔案，或改用檔案裡的數字")
    return problems


def example_pages(root: Path = ROOT) -> list[Path]:
    """Every case and playbook, relative to root."""
    return sorted(p.relative_to(root) for folder in ("cases", "playbooks") for p in (root / folder).glob("*.md"))


@pytest.mark.parametrize("path", example_pages(), ids=str)
def test_every_figure_of_an_example_section_is_recorded(path: Path):
    assert example_section_problems(path, (ROOT / path).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("page, old, new, stray", [
    # a play whose example has no case and no keyword: company.figures
    ("playbooks/trade-in-appraisal.md", "| 鑑價單有效期限 | 7 天", "| 鑑價單有效期限 | 10 天", "10天"),
    ("playbooks/complaint-escalation.md", "折抵 1,000 元以內", "折抵 1,500 元以內", "1500元"),
    ("playbooks/trade-in-appraisal.md", "高 3 萬元", "高 4 萬元", "40000元"),
    ("playbooks/oem-audit-prep.md", "| CSI、SSI 改善計畫與追蹤 | 10 |", "| CSI、SSI 改善計畫與追蹤 | 12 |", "12"),
    # a new case's number section, in a unit the keyword rule does not read
    ("cases/service-festival.md", "每天 8 個小時", "每天 9 個小時", "9小時"),
    ("cases/service-festival.md", "扣掉已經約好的 10 台", "扣掉已經約好的 12 台", "12台"),
    # a play sharing a case's example
    ("playbooks/accessory-bundles.md", "| 3,000 元 |", "| 3,500 元 |", "3500元"),
])
def test_an_invented_figure_in_an_example_section_fails(page: str, old: str, new: str, stray: str):
    text = (ROOT / page).read_text(encoding="utf-8")
    assert old in text
    problems = example_section_problems(Path(page), text.replace(old, new, 1))
    assert len(problems) == 1 and f"「{stray}」不在 example-world.yml 裡" in problems[0], problems


def test_a_figure_outside_an_example_section_is_not_an_example():
    page = Path("playbooks/complaint-escalation.md")
    text = (ROOT / page).read_text(encoding="utf-8") + "\n## 補充\n\n消保法要求業者在 15 日內處理，最晚 30 天。\n"
    assert example_section_problems(page, text) == []


@pytest.mark.parametrize("block, stated", [
    ("每天 8 個小時，每小時 3 個工位，共 48 個預約", ["8小時", "3個", "48個"]),
    ("差額 3 萬元中 1 萬元核准；1 個工作天內鑑價，里程 500 公里以內", ["30000元", "10000元", "1個工作天", "500公里"]),
    ("清償要 3 到 5 個工作天，加裝 30 分鐘", ["3–5個工作天", "30分鐘"]),
    ("近 12 個月、第 2 個工位、T-21、09:30", []),
])
def test_the_more_units(block: str, stated: list[str]):
    assert [f"{s.text}{s.unit}" for s in more_figures(block)] == stated
