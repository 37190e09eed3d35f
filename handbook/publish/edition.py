"""The Simplified Chinese edition: the built Traditional site, converted file by file with OpenCC into site/zh-Hans.

Converting the built site rather than building converted sources a second time costs seconds instead of a second
MkDocs build, and the two editions cannot drift apart: same pages, same anchors, same attachments. What the
conversion changes besides the wording: the page's `lang`, the language-switch links (one folder deeper, and the
other way round), and the folding of calendar lines whose length in bytes changed. Material's own scripts and
styles are copied as they are. Theme strings are Material's own Simplified pack (its zh.html), not the
Traditional strings converted; and the few handbook terms whose tw2sp phrase changes their meaning (執行 is not
运行) are converted character by character.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
from collections.abc import Collection, Iterator
from functools import lru_cache
from pathlib import Path, PurePosixPath


from handbook.content.chinese import EDITION, EDITION_CHARACTERS, convert
from handbook.content.memo import bytes_key

SIMPLIFIED = "zh-Hans"
SKIP_VARIABLE = "HANDBOOK_SKIP_SIMPLIFIED"
CONVERTED_SUFFIXES = {".html", ".json", ".xml", ".txt", ".md", ".csv", ".js", ".css", ".svg"}
# Material's bundles and the vendored libraries (docs/assets/vendor/, locked by sha256 in sync/vendor.lock.json):
# nothing of ours to convert, and a converted byte would break them.
COPIED_FOLDERS = ("assets/javascripts/", "assets/stylesheets/", "assets/vendor/")
# Template text between these markers is not converted (the name of the Traditional edition in the language switch).
KEEP_START, KEEP_END = "<!--hb:keep-->", "<!--/hb:keep-->"
KEPT = re.compile(re.escape(KEEP_START) + ".*?" + re.escape(KEEP_END), re.S)
HTML_LANG = re.compile(r'<html lang="[^"]*"')
EDITION_LINK = re.compile(r'href="([^"]*)"( hreflang="(zh-Hant|zh-Hans)")')
# Handbook terms whose tw2sp phrase would change their meaning (執行 → 运行 "run a program"); these keep their
# words and only change script.
MEANING_KEPT = ("執行",)
MEANING_KEPT_SPLIT = re.compile("(" + "|".join(map(re.escape, MEANING_KEPT)) + ")")
THEME_STRING = re.compile(r'^\s*"([a-z.]+)": "([^"]*)",?$', re.M)
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
# Theme strings in the page: whole attribute values and whole text nodes (never a part of the handbook's prose).
THEME_ATTRIBUTE = re.compile(r'(\s(?:aria-label|placeholder|title|data-md-state|alt)=")([^"<>]+)(")')
THEME_TEXT = re.compile(r"(>\s*)([^<>\n]{1,24}?)(\s*<)")


def to_simplified(text: str) -> str:
    """Convert text to the Simplified edition's wording; MEANING_KEPT terms change script only."""
    pieces = MEANING_KEPT_SPLIT.split(text)
    return "".join(convert(piece, EDITION_CHARACTERS if i % 2 else EDITION)
                   for i, piece in enumerate(pieces))


def theme_pack(packs: Path, name: str) -> dict[str, str]:
    """One of the theme's language packs (packs/name.html, the hook says where) as key → string."""
    return dict(THEME_STRING.findall((packs / f"{name}.html").read_text(encoding="utf-8")))


