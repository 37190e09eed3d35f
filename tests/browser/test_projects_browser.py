"""我的專案 in a real browser: projects kept apart, migration of today's answers, export/import, the binder on A4,
carried items, the project page, archive, sync between tabs, accessibility and screenshots."""

from __future__ import annotations

import datetime
import json
import subprocess
from pathlib import Path

import pytest

from conftest import ARTIFACTS, screenshot
from project_pages import MEETING_STEPS, create_project  # tests/project_pages.py (the sync tests use it too)
from test_checklists_browser import (box, checklist_ids, download, field, guarded_page, open_checklist, progress_text,
                                     serious_violations)

KICKOFF = "checklists/project-kickoff/"
RETRO = "checklists/project-retrospective/"
TODAY = datetime.date.today()


# ---------- helpers ----------

def current(page) -> dict:
    """The current project."""
    return page.evaluate("() => HandbookStore.currentProject()")


def meeting(date: str, title: str, start: str = "", **more) -> dict:
    """A meeting as the planner saves it into the project."""
    return {"id": f"m-{date}-{start}", "title": title, "date": date, "start": start, **more}


def save(page, key: str, value) -> None:
    """Save a value in the current project, as the planner or the retrospective worksheet does."""
    assert page.evaluate("([k, v]) => HandbookStore.save(k, v)", [key, value]) is True


def tick_all(page, name: str, answer_fields: bool = True) -> None:
    """Save every item of a checklist as ticked in the current project, and every field answered unless told not."""
    fields = {f: {"value": "1", "label": f} for f in checklist_ids(name, "fields")} if answer_fields else {}
    save(page, f"checklist:{name}", {"items": {i: {"label": i} for i in checklist_ids(name)}, "fields": fields})


def expect_status(page, text: str) -> None:
    """Wait until the project view's status line contains text."""
    page.wait_for_function(
        "t => [...document.querySelectorAll('.hb-projects > .hb-message')].some(m => !m.hidden && m.textContent.includes(t))",
        arg=text)


