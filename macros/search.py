"""Site search: Pagefind indexes each edition of the built site; the handbook's search box asks it in the browser.

Pagefind's extended build segments Chinese itself, so nothing here cuts words. Each edition gets its own bundle
(site/pagefind for the Traditional pages, site/zh-Hans/pagefind for the Simplified ones), indexed after the
Simplified edition is written. Beside each bundle goes the edition's lexicon: the character map that turns a query
typed in the other script into the edition's own, and the glossary's aliases, which the search box also looks up
as their terms. The map holds only the characters the handbook uses, taken from OpenCC.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import opencc
from markupsafe import Markup
from pagefind.index import IndexConfig, PagefindIndex

from .edition import SIMPLIFIED, to_simplified
from .handbook import Handbook

BUNDLE = "pagefind"
LEXICON = "handbook-lexicon.json"
# Theme parts inside the indexed article that say nothing about the page: permalinks (¶), the edit button,
# the page's tag chips.
EXCLUDED = (".headerlink", ".md-content__button", ".md-tags")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


# Where the box goes in Material's header: before the repository link, as Material's own search box; else last.
HEADER_ANCHORS = ('<div class="md-header__source">', "</nav>")


def insert_search_box(header: str, box: str) -> Markup:
    """Material's header (its `header` block) with the handbook's search box in it."""
    header = str(header)
    for anchor in HEADER_ANCHORS:
        at = header.find(anchor)
        if at != -1:
            return Markup(header[:at] + str(box) + header[at:])
    raise ValueError("Material's header has neither a repository link nor a </nav>; has Material changed?")


def edition_glob(site_dir: Path) -> str:
    """The Traditional edition's pages: every HTML file of site_dir but those of the Simplified edition."""
    folders = sorted(p.name for p in site_dir.iterdir() if p.is_dir() and p.name not in (SIMPLIFIED, BUNDLE))
    return "{" + ",".join(["*.html", *(f"{folder}/**/*.html" for folder in folders)]) + "}"


async def build_index(folder: Path, glob: str | None) -> int:
    """Index the pages of folder that glob selects into folder/pagefind; returns the number of pages."""
    config = IndexConfig(exclude_selectors=list(EXCLUDED), output_path=str(folder / BUNDLE))
    async with PagefindIndex(config=config) as index:
        indexed = await index.add_directory(str(folder), glob=glob)
        await index.write_files()
    return indexed["page_count"]


async def build_indexes(editions: list[tuple[Path, str | None]]) -> list[int]:
    """Index every edition, side by side."""
    return list(await asyncio.gather(*(build_index(folder, glob) for folder, glob in editions)))


@lru_cache(maxsize=1)
def character_converter() -> opencc.OpenCC:
    """Character-level Traditional → Simplified (no phrases: a query is converted one character at a time)."""
    return opencc.OpenCC("t2s")


def script_maps(characters: Counter[str]) -> dict[str, dict[str, str]]:
    """Per character of the handbook (Traditional, with its count): the Simplified form, and back.

    A Simplified form that the Traditional text itself uses (面, 只, 台) is not mapped back: it is a word of its own.
    Where several Traditional characters share one Simplified form, the one the handbook uses most wins.
    """
    to_simplified_map: dict[str, str] = {}
    back: dict[str, list[str]] = {}
    for char in sorted(characters):
        simple = character_converter().convert(char)
        if simple != char and len(simple) == 1:
            to_simplified_map[char] = simple
            back.setdefault(simple, []).append(char)
    to_traditional = {simple: max(chars, key=lambda c: (characters[c], c)) for simple, chars in back.items()
                      if simple not in characters}
    return {"toSimplified": to_simplified_map, "toTraditional": dict(sorted(to_traditional.items()))}


def han_characters(texts: Iterable[str]) -> Counter[str]:
    """How often each Han character occurs in texts."""
    return Counter(char for text in texts for char in HAN.findall(text))


def synonyms(handbook: Handbook) -> dict[str, str]:
    """Every glossary alias and the term it stands for."""
    return {alias: term.term for term in handbook.terms for alias in term.aliases if alias != term.term}


def lexicon(maps: dict[str, dict[str, str]], aliases: dict[str, str], simplified: bool) -> dict:
    """An edition's lexicon: which way its queries are converted, the map, and the aliases in its script."""
    if simplified:
        aliases = {to_simplified(alias): to_simplified(term) for alias, term in aliases.items()}
        return {"convert": maps["toSimplified"], "synonyms": aliases}
    return {"convert": maps["toTraditional"], "synonyms": aliases}


def write_lexicon(folder: Path, data: dict) -> None:
    """Write an edition's lexicon into its bundle."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    (folder / BUNDLE / LEXICON).write_text(text, encoding="utf-8")


def site_texts(site_dir: Path) -> Iterable[str]:
    """The text of the Traditional edition's pages."""
    for page in site_dir.rglob("*.html"):
        if page.relative_to(site_dir).parts[0] not in (SIMPLIFIED, BUNDLE):
            yield page.read_text(encoding="utf-8")


def write_search(site_dir: Path, handbook: Handbook) -> dict[str, int]:
    """Index every edition present in site_dir and write its lexicon; returns the pages indexed per edition."""
    editions: list[tuple[Path, str | None]] = [(site_dir, edition_glob(site_dir))]
    if (site_dir / SIMPLIFIED).is_dir():
        editions.append((site_dir / SIMPLIFIED, None))
    counts = asyncio.run(build_indexes(editions))
    maps = script_maps(han_characters(site_texts(site_dir)))
    aliases = synonyms(handbook)
    for folder, _ in editions:
        write_lexicon(folder, lexicon(maps, aliases, simplified=folder != site_dir))
    return {folder.relative_to(site_dir).as_posix(): count for (folder, _), count in zip(editions, counts)}
