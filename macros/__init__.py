"""The handbook's page macros: a thin registry wiring pure renderers to the names hand-written pages may call.

`define_env(registry)` keeps mkdocs-macros' shape; the registry is the sandbox's (handbook/render/sandbox.py).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup

from handbook.render import pages, rendering
from handbook.domain.agenda import build_agenda
from handbook.content.handbook import Handbook
from handbook.domain.exports import planner_data
from handbook.render.item_pages import onboarding_steps
from handbook.render.listing import listings
from handbook.content.kinds import kinds, label
from handbook.content.models import TEMPLATE_NAMES
from handbook.render.projects import PROJECTS_DATA, PROJECTS_PAGE, department_choices, project_data
from handbook.render.rendering import Linker
from handbook.content.state import current_handbook
from handbook.domain.targets import stretch_target


class MacroError(ValueError):
    """A macro called wrongly on a page: names the macro and the reason (the sandbox adds page and line)."""


def define_env(env) -> None:
    """Register the handbook's macros."""
    root = Path(env.conf["config_file_path"]).resolve().parent

    def handbook() -> Handbook:
        if env.handbook is not None:  # the build's, checked once
            return env.handbook
        return current_handbook(root)  # cached until a content file changes

    def linker() -> Linker:
        return Linker(env.page.url)

    def macro(function: Callable[..., Markup]) -> Callable[..., Markup]:
        """Register function; any error names the page and the macro."""
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Markup:
            try:
                page_linker = linker()
                html = function(page_linker, *args, **kwargs)
                if env.conf.get("site_dir"):
                    env.attach(Path(env.conf["site_dir"]) / page_linker.page_url, page_linker.files)
                return Markup(env.slots.hold(env.page.file.src_uri, html))
            except (KeyError, ValueError, TypeError) as error:
                reason = error.args[0] if isinstance(error, KeyError) and error.args else error
                raise MacroError(f"{function.__name__}()：{reason}") from None
        env.macro(wrapper, function.__name__)
        return wrapper

    def lookup(kind: str, ident: str) -> Any:
        items = getattr(handbook(), kind)
        if ident not in items:
            raise ValueError(f"找不到{label(kind)}「{ident}」；代號就是 {kind}/ 裡的檔名（不含副檔名）")
        return items[ident]

    for kind in kinds():
        env.macro(functools.partial(lambda k: rendering.index_fragment(handbook(), linker(), k), kind),
                  f"{kind.name}_index")

    @macro
    def agenda(link: Linker, meeting: str, departments: list[str], minutes: int, playbook: str | None = None,
               start: str = "09:00", title: str | None = None) -> Markup:
        """A time-boxed agenda for a meeting type."""
        play = lookup("playbooks", playbook) if playbook else None
        built = build_agenda(handbook(), meeting, list(departments), int(minutes), play, start, title)
        return rendering.agenda_block(handbook(), link, built, playbook)

    @macro
    def retrospective(link: Linker, case: str) -> Markup:
        """The closing review of a case."""
        found = lookup("cases", case)
        if found.retrospective is None:
            raise ValueError(f"案例「{case}」沒有 retrospective 資料")
        return rendering.retrospective_block(handbook(), link, found)

    @macro
    def interest_matrix(link: Linker, departments: list[str] | None = None) -> Markup:
        """Departments × interests / gains / contributions / owner."""
        chosen = [lookup("departments", d) for d in (departments or handbook().departments)]
        return rendering.fragment("interest_matrix.html", handbook(), link, departments=chosen)

    @macro
    def options_ladder(link: Linker, source: str) -> Markup:
        """The A/B/C ladder of a playbook or case (by slug)."""
        hb = handbook()
        item = hb.playbooks.get(source) or hb.cases.get(source)
        if item is None or not item.options:
            raise ValueError(f"「{source}」不是有 options 資料的劇本或案例")
        return rendering.options_ladder(hb, link, item.options)

    @macro
    def charter(link: Linker, departments: list[str], platform: str = "公司指定的一個平台（原文：微信、QQ 或 263 擇一）",
                urgent: str = "臨時電話或視訊", important: str = "面對面溝通",
                cadence: str = "每週一次（示例）", response: str = "一個工作日內（示例）") -> Markup:
        """The communication charter."""
        chosen = [lookup("departments", d) for d in departments]
        return rendering.fragment("charter.html", handbook(), link, departments=chosen, platform=platform,
                                  urgent=urgent, important=important, cadence=cadence, response=response)

    @macro
    def stretch(link: Linker, market_rate: float, past_margin: float, target_margin: float,
                market_example: bool = True) -> Markup:
        """The stretch-target calculation for a rate, shown worked."""
        target = stretch_target(float(market_rate), float(past_margin), float(target_margin))
        return rendering.fragment("stretch.html", handbook(), link, target=target, market_example=market_example)

    def tool(template: str) -> Callable[[Linker], Markup]:
        """A readers' tool; the data the tools share is written beside the page as JSON."""
        def render_tool(link: Linker) -> Markup:
            data = link.attach("planner-data.json", json.dumps(planner_data(handbook()), ensure_ascii=False))
            return rendering.planner_form(handbook(), link, template, data)
        render_tool.__name__ = template.removesuffix(".html")
        return render_tool

    for template in ("meeting_planner.html", "retrospective_worksheet.html", "stretch_calculator.html",
                     "interest_planner.html"):
        macro(tool(template))

    @macro
    def tool_assets(link: Linker) -> Markup:
        """The tools' stylesheet and scripts, for the one page that holds the tools (pages may not write tags)."""
        return rendering.fragment("tool_assets.html", handbook(), link)

    @macro
    def swimlane(link: Linker, playbook: str) -> Markup:
        """A playbook's steps by department."""
        return rendering.swimlane(handbook(), link, lookup("playbooks", playbook))

    @macro
    def phase_diagram(link: Linker) -> Markup:
        """The three phases, each linking to its playbooks."""
        return rendering.phase_diagram(handbook(), link)

    @macro
    def glossary_list(link: Linker) -> Markup:
        """The glossary."""
        terms = sorted(handbook().terms, key=lambda t: t.term)
        return rendering.fragment("glossary.html", handbook(), link, terms=terms)

    @macro
    def symptom_chooser(link: Linker) -> Markup:
        """Each symptom → the playbooks that answer it (paged)."""
        return rendering.listing_block(handbook(), link, listings(handbook())["symptoms"])

    @macro
    def tag_index(link: Linker) -> Markup:
        """Every tag with where its items are listed (the indexes and department pages) and how many."""
        return rendering.fragment("tag_index.html", handbook(), link, tags=pages.tag_index(handbook()))

    @macro
    def onboarding(link: Linker) -> Markup:
        """The new manager's path."""
        return rendering.fragment("onboarding.html", handbook(), link, path=onboarding_steps(handbook()))

    @macro
    def progress_table(link: Linker) -> Markup:
        """Every checklist, for the saved-progress page (paged)."""
        return rendering.listing_block(handbook(), link, listings(handbook())["progress"])

    @macro
    def my_projects(link: Linker, view: str = "list") -> Markup:
        """A 我的專案 page: the project list ("list"), the current project ("project") or its binder ("binder")."""
        if view not in ("list", "project", "binder"):
            raise ValueError(f"view 只能是 list、project 或 binder，不是「{view}」")
        # Not in the page: with every checklist's schema it grows with the handbook (3.7 MB of HTML attribute at
        # 1,000 playbooks). One file beside the list page serves the three views (its links are relative to it).
        if link.page_url == PROJECTS_PAGE:
            data = project_data(handbook(), link)
            link.attach(PROJECTS_DATA, json.dumps(data, ensure_ascii=False))
        return rendering.fragment("projects.html", handbook(), link, view=view,
                                  departments=department_choices(handbook()),
                                  data_file=link.page(PROJECTS_PAGE) + PROJECTS_DATA)

    env.variables["template_names"] = TEMPLATE_NAMES
