"""Agenda time boxes, the stretch target and the exports: pure functions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handbook.domain.agenda import AgendaError, add_minutes, allocate, build_agenda
from handbook.domain.exports import agenda_markdown, agenda_text, retrospective_markdown
from handbook.content.loading import load
from handbook.domain.targets import stretch_target

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def handbook():
    loaded, problems = load(ROOT)
    assert not problems
    return loaded


@pytest.mark.parametrize("total,weights,expected", [
    (10, [1, 1], [5, 5]),
    (10, [1, 2], [4, 6]),
    (7, [1, 1, 1], [3, 2, 2]),
    (3, [5, 1, 1], [1, 1, 1]),
    (60, [2, 2, 2, 2, 1, 1], [12, 12, 12, 12, 6, 6]),
    (61, [3, 1], [45, 16]),
])
def test_allocate_adds_up_exactly(total, weights, expected):
    assert allocate(total, weights) == expected
    assert sum(expected) == total


@pytest.mark.parametrize("total", range(8, 200, 7))
@pytest.mark.parametrize("weights", [[1], [3, 1, 2], [2] * 8, [1, 5, 1, 5, 1]])
def test_allocate_gives_every_item_a_minute_and_sums_to_total(total, weights):
    minutes = allocate(total, weights)
    assert sum(minutes) == total
    assert min(minutes) >= 1


def test_allocate_refuses_more_items_than_minutes():
    with pytest.raises(AgendaError, match="議程有 4 個項目，但只有 3 分鐘"):
        allocate(3, [1, 1, 1, 1])


def test_clock_arithmetic_wraps_at_midnight():
    assert add_minutes("09:30", 45) == "10:15"
    assert add_minutes("23:50", 20) == "00:10"


def test_kickoff_agenda_is_time_boxed_and_complete(handbook):
    agenda = build_agenda(handbook, "kickoff", ["sales", "marketing", "finance"], 60, start="14:00")
    assert sum(item.minutes for item in agenda.items) == 60
    assert agenda.items[0].start == "14:00"
    assert agenda.end == "15:00"
    for previous, item in zip(agenda.items, agenda.items[1:]):
        assert item.start == add_minutes(previous.start, previous.minutes)
    owners = [item.owner for item in agenda.items]
    assert {"sales", "marketing", "finance"} <= set(owners)
    assert set(agenda.preparation) == {"sales", "marketing", "finance"}
    assert "各部門專案負責人名單" in agenda.decisions


def test_playbook_agenda_is_its_live_steps_at_their_own_minutes(handbook):
    playbook = handbook.playbooks["options-abc"]
    agenda = build_agenda(handbook, "options", list(playbook.departments), 90, playbook)
    live = [(s.text, s.minutes, s.owner) for s in playbook.steps if s.mode == "live"]
    assert [(i.title, i.minutes, i.owner) for i in agenda.items[:-1]] == live
    assert (agenda.items[-1].title, agenda.items[-1].minutes) == ("決議與下一步", 90 - sum(m for _, m, _ in live))
    assert [w.text for w in agenda.outside] == [s.text for s in playbook.steps if s.mode == "async"]


def test_a_meeting_shorter_than_the_playbooks_live_steps_grows_to_fit_them(handbook):
    playbook = handbook.playbooks["options-abc"]
    live = sum(s.minutes for s in playbook.steps if s.mode == "live")
    agenda = build_agenda(handbook, "options", list(playbook.departments), 30, playbook)
    assert agenda.minutes == live == sum(i.minutes for i in agenda.items)
    assert all(i.title != "決議與下一步" for i in agenda.items)


@pytest.mark.parametrize("args,message", [
    (("kickoff", ["sales"], 20), "專案啟動會至少要 30 分鐘，這裡只給了 20 分鐘"),
    (("kickoff", ["salse"], 60), "找不到部門「salse」"),
    (("brainstorm", ["sales"], 60), "不認識的會議類型「brainstorm」"),
    (("kickoff", [], 60), "議程至少要有一個參與部門"),
    (("sync", list("x"), 15), "找不到部門「x」"),
])
def test_impossible_agendas_are_errors(handbook, args, message):
    with pytest.raises(AgendaError, match=message):
        build_agenda(handbook, *args)


def test_the_shortest_meeting_with_every_department_still_gives_each_item_a_minute(handbook):
    agenda = build_agenda(handbook, "sync", list(handbook.departments), 15)
    assert len(agenda.items) == len(handbook.departments) + 3
    assert min(i.minutes for i in agenda.items) >= 1 and sum(i.minutes for i in agenda.items) == 15


def test_bad_start_time_is_an_error(handbook):
    with pytest.raises(AgendaError, match="開始時間「9點」應寫成 HH:MM"):
        build_agenda(handbook, "sync", ["sales"], 30, start="9點")


def test_agenda_exports(handbook):
    agenda = build_agenda(handbook, "sync", ["sales", "after-sales"], 30, start="10:00")
    markdown = agenda_markdown(handbook, agenda)
    assert markdown.startswith("# 定期面對面溝通\n")
    assert "| 10:00 |" in markdown and "售後部" in markdown
    text = agenda_text(handbook, agenda)
    assert "10:00–10:30（會議 30 分鐘）" in text


def test_agenda_markdown_cannot_be_forged_by_a_title(handbook):
    agenda = build_agenda(handbook, "sync", ["sales"], 30, title="週會\n## 假標題\n- [x] 假完成")
    markdown = agenda_markdown(handbook, agenda)
    assert "\n## 假標題" not in markdown and "\n- [x]" not in markdown
    assert markdown.startswith("# 週會 \\#\\# 假標題 \\- \\[x\\] 假完成\n")


def test_playbook_agenda_exports_list_outside_work_apart(handbook):
    playbook = handbook.playbooks["one-process"]
    agenda = build_agenda(handbook, "kickoff", list(playbook.departments), 60, playbook)
    markdown = agenda_markdown(handbook, agenda)
    outside = [step for step in playbook.steps if step.mode == "async"]
    assert outside, "one-process has outside work"
    assert f"## 會外工作（不佔會議時間，共 {sum(step.minutes for step in outside)} 分鐘）" in markdown
    assert f"- {outside[0].text}" in markdown


def test_stretch_target_matches_the_article():
    target = stretch_target(50, 13, 20)
    assert target.stretch_points == 7
    assert target.target_rate == 70
    assert target.expected_rate == 63


def test_stretch_target_refuses_a_rate_above_100():
    with pytest.raises(ValueError, match="超過 100%"):
        stretch_target(90, 13, 20)


def test_stretch_target_refuses_a_target_below_history():
    with pytest.raises(ValueError, match="不是挑戰"):
        stretch_target(50, 13, 10)


def test_retrospective_markdown_follows_the_article_order(handbook):
    case = handbook.cases["renewal-weekend"]
    markdown = retrospective_markdown(handbook, case)
    order = [markdown.index(h) for h in ("一、感謝", "二、用數據看成果", "三、做得好的地方", "四、不足與改進措施", "五、帶到下一個專案")]
    assert order == sorted(order)
    assert "## 二、用數據看成果（示例）" in markdown
    assert "（示例）單" not in markdown and "（示例）%" not in markdown  # never inside a number
