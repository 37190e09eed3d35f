"""Search quality in a real browser: the query set of search_queries.yml, typed into the site's own search box.

Every query must find its expected page in the top 3 results, in the Traditional edition and (converted with
OpenCC) in the Simplified one; recall@3 is printed for both. Also: a query without results points to the
glossary, and the generated jieba user dictionary keeps the handbook's words whole.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import jieba
import pytest
import yaml

from conftest import ROOT, screenshot, type_into_search
from macros.edition import SIMPLIFIED, to_simplified
from macros.search_dict import content_texts, user_dictionary, whole_words
from macros.state import current_handbook

QUERY_FILE = Path(__file__).with_name("search_queries.yml")
TOP = 3
# The first query waits for the search worker to download and index the site.
FIRST_QUERY_TIMEOUT = 30_000
QUERY_TIMEOUT = 10_000
NONSENSE = "ㄅㄆㄇ"

EDITIONS = {"Traditional": "", "Simplified": f"{SIMPLIFIED}/"}
CONVERT = {"Traditional": lambda text: text, "Simplified": to_simplified}

# Material shows the placeholder in the result meta while the input is empty.
EMPTY = """placeholder => {
  const meta = document.querySelector(".md-search-result__meta");
  const list = document.querySelector(".md-search-result__list");
  return meta.textContent.trim() === placeholder && list.children.length === 0;
}"""
# Done when the meta says "no results", or it counts n results and min(n, top) items are listed.
DONE = """([placeholder, none, top]) => {
  const meta = document.querySelector(".md-search-result__meta").textContent.trim();
  if (meta === placeholder) return false;
  if (meta === none) return true;
  const count = Number((meta.match(/\\d+/) || ["0"])[0]);
  return document.querySelectorAll(".md-search-result__item").length >= Math.min(count, top);
}"""
# The page of each result, best first: an item's first link is its page, the others its sections.
RESULT_URLS = """() => [...document.querySelectorAll(".md-search-result__item")].map(item => {
  const link = item.querySelector("a.md-search-result__link");
  return link ? link.href : "";
})"""


@dataclass(frozen=True)
class Query:
    """One query and the page a reader typing it wants."""

    query: str
    expect: str
    kind: str = ""
    reason: str = ""


def load_queries() -> tuple[list[Query], list[Query]]:
    """The asserted queries and the pending ones, from search_queries.yml."""
    data = yaml.safe_load(QUERY_FILE.read_text(encoding="utf-8"))
    return ([Query(**{k: str(v) for k, v in q.items()}) for q in data["queries"]],
            [Query(**{k: str(v) for k, v in q.items()}) for q in data.get("pending", [])])


QUERIES, PENDING = load_queries()


class SearchBox:
    """The site's search box on one page, reused for every query: cleared and typed into, never reloaded."""

    def __init__(self, page, root: str, convert=CONVERT["Traditional"]):
        self.page = page
        self.root = root
        self.convert = convert
        page.goto(root)
        translations = json.loads(page.locator("#__config").text_content())["translations"]
        self.placeholder = translations["search.result.placeholder"]
        self.none = translations["search.result.none"]
        self.input = page.locator(".md-search__input")
        self.input.click()
        self.timeout = FIRST_QUERY_TIMEOUT

    def type(self, text: str) -> None:
        """Replace the input's text (see conftest.type_into_search)."""
        type_into_search(self.input, text)

    def clear(self) -> None:
        """Empty the input and wait until the previous results are gone (at first: until the worker is ready,
        as the result meta says "initialising" until then)."""
        self.type("")
        self.page.wait_for_function(EMPTY, arg=self.placeholder, timeout=self.timeout)

    def search(self, query: str) -> list[str]:
        """The pages of the results for query, relative to the edition's root, best first, anchors dropped."""
        self.clear()
        self.type(query)
        self.page.wait_for_function(DONE, arg=[self.placeholder, self.none, TOP], timeout=self.timeout)
        self.timeout = QUERY_TIMEOUT
        pages: list[str] = []
        for url in self.page.evaluate(RESULT_URLS):
            relative = re.sub(r"[?#].*$", "", url).removeprefix(self.root)
            if relative not in pages:
                pages.append(relative)
        return pages

    def expect_ready(self) -> None:
        """Wait for the search worker by running a query that must find something."""
        assert self.search(self.convert("續保"))


def rank(pages: list[str], expected: str) -> int | None:
    """1-based position of expected among pages, or None."""
    return pages.index(expected) + 1 if expected in pages else None


def test_query_set_is_well_formed():
    assert len(QUERIES) >= 40
    texts = [q.query for q in QUERIES + PENDING]
    assert len(texts) == len(set(texts)), [t for t, n in Counter(texts).items() if n > 1]
    for q in QUERIES + PENDING:
        assert q.expect == "" or q.expect.endswith("/"), q
        assert not q.expect.startswith(("/", "http")), q


