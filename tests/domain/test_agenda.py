"""Agenda time boxes, the stretch target and the exports: pure functions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.domain.agenda import (MEETING_TYPES, AgendaError, add_minutes, allocate, before_meeting, build_agenda,
                                    type_preparation)
from handbook.domain.exports import agenda_markdown, agenda_text, retrospective_markdown
from handbook.domain.targets import stretch_target

ROOT = Path(__file__).resolve().parents[2]


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
    assert markdown.startswith("# 週會 ## 假標題 - \\[x\\] 假完成\n")  # inside a line, # and - are only text


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
    order = [markdown.index(h) for h in ("一、感謝", "二、用資料看成果", "三、做得好的地方", "四、不足與改進措施", "五、帶到下一個專案")]
    assert order == sorted(order)
    assert "## 二、用資料看成果（示例）" in markdown
    assert "（示例）單" not in markdown and "（示例）%" not in markdown  # never inside a number


# ---------- 會前準備: what each department brings, from the meeting's own data ----------

def playbook_agenda(handbook, slug, departments=None, meeting_type=None):
    playbook = handbook.playbooks[slug]
    meeting = playbook.meeting
    return build_agenda(handbook, meeting_type or meeting.type, departments or meeting.departments
                        or list(playbook.departments), meeting.minutes, playbook)


def test_a_playbook_meeting_prepares_from_its_own_steps_and_prepare_lines(handbook):
    playbook = handbook.playbooks["budget-approval"]
    prep = playbook_agenda(handbook, "budget-approval").preparation
    before = playbook.steps[:2]  # the budget sheet (sales) and the co-op rules (marketing), in either order
    budget_sheet, co_op = (next(s for s in before if s.owner == owner) for owner in ("sales", "marketing"))
    assert prep["sales"][0] == f"會前完成（{budget_sheet.when}）：{budget_sheet.text}"
    assert prep["marketing"][0] == f"會前完成（{co_op.when}）：{co_op.text}"
    assert prep["finance"] == tuple(playbook.meeting.prepare["finance"])
    assert "會前一天交一張表：本月費用率與本季還能動用的活動預算（數字）" in prep["finance"]
    later = [s.text for s in playbook.steps[2:]]  # the sign-off and claims come after the meeting
    assert not [line for lines in prep.values() for line in lines if any(text in line for text in later)]


def test_the_same_department_prepares_differently_for_different_meetings(handbook):
    budget = playbook_agenda(handbook, "budget-approval").preparation["finance"]
    kickoff = playbook_agenda(handbook, "project-kickoff").preparation["finance"]
    retro = playbook_agenda(handbook, "closing-retrospective").preparation["after-sales"]
    assert budget != kickoff
    assert any("負責人與代理人" in line for line in kickoff) and not any("負責人與代理人" in line for line in budget)
    assert any("目標與實際" in line for line in retro)


@pytest.mark.parametrize("slug", sorted(p.stem for p in (ROOT / "playbooks").glob("*.md")))
def test_every_department_of_a_playbooks_meeting_gets_that_plays_preparation(handbook, slug):
    """No shipped playbook leaves a department of its meeting with the generic lines of the meeting's kind."""
    playbook = handbook.playbooks[slug]
    agenda = playbook_agenda(handbook, slug)
    kind = MEETING_TYPES[playbook.meeting.type]
    for ident, lines in agenda.preparation.items():
        assert lines != type_preparation(kind, handbook.departments[ident]), ident
        assert 1 <= len(lines) <= 6, ident


def test_outside_work_on_the_meetings_own_day_is_not_preparation(handbook):
    playbook = handbook.playbooks["event-day-runbook"]  # the closing meeting is at the end of day D
    first_live = next(i for i, s in enumerate(playbook.steps) if s.mode == "live")
    assert [s.when for s in playbook.steps[:first_live]] == ["T-1", "D", "D", "D"]  # listed before it, the day's work
    prep = playbook_agenda(handbook, "event-day-runbook").preparation
    lines = [line for tasks in prep.values() for line in tasks]
    assert any(line.startswith("會前完成（T-1）：") for line in lines)
    assert not any(line.startswith("會前完成（D）") for line in lines)


