"""A new manager's whole project, in a real browser, on both editions: create a project of three departments, the
kickoff checklist with its event day prefilled, two meetings planned and saved into the project, the project
calendar with the plays' steps and the meetings (and its .ics, re-imported), the retrospective worksheet with two
fixes, archive, the binder as a PDF; then a second project that shares nothing with the first. And every project
view at 390 px: nothing clipped, no text squeezed under four characters a line."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import icalendar
import pytest

from conftest import ARTIFACTS, screenshot
from handbook.publish.edition import to_simplified
from test_checklists_browser import serious_violations
from project_pages import MEETING_STEPS, create_project

TODAY = dt.date.today()
D = TODAY + dt.timedelta(days=40)
EDITIONS = {"zh-Hant": "", "zh-Hans": "zh-Hans/"}
FIRST = {"name": "續保週末", "departments": ["sales", "auto-finance", "insurance"], "target": "續保率 70%",
         "people": {"sales": "小林", "insurance": "王主任"}}
SECOND = {"name": "庫存車促銷", "departments": ["sales", "accessories"], "target": "出清 30 台", "people": {}}


def words(edition: str, text: str) -> str:
    """text as the edition shows it."""
    return to_simplified(text) if edition == "zh-Hans" else text


def create(page, root: str, project: dict, day: dt.date) -> None:
    """Create a project on 我的專案 as a manager would (it opens on its own page), then name its people."""
    create_project(page, root, project["name"], project["departments"], day.isoformat(), project["target"])
    page.locator(".hb-project-title").wait_for()
    page.locator("#project-details").evaluate("element => { element.open = true; }")
    for department, person in project["people"].items():
        page.fill(f"input[name='person-{department}']", person)
    page.locator(".hb-project-edit button[type=submit]").click()
    page.wait_for_function("p => Object.keys(p).every(d => HandbookStore.currentProject().people[d] === p[d])",
                           arg=project["people"])


def plan(page, root: str, playbook: str) -> dict:
    """Open the planner on a playbook, save its meeting into the project; what the form held."""
    page.goto(root + f"tools/?playbook={playbook}#agenda")
    form = page.locator("form[data-tool='meeting']")
    form.locator(".hb-agenda__title").wait_for()
    held = {"date": form.locator("[name=date]").input_value(),
            "departments": form.locator("input[name=departments]:checked").evaluate_all("bs => bs.map(b => b.value)"),
            "prep": page.locator(".hb-prep > li > strong").all_inner_texts()}
    form.locator("[data-action=save]").click()
    page.wait_for_function("() => document.querySelector('form[data-tool=meeting] .hb-status').textContent !== ''")
    return held


def calendar_file(page) -> icalendar.Calendar:
    """Download the project calendar and parse it."""
    with page.expect_download() as info:
        page.locator("[data-action='calendar-ics']").click()
    assert info.value.suggested_filename.endswith(".ics")
    return icalendar.Calendar.from_ical(Path(info.value.path()).read_bytes())


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    """The calendar's events by UID (a UID twice would be a duplicate on import)."""
    found = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT"))
    return found


