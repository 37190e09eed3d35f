"""How `make test` shares the suite among pytest-xdist workers (tests/conftest.py): files are units of work, and
the two longest files run each edition's half as a unit of its own."""

from __future__ import annotations

from conftest import LONGEST_FIRST, ROOT, SPLIT_BY_EDITION, edition_scope, work_order

SEARCH = "tests/browser/test_search_browser.py"


def test_each_edition_of_a_split_file_is_a_unit_of_its_own():
    assert edition_scope(f"{SEARCH}::test_search_recall_at_3[Simplified]") == f"{SEARCH}::Simplified"
    assert edition_scope(f"{SEARCH}::test_each_held_set_lands_on_its_pages[queries in the other script-Simplified]") \
        == f"{SEARCH}::Simplified"
    assert edition_scope(f"{SEARCH}::test_search_recall_at_3[Traditional]") == f"{SEARCH}::Traditional"
    assert edition_scope(f"{SEARCH}::test_keyboard_opens_moves_and_enters") == f"{SEARCH}::Traditional"
    journey = "tests/browser/test_project_journey_browser.py"
    assert edition_scope(f"{journey}::test_every_project_view_fits_a_phone[zh-Hans]") == f"{journey}::Simplified"


def test_other_files_stay_whole_and_the_split_files_exist():
    assert edition_scope("tests/site/test_nginx.py::test_x[Simplified]") == "tests/site/test_nginx.py"
    assert all((ROOT / path).is_file() for path in SPLIT_BY_EDITION)


def test_the_longest_units_start_first_and_every_listed_unit_exists():
    nodeids = ["tests/content/test_a.py::test_one", "tests/site/test_fresh_machine.py::test_rerun",
               "tests/content/test_b.py::test_one", "tests/content/test_b.py::test_two",
               f"{SEARCH}::test_x[Simplified]", f"{SEARCH}::test_x[Traditional]", f"{SEARCH}::test_y[Simplified]"]
    assert work_order(nodeids) == [f"{SEARCH}::test_x[Traditional]", f"{SEARCH}::test_x[Simplified]",
                                   f"{SEARCH}::test_y[Simplified]", "tests/site/test_fresh_machine.py::test_rerun",
                                   "tests/content/test_b.py::test_one", "tests/content/test_b.py::test_two",
                                   "tests/content/test_a.py::test_one"]
    assert all((ROOT / unit.partition("::")[0]).is_file() for unit in LONGEST_FIRST)
    assert {unit.partition("::")[0] for unit in LONGEST_FIRST} >= set(SPLIT_BY_EDITION)
