/* The handbook's search worker.
 *
 * It answers Material's search box in the protocol of Material's own worker (SETUP → READY, QUERY → RESULT)
 * and with results of the same shape, so the search box, result list, suggestions and highlighting work
 * unchanged. What differs is the start: Material's worker builds a lunr.js index in the browser on every
 * page load, which takes seconds on a large handbook; this one fetches search/search_docs.json as soon as
 * it starts and builds a plain inverted index in a fraction of that time. Ranking follows lunr's (BM25
 * without length normalisation, the field boosts of the search config) and Material's post-boosts
 * (articles first, then the share of query terms found), so the same query ranks the same pages.
 * Two differences, on purpose: a query's Han run cut into several words counts every word it found (Material's
 * worker leaves a "*" on all but the last and reports them as missing), and a long teaser is cut to a stretch
 * around its first match (Material shows a glossary-long list whole).
 * The build writes search_docs.json (macros/search_index.py); nothing here leaves the site.
 */
"use strict"

const MESSAGE = { SETUP: 0, READY: 1, QUERY: 2, RESULT: 3 }
const PRESENCE = { OPTIONAL: 1, REQUIRED: 2, PROHIBITED: 3 }
const K1 = 1.2
const HAN_RUN = /\p{sc=Han}+/gu
const FIELD_PREFIX = /^(title|text|tags):/
const TEASER = { longest: 320, before: 40, length: 200 }  /* characters of a result's text */

/* ------------------------------------------------------------------------- */

/** Call visit(start, end) for each non-empty stretch of input between separator matches. */
function split(input, separator, visit) {
  separator.lastIndex = 0
  let index = 0
  for (;;) {
    const match = separator.exec(input)
    const until = match ? match.index : input.length
    if (index < until)
      visit(index, until)
    if (!match)
      return
    index = match.index + match[0].length
    if (match[0].length === 0)
      separator.lastIndex = match.index + 1
  }
}

/** How text is cut into words: at the separator and at HTML tags (a word never spans a tag, a tag is never a
 *  word). `between` splits to the words alone; `pattern` keeps what it cut at, so that the pieces' lengths give
 *  positions, a word being every stride-th piece (the separator's own groups, if any, come out as pieces too). */
function cutter(separator) {
  return {
    between: new RegExp(`<[^>]*>|${separator}`, "g"),
    pattern: new RegExp(`(<[^>]*>|${separator})`, "g"),
    stride: new RegExp(`(${separator})|`).exec("").length
  }
}

/** Call visit(term, start, end) for each word of an HTML string, lower-cased, skipping tags. */
function words(input, { pattern, stride }, visit) {
  const lower = input.toLowerCase()
  const source = lower.length === input.length ? lower : input
  const pieces = source.split(pattern)
  for (let i = 0, at = 0; i < pieces.length; i++) {
    const piece = pieces[i] || ""
    if (i % stride === 0 && piece)
      visit(source === lower ? piece : piece.toLowerCase(), at, at + piece.length)
    at += piece.length
  }
}

/** The top-level blocks of an HTML string as [start, end] ranges, tags included: what Material's teaser shows. */
function blocks(input) {
  const ranges = []
  let depth = 0, start = -1, open = -1
  for (let end = 0; end < input.length; end++) {
    const char = input.charCodeAt(end)
    if (char === 60 /* < */) {
      open = end
      if (start < 0) start = end
    } else if (char === 62 /* > */ && open >= 0) {
      if (input.charCodeAt(open + 1) === 47) {
        if (--depth === 0) {
          ranges.push([start, end + 1])
          start = -1
        }
      } else if (input.charCodeAt(end - 1) !== 47) {
        depth++
      }
      open = -1
    } else if (start < 0 && !/\s|\u200b/.test(input[end])) {
      start = end
    }
  }
  if (start >= 0)
    ranges.push([start, input.length])
  return ranges
}

/** Wrap the words of input whose term is in found in <mark>; whole, or only its first two blocks with a mark. */
function highlight(input, cut, found, whole) {
  const marks = []
  words(input, cut, (term, start, end) => {
    if (found.has(term))
      marks.push([start, end])
  })
  if (!marks.length)
    return whole ? input : shorten(input)
  const marked = (from, to) => {
    let out = "", cursor = from
    for (const [start, end] of marks)
      if (start >= from && end <= to) {
        out += input.slice(cursor, start) + "<mark>" + input.slice(start, end) + "</mark>"
        cursor = end
      }
    return out + input.slice(cursor, to)
  }
  if (whole)
    return marked(0, input.length)
  const shown = blocks(input).filter(([from, to]) => marks.some(([start]) => start >= from && start < to))
  return shown.slice(0, 2).map(([from, to]) => shorten(marked(from, to))).join("")
}

/** A teaser block as it is, or, when its text runs long (a glossary is one long list), a paragraph of plain
 *  text from a little before its first mark, with "…" where it was cut. */
