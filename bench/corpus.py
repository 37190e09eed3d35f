"""Synthetic benchmark corpora: the real handbook project grown to N playbooks, and a plain Material twin."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from handbook.content.handbook import Handbook
from handbook.content.loading import load
from handbook.content.models import MEETING_TYPES, PHASES, TEMPLATE_NAMES
from handbook.content.kinds import in_nav_order, label
from handbook.render.pages import derive_nav

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "docs", "overrides", "macros", "handbook", "departments", "glossary.yml", "cases",
          "templates", "playbooks", "checklists")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")
REVIEW_BY = dt.date(2027, 6, 30)
MACRO_LINE = re.compile(r"\{\{|\{%")


def seed_handbook() -> Handbook:
    """The real handbook: the phrase pool the synthetic items are drawn from."""
    handbook, problems = load(ROOT)
    if handbook is None:
        raise SystemExit("the real content does not validate:\n" + "\n".join(map(str, problems)))
    return handbook


def copy_project(target: Path) -> None:
    """Copy the project's build inputs (the real items become the seed of the corpus)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=IGNORED)
        elif source.exists():
            shutil.copy2(source, target / name)


class PlainDumper(yaml.SafeDumper):
    """A YAML dumper that writes repeated values out instead of using anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        """Never emit &anchors or *aliases."""
        return True


def dump_yaml(data: dict[str, Any]) -> str:
    """YAML the way editors write it: Unicode kept, keys in order, no anchors."""
    return yaml.dump(data, Dumper=PlainDumper, allow_unicode=True, sort_keys=False, width=1000)


def pick(rng: random.Random, pool: list, low: int, high: int) -> list:
    """Between low and high distinct entries of pool."""
    return rng.sample(pool, min(len(pool), rng.randint(low, high)))


def numbered(title: str, index: int) -> str:
    """A title made unique by a running number, within the 60-character limit."""
    suffix = f"（第 {index} 號）"
    return title[: 60 - len(suffix)] + suffix


def synthetic_steps(rng: random.Random, seed: Handbook, departments: list[str]) -> list[dict[str, Any]]:
    """Four to seven steps, each led by a taking-part department."""
    texts = [s.text for p in seed.playbooks.values() for s in p.steps]
    return [{"text": text, "minutes": rng.randint(5, 15), "owner": rng.choice(departments),
             "mode": rng.choice(["live", "live", "async"])} for text in pick(rng, texts, 4, 7)]


def synthetic_playbook(rng: random.Random, seed: Handbook, index: int, checklists: list[str]) -> dict[str, Any]:
    """One playbook's front matter, drawn from the real playbooks' phrases."""
    model = rng.choice(list(seed.playbooks.values()))
    departments = pick(rng, list(seed.departments), 2, 5)
    steps = synthetic_steps(rng, seed, departments)
    data = {
        "title": numbered(model.title, index), "phase": PHASES[index % len(PHASES)], "summary": model.summary,
        "symptoms": pick(rng, [s for p in seed.playbooks.values() for s in p.symptoms], 3, 5),
        "departments": departments, "prep_minutes": rng.choice([15, 30, 60, 90]),
        "run_minutes": sum(step["minutes"] for step in steps), "steps": steps,
        "pitfalls": pick(rng, [x for p in seed.playbooks.values() for x in p.pitfalls], 2, 4),
        "templates": pick(rng, list(TEMPLATE_NAMES), 1, 3), "checklists": checklists,
        "meeting": {"type": rng.choice(MEETING_TYPES), "minutes": rng.choice([60, 90]), "departments": departments},
        "source": model.source, "owner": rng.choice(list(seed.departments.values())).name, "review_by": REVIEW_BY,
    }
    if index % 4 == 0:
        ladders = [item.options for item in [*seed.playbooks.values(), *seed.cases.values()] if item.options]
        options = rng.choice(ladders)  # the one A/B/C ladder lives in a case
        data["options"] = [o.model_dump(exclude_defaults=True) for o in options]
    return data


def synthetic_checklist(rng: random.Random, seed: Handbook, index: int) -> dict[str, Any]:
    """One phase checklist, its sections copied from a real checklist."""
    model = rng.choice(list(seed.checklists.values()))
    return {"title": numbered(model.title, index), "summary": model.summary, "phase": PHASES[index % len(PHASES)],
            "owner": model.owner, "review_by": REVIEW_BY,
            "sections": [s.model_dump(exclude_none=True) for s in model.sections]}


def write_items(project: Path, seed: Handbook, playbooks: int, rng: random.Random) -> None:
    """Grow the copied items to `playbooks` playbooks, each with its own generated checklist."""
    count = playbooks - len(seed.playbooks)
    bodies = [p.body.strip() for p in seed.playbooks.values()]
    for index in range(1, count + 1):
        own, neighbour = f"bench-list-{index:04d}", f"bench-list-{index % count + 1:04d}"
        checklist = synthetic_checklist(rng, seed, index)
        (project / "checklists" / f"{own}.yml").write_text(dump_yaml(checklist), encoding="utf-8")
        data = synthetic_playbook(rng, seed, index, list(dict.fromkeys([own, neighbour])))
        text = f"---\n{dump_yaml(data)}---\n\n{rng.choice(bodies)}\n"
        (project / "playbooks" / f"bench-play-{index:04d}.md").write_text(text, encoding="utf-8")


def handbook_project(target: Path, playbooks: int, seed: Handbook, rng_seed: int = 8) -> Handbook:
    """A copy of the project with `playbooks` playbooks, validated through the real content model."""
    copy_project(target)
    write_items(target, seed, playbooks, random.Random(rng_seed))
    handbook, problems = load(target)
    errors = [p for p in problems if p.severity == "error"]
    if handbook is None or errors:
        raise SystemExit(f"generated corpus has {len(errors)} errors, e.g.:\n" + "\n".join(map(str, errors[:10])))
    return handbook


def bullets(lines: list[str]) -> str:
    """A Markdown bullet list."""
    return "\n".join(f"- {line}" for line in lines) + "\n"


def plain_page(title: str, *sections: str) -> str:
    """A plain Markdown page: front matter title, heading, then the given blocks."""
    return f"---\ntitle: {title}\n---\n\n# {title}\n\n" + "\n".join(s for s in sections if s) + "\n"


def plain_playbook(handbook: Handbook, slug: str) -> str:
    """A playbook's text as plain Markdown: facts, steps, pitfalls, prose, checklist links."""
    p = handbook.playbooks[slug]
    steps = "\n".join(f"{i}. {s.text}（{s.minutes} 分鐘，{handbook.department_name(s.owner)}）"
                      for i, s in enumerate(p.steps, 1)) + "\n"
    links = [f"[{handbook.checklists[c].title}](../checklists/{c}.md)" for c in p.checklists]
    return plain_page(p.title, p.summary + "\n", "## 症狀\n\n" + bullets(p.symptoms), "## 步驟\n\n" + steps,
                      p.body.strip() + "\n", "## 常見陷阱\n\n" + bullets(p.pitfalls),
                      "## 相關內容\n\n" + bullets(links))


