"""Loading the handbook: every content file → model, every problem → `path:line: field: message`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from handbook.content import models
from handbook.content.handbook import Handbook
from handbook.content.kinds import REGISTRY, label
from handbook.content.memo import bytes_key, per_object
from handbook.content.references import references
from handbook.content.simplified import simplified_characters
from handbook.content.sources import Loc, Problem, Source, SourceError, read_source

GLOSSARY = "glossary.yml"
EXAMPLE_WORLD = "example-world.yml"  # the example company every example uses; optional


def field_name(loc: Loc) -> str:
    """A pydantic location as editors read it: steps[2].owner."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def explain(error: dict[str, Any]) -> tuple[str, str]:
    """A pydantic error in an editor's words, with a hint."""
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    if kind == "missing":
        return "缺少必填欄位", "請參考範本補上這個欄位"
    if kind == "extra_forbidden":
        return "不認識的欄位", "檢查拼字；可用的欄位見 CONTRIBUTING.md"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ").replace(", ", "、")
        return f"不是允許的值：{value!r}；可用的值：{expected}", "請從可用的值中選一個"
    if kind in ("string_too_long", "too_long"):
        limit = ctx.get("max_length")
        size = len(value) if isinstance(value, (str, list)) else "?"
        return f"太長：最多 {limit} 個字（目前 {size} 個字）", "請精簡，或拆成多個項目"
    if kind in ("string_too_short", "too_short"):
        return "不可為空", "請填入內容"
    if kind == "string_pattern_mismatch":
        return f"格式不對：{value!r}", "代號只能用小寫英文、數字和連字號，例如 after-sales；時間寫成 09:30"
    if kind in ("string_type", "int_type", "float_type", "bool_type", "list_type", "dict_type",
                "model_type", "model_attributes_type"):
        wanted = {"string_type": "文字", "int_type": "整數", "float_type": "數字", "bool_type": "true 或 false",
                  "list_type": "清單（每行以 - 開頭）", "dict_type": "對照表（欄位: 值）",
                  "model_type": "對照表（欄位: 值）", "model_attributes_type": "對照表（欄位: 值）"}[kind]
        return f"應為{wanted}，但寫的是 {value!r}", "檢查縮排與格式；數字不要加引號，文字裡有冒號時請加引號"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        word = "不可小於" if kind == "greater_than_equal" else "不可大於"
        return f"{word} {bound}（寫的是 {value!r}）", "請改成合理的數值"
    if kind == "finite_number":
        return f"必須是一般的數字，不可寫 {value!r}", "把 .nan 或 .inf 換成實際的數字"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])), "照訊息改好這個欄位，再執行 make check"
    return error["msg"], "對照 templates/ 裡的範本檢查這個欄位"


def validate(kind: str, source: Source, ident: str) -> tuple[models.Strict | None, list[Problem]]:
    """Validate one source against its model; the file name gives the id."""
    id_field = REGISTRY[kind].id_field
    data = dict(source.data)
    if id_field in data:
        return None, [Problem(source.path, source.line_of((id_field,)), id_field,
                              "這個欄位由檔名決定，不要寫在檔案裡", f"刪掉這一行；{id_field} 就是檔名 {ident}")]
    data[id_field] = ident
    if REGISTRY[kind].has_body:
        data["body"] = source.body
    try:
        return REGISTRY[kind].model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            message, hint = explain(error)
            problems.append(Problem(source.path, source.line_of(loc), field_name(loc), message, hint))
        return None, problems


def file_name_problems(root: Path, kind: str) -> Iterator[Problem]:
    """Each folder holds only its own kind of file, named by a slug, with no subfolders."""
    folder = root / kind
    suffix = REGISTRY[kind].suffix
    if folder.is_symlink():
        yield Problem(kind, 1, "", f"{kind}/ 不可以是符號連結（symlink）", "把真正的資料夾放進專案")
        return
    for entry in sorted(folder.rglob("*")):
        path = entry.relative_to(root).as_posix()
        if entry.is_symlink():
            yield Problem(path, 1, "", "內容資料夾裡不可以有符號連結（symlink）",
                          "把真正的檔案放進資料夾，不要用連結指向別處")
            continue
        if is_backup(entry.name):
            yield Problem(path, 1, "", "這是編輯器的備份或暫存檔，不會發佈",
                          "刪掉它，或在 .gitignore 裡排除，不要提交", "warning")
            continue
        if entry.is_dir() or entry.name.startswith(("_", ".")) or entry.name == "README.md":
            continue
        if entry.parent != folder:
            yield Problem(path, 1, "", f"{label(kind)}檔案要直接放在 {kind}/ 底下，不可放在子資料夾",
                          f"把檔案移到 {kind}/")
        elif entry.suffix != suffix:
            yield Problem(path, 1, "", f"{kind}/ 只收 {suffix} 檔（這個檔案是 {entry.suffix or '無副檔名'}）",
                          "檢查是不是放錯資料夾，或副檔名打錯")
        elif not re.fullmatch(models.SLUG_PATTERN, entry.stem):
            yield Problem(path, 1, "", f"檔名「{entry.stem}」不能當網址代號",
                          "檔名只能用小寫英文、數字和連字號，例如 name-project-owners.md")


