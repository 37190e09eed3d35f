"""Finding the example world on a page: the people it names and the running examples' figures it states.

Pure functions on text; tests/content/test_example_world.py holds every page to example-world.yml with them.

People. A person is named the way the handbook names people, a surname followed by a title (陳副理, 林主任,
王總經理); the title list is PERSON_TITLES, the surnames are Taiwan's common ones (SURNAMES). Words that merely end
in a surname character (對方主管 is not 方主管, 任何經理 is not 何經理) are listed in NOT_A_SURNAME. A given name
used as a person (謝謝客服部的美玲) is found where a department or a thank-you comes right before it and a pause
right after (GIVEN_NAME), minus words that are not names (大家, 同仁…).

Figures. A page is cut into blocks (a paragraph, a list item, a table row, one line of a YAML file). A block
that mentions a running example's keyword (續保, 庫存車…; a table row also counts the words of the line that
introduces its table) is about that example, and every number in it written with one of the example's units
(%, 個百分點, 台, 件, 組, 元, 天…) must be one of that example's figures in the same unit; a bare number in a table
cell must be one of its figures in any unit. Counting units are one unit (台 = 件 = 單 = 輛) and so are
percentages and points (% = 個百分點 = 個點), since pages say both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from handbook.content.models import PERSON_TITLES, ExampleWorld, RunningExample

SURNAMES = ("陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余趙盧梁顏柯孫"
            "魏翁戴范宋方鄧杜傅侯曹薛丁卓阮馬董溫唐藍蔣紀姚連馮歐程湯田康姜汪鄒尤巫涂龔嚴韓袁黎童陸夏柳邵"
            "錢伍倪譚駱熊任甘秦毛俞雷粘饒葛")
# Two-character words whose second character is a surname: 對方主管 names nobody.
NOT_A_SURNAME = frozenset({
    "對方", "雙方", "各方", "多方", "一方", "另方", "官方", "院方", "廠方", "店方", "甲方", "乙方", "資方", "勞方",
    "買方", "賣方", "地方", "後方", "前方", "原方", "三方", "四方", "校方", "警方", "處方", "藥方", "配方", "該方",
    "任何", "如何", "為何", "幾何", "奈何",
    "提高", "最高", "較高", "偏高", "很高", "太高", "更高", "拉高", "升高", "調高", "過高", "增高", "墊高",
    "主張", "一張", "兩張", "擴張", "緊張", "開張", "誇張", "每張",
    "森林", "樹林", "士林", "園林",
    "擔任", "兼任", "接任", "新任", "前任", "現任", "歷任", "繼任", "升任", "出任", "責任", "信任", "主任", "專任",
    "流程", "課程", "工程", "過程", "行程", "時程", "日程", "章程", "專程", "全程", "議程", "規程",
    "接連", "相連", "關連", "牽連",
    "價錢", "本錢", "賺錢", "花錢", "有錢", "省錢",
    "農田", "天田",
    "健康", "小康",
    "一毛", "羽毛",
    "傳真",
})
TITLE_ALTERNATION = "|".join(sorted(PERSON_TITLES, key=len, reverse=True))
PERSON = re.compile(f"(?P<surname>[{SURNAMES}])(?P<title>{TITLE_ALTERNATION})")
# The department written right before a name: 客服部 林主任, 客服部的林主任, 「customer-service: 林主任」 in YAML.
DEPARTMENT_BEFORE = re.compile(r"(?:(?P<department>[\u4e00-\u9fff]{1,4}部)(?:（[^）]*）)?\s*(?:的)?"
                               r"|(?P<ident>[a-z][a-z-]*):)\s*$")
ROW_DEPARTMENT = re.compile(r"^\s*\|\s*(?P<department>[\u4e00-\u9fff]{1,4}部)(?:（[^）]*）)?\s*\|")
GIVEN_NAME = re.compile(r"(?:(?:謝謝|感謝)(?:[\u4e00-\u9fff]{1,3}部的?)?|(?:請|找|交給|轉給|告訴|通知|問)[\u4e00-\u9fff]{1,3}部的)"
                        r"\s*(?P<name>[\u4e00-\u9fff]{2})(?=[，。、；！？」）]|\s*$|打|說|負責|幫)")
NOT_A_NAME = frozenset({
    "大家", "各位", "你們", "您們", "同仁", "同事", "主管", "夥伴", "窗口", "對方", "客人", "客戶", "顧問", "老闆",
    "經理", "主任", "副理", "專員", "組長", "店長", "幫忙", "支持", "支援", "配合", "協助", "參與", "付出", "辛苦",
    "大力", "自己", "我們", "他們", "她們", "負責", "決定", "確認", "回覆", "處理", "提供", "準備", "同意", "核准",
    "簽核", "說明", "出席", "參加", "回報", "人力", "預算", "名單", "素材", "費用", "資料", "報表", "目標", "方案",
    "工位", "技師", "經費", "這次", "上次", "下次", "每位", "一起", "先看", "再找", "排班", "代理", "團隊", "業績",
    "成員", "全體", "總經理",
})


@dataclass(frozen=True)
class Named:
    """A person named on a line: where, how (陳副理 or 美玲), and the department written right before, if any."""

    column: int
    name: str
    department: str | None = None
    given_name: bool = False


def department_before(line: str, at: int) -> str | None:
    """The department a line gives a name at column at: written right before it in the same table cell, else the
    first cell of its table row; a department's name (客服部) or, in YAML, its id (customer-service)."""
    cell_start = line.rfind("|", 0, at) + 1
    before = DEPARTMENT_BEFORE.search(line[cell_start:at])
    if before:
        return before["department"] or before["ident"]
    row = ROW_DEPARTMENT.match(line)
    return row["department"] if row and cell_start else None


