"""`make serve` renders only what a save changed, and what it serves equals a clean build byte for byte.

A copy of the handbook goes through a scripted series of edits under the plugin's serve session (MkDocs keeps
the plugin between rebuilds; `--dirty` keeps the site folder). After each rebuild, and once search has been
indexed again in the background, every file of the served site (both editions, both search indexes) is compared
with a clean build of the same sources.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import ROOT
from handbook.content.kinds import REGISTRY
from handbook.content.scaffold import scaffold

IGNORE = shutil.ignore_patterns(".venv", "site", ".git", "test-artifacts", ".cache", "__pycache__", "bench-out")
SERVE_URL = "http://127.0.0.1:8000/"
PLAY = "playbooks/think-as-we.md"


class Session:
    """A serve session on a project: rebuild as `mkdocs serve --dirty` does, build clean for comparison."""

    def __init__(self, project: Path, served: Path):
        self.project, self.served = project, served
        config = self.config(served)
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugin = config.plugins["handbook"]

    def config(self, site: Path):
        """The project's config as serve loads it on every rebuild."""
        config = load_config(str(self.project / "mkdocs.yml"), site_dir=str(site))
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> set[str]:
        """One rebuild after a save; the pages it rendered."""
        build(self.config(self.served), serve_url=SERVE_URL, dirty=True)
        rendered = set(self.plugin.serving.rendering)
        assert self.plugin.serving.search.wait(300), "search was not indexed again"
        return rendered

    def clean(self, site: Path) -> None:
        """A clean build of the same sources (the plugin out of its serve session for it)."""
        serving, self.plugin.serving = self.plugin.serving, None
        try:
            build(self.config(site), serve_url=SERVE_URL, dirty=False)
        finally:
            self.plugin.serving = serving

    def close(self) -> None:
        self.plugin.on_shutdown()


CLEAN_BUILD_ONLY = {".handbook-pages.json"}  # the deploy renderer's list of pages: a clean build's, never serve's


def differences(served: Path, clean: Path) -> list[str]:
    """Files only in one site, or with other bytes."""
    first = {p.relative_to(served).as_posix() for p in served.rglob("*") if p.is_file()}
    second = {p.relative_to(clean).as_posix() for p in clean.rglob("*") if p.is_file()} - CLEAN_BUILD_ONLY
    found = [f"only served: {f}" for f in sorted(first - second)] + [f"only clean: {f}" for f in sorted(second - first)]
    return found + [f"differs: {f}" for f in sorted(first & second)
                    if (served / f).read_bytes() != (clean / f).read_bytes()]


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edits(project: Path):
    """The scripted saves: (what, the edit, the pages it renders, or None for every page)."""
    play = project / PLAY
    checklist = project / "checklists" / "project-kickoff.yml"
    label = re.search(r"label: (.+)", checklist.read_text(encoding="utf-8")).group(1)
    about = project / "docs" / "about-source.md"
    return [
        ("nothing", lambda: None, set()),
        ("a playbook's new pitfall", lambda: replace_once(play, "pitfalls:\n", "pitfalls:\n  - 會前沒有先對齊目標\n"),
         {PLAY}),
        ("a playbook's prose", lambda: replace_once(play, "\n## ", "\n補充一句說明。\n\n## "), {PLAY}),
        ("a playbook's title", lambda: replace_once(play, "title: ", "title: 新版"), None),
        ("a playbook's summary", lambda: replace_once(play, "summary: ", "summary: 先說結論："), None),
        ("a checklist item's label", lambda: replace_once(checklist, label, label + "（已更新）"), None),
        ("a new playbook", lambda: scaffold(project, "playbook", "weekly-sync", "每週面對面溝通"), None),
        ("the new playbook removed", lambda: (project / "playbooks" / "weekly-sync.md").unlink(), None),
        ("a hand-written page", lambda: replace_once(about, "\n## ", "\n多一段說明。\n\n## "), {"about-source.md"}),
    ]


@pytest.fixture
def session(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    opened = Session(project, tmp_path / "served")
    yield opened
    opened.close()


def test_each_save_renders_what_it_changed_and_serves_what_a_clean_build_writes(session, tmp_path):
    every_page = len(session.rebuild())
    assert every_page > 50
    for number, (what, edit, most) in enumerate(edits(session.project)):
        edit()
        rendered = session.rebuild()
        if most is None:
            assert len(rendered) >= every_page - 1, (what, len(rendered))
        else:
            assert rendered == most, (what, sorted(rendered))
        clean = tmp_path / f"clean-{number}"
        session.clean(clean)
        assert differences(session.served, clean) == [], what