BACKUP_NAME = re.compile(r"(~|\.bak|\.swp|\.swo|\.orig|\.tmp)$|^\.#|^#.*#$")


def is_backup(name: str) -> bool:
    """Editors' backup and lock files: `x.md~`, `x.bak`, `.x.md.swp`, `.#x.md`, `#x.md#`."""
    return bool(BACKUP_NAME.search(name))


def content_files(root: Path, kind: str) -> list[Path]:
    """The well-named content files of one kind."""
    folder = root / kind
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"*{REGISTRY[kind].suffix}")
                  if not p.name.startswith(("_", ".")) and p.name != "README.md" and not p.is_symlink()
                  and re.fullmatch(models.SLUG_PATTERN, p.stem))


def simplified_problems(source: Source) -> Iterator[Problem]:
    """Traditional sources contain no Simplified characters."""
    for loc, text in _strings(source.data, ()):
        found = simplified_characters(text)
        if found:
            yield Problem(source.path, source.line_of(loc), field_name(loc),
                          f"有簡體字：{'、'.join(found)}", "請改成正體（繁體）字")
    for number, line in enumerate(source.body.split("\n"), start=source.body_line):
        found = simplified_characters(line)
        if found:
            yield Problem(source.path, number, "內文", f"有簡體字：{'、'.join(found)}", "請改成正體（繁體）字")


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every string in a YAML value, with its location."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, loc + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, loc + (index,))


FileResult = tuple[Source | None, Any, list[Problem]]


def load_file(root: Path, kind: str, file: Path) -> FileResult:
    """One content file read and validated on its own: its source, its model (None if invalid), its problems."""
    try:
        source = read_source(root, file)
    except SourceError as error:
        return None, None, [error.problem]
    item, found = validate(kind, source, file.stem)
    return source, item, [*source.problems, *simplified_problems(source), *found]


def load_file_once(root: Path, kind: str, file: Path, memo: dict | None) -> FileResult:
    """load_file, answered from memo when the file's bytes are the same as when it was last read (`mkdocs serve`
    rebuilds validate only the files that changed)."""
    if memo is None:
        return load_file(root, kind, file)
    key = (kind, str(file), bytes_key(file.read_bytes()))
    if key not in memo:
        memo[key] = load_file(root, kind, file)
    return memo[key]


def load_kind(root: Path, kind: str, memo: dict | None = None) -> tuple[dict[str, Any], dict[str, Source], list[Problem]]:
    """Load every file of one kind: models by id, sources by id, problems."""
    items, sources, problems = {}, {}, list(file_name_problems(root, kind))
    for file in content_files(root, kind):
        source, item, found = load_file_once(root, kind, file, memo)
        problems.extend(found)
        if source is None:
            continue
        sources[file.stem] = source
        if item is not None:
            items[file.stem] = item
    return items, sources, problems


def load_glossary(root: Path) -> tuple[list[models.Term], list[Problem]]:
    """Load glossary.yml."""
    file = root / GLOSSARY
    if not file.exists():
        return [], [Problem(GLOSSARY, 1, "", "找不到術語表檔案", "在專案根目錄建立 glossary.yml")]
    try:
        source = read_source(root, file)
    except SourceError as error:
        return [], [error.problem]
    problems = [*source.problems, *simplified_problems(source)]
    try:
        glossary = models.Glossary.model_validate(source.data)
    except ValidationError as exc:
        return [], problems + model_problems(source, exc)
    seen: set[str] = set()
    for index, term in enumerate(glossary.terms):
        if term.term in seen:
            problems.append(Problem(source.path, source.line_of(("terms", index)), f"terms[{index}].term",
                                    f"術語「{term.term}」重複了", "合併成一條"))
        seen.add(term.term)
    return list(glossary.terms), problems


