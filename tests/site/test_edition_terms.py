"""The Simplified edition keeps the handbook's meaning and speaks with Material's own Simplified strings."""

from __future__ import annotations

import json
import re

import pytest

from conftest import THEME_PACKS
from handbook.publish.edition import simplified_page, theme_pack, to_simplified

# The handbook's own words, as a mainland reader should read them (tw2sp alone gives 执行 → 运行).
TERMS = {
    "執行": "执行",
    "執行時間": "执行时间",
    "會中執行": "会中执行",
    "專案負責人": "项目负责人",
    "溝通平台": "沟通平台",
    "檢核表": "检核表",
    "劇本": "剧本",
    "合作總結會": "合作总结会",
    "共同目標": "共同目标",
    "挑戰目標": "挑战目标",
    "百分點": "百分点",
    "利益點": "利益点",
    "續保達成率": "续保达成率",
    "匯出 Markdown": "导出 Markdown",
    "列印": "打印",
    "行事曆": "行事历",
    "營運部": "营运部",
    "運營部": "运营部",
}


@pytest.mark.parametrize("traditional", TERMS)
def test_handbook_terms_keep_their_meaning(traditional):
    assert to_simplified(traditional) == TERMS[traditional]


def test_theme_strings_come_from_materials_simplified_pack():
    simplified = theme_pack(THEME_PACKS, "zh")
    page = ('<html lang="zh-TW"><head><script id="__config" type="application/json">'
            + json.dumps({"translations": {"search.result.none": "沒有符合的項目", "clipboard.copy": "複製"}})
            + '</script></head><body><label aria-label="選擇語言">x</label><input placeholder="搜尋">'
            '<article class="md-content__inner md-typeset"><button>清除</button></article></body></html>')
    converted = simplified_page(page, THEME_PACKS)
    config = json.loads(re.search(r'application/json">(.*?)</script>', converted).group(1))
    assert config["translations"] == {"search.result.none": simplified["search.result.none"],
                                      "clipboard.copy": simplified["clipboard.copy"]}
    assert f'aria-label="{simplified["select.language"]}"' in converted
    assert f'placeholder="{simplified["search.placeholder"]}"' in converted
    assert "<button>清除</button>" in converted  # the handbook's own words are the converter's, not the theme's


def test_built_simplified_pages_use_the_simplified_pack(site):
    html = (site / "zh-Hans" / "index.html").read_text(encoding="utf-8")
    simplified = theme_pack(THEME_PACKS, "zh")
    assert f'aria-label="{simplified["nav"]}"' in html and f'aria-label="{simplified["header"]}"' in html
    assert "运行" not in (site / "zh-Hans" / "playbooks" / "one-process" / "index.html").read_text(encoding="utf-8")
