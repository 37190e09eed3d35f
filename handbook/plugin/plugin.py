"""The handbook's MkDocs plugin: check the content as `make check` does, turn items into pages, derive the nav,
date the pages, sanitise what editors wrote, then write the Simplified edition and index both editions (Pagefind).

Editors' files are data: item prose is never a template, hand-written pages' macro calls run in a sandbox
(handbook/render/sandbox.py), and every page's converted Markdown passes an allow-list sanitiser before the
handbook's own blocks are put back. The plugin holds one build's state, made fresh in on_config. Under
`mkdocs serve --dirty` it also keeps what the next rebuild needs (serving.py): checked files by their bytes, and
each page's inputs, so a save renders only the pages it changed.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from handbook.checks import check_all
from handbook.content.handbook import Handbook
from handbook.content.kinds import REGISTRY
from handbook.content.history import commit_dates, last_updated
from handbook.content.loading import is_backup
from handbook.content.reading import internal_problem
from handbook.content.reviews import is_overdue
from handbook.content.sources import page_meta
from handbook.plugin import theme
from handbook.plugin.config import HandbookConfig
from handbook.plugin.serving import (Rendered, Serving, WithoutDirtyWarning, clear_page_folder, remove_pages,
                                     watch_with_system_events)
from handbook.publish.manifest import write_manifest
from handbook.publish.edition import SIMPLIFIED, SKIP_VARIABLE, update_simplified_edition, write_simplified_edition
from handbook.publish.page_worker import PageWorker
from handbook.publish.minify import collapse_whitespace
from handbook.publish.sanitize import clean_html
from handbook.publish.search import BUNDLE_FOLDERS, indexing_command, write_search
from handbook.render import rendering
from handbook.render.changes import files_key, generated_keys, shared_key, to_render, written_key
from handbook.render.item_pages import compose, write_attachments
from handbook.render.pages import all_pages, derive_nav, tag_chips
from handbook.render.redirects import redirect_page, redirects
from handbook.render.sandbox import MacroPageError, MacroRegistry, calls_macros, render_page
from handbook.render.slots import lists_out_of_search
from handbook.sync.settings import sync_settings_problem
from macros import define_env

log = logging.getLogger("mkdocs.plugins.handbook")


def last_resort(event):
    """A page event's unexpected failure stops the build as `file: 內部錯誤…` with a hint, never a traceback."""
    @functools.wraps(event)
    def guarded(self, *args, **kwargs):
        try:
            return event(self, *args, **kwargs)
        except PluginError:
            raise
        except Exception as error:
            page = kwargs.get("page")
            path = (page.file.edit_uri or f"docs/{page.file.src_uri}") if page is not None else None
            raise PluginError(internal_problem(error, path).with_hint()) from None
    return guarded


@dataclass(frozen=True)
class Build:
    """One build's state: the checked handbook, the pages' macros (and their held blocks), the hosts links may
    go to, and each source file's last commit date."""

    handbook: Handbook
    macros: MacroRegistry
    hosts: tuple[str, ...]
    dates: dict[str, str]


