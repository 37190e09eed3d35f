"""The build's own list of the pages it wrote, kept beside them for the nginx renderer.

deploy/render_nginx.py refuses a site holding an HTML page that is not on this list: a page someone put into
site/ (or docs/) by hand would otherwise run its scripts under the site's CSP, whose `script-src 'self'` trusts
any file of the site. The file's name starts with a dot: nginx serves no dotfile.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

MANIFEST = ".handbook-pages.json"


def edition_pages(pages: Iterable[str], editions: Iterable[str]) -> list[str]:
    """Every page the build wrote, in the Traditional edition and under each other edition's folder."""
    written = set(pages)
    return sorted(written | {f"{edition}/{page}" for edition in editions for page in written})


def write_manifest(site_dir: Path, pages: Iterable[str], editions: Iterable[str]) -> Path:
    """Write the list of the build's pages into site_dir."""
    path = site_dir / MANIFEST
    path.write_text(json.dumps({"pages": edition_pages(pages, editions)}, ensure_ascii=False, indent=0) + "\n",
                    encoding="utf-8")
    path.chmod(0o644)
    return path