def test_steps_after_the_first_live_step_are_never_preparation(handbook):
    for playbook in handbook.playbooks.values():
        first_live = next(i for i, s in enumerate(playbook.steps) if s.mode == "live")
        prepared = before_meeting(playbook)
        assert all(playbook.steps.index(s) < first_live and s.mode == "async" for s in prepared), playbook.slug


@pytest.mark.parametrize("meeting_type,expected", [
    ("kickoff", "會前一天回覆發起部門：本部門的專案負責人與代理人"),
    ("sync", "會前一天在群組回報上次決議裡本部門負責的事"),
    ("options", "會前一天交一張表：讀過 A/B/C 方案後"),
    ("retrospective", "會前兩天交資料負責人：照約定的計算方式算出的本部門目標與實際"),
])
def test_without_a_playbook_the_meeting_kind_decides_what_to_bring(handbook, meeting_type, expected):
    prep = build_agenda(handbook, meeting_type, ["after-sales", "finance"], 60).preparation
    assert prep["after-sales"][0].startswith(expected)
    assert any("售後產值" in line for line in prep["after-sales"])  # its own headline KPI
    assert any("費用預算執行率" in line for line in prep["finance"])
    assert not any("（原文" in line for lines in prep.values() for line in lines)  # notes stay in the record


def test_the_kinds_of_meeting_ask_for_different_things(handbook):
    kinds = [build_agenda(handbook, t, ["sales"], 60).preparation["sales"] for t in MEETING_TYPES]
    assert len(set(kinds)) == len(MEETING_TYPES)


def test_a_department_outside_the_playbook_gets_the_chosen_kinds_preparation(handbook):
    playbook = handbook.playbooks["budget-approval"]
    agenda = build_agenda(handbook, "options", ["finance", "accessories"], 30, playbook)
    assert agenda.preparation["accessories"] == type_preparation(MEETING_TYPES["options"],
                                                                 handbook.departments["accessories"])
    assert agenda.preparation["finance"] == tuple(playbook.meeting.prepare["finance"])


def test_case_meetings_prepare_from_the_case_not_from_another_example(handbook):
    case = handbook.cases["renewal-weekend"]
    for meeting in case.meetings:
        agenda = build_agenda(handbook, meeting.type, meeting.departments or list(case.departments),
                              meeting.minutes, None, meeting.start, meeting.title, meeting.prepare)
        assert set(agenda.preparation) == set(meeting.prepare)
        for ident, lines in agenda.preparation.items():
            assert lines == tuple(meeting.prepare[ident])
            assert not any("車展" in line for line in lines), ident


def test_preparation_in_the_text_and_markdown_exports(handbook):
    agenda = playbook_agenda(handbook, "budget-approval")
    text = agenda_text(handbook, agenda)
    assert "\n會前準備：\n【銷售部】\n・會前完成（T-25）：做一張預算表" in text
    assert "【財務部】\n・會前一天交一張表：本月費用率與本季還能動用的活動預算（數字）\n" in text
    markdown = agenda_markdown(handbook, agenda)
    assert re.search(r"## 會前準備\n\n- 銷售部\n    - 會前完成（T-\d+）：做一張預算表", markdown)  # the step's own day


def test_preparation_lines_cannot_forge_markdown(handbook):
    agenda = build_agenda(handbook, "sync", ["sales"], 30, prepare={"sales": ["帶名單\n## 假標題\n- [x] 假完成"]})
    markdown = agenda_markdown(handbook, agenda)
    assert "\n## 假標題" not in markdown and "\n- [x]" not in markdown
    assert "    - 帶名單 ## 假標題 - \\[x\\] 假完成\n" in markdown
