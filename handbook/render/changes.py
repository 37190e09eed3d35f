"""What a rebuild under `mkdocs serve` must render again: every page's inputs reduced to a key.

A page is rendered again when its own key changed, or when the key of what every page shows changed (the nav,
every item's fields but those shown on its own page alone, the glossary, the hand-written pages' front matter, the
dates, the theme). A playbook's new pitfall re-renders its page alone; its new title re-renders every page (the
nav shows it). A hand-written page's macros draw on the handbook, which the shared key covers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from handbook.content.handbook import Handbook
from handbook.content.kinds import REGISTRY, kinds
from handbook.content.memo import bytes_key, per_object
from handbook.render.pages import PageSource


def digest(value: Any) -> str:
    """A short, stable key of JSON-able data."""
    return bytes_key(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))


def item_dump(item: Any, exclude: frozenset[str], cache: dict) -> Any:
    """An item's fields as JSON data (cached per model object: unchanged files keep their models)."""
    return per_object(cache, ("fields", exclude), item, lambda: item.model_dump(mode="json", exclude=set(exclude)))


def shared_key(handbook: Handbook, nav: Any, extra: Iterable[Any], cache: dict) -> str:
    """What any page may show: the nav, every item without its own-page fields, the glossary, and extra (dates,
    today, the theme's files)."""
    faces = [(kind.name, ident, item_dump(item, kind.own_page_fields, cache))
             for kind in kinds() for ident, item in handbook.items(kind.name).items()]
    terms = [term.model_dump(mode="json") for term in handbook.terms]
    return digest([nav, faces, terms, list(extra)])


def item_of(handbook: Handbook, uri: str) -> Any | None:
    """The item a generated page shows (playbooks/x.md → the playbook x), or None for an index or list page."""
    folder, _, name = uri.partition("/")
    kind = REGISTRY.get(folder)
    return handbook.items(folder).get(name.removesuffix(".md")) if kind and "/" not in name else None


def generated_keys(handbook: Handbook, pages: list[PageSource], cache: dict) -> dict[str, str]:
    """Each generated page's own key: its Markdown and all of its item's fields (kept per model object)."""
    keys = {}
    for page in pages:
        item = item_of(handbook, page.uri)
        if item is None:  # an index or a later list page: its Markdown says which
            keys[page.uri] = digest([page.markdown, None])
        else:
            keys[page.uri] = per_object(cache, ("key", page.markdown), item, lambda: digest(
                [page.markdown, item_dump(item, frozenset(), cache)]))
    return keys


def written_key(path: Path) -> str:
    """A hand-written page's own key: its file's bytes. Its macros show the handbook through the shared key:
    no macro shows an item's own-page fields."""
    return bytes_key(path.read_bytes())


def files_key(folders: Iterable[Path]) -> list[tuple[str, int, int]]:
    """Every file under folders by name, size and modification time (the theme's overrides, the templates)."""
    return sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns)
                  for folder in folders if folder.is_dir() for p in folder.rglob("*") if p.is_file())


def to_render(keys: dict[str, str], previous: dict[str, str], shared: str, previous_shared: str | None) -> set[str]:
    """The pages to render again: all when the shared key changed, else those whose own key changed."""
    if shared != previous_shared:
        return set(keys)
    return {uri for uri, key in keys.items() if previous.get(uri) != key}
