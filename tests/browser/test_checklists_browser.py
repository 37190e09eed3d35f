"""Fill-in checklists in a real browser: storage, progress, export/import, reset, print, 我的進度, a11y."""

from __future__ import annotations

import contextlib
import datetime
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ARTIFACTS, ROOT, build_site, screenshot, served
from accessibility import serious_violations  # tests/accessibility.py

CHECKLIST = "project-kickoff"
PATH = f"checklists/{CHECKLIST}/"
KEY = f"checklist:{CHECKLIST}"  # the HandbookStore key of its answers in the current project
TICKS = ["departments-listed", "owners-named", "one-platform"]
ANSWERS = {"initiator": "王小明", "kickoff-date": "2026-03-02", "budget": "50000",
           "platform-name": "工作群 263\n緊急時改打電話"}


# ---------- helpers ----------

def checklist_ids(name: str = CHECKLIST, group: str = "items") -> list[str]:
    """The item (or field) ids of a checklist, from its source file."""
    data = yaml.safe_load((ROOT / "checklists" / f"{name}.yml").read_text(encoding="utf-8"))
    return [entry["id"] for section in data["sections"] for entry in section.get(group, [])]


def open_checklist(page, base_url: str, path: str = PATH):
    """Open a checklist page and wait until the script has shown its toolbar."""
    page.goto(base_url + path)
    page.locator(".hb-toolbar").wait_for(state="visible")
    return page


def box(page, item: str):
    """The checkbox of one item."""
    return page.locator(f"input[type=checkbox][data-item-id='{item}']")


def field(page, name: str):
    """The input or textarea of one field."""
    return page.locator(f"[data-field-id='{name}']")


def fill_sample(page) -> None:
    """Tick three items and answer four fields, the way a user would."""
    for item in TICKS:
        box(page, item).check()
    for name, value in ANSWERS.items():
        field(page, name).fill(value)


def stored(page, key: str = KEY):
    """The current project's saved value under key (HandbookStore), or None."""
    return page.evaluate("key => HandbookStore.load(key)", key)


def ticked(value) -> set[str]:
    """The ticked item ids of a saved or exported checklist value."""
    return set(value["items"])


def answered(value) -> dict[str, str]:
    """The field answers of a saved or exported checklist value."""
    return {key: answer["value"] for key, answer in value["fields"].items()}


def raw_key(page, key: str = KEY) -> str:
    """The localStorage key holding key for the current project."""
    return page.evaluate("key => 'handbook:v3:p:' + (HandbookStore.currentProject() || {id: '_'}).id + ':' + key", key)


def progress_text(page) -> str:
    """The checklist's overall progress text."""
    return page.locator(".hb-progress__text").inner_text()


def section_progress(page, section: str) -> str:
    """One section's progress text."""
    return page.locator(f"fieldset[data-section-id='{section}'] .hb-section__progress").inner_text()


@contextlib.contextmanager
def guarded_page(browser, base_url: str, **options):
    """A page in a fresh browser context that may only talk to base_url."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-TW",
                                  accept_downloads=True, **options)
    outside = []
    context.on("request", lambda r: None if r.url.startswith((base_url, "data:", "blob:", "about:"))
               else outside.append(r.url))
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        (base_url, "data:", "blob:")) else route.abort())
    try:
        yield context.new_page()
    finally:
        context.close()
    assert not outside, f"requests left the site: {outside}"


def download(page, action: str) -> tuple[str, str]:
    """Click an export button; returns the suggested file name and the file's text."""
    with page.expect_download() as info:
        page.locator(f"[data-action='{action}']").click()
    got = info.value
    return got.suggested_filename, Path(got.path()).read_text(encoding="utf-8")


# ---------- storage and progress ----------

