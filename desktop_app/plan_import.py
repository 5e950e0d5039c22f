"""Importing a plan from a Word, PDF or text file: read, understand, match, check, save.

:class:`PlanImporting` is a part of :class:`desktop_app.workspace.Workspace`; the window
"Nhập từ văn bản" and the commands ``parse-plan``, ``import-plan`` and ``check FILE`` all go
through it. Nothing is written until :meth:`PlanImporting.save_imported_plan`, which adds the
plan as a draft together with the units and hamlets the clerk agreed to add, all or nothing.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from desktop_app.domain.checks import Finding
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import HamletId, PlanId, UnitId, derived_id, new_id
from desktop_app.domain.lifecycle import validate_plan
from desktop_app.domain.plans import HamletRef, Plan, PlanStatus, UnitRef
from desktop_app.domain.text import fold, name_key
from desktop_app.domain.units import Hamlet, Unit
from desktop_app.editing import Editing
from desktop_app.imports.document_reader import SourceDocument, read_document
from desktop_app.imports.plan_reader import SourceSpan, understand_plan


@dataclass(frozen=True)
class NameMatch:
    """A name as the document writes it and the office's own name it was matched to."""

    written: str
    known: str


@dataclass(frozen=True)
class PlanImport:
    """A document understood and matched against the workspace, not yet saved.

    Attributes:
        plan: a draft with a fresh id; references to units and hamlets the workspace knows
            carry their ids and the workspace's names; new ones carry the name and id "".
        new_units, new_hamlets: the names the workspace does not know, proposed for adding
            (ids ""); nothing is added before :meth:`PlanImporting.save_imported_plan`.
        matched: names matched although written differently (tone marks, case, accents).
        findings: the reader's doubts, then the same checks as ``check``.
        spans: where each part of the plan came from in ``source`` (see UnderstoodPlan).
    """

    source: SourceDocument
    plan: Plan
    new_units: tuple[Unit, ...]
    new_hamlets: tuple[Hamlet, ...]
    matched: tuple[NameMatch, ...]
    findings: tuple[Finding, ...]
    spans: Mapping[str, SourceSpan]


def _index(items: Sequence[Unit] | Sequence[Hamlet]) -> tuple[dict[str, str], dict[str, str]]:
    """Name lookups by name_key (exact but for tones, case, spaces) and by fold (no accents).

    A folded key that two different names share is dropped: it would be a guess.
    """
    exact: dict[str, str] = {name_key(i.name): i.id for i in items}
    folded: dict[str, str] = {}
    clash: set[str] = set()
    for item in items:
        key = fold(item.name)
        if key in folded and folded[key] != item.id:
            clash.add(key)
        folded[key] = item.id
    return exact, {k: v for k, v in folded.items() if k not in clash}


def replace_unit(plan: Plan, written: str, ref: UnitRef) -> Plan:
    """The plan with every reference to the unit named ``written`` pointing at ``ref``."""
    key = name_key(written)

    def swap(refs: tuple[UnitRef, ...]) -> tuple[UnitRef, ...]:
        out = [ref if name_key(r.name) == key else r for r in refs]
        return tuple(dict.fromkeys(out))

    return replace(
        plan,
        tasks=tuple(replace(t, lead=swap(t.lead), support=swap(t.support)) for t in plan.tasks),
        assignments=tuple(replace(a, unit=swap((a.unit,))[0]) for a in plan.assignments),
    )


def replace_hamlet(plan: Plan, written: str, ref: HamletRef) -> Plan:
    """The plan with every reference to the hamlet named ``written`` pointing at ``ref``."""
    key = name_key(written)
    return replace(
        plan,
        assignments=tuple(
            replace(
                a,
                hamlets=tuple(
                    dict.fromkeys(ref if name_key(h.name) == key else h for h in a.hamlets)
                ),
            )
            for a in plan.assignments
        ),
    )


