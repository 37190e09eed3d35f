"""The checklist id lock: readers' saved answers are keyed by item and field ids, so a published id may not
silently disappear, change its name or change its type.

`make lock` writes checklists.lock.json (every checklist's ids, their kind and section) when a version is
published; `make check` compares the content with it. An item or field that lists an old id under
`previous_ids` takes that id's answers over (the page ships the mapping and moves them on the next visit).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from handbook.content.handbook import Handbook
from handbook.content.models import Checklist
from handbook.content.sources import Problem, Source, SourceError, read_source

LOCK_FILE = "checklists.lock.json"
LOCK_VERSION = 1
ITEM = "item"  # the kind of a tickable item; a field's kind is its type (text, date, number, person)


def answer_ids(checklist: Checklist) -> dict[str, dict[str, str]]:
    """Every id that can hold an answer → its kind and section, in page order."""
    ids: dict[str, dict[str, str]] = {}
    for section in checklist.sections:
        ids.update({item.id: {"kind": ITEM, "section": section.id} for item in section.items})
        ids.update({field.id: {"kind": field.type, "section": section.id} for field in section.fields})
    return ids


def lock_data(handbook: Handbook) -> dict[str, Any]:
    """The lock file's content for the handbook as it is now."""
    checklists = {ident: answer_ids(handbook.checklists[ident]) for ident in sorted(handbook.checklists)}
    return {"version": LOCK_VERSION, "checklists": checklists}


def lock_text(data: dict[str, Any]) -> str:
    """The lock as committed: one line per id, so a review diff shows exactly which ids changed."""
    dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
    blocks = []
    for ident, ids in data["checklists"].items():
        rows = ",\n".join(f"      {dump(key)}: {dump(entry)}" for key, entry in ids.items())
        blocks.append(f"    {dump(ident)}: {{\n{rows}\n    }}")
    return f'{{\n  "version": {data["version"]},\n  "checklists": {{\n' + ",\n".join(blocks) + "\n  }\n}\n"


def write_lock(root: Path, handbook: Handbook) -> Path:
    """Write checklists.lock.json under root."""
    path = root / LOCK_FILE
    path.write_text(lock_text(lock_data(handbook)), encoding="utf-8")
    return path


def read_lock(root: Path) -> tuple[dict[str, Any] | None, Problem | None]:
    """The committed lock, or the problem that keeps it from being read."""
    path = root / LOCK_FILE
    if not path.exists():
        return None, Problem(LOCK_FILE, 1, "", "找不到檢核表代號鎖定檔",
                             "執行 make lock 產生 checklists.lock.json 並提交", severity="warning")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, Problem(LOCK_FILE, getattr(error, "lineno", 1), "", "鎖定檔無法讀取（不是正確的 JSON）",
                             "不要手動編輯這個檔案；用 git 還原後再執行 make lock")
    if not isinstance(data, dict) or data.get("version") != LOCK_VERSION or not isinstance(
            data.get("checklists"), dict):
        return None, Problem(LOCK_FILE, 1, "version", f"鎖定檔的格式版本不是 {LOCK_VERSION}",
                             "不要手動編輯這個檔案；用 git 還原後再執行 make lock")
    return data, None


def lock_problems(handbook: Handbook, root: Path) -> Iterator[Problem]:
    """Every published id is still there with its type, or an item names it in previous_ids."""
    lock, problem = read_lock(root)
    if problem is not None:
        yield problem
        return
    for ident, locked in lock["checklists"].items():
        checklist = handbook.checklists.get(ident)
        if checklist is None:
            yield removed_checklist(root, ident)
            continue
        try:
            source = read_source(root, root / "checklists" / f"{ident}.yml")
        except SourceError as error:
            yield error.problem
            continue
        yield from checklist_problems(checklist, source, locked)


def removed_checklist(root: Path, ident: str) -> Problem:
    """A published checklist whose file is gone."""
    text = (root / LOCK_FILE).read_text(encoding="utf-8")
    line = next((n for n, row in enumerate(text.split("\n"), 1) if row.strip().startswith(f'"{ident}":')), 1)
    return Problem(LOCK_FILE, line, "checklists", f"檢核表「{ident}」不見了：讀者存的答案會找不到頁面",
                   f"把 checklists/{ident}.yml 放回來；確定要刪除的話，執行 make lock 更新鎖定檔")