def test_expected_pages_exist(site):
    for q in QUERIES + PENDING:
        for root in EDITIONS.values():
            assert (site / root / q.expect / "index.html").is_file(), (root, q)


@pytest.mark.parametrize("edition", EDITIONS)
def test_search_recall_at_3(page, base_url, capsys, edition):
    root = base_url + EDITIONS[edition]
    convert = CONVERT[edition]
    box = SearchBox(page, root, convert)
    box.expect_ready()

    misses, hits_by_kind, total_by_kind = [], Counter(), Counter()
    for q in QUERIES:
        pages = box.search(convert(q.query))
        total_by_kind[q.kind] += 1
        if q.expect in pages[:TOP]:
            hits_by_kind[q.kind] += 1
        else:
            misses.append(f"{convert(q.query)} → expected {q.expect}, got {pages[:5]}")
    pending = []
    for q in PENDING:
        pages = box.search(convert(q.query))
        pending.append(f"  {convert(q.query)} → {q.expect}: rank {rank(pages, q.expect) or '-'} ({q.reason})")

    hits = sum(hits_by_kind.values())
    recall = hits / len(QUERIES)
    with capsys.disabled():
        print(f"\n{edition} edition: recall@{TOP} = {hits}/{len(QUERIES)} = {recall:.1%} ("
              + ", ".join(f"{kind} {hits_by_kind[kind]}/{n}" for kind, n in total_by_kind.items()) + ")")
        if misses:
            print("\n".join("  miss: " + m for m in misses))
        print(f"{edition} edition, pending (not asserted):\n" + "\n".join(pending))
    assert not misses, f"recall@{TOP} {recall:.1%}; misses:\n" + "\n".join(misses)


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_result_points_to_glossary(page, base_url, edition):
    root = base_url + EDITIONS[edition]
    box = SearchBox(page, root, CONVERT[edition])
    box.expect_ready()
    hint = page.locator(".hb-no-results")
    assert hint.is_hidden()

    assert box.search(NONSENSE) == []
    assert hint.is_visible()
    assert hint.locator("a").evaluate("a => a.href") == root + "glossary/"
    screenshot(page, f"search-no-results-{edition.lower()}")

    # The hint goes away as soon as a query finds something again, and on an empty input.
    assert box.search(CONVERT[edition]("負責人"))
    assert hint.is_hidden()
    box.clear()
    assert hint.is_hidden()

    # And the link leads to the glossary.
    box.search(NONSENSE)
    hint.locator("a").click()
    page.wait_for_url(root + "glossary/")
    assert page.locator("h1").first.text_content().strip().removesuffix("¶") == CONVERT[edition]("術語表")


@pytest.fixture(scope="module")
def handbook():
    return current_handbook(ROOT)


@pytest.fixture(scope="module")
def cut(handbook, tmp_path_factory):
    """jieba with the generated user dictionary, as the search plugin loads it.

    A private jieba.Tokenizer is used, so the global one (which other code in this process may use) stays as it was.
    """
    path = tmp_path_factory.mktemp("jieba") / "user-dict.txt"
    path.write_text(user_dictionary(handbook), encoding="utf-8")
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(path))
    return lambda text: list(tokenizer.cut(text))


def test_user_dictionary_keeps_renewal_words_whole(cut):
    words = cut("辦理續保手續")
    assert "續保" in words and "手續" in words, words


@pytest.mark.parametrize("text, words", [
    # Traditional spellings jieba's Simplified dictionary does not know.
    ("摸清各部門利益點並修正方案", ["部門", "利益點", "方案"]),
    ("各取所需：說清楚每個部門的收穫", ["各取所需", "部門", "收穫"]),
    # A known word that would hide another known word is cut around it, so prefix search finds the inner word.
    ("週末續保促銷活動", ["週末", "續保"]),
    ("指定各部門專案負責人", ["部門", "負責人"]),
    ("續保達成率一直比市場高", ["續保", "達成率", "市場"]),
    ("客戶滿意度提高", ["滿意度"]),
    ("合作總結會：感謝、數據", ["總結會"]),
    ("由店裡代辦理賠", ["理賠"]),
])
def test_user_dictionary_cuts_content_into_searchable_words(cut, text, words):
    found = cut(text)
    assert all(word in found for word in words), found


def test_user_dictionary_keeps_every_known_word_whole(cut, handbook):
    split = {word: cut(word) for word in whole_words(handbook) if cut(word) != [word]}
    assert not split, split


def test_user_dictionary_words_come_from_the_content(handbook):
    text = "\n".join(content_texts(handbook))
    entries = [line.split()[0] for line in user_dictionary(handbook).splitlines()]
    assert entries
    assert not [word for word in entries if word not in text]
