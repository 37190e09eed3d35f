"""Which editor's file the checks and the build are working on, so that even an unexpected failure names it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from handbook.content.sources import Problem

_now = {"path": ""}
INTERNAL_HINT = ("這是手冊程式的問題，不是你的錯：請把這段訊息和你改的檔案交給維護者；"
                 "其他檔案都沒有被更動")


@contextmanager
def reading(path: str) -> Iterator[None]:
    """Mark path as the file being worked on; an exception leaves it marked for the last-resort handler."""
    previous, _now["path"] = _now["path"], path
    yield
    _now["path"] = previous


def internal_problem(error: BaseException, path: str | None = None) -> Problem:
    """An unexpected failure, told as `path: 內部錯誤…` without a traceback (and the mark cleared)."""
    where = path or _now["path"] or "（不明的檔案）"
    _now["path"] = ""
    detail = f"{type(error).__name__}: {error}"[:300]
    return Problem(where, 1, "", f"內部錯誤，讀這個檔案時手冊程式出了問題（{detail}）", INTERNAL_HINT)
