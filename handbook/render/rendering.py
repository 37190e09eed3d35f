"""Rendering: model → HTML fragments through autoescaped Jinja templates (pure functions)."""

from __future__ import annotations

import json
import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from handbook.domain import exports
from handbook.domain.agenda import INITIATOR, MEETING_TYPES, Agenda, build_agenda, meeting_minutes
from handbook.content.handbook import Handbook
from handbook.content.kinds import Kind, kinds
from handbook.content.references import references
from handbook.render.listing import Listing, listings, pager
from handbook.content.calendar import when_legend
from handbook.content.models import PHASE_SLUGS, PHASES, Case, Checklist, Meeting, Playbook

TEMPLATES = Path(__file__).parent / "templates"
PHASE_BLURBS = {
    "溝通": "先找對人、用對管道、說「我們」。",
    "協作": "帶著由易到難的方案，摸清各部門利益點，訂好合作規則。",
    "共贏": "用資料訂共同目標，統一流程，各取所需，最後一起總結。",
}
MODE_NAMES = {"live": "會議中", "async": "會前／會後", "huddle": "另一場短會"}
# Where each of a playbook's templates is used: a tool on the tools page, or a section of the playbook itself.
TEMPLATE_PLACES = {
    "agenda": ("排會議議程", "tools/", "agenda"),
    "retrospective": ("總結會工作表", "tools/", "retrospective"),
    "interest-matrix": ("部門利益矩陣", "tools/", "interest-matrix"),
    "charter": ("溝通章程", "tools/", "charter"),
    "stretch-target": ("挑戰目標計算", "tools/", "stretch-target"),
    "options-ladder": ("A/B/C 方案階梯", "", "options"),
    "swimlane": ("泳道圖", "", "swimlane"),
}
FIELD_INPUTS = {"text": "text", "date": "date", "number": "number", "person": "text"}
BY_DEPARTMENT_LIMIT = 15  # playbooks named per department on the playbooks index; the department's page has all
PHASE_DIAGRAM_LIMIT = 10  # playbooks named per phase in the phase diagram; the playbooks index has all


MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")  # Python-Markdown's ESCAPED_CHARS


def markdown_text(text: str) -> Markup:
    """Plain text for a Markdown line (a heading): HTML-escaped, every Markdown punctuation mark backslashed."""
    return Markup(MARKDOWN_PUNCTUATION.sub(r"\\\1", str(escape(text))))


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment: autoescape on, undefined names are errors."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["markdown_text"] = markdown_text
    env.filters["signed"] = exports.signed
    env.filters["number"] = exports.number
    env.filters["unmarked"] = exports.unmarked
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

    def to(self, url: str) -> str:
        """A relative link to a site URL that may carry an anchor, such as 'playbooks/#communicate'."""
        path, _, anchor = url.partition("#")
        return self.page(path) + (f"#{anchor}" if anchor else "")


def context(handbook: Handbook, linker: Linker, **extra: Any) -> dict[str, Any]:
    """What every template may use."""
    return {"handbook": handbook, "link": linker, "phases": PHASES, "phase_slugs": PHASE_SLUGS,
            "phase_blurbs": PHASE_BLURBS, "mode_names": MODE_NAMES, "initiator": INITIATOR,
            "field_inputs": FIELD_INPUTS, "meeting_length": meeting_length, **extra}


def playbook_agenda(handbook: Handbook, playbook: Playbook) -> Agenda:
    """The agenda of a playbook's own meeting: its live steps at their own minutes."""
    meeting = playbook.meeting
    return build_agenda(handbook, meeting.type, meeting.departments or list(playbook.departments),
                        meeting.minutes, playbook, meeting.start, meeting.title)


def meeting_length(playbook: Playbook) -> int:
    """How long a playbook's own meeting is: as its data asks, never shorter than its live steps."""
    return meeting_minutes(playbook.meeting.minutes, playbook)


def step_minutes(playbook: Playbook, mode: str) -> int:
    """Minutes of a playbook's steps in one mode (live: in the meeting; async: before or after it)."""
    return sum(step.minutes for step in playbook.steps if step.mode == mode)


def playbook_header(handbook: Handbook, linker: Linker, playbook: Playbook) -> Markup:
    """The facts box and symptoms at the top of a playbook page."""
    return render("playbook_header.html", **context(
        handbook, linker, playbook=playbook, meeting_minutes=meeting_length(playbook),
        outside_minutes=step_minutes(playbook, "async")))


def planner_query(agenda: Agenda, playbook: str | None = None) -> str:
    """The query string that opens the meeting planner with an agenda's choices filled in."""
    fields = {"type": agenda.meeting_type, "departments": ",".join(agenda.departments),
              "minutes": str(agenda.minutes), "start": agenda.start}
    if playbook:
        fields["playbook"] = playbook
    return "?" + urlencode(fields) + "#agenda"


def template_places(linker: Linker, playbook: Playbook) -> list[tuple[str, str]]:
    """A playbook's templates as (name, link): the tool, or the section of this page that shows it."""
    places = []
    for template in playbook.templates:
        name, page, anchor = TEMPLATE_PLACES[template]
        if page or (template != "options-ladder" or playbook.options):
            places.append((name, (linker.page(page) if page else "") + "#" + anchor))
    return places


