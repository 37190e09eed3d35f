"""Rendering: model → HTML fragments through autoescaped Jinja templates (pure functions)."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import exports
from .agenda import INITIATOR, Agenda, build_agenda
from .handbook import Handbook
from .models import PHASE_SLUGS, PHASES, Case, Checklist, Meeting, Playbook

PHASE_BLURBS = {
    "溝通": "先找對人、用對管道、說「我們」。",
    "協作": "帶著由易到難的方案，摸清各部門利益點，訂好合作規則。",
    "共贏": "用資料訂共同目標，統一流程，各取所需，最後一起總結。",
}
MODE_NAMES = {"live": "會議中", "async": "會前／會後"}
FIELD_INPUTS = {"text": "text", "date": "date", "number": "number", "person": "text"}


MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")  # Python-Markdown's ESCAPED_CHARS


def markdown_text(text: str) -> Markup:
    """Plain text for a Markdown line (a heading): HTML-escaped, every Markdown punctuation mark backslashed."""
    return Markup(MARKDOWN_PUNCTUATION.sub(r"\\\1", str(escape(text))))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment: autoescape on, undefined names are errors."""
    env = Environment(loader=PackageLoader("macros", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["markdown_text"] = markdown_text
    env.filters["signed"] = exports.signed
    env.filters["number"] = exports.number
    return env


def render(template: str, **context: Any) -> Markup:
    """Render one template to safe HTML, wrapped in blank lines so Markdown keeps it as a block."""
    html = environment().get_template(template).render(**context)
    return Markup("\n\n" + html.strip() + "\n\n")


@dataclass(frozen=True)
class Linker:
    """Relative links from one page (its URL, directory style), and the files attached beside it."""

    page_url: str
    files: dict[str, str] = field(default_factory=dict)

    def attach(self, name: str, content: str) -> str:
        """Attach a file to the page (written beside it by the macro glue); returns its relative link."""
        self.files[name] = content
        return name

    def page(self, url: str) -> str:
        """A relative link to a site URL such as 'playbooks/one-channel/'."""
        base = self.page_url if self.page_url.endswith("/") or not self.page_url else posixpath.dirname(self.page_url)
        target = posixpath.relpath(url or ".", base or ".")
        return "./" if target == "." else (target + "/" if url.endswith("/") else target)

    def item(self, kind: str, ident: str) -> str:
        """A relative link to an item page."""
        return self.page(f"{kind}/{ident}/")

    def asset(self, path: str) -> str:
        """A relative link to a file such as 'assets/handbook.css'."""
        return self.page(path)


def context(handbook: Handbook, linker: Linker, **extra: Any) -> dict[str, Any]:
    """What every template may use."""
    return {"handbook": handbook, "link": linker, "phases": PHASES, "phase_slugs": PHASE_SLUGS,
            "phase_blurbs": PHASE_BLURBS, "mode_names": MODE_NAMES, "initiator": INITIATOR,
            "field_inputs": FIELD_INPUTS, **extra}


def playbook_header(handbook: Handbook, linker: Linker, playbook: Playbook) -> Markup:
    """The facts box and symptoms at the top of a playbook page."""
    return render("playbook_header.html", **context(handbook, linker, playbook=playbook))


def playbook_footer(handbook: Handbook, linker: Linker, playbook: Playbook, day: dt.date) -> Markup:
    """Steps, swimlane, agenda, pitfalls and links below a playbook's prose."""
    meeting = playbook.meeting
    agenda = build_agenda(handbook, meeting.type, meeting.departments or list(playbook.departments),
                          meeting.minutes, playbook, meeting.start, meeting.title)
    parts = [render("playbook_steps.html", **context(handbook, linker, playbook=playbook)),
             Markup("## 泳道圖 {: #swimlane }"), swimlane(handbook, linker, playbook),
             Markup("## 會議議程 {: #agenda }"), agenda_block(handbook, linker, agenda, day)]
    if playbook.options:
        parts += [Markup("## A/B/C 方案 {: #options }"), options_ladder(handbook, linker, playbook.options)]
    parts.append(render("playbook_links.html", **context(
        handbook, linker, playbook=playbook, cases=handbook.cases_using_playbook(playbook.slug))))
    return Markup("\n\n").join(parts)


def swimlane(handbook: Handbook, linker: Linker, playbook: Playbook) -> Markup:
    """A playbook's steps laid out in one lane per department."""
    lanes = list(dict.fromkeys([*playbook.departments, *(s.owner for s in playbook.steps)]))
    return render("swimlane.html", **context(handbook, linker, playbook=playbook, lanes=lanes))


def export_name(prefix: str, *parts: str) -> str:
    """A file name for an attachment, unique per agenda on a page."""
    digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:6]
    return f"{prefix}-{digest}"


def agenda_block(handbook: Handbook, linker: Linker, agenda: Agenda, day: dt.date) -> Markup:
    """An agenda with links to its text, Markdown and calendar files."""
    name = export_name(f"agenda-{agenda.meeting_type}-{agenda.start.replace(':', '')}", agenda.title,
                       agenda.start, str(agenda.minutes), *agenda.departments)
    links = {"text": linker.attach(f"{name}.txt", exports.agenda_text(handbook, agenda)),
             "markdown": linker.attach(f"{name}.md", exports.agenda_markdown(handbook, agenda)),
             "ics": linker.attach(f"{name}.ics", exports.agenda_ics(handbook, agenda, day))}
    return render("agenda.html", **context(handbook, linker, agenda=agenda, links=links,
                                           owner_name=lambda o: exports.owner_name(handbook, o)))


def options_ladder(handbook: Handbook, linker: Linker, options: list) -> Markup:
    """The A/B/C options ladder with what each option asks of each department."""
    departments = list(dict.fromkeys(d for option in options for d in option.asks))
    return render("options.html", **context(handbook, linker, options=options, departments=departments))


def checklist_page(handbook: Handbook, linker: Linker, checklist: Checklist) -> Markup:
    """A fill-in checklist form: works and prints without JavaScript."""
    return render("checklist.html", **context(
        handbook, linker, checklist=checklist,
        schema=json.dumps(checklist_schema(checklist), ensure_ascii=False),
        playbooks=handbook.playbooks_using_checklist(checklist.id),
        cases=handbook.cases_using_checklist(checklist.id)))


def checklist_schema(checklist: Checklist) -> dict[str, Any]:
    """What the browser needs to keep answers: ids, labels and types, in order."""
    return {"id": checklist.id, "title": checklist.title,
            "sections": [{"id": s.id, "title": s.title,
                          "items": [{"id": i.id, "text": i.text} for i in s.items],
                          "fields": [{"id": f.id, "label": f.label, "type": f.type} for f in s.fields]}
                         for s in checklist.sections],
            "renamed": checklist.renamed_ids()}


def case_header(handbook: Handbook, linker: Linker, case: Case) -> Markup:
    """The summary, departments and facts at the top of a case page."""
    return render("case_header.html", **context(handbook, linker, case=case))


def case_footer(handbook: Handbook, linker: Linker, case: Case, day: dt.date) -> Markup:
    """Stances, options, meetings' agendas, retrospective and links below a case's prose."""
    parts = []
    if case.stances:
        parts.append(render("stances.html", **context(handbook, linker, case=case)))
    if case.options:
        parts += [Markup("## A/B/C 方案 {: #options }"), options_ladder(handbook, linker, case.options)]
    if case.meetings:
        parts.append(Markup("## 會議議程 {: #agendas }"))
        parts += [agenda_block(handbook, linker, meeting_agenda(handbook, case, m), day) for m in case.meetings]
    if case.retrospective:
        parts += [Markup("## 合作總結 {: #retrospective }"), retrospective_block(handbook, linker, case)]
    parts.append(render("case_links.html", **context(handbook, linker, case=case)))
    return Markup("\n\n").join(parts)


def meeting_agenda(handbook: Handbook, case: Case, meeting: Meeting) -> Agenda:
    """The agenda of one of a case's meetings."""
    title = meeting.title or None
    return build_agenda(handbook, meeting.type, meeting.departments or list(case.departments),
                        meeting.minutes, None, meeting.start, title)


def retrospective_block(handbook: Handbook, linker: Linker, case: Case) -> Markup:
    """A case's closing review with copy and download actions."""
    retro = case.retrospective
    markdown = linker.attach(f"retrospective-{case.slug}.md", exports.retrospective_markdown(handbook, case))
    return render("retrospective.html", **context(
        handbook, linker, case=case, retro=retro, rows=exports.result_rows(retro),
        links={"text": markdown, "markdown": markdown, "ics": None}))


def department_page(handbook: Handbook, linker: Linker, ident: str) -> Markup:
    """A department's record with every playbook, checklist and case it takes part in."""
    return render("department.html", **context(
        handbook, linker, department=handbook.departments[ident],
        playbooks=handbook.playbooks_for_department(ident), cases=handbook.cases_for_department(ident),
        checklists=handbook.checklists_for_department(ident)))


def fragment(template: str, handbook: Handbook, linker: Linker, **extra: Any) -> Markup:
    """Render any named fragment with the common context."""
    return render(template, **context(handbook, linker, **extra))