def model_problems(source: Source, exc: ValidationError) -> list[Problem]:
    """A validation error of a whole-file model, as problems located in that file."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        message, hint = explain(error)
        problems.append(Problem(source.path, source.line_of(loc), field_name(loc), message, hint))
    return problems


def load_example_world(root: Path) -> tuple[models.ExampleWorld | None, Source | None, list[Problem]]:
    """Load example-world.yml, when there is one: the model (None if invalid), its source, its problems."""
    file = root / EXAMPLE_WORLD
    if not file.exists():
        return None, None, []
    try:
        source = read_source(root, file)
    except SourceError as error:
        return None, None, [error.problem]
    problems = [*source.problems, *simplified_problems(source)]
    try:
        return models.ExampleWorld.model_validate(source.data), source, problems
    except ValidationError as exc:
        return None, source, problems + model_problems(source, exc)


def example_world_problems(root: Path, handbook: Handbook, memo: dict | None = None) -> list[Problem]:
    """The example world validates, and the departments and cases it names exist."""
    world, source, problems = load_example_world(root)
    if world is None or source is None:
        return problems
    first: dict[str, int] = {}
    for index, person in enumerate(world.people):
        if person.surname in first:
            loc = ("people", index, "surname")
            problems.append(Problem(source.path, source.line_of(loc), field_name(loc),
                                    f"姓「{person.surname}」已經給了 people[{first[person.surname]}]",
                                    "一個姓只給一個人，頁面上的「姓＋職稱」才不會指到兩個人；請換一個姓"))
        first.setdefault(person.surname, index)
    for loc, target_kind, target in item_references(world, memo):
        if target not in handbook.items(target_kind):
            known = "、".join(sorted(handbook.items(target_kind))) or "（目前沒有）"
            problems.append(Problem(source.path, source.line_of(loc), field_name(loc),
                                    f"找不到{label(target_kind)}「{target}」", f"可用的{label(target_kind)}代號：{known}"))
    return problems


def load(root: Path, memo: dict | None = None) -> tuple[Handbook | None, list[Problem]]:
    """Load and cross-check all content under root; the handbook only when there is no error.

    memo: each file's result by its bytes, kept by the caller between loads (files that did not change are not
    read into models again)."""
    loaded, sources, problems = {}, {}, []
    for kind in REGISTRY:
        items, kind_sources, found = load_kind(root, kind, memo)
        loaded[kind], sources[kind] = items, kind_sources
        problems.extend(found)
    loaded["departments"] = dict(sorted(loaded["departments"].items(), key=lambda kv: (kv[1].order, kv[0])))
    terms, found = load_glossary(root)
    problems.extend(found)
    handbook = Handbook.of(loaded, terms)
    problems.extend(reference_problems(handbook, sources, memo))
    problems.extend(duplicate_id_problems(handbook, sources))
    problems.extend(example_world_problems(root, handbook, memo))
    problems.sort(key=lambda p: (p.path, p.line))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return handbook, problems


def item_references(item: Any, memo: dict | None) -> list:
    """The names an item gives of other items, found once per model object when memo is kept (serve)."""
    if memo is None:
        return list(references(item))
    return per_object(memo, "references", item, lambda: list(references(item)))


def reference_problems(handbook: Handbook, sources: dict[str, dict[str, Source]],
                       memo: dict | None = None) -> Iterator[Problem]:
    """Every item another item names exists (the names are found from the model's `…Ref` annotations)."""
    for kind in REGISTRY:
        for ident, item in handbook.items(kind).items():
            source = sources[kind][ident]
            for loc, target_kind, target in item_references(item, memo):
                if target not in handbook.items(target_kind):
                    known = "、".join(sorted(handbook.items(target_kind))) or "（目前沒有）"
                    yield Problem(source.path, source.line_of(loc), field_name(loc),
                                  f"找不到{label(target_kind)}「{target}」",
                                  f"可用的{label(target_kind)}代號：{known}")
    for ident, playbook in handbook.playbooks.items():
        source = sources["playbooks"][ident]
        for index, step in enumerate(playbook.steps):
            if step.owner in handbook.departments and step.owner not in playbook.departments:
                loc = ("steps", index, "owner")
                yield Problem(source.path, source.line_of(loc), field_name(loc),
                              f"負責部門「{step.owner}」不在這個劇本的 departments 裡",
                              "把它加進 departments，或改由參與的部門負責")
    for kind, items in (("playbooks", handbook.playbooks), ("cases", handbook.cases)):
        for ident, item in items.items():
            yield from prepare_problems(item, sources[kind][ident], handbook)


def declared_meetings(item: models.Playbook | models.Case) -> list[tuple[Loc, models.Meeting]]:
    """A playbook's meeting or a case's meetings, each with where it is written."""
    if isinstance(item, models.Playbook):
        return [(("meeting",), item.meeting)]
    return [(("meetings", m), meeting) for m, meeting in enumerate(item.meetings)]


def prepare_problems(item: models.Playbook | models.Case, source: Source, handbook: Handbook) -> Iterator[Problem]:
    """A meeting's prepare names only departments that attend that meeting."""
    for at, meeting in declared_meetings(item):
        attending = meeting.departments or item.departments
        for ident in meeting.prepare:
            if ident in handbook.departments and ident not in attending:
                loc = (*at, "prepare", ident)
                yield Problem(source.path, source.line_of(loc), field_name(loc),
                              f"部門「{ident}」沒有參加這場會議，不需要會前準備",
                              "把它加進會議的 departments（或劇本、案例的 departments），或刪掉這一段")


def duplicate_id_problems(handbook: Handbook, sources: dict[str, dict[str, Source]]) -> Iterator[Problem]:
    """Item and field ids are unique within a checklist: saved answers are keyed by them."""
    for ident, checklist in handbook.checklists.items():
        source = sources["checklists"][ident]
        seen: set[str] = set()
        for s, section in enumerate(checklist.sections):
            for group in ("items", "fields"):
                for i, entry in enumerate(getattr(section, group)):
                    if entry.id in seen:
                        loc = ("sections", s, group, i, "id")
                        yield Problem(source.path, source.line_of(loc), field_name(loc),
                                      f"代號「{entry.id}」在這份檢核表裡重複了",
                                      "每個項目與欄位的 id 都要不同；已存的答案靠 id 對應")
                    seen.add(entry.id)
