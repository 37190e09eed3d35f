"""The Simplified Chinese edition: the whole project converted with OpenCC and built beside the Traditional one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import opencc
import yaml

EDITION_VARIABLE = "HANDBOOK_EDITION"
SIMPLIFIED = "zh-Hans"
SKIP_VARIABLE = "HANDBOOK_SKIP_SIMPLIFIED"
# Everything a build reads; tests, benchmarks and build output are left behind.
SOURCES = ("docs", "overrides", "hooks", "macros", "playbooks", "checklists", "cases", "departments",
           "glossary.yml", "mkdocs.yml")
TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".html", ".py", ".css", ".js", ".json", ".txt"}
ALTERNATE_TRADITIONAL = {"name": "繁體中文", "link": "", "lang": "zh-Hant"}
ALTERNATE_SIMPLIFIED = {"name": "简体中文", "link": f"{SIMPLIFIED}/", "lang": "zh-Hans"}


@lru_cache(maxsize=1)
def converter() -> opencc.OpenCC:
    """Taiwan Traditional → mainland Simplified, phrases included (tw2sp)."""
    return opencc.OpenCC("tw2sp")


def to_simplified(text: str) -> str:
    """Convert text to the Simplified edition's wording."""
    return converter().convert(text)


def is_simplified_build() -> bool:
    """Whether this process builds the Simplified edition."""
    return os.environ.get(EDITION_VARIABLE) == SIMPLIFIED


def convert_tree(root: Path, target: Path) -> None:
    """Copy the build's sources from root to target, converting every text file."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in SOURCES:
        source = root / name
        files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" in file.parts:
                continue
            destination = target / file.relative_to(root)
            destination.parent.mkdir(parents=True, exist_ok=True)
            if file.suffix in TEXT_SUFFIXES:
                destination.write_text(to_simplified(file.read_text(encoding="utf-8")), encoding="utf-8")
            else:
                shutil.copy2(file, destination)


def simplified_config(config: dict[str, Any]) -> dict[str, Any]:
    """The Simplified edition's settings derived from the Traditional config."""
    config = dict(config)
    config["theme"] = {**config["theme"], "language": "zh"}
    config["extra"] = {**config.get("extra", {}), "edition": SIMPLIFIED,
                       "alternate": [{**ALTERNATE_TRADITIONAL, "link": "../"}, {**ALTERNATE_SIMPLIFIED, "link": ""}]}
    config["site_name"] = to_simplified(config["site_name"])
    config.pop("watch", None)
    return config


def build_simplified(root: Path, site_dir: Path, work_dir: Path, background: bool = False) -> subprocess.CompletedProcess:
    """Convert the project into work_dir and build the Simplified edition into site_dir.

    background: run at low priority, so `serve` shows the Traditional edition first.
    """
    convert_tree(root, work_dir)
    config_path = work_dir / "mkdocs.yml"
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=yaml.Loader)
    config_path.write_text(yaml.dump(simplified_config(config), allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    env = {**os.environ, EDITION_VARIABLE: SIMPLIFIED, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_path),
                           "-d", str(site_dir)], cwd=work_dir, env=env, capture_output=True, text=True, check=False,
                          preexec_fn=(lambda: os.nice(10)) if background else None)
