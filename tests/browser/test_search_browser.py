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

import functools
import json
import random
import re
from collections import Counter
from html.parser import HTMLParser
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import ROOT, screenshot
from handbook.content.state import current_handbook
from handbook.publish.edition import SIMPLIFIED, to_simplified
from handbook.publish.search import synonyms
from search_phrases import problem_phrases  # tests/search_phrases.py

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
# sends) and waits until the box has drawn its answer; returns every query's results, each as its link, its
# excerpt's text and the words the excerpt marks.
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
    answers.push(box.dataset.hbError ? [["error: " + box.dataset.hbError, "", []]]  // in the miss's message
      : [...box.querySelectorAll(".hb-search__result")].map(option => [option.dataset.href,
          option.querySelector(".hb-search__excerpt").textContent,
          [...option.querySelectorAll(".hb-search__excerpt mark")].map(mark => mark.textContent)]));
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
STAFF = load_queries("staff")
GLOSSARY = "glossary/"
ANSWER = re.compile(r"^(playbooks|departments)/[^/]+/$")


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
        return [self.relative([href for href, _, _ in results]) for results in self.results_all(queries)]

    def results_all(self, queries: list[str]) -> list[list[tuple[str, str, list[str]]]]:
        """Each query's results as drawn (link, excerpt text, marked words), typed one after the other."""
        self.urls(queries[0])  # the first query waits for Pagefind to load
        return self.page.evaluate(TYPE_ALL, queries)

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
    assert sum(q.kind == "staff" for q in STAFF) >= 20 and sum(q.kind == "staff-objection" for q in STAFF) >= 20
    texts = [q.query for q in QUERIES + PENDING + PHRASES + STAFF]
    assert len(texts) == len(set(texts)), [t for t, n in Counter(texts).items() if n > 1]
    for q in QUERIES + PENDING + PHRASES + STAFF:
        assert all(p == "" or p.endswith("/") for p in q.pages), q
        assert not any(p.startswith(("/", "http")) for p in q.pages), q


def test_expected_pages_exist(site):
    for q in QUERIES + PENDING + PHRASES + STAFF:
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


# held set → (its queries, how each edition types them): a query in the other script finds the same pages; problem
# phrases drawn from the content land on the symptom chooser or the playbook; problems in staff words land on the play
# or the department.
HELD = {"queries in the other script": (QUERIES, OTHER), "problem phrases": (PHRASES, CONVERT),
        "problems in staff words": (STAFF, CONVERT)}


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("held", HELD)
def test_each_held_set_lands_on_its_pages(page, base_url, capsys, edition, held):
    queries, typing = HELD[held]
    box = SearchBox(page, base_url + EDITIONS[edition])
    misses, hits, totals = recall(box, queries, typing[edition])
    report(capsys, f"{edition} edition, {held}", queries, misses, hits, totals)
    assert not misses, f"{len(misses)} misses:\n" + "\n".join(misses)


def glossary_above_the_answer(pages: list[str]) -> bool:
    """Whether the glossary ranks above every play and department page among the first TOP results (a play or
    department page the search ranks that high treats the word)."""
    pages = pages[:TOP]
    answers = [i for i, page in enumerate(pages) if ANSWER.match(page)]
    return GLOSSARY in pages and bool(answers) and pages.index(GLOSSARY) < answers[0]


def test_the_glossary_check_sees_the_order():
    assert glossary_above_the_answer(["symptoms/", GLOSSARY, "playbooks/map-interests/"])
    assert not glossary_above_the_answer(["playbooks/map-interests/", GLOSSARY])
    assert not glossary_above_the_answer([GLOSSARY, "symptoms/"])  # no play or department treats the word
    assert not glossary_above_the_answer([GLOSSARY, "symptoms/", "method/", "playbooks/raci/"])  # not in the top 3


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_glossary_ranks_below_a_play_or_department_that_treats_the_word(page, base_url, edition):
    """不配合 ranked the glossary (an alias of 各自為政) above the plays for the problem; a play or department page
    that holds the word comes first, wherever the glossary entry would rank."""
    box = SearchBox(page, base_url + EDITIONS[edition])
    queries = [q for q in QUERIES + PHRASES + STAFF if GLOSSARY not in q.pages]
    typed = [CONVERT[edition](q.query) for q in queries]
    above = [f"{text} → {pages[:5]}" for text, pages in zip(typed, box.search_all(typed))
             if glossary_above_the_answer(pages)]
    assert not above, above


BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "caption", "figcaption",
          "blockquote", "pre", "summary", "label", "legend"}
CLAUSE_MARKS = "，、：,:。！？；!?;"


class BlockTexts(HTMLParser):
    """The text of each block of a built page's article (nested blocks apart), whitespace removed; a list item's
    phase badge (溝通, 協作) is a block of its own, as in the search copy."""

    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self.open: list[list[str]] = []
        self.badge = False

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS or (tag == "span" and (dict(attrs).get("class") or "").startswith("hb-phase hb-phase--")):
            self.open.append([])
            self.badge = tag == "span"

    def handle_endtag(self, tag):
        if (tag in BLOCKS or (tag == "span" and self.badge)) and self.open:
            self.badge = False
            self.blocks.append(re.sub(r"\s+", "", "".join(self.open.pop())))
            if self.open and tag == "span":  # what came before the badge, and the rest of the item: two blocks
                self.blocks.append(re.sub(r"\s+", "", "".join(self.open[-1])))
                self.open[-1] = []

    def handle_data(self, data):
        if self.open:
            self.open[-1].append(data)


@functools.cache
def block_texts(site: Path, root: str, relative: str) -> list[str]:
    html = (site / root / relative / "index.html").read_text(encoding="utf-8")
    parser = BlockTexts()
    parser.feed(html.split("data-pagefind-body", 1)[1])
    return parser.blocks


def excerpt_problems(excerpt: str, marks: list[str], blocks: list[str], query: str, terms: tuple[str, ...] = ()) -> list[str]:
    """What is wrong with an excerpt: it runs across blocks, starts inside a clause, or marks a stray character
    (a mark that is not a word of the query's, of two characters or more, nor a term the query's alias means)."""
    problems = []
    text = re.sub(r"\s+", "", excerpt).strip("…")
    holding = [b for b in blocks if text in b]
    if not holding:
        problems.append("not inside one block")
    elif excerpt.startswith("…") and not any(b[b.index(text) - 1] in CLAUSE_MARKS for b in holding):
        problems.append("starts inside a clause")
    elif not excerpt.startswith("…") and not any(b.startswith(text) for b in holding):
        problems.append("starts inside its block without …")
    shortest = min(2, len(query.replace(" ", "")))
    stray = [m for m in marks if m not in terms and (len(m) < shortest or m.lower() not in query.lower())]
    if stray:
        problems.append(f"marks {stray}")
    return problems


