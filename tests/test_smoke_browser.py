"""A first look at the built site in a real browser."""

from conftest import screenshot


def test_home_renders_phase_diagram(page, base_url):
    page.goto(base_url)
    assert page.locator(".hb-phases__phase").count() == 3
    screenshot(page, "home-desktop")
