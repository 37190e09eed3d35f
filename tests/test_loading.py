"""Loader and model: every bad contribution gives its exact message, stops the load and changes no file."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from bad_contributions import BAD, GOOD_CHECKLIST, GOOD_PLAYBOOK, NAN_LINE, TAKEN_ORDER, TAKEN_SLUG, Symlink
from macros.checks import check_all
from macros.sources import field_line
from macros.loading import load
from macros.cli import check

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ("departments", "playbooks", "checklists", "cases", "docs")
TAKEN = f"playbooks/{TAKEN_SLUG}.md"

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
        'html-in-field': ['playbooks/test-play.md:4: summary: 不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字'],
        'script-in-title': ['playbooks/test-play.md:2: title: 不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字'],
        'template-code': ['playbooks/test-play.md:4: summary: 不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字'],
        'over-long-title': ['playbooks/test-play.md:2: title: 太長：最多 60 個字（目前 62 個字）'],
        'simplified-characters': ['playbooks/test-play.md:4: summary: 有簡體字：这、个、剧、来、测、试'],
        'date-wrong-format': ['playbooks/test-play.md:27: review_by: 日期格式應為 YYYY-MM-DD，例如 2027-06-30'],
        'impossible-date': ['playbooks/test-play.md:27: review_by: 日期「2027-02-30」不存在，請檢查月份和日子'],
        'bad-phase': ["playbooks/test-play.md:3: phase: 不是允許的值：'溝通協調'；可用的值：'溝通'、'協作'、'共贏'"],
        'bad-when': ['playbooks/test-play.md:18: steps[1].when: 時間點「T21」看不懂；請寫成 T-21（活動前 21 天）、D（活動當天）或 T+3（活動後 3 天），T 與 D 用大寫、不加空白'],
        'bad-mode': ["playbooks/test-play.md:18: steps[1].mode: 不是允許的值：'online'；可用的值：'live'、'async'"],
        'prepare-unknown-department': ['playbooks/test-play.md:26: meeting.prepare.salse: 找不到部門「salse」'],
        'prepare-not-attending': ['playbooks/test-play.md:26: meeting.prepare.sales: 部門「sales」沒有參加這場會議，不需要會前準備'],
        'prepare-not-a-list': ["playbooks/test-play.md:26: meeting.prepare.operations: 應為清單（每行以 - 開頭），但寫的是 '帶預算上限'"],
        'prepare-too-long': ['playbooks/test-play.md:27: meeting.prepare.operations[0]: 太長：最多 80 個字（目前 81 個字）'],
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
        'body-script': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <script>'],
        'body-script-uppercase': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <script>'],
        'body-iframe': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <iframe>'],
        'body-meta-refresh': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <meta>'],
        'body-base': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <base>'],
        'body-link-stylesheet': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <link>'],
        'body-style-element': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <style>'],
        'body-object': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <object>'],
        'body-embed': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <embed>'],
        'body-form': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <form>', 'playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <input>'],
        'body-svg-onload': ['playbooks/test-play.md:30: 內文: 不允許 HTML 標籤 <svg>'],
        'body-event-handler': ['playbooks/test-play.md:30: 內文: <span> 不允許 onmouseover 屬性'],
        'body-style-attribute': ['playbooks/test-play.md:30: 內文: <span> 不允許 style 屬性'],
        'body-javascript-link': ['playbooks/test-play.md:30: 內文: 不允許「javascript:」開頭的網址'],
        'body-javascript-entity-tab': ['playbooks/test-play.md:30: 內文: 不允許「javascript:」開頭的網址'],
        'body-javascript-mixed-case': ['playbooks/test-play.md:30: 內文: 不允許「javascript:」開頭的網址'],
        'body-vbscript-link': ['playbooks/test-play.md:30: 內文: 不允許「vbscript:」開頭的網址'],
        'body-data-image': ['playbooks/test-play.md:30: 內文: 不允許「data:」開頭的網址'],
        'body-javascript-reference': ['playbooks/test-play.md:32: 內文: 不允許「javascript:」開頭的網址'],
        'body-javascript-autolink': ['playbooks/test-play.md:30: 內文: 不允許「javascript:」開頭的網址'],
        'body-attr-list-handler': ['playbooks/test-play.md:30: 內文: 屬性清單不可以設定「onmouseover」'],
        'body-attr-list-style': ['playbooks/test-play.md:31: 內文: 屬性清單不可以設定「style」'],
        'body-external-image': ['playbooks/test-play.md:30: 內文: 圖片或其他資源只能放在手冊自己的網站裡，不可來自「evil.example」'],
        'body-protocol-relative-image': ['playbooks/test-play.md:30: 內文: 圖片或其他資源只能放在手冊自己的網站裡，不可來自「evil.example」'],
        'body-srcset': ['playbooks/test-play.md:30: 內文: <img> 不允許 srcset 屬性'],
        'body-external-link': ['playbooks/test-play.md:30: 內文: 連到其他主機「evil.example」的連結不允許（內網看不到，也可能是釣魚）'],
        'body-unclosed-tag': ['playbooks/test-play.md:30: 內文: HTML 標籤 <img> 沒有在同一行結束'],
        'body-internal-placeholder': ['playbooks/test-play.md:30: 內文: 「data-hb-slot」是手冊內部使用的記號，內文不能用', 'playbooks/test-play.md:30: 內文: <div> 不允許 data-hb-slot 屬性'],
        'body-duplicate-heading-id': ['playbooks/test-play.md:32: 內文: 標題代號「#same」在這一頁重複了'],
        'body-generated-heading-id': ['playbooks/test-play.md:30: 內文: 標題代號「#steps」是手冊產生的段落在用的'],
        'body-long-line': ['playbooks/test-play.md:30: 這一行太長：5001 個字，上限是 5000 個字'],
        'body-many-brackets': ['playbooks/test-play.md:30: 這一段有超過 500 個「[」'],
        'file-too-large': ['playbooks/test-play.md:1: 檔案太大：676 KB，上限是 200 KB'],
        'yaml-anchor': ['playbooks/test-play.md:5: 不能用 YAML 的錨點（&）或別名（*）'],
        'yaml-alias-bomb': ['checklists/test-list.yml:1: 不能用 YAML 的錨點（&）或別名（*）'],
        'title-newline': ['playbooks/test-play.md:2: title: 不可換行；這個欄位只能寫一行文字'],
        'title-zero-width': ['playbooks/test-play.md:2: title: 含有看不見的字元 U+200B（零寬或改變文字方向）；請刪掉後重打這段文字'],
        'title-bidi-override': ['playbooks/test-play.md:2: title: 含有看不見的字元 U+202E（零寬或改變文字方向）；請刪掉後重打這段文字'],
        'title-nul': ['playbooks/test-play.md:2: title: 含有看不見的控制字元 U+0000；請刪掉後重打這段文字'],
        'summary-jinja-comment': ['playbooks/test-play.md:4: summary: 不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字'],
        'section-title-markdown-link': ['checklists/test-list.yml:8: sections[0].title: 不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字'],
        'item-text-attr-list': ['checklists/test-list.yml:13: sections[0].items[1].text: 不可包含 HTML 標籤、模板語法或 Markdown 連結（< > {{ {% {# ]( {:）；請只寫純文字'],
        'meeting-too-short': ['playbooks/test-play.md:22: meeting.minutes: 專案啟動會至少要 30 分鐘，這裡只給了 5 分鐘'],
        'duplicate-path-order': [
            f'{TAKEN}:{field_line(ROOT / TAKEN, "path_order")}: path_order: path_order {TAKEN_ORDER} 和 playbooks/test-play.md 重複了',
            f'playbooks/test-play.md:28: path_order: path_order {TAKEN_ORDER} 和 {TAKEN} 重複了'],
        'content-symlink': ['playbooks/leak.md:1: 內容資料夾裡不可以有符號連結（symlink）'],
        'docs-symlink': ['docs/leak.md:1: docs/ 裡不可以有符號連結（symlink）：它可能把主機上的任何檔案發佈出去'],
        'docs-globals-escape': ['docs/test-page.md:5: 巨集: 不允許存取 Python 內部的屬性或方法（例如 __class__、__globals__）'],
        'docs-class-escape': ['docs/test-page.md:7: 巨集: 不允許存取 Python 內部的屬性或方法（例如 __class__、__globals__）'],
        'docs-config-leak': ['docs/test-page.md:5: 巨集: 沒有叫做「config」的巨集'],
        'docs-include-file': ['docs/test-page.md:5: 巨集: 頁面不能引入其他檔案（include、import、extends）'],
        'docs-template-syntax': ["docs/test-page.md:5: 巨集: 模板語法錯誤：unexpected '}', expected ')'"],
        'docs-macro-bad-argument': ['docs/test-page.md:5: 巨集: 巨集呼叫失敗：swimlane()：找不到劇本「no-such-playbook」；代號就是 playbooks/ 裡的檔名（不含副檔名）'],
        'docs-script': ['docs/test-page.md:5: 內文: 不允許 HTML 標籤 <script>'],
        'docs-bad-review-by': ['docs/test-page.md:3: review_by: 日期格式應為 YYYY-MM-DD，例如 2027-06-30'],
        'docs-generated-field': ['docs/test-page.md:3: hb_kind: 這個欄位只給手冊自動產生的頁面用', 'docs/test-page.md:4: hb_id: 這個欄位只給手冊自動產生的頁面用'],
        'docs-unknown-field': ['docs/test-page.md:3: render_macro: 不認識的欄位'],
        'docs-bad-front-matter': ["docs/test-page.md:3: YAML 格式錯誤：did not find expected ',' or ']'"],
        'docs-shadowed-page': ['docs/playbooks/index.md:1: 這一頁和手冊自動產生的頁面同名，會被蓋掉'],
        'number-not-a-number': [f'cases/nan-case.md:{NAN_LINE}: retrospective.results[0].target: 必須是一般的數字，不可寫 nan'],
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real content to break."""
    for folder in CONTENT:
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for name in ("glossary.yml", "mkdocs.yml", "checklists.lock.json"):
        shutil.copy(ROOT / name, tmp_path)
    return tmp_path


