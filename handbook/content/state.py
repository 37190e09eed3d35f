"""The handbook of the current build, loaded once and reloaded when a content file changes."""

from __future__ import annotations

from pathlib import Path

from handbook.content.handbook import Handbook
from handbook.content.kinds import REGISTRY
from handbook.content.loading import EXAMPLE_WORLD, GLOSSARY, load
from handbook.content.sources import Problem


class ContentError(Exception):
    """Content that does not validate: every problem, ready to print."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"內容有 {len(errors)} 個錯誤：\n" + "\n".join(p.with_hint() for p in errors))


_cache: dict[Path, tuple[tuple, tuple[Handbook | None, list[Problem]]]] = {}


def fingerprint(root: Path) -> tuple:
    """What identifies the content's current state: every file's name, size and mtime."""
    files = [root / GLOSSARY, root / EXAMPLE_WORLD,
             *(p for kind in REGISTRY if (root / kind).is_dir() for p in (root / kind).rglob("*"))]
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.is_file()))


def loaded(root: Path, memo: dict | None = None) -> tuple[Handbook | None, list[Problem]]:
    """The loaded handbook (None when the content has errors) and every problem; cached until a file changes
    (memo: files' results by their bytes, for load)."""
    root = root.resolve()
    key = fingerprint(root)
    cached = _cache.get(root)
    if cached and cached[0] == key:
        return cached[1]
    result = load(root, memo)
    _cache[root] = (key, result)
    return result


def current_handbook(root: Path) -> Handbook:
    """The loaded handbook; raises ContentError when the content has errors."""
    handbook, problems = loaded(root)
    if handbook is None:
        raise ContentError(problems)
    return handbook