def fill_worksheet(page, root: str) -> None:
    """The retrospective worksheet on the tools page: a result and two fixes."""
    page.goto(root + "tools/#retrospective")
    sheet = page.locator("form.hb-worksheet")
    sheet.locator(".hb-actions").wait_for(state="visible")
    rows = sheet.locator(".hb-worksheet__results tr[data-row]")
    for name, value in (("metric", "續保率"), ("target", "70"), ("actual", "71"), ("unit", "%")):
        rows.nth(0).locator(f"input[name={name}]").fill(value)
    fixes = sheet.locator(".hb-worksheet__fixes tr[data-row]")
    for index, row in enumerate((("名單太晚給", "提前兩週拉名單", "小林", "2027-01-15"),
                                 ("電訪話術沒演練", "話術先演練一次", "王主任", ""))):
        if index:
            sheet.locator("[data-action=add-fix]").click()
        for name, value in zip(("issue", "measure", "owner", "due"), row):
            fixes.nth(index).locator(f"input[name={name}]").fill(value)


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_managers_project_from_creation_to_the_binder(page, base_url, edition):
    root = base_url + EDITIONS[edition]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())

    create(page, root, FIRST, D)
    assert words(edition, "下一步：開專案啟動會") in page.locator(".hb-next").inner_text()

    page.goto(root + "checklists/project-kickoff/")
    page.locator(".hb-toolbar").wait_for(state="visible")
    assert page.locator("[data-field-id='event-date']").input_value() == D.isoformat()  # typed once, in the project
    page.locator("[data-item-id='owners-named']").check()

    kickoff = plan(page, root, "project-kickoff")
    assert kickoff["departments"] == FIRST["departments"]  # the project's, not the play's seven
    assert kickoff["prep"] == [words(edition, n) for n in ("銷售部（小林）", "金融部", "保險部（王主任）")]
    assert kickoff["date"] < D.isoformat()
    options = plan(page, root, "options-abc")
    assert kickoff["date"] < options["date"] < D.isoformat()  # the plays' days, placed on this project's D

    page.goto(root + "projects/project/")
    calendar = page.locator("[aria-labelledby='project-calendar']")
    calendar.locator(".hb-calendar__week").first.wait_for()
    meetings = calendar.locator("[data-step^='meeting:'] time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert meetings == [kickoff["date"], options["date"]]
    first_step = calendar.locator("[data-step='project-kickoff:0'] time").get_attribute("datetime")
    assert first_step <= kickoff["date"]  # the kickoff play's first step, dated from D
    steps = calendar.locator("[data-step]").count()
    held = calendar.evaluate(MEETING_STEPS)
    assert held and all(dt.date.fromisoformat(step["day"]).weekday() < 5 for step in held), held  # never a weekend
    first_file = events(calendar_file(page))
    assert len(first_file) == steps
    assert all(uid.endswith("@collaboration-handbook") for uid in first_file)
    timed = sorted(e.decoded("DTSTART") for uid, e in first_file.items() if "-meeting-" in uid)
    assert [t.date().isoformat() for t in timed] == [kickoff["date"], options["date"]]  # meetings at their time
    assert all(type(e.decoded("DTSTART")) is dt.date for uid, e in first_file.items() if "-meeting-" not in uid)

    later = D + dt.timedelta(days=7)  # the event moves a week: a re-import updates the same events
    page.locator("#project-details").evaluate("element => { element.open = true; }")
    page.fill("#edit-eventDate", later.isoformat())
    page.locator(".hb-project-edit button[type=submit]").click()
    page.wait_for_function("d => HandbookStore.currentProject().eventDate === d", arg=later.isoformat())
    second_file = events(calendar_file(page))
    assert set(second_file) == set(first_file)
    moved = [uid for uid in first_file if "-meeting-" not in uid]  # the steps follow D; the meetings keep their day
    assert all(second_file[u].decoded("DTSTART") == first_file[u].decoded("DTSTART") + dt.timedelta(days=7)
               for u in moved)

    fill_worksheet(page, root)
    page.goto(root + "projects/project/")
    fixes = page.locator("[aria-labelledby='project-fixes']")
    fixes.locator(".hb-project-fixes").wait_for()
    assert fixes.locator("tbody th").all_inner_texts() == ["提前兩週拉名單", "話術先演練一次"]  # as typed, in any edition
    archive = page.locator("[data-action='archive']")
    assert archive.is_enabled()  # the worksheet is the project's retrospective
    archive.click()
    page.locator("[data-action='reopen']").wait_for()
    summary = page.locator(".hb-project-summary").inner_text()
    assert words(edition, "已結束") in summary and words(edition, "還有") not in summary  # no countdown
    assert "71%" in page.locator("[aria-labelledby='project-results']").inner_text()

    page.goto(root + "projects/binder/")
    page.locator(".hb-binder__cover").wait_for()
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / f"journey-binder-{edition}.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    typed = (FIRST["name"], later.isoformat(), FIRST["target"], "小林", "王主任", "提前兩週拉名單", "話術先演練一次",
             "續保率", kickoff["date"], options["date"])
    shown = ("專案總時程", "專案啟動檢核表", "會議議程", "合作總結")
    for expected in typed + tuple(words(edition, label) for label in shown):
        assert "".join(expected.split()) in compact, expected
    for absent in ("複審日期", "列印裝訂本"):
        assert words(edition, absent) not in text, absent
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "2", str(pdf),
                    str(ARTIFACTS / f"journey-binder-{edition}")], check=True)
    page.emulate_media(media="screen")

    create(page, root, SECOND, TODAY + dt.timedelta(days=60))  # the second project starts clean
    page.goto(root + "projects/project/")
    page.locator(".hb-project-title").wait_for()
    assert page.locator(".hb-project-meetings").count() == 0 and page.locator(".hb-project-fixes").count() == 0
    page.goto(root + "tools/#retrospective")
    sheet = page.locator("form.hb-worksheet")
    sheet.locator(".hb-actions").wait_for(state="visible")
    assert sheet.locator("input[name=project]").input_value() == SECOND["name"]
    assert sheet.locator(".hb-worksheet__fixes input[name=measure]").first.input_value() == ""
    page.goto(root + "checklists/project-kickoff/")
    page.locator(".hb-toolbar").wait_for(state="visible")
    assert not page.locator("[data-item-id='owners-named']").is_checked()
    first_id = page.evaluate("n => HandbookStore.projects().find(p => p.name === n).id", FIRST["name"])
    page.select_option("#hb-project-switch", first_id)
    page.wait_for_function("() => document.querySelector(\"[data-item-id='owners-named']\").checked")
    assert not errors


