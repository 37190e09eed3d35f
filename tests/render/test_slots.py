"""Macro blocks kept out of Markdown's way, and the whitespace trimming of built pages."""

from __future__ import annotations

import markdown
import pytest
from markupsafe import Markup

from handbook.render import slots
from handbook.publish.minify import collapse_whitespace

EXCLUDED = '<div class="agenda" data-pagefind-ignore>\n<table><tr><td>議程</td></tr></table>\n</div>'
SEARCHABLE = '<fieldset class="hb-section">\n<label>項目</label>\n</fieldset>'


@pytest.fixture
def held_blocks() -> slots.Slots:
    """One build's held blocks."""
    return slots.Slots()


def convert(text: str) -> str:
    """Markdown as the site converts it (raw HTML blocks as in the handbook's pages)."""
    return markdown.markdown(text, extensions=["attr_list", "md_in_html", "admonition"])


def test_blocks_wait_as_placeholders_and_markdown_between_them_stays_markdown(held_blocks):
    held = held_blocks.hold("p.md", f"\n\n{SEARCHABLE}\n\n## 會議議程 {{: #agenda }}\n\n{EXCLUDED}\n\n")
    assert "<fieldset" not in held and "<table" not in held
    assert held.count(held_blocks.token) == 2
    html = convert("前言\n" + held)
    assert '<h2 id="agenda">會議議程</h2>' in html


def test_every_block_returns_once_after_conversion(held_blocks):
    html = convert(held_blocks.hold("p.md", f"\n\n{SEARCHABLE}\n\n{EXCLUDED}\n\n"))
    final = held_blocks.fill("p.md", html)
    assert SEARCHABLE in final and EXCLUDED in final and held_blocks.token not in final
    assert held_blocks.fill("p.md", "<p>x</p>") == "<p>x</p>"  # the page's blocks are gone


def test_a_placeholder_markdown_wrapped_in_a_paragraph_is_replaced_whole(held_blocks):
    held = held_blocks.hold("p.md", f"\n\n{SEARCHABLE}\n\n").strip()
    final = held_blocks.fill("p.md", f"<p>{held}</p>")
    assert final == SEARCHABLE


def test_an_editor_cannot_forge_a_placeholder(held_blocks):
    held_blocks.hold("p.md", f"\n\n{EXCLUDED}\n\n")
    from handbook.publish.sanitize import clean_html
    typed = '<div data-hb-slot="0"></div><p>HBSLOT0000000000000000X0X</p>'
    assert held_blocks.fill("p.md", clean_html(typed)) == "<div></div><p>HBSLOT0000000000000000X0X</p>"


def test_pages_do_not_share_blocks_and_inline_output_is_not_a_block(held_blocks):
    held_blocks.hold("a.md", f"\n\n{SEARCHABLE}\n\n")
    held_blocks.hold("b.md", f"\n\n{EXCLUDED}\n\n")
    assert held_blocks.fill("a.md", f"<p>{held_blocks.placeholder(0)}</p>") == SEARCHABLE
    assert held_blocks.fill("b.md", f"<p>{held_blocks.placeholder(0)}</p>") == EXCLUDED
    inline = held_blocks.hold("a.md", Markup('<a href="x">術語</a>'))
    assert inline == '<a href="x">術語</a>' and type(inline) is str


def test_anchor_ids_of_held_blocks_are_known(held_blocks):
    held_blocks.hold("p.md", '\n\n<h3 id="retro-thanks">一、感謝</h3>\n\n<p id="x">y</p>\n\n')
    assert held_blocks.anchor_ids("p.md") == {"retro-thanks", "x"}


def test_lists_out_of_search_marks_lists_only():
    html = '<h2 id="tag:溝通">溝通</h2><ul><li><a href="x">A</a></li></ul><ol class="n"><li>B</li></ol><p>ul</p>'
    marked = slots.lists_out_of_search(html)
    assert '<ul data-pagefind-ignore>' in marked and '<ol data-pagefind-ignore class="n">' in marked
    assert '<h2 id="tag:溝通">' in marked and "<p>ul</p>" in marked


def test_collapse_whitespace_keeps_code_and_free_text_and_one_break_per_run():
    html = ('<nav>\n    \n      <a>一</a>\n\n\n   <a>二</a>\n</nav>\n'
            '<pre><code>def f():\n\n    return 1\n</code></pre>\n'
            '<textarea>\n  第一行\n\n  第三行</textarea>\n<script>\n  let a = `\n\n`;\n</script>'
            '<p>a <code>x\n\n  y</code> b</p>')
    out = collapse_whitespace(html)
    assert out.startswith("<nav>\n<a>一</a>\n<a>二</a>\n</nav>\n")
    assert "def f():\n\n    return 1\n" in out
    assert "<textarea>\n  第一行\n\n  第三行</textarea>" in out
    assert "let a = `\n\n`;" in out
    assert "<code>x\n\n  y</code>" in out
    assert collapse_whitespace("甲  乙") == "甲  乙"  # spaces inside a line are text


def test_each_build_has_its_own_token_and_blocks(held_blocks):
    """A rebuild under `serve` starts clean: another build's placeholders are not this build's."""
    other = slots.Slots()
    assert other.token != held_blocks.token
    held = held_blocks.hold("p.md", f"\n\n{SEARCHABLE}\n\n").strip()
    assert other.fill("p.md", f"<p>{held}</p>") == f"<p>{held}</p>"