function shorten(block) {
  const pieces = block
    .replace(/<(?!\/?mark>)[^>]*>/g, " ")
    .replace(/\u200b/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .match(/<\/?mark>|&[#\w]+;|[^]/gu) || []
  const isMark = piece => piece === "<mark>" || piece === "</mark>"
  if (pieces.filter(piece => !isMark(piece)).length <= TEASER.longest)
    return block
  const first = Math.max(0, pieces.indexOf("<mark>"))
  let start = first
  for (let before = 0; start > 0 && before < TEASER.before; before++)
    start--
  let end = first, open = false
  for (let shown = 0; end < pieces.length && (shown < TEASER.length || open); end++) {
    if (pieces[end] === "<mark>") open = true
    else if (pieces[end] === "</mark>") open = false
    else shown++
  }
  return `<p>${start > 0 ? "…" : ""}${pieces.slice(start, end).join("").trim()}${end < pieces.length ? "…" : ""}</p>`
}

/** The words of the index inside a run of Han characters, exactly as Material's search segments a query
 *  (a word that ends the run is not looked up: changing that lost two pages of the search quality set). */
function segment(run, has) {
  const cuts = new Uint16Array(run.length)
  for (let i = 0; i < run.length; i++)
    for (let j = i + 1; j < run.length; j++)
      if (has(run.slice(i, j)))
        cuts[i] = j - i
  const segments = new Set()
  const stack = [0]
  while (stack.length) {
    const p = stack.pop()
    for (let q = 1; q < cuts[p]; q++)
      if (cuts[p + q] > cuts[p] - q) {
        segments.add(run.slice(p, p + q))
        stack.push(p + q)
      }
    const q = p + cuts[p]
    if (cuts[q] && q < run.length - 1)
      stack.push(q)
    segments.add(run.slice(p, q))
  }
  return segments.has("") ? [run] : [...segments]
}

/* ------------------------------------------------------------------------- */

/** An inverted index of the site's search documents, ranked like Material's lunr.js index. */
class Index {

  constructor({ config, docs }) {
    this.separator = new RegExp(config.separator, "g")
    this.cut = cutter(config.separator)
    this.fields = Object.keys(config.fields)
    this.boosts = this.fields.map(name => config.fields[name].boost || 1)
    this.docs = docs
    this.article = docs.map(() => -1)          /* the page a section belongs to, -1 for pages */
    this.postings = new Map()                  /* term → flat [doc, field, frequency, …] */
    const pages = new Map()
    docs.forEach((doc, d) => {
      const path = doc.location.split("#")[0]
      if (pages.has(path))
        this.article[d] = pages.get(path)
      else
        pages.set(path, d)
      this.fields.forEach((name, f) => this.add(d, f, doc[name]))
    })
    this.terms = [...this.postings.keys()].sort()
  }

  /** Count the words of one field of one document into the postings (a term's last entry is this field's, if any). */
  add(d, f, value) {
    if (value === undefined)
      return
    for (const part of Array.isArray(value) ? value : [value])
      for (const term of part.toLowerCase().split(this.cut.between)) {
        if (!term)
          continue
        let list = this.postings.get(term)
        if (!list)
          this.postings.set(term, list = [])
        const last = list.length - 3
        if (last >= 0 && list[last] === d && list[last + 1] === f)
          list[last + 2]++
        else
          list.push(d, f, 1)
      }
  }

  /** lunr's weight of a term in one field of one document (BM25, b = 0, rounded as lunr rounds). */
  weight(list, f, count, d) {
    const total = this.docs.length, withTerm = list.length / 3
    const idf = Math.log(1 + Math.abs((total - withTerm + 0.5) / (withTerm + 0.5)))
    const score = idf * (K1 + 1) * count / (K1 + count) * this.boosts[f] * (this.docs[d].boost || 1)
    return Math.round(score * 1000) / 1000
  }

  /** The terms of the index that start with prefix (all of them for a trailing wildcard, else only itself). */
  expand(clause) {
    if (!clause.wildcard)
      return this.postings.has(clause.term) ? [clause.term] : []
    const found = []
    let low = 0, high = this.terms.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (this.terms[mid] < clause.term) low = mid + 1
      else high = mid
    }
    for (let i = low; i < this.terms.length && this.terms[i].startsWith(clause.term); i++)
      found.push(this.terms[i])
    return found
  }

  /** Material's reading of a query: Han runs segmented, quotes and +/- for presence, a trailing wildcard. */
  clauses(query) {
    query = query.replace(HAN_RUN, run => segment(run, term => this.postings.has(term)).join("* "))
    query = query.trim()
      .split(/"([^"]+)"/g)
      .map((part, i) => i & 1 ? part.replace(/^\b|^(?![^\x00-\x7F]|$)|\s+/g, " +") : part)
      .join("")
      .replace(/"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)/g, "")
    const clauses = []
    for (const part of query.split(/\s+/g)) {
      const presence = part[0] === "+" ? PRESENCE.REQUIRED : part[0] === "-" ? PRESENCE.PROHIBITED : PRESENCE.OPTIONAL
      let rest = part.replace(/^[+-]/, "")
      const field = FIELD_PREFIX.exec(rest)
      rest = rest.replace(FIELD_PREFIX, "").replace(/[~^]\d*$/, "")
      const wildcard = presence === PRESENCE.OPTIONAL || rest.endsWith("*")
      split(rest, this.separator, (a, b) => {
        const term = rest.slice(a, b).replace(/\*+$/, "").replace(/^\*+/, "").toLowerCase()
        if (term)
          clauses.push({ term, presence, wildcard, field: field ? this.fields.indexOf(field[1]) : -1 })
      })
    }
    return clauses
  }

  /** Score the documents for clauses: {doc → {score, terms: Set of matched index terms}}, lunr's way. */
  match(clauses, onlyField = -1) {
    const scores = new Map(), required = [], prohibited = new Set(), counted = new Map()
    for (const clause of clauses) {
      const hits = new Set()
      const fieldOf = onlyField >= 0 ? onlyField : clause.field
      for (const term of this.expand(clause)) {
        const list = this.postings.get(term)
        if (clause.presence !== PRESENCE.PROHIBITED)
          counted.set(term, (counted.get(term) || 0) + 1)
        for (let i = 0; i < list.length; i += 3) {
          const d = list[i], f = list[i + 1]
          if (fieldOf >= 0 && f !== fieldOf)
            continue
          hits.add(d)
          if (clause.presence === PRESENCE.PROHIBITED)
            continue
          let entry = scores.get(d)
          if (!entry)
            scores.set(d, entry = { score: 0, terms: new Set() })
          entry.score += this.weight(list, f, list[i + 2], d)
          entry.terms.add(term)
        }
      }
      if (clause.presence === PRESENCE.REQUIRED)
        required.push(hits)
      if (clause.presence === PRESENCE.PROHIBITED)
        hits.forEach(d => prohibited.add(d))
    }
    const norm = Math.sqrt([...counted.values()].reduce((sum, n) => sum + n * n, 0))
    for (const [d, entry] of scores) {
      if (prohibited.has(d) || required.some(hits => !hits.has(d)))
        scores.delete(d)
      else
        entry.score /= norm
    }
    return scores
  }

  /** Material's search result: items grouped by page, best first, highlighted; and a suggestion. */
  search(query) {
    const clauses = this.clauses(query)
    if (!clauses.length)
      return { items: [], suggest: [] }
    const wanted = clauses.filter(clause => clause.presence !== PRESENCE.PROHIBITED)
    const items = []
    for (const [d, { score, terms }] of this.match(clauses)) {
      const found = {}, matched = [...terms]
      for (const clause of wanted)
        found[clause.term] = matched.some(term => term.startsWith(clause.term))
      const share = Object.values(found).filter(Boolean).length / Object.keys(found).length
      const boost = +(this.article[d] < 0) + share
      items.push({ d, score: score * (1 + boost ** 2), terms: found, matched: terms })
    }
    items.sort((a, b) => b.score - a.score)

    const groups = new Map()
    for (const item of items) {
      const page = this.article[item.d] < 0 ? item.d : this.article[item.d]
      if (!groups.has(page))
        groups.set(page, [])
      groups.get(page).push(this.shown(item))
    }
    for (const [page, group] of groups)
      if (!group.some(item => item.location === this.docs[page].location))
        group.push({ ...this.docs[page], score: 0, terms: {} })
    return { items: [...groups.values()], suggest: this.suggest(wanted) }
  }

  /** One result document as Material's result list shows it: its matches marked. */
  shown({ d, score, terms, matched }) {
    const doc = this.docs[d]
    const item = { ...doc, score, terms }
    item.title = highlight(doc.title, this.cut, matched, true)
    if (doc.text)
      item.text = highlight(doc.text, this.cut, matched, false)
    if (doc.tags)
      item.tags = doc.tags.map(tag => highlight(tag, this.cut, matched, true))
    return item
  }

  /** The index terms of the best title that has every query term, as Material suggests completions. */
  suggest(clauses) {
    const titles = this.match(clauses.map(c => ({ ...c, presence: PRESENCE.REQUIRED, wildcard: true })),
                              this.fields.indexOf("title"))
    let best = null
    for (const entry of titles.values())
      if (!best || entry.score > best.score)
        best = entry
    return best ? [...best.terms] : []
  }
}

/* ------------------------------------------------------------------------- */

const docsUrl = new URL("../../search/search_docs.json", self.location.href)
const ready = fetch(docsUrl)
  .then(response => {
    if (!response.ok)
      throw new Error(`HTTP ${response.status}`)
    return response.json()
  })
  .then(data => new Index(data))
  .catch(error => {
    console.error(`The search documents (${docsUrl}) could not be loaded; the search finds nothing.`, error)
    return null
  })
let index = null

addEventListener("message", async ev => {
  const message = ev.data
  if (message.type === MESSAGE.SETUP) {
    index = await ready || new Index({ config: message.data.config, docs: [] })
    postMessage({ type: MESSAGE.READY })
  } else if (message.type === MESSAGE.QUERY) {
    let data = { items: [] }
    try {
      const answering = index || await ready
      if (answering)
        data = answering.search(message.data)
    } catch (error) {
      console.warn(`Invalid query: ${message.data}`, error)
    }
    postMessage({ type: MESSAGE.RESULT, data })
  }
})
