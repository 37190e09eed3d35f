"""Remembering work between `mkdocs serve` rebuilds: keys of bytes, and results kept per model object (a file
that did not change keeps its model object from one rebuild to the next)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


def bytes_key(data: bytes) -> str:
    """A short key that changes whenever the bytes do."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def per_object(cache: dict, tag: Hashable, obj: Any, compute: Callable[[], T]) -> T:
    """compute() once per object (and tag) while cache is kept; the object is held so its id is not reused."""
    key = (tag, id(obj))
    held = cache.get(key)
    if held is None or held[0] is not obj:
        held = cache[key] = (obj, compute())
    return held[1]
