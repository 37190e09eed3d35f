"""The project pages as a manager uses them, for the browser tests of several folders."""

from __future__ import annotations

# The path's meeting steps (live or huddle, dated from D but not on it) as the calendar (its argument) shows them:
# [{key, when, day, who}], from the project view's own data.
MEETING_STEPS = """async calendar => {
  const data = await (await fetch(document.querySelector("[data-project-src]").getAttribute("data-project-src"))).json();
  const shown = [];
  data.path.forEach(play => play.steps.forEach((step, index) => {
    const item = calendar.querySelector(`[data-step="${play.id}:${index}"]`);
    if (step.mode !== "async" && step.offset && item) {
      shown.push({key: play.id + ":" + index, when: step.when, day: item.querySelector("time").dateTime,
                  who: item.querySelector(".hb-calendar__who").textContent});
    }
  }));
  return shown;
}"""


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
