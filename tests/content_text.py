"""The handbook's content text, line by line, minus the marked quotations of the article.

A quotation of the article is marked in one of two ways, and only these count:

- Markdown: a blockquote whose first line starts with 「> 原文」; the whole blockquote (every following
  line that starts with 「>」) is the quotation.
- YAML (data files and front matter): a field named `quote`; its value, including a block scalar or
  list under it, is the quotation.

Shared by the vocabulary and copying tests, which both read what an editor wrote in the handbook's voice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CONTENT_GLOBS = ("playbooks/*.md", "checklists/*.yml", "cases/*.md", "departments/*.yml", "glossary.yml",
                 "example-world.yml", "docs/**/*.md")

QUOTE_KEYS = frozenset({"quote"})
KEY_LINE = re.compile(r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[A-Za-z_][\w-]*):(?:\s|$)")


def content_files(root: Path = ROOT) -> list[Path]:
    """Every content file an editor writes, relative to root, in a stable order."""
    return sorted({p.relative_to(root) for pattern in CONTENT_GLOBS for p in root.glob(pattern)})


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def prose_lines(text: str, skip_keys: frozenset[str] = QUOTE_KEYS) -> Iterator[tuple[int, str]]:
    """(line number, line) for every line outside a marked quotation or a skipped YAML field."""
    skipping_under: int | None = None  # column of the skipped YAML key, while inside its value
    in_quote_block = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if skipping_under is not None:
            if not stripped or _indent(line) > skipping_under or (
                    _indent(line) == skipping_under and stripped.startswith("- ")):
                continue
            skipping_under = None
        if in_quote_block:
            if stripped.startswith(">"):
                continue
            in_quote_block = False
        if re.match(r">\s?原文", stripped):
            in_quote_block = True
            continue
        key = KEY_LINE.match(line)
        if key and key["key"] in skip_keys:
            skipping_under = key.start("key")
            continue
        yield number, line
