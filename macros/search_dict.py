"""jieba's user dictionary, derived from the content: glossary, department names and the handbook's own wording.

Material's search cuts Han text into words with jieba at build time, and the browser only matches word prefixes,
so a word cut wrongly at build time is a word nobody finds. jieba's dictionary is Simplified: on Traditional text
it knows few words and falls back to single characters and wrong pairs (各部|門, 收|穫, 標|籤). The dictionary
written here therefore holds

- the known words: every glossary term and alias and every department name, with and without 部, kept whole with
  a high frequency. A known word inside which, where it occurs, another known word starts (週末續保 and 續保,
  專案負責人 and 負責人) is left out instead: jieba then cuts it around the inner word, which a search finds;
- the handbook's wording: every word jieba's own dictionary finds in the Simplified conversion of the content, in
  the Traditional spelling the content uses and with jieba's frequency, so Traditional text is cut the way the
  Simplified edition is.

Nothing here is a word list: every word comes from glossary.yml, departments/ or the text of the items.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import jieba
import opencc
from pydantic import BaseModel

from .edition import to_simplified
from .handbook import Handbook

HAN = re.compile(r"[\u3400-\u9fff]+")
HAN_WORD = re.compile(r"[\u3400-\u9fff]{2,}")
# A high frequency makes jieba keep the known words whole instead of splitting them.
FREQUENCY = 100000


@lru_cache(maxsize=1)
def character_converter() -> opencc.OpenCC:
    """Character-by-character Taiwan Traditional → Simplified: the fallback that keeps a text's length."""
    return opencc.OpenCC("tw2s")


def simplified_same_length(text: str) -> str | None:
    """text in the Simplified edition's wording, position for position; None if no conversion keeps the length."""
    for convert in (to_simplified, character_converter().convert):
        converted = convert(text)
        if len(converted) == len(text):
            return converted
    return None


@lru_cache(maxsize=1)
def main_dictionary() -> dict[str, int]:
    """jieba's own (Simplified) dictionary: word → frequency (0 for a mere prefix), copied before any user
    dictionary is loaded.

    jieba keeps one global dictionary, which the search plugin extends with the user dictionary after the hook
    has written it; the copy is taken on first use (in a build, the hook's on_config), so later builds of
    `mkdocs serve` derive the same words.
    """
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return dict(jieba.dt.FREQ)


def tokenizer(extra: dict[str, int]) -> jieba.Tokenizer:
    """A private jieba tokenizer: the main dictionary plus extra words; jieba's global state is left alone."""
    private = jieba.Tokenizer()
    private.FREQ = dict(main_dictionary())
    private.total = sum(private.FREQ.values())
    private.initialized = True
    for word, freq in extra.items():
        private.add_word(word, freq)
    return private


def known_words(handbook: Handbook) -> set[str]:
    """Glossary terms and aliases, department names with and without 部: the words staff search for."""
    words = [t.term for t in handbook.terms] + [a for t in handbook.terms for a in t.aliases]
    words += [d.name for d in handbook.departments.values()]
    words += [d.name.removesuffix("部") for d in handbook.departments.values()]
    # jieba only ever sees runs of Han characters, so words with letters or digits (KPI, 4S店) never match.
    return {w for w in words if HAN_WORD.fullmatch(w)}


def hides_a_known_word(word: str, known: set[str], texts: list[str]) -> bool:
    """Whether, somewhere in texts, another known word starts inside word: kept whole, word would hide it from
    the browser's prefix search (週末續保 hides 續保, 專案負責人 hides 負責人, 合作總結 in 合作總結會 hides 總結會).

    A known word at the start of word is no problem: 基盤客戶 kept whole is still found as 基盤.
    """
    by_first: dict[str, list[str]] = {}
    for other in known:
        by_first.setdefault(other[0], []).append(other)
    for text in texts:
        at = text.find(word)
        while at != -1:
            for inner in range(at + 1, at + len(word)):
                if any(text.startswith(other, inner) for other in by_first.get(text[inner], ())):
                    return True
            at = text.find(word, at + 1)
    return False


def whole_words(handbook: Handbook) -> set[str]:
    """Known words to keep whole: all but those that would hide another known word where they occur."""
    known = known_words(handbook)
    texts = ["\n".join(dict.fromkeys(content_texts(handbook)))]
    return {w for w in known if not hides_a_known_word(w, known - {w}, texts)}


def strings(value: object) -> Iterator[str]:
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


def content_texts(handbook: Handbook) -> Iterator[str]:
    """All the handbook's text: departments, playbooks, checklists, cases and the glossary."""
    for items in (handbook.departments, handbook.playbooks, handbook.checklists, handbook.cases):
        yield from strings(list(items.values()))
    yield from strings(handbook.terms)


def wording(texts: Iterable[str], whole: set[str]) -> dict[str, int]:
    """Words jieba's dictionary finds in the Simplified form of texts, spelled as in texts, with their frequency.

    Only spellings jieba does not already know are returned: a word written the same in both scripts needs no entry.
    """
    extra = {simplified_same_length(w) or w: FREQUENCY for w in whole}
    cutter = tokenizer(extra)
    found: dict[str, int] = {}
    # Each distinct run of Han characters is cut once: the content repeats itself a lot.
    runs = dict.fromkeys(run for text in texts for run in HAN.findall(text))
    for run in runs:
        simplified = simplified_same_length(run)
        if simplified is None:
            continue
        start = 0
        for piece in cutter.cut(simplified, HMM=False):
            end = start + len(piece)
            original = run[start:end]
            frequency = cutter.FREQ.get(piece, 0)
            if original != piece and frequency and original not in whole:
                found[original] = max(found.get(original, 0), frequency)
            start = end
    return found


def dictionary_entries(handbook: Handbook) -> dict[str, int]:
    """Every user-dictionary word with its frequency."""
    whole = whole_words(handbook)
    entries = wording(content_texts(handbook), whole)
    entries.update({word: FREQUENCY for word in whole})
    return entries


def dictionary_words(handbook: Handbook) -> list[str]:
    """The words of the user dictionary, sorted."""
    return sorted(dictionary_entries(handbook))


def user_dictionary(handbook: Handbook) -> str:
    """The user dictionary file's text: `word frequency` per line, sorted by word."""
    entries = dictionary_entries(handbook)
    return "".join(f"{word} {entries[word]}\n" for word in sorted(entries))


def write_user_dictionary(handbook: Handbook, path: Path) -> None:
    """Write the user dictionary where the search plugin reads it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = user_dictionary(handbook)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
