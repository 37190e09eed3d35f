"""Page sources and navigation derived from the handbook's items (no hand-kept lists)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from handbook.content.handbook import Handbook
from handbook.content.kinds import REGISTRY, Kind, in_nav_order
from handbook.content.models import PHASE_SLUGS, PHASES
from handbook.render.listing import LIST_FOLDER, Listing, later_pages


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
    """An item page: front matter and the editor's prose (never rendered as a template); the plugin adds the
    rest."""
    review = (item.owner, item.review_by.isoformat()) if item is not None and hasattr(item, "review_by") else None
    return PageSource(f"{kind}/{ident}.md", item_front_matter(kind, ident, title, tuple(tags), review)
                      + prose.strip() + "\n", REGISTRY[kind].source(ident))


@lru_cache(maxsize=8192)  # `mkdocs serve` asks again for every unchanged item on each save
def item_front_matter(kind: str, ident: str, title: str, tags: tuple[str, ...], review: tuple[str, str] | None) -> str:
    """An item page's front matter."""
    meta: dict[str, Any] = {"title": title, "tags": list(tags), "hb_kind": kind, "hb_id": ident}
    if review is not None:
        meta.update(owner=review[0], review_by=review[1])
    return front_matter(meta)


def department_tags(handbook: Handbook, departments: list[str]) -> list[str]:
    """Department names as tags, in the departments' own order (stable whatever order an editor wrote)."""
    ordered = sorted(dict.fromkeys(departments), key=lambda d: (handbook.departments[d].order, d))
    return [handbook.department_name(d) for d in ordered]


def item_tags(handbook: Handbook, kind: str, ident: str) -> list[str]:
    """An item's tags: a playbook's phase and departments, a checklist's phase or department, a case's
    departments, a department's name; checklists, cases and any other kind also carry their kind's word."""
    if kind == "playbooks":
        p = handbook.playbooks[ident]
        return [p.phase, *department_tags(handbook, p.departments)]
    if kind == "checklists":
        c = handbook.checklists[ident]
        return [*([c.phase] if c.phase else department_tags(handbook, [c.department])), REGISTRY[kind].label]
    if kind == "cases":
        return [*department_tags(handbook, handbook.cases[ident].departments), REGISTRY[kind].label]
    if kind == "departments":
        return [handbook.department_name(ident)]
    return [REGISTRY[kind].label]


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


def any_item_page(handbook: Handbook, kind: Kind, ident: str) -> PageSource:
    """The page of an item whose kind has no page function of its own: tagged with its kind's word."""
    item = handbook.items(kind.name)[ident]
    return item_page(kind.name, ident, getattr(item, kind.title_field), item_tags(handbook, kind.name, ident), item,
                     getattr(item, "body", "") if kind.has_body else "")


PAGE_MAKERS = {"playbooks": playbook_page, "checklists": checklist_page, "cases": case_page,
               "departments": department_page}


def index_page(kind: str) -> PageSource:
    """A section's index page, listing its items."""
    # Index pages repeat their items' summaries; a lower boost lets the items themselves rank first.
    meta = {"title": REGISTRY[kind].label, "hb_kind": "index", "hb_id": kind, "search": {"boost": 0.5}}
    return PageSource(f"{kind}/index.md", front_matter(meta), None)


def list_page(listing: Listing, number: int) -> PageSource:
    """A later page of a long list (the first sits on the list's home page); out of the nav (mkdocs.yml's
    not_in_nav) and out of the search, since it only repeats its items' titles and summaries."""
    meta = {"title": f"{listing.title}（第 {number} 頁）", "hb_kind": "list", "hb_id": listing.name,
            "hb_page": number, "search": {"exclude": True}}
    return PageSource(list_uri(listing, number), front_matter(meta), None)


def list_uri(listing: Listing, number: int) -> str:
    """Where a later page of a long list goes in the docs tree."""
    return f"{LIST_FOLDER}/{listing.name}-{number}.md"


def generated_uris(handbook: Handbook) -> list[str]:
    """Where every generated page goes in the docs tree (without making the pages)."""
    return [*(f"{kind.name}/{ident}.md" for kind in in_nav_order() for ident in ["index", *handbook.items(kind.name)]),
            *(list_uri(listing, number) for listing, number in later_pages(handbook))]


def all_pages(handbook: Handbook) -> list[PageSource]:
    """Every generated page: each kind's index, the later pages of long lists, then the items."""
    pages = [index_page(kind.name) for kind in in_nav_order()]
    pages += [list_page(listing, number) for listing, number in later_pages(handbook)]
    for kind in in_nav_order():
        make = PAGE_MAKERS.get(kind.name)
        pages += [make(handbook, ident) if make else any_item_page(handbook, kind, ident)
                  for ident in handbook.items(kind.name)]
    return pages


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


def tag_order(handbook: Handbook) -> dict[str, int]:
    """Each tag's place in reading order: the phases as the method runs them, the departments in their order, then
    the kinds' words (檢核表, 案例) in the nav's order."""
    names = [*PHASES, *(d.name for d in handbook.departments.values()), *(kind.label for kind in in_nav_order())]
    return {name: place for place, name in enumerate(names)}


COUNT_WORDS = {"checklists": "份"}  # the measure word of a kind's count (個 when not listed)


@dataclass(frozen=True)
class TagLink:
    """A tag shown on a page (Material's tag partial reads name, url and hidden), or a place on the tags page."""

    name: str
    url: str
    hidden: bool = False


def tag_home(handbook: Handbook, tag: str, kind: str) -> str:
    """Where the items of one kind that carry a tag are listed: a phase's playbooks or the project checklists
    on the indexes, a kind's index, a department's own page."""
    if tag in PHASE_SLUGS:
        return f"playbooks/#{PHASE_SLUGS[tag]}" if kind == "playbooks" else "checklists/#project"
    by_label = {k.label: k.name for k in in_nav_order()}
    if tag in by_label:
        return f"{by_label[tag]}/"
    by_name = {d.name: d.id for d in handbook.departments.values()}
    if tag not in by_name:
        raise ValueError(f"標籤「{tag}」不是階段、部門或內容種類")
    return f"departments/{by_name[tag]}/"


def tag_chips(handbook: Handbook, tags: list[str], kind: str) -> list[TagLink]:
    """A page's tags, each linking to where the page's kind is listed under it (the handbook's indexes and
    department pages are its tag listings: Material's listing of every item under every tag grew to 830 KB)."""
    return [TagLink(tag, tag_home(handbook, tag, kind)) for tag in tags]


def tag_index(handbook: Handbook) -> list[tuple[str, list[TagLink]]]:
    """Every tag in reading order (tag_order), with where its items are listed and how many of each kind."""
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for kind in (k for k in in_nav_order() if k.name != "departments"):  # a department's page is the place
        for ident in handbook.items(kind.name):
            for tag in item_tags(handbook, kind.name, ident):
                place = counts.setdefault(tag, {}).setdefault(tag_home(handbook, tag, kind.name), {})
                place[kind.name] = place.get(kind.name, 0) + 1
    order = tag_order(handbook)
    return [(tag, [TagLink("、".join(count_text(kind, n) for kind, n in found.items()), url)
                   for url, found in counts[tag].items()])
            for tag in sorted(counts, key=lambda tag: (order.get(tag, len(order)), tag))]


def count_text(kind: str, count: int) -> str:
    """How many items of a kind: 3 個劇本, 1 份檢核表."""
    return f"{count} {COUNT_WORDS.get(kind, '個')}{REGISTRY[kind].label}"
