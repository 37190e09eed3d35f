"""The content core knows nothing of MkDocs: only the hook (hooks/) may import mkdocs or material."""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT

CORE = sorted((ROOT / "macros").rglob("*.py"))


def imported_roots(source: str) -> set[str]:
    """The top-level package of every import in a module."""
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("module", CORE, ids=[m.relative_to(ROOT).as_posix() for m in CORE])
def test_core_module_does_not_import_mkdocs(module):
    assert not imported_roots(module.read_text(encoding="utf-8")) & {"mkdocs", "material", "mkdocs_macros"}


def test_the_check_sees_an_mkdocs_import():
    assert "mkdocs" in imported_roots("from mkdocs.structure.files import File\n")
    assert "material" in imported_roots("import material.plugins.tags\n")
