"""Text an editor cannot see: invisible characters in data fields (models.py), files that are not UTF-8
(sources.py)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from handbook.content.chinese import convert
from handbook.content.models import (DEFAULT_IGNORABLE, HANGUL_FILLER, TAG_CHARACTER, VARIATION_SELECTOR,
                                     ZERO_WIDTH_OR_DIRECTION, invisible_character, no_markup)
from handbook.content.sources import SourceError, decode


def perl_property(name: str) -> set[int]:
    """The code points of a Unicode property as Perl's own Unicode database lists them."""
    found = subprocess.run(["perl", "-MUnicode::UCD=prop_invlist", "-e", f'print join(" ", prop_invlist("{name}"))'],
                           capture_output=True, text=True, check=True).stdout.split()
    bounds = [int(bound) for bound in found]
    return {code for start, end in zip(bounds[::2], bounds[1::2]) for code in range(start, end)}


def table_codes(kind: str | None = None) -> set[int]:
    """The code points of DEFAULT_IGNORABLE (of one kind)."""
    return {code for first, last, what in DEFAULT_IGNORABLE if kind in (None, what) for code in range(first, last + 1)}


@pytest.fixture(scope="module")
def perl_version() -> str:
    """The Unicode version of Perl's database (Perl is part of every Debian)."""
    if shutil.which("perl") is None:
        pytest.skip("no perl to compare the table with")
    return subprocess.run(["perl", "-MUnicode::UCD", "-e", "print Unicode::UCD::UnicodeVersion()"],
                          capture_output=True, text=True, check=True).stdout


def test_the_table_is_unicodes_default_ignorable_code_points(perl_version):
    """A newer Unicode that adds some fails here: add them to the table, with what they are."""
    assert table_codes() == perl_property("Default_Ignorable_Code_Point"), f"Perl's Unicode {perl_version}"


def test_the_variation_selectors_are_unicodes(perl_version):
    assert table_codes(VARIATION_SELECTOR) == perl_property("Variation_Selector"), f"Perl's Unicode {perl_version}"


def test_the_ranges_are_in_order_and_do_not_overlap():
    for (_, last, _), (first, _, _) in zip(DEFAULT_IGNORABLE, DEFAULT_IGNORABLE[1:]):
        assert last < first


@pytest.mark.parametrize("code", sorted({code for first, last, _ in DEFAULT_IGNORABLE for code in (first, last)}))
def test_every_range_is_refused_in_a_field(code):
    with pytest.raises(ValueError, match=f"含有看不見的字元 U\\+{code:04X}（"):
        no_markup(f"測試 {chr(code)}劇本")  # after a space: not even a variation selector has a character to vary


@pytest.mark.parametrize(("text", "code", "kind"), [
    ("測試\u200b劇本", 0x200B, ZERO_WIDTH_OR_DIRECTION),                  # as before
    ("測試\u202e本劇", 0x202E, ZERO_WIDTH_OR_DIRECTION),
    ("測試\U000E0041\U000E0042劇本", 0xE0041, TAG_CHARACTER),
    ("\u3164", 0x3164, HANGUL_FILLER),                                     # a title that looks blank
    ("運營部\u115f", 0x115F, HANGUL_FILLER),
    ("第一\uffa0步", 0xFFA0, HANGUL_FILLER),
    ("\ufe0f測試", 0xFE0F, VARIATION_SELECTOR),                            # nothing before it
    ("⚠\ufe0f\ufe0e注意", 0xFE0E, VARIATION_SELECTOR),                     # a second one
    ("測試✅" + "".join(chr(0xE0100 + b) for b in b"hidden"), 0xE0169, VARIATION_SELECTOR),  # bytes hidden in them
    ("\u180b", 0x180B, VARIATION_SELECTOR),
])
def test_invisible_characters_are_found_with_what_they_are(text, code, kind):
    assert invisible_character(text) == chr(code)
    with pytest.raises(ValueError) as error:
        no_markup(text)
    assert str(error.value) == f"含有看不見的字元 U+{code:04X}（{kind}）；請刪掉後重打這段文字"


@pytest.mark.parametrize("text", [
    "⚠\ufe0f 先確認預算",          # an emoji in its colour form
    "葛\U000E0100 先生",           # an ideograph in a registered variant form
    "1\ufe0f\u20e3 第一步",        # a keycap
    "☎\ufe0e 分機 1234",           # a symbol in its text form
    "全形　空白與 half-width 空白",
])
def test_a_variation_selector_after_the_character_it_varies_is_kept(text):
    assert invisible_character(text) is None
    assert no_markup(text) == text


# ---------- files that are not UTF-8 ----------

SAMPLE = "---\ntitle: 指定專案負責人\nsummary: 先確認負責人，再建立唯一的專案群組，約好固定見面的時間。\n---\n\n內文。\n"


def not_utf8_message(raw: bytes) -> tuple[int, str]:
    """The line and message decode reports for raw."""
    with pytest.raises(SourceError) as error:
        decode("playbooks/x.md", raw)
    return error.value.problem.line, error.value.problem.message


@pytest.mark.parametrize(("raw", "line", "named"), [
    (SAMPLE.encode("cp950"), 2, "Big5"),
    (convert(SAMPLE, "tw2sp").encode("gbk"), 2, "GBK／GB18030 簡體中文"),
    (convert(SAMPLE, "tw2sp").encode("gb18030"), 2, "GBK／GB18030 簡體中文"),
    ("---\ntitle: Réunion\nsummary: « Première » étape — à réécrire.\n---\n".encode("cp1252"), 2,
     "Latin-1／Windows-1252 西歐文字"),
    ("---\ntitle: Größe\n---\n".encode("latin-1"), 2, "Latin-1／Windows-1252 西歐文字"),
    (SAMPLE.replace("內文。", "內文：“引號”").encode().replace("“".encode(), b"\x93").replace("”".encode(), b"\x94"), 6,
     "Latin-1／Windows-1252 西歐文字"),                                    # typed into a file opened as Western
    (SAMPLE.encode("utf-16"), 1, "UTF-16"),
    (SAMPLE.encode("utf-16-be"), 1, "UTF-16"),
    (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), 1, "UTF-16"),
    ("---\ntitle: plain\n---\n".encode("utf-16-le"), 1, "UTF-16"),          # valid UTF-8 but for its NUL bytes
])
def test_a_file_that_is_not_utf8_is_named_by_what_it_likely_is(raw, line, named):
    assert not_utf8_message(raw) == (line, f"檔案不是 UTF-8 編碼（可能是 {named}）")


def test_a_file_of_unknown_encoding_names_none():
    raw = bytes(range(0x80, 0x100)) * 4  # no text at all
    assert not_utf8_message(raw) == (1, "檔案不是 UTF-8 編碼")