def pdf_text(path: Path) -> str:
    """The text of a PDF, in reading order (poppler is installed with the browser in CI)."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


# ---------- two projects ----------

def test_two_projects_filled_differently_stay_apart_through_reloads_and_switches(page, base_url):
    create_project(page, base_url, "春季車展", ["sales", "marketing"], "2027-03-20", "集客 500 組")
    open_checklist(page, base_url, KICKOFF)
    box(page, "owners-named").check()
    field(page, "initiator").fill("王小明")
    save(page, "meetings", {"items": [meeting("2027-03-01", "春季啟動會")]})

    create_project(page, base_url, "年終續保", ["insurance"], "2026-12-20", "續保率 20%")
    open_checklist(page, base_url, KICKOFF)
    assert progress_text(page) == "完成 1 / 28" and field(page, "initiator").input_value() == ""  # 1: its event day
    assert page.evaluate("() => HandbookStore.load('meetings')") is None
    box(page, "one-platform").check()
    box(page, "face-to-face-time").check()
    field(page, "initiator").fill("林美華")
    page.reload()
    page.locator(".hb-toolbar").wait_for(state="visible")
    assert page.locator("#hb-project-switch option:checked").inner_text() == "年終續保"
    assert progress_text(page) == "完成 4 / 28" and field(page, "initiator").input_value() == "林美華"

    page.select_option("#hb-project-switch", label="春季車展")  # the page follows without a reload
    page.wait_for_function("() => document.querySelector(\"[data-field-id='initiator']\").value === '王小明'")
    assert box(page, "owners-named").is_checked() and not box(page, "one-platform").is_checked()
    assert progress_text(page) == "完成 3 / 28"
    page.reload()
    page.locator(".hb-toolbar").wait_for(state="visible")
    assert current(page)["name"] == "春季車展" and field(page, "initiator").input_value() == "王小明"
    assert page.evaluate("() => HandbookStore.load('meetings')")["items"][0]["title"] == "春季啟動會"

    page.goto(base_url + "progress/")
    cell = page.locator("tr[data-progress-for='project-kickoff'] .hb-progress-cell")
    assert cell.inner_text() == "完成 3 / 28"
    page.select_option("#hb-project-switch", label="年終續保")
    page.wait_for_function("() => document.querySelector(\"tr[data-progress-for='project-kickoff'] .hb-progress-cell\")"
                           ".textContent === '完成 4 / 28'")


def test_the_project_switch_works_from_the_keyboard(page, base_url):
    create_project(page, base_url, "甲專案")
    create_project(page, base_url, "乙專案")
    open_checklist(page, base_url, KICKOFF)
    for _ in range(40):  # Tab from the top of the page: the switch comes right after the header
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "hb-project-switch":
            break
    else:
        pytest.fail("Tab never reached the project switch")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") not in ("none", "")
    target = "ArrowDown" if page.locator("#hb-project-switch option").first.inner_text() == "乙專案" else "ArrowUp"
    page.keyboard.press(target)
    page.wait_for_function("() => HandbookStore.currentProject().name === '甲專案'")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "專案頁"


def test_a_project_switch_in_one_tab_reaches_the_other(page, base_url):
    create_project(page, base_url, "甲專案")
    create_project(page, base_url, "乙專案")
    other = page.context.new_page()
    open_checklist(other, base_url, KICKOFF)
    box(other, "owners-named").check()  # saved in 乙專案
    open_checklist(page, base_url, KICKOFF)
    assert box(page, "owners-named").is_checked()
    page.select_option("#hb-project-switch", label="甲專案")
    other.wait_for_function("() => document.querySelector('#hb-project-switch option:checked').textContent === '甲專案'")
    other.wait_for_function("() => !document.querySelector(\"[data-item-id='owners-named']\").checked")
    other.close()


# ---------- migration of earlier versions ----------

VERSION_1 = {
    "handbook:checklist:project-kickoff": json.dumps({
        "version": 1, "checklist": "project-kickoff", "updated": "2026-03-01T08:00:00.000Z",
        "items": {"owners-named": True, "departments-listed": True, "no-longer-there": True},
        "fields": {"initiator": "王小明", "platform-name": "工作群 263\n緊急時改打電話"}}),
    "handbook:checklist:sales-interests": json.dumps({
        "version": 1, "checklist": "sales-interests", "updated": "2026-03-02T08:00:00.000Z",
        "items": {checklist_ids("sales-interests")[0]: True}, "fields": {}}),
    "handbook:checklist:target-setting": "{oops",
    "handbook:checklist:project-kickoff:corrupt:2026-01-01T00:00:00.000Z": "moved aside earlier",
    "handbook:v1:planner:kickoff": json.dumps({"date": "2026-12-01", "title": "啟動會"}),
    "handbook:v1:retro:main": json.dumps({"carry": ["提前確認贈品庫存"]}),
}


def seed(page, base_url: str, values: dict[str, str]) -> None:
    """Put values in an empty localStorage from a page that runs no handbook script."""
    page.goto(base_url + "assets/projects.css")
    page.evaluate("values => { localStorage.clear(); for (const [k, v] of Object.entries(values)) localStorage.setItem(k, v); }",
                  values)


def test_version_1_answers_move_into_a_named_project_without_loss(page, base_url):
    seed(page, base_url, VERSION_1)
    open_checklist(page, base_url, KICKOFF)
    assert [p["name"] for p in page.evaluate("() => HandbookStore.projects()")] == ["未命名專案"]
    alert = page.locator(".hb-project-bar__alert")
    assert alert.is_visible() and "已經放進專案「未命名專案」" in alert.inner_text()  # said once
    assert box(page, "owners-named").is_checked() and box(page, "departments-listed").is_checked()
    assert field(page, "initiator").input_value() == "王小明"
    assert field(page, "platform-name").input_value() == "工作群 263\n緊急時改打電話"
    assert progress_text(page) == "完成 4 / 28"
    assert page.locator(".hb-retired li").all_inner_texts() == ["已勾選：（舊代號 no-longer-there）"]
    entry = page.evaluate("() => HandbookStore.entry('checklist:project-kickoff')")
    assert entry["updated"] == "2026-03-01T08:00:00.000Z"
    meetings = page.evaluate("() => HandbookStore.load('meetings')")["items"]
    assert [(m["date"], m["title"]) for m in meetings] == [("2026-12-01", "啟動會")]
    assert page.evaluate("() => HandbookStore.load('retro:main')") == {"carry": ["提前確認贈品庫存"]}
    left = page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('handbook:') && !k.startsWith('handbook:v3:'))")
    assert sorted(left) == ["handbook:checklist:project-kickoff:corrupt:2026-01-01T00:00:00.000Z"]
    page.reload()
    page.locator(".hb-toolbar").wait_for(state="visible")
    assert alert.is_hidden()  # only once

    page.goto(base_url + "progress/")
    assert page.locator("tr[data-progress-for='sales-interests'] .hb-progress-cell").inner_text().startswith("完成 1 / ")
    open_checklist(page, base_url, "checklists/target-setting/")  # the unreadable value is set aside, not lost
    page.locator(".hb-message").wait_for(state="visible")
    assert "無法讀取" in page.locator(".hb-message").inner_text()
    aside = page.evaluate("() => Object.keys(localStorage).filter(k => k.includes('target-setting:corrupt:'))")
    assert len(aside) == 1 and page.evaluate("k => localStorage.getItem(k)", aside[0]) == "{oops"


def v2(value) -> str:
    """A version 2 entry's stored text."""
    return json.dumps({"version": 2, "updated": "2026-11-01T08:00:00.000Z", "value": value})


