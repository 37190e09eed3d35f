"""Content lint beyond the models: Simplified characters in hand-written pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from handbook.content.simplified import simplified_characters
from handbook.content.sources import Problem

HAND_WRITTEN = ("docs", "CONTRIBUTING.md")


def page_files(root: Path) -> list[Path]:
    """The hand-written Markdown pages in Traditional Chinese."""
    files = []
    for name in HAND_WRITTEN:
        path = root / name
        files += [path] if path.is_file() else sorted(path.rglob("*.md")) if path.is_dir() else []
    return files


def simplified_page_problems(root: Path) -> Iterator[Problem]:
    """Hand-written pages contain no Simplified characters."""
    for path in page_files(root):
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            found = simplified_characters(line)
            if found:
                yield Problem(path.relative_to(root).as_posix(), number, "", f"有簡體字：{'、'.join(found)}",
                              "請改成正體（繁體）字")
