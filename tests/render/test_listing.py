"""Long lists in pages (handbook/render/listing.py): pages of a bounded size, a pager, every entry on exactly one page."""

from __future__ import annotations

import re

import pytest

from handbook.render import rendering
from handbook.content.handbook import Handbook
from handbook.content.kinds import REGISTRY
from handbook.render.listing import Listing, by_count, by_weight, handbook_listings, later_pages, listings, pager
from handbook.render.pages import all_pages, tag_chips, tag_index
from handbook.render.rendering import Linker


def grown(handbook: Handbook, copies: int) -> Handbook:
    """The handbook with each playbook repeated `copies` times under new slugs (the lists grow; nothing else)."""
    playbooks = {f"{slug}-{n}": p.model_copy(update={"slug": f"{slug}-{n}"})
                 for n in range(copies) for slug, p in handbook.playbooks.items()}
    return Handbook(handbook.departments, playbooks, handbook.checklists, handbook.cases, handbook.terms)


def numbers(links) -> list:
    """A pager as page numbers, the current one in brackets, gaps as …"""
    return [f"[{link.number}]" if link.current else (link.number or "…") for link in links]


def test_pages_hold_a_fixed_count_or_a_weight_and_every_entry_once():
    assert by_count(list(range(7)), 3) == ((0, 1, 2), (3, 4, 5), (6,))
    assert by_count([], 3) == ((),)  # an empty list is one empty page
    rows = [("a", [1] * 5), ("b", [1] * 2), ("c", [1] * 9), ("d", [1])]
    pages = by_weight(rows, 8, lambda row: len(row[1]))
    assert [[name for name, _ in page] for page in pages] == [["a", "b"], ["c"], ["d"]]  # a heavy row alone


def test_the_pager_shows_the_ends_and_two_pages_either_side():
    listing = Listing("x", "X", "x/", "t.html", tuple((n,) for n in range(12)))
    assert numbers(pager(listing, 1)) == ["[1]", 2, 3, "…", 12]
    assert numbers(pager(listing, 6)) == [1, "…", 4, 5, "[6]", 7, 8, "…", 12]
    assert numbers(pager(listing, 12)) == [1, "…", 10, 11, "[12]"]
    assert pager(Listing("y", "Y", "y/", "t.html", ((1, 2),)), 1) == []  # one page: no pager
    assert listing.url(1) == "x/" and listing.url(3) == "lists/x-3/" and listing.start(3) == 3


def test_todays_handbook_fits_every_list_on_its_first_page(handbook):
    assert all(len(listing.pages) == 1 for listing in handbook_listings(handbook).values())
    assert later_pages(handbook) == []
    assert not [page.uri for page in all_pages(handbook) if page.uri.startswith("lists/")]


def test_a_grown_handbook_pages_its_lists_and_each_later_page_is_generated(handbook):
    big = grown(handbook, 10)  # ten times today's playbooks
    lists, today = listings(big), listings(handbook)
    phase = lists["playbooks-cooperate"]
    count = 10 * today["playbooks-cooperate"].count
    full = (count - 1) // 30  # pages of 30 before the last one
    assert phase.count == count and [len(page) for page in phase.pages] == [30] * full + [count - 30 * full]
    assert sum(phase.pages, ()) == tuple(big.playbooks_in_phase("協作"))  # every entry once, in order
    sales = lists["department-sales"]
    assert sales.count == 10 * today["department-sales"].count and len(sales.pages) == -(-sales.count // 100)
    uris = {page.uri for page in all_pages(big)}
    assert {f"lists/playbooks-cooperate-{n}.md" for n in range(2, full + 2)} | {"lists/department-sales-2.md"} <= uris
    assert f"lists/playbooks-cooperate-{full + 2}.md" not in uris
    symptoms = lists["symptoms"]
    assert all(sum(len(row[1]) for row in page) <= 150 or len(page) == 1 for page in symptoms.pages)


def test_a_later_page_links_its_neighbours_and_the_first_page_with_its_anchor(handbook):
    big = grown(handbook, 10)
    html = rendering.listing_page(big, Linker("lists/playbooks-cooperate-2/"), "playbooks-cooperate", 2)
    assert 'href="../../playbooks/#cooperate"' in html  # the first page: the section of the index
    assert 'href="../playbooks-cooperate-3/" rel="next"' in html and 'rel="prev"' in html
    assert '<span class="hb-pager__page" aria-current="page">2</span>' in html
    assert len(re.findall(r'class="hb-card"', html)) == 30
    first = rendering.index_fragment(big, Linker("playbooks/"), REGISTRY["playbooks"])
    assert 'href="../lists/playbooks-cooperate-2/"' in first and first.count('class="hb-card"') == 3 * 30
    # the by-department table names at most 15 playbooks a department and links the department's full list
    assert f'href="../departments/sales/#playbooks">全部 {listings(big)["department-sales"].count} 個</a>' in first


def test_page_tags_link_to_where_their_kind_is_listed(handbook):
    chips = {chip.name: chip.url for chip in tag_chips(handbook, ["溝通", "銷售部"], "playbooks")}
    assert chips == {"溝通": "playbooks/#communicate", "銷售部": "departments/sales/"}
    assert [c.url for c in tag_chips(handbook, ["溝通", "檢核表"], "checklists")] == ["checklists/#project",
                                                                                    "checklists/"]
    tags = dict(tag_index(handbook))
    assert list(tags)[:3] == ["溝通", "協作", "共贏"] and list(tags)[-2:] == ["檢核表", "案例"]
    cooperating = len(handbook.playbooks_in_phase("協作"))
    checklists = sum(1 for checklist in handbook.checklists.values() if checklist.phase == "協作")
    assert [(place.name, place.url) for place in tags["協作"]] == [(f"{cooperating} 個劇本", "playbooks/#cooperate"),
                                                                   (f"{checklists} 份檢核表", "checklists/#project")]
    assert sum(len(places) for places in tags.values()) == len(tags) + 3  # each phase: playbooks and checklists
    with pytest.raises(ValueError, match="不是階段、部門"):
        tag_chips(handbook, ["行銷"], "playbooks")