PHANTOM = {"id": "pfirst", "name": "我的第一個專案", "departments": [], "eventDate": "", "target": "", "archived": False,
           "created": "2026-10-01T00:00:00.000Z", "from": None, "carried": []}
SPRING = {"id": "pspring", "name": "春季車展", "departments": ["sales", "finance"], "eventDate": "2027-03-20",
          "target": "集客 500 組", "archived": False, "created": "2026-10-02T00:00:00.000Z", "from": None, "carried": []}
VERSION_2 = {
    "handbook:v2:projects": json.dumps({"version": 2, "current": "pspring", "projects": [PHANTOM, SPRING]}),
    "handbook:v2:p:pspring:checklist:project-kickoff": v2({"items": {"owners-named": {"label": "x"}},
                                                           "fields": {"initiator": {"value": "王小明", "label": "發起人"}}}),
    "handbook:v2:p:pspring:tools:retrospective": v2({"project": "春季車展", "thanks": "感謝售後", "results": [],
                                                     "fixes": [{"issue": "名單太晚", "measure": "提前兩週拉名單",
                                                                "owner": "小林", "due": "2027-01-15"}], "carry": ""}),
    "handbook:v2:p:pspring:fixes": v2([{"text": "理賠說明卡", "owner": "張主任", "due": "2027-02-01", "done": True}]),
    "handbook:v2:p:pspring:planner:kickoff": v2({"date": "2027-02-10", "start": "09:30", "title": "春季啟動會",
                                                 "agenda": [{"title": "確認負責人", "minutes": 15}]}),
    "handbook:v2:p:pspring:tools:matrix": v2({"departments": ["sales"], "owners": {"sales": "小林"}}),
    "handbook:v2:p:pspring:checklist:target-setting": "{oops",
    "handbook:v2:p:pspring:checklist:sales-interests:corrupt:2026-11-01T00:00:00.000Z": "set aside earlier",
}


def test_version_2_projects_become_version_3_records_with_every_answer_kept(page, base_url):
    seed(page, base_url, VERSION_2)
    page.goto(base_url + "projects/project/")
    page.locator(".hb-project-title").wait_for()
    assert [p["name"] for p in page.evaluate("() => HandbookStore.projects()")] == ["春季車展"]  # no blank first project
    assert current(page)["eventDate"] == "2027-03-20" and current(page)["people"] == {}
    retrospective = page.evaluate("() => HandbookStore.load('retrospective')")
    assert retrospective["thanks"] == "感謝售後"
    assert [(f["measure"], f["owner"], f.get("done", False)) for f in retrospective["fixes"]] == [
        ("提前兩週拉名單", "小林", False), ("理賠說明卡", "張主任", True)]  # the page's own fix joined the worksheet's
    assert page.evaluate("() => HandbookStore.load('interests')") == {"departments": ["sales"], "owners": {"sales": "小林"}}
    assert page.evaluate("() => HandbookStore.load('meetings')")["items"][0]["title"] == "春季啟動會"
    assert page.evaluate("() => HandbookStore.entry('checklist:target-setting')") == {"corrupt": True, "raw": "{oops"}
    keys = page.evaluate("() => Object.keys(localStorage).sort()")
    assert not [k for k in keys if k.startswith("handbook:v2:")]  # moved, not copied
    assert "handbook:v3:p:pspring:checklist:sales-interests:corrupt:2026-11-01T00:00:00.000Z" in keys
    project = page.locator("[data-project-page]")
    assert "提前兩週拉名單" in project.inner_text() and "理賠說明卡" in project.inner_text()
    assert "春季啟動會" in project.locator(".hb-project-meetings").inner_text()
    open_checklist(page, base_url, KICKOFF)
    assert box(page, "owners-named").is_checked() and field(page, "initiator").input_value() == "王小明"
    assert field(page, "event-date").input_value() == "2027-03-20"  # the project's own date


