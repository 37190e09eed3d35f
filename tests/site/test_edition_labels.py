"""The Simplified edition's accessible names read as its visible words: what a screen reader says (aria-label,
title, alt, placeholder) is converted with the page, and a control named apart from its words names it by them
(axe's label-content-name-mismatch, WCAG 2.5.3 "label in name")."""

from __future__ import annotations

import html.parser
import json
import re
import unicodedata
from pathlib import Path

import pytest

from handbook.publish.edition import SIMPLIFIED, to_simplified

# Elements whose accessible name comes from their content, as axe's rule picks them.
NAMED_BY_CONTENT_TAGS = {"a", "button", "summary"}
NAMED_BY_CONTENT_ROLES = {"button", "checkbox", "link", "menuitem", "menuitemcheckbox", "menuitemradio", "option",
                          "radio", "switch", "tab", "treeitem"}
READ_ATTRIBUTES = ("aria-label", "aria-description", "title", "alt", "placeholder")
NOT_SHOWN = {"script", "style", "template", "svg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TRADITIONAL = {"zh-Hant", "zh-TW"}  # the language switch names the Traditional edition in its own script


def curated(text: str) -> str:
    """Text as axe compares a name with visible words: lower case, punctuation and symbols dropped, spaces collapsed."""
    kept = "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in text.lower())
    return " ".join(kept.split())


class Element:
    """One element of a page: its tag, attributes, words shown inside it and whether it is Traditional on purpose."""

    def __init__(self, tag: str, attributes: dict[str, str], shown: bool, traditional: bool):
        self.tag, self.attributes, self.shown, self.traditional = tag, attributes, shown, traditional
        self.words: list[str] = []

    def named_by_content(self) -> bool:
        """Whether axe expects this element's name to contain its visible words."""
        role = self.attributes.get("role")
        return role in NAMED_BY_CONTENT_ROLES if role else (
            self.tag in NAMED_BY_CONTENT_TAGS and (self.tag != "a" or "href" in self.attributes))


class Elements(html.parser.HTMLParser):
    """Every element of a page, with the words a reader sees inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[Element] = []
        self.found: list[Element] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        parent = self.open[-1] if self.open else None
        shown = (parent is None or parent.shown) and tag not in NOT_SHOWN and "hidden" not in attributes \
            and attributes.get("aria-hidden") != "true"
        traditional = attributes.get("lang", "") in TRADITIONAL or bool(parent and parent.traditional)
        element = Element(tag, attributes, shown, traditional)
        self.found.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open and self.open.pop().tag != tag:
            pass

    def handle_data(self, data):
        if self.open and self.open[-1].shown:  # shown only inside shown elements
            for element in self.open:
                element.words.append(data)


def elements(page: Path) -> list[Element]:
    """The elements of a built page."""
    parser = Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser.found


@pytest.fixture(scope="module")
def simplified_elements(site: Path) -> dict[str, list[Element]]:
    """The elements of every page of the Simplified edition, by page."""
    return {page.relative_to(site).as_posix(): elements(page) for page in sorted((site / SIMPLIFIED).rglob("*.html"))}


def test_every_control_named_apart_from_its_words_names_it_by_them(simplified_elements):
    mismatched = [(page, element.attributes["aria-label"], " ".join("".join(element.words).split()))
                  for page, found in simplified_elements.items() for element in found
                  if element.named_by_content() and "aria-label" in element.attributes
                  and curated("".join(element.words))
                  and curated("".join(element.words)) not in curated(element.attributes["aria-label"])]
    assert not mismatched, mismatched[:10]


def test_what_a_screen_reader_says_is_simplified_like_the_words_shown(simplified_elements):
    left = {(page, name, element.attributes[name])
            for page, found in simplified_elements.items() for element in found if not element.traditional
            for name in READ_ATTRIBUTES
            if name in element.attributes and to_simplified(element.attributes[name]) != element.attributes[name]}
    assert not left, sorted(left)[:10]


# search.js fills the search button with the words of its data-hb-string and names it (its words are hidden on a
# phone) with one of the page's theme strings: Material's zh-TW pack, or its zh pack on the Simplified edition.
SEARCH_BUTTON_NAME = re.compile(r'open\.setAttribute\("aria-label", strings\["([^"]+)"\]\)')
SEARCH_BUTTON_WORDS = re.compile(r'class="hb-search__label" data-hb-string="([^"]+)"')
SEARCH_STRINGS = re.compile(r'<script type="application/json" class="hb-search__strings">(.*?)</script>', re.S)


@pytest.mark.parametrize(("edition", "lang"), [("", "zh-TW"), (SIMPLIFIED, "zh-Hans")])
def test_the_search_button_is_named_by_the_words_it_shows(site, edition, lang):
    script = (site / edition / "assets" / "search.js").read_text(encoding="utf-8")
    page = (site / edition / "index.html").read_text(encoding="utf-8")
    named_by = SEARCH_BUTTON_NAME.search(script)
    assert named_by, "search.js no longer names the search button as this test reads it: update the test"
    shows = SEARCH_BUTTON_WORDS.search(page).group(1)
    strings = json.loads(SEARCH_STRINGS.search(page).group(1))[lang]
    assert curated(strings[shows]) in curated(strings[named_by.group(1)]), (strings[shows], strings[named_by.group(1)])
