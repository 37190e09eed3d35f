"""Hand-written pages may call the handbook's macros and nothing else: a sandboxed Jinja with an allow-list.

Content files (playbooks, cases, every YAML field) are never rendered as templates at all; only pages under
docs/ pass through here. The environment has no loader (no `{% include %}` of files), no globals but the
registered macros, and Jinja's sandbox refuses attributes such as `__globals__` or `__class__`.

Before anything is compiled, a page's syntax tree may hold only text, names, macro calls and written-out
arguments: no operator, filter, method, attribute, loop or assignment. Jinja folds constant expressions while
it compiles (`{{ "x" * 3000000000 }}` would be computed there, before any check could run), and at render time
a width (`"x".center(10**9)`), a loop, or a list assigned into itself allocates or spins without bound, so
none of them reaches the compiler. The calls a page makes and the items a written-out list holds are capped
too: what is left to run is a bounded number of macro calls with small arguments.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError, nodes
from jinja2.compiler import operators
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from handbook.render.slots import Slots

MARKERS = ("{{", "{%", "{##")
COMMENT_START, COMMENT_END = "{##", "##}"  # `{#id}` in attribute lists stays Markdown

MAX_MACRO_CALLS = 50  # the busiest page, docs/editors/macros.md, makes 7; each call takes milliseconds
MAX_LIST_ITEMS = 100  # a list of departments has a dozen; thousands make a macro run for seconds
NESTING_SHOWN = 30  # brackets this deep locate a page the parser could not nest into

WRITTEN_OUT = (nodes.Const, nodes.List, nodes.Tuple, nodes.Dict, nodes.Pair, nodes.Neg, nodes.Pos)
ALLOWED = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Call, nodes.Keyword, *WRITTEN_OUT,
           nodes.Scope)  # Scope: the parser's wrapper around {% autoescape %}, which is refused itself
IMPORTS = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
STATEMENTS = {nodes.For: "for", nodes.If: "if", nodes.Assign: "set", nodes.AssignBlock: "set", nodes.Macro: "macro",
              nodes.CallBlock: "call", nodes.FilterBlock: "filter", nodes.With: "with", nodes.Block: "block",
              nodes.ScopedEvalContextModifier: "autoescape", nodes.EvalContextModifier: "autoescape"}

PRIVATE = "不允許存取 Python 內部的屬性或方法（例如 __class__、__globals__）"
PRIVATE_HINT = "頁面只能呼叫手冊的巨集，例如 {{ phase_diagram() }}；巨集清單見 CONTRIBUTING.md"
INCLUDE = "頁面不能引入其他檔案（include、import、extends）"
INCLUDE_HINT = "把內容直接寫在頁面裡，或請維護者新增巨集"
ONLY_MACROS_HINT = ('頁面只能呼叫手冊的巨集，參數直接寫出來，例如 {{ agenda("kickoff", ["sales", "finance"], 60) }}；'
                    "要計算或重複的內容請維護者做成巨集；巨集清單見 docs/editors/macros.md")


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


def template_nodes(tree: nodes.Node) -> Iterator[nodes.Node]:
    """Every node of a parsed page, in the order it is written (depth first, without recursion)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(list(node.iter_child_nodes())))


def node_line(node: nodes.Node) -> int:
    """The template line a node starts at (a node the parser made without one: its first child's)."""
    return next((inner.lineno for inner in template_nodes(node) if inner.lineno), 1)


def is_private(node: nodes.Node) -> bool:
    """Whether a node reads a name Python keeps to itself (`x.__class__`, `x["_y"]`)."""
    if isinstance(node, nodes.Getattr):
        return node.attr.startswith("_")
    return (isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const)
            and str(node.arg.value).startswith("_"))


