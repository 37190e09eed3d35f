"""Hostile hand-written pages that would make the macro sandbox compute, allocate or spin without bound.

Rows for the shared table in tests/bad_contributions.py: (name, path, content), and what `make check` prints.
"""

from __future__ import annotations

from bad_contributions import D, page

ROWS = [
    ("docs-string-repetition", D, page('{{ "x" * 3000000000 }}')),
    ("docs-power", D, page("正文\n\n{{ 9 ** 9999999 }}")),
    ("docs-percent-width", D, page('{{ "%0999999999d" % 1 }}')),
    ("docs-center-method", D, page('{{ "x".center(1000000000) }}')),
    ("docs-center-filter", D, page('正文\n\n{{ "x"|center(999999999) }}')),
    ("docs-format-width", D, page('{{ "{:999999999}".format(1) }}')),
    ("docs-nested-loops", D, page('{% for a in "x" * 99999 %}\n{% for b in "x" * 99999 %}.{% endfor %}\n{% endfor %}')),
    ("docs-list-repetition", D, page("{{ interest_matrix([\"sales\"] * 999999999) }}")),
    ("docs-self-doubling-list", D, page('{% set a = ["x", "x"] %}\n{% set a = [a, a] %}\n{{ a }}')),
    ("docs-recursive-macro", D, page("{% macro f() %}{{ f() }}{{ f() }}{% endmacro %}\n{{ f() }}")),
    ("docs-too-many-calls", D, page("{{ phase_diagram() }}\n" * 51)),
    ("docs-long-list", D, page("{{ interest_matrix([" + ", ".join(['"sales"'] * 101) + "]) }}")),
    ("docs-deep-nesting", D, page("{{ phase_diagram(" + "[" * 300 + "]" * 300 + ") }}")),
]

ONLY_MACROS = "docs/test-page.md:{line}: 巨集: 頁面只能呼叫巨集，不能{what}"

# What `make check` says of each row, in the same order.
EXPECTED = {
    "docs-string-repetition": [ONLY_MACROS.format(line=5, what="做運算（*）")],
    "docs-power": [ONLY_MACROS.format(line=7, what="做運算（**）")],
    "docs-percent-width": [ONLY_MACROS.format(line=5, what="做運算（%）")],
    "docs-center-method": [ONLY_MACROS.format(line=5, what="讀取屬性或呼叫方法（.center）")],
    "docs-center-filter": [ONLY_MACROS.format(line=7, what="用篩選器（|center）")],
    "docs-format-width": [ONLY_MACROS.format(line=5, what="讀取屬性或呼叫方法（.format）")],
    "docs-nested-loops": [ONLY_MACROS.format(line=5, what="用 {% for %}")],
    "docs-list-repetition": [ONLY_MACROS.format(line=5, what="做運算（*）")],
    "docs-self-doubling-list": [ONLY_MACROS.format(line=5, what="用 {% set %}")],
    "docs-recursive-macro": [ONLY_MACROS.format(line=5, what="用 {% macro %}")],
    "docs-too-many-calls": ["docs/test-page.md:55: 巨集: 一頁最多呼叫 50 次巨集，這一頁呼叫了 51 次"],
    "docs-long-list": ["docs/test-page.md:5: 巨集: 清單最多 100 項，這裡寫了 101 項"],
    "docs-deep-nesting": ["docs/test-page.md:5: 巨集: 括號或清單一層套一層，套得太深"],
}
