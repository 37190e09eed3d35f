"""Search in a real browser: the handbook's search box (docs/assets/search.js) asking Pagefind, in both editions.

- the query set of search_queries.yml: its expected page in the top 3, typed in the edition's script, and typed
  in the other script (續保 on the Simplified edition, 续保 on the Traditional one);
- ordinary words drawn by a seeded script from the built pages themselves: a page containing the word in the top 5;
- problem phrases (不配合, 沒時間): the symptom chooser or the playbook for the problem in the top 3;
- the keyboard (/ opens, arrows move, Enter opens, Esc closes), the edition's own strings, the glossary hint,
  the landing page's highlight, and axe with the dialog open.

One browser page per edition and test, reused for every query: typed into, never reloaded.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import screenshot
from handbook.publish.edition import SIMPLIFIED, to_simplified

QUERY_FILE = Path(__file__).resolve().parents[1] / "search_queries.yml"
TOP = 3
WORD_TOP = 5
WORDS = 48
WORD_SEED = 14
NONSENSE = "ㄅㄆㄇ"
FIRST_QUERY_TIMEOUT = 30_000
QUERY_TIMEOUT = 10_000

EDITIONS = {"Traditional": "", "Simplified": f"{SIMPLIFIED}/"}
CONVERT = {"Traditional": lambda text: text, "Simplified": to_simplified}
# The other script: Simplified typed on the Traditional edition, Traditional (as written) on the Simplified one.
OTHER = {"Traditional": to_simplified, "Simplified": lambda text: text}

# Done when the box has answered this very query (search.js writes it into data-hb-query after drawing results).
ANSWERED = """query => document.querySelector("[data-hb-search]").dataset.hbQuery === query"""
RESULT_URLS = """() => [...document.querySelectorAll(".hb-search__result")].map(option => option.dataset.href)"""
# Several queries typed into the open box in one go: each replaces the input's text (an input event, as typing
# sends) and waits until the box has drawn its answer; returns every query's result links.
TYPE_ALL = """async queries => {
  const box = document.querySelector("[data-hb-search]");
  const input = box.querySelector(".hb-search__input");
  const answers = [];
  for (const query of queries) {
    box.dataset.hbQuery = "\u0000";
    input.value = query;
    input.dispatchEvent(new Event("input", {bubbles: true}));
    const started = performance.now();
    while (box.dataset.hbQuery !== query.trim()) {
      if (performance.now() - started > 10000) throw new Error("no answer to " + query);
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    answers.push([...box.querySelectorAll(".hb-search__result")].map(option => option.dataset.href));
  }
  return answers;
}"""
# The words of an article as Pagefind's search reads a query: Intl.Segmenter's Han words of 2–4 characters.
ARTICLE_WORDS = """async urls => {
  const segmenter = new Intl.Segmenter(document.documentElement.lang, {granularity: "word"});
  const words = [];
  for (const url of urls) {
    const html = await (await fetch(url)).text();
    const body = new DOMParser().parseFromString(html, "text/html").querySelector("[data-pagefind-body]");
    if (!body) continue;  // a page kept out of the index (search: exclude)
    // Blocks end a word: minified pages join 「…這件事。</p><p>例：…」 into one text without a break.
    body.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6, td, th, dt, dd, div, summary, label, caption")
      .forEach(e => e.append("\\n"));
    body.querySelectorAll("[data-pagefind-ignore], .headerlink, .md-tags, .md-content__button, script, style, textarea")
      .forEach(e => e.remove());
    for (const s of segmenter.segment(body.textContent)) {
      if (s.isWordLike && /^[\\u3400-\\u9fff]{2,4}$/.test(s.segment)) words.push([url, s.segment]);
    }
  }
  return words;
}"""


@dataclass(frozen=True)
class Query:
    """One query and the pages a reader typing it wants (any of them)."""

    query: str
    expect: str
    kind: str = ""
    reason: str = ""

    @property
    def pages(self) -> list[str]:
        return self.expect.split()


def load_queries(section: str) -> list[Query]:
    """A section of search_queries.yml."""
    data = yaml.safe_load(QUERY_FILE.read_text(encoding="utf-8"))
    return [Query(**{k: str(v) for k, v in q.items()}) for q in data.get(section, [])]


QUERIES, PENDING, PHRASES = load_queries("queries"), load_queries("pending"), load_queries("phrases")


class SearchBox:
    """The search box of one edition's page, opened with the keyboard and reused for every query."""

    def __init__(self, page, root: str):
        self.page = page
        self.root = root
        self.trouble: list[str] = []  # what the page reported going wrong, for a failure's message
        page.on("console", lambda m: self.trouble.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda error: self.trouble.append(f"page error: {error}"))
        page.on("requestfailed", lambda r: self.trouble.append(f"request failed: {r.url} {r.failure}"))
        page.on("response", lambda r: self.trouble.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        page.goto(root)
        page.keyboard.press("/")
        self.input = page.locator(".hb-search__input")
        self.input.wait_for()
        self.timeout = FIRST_QUERY_TIMEOUT

    def urls(self, query: str) -> list[str]:
        """The result links for query, best first."""
        self.input.fill("")
        self.page.wait_for_function(ANSWERED, arg="")
        self.input.fill(query)
        try:
            self.page.wait_for_function(ANSWERED, arg=query.strip(), timeout=self.timeout)
        except PlaywrightTimeout:
            raise AssertionError(f"no answer to {query!r} in {self.timeout / 1000:.0f} s; the page reported: "
                                 f"{self.trouble or 'nothing'}") from None
        error = self.page.locator("[data-hb-search]").get_attribute("data-hb-error")
        assert error is None, f"the search could not answer {query!r}: {error}; the page reported: {self.trouble}"
        self.timeout = QUERY_TIMEOUT
        return self.page.evaluate(RESULT_URLS)

    def search(self, query: str) -> list[str]:
        """The pages of the results for query, relative to the edition's root, best first."""
        return self.relative(self.urls(query))

    def search_all(self, queries: list[str]) -> list[list[str]]:
        """The result pages of each query, typed one after the other (much faster than one by one)."""
        self.urls(queries[0])  # the first query waits for Pagefind to load
        return [self.relative(urls) for urls in self.page.evaluate(TYPE_ALL, queries)]

    def relative(self, urls: list[str]) -> list[str]:
        """Result links as pages relative to the edition's root, anchors and parameters dropped."""
        pages: list[str] = []
        for url in urls:
            relative = re.sub(r"[?#].*$", "", url).removeprefix(self.root)
            if relative not in pages:
                pages.append(relative)
        return pages


def rank(pages: list[str], expected: list[str]) -> int | None:
    """1-based position of the first expected page among pages, or None."""
    return next((i + 1 for i, page in enumerate(pages) if page in expected), None)


def recall(box: SearchBox, queries: list[Query], convert, top: int = TOP) -> tuple[list[str], Counter, Counter]:
    """The misses of queries (each typed through convert) and the hits and totals by kind."""
    misses, hits, totals = [], Counter(), Counter()
    typed_all = [convert(q.query) for q in queries]
    for q, typed, pages in zip(queries, typed_all, box.search_all(typed_all)):
        totals[q.kind] += 1
        if rank(pages[:top], q.pages):
            hits[q.kind] += 1
        else:
            misses.append(f"{typed} → expected {q.expect}, got {pages[:5]}")
    return misses, hits, totals


def report(capsys, title: str, queries: list[Query], misses: list[str], hits: Counter, totals: Counter) -> None:
    with capsys.disabled():
        found = sum(hits.values())
        print(f"\n{title}: recall@{TOP} = {found}/{len(queries)} = {found / len(queries):.1%} ("
              + ", ".join(f"{kind or 'all'} {hits[kind]}/{n}" for kind, n in totals.items()) + ")")
        for miss in misses:
            print("  miss: " + miss)


def test_query_sets_are_well_formed():
    assert len(QUERIES) >= 83 and len(PHRASES) >= 5
    texts = [q.query for q in QUERIES + PENDING + PHRASES]
    assert len(texts) == len(set(texts)), [t for t, n in Counter(texts).items() if n > 1]
    for q in QUERIES + PENDING + PHRASES:
        assert all(p == "" or p.endswith("/") for p in q.pages), q
        assert not any(p.startswith(("/", "http")) for p in q.pages), q


def test_expected_pages_exist(site):
    for q in QUERIES + PENDING + PHRASES:
        for root in EDITIONS.values():
            for expected in q.pages:
                assert (site / root / expected / "index.html").is_file(), (root, q)


@pytest.mark.parametrize("edition", EDITIONS)
def test_search_recall_at_3(page, base_url, capsys, edition):
    box = SearchBox(page, base_url + EDITIONS[edition])
    misses, hits, totals = recall(box, QUERIES, CONVERT[edition])
    report(capsys, f"{edition} edition", QUERIES, misses, hits, totals)
    typed = [CONVERT[edition](q.query) for q in PENDING]
    pending = [f"  {text} → {q.expect}: rank {rank(pages, q.pages) or '-'} ({q.reason})"
               for q, text, pages in zip(PENDING, typed, box.search_all(typed))]
    with capsys.disabled():
        print(f"{edition} edition, pending (not asserted):\n" + "\n".join(pending))
    assert not misses, f"{len(misses)} misses:\n" + "\n".join(misses)


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_query_in_the_other_script_finds_the_same_pages(page, base_url, capsys, edition):
    box = SearchBox(page, base_url + EDITIONS[edition])
    misses, hits, totals = recall(box, QUERIES, OTHER[edition])
    report(capsys, f"{edition} edition, queries in the other script", QUERIES, misses, hits, totals)
    assert not misses, f"{len(misses)} misses:\n" + "\n".join(misses)


@pytest.mark.parametrize("edition", EDITIONS)
def test_problem_phrases_land_on_the_symptom_chooser_or_the_playbook(page, base_url, capsys, edition):
    box = SearchBox(page, base_url + EDITIONS[edition])
    misses, hits, totals = recall(box, PHRASES, CONVERT[edition])
    report(capsys, f"{edition} edition, problem phrases", PHRASES, misses, hits, totals)
    assert not misses, f"{len(misses)} misses:\n" + "\n".join(misses)


def drawn_words(page, site: Path, root: str, count: int = WORDS, seed: int = WORD_SEED) -> list[tuple[str, str]]:
    """count distinct (page, word) pairs drawn with a seeded random generator from the built pages' own text."""
    pages = sorted(p.parent.relative_to(site / root).as_posix() + "/" for p in (site / root).rglob("index.html")
                   if "pagefind" not in p.parts and (root or SIMPLIFIED not in p.relative_to(site).parts))
    pages = [p.removeprefix("./") for p in pages]
    chooser = random.Random(seed)
    sample = chooser.sample(pages, min(len(pages), count))
    words = page.evaluate(ARTICLE_WORDS, [page.url.split("#")[0].rsplit("/", 1)[0] + "/" + p for p in sample])
    chosen, seen = [], set()
    for url, word in chooser.sample(words, len(words)):
        if word not in seen:
            seen.add(word)
            chosen.append((url, word))
        if len(chosen) == count:
            break
    return chosen


def indexed_text(site: Path, root: str, relative: str) -> str:
    """The text of a built page's article (tags stripped)."""
    html = (site / root / relative / "index.html").read_text(encoding="utf-8")
    body = html.split("data-pagefind-body", 1)[1].split('<footer class="hb-page-meta"', 1)[0]
    return re.sub(r"<[^>]+>", "", body)


@pytest.mark.parametrize("edition", EDITIONS)
def test_ordinary_words_of_the_site_find_a_page_that_contains_them(page, base_url, site, capsys, edition):
    root = EDITIONS[edition]
    box = SearchBox(page, base_url + root)
    words = drawn_words(page, site, root)
    assert len(words) >= 40
    misses = []
    for (_, word), pages in zip(words, box.search_all([w for _, w in words])):
        top = pages[:WORD_TOP]
        if not any(word in indexed_text(site, root, p) for p in top):
            misses.append(f"{word} → {top}")
    with capsys.disabled():
        print(f"\n{edition} edition, ordinary words: {len(words) - len(misses)}/{len(words)} in the top {WORD_TOP}: "
              + "、".join(w for _, w in words))
        for miss in misses:
            print("  miss: " + miss)
    assert not misses, misses


def test_the_drawn_word_check_fails_on_a_page_without_the_word(site):
    """Control: the containment check does look at the page (a word of one page is not found on another)."""
    assert "代辦理賠" in indexed_text(site, "", "departments/after-sales")
    assert "代辦理賠" not in indexed_text(site, "", "departments/marketing")


@pytest.mark.parametrize("edition", EDITIONS)
def test_keyboard_opens_moves_and_enters(page, base_url, edition):
    root = base_url + EDITIONS[edition]
    box = SearchBox(page, root)
    dialog = page.locator(".hb-search__dialog")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('hb-search__input')")
    page.keyboard.press("Escape")
    assert dialog.is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('hb-search__open')")
    page.keyboard.press("s")
    assert dialog.is_visible()

    urls = box.urls(CONVERT[edition]("負責人"))
    assert len(urls) >= 3
    combobox = page.locator(".hb-search__input")
    assert combobox.get_attribute("aria-expanded") == "true"
    assert combobox.get_attribute("aria-activedescendant") == "hb-search-option-0"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert combobox.get_attribute("aria-activedescendant") == "hb-search-option-2"
    assert page.locator("#hb-search-option-2").get_attribute("aria-selected") == "true"
    assert page.locator("[role=option][aria-selected=true]").count() == 1
    page.keyboard.press("ArrowUp")
    assert combobox.get_attribute("aria-activedescendant") == "hb-search-option-1"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url(urls[0])
    assert page.url.startswith(root) and page.url == urls[0]
    # The landing page marks what was searched for.
    page.locator("[data-pagefind-body] mark").first.wait_for(timeout=QUERY_TIMEOUT)
    assert CONVERT[edition]("負責人") in page.locator("[data-pagefind-body] mark").first.text_content()


@pytest.mark.parametrize("edition", EDITIONS)
def test_strings_are_in_the_editions_language(page, base_url, edition):
    SearchBox(page, base_url + EDITIONS[edition])
    strings = json.loads(page.locator(".hb-search__strings").text_content())
    expected = strings["zh-Hans" if edition == "Simplified" else "zh-TW"]
    assert page.locator(".hb-search__input").get_attribute("placeholder") == expected["search.placeholder"]
    assert page.locator(".hb-search__status").text_content() == expected["search.result.placeholder"]
    if edition == "Simplified":
        assert expected["search.placeholder"] == "搜索" and expected["search.result.none"] == "没有找到符合条件的结果"
        assert "術語表" not in page.locator(".hb-search__hint").inner_html()
    else:
        assert expected["search.placeholder"] == "搜尋"


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_result_points_to_glossary(page, base_url, edition):
    root = base_url + EDITIONS[edition]
    box = SearchBox(page, root)
    hint = page.locator(".hb-search__hint")
    assert hint.is_hidden()
    assert box.search(NONSENSE) == []
    assert hint.is_visible()
    screenshot(page, f"search-no-results-{edition.lower()}")
    assert box.search(CONVERT[edition]("負責人"))
    assert hint.is_hidden()
    box.search(NONSENSE)
    hint.locator("a").click()
    page.wait_for_url(root + "glossary/")


def test_a_search_that_cannot_load_says_so_and_the_next_query_tries_again(page, base_url):
    page.route("**/pagefind/pagefind.js", lambda route: route.abort())  # its files unreachable for a moment
    page.goto(base_url)
    page.keyboard.press("/")
    page.locator(".hb-search__input").fill("預算")
    failed = page.locator(".hb-search__failed")
    failed.wait_for(state="visible", timeout=FIRST_QUERY_TIMEOUT)
    assert "無法使用" in failed.inner_text() and page.locator(".hb-search__result").count() == 0
    assert page.locator("[data-hb-search]").get_attribute("data-hb-query") == "預算"
    page.unroute("**/pagefind/pagefind.js")
    page.locator(".hb-search__input").fill("負責人")
    page.locator(".hb-search__result").first.wait_for(timeout=FIRST_QUERY_TIMEOUT)
    assert failed.is_hidden() and page.locator("[data-hb-search]").get_attribute("data-hb-error") is None


# What an input method sends: input events while a word is composed (注音 shown as typed), then its commit.
COMPOSE = """([composing, committed]) => {
  const input = document.querySelector(".hb-search__input");
  input.value = composing;
  input.dispatchEvent(new InputEvent("input", {bubbles: true, isComposing: true, data: composing}));
  return new Promise(resolve => setTimeout(() => {
    const before = document.querySelector("[data-hb-search]").dataset.hbQuery;
    input.value = committed;
    input.dispatchEvent(new InputEvent("input", {bubbles: true, isComposing: true, data: committed}));
    input.dispatchEvent(new CompositionEvent("compositionend", {bubbles: true, data: committed}));
    resolve(before);
  }, 400));
}"""


def test_a_word_being_composed_is_searched_for_when_committed(page, base_url):
    page.goto(base_url)
    page.keyboard.press("/")
    assert page.evaluate(COMPOSE, ["ㄩˋ ㄙㄨㄢˋ", "預算"]) == ""  # 400 ms of composing: nothing searched
    page.wait_for_function(ANSWERED, arg="預算", timeout=FIRST_QUERY_TIMEOUT)
    assert page.locator(".hb-search__result").count() > 0


def test_the_engine_loads_when_the_page_is_idle_and_no_word_of_the_index_before_a_query(page, base_url):
    fetched: list[str] = []  # Pagefind fetches from its worker: the context sees those requests, the page not
    page.context.on("requestfinished", lambda request: fetched.append(request.url.rsplit("/", 1)[-1]))
    with page.context.expect_event("requestfinished", lambda r: r.url.endswith(".pagefind"),
                                   timeout=FIRST_QUERY_TIMEOUT):
        page.goto(base_url)
    page.wait_for_timeout(300)
    assert "pagefind.js" in fetched and any(name.endswith(".pf_meta") for name in fetched)
    assert not [name for name in fetched if name.endswith(".pf_index")]  # the first query's words: with the query
    page.keyboard.press("/")
    page.locator(".hb-search__input").fill("預算")
    page.wait_for_function(ANSWERED, arg="預算", timeout=FIRST_QUERY_TIMEOUT)
    assert [name for name in fetched if name.endswith(".pf_index")]


def test_an_excerpt_keeps_the_words_as_written_between_and_beside_marks(page, base_url):
    """The index's spaces go (between Han characters, beside punctuation); the text's own stay, also between two
    marked words (the home page: 核准的 LINE 群組；)."""
    search = SearchBox(page, base_url)
    assert search.urls("LINE 群組")
    excerpts = page.locator(".hb-search__excerpt").all_text_contents()
    assert any("的 LINE 群組；" in excerpt for excerpt in excerpts), excerpts
    assert not any(re.search(r"[\u4e00-\u9fff][ \u200b][\u4e00-\u9fff，。；：、]", e) for e in excerpts), excerpts


@pytest.mark.parametrize("width", [1280, 390])
def test_search_dialog_is_accessible_and_fits(page, base_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    search = SearchBox(page, base_url)
    page.keyboard.press("Escape")
    opener = page.locator(".hb-search__open")
    assert opener.is_visible()
    opener.click()
    assert search.urls("續保")
    excerpt = page.locator(".hb-search__excerpt").first.text_content()
    assert "續保" in excerpt and not re.search(r"[\u4e00-\u9fff][ \u200b][\u4e00-\u9fff]", excerpt), excerpt
    box = page.locator(".hb-search__dialog").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], [n["target"] for n in v["nodes"]][:4]) for v in serious]
    screenshot(page, f"search-dialog-{width}")