def construct_name(node: nodes.Node) -> str:
    """What an editor would call a construct a page may not use."""
    if isinstance(node, (nodes.BinExpr, nodes.UnaryExpr)):
        return f"做運算（{node.operator}）"
    if isinstance(node, nodes.Concat):
        return "做運算（~）"
    if isinstance(node, nodes.Compare):
        return f"做比較（{operators[node.ops[0].op]}）"
    if isinstance(node, nodes.CondExpr):
        return "用條件（if … else）"
    if isinstance(node, nodes.Filter):
        return f"用篩選器（|{node.name}）"
    if isinstance(node, nodes.Test):
        return f"用判斷（is {node.name}）"
    if isinstance(node, nodes.Getattr):
        return f"讀取屬性或呼叫方法（.{node.attr}）"
    if isinstance(node, (nodes.Getitem, nodes.Slice)):
        return "用 [ ] 取值"
    tag = next((tag for kind, tag in STATEMENTS.items() if isinstance(node, kind)), type(node).__name__)
    return f"用 {{% {tag} %}}"


def construct_refusal(node: nodes.Node) -> tuple[str, str] | None:
    """Why a page may not use this node, and the hint (None: macro calls, names and written-out values)."""
    if isinstance(node, (nodes.List, nodes.Tuple, nodes.Dict)) and len(node.items) > MAX_LIST_ITEMS:
        return (f"清單最多 {MAX_LIST_ITEMS} 項，這裡寫了 {len(node.items)} 項",
                "部門、劇本等代號各寫一次就好；巨集清單見 docs/editors/macros.md")
    if isinstance(node, ALLOWED):
        return None
    if isinstance(node, IMPORTS):
        return INCLUDE, INCLUDE_HINT
    if is_private(node):
        return PRIVATE, PRIVATE_HINT
    return f"頁面只能呼叫巨集，不能{construct_name(node)}", ONLY_MACROS_HINT


def page_refusal(tree: nodes.Template) -> tuple[int, str, str] | None:
    """The first thing a parsed page may not do: its template line, the message and the hint (None: nothing)."""
    calls = []
    for node in template_nodes(tree):
        refusal = construct_refusal(node)
        if refusal:
            return (node_line(node), *refusal)
        if isinstance(node, nodes.Call):
            calls.append(node)
    if len(calls) > MAX_MACRO_CALLS:
        return (node_line(calls[MAX_MACRO_CALLS]), f"一頁最多呼叫 {MAX_MACRO_CALLS} 次巨集，這一頁呼叫了 {len(calls)} 次",
                "把內容拆成幾頁，每一頁只呼叫它需要的巨集")
    return None


def nesting_line(markdown: str) -> int:
    """The first line where brackets nest NESTING_SHOWN deep (1 when none does)."""
    depth = 0
    for number, line in enumerate(markdown.split("\n"), 1):
        for char in line:
            depth += (char in "([{") - (char in ")]}")
            if depth >= NESTING_SHOWN:
                return number
    return 1


def render_page(registry: MacroRegistry, path: str, markdown: str, first_line: int = 1) -> str:
    """Render a hand-written page's macro calls; any failure is a MacroPageError naming path and line."""
    name = f"<page {path}>"
    environment = page_environment(registry)
    try:
        tree = environment.parse(markdown)
        refusal = page_refusal(tree)
        if refusal:
            line, message, hint = refusal
            raise MacroPageError(path, first_line + line - 1, message, hint)
        template = environment.from_string(tree)
        template.filename = name
        return template.render()
    except TemplateSyntaxError as error:
        raise page_error(path, first_line, error.lineno, error) from None
    except RecursionError:
        raise MacroPageError(path, first_line + nesting_line(markdown) - 1, "括號或清單一層套一層，套得太深",
                             "巨集的參數直接寫出來，不要把清單或括號套在另一個裡面") from None
    except (TemplateError, KeyError, ValueError, TypeError, AttributeError, IndexError, ArithmeticError) as error:
        raise page_error(path, first_line, template_line(name) or 1, error) from None


def page_error(path: str, first_line: int, line: int, error: Exception) -> MacroPageError:
    """The editor's message for a failed macro call."""
    where = first_line + line - 1
    if isinstance(error, SecurityError) or "unsafe" in str(error):
        return MacroPageError(path, where, PRIVATE, PRIVATE_HINT)
    if isinstance(error, TemplateNotFound) or "no loader" in str(error):
        return MacroPageError(path, where, INCLUDE, INCLUDE_HINT)
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