def test_a_version_2_blank_first_project_with_answers_is_named_after_them(page, base_url):
    seed(page, base_url, {"handbook:v2:projects": json.dumps({"version": 2, "current": "pfirst", "projects": [PHANTOM]}),
                          "handbook:v2:p:pfirst:checklist:project-kickoff": v2({"items": {}, "fields": {
                              "project-goal": {"value": "年終續保衝刺\n第二行", "label": "專案目的"}}})})
    open_checklist(page, base_url, KICKOFF)
    assert [p["name"] for p in page.evaluate("() => HandbookStore.projects()")] == ["年終續保衝刺"]
    assert field(page, "project-goal").input_value() == "年終續保衝刺\n第二行"


def test_a_first_visit_makes_no_project_and_the_tools_still_save(page, base_url):
    open_checklist(page, base_url, KICKOFF)
    assert page.evaluate("() => HandbookStore.projects()") == [] and current(page) is None
    assert "還沒有專案" in page.locator(".hb-project-bar").inner_text()
    box(page, "owners-named").check()
    page.reload()
    page.locator(".hb-toolbar").wait_for(state="visible")
    assert box(page, "owners-named").is_checked()  # kept without a project
    page.goto(base_url + "projects/")
    page.locator("[data-project-adopt]").wait_for(state="visible")
    page.fill("#project-name", "第一個真的專案")
    page.get_by_role("button", name="建立專案").click()
    page.wait_for_url("**/projects/project/")
    page.locator(".hb-next").wait_for()
    assert "已建立「第一個真的專案」" in page.locator(".hb-next").inner_text()
    assert page.locator("tr[data-checklist='project-kickoff'] .hb-project-progress").inner_text().startswith("完成 1 /")


def test_a_version_1_value_written_after_the_migration_is_left_where_it_is(page, base_url):
    create_project(page, base_url, "甲專案")
    save(page, "meetings", {"items": [meeting("2027-01-04", "新的")]})
    page.evaluate("() => localStorage.setItem('handbook:v1:planner:kickoff', '{\"date\": \"2026-01-01\"}')")
    open_checklist(page, base_url, KICKOFF)
    assert page.evaluate("() => HandbookStore.load('meetings')")["items"][0]["title"] == "新的"
    left = page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('handbook:v1:'))")
    assert left == ["handbook:v1:planner:kickoff"]  # kept where it was, not lost, never over an answer


def test_data_from_a_newer_handbook_is_not_overwritten(page, base_url):
    newer = json.dumps({"version": 4, "current": "x", "projects": [{"id": "x", "name": "新版專案"}]})
    seed(page, base_url, {"handbook:v3:projects": newer})
    open_checklist(page, base_url, KICKOFF)
    alert = page.locator(".hb-project-bar__alert")
    assert alert.is_visible() and "較新版" in alert.inner_text()  # said on arrival, before any save
    assert box(page, "owners-named").is_disabled()
    assert "較新版的手冊存的" in page.locator(".hb-message").inner_text()
    assert page.evaluate("() => HandbookStore.save('checklist:project-kickoff', {items: {}, fields: {}})") is False
    assert page.evaluate("() => localStorage.getItem('handbook:v3:projects')") == newer


# ---------- export and import ----------

def fill_project(page, base_url: str) -> None:
    """A project with answers in two checklists, a planned meeting, a worksheet and a fix."""
    create_project(page, base_url, "春季車展", ["sales", "finance"], "2027-03-20", "集客 500 組")
    open_checklist(page, base_url, KICKOFF)
    box(page, "owners-named").check()
    field(page, "initiator").fill("王小明")
    field(page, "project-goal").fill("車展集客\n第二行")
    open_checklist(page, base_url, RETRO)
    field(page, "best-practice").fill("每週一次面對面")
    save(page, "meetings", {"items": [meeting("2027-03-01", "春季啟動會", "09:30", end="10:30", minutes=60,
                                              items=[{"start": "09:30", "minutes": 15, "title": "確認負責人",
                                                      "owner": "sales"}])]})
    save(page, "retrospective", {"project": "春季車展", "carry": "提前兩週確認贈品庫存", "results": [], "fixes": []})


