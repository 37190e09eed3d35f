"""axe-core in the browser tests of every folder."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe


def serious_violations(page) -> list:
    """Serious or critical axe-core violations on the page."""
    results = Axe().run(page)  # no rule excluded
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
