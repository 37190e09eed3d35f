"""A `huddle` step is held in another short meeting (the event day's 晨會): it is not outside work, and it is not on
the agenda of the meeting the playbook describes (the 收尾會), here and in the browser's data."""

from __future__ import annotations

from pathlib import Path

from handbook.content.loading import load
from handbook.domain.agenda import before_meeting, build_agenda, live_steps, outside_work
from handbook.domain.exports import playbook_data
from handbook.render.rendering import MODE_NAMES

ROOT = Path(__file__).resolve().parents[2]


def event_day():
    handbook, problems = load(ROOT)
    assert handbook is not None, [str(p) for p in problems]
    return handbook, handbook.playbooks["event-day-runbook"]


def test_the_morning_briefing_is_a_huddle_not_on_the_closing_meetings_agenda():
    handbook, playbook = event_day()
    briefing = next(step for step in playbook.steps if "晨會" in step.text)
    assert briefing.mode == "huddle"
    assert briefing not in live_steps(playbook)
    assert briefing.text not in [work.text for work in outside_work(playbook)]
    agenda = build_agenda(handbook, playbook.meeting.type, list(playbook.departments), playbook.meeting.minutes,
                          playbook)
    assert all("晨會" not in item.title for item in agenda.items)
    assert [step.when for step in before_meeting(playbook)] == ["T-1"]
    assert MODE_NAMES["huddle"] == "另一場短會"


def test_the_browser_data_marks_which_steps_make_the_agenda():
    _, playbook = event_day()
    steps = playbook_data(playbook)["steps"]
    assert [s["meeting"] for s in steps] == [s.mode == "live" for s in playbook.steps]
    assert next(s for s in steps if "晨會" in s["text"])["offset"] == 0
