/* 跨部門協作手冊: the search box. Pagefind (pagefind/pagefind.js of the page's edition) answers; this draws the
   dialog in Material's header, converts a query typed in the other script and looks glossary aliases up as their
   terms. No dependencies; the page works without it. Its words come from the page (data-hb-string, the
   strings JSON, the hint), never from this file, so the Simplified edition shows Simplified ones. */
(function () {
  "use strict";

  var box = document.querySelector("[data-hb-search]");
  if (!box) return;

  // Ranking tuned on tests/search_queries.yml and the ordinary-word and phrase sets (tests/browser/test_search_browser.py).
  var RANKING = { termFrequency: 0.6, pageLength: 0.4, termSaturation: 1.6, termSimilarity: 1.0,
                  metaWeights: { title: 6, symptoms: 3, vocabulary: 8, objections: 2, section: 0 } };
  var SHOWN = 10;
  var TOP = 3;  // what a reader sees first: a sentence that finds fewer pages is also searched word by word
  var SHARE_FLOOR = 0.2;  // what a page whose characters never stand together keeps of its score
  var DEBOUNCE_MS = 30;  // keys typed faster than this are one query (an input method commits whole words at once)
  var HIGHLIGHT = "highlight";
  // Where a block of the page begins or ends in the index's text (handbook/publish/search.py BLOCK_MARK).
  var BLOCK_MARK = /\s*\ue000[\s\ue000]*/;
  var SENTENCE_END = /[。！？；!?;]/;
  var CLAUSE_END = /[，、：,:。！？；!?;]/;
  var EXCERPT_CHARS = 72;  // an excerpt longer than this keeps only the clauses nearest the match
  var ATTRIBUTE_STOP = /([^\x00-\x7f])\.$/;  // Pagefind's full stop after a text it read from an attribute
  // A result that answers a problem (a play, a department) ranks above the glossary entry for the same word.
  var ANSWER_PAGE = /\/(playbooks|departments)\/[^\/]+\/$/;
  var GLOSSARY_PAGE = /\/glossary\/$/;
  // East Asian punctuation; with the Han characters, one word each in the index (handbook/publish/search.py).
  var PUNCTUATION = "\u3000-\u3004\u3008-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65" +
    "\u2010-\u2027\u2030-\u205e\u00b7";
  var UNIT = "[\u3400-\u9fff\uf900-\ufaff" + PUNCTUATION + "]";
  var APART = new RegExp(UNIT + "(?=\\S)|\\S(?=" + UNIT + ")", "g");
  var PUNCTUATION_ALL = new RegExp("[" + PUNCTUATION + "]", "g");
  var HAN_ALL = /[\u3400-\u9fff\uf900-\ufaff]/g;
  // The spaces the index put in an excerpt (with zero-width ones): between two units, beside punctuation (a <mark>
  // may stand on either side).
  var MARKS = "((?:</?mark>)*)";
  var INDEX_SPACE = new RegExp("(" + UNIT + ")" + MARKS + "[ \u200b]+" + MARKS + "(?=" + UNIT + ")", "g");
  var AFTER_PUNCTUATION = new RegExp("([" + PUNCTUATION + "])" + MARKS + "[ \u200b]+", "g");
  var BEFORE_PUNCTUATION = new RegExp("[ \u200b]+" + MARKS + "(?=[" + PUNCTUATION + "])", "g");

  var open = box.querySelector(".hb-search__open");
  var dialog = box.querySelector(".hb-search__dialog");
  var backdrop = box.querySelector(".hb-search__backdrop");
  var input = box.querySelector(".hb-search__input");
  var close = box.querySelector(".hb-search__close");
  var list = box.querySelector(".hb-search__results");
  var status = box.querySelector(".hb-search__status");
  var hint = box.querySelector(".hb-search__hint");
  var failed = box.querySelector(".hb-search__failed");
  var strings = editionStrings();
  var root = editionRoot();
  var engine = null;
  var asked = 0;
  var timer = 0;
  var active = -1;
  var searched = "";  // the query as last searched for: in the edition's script
  var marked = [];  // the words an excerpt marks: the query's, and the terms of the aliases in it

  // The theme strings of the page's edition: Material's zh-TW pack, or its zh pack on the Simplified edition.
  function editionStrings() {
    var all = JSON.parse(box.querySelector(".hb-search__strings").textContent);
    return all[document.documentElement.lang] || all["zh-TW"];
  }

  // The edition's root URL (Material's config names it relative to the page; handbook.js reads it safely).
  function editionRoot() {
    return window.handbookSiteBase();
  }

  // Pagefind and the edition's lexicon, loaded once, on first use; a failed load is tried again by the next query.
  function load() {
    if (!engine) {
      engine = Promise.all([
        import(root + "pagefind/pagefind.js"),
        fetch(root + "pagefind/handbook-lexicon.json").then(function (r) {
          if (!r.ok) throw new Error("handbook-lexicon.json: HTTP " + r.status);
          return r.json();
        })
      ]).then(function (loaded) {
        var pagefind = loaded[0];
        return pagefind.options({ baseUrl: new URL(root).pathname, ranking: RANKING })
          .then(function () { return pagefind.init(); })
          .then(function () { return { pagefind: pagefind, lexicon: loaded[1] }; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  // The query in the edition's script: its words that the two scripts say differently (资料 ↔ 數據), longest
  // first, then one character at a time.
  function convert(query, lexicon) {
    var words = Object.keys(lexicon.words).sort(function (a, b) { return b.length - a.length; });
    var text = words.reduce(function (text, word) { return text.split(word).join(lexicon.words[word]); }, query);
    return Array.from(text, function (c) { return lexicon.convert[c] || c; }).join("");
  }

  // The query, then the query with each glossary alias in it replaced by its term, where the alias stands as
  // words of its own (利率 in 車貸利率, not in 毛利率).
  function variants(query, lexicon) {
    var found = [query];
    var edges = wordEdges(query);
    Object.keys(lexicon.synonyms).forEach(function (alias) {
      var term = lexicon.synonyms[alias];
      var at = query.indexOf(alias);
      if (at !== -1 && query.indexOf(term) === -1 && edges.has(at) && edges.has(at + alias.length)) {
        found.push(query.split(alias).join(term));
      }
    });
    return found;
  }

  // Where Intl.Segmenter's words of text begin and end.
  function wordEdges(text) {
    var edges = new Set([0]);
    Array.from(segmenter().segment(text)).forEach(function (s) {
      edges.add(s.index);
      edges.add(s.index + s.segment.length);
    });
    return edges;
  }

  var wordSegmenter = null;
  function segmenter() {
    if (!wordSegmenter) wordSegmenter = new Intl.Segmenter(document.documentElement.lang, { granularity: "word" });
    return wordSegmenter;
  }

  // A word as the index holds it: one Han character per word, punctuation left out.
  function characters(word) {
    return word.replace(PUNCTUATION_ALL, " ").replace(APART, "$& ").replace(/\s+/g, " ").trim();
  }

  // The pages that hold word as written (Pagefind's exact search); null for a word of one character.
  function holding(pagefind, word) {
    if ((word.match(HAN_ALL) || []).length < 2) return Promise.resolve(null);
    return pagefind.search('"' + characters(word) + '"').then(function (answer) {
      return new Set(answer.results.map(function (r) { return r.id; }));
    });
  }

  // Pages holding every word, ranked by Pagefind on the words' characters, times the share of the matched
  // characters that stand together as the words typed (車展 on a page about 車展, not 車 and 展 apart).
  function allWords(pagefind, words) {
    var ranked = pagefind.search(words.map(characters).join(" "));
    return Promise.all([ranked].concat(words.map(function (w) { return holding(pagefind, w); })))
      .then(function (answers) {
        var phrases = answers.slice(1);
        var lengths = words.map(function (w) { return (w.match(HAN_ALL) || []).length; });
        return answers[0].results.filter(function (r) {
          return phrases.every(function (ids) { return !ids || ids.has(r.id); });
        }).map(function (r) {
          return { id: r.id, score: r.score * together(r.words, lengths), data: dataOf(r) };
        }).sort(function (a, b) { return b.score - a.score; });
      });
  }

  // A result's data, holding on to the result itself: Pagefind's worker releases a result's data once that object
  // is garbage-collected, and the box keeps only what it derived from it (then data() answered null, at random).
  function dataOf(result) {
    return function () { return result.data(); };
  }

  // The share of matched positions inside a run as long as a typed word (an estimate: the order is not checked).
  function together(positions, lengths) {
    var longest = Math.max.apply(null, lengths);
    if (longest < 2 || !positions.length) return 1;
    var at = new Set(positions);
    var inside = new Set();
    lengths.filter(function (n) { return n > 1; }).forEach(function (n) {
      positions.forEach(function (p) {
        for (var i = 1; i < n; i++) if (!at.has(p + i)) return;
        for (var j = 0; j < n; j++) inside.add(p + j);
      });
    });
    return SHARE_FLOOR + inside.size / positions.length;
  }

  // Intl.Segmenter's words of text (a sentence typed as it is: 預算不夠 → 預算, 不夠).
  function segmented(text) {
    return Array.from(segmenter().segment(text)).filter(function (s) { return s.isWordLike; })
      .map(function (s) { return s.segment; });
  }

  // Best first: the pages holding every word typed; below them, while fewer than TOP pages were found, those
  // holding every word of the sentence (預算不夠 → 預算, 不夠), then those holding any of them.
  function searchText(pagefind, text) {
    var words = text.split(/\s+/).filter(Boolean);
    var parts = [].concat.apply([], words.map(segmented));
    return allWords(pagefind, words).then(function (results) {
      if (results.length >= TOP || parts.length <= words.length) return results;
      return allWords(pagefind, parts).then(function (more) {
        var found = below(results, more);
        if (found.length >= TOP) return found;
        return Promise.all(parts.map(function (p) { return allWords(pagefind, [p]); })).then(merge(true))
          .then(function (any) { return below(found, any); });
      });
    });
  }

  // The results of first, then those of more that are not among them, scored below the last of first (the
  // variants of a query are merged by score).
  function below(first, more) {
    var seen = new Set(first.map(function (r) { return r.id; }));
    var floor = Math.min.apply(null, first.map(function (r) { return r.score; }));
    var best = Math.max.apply(null, more.map(function (r) { return r.score; }));
    return first.concat(more.filter(function (r) { return !seen.has(r.id); }).map(function (r) {
      return { id: r.id, data: r.data, score: first.length ? floor * 0.9 * r.score / best : r.score };
    }));
  }

  // Results of several searches, one per page: its best score, or (adding) the sum of its scores.
  function merge(adding) {
    return function (answers) {
      var best = {};
      answers.forEach(function (results) {
        results.forEach(function (r) {
          var seen = best[r.id];
          if (!seen) best[r.id] = { id: r.id, score: r.score, data: r.data };
          else seen.score = adding ? seen.score + r.score : Math.max(seen.score, r.score);
        });
      });
      return Object.keys(best).map(function (id) { return best[id]; })
        .sort(function (a, b) { return b.score - a.score; });
    };
  }

  // A query that is an alias as a whole means its term: the term's pages come first, then the alias's own.
  function search(query, loaded) {
    searched = convert(query, loaded.lexicon);
    var term = loaded.lexicon.synonyms[searched];
    marked = highlighted(searched, loaded.lexicon);
    if (term) {
      return Promise.all([searchText(loaded.pagefind, term), searchText(loaded.pagefind, searched)])
        .then(function (answers) {
          var first = new Set(answers[0].map(function (r) { return r.id; }));
          return answers[0].concat(answers[1].filter(function (r) { return !first.has(r.id); }));
        });
    }
    // The query as typed too when each of its characters is also the edition's own: a word of both scripts
    // (文件) may be meant in the edition's sense, not as the other script's word.
    var texts = variants(searched, loaded.lexicon);
    var typed = query.trim();
    var ownScript = Array.from(typed).every(function (c) { return !loaded.lexicon.convert[c]; });
    if (typed && ownScript && typed !== searched.trim()) texts = texts.concat(variants(typed, loaded.lexicon));
    return Promise.all(texts.map(function (text) { return searchText(loaded.pagefind, text); })).then(merge(false));
  }

  function format(key, count) {
    return strings[key].replace("#", String(count));
  }

  // Pagefind's excerpt as nodes: its text decoded, its <mark> kept, nothing else taken as markup.
  function unspaced(text) {
    return text.replace(INDEX_SPACE, "$1$2$3").replace(AFTER_PUNCTUATION, "$1$2")
      .replace(BEFORE_PUNCTUATION, "$1").replace(/\u200b/g, "");
  }

  // The words to mark in excerpts: the query's words, each also as its Intl.Segmenter words of two characters or
  // more (a sentence typed whole is rarely on the page whole), and whole the words its aliases stand for (各自為政
  // for 不配合, never 各自 alone). Longest first.
  function highlighted(query, lexicon) {
    var found = [];
    query.split(/\s+/).filter(Boolean).forEach(function (word) {
      found.push(word);
      segmented(word).forEach(function (part) { if (Array.from(part).length > 1) found.push(part); });
    });
    variants(query, lexicon).slice(1).concat(lexicon.synonyms[query] || []).forEach(function (text) {
      text.split(/\s+/).filter(function (word) { return word && query.indexOf(word) === -1; })
        .forEach(function (word) { found.push(word); });
    });
    return found.filter(function (w, i) { return found.indexOf(w) === i; })
      .sort(function (a, b) { return b.length - a.length; });
  }

  // The page's text as written (the index's spaces gone), block by block; without the full stop Pagefind puts
  // after a text it reads from an attribute (a checklist item's data-text). Character references are decoded in
  // the chosen block only (decoded).
  function blocksOf(content) {
    return content.split(BLOCK_MARK).map(function (block) { return unspaced(block).trim().replace(ATTRIBUTE_STOP, "$1"); })
      .filter(Boolean);
  }

  // Text with its character references (&amp;) decoded, nothing taken as markup.
  function decoded(text) {
    return text.indexOf("&") === -1 ? text
      : new DOMParser().parseFromString("<body>" + text.replace(/</g, "&lt;"), "text/html").body.textContent;
  }

  // The block an excerpt comes from: the first that holds the query whole, else the first that holds most of the
  // words to mark.
  function bestBlock(blocks, words) {
    var best = null;
    var most = 0;
    blocks.forEach(function (block) {
      var held = words.filter(function (w) { return block.toLowerCase().indexOf(w.toLowerCase()) !== -1; }).length;
      var score = (block.indexOf(searched.trim()) !== -1 ? words.length + 1 : 0) + held;
      if (score > most) { best = block; most = score; }
    });
    return best;
  }

  // Where in text the first of words stands (longest words first), as [start, end]; null if none does.
  function firstMatch(text, words) {
    var lower = text.toLowerCase();
    for (var i = 0; i < words.length; i++) {
      var at = lower.indexOf(words[i].toLowerCase());
      if (at !== -1) return [at, at + words[i].length];
    }
    return null;
  }

  // The excerpt of a result: the sentence around the first match inside one block, narrowed to the clauses
  // nearest the match when it is long; it begins and ends at a clause's edge (or a word's, for one long clause).
  function excerptOf(content, words) {
    var blocks = blocksOf(content);
    var block = decoded(bestBlock(blocks, words) || blocks[0] || "");
    var match = firstMatch(block, words) || [0, 0];
    var start = edgeBefore(block, match[0], SENTENCE_END);
    var end = edgeAfter(block, match[1], SENTENCE_END);
    while (end - start > EXCERPT_CHARS) {
      var left = edgeBefore(block, match[0], CLAUSE_END, start);
      var right = edgeAfter(block, match[1], CLAUSE_END, end);
      if (left === start && right === end) return withinWords(block, match, start, end);
      if (match[0] - left > right - match[1] && left > start) start = nextEdge(block, start, match[0]);
      else if (right < end) end = previousEdge(block, end, match[1]);
      else start = nextEdge(block, start, match[0]);
    }
    return (start ? "…" : "") + block.slice(start, end) + (end < block.length ? "…" : "");
  }

  // The start of the sentence (or clause) holding position at: just after the last end mark before it.
  function edgeBefore(text, at, ends, from) {
    for (var i = at - 1; i >= (from || 0); i--) if (ends.test(text[i])) return i + 1;
    return from || 0;
  }

  // The end of the sentence (or clause) holding position at: just after its end mark.
  function edgeAfter(text, at, ends, to) {
    var last = to === undefined ? text.length : to;
    for (var i = at; i < last; i++) if (ends.test(text[i])) return i + 1;
    return last;
  }

  // One clause less on the left (from start towards at) or on the right (from end towards at).
  function nextEdge(text, start, at) {
    for (var i = start; i < at; i++) if (CLAUSE_END.test(text[i])) return i + 1;
    return at;
  }

  function previousEdge(text, end, at) {
    for (var i = end - 2; i >= at; i--) if (CLAUSE_END.test(text[i])) return i + 1;
    return at;
  }

  // One clause too long for an excerpt: the words around the match, cut where Intl.Segmenter's words meet.
  function withinWords(text, match, start, end) {
    var edges = Array.from(wordEdges(text.slice(start, end))).map(function (e) { return e + start; })
      .sort(function (a, b) { return a - b; });
    var half = Math.max(0, (EXCERPT_CHARS - (match[1] - match[0])) / 2);
    var from = edges.filter(function (e) { return e <= match[0] && e >= match[0] - half; })[0];
    var to = edges.filter(function (e) { return e >= match[1] && e <= match[1] + half; }).pop();
    from = from === undefined ? match[0] : from;
    to = to === undefined ? match[1] : to;
    return (from ? "…" : "") + text.slice(from, to) + (to < text.length ? "…" : "");
  }

  // An excerpt as nodes: its text, with each of the searched words marked (whole words only: never a stray
  // character of one).
  function excerptNodes(content) {
    var nodes = [];
    var text = excerptOf(content, marked);
    var match;
    while ((match = firstMatchAnywhere(text, marked))) {
      nodes.push(document.createTextNode(text.slice(0, match[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(match[0], match[1]);
      nodes.push(mark);
      text = text.slice(match[1]);
    }
    nodes.push(document.createTextNode(text));
    return nodes;
  }

  // The earliest place any of words stands in text (the longest word there), as [start, end].
  function firstMatchAnywhere(text, words) {
    var lower = text.toLowerCase();
    var best = null;
    words.forEach(function (word) {
      var at = word ? lower.indexOf(word.toLowerCase()) : -1;
      if (at !== -1 && (!best || at < best[0])) best = [at, at + word.length];
    });
    return best;
  }

  function option(words, data, index) {
    var item = document.createElement("li");
    item.id = "hb-search-option-" + index;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.className = "hb-search__result";
    // An option holds no link (nothing interactive inside an option): choosing it opens its page.
    item.dataset.href = new URL(data.url + "?" + HIGHLIGHT + "=" + encodeURIComponent(words), location.href).href;
    var link = document.createElement("span");
    var title = document.createElement("span");
    title.className = "hb-search__title";
    title.textContent = unspaced(data.meta.title || data.url);
    link.append(title);
    if (data.meta.section) {
      var section = document.createElement("span");
      section.className = "hb-search__section";
      section.textContent = unspaced(data.meta.section);
      link.append(section);
    }
    var excerpt = document.createElement("span");
    excerpt.className = "hb-search__excerpt";
    excerpt.append.apply(excerpt, excerptNodes(data.content || ""));
    link.append(excerpt);
    item.append(link);
    return item;
  }

  // The results in order, but a glossary entry ranked above a play or department page among the first TOP (a
  // page that treats the word) goes just below it.
  function answersFirst(pages) {
    var glossary = pages.findIndex(function (p) { return GLOSSARY_PAGE.test(p.url); });
    var answer = pages.findIndex(function (p) { return ANSWER_PAGE.test(p.url); });
    if (glossary === -1 || answer === -1 || glossary > answer || answer >= TOP) return pages;
    var moved = pages.slice();
    var entry = moved.splice(glossary, 1)[0];
    moved.splice(answer, 0, entry);
    return moved;
  }

  function show(query, results) {
    return Promise.all(results.slice(0, SHOWN).map(function (r) { return r.data(); })).then(function (pages) {
      pages = answersFirst(pages.filter(Boolean));  // a page whose fragment could not be read is left out
      list.replaceChildren.apply(list, pages.map(function (data, i) { return option(searched, data, i); }));
      status.textContent = results.length === 0 ? strings["search.result.none"]
        : results.length === 1 ? strings["search.result.one"] : format("search.result.other", results.length);
      hint.hidden = !(query && results.length === 0);
      failed.hidden = true;
      delete box.dataset.hbError;
      input.setAttribute("aria-expanded", String(pages.length > 0));
      select(pages.length ? 0 : -1);
      box.dataset.hbQuery = query;
    });
  }

  function reset() {
    list.replaceChildren();
    status.textContent = strings["search.result.placeholder"];
    hint.hidden = true;
    input.setAttribute("aria-expanded", "false");
    select(-1);
    box.dataset.hbQuery = "";
  }

  function ask() {
    var query = input.value.trim();
    var ticket = ++asked;
    if (!query) return reset();
    load().then(function (loaded) { return search(query, loaded); }).then(function (results) {
      if (ticket === asked) return show(query, results);
    }).catch(function (error) {
      if (ticket === asked) fail(query, error);
    });
  }

  // The search could not answer (its files did not load): say so instead of waiting in silence.
  function fail(query, error) {
    list.replaceChildren();
    status.textContent = "";
    hint.hidden = true;
    failed.hidden = false;
    select(-1);
    box.dataset.hbError = String(error && error.message || error);
    box.dataset.hbQuery = query;
  }

  // Mark one option active (aria-activedescendant keeps focus in the input, as a combobox should).
  function select(index) {
    var options = list.children;
    if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
    active = index;
    if (index < 0 || !options[index]) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    options[index].setAttribute("aria-selected", "true");
    options[index].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", options[index].id);
  }

  function move(step) {
    var count = list.children.length;
    if (count) select((active + step + count) % count);
  }

  function openDialog() {
    dialog.hidden = false;
    backdrop.hidden = false;
    open.setAttribute("aria-expanded", "true");
    document.documentElement.classList.add("hb-search-open");
    input.focus();
    input.select();
    load();
  }

  function closeDialog() {
    dialog.hidden = true;
    backdrop.hidden = true;
    open.setAttribute("aria-expanded", "false");
    document.documentElement.classList.remove("hb-search-open");
    open.focus();
  }

  function onInputKey(event) {
    if (event.isComposing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      var target = list.children[active >= 0 ? active : 0];
      if (target) location.href = target.dataset.href;
    }
  }

  // Tab stays inside the open dialog: input and clear button.
  function onDialogKey(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      closeDialog();
    } else if (event.key === "Tab") {
      event.preventDefault();
      (document.activeElement === input ? close : input).focus();
    }
  }

  // `/` and `s` open the search, as in Material, unless the reader is typing somewhere.
  function onPageKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || !dialog.hidden) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    if (event.key === "/" || event.key === "s" || event.key === "S") {
      event.preventDefault();
      openDialog();
    }
  }

  function label() {
    box.querySelectorAll("[data-hb-string]").forEach(function (element) {
      element.textContent = strings[element.dataset.hbString];
    });
    close.setAttribute("aria-label", strings["search.reset"]);
    open.setAttribute("aria-label", strings["search.placeholder"]);  // the words it shows, hidden on a phone (zh: 搜索, not 查找)
    dialog.setAttribute("aria-label", strings["search"]);
    list.setAttribute("aria-label", strings["search"]);
    input.setAttribute("aria-label", strings["search.placeholder"]);
    input.placeholder = strings["search.placeholder"];
    status.textContent = strings["search.result.placeholder"];
    open.setAttribute("aria-expanded", "false");
    box.dataset.hbQuery = "";
  }

  // On the page a result opened: mark the words that were searched for.
  function highlightLanding() {
    var body = document.querySelector("[data-pagefind-body]");
    var words = (new URLSearchParams(location.search).get(HIGHLIGHT) || "").split(/\s+/).filter(Boolean);
    if (!body || !words.length) return;
    var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest("script, style, textarea, mark") ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) { words.forEach(function (word) { markIn(node, word); }); });
  }

  // Wrap each occurrence of word in a text node (and the text nodes split off it) in <mark>.
  function markIn(node, word) {
    var at = node.data.indexOf(word);
    while (at !== -1) {
      var match = node.splitText(at);
      node = match.splitText(word.length);
      var mark = document.createElement("mark");
      mark.className = "hb-highlight";
      match.replaceWith(mark);
      mark.append(match);
      at = node.data.indexOf(word);
    }
  }

  label();
  box.hidden = false;
  open.addEventListener("click", openDialog);
  open.addEventListener("pointerenter", load, { once: true });
  backdrop.addEventListener("click", closeDialog);
  close.addEventListener("click", function () {
    if (input.value) { input.value = ""; reset(); input.focus(); } else { closeDialog(); }
  });
  // A word still being composed in an input method (注音, 拼音) is not searched for: its commit is.
  function onInput(event) {
    clearTimeout(timer);
    if (!event.isComposing) timer = setTimeout(ask, DEBOUNCE_MS);
  }
  input.addEventListener("input", onInput);
  input.addEventListener("compositionend", onInput);
  input.addEventListener("keydown", onInputKey);
  dialog.addEventListener("keydown", onDialogKey);
  list.addEventListener("click", function (event) {
    var item = event.target.closest("[role=option]");
    if (item) location.href = item.dataset.href;
  });
  list.addEventListener("mousemove", function (event) {
    var item = event.target.closest("[role=option]");
    if (item) select(Array.prototype.indexOf.call(list.children, item));
  });
  document.addEventListener("keydown", onPageKey);
  highlightLanding();
  // A query handed over in the address (the 404 page's form sends ?q=): open the box with it typed in.
  var handed = new URLSearchParams(location.search).get("q");
  if (handed) {
    openDialog();
    input.value = handed;
    ask();
  }
  // Pagefind's script, its worker's WebAssembly and the index's metadata load once the page is idle (then from
  // the cache), so the first query fetches only its own words' index chunks.
  if ("requestIdleCallback" in window) requestIdleCallback(load, { timeout: 2000 });
})();
