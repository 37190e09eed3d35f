"""The plugin's typed options (`plugins: - handbook: …` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as option


class HandbookConfig(base.Config):
    """What a site owner may set; MkDocs validates each option before the build starts."""

    # The company's own systems: the only other hosts content may link to (make check refuses any other).
    allowed_link_hosts = option.ListOfItems(option.Type(str), default=[])
    # The Simplified edition under site/zh-Hans/ (HANDBOOK_SKIP_SIMPLIFIED=1 also skips it, for the benchmark).
    simplified = option.Type(bool, default=True)
    # Pagefind's index of each edition (off makes `serve` faster; the search box then finds nothing).
    search = option.Type(bool, default=True)
