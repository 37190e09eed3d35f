"""The crawl with linkchecker's anchor check over nginx, part 2 of 2: the Simplified edition, every page
under zh-Hans/. Each of them is parsed and every link and #fragment on it checked (into the other edition too).
nginx_server.py says why the crawl is split; test_nginx.py proves that the two parts together parse every page once.
"""

from __future__ import annotations

from nginx_server import anchor_crawl_server, check_anchor_part  # noqa: F401 - the fixture, used by name


def test_linkchecker_checks_every_link_and_anchor_of_the_simplified_edition(anchor_crawl_server):
    check_anchor_part(anchor_crawl_server, "simplified")
