"""我的專案's build-time data: every checklist with the stage it belongs to, the departments and page links."""

from __future__ import annotations

import pytest

from handbook.render.projects import STAGES, checklist_stage, project_data
from handbook.render.rendering import Linker


@pytest.mark.parametrize("ident,stage", [
    ("project-kickoff", "啟動"), ("communication-charter", "啟動"), ("options-agreement", "規劃"),
    ("target-setting", "規劃"), ("project-retrospective", "收尾"), ("sales-interests", "規劃"),
])
def test_each_checklist_belongs_to_a_stage(handbook, ident, stage):
    assert checklist_stage(handbook.checklists[ident], handbook.project_checklists()[-1]) == stage


def test_the_project_data_lists_every_checklist_project_ones_first(handbook):
    data = project_data(handbook, Linker("projects/project/"))
    ids = [c["id"] for c in data["checklists"]]
    assert sorted(ids) == sorted(handbook.checklists)
    assert ids[:len(handbook.project_checklists())] == [c.id for c in handbook.project_checklists()]
    assert data["stages"] == list(STAGES) == ["啟動", "規劃", "執行", "收尾"]
    kickoff = data["checklists"][0]
    assert kickoff["url"] == "../../checklists/project-kickoff/" and kickoff["total"] == 17 + 11  # every item and every field
    assert kickoff["schema"]["renamed"] == {}
    assert data["pages"] == {"list": "../", "project": "./", "binder": "../binder/", "tools": "../../tools/"}
    assert [d["id"] for d in data["departments"]] == list(handbook.departments)
