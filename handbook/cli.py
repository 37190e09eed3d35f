"""Command line for editors and CI: check content, export the JSON Schema, scaffold new files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handbook.content.checklist_lock import write_lock
from handbook.content.lint import simplified_page_problems
from handbook.checks import check_all
from handbook.content.state import loaded
from handbook.content.reviews import overdue_page_problems, overdue_problems
from handbook.content.schema import write_schemas
from handbook.content.scaffold import scaffold, scaffolded_kinds

ROOT = Path(__file__).resolve().parent.parent


def check(root: Path) -> int:
    """Print every content problem at once; fail on any error."""
    handbook, problems = check_all(root)
    problems = problems + list(simplified_page_problems(root))
    if handbook is not None:
        problems = problems + list(overdue_problems(handbook, root)) + list(overdue_page_problems(root))
    for problem in problems:
        print(problem.with_hint())
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"\n內容檢查失敗：{errors} 個錯誤，{warnings} 個警告。")
        return 1
    print(f"內容檢查通過（{warnings} 個警告）。")
    return 0


def lock(root: Path) -> int:
    """Record every checklist's item and field ids as published (refused while the content has errors)."""
    handbook, problems = loaded(root)
    if handbook is None:
        for problem in problems:
            print(problem.with_hint())
        print("\n內容有錯誤，先修好再執行 make lock。")
        return 1
    path = write_lock(root, handbook)
    print(f"已寫入 {path.relative_to(root)}；請一起提交。")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point: `python -m macros check|schema|new`."""
    parser = argparse.ArgumentParser(prog="python -m macros")
    parser.add_argument("--root", type=Path, default=ROOT)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate all content")
    commands.add_parser("schema", help="write the JSON Schemas to schema/")
    commands.add_parser("lock", help="write checklists.lock.json, the published checklist ids")
    new = commands.add_parser("new", help="write a new content file from its template")
    new.add_argument("kind", choices=list(scaffolded_kinds()))
    new.add_argument("slug")
    new.add_argument("title")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.root)
    if args.command == "lock":
        return lock(args.root)
    if args.command == "schema":
        for path in write_schemas(args.root):
            print(f"wrote {path.relative_to(args.root)}")
        return 0
    try:
        path = scaffold(args.root, args.kind, args.slug, args.title)
    except ValueError as error:
        print(f"錯誤：{error}", file=sys.stderr)
        return 1
    print(f"已建立 {path.relative_to(args.root)}；請編輯後執行 make check")
    return 0
