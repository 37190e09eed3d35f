"""Editors' HTML is data: what their Markdown may contain, and the allow-list sanitiser (nh3) the build applies.

`body_problems` tells an editor, line by line, what `make check` refuses in a Markdown body; `clean_html` is
the guarantee behind it: whatever the check missed, the converted page keeps only allowed elements,
attributes and URLs (no script, no event handler, no style, no resource from another host).
"""

from __future__ import annotations

import html.parser
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import nh3

from handbook.content.sources import Problem
from handbook.publish.urls import LINK_SCHEMES, url_problem
from handbook.render.rendering import TEMPLATES

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
})
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "details": {"open"},
    "ol": {"start", "reversed"},
}
SOURCE_ONLY_ATTRIBUTES = {"markdown"}  # md_in_html's switch: consumed by Markdown, never reaches the page
URL_ATTRIBUTES = {"href", "src"}

# Classes an editor may give an element (`{: .hb-note }`, `class="…"`, `!!! tip`): the admonition types and the
# handbook's own classes for prose. Anything else could switch on a theme feature (Material turns `mermaid`
# into a script fetched from a CDN, `arithmatex` into MathJax) or pass for the handbook's own interface.
ADMONITION_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check",
    "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing",
    "danger", "error", "bug", "example", "quote", "cite"})
EDITOR_CLASSES = ADMONITION_TYPES | {"hb-note", "hb-start", "hb-citation"}
# What Markdown itself writes into an editor's page (admonition, toc permalinks, details).
MARKDOWN_CLASSES = frozenset({"admonition", "admonition-title", "headerlink", "toc"})
# Ids the theme and the handbook's scripts and generated parts use: Material's start with `__` (`__config`,
# `__search`, `__drawer`), its classes and ids with `md-`; the handbook's generated ids with these prefixes.
RESERVED_ID_PREFIXES = ("__", "md-", "hb-", "f-", "s-", "term-", "tag:", "retro-", "stretch-target-",
                        "stretch-past-", "stretch-market-")
THEME_ID_PREFIXES = ("__", "md-")
CODE_LANGUAGE = re.compile(r"language-(?!mermaid|math)[a-z0-9]+")  # a fenced block's language: shown, never run
CLASS_HINT = f"class 只能用這些：{'、'.join(sorted(EDITOR_CLASSES))}；其他樣式請找維護者"
ID_HINT = ("換一個代號；以 __、md-、hb-、f-、s-、term-、tag:、retro- 開頭的代號，和手冊頁面上已有的代號"
           "（例如 project-name、plan-date），是佈景主題和手冊程式在用的")


# Where the handbook gives elements ids: its templates, the theme overrides and its scripts (the project's).
PROJECT = Path(__file__).resolve().parents[2]
ID_SOURCES = ((TEMPLATES, "*.html"), (PROJECT / "overrides", "**/*.html"), (PROJECT / "docs" / "assets", "*.js"))
WRITTEN_ID = re.compile(r"""(?:\bid="|\.id\s*=\s*"|\bid:\s*")([A-Za-z_][\w:-]*)("|\{\{)""")


@lru_cache(maxsize=None)
def handbook_ids() -> tuple[frozenset[str], tuple[str, ...]]:
    """The ids the handbook's templates and scripts give elements: whole ids, and the prefixes of ids built from
    data (`f-{{ … }}`, a script's `"edit-" + …`)."""
    whole, prefixes = set(), set()
    for folder, pattern in ID_SOURCES:
        for source in folder.glob(pattern):
            for ident, end in WRITTEN_ID.findall(source.read_text(encoding="utf-8")):
                (prefixes if end == "{{" or ident.endswith("-") else whole).add(ident.lower())
    return frozenset(whole), tuple(sorted(prefixes))


def id_problem(ident: str) -> str | None:
    """Why an editor may not give an element this id, or None."""
    whole, prefixes = handbook_ids()
    lowered = ident.lower()
    if lowered.startswith(RESERVED_ID_PREFIXES + prefixes) or lowered in whole:
        return f"代號「{ident}」是佈景主題或手冊程式保留的"
    return None


