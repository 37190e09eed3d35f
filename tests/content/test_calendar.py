"""The plays' calendar (handbook/content/calendar.py): `when` read as days, and the rules by which the plays'
dates compose into one project calendar; the check refuses a broken path and passes the real content."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from handbook.checks import check_all
from handbook.content import calendar
from handbook.content.calendar import Locator, calendar_problems, day_offset, dated_steps, trigger_offset
from handbook.content.loading import load
from handbook.content.models import Playbook, when_code

ROOT = Path(__file__).resolve().parents[2]
RULES = "時間點的寫法與排序規則見 CONTRIBUTING.md〈步驟的時間點〉"


def play(slug: str, *whens: str, path_order: int | None = None, live: tuple[int, ...] = (), body: str = "",
         title: str | None = None, huddle: tuple[int, ...] = ()) -> Playbook:
    """A playbook of one step per `when` (steps at the indexes in live are held in the meeting, those in huddle in
    another short meeting)."""
    steps = [{"text": f"第 {i + 1} 步", "minutes": 10, "owner": "sales", "when": when,
              "mode": "live" if i in live else "huddle" if i in huddle else "async"} for i, when in enumerate(whens)]
    return Playbook.model_validate({
        "slug": slug, "title": title or f"劇本{slug}", "phase": "溝通", "summary": "測試用。", "symptoms": ["測試"],
        "departments": ["sales"], "prep_minutes": 0, "run_minutes": 10 * len(steps), "steps": steps,
        "pitfalls": ["測試"], "meeting": {"type": "sync", "minutes": 15}, "source": "延伸閱讀", "owner": "營運部",
        "review_by": "2027-06-30", "path_order": path_order, "body": body})


WHERE = Locator(path=lambda p: f"playbooks/{p.slug}.md", step_line=lambda p, index: 100 + index,
                body_line=lambda p, number: 200 + number)


def problems(*playbooks: Playbook) -> list[str]:
    return [str(problem) for problem in calendar_problems(list(playbooks), WHERE)]


# --- reading `when` -------------------------------------------------------------------------------------

@pytest.mark.parametrize("when,day", [("T-21", -21), ("D", 0), ("T+3", 3), ("T-120", -120), ("觸發時", None),
                                      ("觸發+2", None), ("每週", None), ("每天", None), (None, None), ("T21", None)])
def test_day_offset_counts_days_from_the_event_day(when, day):
    assert day_offset(when) == day


@pytest.mark.parametrize("when,day", [("觸發時", 0), ("觸發+2", 2), ("T-21", None), ("每週", None), ("觸發-1", None)])
def test_trigger_offset_counts_days_from_the_trigger(when, day):
    assert trigger_offset(when) == day


@pytest.mark.parametrize("when", ["T-21", "D", "T+3", "觸發時", "觸發+14", "每天", "每週", "每月"])
def test_the_three_scales_are_valid_values(when):
    assert when_code(when) == when


@pytest.mark.parametrize("when", ["T21", "t-21", "T-0", "D-14", "D−14", "觸發", "觸發-1", "觸發 + 2", "每周", "週一"])
def test_other_values_are_refused_with_every_scale_in_the_hint(when):
    with pytest.raises(ValueError, match=f"時間點「{re.escape(when)}」看不懂.*觸發時.*每週"):
        when_code(when)


def test_dated_steps_are_the_steps_on_the_event_scale_with_their_day():
    playbook = play("a", "每週", "T-3", "D", "T+2")
    assert [(d.index, d.day, d.step.when) for d in dated_steps(playbook)] == [(1, -3, "T-3"), (2, 0, "D"), (3, 2, "T+2")]
    assert dated_steps(play("b", "觸發時", "觸發+1")) == []


def test_the_legend_explains_only_the_scales_a_playbook_uses():
    assert calendar.when_legend(play("a", "T-2", "D")) == "T-21 表示活動前 21 天，D 是活動當天，T+3 是活動後 3 天。"
    assert calendar.when_legend(play("b", "觸發時", "每週")) == (
        "觸發時是事情發生的當天，觸發+2 是發生後 2 天。每天、每週、每月是定期重複的步驟，沒有固定哪一天。")


# --- rule 1: within a play ------------------------------------------------------------------------------

def test_steps_out_of_time_order_are_refused_at_the_later_step():
    assert problems(play("a", "T-20", "T-21")) == [
        "playbooks/a.md:101: steps[1].when: 時間點 T-21 比前一步的 T-20 還早；步驟要照時間先後排列"]


def test_recurring_steps_do_not_break_the_order_and_trigger_days_are_ordered_too():
    assert problems(play("a", "T-3", "每週", "T-1")) == []
    assert problems(play("b", "觸發+1", "觸發時")) == [
        "playbooks/b.md:101: steps[1].when: 時間點 觸發時 比前一步的 觸發+1 還早；步驟要照時間先後排列"]


def test_a_play_uses_one_scale():
    assert problems(play("a", "觸發時", "T-3")) == [
        "playbooks/a.md:101: steps[1].when: 這個劇本前面的步驟從觸發事件算（觸發時），這一步卻從活動日算（T-3）；"
        "同一個劇本只能用一種算法"]
    assert problems(play("b", "T-3", "每週", "T-2")) == []


# --- rule 4: meetings on weekdays ------------------------------------------------------------------------

@pytest.mark.parametrize("day,name", [(-1, "週五"), (-5, "週一"), (-6, "週日"), (-7, "週六"), (-27, "週日"),
                                      (-28, "週六"), (-29, "週五"), (1, "週日"), (2, "週一"), (7, "週六"), (9, "週一")])
def test_weekday_counts_from_a_saturday(day, name):
    assert calendar.weekday(day) == name


WEEKEND_HINT = ("會議排在週一到週五；同一場會的其他步驟一起改，步驟仍要照時間先後排，會前要交的東西仍要排在會議之前。"
                f"會外的工作（mode: async）和活動當天 D 不受這條限制；{RULES}")


@pytest.mark.parametrize("when,message", [
    ("T-28", "這一步是會議，活動日若是週六，T-28 會落在週六；改成前一個工作日，例如 T-29（週五）"),
    ("T-27", "這一步是會議，活動日若是週六，T-27 會落在週日；改成前一個工作日，例如 T-29（週五）"),
    ("T-7", "這一步是會議，活動日若是週六，T-7 會落在週六；改成前一個工作日，例如 T-8（週五）"),
    ("T-6", "這一步是會議，活動日若是週六，T-6 會落在週日；改成前一個工作日，例如 T-8（週五）"),
    ("T+1", "這一步是會議，活動日若是週六，T+1 會落在週日；改成下一個工作日，例如 T+2（週一）"),
    ("T+7", "這一步是會議，活動日若是週六，T+7 會落在週六；改成下一個工作日，例如 T+9（週一）"),
    ("T+8", "這一步是會議，活動日若是週六，T+8 會落在週日；改成下一個工作日，例如 T+9（週一）"),
])
def test_a_meeting_on_a_weekend_is_refused_with_the_workday_to_move_to(when, message):
    found = list(calendar_problems([play("a", "T-30", when, live=(1,))], WHERE))
    assert [str(p) for p in found] == [f"playbooks/a.md:101: steps[1].when: {message}"]
    assert found[0].hint == WEEKEND_HINT


def test_every_step_of_a_weekend_meeting_is_named_and_a_huddle_is_a_meeting_too():
    assert [p.split(": ", 2)[:2] for p in problems(play("a", "T-21", "T-21", "T-20", live=(0, 1), huddle=(2,)))] == [
        ["playbooks/a.md:100", "steps[0].when"], ["playbooks/a.md:101", "steps[1].when"],
        ["playbooks/a.md:102", "steps[2].when"]]


@pytest.mark.parametrize("whens", [("T-29", "T-26", "T-8", "T-5", "T-1"), ("T+2", "T+6", "T+9", "T+13")])
def test_meetings_on_weekdays_pass(whens):
    assert problems(play("a", *whens, live=tuple(range(len(whens))))) == []


def test_the_event_day_work_outside_meetings_and_other_scales_are_not_checked():
    assert problems(play("day", "T-7", "D", "D", "T+7", live=(1,), huddle=(2,))) == []  # T-7, T+7 async
    assert problems(play("trigger", "觸發時", "觸發+6", live=(0, 1))) == []
    assert problems(play("weekly", "每週", "每天", "每月", live=(0, 1, 2))) == []


# --- rule 2: the path -----------------------------------------------------------------------------------

def test_a_play_later_on_the_path_may_not_start_earlier():
    first = play("kickoff", "T-35", "T-32", path_order=10, live=(1,), title="專案啟動")
    target = play("target", "T-40", "T-30", path_order=20, live=(1,))
    found = list(calendar_problems([target, first], WHERE))
    assert [str(p) for p in found] == [
        "playbooks/target.md:100: steps[0].when: 新主管路徑上排在「專案啟動」（path_order 10）之後，第一步卻是 T-40，"
        "比它的第一步 T-35 還早"]
    assert found[0].hint == f"把 when 改成 T-35 或更晚，或調整 path_order，讓路徑順序和日期一致；{RULES}"


def test_a_play_later_on_the_path_may_not_meet_earlier():
    """C6: the options meeting (T-26) before the kickoff meeting (T-24) that says it talks no options."""
    kickoff = play("kickoff", "T-28", "T-24", path_order=10, live=(1,), title="專案啟動")
    options = play("options", "T-28", "T-26", path_order=50, live=(1,))
    assert problems(kickoff, options) == [
        "playbooks/options.md:101: steps[1].when: 新主管路徑上排在「專案啟動」（path_order 10）之後，第一個會議步驟卻是 "
        "T-26，比它的會議 T-24 還早"]


def test_the_path_is_compared_with_the_latest_play_before_not_only_the_previous_one():
    late = play("late", "T-10", path_order=10, title="晚開始")
    early = play("early", "T-30", path_order=20)
    earlier = play("earlier", "T-20", path_order=30)
    assert [p.split(": ", 2)[0] for p in problems(late, early, earlier)] == ["playbooks/early.md:100",
                                                                                "playbooks/earlier.md:100"]
    assert "排在「晚開始」（path_order 10）之後" in problems(late, early, earlier)[1]


def test_event_driven_recurring_and_off_path_plays_may_sit_anywhere():
    assert problems(play("a", "T-10", path_order=10), play("escalate", "觸發時", "觸發+2", path_order=20),
                    play("weekly", "每週", path_order=30), play("b", "T-5", path_order=40),
                    play("situational", "T-45")) == []


def test_plays_of_the_same_day_compose():
    assert problems(play("a", "T-26", path_order=10, live=(0,)), play("b", "T-26", path_order=20, live=(0,))) == []


# --- rule 3: what the text says -------------------------------------------------------------------------

def test_claims_of_order_are_links_to_a_playbook_followed_by_before_or_after():
    body = "先讀這段。\n在[專案啟動](project-kickoff.md)之後做；[總結會](../playbooks/closing-retrospective.md#x)以前交。\n" \
           "順帶提到[方案](options-abc.md)，不算。"
    assert list(calendar.order_claims(body)) == [(1, "project-kickoff", False), (1, "closing-retrospective", True)]


def test_a_claim_the_dates_contradict_is_refused_at_its_line():
    kickoff = play("project-kickoff", "T-35", "T-32", live=(1,), title="專案啟動")
    target = play("target", "T-40", body="說明。\n這件事在[專案啟動](project-kickoff.md)之後做。")
    found = list(calendar_problems([kickoff, target], WHERE))
    assert [str(p) for p in found] == [
        "playbooks/target.md:201: 內文: 內文說這個劇本在「專案啟動」之後，第一步 T-40 卻比它的第一步 T-35 還早"]
    assert "不要寫成「[劇本](代號.md)之後」" in found[0].hint


def test_a_claim_the_dates_keep_passes():
    kickoff = play("project-kickoff", "T-35", "T-32", live=(1,), title="專案啟動")
    assert problems(kickoff, play("target", "T-30", body="在[專案啟動](project-kickoff.md)之後做。")) == []
    assert problems(kickoff, play("brief", "T-40", body="在[專案啟動](project-kickoff.md)之前寫好。")) == []
    assert problems(kickoff, play("weekly", "每週", body="在[專案啟動](project-kickoff.md)之前不開。")) == []


# --- the check, on content ------------------------------------------------------------------------------

@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real content to break."""
    for folder in ("departments", "playbooks", "checklists", "cases", "docs"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for name in ("glossary.yml", "mkdocs.yml", "checklists.lock.json"):
        shutil.copy(ROOT / name, tmp_path)
    return tmp_path


def first_when_line(path: Path) -> tuple[int, str]:
    """The line and value of a playbook file's first `when`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith("    when: "):
            return number, line.removeprefix("    when: ")
    raise LookupError(path)


def test_make_check_refuses_a_play_dated_before_the_path_puts_it(project):
    """The options play moved five weeks ahead of the kickoff that the path puts before it."""
    path = project / "playbooks" / "options-abc.md"
    line, when = first_when_line(path)
    path.write_text(path.read_text(encoding="utf-8").replace(f"    when: {when}\n", "    when: T-99\n", 1),
                    encoding="utf-8")
    handbook, found = check_all(project)
    assert handbook is None
    errors = [str(p) for p in found if p.severity == "error"]
    assert errors and all(e.startswith("playbooks/options-abc.md:") for e in errors), errors
    assert errors[0].startswith(f"playbooks/options-abc.md:{line}: steps[0].when: 新主管路徑上排在「"), errors
    assert "第一步卻是 T-99" in errors[0]


def test_make_check_refuses_a_meeting_moved_onto_a_weekend(project):
    """The countdown meeting put back on T-7, a Saturday: every step of it is named at its line."""
    path = project / "playbooks" / "countdown-timeline.md"
    text = path.read_text(encoding="utf-8")
    lines = [number for number, line in enumerate(text.split("\n"), start=1) if line == "    when: T-8"]
    assert len(lines) == 3, lines
    path.write_text(text.replace("    when: T-8\n", "    when: T-7\n"), encoding="utf-8")
    handbook, found = check_all(project)
    assert handbook is None
    errors = [p for p in found if p.severity == "error"]
    assert [str(p) for p in errors] == [
        f"playbooks/countdown-timeline.md:{line}: steps[{index}].when: 這一步是會議，活動日若是週六，T-7 會落在週六；"
        "改成前一個工作日，例如 T-8（週五）" for index, line in zip((5, 6, 7), lines)]
    assert all(p.hint == WEEKEND_HINT for p in errors)


def test_no_real_meeting_falls_on_a_weekend():
    """The handbook's example events are on a Saturday: every dated meeting step, other than D, is on a weekday."""
    handbook, _ = load(ROOT)
    weekend = {(slug, message) for slug, playbook in handbook.playbooks.items()
               for _, message, _ in calendar.weekday_findings(playbook)}
    assert weekend == set()


def test_make_check_refuses_an_event_driven_play_mixed_with_event_days(project):
    path = project / "playbooks" / "escalate-decision.md"
    text = path.read_text(encoding="utf-8")
    assert "    when: 觸發+1\n" in text
    path.write_text(text.replace("    when: 觸發+1\n", "    when: T-17\n", 1), encoding="utf-8")
    errors = [str(p) for p in check_all(project)[1] if p.severity == "error"]
    assert errors[0].startswith("playbooks/escalate-decision.md:"), errors
    assert "這一步卻從活動日算（T-17）；同一個劇本只能用一種算法" in errors[0], errors


def test_the_real_plays_compose_into_one_calendar():
    handbook, found = load(ROOT)
    assert handbook is not None, [str(p) for p in found]
    assert problems(*handbook.playbooks.values()) == []


@pytest.mark.parametrize("slug", ["escalate-decision", "answer-a-request"])
def test_event_driven_plays_count_from_their_trigger(slug):
    handbook, _ = load(ROOT)
    assert all(calendar.scale(step.when) == calendar.TRIGGER for step in handbook.playbooks[slug].steps)


def test_the_weekly_meeting_recurs_and_the_event_days_morning_briefing_is_a_meeting():
    handbook, _ = load(ROOT)
    assert {step.when for step in handbook.playbooks["meeting-cadence"].steps} == {"每週"}
    briefing = next(s for s in handbook.playbooks["event-day-runbook"].steps if "晨會" in s.text)
    assert (briefing.when, briefing.mode) == ("D", "huddle")