def test_answers_survive_a_reload_and_progress_follows_ticks_and_fields(page, base_url):
    open_checklist(page, base_url)
    assert progress_text(page) == "完成 0 / 28"
    assert section_progress(page, "owners") == "完成 0 / 7"
    fill_sample(page)
    assert progress_text(page) == "完成 7 / 28"
    assert section_progress(page, "owners") == "完成 4 / 7"
    assert section_progress(page, "channel") == "完成 2 / 5"
    assert page.locator(".hb-progress__bar").evaluate("bar => [bar.value, bar.max]") == [7, 28]
    box(page, "one-platform").uncheck()
    assert progress_text(page) == "完成 6 / 28"
    box(page, "one-platform").check()

    page.reload()
    page.locator(".hb-toolbar").wait_for(state="visible")
    for item in TICKS:
        assert box(page, item).is_checked()
    assert not box(page, "owners-can-decide").is_checked()
    for name, value in ANSWERS.items():
        assert field(page, name).input_value() == value
    assert progress_text(page) == "完成 7 / 28"
    assert page.locator(".hb-message").is_hidden()

    entry = page.evaluate("key => HandbookStore.entry(key)", KEY)
    record = entry["value"]
    assert ticked(record) == set(TICKS) and answered(record) == ANSWERS
    # Each answer keeps the label it answered, so it can still be shown if the item is later removed.
    assert record["items"]["departments-listed"]["label"] == "已列出需要配合的所有部門，以及每個部門要交付的事"
    assert record["fields"]["initiator"]["label"] == "發起人"
    assert record["done"] == 3 and record["filled"] == 4
    assert datetime.datetime.fromisoformat(entry["updated"].replace("Z", "+00:00"))
    raw = json.loads(page.evaluate("key => localStorage.getItem(key)", raw_key(page)))
    assert raw["version"] == 3 and raw["value"] == record


def test_the_simplified_edition_fills_in_the_same_checklist(page, base_url):
    open_checklist(page, base_url, "zh-Hans/" + PATH)
    assert progress_text(page) == "完成 0 / 28"
    assert page.locator("[data-action=export-md]").inner_text() == "导出 Markdown"  # its script was converted too
    fill_sample(page)
    page.reload()
    page.locator(".hb-toolbar").wait_for(state="visible")
    assert progress_text(page) == "完成 7 / 28"
    assert all(box(page, item).is_checked() for item in TICKS)
    # One site, one browser storage: switching editions keeps the manager's answers.
    open_checklist(page, base_url)
    assert progress_text(page) == "完成 7 / 28"
    assert field(page, "initiator").input_value() == ANSWERS["initiator"]


def test_a_section_is_done_once_ticked_and_filled(page, base_url):
    open_checklist(page, base_url)
    for item in ("one-platform", "owners-in-group", "records-kept"):
        box(page, item).check()
    section = page.locator("fieldset[data-section-id='channel']")
    assert section_progress(page, "channel") == "完成 3 / 5"  # every item ticked, both fields empty
    assert "hb-section--done" not in section.get_attribute("class")
    field(page, "platform-name").fill("工作群 263")
    field(page, "group-admin").fill("王小明")
    assert "hb-section--done" in section.get_attribute("class")
    assert section_progress(page, "channel") == "完成 5 / 5"


def counts(text: str) -> tuple[int, int]:
    """(n, m) of a 「完成 n / m」 progress text."""
    match = re.fullmatch(r"完成 (\d+) / (\d+)", text)
    assert match, text
    return int(match.group(1)), int(match.group(2))


