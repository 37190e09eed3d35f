"""extra.sync in mkdocs.yml: a wrong value stops the build with a sentence saying how to write it."""

from __future__ import annotations


import pytest

from conftest import build_site
from handbook.sync.settings import sync_settings_problem
from scenario import scenario

GOOD = {"server": "/sync/", "projects": "/sync-projects/"}


@pytest.mark.parametrize("sync", [None, False, GOOD, {"server": "/intranet/handbook-sync/", "projects": "/p/"}])
def test_absent_or_two_site_paths_are_accepted(sync):
    assert sync_settings_problem(sync) == ""


@pytest.mark.parametrize("sync, words", [
    (True, "兩個路徑"),
    ("/sync/", "兩個路徑"),
    ({"server": "/sync/"}, "兩個路徑"),
    ({**GOOD, "admin": "x"}, "兩個路徑"),
    ({**GOOD, "server": "https://couch.example.com/"}, "自己的路徑"),
    ({**GOOD, "server": "//couch.example.com/"}, "自己的路徑"),
    ({**GOOD, "server": "/sync"}, "自己的路徑"),
    ({**GOOD, "server": "sync/"}, "自己的路徑"),
    ({**GOOD, "server": "/sync/\"><script>"}, "自己的路徑"),
    ({**GOOD, "projects": 5}, "自己的路徑"),
    ({"server": "/sync/", "projects": "/sync/"}, "不能是同一個路徑"),
])
def test_anything_else_is_refused_with_how_to_write_it(sync, words):
    assert words in sync_settings_problem(sync)


def test_a_wrong_extra_sync_stops_the_build_with_the_sentence(tmp_path):
    target = scenario("minimal", tmp_path / "project")
    config = target / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("extra:\n", "extra:\n  sync: https://couch.example.com/\n", 1),
                      encoding="utf-8")
    result = build_site(target, tmp_path / "site", simplified=False)
    assert result.returncode != 0
    assert "extra.sync 要寫成兩個路徑 server 和 projects" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
