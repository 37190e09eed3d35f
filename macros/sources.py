"""Reading one content file: bytes → text → YAML data with a line for every field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, located for the editor."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: "
        label = "警告：" if self.severity == "warning" else ""
        field_part = f"{self.field}: " if self.field else ""
        return f"{where}{label}{field_part}{self.message}"

    def with_hint(self) -> str:
        """The problem followed by its hint, as `make check` prints it."""
        return f"{self}\n    提示：{self.hint}" if self.hint else str(self)


@dataclass
class Source:
    """A parsed content file: its data, body and where each field sits."""

    path: str
    data: dict[str, Any]
    lines: dict[Loc, int]
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known field along loc."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1


class ContentLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe YAML loader that leaves dates as text, so the model can explain a bad one."""


ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class SourceError(Exception):
    """A file that cannot be read as content at all."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def decode(path: str, raw: bytes) -> str:
    """Content files are UTF-8 without a byte-order mark, and not empty."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SourceError(Problem(path, 1, "", "檔案開頭有 BOM（位元組順序標記）",
                                  "請用「UTF-8」而不是「UTF-8 with BOM」重新存檔"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceError(Problem(path, line, "", "檔案不是 UTF-8 編碼（可能是 Big5）",
                                  "請在編輯器中選「以 UTF-8 編碼另存」")) from None
    if not text.strip():
        raise SourceError(Problem(path, 1, "", "檔案是空的",
                                  "請從 templates/ 複製範本，或用 make new-playbook 產生"))
    return text


def split_front_matter(path: str, text: str) -> tuple[str, str, int]:
    """Split a Markdown file into its YAML front matter, its body and the body's first line."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise SourceError(Problem(path, 1, "", "檔案開頭缺少 front matter（第一行應為 ---）",
                                  "Markdown 檔要以 --- 開頭，資料寫在兩行 --- 之間，內文寫在後面"))
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1:]), number + 2
    raise SourceError(Problem(path, 1, "", "front matter 沒有結束的 --- 行",
                              "在資料區最後加上一行 ---"))


def check_tabs(path: str, yaml_text: str, offset: int) -> None:
    """YAML is indented with spaces only."""
    for number, line in enumerate(yaml_text.split("\n"), start=1):
        if line[: len(line) - len(line.lstrip())].count("\t"):
            raise SourceError(Problem(path, number + offset, "", "用了 Tab 縮排，YAML 只能用空白縮排",
                                      "把這一行開頭的 Tab 換成兩個空白"))


def parse_yaml(path: str, yaml_text: str, offset: int) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML, keeping the line of every mapping key and list entry."""
    check_tabs(path, yaml_text, offset)
    loader = ContentLoader(yaml_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        raise SourceError(Problem(path, line, "", f"YAML 格式錯誤：{error.problem}",
                                  "常見原因：冒號後面少了空白、縮排不一致、引號沒有成對")) from None
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    if node is not None:
        _walk(path, node, (), lines, offset)
    return data, lines


def _walk(path: str, node: yaml.Node, loc: Loc, lines: dict[Loc, int], offset: int) -> None:
    """Record the line of each key and entry under node; duplicate keys are errors."""
    lines.setdefault(loc, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = key.value
            if name in seen:
                raise SourceError(Problem(path, key.start_mark.line + 1 + offset, name,
                                          "這個欄位重複出現了兩次", "刪掉其中一個"))
            seen.add(name)
            lines[loc + (name,)] = key.start_mark.line + 1 + offset
            _walk(path, value, loc + (name,), lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            _walk(path, value, loc + (index,), lines, offset)


def page_meta(path: Path) -> dict[str, Any]:
    """The front matter of a hand-written page (empty when it has none)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def read_source(root: Path, file: Path) -> Source:
    """Read a content file (.yml, or .md with front matter) into a Source."""
    path = file.relative_to(root).as_posix()
    text = decode(path, file.read_bytes())
    if file.suffix == ".md":
        yaml_text, body, body_line = split_front_matter(path, text)
        offset = 1
    else:
        yaml_text, body, body_line, offset = text, "", 1, 0
    data, lines = parse_yaml(path, yaml_text, offset)
    if not isinstance(data, dict):
        raise SourceError(Problem(path, 1 + offset, "", "資料應為「欄位: 值」的對照表",
                                  "每一行寫成 欄位名: 值，例如 title: 指定專案負責人"))
    return Source(path, data, lines, body, body_line)