def test_ticks_without_answers_never_read_as_complete(page, base_url):
    open_checklist(page, base_url)
    items, fields = checklist_ids(), checklist_ids(group="fields")
    for item in items:
        box(page, item).check()
    done, total = counts(progress_text(page))
    assert done < total, "every item ticked, every field empty, yet the headline reads complete"
    assert (done, total) == (len(items), len(items) + len(fields))
    detail = f"（勾選 {len(items)} / {len(items)} 項・已填 0 / {len(fields)} 欄）"
    assert page.locator(".hb-progress__detail").inner_text() == detail
    assert "hb-toolbar--done" not in page.locator(".hb-toolbar").get_attribute("class")
    page.goto(base_url + "progress/")
    cell = page.locator(f"tr[data-progress-for='{CHECKLIST}'] .hb-progress-cell")
    assert counts(cell.inner_text()) == (len(items), len(items) + len(fields))
    page.goto(base_url + "checklists/")
    badge = page.locator(f".hb-card[data-progress-for='{CHECKLIST}'] .hb-badge")
    assert "hb-badge--done" not in badge.get_attribute("class")
    page.evaluate("() => HandbookStore.createProject({name: '甲專案'}, {adopt: true})")  # the answers move in
    page.goto(base_url + "projects/project/")
    row = page.locator(f"tr[data-checklist='{CHECKLIST}'] .hb-project-progress")
    assert counts(row.inner_text()) == (len(items), len(items) + len(fields))

    open_checklist(page, base_url)
    for name in fields:
        field(page, name).fill("2026-03-02" if field(page, name).get_attribute("type") == "date" else "1")
    assert progress_text(page) == f"完成 {len(items) + len(fields)} / {len(items) + len(fields)}"
    assert "hb-toolbar--done" in page.locator(".hb-toolbar").get_attribute("class")
    page.goto(base_url + "progress/")
    assert counts(cell.inner_text()) == (len(items) + len(fields),) * 2
    page.goto(base_url + "checklists/")
    assert "hb-badge--done" in badge.get_attribute("class")
    page.goto(base_url + "projects/project/")
    assert counts(row.inner_text()) == (len(items) + len(fields),) * 2


# ---------- export and import ----------

def test_export_markdown_holds_the_answers(page, base_url):
    open_checklist(page, base_url)
    fill_sample(page)
    name, text = download(page, "export-md")
    assert re.fullmatch(rf"{CHECKLIST}-\d{{4}}-\d\d-\d\d\.md", name)  # with the date (and the project, when there is one)
    assert text.startswith("# 專案啟動檢核表\n")
    assert "## 負責人\n" in text and "## 唯一的專案群組\n" in text
    assert "- [x] 已列出需要配合的所有部門，以及每個部門要交付的事" in text
    assert "- [ ] 每個部門都已指定專案負責人" not in text  # it is ticked
    assert "- [x] 每個部門都已指定專案負責人" in text
    assert "- [ ] 已把負責人名單貼在專案群組" in text
    assert "發起人: 王小明" in text
    assert "啟動會日期: 2026-03-02" in text
    assert "溝通平台名稱: 工作群 263  \n緊急時改打電話" in text
    assert "專案目標（一句話）: ＿＿＿＿" in text
    # Sections come in the checklist's order.
    assert text.index("## 負責人") < text.index("## 唯一的專案群組") < text.index("## 共同目的與說話的態度")


def test_export_json_then_import_it_on_a_fresh_browser(page, browser, base_url, tmp_path):
    open_checklist(page, base_url)
    fill_sample(page)
    name, text = download(page, "export-json")
    assert re.fullmatch(rf"{CHECKLIST}-\d{{4}}-\d\d-\d\d\.json", name)
    data = json.loads(text)
    assert data["version"] == 2 and data["checklist"] == CHECKLIST and data["title"] == "專案啟動檢核表"
    assert ticked(data) == set(TICKS) and answered(data) == ANSWERS
    exported = tmp_path / name
    exported.write_text(text, encoding="utf-8")

    with guarded_page(browser, base_url) as fresh:
        open_checklist(fresh, base_url)
        assert stored(fresh) is None
        fresh.locator("[data-action='import-json']").set_input_files(str(exported))
        expect_message(fresh, "已匯入")
        for item in TICKS:
            assert box(fresh, item).is_checked()
        for field_name, value in ANSWERS.items():
            assert field(fresh, field_name).input_value() == value
        assert progress_text(fresh) == "完成 7 / 28"
        assert stored(fresh)["items"] == data["items"] and stored(fresh)["fields"] == data["fields"]
        fresh.reload()
        assert box(fresh, TICKS[0]).is_checked()


