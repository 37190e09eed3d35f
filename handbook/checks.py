"""Everything the build would fail on, found before it runs: `make check` and the build share this list.

Beyond the models and cross-references (loading.py): editors' HTML and links, hand-written pages (front matter,
macro calls, shadowed pages, symlinks, backups), agendas that cannot be built, duplicate path orders and heading
ids. Each problem is `path:line: field: message` with a hint; nothing here raises on bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from handbook.content import models
from handbook.domain.agenda import AgendaError, build_agenda
from handbook.content.checklist_lock import lock_problems
from handbook.content.calendar import Locator, calendar_problems
from handbook.content.handbook import Handbook
from handbook.content.kinds import REGISTRY, kinds
from handbook.content.loading import is_backup
from handbook.content.reading import internal_problem, reading
from handbook.content.state import loaded
from handbook.links import SiteLinks, page_link_problems
from handbook.render.pages import generated_uris
from handbook.render.rendering import TEMPLATES
from handbook.render.sandbox import MacroPageError, MacroRegistry, calls_macros, render_page
from handbook.publish.sanitize import body_problems
from handbook.content.sources import Problem, Source, SourceError, field_line, read_page, read_source

PAGE_FIELDS = {"title", "nav_weight", "review_by", "owner", "hide", "search", "search_lists", "tags",
               "description", "status"}
GENERATED_ONLY_FIELDS = {"hb_kind", "hb_id", "render_macros", "template"}


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its tags (`!!python/name:` and the like become None)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_config(root: Path) -> dict:
    """mkdocs.yml, read as data."""
    path = root / "mkdocs.yml"
    return (yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}) if path.is_file() else {}


MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")  # MkDocs adds these to every site's list


def markdown_extensions(root: Path) -> tuple[tuple[str, dict], ...]:
    """The Markdown extensions the build converts pages with, and their options."""
    found = {name: {} for name in MKDOCS_EXTENSIONS}
    for entry in site_config(root).get("markdown_extensions") or []:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        found[name] = {**found.get(name, {}), **(options or {})}
    return tuple(found.items())


def allowed_link_hosts(root: Path) -> tuple[str, ...]:
    """The company's own hosts that content may link to: the handbook plugin's `allowed_link_hosts` in mkdocs.yml."""
    config = site_config(root)
    options = next((entry["handbook"] for entry in config.get("plugins") or []
                    if isinstance(entry, dict) and isinstance(entry.get("handbook"), dict)), {})
    return normal_hosts(options.get("allowed_link_hosts") or ())


def normal_hosts(hosts) -> tuple[str, ...]:
    """Host names as links are compared with them (lower case)."""
    return tuple(str(host).lower() for host in hosts)


# --- items ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PageText:
    """The Markdown an editor wrote for one page: its file, the page it becomes (docs-relative), the text, and
    the file's line where the text starts."""

    path: str
    uri: str
    body: str
    first_line: int


def body_first_line(text: str, body: str) -> int:
    """The line of a content file (text) where its body starts."""
    return text[: text.find(body)].count("\n") + 1 if body else 1


def item_pages(handbook: Handbook, root: Path) -> Iterator[tuple[str, PageText]]:
    """Every item with prose (playbooks, cases…): its kind and its body, each file read once."""
    for kind in (kind for kind in kinds() if kind.has_body):
        for ident, item in handbook.items(kind.name).items():
            path = kind.source(ident)
            text = (root / path).read_text(encoding="utf-8")
            yield kind.name, PageText(path, f"{kind.name}/{ident}.md", item.body, body_first_line(text, item.body))


def item_body_problems(items: list[tuple[str, PageText]], hosts: tuple[str, ...],
                       memo: dict | None = None) -> Iterator[Problem]:
    """Item bodies hold nothing that could run, inject or leave the site (remembered by what they read)."""
    for kind, page in items:
        with reading(page.path):
            key = ("body", page.path, hosts, page.first_line, page.body)
            found = memo.get(key) if memo is not None else None
            if found is None:
                found = list(body_file_problems(kind, page, hosts))
                if memo is not None:
                    memo[key] = found
            yield from found