def test_export_then_import_into_a_fresh_browser_gives_the_same_state(page, browser, base_url, tmp_path):
    fill_project(page, base_url)
    page.goto(base_url + "projects/project/")
    name, text = download(page, "export-project")
    assert name.endswith(".json")
    exported = json.loads(text)
    assert exported["format"] == "handbook-project" and exported["version"] == 3
    assert name.startswith("春季車展-專案-")
    assert set(exported["entries"]) == {"checklist:project-kickoff", "checklist:project-retrospective",
                                        "meetings", "retrospective"}
    path = tmp_path / "project.json"
    path.write_text(text, encoding="utf-8")

    with guarded_page(browser, base_url) as fresh:
        fresh.goto(base_url + "projects/")
        fresh.locator("[data-action='import-project']").set_input_files(str(path))
        expect_status(fresh, "已匯入專案「春季車展」")
        again = fresh.evaluate("() => HandbookStore.exportProject()")
        assert again["project"] == exported["project"] and again["entries"] == exported["entries"]
        open_checklist(fresh, base_url, KICKOFF)
        assert box(fresh, "owners-named").is_checked()
        assert field(fresh, "project-goal").input_value() == "車展集客\n第二行"
        assert fresh.locator("#hb-project-switch option:checked").inner_text() == "春季車展"


BAD_PROJECT_FILES = {
    "newer": ({"format": "handbook-project", "version": 4, "project": {}, "entries": {}}, "較新版的手冊"),
    "older": ({"format": "handbook-project", "version": 1, "project": {}, "entries": {}}, "太舊"),
    "one-checklist": ({"version": 1, "checklist": "project-kickoff", "items": {}, "fields": {}}, "單一檢核表"),
    "not-ours": ({"hello": "world"}, "不是手冊的專案匯出檔"),
    "too-big": ({"format": "handbook-project", "version": 3, "project": {"name": "x" * 1_100_000}, "entries": {}},
                "檔案太大"),
}


@pytest.mark.parametrize("case", BAD_PROJECT_FILES)
def test_a_project_file_from_another_version_is_explained_and_changes_nothing(page, base_url, case):
    data, wording = BAD_PROJECT_FILES[case]
    page.goto(base_url + "projects/")
    before = page.evaluate("() => HandbookStore.projects()")
    page.locator("[data-action='import-project']").set_input_files(
        {"name": "project.json", "mimeType": "application/json", "buffer": json.dumps(data).encode()})
    expect_status(page, "匯入失敗")
    assert wording in page.locator(".hb-projects > .hb-message").inner_text()
    assert page.evaluate("() => HandbookStore.projects()") == before


def test_a_version_2_project_file_is_imported_as_its_version_3_record(page, base_url):
    data = {"format": "handbook-project", "version": 2, "exported": "2026-11-01T08:00:00.000Z", "project": SPRING,
            "entries": {"tools:retrospective": {"updated": None, "value": {"project": "春季車展", "thanks": "謝謝"}},
                        "fixes": {"updated": None, "value": [{"text": "理賠說明卡", "owner": "張主任", "due": ""}]},
                        "planner:kickoff": {"updated": None, "value": {"date": "2027-02-10", "title": "啟動會"}}}}
    page.goto(base_url + "projects/")
    page.locator("[data-action='import-project']").set_input_files(
        {"name": "project.json", "mimeType": "application/json", "buffer": json.dumps(data).encode()})
    expect_status(page, "已匯入專案「春季車展」")
    retrospective = page.evaluate("() => HandbookStore.load('retrospective')")
    assert retrospective["thanks"] == "謝謝" and retrospective["fixes"][0]["measure"] == "理賠說明卡"
    assert page.evaluate("() => HandbookStore.load('meetings')")["items"][0]["date"] == "2027-02-10"


