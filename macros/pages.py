"""Page sources and navigation derived from the handbook's items (no hand-kept lists)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .handbook import Handbook
from .listing import LIST_FOLDER, Listing, later_pages
from .models import PHASE_SLUGS, PHASES

INDEX_TITLES = {"playbooks": "劇本", "checklists": "檢核表", "cases": "案例", "departments": "部門"}
CHECKLIST_TAG, CASE_TAG = "檢核表", "案例"
KIND_COUNTS = {"playbooks": "{} 個劇本", "checklists": "{} 份檢核表", "cases": "{} 個案例"}
SOURCE_FILES = {"playbooks": "playbooks/{}.md", "checklists": "checklists/{}.yml",
                "cases": "cases/{}.md", "departments": "departments/{}.yml"}


@dataclass(frozen=True)
class PageSource:
    """A page to generate: its URI in the docs tree, its Markdown, the file editors change."""

    uri: str
    markdown: str
    edit_path: str | None


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter, safely dumped."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def item_page(kind: str, ident: str, title: str, tags: list[str], item: Any = None, prose: str = "") -> PageSource:
    """An item page: front matter and the editor's prose (never rendered as a template); the hook adds the rest."""
    meta: dict[str, Any] = {"title": title, "tags": tags, "hb_kind": kind, "hb_id": ident}
    if item is not None and hasattr(item, "review_by"):
        meta.update(owner=item.owner, review_by=item.review_by.isoformat())
    return PageSource(f"{kind}/{ident}.md", front_matter(meta) + prose.strip() + "\n", SOURCE_FILES[kind].format(ident))


def department_tags(handbook: Handbook, departments: list[str]) -> list[str]:
    """Department names as tags, in the departments' own order (stable whatever order an editor wrote)."""
    ordered = sorted(dict.fromkeys(departments), key=lambda d: (handbook.departments[d].order, d))
    return [handbook.department_name(d) for d in ordered]


def item_tags(handbook: Handbook, kind: str, ident: str) -> list[str]:
    """An item's tags: a playbook's phase and departments, a checklist's phase or department, a case's
    departments, a department's name; checklists and cases also carry their kind's name."""
    if kind == "playbooks":
        p = handbook.playbooks[ident]
        return [p.phase, *department_tags(handbook, p.departments)]
    if kind == "checklists":
        c = handbook.checklists[ident]
        return [*([c.phase] if c.phase else department_tags(handbook, [c.department])), CHECKLIST_TAG]
    if kind == "cases":
        return [*department_tags(handbook, handbook.cases[ident].departments), CASE_TAG]
    return [handbook.department_name(ident)]


def playbook_page(handbook: Handbook, slug: str) -> PageSource:
    """A playbook's page: header, the editor's prose, then steps, agenda and links."""
    p = handbook.playbooks[slug]
    return item_page("playbooks", slug, p.title, item_tags(handbook, "playbooks", slug), p, p.body)


def checklist_page(handbook: Handbook, ident: str) -> PageSource:
    """A checklist's fill-in page."""
    c = handbook.checklists[ident]
    return item_page("checklists", ident, c.title, item_tags(handbook, "checklists", ident), c)


def case_page(handbook: Handbook, slug: str) -> PageSource:
    """A case's page: header, the editor's prose, then stances, agendas and retrospective."""
    c = handbook.cases[slug]
    return item_page("cases", slug, c.title, item_tags(handbook, "cases", slug), c, c.body)


def department_page(handbook: Handbook, ident: str) -> PageSource:
    """A department's page."""
    d = handbook.departments[ident]
    return item_page("departments", ident, d.name, item_tags(handbook, "departments", ident))


def index_page(kind: str) -> PageSource:
    """A section's index page, listing its items."""
    # Index pages repeat their items' summaries; a lower boost lets the items themselves rank first.
    meta = {"title": INDEX_TITLES[kind], "hb_kind": "index", "hb_id": kind, "search": {"boost": 0.5}}
    return PageSource(f"{kind}/index.md", front_matter(meta), None)


def list_page(listing: Listing, number: int) -> PageSource:
    """A later page of a long list (the first sits on the list's home page); out of the nav (mkdocs.yml's
    not_in_nav) and out of the search, since it only repeats its items' titles and summaries."""
    meta = {"title": f"{listing.title}（第 {number} 頁）", "hb_kind": "list", "hb_id": listing.name,
            "hb_page": number, "search": {"exclude": True}}
    return PageSource(f"{LIST_FOLDER}/{listing.name}-{number}.md", front_matter(meta), None)


def all_pages(handbook: Handbook) -> list[PageSource]:
    """Every generated page."""
    pages = [index_page(kind) for kind in INDEX_TITLES]
    pages += [list_page(listing, number) for listing, number in later_pages(handbook)]
    pages += [playbook_page(handbook, s) for s in handbook.playbooks]
    pages += [checklist_page(handbook, i) for i in handbook.checklists]
    pages += [case_page(handbook, s) for s in handbook.cases]
    pages += [department_page(handbook, i) for i in handbook.departments]
    return pages


