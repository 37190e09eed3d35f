"""Page sources and navigation derived from the handbook's items (no hand-kept lists)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from handbook.content.handbook import Handbook
from handbook.content.kinds import REGISTRY, Kind, in_nav_order
from handbook.content.models import PHASES


@dataclass(frozen=True)
class PageSource:
    """A page to generate: its URI in the docs tree, its Markdown, the file editors change."""

    uri: str
    markdown: str
    edit_path: str | None


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter, safely dumped."""
    dumped = yaml.dump(meta, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False)
    return "---\n" + dumped + "---\n\n"


def item_page(kind: str, ident: str, title: str, tags: list[str], item: Any = None, prose: str = "") -> PageSource:
    """An item page: front matter and the editor's prose (never rendered as a template); the hook adds the rest."""
    meta: dict[str, Any] = {"title": title, "tags": tags, "hb_kind": kind, "hb_id": ident}
    if item is not None and hasattr(item, "review_by"):
        meta.update(owner=item.owner, review_by=item.review_by.isoformat())
    return PageSource(f"{kind}/{ident}.md", front_matter(meta) + prose.strip() + "\n", REGISTRY[kind].source(ident))


def department_tags(handbook: Handbook, departments: list[str]) -> list[str]:
    """Department names as tags, in the departments' own order (stable whatever order an editor wrote)."""
    ordered = sorted(dict.fromkeys(departments), key=lambda d: (handbook.departments[d].order, d))
    return [handbook.department_name(d) for d in ordered]


def playbook_page(handbook: Handbook, slug: str) -> PageSource:
    """A playbook's page: header, the editor's prose, then steps, agenda and links."""
    p = handbook.playbooks[slug]
    tags = [p.phase, *department_tags(handbook, p.departments)]
    return item_page("playbooks", slug, p.title, tags, p, p.body)


def checklist_page(handbook: Handbook, ident: str) -> PageSource:
    """A checklist's fill-in page."""
    c = handbook.checklists[ident]
    tags = [c.phase] if c.phase else department_tags(handbook, [c.department])
    tags.append(REGISTRY["checklists"].label)
    return item_page("checklists", ident, c.title, tags, c)


def case_page(handbook: Handbook, slug: str) -> PageSource:
    """A case's page: header, the editor's prose, then stances, agendas and retrospective."""
    c = handbook.cases[slug]
    tags = [*department_tags(handbook, c.departments), REGISTRY["cases"].label]
    return item_page("cases", slug, c.title, tags, c, c.body)


def department_page(handbook: Handbook, ident: str) -> PageSource:
    """A department's page."""
    d = handbook.departments[ident]
    return item_page("departments", ident, d.name, [d.name])


def any_item_page(handbook: Handbook, kind: Kind, ident: str) -> PageSource:
    """The page of an item whose kind has no page function of its own: tagged with its kind's word."""
    item = handbook.items(kind.name)[ident]
    return item_page(kind.name, ident, getattr(item, kind.title_field), [kind.label], item,
                     getattr(item, "body", "") if kind.has_body else "")


PAGE_MAKERS = {"playbooks": playbook_page, "checklists": checklist_page, "cases": case_page,
               "departments": department_page}


def index_page(kind: str) -> PageSource:
    """A section's index page, listing its items."""
    # Index pages repeat their items' summaries; a lower boost lets the items themselves rank first.
    meta = {"title": REGISTRY[kind].label, "hb_kind": "index", "hb_id": kind, "search": {"boost": 0.5}}
    return PageSource(f"{kind}/index.md", front_matter(meta), None)


def generated_uris(handbook: Handbook) -> list[str]:
    """Where every generated page goes in the docs tree (without making the pages)."""
    return [f"{kind.name}/{ident}.md" for kind in in_nav_order() for ident in ["index", *handbook.items(kind.name)]]


def all_pages(handbook: Handbook) -> list[PageSource]:
    """Every generated page: each kind's index, then its items."""
    pages = [index_page(kind.name) for kind in in_nav_order()]
    for kind in in_nav_order():
        make = PAGE_MAKERS.get(kind.name)
        pages += [make(handbook, ident) if make else any_item_page(handbook, kind, ident)
                  for ident in handbook.items(kind.name)]
    return pages


