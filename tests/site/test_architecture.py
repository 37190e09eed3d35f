"""The house plan: only handbook/plugin/ knows MkDocs or Material, and each layer imports only earlier layers
(content → domain → render → publish), so a move off MkDocs keeps everything but the plugin."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PLUGIN = ROOT / "handbook" / "plugin"
MODULES = sorted([*(ROOT / "handbook").rglob("*.py"), *(ROOT / "macros").rglob("*.py")])
CORE = [m for m in MODULES if PLUGIN not in m.parents]
LAYERS = ("content", "domain", "render", "publish")  # the flow, in order
THEME = {"mkdocs", "material", "mkdocs_macros"}


def imported_modules(source: str) -> set[str]:
    """The absolute module name of every import in a module."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def imported_roots(source: str) -> set[str]:
    """The top-level package of every import in a module."""
    return {name.split(".")[0] for name in imported_modules(source)}


def layer_of(module: str | Path) -> str | None:
    """The layer a module (a path, or a dotted name) belongs to."""
    parts = module.relative_to(ROOT).parts if isinstance(module, Path) else tuple(module.split("."))
    return parts[1] if len(parts) > 2 and parts[0] == "handbook" and parts[1] in LAYERS else None


def later_layers_imported(path: Path) -> set[str]:
    """Imports of a layer that comes after this module's own (data flows down the layers, never back up)."""
    own = layer_of(path)
    if own is None:
        return set()
    later = set(LAYERS[LAYERS.index(own) + 1:])
    return {name for name in imported_modules(path.read_text(encoding="utf-8")) if layer_of(name) in later}


@pytest.mark.parametrize("module", CORE, ids=[m.relative_to(ROOT).as_posix() for m in CORE])
def test_only_the_plugin_imports_mkdocs_or_material(module):
    assert not imported_roots(module.read_text(encoding="utf-8")) & THEME


@pytest.mark.parametrize("module", CORE, ids=[m.relative_to(ROOT).as_posix() for m in CORE])
def test_a_layer_imports_only_earlier_layers(module):
    assert not later_layers_imported(module)


def test_the_checks_see_what_they_look_for(tmp_path):
    assert "mkdocs" in imported_roots("from mkdocs.structure.files import File\n")
    assert "material" in imported_roots("import material.plugins.tags\n")
    climbing = ROOT / "handbook" / "content" / "climbing.py"  # a content module reaching into render
    assert layer_of(climbing) == "content" and layer_of("handbook.render.rendering") == "render"
    assert layer_of("handbook.checks") is None and layer_of(ROOT / "macros" / "cli.py") is None


def test_the_layers_exist_and_the_plugin_is_the_only_theme_user():
    assert all((ROOT / "handbook" / layer / "__init__.py").is_file() for layer in LAYERS)
    plugin_imports = set().union(*(imported_roots(p.read_text(encoding="utf-8")) for p in PLUGIN.glob("*.py")))
    assert {"mkdocs", "material"} <= plugin_imports


BENCH_MODULES = {path.stem for path in (ROOT / "bench").glob("*.py")}
TESTS = sorted((ROOT / "tests").rglob("*.py"))


def bench_imports(source: str) -> set[str]:
    """Imports of the benchmark's modules (bench/ is run as programs by the tests, never imported)."""
    return {name for name in imported_roots(source) if name in BENCH_MODULES or name == "bench"}


@pytest.mark.parametrize("module", TESTS, ids=[m.relative_to(ROOT).as_posix() for m in TESTS])
def test_no_test_imports_the_benchmark(module):
    assert not bench_imports(module.read_text(encoding="utf-8"))


def test_the_benchmark_check_sees_an_import_of_it():
    assert {"corpus", "figures", "run", "edit_loop", "browser"} <= BENCH_MODULES
    assert bench_imports("import figures\nfrom corpus import seed_handbook\n") == {"figures", "corpus"}
    assert bench_imports("from loopback import served\nimport yaml\n") == set()
