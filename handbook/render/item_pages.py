"""What an item page shows above and below the editor's prose (built by the plugin, not through Jinja)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from handbook.content.handbook import Handbook
from handbook.content.kinds import REGISTRY
from handbook.render import rendering
from handbook.render.rendering import Linker
from handbook.render.slots import Slots

NOTHING = Markup("")


def onboarding_steps(handbook: Handbook) -> list[dict[str, Any]]:
    """The onboarding path as kind/id/item steps."""
    steps = []
    for item in handbook.onboarding:
        kind = "playbooks" if hasattr(item, "slug") else "checklists"
        steps.append({"kind": kind, "ident": getattr(item, "slug", None) or item.id, "item": item})
    return steps


def path_nav(handbook: Handbook, linker: Linker, kind: str, ident: str) -> Markup:
    """'Step n of the new manager's path' with previous and next, on pages that are on it."""
    steps = onboarding_steps(handbook)
    position = next((i for i, s in enumerate(steps) if s["kind"] == kind and s["ident"] == ident), None)
    if position is None:
        return NOTHING
    return rendering.fragment("path_nav.html", handbook, linker, position=position + 1, total=len(steps),
                              previous=steps[position - 1] if position else None,
                              next=steps[position + 1] if position + 1 < len(steps) else None)


def parts(handbook: Handbook, linker: Linker, kind: str, ident: str) -> tuple[Markup, Markup]:
    """The HTML above and below the prose of the item page kind/ident."""
    if kind == "playbooks":
        playbook = handbook.playbooks[ident]
        return (rendering.playbook_header(handbook, linker, playbook) + path_nav(handbook, linker, kind, ident),
                rendering.playbook_footer(handbook, linker, playbook))
    if kind == "checklists":
        checklist = handbook.checklists[ident]
        return path_nav(handbook, linker, kind, ident) + rendering.checklist_page(handbook, linker, checklist), NOTHING
    if kind == "cases":
        case = handbook.cases[ident]
        return rendering.case_header(handbook, linker, case), rendering.case_footer(handbook, linker, case)
    if kind == "departments":
        return rendering.department_page(handbook, linker, ident), NOTHING
    return rendering.item_fragment(handbook, linker, REGISTRY[kind], handbook.items(kind)[ident]), NOTHING


def write_attachments(folder: Path, files: dict[str, str]) -> None:
    """Write a page's attached files (agenda .txt/.md, planner data) beside its index.html."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        with open(folder / name, "w", encoding="utf-8", newline="") as file:
            file.write(content)


def compose(handbook: Handbook, kind: str, ident: str, prose: str, page: str, url: str,
            held: Slots) -> tuple[str, dict[str, str]]:
    """The full Markdown of an item page (generated parts, held as blocks, around the editor's prose) and the files
    attached to it (agenda .txt/.md), by name."""
    linker = Linker(url)
    above, below = parts(handbook, linker, kind, ident)
    return "\n\n".join([held.hold(page, above), prose.strip(), held.hold(page, below)]), linker.files
