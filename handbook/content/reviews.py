"""Review-by dates: content past its date is flagged, not failed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from handbook.content.handbook import Handbook
from handbook.content.kinds import kinds
from handbook.content.sources import Problem, field_line, page_meta



def is_overdue(review_by: dt.date, today: dt.date | None = None) -> bool:
    """A page is overdue the day after its review-by date."""
    return review_by < (today or dt.date.today())


def overdue_warning(root: Path, path: str, review_by: dt.date) -> Problem:
    """The warning for one file past its review-by date, at its review_by line."""
    return Problem(path, field_line(root / path, "review_by"), "review_by", f"已超過複審日期 {review_by.isoformat()}",
                   "請確認內容仍正確，再把 review_by 往後改", severity="warning")


def overdue_problems(handbook: Handbook, root: Path, today: dt.date | None = None) -> Iterator[Problem]:
    """A warning for every item past its review-by date."""
    for kind in kinds():
        for ident, item in handbook.items(kind.name).items():
            review_by = getattr(item, "review_by", None)
            if review_by and is_overdue(review_by, today):
                yield overdue_warning(root, kind.source(ident), review_by)


def page_review_date(path: Path) -> dt.date | None:
    """The review_by date in a hand-written page's front matter."""
    value = page_meta(path).get("review_by")
    return dt.date.fromisoformat(str(value)) if value else None


def overdue_page_problems(root: Path, today: dt.date | None = None) -> Iterator[Problem]:
    """A warning for every hand-written page past its review-by date."""
    for path in sorted((root / "docs").rglob("*.md")):
        review_by = page_review_date(path)
        if review_by and is_overdue(review_by, today):
            yield overdue_warning(root, path.relative_to(root).as_posix(), review_by)
