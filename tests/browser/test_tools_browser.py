"""The readers' tools in a real browser: fill each one, download, and read what came out like a program would
(.ics through the icalendar library, Markdown line by line)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import screenshot

TAIPEI = ZoneInfo("Asia/Taipei")


def download(page, button) -> tuple[str, bytes]:
    """Click a download button; the file's suggested name and bytes."""
    with page.expect_download() as info:
        button.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def planner(page, base_url, query: str = ""):
    page.goto(base_url + "tools/" + query)
    form = page.locator("form.hb-planner")
    expect(form.locator(".hb-planner__result table")).to_be_visible()
    return form


def agenda_rows(form) -> list[list[str]]:
    return [[cell.strip() for cell in row] for row in form.locator(".hb-planner__result tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells, c => c.textContent))")]


def event_of(data: bytes):
    calendar = icalendar.Calendar.from_ical(data)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    return calendar, events[0]


def test_meeting_planner_gives_an_agenda_a_calendar_file_and_markdown(page, base_url):
    form = planner(page, base_url)
    form.get_by_label("會議類型").select_option("kickoff")
    for box in form.locator("input[name='departments']").all():
        box.uncheck()
    for name in ("銷售部", "行銷部", "財務部", "售後部"):
        form.get_by_label(name, exact=True).check()
    form.get_by_label("會議長度（分鐘）").fill("75")
    form.get_by_label("日期").fill("2027-03-02")
    form.get_by_label("開始時間（台北時間）").fill("16:20")
    form.get_by_label("會議名稱（可不填）").fill("週末活動啟動會, 第 1 次; 全體")
    rows = agenda_rows(form)
    assert rows[0][0] == "16:20" and sum(int(r[1]) for r in rows) == 75
    starts = [int(r[0][:2]) * 60 + int(r[0][3:]) for r in rows]
    assert [b - a for a, b in zip(starts, starts[1:])] == [int(r[1]) for r in rows[:-1]]
    assert {"銷售部", "行銷部", "財務部", "售後部"} <= {r[3] for r in rows}
    expect(form.locator(".hb-agenda__when")).to_contain_text("2027-03-02（週二） 16:20–17:35")

    name, data = download(page, form.get_by_role("button", name="加入行事曆（.ics）"))
    assert name.endswith(".ics")
    text = data.decode("utf-8")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")
    calendar, event = event_of(data)
    assert "zh-Hant" in str(calendar["PRODID"])
    assert [c["TZID"] for c in calendar.walk("VTIMEZONE")] == ["Asia/Taipei"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert event["DTSTART"].params["TZID"] == "Asia/Taipei"
    assert start.replace(tzinfo=None) == dt.datetime(2027, 3, 2, 16, 20)
    assert start.utcoffset() == dt.timedelta(hours=8)
    assert end - start == dt.timedelta(minutes=75)
    stamp = event.decoded("DTSTAMP")
    assert stamp.utcoffset() == dt.timedelta(0) and event["DTSTAMP"].to_ical().endswith(b"Z")
    assert abs(dt.datetime.now(dt.timezone.utc) - stamp) < dt.timedelta(minutes=5)
    assert str(event["SUMMARY"]) == "週末活動啟動會, 第 1 次; 全體"
    description = str(event["DESCRIPTION"])
    assert description.startswith("週末活動啟動會, 第 1 次; 全體\n16:20–17:35（會議 75 分鐘）\n")
    assert all(f"{r[0]}" in description for r in rows)

    _, again = download(page, form.get_by_role("button", name="加入行事曆（.ics）"))
    uid = str(event["UID"])
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}@collaboration-handbook", uid)
    assert str(event_of(again)[1]["UID"]) != uid  # a new UID per download

    name, data = download(page, form.get_by_role("button", name="下載 Markdown"))
    markdown = data.decode("utf-8")
    assert name.endswith(".md")
    assert markdown.startswith("# 週末活動啟動會, 第 1 次; 全體\n\n時間：2027-03-02 16:20–17:35（會議 75 分鐘）\n")
    table = [line.split(" | ") for line in markdown.splitlines() if re.match(r"\| \d\d:\d\d \|", line)]
    assert sum(int(cells[1]) for cells in table) == 75
    assert "## 會前準備" in markdown
    assert "\n- 售後部\n    - 會前一天回覆發起部門：本部門的專案負責人與代理人" in markdown  # what a kickoff asks, not a weekly sync
    screenshot(page, "tools-planner-1280")