@dataclass(frozen=True)
class TagLink:
    """A tag shown on a page (Material's tag partial reads name, url and hidden), or a place on the tags page."""

    name: str
    url: str
    hidden: bool = False


def tag_home(handbook: Handbook, tag: str, kind: str) -> str:
    """Where the items of one kind that carry a tag are listed: a phase's playbooks or the project checklists
    on the indexes, a department's own page, the index of checklists or of cases."""
    if tag in PHASE_SLUGS:
        return f"playbooks/#{PHASE_SLUGS[tag]}" if kind == "playbooks" else "checklists/#project"
    if tag in (CHECKLIST_TAG, CASE_TAG):
        return "checklists/" if tag == CHECKLIST_TAG else "cases/"
    by_name = {d.name: d.id for d in handbook.departments.values()}
    if tag not in by_name:
        raise ValueError(f"標籤「{tag}」不是階段、部門、檢核表或案例")
    return f"departments/{by_name[tag]}/"


def tag_chips(handbook: Handbook, tags: list[str], kind: str) -> list[TagLink]:
    """A page's tags, each linking to where the page's kind is listed under it (the handbook's indexes and
    department pages are its tag listings: a listing of every item under every tag grew to 830 KB)."""
    return [TagLink(tag, tag_home(handbook, tag, kind)) for tag in tags]


def tag_index(handbook: Handbook) -> list[tuple[str, list[TagLink]]]:
    """Every tag, in the order of phases, departments, kinds, with where its items are listed and how many."""
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for kind in KIND_COUNTS:
        for ident in getattr(handbook, kind):
            for tag in item_tags(handbook, kind, ident):
                place = counts.setdefault(tag, {}).setdefault(tag_home(handbook, tag, kind), {})
                place[kind] = place.get(kind, 0) + 1
    order = [*PHASES, *(d.name for d in handbook.departments.values()), CHECKLIST_TAG, CASE_TAG]
    return [(tag, [TagLink("、".join(KIND_COUNTS[kind].format(n) for kind, n in found.items()), url)
                   for url, found in counts[tag].items()])
            for tag in order if tag in counts]


# Material renders every sibling along the current page's path into its nav. A section of up to SECTION_LIMIT
# entries stays flat; a longer one is split into numbered parts, NAV_FAN_OUT to a level, nested as deep as it
# takes, so a page's nav stays small however many items a section has (334 playbooks: 4 + 10 + 10 entries).
SECTION_LIMIT = 20
NAV_FAN_OUT = 10


def section(title: str, uris: list[str], limit: int = SECTION_LIMIT, fan_out: int = NAV_FAN_OUT) -> dict[str, list]:
    """A nav section; past limit entries it is split into numbered sub-sections of fan_out entries a level."""
    return {title: split_entries(title, uris, 0, limit, fan_out)}


def split_entries(title: str, uris: list[str], offset: int, limit: int, fan_out: int) -> list:
    """uris as they are, or in at most fan_out numbered parts (uris starts at position offset + 1 of the section)."""
    if len(uris) <= limit:
        return uris
    size = fan_out
    while len(uris) > size * fan_out:
        size *= fan_out
    parts = [(offset + start, uris[start:start + size]) for start in range(0, len(uris), size)]
    return [{part_title(title, start + 1, start + len(part)): split_entries(title, part, start, limit, fan_out)}
            for start, part in parts]


def part_title(title: str, first: int, last: int) -> str:
    """A numbered part's nav label: 溝通 1–10, or 溝通 21 for a part of one."""
    return f"{title} {first}" if first == last else f"{title} {first}–{last}"


def item_sections(handbook: Handbook) -> list[dict[str, list]]:
    """The nav sections of the items, grouped the way readers look for them."""
    playbooks = ["playbooks/index.md"] + [
        section(phase, [f"playbooks/{p.slug}.md" for p in handbook.playbooks_in_phase(phase)])
        for phase in PHASES if handbook.playbooks_in_phase(phase)]
    checklists = ["checklists/index.md",
                  section("執行專案", [f"checklists/{c.id}.md" for c in handbook.project_checklists()]),
                  section("各部門利益點", [f"checklists/{c.id}.md" for c in handbook.department_checklists()])]
    cases = ["cases/index.md", *section("全部案例", [f"cases/{s}.md" for s in handbook.cases])["全部案例"]]
    departments = ["departments/index.md"] + [f"departments/{d}.md" for d in handbook.departments]
    return [{"劇本": playbooks}, {"檢核表": checklists}, {"案例": cases}, {"部門": departments}]


def derive_nav(handbook: Handbook, weighted_docs: list[tuple[int, str]], items_weight: int = 50) -> list:
    """The whole nav: hand-written pages by their nav_weight, the item sections at items_weight."""
    before = [uri for weight, uri in sorted(weighted_docs) if weight < items_weight]
    after = [uri for weight, uri in sorted(weighted_docs) if weight >= items_weight]
    return [*before, *item_sections(handbook), *after]