def test_the_excerpt_check_sees_what_is_wrong():
    blocks = ["活動辦完，單據不齊核銷不過", "協作", "預算申請、簽核與核銷：和財務部打交道"]
    assert excerpt_problems("…單據不齊核銷不過", ["核銷"], blocks, "核銷") == []
    assert excerpt_problems("核銷不過協作", ["核銷"], blocks, "核銷") == ["not inside one block"]
    assert excerpt_problems("…財務部打交道", [], blocks, "核銷") == ["starts inside a clause"]
    assert excerpt_problems("…單據不齊核銷不過", ["核", "銷"], blocks, "核銷") == ["marks ['核', '銷']"]
    assert excerpt_problems("核銷不過", ["各自為政"], ["核銷不過"], "不配合", ("各自為政",)) == []
    assert excerpt_problems("核銷不過", ["各自"], ["核銷不過"], "不配合", ("各自為政",)) == ["marks ['各自']"]
    parser = BlockTexts()
    parser.feed('<li><span class="hb-phase hb-phase--cooperate">協作</span> <a href="x">預算申請</a></li><p>甲<b>乙</b></p>')
    assert [block for block in parser.blocks if block] == ["協作", "預算申請", "甲乙"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_excerpts_are_whole_clauses_of_one_block_marking_whole_words(page, base_url, site, handbook, edition):
    """Each of the top 3 results' excerpts, for the query set, the staff phrases and the issue's examples: inside
    one block of its page, starting at the block's start or after a clause's end (…), marking only the query's
    words (or their words of two characters or more): not 各、自、不、合 all over the excerpt for 不配合."""
    root = EDITIONS[edition]
    box = SearchBox(page, base_url + root)
    queries = [CONVERT[edition](q) for q in ["不配合", "核銷", "預算申請", "互相尊重", "利率"]
               + [q.query for q in QUERIES[:40] + STAFF]]
    aliases = synonyms(handbook)
    problems = []
    for query, results in zip(queries, box.results_all(queries), strict=True):
        terms = tuple(CONVERT[edition](term) for alias, term in aliases.items() if CONVERT[edition](alias) in query)
        for href, excerpt, marks in results[:3]:
            if href.startswith("error: "):
                problems.append(f"{query} → {href}")
                continue
            relative = re.sub(r"[?#].*$", "", href).removeprefix(box.root)
            wrong = excerpt_problems(excerpt, marks, block_texts(site, root, relative), query, terms)
            if wrong:
                problems.append(f"{query} → {relative}: {excerpt!r} {marks}: {', '.join(wrong)}")
    assert not problems, f"{len(problems)} excerpts:\n" + "\n".join(problems[:40])


@pytest.fixture(scope="module")
def drawn_phrases() -> list[Query]:
    """The problem phrases drawn from the content (tests/search_phrases.py): symptoms, their clauses, objections."""
    return [Query(p.query, p.expect, p.kind) for p in problem_phrases(current_handbook(ROOT))]


def test_enough_problem_phrases_are_drawn_from_the_content(drawn_phrases):
    kinds = Counter(q.kind for q in drawn_phrases)
    assert kinds["symptom"] + kinds["clause"] >= 40 and kinds["objection"] >= 20, kinds


@pytest.mark.parametrize("edition", EDITIONS)
def test_problem_phrases_drawn_from_the_content_land_on_their_page(page, base_url, capsys, edition, drawn_phrases):
    """Every symptom (a symptom-chooser entry) and its clauses: a play that lists it in the top 3; every clause of
    a department's objections: that department's page in the top 3."""
    box = SearchBox(page, base_url + EDITIONS[edition])
    misses, hits, totals = recall(box, drawn_phrases, CONVERT[edition])
    report(capsys, f"{edition} edition, phrases drawn from the content", drawn_phrases, misses, hits, totals)
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
        accepted = [word, *synonym_terms(site, word, CONVERT[edition])]
        if not any(w in indexed_text(site, root, p) for p in top for w in accepted):
            misses.append(f"{word} → {top}")
    with capsys.disabled():
        print(f"\n{edition} edition, ordinary words: {len(words) - len(misses)}/{len(words)} in the top {WORD_TOP}: "
              + "、".join(w for _, w in words))
        for miss in misses:
            print("  miss: " + miss)
    assert not misses, misses


def synonym_terms(site: Path, word: str, convert) -> list[str]:
    """What the search also looks for when word is typed, in the edition's script: the word in Taiwan usage (the
    lexicon's word rewrites, as search.js applies them: 支持 → 支援) and the glossary term it is an alias of
    (口径 → 計算方式). A drawn word kept on the page that explains the old usage may rightly land there."""
    lexicon = json.loads((site / "pagefind" / "handbook-lexicon.json").read_text(encoding="utf-8"))
    traditional = "".join(lexicon["convert"].get(character, character) for character in word)
    rewritten = traditional
    for old in sorted(lexicon["words"], key=len, reverse=True):
        rewritten = rewritten.replace(old, lexicon["words"][old])
    forms = {rewritten, *(lexicon["synonyms"][w] for w in (traditional, rewritten) if w in lexicon["synonyms"])}
    return [convert(form) for form in forms if convert(form) != word]


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
