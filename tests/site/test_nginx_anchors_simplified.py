"""The crawl with linkchecker's anchor check over nginx, part 2 of 2: the Simplified edition, every page
under zh-Hans/. Each of them is parsed and every link and #fragment on it checked (into the other edition too).
nginx_server.py says why the crawl is split; test_nginx.py proves that the two parts together parse every page once.
"""

from __future__ import annotations

import pytest

from conftest import missing_tool
from nginx_server import NGINX, NO_NGINX, check_anchor_part, crawl_server


@pytest.fixture(scope="module")
def server(site):
    """Its own server: this file may run on another worker than test_nginx.py."""
    if not NGINX:
        missing_tool(NO_NGINX)
    with crawl_server(site) as served:
        yield served


def test_linkchecker_checks_every_link_and_anchor_of_the_simplified_edition(server):
    check_anchor_part(server, "simplified")
