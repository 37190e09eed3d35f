"""Long lists in pages: the first page sits on the list's home page, the others at lists/<name>-<n>/.

A page that lists every item grows with the handbook (at 1,000 playbooks the playbooks index weighed 850 KB and
the symptom chooser 760 KB). Paged, every page stays the same size, reads and prints without JavaScript, and every
item is still a link away. Lists the size of today's handbook fit on their first page and look as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from handbook.content.handbook import Handbook
from handbook.content.kinds import Kind, in_nav_order
from handbook.content.models import PHASE_SLUGS, PHASES

LIST_FOLDER = "lists"  # not a kind's folder, so no item's slug can collide with a list page
CARDS_PER_PAGE = 30  # cards carry a summary (about 0.5 KB each)
LINKS_PER_PAGE = 100  # one-line entries: a title and a badge
SYMPTOM_LINKS_PER_PAGE = 150  # the chooser's pages hold rows (a symptom, its playbooks) up to this many links
PAGER_REACH = 2  # the pager links this many pages on each side of the current one, and the first and last
OWN_LISTS = ("playbooks", "checklists", "departments")  # kinds whose index is made of lists of their own


@dataclass(frozen=True)
class Listing:
    """One long list: its entries page by page, where its first page is, and the fragment that prints a page."""

    name: str  # lists/<name>-<n>/ (two folders deep, as deep as the item pages: Material's inline script and its
    # reviewed CSP hash depend on the depth)
    title: str  # what the list is, for the later pages' titles
    home: str  # site URL of the first page, with the list's anchor there
    template: str  # the fragment that prints one page of entries
    pages: tuple[tuple[Any, ...], ...]

    @property
    def count(self) -> int:
        """How many entries the list holds."""
        return sum(len(page) for page in self.pages)

    def url(self, number: int) -> str:
        """The site URL of page number (1 is the home page's list)."""
        return self.home if number == 1 else f"{LIST_FOLDER}/{self.name}-{number}/"

    def start(self, number: int) -> int:
        """The position of page number's first entry in the whole list (from 1)."""
        return 1 + sum(len(page) for page in self.pages[:number - 1])


@dataclass(frozen=True)
class PagerLink:
    """One entry of a pager: a page number (None for a gap) and whether it is the page shown."""

    number: int | None
    current: bool = False


def by_count(entries: Sequence[Any], size: int) -> tuple[tuple[Any, ...], ...]:
    """Entries in pages of size; an empty list is one empty page."""
    return tuple(tuple(entries[start:start + size]) for start in range(0, len(entries), size)) or ((),)


def by_weight(entries: Sequence[Any], budget: int, weight: Callable[[Any], int]) -> tuple[tuple[Any, ...], ...]:
    """Entries in pages of at most budget weight; an entry is never split, so a heavy one may fill a page alone."""
    pages: list[list[Any]] = [[]]
    used = 0
    for entry in entries:
        if pages[-1] and used + weight(entry) > budget:
            pages.append([])
            used = 0
        pages[-1].append(entry)
        used += weight(entry)
    return tuple(tuple(page) for page in pages)


def pager(listing: Listing, number: int, reach: int = PAGER_REACH) -> list[PagerLink]:
    """The page numbers a pager shows around page number: the first, the last, reach on each side, gaps as None."""
    total = len(listing.pages)
    if total == 1:
        return []
    shown = sorted({1, total, *range(max(1, number - reach), min(total, number + reach) + 1)})
    links: list[PagerLink] = []
    for page in shown:
        if links and page - links[-1].number > 1:
            links.append(PagerLink(None))
        links.append(PagerLink(page, page == number))
    return links


def handbook_listings(handbook: Handbook) -> dict[str, Listing]:
    """Every long list of the handbook by name: the indexes' sections, each department's playbooks, the symptom
    chooser and the progress table."""
    cards = lambda entries: by_count(list(entries), CARDS_PER_PAGE)  # noqa: E731
    links = lambda entries: by_count(list(entries), LINKS_PER_PAGE)  # noqa: E731
    lists = [Listing(f"playbooks-{PHASE_SLUGS[phase]}", f"{phase}劇本", f"playbooks/#{PHASE_SLUGS[phase]}",
                     "playbook_cards.html", cards(handbook.playbooks_in_phase(phase))) for phase in PHASES]
    lists += [
        Listing("checklists-project", "執行專案的檢核表", "checklists/#project", "project_checklist_cards.html",
                cards(handbook.project_checklists())),
        Listing("checklists-departments", "各部門利益點檢核表", "checklists/#departments",
                "department_checklist_cards.html", cards(handbook.department_checklists())),
        *(Listing(f"department-{ident}", f"{department.name}參與的劇本", f"departments/{ident}/#playbooks",
                  "department_playbooks.html", links(handbook.playbooks_for_department(ident)))
          for ident, department in handbook.departments.items()),
        Listing("symptoms", "遇到什麼問題？", "symptoms/", "symptom_rows.html",
                by_weight(handbook.symptom_index(), SYMPTOM_LINKS_PER_PAGE, lambda row: len(row[1]))),
        Listing("progress", "我的進度", "progress/", "progress_rows.html",
                links(handbook.project_checklists() + handbook.department_checklists())),
    ]
    lists += [kind_listing(handbook, kind) for kind in in_nav_order() if kind.name not in OWN_LISTS]
    return {listing.name: listing for listing in lists}


def kind_listing(handbook: Handbook, kind: Kind) -> Listing:
    """A card per item of a kind, on its index (cases show their departments; any other kind its summary)."""
    if kind.name == "cases":
        entries: list[Any] = list(handbook.cases.values())
    else:
        entries = [{"kind": kind.name, "id": ident, "title": getattr(item, kind.title_field),
                    "summary": getattr(item, "summary", None)} for ident, item in handbook.items(kind.name).items()]
    template = "case_cards.html" if kind.name == "cases" else "item_cards.html"
    return Listing(kind.name, kind.label, f"{kind.name}/", template, by_count(entries, CARDS_PER_PAGE))


_computed: list[tuple[Handbook, dict[str, Listing]]] = []


def listings(handbook: Handbook) -> dict[str, Listing]:
    """The handbook's lists, computed once per loaded handbook (every index, list page and department page asks)."""
    if not _computed or _computed[0][0] is not handbook:
        _computed[:] = [(handbook, handbook_listings(handbook))]
    return _computed[0][1]


def later_pages(handbook: Handbook) -> list[tuple[Listing, int]]:
    """Every list page after the first: (listing, page number)."""
    return [(listing, number) for listing in listings(handbook).values()
            for number in range(2, len(listing.pages) + 1)]
