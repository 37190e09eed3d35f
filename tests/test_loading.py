"""Loader and model: every bad contribution gives its exact message, stops the load and changes no file."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from bad_contributions import BAD, GOOD_CHECKLIST, GOOD_PLAYBOOK
from macros.loading import load
from macros.cli import check

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ("departments", "playbooks", "checklists", "cases")

EXPECTED = {
        'bad-yaml': ["playbooks/test-play.md:3: YAML 格式錯誤：did not find expected ',' or ']'"],
        'tab-indent': ['playbooks/test-play.md:6: 用了 Tab 縮排，YAML 只能用空白縮排'],
        'byte-order-mark': ['playbooks/test-play.md:1: 檔案開頭有 BOM（位元組順序標記）'],
        'big5': ['playbooks/test-play.md:2: 檔案不是 UTF-8 編碼（可能是 Big5）'],
        'wrong-type-minutes': ["playbooks/test-play.md:10: run_minutes: 應為整數，但寫的是 '三十'"],
        'quoted-number': ["playbooks/test-play.md:9: prep_minutes: 應為整數，但寫的是 '10'"],
        'empty-title': ['playbooks/test-play.md:2: title: 不可為空'],
        'unknown-field': ['playbooks/test-play.md:27: colour: 不認識的欄位'],
        'misspelled-field': ['playbooks/test-play.md:2: pitfalls: 缺少必填欄位', 'playbooks/test-play.md:18: pitfall: 不認識的欄位'],
        'missing-field': ['playbooks/test-play.md:2: summary: 缺少必填欄位'],
        'unknown-department': ['playbooks/test-play.md:9: departments[1]: 找不到部門「salse」'],
        'unknown-step-owner': ['playbooks/test-play.md:17: steps[1].owner: 負責部門「sales」不在這個劇本的 departments 裡'],
        'unknown-checklist': ['playbooks/test-play.md:21: checklists[0]: 找不到檢核表「project-kickof」'],
        'minutes-do-not-add-up': ['playbooks/test-play.md:11: steps: 各步驟合計 30 分鐘，但 run_minutes 是 35 分鐘；兩者必須相等'],
        'html-in-field': ['playbooks/test-play.md:4: summary: 不可包含 HTML 標籤或模板語法（< > {{ {%）；請只寫純文字'],
        'script-in-title': ['playbooks/test-play.md:2: title: 不可包含 HTML 標籤或模板語法（< > {{ {%）；請只寫純文字'],
        'template-code': ['playbooks/test-play.md:4: summary: 不可包含 HTML 標籤或模板語法（< > {{ {%）；請只寫純文字'],
        'over-long-title': ['playbooks/test-play.md:2: title: 太長：最多 60 個字（目前 62 個字）'],
        'simplified-characters': ['playbooks/test-play.md:4: summary: 有簡體字：这、个、剧、来、测、试'],
        'date-wrong-format': ['playbooks/test-play.md:27: review_by: 日期格式應為 YYYY-MM-DD，例如 2027-06-30'],
        'impossible-date': ['playbooks/test-play.md:27: review_by: 日期「2027-02-30」不存在，請檢查月份和日子'],
        'bad-phase': ["playbooks/test-play.md:3: phase: 不是允許的值：'溝通協調'；可用的值：'溝通'、'協作'、'共贏'"],
        'bad-mode': ["playbooks/test-play.md:18: steps[1].mode: 不是允許的值：'online'；可用的值：'live'、'async'"],
        'slug-in-file': ['playbooks/test-play.md:2: slug: 這個欄位由檔名決定，不要寫在檔案裡'],
        'duplicate-key': ['playbooks/test-play.md:27: owner: 這個欄位重複出現了兩次'],
        'no-front-matter': ['playbooks/test-play.md:1: 檔案開頭缺少 front matter（第一行應為 ---）'],
        'unclosed-front-matter': ['playbooks/test-play.md:1: front matter 沒有結束的 --- 行'],
        'empty-file': ['playbooks/test-play.md:1: 檔案是空的'],
        'not-a-mapping': ['checklists/test-list.yml:1: 資料應為「欄位: 值」的對照表'],
        'wrong-folder': ['playbooks/test-list.yml:1: playbooks/ 只收 .md 檔（這個檔案是 .yml）'],
        'subfolder': ['playbooks/drafts/test-play.md:1: 劇本檔案要直接放在 playbooks/ 底下，不可放在子資料夾'],
        'bad-file-name': ['playbooks/Test Play.md:1: 檔名「Test Play」不能當網址代號'],
        'duplicate-item-id': ['checklists/test-list.yml:12: sections[0].items[1].id: 代號「one」在這份檢核表裡重複了'],
        'department-and-phase': ['checklists/test-list.yml:1: department 與 phase 必須二選一填寫（恰好一個）'],
        'bad-field-type': ["checklists/test-list.yml:17: sections[0].fields[0].type: 不是允許的值：'money'；可用的值：'text'、'date'、'number'、'person'"],
        'bad-item-id': ["checklists/test-list.yml:12: sections[0].items[1].id: 格式不對：'Two Item'"],
        'empty-section': ['checklists/test-list.yml:7: sections[0]: 每個段落至少要有一個 items 或 fields'],
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real content to break."""
    for folder in CONTENT:
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "glossary.yml", tmp_path)
    shutil.copy(ROOT / "checklists.lock.json", tmp_path)
    return tmp_path


