"""Wall-clock time of one MkDocs build, split by plugin event and by MkDocs' page steps (no profiler overhead).

    cd <project> && python <repo>/bench/events.py <site-dir>

Prints the total and every share of 0.01 s or more, largest first: `post_build handbook` (the plugin) is the Simplified edition and
the search index (Pagefind), `fn _build_page` a page's whole rendering (it contains its page events), `fn markdown` Markdown
conversion.
"""

from __future__ import annotations

import atexit
import collections
import os
import runpy
import sys
import time

import mkdocs.commands.build as build
import mkdocs.structure.pages as pages
from mkdocs import plugins

spent: collections.Counter = collections.Counter()
started = time.perf_counter()


def timed_run_event(self, name, item=None, **kwargs):
    """PluginCollection.run_event, timing each plugin's method."""
    for method in self.events[name]:
        origin = self._current_plugin = self._event_origins.get(method, "<unknown>")
        before = time.perf_counter()
        result = method(**kwargs) if item is None else method(item, **kwargs)
        if item is not None and result is not None:
            item = result
        spent[(name.removeprefix("on_"), origin)] += time.perf_counter() - before
    self._current_plugin = None
    return item


def timed(function, label: str):
    """function, adding its wall time under label."""
    def wrapper(*args, **kwargs):
        before = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[("fn", label)] += time.perf_counter() - before
    return wrapper


def report() -> None:
    """Print the total and the shares, largest first."""
    print(f"total {time.perf_counter() - started:.1f} s", file=sys.stderr)
    for (kind, name), seconds in spent.most_common():
        if seconds >= 0.01:
            print(f"  {kind:16s} {name:16s} {seconds:6.1f}", file=sys.stderr)


if __name__ == "__main__":
    plugins.PluginCollection.run_event = timed_run_event
    build._populate_page = timed(build._populate_page, "_populate_page")
    build._build_page = timed(build._build_page, "_build_page")
    pages.Page.render = timed(pages.Page.render, "markdown")
    atexit.register(report)
    sys.argv = ["mkdocs", "build", "-q", "-d", sys.argv[1]]
    sys.path.insert(0, os.getcwd())  # as `python -m mkdocs` in the project: its own handbook package, not an installed one
    runpy.run_module("mkdocs", run_name="__main__")
