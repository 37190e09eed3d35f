"""MkDocs hook: check the content as `make check` does, turn items into pages, derive the nav, date the pages,
sanitise what editors wrote, then write the Simplified edition and index both editions for search (Pagefind).

Editors' files are data: item prose is never a template, hand-written pages' macro calls run in a sandbox
(macros/sandbox.py), and every page's converted Markdown passes an allow-list sanitiser before the handbook's
own blocks are put back.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path

import material
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

# The content package sits beside mkdocs.yml.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import define_env  # noqa: E402
from handbook.render import rendering, slots  # noqa: E402
from handbook.checks import allowed_link_hosts, check_all  # noqa: E402
from handbook.publish.edition import SKIP_VARIABLE, write_simplified_edition  # noqa: E402
from handbook.content.history import commit_dates, last_updated  # noqa: E402
from handbook.render.item_pages import compose  # noqa: E402
from handbook.content.loading import is_backup  # noqa: E402
from handbook.publish.minify import collapse_whitespace  # noqa: E402
from handbook.render.pages import all_pages, derive_nav, item_order, rank, tag_order  # noqa: E402
from handbook.content.reviews import is_overdue  # noqa: E402
from handbook.render.sandbox import MacroPageError, MacroRegistry, calls_macros, render_page  # noqa: E402
from handbook.publish.sanitize import clean_html  # noqa: E402
from handbook.publish.search import insert_search_box, write_search  # noqa: E402
from handbook.content.sources import page_meta  # noqa: E402

log = logging.getLogger("mkdocs.hooks.handbook")
# Material's own strings per language: the Simplified edition takes the theme's words from its zh pack.
THEME_LANGUAGE_PACKS = Path(material.__file__).parent / "templates" / "partials" / "languages"
_dates: dict[str, str] = {}
_build: dict = {}  # this build's handbook, page macros and allowed link hosts, set by on_config


def project_root(config) -> Path:
    """The repository root: where mkdocs.yml lives."""
    return Path(config.config_file_path).resolve().parent


@event_priority(100)
def on_config(config):
    """Stop on anything `make check` refuses."""
    root = project_root(config)
    registry = MacroRegistry(conf={"config_file_path": config.config_file_path, "site_dir": config.site_dir})
    define_env(registry)
    handbook, problems = check_all(root, registry)
    if handbook is None:
        errors = [p for p in problems if p.severity == "error"]
        raise PluginError(f"內容有 {len(errors)} 個錯誤（make check 會列出同樣的清單）：\n"
                          + "\n".join(p.with_hint() for p in errors))
    _build.update(handbook=handbook, macros=registry, hosts=allowed_link_hosts(root))
    _dates.clear()
    _dates.update(commit_dates(root))
    order_tags(config, handbook)
    return config


def order_tags(config, handbook) -> None:
    """Material's tags plugin shows tags in the handbook's order (phase, departments, kind), not by name, and lists
    a tag's pages in the nav's order."""
    plugin = config.plugins.get("material/tags")
    if plugin is None:
        return
    tags, items = tag_order(handbook), item_order(handbook)
    plugin.config["tags_sort_by"] = lambda tag, *_: rank(tags, tag.name)
    plugin.config["listings_tags_sort_by"] = lambda tag, *_: rank(tags, tag.name)
    plugin.config["listings_sort_by"] = lambda mapping: rank(items, mapping.item.url.strip("/"))


def unpublishable(file: File) -> bool:
    """Editors' backup files and symlinks are never published (make check flags them)."""
    return is_backup(Path(file.src_uri).name) or bool(file.abs_src_path and Path(file.abs_src_path).is_symlink())


def on_files(files: Files, config) -> Files:
    """Add a page for every item and index; point edit links at the real source files."""
    handbook = _build["handbook"]
    for file in [f for f in files if unpublishable(f)]:
        files.remove(file)
    for file in files.documentation_pages():
        file.edit_uri = f"docs/{file.src_uri}"
    for page in all_pages(handbook):
        file = File.generated(config, page.uri, content=page.markdown)
        file.edit_uri = page.edit_path
        files.append(file)
    config.nav = derive_nav(handbook, weighted_docs(Path(config.docs_dir), files))
    return files


def weighted_docs(docs_dir: Path, files: Files) -> list[tuple[int, str, str]]:
    """Hand-written pages that declare a nav_weight in their front matter: (weight, URI, title)."""
    weighted = []
    for file in files.documentation_pages():
        if file.generated_by is None:
            meta = page_meta(docs_dir / file.src_path)
            if meta.get("nav_weight") is not None:
                weighted.append((meta["nav_weight"], file.src_uri, str(meta.get("title") or file.src_uri)))
    return weighted


def on_env(env, config, files):
    """Give the templates the filter that puts the handbook's search box into Material's header."""
    env.filters["with_search_box"] = insert_search_box
    return env


def on_page_markdown(markdown, page, config, files):
    """Build generated pages from the items; run hand-written pages' macro calls in the sandbox; date every page."""
    today = dt.date.today()
    source = page.file.edit_uri or f"docs/{page.file.src_uri}"
    page.meta["updated"] = last_updated(_dates, source, today.isoformat())
    review_by = page.meta.get("review_by")
    if review_by:
        page.meta["overdue"] = is_overdue(dt.date.fromisoformat(str(review_by)))
    if page.file.generated_by is not None:
        return generated_markdown(markdown, page, config)
    if calls_macros(markdown):
        try:
            return render_page(_build["macros"].at(page.file.src_uri, page.url), f"docs/{page.file.src_uri}",
                               markdown, body_line(page.file.abs_src_path, markdown))
        except MacroPageError as error:
            raise PluginError(f"{error}\n    提示：{error.hint}") from None
    return markdown


def generated_markdown(markdown: str, page, config) -> str:
    """An item page (generated parts around the editor's prose, never a template) or a section index."""
    kind, ident = page.meta.get("hb_kind"), page.meta.get("hb_id")
    handbook = _build["handbook"]
    if kind == "index":  # HTML blocks held; the headings between them are Markdown's (they feed the toc)
        index = rendering.fragment(f"{ident[:-1]}_index.html", handbook, rendering.Linker(page.url))
        return slots.hold(page.file.src_uri, index)
    return compose(handbook, kind, ident, markdown, page.file.src_uri, page.url, Path(config.site_dir),
                   dt.date.today())


def body_line(abs_src_path: str, markdown: str) -> int:
    """The line of the source file where a page's Markdown (after its front matter) starts."""
    text = Path(abs_src_path).read_text(encoding="utf-8")
    start = text.find(markdown[:200])
    return text.count("\n", 0, start) + 1 if start > 0 else 1


def on_page_content(html, page, config, files):
    """Sanitise what editors wrote (allow-list); then put the handbook's own blocks back (see macros/slots.py)."""
    html = clean_html(html, _build["hosts"])
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
        log.info("Simplified edition written to %s", write_simplified_edition(site_dir, THEME_LANGUAGE_PACKS))
    indexed = write_search(site_dir, _build["handbook"], Path(config.docs_dir))
    log.info("Search indexed %s", ", ".join(f"{count} pages in {edition}/" for edition, count in indexed.items()))
