"""Every touchpoint with Material for MkDocs, in one place; tests/site/test_material_contract.py checks each
against the installed Material and names what moved when Material changes."""

from __future__ import annotations

import re
from pathlib import Path

import material
from markupsafe import Markup

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
# Material's own strings per language: the Simplified edition takes the theme's words from its zh pack.
LANGUAGE_PACKS = MATERIAL_TEMPLATES / "partials" / "languages"
LANGUAGES = ("zh-TW", "zh")
# Where the search box goes in Material's header: before the repository link, as Material's own search box;
# else last in the header's nav.
# The theme partials the handbook replaces whole (overrides/partials/); its other partials are its own.
OVERRIDDEN_PARTIALS = ("partials/alternate.html",)
HEADER_ANCHORS = ('<div class="md-header__source">', "</nav>")
_BLOCK = re.compile(r"{%-?\s*block\s+(\w+)")
_THEME_CLASS = re.compile(r"(?<![\w-])(md-[a-z][a-z0-9_-]*[a-z0-9])")


def insert_search_box(header: str, box: str) -> Markup:
    """Material's header (its `header` block) with the handbook's search box in it."""
    header = str(header)
    for anchor in HEADER_ANCHORS:
        at = header.find(anchor)
        if at != -1:
            return Markup(header[:at] + str(box) + header[at:])
    raise ValueError("Material's header has neither a repository link nor a </nav>; has Material changed?")


def overridden_blocks(overrides: Path) -> dict[str, set[str]]:
    """The Material blocks each of the handbook's templates overrides, by template."""
    return {path.relative_to(overrides).as_posix(): set(_BLOCK.findall(path.read_text(encoding="utf-8")))
            for path in sorted(overrides.rglob("*.html"))}


def theme_classes(texts: list[str]) -> set[str]:
    """Material's class and variable names (md-…) that the handbook's scripts, styles and templates use."""
    return {name.removesuffix("-") for text in texts for name in _THEME_CLASS.findall(text)}


# Material names its footer's previous/next links "上一頁: 保險部" while they show 上一頁 and 保險部 on two lines:
# a name that does not start with the visible words (axe: label-content-name-mismatch, serious), so a person
# using voice control cannot say what they see. Without the label, the name is the link's own text.
FOOTER_LINK_LABEL = re.compile(r'(<a [^>]*class="md-footer__link[^"]*")\s+aria-label="[^"]*"')


def footer_links_named_by_their_text(page: str) -> str:
    """A built page whose footer links are named by the words they show."""
    return FOOTER_LINK_LABEL.sub(r"\1", page)


def unescaped_json(env) -> None:
    """Templates' `tojson` (the search box's strings, Material's config) writes characters, not \\uXXXX escapes;
    it still escapes <, >, & and ' for a script element."""
    env.policies["json.dumps_kwargs"] = {**env.policies.get("json.dumps_kwargs", {}), "ensure_ascii": False}