# Material renders every sibling of the current page into its nav; big sections are split so pages stay small.
SECTION_LIMIT = 40


def section(title: str, uris: list[str], limit: int = SECTION_LIMIT) -> dict[str, list]:
    """A nav section; past limit entries it is split into numbered sub-sections."""
    if len(uris) <= limit:
        return {title: uris}
    chunks = [uris[start:start + limit] for start in range(0, len(uris), limit)]
    return {title: [{f"{title} {start + 1}–{start + len(chunk)}": chunk}
                    for start, chunk in zip(range(0, len(uris), limit), chunks)]}


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
    grouped = {"playbooks": playbooks, "checklists": checklists, "cases": cases, "departments": departments}
    return [{kind.label: grouped.get(kind.name) or plain_section(handbook, kind)} for kind in in_nav_order()]


def plain_section(handbook: Handbook, kind: Kind) -> list:
    """The nav section of a kind without a grouping of its own: its index, then its items."""
    uris = [f"{kind.name}/{ident}.md" for ident in handbook.items(kind.name)]
    return [f"{kind.name}/index.md", *section(f"全部{kind.label}", uris)[f"全部{kind.label}"]]


def folder_of(uri: str) -> str:
    """The folder of a page's URI in the docs tree ("" at the top)."""
    return uri.rpartition("/")[0]


def doc_entries(weighted_docs: list[tuple[int, str, str]]) -> list[tuple[int, str | dict[str, list[str]]]]:
    """Hand-written pages (weight, URI, title) as nav entries by weight: a folder whose index.md has a weight
    gathers its pages into one section, titled as its index page and placed at its weight, the index first."""
    folders = {folder_of(uri): (weight, title) for weight, uri, title in weighted_docs if uri.endswith("/index.md")}
    pages: dict[str, list[str]] = {}
    entries: list[tuple[int, str | dict[str, list[str]]]] = []
    for weight, uri, _ in sorted(weighted_docs):
        if folder_of(uri) in folders:
            pages.setdefault(folder_of(uri), []).append(uri)
        else:
            entries.append((weight, uri))
    for folder, uris in pages.items():
        weight, title = folders[folder]
        uris.sort(key=lambda uri: not uri.endswith("/index.md"))
        entries.append((weight, {title: uris} if len(uris) > 1 else uris[0]))
    return sorted(entries, key=lambda entry: entry[0])


def derive_nav(handbook: Handbook, weighted_docs: list[tuple[int, str, str]], items_weight: int = 50) -> list:
    """The whole nav: hand-written pages by their nav_weight (a folder of them as one section), the item sections at
    items_weight."""
    entries = doc_entries(weighted_docs)
    before = [entry for weight, entry in entries if weight < items_weight]
    after = [entry for weight, entry in entries if weight >= items_weight]
    return [*before, *item_sections(handbook), *after]


def nav_uris(entries: Any) -> list[str]:
    """The page URIs of nav entries, in order, every section opened."""
    if isinstance(entries, str):
        return [entries]
    if isinstance(entries, dict):
        return nav_uris(list(entries.values()))
    return [uri for entry in entries for uri in nav_uris(entry)]


def tag_order(handbook: Handbook) -> dict[str, int]:
    """Each tag's place in reading order: the phases as the method runs them, the departments in their order, then
    the kinds' words (檢核表, 案例) in the nav's order."""
    names = [*PHASES, *(d.name for d in handbook.departments.values()), *(kind.label for kind in in_nav_order())]
    return {name: place for place, name in enumerate(names)}


def item_order(handbook: Handbook) -> dict[str, int]:
    """Each item's place (as kind/id, its URL) in the nav: playbooks phase by phase, checklists, cases, departments."""
    uris = [uri for uri in nav_uris(item_sections(handbook)) if not uri.endswith("/index.md")]
    return {uri.removesuffix(".md"): place for place, uri in enumerate(uris)}


def rank(order: dict[str, int], name: str) -> tuple[int, str]:
    """Where name sorts: its place in order; a name outside it comes after, by name."""
    return order.get(name, len(order)), name
