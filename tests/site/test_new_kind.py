"""Adding a content kind is one registry entry plus its model (and a template only if the generic page is not
enough): here a small 常見問題 kind goes through loading, references, schemas, scaffolding, pages, nav and a
real build without touching any other module."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pydantic import Field

from handbook.content import kinds
from handbook.content.loading import load
from handbook.content.models import DepartmentRef, PlaybookRef, ShortText, Slug, Strict, Title
from handbook.content.references import references
from handbook.content.scaffold import scaffold
from handbook.content.schema import all_schemas
from handbook.render.pages import all_pages, derive_nav
from scenario import scenario
FAQ = """---
title: 活動預算誰出？
summary: 聯合活動的費用怎麼分、誰簽核，先看這兩個劇本。
playbooks:
  - first-play
  - {playbook}
departments: [operations]
owner: 營運部
---

先問清楚原廠能補多少，再談各部門分攤。
"""


class Faq(Strict):
    """A question staff ask, answered by pointing at playbooks."""

    slug: Slug
    title: Title
    summary: ShortText
    playbooks: list[PlaybookRef] = Field(min_length=1)
    departments: list[DepartmentRef] = Field(default_factory=list)
    owner: Title
    body: str = ""


@pytest.fixture
def with_faqs(monkeypatch):
    """The registry with one more kind: the only change a new kind needs besides its model."""
    monkeypatch.setitem(kinds.REGISTRY, "faqs", kinds.Kind("faqs", "常見問題", Faq, ".md", "slug", nav_order=35))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The minimal scenario with one FAQ file."""
    project = scenario("minimal", tmp_path / "project")
    (project / "faqs").mkdir(exist_ok=True)
    (project / "faqs" / "event-budget.md").write_text(FAQ.format(playbook="first-play"), encoding="utf-8")
    return project


def test_the_new_kind_loads_and_its_references_come_from_the_model(with_faqs, project):
    handbook, problems = load(project)
    assert handbook is not None, [p.with_hint() for p in problems]
    faq = handbook.items("faqs")["event-budget"]
    assert [(loc, kind, ident) for loc, kind, ident in references(faq)] == [
        (("playbooks", 0), "playbooks", "first-play"), (("playbooks", 1), "playbooks", "first-play"),
        (("departments", 0), "departments", "operations")]


def test_a_missing_reference_in_the_new_kind_is_an_editor_s_error(with_faqs, project):
    (project / "faqs" / "event-budget.md").write_text(FAQ.format(playbook="no-such-play"), encoding="utf-8")
    handbook, problems = load(project)
    assert handbook is None
    assert [p.with_hint() for p in problems if p.severity == "error"] == [
        "faqs/event-budget.md:6: playbooks[1]: 找不到劇本「no-such-play」\n    提示：可用的劇本代號：first-play"]


def test_the_new_kind_has_a_schema_pages_a_nav_section_and_a_starter(with_faqs, project):
    assert "faqs.schema.json" in all_schemas()
    handbook, _ = load(project)
    uris = [page.uri for page in all_pages(handbook)]
    assert {"faqs/index.md", "faqs/event-budget.md"} <= set(uris)
    assert {"常見問題": ["faqs/index.md", "faqs/event-budget.md"]} in derive_nav(handbook, [])
    (project / "templates" / "faq.md").write_text(FAQ.format(playbook="first-play").replace("活動預算誰出？", "__TITLE__"),
                                                  encoding="utf-8")
    written = scaffold(project, "faq", "who-calls-customers", "誰打電話給客戶？")
    assert written == project / "faqs" / "who-calls-customers.md"
    assert load(project)[0].items("faqs")["who-calls-customers"].title == "誰打電話給客戶？"


def test_the_new_kind_builds_into_pages_with_links(with_faqs, project):
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))
    page = (project / "site" / "faqs" / "event-budget" / "index.html").read_text(encoding="utf-8")
    assert "活動預算誰出？" in page and "聯合活動的費用怎麼分" in page and "先問清楚原廠能補多少" in page
    assert 'href="../../playbooks/first-play/"' in page and 'href="../../departments/operations/"' in page
    index = (project / "site" / "faqs" / "index.html").read_text(encoding="utf-8")
    assert 'href="event-budget/"' in index and "常見問題" in index


def test_without_the_registry_entry_the_folder_is_not_content(project):
    handbook, _ = load(project)
    assert "faqs" not in handbook.others and not any(p.uri.startswith("faqs/") for p in all_pages(handbook))
