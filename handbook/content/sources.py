"""Reading one content file: bytes → text → YAML data with a line for every field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterator
from typing import Any

import re

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


MAX_FILE_BYTES = 200_000
MAX_LINE_CHARS = 5_000
MAX_BRACKETS_PER_BLOCK = 500  # Python-Markdown takes seconds on a block of thousands of unclosed [


def size_problem(path: str, raw: bytes) -> Problem | None:
    """A content file stays under MAX_FILE_BYTES, so no input makes the build run for minutes."""
    if len(raw) <= MAX_FILE_BYTES:
        return None
    return Problem(path, 1, "", f"檔案太大：{len(raw) // 1000} KB，上限是 {MAX_FILE_BYTES // 1000} KB",
                   "把內容拆成幾個檔案；圖片請放在 docs/assets/ 再用連結引用")


def line_problems(path: str, text: str) -> Iterator[Problem]:
    """No line longer than MAX_LINE_CHARS, no paragraph with more than MAX_BRACKETS_PER_BLOCK `[`."""
    block_start, brackets = 1, 0
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            yield Problem(path, number, "", f"這一行太長：{len(line)} 個字，上限是 {MAX_LINE_CHARS} 個字",
                          "在句號後換行；Markdown 裡單一換行不會斷段")
        if not line.strip():
            block_start, brackets = number + 1, 0
            continue
        brackets += line.count("[")
        if brackets > MAX_BRACKETS_PER_BLOCK:
            yield Problem(path, block_start, "", f"這一段有超過 {MAX_BRACKETS_PER_BLOCK} 個「[」",
                          "方括號是 Markdown 的連結語法；請刪掉多餘的「[」，或用全形「［」")
            brackets = -10**9  # once per paragraph


# The encodings a file that is not UTF-8 was most likely saved in, named as text editors' encoding menus name them.
LIKELY_ENCODINGS = {"cp950": "Big5", "gb18030": "GBK／GB18030 簡體中文", "cp1252": "Latin-1／Windows-1252 西歐文字"}
UTF_16 = "UTF-16"
SAVE_AS_UTF8 = "在編輯器中以「{name}」開啟，確認文字正確，再選「以 UTF-8 編碼另存」"
RETYPE_STRAYS = "只有幾個字（多半是 é 或彎引號）是 {name}：用 UTF-8 開啟檔案，把這一行看起來不對的字重打一次"
STRAY_BYTE = re.compile("[\udc80-\udcff]")
STRAY_BYTE_PAIR = re.compile("[\udc80-\udcff]{2}")


def first_non_text_byte(raw: bytes) -> int | None:
    """Where raw stops being UTF-8 text, or None: a NUL byte is not text (UTF-16 has one beside every ASCII
    character)."""
    end = raw.find(b"\0")
    try:
        raw[: end if end >= 0 else len(raw)].decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return end if end >= 0 else None


def not_utf8_problem(path: str, raw: bytes, at: int) -> Problem:
    """A file that is not UTF-8 (at: its first byte that is not), with the encoding it was likely saved in."""
    line = raw[:at].count(b"\n") + 1
    name = likely_encoding(raw)
    if name is not None:
        return Problem(path, line, "", f"檔案不是 UTF-8 編碼（可能是 {name}）", SAVE_AS_UTF8.format(name=name))
    if stray_single_bytes(raw):
        name = LIKELY_ENCODINGS["cp1252"]
        return Problem(path, line, "", f"檔案不是 UTF-8 編碼（可能是 {name}）", RETYPE_STRAYS.format(name=name))
    return Problem(path, line, "", "檔案不是 UTF-8 編碼", SAVE_AS_UTF8.format(name="原本的編碼"))


def likely_encoding(raw: bytes) -> str | None:
    """The encoding a whole file is in: UTF-16 by its byte-order mark or NUL bytes, else what charset_normalizer
    finds among LIKELY_ENCODINGS; None when neither tells."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\0" in raw:
        return UTF_16
    import charset_normalizer  # here, for the rare file that is not UTF-8: 20 ms on every start otherwise

    best = charset_normalizer.from_bytes(raw, cp_isolation=list(LIKELY_ENCODINGS)).best()
    return LIKELY_ENCODINGS[best.encoding] if best is not None else None


def stray_single_bytes(raw: bytes) -> bool:
    """Whether raw is UTF-8 but for lone bytes, no two side by side as a Big5 or GBK character's would be: the
    file was opened as Western text and an é or a curly quote typed into it."""
    text = raw.decode("utf-8", "surrogateescape")  # each byte that is not UTF-8 becomes one of U+DC80–U+DCFF
    return bool(STRAY_BYTE.search(text)) and not STRAY_BYTE_PAIR.search(text)


