"""The handbook's search worker, spoken to directly in Chromium, beside Material's own worker on the same documents.

The worker must answer Material's search box exactly as Material's worker would (same message protocol, same
result shape) and rank like it: same pages, same order, same scores. Where they differ on purpose (see the comment
at the top of the worker) the difference is asserted too.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from macros.search_index import move_documents, search_documents, use_handbook_worker
from test_search_browser import QUERY_FILE

SETUP, READY, QUERY, RESULT = range(4)
MATERIAL_WORKER = "assets/javascripts/workers/search.*.min.js"
HANDBOOK_WORKER = "assets/javascripts/handbook-search.js"
EXTRA_QUERIES = ["+續保 -保險", '"合作 規則"', "title:方案", "A/B/C", "KPI", "kickoff", "20%", "面對面 時間"]

# Both workers set up with the site's documents, then asked the same queries; returns [[material, handbook], ...].
ASK_BOTH = """async ([materialUrl, handbookUrl, queries]) => {
  const ask = (worker, message) => new Promise(resolve => {
    worker.onmessage = ev => resolve(ev.data);
    worker.postMessage(message);
  });
  const data = await (await fetch("search/search_docs.json")).json();
  const options = {suggest: true};
  const material = new Worker(materialUrl), handbook = new Worker(handbookUrl);
  const ready = [
    await ask(material, {type: 0, data: {config: data.config, docs: data.docs, options}}),
    await ask(handbook, {type: 0, data: {config: data.config, docs: [], options}}),
  ];
  const answers = [];
  for (const query of queries)
    answers.push([await ask(material, {type: 2, data: query}), await ask(handbook, {type: 2, data: query})]);
  material.terminate(); handbook.terminate();
  return {ready, answers};
}"""


def top_level_blocks(html: str) -> list[str]:
    """The top-level elements of an HTML fragment (with any text before them), as the worker cuts a teaser."""
    blocks, depth, start = [], 0, 0
    for tag in re.finditer(r"<(/?)([a-z0-9]+)[^>]*?(/?)>", html):
        if tag.group(2) == "mark" or tag.group(3):
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            blocks.append(html[start:tag.end()])
            start = tag.end()
    if html[start:].strip(" \u200b"):
        blocks.append(html[start:])
    return blocks


def ranking(result: dict) -> tuple[list[float], dict[str, list[str]], list[float]]:
    """A result's order up to ties: the groups' best scores in order; each page's group (its locations); and
    all the scores, sorted."""
    best = [group[0]["score"] for group in result["items"]]
    groups = {group[0]["location"].split("#")[0]: sorted(item["location"] for item in group)
              for group in result["items"]}
    scores = sorted(item["score"] for group in result["items"] for item in group)
    return best, groups, scores


def same_ranking(a: dict, b: dict) -> bool:
    """Equal rankings, scores equal to 1e-9 relative (sums in another order round differently)."""
    (best_a, groups_a, scores_a), (best_b, groups_b, scores_b) = ranking(a), ranking(b)
    return (groups_a == groups_b and best_a == pytest.approx(best_b, rel=1e-9)
            and scores_a == pytest.approx(scores_b, rel=1e-9))


def material_reads_every_term(result: dict) -> bool:
    """Whether Material's worker kept the query's terms intact (it appends "*" to segmented Han terms but the last)."""
    return all("*" not in term for group in result["items"] for item in group for term in item["terms"])


@pytest.fixture(scope="module")
def answers(workers_page, base_url, site):
    material = next(site.glob(MATERIAL_WORKER)).relative_to(site).as_posix()
    queries = [q["query"] for q in yaml.safe_load(QUERY_FILE.read_text(encoding="utf-8"))["queries"]]
    workers_page.goto(base_url)
    reply = workers_page.evaluate(ASK_BOTH, [material, HANDBOOK_WORKER, queries + EXTRA_QUERIES])
    assert reply["ready"] == [{"type": READY}, {"type": READY}]
    return dict(zip(queries + EXTRA_QUERIES, reply["answers"]))


@pytest.fixture(scope="module")
def workers_page(browser):
    """One page for the whole module: both workers index the site once, then answer every query."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_results_have_the_shape_material_renders(answers):
    material, handbook = answers["續保"]
    assert handbook["type"] == RESULT
    assert handbook["data"]["items"], "續保 finds nothing"
    for group in handbook["data"]["items"]:
        pages = {item["location"].split("#")[0] for item in group}
        assert len(pages) == 1, group  # one page per group
        assert any("#" not in item["location"] for item in group), group  # with the page itself
        for item in group:
            assert set(item) >= {"location", "title", "text", "score", "terms"}
    assert set(handbook["data"]) == set(material["data"]) == {"items", "suggest"}