def class_problem(name: str) -> str | None:
    """Why an editor may not give an element this class, or None."""
    return None if name in EDITOR_CLASSES else f"不允許 class「{name}」"


def name_problems(ids: Iterable[str] = (), classes: Iterable[str] = ()) -> Iterator[tuple[str, str]]:
    """(message, hint) for each id and class an editor may not set."""
    yield from ((problem, ID_HINT) for problem in map(id_problem, ids) if problem)
    yield from ((problem, CLASS_HINT) for problem in map(class_problem, classes) if problem)


def kept_classes(value: str) -> str | None:
    """The classes of a converted page that stay (editors' allowed ones and Markdown's own), or None."""
    kept = [name for name in value.split()
            if name in EDITOR_CLASSES or name in MARKDOWN_CLASSES or CODE_LANGUAGE.fullmatch(name)]
    return " ".join(kept) or None


def _attribute_filter(allowed_hosts: frozenset[str]):
    """nh3's per-attribute check: drop URLs that leave the site, except links to the allowed hosts."""
    def check(element: str, attribute: str, value: str) -> str | None:
        if attribute in URL_ATTRIBUTES and url_problem(value, allowed_hosts, resource=attribute == "src"):
            return None
        if attribute == "id" and value.lower().startswith(THEME_ID_PREFIXES):
            return None  # the handbook's own generated ids pass here; `make check` keeps editors off them
        if attribute == "class":
            return kept_classes(value)
        return value
    return check


def clean_html(fragment: str, allowed_hosts: Iterable[str] = ()) -> str:
    """Keep only allowed elements, attributes and URLs of an editor's converted Markdown."""
    return nh3.clean(fragment, tags=set(TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                     url_schemes=set(LINK_SCHEMES), link_rel=None, strip_comments=True,
                     attribute_filter=_attribute_filter(frozenset(allowed_hosts)))


# --- what `make check` says about a Markdown body -------------------------------------------------------

FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"(`+)(.+?)\1")
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)/?>|<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*$")
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*)>")
LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)")
ATTR_LIST = re.compile(r"\{:?\s*([^{}]*)\}")
ATTR_KEY = re.compile(r"([A-Za-z_:][-\w:.]*)\s*=")
ATTR_KEY_VALUE = re.compile(r"""([A-Za-z_:][-\w:.]*)\s*=\s*("[^"]*"|'[^']*'|\S+)""")
ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s+([^"\s][^"]*?)\s*(?:"|$)')
INTERNAL_MARKERS = ("data-hb-slot", "HBSLOT")


def prose_lines(body: str) -> list[str]:
    """The body's lines with code blocks and code spans blanked (code is shown, never interpreted)."""
    lines, fenced = [], False
    for line in body.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
            lines.append("")
        elif fenced or line.startswith(("    ", "\t")):
            lines.append("")
        else:
            lines.append(INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line))
    return lines


class _TagAttributes(html.parser.HTMLParser):
    """The attributes of one start tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.found = [(name, value or "") for name, value in attrs]


def tag_attributes(tag_text: str) -> list[tuple[str, str]]:
    """(name, value) of a start tag written in Markdown."""
    parser = _TagAttributes()
    parser.feed(tag_text)
    parser.close()
    return parser.found


def tag_problems(line: str, allowed_hosts: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(message, hint) for each HTML tag on a line that the page would not keep."""
    for match in TAG.finditer(line):
        name = (match.group(2) or match.group(5) or "").lower()
        if match.group(1) or match.group(4):
            continue  # a closing tag: its opening tag is the one that matters
        if match.group(5) and name in TAGS:
            yield (f"HTML 標籤 <{name}> 沒有在同一行結束", "把整個標籤寫在同一行，最後以 > 結尾")
            continue
        if name not in TAGS:
            yield (f"不允許 HTML 標籤 <{name}>",
                   "內文只能用 Markdown 和少數安全的標籤（如 <kbd>、<details>）；互動功能請找維護者")
            continue
        for attribute, value in tag_attributes(match.group(0)):
            allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(name, set()) | SOURCE_ONLY_ATTRIBUTES
            if attribute not in allowed:
                yield (f"<{name}> 不允許 {attribute} 屬性", "刪掉這個屬性；樣式請用 class，事件處理不允許")
            elif attribute in URL_ATTRIBUTES:
                reason = url_problem(value, allowed_hosts, resource=attribute == "src")
                if reason:
                    yield reason, "改用手冊內的相對連結，或請維護者把公司系統加進 mkdocs.yml 的 allowed_link_hosts"
            elif attribute == "id":
                yield from name_problems(ids=[value])
            elif attribute == "class":
                yield from name_problems(classes=value.split())