def body_file_problems(kind: str, page: PageText, hosts: tuple[str, ...]) -> Iterator[Problem]:
    """The problems of one item's body."""
    yield from body_problems(page.path, page.body, page.first_line, hosts)
    yield from heading_id_problems(page.path, page.body, page.first_line, reserved_ids(kind))


def link_problems(root: Path, handbook: Handbook, registry: MacroRegistry | None, entries: list[Path],
                  pages: list[PageText]) -> Iterator[Problem]:
    """Every link between pages (item bodies and hand-written pages, as read by the other checks) lands where the
    strict build will find a file and, with an anchor, that id on the page."""
    files = frozenset([*generated_uris(handbook), *(entry.relative_to(root / "docs").as_posix()
                       for entry in entries if entry.is_file() and not entry.is_symlink())])
    site = SiteLinks(root, handbook, markdown_extensions(root), registry)
    for page in pages:
        with reading(page.path):
            yield from page_link_problems(page.path, page.uri, page.body, page.first_line, files, site.anchors)


def path_order_problems(handbook: Handbook, root: Path) -> Iterator[Problem]:
    """No two items share a place on the new manager's path (each is flagged, naming the others)."""
    holders: dict[int, list[str]] = {}
    for kind in kinds():
        for ident, item in handbook.items(kind.name).items():
            if getattr(item, "path_order", None) is not None:
                holders.setdefault(item.path_order, []).append(kind.source(ident))
    for order, paths in holders.items():
        for path in paths if len(paths) > 1 else ():
            others = "、".join(p for p in paths if p != path)
            yield Problem(path, field_line(root / path, "path_order"), "path_order",
                          f"path_order {order} 和 {others} 重複了",
                          "每個項目在新主管路徑上的順序要不同；改成還沒用過的數字")


def previous_id_problems(handbook: Handbook, root: Path) -> Iterator[Problem]:
    """A playbook's previous_ids are addresses no other playbook has now or claims as its own old address: each old
    address leads to exactly one page."""
    claimed: dict[str, list[str]] = {}
    for slug, playbook in handbook.playbooks.items():
        for old in playbook.previous_ids:
            claimed.setdefault(old, []).append(slug)
    for old, slugs in claimed.items():
        for slug in slugs:
            path = REGISTRY["playbooks"].source(slug)
            if old in handbook.playbooks:
                yield Problem(path, field_line(root / path, "previous_ids"), "previous_ids",
                              f"「{old}」是現在還在的劇本（{REGISTRY['playbooks'].source(old)}），不能當成舊代號",
                              "previous_ids 只寫已經刪掉或改名的劇本代號；兩個劇本合併時，先刪掉另一個檔案")
            elif len(slugs) > 1:
                others = "、".join(REGISTRY["playbooks"].source(s) for s in slugs if s != slug)
                yield Problem(path, field_line(root / path, "previous_ids"), "previous_ids",
                              f"舊代號「{old}」也寫在 {others} 的 previous_ids 裡；舊網址只能轉到一個劇本",
                              "只留在接手那個劇本內容的檔案裡")


def calendar_check(handbook: Handbook, root: Path) -> Iterator[Problem]:
    """The plays' dates compose into one calendar (content/calendar.py), located in the playbooks' files."""
    sources: dict[str, Source] = {}

    def source(playbook: models.Playbook) -> Source:
        path = REGISTRY["playbooks"].source(playbook.slug)
        if path not in sources:
            sources[path] = read_source(root, root / path)
        return sources[path]

    where = Locator(path=lambda playbook: REGISTRY["playbooks"].source(playbook.slug),
                    step_line=lambda playbook, index: source(playbook).line_of(("steps", index, "when")),
                    body_line=lambda playbook, number: source(playbook).body_line + number)
    yield from calendar_problems(list(handbook.playbooks.values()), where)


