"""The plan import service: read a Word, PDF or text plan, understand, match, check, save.

The window "Nhập từ văn bản" and the commands ``parse-plan``, ``import-plan`` and ``check
FILE`` all go through :class:`PlanImportService`. Nothing is written until
:meth:`PlanImportService.save`, which adds the plan as a draft together with the units and
hamlets the clerk agreed to add, all or nothing. The five sample plans of
``resources/samples`` come in through here too.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, TypeVar

from desktop_app.domain.checks import Finding
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import HamletId, PlanId, UnitId, new_id
from desktop_app.domain.lifecycle import validate_plan
from desktop_app.domain.office import (
    OFFICE_FROM_SAMPLES_SETTING,
    OFFICE_SETTING,
    UnitKind,
    new_office,
    office_from_json,
    office_to_json,
)
from desktop_app.domain.plans import HamletRef, Plan, PlanStatus, UnitRef
from desktop_app.domain.text import fold, name_key
from desktop_app.domain.units import Hamlet, Unit
from desktop_app.imports.document_reader import SourceDocument, read_document
from desktop_app.imports.plan_json import (
    MAX_FILE_BYTES,
    SampleBundle,
    plan_from_json,
    read_sample,
)
from desktop_app.imports.plan_reader import SourceSpan, understand_plan
from desktop_app.imports.task_confidence import TaskConfidence
from desktop_app.paths import resource_path
from desktop_app.workspace.directory import DirectoryService
from desktop_app.workspace.plans import PlanService
from desktop_app.workspace.store_handle import ProgressCallback, StoreHandle, StoreService

T = TypeVar("T", Unit, Hamlet)


# The office the sample data stands for: the Phú Lạc sample's commune, after the reform.
SAMPLE_OFFICE = ("Thái Nguyên", UnitKind.COMMUNE, "Phú Lạc")


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
            (ids ""); nothing is added before :meth:`PlanImportService.save`.
        matched: names matched although written differently (tone marks, case, accents).
        findings: the reader's doubts, then the same checks as ``check``.
        spans: where each part of the plan came from in ``source`` (see UnderstoodPlan).
        confidence: by task id, how sure the reader is of each task (see TaskConfidence).
    """

    source: SourceDocument
    plan: Plan
    new_units: tuple[Unit, ...]
    new_hamlets: tuple[Hamlet, ...]
    matched: tuple[NameMatch, ...]
    findings: tuple[Finding, ...]
    spans: Mapping[str, SourceSpan]
    confidence: Mapping[str, TaskConfidence] = field(default_factory=dict)


class _Lookup(Generic[T]):
    """The office's own unit or hamlet for a name as a document writes it.

    First by ``name_key`` (tones, case and spacing ignored), then by ``fold`` (accents
    ignored too), but only where one name alone has that folded form: two would be a guess.
    """

    def __init__(self, items: Sequence[T]) -> None:
        self._exact: dict[str, T] = {name_key(i.name): i for i in items}
        folded: dict[str, list[T]] = {}
        for item in items:
            folded.setdefault(fold(item.name), []).append(item)
        self._folded: dict[str, T] = {k: v[0] for k, v in folded.items() if len(v) == 1}

    def find(self, name: str) -> T | None:
        return self._exact.get(name_key(name)) or self._folded.get(fold(name))

    def sort_out(
        self, written: Sequence[T], matched: list[NameMatch]
    ) -> tuple[list[T], list[tuple[str, T]]]:
        """The names the office does not know, and (written name, the office's own) for the rest.

        ``matched`` gets the names written differently from the office's own.
        """
        new: list[T] = []
        known_pairs: list[tuple[str, T]] = []
        for item in written:
            known = self.find(item.name)
            if known is None:
                new.append(item)
                continue
            if known.name != item.name:
                matched.append(NameMatch(item.name, known.name))
            known_pairs.append((item.name, known))
        return new, known_pairs


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


