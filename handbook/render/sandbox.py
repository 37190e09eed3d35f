"""Hand-written pages may call the handbook's macros and nothing else: a sandboxed Jinja with an allow-list.

Content files (playbooks, cases, every YAML field) are never rendered as templates at all; only pages under
docs/ pass through here. The environment has no loader (no `{% include %}` of files), no globals but the
registered macros, and Jinja's sandbox refuses attributes such as `__globals__` or `__class__`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from handbook.render.slots import Slots

MARKERS = ("{{", "{%", "{##")
COMMENT_START, COMMENT_END = "{##", "##}"  # `{#id}` in attribute lists stays Markdown


class MacroPageError(Exception):
    """A page's macro call that cannot run: where it is, and why, in an editor's words."""

    def __init__(self, path: str, line: int, message: str, hint: str):
        super().__init__(f"{path}:{line}: 巨集: {message}")
        self.path, self.line, self.message, self.hint = path, line, message, hint


def calls_macros(markdown: str) -> bool:
    """Whether a hand-written page contains template markers at all."""
    return any(marker in markdown for marker in MARKERS)


@dataclass
class MacroRegistry:
    """What define_env registers: macros by name, variables, the page being rendered, and where block output
    waits while Markdown converts the page (this build's slots)."""

    conf: dict[str, Any]
    slots: Slots = field(default_factory=Slots)
    handbook: Any = None  # the checked handbook the macros draw on (None: loaded from conf's project on demand)
    macros: dict[str, Callable[..., Any]] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
    page: Any = None
    # Pages whose macros the checks already ran, by page and text: the build uses these instead of running
    # them a second time (their held blocks are in slots already).
    rendered: dict[tuple[str, str], str] = field(default_factory=dict)
    # Files the macros attached to a page (its folder in the site, name → text), written once the page is built.
    attachments: dict[str, list[tuple[Path, dict[str, str]]]] = field(default_factory=dict)

    def attach(self, folder: Path, files: dict[str, str]) -> None:
        """Keep a page's attached files for the build to write beside it."""
        if files:
            self.attachments.setdefault(self.page.file.src_uri, []).append((folder, dict(files)))

    def macro(self, function: Callable[..., Any], name: str | None = None) -> Callable[..., Any]:
        """Allow a macro on pages."""
        self.macros[name or function.__name__] = function
        return function

    def at(self, src_uri: str, url: str) -> MacroRegistry:
        """Point the macros at the page being rendered (for its links and attachments)."""
        self.page = SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), url=url)
        return self


def page_environment(registry: MacroRegistry) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment whose only names are the registered macros and variables."""
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True,
                                        comment_start_string=COMMENT_START, comment_end_string=COMMENT_END)
    env.globals.clear()
    env.globals.update(registry.variables)
    env.globals.update(registry.macros)
    return env


def template_line(source_name: str) -> int | None:
    """The template line the current exception was raised at, from the traceback Jinja rewrote."""
    line = None
    traceback = sys.exc_info()[2]
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == source_name:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def render_page(registry: MacroRegistry, path: str, markdown: str, first_line: int = 1) -> str:
    """Render a hand-written page's macro calls; any failure is a MacroPageError naming path and line."""
    name = f"<page {path}>"
    try:
        template = page_environment(registry).from_string(markdown)
        template.filename = name
        return template.render()
    except TemplateSyntaxError as error:
        raise page_error(path, first_line, error.lineno, error) from None
    except (TemplateError, KeyError, ValueError, TypeError, AttributeError, IndexError) as error:
        raise page_error(path, first_line, template_line(name) or 1, error) from None


def page_error(path: str, first_line: int, line: int, error: Exception) -> MacroPageError:
    """The editor's message for a failed macro call."""
    where = first_line + line - 1
    if isinstance(error, SecurityError) or "unsafe" in str(error):
        return MacroPageError(path, where, "不允許存取 Python 內部的屬性或方法（例如 __class__、__globals__）",
                              "頁面只能呼叫手冊的巨集，例如 {{ phase_diagram() }}；巨集清單見 CONTRIBUTING.md")
    if isinstance(error, TemplateNotFound) or "no loader" in str(error):
        return MacroPageError(path, where, "頁面不能引入其他檔案（include、import、extends）",
                              "把內容直接寫在頁面裡，或請維護者新增巨集")
    if isinstance(error, UndefinedError):
        name = error.message.split("'")[1] if error.message and error.message.count("'") >= 2 else error.message
        return MacroPageError(path, where, f"沒有叫做「{name}」的巨集",
                              "檢查拼字；可用的巨集見 CONTRIBUTING.md。要顯示 {{ 本身，請寫 {{ '{{' }}")
    if isinstance(error, TemplateSyntaxError):
        return MacroPageError(path, where, f"模板語法錯誤：{error.message}",
                              "檢查 {{ }} 和 {% %} 是否成對、括號和引號是否成對")
    reason = error.args[0] if isinstance(error, KeyError) and error.args else error
    return MacroPageError(path, where, f"巨集呼叫失敗：{reason}",
                          "檢查巨集的參數（部門代號、分鐘數、劇本或案例代號）；巨集清單見 docs/editors/")
