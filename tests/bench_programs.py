"""The benchmark's programs as `make bench` runs them (never imported: their output is what is tested), for the
bench tests with and without a browser."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def bench(script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run one of the benchmark's programs as `make bench` does; fail with its output if it fails."""
    result = subprocess.run([sys.executable, str(BENCH / script), *args], cwd=ROOT, env={**ENV, **(env or {})},
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return result


def corpus(target: Path, playbooks: int, baseline: Path | None = None) -> None:
    """Write a benchmark corpus of that many playbooks (bench/corpus.py) and its plain twin if asked."""
    bench("corpus.py", str(target), str(playbooks), *(["--baseline", str(baseline)] if baseline else []))


def page_sizes(site: Path) -> dict[str, int]:
    """Bytes of every Traditional page of a built site by path (404.html left out)."""
    return {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")
            if path.name != "404.html" and path.relative_to(site).parts[0] != "zh-Hans"}


def is_index_page(path: str) -> bool:
    """A page that may list items: anything but a playbook's, checklist's or case's own page."""
    return not re.fullmatch(r"(playbooks|checklists|cases)/[^/]+/index\.html", path)