BAD_IMPORTS = {
    "other-checklist": ({"version": 1, "checklist": "sales-interests", "items": {"x": True}, "fields": {}},
                        "另一份檢核表"),
    "future-version": ({"version": 3, "checklist": CHECKLIST, "items": {"owners-named": {}}, "fields": {}},
                       "較新版"),
    "unknown-version": ({"version": 0, "checklist": CHECKLIST, "items": {"owners-named": True}, "fields": {}},
                        "格式版本（0）"),
    "not-a-record": ([1, 2, 3], "不是檢核表"),
    "broken-shape": ({"version": 1, "checklist": CHECKLIST, "items": ["owners-named"], "fields": {}},
                     "不完整"),
}


@pytest.mark.parametrize("case", BAD_IMPORTS)
def test_a_wrong_import_file_is_refused_and_changes_nothing(page, base_url, case):
    data, wording = BAD_IMPORTS[case]
    open_checklist(page, base_url)
    box(page, "owners-can-decide").check()
    before = stored(page)
    page.locator("[data-action='import-json']").set_input_files(
        {"name": "answers.json", "mimeType": "application/json", "buffer": json.dumps(data).encode()})
    expect_message(page, "匯入失敗")
    assert wording in page.locator(".hb-message").inner_text()
    assert stored(page) == before
    assert box(page, "owners-can-decide").is_checked() and not box(page, "owners-named").is_checked()


def test_an_unparseable_import_file_is_refused(page, base_url):
    open_checklist(page, base_url)
    page.locator("[data-action='import-json']").set_input_files(
        {"name": "answers.json", "mimeType": "application/json", "buffer": b"{not json"})
    expect_message(page, "匯入失敗")
    assert stored(page) is None


def test_an_import_over_the_size_limit_is_refused(page, base_url):
    open_checklist(page, base_url)
    box(page, "owners-can-decide").check()
    before = stored(page)
    padding = {"version": 2, "checklist": CHECKLIST, "items": {}, "fields": {"budget": {"value": "x" * 1_100_000}}}
    page.locator("[data-action='import-json']").set_input_files(
        {"name": "answers.json", "mimeType": "application/json", "buffer": json.dumps(padding).encode()})
    expect_message(page, "檔案太大")
    assert stored(page) == before


def test_an_import_that_cannot_be_saved_keeps_the_old_answers(page, base_url):
    open_checklist(page, base_url)
    box(page, "owners-can-decide").check()
    before = stored(page)
    data = {"version": 2, "checklist": CHECKLIST, "items": {"owners-named": {"label": "x"}}, "fields": {}}
    page.evaluate("""() => { Storage.prototype.setItem = function () {
        throw new DOMException("full", "QuotaExceededError"); }; }""")  # the browser's storage is full
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-action='import-json']").set_input_files(
        {"name": "answers.json", "mimeType": "application/json", "buffer": json.dumps(data).encode()})
    expect_message(page, "匯入失敗")
    assert "原本的答案沒有改變" in page.locator(".hb-message").inner_text()
    assert "儲存空間滿了" in page.locator(".hb-project-bar__alert").inner_text()
    assert box(page, "owners-can-decide").is_checked() and not box(page, "owners-named").is_checked()
    assert stored(page) == before


def test_a_full_storage_is_reported_when_ticking(page, base_url):
    open_checklist(page, base_url)
    page.evaluate("""() => { Storage.prototype.setItem = function () {
        throw new DOMException("full", "QuotaExceededError"); }; }""")
    box(page, "owners-named").check()
    alert = page.locator(".hb-project-bar__alert")
    alert.wait_for(state="visible")
    assert "儲存空間滿了" in alert.inner_text()
    expect_message(page, "沒有存下來")


def test_a_multi_line_answer_cannot_forge_markdown(page, base_url):
    open_checklist(page, base_url)
    field(page, "project-goal").fill("提高續保率\n- [x] 偽造的已完成項目\n# 偽造的標題\n1. 偽造的清單\n---\n<b>粗體</b>")
    _, text = download(page, "export-md")
    lines = text.split("\n")
    assert not any(line.startswith(("- [x] 偽造", "# 偽造", "1. 偽造", "---", "<b>")) for line in lines), text
    assert "專案目標（一句話）: 提高續保率  \n\\- \\[x\\] 偽造的已完成項目  \n\\# 偽造的標題  \n1\\. 偽造的清單" in text
    assert "&lt;b>粗體&lt;/b>" in text
    import markdown  # what any Markdown reader makes of it: one paragraph, no list item, no heading
    html = markdown.markdown(text)
    assert html.count("<h1>") == 1 and "<li>[x] 偽造" not in html and "<b>" not in html


