"""The contract with Material for MkDocs (handbook/plugin/theme.py): when an upgrade moves something the handbook
relies on, these fail and name what moved."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from handbook.plugin import theme

OVERRIDES = ROOT / "overrides"
ASSETS = ROOT / "docs" / "assets"
BLOCKS = theme.overridden_blocks(OVERRIDES)


def material_text(pattern: str) -> str:
    """Material's templates, scripts and stylesheets matching pattern, as one text."""
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(theme.MATERIAL_TEMPLATES.rglob(pattern)))


def material_blocks(template: str) -> set[str]:
    """The blocks a Material template defines, with those of the templates it extends."""
    text = (theme.MATERIAL_TEMPLATES / template).read_text(encoding="utf-8")
    parent = re.search(r'{%-?\s*extends\s+"([^"]+)"', text)
    own = set(re.findall(r"{%-?\s*block\s+(\w+)", text))
    return own | (material_blocks(parent.group(1)) if parent else set())


def handbook_texts() -> list[str]:
    """The handbook's own scripts, stylesheets and template overrides."""
    paths = [*ASSETS.glob("*.js"), *ASSETS.glob("*.css"), *OVERRIDES.rglob("*.html")]
    return [path.read_text(encoding="utf-8") for path in sorted(paths)]


@pytest.mark.parametrize("template", [t for t, blocks in BLOCKS.items() if blocks])
def test_every_overridden_block_still_exists_in_material(template):
    extends = re.search(r'{%-?\s*extends\s+"([^"]+)"', (OVERRIDES / template).read_text(encoding="utf-8"))
    assert extends, f"overrides/{template} defines blocks but extends nothing"
    missing = BLOCKS[template] - material_blocks(extends.group(1))
    assert not missing, f"Material's {extends.group(1)} no longer has the block(s) {sorted(missing)} " \
                        f"that overrides/{template} fills"


@pytest.mark.parametrize("partial", theme.OVERRIDDEN_PARTIALS)
def test_every_replaced_partial_still_exists_in_material(partial):
    assert (OVERRIDES / partial).is_file(), f"theme.OVERRIDDEN_PARTIALS names {partial}, which overrides/ lacks"
    assert (theme.MATERIAL_TEMPLATES / partial).is_file(), \
        f"Material no longer has {partial}: overrides/{partial} replaces nothing now"


def test_every_theme_class_the_handbook_uses_is_still_material_s():
    material = material_text("*.html") + material_text("*.css") + material_text("*.js")
    used = theme.theme_classes(handbook_texts())
    assert len(used) > 20  # the scan found the classes (md-typeset, md-header, …)
    gone = sorted(name for name in used if name not in material)
    assert not gone, f"Material no longer has {gone}, which the handbook's scripts, styles or templates use"


def test_the_header_still_has_a_place_for_the_search_box():
    header = (theme.MATERIAL_TEMPLATES / "partials" / "header.html").read_text(encoding="utf-8")
    assert any(anchor in header for anchor in theme.HEADER_ANCHORS), \
        f"Material's partials/header.html has none of {theme.HEADER_ANCHORS}: move the search box"


def test_the_footer_links_are_named_by_their_text_in_the_build(site):
    """Material labels them "上一頁: title" (its partials/footer.html); the build takes that label off again."""
    footer = (theme.MATERIAL_TEMPLATES / "partials" / "footer.html").read_text(encoding="utf-8")
    assert 'class="md-footer__link md-footer__link--prev" aria-label=' in footer, "Material's footer changed"
    built = (site / "tools" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-footer__link md-footer__link--prev"' in built
    assert not theme.FOOTER_LINK_LABEL.search(built)


@pytest.mark.parametrize("language", theme.LANGUAGES)
def test_the_language_packs_are_where_the_editions_read_them(language):
    pack = theme.LANGUAGE_PACKS / f"{language}.html"
    assert pack.is_file(), f"Material's {language} strings moved from {pack}"
    assert 'search.result.placeholder' in pack.read_text(encoding="utf-8")


def test_the_contract_checks_can_fail(tmp_path):
    """Controls: a class Material lacks and a block it lacks are seen."""
    assert "md-no-such-thing" in theme.theme_classes(['<div class="md-no-such-thing">'])
    fake = tmp_path / "main.html"
    fake.write_text('{% extends "base.html" %}{% block no_such_block %}{% endblock %}', encoding="utf-8")
    assert theme.overridden_blocks(tmp_path)["main.html"] - material_blocks("base.html") == {"no_such_block"}
