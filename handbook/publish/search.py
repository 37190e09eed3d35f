"""Site search: Pagefind indexes each edition of the built site; the handbook's search box asks it in the browser.

Each edition gets its own bundle (site/pagefind for the Traditional pages, site/zh-Hans/pagefind for the Simplified
ones); the Traditional edition is indexed while the Simplified one is written.

Pagefind indexes one Han character per word. Its extended build cuts Chinese into words with a dictionary when it
indexes, and the browser cuts the query with Intl.Segmenter, differently: on this handbook 市場 found 1 page of 26,
客服 1 of 22, 利率 none. So Pagefind is handed a copy of each page's article with a space on each side of every
Han character and East Asian punctuation mark (the site's own pages are left alone), in a language it does not
segment (its dictionary took half of each edition's indexing time, only to find the spaces); the search box asks
for the query's characters, ranked by Pagefind, and keeps the pages that hold each word as a phrase (Pagefind's
exact search). Any word of the site is found wherever it occurs.

The copy also marks where each block of text begins and ends (a word of its own that no page holds), so a phrase
never matches across two blocks and the search box cuts its excerpts from one block; and it gives each department
page two Pagefind metadata fields the box ranks: the glossary's words the department answers for (利率 → 金融部) and
its objections (department_vocabulary).

Beside each bundle goes the edition's lexicon: the character map that turns a query typed in the other script into
the edition's own, and the glossary's aliases, which the search box also looks up as their terms. The map holds
only the characters the handbook uses, taken from OpenCC.
"""

from __future__ import annotations

import gzip
from html import escape
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel

from handbook.publish.edition import SIMPLIFIED, to_simplified
from handbook.content.chinese import QUERY_CHARACTERS, convert
from handbook.content.handbook import Handbook
from handbook.content.kinds import kinds
from handbook.content.state import current_handbook

BUNDLE = "pagefind"
INCOMING, OUTGOING = f".{BUNDLE}-incoming", f".{BUNDLE}-outgoing"  # a bundle being put in place
BUNDLE_FOLDERS = (BUNDLE, INCOMING, OUTGOING)
# Pagefind's own search interfaces, written into every bundle; the handbook's box uses none of them.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
LEXICON = "handbook-lexicon.json"
# Theme parts inside the indexed article that say nothing about the page: permalinks (¶), the edit button,
# the page's tag chips.
EXCLUDED = (".headerlink", ".md-content__button", ".md-tags")
HAN_CHARACTERS = "\u3400-\u9fff\uf900-\ufaff"  # CJK ideographs: extension A, the unified block, compatibility
HAN = re.compile(f"[{HAN_CHARACTERS}]")
HAN_RUN = re.compile(f"[{HAN_CHARACTERS}]{{2,}}")
BODY = "data-pagefind-body"
HTML_TAG = re.compile(r"<html[^>]*>")
ARTICLE_END = "</article>"  # Material's content block ends there; the indexed element is inside it
# One word each in the index: a Han character, or East Asian punctuation (Pagefind drops punctuation inside a word
# but does not split the word there: 通：互 would be one word).
PUNCTUATION = ("\u3000-\u3004\u3008-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
               "\u2010-\u2027\u2030-\u205e\u00b7")
