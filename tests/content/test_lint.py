"""Content lint: Markdown style, Simplified characters in pages, scaffolding that builds at once."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.cli import main
from handbook.content.lint import simplified_page_problems
from handbook.content.loading import load

ROOT = Path(__file__).resolve().parents[2]


def test_markdown_lint_passes():
    result = subprocess.run([sys.executable, "-m", "pymarkdown", "--config", ".pymarkdown.json", "scan",
                             "docs", "playbooks", "cases", "CONTRIBUTING.md", "README.md"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_markdown_lint_catches_a_bad_page(tmp_path):
    page = tmp_path / "bad.md"
    page.write_text("# 標題\n\n\n\n內文\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pymarkdown", "--config", str(ROOT / ".pymarkdown.json"),
                             "scan", str(page)], capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "MD012" in result.stdout


def test_simplified_characters_in_a_page_are_found(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("# 標題\n\n这是简体。\n", encoding="utf-8")
    problems = [str(p) for p in simplified_page_problems(tmp_path)]
    assert problems == ["docs/page.md:3: 有簡體字：这、简、体"]


def test_hand_written_pages_are_traditional():
    assert list(simplified_page_problems(ROOT)) == []


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("departments", "playbooks", "checklists", "cases", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "glossary.yml", tmp_path)
    return tmp_path


@pytest.mark.parametrize("kind,folder,suffix", [("playbook", "playbooks", ".md"), ("checklist", "checklists", ".yml"),
                                                ("case", "cases", ".md"), ("department", "departments", ".yml")])
def test_scaffold_writes_a_valid_file(project, kind, folder, suffix):
    assert main(["--root", str(project), "new", kind, "weekly-sync", "每週面對面溝通"]) == 0
    written = project / folder / f"weekly-sync{suffix}"
    assert "每週面對面溝通" in written.read_text(encoding="utf-8")
    handbook, problems = load(project)
    assert problems == [], [str(p) for p in problems]


@pytest.mark.parametrize("slug,title,message", [
    ("Weekly Sync", "標題", "SLUG「Weekly Sync」只能用小寫英文、數字和連字號"),
    ("project-kickoff", "標題", "playbooks/project-kickoff.md 已經存在"),
    ("weekly", "", "TITLE 不可為空"),
    ("weekly", "<b>x</b>", "不可包含 HTML 標籤"),
])
def test_scaffold_refuses_bad_input(project, capsys, slug, title, message):
    before = sorted(p.name for p in (project / "playbooks").iterdir())
    assert main(["--root", str(project), "new", "playbook", slug, title]) == 1
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in (project / "playbooks").iterdir()) == before
