"""Loader and model: every bad contribution gives its exact message, stops the load and changes no file."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from bad_contributions import BAD, EXPECTED, GOOD_CHECKLIST, GOOD_PLAYBOOK, NAN_LINE, TAKEN_ORDER, TAKEN_SLUG, Symlink, write
from handbook.checks import check_all
from handbook.content.sources import field_line
from handbook.content.loading import load
from handbook import cli
from handbook.cli import check

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ("departments", "playbooks", "checklists", "cases", "docs")
TAKEN = f"playbooks/{TAKEN_SLUG}.md"



@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real content to break."""
    for folder in CONTENT:
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for name in ("glossary.yml", "mkdocs.yml", "checklists.lock.json"):
        shutil.copy(ROOT / name, tmp_path)
    return tmp_path


def tree_digest(root: Path, skip: Path) -> dict[str, str]:
    """A hash of every file under root except skip."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p != skip}


def test_the_table_covers_every_bad_contribution():
    assert len(BAD) >= 60
    assert [name for name, _, _ in BAD] == list(EXPECTED)


@pytest.mark.parametrize("name,relative,content", BAD, ids=[b[0] for b in BAD])
def test_bad_contribution_is_reported_exactly(project, name, relative, content, capsys, monkeypatch):
    """`make check` prints exactly these errors, each with a hint, fails, and changes no file (the check's own
    findings are read from the one run `make check` makes)."""
    target = write(project, relative, content)
    before = tree_digest(project, target)
    runs = []
    monkeypatch.setattr(cli, "check_all", lambda root: runs.append(check_all(root)) or runs[-1])
    assert check(project) == 1
    [(handbook, problems)] = runs
    assert handbook is None
    assert [str(p) for p in problems if p.severity == "error"] == EXPECTED[name]
    assert all(p.hint for p in problems)
    printed = capsys.readouterr().out
    assert all(expected in printed for expected in EXPECTED[name])
    assert tree_digest(project, target) == before


def test_the_real_content_loads_without_problems():
    handbook, problems = check_all(ROOT)
    assert [str(p) for p in problems] == []
    assert handbook is not None


def test_good_samples_are_valid(project):
    write(project, "playbooks/test-play.md", GOOD_PLAYBOOK)
    write(project, "checklists/test-list.yml", GOOD_CHECKLIST)
    handbook, problems = load(project)
    assert problems == []
    assert handbook.playbooks["test-play"].title == "測試劇本"
    assert handbook.checklists["test-list"].sections[0].items[1].id == "two"


def test_every_problem_is_printed_at_once_with_hints(project, capsys):
    wrong_type = next(content for name, _, content in BAD if name == "wrong-type-minutes")
    write(project, "playbooks/one.md", wrong_type)
    write(project, "playbooks/two.md", "")
    assert check(project) == 1
    out = capsys.readouterr().out
    assert "playbooks/one.md:10: run_minutes: 應為整數" in out
    assert "playbooks/two.md:1: 檔案是空的" in out
    assert "    提示：" in out
    assert "內容檢查失敗：2 個錯誤" in out


def test_reverse_links_are_derived_not_stored():
    handbook, _ = load(ROOT)
    for case in handbook.cases.values():
        for slug in case.playbooks:
            assert case in handbook.cases_using_playbook(slug)
    assert not hasattr(handbook.playbooks["options-abc"], "cases")


def test_every_department_has_an_interest_checklist():
    handbook, _ = load(ROOT)
    for ident in handbook.departments:
        assert handbook.checklists_for_department(ident), ident


def test_overdue_content_is_a_warning_not_an_error(project, capsys):
    (project / "docs" / "page.md").write_text("---\ntitle: 頁\nreview_by: 2020-01-01\n---\n\n內文\n", encoding="utf-8")
    text = (project / TAKEN).read_text(encoding="utf-8")
    (project / TAKEN).write_text(
        re.sub(r"review_by: .*", "review_by: 2020-01-01", text), encoding="utf-8")
    assert check(project) == 0
    out = capsys.readouterr().out
    line = next(n for n, l in enumerate(text.split("\n"), 1) if l.startswith("review_by:"))
    assert f"{TAKEN}:{line}: 警告：review_by: 已超過複審日期 2020-01-01" in out
    assert "docs/page.md:3: 警告：review_by: 已超過複審日期 2020-01-01" in out
    assert "內容檢查通過（2 個警告）" in out


def test_a_case_meetings_prepare_names_only_its_departments(project):
    """The same rule for a case's meetings: a department that does not attend has nothing to prepare."""
    path = project / "cases" / "renewal-weekend.md"
    text = path.read_text(encoding="utf-8")
    first = text.index("    prepare:\n")
    path.write_text(text[:first] + "    prepare:\n      finance:\n        - 帶預算上限\n" + text[first + 13:],
                    encoding="utf-8")
    line = text[:first].count("\n") + 2
    _, problems = check_all(project)
    assert [str(p) for p in problems if p.severity == "error"] == [
        f"cases/renewal-weekend.md:{line}: meetings[0].prepare.finance: 部門「finance」沒有參加這場會議，不需要會前準備"]