def test_two_tabs_on_the_same_checklist_stay_in_sync(page, base_url):
    open_checklist(page, base_url)
    other = page.context.new_page()
    open_checklist(other, base_url)
    box(page, "owners-named").check()
    field(page, "initiator").fill("王小明")
    other.wait_for_function("() => document.querySelector(\"[data-item-id='owners-named']\").checked")
    other.wait_for_function("() => document.querySelector(\"[data-field-id='initiator']\").value === '王小明'")
    assert progress_text(other) == "完成 2 / 28"
    box(other, "one-platform").check()
    page.wait_for_function("() => document.querySelector(\"[data-item-id='one-platform']\").checked")
    assert progress_text(page) == "完成 3 / 28"
    other.close()


def expect_message(page, text: str) -> None:
    """Wait until the toolbar message is shown and contains text."""
    message = page.locator(".hb-message")
    message.wait_for(state="visible")
    page.wait_for_function("t => document.querySelector('.hb-message').textContent.includes(t)", arg=text)


# ---------- a stored value that cannot be read ----------

CORRUPT = {
    "not-json": "{oops",
    "foreign-array": "[1, 2, 3]",
    "no-value": json.dumps({"version": 2, "updated": None}),
    "unknown-version": json.dumps({"version": 9, "value": {"items": {}, "fields": {}}}),
    "wrong-shape": json.dumps({"version": 2, "value": {"items": ["owners-named"], "fields": {}}}),
}


@pytest.mark.parametrize("case", CORRUPT)
def test_a_corrupt_stored_value_is_set_aside_and_the_page_still_works(page, base_url, case):
    page.goto(base_url + PATH)
    key = raw_key(page)
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, CORRUPT[case]])
    page.reload()
    page.locator(".hb-toolbar").wait_for(state="visible")
    expect_message(page, "無法讀取")
    page.evaluate("() => window.dispatchEvent(new StorageEvent('storage', {key: null}))")  # reloads the answers
    aside = page.evaluate("key => Object.keys(localStorage).filter(k => k.startsWith(key + ':corrupt:'))", key)
    assert len(aside) == 1
    assert page.evaluate("key => localStorage.getItem(key)", aside[0]) == CORRUPT[case]
    assert aside[0] in page.locator(".hb-message").inner_text()
    assert progress_text(page) == "完成 0 / 28"
    box(page, "owners-named").check()
    assert ticked(stored(page)) == {"owners-named"}
    page.reload()
    assert box(page, "owners-named").is_checked()
    assert page.locator(".hb-message").is_hidden()


def test_the_progress_page_survives_a_corrupt_value(page, base_url):
    page.goto(base_url + "progress/")
    key = raw_key(page)
    page.evaluate("key => localStorage.setItem(key, '{oops')", key)
    page.reload()
    row = page.locator(f"tr[data-progress-for='{CHECKLIST}']")
    assert "無法讀取" in row.locator(".hb-progress-cell").inner_text()
    assert page.evaluate("key => localStorage.getItem(key)", key) == "{oops"  # only the checklist moves it


# ---------- reset ----------

def test_reset_asks_first_then_clears_everything(page, base_url):
    open_checklist(page, base_url)
    fill_sample(page)
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("[data-action='reset']").click()
    assert asked and "清除" in asked[0]
    assert box(page, TICKS[0]).is_checked() and stored(page) is not None

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-action='reset']").click()
    expect_message(page, "已清除")
    assert stored(page) is None
    assert progress_text(page) == "完成 0 / 28"
    assert not any(box(page, item).is_checked() for item in TICKS)
    assert all(field(page, name).input_value() == "" for name in ANSWERS)
    page.reload()
    assert not box(page, TICKS[0]).is_checked()


# ---------- print ----------

