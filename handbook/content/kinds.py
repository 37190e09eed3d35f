"""One registry of content kinds: what every layer needs to know of a kind, declared once.

Adding a kind is one entry here, its model (with `…Ref` types on the fields that name other items) and, if the
generic page is not enough, a page template (handbook/render/templates/). The loader, the cross-reference check,
the JSON Schemas, `make new-…`, the pages, the section indexes and the nav all read this registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from handbook.content.models import Case, Checklist, Department, Playbook, Strict


@dataclass(frozen=True)
class Kind:
    """A content kind: its folder (also its URL segment), its word for readers and editors, its model."""

    name: str  # folder, URL segment and Handbook attribute: "playbooks"
    label: str  # index title, nav section and error messages: 劇本
    model: type[Strict]
    suffix: str  # ".md": YAML front matter + Markdown prose; ".yml": YAML only
    id_field: str  # filled in from the file name
    nav_order: int  # where its section sits among the item sections
    title_field: str = "title"
    template: str | None = None  # page fragment above the prose; None: the generic item page (item.html)
    # Fields shown on the item's own page and nowhere else: a change to them rebuilds only that page under
    # `mkdocs serve` (tests/site/test_incremental.py compares such edits with a clean build, byte for byte).
    own_page_fields: frozenset[str] = frozenset({"body"})

    @property
    def singular(self) -> str:
        """The kind's name for one item: `make new-playbook`, templates/playbook.md."""
        return self.name.removesuffix("s")

    @property
    def has_body(self) -> bool:
        """Whether its files carry Markdown prose after the front matter."""
        return self.suffix == ".md"

    def source(self, ident: str) -> str:
        """The file an editor changes for one item."""
        return f"{self.name}/{ident}{self.suffix}"

    @property
    def starter(self) -> str:
        """The commented file `make new-…` copies."""
        return f"templates/{self.singular}{self.suffix}"


REGISTRY: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("departments", "部門", Department, ".yml", "id", nav_order=40, title_field="name"),
    Kind("playbooks", "劇本", Playbook, ".md", "slug", nav_order=10,
         own_page_fields=frozenset({"body", "pitfalls"})),
    Kind("checklists", "檢核表", Checklist, ".yml", "id", nav_order=20),
    Kind("cases", "案例", Case, ".md", "slug", nav_order=30),
)}


def kinds() -> list[Kind]:
    """Every kind, in loading order (departments first: the others name them)."""
    return list(REGISTRY.values())


def in_nav_order() -> list[Kind]:
    """Every kind, in the order of their nav sections."""
    return sorted(REGISTRY.values(), key=lambda kind: kind.nav_order)


def label(name: str) -> str:
    """A kind's word for readers and editors."""
    return REGISTRY[name].label