def tree_digest(root: Path, skip: Path) -> dict[str, str]:
    """A hash of every file under root except skip."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p != skip}


def write(project: Path, relative: str, content: str | bytes) -> Path:
    """Write one contribution into the project."""
    target = project / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return target


def test_the_table_covers_every_bad_contribution():
    assert len(BAD) >= 25
    assert {name for name, _, _ in BAD} == set(EXPECTED)


@pytest.mark.parametrize("name,relative,content", BAD, ids=[b[0] for b in BAD])
def test_bad_contribution_is_reported_exactly(project, name, relative, content):
    target = write(project, relative, content)
    before = tree_digest(project, target)
    handbook, problems = load(project)
    assert handbook is None
    assert [str(p) for p in problems] == EXPECTED[name]
    assert tree_digest(project, target) == before


def test_the_real_content_loads_without_problems():
    handbook, problems = load(ROOT)
    assert problems == []
    assert handbook is not None


def test_good_samples_are_valid(project):
    write(project, "playbooks/test-play.md", GOOD_PLAYBOOK)
    write(project, "checklists/test-list.yml", GOOD_CHECKLIST)
    handbook, problems = load(project)
    assert problems == []
    assert handbook.playbooks["test-play"].title == "測試劇本"
    assert handbook.checklists["test-list"].sections[0].items[1].id == "two"


def test_every_problem_is_printed_at_once_with_hints(project, capsys):
    wrong_type = next(content for name, _, content in BAD if name == "wrong-type-minutes")
    write(project, "playbooks/one.md", wrong_type)
    write(project, "playbooks/two.md", "")
    assert check(project) == 1
    out = capsys.readouterr().out
    assert "playbooks/one.md:10: run_minutes: 應為整數" in out
    assert "playbooks/two.md:1: 檔案是空的" in out
    assert "    提示：" in out
    assert "內容檢查失敗：2 個錯誤" in out


def test_reverse_links_are_derived_not_stored():
    handbook, _ = load(ROOT)
    for case in handbook.cases.values():
        for slug in case.playbooks:
            assert case in handbook.cases_using_playbook(slug)
    assert not hasattr(handbook.playbooks["options-abc"], "cases")


def test_every_department_has_an_interest_checklist():
    handbook, _ = load(ROOT)
    for ident in handbook.departments:
        assert handbook.checklists_for_department(ident), ident


def test_overdue_content_is_a_warning_not_an_error(project, capsys):
    (project / "docs").mkdir()
    (project / "docs" / "page.md").write_text("---\ntitle: 頁\nreview_by: 2020-01-01\n---\n\n內文\n", encoding="utf-8")
    text = (project / "playbooks" / "one-channel.md").read_text(encoding="utf-8")
    (project / "playbooks" / "one-channel.md").write_text(
        re.sub(r"review_by: .*", "review_by: 2020-01-01", text), encoding="utf-8")
    assert check(project) == 0
    out = capsys.readouterr().out
    line = next(n for n, l in enumerate(text.split("\n"), 1) if l.startswith("review_by:"))
    assert f"playbooks/one-channel.md:{line}: 警告：review_by: 已超過複審日期 2020-01-01" in out
    assert "docs/page.md:3: 警告：review_by: 已超過複審日期 2020-01-01" in out
    assert "內容檢查通過（2 個警告）" in out
