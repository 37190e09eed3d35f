"""The checklist id lock: `make check` refuses a removed, renamed or retyped published id unless previous_ids
says where its answers go; `make lock` records the ids."""

from __future__ import annotations

import re

import json
import shutil
from pathlib import Path

import pytest
import yaml

from handbook.content.checklist_lock import LOCK_FILE, lock_data, lock_problems
from handbook.cli import check, lock
from handbook.content.loading import load

ROOT = Path(__file__).resolve().parents[2]
KICKOFF = "checklists/project-kickoff.yml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real content and its committed lock."""
    for folder in ("departments", "playbooks", "checklists", "cases"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "glossary.yml", tmp_path)
    shutil.copy(ROOT / LOCK_FILE, tmp_path)
    return tmp_path


def edit(project: Path, change) -> dict:
    """Apply change to the kickoff checklist's data and write it back (as an editor would, via YAML)."""
    path = project / KICKOFF
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


def problems_of(project: Path) -> list[str]:
    """The lock problems of the project, as printed (with hints)."""
    handbook, found = load(project)
    assert handbook is not None, [str(p) for p in found]
    return [p.with_hint() for p in lock_problems(handbook, project)]


def line_of(project: Path, text: str) -> int:
    """The first line of the kickoff checklist containing text."""
    lines = (project / KICKOFF).read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if text in line)


def owners_items(data: dict) -> list:
    """The items of the kickoff checklist's first section."""
    return data["sections"][0]["items"]


def test_the_committed_lock_accepts_the_content():
    handbook, _ = load(ROOT)
    assert list(lock_problems(handbook, ROOT)) == []
    # New ids need no lock entry until the next `make lock`; every locked checklist is still published.
    locked = json.loads((ROOT / LOCK_FILE).read_text(encoding="utf-8"))["checklists"]
    assert set(locked) <= set(lock_data(handbook)["checklists"])


def test_make_lock_writes_what_it_reads(project):
    handbook, _ = load(project)
    assert lock(project) == 0
    assert json.loads((project / LOCK_FILE).read_text(encoding="utf-8")) == lock_data(handbook)


def test_rewording_and_reordering_pass(project):
    def change(data):
        owners_items(data).reverse()
        owners_items(data)[0]["text"] = "改寫過的題目"
        data["sections"].reverse()
    edit(project, change)
    assert problems_of(project) == []


def test_a_renamed_item_is_refused_with_line_and_hint(project):
    edit(project, lambda data: owners_items(data)[1].update(id="owners-appointed"))
    [problem] = problems_of(project)
    line = line_of(project, "items:")
    assert problem.startswith(f"{KICKOFF}:{line}: items: 題目「owners-named」不見了")
    assert "previous_ids: [owners-named]" in problem and "make lock" in problem


def test_a_removed_field_is_refused(project):
    edit(project, lambda data: data["sections"][1]["fields"].pop(0))
    [problem] = problems_of(project)
    assert re.match(rf"{KICKOFF}:\d+: fields: 欄位「platform-name」不見了", problem)  # at the section's fields


def test_a_retyped_field_is_refused(project):
    edit(project, lambda data: data["sections"][0]["fields"][1].update(type="text"))
    [problem] = problems_of(project)
    assert problem.startswith(f"{KICKOFF}:{line_of(project, 'type: text')}: sections[0].fields[1]: "
                              "「kickoff-date」原本是date 欄位，現在是text 欄位")


def test_previous_ids_let_a_rename_through(project):
    edit(project, lambda data: owners_items(data)[1].update(id="owners-appointed", previous_ids=["owners-named"]))
    assert problems_of(project) == []
    handbook, _ = load(project)
    assert handbook.checklists["project-kickoff"].renamed_ids() == {"owners-named": "owners-appointed"}


@pytest.mark.parametrize("case,previous,wording", [
    ("still-used", "owners-can-decide", "還在這份檢核表上使用"),
    ("item-to-field", "initiator", "原本是填寫欄位，答案不能搬到勾選項目"),
])
def test_a_wrong_previous_id_is_refused(project, case, previous, wording):
    def change(data):
        owners_items(data)[1].update(id="owners-appointed", previous_ids=[previous])
        if case == "item-to-field":
            data["sections"][0]["fields"].pop(0)  # the field initiator is gone; an item claims its answers
    edit(project, change)
    found = problems_of(project)
    assert any(f"sections[0].items[1].previous_ids[0]: 「{previous}」" in p and wording in p for p in found), found


def test_make_check_fails_then_make_lock_accepts_a_real_removal(project, capsys):
    edit(project, lambda data: owners_items(data).pop())
    assert check(project) == 1
    assert "題目「owners-announced」不見了" in capsys.readouterr().out
    assert lock(project) == 0
    assert "owners-announced" not in (project / LOCK_FILE).read_text(encoding="utf-8")
    assert check(project) == 0


def test_lock_refuses_to_record_broken_content(project, capsys):
    (project / KICKOFF).write_text("title: [\n", encoding="utf-8")
    before = (project / LOCK_FILE).read_text(encoding="utf-8")
    assert lock(project) == 1
    assert (project / LOCK_FILE).read_text(encoding="utf-8") == before
    assert "先修好再執行 make lock" in capsys.readouterr().out


def unnamed_locked_checklist(project: Path) -> str:
    """A published checklist that no playbook or case names (removing it breaks no reference)."""
    handbook, _ = load(project)
    named = {ident for item in (*handbook.playbooks.values(), *handbook.cases.values()) for ident in item.checklists}
    locked = json.loads((project / LOCK_FILE).read_text(encoding="utf-8"))["checklists"]
    return next(ident for ident in sorted(locked) if ident not in named and ident in handbook.checklists)


def test_a_removed_checklist_is_refused(project):
    removed = unnamed_locked_checklist(project)
    (project / "checklists" / f"{removed}.yml").unlink()
    found = problems_of(project)
    lines = (project / LOCK_FILE).read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, 1) if f'"{removed}":' in text)
    assert len(found) == 1
    assert found[0].startswith(f"{LOCK_FILE}:{line}: checklists: 檢核表「{removed}」不見了")


def test_a_missing_lock_is_a_warning_with_the_command(project, capsys):
    (project / LOCK_FILE).unlink()
    assert check(project) == 0
    assert "找不到檢核表代號鎖定檔" in capsys.readouterr().out
