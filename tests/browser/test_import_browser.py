"""Importing a whole project file in a real browser: a hostile file is explained, refused whole and changes nothing
in localStorage; a genuine export (including answers migrated from version 1) still imports round-trip."""

from __future__ import annotations

import json

import pytest

from test_checklists_browser import guarded_page, open_checklist
from test_projects_browser import KICKOFF, VERSION_1, expect_status, seed

MISSING = object()  # a field left out of the file
EXPORTED = "2026-05-01T08:00:00.000Z"
VICTIM_PROJECT = {"id": "victim", "name": "年終續保", "departments": ["sales", "insurance"], "eventDate": "2026-12-20",
                  "target": "續保率 20%", "archived": False, "created": "2026-01-01T00:00:00.000Z", "from": None,
                  "carried": []}
VICTIM = {  # what this browser holds before each hostile import: one project with answers (version 2, migrated on load)
    "handbook:v2:projects": json.dumps({"version": 2, "current": "victim", "projects": [VICTIM_PROJECT]}),
    "handbook:v2:p:victim:checklist:project-kickoff": json.dumps({
        "version": 2, "updated": "2026-02-01T08:00:00.000Z",
        "value": {"items": {"owners-named": {"label": "每個部門都已指定專案負責人"}},
                  "fields": {"initiator": {"value": "林美華", "label": "發起人"}}}}),
    "handbook:v2:p:victim:fixes": json.dumps({"version": 2, "updated": None,
                                              "value": [{"text": "理賠流程說明卡", "owner": "張主任", "done": False}]}),
}
GOOD_PROJECT = {**VICTIM_PROJECT, "id": "p1a2b3c4", "name": "春季車展", "departments": ["sales", "marketing"]}
GOOD_ENTRIES = {  # written before the hostile entry by the old import, which then left them behind
    "checklist:project-kickoff": {"updated": "2026-03-01T08:00:00.000Z",
                                  "value": {"items": {"owners-named": {"label": None}}, "fields": {}}},
    "meetings": {"updated": None, "value": {"items": [{"id": "m1", "date": "2027-03-01", "title": "春季啟動會"}]}},
}


def project_file(project=None, entries=None, **top) -> dict:
    """A project file as exportProject writes it, with the given project fields, entries and top fields changed."""
    fields = {"format": "handbook-project", "version": 3, "exported": EXPORTED,
              "project": {**GOOD_PROJECT, **(project or {})}, "entries": {**GOOD_ENTRIES, **(entries or {})}, **top}
    fields["project"] = {name: value for name, value in fields["project"].items() if value is not MISSING}
    return fields


def answer(value, updated=None) -> dict:
    """One exported answer entry."""
    return {"updated": updated, "value": value}


def nested(depth: int):
    """A list nested depth levels deep."""
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


