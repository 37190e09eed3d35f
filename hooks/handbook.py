"""MkDocs hook: load and validate the content, turn items into pages, derive the nav, date the pages,
then write the Simplified edition and index both editions for search (Pagefind)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

# The content package sits beside mkdocs.yml; mkdocs-macros imports it from there too.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.edition import SKIP_VARIABLE, write_simplified_edition  # noqa: E402
from macros.history import commit_dates, last_updated  # noqa: E402
from macros.item_pages import compose  # noqa: E402
from macros import slots  # noqa: E402
from macros.minify import collapse_whitespace  # noqa: E402
from macros.pages import INDEX_TITLES, all_pages, derive_nav  # noqa: E402
from macros.reviews import is_overdue  # noqa: E402
from macros.search import insert_search_box, write_search  # noqa: E402
from macros.sources import page_meta  # noqa: E402
from macros.state import ContentError, current_handbook  # noqa: E402

log = logging.getLogger("mkdocs.hooks.handbook")
_dates: dict[str, str] = {}
_build: dict = {}  # the handbook loaded and validated by this build's on_config
ITEM_KINDS = tuple(INDEX_TITLES)  # playbooks, checklists, cases, departments


def project_root(config) -> Path:
    """The repository root: where mkdocs.yml lives."""
    return Path(config.config_file_path).resolve().parent


@event_priority(100)
def on_config(config):
    """Stop on any content error."""
    root = project_root(config)
    try:
        handbook = current_handbook(root)
    except ContentError as error:
        raise PluginError(str(error)) from None
    _build["handbook"] = handbook  # this build's content: current_handbook() checks every file, once is enough
    _dates.clear()
    _dates.update(commit_dates(root))
    return config


def on_files(files: Files, config) -> Files:
    """Add a page for every item and index; point edit links at the real source files."""
    handbook = _build["handbook"]
    for file in files.documentation_pages():
        file.edit_uri = f"docs/{file.src_uri}"
    for page in all_pages(handbook):
        file = File.generated(config, page.uri, content=page.markdown)
        file.edit_uri = page.edit_path
        files.append(file)
    config.nav = derive_nav(handbook, weighted_docs(Path(config.docs_dir), files))
    return files


def weighted_docs(docs_dir: Path, files: Files) -> list[tuple[int, str]]:
    """Hand-written pages that declare a nav_weight in their front matter."""
    weighted = []
    for file in files.documentation_pages():
        if file.generated_by is None:
            weight = nav_weight(docs_dir / file.src_path)
            if weight is not None:
                weighted.append((weight, file.src_uri))
    return weighted


def nav_weight(path: Path) -> int | None:
    """A page's nav_weight, read from its front matter."""
    return page_meta(path).get("nav_weight")


def on_env(env, config, files):
    """Give the templates the filter that puts the handbook's search box into Material's header."""
    env.filters["with_search_box"] = insert_search_box
    return env


def on_page_markdown(markdown, page, config, files):
    """Build an item page around its prose; give every page its last-updated date and review state."""
    today = dt.date.today()
    source = page.file.edit_uri or f"docs/{page.file.src_uri}"
    page.meta["updated"] = last_updated(_dates, source, today.isoformat())
    review_by = page.meta.get("review_by")
    if review_by:
        page.meta["overdue"] = is_overdue(dt.date.fromisoformat(str(review_by)))
    if page.meta.get("hb_kind") in ITEM_KINDS:
        markdown = compose(_build["handbook"], page.meta["hb_kind"], page.meta["hb_id"], markdown,
                           page.file.src_uri, page.url, Path(config.site_dir), today)
    return markdown


def on_page_content(html, page, config, files):
    """Put the macros' blocks back into the converted page (see macros/slots.py)."""
    page.present_anchor_ids = (page.present_anchor_ids or set()) | slots.anchor_ids(page.file.src_uri)
    return slots.fill(page.file.src_uri, html)


@event_priority(50)  # after the tags plugin wrote its listings
def on_page_context(context, page, config, nav):
    """`search_lists: false` in a page's front matter keeps its lists out of the search index."""
    if page.meta.get("search_lists") is False:
        page.content = slots.lists_out_of_search(page.content)
    return context


def on_post_page(output, page, config):
    """Trim the theme's indentation (a third lighter, looks the same)."""
    return collapse_whitespace(output)


def on_pre_build(config):
    """Forget the previous build's held macro blocks (`serve` rebuilds in the same process)."""
    slots.forget_all()


@event_priority(-100)  # after every plugin wrote its files
def on_post_build(config):
    """Write the Simplified edition into site/zh-Hans, then index each edition for search."""
    site_dir = Path(config.site_dir)
    if not os.environ.get(SKIP_VARIABLE):
        log.info("Simplified edition written to %s", write_simplified_edition(site_dir))
    indexed = write_search(site_dir, _build["handbook"], Path(config.docs_dir))
    log.info("Search indexed %s", ", ".join(f"{count} pages in {edition}/" for edition, count in indexed.items()))
