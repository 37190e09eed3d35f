"""Whitespace trimming for built pages: the theme's templates leave thousands of indented blank lines."""

from __future__ import annotations

import re

# Elements whose whitespace is content: code, free text, scripts.
_KEEP = re.compile(r"(<(pre|textarea|script|code|style)\b.*?</\2\s*>)", re.S | re.I)
_LINE_BREAK_RUN = re.compile(r"\n[ \t\r\n]*")  # starts with a literal: fast to find


def collapse_lines(text: str) -> str:
    """A line break and the indentation or blank lines after it become one line break."""
    return _LINE_BREAK_RUN.sub("\n", text)


def collapse_whitespace(html: str) -> str:
    """collapse_lines outside pre, code, textarea, script and style.

    Browsers render such a run as one space (or nothing between blocks), so the page looks the same.
    """
    parts = _KEEP.split(html)
    # split() yields text, whole kept element, its tag name, text, ...: trim only the text parts.
    out = []
    for index in range(0, len(parts), 3):
        out.append(collapse_lines(parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
