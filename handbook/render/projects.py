"""我的專案: what the browser needs to show a project — its checklists with the stage each belongs to,
the departments to choose from, and each checklist's schema for the printable binder."""

from __future__ import annotations

from typing import Any

from handbook.content.handbook import Handbook
from handbook.content.models import Checklist
from handbook.render.rendering import Linker, checklist_schema

STAGES = ("啟動", "規劃", "執行", "收尾")
STAGE_OF_PHASE = {"溝通": "啟動", "協作": "規劃", "共贏": "規劃"}


def checklist_stage(handbook: Handbook, checklist: Checklist) -> str:
    """The stage a project checklist belongs to: 溝通 → 啟動, 協作 and 共贏 → 規劃, the last one (the
    retrospective) → 收尾; a department's interest checklist → 規劃. 執行 is reached when the others are done."""
    project = handbook.project_checklists()
    if project and checklist is project[-1]:
        return "收尾"
    return STAGE_OF_PHASE.get(checklist.phase or "", "規劃")


def checklist_entry(handbook: Handbook, linker: Linker, checklist: Checklist) -> dict[str, Any]:
    """One checklist as the project page and the binder use it."""
    return {"id": checklist.id, "title": checklist.title, "url": linker.item("checklists", checklist.id),
            "phase": checklist.phase, "department": checklist.department,
            "stage": checklist_stage(handbook, checklist),
            "total": sum(len(s.items) for s in checklist.sections), "schema": checklist_schema(checklist)}


def project_data(handbook: Handbook, linker: Linker) -> dict[str, Any]:
    """Everything the project pages read: stages, checklists (project ones first), departments, page links."""
    checklists = handbook.project_checklists() + handbook.department_checklists()
    return {"stages": list(STAGES),
            "checklists": [checklist_entry(handbook, linker, c) for c in checklists],
            "departments": [{"id": d, "name": dept.name} for d, dept in handbook.departments.items()],
            "pages": {"list": linker.page("projects/"), "project": linker.page("projects/project/"),
                      "binder": linker.page("projects/binder/")}}
