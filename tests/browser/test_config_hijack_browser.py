"""An element an editor managed to give id="__config" (the check and the sanitiser refuse it; this is the layer
behind them) cannot move where search and projects load from: they read only the theme's JSON script."""

from __future__ import annotations

import pytest

from conftest import search

HIJACK = ('<div id="__config">{"base": "data:text/javascript,window.hijacked=1;export default 1//"}</div>'
          '<h2 id="__config">{"base": "https://evil.example"}</h2>')


@pytest.fixture
def hijacked(page, base_url):
    """The page, with the editor's elements put first in the body of every page served."""
    def inject(route):
        response = route.fetch()
        body = response.text()
        if "<body" in body:
            start = body.index(">", body.index("<body")) + 1
            body = body[:start] + HIJACK + body[start:]
        route.fulfill(response=response, body=body)
    page.route(lambda url: url.startswith(base_url) and not url.rsplit("/", 1)[-1].count("."), inject)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.requested = requested
    return page


def test_search_still_loads_pagefind_from_the_site(hijacked, base_url):
    hijacked.goto(base_url + "method/")
    assert hijacked.locator("#__config").first.evaluate("e => e.tagName") == "DIV"  # the editor's comes first
    search(hijacked, "預算")
    assert base_url + "pagefind/pagefind.js" in hijacked.requested
    assert not [url for url in hijacked.requested if url.startswith("data:text/javascript")]
    assert hijacked.evaluate("() => window.hijacked") is None


def test_the_project_bar_links_into_the_site(hijacked, base_url):
    hijacked.goto(base_url + "projects/")
    link = hijacked.locator(".hb-project-bar a", has_text="專案頁")
    link.wait_for()
    assert link.evaluate("a => a.href") == base_url + "projects/project/"
