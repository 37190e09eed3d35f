"""Small per-scenario projects for build tests: tests/scenarios/<name>/ plus what every handbook needs (the
site's mkdocs.yml, theme overrides, assets, starters) and items written from the starters as `make new-…`
writes them, so a scenario holds only what makes it different."""

from __future__ import annotations

import shutil
from pathlib import Path

from handbook.content.kinds import kinds
from handbook.content.scaffold import scaffold

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = Path(__file__).resolve().parent / "scenarios"
SHARED = ("overrides", "templates", "macros", "handbook")


def scenario(name: str, target: Path, *, simplified: bool = False, search: bool = False) -> Path:
    """A buildable copy of scenario name at target: one department (operations), the playbook `first-play`
    and the checklist `first-list` from the starters; the Simplified edition and search off unless asked."""
    shutil.copytree(SCENARIOS / name, target, ignore=shutil.ignore_patterns("README.md"))
    for part in SHARED:
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "assets", target / "docs" / "assets")
    for kind in kinds():
        (target / kind.name).mkdir(exist_ok=True)
    shutil.copy(ROOT / "departments" / "operations.yml", target / "departments")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("simplified: true", f"simplified: {str(simplified).lower()}")
    (target / "mkdocs.yml").write_text(config.replace("search: true", f"search: {str(search).lower()}"),
                                       encoding="utf-8")
    for kind, slug, title in (("playbook", "first-play", "第一個劇本"), ("checklist", "first-list", "第一份檢核表")):
        scaffold(target, kind, slug, title)
    play = target / "playbooks" / "first-play.md"  # the starter names the real kickoff checklist as its example
    play.write_text(play.read_text(encoding="utf-8").replace("project-kickoff", "first-list"), encoding="utf-8")
    return target