def test_ranks_like_materials_lunr_index(answers):
    compared = []
    for query, (material, handbook) in answers.items():
        if not material_reads_every_term(material["data"]):
            continue
        assert same_ranking(handbook["data"], material["data"]), query
        compared.append(query)
    assert len(compared) >= 30, compared
    assert {"+續保 -保險", '"合作 規則"', "title:方案", "A/B/C"} <= set(compared)


def test_counts_every_segmented_term_that_it_found(answers):
    # Material's worker reads 新合作公司 as 新* and 合作, then marks 新* as missing on every page.
    material, handbook = answers["新合作公司"]
    assert not material_reads_every_term(material["data"])
    best = handbook["data"]["items"][0][0]
    assert best["location"] == "cases/new-insurance-partner/"
    assert best["terms"] == {"新": True, "合作": True}


def test_operators_require_and_exclude(answers):
    _, handbook = answers["+續保 -保險"]
    texts = [item["title"] + item["text"] for group in handbook["data"]["items"] for item in group
             if item["score"] > 0]
    assert texts
    assert all("續保" in re.sub(r"<[^>]+>|\u200b", "", text) for text in texts)


def test_matches_are_marked_in_titles_and_teasers(answers):
    _, handbook = answers["續保"]
    items = [item for group in handbook["data"]["items"] for item in group]
    assert any("<mark>續保</mark>" in item["title"] for item in items)
    teasers = [item["text"] for item in items if "<mark>" in item["text"]]
    assert teasers
    for teaser in teasers:
        blocks = top_level_blocks(teaser)
        assert 1 <= len(blocks) <= 2, teaser  # only the blocks with a match, two at most
        assert all("<mark>" in block for block in blocks), teaser
        assert teaser.count("<mark>") == teaser.count("</mark>")


def test_long_teasers_are_cut_around_the_first_match(answers):
    _, handbook = answers["續保"]
    teasers = {item["location"]: item["text"] for group in handbook["data"]["items"] for item in group}
    glossary = teasers["glossary/"]  # one long list of every term: cut to a stretch around 續保
    assert glossary.startswith("<p>…") and glossary.endswith("…</p>") and "<mark>續保" in glossary
    for location, teaser in teasers.items():
        for block in top_level_blocks(teaser) or [teaser]:
            visible = re.sub(r"\s+", " ", re.sub(r"<[^>]+>|\u200b", " ", block)).strip()
            assert len(visible) <= 322 + visible.count(" "), location  # 320 characters and the two "…"


def test_suggests_the_best_title_words(answers):
    material, handbook = answers["負責人"]
    assert handbook["data"]["suggest"] == material["data"]["suggest"]
    assert handbook["data"]["suggest"]


def test_without_its_documents_the_worker_still_answers_with_nothing(browser, base_url):
    context = browser.new_context()
    context.route("**/search/search_docs.json", lambda route: route.fulfill(status=404, body="not found"))
    page = context.new_page()
    errors = []
    page.on("worker", lambda worker: worker.on("console", lambda m: errors.append(m.text) if m.type == "error" else None))
    page.goto(base_url)
    try:
        reply = page.evaluate("""async url => {
          const ask = (worker, message) => new Promise(resolve => {
            worker.onmessage = ev => resolve(ev.data);
            worker.postMessage(message);
          });
          const worker = new Worker(url);
          const config = (await (await fetch("search/search_index.json")).json()).config;
          const ready = await ask(worker, {type: 0, data: {config, docs: [], options: {suggest: true}}});
          const result = await ask(worker, {type: 2, data: "續保"});
          worker.terminate();
          return [ready, result];
        }""", HANDBOOK_WORKER)
    finally:
        context.close()
    assert reply == [{"type": READY}, {"type": RESULT, "data": {"items": [], "suggest": []}}]
    assert any("search documents" in error for error in errors), errors


def test_theme_config_is_pointed_at_the_handbook_worker():
    config = '{"base": ".", "search": "../assets/javascripts/workers/search.a7633da7.min.js"}'
    assert use_handbook_worker(config) == '{"base": ".", "search": "../assets/javascripts/handbook-search.js"}'
    with pytest.raises(ValueError, match="has Material changed"):
        use_handbook_worker('{"base": "."}')


def test_documents_move_out_of_the_index_the_page_downloads(tmp_path):
    (tmp_path / "search").mkdir()
    index = {"config": {"lang": ["zh"], "separator": "[\\s]+"}, "docs": [{"location": "", "title": "手冊", "text": "續保"}]}
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    move_documents(tmp_path)
    assert json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8")) == {
        "config": index["config"], "docs": []}
    assert search_documents(tmp_path) == index["docs"]
    assert "續保" in (tmp_path / "search" / "search_docs.json").read_text(encoding="utf-8")  # UTF-8, not \\u escapes