def test_overnight_meeting_ends_the_next_day(page, base_url):
    form = planner(page, base_url, "?type=sync&departments=sales&minutes=45&start=23:30&date=2027-12-31")
    _, data = download(page, form.get_by_role("button", name="加入行事曆（.ics）"))
    _, event = event_of(data)
    assert event.decoded("DTSTART") == dt.datetime(2027, 12, 31, 23, 30, tzinfo=TAIPEI)
    assert event.decoded("DTEND") == dt.datetime(2028, 1, 1, 0, 15, tzinfo=TAIPEI)


def test_playbook_link_opens_the_planner_with_the_steps_minutes(page, base_url, handbook):
    playbook = handbook.playbooks["one-process"]
    page.goto(base_url + "playbooks/one-process/")
    page.locator("#agenda ~ .hb-agenda").first.get_by_role("link", name="用這個議程排會議").click()
    form = page.locator("form.hb-planner")
    expect(form.locator(".hb-planner__result table")).to_be_visible()
    assert form.get_by_label("照哪個劇本開（可不選）").input_value() == "one-process"
    rows = agenda_rows(form)
    live = [s for s in playbook.steps if s.mode == "live"]
    assert [(r[2], int(r[1])) for r in rows[:len(live)]] == [(s.text, s.minutes) for s in live]
    assert sum(int(r[1]) for r in rows) == max(playbook.meeting.minutes, sum(s.minutes for s in live))
    outside = form.locator(".hb-planner__result h4", has_text="會外工作")
    expect(outside).to_contain_text(f"共 {sum(s.minutes for s in playbook.steps if s.mode == 'async')} 分鐘")
    page_rows = page.evaluate("""() => fetch(location.pathname.replace('tools/', 'playbooks/one-process/'))
        .then(r => r.text())""")
    for step in live:  # the same minutes on the playbook page's agenda
        assert f"<td>{step.minutes}</td><td>{step.text}</td>" in page_rows


def test_choosing_a_playbook_sets_its_meeting(page, base_url, handbook):
    form = planner(page, base_url)
    form.get_by_label("照哪個劇本開（可不選）").select_option("options-abc")
    playbook = handbook.playbooks["options-abc"]
    assert form.get_by_label("會議類型").input_value() == playbook.meeting.type
    chosen = form.locator("input[name='departments']:checked").evaluate_all("boxes => boxes.map(b => b.value)")
    assert chosen == [d for d in handbook.departments if d in (playbook.meeting.departments or playbook.departments)]
    form.get_by_label("會議長度（分鐘）").fill("10")
    expect(form.locator(".hb-message")).to_have_text("方案討論會至少要 30 分鐘，這裡只給了 10 分鐘")
    expect(form.get_by_role("button", name="加入行事曆（.ics）")).to_be_hidden()


def preparation_shown(form) -> dict[str, list[str]]:
    """The planner's 會前準備 as department → lines, as a reader sees it."""
    return dict(form.locator(".hb-planner__result .hb-prep > li").evaluate_all(
        "items => items.map(i => [i.querySelector('strong').textContent, "
        "Array.from(i.querySelectorAll('li'), l => l.textContent)])"))


def test_the_chosen_playbook_and_meeting_type_drive_the_preparation(page, base_url, handbook):
    form = planner(page, base_url)
    form.get_by_label("照哪個劇本開（可不選）").select_option("budget-approval")
    budget = preparation_shown(form)
    assert budget["財務部"] == handbook.playbooks["budget-approval"].meeting.prepare["finance"]
    assert budget["銷售部"][0].startswith("會前完成（T-25）：做一張預算表")
    form.get_by_label("照哪個劇本開（可不選）").select_option("project-kickoff")
    assert preparation_shown(form)["財務部"] == handbook.playbooks["project-kickoff"].meeting.prepare["finance"]
    form.get_by_label("照哪個劇本開（可不選）").select_option("")
    form.get_by_label("會議類型").select_option("retrospective")
    assert preparation_shown(form)["財務部"][0].startswith("會前兩天交資料負責人：照約定的計算方式算出的本部門目標與實際（例如費用預算執行率")
    form.get_by_label("會議類型").select_option("options")
    assert preparation_shown(form)["財務部"][0].startswith("會前一天交一張表：讀過 A/B/C 方案後")


