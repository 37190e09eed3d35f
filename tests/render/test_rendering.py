"""Renderers: contributor data is always escaped; links are relative and derived."""

from __future__ import annotations

import re

from markupsafe import Markup

from handbook.render import rendering
from handbook.domain.agenda import build_agenda, meeting_minutes
from handbook.domain.exports import agenda_markdown
from handbook.content.handbook import Handbook
from handbook.content.models import Playbook
from handbook.render.pages import all_pages, derive_nav
from handbook.render.rendering import Linker

SCRIPT = "<script>alert('x')</script>"


def hostile(handbook: Handbook) -> Handbook:
    """The handbook with a playbook whose data carries markup (as if validation were bypassed)."""
    real = handbook.playbooks["options-abc"]
    data = real.model_dump()
    data.update(title=SCRIPT, summary=f"a {SCRIPT} b", symptoms=[SCRIPT], pitfalls=[SCRIPT])
    steps = [step.model_copy(update={"text": SCRIPT}) for step in real.steps]
    playbook = Playbook.model_construct(**{**data, "steps": steps, "meeting": real.meeting,
                                           "options": real.options})
    return Handbook(handbook.departments, {**handbook.playbooks, "options-abc": playbook},
                    handbook.checklists, handbook.cases, handbook.terms)


def test_script_in_playbook_data_stays_text(handbook):
    evil = hostile(handbook)
    playbook = evil.playbooks["options-abc"]
    linker = Linker("playbooks/options-abc/")
    html = rendering.playbook_header(evil, linker, playbook) + rendering.playbook_footer(
        evil, linker, playbook)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_script_in_agenda_title_stays_text_in_every_export(handbook):
    from handbook.domain.agenda import build_agenda
    agenda = build_agenda(handbook, "sync", ["sales"], 30, title=SCRIPT)
    linker = Linker("")
    html = rendering.agenda_block(handbook, linker, agenda)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    names = sorted(linker.files)
    assert [n.rsplit(".", 1)[1] for n in names] == ["md", "txt"]  # no calendar file dated at build time
    assert all(f'href="{n}"' in html or f'data-src="{n}"' in html for n in names)
    text = next(content for name, content in linker.files.items() if name.endswith(".txt"))
    assert text.startswith(SCRIPT + "\n")


def test_script_in_preparation_stays_text_on_the_page_and_in_markdown(handbook):
    agenda = build_agenda(handbook, "sync", ["finance"], 30, prepare={"finance": [SCRIPT]})
    html = rendering.agenda_block(handbook, Linker(""), agenda)
    assert "<script>" not in html and "<li>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</li>" in html
    assert "    - \\<script\\>alert('x')\\</script\\>\n" in agenda_markdown(handbook, agenda)


def test_linker_builds_relative_links():
    assert Linker("playbooks/one-channel/").item("departments", "sales") == "../../departments/sales/"
    assert Linker("").item("cases", "renewal-weekend") == "cases/renewal-weekend/"
    assert Linker("").page("") == "./"
    assert Linker("toolkit/").page("playbooks/") == "../playbooks/"


def test_item_pages_show_department_names_never_slugs(handbook):
    for slug, playbook in handbook.playbooks.items():
        linker = Linker(f"playbooks/{slug}/")
        html = rendering.playbook_header(handbook, linker, playbook) + rendering.playbook_footer(
            handbook, linker, playbook)
        text = re.sub(r"<[^>]*>|\{:[^}]*\}", " ", html)  # what a reader sees: no tags, no attribute lists
        for ident in list(handbook.departments) + ["initiator"]:
            assert not re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", text), (slug, ident)
        for template in playbook.templates:
            assert not re.search(rf"(?<![\w-]){re.escape(template)}(?![\w-])", text), (slug, template)


def test_provenance_is_one_note_after_the_content(handbook):
    playbook = handbook.playbooks["one-process"]
    linker = Linker("playbooks/one-process/")
    header = rendering.playbook_header(handbook, linker, playbook)
    footer = rendering.playbook_footer(handbook, linker, playbook)
    assert "出處" not in header
    assert footer.count('class="hb-source"') == 1
    assert footer.rindex('class="hb-source"') > footer.index('id="related"') if 'id="related"' in footer else True
    assert 'href="../../about-source/"' in footer


def test_case_facts_are_a_collapsed_comparison_at_the_end(handbook):
    case = handbook.cases["renewal-weekend"]
    linker = Linker("cases/renewal-weekend/")
    assert "原文事實" not in rendering.case_header(handbook, linker, case)
    footer = rendering.case_footer(handbook, linker, case)
    details = footer.index('<details class="hb-source-facts"')
    assert details > footer.index("## 相關內容") and "<details class=\"hb-source-facts\" id=\"facts\">" in footer
    assert all(str(Markup.escape(fact.text)) in footer[details:] for fact in case.facts)


