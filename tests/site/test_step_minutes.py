"""One figure per step (issue 16): every built playbook page, in both editions, and the agenda files beside it
show each step with its own minutes: in the step list, the swimlane, the agenda (live steps, in order, each at
its own minutes) and the outside work (async steps). No page may show one step as both 10 and 12 minutes."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[2]
SLUGS = sorted(p.stem for p in (ROOT / "playbooks").glob("*.md"))

# Both editions: the Simplified one writes 分钟 and 会外工作.
STEP = re.compile(r'<li class="hb-step hb-step--(?:live|async|huddle)">.*?<span class="hb-step__text">(.*?)</span>\s*'
                  r'<span class="hb-step__meta">(\d+) 分[鐘钟]', re.S)
LANE = re.compile(r'<span class="hb-swimlane__step" role="rowheader">\d+(?:<small>[^<]*</small>)*?'
                  r'<small>(\d+) 分</small></span>(.*?)</div>', re.S)
AGENDA = re.compile(r'<table class="hb-agenda__table">.*?<tbody>(.*?)</tbody>', re.S)
ROW = re.compile(r"<tr><td>\d\d:\d\d</td><td>(\d+)</td><td>(.*?)</td>", re.S)
OUTSIDE = re.compile(r'<ul class="hb-agenda__outside">(.*?)</ul>', re.S)
WORK = re.compile(r"<li>(.*?)（(\d+) 分[鐘钟]，[^（）]*）</li>", re.S)
TEXT_ROW = re.compile(r"^\d\d:\d\d +(\d+) 分  (.*)（[^（）]*）$", re.M)
TEXT_WORK = re.compile(r"^・(.*)（(\d+) 分，[^（）]*）$", re.M)
MD_ROW = re.compile(r"^\| \d\d:\d\d \| (\d+) \| (.*) \| [^|]* \|$", re.M)
MD_WORK = re.compile(r"^- (.*)（(\d+) 分[鐘钟]，[^（）]*）$", re.M)
TEXT_OUTSIDE = re.compile(r"^[會会]外工作（[^）]*）：\n(.*?)(?:\n\n|\Z)", re.M | re.S)
MD_OUTSIDE = re.compile(r"^## [會会]外工作.*?\n\n(.*?)(?:\n\n|\Z)", re.M | re.S)


def shown(pattern: re.Pattern, text: str, minutes_first: bool = False) -> list[tuple[int, str]]:
    """(minutes, text) of every match, the text unescaped."""
    pairs = [(m.group(1), m.group(2)) if minutes_first else (m.group(2), m.group(1)) for m in pattern.finditer(text)]
    return [(int(minutes), html.unescape(words).strip()) for minutes, words in pairs]


def page_figures(page: str) -> dict[str, list[tuple[int, str]]]:
    """Where a playbook page shows steps with minutes: list, swimlane, agenda rows, outside work."""
    agenda, outside = AGENDA.search(page), OUTSIDE.search(page)
    return {"steps": shown(STEP, page),
            "swimlane": shown(LANE, page, minutes_first=True),
            "agenda": shown(ROW, agenda.group(1) if agenda else "", minutes_first=True),
            "outside": shown(WORK, outside.group(1) if outside else "")}


def file_figures(folder: Path) -> dict[str, list[tuple[int, str]]]:
    """The same in the agenda's plain-text and Markdown files beside the page."""
    [text] = [p.read_text(encoding="utf-8") for p in folder.glob("agenda-*.txt")]
    [markdown] = [p.read_text(encoding="utf-8") for p in folder.glob("agenda-*.md")]
    text_outside, md_outside = TEXT_OUTSIDE.search(text), MD_OUTSIDE.search(markdown)
    text_outside, md_outside = (found.group(1) if found else "" for found in (text_outside, md_outside))
    return {"text agenda": shown(TEXT_ROW, text, minutes_first=True), "text outside": shown(TEXT_WORK, text_outside),
            "markdown agenda": shown(MD_ROW, markdown, minutes_first=True), "markdown outside": shown(MD_WORK, md_outside)}


def expected(playbook) -> dict[str, list[int]]:
    """The minutes each place must show, in order: the steps' own."""
    every = [s.minutes for s in playbook.steps]
    live = [s.minutes for s in playbook.steps if s.mode == "live"]
    outside = [s.minutes for s in playbook.steps if s.mode == "async"]
    return {"steps": every, "swimlane": every, "agenda": live, "outside": outside, "text agenda": live,
            "text outside": outside, "markdown agenda": live, "markdown outside": outside}


def check_folder(playbook, folder: Path, traditional: bool) -> list[str]:
    """Every place where a step's minutes differ from the step's own, as readable lines."""
    figures = {**page_figures((folder / "index.html").read_text(encoding="utf-8")), **file_figures(folder)}
    texts = {"live": [s.text for s in playbook.steps if s.mode == "live"],
             "async": [s.text for s in playbook.steps if s.mode == "async"], "all": [s.text for s in playbook.steps]}
    problems = []
    for place, want in expected(playbook).items():
        have, rest = figures[place][:len(want)], figures[place][len(want):]
        if rest and not ("agenda" in place and len(rest) == 1 and rest[0][1].startswith(("決議", "决议"))):
            problems.append(f"{folder}: {place}: shows more than the steps: {rest}")  # only 決議與下一步 may follow
        if [m for m, _ in have] != want:
            problems.append(f"{folder}: {place}: {[m for m, _ in have]} ≠ the steps' {want}")
        if traditional:
            words = texts["all"] if place in ("steps", "swimlane") else \
                texts["live"] if "agenda" in place else texts["async"]
            problems += [f"{folder}: {place}: 「{w}」 is not step 「{t}」" for (_, w), t in zip(have, words)
                         if t not in w]
    return problems


@pytest.mark.parametrize("slug", SLUGS)
def test_every_step_shows_its_own_minutes_everywhere_on_its_page(site, handbook, slug):
    playbook = handbook.playbooks[slug]
    problems = check_folder(playbook, site / "playbooks" / slug, traditional=True)
    problems += check_folder(playbook, site / "zh-Hans" / "playbooks" / slug, traditional=False)
    assert problems == []


def test_the_checker_sees_a_step_shown_with_other_minutes(site, handbook, tmp_path):
    """The rule above is not vacuous: a page whose agenda shows one live step 2 minutes longer fails it."""
    playbook = handbook.playbooks["budget-approval"]
    folder = tmp_path / "budget-approval"
    folder.mkdir()
    for source in (site / "playbooks" / "budget-approval").iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    page = (folder / "index.html").read_text(encoding="utf-8")
    live = next(s for s in playbook.steps if s.mode == "live")
    row = f"<td>{live.minutes}</td><td>{html.escape(live.text, quote=False)}</td>"
    assert row in page
    (folder / "index.html").write_text(page.replace(row, row.replace(str(live.minutes), str(live.minutes + 2), 1)),
                                       encoding="utf-8")
    minutes = [s.minutes for s in playbook.steps if s.mode == "live"]
    assert check_folder(playbook, folder, traditional=True) == [
        f"{folder}: agenda: {[minutes[0] + 2, *minutes[1:]]} ≠ the steps' {minutes}"]