def checklist_problems(checklist: Checklist, source: Source, locked: dict[str, Any]) -> Iterator[Problem]:
    """Compare one checklist with its locked ids."""
    now = answer_ids(checklist)
    yield from previous_id_problems(checklist, source, locked, now)
    moved = checklist.renamed_ids()
    for old, entry in locked.items():
        kind = entry.get("kind") if isinstance(entry, dict) else None
        if old in moved:
            continue
        if old not in now:
            yield missing_id(checklist, source, old, entry)
        elif kind != now[old]["kind"]:
            yield retyped_id(checklist, source, old, str(kind), now[old]["kind"])


def locate(checklist: Checklist, ident: str) -> tuple[int, str, int] | None:
    """(section index, "items" or "fields", index) of an id on the checklist."""
    for s, section in enumerate(checklist.sections):
        for group in ("items", "fields"):
            for i, entry in enumerate(getattr(section, group)):
                if entry.id == ident:
                    return s, group, i
    return None


def missing_id(checklist: Checklist, source: Source, old: str, entry: Any) -> Problem:
    """A locked id that is no longer on the checklist."""
    is_item = not isinstance(entry, dict) or entry.get("kind") == ITEM
    group, noun = ("items", "題目") if is_item else ("fields", "欄位")
    section_id = entry.get("section") if isinstance(entry, dict) else None
    index = next((s for s, section in enumerate(checklist.sections) if section.id == section_id), None)
    loc = ("sections", index, group) if index is not None else ("sections",)
    return Problem(source.path, source.line_of(loc), group,
                   f"{noun}「{old}」不見了：讀者存的答案會找不到地方放",
                   f"如果是改了代號，在新的{noun}加上 previous_ids: [{old}]，答案會在讀者下次打開時搬過去；"
                   "確定要刪除的話，執行 make lock 更新 checklists.lock.json（舊答案會列在「這些題目已經改版」）")


def retyped_id(checklist: Checklist, source: Source, ident: str, was: str, now: str) -> Problem:
    """A locked id whose kind or field type changed."""
    s, group, i = locate(checklist, ident)
    loc = ("sections", s, group, i, "type" if group == "fields" else "id")
    names = {ITEM: "勾選項目", "text": "text 欄位", "date": "date 欄位", "number": "number 欄位",
             "person": "person 欄位"}
    return Problem(source.path, source.line_of(loc), f"sections[{s}].{group}[{i}]",
                   f"「{ident}」原本是{names.get(was, was)}，現在是{names.get(now, now)}：讀者存的答案會對不上",
                   f"改回原本的類型；要換類型，請用新的代號並加上 previous_ids: [{ident}]")


def previous_id_problems(checklist: Checklist, source: Source, locked: dict[str, Any],
                         now: dict[str, dict[str, str]]) -> Iterator[Problem]:
    """previous_ids name ids no longer in use, each once, and move answers only between the same kind."""
    claimed: set[str] = set()
    for s, section in enumerate(checklist.sections):
        for group in ("items", "fields"):
            for i, entry in enumerate(getattr(section, group)):
                for p, old in enumerate(entry.previous_ids):
                    loc = ("sections", s, group, i, "previous_ids", p)
                    message = previous_id_message(old, now[entry.id]["kind"], now, locked, claimed)
                    claimed.add(old)
                    if message:
                        yield Problem(source.path, source.line_of(loc),
                                      f"sections[{s}].{group}[{i}].previous_ids[{p}]", *message)


def previous_id_message(old: str, kind: str, now: dict[str, dict[str, str]], locked: dict[str, Any],
                        claimed: set[str]) -> tuple[str, str] | None:
    """Why old cannot be a previous id of an entry of this kind, with a hint; None when it can."""
    if old in now:
        return f"「{old}」還在這份檢核表上使用，不能當舊代號", "previous_ids 只寫已經不用的舊代號"
    if old in claimed:
        return f"舊代號「{old}」被兩個題目認領了", "一個舊代號的答案只能搬到一個地方；刪掉其中一個"
    was = locked.get(old, {}).get("kind") if isinstance(locked.get(old), dict) else None
    if was is not None and (was == ITEM) != (kind == ITEM):
        return (f"「{old}」原本是{'勾選項目' if was == ITEM else '填寫欄位'}，答案不能搬到"
                f"{'勾選項目' if kind == ITEM else '填寫欄位'}"), "勾選項目只能接勾選項目的答案，欄位只能接欄位的答案"
    if was is not None and was != ITEM and kind not in (was, "text"):
        return f"「{old}」原本是 {was} 欄位，答案不能搬到 {kind} 欄位", f"新欄位用 {was} 或 text 類型"
    return None
