"""The macro sandbox computes nothing an editor writes: no operator, filter, method or loop reaches Jinja's
compiler (which folds constants) or its runtime, so no page allocates or spins; each refusal names its line."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from handbook.render.sandbox import (MAX_LIST_ITEMS, MAX_MACRO_CALLS, MacroPageError, MacroRegistry, calls_macros,
                                     page_environment, page_refusal, render_page)
from macros import define_env

ROOT = Path(__file__).resolve().parents[2]
PATH = "docs/test-page.md"
FIRST_LINE = 5  # where a page's body starts below its front matter
LEAD = "正文\n\n"  # so every expression below sits on the page's line 7
ONLY_MACROS = "頁面只能呼叫巨集，不能"
SECONDS = 2.0

HOSTILE = [  # (what an editor writes, what the message says after 「頁面只能呼叫巨集，不能」)
    ('{{ "x" * 3000000000 }}', "做運算（*）"),
    ("{{ 9 ** 9999999 }}", "做運算（**）"),
    ("{{ 10 ** 100 ** 100 }}", "做運算（**）"),
    ('{{ "%0999999999d" % 1 }}', "做運算（%）"),
    ('{{ "%*d" % (999999999, 1) }}', "做運算（%）"),
    ('{{ "x".center(10 ** 9) }}', "讀取屬性或呼叫方法（.center）"),
    ('{{ "x".ljust(999999999) }}', "讀取屬性或呼叫方法（.ljust）"),
    ('{{ "1".zfill(999999999) }}', "讀取屬性或呼叫方法（.zfill）"),
    ('{{ "\\t".expandtabs(999999999) }}', "讀取屬性或呼叫方法（.expandtabs）"),
    ('{{ "{:999999999}".format(1) }}', "讀取屬性或呼叫方法（.format）"),
    ('{{ "xx".replace("x", "y") }}', "讀取屬性或呼叫方法（.replace）"),
    ("{{ (1).to_bytes(999999999, 'big') }}", "讀取屬性或呼叫方法（.to_bytes）"),
    ('{{ "x"|center(999999999) }}', "用篩選器（|center）"),
    ('{{ "x"|indent(999999999, true) }}', "用篩選器（|indent）"),
    ('{{ "x x"|wordwrap(1, wrapstring="y") }}', "用篩選器（|wordwrap）"),
    ('{{ "%0999999999d"|format(1) }}', "用篩選器（|format）"),
    ('{{ {"a": 1}|tojson(indent=999999999) }}', "用篩選器（|tojson）"),
    ("{{ [1]|batch(999999999, 0) }}", "用篩選器（|batch）"),
    ("{{ [1] * 999999999 }}", "做運算（*）"),
    ("{{ phase_diagram() * 999999999 }}", "做運算（*）"),  # not a constant: would run at render time
    ('{{ interest_matrix(["sales"] + ["sales"]) }}', "做運算（+）"),
    ('{{ "a" ~ "b" }}', "做運算（~）"),
    ("{{ 1 / 0 }}", "做運算（/）"),
    ("{{ phase_diagram() == 1 }}", "做比較（==）"),
    ("{{ 1 if phase_diagram() else 2 }}", "用條件（if … else）"),
    ("{{ 4 is divisibleby 0 }}", "用判斷（is divisibleby）"),
    ("{{ phase_diagram()[0] }}", "用 [ ] 取值"),
    ('{% for a in "x" * 99999 %}{% for b in "x" * 99999 %}.{% endfor %}{% endfor %}', "用 {% for %}"),
    ("{% for a in template_names %}{% for b in template_names %}.{% endfor %}{% endfor %}", "用 {% for %}"),
    ('{% set a = ["x", "x"] %}{% set a = [a, a] %}{% set a = [a, a] %}{{ a }}', "用 {% set %}"),
    ("{% set page %}{{ phase_diagram() }}{% endset %}", "用 {% set %}"),
    ("{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}", "用 {% macro %}"),
    ("{% filter center(999999999) %}x{% endfilter %}", "用 {% filter %}"),
    ("{% if 1 %}x{% endif %}", "用 {% if %}"),
    ("{% with a = 1 %}{{ a }}{% endwith %}", "用 {% with %}"),
    ("{% autoescape false %}x{% endautoescape %}", "用 {% autoescape %}"),
]


@pytest.fixture(scope="module")
def registry() -> MacroRegistry:
    """The handbook's macros, registered as the build registers them, pointed at a test page."""
    registry = MacroRegistry(conf={"config_file_path": str(ROOT / "mkdocs.yml")})
    define_env(registry)
    return registry.at("test-page.md", "test-page/")


def refusal(registry: MacroRegistry, text: str) -> tuple[MacroPageError, float]:
    """The error a page body raises, and how long it took to say so."""
    start = time.monotonic()
    with pytest.raises(MacroPageError) as caught:
        render_page(registry, PATH, text, FIRST_LINE)
    return caught.value, time.monotonic() - start


