"""Macro HTML kept out of Markdown's way: blocks wait as placeholders and are put back after conversion.

Python-Markdown re-parses every raw HTML block (twice: md_in_html and MkDocs' anchor scan), which was the
largest cost of the build. The page that reaches the browser is the same.
"""

from __future__ import annotations

import re
import secrets

_ID = re.compile(r'\sid="([^"]+)"')


def is_block(html: str) -> bool:
    """Whether a macro's output is block HTML (the renderers wrap blocks in blank lines)."""
    return html.startswith("\n\n")


def blocks(html: str) -> list[str]:
    """The top-level blocks of a macro's output: the renderers separate them with blank lines."""
    return [block.strip() for block in html.split("\n\n") if block.strip()]


class Slots:
    """One build's held blocks, per page. In Markdown a block waits as a paragraph of plain text that survives
    the sanitiser; the build's random token makes it unforgeable (an editor cannot type a placeholder that
    pulls a block into the wrong place)."""

    def __init__(self) -> None:
        self.token = "HBSLOT" + secrets.token_hex(8)
        self._slot = re.compile(rf"<p>{self.token}X(\d+)X</p>|{self.token}X(\d+)X")
        self._held: dict[str, list[str]] = {}

    def placeholder(self, number: int) -> str:
        """The text that stands for a page's held block number."""
        return f"{self.token}X{number}X"

    def hold(self, page: str, html: str) -> str:
        """Keep a block macro's HTML blocks for page; return placeholders (and any Markdown lines) instead.

        Inline output comes back unchanged, as a plain string (never Markup: adding Markdown to it would escape it).
        """
        if not is_block(html):
            return str(html)
        held = self._held.setdefault(page, [])
        out = []
        for block in blocks(html):
            if not block.startswith("<"):  # Markdown between the blocks (headings): Markdown's job
                out.append(block)
                continue
            out.append(self.placeholder(len(held)))
            held.append(block)
        return "\n\n" + "\n\n".join(out) + "\n\n"

    def fill(self, page: str, html: str) -> str:
        """Put page's held blocks back (after the sanitiser ran over the editor's HTML), and forget them."""
        held = self._held.pop(page, None)
        if not held:
            return html
        return self._slot.sub(lambda match: held[int(match.group(1) or match.group(2))], html)

    def anchor_ids(self, page: str) -> set[str]:
        """Every id the page's held blocks define (for MkDocs' anchor check)."""
        return {ident for block in self._held.get(page, []) for ident in _ID.findall(block)}


def lists_out_of_search(html: str) -> str:
    """Keep every list of a page out of the search index (pages whose lists only repeat other pages' titles)."""
    return re.sub(r"<(ul|ol)(?=[\s>])", r"<\1 data-pagefind-ignore", html)