def attr_list_problems(line: str) -> Iterator[tuple[str, str]]:
    """(message, hint) for attribute lists `{: … }` that set anything but id, class, title or lang."""
    for match in ATTR_LIST.finditer(line):
        inside = match.group(1)
        if not (match.group(0).startswith("{:") or inside.startswith(("#", ".")) or "=" in inside):
            continue
        for key in ATTR_KEY.findall(inside):
            if key.lower() not in ATTRIBUTES["*"]:
                yield (f"屬性清單不可以設定「{key}」", "屬性清單只能寫 #代號、.class、title= 或 lang=")
        yield from attr_list_name_problems(inside)


def attr_list_name_problems(inside: str) -> Iterator[tuple[str, str]]:
    """(message, hint) for the ids and classes of an attribute list: `#id`, `.class`, `id=…`, `class="…"`."""
    ids, classes = [], []
    for word in ATTR_KEY_VALUE.sub(" ", inside).split():
        if word.startswith("#"):
            ids.append(word[1:])
        elif word.startswith(".") and len(word) > 1:
            classes.append(word[1:])
    for key, value in ATTR_KEY_VALUE.findall(inside):
        value = value.strip("\"'")
        if key.lower() == "id":
            ids.append(value)
        elif key.lower() == "class":
            classes.extend(value.split())
    yield from name_problems(ids, classes)


def admonition_problems(line: str) -> Iterator[tuple[str, str]]:
    """(message, hint) for an admonition (`!!! type`, `??? type`) of a type the handbook does not style."""
    match = ADMONITION.match(line)
    if match:
        yield from name_problems(classes=match.group(1).split())


def url_problems(line: str, allowed_hosts: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(message, hint) for Markdown links, images, references and autolinks that leave the site."""
    hint = "改用手冊內的相對連結，或請維護者把公司系統加進 mkdocs.yml 的 allowed_link_hosts"
    for match in LINK.finditer(line):
        reason = url_problem(match.group(1), allowed_hosts, resource=_is_image_link(line, match.start()))
        if reason:
            yield reason, hint
    for pattern in (REFERENCE, AUTOLINK):
        for match in pattern.finditer(line):
            reason = url_problem(match.group(1), allowed_hosts, resource=False)
            if reason:
                yield reason, hint


def _is_image_link(line: str, bracket: int) -> bool:
    """Whether the `](` at bracket closes an image `![…]`."""
    opening = line.rfind("[", 0, bracket)
    return opening > 0 and line[opening - 1] == "!"


TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{##.*?##\}", re.S)


def without_template_code(body: str) -> str:
    """A hand-written page with its macro calls blanked (their output is the handbook's, checked apart)."""
    return TEMPLATE_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)


def body_problems(path: str, body: str, first_line: int, allowed_hosts: Iterable[str] = (),
                  templated: bool = False) -> Iterator[Problem]:
    """Everything in a Markdown body that could run, inject or leak: each with its line and a hint."""
    hosts = tuple(allowed_hosts)
    body = without_template_code(body) if templated else body
    for number, line in enumerate(prose_lines(body), start=first_line):
        for marker in INTERNAL_MARKERS:
            if marker in line:
                yield Problem(path, number, "內文", f"「{marker}」是手冊內部使用的記號，內文不能用",
                              "刪掉這段文字")
        for message, hint in [*tag_problems(line, hosts), *attr_list_problems(line), *url_problems(line, hosts),
                              *admonition_problems(line)]:
            yield Problem(path, number, "內文", message, hint)