def test_playbook_agenda_links_to_the_planner_prefilled(handbook):
    playbook = handbook.playbooks["one-process"]
    footer = rendering.playbook_footer(handbook, Linker("playbooks/one-process/"), playbook)
    meeting = playbook.meeting
    departments = "%2C".join(meeting.departments or playbook.departments)
    minutes = meeting_minutes(meeting.minutes, playbook)
    start = meeting.start.replace(":", "%3A")
    assert (f'href="../../tools/?type={meeting.type}&amp;departments={departments}&amp;minutes={minutes}'
            f'&amp;start={start}&amp;playbook=one-process#agenda">用這個議程排會議</a>') in footer


def test_case_page_links_to_each_playbook_and_back(handbook):
    case = handbook.cases["renewal-weekend"]
    html = rendering.case_header(handbook, Linker("cases/renewal-weekend/"), case)
    for slug in case.playbooks:
        assert f'href="../../playbooks/{slug}/"' in html
        footer = rendering.playbook_footer(handbook, Linker(f"playbooks/{slug}/"), handbook.playbooks[slug])
        assert 'href="../../cases/renewal-weekend/"' in footer


def test_checklist_form_has_a_label_for_every_input(handbook):
    checklist = handbook.checklists["project-kickoff"]
    html = rendering.checklist_page(handbook, Linker("checklists/project-kickoff/"), checklist)
    for section in checklist.sections:
        for item in section.items:
            assert f'<input type="checkbox" id="c-project-kickoff-{item.id}"' in html
            assert f'<label for="c-project-kickoff-{item.id}"' in html
        for field in section.fields:
            assert f'<label for="f-project-kickoff-{field.id}"' in html


def test_every_item_gets_a_page_and_a_nav_entry(handbook):
    uris = {page.uri for page in all_pages(handbook)}
    for slug in handbook.playbooks:
        assert f"playbooks/{slug}.md" in uris
    for ident in handbook.checklists:
        assert f"checklists/{ident}.md" in uris
    nav = derive_nav(handbook, [(1, "index.md", "首頁"), (60, "glossary.md", "術語表")])
    flat = str(nav)
    assert nav[0] == "index.md" and nav[-1] == "glossary.md"
    for uri in uris:
        assert uri in flat, uri


def test_a_folder_of_hand_written_pages_is_one_nav_section(handbook):
    docs = [(1, "index.md", "首頁"), (8, "projects/binder.md", "專案裝訂本"), (6, "projects/index.md", "我的專案"),
            (7, "projects/project.md", "專案頁"), (5, "progress.md", "我的進度"), (60, "tools/index.md", "工具"),
            (80, "tags.md", "標籤")]
    nav = derive_nav(handbook, docs)
    assert nav[:3] == ["index.md", "progress.md",
                       {"我的專案": ["projects/index.md", "projects/project.md", "projects/binder.md"]}]
    assert nav[-2:] == ["tools/index.md", "tags.md"]  # a folder of one page stays a page


def test_tags_sort_in_the_handbooks_order(handbook):
    from handbook.render.pages import tag_order
    tags = tag_order(handbook)
    shuffled = ["案例", "金融部", "售後部", "共贏", "未知", "檢核表", "溝通"]
    assert sorted(shuffled, key=lambda name: (tags.get(name, len(tags)), name)) == [
        "溝通", "共贏", "售後部", "金融部", "檢核表", "案例", "未知"]


def test_generated_page_title_is_safe_yaml(handbook):
    page = next(p for p in all_pages(handbook) if p.uri == "playbooks/think-as-we.md")
    assert page.markdown.startswith("---\ntitle: 用「我們」溝通")
    assert page.edit_path == "playbooks/think-as-we.md"


def test_big_nav_sections_are_split_into_bounded_chunks():
    from handbook.render.pages import section
    small = section("溝通", [f"p{i}.md" for i in range(20)])
    assert small == {"溝通": [f"p{i}.md" for i in range(20)]}  # up to 20 entries a section stays flat
    chunks = section("溝通", [f"p{i}.md" for i in range(21)])["溝通"]
    assert [next(iter(c)) for c in chunks] == ["溝通 1–10", "溝通 11–20", "溝通 21"]
    assert sum(len(next(iter(c.values()))) for c in chunks) == 21


def test_a_thousand_entries_nest_so_no_level_of_the_nav_holds_more_than_ten():
    from handbook.render.pages import section
    groups = section("執行專案", [f"c{i}.md" for i in range(985)])["執行專案"]
    assert [next(iter(g)) for g in groups][:2] == ["執行專案 1–100", "執行專案 101–200"]
    assert len(groups) == 10
    last = next(iter(groups[-1].values()))
    assert [next(iter(c)) for c in last][-1] == "執行專案 981–985"
    assert next(iter(last[-1].values())) == [f"c{i}.md" for i in range(980, 985)]
    # on a page, its path shows: the groups, the parts of its group, the entries of its part
    assert len(groups) + len(next(iter(groups[0].values()))) + 10 == 30


def test_symptom_chooser_groups_playbooks_under_each_symptom(handbook):
    index = dict(handbook.symptom_index())
    for playbook in handbook.playbooks.values():
        for symptom in playbook.symptoms:
            assert playbook in index[symptom]
    counts = [len(playbooks) for _, playbooks in handbook.symptom_index()]
    assert counts == sorted(counts, reverse=True)