class PlanImportService(StoreService):
    """Plans coming in from documents and samples.

    A document's plan is checked as the plans service checks any plan, and saving it adds
    the new names through the directory service.
    """

    def __init__(
        self, handle: StoreHandle, plans: PlanService, directory: DirectoryService
    ) -> None:
        super().__init__(handle)
        self._plans = plans
        self._directory = directory

    def read_file(self, path: Path) -> PlanImport:
        """Read and understand a .docx, .pdf or .txt plan; nothing is written.

        Raises:
            DocumentReadError: the file cannot be read (the message says why).
        """
        return self.understand(read_document(path))

    def understand(self, document: SourceDocument) -> PlanImport:
        understood = understand_plan(document)
        plan = understood.plan
        matched: list[NameMatch] = []
        units = _Lookup(self._store.units.list())
        new_units, known_units = units.sort_out(understood.units, matched)
        hamlets = _Lookup(self._store.hamlets.list())
        new_hamlets, known_hamlets = hamlets.sort_out(understood.hamlets, matched)
        for written, unit in known_units:
            plan = replace_unit(plan, written, UnitRef(unit.id, unit.name))
        for written, hamlet in known_hamlets:
            plan = replace_hamlet(plan, written, HamletRef(hamlet.id, hamlet.name))
        findings = list(understood.doubts) + [
            f for f in self._plans.check(plan) if f not in understood.doubts
        ]
        return PlanImport(
            source=document,
            plan=plan,
            new_units=tuple(new_units),
            new_hamlets=tuple(new_hamlets),
            matched=tuple(matched),
            findings=tuple(findings),
            spans=understood.spans,
            confidence=understood.confidence,
        )

    def save(
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
            UserError: an empty title, issuer or task text. NotFoundError (a UserError): a
                unit or hamlet that is neither known nor to be added. Nothing is written
                then. A deadline before the plan's date is let through: it is a finding.
        """
        validate_plan(plan, deadlines=False)
        draft = replace(plan, status=PlanStatus.DRAFT)
        if self._store.plans.exists(draft.id):
            draft = replace(draft, id=PlanId(new_id()))
        with self._store.transaction():
            self._directory.add_missing(new_units, new_hamlets)
            draft = self._directory.resolve_references(draft)
            self._store.plans.save(draft)
        return self._plans.get(draft.id)

    def import_json(self, path: Path) -> Plan:
        """A plan from the plan JSON ``show --json`` prints (DESIGN.md section 7), saved.

        The plan keeps what the JSON says (number, date, status), under a new id; units and
        hamlets are matched by name, and the ones the office lacks are added. So a plan can
        be scripted, and ``show --json`` -> ``import-plan`` -> ``show --json`` gives the
        same plan, ids aside.

        Raises:
            UserError: the file cannot be read, is not JSON, or a field is malformed (the
                message names its path, "tasks[2].deadline.date"). Nothing is saved then.
        """
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise UserError(f"Tệp {path.name} quá lớn để là một kế hoạch.")
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"Không đọc được tệp {path.name}: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise UserError(
                f"Tệp {path.name} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno})."
            ) from exc
        plan = plan_from_json(data, new_id())
        validate_plan(plan, deadlines=False)
        units = {ref.name for t in plan.tasks for ref in (*t.lead, *t.support)}
        units |= {a.unit.name for a in plan.assignments}
        hamlets = {h.name for a in plan.assignments for h in a.hamlets}
        new_units = tuple(Unit(UnitId(""), name) for name in sorted(units) if name)
        new_hamlets = tuple(Hamlet(HamletId(""), name) for name in sorted(hamlets) if name)
        with self._store.transaction():
            self._directory.add_missing(new_units, new_hamlets)
            self._store.plans.save(self._directory.resolve_references(plan, create=True))
        return self._plans.get(plan.id)

    # ---- the sample plans ----------------------------------------------------------------

    @staticmethod
    def sample_files() -> list[Path]:
        return sorted(resource_path("samples").glob("*.json"))

    def load_samples(self, progress: ProgressCallback | None = None) -> list[PlanId]:
        """Load the five real plans of ``resources/samples``; loading again changes nothing.

        Every file is read and checked before anything is written; then everything is
        written in one transaction.
        """
        files = self.sample_files()
        if not files:
            raise UserError("Không tìm thấy dữ liệu mẫu trong thư mục cài đặt chương trình.")
        bundles = [read_sample(f) for f in files]
        with self._store.transaction():
            for i, bundle in enumerate(bundles):
                if progress:
                    progress(i, len(bundles), bundle.plan.title)
                self._load_bundle(bundle)
        # The seeds keep the headers they were issued with; a new document of the sample
        # office gets the post-reform ones (no district line).
        if office_from_json(self._store.get_setting(OFFICE_SETTING)) is None:
            office = new_office(*SAMPLE_OFFICE)
            signed = {name_key(b.plan.issuer.name): b.plan.signature for b in bundles}
            bodies = tuple(
                replace(body, signature=signed.get(name_key(body.issuer.name), body.signature))
                for body in office.bodies
            )
            self._store.set_setting(OFFICE_SETTING, office_to_json(replace(office, bodies=bodies)))
            self._store.set_setting(OFFICE_FROM_SAMPLES_SETTING, "1")
        if progress:
            progress(len(bundles), len(bundles), "")
        return [b.plan.id for b in bundles]

    def _load_bundle(self, bundle: SampleBundle) -> None:
        self._directory.add_missing(bundle.units, bundle.hamlets)
        self._store.plans.save(self._directory.resolve_references(bundle.plan, create=True))
