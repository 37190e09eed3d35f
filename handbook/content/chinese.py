"""The one OpenCC setup: every conversion the handbook makes between the scripts, named by what it is for."""

from __future__ import annotations

from functools import lru_cache

import opencc

# The Simplified edition's pages: Taiwan phrases become mainland ones (軟體 → 软件).
EDITION = "tw2sp"
# Character by character, for terms a phrase table would change in meaning (執行 must not become 运行).
EDITION_CHARACTERS = "tw2s"
# The search's per-character map: a query typed in the other script is converted one character at a time.
QUERY_CHARACTERS = "t2s"
# Finding Simplified characters that slipped into Traditional sources.
TO_TAIWAN = "s2tw"


@lru_cache(maxsize=None)
def converter(conversion: str) -> opencc.OpenCC:
    """OpenCC, set up once per conversion."""
    return opencc.OpenCC(conversion)


def convert(text: str, conversion: str) -> str:
    """text converted by one of the conversions above."""
    return converter(conversion).convert(text)