def playbook_footer(handbook: Handbook, linker: Linker, playbook: Playbook) -> Markup:
    """Steps, swimlane, agenda, pitfalls and links below a playbook's prose."""
    agenda = playbook_agenda(handbook, playbook)
    parts = [render("playbook_steps.html", **context(handbook, linker, playbook=playbook,
                                                     live_minutes=step_minutes(playbook, "live"),
                                                     outside_minutes=step_minutes(playbook, "async"),
                                                     when_legend=when_legend(playbook))),
             Markup("## 泳道圖 {: #swimlane }"), swimlane(handbook, linker, playbook),
             Markup("## 會議議程 {: #agenda }"), agenda_block(handbook, linker, agenda, playbook.slug, example_times=True)]
    if playbook.options:
        parts += [Markup("## A/B/C 方案 {: #options }"), options_ladder(handbook, linker, playbook.options)]
    parts.append(render("playbook_links.html", **context(
        handbook, linker, playbook=playbook, cases=handbook.cases_using_playbook(playbook.slug),
        places=template_places(linker, playbook))))
    return Markup("\n\n").join(parts)


def swimlane(handbook: Handbook, linker: Linker, playbook: Playbook) -> Markup:
    """A playbook's steps laid out in one lane per department."""
    lanes = list(dict.fromkeys([*playbook.departments, *(s.owner for s in playbook.steps)]))
    return render("swimlane.html", **context(handbook, linker, playbook=playbook, lanes=lanes))


def export_name(prefix: str, *parts: str) -> str:
    """A file name for an attachment, unique per agenda on a page."""
    digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:6]
    return f"{prefix}-{digest}"


def agenda_block(handbook: Handbook, linker: Linker, agenda: Agenda, playbook: str | None = None,
                 example_times: bool = False) -> Markup:
    """An agenda with its text and Markdown files, and a link that schedules it in the planner (a dated
    calendar file is made there, for the reader's own date: a date fixed at build time would be wrong)."""
    name = export_name(f"agenda-{agenda.meeting_type}-{agenda.start.replace(':', '')}", agenda.title,
                       agenda.start, str(agenda.minutes), *agenda.departments)
    links = {"text": linker.attach(f"{name}.txt", exports.agenda_text(handbook, agenda)),
             "markdown": linker.attach(f"{name}.md", exports.agenda_markdown(handbook, agenda)),
             "ics": None, "planner": linker.page("tools/") + planner_query(agenda, playbook)}
    return render("agenda.html", **context(handbook, linker, agenda=agenda, links=links,
                                           example_times=example_times, prep_open=playbook is not None,
                                           outside_minutes=sum(w.minutes for w in agenda.outside),
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
                          "fields": [{"id": f.id, "label": f.label, "type": f.type, "project": f.project}
                                     for f in s.fields]}
                         for s in checklist.sections],
            "renamed": checklist.renamed_ids()}


def case_header(handbook: Handbook, linker: Linker, case: Case) -> Markup:
    """The summary, departments and facts at the top of a case page."""
    return render("case_header.html", **context(handbook, linker, case=case))


def case_footer(handbook: Handbook, linker: Linker, case: Case) -> Markup:
    """Stances, options, meetings' agendas, retrospective and links below a case's prose."""
    parts = []
    if case.stances:
        parts.append(render("stances.html", **context(handbook, linker, case=case)))
    if case.options:
        parts += [Markup("## A/B/C 方案 {: #options }"), options_ladder(handbook, linker, case.options)]
    if case.meetings:
        parts.append(Markup("## 會議議程 {: #agendas }"))
        parts += [agenda_block(handbook, linker, meeting_agenda(handbook, case, m), example_times=True)
                  for m in case.meetings]
    if case.retrospective:
        parts += [Markup("## 合作總結 {: #retrospective }"), retrospective_block(handbook, linker, case)]
    parts.append(render("case_links.html", **context(handbook, linker, case=case)))
    return Markup("\n\n").join(parts)


def meeting_agenda(handbook: Handbook, case: Case, meeting: Meeting) -> Agenda:
    """The agenda of one of a case's meetings: the in-meeting steps of the playbook it follows (its `playbook`),
    else the generic slots of its kind; what each department prepares comes from the meeting's own data."""
    playbook = handbook.playbooks[meeting.playbook] if meeting.playbook else None
    return build_agenda(handbook, meeting.type, meeting.departments or list(case.departments),
                        meeting.minutes, playbook, meeting.start, meeting.title or None, meeting.prepare)


def retrospective_block(handbook: Handbook, linker: Linker, case: Case) -> Markup:
    """A case's closing review with copy and download actions."""
    retro = case.retrospective
    markdown = linker.attach(f"retrospective-{case.slug}.md", exports.retrospective_markdown(handbook, case))
    return render("retrospective.html", **context(
        handbook, linker, case=case, retro=retro, rows=exports.result_rows(retro),
        links={"text": markdown, "markdown": markdown, "ics": None, "planner": None}))


