"""A playbook's previous_ids: an old address leads to exactly one playbook, and never shadows one that exists."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from handbook.checks import previous_id_problems
from handbook.content.loading import load

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def playbooks():
    handbook, problems = load(ROOT)
    assert handbook is not None, problems
    return handbook.playbooks


def claiming(playbooks, claims: dict[str, list[str]]):
    """The handbook with some playbooks' previous_ids replaced."""
    changed = {slug: p.model_copy(update={"previous_ids": claims.get(slug, p.previous_ids)})
               for slug, p in playbooks.items()}
    return SimpleNamespace(playbooks=changed)


def test_the_content_passes(playbooks):
    assert list(previous_id_problems(SimpleNamespace(playbooks=playbooks), ROOT)) == []


def test_an_existing_playbook_is_not_an_old_address(playbooks):
    [problem] = previous_id_problems(claiming(playbooks, {"map-interests": ["mutual-gains", "options-abc"]}), ROOT)
    assert problem.path == "playbooks/map-interests.md" and problem.field == "previous_ids"
    assert "「options-abc」是現在還在的劇本" in problem.message


def test_an_old_address_leads_to_one_playbook(playbooks):
    found = list(previous_id_problems(claiming(playbooks, {"options-abc": ["mutual-gains"]}), ROOT))
    assert sorted(p.path for p in found) == ["playbooks/map-interests.md", "playbooks/options-abc.md"]
    assert all("舊網址只能轉到一個劇本" in p.message for p in found)
