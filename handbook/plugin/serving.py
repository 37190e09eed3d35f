"""What `mkdocs serve --dirty` keeps between rebuilds, so that a save renders only what it changed.

MkDocs keeps a plugin that has `on_startup` for the whole serve session and, with --dirty, does not clean the
site folder; a page whose File says it is not modified is neither read nor written. The plugin decides that from
the keys in handbook/render/changes.py, restores the title and meta of the pages it skips (the nav and the
neighbour links read them), removes pages that are gone, and re-indexes search in the background.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirModifiedEvent, DirMovedEvent, FileCreatedEvent,
                             FileDeletedEvent, FileModifiedEvent, FileMovedEvent)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

log = logging.getLogger("mkdocs.plugins.handbook")
DIRTY_WARNING = "A 'dirty' build is being performed"
# What a save is, as polling sees it: system events also tell of files merely opened and closed (each build reads
# every source file: those would start the next build, for ever).
CHANGES = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent,
           DirCreatedEvent, DirDeletedEvent, DirModifiedEvent, DirMovedEvent]


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
    """Runs the search indexing command as a process of its own, from a thread, at low priority, after the page is
    served; a request made while it runs starts one more run when it ends.

    A rebuild pauses it (pause/resume): the two processors of a small machine are not two free cores, and a save
    rendered beside the indexing of the previous one took up to twice as long."""

    def __init__(self) -> None:
        self.command: list[str] = []
        self.wanted = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.paused = False

    def request(self, command: list[str]) -> None:
        """Index again soon, with command (the latest build's)."""
        with self.lock:
            self.command = command
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
                # A process group of its own: pause() stops it and the Pagefind processes it starts.
                self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                                text=True, start_new_session=True)
                if self.paused:
                    signal_group(self.process, STOP)
            output, _ = self.process.communicate()
            if self.process.returncode != 0:  # the preview keeps serving; the next save tries again
                log.warning("搜尋索引沒有更新：%s", output.strip()[-2000:])

    def pause(self) -> None:
        """Stop the indexing where it is, until resume()."""
        with self.lock:
            self.paused = True
            signal_group(self.process, STOP)

    def resume(self) -> None:
        """Let a paused indexing go on."""
        with self.lock:
            self.paused = False
            signal_group(self.process, CONTINUE)

    def wait(self, timeout: float | None = None) -> bool:
        """Until no indexing is running or asked for (tests, and the end of a session)."""
        return self.idle.wait(timeout)


STOP, CONTINUE = getattr(signal, "SIGSTOP", None), getattr(signal, "SIGCONT", None)  # None on Windows


def signal_group(process: subprocess.Popen | None, number: int | None) -> None:
    """Send a signal to a running process's group (the indexer and the Pagefind processes it started)."""
    if process is not None and number is not None and process.poll() is None:
        try:
            os.killpg(process.pid, number)
        except ProcessLookupError:
            pass


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


class SystemEvents:
    """The dev server's file watcher, through the system's file events (inotify, FSEvents, …).

    MkDocs polls every watched path, walking each folder twice a second: a save waited up to half a second before
    its rebuild began. A path the system cannot watch (inotify's limit reached) is still polled."""

    def __init__(self, polling: BaseObserver) -> None:
        self.polling = polling
        self.native = Observer()
        self.native.start()  # running already, so a folder it cannot watch fails in schedule(), not in the server
        self.owners: dict[ObservedWatch, BaseObserver] = {}

    def schedule(self, handler, path: str, *, recursive: bool = False) -> ObservedWatch:
        """Watch path through system events, or by polling where there are none."""
        try:
            observer = self.native
            watch = observer.schedule(handler, path, recursive=recursive, event_filter=CHANGES)
        except OSError as error:
            log.info("Polling %s (no file events: %s)", path, error)
            observer = self.polling
            watch = observer.schedule(handler, path, recursive=recursive)
        self.owners[watch] = observer
        return watch

    def unschedule(self, watch: ObservedWatch) -> None:
        """Stop watching what watch watches."""
        self.owners.pop(watch).unschedule(watch)

    def start(self) -> None:
        """Start polling (the system events run from the start)."""
        self.polling.start()

    def stop(self) -> None:
        """Stop both watchers."""
        self.native.stop()
        self.polling.stop()

    def join(self, timeout: float | None = None) -> None:
        """Wait for both watchers' threads to end."""
        self.native.join(timeout)
        if self.polling.is_alive():
            self.polling.join(timeout)


def watch_with_system_events(server) -> None:
    """Move the dev server's watched paths, those watched already and those to come, to system file events
    (MkDocs 1.6's LiveReloadServer: `observer`, `watch`, `unwatch`, and `_watched_paths`, the paths watched)."""
    watched = list(getattr(server, "_watched_paths", {}))
    events = SystemEvents(server.observer)
    for path in watched:
        server.unwatch(path)
    server.observer = events
    for path in watched:
        server.watch(path)


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