class PlanImporting(Editing):
    """Plan import use cases; part of the Workspace, which provides ``store``."""

    def read_plan_file(self, path: Path) -> PlanImport:
        """Read and understand a .docx, .pdf or .txt plan; nothing is written.

        Raises:
            DocumentReadError: the file cannot be read (the message says why).
        """
        return self.understand_document(read_document(path))

    def understand_document(self, document: SourceDocument) -> PlanImport:
        understood = understand_plan(document)
        plan = understood.plan
        units = self.store.units.list()
        hamlets = self.store.hamlets.list()
        unit_exact, unit_folded = _index(units)
        hamlet_exact, hamlet_folded = _index(hamlets)
        unit_by_id = {u.id: u for u in units}
        hamlet_by_id = {h.id: h for h in hamlets}
        matched: list[NameMatch] = []
        new_units: list[Unit] = []
        for unit in understood.units:
            found = unit_exact.get(name_key(unit.name)) or unit_folded.get(fold(unit.name))
            if found is None:
                new_units.append(unit)
                continue
            known = unit_by_id[UnitId(found)]
            if known.name != unit.name:
                matched.append(NameMatch(unit.name, known.name))
            plan = replace_unit(plan, unit.name, UnitRef(known.id, known.name))
        new_hamlets: list[Hamlet] = []
        for hamlet in understood.hamlets:
            found = hamlet_exact.get(name_key(hamlet.name)) or hamlet_folded.get(fold(hamlet.name))
            if found is None:
                new_hamlets.append(hamlet)
                continue
            known_hamlet = hamlet_by_id[HamletId(found)]
            if known_hamlet.name != hamlet.name:
                matched.append(NameMatch(hamlet.name, known_hamlet.name))
            plan = replace_hamlet(plan, hamlet.name, HamletRef(known_hamlet.id, known_hamlet.name))
        findings = list(understood.doubts) + [
            f for f in self.check_plan(plan) if f not in understood.doubts
        ]
        return PlanImport(
            source=document,
            plan=plan,
            new_units=tuple(new_units),
            new_hamlets=tuple(new_hamlets),
            matched=tuple(matched),
            findings=tuple(findings),
            spans=understood.spans,
        )

    def save_imported_plan(
        self,
        plan: Plan,
        new_units: Sequence[Unit] = (),
        new_hamlets: Sequence[Hamlet] = (),
    ) -> Plan:
        """Add an imported plan as a draft, with the new units and hamlets, all or nothing.

        Args:
            plan: the plan as the clerk corrected it; a reference with id "" must name one of
                ``new_units`` / ``new_hamlets`` (or a unit or hamlet added meanwhile).
            new_units: the units the clerk agreed to add to the office's list.
            new_hamlets: the hamlets the clerk agreed to add.

        Raises:
            UserError: an empty title, issuer or task text, or a reference to a unit or
                hamlet that is neither known nor to be added. Nothing is written then. A
                deadline before the plan's date is let through: it is one of the findings.
        """
        validate_plan(plan, deadlines=False)
        unit_names = {name_key(u.name): u for u in new_units}
        hamlet_names = {name_key(h.name): h for h in new_hamlets}
        for ref in {r for t in plan.tasks for r in (*t.lead, *t.support)} | {
            a.unit for a in plan.assignments
        }:
            if not (ref.id or name_key(ref.name) in unit_names or self._known_unit(ref.name)):
                raise UserError(
                    f"Đơn vị \u201c{ref.name}\u201d chưa có trong danh sách. Hãy chọn "
                    "thêm mới hoặc chọn một đơn vị đã có."
                )
        for href in {h for a in plan.assignments for h in a.hamlets}:
            if not (
                href.id
                or name_key(href.name) in hamlet_names
                or self.store.hamlets.find_by_name(href.name)
            ):
                raise UserError(
                    f"Xóm \u201c{href.name}\u201d chưa có trong danh sách. Hãy chọn "
                    "thêm mới hoặc chọn một xóm đã có."
                )
        draft = replace(plan, status=PlanStatus.DRAFT)
        if self.store.plans.exists(draft.id):
            draft = replace(draft, id=PlanId(new_id()))
        with self.store.transaction():
            for hamlet in new_hamlets:
                if self.store.hamlets.find_by_name(hamlet.name) is None:
                    self.store.hamlets.save(
                        replace(hamlet, id=HamletId(derived_id("hamlet", fold(hamlet.name))))
                    )
            for unit in new_units:
                if self.store.units.find_by_name(unit.name) is None:
                    self.store.units.save(
                        replace(
                            unit,
                            id=UnitId(derived_id("unit", fold(unit.name))),
                            position=self.store.units.count(),
                        )
                    )
            draft = self._resolved(draft)
            self.store.plans.save(draft)
        return self.get_plan(draft.id)

    def _known_unit(self, name: str) -> bool:
        return self.store.units.find_by_name(name) is not None

    def _resolved(self, plan: Plan) -> Plan:
        """Every reference with an id, looked up by name in the (now complete) lists."""

        def unit(ref: UnitRef) -> UnitRef:
            if ref.id:
                return ref
            found = self.store.units.find_by_name(ref.name)
            assert found is not None  # checked before the transaction
            return UnitRef(found.id, found.name)

        def hamlet(ref: HamletRef) -> HamletRef:
            if ref.id:
                return ref
            found = self.store.hamlets.find_by_name(ref.name)
            assert found is not None
            return HamletRef(found.id, found.name)

        return replace(
            plan,
            tasks=tuple(
                replace(
                    t,
                    lead=tuple(dict.fromkeys(unit(r) for r in t.lead)),
                    support=tuple(dict.fromkeys(unit(r) for r in t.support)),
                )
                for t in plan.tasks
            ),
            assignments=tuple(
                replace(
                    a,
                    unit=unit(a.unit),
                    hamlets=tuple(dict.fromkeys(hamlet(h) for h in a.hamlets)),
                )
                for a in plan.assignments
            ),
        )