def test_a_project_import_that_cannot_be_saved_changes_nothing(page, base_url):
    fill_project(page, base_url)
    exported = page.evaluate("() => HandbookStore.exportProject()")
    page.goto(base_url + "projects/")
    before = page.evaluate("() => [HandbookStore.projects(), Object.keys(localStorage).sort()]")
    page.evaluate("""() => { let writes = 0; const real = Storage.prototype.setItem;
        Storage.prototype.setItem = function (k, v) {   // room for two more values, then the storage is full
            if (++writes > 2) throw new DOMException("full", "QuotaExceededError");
            return real.call(this, k, v); }; }""")
    page.locator("[data-action='import-project']").set_input_files(
        {"name": "project.json", "mimeType": "application/json", "buffer": json.dumps(exported).encode()})
    expect_status(page, "匯入失敗")
    assert "存不下" in page.locator(".hb-projects > .hb-message").inner_text()
    assert page.evaluate("() => [HandbookStore.projects(), Object.keys(localStorage).sort()]") == before


# ---------- carried items, project page, archive ----------

def test_carried_items_arrive_in_the_next_kickoff(page, base_url):
    fill_project(page, base_url)
    open_checklist(page, base_url, RETRO)
    field(page, "improvement-measure").fill("報表格式統一")
    field(page, "measure-owner").fill("陳經理")
    field(page, "measure-due").fill("2027-04-30")
    page.goto(base_url + "projects/")
    row = page.locator("tr[data-project]", has_text="春季車展")
    row.get_by_role("button", name="以這個專案開新專案").click()
    assert "會帶入 3 件" in page.locator("[data-project-from]").inner_text()
    assert page.locator("input[name=departments][value=finance]").is_checked()
    page.fill("#project-name", "秋季車展")
    page.get_by_role("button", name="建立專案").click()
    page.wait_for_url("**/projects/project/")
    page.locator("[aria-labelledby=project-carried]").wait_for()
    assert page.locator(".hb-carried-list li").count() == 3

    open_checklist(page, base_url, KICKOFF)
    carried = page.locator(".hb-carried")
    assert "上一個專案帶過來的事項" in carried.inner_text() and "從「春季車展」帶過來" in carried.inner_text()
    assert carried.locator("li").all_inner_texts() == ["提前兩週確認贈品庫存", "每週一次面對面",
                                                       "未完成的改進：報表格式統一（陳經理）"]
    assert progress_text(page) == "完成 0 / 28"  # a new project starts blank
    screenshot(page, "projects-carried-kickoff")
    page.select_option("#hb-project-switch", label="春季車展")
    carried.wait_for(state="detached")


def test_the_project_page_shows_stage_meetings_fixes_and_countdown(page, base_url):
    event = (TODAY + datetime.timedelta(days=10)).isoformat()
    create_project(page, base_url, "年終續保", ["insurance", "sales"], event, "續保率 20%")
    save(page, "meetings", {"items": [meeting("2026-01-05", "定期面對面"), meeting(event, "總結會", "14:00"),
                                      meeting("2026-01-02", "續保啟動會")]})
    page.goto(base_url + "projects/project/")
    project = page.locator("[data-project-page]")
    assert "年終續保" in project.locator(".hb-project-title").inner_text()
    assert f"{event}（距離活動日還有 10 天）" in project.inner_text()
    assert "銷售部、保險部" in project.inner_text()  # in the handbook's department order
    assert project.locator(".hb-stage--current").inner_text().startswith("啟動")
    meetings = project.locator(".hb-project-meetings li").evaluate_all(
        "items => items.map(li => li.firstChild.getAttribute('datetime') + ' ' + li.childNodes[1].textContent)")
    assert meetings == ["2026-01-02  續保啟動會（已開）", "2026-01-05  定期面對面（已開）", f"{event}  總結會"]
    rows = project.locator(".hb-project-checklists tr[data-checklist]")
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.checklist)")[-2:] == ["sales-interests", "insurance-interests"]

    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    page.fill("#fix-measure", "理賠流程說明卡")
    page.fill("#fix-owner", "客服部 張主任")
    page.fill("#fix-due", yesterday)
    page.get_by_role("button", name="新增改進事項").click()
    overdue = page.locator("tr.hb-overdue")
    overdue.wait_for()
    assert overdue.locator(".hb-fix-status").inner_text() == "逾期 1 天"
    assert page.locator(".hb-fix-summary").inner_text() == "共 1 項改進事項，1 項逾期。"
    screenshot(page, "projects-page-overdue")
    page.get_by_role("checkbox", name="「理賠流程說明卡」已完成").check()
    page.wait_for_function("() => document.querySelector('.hb-fix-summary').textContent === '共 1 項改進事項，沒有逾期。'")
    assert page.evaluate("() => HandbookStore.load('retrospective').fixes[0].done") is True  # the worksheet's own fix
    assert page.locator(".hb-fix-status").inner_text() == "完成"

    for name in ("project-kickoff", "communication-charter"):
        tick_all(page, name, answer_fields=False)
    page.reload()
    assert page.locator(".hb-stage--current").inner_text().startswith("啟動")  # ticked, but the fields are empty
    # ticked, and the event day counts once the project has one: the field shows the project's date
    assert page.locator("tr[data-checklist='project-kickoff'] .hb-project-progress").inner_text() == "完成 18 / 28"
    for name in ("project-kickoff", "communication-charter"):
        tick_all(page, name)
    page.reload()
    assert page.locator(".hb-stage--current").inner_text().startswith("規劃")
    planning = page.evaluate("""() => fetch(document.querySelector('[data-project-src]').dataset.projectSrc)
        .then(r => r.json()).then(d => d.checklists.filter(c => c.phase && c.stage === '規劃').map(c => c.id))""")
    assert {"options-agreement", "target-setting"} <= set(planning)
    for name in planning:
        tick_all(page, name)
    page.reload()
    assert page.locator(".hb-stage--current").inner_text().startswith("執行")
    assert page.locator("tr[data-checklist='project-kickoff'] .hb-project-progress").inner_text() == "完成 28 / 28"


