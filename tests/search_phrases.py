"""Problem phrases drawn from the handbook's own content, as a staff member would type them into the search box
(tests/browser/test_search_browser.py asks each for its page in the top 3).

- symptom: every symptom of every playbook (each is also an entry of the symptom chooser), typed without its
  punctuation and quotes: 財務只問「為什麼要花這麼多」，談不下去 → 財務只問為什麼要花這麼多談不下去;
- clause: each clause of a symptom that is at least four Han characters long and not a symptom of its own: 活動辦完，
  單據不齊核銷不過 → 單據不齊核銷不過;
- objection: each clause of a department's objections (its quotes and the editors' notes in brackets left out):
  the department's page, which names it, is the answer.

A symptom's answer is any playbook that lists it. Drawn when the tests run, so a new playbook is covered as soon as
it is written; the starter's placeholder symptom (templates/playbook.md) is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from handbook.content.handbook import Handbook

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# What a person does not type: East Asian and ASCII punctuation, quotes, spaces.
UNTYPED = re.compile(r"[\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2010-\u205e"
                     r"!-/:-@\[-`{-~]+")
CLAUSE_END = re.compile(r"[，。；：！？、「」『』（）()\s…—]+")
NOTE = re.compile(r"（[^（）]*）|\([^()]*\)")  # an editor's note on an objection: （原文開頭，…）
MIN_CLAUSE = 4
PLACEHOLDER = "請寫一個具體症狀"  # templates/playbook.md's starter symptom


@dataclass(frozen=True)
class Phrase:
    """A phrase typed into the search box and the pages that answer it (any of them)."""

    query: str
    expect: str
    kind: str
    source: str  # the content it was drawn from

    @property
    def pages(self) -> list[str]:
        return self.expect.split()


def typed(text: str) -> str:
    """Text as typed into a search box: no punctuation, quotes or spaces."""
    return UNTYPED.sub("", text)


def clauses(text: str) -> list[str]:
    """The clauses of text of at least MIN_CLAUSE Han characters, as typed."""
    parts = (typed(part) for part in CLAUSE_END.split(text))
    return [part for part in parts if len(HAN.findall(part)) >= MIN_CLAUSE]


def symptom_phrases(handbook: Handbook) -> list[Phrase]:
    """Each symptom (a symptom-chooser entry) as typed, and its clauses: the playbooks listing it answer."""
    phrases: dict[str, Phrase] = {}
    symptoms = {typed(symptom) for symptom, _ in handbook.symptom_index()}
    for symptom, playbooks in handbook.symptom_index():
        if PLACEHOLDER in symptom:
            continue
        expect = " ".join(f"playbooks/{p.slug}/" for p in playbooks)
        phrases.setdefault(typed(symptom), Phrase(typed(symptom), expect, "symptom", symptom))
        for clause in clauses(symptom):
            if clause != typed(symptom) and clause not in symptoms:
                phrases.setdefault(clause, Phrase(clause, expect, "clause", symptom))
    return list(phrases.values())


def objection_phrases(handbook: Handbook) -> list[Phrase]:
    """Each clause of each department's objections: the department's page answers."""
    phrases: dict[str, Phrase] = {}
    for ident, department in handbook.departments.items():
        for objection in department.objections:
            for clause in clauses(NOTE.sub("", objection)):
                phrases.setdefault(clause, Phrase(clause, f"departments/{ident}/", "objection", objection))
    # A clause two departments both say (or that is also a symptom) has no single answer: left out.
    said = [p.query for p in phrases.values()]
    return [p for p in phrases.values() if said.count(p.query) == 1]


def problem_phrases(handbook: Handbook) -> list[Phrase]:
    """Every phrase drawn from the content, symptoms first; an objection clause that is also a symptom's is left
    to the symptom."""
    symptoms = symptom_phrases(handbook)
    taken = {p.query for p in symptoms}
    return symptoms + [p for p in objection_phrases(handbook) if p.query not in taken]
