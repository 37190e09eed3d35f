"""The one URL rule: where a URL in a page leads, read as a browser reads it (standard library only).

`make check` (sanitize.body_problems), the build's allow-list sanitiser (sanitize.clean_html) and the nginx
renderer (deploy/render_nginx.py, which runs without the handbook's dependencies) all ask `url_problem`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
INVISIBLE_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060-\u2064\ufeff]")


def normalised_url(url: str) -> str:
    """A URL as a browser reads it: entities decoded, tabs, newlines and invisible characters dropped, and a
    backslash read as a slash (as browsers do for web URLs: `/\\host/x` is `//host/x`, another host)."""
    return INVISIBLE_IN_URL.sub("", html.unescape(url)).replace("\\", "/")


UNREADABLE = "網址「{url}」的格式看不懂（瀏覽器可能把它讀成別的主機）"


def refused_scheme(scheme: str) -> str | None:
    """Why a scheme may not appear on the intranet (`javascript:`, `data:`…), or None."""
    return f"不允許「{scheme}:」開頭的網址" if scheme and scheme not in LINK_SCHEMES else None


def scheme_problem(url: str) -> str | None:
    """Why a URL's scheme may not appear on the intranet, or None (its host is not asked about)."""
    try:
        return refused_scheme(urlsplit(normalised_url(url)).scheme.lower())
    except ValueError:
        return UNREADABLE.format(url=url[:80])


REFRESH_TARGET = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.I)


def refresh_target(content: str) -> str | None:
    """The URL the content of a <meta http-equiv=refresh> sends the reader to, or None."""
    found = REFRESH_TARGET.search(content or "")
    return found.group(1).strip() if found else None


def within_site(url: str) -> bool:
    """Whether a URL is a relative path within the same site (no scheme, no host, not from the server's root): the
    only place a meta refresh may send a reader (the pages the build keeps at a playbook's old address)."""
    clean = normalised_url(url)
    try:
        parts = urlsplit(clean)
    except ValueError:
        return False
    return bool(clean) and not parts.scheme and not parts.netloc and not clean.startswith("/")


def url_problem(url: str, allowed_hosts: Iterable[str], resource: bool) -> str | None:
    """Why a URL may not appear on the intranet, or None when it may (resource: loaded, not followed)."""
    clean = normalised_url(url)
    try:
        parts = urlsplit(clean)
    except ValueError:
        return UNREADABLE.format(url=url[:80])
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if refused_scheme(scheme):
        return refused_scheme(scheme)
    if resource and (scheme or clean.startswith("//")):
        return f"圖片或其他資源只能放在手冊自己的網站裡，不可來自「{host or clean}」"
    if scheme in ("http", "https", "") and (host or clean.startswith("//")) and \
            host not in {h.lower() for h in allowed_hosts}:
        return f"連到其他主機「{host or clean}」的連結不允許（內網看不到，也可能是釣魚）"
    return None
