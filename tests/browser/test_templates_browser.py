"""The editors' macro reference: agendas and retrospectives leave the site as text and Markdown; calendar files
are made by the planner (tests/browser/test_tools_browser.py), never dated at build time."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from handbook.content.models import TEMPLATE_NAMES


@pytest.fixture
def toolkit(page, base_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page.goto(base_url + "editors/macros/")
    return page


def download(page, button) -> str:
    """Click a download button and return the file's text."""
    with page.expect_download() as info:
        button.click()
    return Path(info.value.path()).read_bytes().decode("utf-8")


def test_every_template_is_listed_with_a_live_example(toolkit):
    for name in TEMPLATE_NAMES:
        assert toolkit.locator(f"h2#{name}").count() == 1, name
    assert toolkit.locator(".hb-agenda").count() >= 1
    assert toolkit.locator(".hb-retro").count() == 1
    assert toolkit.locator(".hb-swimlane").count() == 1


def test_agenda_copies_as_plain_text(toolkit):
    agenda = toolkit.locator(".hb-agenda").first
    agenda.get_by_role("button", name="複製純文字").click()
    expect(agenda.locator(".hb-status")).to_have_text("已複製到剪貼簿")
    copied = toolkit.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("專案啟動會\n14:00–15:00（會議 60 分鐘）")
    assert "14:00   10 分  開場：專案目標與背景（發起人）" in copied


def test_agenda_downloads_as_markdown_and_schedules_in_the_planner(toolkit, base_url):
    agenda = toolkit.locator(".hb-agenda").first
    markdown = download(toolkit, agenda.get_by_role("link", name="下載 Markdown"))
    assert markdown.startswith("# 專案啟動會\n")
    assert "| 14:00 | 10 | 開場：專案目標與背景 | 發起人 |" in markdown
    assert agenda.locator("a[href$='.ics']").count() == 0
    agenda.get_by_role("link", name="用這個議程排會議").click()
    assert toolkit.url.startswith(base_url + "tools/?type=kickoff&departments=sales%2Cmarketing%2Cfinance")
    expect(toolkit.locator(".hb-planner__result table tbody tr").first).to_contain_text("開場：專案目標與背景")


def test_retrospective_downloads_as_markdown(toolkit):
    retro = toolkit.locator(".hb-retro")
    markdown = download(toolkit, retro.get_by_role("link", name="下載 Markdown"))
    assert markdown.startswith("# 合作總結：週末續保促銷活動")
    assert "（示例）單" not in markdown
    assert "## 二、用資料看成果（示例）" in markdown


def test_downloads_work_without_javascript_and_copy_needs_it(browser, base_url):
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(base_url + "editors/macros/")
    agenda = page.locator(".hb-agenda").first
    assert agenda.locator(".hb-copy").is_hidden()
    assert agenda.locator("table").is_visible()
    markdown = download(page, agenda.get_by_role("link", name="下載 Markdown"))
    assert markdown.startswith("# 專案啟動會\n")
    context.close()


def test_every_playbook_and_case_page_shows_an_agenda(page, base_url, site):
    for kind in ("playbooks", "cases"):
        for folder in sorted((site / kind).iterdir()):
            if folder.is_dir():
                html = (folder / "index.html").read_text(encoding="utf-8")
                if 'http-equiv="refresh"' in html:  # an old address that leads to the merged play
                    continue
                assert 'class="hb-agenda"' in html, folder