def people_named(line: str) -> list[Named]:
    """Every person a line names: surname + title, or a given name used as a person."""
    found = []
    for match in PERSON.finditer(line):
        at = match.start()
        if at and line[at - 1:at + 1] in NOT_A_SURNAME:
            continue
        found.append(Named(at, match.group(), department_before(line, at)))
    for match in GIVEN_NAME.finditer(line):
        name = match["name"]
        if name in NOT_A_NAME or PERSON.fullmatch(name) or any(name.endswith(t) for t in PERSON_TITLES):
            continue
        found.append(Named(match.start("name"), name, given_name=True))
    return sorted(found, key=lambda named: named.column)


# Numbers: 80, 120,000, 5–8, 5 到 8, with the unit right after; not T-21, M1 or 第 1 個月 (days and ordinals).
NUMBER = re.compile(r"(?<![\w.\-−–+])(?<!第 )(?<!第)(?P<value>\d[\d,]*)(?:\s*(?:–|~|～|到|至|-)\s*(?P<to>\d[\d,]*))?"
                    r"\s*(?P<unit>個百分點|百分點|個點|%|％|台(?!幣)|輛|件|單(?![位元])|組|天|元|分(?!鐘|之)|個月|通)?")
BARE_CELL = re.compile(r"^\s*(?:約\s*)?[-−]?(?P<value>\d[\d,]*)\s*$")
UNIT_CLASS = {"個百分點": "%", "百分點": "%", "個點": "%", "％": "%", "輛": "台", "件": "台", "單": "台"}


def unit_class(unit: str) -> str:
    """Units pages use for the same figure are one: 件 = 台, 個百分點 = %."""
    return UNIT_CLASS.get(unit, unit)


def figure_text(value: str, to: str | None) -> str:
    """A number as the data file writes it: 120000, 5–8."""
    value = value.replace(",", "")
    return f"{value}–{to.replace(',', '')}" if to else value


@dataclass(frozen=True)
class Stated:
    """A number a block states: its text (80, 5–8) and unit class; unit "" for a bare number in a table cell."""

    text: str
    unit: str


def stated_figures(block: str, units: set[str]) -> list[Stated]:
    """The numbers of a block written with one of units (unit classes), and bare numbers in table cells."""
    found = []
    for match in NUMBER.finditer(block):
        unit = match["unit"]
        if unit and unit_class(unit) in units:
            found.append(Stated(figure_text(match["value"], match["to"]), unit_class(unit)))
    if block.lstrip().startswith("|"):
        for cell in block.strip().strip("|").split("|"):
            bare = BARE_CELL.match(cell)
            if bare:
                found.append(Stated(bare["value"].replace(",", ""), ""))
    return found


def known_figures(examples: Iterable[RunningExample]) -> dict[str, set[str]]:
    """Unit class → the figures' texts; "" → every figure's text."""
    known: dict[str, set[str]] = {"": set()}
    for example in examples:
        for figure in example.figures:
            known.setdefault(unit_class(figure.unit), set()).add(figure.text)
            known[""].add(figure.text)
    return known


def examples_mentioned(world: ExampleWorld, text: str) -> list[RunningExample]:
    """The running examples whose keywords a text mentions."""
    return [example for example in world.examples.values() if any(word in text for word in example.keywords)]


@dataclass(frozen=True)
class Block:
    """A unit of a page for the figure rule: its first line, its text, and the words it inherits (a table's
    caption)."""

    line: int
    text: str
    context: str = ""


def blocks(lines: Iterable[tuple[int, str]], markdown: bool) -> Iterator[Block]:
    """A page's blocks: paragraphs, list items and table rows in Markdown (a row inherits the paragraph before
    its table); every line in YAML."""
    if not markdown:
        yield from (Block(number, line) for number, line in lines if line.strip())
        return
    current: list[tuple[int, str]] = []
    caption = ""
    for number, line in [*lines, (0, "")]:
        stripped = line.strip()
        starts = stripped.startswith(("|", "- ", "* ", "#")) or bool(re.match(r"\d+\.\s", stripped))
        if current and (not stripped or starts or current[0][1].lstrip().startswith("|")):
            text = " ".join(part.strip() for _, part in current)
            row = text.startswith("|")
            yield Block(current[0][0], text, caption if row else "")
            caption = caption if row else text
            current = []
        if stripped:
            current.append((number, line))


def figure_problems(world: ExampleWorld, block: Block) -> list[str]:
    """The numbers of a block about a running example that are not that example's figures."""
    examples = examples_mentioned(world, block.text + " " + block.context)
    if not examples:
        return []
    known = known_figures(examples)
    units = {unit for unit in known if unit}
    names = "、".join(example.title for example in examples)
    return [f"「{stated.text}{stated.unit}」不是{names}在 example-world.yml 裡的數字"
            for stated in stated_figures(block.text, units) if stated.text not in known.get(stated.unit, set())]