def test_planner_copies_plain_text(page, base_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    form = planner(page, base_url, "?type=sync&departments=sales,after-sales&minutes=30&start=10:00")
    form.get_by_role("button", name="複製純文字").click()
    expect(form.locator(".hb-status")).to_have_text("已複製到剪貼簿")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert re.match(r"定期面對面溝通\n\d{4}-\d\d-\d\d 10:00–10:30（會議 30 分鐘）\n\n10:00 ", copied)


def test_planner_is_usable_with_a_thumb(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + "tools/")
    page.locator(".hb-planner__result table").wait_for()
    small = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.hb-tool select, .hb-tool input:not([type=checkbox]), .hb-tool .md-button, .hb-tool .hb-choice'))
        .filter(e => e.offsetParent).map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().height])
        .filter(([, h]) => h < 44)""")
    assert not small
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    screenshot(page, "tools-390")
    context.close()


def test_agenda_prints_on_a4_without_the_controls(page, base_url):
    form = planner(page, base_url, "?type=kickoff&departments=sales,finance&minutes=60")
    page.evaluate("""() => { document.documentElement.classList.add('hb-print-only');
        document.querySelector('form.hb-planner').classList.add('hb-print-target'); }""")
    page.emulate_media(media="print")
    assert form.locator(".hb-planner__result table").is_visible()
    assert form.locator(".hb-choices").is_hidden() and form.locator(".hb-tool__grid").is_hidden()
    assert page.locator("form.hb-worksheet").is_hidden() and page.locator("h1").is_hidden()
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type/Page") <= 2
    assert b"/MediaBox [0 0 594.95996 841.91998]" in pdf or b"/MediaBox [0 0 595" in pdf


def test_retrospective_worksheet_computes_gaps_saves_and_exports_inert_markdown(page, base_url):
    page.goto(base_url + "tools/")
    sheet = page.locator("form.hb-worksheet")
    expect(sheet.locator(".hb-actions")).to_be_visible()
    sheet.get_by_label("專案名稱").fill("保養節")
    sheet.get_by_label("指標 1").fill("續保達成率")
    sheet.get_by_label("目標 1").fill("70")
    sheet.get_by_label("實際 1").fill("66.5")
    sheet.get_by_label("單位 1").fill("%")
    sheet.get_by_label("指標 2").fill("進廠台數")
    sheet.get_by_label("目標 2").fill("120")
    sheet.get_by_label("實際 2").fill("131")
    expect(sheet.locator("tr[data-row]").nth(0).locator("output")).to_have_text("-3.5%")
    expect(sheet.locator("tr[data-row]").nth(1).locator("output")).to_have_text("+11")
    sheet.get_by_label("感謝誰、謝什麼").fill("客服部小林\n## 假標題\n- [x] 假裝完成")
    sheet.get_by_label("不足 1").fill("簡訊晚發 | 兩天")
    sheet.get_by_label("改進措施 1").fill("提前一週排程")
    sheet.get_by_label("負責人 1").fill("王主任")
    sheet.get_by_label("期限 1").fill("2027-04-30")
    sheet.get_by_label("帶到下一個專案啟動會的事項（一行一項）").fill("先排簡訊\n- [x] 偽造")
    sheet.get_by_role("button", name="再加一列指標").click()
    assert sheet.locator(".hb-worksheet__results tr[data-row]").count() == 4

    name, data = download(page, sheet.get_by_role("button", name="匯出 Markdown"))
    assert re.fullmatch(r"保養節-合作總結-\d{4}-\d\d-\d\d\.md", name)  # the project and the date, not 合作總結.md
    markdown = data.decode("utf-8")
    lines = markdown.splitlines()
    assert lines[0] == "# 合作總結：保養節"
    assert [line for line in lines if line.startswith("#")] == [
        "# 合作總結：保養節", "## 一、感謝", "## 二、用資料看成果", "## 三、做得好、下次照做的地方",
        "## 四、不足與改進措施", "## 五、帶到下一個專案啟動會"]
    assert not [line for line in lines if line.startswith("- [x]")]
    assert "- \\## 假標題" in lines and "- [ ] \\- \\[x\\] 偽造" in lines  # a heading or task mark only where a line starts
    assert "| 續保達成率 | 70% | 66.5% | -3.5% |" in lines  # decimals and dates read as written
    assert "| 簡訊晚發 \\| 兩天 | 提前一週排程 | 王主任 | 2027-04-30 |" in lines

    page.reload()
    sheet = page.locator("form.hb-worksheet")
    expect(sheet.get_by_label("實際 1")).to_have_value("66.5")
    expect(sheet.locator("tr[data-row]").nth(0).locator("output")).to_have_text("-3.5%")
    saved = page.evaluate("window.HandbookStore.load('retrospective')")
    assert saved["project"] == "保養節" and saved["fixes"][0]["owner"] == "王主任"


def test_worksheet_uses_the_project_store_when_the_page_has_one(page, base_url):
    page.goto(base_url + "tools/")
    sheet = page.locator("form.hb-worksheet")
    expect(sheet.locator(".hb-actions")).to_be_visible()
    sheet.get_by_label("專案名稱").fill("車展")
    assert page.evaluate("window.HandbookStore.load('retrospective').project") == "車展"
    assert page.evaluate("localStorage.getItem('handbook:v1:retrospective')") is None
    other = page.context.new_page()  # another tab saves: this one follows
    other.goto(base_url + "tools/")
    other.evaluate("() => window.HandbookStore.save('retrospective', {project: '另一個專案'})")
    expect(sheet.get_by_label("專案名稱")).to_have_value("另一個專案")
    other.close()


def test_stretch_calculator_works_in_percentage_points(page, base_url):
    page.goto(base_url + "tools/")
    tool = page.locator("form.hb-stretch-tool")
    result = tool.locator(".hb-stretch-tool__result")
    expect(result).to_contain_text("7 個百分點（20 − 13）")
    expect(result).to_contain_text("70%（50% + 20 個百分點）")
    tool.get_by_label("市場平均達成率（%）").fill("41.5")
    tool.get_by_label("這次目標高出市場（百分點）").fill("18")
    expect(result).to_contain_text("5 個百分點")
    expect(result).to_contain_text("59.5%")
    tool.get_by_label("這次目標高出市場（百分點）").fill("10")
    expect(result).to_contain_text("這不是挑戰")


def test_interest_matrix_follows_the_chosen_departments_and_exports(page, base_url, handbook):
    page.goto(base_url + "tools/")
    tool = page.locator("form.hb-matrix-tool")
    expect(tool.locator(".hb-actions")).to_be_visible()
    for department in handbook.departments.values():
        if department.id not in ("sales", "auto-finance"):
            tool.locator("fieldset").get_by_label(department.name, exact=True).uncheck()
    expect(tool.locator("[data-department]:visible")).to_have_count(2)
    tool.get_by_label("銷售部專案負責人").fill("陳組長")
    tool.get_by_label("唯一的溝通平台").fill("公司群組")
    _, data = download(page, tool.get_by_role("button", name="匯出 Markdown"))
    markdown = data.decode("utf-8")
    assert "### 銷售部\n\n- 專案負責人：陳組長" in markdown and "### 金融部" in markdown
    assert "### 行銷部" not in markdown and "- 唯一的溝通平台：公司群組" in markdown
    page.reload()
    expect(page.locator("form.hb-matrix-tool [data-department]:visible")).to_have_count(2)


def new_project(page, base_url, name: str, departments: list[str]) -> None:
    """Make a project the way 我的專案 does (the page's own script), and open the tools page in it."""
    page.goto(base_url + "tools/")
    page.evaluate("([n, d]) => HandbookStore.createProject({name: n, departments: d})", [name, departments])
    page.reload()


def test_the_stretch_target_and_the_matrix_are_the_current_projects(page, base_url):
    new_project(page, base_url, "甲專案", ["sales", "insurance"])
    matrix = page.locator("form.hb-matrix-tool")
    expect(matrix.locator("[data-department]:visible")).to_have_count(2)  # the project's departments, not all
    matrix.get_by_label("保險部專案負責人").fill("王主任")
    page.wait_for_function("() => HandbookStore.currentProject().people.insurance === '王主任'")  # the project's people
    stretch = page.locator("form.hb-stretch-tool")
    stretch.get_by_label("市場平均達成率（%）").fill("41.5")
    page.reload()
    expect(page.locator("form.hb-stretch-tool").get_by_label("市場平均達成率（%）")).to_have_value("41.5")

    new_project(page, base_url, "乙專案", ["sales"])  # another project: its own numbers and people
    expect(page.locator("form.hb-stretch-tool").get_by_label("市場平均達成率（%）")).not_to_have_value("41.5")
    expect(page.locator("form.hb-matrix-tool [data-department]:visible")).to_have_count(1)
    expect(page.locator("form.hb-matrix-tool").get_by_label("保險部專案負責人")).to_have_value("")
    page.goto(base_url + "projects/project/")
    page.locator(".hb-project-title").wait_for()
    page.select_option("#hb-project-switch", label="甲專案")
    page.wait_for_function("() => document.querySelector('.hb-project-summary').textContent.includes('保險部（王主任）')")


def test_simplified_edition_calendar_names_its_edition(page, base_url):
    form = planner(page, base_url.rstrip("/") + "/zh-Hans/", "?type=sync&departments=sales&minutes=30&date=2027-05-03")
    expect(form.locator(".hb-planner__result")).to_contain_text("定期面对面沟通")
    _, data = download(page, form.get_by_role("button", name="加入行事曆（.ics）".replace("行事曆", "行事历")))
    calendar, event = event_of(data)
    assert "zh-Hans" in str(calendar["PRODID"]) and str(event["SUMMARY"]) == "定期面对面沟通"


@pytest.mark.parametrize("path", ["tools/", "about-source/", "editors/macros/", "404.html"])
def test_new_pages_have_no_accessibility_violation(page, base_url, path):
    page.goto(base_url + path)
    if path == "tools/":
        page.locator(".hb-planner__result table").wait_for()
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]


