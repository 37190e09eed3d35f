"""The loaded handbook and every relation derived from its items."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

from handbook.content.models import PHASES, Case, Checklist, Department, Playbook, Term


@dataclass(frozen=True)
class Handbook:
    """All content, by id; every reverse link is computed here, never stored."""

    departments: dict[str, Department] = field(default_factory=dict)
    playbooks: dict[str, Playbook] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    others: dict[str, dict[str, Any]] = field(default_factory=dict)  # kinds added to the registry later

    @classmethod
    def of(cls, items: dict[str, dict[str, Any]], terms: list[Term]) -> Handbook:
        """The handbook of loaded items by kind (kinds without their own attribute go to others)."""
        own = {f.name for f in fields(cls)}
        return cls(terms=terms, others={k: v for k, v in items.items() if k not in own},
                   **{k: v for k, v in items.items() if k in own})

    def items(self, kind: str) -> dict[str, Any]:
        """The items of one kind, by id."""
        return self.others.get(kind, {}) if kind in self.others or not hasattr(self, kind) else getattr(self, kind)

    @cached_property
    def _playbooks_by_phase(self) -> dict[str, tuple[Playbook, ...]]:
        """Each phase's playbooks in path order then slug, sorted once: many pages ask."""
        ordered = sorted(self.playbooks.values(), key=lambda p: (p.path_order or 999, p.slug))
        return {phase: tuple(p for p in ordered if p.phase == phase) for phase in PHASES}

    def playbooks_in_phase(self, phase: str) -> list[Playbook]:
        """Playbooks of one phase, in path order then slug."""
        return list(self._playbooks_by_phase.get(phase, ()))

    def ordered_playbooks(self) -> list[Playbook]:
        """All playbooks, phase by phase."""
        return [p for phase in PHASES for p in self.playbooks_in_phase(phase)]

    @cached_property
    def _department_checklists(self) -> tuple[Checklist, ...]:
        """The interest checklists in department order, sorted once."""
        order = {ident: index for index, ident in enumerate(self.departments)}
        found = [c for c in self.checklists.values() if c.department]
        return tuple(sorted(found, key=lambda c: (order[c.department], c.id)))

    def department_checklists(self) -> list[Checklist]:
        """The interest checklists, one per department, in department order."""
        return list(self._department_checklists)

    @cached_property
    def _project_checklists(self) -> tuple[Checklist, ...]:
        """The project checklists phase by phase, sorted once."""
        found = [c for c in self.checklists.values() if c.phase]
        return tuple(sorted(found, key=lambda c: (PHASES.index(c.phase), c.path_order or 999, c.id)))

    def project_checklists(self) -> list[Checklist]:
        """The checklists for running a joint project, phase by phase."""
        return list(self._project_checklists)

    def cases_using_playbook(self, slug: str) -> list[Case]:
        """Cases that use a playbook."""
        return [c for c in self.cases.values() if slug in c.playbooks]

    def cases_using_checklist(self, ident: str) -> list[Case]:
        """Cases that use a checklist."""
        return [c for c in self.cases.values() if ident in c.checklists]

    @cached_property
    def _playbooks_by_checklist(self) -> dict[str, list[Playbook]]:
        """Checklist id → the playbooks using it, built once: every checklist page asks."""
        index: dict[str, list[Playbook]] = {}
        for playbook in self.ordered_playbooks():
            for ident in playbook.checklists:
                index.setdefault(ident, []).append(playbook)
        return index

    def playbooks_using_checklist(self, ident: str) -> list[Playbook]:
        """Playbooks that use a checklist."""
        return self._playbooks_by_checklist.get(ident, [])

    def playbooks_for_department(self, ident: str) -> list[Playbook]:
        """Playbooks a department takes part in."""
        return [p for p in self.ordered_playbooks() if ident in p.departments]

    def cases_for_department(self, ident: str) -> list[Case]:
        """Cases a department takes part in."""
        return [c for c in self.cases.values() if ident in c.departments]

    def checklists_for_department(self, ident: str) -> list[Checklist]:
        """Checklists of a department's interests."""
        return [c for c in self.checklists.values() if c.department == ident]

    def symptom_index(self) -> list[tuple[str, list[Playbook]]]:
        """Each symptom with the playbooks that answer it; symptoms shared by several playbooks first."""
        answers: dict[str, list[Playbook]] = {}
        for playbook in self.ordered_playbooks():
            for symptom in playbook.symptoms:
                answers.setdefault(symptom, []).append(playbook)
        order = list(answers)
        return sorted(answers.items(), key=lambda pair: (-len(pair[1]), order.index(pair[0])))

    @cached_property
    def onboarding(self) -> list[Playbook | Checklist]:
        """The new manager's path, computed once per build (every path page shows its place in it)."""
        return self.onboarding_path()

    def onboarding_path(self) -> list[Playbook | Checklist]:
        """The new manager's path: items with a path_order, in that order."""
        items = [*self.playbooks.values(), *self.checklists.values()]
        return sorted((i for i in items if i.path_order), key=lambda i: (i.path_order, i.title))

    def department_name(self, ident: str) -> str:
        """A department's display name."""
        return self.departments[ident].name