def test_a_meeting_step_that_would_fall_on_a_weekend_moves_to_the_nearest_working_day(page, base_url):
    """The event on a Sunday puts T-29 on a Saturday: the calendar holds that meeting on the Friday before and says
    so; every meeting step is on a weekday, at most two days from its T-n."""
    sunday = datetime.date(2027, 3, 21)
    create_project(page, base_url, "週日試乘會", ["sales", "marketing"], sunday.isoformat(), "試乘 60 組")
    calendar = page.locator("[aria-labelledby='project-calendar']")
    calendar.locator(".hb-calendar__week").first.wait_for()
    shown = calendar.evaluate(MEETING_STEPS)
    assert shown
    moved = []
    for step in shown:
        when, day, who = step["when"], step["day"], step["who"]
        held, planned = datetime.date.fromisoformat(day), sunday + datetime.timedelta(days=int(when[1:]))
        assert held.weekday() < 5 and 0 <= abs((held - planned).days) <= 2 and (held < sunday) == (planned < sunday), \
            (when, day)
        if held != planned:
            moved.append(when)
            assert ("遇週末，會議提前到週五" if held < planned else "遇週末，會議延到週一") in who, who
    assert "T-29" in moved, shown  # the interest meeting, on the Saturday before


def test_archive_after_the_retrospective_makes_the_project_read_only_until_reopened(page, base_url):
    create_project(page, base_url, "春季車展")
    page.goto(base_url + "projects/project/")
    archive = page.locator("[data-action='archive']")
    assert archive.is_disabled() and "總結會" in page.locator(".hb-project-buttons .hb-hint").inner_text()
    open_checklist(page, base_url, RETRO)
    field(page, "host").fill("王小明")
    page.goto(base_url + "projects/project/")
    assert page.locator(".hb-stage--current").inner_text().startswith("收尾")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-action='archive']").click()
    page.locator("[data-action='reopen']").wait_for()
    assert page.locator(".hb-project-bar__archived").is_visible()

    open_checklist(page, base_url, KICKOFF)
    assert box(page, "owners-named").is_disabled() and field(page, "initiator").is_disabled()
    assert "已封存" in page.locator(".hb-message").inner_text()
    assert page.evaluate("() => HandbookStore.save('checklist:project-kickoff', {items: {}, fields: {}})") is False
    page.goto(base_url + "projects/project/")
    page.locator("[data-action='reopen']").click()
    open_checklist(page, base_url, KICKOFF)
    assert box(page, "owners-named").is_enabled()
    box(page, "owners-named").check()
    assert progress_text(page) == "完成 1 / 28"