UNIT = f"[{HAN_CHARACTERS}{PUNCTUATION}]"
UNIT_RUN = re.compile(f"{UNIT}+")
KEPT_TOGETHER = "\"'="  # an attribute's quotes: its value is not spaced apart from them
# A space the copy put in (or a zero-width one): between two units, or beside punctuation (never spaced in Chinese).
SPACED = re.compile(f"(?<={UNIT})[ \u200b]+(?={UNIT})|(?<=[{PUNCTUATION}])[ \u200b]+|[ \u200b]+(?=[{PUNCTUATION}])")
LANG = re.compile(r'\slang="[^"]*"')
# Where a block of text begins and ends (a paragraph, list item, cell, heading…): the copy puts a word of its own
# there, a character of Unicode's private use area that no page holds. Pagefind keeps it in a page's text, so the
# search box cuts an excerpt at the block's edge instead of running two blocks together (核銷不過協作); a phrase
# does not match across it (預 算 | 不 夠 was an exact match for 預算不夠 on the symptom chooser).
BLOCKS = "p|li|dt|dd|h[1-6]|td|th|caption|figcaption|blockquote|pre|summary|legend"
# A block's edges: before it opens and before it closes (a list item's link and its summary paragraph are two
# blocks); around a <label>, whose text Pagefind reads from its data-text attribute, not from inside it.
BLOCK_EDGE = re.compile(f"(?=<(?:{BLOCKS}|label)[\\s>])|(?=</(?:{BLOCKS})>)|(?<=</label>)")
BLOCK_MARK = "\ue000"
# A phase badge before an item's title in a list (溝通, 協作, 共贏) stands apart from the title as a block would.
BADGE = re.compile(r'<span class="hb-phase hb-phase--[^"]*">[^<]*</span>')
BLOCK_MARKS = re.compile(f"\\s*{BLOCK_MARK}(?:\\s*{BLOCK_MARK})*\\s*")
VOCABULARY, OBJECTIONS = "vocabulary", "objections"  # a department page's metadata (department_vocabulary)
INDEX_LANGUAGE = "und"  # undetermined: Pagefind segments no word of it (its dictionary is for zh*)


def spaced(page: str) -> str:
    """A built page as Pagefind reads it: every Han character and East Asian punctuation mark a word of its own
    from the article's start on, its title and section (attributes of that element) included, in a language
    Pagefind does not segment."""
    body = page.find(BODY)
    if body == -1:
        return page
    text = BLOCK_EDGE.sub(f" {BLOCK_MARK} ", UNIT_RUN.sub(spaced_run, page[body:]))
    return in_index_language(page[:body]) + BADGE.sub(lambda badge: f"{badge.group(0)} {BLOCK_MARK} ", text)


def spaced_run(run: re.Match) -> str:
    """A run of units, each a word: spaces between them, and from the text on either side."""
    text, start, end = run.string, run.start(), run.end()
    before = " " if start and not text[start - 1].isspace() and text[start - 1] not in KEPT_TOGETHER else ""
    after = " " if end < len(text) and not text[end].isspace() and text[end] not in KEPT_TOGETHER else ""
    return before + " ".join(run.group(0)) + after


def in_index_language(head: str) -> str:
    """The page's <html> tag (in head) declaring the index's language."""
    return HTML_TAG.sub(lambda tag: LANG.sub(f' lang="{INDEX_LANGUAGE}"', tag.group(0), count=1), head, count=1)


def indexed_part(page: str) -> str | None:
    """What Pagefind needs of a built page, spaced: its <html> tag (in the index's language) and the indexed
    article, to the end of Material's <article>; None for a page kept out of the index.

    The header, nav, footer and scripts are half of every page: Pagefind would parse them only to skip them."""
    body = page.find(BODY)
    html = HTML_TAG.search(page)
    if body == -1 or html is None:
        return None
    start = page.rfind("<", 0, body)
    end = page.find(ARTICLE_END, body)
    article = page[start:] if end == -1 else page[start:end]
    return f"{in_index_language(html.group(0))}<body>{spaced(article)}</body></html>"


def edition_pages(folder: Path) -> Iterable[Path]:
    """The HTML pages of the edition at folder (not those of an edition inside it)."""
    for page in folder.rglob("*.html"):
        if page.relative_to(folder).parts[0] not in (SIMPLIFIED, *BUNDLE_FOLDERS):
            yield page


def copy_folder(scratch: Path, n: int) -> Path:
    """Where the spaced copy of the n-th edition (0: Traditional, 1: Simplified) is written."""
    return scratch / f"pages-{n}"


def write_indexed_part(page: str, target: Path) -> None:
    """Write what Pagefind indexes of a built page to target (nothing for a page kept out of the index)."""
    part = indexed_part(page)
    if part is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(part, encoding="utf-8")


def write_spaced_copy(folder: Path, copy: Path, written: Collection[str] = ()) -> None:
    """Copy into copy what Pagefind indexes of each of the edition's pages, spaced (but for the pages in written,
    relative to folder: their copy is there already)."""
    for page in edition_pages(folder):
        relative = page.relative_to(folder)
        if relative.as_posix() not in written:
            write_indexed_part(page.read_text(encoding="utf-8"), copy / relative)


