"""Every URL a built page would make the browser follow or load, read with an HTML parser (not a regex)."""

from __future__ import annotations

import html.parser
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from handbook.publish.urls import within_site

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "cite", "background", "manifest",
                  "ping", "xlink:href", "longdesc", "codebase", "archive", "icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.I)
INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]")


class _PageUrls(html.parser.HTMLParser):
    """Collects (tag, attribute, url) for every URL-carrying attribute, srcset, inline CSS and meta refresh."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name in URL_ATTRIBUTES:
                self.urls.append((tag, name, value))
            elif name in ("srcset", "imagesrcset"):
                self.urls += [(tag, name, part.split()[0]) for part in value.split(",") if part.split()]
            elif name == "style":
                self.urls += [(tag, name, url) for url in CSS_URL.findall(value)]
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = re.search(r"url\s*=\s*['\"]?([^'\"]+)", values.get("content", ""), re.I)
            self.urls.append((tag, "content", target.group(1) if target else "(refresh)"))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += [("style", "#text", url) for url in CSS_URL.findall(data)]


def page_urls(page_html: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, url) of every URL in a page."""
    parser = _PageUrls()
    parser.feed(page_html)
    parser.close()
    return parser.urls


def leaves_the_site(tag: str, attribute: str, url: str, allowed_link_hosts: Iterable[str]) -> bool:
    """Whether following or loading url reaches outside the site (links to the company's own hosts may)."""
    if tag == "meta" and attribute == "content":
        return not within_site(url)  # a page may only send readers on within the site (a playbook's old address)
    clean = INVISIBLE.sub("", url)
    parts = urlsplit(clean)
    scheme = parts.scheme.lower()
    if scheme in ("mailto", "tel") and tag == "a":
        return False
    if scheme and scheme not in ("http", "https"):
        return True
    if not parts.netloc:
        return False
    is_link = tag == "a" and attribute == "href"
    return not (is_link and (parts.hostname or "").lower() in set(allowed_link_hosts))


