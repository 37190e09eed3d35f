"""Scaffolding: a new content file from its commented template."""

from __future__ import annotations

import re
from pathlib import Path

from handbook.content.kinds import Kind, kinds
from handbook.content.models import SLUG_PATTERN, no_markup


def scaffolded_kinds() -> dict[str, Kind]:
    """The kinds `make new-…` can start, by their singular name."""
    return {kind.singular: kind for kind in kinds()}


def scaffold_text(template: str, title: str) -> str:
    """The template with its title filled in."""
    return template.replace("__TITLE__", title)


def scaffold(root: Path, kind: str, slug: str, title: str) -> Path:
    """Write a new file of kind from its template; never overwrite."""
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise ValueError(f"SLUG「{slug}」只能用小寫英文、數字和連字號，例如 SLUG=weekly-sync")
    if not title.strip():
        raise ValueError("TITLE 不可為空，例如 TITLE=每週面對面溝通")
    no_markup(title)
    chosen = scaffolded_kinds()[kind]
    template, path = chosen.starter, root / chosen.source(slug)
    if path.exists():
        raise ValueError(f"{path.relative_to(root)} 已經存在；請換一個 SLUG")
    text = scaffold_text((root / template).read_text(encoding="utf-8"), title.strip())
    path.write_text(text, encoding="utf-8")
    return path
