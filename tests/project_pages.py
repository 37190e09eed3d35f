"""The project pages as a manager uses them, for the browser tests of several folders."""

from __future__ import annotations


def create_project(page, base_url: str, name: str, departments=(), event_date: str = "", target: str = "") -> None:
    """Create a project on 我的專案 the way a manager would."""
    page.goto(base_url + "projects/")
    page.locator("[data-project-form]").wait_for(state="visible")
    page.fill("#project-name", name)
    for department in departments:
        page.check(f"input[name=departments][value='{department}']")
    if event_date:
        page.fill("#project-date", event_date)
    page.fill("#project-target", target)
    page.locator("[data-project-form] button[type=submit]").click()  # 建立專案 (建立项目 on the Simplified edition)
    page.wait_for_url("**/projects/project/")  # a new project opens on its own page
    page.wait_for_function("n => HandbookStore.currentProject().name === n", arg=name)