def department_page(handbook: Handbook, linker: Linker, ident: str) -> Markup:
    """A department's record with every checklist and case it takes part in, and its playbooks (paged)."""
    playbooks = listing_block(handbook, linker, listings(handbook)[f"department-{ident}"])
    return render("department.html", **context(
        handbook, linker, department=handbook.departments[ident], playbooks=playbooks.strip(),
        cases=handbook.cases_for_department(ident), checklists=handbook.checklists_for_department(ident)))


def fragment(template: str, handbook: Handbook, linker: Linker, **extra: Any) -> Markup:
    """Render any named fragment with the common context."""
    return render(template, **context(handbook, linker, **extra))


def listing_block(handbook: Handbook, linker: Linker, listing: Listing, number: int = 1) -> Markup:
    """One page of a long list and, when it has more pages, its pager, as one block."""
    entries = render(listing.template, **context(handbook, linker, entries=listing.pages[number - 1],
                                                 start=listing.start(number)))
    return Markup("\n\n{}\n{}\n\n").format(entries.strip(), pager_block(linker, listing, number).strip())


def pager_block(linker: Linker, listing: Listing, number: int) -> Markup:
    """Links to a list's other pages (nothing for a list of one page)."""
    pages = pager(listing, number)
    if not pages:
        return Markup("")
    def href(page: int) -> str | None:
        return linker.to(listing.url(page)) if 1 <= page <= len(listing.pages) and page != number else None
    return render("pager.html", listing=listing, number=number, previous=href(number - 1), next=href(number + 1),
                  pages=[{"number": p.number, "current": p.current, "href": p.number and href(p.number)}
                         for p in pages])


def listing_page(handbook: Handbook, linker: Linker, name: str, number: int) -> Markup:
    """A later page of a long list: which list it is, a link to its first page, its entries and its pager."""
    listing = listings(handbook)[name]
    return (fragment("listing_page.html", handbook, linker, listing=listing, number=number,
                     home=linker.to(listing.home)) + listing_block(handbook, linker, listing, number))


def phase_diagram(handbook: Handbook, linker: Linker) -> Markup:
    """The three phases, each with its first playbooks and a link to all of them."""
    playbooks = {phase: handbook.playbooks_in_phase(phase) for phase in PHASES}
    phase_lists = [(phase, found[:PHASE_DIAGRAM_LIMIT], len(found)) for phase, found in playbooks.items()]
    return fragment("phase_diagram.html", handbook, linker, phase_lists=phase_lists)


def planner_form(handbook: Handbook, linker: Linker, template: str, data_file: str) -> Markup:
    """One of the readers' in-browser tools: a form that reads and prints without JavaScript; the script
    (assets/tools.js) fills it in from data_file (the playbooks to plan from among it)."""
    return render(template, **context(handbook, linker, data_file=data_file, meeting_types=MEETING_TYPES,
                                      departments=list(handbook.departments.values())))


# --- any kind (kinds added to the registry without templates of their own) ------------------------------

def item_title(kind: Kind, item: Any) -> str:
    """An item's title as readers see it."""
    return getattr(item, kind.title_field)


def related_groups(handbook: Handbook, item: Any) -> list[dict[str, Any]]:
    """The items an item names, grouped by kind in registry order, each once."""
    named: dict[str, list[str]] = {}
    for _, target_kind, target in references(item):
        if target not in named.setdefault(target_kind, []):
            named[target_kind].append(target)
    return [{"kind": k.name, "label": k.label,
             "entries": [{"id": i, "title": item_title(k, handbook.items(k.name)[i])} for i in named[k.name]]}
            for k in kinds() if named.get(k.name)]


def item_fragment(handbook: Handbook, linker: Linker, kind: Kind, item: Any) -> Markup:
    """What a page of a kind without its own renderer shows above the prose."""
    return render(kind.template or "item.html", **context(
        handbook, linker, item=item, summary=getattr(item, "summary", None),
        related=related_groups(handbook, item)))


def index_fragment(handbook: Handbook, linker: Linker, kind: Kind) -> Markup:
    """A section's index page: the first page of each of its lists. Playbooks by phase, then a short list per
    department; checklists for projects, then the departments'; a card per item for any other kind (paged)."""
    lists = listings(handbook)
    def first(name: str) -> Markup:
        return listing_block(handbook, linker, lists[name])
    if kind.name == "playbooks":
        phases = [(phase, first(f"playbooks-{PHASE_SLUGS[phase]}")) for phase in PHASES]
        by_department = [(ident, handbook.playbooks_for_department(ident)) for ident in handbook.departments]
        return fragment("playbook_index.html", handbook, linker, phases=phases, by_department=[
            (ident, playbooks[:BY_DEPARTMENT_LIMIT], len(playbooks)) for ident, playbooks in by_department])
    if kind.name == "checklists":
        return fragment("checklist_index.html", handbook, linker, project=first("checklists-project"),
                        departments=first("checklists-departments"))
    if kind.name == "departments":  # one card per department: as many as the company has, never thousands
        return fragment("department_index.html", handbook, linker)
    return first(kind.name)