def plain_checklist(handbook: Handbook, ident: str) -> str:
    """A checklist's text as plain Markdown: one list per section."""
    c = handbook.checklists[ident]
    sections = [f"## {s.title}\n\n" + bullets([i.text for i in s.items] + [f"{f.label}：＿＿＿" for f in s.fields])
                for s in c.sections]
    return plain_page(c.title, c.summary + "\n", *sections)


def plain_case(handbook: Handbook, slug: str) -> str:
    """A case's text as plain Markdown."""
    c = handbook.cases[slug]
    facts = "## 事實\n\n" + bullets([f.text for f in c.facts])
    return plain_page(c.title, c.summary + "\n", facts, c.body.strip() + "\n")


def plain_department(handbook: Handbook, ident: str) -> str:
    """A department's record as plain Markdown lists."""
    d = handbook.departments[ident]
    return plain_page(d.name, d.summary + "\n", "## 利益點\n\n" + bullets(d.interests),
                      "## KPI\n\n" + bullets(d.kpis), "## 收穫\n\n" + bullets(d.gains),
                      "## 貢獻\n\n" + bullets(d.contributions))


def plain_index(handbook: Handbook, kind: str) -> str:
    """A section index: a list of links to its items (checklists keep the anchors other pages use)."""
    if kind != "checklists":
        return plain_page(label(kind), links(handbook, kind, list(getattr(handbook, kind))))
    project = [c.id for c in handbook.project_checklists()]
    by_department = [c.id for c in handbook.department_checklists()]
    return plain_page(label(kind), "## 執行專案 {: #project }\n\n" + links(handbook, kind, project),
                      "## 各部門利益點 {: #departments }\n\n" + links(handbook, kind, by_department))