def test_print_shows_the_answers_and_hides_the_chrome(page, base_url):
    open_checklist(page, base_url)
    fill_sample(page)
    page.emulate_media(media="print")
    for hidden in (".hb-toolbar", ".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
                   ".md-footer", ".hb-path-nav", "[data-action='print']"):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert box(page, TICKS[0]).is_visible() and box(page, TICKS[0]).is_checked()
    initiator = page.locator(".hb-field--person .hb-print-value").first
    assert initiator.is_visible() and initiator.inner_text() == "王小明"
    assert field(page, "initiator").is_hidden()
    platform = field(page, "platform-name").locator("xpath=following-sibling::*[1]")
    assert platform.inner_text() == ANSWERS["platform-name"]
    blank = field(page, "project-goal").locator("xpath=following-sibling::*[1]")
    assert blank.is_visible() and blank.inner_text() == ""
    assert blank.evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"
    assert page.locator(".hb-item").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    page.emulate_media(media="screen")
    assert page.locator(".hb-toolbar").is_visible() and initiator.is_hidden()


def test_without_javascript_the_page_is_a_blank_printable_form(browser, base_url):
    with guarded_page(browser, base_url, java_script_enabled=False) as plain:
        plain.goto(base_url + PATH)
        assert plain.locator(".hb-toolbar").is_hidden()
        assert plain.locator("input[type=checkbox][data-item-id]").count() == 17
        assert plain.locator("label[for^='c-project-kickoff-']").first.is_visible()
        plain.emulate_media(media="print")
        assert plain.locator(".md-header").is_hidden() and plain.locator(".md-sidebar").first.is_hidden()
        goal = field(plain, "project-goal")
        assert goal.is_visible()
        assert goal.evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"
        assert goal.evaluate("e => getComputedStyle(e).borderTopStyle") == "none"


# ---------- 我的進度, the index and the onboarding path ----------

def test_progress_page_index_and_onboarding_show_progress(page, base_url):
    open_checklist(page, base_url)
    box(page, "owners-named").check()
    box(page, "one-platform").check()
    today = page.evaluate("() => new Date().toLocaleDateString('sv')")  # local YYYY-MM-DD

    page.goto(base_url + "progress/")
    row = page.locator(f"tr[data-progress-for='{CHECKLIST}']")
    assert row.locator(".hb-progress-cell").inner_text() == "完成 2 / 28"
    assert row.locator(".hb-updated-cell").inner_text() == today
    assert row.locator(f"a[href$='{PATH}']").count() == 1
    other = page.locator("tr[data-progress-for='sales-interests']")
    assert other.locator(".hb-progress-cell").inner_text() == "尚未開始"
    assert page.locator(".hb-noscript-note").is_hidden()
    screenshot(page, "checklist-progress-page")

    page.goto(base_url + "checklists/")
    card = page.locator(f".hb-card[data-progress-for='{CHECKLIST}'] .hb-badge")
    assert card.inner_text() == "完成 2 / 28"
    assert page.locator(".hb-card[data-progress-for='sales-interests'] .hb-badge").count() == 0
    page.goto(base_url + "onboarding/")
    assert page.locator(f".hb-path__step[data-progress-for='{CHECKLIST}'] .hb-badge").inner_text() == "完成 2 / 28"
    screenshot(page, "checklist-onboarding-badges")


# ---------- keyboard and accessibility ----------

def test_keyboard_only_ticking_with_visible_focus(page, base_url):
    open_checklist(page, base_url)
    first = "c-project-kickoff-departments-listed"
    for _ in range(150):  # Tab from the top of the page until the first item has focus
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == first:
            break
    else:
        pytest.fail("Tab never reached the first checklist item")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert box(page, "departments-listed").is_checked()
    assert box(page, "owners-can-decide").is_checked()
    assert not box(page, "owners-named").is_checked()
    for _ in range(2):
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.dataset.fieldId") == "initiator"
    page.keyboard.type("林美華")
    assert progress_text(page) == "完成 3 / 28"
    assert answered(stored(page)) == {"initiator": "林美華"}
    screenshot(page, "checklist-keyboard-focus")