SIZE_LIMIT = "檔案太大"  # what the page says first about a file over its 1 MB limit
# case → (file, the exact message importProblem gives, what the page shows when it is not "匯入失敗：" + that message)
HOSTILE = {
    "set-aside-text-not-text": (
        project_file(entries={"checklist:project-retrospective": {"corrupt": {"toString": 1}}}),
        "檔案裡的紀錄「checklist:project-retrospective」格式不對。", None),
    "id-reaching-into-another-project": (
        project_file({"id": "victim:checklist"}, {"project-kickoff": answer({"items": {}, "fields": {}})}),
        "檔案裡的專案代號格式不對。", None),
    "id-naming-another-projects-key": (
        project_file({"id": "VICTIM:checklist:project-kickoff"}), "檔案裡的專案代號格式不對。", None),
    "id-missing": (project_file({"id": MISSING}), "檔案裡的專案代號格式不對。", None),
    "id-not-text": (project_file({"id": 12345}), "檔案裡的專案代號格式不對。", None),
    "id-too-long": (project_file({"id": "p" * 41}), "檔案裡的專案代號格式不對。", None),
    "department-name-of-300000-characters": (
        project_file({"departments": ["sales", "x" * 300_000]}), "檔案裡的參與部門有一項格式不對。", None),
    "departments-not-a-list": (project_file({"departments": "sales"}), "檔案裡的參與部門格式不對。", None),
    "too-many-departments": (project_file({"departments": ["sales"] * 51}), "檔案裡的參與部門太多（最多 50 項）。", None),
    "name-too-long": (project_file({"name": "車" * 61}), "檔案裡的專案名稱太長（最多 60 個字）。", None),
    "name-not-text": (project_file({"name": {"zh": "春季車展"}}), "檔案裡的專案名稱格式不對。", None),
    "target-too-long": (project_file({"target": "x" * 201}), "檔案裡的目標太長（最多 200 個字）。", None),
    "event-date-not-a-date": (project_file({"eventDate": {"year": 2027}}), "檔案裡的活動日格式不對。", None),
    "archived-not-yes-or-no": (project_file({"archived": "yes"}), "檔案裡的封存狀態格式不對。", None),
    "from-not-a-project-id": (project_file({"from": "victim:x"}), "檔案裡的來源專案格式不對。", None),
    "carried-item-too-long": (project_file({"carried": ["x" * 5001]}), "檔案裡的帶入事項有一項太長（最多 5000 個字）。", None),
    "carried-item-not-text": (project_file({"carried": [{"text": "a"}]}), "檔案裡的帶入事項有一項格式不對。", None),
    "unknown-project-field": (project_file({"owner": "admin"}), "檔案裡的專案資料有手冊不認得的欄位。", None),
    "unknown-file-field": (project_file(script="alert(1)"), "這個檔案含有手冊不認得的欄位，無法匯入。", None),
    "exported-not-text": (project_file(exported=["2026"]), "檔案裡的匯出時間格式不對。", None),
    "too-many-entries": (
        project_file(entries={f"planner:m{n}": answer(n) for n in range(500)}), "檔案裡的紀錄太多（最多 500 筆）。", None),
    "entry-key-empty": (project_file(entries={"": answer(1)}), "檔案裡有一筆紀錄的名稱格式不對。", None),
    "entry-key-climbing-out": (
        project_file(entries={"../../victim:fixes": answer(1)}), "檔案裡有一筆紀錄的名稱格式不對。", None),
    "entry-key-of-a-set-aside-copy": (
        project_file(entries={"checklist:project-kickoff:corrupt:2026-01-01": answer(1)}),
        "檔案裡有一筆紀錄的名稱格式不對。", None),
    "entry-key-too-long": (
        project_file(entries={"checklist:" + "a" * 111: answer(1)}), "檔案裡有一筆紀錄的名稱格式不對。", None),
    "entry-not-an-object": (
        project_file(entries={"fixes": "理賠流程"}), "檔案裡的紀錄「fixes」格式不對。", None),
    "entry-without-value": (
        project_file(entries={"fixes": {"updated": EXPORTED}}), "檔案裡的紀錄「fixes」格式不對。", None),
    "updated-not-text": (
        project_file(entries={"fixes": answer([], {"a": 1})}), "檔案裡的紀錄「fixes」的更新時間格式不對。", None),
    "answer-text-too-long": (
        project_file(entries={"retro:main": answer({"carry": ["x" * 100_001]})}),
        "檔案裡的紀錄「retro:main」裡有一段文字太長（最多 100000 個字）。", None),
    "answer-list-too-long": (
        project_file(entries={"fixes": answer([{}] * 1001)}), "檔案裡的紀錄「fixes」裡有一串清單太長（最多 1000 項）。", None),
    "answer-nested-too-deep": (
        project_file(entries={"retro:main": answer(nested(25))}),
        "檔案裡的紀錄「retro:main」的內容層次太多（最多 20 層）。", None),
    "answer-with-too-many-fields": (
        project_file(entries={"retro:main": answer({f"f{n}": n for n in range(1001)})}),
        "檔案裡的紀錄「retro:main」裡的欄位太多（最多 1000 個）。", None),
    "entries-too-big-together": (
        project_file(entries={f"retro:part{n}": answer("x" * 99_000) for n in range(11)}),
        "檔案裡的紀錄加起來太大（最多 1024 KB）。", SIZE_LIMIT),
}