def agenda_problems(handbook: Handbook, root: Path) -> Iterator[Problem]:
    """Every meeting a playbook or case declares can be built into an agenda."""
    for ident, playbook in handbook.playbooks.items():
        meeting = playbook.meeting
        yield from _agenda_problem(handbook, root, REGISTRY["playbooks"].source(ident), "meeting", meeting,
                                   meeting.departments or list(playbook.departments), playbook)
    for ident, case in handbook.cases.items():
        for index, meeting in enumerate(case.meetings):
            yield from _agenda_problem(handbook, root, REGISTRY["cases"].source(ident), f"meetings[{index}]",
                                       meeting, meeting.departments or list(case.departments), None)


def _agenda_problem(handbook: Handbook, root: Path, path: str, field: str, meeting: models.Meeting,
                    departments: list[str], playbook: models.Playbook | None) -> Iterator[Problem]:
    """The problem with one meeting's agenda, if any."""
    try:
        build_agenda(handbook, meeting.type, departments, meeting.minutes, playbook, meeting.start, meeting.title)
    except AgendaError as error:
        yield Problem(path, field_line(root / path, field.split("[")[0]), f"{field}.minutes", str(error),
                      "把 minutes 加長，或減少參與部門與步驟")


EXPLICIT_ID = re.compile(r"^#{1,6}\s.*\{:?[^{}]*#([\w-]+)[^{}]*\}\s*$")


def heading_id_problems(path: str, body: str, first_line: int, reserved: frozenset[str]) -> Iterator[Problem]:
    """Heading ids written in a body are unique, and do not take an id the page's generated parts use."""
    seen: set[str] = set()
    for number, line in enumerate(body.split("\n"), start=first_line):
        match = EXPLICIT_ID.match(line)
        if not match:
            continue
        ident = match.group(1)
        if ident in reserved:
            yield Problem(path, number, "內文", f"標題代號「#{ident}」是手冊產生的段落在用的",
                          "換一個代號；同一頁的標題代號不能重複，否則連結會跳錯地方")
        elif ident in seen:
            yield Problem(path, number, "內文", f"標題代號「#{ident}」在這一頁重複了",
                          "換一個代號；同一頁的標題代號不能重複，否則連結會跳錯地方")
        seen.add(ident)


TEMPLATE_IDS = re.compile(r'\{: #([\w-]+) \}|\sid="([\w-]+)"')


@lru_cache(maxsize=None)
def reserved_ids(kind: str) -> frozenset[str]:
    """The fixed heading ids the generated parts of a kind's page use (read from the templates)."""
    prefixes = {"playbooks": ("playbook", "swimlane", "agenda", "options"), "cases": ("case", "stances",
                "retrospective", "agenda", "options")}.get(kind, (REGISTRY[kind].template or "item",))
    found: set[str] = set()
    for template in TEMPLATES.glob("*.html"):
        if template.name.startswith(prefixes):
            for pair in TEMPLATE_IDS.findall(template.read_text(encoding="utf-8")):
                found.update(ident for ident in pair if ident)
    return frozenset(found | {"swimlane", "agenda", "steps", "related"})


# --- hand-written pages ----------------------------------------------------------------------------------

def docs_files(root: Path) -> list[Path]:
    """Every file and folder under docs/."""
    docs = root / "docs"
    return sorted(docs.rglob("*")) if docs.is_dir() else []


# What editors may add under docs/: pages and raster images. Everything else (HTML, SVG, scripts, styles, data,
# WebAssembly…) could run on the site's own origin, where the CSP's 'self' allows it; it belongs to the
# maintainers, in their folder (CODEOWNERS).
MAINTAINERS_FOLDER = "docs/assets/"
IMAGE_SIGNATURES = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
                    ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",)}
MAX_IMAGE_BYTES = 1_000_000
ALLOWED_SUFFIXES = "、".join([".md", *IMAGE_SIGNATURES])