def decode(path: str, raw: bytes) -> str:
    """Content files are UTF-8 without a byte-order mark or NUL bytes, and not empty."""
    found = size_problem(path, raw)
    if found:
        raise SourceError(found)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise SourceError(Problem(path, 1, "", "檔案開頭有 BOM（位元組順序標記）",
                                  "請用「UTF-8」而不是「UTF-8 with BOM」重新存檔"))
    at = first_non_text_byte(raw)
    if at is not None:
        raise SourceError(not_utf8_problem(path, raw, at))
    text = raw.decode("utf-8")
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


def check_no_aliases(path: str, yaml_text: str, offset: int) -> None:
    """YAML anchors (&) and aliases (*) are refused: one line of them can expand to gigabytes."""
    if "&" not in yaml_text and "*" not in yaml_text:  # neither can be written without its character
        return
    try:
        for event in yaml.parse(yaml_text, Loader=ContentLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise SourceError(Problem(path, event.start_mark.line + 1 + offset, "",
                                          "不能用 YAML 的錨點（&）或別名（*）",
                                          "每個值都直接寫出來；文字以 & 或 * 開頭時請加引號"))
    except yaml.MarkedYAMLError:
        return  # the parser below reports it with its line


def parse_yaml(path: str, yaml_text: str, offset: int) -> tuple[Any, dict[Loc, int], list[Problem]]:
    """Parse YAML, keeping the line of every mapping key and list entry; warnings on the side."""
    check_tabs(path, yaml_text, offset)
    check_no_aliases(path, yaml_text, offset)
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
    return data, lines, list(comment_cut_warnings(path, yaml_text, node, offset))


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


def read_page(path: str, file: Path) -> tuple[dict[str, Any], dict, str, int, list[Problem]]:
    """A hand-written page's front matter (with lines), body and first body line; SourceError when unreadable."""
    text = decode(path, file.read_bytes())
    problems = list(line_problems(path, text))
    if not text.startswith("---"):
        return {}, {}, text, 1, problems
    yaml_text, body, body_line = split_front_matter(path, text)
    data, lines, warnings = parse_yaml(path, yaml_text, 1)
    if data is not None and not isinstance(data, dict):
        raise SourceError(Problem(path, 2, "", "front matter 應為「欄位: 值」的對照表", "每一行寫成 欄位名: 值"))
    return data or {}, lines, body, body_line, problems + warnings


def field_line(path: Path, name: str) -> int:
    """The line of a top-level field in a source file (1 when it is not there)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith(f"{name}:"):
            return number
    return 1


def page_meta(path: Path) -> dict[str, Any]:
    """The front matter of a hand-written page (empty when it has none or cannot be read: check reports why)."""
    try:
        return read_page(path.name, path)[0]
    except SourceError:
        return {}


COMMENT_AFTER_VALUE = re.compile(r"(\s+)#(\S?)")


def comment_cut_warnings(path: str, yaml_text: str, node: yaml.Node | None, offset: int) -> Iterator[Problem]:
    """Warn where YAML cut an unquoted value at ` #`: the rest of the line became a comment."""
    if node is None:
        return
    lines = yaml_text.split("\n")
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            stack.extend(value for _, value in current.value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif not current.style and current.tag == "tag:yaml.org,2002:str":  # plain (unquoted) text
            end = current.end_mark
            after = COMMENT_AFTER_VALUE.match(lines[end.line][end.column:]) if end.line < len(lines) else None
            # `第一段 #2` or `第 # 名` were cut by accident; `value    # 說明` aligned after a gap is a comment
            if after and (after.group(2) or (after.group(1) == " " and not current.value.isascii())):
                yield Problem(path, end.line + 1 + offset, "", f"「#」後面被當成註解，這個值只剩「{current.value}」",
                              "值裡有「 #」時，整個值要加引號，例如 title: \"第 #1 名\"", "warning")


def read_source(root: Path, file: Path) -> Source:
    """Read a content file (.yml, or .md with front matter) into a Source."""
    path = file.relative_to(root).as_posix()
    if file.is_symlink() or file.parent.is_symlink():
        raise SourceError(Problem(path, 1, "", "內容檔不可以是符號連結（symlink）",
                                  "把真正的檔案放進資料夾，不要用連結指向別處"))
    text = decode(path, file.read_bytes())
    if file.suffix == ".md":
        yaml_text, body, body_line = split_front_matter(path, text)
        offset = 1
    else:
        yaml_text, body, body_line, offset = text, "", 1, 0
    data, lines, warnings = parse_yaml(path, yaml_text, offset)
    if not isinstance(data, dict):
        raise SourceError(Problem(path, 1 + offset, "", "資料應為「欄位: 值」的對照表",
                                  "每一行寫成 欄位名: 值，例如 title: 指定專案負責人"))
    return Source(path, data, lines, body, body_line, [*line_problems(path, text), *warnings])
