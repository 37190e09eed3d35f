"""Finding Simplified Chinese characters that slipped into Traditional sources."""

from __future__ import annotations

from functools import lru_cache

from handbook.content.chinese import TO_TAIWAN, convert

# Characters OpenCC rewrites but that are standard in Taiwan usage too (佣金, 干擾, 台灣, 公里, 核准).
ALSO_TRADITIONAL = frozenset("佣干台里准")


@lru_cache(maxsize=4096)
def is_simplified(character: str) -> bool:
    """A Han character that Taiwan-standard text writes differently."""
    return (
        "\u3400" <= character <= "\u9fff"
        and character not in ALSO_TRADITIONAL
        and convert(character, TO_TAIWAN) != character
    )


def simplified_characters(text: str) -> list[str]:
    """The distinct Simplified characters in text, in order of appearance."""
    return list(dict.fromkeys(c for c in text if is_simplified(c)))
