"""Every kind of page in a real browser: no request leaves the site, no serious axe violation, screenshots."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import screenshot, search

PAGES = {
    "home": "",
    "method": "method/",
    "onboarding": "onboarding/",
    "symptoms": "symptoms/",
    "playbook": "playbooks/options-abc/",
    "playbook-index": "playbooks/",
    "checklist": "checklists/project-kickoff/",
    "case": "cases/renewal-weekend/",
    "department": "departments/sales/",
    "tools": "tools/",
    "about-source": "about-source/",
    "editors-macros": "editors/macros/",
    "tags": "tags/",
    "glossary": "glossary/",
    "progress": "progress/",
}
WIDTHS = {"desktop": 1280, "phone": 390}
# axe's default rules, and the one that compares a control's name with the words it shows (experimental, off by
# default): the Simplified edition's names must be converted with its text.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"label-content-name-mismatch": {"enabled": True}}}
SIMPLIFIED_PAGES = ("home", "checklist", "editors-macros", "tools", "playbook", "progress")


def serious_violations(page) -> list:
    """axe's serious and critical findings on the open page: rule, help and the first elements."""
    results = Axe().run(page, options=AXE_OPTIONS)
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation(page, base_url, name):
    page.goto(base_url + PAGES[name])
    assert serious_violations(page) == []


@pytest.mark.parametrize("name", SIMPLIFIED_PAGES)
def test_simplified_page_has_no_serious_accessibility_violation(page, base_url, name):
    page.goto(base_url + "zh-Hans/" + PAGES[name])
    assert serious_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_screenshot(page, base_url, name, width):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    response = page.goto(base_url + PAGES[name])
    assert response.status == 200
    assert page.locator("h1").count() == 1
    screenshot(page, f"{name}-{width}")


def test_search_results_page_is_accessible(page, base_url):
    page.goto(base_url)
    search(page, "負責人")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], [n["target"] for n in v["nodes"]][:4], v["nodes"][0]["any"][0]["message"]) for v in serious]
    screenshot(page, "search-results")