def test_not_found_page_speaks_chinese_and_leads_home(page, base_url):
    page.goto(base_url + "404.html")  # what nginx serves for a missing page (the test server has no 404 rule)
    assert page.title() == "找不到這一頁 - 跨部門協作手冊"
    page.get_by_role("searchbox", name="搜尋手冊").fill("負責人")
    page.keyboard.press("Enter")  # a plain form: home with ?q=, where the handbook's search box takes it up
    expect(page.locator(".hb-search__input")).to_have_value("負責人")
    expect(page.locator(".hb-search__results [role=option]").first).to_be_visible()
    page.goto(base_url + "404.html")
    expect(page.locator("h1")).to_have_text("找不到這一頁")
    page.get_by_role("link", name="回到首頁").click()
    expect(page.locator("h1")).to_contain_text("跨部門協作手冊")
    assert page.url == base_url


def test_tools_page_reads_without_javascript(browser, base_url, handbook):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "tools/")
    assert page.locator(".hb-noscript-note").first.is_visible()
    # the whole matrix, server-built: one card per department
    assert page.locator("form.hb-matrix-tool [data-department]").count() == len(handbook.departments)
    assert page.locator(".hb-actions").first.is_hidden()
    context.close()


def test_planner_works_from_the_keyboard(page, base_url):
    form = planner(page, base_url, "?type=sync&departments=sales&minutes=30&start=09:00")
    form.get_by_label("會議類型").focus()
    order = []
    for _ in range(16):  # date and time fields take a Tab per part (day, month, year)
        name = page.evaluate("document.activeElement.name || document.activeElement.textContent")
        if not order or order[-1] != name:
            order.append(name)
        page.keyboard.press("Tab")
    assert order[:7] == ["type", "playbook", "minutes", "date", "start", "title", "departments"]
    form.get_by_label("行銷部", exact=True).focus()
    page.keyboard.press("Space")  # ticked with the keyboard: the agenda follows
    expect(form.locator(".hb-planner__result")).to_contain_text("行銷部進度與卡關")
    outline = page.evaluate("getComputedStyle(document.activeElement.closest('label')).outlineStyle")
    assert outline != "none"  # the focused choice shows where the keyboard is
