"""The page worker (handbook/publish/page_worker.py): what it writes beside a clean build is what the Simplified
edition and the search copies would be if written from the built site afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.plugin import theme
from handbook.publish.edition import SIMPLIFIED, write_simplified_edition
from handbook.publish.page_worker import PageWorker, PageWorkerError
from handbook.publish.search import copy_folder, edition_pages, write_spaced_copy


def files(folder: Path) -> dict[str, bytes]:
    """Every file under folder by its relative path, with its bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def traditional_site(site: Path, target: Path) -> Path:
    """A copy of the built site's Traditional edition (no Simplified edition, no search bundles)."""
    for path in site.rglob("*"):
        relative = path.relative_to(site)
        # .handbook-pages.json: the deploy renderer's list of pages, written after both editions
        if path.is_file() and relative.parts[0] not in (SIMPLIFIED, "pagefind", ".handbook-pages.json"):
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            (target / relative).write_bytes(path.read_bytes())
    return target


def test_the_worker_writes_what_the_edition_and_the_search_copies_would_be(site, tmp_path):
    followed_site = traditional_site(site, tmp_path / "followed")
    after_site = traditional_site(site, tmp_path / "after")
    worker = PageWorker(followed_site, theme.LANGUAGE_PACKS)
    pages = sorted(edition_pages(followed_site))
    attached = sorted(followed_site.glob("*/*/agenda-*.*"))  # the agendas attached to item pages
    for page in pages:
        worker.follow(page.relative_to(followed_site).as_posix(), page.read_text(encoding="utf-8"))
    for file in attached:
        worker.follow_file(file.relative_to(followed_site).as_posix(), file.read_bytes().decode("utf-8"))
    followed = worker.finish()
    assert len(followed) == len(pages) + len(attached) and len(pages) > 50 and len(attached) > 10
    write_simplified_edition(followed_site, theme.LANGUAGE_PACKS, followed)  # the files that are not pages

    write_simplified_edition(after_site, theme.LANGUAGE_PACKS)
    assert files(followed_site) == files(after_site)
    built = {name: data for name, data in files(site / SIMPLIFIED).items() if not name.startswith("pagefind/")}
    assert files(followed_site / SIMPLIFIED) == built  # as the plugin's build wrote it
    for n, edition in enumerate((after_site, after_site / SIMPLIFIED)):
        write_spaced_copy(edition, tmp_path / f"copy-{n}")
        assert files(copy_folder(worker.scratch, n)) == files(tmp_path / f"copy-{n}")
        assert len(files(tmp_path / f"copy-{n}")) > 50


def test_a_page_the_worker_cannot_write_stops_the_build_with_its_name(tmp_path):
    worker = PageWorker(tmp_path / "site", None)
    copy_folder(worker.scratch, 0).write_text("a file where the copies' folder should be")
    page = '<html lang="zh-TW"><body><article><div data-pagefind-body>續保</div></article></body></html>'
    for n in range(300):  # far more than a pipe holds: the worker keeps reading after the failure
        worker.follow(f"playbooks/p{n}/index.html", page)
    with pytest.raises(PageWorkerError, match="playbooks/p0/index.html"):
        worker.finish()
    assert not worker.process.is_alive()
    worker.abandon()
    assert not worker.scratch.exists()
