"""The benchmark's figures, their targets and the one line `make bench` ends with (pure: no builds here)."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, fields
from pathlib import Path

KB = 1024
OTHER_EDITION = "zh-Hans"  # the Simplified edition mirrors the Traditional pages; sizes are read from the latter
# Item pages show one item each; every other page (indexes, list pages, department pages, hand-written pages that
# list items) can grow with the handbook, so the largest of them is the index page figure.
ITEM_PAGE = re.compile(r"^(playbooks|checklists|cases)/[^/]+/index\.html$")


@dataclass(frozen=True)
class Figures:
    """What `make bench` reports, at its largest size; None where this run did not measure it."""

    build_ratio: float | None  # `make build` (both editions, Pagefind) ÷ plain Material, same run
    trad_ratio: float | None  # the Traditional edition with its search index ÷ plain Material, same run
    first_result_s: float | None  # first search result after the load event, median over the queries
    edit_s: float | None  # saving a playbook under `mkdocs serve` until the page shows it, median
    page_kb: float | None  # median page
    index_page_kb: float | None  # largest page that is not an item page
    build_cpu_ratio: float | None = None  # `make build`'s CPU time ÷ plain Material's, same run
    search_cpu_ratio: float | None = None  # the search step's CPU time ÷ the baseline's search plugin's
    first_result_floor_ratio: float | None = None  # first result ÷ a bare Pagefind page over the same index
    first_result_material_ratio: float | None = None  # first result ÷ plain Material's search, same run

    def line(self) -> str:
        """The final line: `bench: name=value …`, n/a for what was not measured."""
        return "bench: " + " ".join(f"{f.name}={format_figure(f.name, getattr(self, f.name))}" for f in fields(self))


# Each figure's target: the figure passes when it is at most this; None: reported, no target (issue 30 withdrew
# the absolute first-result target for ratios measured in the same run).
TARGETS: dict[str, float | None] = {
    "build_ratio": 1.2, "trad_ratio": 1.0, "first_result_s": None, "edit_s": 2.0, "page_kb": 45.0,
    "index_page_kb": 200.0, "build_cpu_ratio": None, "search_cpu_ratio": 1.0, "first_result_floor_ratio": 1.15,
    "first_result_material_ratio": 0.1}


def format_figure(name: str, value: float | None) -> str:
    """A figure as the final line prints it: ratios and seconds to 2 places, sizes to 1; n/a when missing."""
    if value is None:
        return "n/a"
    return f"{value:.1f}" if name.endswith("_kb") else f"{value:.2f}"


def parse_line(line: str) -> dict[str, float | None]:
    """The figures read back from a final line (for tests and for anyone collecting runs)."""
    if not line.startswith("bench: "):
        raise ValueError(f"not a bench line: {line!r}")
    pairs = dict(pair.split("=", 1) for pair in line.removeprefix("bench: ").split())
    return {name: None if value == "n/a" else float(value) for name, value in pairs.items()}


def page_sizes(site: Path) -> dict[str, int]:
    """Bytes of every page of a built site by path (404.html and the Simplified edition's copies left out)."""
    return {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")
            if path.name != "404.html" and path.relative_to(site).parts[0] != OTHER_EDITION}


def is_index_page(path: str) -> bool:
    """Whether a page may list items (anything but a playbook's, checklist's or case's own page)."""
    return not ITEM_PAGE.match(path)


def median_kb(sizes: dict[str, int]) -> float:
    """The median page in KB."""
    return statistics.median(sizes.values()) / KB


def largest_index_page(sizes: dict[str, int]) -> tuple[str, float]:
    """The largest index page: its path and KB."""
    path = max((p for p in sizes if is_index_page(p)), key=lambda p: (sizes[p], p))
    return path, sizes[path] / KB


def ratio(value: float | None, base: float | None) -> float | None:
    """value ÷ base, or None when either is missing."""
    return value / base if value is not None and base else None


def median_or_none(values: list[float]) -> float | None:
    """The median (a try that timed out counts as infinite), None when nothing was measured."""
    return statistics.median(values) if values else None


def compute(*, both_s: float | None, traditional_s: float | None, baseline_s: float | None,
            first_results: list[float], edits: list[float], sizes: dict[str, int] | None,
            both_cpu: float | None = None, baseline_cpu: float | None = None, search_cpu: float | None = None,
            baseline_search_cpu: float | None = None, floor_results: list[float] = (),
            material_results: list[float] = ()) -> Figures:
    """The figures from one run's measurements (build seconds are the medians of that run's builds; first
    results are medians over the queries, each page timed in the same run)."""
    first = median_or_none(first_results)
    return Figures(build_ratio=ratio(both_s, baseline_s), trad_ratio=ratio(traditional_s, baseline_s),
                   first_result_s=first, edit_s=median_or_none(edits),
                   page_kb=median_kb(sizes) if sizes else None,
                   index_page_kb=largest_index_page(sizes)[1] if sizes else None,
                   build_cpu_ratio=ratio(both_cpu, baseline_cpu),
                   search_cpu_ratio=ratio(search_cpu, baseline_search_cpu),
                   first_result_floor_ratio=ratio(first, median_or_none(list(floor_results))),
                   first_result_material_ratio=ratio(first, median_or_none(list(material_results))))


def target_rows(figures: Figures) -> list[tuple[str, str, str, str]]:
    """(figure, measured, target, PASS/FAIL/reported/not measured) for the targets table."""
    rows = []
    for f in fields(figures):
        value, target = getattr(figures, f.name), TARGETS[f.name]
        if value is None:
            verdict = "not measured"
        elif target is None:
            verdict = "reported"
        else:
            verdict = "PASS" if value <= target else "FAIL"
        rows.append((f.name, format_figure(f.name, value), "—" if target is None else f"≤ {format_figure(f.name, target)}",
                     verdict))
    return rows
