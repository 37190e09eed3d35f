"""Every kind of page on a 390 px phone: nothing scrolls sideways, no table cell squeezed to a few characters."""

from __future__ import annotations

import pytest

from conftest import screenshot

PAGES = {
    "home": "", "method": "method/", "onboarding": "onboarding/", "symptoms": "symptoms/",
    "playbook-index": "playbooks/", "playbook": "playbooks/options-abc/", "playbook-process": "playbooks/one-process/",
    "checklist-index": "checklists/", "checklist": "checklists/project-kickoff/",
    "case": "cases/renewal-weekend/", "case-options": "cases/stock-car-promotion/",
    "department-index": "departments/", "department": "departments/sales/", "tools": "tools/",
    "about-source": "about-source/", "glossary": "glossary/", "tags": "tags/", "progress": "progress/",
    "editors-macros": "editors/macros/", "not-found": "404.html", "simplified-case": "zh-Hans/cases/renewal-weekend/",
    "projects": "projects/", "project": "projects/project/", "binder": "projects/binder/",
}
# A cell whose text wraps onto lines narrower than this many (Han) characters of its font size is squeezed.
MIN_CHARACTERS = 4
SQUEEZED = """min => Array.from(document.querySelectorAll('.md-content table td, .md-content table th'))
  .filter(cell => cell.offsetParent && cell.textContent.trim().length >= min)
  .map(cell => { const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const range = document.createRange(); range.selectNodeContents(cell);
    const lines = new Set(Array.from(range.getClientRects(), r => Math.round(r.top))).size;
    return [cell.textContent.trim().slice(0, 20), Math.round(inner), parseFloat(style.fontSize), lines]; })
  .filter(([, inner, size, lines]) => lines > 1 && inner < min * size * 0.95)"""


@pytest.fixture
def phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=1, locale="zh-TW")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone(phone, base_url, name):
    phone.goto(base_url + PAGES[name])
    phone.wait_for_load_state("networkidle")
    for details in phone.locator(".md-content details").all():  # opened, as a reader would
        details.evaluate("d => d.open = true")
    width = phone.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    screenshot(phone, f"phone-{name}")
    assert width[0] <= width[1], f"{name} scrolls sideways: {width}"
    squeezed = phone.evaluate(SQUEEZED, MIN_CHARACTERS)
    assert not squeezed, squeezed
