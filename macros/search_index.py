"""The site's search runs in its own worker (overrides/assets/javascripts/handbook-search.js): this moves the documents there.

Material's search plugin writes search/search_index.json, which Material's page script downloads and parses on the
page's main thread before handing it to its worker. Here the documents move to search/search_docs.json, which the
handbook's worker downloads itself as soon as it starts; search_index.json keeps only the search config, so the page
no longer parses megabytes it does not use.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

INDEX = Path("search") / "search_index.json"
DOCS = Path("search") / "search_docs.json"
WORKER = "assets/javascripts/handbook-search.js"
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")


def use_handbook_worker(config_html: str) -> str:
    """Point the theme's config (the `config` block of base.html) at the handbook's search worker."""
    swapped, count = MATERIAL_WORKER.subn(WORKER, str(config_html))
    if count != 1:
        raise ValueError("Material's search worker is not named in the theme's config block; has Material changed?")
    return swapped


def move_documents(site_dir: Path) -> None:
    """Move the search documents from search_index.json to search_docs.json; leave the config where it was."""
    index = json.loads((site_dir / INDEX).read_text(encoding="utf-8"))
    (site_dir / DOCS).write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    stub = {"config": index["config"], "docs": []}
    (site_dir / INDEX).write_text(json.dumps(stub, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def search_documents(site_dir: Path) -> list[dict]:
    """The search documents of a built site (for tests and the benchmark)."""
    return json.loads((site_dir / DOCS).read_text(encoding="utf-8"))["docs"]