def test_project_details_can_be_changed_and_a_project_deleted_with_its_answers(page, base_url):
    create_project(page, base_url, "甲專案")
    create_project(page, base_url, "乙專案", ["sales"])
    open_checklist(page, base_url, KICKOFF)
    box(page, "owners-named").check()
    project_id = current(page)["id"]
    page.goto(base_url + "projects/project/")
    page.locator("#project-details").evaluate("details => { details.open = true; }")  # open (a dateless project opens it)
    page.fill("#edit-name", "乙專案（改名）")
    page.check("#edit-name >> xpath=ancestor::form//input[@value='finance']")
    page.fill("#edit-eventDate", "2027-05-01")
    page.get_by_role("button", name="儲存專案資料").click()
    page.wait_for_function("() => document.querySelector('.hb-project-title').textContent === '乙專案（改名）'")
    assert current(page)["departments"] == ["sales", "finance"] and current(page)["eventDate"] == "2027-05-01"
    assert page.locator("#hb-project-switch option:checked").inner_text() == "乙專案（改名）"

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-action='delete-project']").click()
    page.wait_for_function("() => HandbookStore.currentProject().name !== '乙專案（改名）'")
    assert "乙專案（改名）" not in [p["name"] for p in page.evaluate("() => HandbookStore.projects()")]
    assert page.evaluate("id => Object.keys(localStorage).filter(k => k.includes(':p:' + id + ':'))", project_id) == []
    open_checklist(page, base_url, KICKOFF)
    assert not box(page, "owners-named").is_checked()


# ---------- binder, accessibility, screenshots ----------

def test_the_binder_prints_on_a4_with_every_record(page, base_url):
    fill_project(page, base_url)
    page.goto(base_url + "projects/binder/")
    binder = page.locator("[data-project-binder]")
    binder.locator("[data-checklist]").first.wait_for()  # drawn once the page's data file has arrived
    shown = binder.locator("[data-checklist]").evaluate_all("s => s.map(e => e.dataset.checklist)")
    assert shown[0] == "project-kickoff" and "project-retrospective" in shown  # every checklist of the project
    assert shown[-2:] == ["sales-interests", "finance-interests"]  # and its departments' interests
    page.emulate_media(media="print")
    assert page.locator(".hb-binder__print").is_hidden() and page.locator(".hb-project-bar").is_hidden()
    part = page.locator(".hb-binder__part").first
    assert part.evaluate("e => getComputedStyle(e).breakBefore") == "page"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "project-binder.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "pts (A4)" in info  # pdfinfo names the paper size it measured
    text = pdf_text(pdf)
    for expected in ("春季車展", "集客 500 組", "專案啟動檢核表（完成 4 / 28）", "☑ 每個部門都已指定專案負責人",
                     "王小明", "第二行", "合作總結會檢核表", "每週一次面對面", "會議議程", "專案總時程",
                     "2027-03-01 09:30–10:30 春季啟動會", "確認負責人", "提前兩週確認贈品庫存"):
        assert expected in text, expected
    for absent in ("列印裝訂本", "我的專案", "複審日期", "負責人：營運部"):  # screen-only parts, the page's own footer
        assert absent not in text, absent
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / "project-binder")],
                   check=True)


@pytest.mark.parametrize("path", ["projects/", "projects/project/", "projects/binder/", KICKOFF])
def test_project_pages_have_no_serious_accessibility_violation(page, base_url, path):
    fill_project(page, base_url)
    page.goto(base_url + path)
    page.locator(".hb-project-bar").wait_for()
    assert not serious_violations(page)


def test_screenshots_of_the_project_pages_at_desktop_and_phone_width(page, base_url):
    fill_project(page, base_url)
    for path, name in (("projects/", "projects-list"), ("projects/project/", "projects-page"),
                       ("projects/binder/", "projects-binder")):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(base_url + path)
        page.locator(".hb-project-bar").wait_for()
        screenshot(page, f"{name}-desktop")
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        page.locator(".hb-project-bar").wait_for()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, name  # nothing sideways
        screenshot(page, f"{name}-phone")


def test_without_javascript_the_project_pages_say_what_they_need(browser, base_url):
    with guarded_page(browser, base_url, java_script_enabled=False) as plain:
        plain.goto(base_url + "projects/project/")
        assert plain.locator(".hb-noscript-note").is_visible()
        assert plain.locator(".hb-project-bar").count() == 0
        plain.goto(base_url + "projects/")
        assert plain.locator("[data-project-form]").is_hidden()