SNAPSHOT = "() => JSON.stringify(Object.keys(localStorage).sort().map(k => [k, localStorage.getItem(k)]))"
TRY_IMPORT = """data => {
    const problem = HandbookStore.importProblem(data);
    try { return { problem, result: HandbookStore.importProject(data), error: null }; }
    catch (error) { return { problem, result: null, error: String(error) }; }
}"""


def choose_file(page, data: dict) -> None:
    """Import data as a project file through the list page's file input, as a manager would."""
    page.locator("[data-action='import-project']").set_input_files(
        {"name": "project.json", "mimeType": "application/json", "buffer": json.dumps(data).encode()})


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_project_file_is_explained_and_changes_nothing(page, base_url, case):
    data, message, shown = HOSTILE[case]
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    seed(page, base_url, VICTIM)
    page.goto(base_url + "projects/")
    page.locator("[data-project-import]").wait_for(state="visible")
    before = page.evaluate(SNAPSHOT)

    outcome = page.evaluate(TRY_IMPORT, data)
    assert outcome == {"problem": message, "result": {"ok": False, "message": message}, "error": None}
    assert page.evaluate(SNAPSHOT) == before

    choose_file(page, data)
    expect_status(page, "匯入失敗")
    assert (shown or "匯入失敗：" + message) in page.locator(".hb-projects > .hb-message").inner_text()
    assert page.evaluate(SNAPSHOT) == before
    assert not errors


def test_a_genuine_export_with_migrated_answers_imports_round_trip(page, browser, base_url):
    seed(page, base_url, VERSION_1)  # version 1 answers, one of them unreadable, move into a project of their own
    open_checklist(page, base_url, KICKOFF)
    page.evaluate("""() => {
        const id = HandbookStore.currentProject().id;
        HandbookStore.updateProject(id, {name: "春季車展", departments: ["sales", "finance"], eventDate: "2027-03-20",
                                         target: "集客 500 組", carried: ["提前兩週確認贈品庫存"],
                                         people: {sales: "小林"}});
        HandbookStore.save("retrospective", {fixes: [{issue: "", measure: "報表格式統一", owner: "陳經理",
                                                      due: "2027-04-30", done: false}]});
        localStorage.setItem("handbook:v3:p:" + id + ":retro:broken", "{not json");
    }""")
    exported = page.evaluate("() => HandbookStore.exportProject()")
    assert exported["entries"]["checklist:target-setting"] == {"corrupt": "{oops"}  # carried over as it was
    assert exported["entries"]["meetings"]["updated"] is None
    assert exported["project"]["people"] == {"sales": "小林"}
    assert page.evaluate("data => HandbookStore.importProblem(data)", exported) == ""

    with guarded_page(browser, base_url) as fresh:  # another browser: the project arrives under its own id
        fresh.goto(base_url + "projects/")
        choose_file(fresh, exported)
        expect_status(fresh, "已匯入專案「春季車展」")
        again = fresh.evaluate("() => HandbookStore.exportProject()")
        assert again["project"] == exported["project"] and again["entries"] == exported["entries"]

    result = page.evaluate("data => HandbookStore.importProject(data)", exported)  # same browser: id already taken
    assert result["ok"] and result["project"]["id"] != exported["project"]["id"]
    assert result["project"]["name"] == "春季車展（匯入）"
    assert page.evaluate("() => HandbookStore.exportProject()")["entries"] == exported["entries"]