class HandbookPlugin(BasePlugin[HandbookConfig]):
    """Routes MkDocs' events to the handbook's layers; nothing global."""

    def __init__(self) -> None:
        self.build: Build | None = None
        self.serving: Serving | None = None
        self.worker: PageWorker | None = None
        self.written_pages: set[str] = set()  # a clean build's pages, for the nginx renderer's manifest

    def on_startup(self, *, command, dirty):
        """`mkdocs serve --dirty` (make serve): keep what rebuilds need; MkDocs keeps this plugin for the session."""
        self.serving = Serving() if command == "serve" and dirty else None
        if self.serving:
            logging.getLogger("mkdocs.commands.build").addFilter(WithoutDirtyWarning())

    def on_serve(self, server, config, builder):
        """`make serve`: the server hears a save from the system's file events, not its next walk of the files."""
        if self.serving:
            watch_with_system_events(server)
        return server

    def on_shutdown(self):
        """Let a running search indexing finish; forget the session."""
        if self.serving:
            self.serving.search.resume()
            self.serving.search.wait(120)
        self.serving = None

    @event_priority(100)
    def on_config(self, config):
        """Stop on anything `make check` refuses; otherwise start this build's state. Under serve, the search
        indexing of the previous save waits while this one is rendered."""
        if self.serving:
            self.serving.search.pause()
        root = Path(config.config_file_path).resolve().parent
        sync_problem = sync_settings_problem(config.extra.get("sync"))
        if sync_problem:
            raise PluginError(sync_problem)
        registry = MacroRegistry(conf={"config_file_path": config.config_file_path, "site_dir": config.site_dir})
        define_env(registry)
        if self.serving and self.serving.root != root:
            self.serving = Serving(root=root)
        memo = self.serving.memo if self.serving else None
        # Under serve the pages' macros run when their page is rendered (an error there stops the rebuild too).
        handbook, problems = check_all(root, registry, tuple(self.config.allowed_link_hosts), memo,
                                       run_macros=not self.serving)
        if handbook is None:
            errors = [p for p in problems if p.severity == "error"]
            raise PluginError(f"內容有 {len(errors)} 個錯誤（make check 會列出同樣的清單）：\n"
                              + "\n".join(p.with_hint() for p in errors))
        self.build = Build(handbook, registry, tuple(host.lower() for host in self.config.allowed_link_hosts),
                           commit_dates(root))
        return config

    def on_pre_build(self, config):
        """A clean build: start the page worker, which writes each page's Simplified copy and search copies
        beside the rendering (handbook/publish/page_worker.py)."""
        self.written_pages = set()
        if not self.serving and (self.config.search or self.simplified):
            self.worker = PageWorker(Path(config.site_dir), theme.LANGUAGE_PACKS if self.simplified else None)

    @property
    def simplified(self) -> bool:
        """Whether this build writes the Simplified edition."""
        return self.config.simplified and not os.environ.get(SKIP_VARIABLE)

    @last_resort
    def on_files(self, files: Files, config) -> Files:
        """Add a page for every item and index; point edit links at the real source files."""
        for file in [f for f in files if unpublishable(f)]:
            files.remove(file)
        for file in files.documentation_pages():
            file.edit_uri = f"docs/{file.src_uri}"
        pages = all_pages(self.build.handbook)
        for page in pages:
            file = File.generated(config, page.uri, content=page.markdown)
            file.edit_uri = page.edit_path
            files.append(file)
        self.add_redirects(files, config)
        docs_meta = written_meta(Path(config.docs_dir), files)
        config.nav = derive_nav(self.build.handbook, weighted_docs(docs_meta))
        if self.serving:
            self.plan_rendering(files, pages, docs_meta, config)
        return files

    def add_redirects(self, files: Files, config) -> None:
        """A static page at each playbook's old address (previous_ids), listed with the pages the build wrote."""
        for redirect in redirects(self.build.handbook):
            files.append(File.generated(config, redirect.uri, content=redirect_page(redirect)))
            self.written_pages.add(redirect.uri)

    def plan_rendering(self, files: Files, pages, docs_meta: dict[str, dict], config) -> None:
        """Under serve: mark the pages whose inputs did not change since the last good build as not modified
        (MkDocs then neither reads nor writes them)."""
        serving, handbook = self.serving, self.build.handbook
        keys = generated_keys(handbook, pages, serving.dumps)
        written = [f for f in files.documentation_pages() if f.generated_by is None]
        keys.update({f.src_uri: written_key(Path(f.abs_src_path)) for f in written})
        theme_files = files_key([Path(config.theme.custom_dir or "."), rendering.TEMPLATES])
        config_text = Path(config.config_file_path).read_text(encoding="utf-8")
        shared = shared_key(handbook, config.nav, [self.build.dates, dt.date.today().isoformat(), theme_files,
                                                   config_text, sorted(docs_meta.items())], serving.dumps)
        site_dir = Path(config.site_dir)
        pages_now = files.documentation_pages()
        chosen = to_render(keys, serving.keys, shared, serving.shared)
        chosen |= {f.src_uri for f in pages_now if not (site_dir / f.dest_uri).exists()}
        serving.rendering = chosen
        serving.pending = (keys, shared, {f.dest_uri for f in pages_now})
        for file in pages_now:
            file.is_modified = (lambda uri=file.src_uri: uri in chosen)

    @last_resort
    def on_nav(self, nav, config, files):
        """Under serve: a page that is not rendered again keeps the title and meta its last rendering gave it
        (the nav, the neighbour links and the anchor checks read them)."""
        if self.serving:
            for file in files.documentation_pages():
                held = self.serving.pages.get(file.src_uri)
                if file.src_uri not in self.serving.rendering and held and file.page is not None:
                    file.page.title, file.page.meta = held.title, dict(held.meta)
                    file.page.present_anchor_ids = held.anchors
        return nav

    @last_resort
    def on_env(self, env, config, files):
        """Give the templates the filter that puts the handbook's search box into Material's header; JSON in pages
        keeps its characters (\\uXXXX escapes tripled the search box's strings, on every page)."""
        env.filters["with_search_box"] = theme.insert_search_box
        theme.unescaped_json(env)
        if self.serving:
            env.bytecode_cache = self.serving.compiled
        return env

    def on_pre_page(self, page, config, files):
        """Under serve: a page rendered again starts from an empty folder (no attachment of its earlier rendering,
        such as an agenda named by its old contents, stays behind)."""
        if self.serving:
            clear_page_folder(Path(config.site_dir), page.file.dest_uri)
        return page

    @last_resort
    def on_page_markdown(self, markdown, page, config, files):
        """Build generated pages from the items; run hand-written pages' macro calls in the sandbox; date every
        page."""
        source = page.file.edit_uri or f"docs/{page.file.src_uri}"
        page.meta["updated"] = last_updated(self.build.dates, source, dt.date.today().isoformat())
        review_by = page.meta.get("review_by")
        if review_by:
            page.meta["overdue"] = is_overdue(dt.date.fromisoformat(str(review_by)))
        if page.file.generated_by is not None:
            return self.generated_markdown(markdown, page, config)
        if not calls_macros(markdown):
            return markdown
        checked = self.build.macros.rendered.pop((page.file.src_uri, markdown.strip()), None)
        if checked is not None:  # the checks in on_config ran this page's macros on the same text
            return checked
        try:
            return render_page(self.build.macros.at(page.file.src_uri, page.url), f"docs/{page.file.src_uri}",
                               markdown, body_line(page.file.abs_src_path, markdown))
        except MacroPageError as error:
            raise PluginError(f"{error}\n    提示：{error.hint}") from None

    def generated_markdown(self, markdown: str, page, config) -> str:
        """An item page (generated parts around the editor's prose, never a template) or a section index."""
        kind, ident = page.meta.get("hb_kind"), page.meta.get("hb_id")
        handbook, slots = self.build.handbook, self.build.macros.slots
        if kind == "index":  # HTML blocks held; the headings between them are Markdown's (they feed the toc)
            index = rendering.index_fragment(handbook, rendering.Linker(page.url), REGISTRY[ident])
            return slots.hold(page.file.src_uri, index)
        if kind == "list":  # a later page of a long list (handbook/render/listing.py)
            listing = rendering.listing_page(handbook, rendering.Linker(page.url), ident, page.meta["hb_page"])
            return slots.hold(page.file.src_uri, listing)
        composed, attached = compose(handbook, kind, ident, markdown, page.file.src_uri, page.url, slots)
        self.attach(Path(config.site_dir), Path(config.site_dir) / page.url, attached)
        return composed

    def attach(self, site_dir: Path, folder: Path, files: dict[str, str]) -> None:
        """Write a page's attached files (agendas) into folder; in a clean build the page worker writes their
        Simplified copies beside the rendering."""
        write_attachments(folder, files)
        if self.worker and self.simplified:
            for name, content in files.items():
                self.worker.follow_file((folder / name).relative_to(site_dir).as_posix(), content)

    @last_resort
    def on_page_content(self, html, page, config, files):
        """Sanitise what editors wrote (allow-list); then put the handbook's own blocks back."""
        slots = self.build.macros.slots
        html = clean_html(html, self.build.hosts)
        page.present_anchor_ids = (page.present_anchor_ids or set()) | slots.anchor_ids(page.file.src_uri)
        for folder, attached in self.build.macros.attachments.pop(page.file.src_uri, []):
            self.attach(Path(config.site_dir), Path(folder), attached)
        return slots.fill(page.file.src_uri, html)

    @last_resort
    def on_page_context(self, context, page, config, nav):
        """An item's tags link to where its kind is listed under them (Material's tag partial reads `tags`);
        `search_lists: false` in a page's front matter keeps its lists out of the search index."""
        if page.meta.get("tags") and page.meta.get("hb_kind"):
            context["tags"] = tag_chips(self.build.handbook, page.meta["tags"], page.meta["hb_kind"])
        if page.meta.get("search_lists") is False:
            page.content = lists_out_of_search(page.content)
        return context

    @last_resort
    def on_post_page(self, output, page, config):
        """Trim the theme's indentation (a third lighter, looks the same), name the footer's links by their text;
        under serve, remember the page."""
        if self.serving:
            self.serving.pages[page.file.src_uri] = Rendered(page.title, dict(page.meta), page.present_anchor_ids)
        output = collapse_whitespace(theme.footer_links_named_by_their_text(output))
        if output.strip():  # MkDocs writes no file for an empty page
            self.written_pages.add(page.file.dest_uri)
            if self.worker:
                self.worker.follow(page.file.dest_uri, output)
        return output

    @event_priority(-100)  # after every plugin wrote its files
    @last_resort
    def on_post_build(self, config):
        """Write the Simplified edition into site/zh-Hans while the Traditional one is indexed for search, then
        index it."""
        if self.serving:
            return self.after_rebuild(Path(config.site_dir), Path(config.docs_dir))
        site_dir = Path(config.site_dir)
        pages = [*self.written_pages, *(name for name in config.theme.static_templates if name.endswith(".html"))]
        self.write_editions(site_dir, config)
        # Last, so the Simplified edition does not copy it: the list of pages the nginx renderer trusts.
        write_manifest(site_dir, pages, [SIMPLIFIED] if self.simplified else [])

    def write_editions(self, site_dir: Path, config) -> None:
        """A clean build's Simplified edition and search indexes."""
        worker, self.worker = self.worker, None
        written = worker.finish() if worker else set()

        def write_simplified() -> None:
            if self.simplified:
                target = write_simplified_edition(site_dir, theme.LANGUAGE_PACKS, written)
                log.info("Simplified edition written to %s", target)

        if not self.config.search:
            if worker:
                worker.abandon()
            return write_simplified()
        indexed = write_search(site_dir, self.build.handbook, Path(config.docs_dir), meanwhile=write_simplified,
                               scratch=worker.scratch if worker else None, written=written)
        log.info("Search indexed %s", ", ".join(f"{n} pages in {edition}/" for edition, n in indexed.items()))

    def after_rebuild(self, site_dir: Path, docs_dir: Path) -> None:
        """Under serve: remove pages that are gone, bring the Simplified edition up to date file by file, and
        index search again in the background (the changed page is served before its index is ready)."""
        serving = self.serving
        keys, shared, outputs = serving.pending
        remove_pages(site_dir, serving.outputs - outputs)
        serving.keys, serving.shared, serving.outputs, serving.pending = keys, shared, outputs, None
        log.info("Rendered %d of %d pages", len(serving.rendering), len(keys))
        if self.simplified:
            update_simplified_edition(site_dir, theme.LANGUAGE_PACKS, BUNDLE_FOLDERS, serving.converted)
        serving.search.resume()
        if self.config.search:
            serving.search.request(indexing_command(site_dir, serving.root, docs_dir))

    def on_build_error(self, error):
        """Stop the page worker; under serve, a failed rebuild leaves the next one to render everything."""
        if self.worker:
            self.worker.abandon()
            self.worker = None
        if self.serving:
            self.serving.search.resume()
            self.serving.forget()


def unpublishable(file: File) -> bool:
    """Editors' backup files and symlinks are never published (make check flags them)."""
    return is_backup(Path(file.src_uri).name) or bool(file.abs_src_path and Path(file.abs_src_path).is_symlink())


def written_meta(docs_dir: Path, files: Files) -> dict[str, dict]:
    """The front matter of every hand-written page, by its URI."""
    return {file.src_uri: page_meta(docs_dir / file.src_path)
            for file in files.documentation_pages() if file.generated_by is None}


def weighted_docs(docs_meta: dict[str, dict]) -> list[tuple[int, str, str]]:
    """Hand-written pages that declare a nav_weight in their front matter: (weight, URI, title)."""
    return [(meta["nav_weight"], uri, str(meta.get("title") or uri))
            for uri, meta in docs_meta.items() if meta.get("nav_weight") is not None]


def body_line(abs_src_path: str, markdown: str) -> int:
    """The line of the source file where a page's Markdown (after its front matter) starts."""
    text = Path(abs_src_path).read_text(encoding="utf-8")
    start = text.find(markdown[:200])
    return text.count("\n", 0, start) + 1 if start > 0 else 1
