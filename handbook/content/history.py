"""Last-updated dates from git, with a fallback when there is no history."""

from __future__ import annotations

import subprocess
from pathlib import Path


def parse_log(output: str) -> dict[str, str]:
    """Newest commit date per path from `git log --format=%x00%cs --name-only` output."""
    dates: dict[str, str] = {}
    current = ""
    for line in output.splitlines():
        if line.startswith("\x00"):
            current = line[1:]
        elif line and current:
            dates.setdefault(line, current)
    return dates


def commit_dates(root: Path) -> dict[str, str]:
    """Each tracked path's last commit date (YYYY-MM-DD); empty without git or history."""
    try:
        result = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--no-renames"],
                                cwd=root, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    return parse_log(result.stdout) if result.returncode == 0 else {}


def last_updated(dates: dict[str, str], path: str, fallback: str) -> str:
    """A path's last commit date, or the fallback (the build date) when git does not know it."""
    return dates.get(path, fallback)