def tree_digest(root: Path, skip: Path) -> dict[str, str]:
    """A hash of every file under root except skip."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p != skip}


def write(project: Path, relative: str, content: str | bytes) -> Path:
    """Write one contribution into the project (a Symlink becomes a symbolic link)."""
    target = project / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, Symlink):
        target.symlink_to(content)
    else:
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return target


def test_the_table_covers_every_bad_contribution():
    assert len(BAD) >= 60
    assert [name for name, _, _ in BAD] == list(EXPECTED)


@pytest.mark.parametrize("name,relative,content", BAD, ids=[b[0] for b in BAD])
def test_bad_contribution_is_reported_exactly(project, name, relative, content, capsys):
    """`make check` prints exactly these errors, each with a hint, fails, and changes no file."""
    target = write(project, relative, content)
    before = tree_digest(project, target)
    handbook, problems = check_all(project)
    assert handbook is None
    assert [str(p) for p in problems if p.severity == "error"] == EXPECTED[name]
    assert all(p.hint for p in problems)
    assert check(project) == 1
    printed = capsys.readouterr().out
    assert all(expected in printed for expected in EXPECTED[name])
    assert tree_digest(project, target) == before


def test_the_real_content_loads_without_problems():
    handbook, problems = check_all(ROOT)
    assert [str(p) for p in problems] == []
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
    (project / "docs" / "page.md").write_text("---\ntitle: 頁\nreview_by: 2020-01-01\n---\n\n內文\n", encoding="utf-8")
    text = (project / TAKEN).read_text(encoding="utf-8")
    (project / TAKEN).write_text(
        re.sub(r"review_by: .*", "review_by: 2020-01-01", text), encoding="utf-8")
    assert check(project) == 0
    out = capsys.readouterr().out
    line = next(n for n, l in enumerate(text.split("\n"), 1) if l.startswith("review_by:"))
    assert f"{TAKEN}:{line}: 警告：review_by: 已超過複審日期 2020-01-01" in out
    assert "docs/page.md:3: 警告：review_by: 已超過複審日期 2020-01-01" in out
    assert "內容檢查通過（2 個警告）" in out


def test_a_case_meetings_prepare_names_only_its_departments(project):
    """The same rule for a case's meetings: a department that does not attend has nothing to prepare."""
    path = project / "cases" / "renewal-weekend.md"
    text = path.read_text(encoding="utf-8")
    first = text.index("    prepare:\n")
    path.write_text(text[:first] + "    prepare:\n      finance:\n        - 帶預算上限\n" + text[first + 13:],
                    encoding="utf-8")
    line = text[:first].count("\n") + 2
    _, problems = check_all(project)
    assert [str(p) for p in problems if p.severity == "error"] == [
        f"cases/renewal-weekend.md:{line}: meetings[0].prepare.finance: 部門「finance」沒有參加這場會議，不需要會前準備"]
