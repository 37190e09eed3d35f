"""The CI comment that quotes `make check`: a hostile file name cannot close the code fence."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

SCRIPT = (ROOT / ".github" / "scripts" / "check-comment.js").read_text(encoding="utf-8")
WORKFLOW = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")


def comment_body(browser, output: str) -> str:
    """commentBody(output), run by the browser's JavaScript engine."""
    page = browser.new_page()
    try:
        return page.evaluate(f"(output) => {{ {SCRIPT}; return commentBody(output); }}", output)
    finally:
        page.close()


@pytest.mark.parametrize("name", ["playbooks/a```b.md", "playbooks/```\n# 假標題\n[點我](https://evil.example).md",
                                  "playbooks/``````.md"])
def test_a_file_name_cannot_close_the_fence(browser, name):
    body = comment_body(browser, f"{name}:3: title: 不可為空\n")
    fence = re.search(r"^(`{3,})text$", body, re.M).group(1)
    inside = body.split(fence + "text\n", 1)[1].rsplit("\n" + fence + "\n", 1)[0]
    assert inside == f"{name}:3: title: 不可為空\n"
    assert not re.search(rf"^{fence}", inside, re.M)


def test_the_workflow_uses_the_escaping_script():
    assert "require('./.github/scripts/check-comment.js')" in WORKFLOW
    assert "'```" not in WORKFLOW
