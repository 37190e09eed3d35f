"""The last resort: an unexpected failure in `make check` or the build names the file being read, with a hint,
and never shows an editor a traceback."""

from __future__ import annotations

import logging

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

import handbook.checks
import handbook.plugin.plugin
from handbook.cli import check
from scenario import scenario


def explode(*args, **kwargs):
    """Stands for a bug in the handbook's own code."""
    raise RuntimeError("boom")


@pytest.fixture
def project(tmp_path):
    return scenario("minimal", tmp_path / "project")


def test_check_names_the_file_it_was_reading(project, monkeypatch, capsys):
    monkeypatch.setattr(handbook.checks, "body_file_problems", explode)
    assert check(project) == 1
    out = capsys.readouterr()
    assert "playbooks/first-play.md:1: 內部錯誤，讀這個檔案時手冊程式出了問題（RuntimeError: boom）" in out.out
    assert "提示：這是手冊程式的問題，不是你的錯" in out.out
    assert "Traceback" not in out.out + out.err


def test_check_names_the_hand_written_page_it_was_reading(project, monkeypatch, capsys):
    monkeypatch.setattr(handbook.checks, "front_matter_problems", explode)
    assert check(project) == 1
    assert "docs/index.md:1: 內部錯誤" in capsys.readouterr().out


def test_the_build_names_the_page_it_was_rendering(project, monkeypatch, caplog):
    monkeypatch.setattr(handbook.plugin.plugin, "compose", explode)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(config)
    assert "playbooks/first-play.md:1: 內部錯誤，讀這個檔案時手冊程式出了問題（RuntimeError: boom）" in caplog.text
    assert "Traceback" not in caplog.text