def test_toolbar_controls_are_reachable_by_keyboard(page, base_url):
    open_checklist(page, base_url)
    page.locator("[data-action='export-md']").focus()
    names = []
    for _ in range(5):
        names.append(page.evaluate("() => document.activeElement.dataset.action"))
        page.keyboard.press("Tab")
    assert names == ["export-md", "export-json", "import-json", "print", "reset"]
    page.locator("[data-action='export-md']").focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.startswith(f"{CHECKLIST}-") and info.value.suggested_filename.endswith(".md")


@pytest.mark.parametrize("path", [PATH, "progress/", "checklists/", "onboarding/"])
def test_no_serious_accessibility_violation(page, base_url, path):
    open_checklist(page, base_url)
    fill_sample(page)
    page.goto(base_url + path)
    assert not serious_violations(page)


# ---------- artifacts: screenshots and an A4 PDF ----------

def test_screenshots_and_a4_pdf_of_a_filled_checklist(page, base_url):
    open_checklist(page, base_url)
    fill_sample(page)
    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
    screenshot(page, "checklist-filled-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, "checklist-filled-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "checklist.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "王小明" in text and "專案啟動檢核表" in text
        assert "匯出 Markdown" not in text and "清除答案" not in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(ARTIFACTS / "checklist-pdf")], check=True)


# ---------- the editor changes the checklist; answers to remaining items survive ----------

@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    """A copy of the handbook with instant navigation on, built and served on loopback."""
    project = tmp_path_factory.mktemp("editor") / "handbook"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".venv", "site", ".git", "test-artifacts", ".pytest_cache", "__pycache__"))
    site_dir = project / "site"
    site_dir.mkdir()
    with served(site_dir) as url:
        text = (project / "mkdocs.yml").read_text(encoding="utf-8")
        assert 'site_url: ""' in text and "  features:\n" in text
        text = text.replace('site_url: ""', f'site_url: "{url}"').replace(
            "  features:\n", "  features:\n    - navigation.instant\n", 1)
        (project / "mkdocs.yml").write_text(text, encoding="utf-8")
        result = build_site(project, site_dir)
        assert result.returncode == 0, result.stdout + result.stderr
        yield project, site_dir, url


