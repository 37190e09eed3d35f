"""What `mkdocs serve --dirty` keeps between rebuilds, so that a save renders only what it changed.

MkDocs keeps a plugin that has `on_startup` for the whole serve session and, with --dirty, does not clean the
site folder; a page whose File says it is not modified is neither read nor written. The plugin decides that from
the keys in handbook/render/changes.py, restores the title and meta of the pages it skips (the nav and the
neighbour links read them), removes pages that are gone, and re-indexes search in the background.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass
class Rendered:
    """A page as the last build that rendered it left it: what the nav and other pages read of it."""

    title: str | None
    meta: dict[str, Any]
    anchors: set[str] | None


class CompiledTemplates(BytecodeCache):
    """The theme's templates compiled once per session, not on every rebuild (Jinja compares each template's
    source with the one compiled before it uses the code)."""

    def __init__(self) -> None:
        self.held: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Hand Jinja the code compiled earlier in the session, if any."""
        if bucket.key in self.held:
            bucket.bytecode_from_string(self.held[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the code Jinja just compiled."""
        self.held[bucket.key] = bucket.bytecode_to_string()


class BackgroundIndex:
    """Runs the search indexing from a thread of its own, at low priority (the indexing process inherits it), after
    the page is served; a request made while it runs starts one more run when it ends."""

    def __init__(self) -> None:
        self.index: Callable[[], None] = lambda: None
        self.wanted = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def request(self, index: Callable[[], None]) -> None:
        """Index again soon, with index (the latest build's)."""
        with self.lock:
            self.index = index
            self.wanted.set()
            self.idle.clear()
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run, name="handbook-search", daemon=True)
                self.thread.start()

    def run(self) -> None:
        """Index while asked to; a failure is logged, never raised into the server."""
        lower_priority()
        while True:
            with self.lock:
                if not self.wanted.is_set():
                    self.idle.set()
                    return
                self.wanted.clear()
            try:
                self.index()
            except Exception as error:  # noqa: BLE001 - the preview keeps serving; the next save tries again
                logging.getLogger("mkdocs.plugins.handbook").warning("搜尋索引沒有更新：%s", error)

    def wait(self, timeout: float | None = None) -> bool:
        """Until no indexing is running or asked for (tests, and the end of a session)."""
        return self.idle.wait(timeout)


@dataclass
class Serving:
    """One serve session's memory: checked files, page keys, the pages rendered, the site's page files."""

    root: Path | None = None  # the project (MkDocs may hand this plugin another project's config in one process)
    memo: dict = field(default_factory=dict)  # handbook.checks / loading results by what they read
    dumps: dict = field(default_factory=dict)  # items' fields as data, by model object
    keys: dict[str, str] = field(default_factory=dict)  # page URI → its key at the last good build
    shared: str | None = None  # the shared key at the last good build
    pages: dict[str, Rendered] = field(default_factory=dict)  # page URI → what its last rendering left
    outputs: set[str] = field(default_factory=set)  # the page files of the last good build
    pending: tuple[dict[str, str], str, set[str]] | None = None  # this build's keys, until it succeeds
    rendering: set[str] = field(default_factory=set)  # the pages this build renders
    converted: dict = field(default_factory=dict)  # site file → digest of the bytes the Simplified copy was made from
    search: BackgroundIndex = field(default_factory=BackgroundIndex)
    compiled: CompiledTemplates = field(default_factory=CompiledTemplates)

    def forget(self) -> None:
        """After a failed build: render everything next time (the site folder may hold half of this one)."""
        self.keys, self.shared, self.pending, self.outputs = {}, None, None, set()


def lower_priority() -> None:
    """This thread (and the indexer it starts) yields the CPU to the next rebuild."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 15)
    except (AttributeError, OSError):
        pass


class WithoutDirtyWarning(logging.Filter):
    """Drops MkDocs' warning about dirty builds: under the handbook's serve they are exact, not approximate."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but that warning."""
        return DIRTY_WARNING not in record.getMessage()


def clear_page_folder(site_dir: Path, dest_uri: str) -> None:
    """Remove the files beside a page in its own folder (x/index.html: the other files in x/, not its
    subfolders, which hold other pages)."""
    folder = (site_dir / dest_uri).parent
    if dest_uri.endswith("/index.html") and folder.is_dir():
        for path in folder.iterdir():
            if path.is_file() and path.name != "index.html":
                path.unlink()


def remove_pages(site_dir: Path, gone: set[str]) -> None:
    """Delete the files of pages that no longer exist, with their attachments, and their folders once empty."""
    for relative in gone:
        clear_page_folder(site_dir, relative)
        path = site_dir / relative
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
