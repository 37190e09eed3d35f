"""Pages kept at a playbook's old address: a playbook merged into another or renamed lists the old slug in
`previous_ids`, and the build leaves a small static page there that sends readers on. No script and nothing
fetched: a meta refresh to a relative URL (the site may sit under any path) and a link to follow by hand."""

from __future__ import annotations

from dataclasses import dataclass

from handbook.content.handbook import Handbook
from handbook.render.rendering import environment

TEMPLATE = "redirect.html"


@dataclass(frozen=True)
class Redirect:
    """An old address, the page it now leads to (relative to the old one) and that page's title."""

    uri: str  # the static file written: playbooks/mutual-gains/index.html
    target: str  # ../map-interests/
    title: str


def redirects(handbook: Handbook) -> list[Redirect]:
    """Every playbook's old addresses, in slug order."""
    return [Redirect(f"playbooks/{old}/index.html", f"../{slug}/", playbook.title)
            for slug, playbook in sorted(handbook.playbooks.items()) for old in playbook.previous_ids]


def redirect_page(redirect: Redirect) -> str:
    """The static HTML page kept at an old address (autoescaped template)."""
    return environment().get_template(TEMPLATE).render(target=redirect.target, title=redirect.title)