VIEWS = ["projects/", "projects/project/", "projects/binder/", "tools/", "playbooks/",
         "cases/new-insurance-partner/", "playbooks/countdown-timeline/"]
# A cell or item narrower than four characters whose text wraps: a column squeezed to a few characters a line.
SQUEEZED = """() => [...document.querySelectorAll('.md-content td, .md-content th, .md-content li, .md-content dd')]
    .filter(e => e.offsetParent !== null && e.textContent.trim().length >= 4)
    .filter(e => { const s = getComputedStyle(e); const size = parseFloat(s.fontSize);
                   const inner = e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
                   const range = document.createRange(); range.selectNodeContents(e);
                   const lines = new Set([...range.getClientRects()].map(r => Math.round(r.bottom))).size;
                   return inner > 0 && inner < 4 * size && lines > 1; })
    .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 12))"""


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_project_view_fits_a_phone(page, base_url, edition):
    root = base_url + EDITIONS[edition]
    create(page, root, FIRST, D)
    plan(page, root, "project-kickoff")
    fill_worksheet(page, root)
    page.set_viewport_size({"width": 390, "height": 844})
    for view in VIEWS:
        page.goto(root + view)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, view  # nothing off the side
        assert page.evaluate(SQUEEZED) == [], view
        for box in page.locator(".md-content .hb-scroll").all():  # a wide table scrolls in its own box, and says so
            assert box.evaluate("b => b.scrollWidth <= b.clientWidth + 1 || (b.tabIndex === 0 && "
                                "b.classList.contains('hb-scroll--more') && getComputedStyle(b, '::before').content !== 'none')"), view
        if page.locator(".hb-swimlane").count():  # the lanes become one list per department
            assert page.locator(".hb-swimlane").is_hidden() and page.locator(".hb-swimlane-list").is_visible(), view
        screenshot(page, f"phone-{edition}-{view.strip('/').replace('/', '-') or 'home'}")


@pytest.mark.parametrize("view", ["projects/", "projects/project/", "projects/binder/", "tools/"])
def test_project_views_with_a_full_project_have_no_serious_accessibility_violation(page, base_url, view):
    create(page, base_url, FIRST, D)
    plan(page, base_url, "project-kickoff")
    fill_worksheet(page, base_url)
    page.goto(base_url + view)
    page.wait_for_load_state("networkidle")
    assert not serious_violations(page)
