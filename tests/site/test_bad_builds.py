"""Every bad contribution also stops the build, with the same `path:line: field: message` and no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from bad_contributions import BAD
from conftest import ROOT
from bad_contributions import EXPECTED, write

PROJECT_PARTS = ("departments", "playbooks", "checklists", "cases", "docs", "overrides", "macros", "handbook")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A buildable copy of the project (content, pages, hook, theme overrides, config)."""
    base = tmp_path_factory.mktemp("pristine")
    for part in PROJECT_PARTS:
        shutil.copytree(ROOT / part, base / part, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("glossary.yml", "mkdocs.yml", "checklists.lock.json"):
        shutil.copy(ROOT / name, base)
    return base


@pytest.fixture
def project(pristine, tmp_path) -> Path:
    """A fresh copy of the buildable project to break."""
    copy = tmp_path / "project"
    shutil.copytree(pristine, copy, symlinks=True)
    return copy


@pytest.mark.parametrize("name,relative,content", BAD, ids=[b[0] for b in BAD])
def test_bad_contribution_stops_the_build(project, name, relative, content, caplog):
    write(project, relative, content)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    with pytest.raises(Abort):
        build(config)
    message = caplog.text
    assert all(expected in message for expected in EXPECTED[name]), message
    assert not (project / "site" / "index.html").exists()


@pytest.mark.parametrize("name", ["docs-class-escape", "body-script", "yaml-alias-bomb", "meeting-too-short",
                                  "docs-include-file"])
def test_the_editor_sees_the_message_not_a_traceback(project, name):
    relative, content = next((r, c) for n, r, c in BAD if n == name)
    write(project, relative, content)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert EXPECTED[name][0] in result.stderr
