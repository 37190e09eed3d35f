"""Macro HTML kept out of Markdown's way: blocks wait as placeholders and are put back after conversion.

Python-Markdown re-parses every raw HTML block (twice: md_in_html and MkDocs' anchor scan), which was the
largest cost of the build. Blocks marked `data-search-exclude` go back only after the search index has read the
page, so the search plugin does not parse them either. The page that reaches the browser is the same.
"""

from __future__ import annotations

import re
import secrets

# In Markdown a block waits as a paragraph of plain text that survives the sanitiser; the build's random token
# makes it unforgeable. After sanitising, it becomes an empty element until the block is put back.
TOKEN = "HBSLOT" + secrets.token_hex(8)
PLACEHOLDER = TOKEN + "X{}X"
_TOKEN = re.compile(rf"<p>{TOKEN}X(\d+)X</p>|{TOKEN}X(\d+)X")
_SLOT = re.compile(r'<div data-hb-slot="(\d+)"></div>')
_FIRST_TAG = re.compile(r"\s*<[^>]*>")
_ID = re.compile(r'\sid="([^"]+)"')

_held: dict[str, list[str]] = {}


def is_block(html: str) -> bool:
    """Whether a macro's output is block HTML (the renderers wrap blocks in blank lines)."""
    return html.startswith("\n\n")


def blocks(html: str) -> list[str]:
    """The top-level blocks of a macro's output: the renderers separate them with blank lines."""
    return [block.strip() for block in html.split("\n\n") if block.strip()]


def hold(page: str, html: str) -> str:
    """Keep a block macro's HTML blocks for page; return placeholders (and any Markdown lines) instead.

    Inline output comes back unchanged, as a plain string (never Markup: adding Markdown to it would escape it).
    """
    if not is_block(html):
        return str(html)
    held = _held.setdefault(page, [])
    out = []
    for block in blocks(html):
        if not block.startswith("<"):  # Markdown between the blocks (headings): Markdown's job
            out.append(block)
            continue
        out.append(PLACEHOLDER.format(len(held)))
        held.append(block)
    return "\n\n" + "\n\n".join(out) + "\n\n"


def search_excluded(block: str) -> bool:
    """Whether a block's outer element keeps it out of the search index."""
    first = _FIRST_TAG.match(block)
    return bool(first and "data-search-exclude" in first.group(0))


def settle(html: str) -> str:
    """Turn the placeholders of sanitised HTML into empty elements (no text for the search index to read)."""
    return _TOKEN.sub(lambda m: f'<div data-hb-slot="{m.group(1) or m.group(2)}"></div>', html)


def fill(page: str, html: str, *, searchable: bool) -> str:
    """Put page's held blocks back: the searchable ones (before indexing), or all that are left (after)."""
    held = _held.get(page)
    if not held:
        return html

    def put_back(match: re.Match) -> str:
        block = held[int(match.group(1))]
        if searchable and search_excluded(block):
            return match.group(0)
        return block

    if not searchable:
        del _held[page]
    return _SLOT.sub(put_back, html)


def anchor_ids(page: str) -> set[str]:
    """Every id the page's held blocks define (for MkDocs' anchor check)."""
    return {ident for block in _held.get(page, []) for ident in _ID.findall(block)}


def forget_all() -> None:
    """Drop whatever an interrupted build left."""
    _held.clear()


def lists_out_of_search(html: str) -> str:
    """Mark every list of a page search-excluded (pages whose lists only repeat other pages' titles)."""
    return re.sub(r"<(ul|ol)(?=[\s>])", r"<\1 data-search-exclude", html)
