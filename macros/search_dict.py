"""jieba's user dictionary, generated from the glossary, department names and item titles."""

from __future__ import annotations

import re
from pathlib import Path

from .handbook import Handbook

HAN_WORD = re.compile(r"[\u3400-\u9fff]{2,}")
# A high frequency makes jieba keep these words whole instead of splitting them.
FREQUENCY = 100000


def dictionary_words(handbook: Handbook) -> list[str]:
    """Every word staff may search for that jieba's Simplified dictionary would split."""
    words = [t.term for t in handbook.terms] + [a for t in handbook.terms for a in t.aliases]
    words += [d.name for d in handbook.departments.values()]
    words += [d.name.removesuffix("部") for d in handbook.departments.values()]
    return sorted({w for w in words if HAN_WORD.fullmatch(w) or re.fullmatch(r"[\w\u3400-\u9fff]{2,}", w)})


def user_dictionary(handbook: Handbook) -> str:
    """The user dictionary file's text: `word frequency` per line."""
    return "".join(f"{word} {FREQUENCY}\n" for word in dictionary_words(handbook))


def write_user_dictionary(handbook: Handbook, path: Path) -> None:
    """Write the user dictionary where the search plugin reads it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = user_dictionary(handbook)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
