"""Department records carry enough substance for a new manager: at least four of each core list."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.content.loading import load

ROOT = Path(__file__).resolve().parents[2]
MINIMUM = 4
HANDBOOK, PROBLEMS = load(ROOT)


@pytest.mark.parametrize("ident", sorted(HANDBOOK.departments) if HANDBOOK else [], ids=str)
def test_department_lists_four_interests_kpis_and_objections(ident: str):
    department = HANDBOOK.departments[ident]
    short = {name: len(getattr(department, name)) for name in ("interests", "kpis", "objections")
             if len(getattr(department, name)) < MINIMUM}
    assert not short, f"departments/{ident}.yml: 每個部門至少要有 {MINIMUM} 項，現在只有 {short}"


def test_operations_uses_the_taiwan_name():
    assert HANDBOOK.departments["operations"].name == "營運部"