@lru_cache(maxsize=2)
def theme_strings(packs: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The theme's Simplified strings by key, and by the converted Traditional string they replace."""
    traditional, simplified = theme_pack(packs, "zh-TW"), theme_pack(packs, "zh")
    by_converted: dict[str, str] = {}
    for key, text in traditional.items():
        if key in simplified and key != "language" and not key.startswith(("blog.", "consent.")):
            by_converted.setdefault(to_simplified(text), simplified[key])
    return simplified, by_converted


def with_theme_translations(config: re.Match, packs: Path) -> str:
    """The page's Material config with its translations from the Simplified pack."""
    simplified, _ = theme_strings(packs)
    data = json.loads(config.group(2))
    if isinstance(data.get("translations"), dict):
        data["translations"] = {key: simplified.get(key, text) for key, text in data["translations"].items()}
    return config.group(1) + json.dumps(data) + config.group(3)


ARTICLE = re.compile(r'(<article class="md-content__inner.*?</article>)', re.S)


def simplified_theme(html: str, packs: Path) -> str:
    """A converted page with Material's own Simplified strings in place of the converted Traditional ones
    (outside the article: the handbook's own words are left to the converter)."""
    html = CONFIG_SCRIPT.sub(lambda config: with_theme_translations(config, packs), html, count=1)
    pieces = ARTICLE.split(html)
    return "".join(piece if i % 2 else theme_chrome(piece, packs) for i, piece in enumerate(pieces))


def theme_chrome(html: str, packs: Path) -> str:
    """Material's strings in the page's chrome (header, nav, footer, search) from the Simplified pack."""
    simplified, by_converted = theme_strings(packs)
    swap = lambda m: m.group(1) + by_converted.get(m.group(2), m.group(2)) + m.group(3)  # noqa: E731
    html = THEME_ATTRIBUTE.sub(swap, html)
    html = re.sub(r'(placeholder=")' + re.escape(simplified["search.placeholder"]) + '|(placeholder=")' +
                  re.escape(simplified["search"]), lambda m: (m.group(1) or m.group(2)) + simplified["search.placeholder"],
                  html)
    return THEME_TEXT.sub(swap, html)


def to_simplified_keeping_marked(text: str) -> str:
    """Convert text, except the stretches between KEEP_START and KEEP_END."""
    kept = KEPT.findall(text)
    pieces = KEPT.split(text)
    return "".join(to_simplified(piece) + (kept[i] if i < len(kept) else "") for i, piece in enumerate(pieces))


def tidy_relative(href: str) -> str:
    """A relative URL without ./ and x/.. detours; folders keep their trailing slash."""
    folder = href == "" or href.endswith(("/", ".", ".."))
    tidy = posixpath.normpath(href or ".")
    return "./" if tidy == "." else tidy + ("/" if folder and not tidy.endswith("/") else "")


def edition_link(href: str, lang: str) -> str:
    """A Traditional page's link to an edition, as the same page one folder deeper (in zh-Hans/) needs it."""
    if lang == "zh-Hant":
        return tidy_relative("../" + href)
    return tidy_relative(href.replace(f"{SIMPLIFIED}/", "", 1))


def simplified_page(html: str, packs: Path) -> str:
    """A built Traditional page as the Simplified edition's page (packs: the theme's language packs)."""
    html = simplified_theme(to_simplified_keeping_marked(html), packs)
    html = HTML_LANG.sub('<html lang="zh-Hans"', html, count=1)
    return EDITION_LINK.sub(lambda m: f'href="{edition_link(m.group(1), m.group(3))}"{m.group(2)}', html)


def simplified_file(relative: PurePosixPath, text: str, packs: Path) -> str:
    """One built text file as the Simplified edition's."""
    if relative.suffix == ".html":
        return simplified_page(text, packs)
    return to_simplified(text)


def is_converted(relative: PurePosixPath) -> bool:
    """Whether a built file carries the handbook's wording (Material's bundles and vendored libraries do not)."""
    return relative.suffix in CONVERTED_SUFFIXES and not relative.as_posix().startswith(COPIED_FOLDERS)


def write_simplified_edition(site_dir: Path, packs: Path, written: Collection[str] = ()) -> Path:
    """Write site_dir/zh-Hans from everything else in site_dir (packs: the theme's language packs); its path.

    written: files that are there already, relative to the site (the page worker converted them during the
    build); without them, the folder is written anew."""
    target = site_dir / SIMPLIFIED
    if not written:
        shutil.rmtree(target, ignore_errors=True)
    target.mkdir(exist_ok=True)
    for folder, base, names in site_folders(site_dir, (SIMPLIFIED,)):  # not the edition being written
        (target / base).mkdir(parents=True, exist_ok=True)
        for name in names:
            if base + name not in written:
                write_edition_file(folder / name, PurePosixPath(base + name), target / base / name, packs)
    return target


def write_edition_file(file: Path, relative: PurePosixPath, destination: Path, packs: Path) -> None:
    """One file of the Simplified edition: converted, or copied as it is."""
    if is_converted(relative):
        text = file.read_bytes().decode("utf-8")  # as it is: read_text() would turn the calendars' CRLF into LF
        write_converted(relative, text, destination, packs)
    else:
        shutil.copy2(file, destination)


def write_converted(relative: PurePosixPath, text: str, destination: Path, packs: Path) -> str:
    """Write the Simplified form of a site file's text to destination; returns it."""
    converted = simplified_file(relative, text, packs)
    destination.write_bytes(converted.encode("utf-8"))
    return converted


def site_folders(site_dir: Path, skipped: tuple[str, ...]) -> Iterator[tuple[Path, str, list[str]]]:
    """Each folder under site_dir, top folders in skipped left out: its path, its path relative to site_dir ("" or
    ending in "/"), and the names of its files."""
    top = str(site_dir)
    for folder, folders, names in os.walk(top):
        if folder == top:
            folders[:] = [name for name in folders if name not in skipped]
            base = ""
        else:
            base = os.path.relpath(folder, top).replace(os.sep, "/") + "/"
        yield Path(folder), base, names


def site_files(site_dir: Path, skipped: tuple[str, ...]) -> dict[str, int]:
    """Every file under site_dir by its relative path, with its modification time, top folders in skipped left
    out."""
    return {base + name: os.stat(folder / name).st_mtime_ns
            for folder, base, names in site_folders(site_dir, skipped) for name in names}


def update_simplified_edition(site_dir: Path, packs: Path, apart: tuple[str, ...] = (),
                              seen: dict[str, str] | None = None) -> list[str]:
    """Bring site_dir/zh-Hans up to date after a rebuild that wrote only some files (`mkdocs serve`): files
    newer than their copy are converted again unless their bytes are those last converted (seen: a digest per
    file, kept by the caller), copies of files that are gone are removed. apart: top folders that are not part
    of the pages (the search index, written per edition). Returns what changed."""
    target = site_dir / SIMPLIFIED
    seen = {} if seen is None else seen
    if not target.is_dir():
        write_simplified_edition(site_dir, packs)
        return ["*"]
    sources = site_files(site_dir, (SIMPLIFIED, *apart))
    copies = site_files(target, apart)
    changed = []
    for relative, modified in sorted(sources.items()):
        copied = copies.get(relative)
        if copied is not None and copied >= modified:
            continue
        file = site_dir / relative
        digest = bytes_key(file.read_bytes())
        if copied is not None and seen.get(relative) == digest:
            continue
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        write_edition_file(file, PurePosixPath(relative), destination, packs)
        seen[relative] = digest
        changed.append(relative)
    for relative in copies.keys() - sources.keys():
        (target / relative).unlink()
        changed.append(f"{SIMPLIFIED}/{relative}")
    return changed