def links(handbook: Handbook, kind: str, ids: list[str]) -> str:
    """A bullet list of links to items of one kind, from that kind's index page."""
    return bullets([f"[{title_of(handbook, kind, i)}]({i}.md)" for i in ids])


def title_of(handbook: Handbook, kind: str, ident: str) -> str:
    """The display title of any item."""
    item = getattr(handbook, kind)[ident]
    return getattr(item, "title", None) or item.name


def plain_docs(source: Path, target: Path) -> list[tuple[int, str, str]]:
    """Copy the hand-written pages without macro calls; returns their nav weights, URIs and titles."""
    weighted = []
    for page in sorted(source.rglob("*.md")):
        uri = page.relative_to(source).as_posix()
        text = page.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}
        if meta.get("nav_weight") is not None:
            weighted.append((meta["nav_weight"], uri, str(meta.get("title") or uri)))
        out = target / uri
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(l for l in text.split("\n") if not MACRO_LINE.search(l)), encoding="utf-8")
    return weighted


def plain_pages(handbook: Handbook) -> dict[str, str]:
    """Every item and index page of the handbook, as plain Markdown by URI."""
    pages = {f"{kind}/index.md": plain_index(handbook, kind) for kind in (k.name for k in in_nav_order())}
    makers = {"playbooks": plain_playbook, "checklists": plain_checklist, "cases": plain_case,
              "departments": plain_department}
    for kind, make in makers.items():
        pages.update({f"{kind}/{ident}.md": make(handbook, ident) for ident in getattr(handbook, kind)})
    return pages


def baseline_config(nav: list) -> dict[str, Any]:
    """The real site's theme and Markdown settings with only the search plugin and a written nav."""
    real = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = {k: v for k, v in real["theme"].items() if k != "custom_dir"}
    theme["features"] = [f for f in theme["features"] if f != "content.action.edit"]
    return {"site_name": real["site_name"], "site_url": "", "docs_dir": "docs", "strict": True,
            "use_directory_urls": True, "theme": theme, "markdown_extensions": real["markdown_extensions"],
            "plugins": [{"search": {"lang": "zh"}}], "nav": nav, "validation": real["validation"]}


def baseline_project(target: Path, handbook: Handbook) -> None:
    """A plain Material project with the same pages, titles, text and sectioned nav; no macros, no hook."""
    docs = target / "docs"
    weighted = plain_docs(ROOT / "docs", docs)
    for uri, text in plain_pages(handbook).items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(text, encoding="utf-8")
    config = baseline_config(derive_nav(handbook, weighted))
    (target / "mkdocs.yml").write_text(dump_yaml(config), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """`python bench/corpus.py TARGET N [--baseline BASE]`: write a corpus of N playbooks (and its plain twin)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("target", type=Path, help="folder for the handbook project")
    parser.add_argument("playbooks", type=int, help="number of playbooks")
    parser.add_argument("--baseline", type=Path, help="folder for the plain Material twin")
    args = parser.parse_args(argv)
    handbook = handbook_project(args.target, args.playbooks, seed_handbook())
    if args.baseline:
        baseline_project(args.baseline, handbook)
    print(f"{len(handbook.playbooks)} playbooks, {len(handbook.checklists)} checklists in {args.target}")


if __name__ == "__main__":
    main()