def docs_file_problems(root: Path, entries: list[Path]) -> Iterator[Problem]:
    """docs/ holds pages and images only (the maintainers' docs/assets/ aside): no symlink (it could publish any
    file of the build host), no other file type, no oversized or disguised image; backups are flagged."""
    for entry in entries:
        path = entry.relative_to(root).as_posix()
        if entry.is_symlink():
            yield Problem(path, 1, "", "docs/ 裡不可以有符號連結（symlink）：它可能把主機上的任何檔案發佈出去",
                          "把真正的檔案放進 docs/，不要用連結")
        elif is_backup(entry.name):
            yield Problem(path, 1, "", "這是編輯器的備份或暫存檔，不會發佈", "刪掉它，不要提交", "warning")
        elif entry.is_file() and not path.startswith(MAINTAINERS_FOLDER):
            yield from editor_file_problems(path, entry)


def editor_file_problems(path: str, entry: Path) -> Iterator[Problem]:
    """An editor's file under docs/ is a page or a real raster image under the size cap."""
    suffix = entry.suffix.lower()
    if suffix == ".md":
        return
    if suffix not in IMAGE_SIGNATURES:
        yield Problem(path, 1, "", f"docs/ 裡只能放頁面和圖片（{ALLOWED_SUFFIXES}），不能放 {suffix or '沒有副檔名的'} 檔",
                      "網頁請寫成 .md；圖示請存成 .png；程式、樣式和其他檔案由維護者放在 docs/assets/")
        return
    size = entry.stat().st_size
    if size > MAX_IMAGE_BYTES:
        yield Problem(path, 1, "", f"圖片太大：{size // 1000} KB，上限是 {MAX_IMAGE_BYTES // 1000} KB",
                      "把圖片縮小或壓縮（例如寬度 1600 像素以內）再放進來")
        return
    with entry.open("rb") as file:
        head = file.read(12)
    if not head.startswith(IMAGE_SIGNATURES[suffix]) or (suffix == ".webp" and head[8:12] != b"WEBP"):
        yield Problem(path, 1, "", f"這個檔案的內容不是 {suffix} 圖片",
                      "用看圖軟體另存成真正的 PNG、JPEG、WebP 或 GIF 檔，副檔名要和格式一致")


def page_sources(root: Path, entries: list[Path]) -> Iterator[tuple[str, Path]]:
    """The hand-written Markdown pages among docs/'s entries: (path, file), symlinks and backups left out."""
    for entry in entries:
        if entry.suffix == ".md" and entry.is_file() and not entry.is_symlink() and not is_backup(entry.name):
            yield entry.relative_to(root).as_posix(), entry


def front_matter_problems(path: str, meta: dict[str, Any], lines: dict) -> Iterator[Problem]:
    """A hand-written page's front matter: known fields, a real review_by date, no generated-page fields."""
    for name, value in meta.items():
        line = lines.get((name,), 1)
        if name in GENERATED_ONLY_FIELDS:
            yield Problem(path, line, name, "這個欄位只給手冊自動產生的頁面用", "刪掉這一行")
        elif name not in PAGE_FIELDS:
            yield Problem(path, line, name, "不認識的欄位", f"手寫頁面可用的欄位：{'、'.join(sorted(PAGE_FIELDS))}")
        elif name == "review_by":
            try:
                models.iso_date(value)
            except ValueError as error:
                yield Problem(path, line, name, str(error), "寫成 YYYY-MM-DD，例如 2027-06-30")
        elif name == "nav_weight" and (not isinstance(value, int) or isinstance(value, bool)):
            yield Problem(path, line, name, f"應為整數，但寫的是 {value!r}", "例如 nav_weight: 20")


def page_problems(root: Path, entries: list[Path], handbook: Handbook, registry: MacroRegistry | None,
                  hosts: tuple[str, ...], read: list[PageText]) -> Iterator[Problem]:
    """Every hand-written page reads, links safely, and its macro calls run (read: gets each page that reads)."""
    generated = {f"docs/{uri}" for uri in generated_uris(handbook)}
    for path, file in page_sources(root, entries):
        with reading(path):
            yield from one_page_problems(path, file, generated, registry, hosts, read)


