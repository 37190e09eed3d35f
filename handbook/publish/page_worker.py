"""What follows from each rendered page, written beside the build: MkDocs renders on one core, a process of its own
on the other writes each page's Simplified copy and what Pagefind will index of both editions.

A clean build's Simplified pages and search copies then cost little time after the last page (issue 18's build
ratios); the files are the ones write_simplified_edition and write_spaced_copy would write from the built site,
which they still do for any file the worker did not (the 404 page, assets, the data files). The pages' attached
files (agendas) get their Simplified copies here too. Pages and files go through one pipe, written by the build's
own thread (no helper thread to contend with it for the interpreter).
"""

from __future__ import annotations

import shutil
import tempfile
from multiprocessing import get_context
from multiprocessing.connection import Connection
from pathlib import Path, PurePosixPath

from handbook.publish.edition import SIMPLIFIED, is_converted, write_converted
from handbook.publish.search import copy_folder, write_indexed_part

END = b""
PAGE, FILE = "P", "F"  # what a payload holds: a page, or a file attached to one


class PageWorkerError(Exception):
    """The worker could not write what follows from a page."""


def follow_page(site_dir: Path, scratch: Path, packs: Path | None, relative: str, html: str) -> None:
    """Write what follows from one built page: its search copy; with packs, its Simplified page and that page's
    search copy."""
    write_indexed_part(html, copy_folder(scratch, 0) / relative)
    if packs is not None:
        converted = follow_file(site_dir, packs, relative, html)
        write_indexed_part(converted, copy_folder(scratch, 1) / relative)


def follow_file(site_dir: Path, packs: Path, relative: str, text: str) -> str:
    """Write the Simplified copy of a site file (a page, or a file attached to one); returns what it wrote."""
    destination = site_dir / SIMPLIFIED / relative
    destination.parent.mkdir(parents=True, exist_ok=True)
    if is_converted(PurePosixPath(relative)):
        return write_converted(PurePosixPath(relative), text, destination, packs)
    destination.write_bytes(text.encode("utf-8"))
    return text


def follow_pages(connection: Connection, site_dir: Path, scratch: Path, packs: Path | None) -> None:
    """The worker: follow each page and file received until the end; answer those followed, or the first failure
    (the ones after it are read and dropped, so the build is never left waiting on a full pipe)."""
    followed: set[str] = set()
    failure = None
    while (payload := connection.recv_bytes()) != END:
        kind, relative, text = payload.decode("utf-8").split("\0", 2)
        if failure is None:
            try:
                if kind == PAGE:
                    follow_page(site_dir, scratch, packs, relative, text)
                elif packs is not None:
                    follow_file(site_dir, packs, relative, text)
                followed.add(relative)
            except Exception as error:  # noqa: BLE001 - reported to the build, which stops with it
                failure = f"{relative}: {type(error).__name__}: {error}"
    connection.send((followed, failure))


class PageWorker:
    """One process that follows the pages of a clean build as MkDocs writes them."""

    def __init__(self, site_dir: Path, packs: Path | None):
        """packs: the theme's language packs when the Simplified edition is written, else None. The search copies
        go to a scratch folder of the worker's own (write_search empties it)."""
        self.scratch = scratch = Path(tempfile.mkdtemp(prefix="handbook-search-"))
        shutil.rmtree(site_dir / SIMPLIFIED, ignore_errors=True)  # no page of an earlier build stays
        context = get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=follow_pages, args=(child, site_dir, scratch, packs), daemon=True)
        self.process.start()
        child.close()

    def follow(self, relative: str, html: str) -> None:
        """Hand the worker a page as MkDocs will write it (relative to the site)."""
        self.connection.send_bytes(f"{PAGE}\0{relative}\0{html}".encode("utf-8"))

    def follow_file(self, relative: str, text: str) -> None:
        """Hand the worker a file attached to a page, as written (relative to the site)."""
        self.connection.send_bytes(f"{FILE}\0{relative}\0{text}".encode("utf-8"))

    def finish(self) -> set[str]:
        """Wait for every page handed over; the pages followed."""
        try:
            self.connection.send_bytes(END)
            followed, failure = self.connection.recv()
        except (EOFError, OSError) as error:
            raise PageWorkerError(f"the page worker stopped: {error!r}") from None
        finally:
            self.close()
        if failure:
            raise PageWorkerError(failure)
        return followed

    def abandon(self) -> None:
        """Stop the worker and remove its search copies (the build failed, or indexes no search)."""
        self.close()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def close(self) -> None:
        """Stop the worker (pages not yet followed are dropped)."""
        self.connection.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
