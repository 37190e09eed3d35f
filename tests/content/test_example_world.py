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
    blocks,
    examples_mentioned,
    figure_problems,
    people_named,
    stated_figures,
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