@pytest.mark.parametrize("expression,what", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_page_cannot_compute_and_is_told_where(registry, expression, what):
    error, seconds = refusal(registry, LEAD + expression)
    assert str(error) == f"{PATH}:7: 巨集: {ONLY_MACROS}{what}"
    assert "巨集" in error.hint and "docs/editors/macros.md" in error.hint
    assert seconds < SECONDS


@pytest.mark.parametrize("expression", ['{{ "x" * 3000000000 }}', "{{ 9 ** 9999999 }}", "{{ 10 ** 10 ** 10 }}",
                                        '{{ "x" * 99999 * 99999 }}', '{{ ["x"] * 99999 * 99999 }}'])
def test_constant_folding_never_runs(registry, expression):
    """Jinja folds constant operators while compiling; the page is refused before it compiles, in little memory."""
    tracemalloc.start()
    try:
        error, seconds = refusal(registry, expression)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.line == FIRST_LINE and ONLY_MACROS in error.message
    assert peak < 20_000_000 and seconds < SECONDS


def test_a_construct_spread_over_lines_names_the_line_it_starts_on(registry):
    error, _ = refusal(registry, LEAD + "{{ phase_diagram(\n) }}\n{{ 2\n ** 9999999 }}")
    assert (error.line, error.message) == (9, ONLY_MACROS + "做運算（**）")


def test_private_attributes_and_includes_keep_their_messages(registry):
    error, _ = refusal(registry, LEAD + '{{ phase_diagram["__globals__"] }}')
    assert (error.line, error.message) == (7, "不允許存取 Python 內部的屬性或方法（例如 __class__、__globals__）")
    error, _ = refusal(registry, LEAD + '{% import "x.html" as x %}')
    assert (error.line, error.message) == (7, "頁面不能引入其他檔案（include、import、extends）")


def test_a_failing_macro_call_names_its_line(registry):
    error, _ = refusal(registry, LEAD + '{{ phase_diagram() }}\n{{ swimlane("no-such-playbook") }}')
    assert error.line == 8 and error.message.startswith("巨集呼叫失敗：swimlane()：找不到劇本")
    error, _ = refusal(registry, LEAD + "{{ no_such_macro() }}")
    assert (error.line, error.message) == (7, "沒有叫做「no_such_macro」的巨集")


def test_a_page_makes_a_bounded_number_of_calls(registry):
    text = LEAD + "{{ phase_diagram() }}\n" * (MAX_MACRO_CALLS + 1)
    error, seconds = refusal(registry, text)
    assert error.line == 7 + MAX_MACRO_CALLS
    assert error.message == f"一頁最多呼叫 {MAX_MACRO_CALLS} 次巨集，這一頁呼叫了 {MAX_MACRO_CALLS + 1} 次"
    assert seconds < SECONDS
    assert page_refusal(page_environment(registry).parse("{{ phase_diagram() }}" * MAX_MACRO_CALLS)) is None


def test_a_written_out_list_is_bounded(registry):
    departments = ", ".join(['"sales"'] * (MAX_LIST_ITEMS + 1))
    error, seconds = refusal(registry, LEAD + "{{ interest_matrix([" + departments + "]) }}")
    assert (error.line, error.message) == (7, f"清單最多 {MAX_LIST_ITEMS} 項，這裡寫了 {MAX_LIST_ITEMS + 1} 項")
    assert seconds < SECONDS


@pytest.mark.parametrize("brackets", ["[]", "()", "{}"])
def test_brackets_nested_too_deep_are_a_message_not_a_traceback(registry, brackets):
    opening, closing = brackets
    error, seconds = refusal(registry, LEAD + "{{ phase_diagram(" + opening * 400 + closing * 400 + ") }}")
    assert (error.line, error.message) == (7, "括號或清單一層套一層，套得太深")
    assert seconds < SECONDS


def test_the_handbook_macros_still_run(registry):
    text = (LEAD + "{{ phase_diagram() }}\n{{ agenda(\"kickoff\", [\"sales\", \"marketing\", \"finance\"], 60, "
            "start=\"14:00\") }}\n{{ stretch(50, 13, 20) }}\n{{ '{{' }} x {{ '}}' }}\n{% raw %}{{ y }}{% endraw %}\n"
            "{## 註解 ##}{{ playbooks_index() }}")
    rendered = render_page(registry, PATH, text, FIRST_LINE)
    assert rendered.count(registry.slots.token) == 4
    assert "{{ x }}" in rendered and "{{ y }}" in rendered and "註解" not in rendered


def test_a_macro_refusing_a_negative_number_says_so(registry):
    error, _ = refusal(registry, LEAD + "{{ stretch(-5, 13, 20) }}")
    assert error.line == 7 and error.message.startswith("巨集呼叫失敗：stretch()：")


@pytest.mark.parametrize("path", sorted((ROOT / "docs").rglob("*.md")), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_hand_written_page_only_calls_macros(registry, path):
    text = path.read_text(encoding="utf-8")
    if calls_macros(text):
        assert page_refusal(page_environment(registry).parse(text)) is None