class SearchIndexError(Exception):
    """Pagefind failed on an edition (its own message)."""


def indexer(copy: Path, output: Path) -> subprocess.Popen:
    """Start Pagefind's command line on the spaced copy of an edition, writing its bundle into output.

    The command line, not Pagefind's Python service: the service answers "written" while its last file writes may
    still be under way, and closing it then can leave a file of the bundle empty (seen: pagefind.js of 0 bytes);
    the command line ends only when every file is written."""
    command = [sys.executable, "-m", "pagefind", "--site", str(copy), "--output-path", str(output), "--quiet"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def indexed_count(bundle: Path) -> int:
    """The pages a finished bundle holds (from its entry file)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def department_vocabulary(handbook: Handbook) -> dict[str, dict[str, list[str]]]:
    """What each department page answers for (by its page's path), as metadata the search box ranks:

    - vocabulary: the glossary's words its summary uses whose definition names the department, with the terms'
      aliases (金融部: 貸款, 車貸, 分期, 利率). A reader who types a department's word (利率) is looking for the
      department, though its page never says it; the glossary says it for the page. A word the glossary gives to
      another department stays there (毛利);
    - objections: what the department says against a plan, which a reader types as the problem he has with it."""
    meta: dict[str, dict[str, list[str]]] = {}
    for slug, department in handbook.departments.items():
        words = [word for term in handbook.terms if department.name in term.definition
                 and any(name in department.summary for name in (term.term, *term.aliases))
                 for word in (term.term, *term.aliases)]
        meta[f"departments/{slug}/index.html"] = {VOCABULARY: words, OBJECTIONS: list(department.objections)}
    return meta


def vocabulary_meta(fields: dict[str, list[str]]) -> str:
    """Elements declaring a page's metadata fields (ranked by the search box's metaWeights), spaced as the index's
    words; no text of the page."""
    spans = []
    for name, texts in fields.items():
        if texts:
            value = spaced_text("、".join(texts).replace(",", " "))  # a comma would start another meta field
            spans.append(f'<span data-pagefind-meta="{name}:{escape(value)}"></span>')
    return "".join(spans)


def spaced_text(text: str) -> str:
    """Text with each Han character and East Asian punctuation mark a word of its own."""
    return " ".join(UNIT_RUN.sub(lambda run: f" {' '.join(run.group(0))} ", text).split())


def add_vocabulary(copy: Path, vocabulary: dict[str, dict[str, list[str]]]) -> None:
    """Put each department page's metadata into its copy, first thing in the indexed element."""
    for relative, fields in vocabulary.items():
        target = copy / relative
        if not target.is_file():
            continue
        page = target.read_text(encoding="utf-8")
        body = page.find(BODY)
        opened = page.find(">", body) + 1
        if body != -1 and opened:
            target.write_text(page[:opened] + vocabulary_meta(fields) + page[opened:], encoding="utf-8")


def start_indexing(folder: Path, scratch: Path, n: int, written: Collection[str],
                   vocabulary: dict[str, dict[str, list[str]]]) -> tuple[subprocess.Popen, Path]:
    """Write the spaced copy of the edition at folder (but for the pages in written), with the departments'
    vocabulary, and start Pagefind on it; returns the process and the folder its bundle goes to."""
    copy, bundle = copy_folder(scratch, n), scratch / f"{BUNDLE}-{n}"
    write_spaced_copy(folder, copy, written)
    add_vocabulary(copy, vocabulary)
    return indexer(copy, bundle), bundle


def finish_indexing(process: subprocess.Popen, folder: Path) -> None:
    """Wait for Pagefind to end its index of the edition at folder."""
    output, _ = process.communicate()
    if process.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {folder}: {output.strip()[-2000:]}")


def replace_bundle(folder: Path, bundle: Path) -> None:
    """Put a finished bundle in place of the edition's bundle in one rename (a page being served never sees half
    an index, and no file of an earlier index stays behind)."""
    incoming, outgoing = folder / INCOMING, folder / OUTGOING
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.rmtree(outgoing, ignore_errors=True)
    shutil.move(str(bundle), str(incoming))
    if (folder / BUNDLE).exists():
        (folder / BUNDLE).rename(outgoing)
    incoming.rename(folder / BUNDLE)
    shutil.rmtree(outgoing, ignore_errors=True)


def script_maps(characters: Counter[str]) -> dict[str, dict[str, str]]:
    """Per character of the handbook (Traditional, with its count): the Simplified form, and back.

    A Simplified form that the Traditional text itself uses (面, 只, 台) is not mapped back: it is a word of its own.
    Where several Traditional characters share one Simplified form, the one the handbook uses most wins.
    """
    to_simplified_map: dict[str, str] = {}
    back: dict[str, list[str]] = {}
    for char in sorted(characters):
        simple = convert(char, QUERY_CHARACTERS)
        if simple != char and len(simple) == 1:
            to_simplified_map[char] = simple
            back.setdefault(simple, []).append(char)
    to_traditional = {simple: max(chars, key=lambda c: (characters[c], c)) for simple, chars in back.items()
                      if simple not in characters}
    return {"toSimplified": to_simplified_map, "toTraditional": dict(sorted(to_traditional.items()))}


def differing_words(traditional: str, phrased: str, characters: str) -> Iterator[tuple[str, str]]:
    """(Traditional, Simplified) pairs where OpenCC's phrase conversion (資料 → 数据, 專案 → 项目) differs from the
    character-level one, in a run of Han characters converted both ways (runs that change length are skipped)."""
    if not len(traditional) == len(phrased) == len(characters):
        return
    start = None
    for at, (by_phrase, by_character) in enumerate(zip(phrased + "\0", characters + "\1")):
        if by_phrase != by_character and at < len(traditional):
            start = at if start is None else start
        elif start is not None:
            if at - start == 1:  # one character alone (軟體 → 软件 differs in 件) is no word: take its neighbour
                start, at = (start - 1, at) if start else (start, at + 1)
            yield traditional[start:at], phrased[start:at]
            start = None


def phrase_maps(texts: Iterable[str], characters: dict[str, str]) -> dict[str, dict[str, str]]:
    """The handbook's words whose Simplified form is not their characters' (資料 ↔ 数据), each way, and its pairs of
    characters whose Simplified form goes back to more than one Traditional character (标签 → 標籤, not 標簽)."""
    runs = sorted({run for text in texts for run in HAN_RUN.findall(text)})
    ambiguous = {simple for simple, count in Counter(characters.values()).items() if count > 1}
    to_simplified_words: dict[str, str] = {}
    # One OpenCC call each way for all the runs (a phrase never crosses a line break).
    phrased_runs = to_simplified("\n".join(runs)).split("\n")
    character_runs = convert("\n".join(runs), QUERY_CHARACTERS).split("\n")
    for run, phrased, by_character in zip(runs, phrased_runs, character_runs, strict=True):
        to_simplified_words.update(differing_words(run, phrased, by_character))
        for at in range(len(run) - 1):
            pair = by_character[at:at + 2]
            if (pair[0] in ambiguous or pair[1] in ambiguous) and len(by_character) == len(run):
                to_simplified_words.setdefault(run[at:at + 2], pair)
    back = {simple: word for word, simple in sorted(to_simplified_words.items(), reverse=True)}
    return {"toSimplified": to_simplified_words, "toTraditional": back}


def han_characters(texts: Iterable[str]) -> Counter[str]:
    """How often each Han character occurs in texts."""
    return Counter(char for text in texts for char in HAN.findall(text))


def strings(value: object) -> Iterable[str]:
    """Every string inside a content item, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        yield from strings(value.model_dump())
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings(item)


def handbook_texts(handbook: Handbook, docs_dir: Path) -> Iterable[str]:
    """All the handbook's words: its items, its glossary and the hand-written pages."""
    for kind in kinds():
        yield from strings(list(handbook.items(kind.name).values()))
    yield from strings(handbook.terms)
    for page in sorted(docs_dir.rglob("*.md")):
        yield page.read_text(encoding="utf-8")


def synonyms(handbook: Handbook) -> dict[str, str]:
    """Every glossary alias and the term it stands for."""
    return {alias: term.term for term in handbook.terms for alias in term.aliases if alias != term.term}


def lexicon(maps: dict[str, dict[str, str]], words: dict[str, dict[str, str]], aliases: dict[str, str],
            simplified: bool) -> dict:
    """An edition's lexicon: the words and characters a query in the other script is converted with, and the
    glossary's aliases in the edition's script."""
    way = "toSimplified" if simplified else "toTraditional"
    if simplified:
        aliases = {to_simplified(alias): to_simplified(term) for alias, term in aliases.items()}
    return {"words": words[way], "convert": maps[way], "synonyms": aliases}


def write_lexicon(bundle: Path, data: dict) -> None:
    """Write an edition's lexicon into its bundle."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    (bundle / LEXICON).write_text(text, encoding="utf-8")


def indexed_pages(folder: Path) -> list[dict]:
    """What Pagefind stored for each page of an edition (url, content, meta), spaces between Han characters
    removed again (for tests and the benchmark)."""
    pages = []
    for fragment in sorted((folder / BUNDLE / "fragment").glob("*.pf_fragment")):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        data["content"] = unspaced(data["content"])
        data["meta"] = {key: unspaced(value) for key, value in data["meta"].items()}
        pages.append(data)
    return pages


def unspaced(text: str) -> str:
    """Text as written: without the spaces the copy put between Han characters and East Asian punctuation (a
    space it put between one and a Latin letter or digit stays: 4S 店)."""
    return SPACED.sub("", BLOCK_MARKS.sub(" ", text)).replace("\u200b", "").strip()


def write_search(site_dir: Path, handbook: Handbook, docs_dir: Path, meanwhile: Callable[[], object] = lambda: None,
                 scratch: Path | None = None, written: Collection[str] = ()) -> dict[str, int]:
    """Index every edition in site_dir and write its lexicon; returns the pages indexed per edition.

    meanwhile (writing the Simplified edition) runs while Pagefind indexes the Traditional one: Pagefind is a
    process of its own, on another core. scratch: a folder whose spaced copies hold the pages in written already
    (the page worker wrote them during the build); it is removed at the end."""
    running: list[tuple[Path, subprocess.Popen, Path]] = []
    scratch = scratch or Path(tempfile.mkdtemp(prefix="handbook-search-"))
    vocabulary = department_vocabulary(handbook)
    try:
        running.append((site_dir, *start_indexing(site_dir, scratch, 0, written, vocabulary)))
        meanwhile()
        if (site_dir / SIMPLIFIED).is_dir():
            simplified = {page: {name: [to_simplified(text) for text in texts] for name, texts in fields.items()}
                          for page, fields in vocabulary.items()}
            running.append((site_dir / SIMPLIFIED, *start_indexing(site_dir / SIMPLIFIED, scratch, 1, written,
                                                                   simplified)))
        texts = list(handbook_texts(handbook, docs_dir))
        maps = script_maps(han_characters(texts))
        words = phrase_maps(texts, {**maps["toSimplified"]})
        aliases = synonyms(handbook)
        counts = {}
        for folder, process, bundle in running:
            finish_indexing(process, folder)
            counts[folder.relative_to(site_dir).as_posix()] = indexed_count(bundle)
            write_lexicon(bundle, lexicon(maps, words, aliases, simplified=folder != site_dir))
            for name in UNUSED:
                (bundle / name).unlink(missing_ok=True)
            replace_bundle(folder, bundle)
    finally:
        for _, process, _ in running:  # a failure on the way leaves no Pagefind writing into the scratch folder
            if process.poll() is None:
                process.kill()
                process.wait()
        shutil.rmtree(scratch, ignore_errors=True)
    return counts


def indexing_command(site_dir: Path, root: Path, docs_dir: Path) -> list[str]:
    """The command that runs write_search in a process of its own (`mkdocs serve` re-indexes beside the server:
    a thread of the server would hold its interpreter while it spaces thousands of pages)."""
    return [sys.executable, "-m", "handbook.publish.search", str(site_dir), str(root), str(docs_dir)]


def main(argv: list[str]) -> None:
    """`python -m handbook.publish.search SITE ROOT DOCS`: index the built site of the project at ROOT."""
    site_dir, root, docs_dir = (Path(arg) for arg in argv)
    write_search(site_dir, current_handbook(root), docs_dir)


if __name__ == "__main__":
    main(sys.argv[1:])
