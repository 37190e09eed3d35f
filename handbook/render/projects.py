"""我的專案: what the browser needs to show a project — its checklists with the stage each belongs to,
the departments to choose from, and each checklist's schema for the printable binder."""

from __future__ import annotations

from typing import Any

from handbook.content.calendar import day_offset
from handbook.content.handbook import Handbook
from handbook.content.models import Checklist, Playbook
from handbook.render.rendering import Linker, checklist_schema

STAGES = ("啟動", "規劃", "執行", "收尾")
PROJECTS_PAGE = "projects/"  # the project list; the views' data file is beside it, its links relative to it
PROJECTS_DATA = "projects-data.json"
STAGE_OF_PHASE = {"溝通": "啟動", "協作": "規劃", "共贏": "規劃"}


def checklist_stage(checklist: Checklist, last: Checklist | None) -> str:
    """The stage a project checklist belongs to: 溝通 → 啟動, 協作 and 共贏 → 規劃, the last project checklist
    (the retrospective) → 收尾; a department's interest checklist → 規劃. 執行 is reached when the others are
    done."""
    if checklist is last:
        return "收尾"
    return STAGE_OF_PHASE.get(checklist.phase or "", "規劃")


def checklist_entry(linker: Linker, checklist: Checklist, last: Checklist | None) -> dict[str, Any]:
    """One checklist as the project page and the binder use it (last: the last project checklist)."""
    return {"id": checklist.id, "title": checklist.title, "url": linker.item("checklists", checklist.id),
            "phase": checklist.phase, "department": checklist.department,
            "stage": checklist_stage(checklist, last),
            "total": checklist.answer_total, "schema": checklist_schema(checklist)}


def calendar_play(linker: Linker, playbook: Playbook) -> dict[str, Any]:
    """One play on the path as the project calendar places it: its steps with their day from D."""
    return {"id": playbook.slug, "title": playbook.title, "url": linker.item("playbooks", playbook.slug),
            "checklists": list(playbook.checklists),
            "steps": [{"text": step.text, "owner": step.owner, "role": step.role or "", "mode": step.mode,
                       "when": step.when or "", "offset": day_offset(step.when)} for step in playbook.steps]}


def path_plays(handbook: Handbook, linker: Linker) -> list[dict[str, Any]]:
    """The playbooks of the new manager's path, in its order, for the project calendar."""
    return [calendar_play(linker, item) for item in handbook.onboarding_path() if isinstance(item, Playbook)]


def department_choices(handbook: Handbook) -> list[dict[str, str]]:
    """The departments a project can involve, as the project views offer them."""
    return [{"id": d, "name": dept.name} for d, dept in handbook.departments.items()]


def project_data(handbook: Handbook, linker: Linker) -> dict[str, Any]:
    """Everything the project pages read: stages, checklists (project ones first), departments, page links."""
    project = handbook.project_checklists()
    last = project[-1] if project else None
    return {"stages": list(STAGES),
            "checklists": [checklist_entry(linker, c, last) for c in project + handbook.department_checklists()],
            "departments": department_choices(handbook),
            "path": path_plays(handbook, linker),
            "pages": {"list": linker.page(PROJECTS_PAGE), "project": linker.page(PROJECTS_PAGE + "project/"),
                      "binder": linker.page(PROJECTS_PAGE + "binder/"), "tools": linker.page("tools/")}}
