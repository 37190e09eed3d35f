"""A case's meeting follows its playbook: the agenda is the play's in-meeting steps, not the generic slots."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from handbook.content.handbook import Handbook
from handbook.content.models import Case
from handbook.domain.agenda import CLOSING, MEETING_TYPES
from handbook.render.rendering import meeting_agenda


def a_case_meeting(handbook: Handbook, playbook: str | None):
    """The stock-car case and its options meeting, following the given playbook (or none)."""
    case = handbook.cases["stock-car-promotion"]
    meeting = next(m for m in case.meetings if m.type == "options")
    return case, meeting.model_copy(update={"playbook": playbook, "minutes": 60})


def test_a_meeting_that_follows_a_playbook_runs_its_in_meeting_steps(handbook):
    case, meeting = a_case_meeting(handbook, "options-abc")
    agenda = meeting_agenda(handbook, case, meeting)
    live = [s for s in handbook.playbooks["options-abc"].steps if s.mode == "live"]
    assert [(i.title, i.minutes, i.owner) for i in agenda.items[:len(live)]] == [
        (s.text, s.minutes, s.owner) for s in live]
    assert agenda.minutes == 60 and sum(i.minutes for i in agenda.items) == 60
    assert agenda.items[-1].title == CLOSING  # the time the steps leave over
    assert agenda.title == meeting.title


def test_a_meeting_keeps_its_own_preparation_after_the_plays_steps(handbook):
    case, meeting = a_case_meeting(handbook, "options-abc")
    agenda = meeting_agenda(handbook, case, meeting)
    for ident, lines in meeting.prepare.items():
        assert agenda.preparation[ident][-len(lines):] == tuple(lines)


def test_a_meeting_without_a_playbook_gets_the_generic_slots_of_its_kind(handbook):
    case, meeting = a_case_meeting(handbook, None)
    agenda = meeting_agenda(handbook, case, meeting)
    opening = [slot.title for slot in MEETING_TYPES["options"].opening]
    assert [i.title for i in agenda.items[:len(opening)]] == opening


def test_every_case_meeting_that_names_a_playbook_shows_its_steps(handbook):
    followed = [(case, m) for case in handbook.cases.values() for m in case.meetings if m.playbook]
    assert followed, "no case meeting follows a playbook"
    for case, meeting in followed:
        titles = [i.title for i in meeting_agenda(handbook, case, meeting).items]
        steps = [s.text for s in handbook.playbooks[meeting.playbook].steps if s.mode == "live"]
        assert titles[:len(steps)] == steps, f"{case.slug}: {meeting.title}"


def test_a_meeting_may_follow_only_one_of_the_cases_playbooks(handbook):
    data = handbook.cases["stock-car-promotion"].model_dump()
    data["meetings"][0]["playbook"] = "closing-retrospective"
    with pytest.raises(ValidationError, match="playbook「closing-retrospective」不在這個案例的 playbooks 裡"):
        Case.model_validate(data)
