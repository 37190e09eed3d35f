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
                  metaWeights: { title: 6, symptoms: 3, section: 0 } };
  var SHOWN = 10;
  var SHARE_FLOOR = 0.2;  // what a page whose characters never stand together keeps of its score
  var DEBOUNCE_MS = 60;
  var HIGHLIGHT = "highlight";
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

  // The query, then the query with each glossary alias in it replaced by its term.
  function variants(query, lexicon) {
    var found = [query];
    Object.keys(lexicon.synonyms).forEach(function (alias) {
      var term = lexicon.synonyms[alias];
      if (query.indexOf(alias) !== -1 && query.indexOf(term) === -1) found.push(query.split(alias).join(term));
    });
    return found;
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
          return { id: r.id, score: r.score * together(r.words, lengths), data: r.data };
        }).sort(function (a, b) { return b.score - a.score; });
      });
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
    var segmenter = new Intl.Segmenter(document.documentElement.lang, { granularity: "word" });
    return Array.from(segmenter.segment(text)).filter(function (s) { return s.isWordLike; })
      .map(function (s) { return s.segment; });
  }

  // Best first: the pages holding every word typed; else every word of the sentence; else any of them.
  function searchText(pagefind, text) {
    var words = text.split(/\s+/).filter(Boolean);
    return allWords(pagefind, words).then(function (results) {
      var parts = [].concat.apply([], words.map(segmented));
      if (results.length || parts.length <= words.length) return results;
      return allWords(pagefind, parts).then(function (results) {
        if (results.length) return results;
        return Promise.all(parts.map(function (p) { return allWords(pagefind, [p]); })).then(merge(true));
      });
    });
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

  function excerptNodes(excerpt) {
    return unspaced(excerpt).split(/<(\/?)mark>/).filter(function (part, i) { return i % 2 === 0; })
      .map(function (part, i) {
        // Parsed inside <body>: a part that is only a space (between two marked words) keeps it.
        var text = new DOMParser().parseFromString("<body>" + part, "text/html").body.textContent;
        if (i % 2 === 0) return document.createTextNode(text);
        var mark = document.createElement("mark");
        mark.textContent = text;
        return mark;
      });
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
    excerpt.append.apply(excerpt, excerptNodes(data.excerpt || ""));
    link.append(excerpt);
    item.append(link);
    return item;
  }

  function show(query, results) {
    return Promise.all(results.slice(0, SHOWN).map(function (r) { return r.data(); })).then(function (pages) {
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
