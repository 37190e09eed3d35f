"""Links inside the handbook, resolved by `make check` as the strict build resolves them.

MkDocs follows a Markdown link to a page only when it names a file of the build (`../one-channel.md`, an image),
relative to the page's own source or, for an absolute link, to docs/ (`validation.links.absolute_links:
relative_to_docs` in mkdocs.yml); anything else (a missing file, a folder, `../` past the site's root, the other
edition's folder) fails the strict build. An anchor must be an id of the target page once it is rendered: its
headings, the ids written in it and the ids of the handbook's generated parts.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown

from handbook.content.handbook import Handbook
from handbook.content.kinds import kinds
from handbook.content.sources import Problem, SourceError, read_page
from handbook.publish.sanitize import LINK, REFERENCE, prose_lines, without_template_code
from handbook.publish.urls import normalised_url
from handbook.render.item_pages import compose
from handbook.render.slots import Slots

ANCHOR_ID = re.compile(r"""\s(?:id|name)="([^"]+)\"""")
PAGE_HINT = "手冊內的連結要寫成另一個 .md 檔的相對路徑，例如 ../playbooks/one-channel.md 或 ../glossary.md"


def link_targets(line: str) -> Iterator[str]:
    """The URLs of the Markdown links, images and reference definitions on one line of prose."""
    yield from (match.group(1) for match in LINK.finditer(line))
    yield from (match.group(1) for match in REFERENCE.finditer(line))


def target_uri(source_uri: str, path: str) -> str:
    """The docs-relative file a link's path names (MkDocs' rule: from the page's folder, or from docs/)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_uri), path).lstrip("/"))


def link_problem(url: str, source_uri: str, files: frozenset[str], anchors) -> str | None:
    """Why a link in the page source_uri would fail the strict build, or None (anchors: uri → the page's ids)."""
    try:
        parts = urlsplit(normalised_url(url))
    except ValueError:
        return None  # the URL rule (sanitize) reports it
    if parts.scheme or parts.netloc or not (parts.path or parts.fragment):
        return None
    target = target_uri(source_uri, unquote(parts.path)) if parts.path else source_uri
    if target not in files:
        where = "" if target.startswith("..") else f"（會指到 docs/{target}）"
        if target.startswith(".."):
            return f"連結「{url}」超出了手冊網站的範圍"
        if not posixpath.splitext(target)[1]:
            return f"連結「{url}」沒有指到 .md 檔{where}"
        return f"連結「{url}」找不到頁面或檔案{where}"
    ids = anchors(target) if parts.fragment and target.endswith(".md") else None
    if ids is not None and parts.fragment not in ids:
        return f"連結「{url}」的段落「#{parts.fragment}」在 docs/{target} 裡找不到"
    return None


def page_link_problems(path: str, source_uri: str, body: str, first_line: int, files: frozenset[str],
                       anchors) -> Iterator[Problem]:
    """The links of one page's Markdown (path: the file as the editor knows it; source_uri: its page)."""
    for number, line in enumerate(prose_lines(without_template_code(body)), start=first_line):
        for url in link_targets(line):
            problem = link_problem(url, source_uri, files, anchors)
            if problem:
                yield Problem(path, number, "內文", problem, PAGE_HINT)


class SiteLinks:
    """The files and the pages' ids the build will have, worked out only for pages that links point into."""

    def __init__(self, root: Path, handbook: Handbook, extensions: tuple, registry=None):
        self.root, self.handbook, self.extensions, self.registry = root, handbook, extensions, registry
        self.items = {f"{kind.name}/{ident}.md": (kind.name, ident)
                      for kind in kinds() for ident in handbook.items(kind.name)}
        self.generated_folders = {kind.name for kind in kinds()} | {"lists"}  # index and list pages
        self.anchors = lru_cache(maxsize=None)(self._anchors)

    def _anchors(self, uri: str) -> frozenset[str] | None:
        """Every id of the rendered page uri (None for a generated index, whose ids the check does not know)."""
        if uri in self.items:
            kind, ident = self.items[uri]
            held = Slots()
            prose = getattr(self.handbook.items(kind)[ident], "body", "") or ""
            composed, _ = compose(self.handbook, kind, ident, prose, uri, uri.removesuffix(".md") + "/", held)
            return frozenset(held.anchor_ids(uri)) | self._markdown_ids(composed)
        return self._page_anchors(uri)

    def _page_anchors(self, uri: str) -> frozenset[str] | None:
        """Every id of the hand-written page uri: its Markdown's, and those of its macros' output."""
        path = f"docs/{uri}"
        if uri.split("/")[0] in self.generated_folders or not (self.root / path).is_file():
            return None
        try:
            body = read_page(path, self.root / path)[2]
        except SourceError:
            return frozenset()  # reported as the page's own problem
        text, held = without_template_code(body), set()
        if self.registry is not None:
            text = self.registry.rendered.get((uri, body.strip()), text)
            held = self.registry.slots.anchor_ids(uri)
        return self._markdown_ids(text) | held

    def _markdown_ids(self, text: str) -> frozenset[str]:
        """The ids Markdown gives a text's headings and attribute lists."""
        names = [name for name, _ in self.extensions]
        configs = {name: config for name, config in self.extensions if config}
        converted = markdown.Markdown(extensions=names, extension_configs=configs).convert(text)
        return frozenset(ANCHOR_ID.findall(converted))