def edit_checklist(project: Path) -> None:
    """As an editor would: remove one item, reword another, reorder items and sections, and rename an item and a
    field, declaring where their answers go (previous_ids)."""
    path = project / "checklists" / f"{CHECKLIST}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    owners, channel, *middle, purpose = data["sections"]
    owners["items"] = [i for i in owners["items"] if i["id"] != "owners-announced"]
    owners["items"][1]["text"] = "每個部門都已指定一位專案負責人（改寫後）"
    channel["items"].reverse()
    renamed = next(i for i in channel["items"] if i["id"] == "one-platform")
    renamed.update(id="single-platform", previous_ids=["one-platform"])
    channel["fields"][0].update(id="platform", previous_ids=["platform-name"])
    data["sections"] = [purpose, owners, channel, *middle]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_answers_survive_an_edited_checklist_and_removed_items_are_shown(browser, project_copy):
    project, site_dir, url = project_copy
    with guarded_page(browser, url) as page:
        open_checklist(page, url)
        for item in ("departments-listed", "owners-named", "owners-announced", "face-to-face-time", "one-platform"):
            box(page, item).check()
        field(page, "initiator").fill("王小明")
        field(page, "platform-name").fill("工作群 263")
        assert progress_text(page) == "完成 7 / 28"
        assert page.locator(".hb-retired").count() == 0

        edit_checklist(project)
        refused = build_site(project, site_dir)  # a removed id stops the build until the editor accepts it
        assert refused.returncode == 1 and "題目「owners-announced」不見了" in refused.stderr
        accepted = subprocess.run([sys.executable, "-m", "macros", "--root", str(project), "lock"],
                                  capture_output=True, text=True, check=False)
        assert accepted.returncode == 0, accepted.stdout
        result = build_site(project, site_dir)
        assert result.returncode == 0, result.stdout + result.stderr
        page.reload()
        page.locator(".hb-toolbar").wait_for(state="visible")

        assert box(page, "owners-announced").count() == 0
        assert page.locator("label[for='c-project-kickoff-owners-named']").inner_text().endswith("（改寫後）")
        for item in ("departments-listed", "owners-named", "face-to-face-time", "single-platform"):
            assert box(page, item).is_checked(), item  # single-platform took one-platform's answer
        assert field(page, "initiator").input_value() == "王小明"
        assert field(page, "platform").input_value() == "工作群 263"
        assert progress_text(page) == "完成 6 / 27"
        sections = page.locator("fieldset.hb-section").evaluate_all("s => s.map(e => e.dataset.sectionId)")
        assert sections == ["purpose", "owners", "channel", "urgent-and-important", "face-to-face"]

        retired = page.locator(".hb-retired")
        assert retired.is_visible() and "這些題目已經改版" in retired.inner_text()
        assert retired.locator("li").all_inner_texts() == ["已勾選：已把負責人名單貼在專案群組，並請每位負責人回覆確認"]
        retired.scroll_into_view_if_needed()
        screenshot(page, "checklist-retired-answers")
        value = stored(page)
        assert "owners-announced" in value["items"] and "one-platform" not in value["items"]
        assert "platform-name" not in value["fields"] and value["fields"]["platform"]["value"] == "工作群 263"

        _, text = download(page, "export-json")
        exported = json.loads(text)
        assert exported["items"]["owners-announced"]["label"] == "已把負責人名單貼在專案群組，並請每位負責人回覆確認"
        _, markdown = download(page, "export-md")
        assert "## 這些題目已經改版\n\n- 已勾選：已把負責人名單貼在專案群組，並請每位負責人回覆確認" in markdown
        box(page, "common-purpose").check()
        assert ticked(stored(page)) == {"common-purpose", "departments-listed", "owners-named", "face-to-face-time",
                                        "single-platform", "owners-announced"}
        page.reload()
        assert page.locator(".hb-retired li").count() == 1  # kept until the reader deletes them

        page.goto(url + "progress/")
        assert page.locator(f"tr[data-progress-for='{CHECKLIST}'] .hb-progress-cell").inner_text() == "完成 7 / 27"
        open_checklist(page, url)
        page.once("dialog", lambda dialog: dialog.accept())
        page.locator(".hb-retired__drop").click()
        page.locator(".hb-retired").wait_for(state="detached")
        assert "owners-announced" not in stored(page)["items"]
        assert box(page, "common-purpose").is_checked()


def test_instant_navigation_sets_up_each_page_once(browser, project_copy):
    _, _, url = project_copy
    with guarded_page(browser, url) as page:
        open_checklist(page, url)
        page.evaluate("() => { window.hbMarker = 1; }")  # survives only if no full page load happens
        box(page, "departments-listed").check()
        page.locator(".md-nav a[href$='progress/']").first.click()
        page.wait_for_url("**/progress/")
        row = page.locator(f"tr[data-progress-for='{CHECKLIST}'] .hb-progress-cell")
        row.wait_for()
        page.wait_for_function("() => !document.querySelector('.hb-noscript-note') || "
                               "document.querySelector('.hb-noscript-note').hidden")
        assert row.inner_text().startswith("完成 ")
        page.go_back()
        page.wait_for_url(f"**/{PATH}")
        page.locator(".hb-toolbar").wait_for(state="visible")
        page.locator("a[href$='progress/']").first.click()
        page.wait_for_url("**/progress/")
        page.go_back()
        page.wait_for_url(f"**/{PATH}")
        page.locator(".hb-toolbar").wait_for(state="visible")
        assert page.evaluate("() => window.hbMarker") == 1, "instant navigation did not stay on the page"
        assert box(page, "departments-listed").is_checked()
        page.evaluate("() => { window.hbConfirms = 0; window.confirm = () => { window.hbConfirms += 1; return false; }; }")
        page.locator("[data-action='reset']").click()
        assert page.evaluate("() => window.hbConfirms") == 1, "the reset button is bound more than once"
        box(page, "owners-named").check()
        assert progress_text(page).startswith("完成 ")
        assert "owners-named" in ticked(stored(page))
