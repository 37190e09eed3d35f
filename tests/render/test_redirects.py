"""Pages kept at a playbook's old address (previous_ids): where they are written, what they hold, and the one
kind of meta refresh the site allows (a relative URL within the site)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.content.loading import load
from handbook.publish.urls import refresh_target, within_site
from handbook.render.redirects import Redirect, redirect_page, redirects

ROOT = Path(__file__).resolve().parents[2]


def test_a_merged_playbooks_old_slug_gets_a_page_at_its_old_address():
    handbook, problems = load(ROOT)
    assert handbook is not None, problems
    found = {r.uri: r for r in redirects(handbook)}
    old = found["playbooks/mutual-gains/index.html"]
    assert old.target == "../map-interests/"
    assert old.title == handbook.playbooks["map-interests"].title
    assert "mutual-gains" not in handbook.playbooks  # the old page is gone; only its address stays


def test_the_page_sends_readers_on_without_a_script_and_escapes_the_title():
    page = redirect_page(Redirect("playbooks/old/index.html", "../new/", '新劇本 <b onclick="x">&'))
    assert '<meta http-equiv="refresh" content="0; url=../new/">' in page
    assert '<a href="../new/">新劇本 &lt;b onclick=&#34;x&#34;&gt;&amp;</a>' in page
    assert '<html lang="zh-Hant">' in page and "<title>" in page
    assert "<script" not in page and "style=" not in page


@pytest.mark.parametrize("content,inside", [
    ("0; url=../map-interests/", True),
    ("0;URL='../a/b/'", True),
    ("0; url=https://evil.example/", False),
    ("0; url=//evil.example/", False),
    ("0; url=/\\evil.example/", False),
    ("0; url=/playbooks/x/", False),  # from the server's root: the site may sit under another path
    ("0; url=javascript:alert(1)", False),
    ("5", False),
])
def test_a_meta_refresh_may_only_lead_to_a_relative_url_of_the_site(content, inside):
    target = refresh_target(content)
    assert bool(target and within_site(target)) is inside