def one_page_problems(path: str, file: Path, generated: set[str], registry: MacroRegistry | None,
                      hosts: tuple[str, ...], read: list[PageText]) -> Iterator[Problem]:
    """One hand-written page reads, links safely, and its macro calls run."""
    if path in generated:
        yield Problem(path, 1, "", "這一頁和手冊自動產生的頁面同名，會被蓋掉",
                      "換一個檔名；" + "、".join(f"{k.name}/" for k in kinds()) + " 的頁面由內容檔產生")
    try:
        meta, lines, body, body_line, found = read_page(path, file)
    except SourceError as error:
        yield error.problem
        return
    read.append(PageText(path, path.removeprefix("docs/"), body, body_line))
    yield from found
    yield from front_matter_problems(path, meta, lines)
    yield from body_problems(path, body, body_line, hosts, templated=True)
    if registry is not None and calls_macros(body):
        src_uri = path.removeprefix("docs/")
        try:
            output = render_page(registry.at(src_uri, page_url(path)), path, body, body_line)
            registry.rendered[(src_uri, body.strip())] = output
        except MacroPageError as error:
            yield Problem(error.path, error.line, "巨集", error.message, error.hint)


def page_url(path: str) -> str:
    """The directory-style URL of a hand-written page."""
    uri = path.removeprefix("docs/").removesuffix(".md")
    if uri == "index" or uri.endswith("/index"):
        return uri.removesuffix("index")
    return uri + "/"


# --- everything at once --------------------------------------------------------------------------------

def check_all(root: Path, registry: MacroRegistry | None = None, hosts: tuple[str, ...] | None = None,
              memo: dict | None = None, run_macros: bool = True) -> tuple[Handbook | None, list[Problem]]:
    """Load the content and find every problem the build would fail on; the handbook only when none is an error.

    hosts: the hosts links may go to (the plugin passes its option; `make check` reads mkdocs.yml).
    memo: results of earlier checks by what they read, kept by the caller (`mkdocs serve` between rebuilds).
    run_macros: run the hand-written pages' macro calls (False: the build runs them when it renders the page)."""
    try:
        return _check_all(root, registry, hosts, memo, run_macros)
    except Exception as error:  # the last resort: an editor sees which file, never a traceback
        return None, [internal_problem(error)]


def _check_all(root: Path, registry: MacroRegistry | None, hosts: tuple[str, ...] | None, memo: dict | None,
               run_macros: bool) -> tuple[Handbook | None, list[Problem]]:
    """check_all's work."""
    hosts = allowed_link_hosts(root) if hosts is None else normal_hosts(hosts)
    handbook, problems = loaded(root, memo)
    entries = docs_files(root)
    problems = problems + list(docs_file_problems(root, entries))
    if handbook is not None:
        registry = registry or default_registry(root)
        registry.handbook = handbook
        items, pages = list(item_pages(handbook, root)), []
        running = registry if run_macros else None
        for found in (item_body_problems(items, hosts, memo), path_order_problems(handbook, root),
                      previous_id_problems(handbook, root),
                      calendar_check(handbook, root), agenda_problems(handbook, root), lock_problems(handbook, root),
                      page_problems(root, entries, handbook, running, hosts, pages)):
            problems.extend(found)
        # After the pages' macros ran: a link's anchor may be in another page's macro output.
        problems.extend(link_problems(root, handbook, running, entries, [page for _, page in items] + pages))
    problems.sort(key=lambda p: (p.severity != "error", p.path, p.line))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return handbook, problems


def default_registry(root: Path) -> MacroRegistry:
    """The handbook's macros, for checking pages without building them (nothing is written)."""
    from macros import define_env  # the package's entry point registers the macros
    registry = MacroRegistry(conf={"config_file_path": str(root / "mkdocs.yml"), "site_dir": None})
    define_env(registry)
    return registry
