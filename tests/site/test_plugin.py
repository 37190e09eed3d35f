"""The handbook's MkDocs plugin: typed options a site owner can set, and one build's state made fresh per build."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from scenario import scenario


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The minimal scenario, whose mkdocs.yml the tests change (its pristine text kept beside it)."""
    base = scenario("minimal", tmp_path_factory.mktemp("plugin") / "project", simplified=True, search=True)
    (base / "mkdocs.pristine.yml").write_text((base / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    return base


def configured(project: Path, **options: str):
    """The project's config with some of the plugin's options replaced (as written in mkdocs.yml)."""
    text = (project / "mkdocs.pristine.yml").read_text(encoding="utf-8")
    for name, value in options.items():
        start = text.index(f"      {name}:")
        end = text.index("\n", start)
        text = text[:start] + f"      {name}: {value}" + text[end:]
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    return load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))


def test_the_options_switch_the_edition_and_the_search(project):
    build(configured(project))
    site = project / "site"
    assert (site / "zh-Hans" / "playbooks" / "first-play" / "index.html").is_file() and (site / "pagefind").is_dir()
    build(configured(project, simplified="false", search="false"))
    assert (site / "playbooks" / "first-play" / "index.html").is_file()
    assert not (site / "zh-Hans").exists() and not (site / "pagefind").exists()


def test_a_wrong_option_is_a_configuration_error_naming_it(project, caplog):
    with pytest.raises(Abort):
        configured(project, simplified='"yes"')
    assert "simplified" in caplog.text and "bool" in caplog.text


def test_allowed_hosts_come_from_the_plugin_s_option(project, caplog):
    (project / "docs" / "intranet-link.md").write_text(
        "---\ntitle: 內部連結\nnav_weight: 95\n---\n\n[請假系統](https://hr.intranet.example/leave)\n", encoding="utf-8")
    try:
        with pytest.raises(Abort):
            build(configured(project, simplified="false", search="false"))
        assert "hr.intranet.example" in caplog.text
        hosts = "\n        - ".join(["", "git.intranet.example", "hr.intranet.example"])
        build(configured(project, simplified="false", search="false", allowed_link_hosts=hosts))
        assert 'href="https://hr.intranet.example/leave"' in (
            project / "site" / "intranet-link" / "index.html").read_text(encoding="utf-8")
    finally:
        (project / "docs" / "intranet-link.md").unlink()


def test_each_build_starts_with_its_own_state(project):
    """`serve` rebuilds in the same process: nothing of one build (held blocks, token) reaches the next."""
    config = configured(project, simplified="false", search="false")
    plugin = config.plugins["handbook"]
    config.plugins.on_config(config)
    first = plugin.build
    config.plugins.on_config(config)
    assert plugin.build is not first and plugin.build.macros.slots.token != first.macros.slots.token
    assert list(plugin.build.handbook.playbooks) == list(first.handbook.playbooks) == ["first-play"]
