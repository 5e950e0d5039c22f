"""The editing use cases of the workspace: plans, their lifecycle, units, hamlets, the trash.

:class:`Editing` is a part of :class:`desktop_app.workspace.Workspace`; it is kept in its own
module because it is a subject of its own. Everything here is all or nothing: a use case
runs in one transaction and refuses bad input with a Vietnamese message before writing.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from desktop_app.domain.checks import CheckContext, Finding, plan_findings
from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.hamlet_lists import HamletListMatch, match_hamlet_list
from desktop_app.domain.ids import (
    AssignmentId,
    HamletId,
    PlanId,
    UnitId,
    derived_id,
    new_id,
)
from desktop_app.domain.lifecycle import issue, move_to, next_number, reopen, validate_plan
from desktop_app.domain.plan_copy import copy_plan, merge_assignment_rows
from desktop_app.domain.plans import (
    Assignment,
    HamletRef,
    Issuer,
    Plan,
    PlanStatus,
    PlanSummary,
    System,
    Task,
    UnitRef,
)
from desktop_app.domain.text import clean, fold
from desktop_app.domain.units import Hamlet, Unit
from desktop_app.storage.store import Store


@dataclass(frozen=True)
class TrashItem:
    """Something the clerk deleted and can bring back."""

    kind: str  # "plan", "unit", "hamlet"
    id: str
    name: str
    deleted_at: str


TRASH_KIND_LABELS = {"plan": "Kế hoạch", "unit": "Đơn vị", "hamlet": "Xóm"}


class Editing:
    """Editing use cases; mixed into the Workspace, which provides ``store`` and ``get_plan``."""

    store: Store

    def get_plan(self, plan_id: str) -> Plan:
        raise NotImplementedError

    def days_off(self, start: dt.date, end: dt.date) -> dict[dt.date, str]:
        raise NotImplementedError

    # ---- plans ---------------------------------------------------------------------------

    def new_plan(self, system: System = System.STATE) -> Plan:
        """A blank draft (not saved yet) with the office's issuer, place and signature."""
        latest = next((s for s in self.store.plans.summaries() if s.system is system), None)
        if latest is None:
            return Plan(
                id=PlanId(new_id()),
                system=system,
                issuer=Issuer(""),
                title="",
                symbol="KH-UBND" if system is System.STATE else "KH/ĐU",
            )
        model = self.get_plan(latest.id)
        return Plan(
            id=PlanId(new_id()),
            system=system,
            issuer=model.issuer,
            title="",
            symbol=model.symbol,
            place=model.place,
            signature=model.signature,
        )

    def save_edited_plan(self, plan: Plan, opened: Plan | None) -> Plan:
        """Check and save a plan from the editor (all or nothing); its units must exist.

        Args:
            plan: the plan as edited.
            opened: the plan as the editor read it (None for a new one). When the file no
                longer holds exactly that (the plan was issued, deleted, or its assignment
                table changed meanwhile), nothing is written: the editor's copy would
                silently undo that work.

        Raises:
            UserError: the plan is invalid, or it changed elsewhere since it was opened.
        """
        validate_plan(plan)
        stored = self.get_plan(plan.id) if self.store.plans.exists(plan.id) else None
        if stored != opened:
            raise UserError(
                "Kế hoạch này đã được thay đổi ở chỗ khác (ban hành, đổi trạng thái, phân "
                "công, xóa...) từ khi mở để soạn, nên chưa lưu để khỏi ghi đè. Hãy chép lại "
                "phần vừa sửa, đóng cửa sổ soạn rồi mở lại kế hoạch."
            )
        for ref in {r for t in plan.tasks for r in (*t.lead, *t.support)}:
            self.store.units.get(ref.id)  # NotFoundError names what is missing
        with self.store.transaction():
            self.store.plans.save(plan)
        return self.get_plan(plan.id)

    # ---- names in plans and the office's lists ---------------------------------------------

    def add_missing(self, units: Sequence[Unit] = (), hamlets: Sequence[Hamlet] = ()) -> None:
        """Add the units and hamlets the lists do not have yet (matched by name).

        Their ids derive from their names, so two PCs adding the same name agree. Must run
        inside a transaction.
        """
        for hamlet in hamlets:
            if self.store.hamlets.find_by_name(hamlet.name) is None:
                self.store.hamlets.save(
                    replace(hamlet, id=HamletId(derived_id("hamlet", fold(hamlet.name))))
                )
        for unit in units:
            if self.store.units.find_by_name(unit.name) is None:
                self.store.units.save(
                    replace(
                        unit,
                        id=UnitId(derived_id("unit", fold(unit.name))),
                        position=self.store.units.count(),
                    )
                )

    def _unit_ref(self, ref: UnitRef, create: bool) -> UnitRef:
        if ref.id:
            return ref
        if create:
            self.add_missing(units=[Unit(id=UnitId(""), name=ref.name)])
        unit = self.store.units.find_by_name(ref.name)
        if unit is None:
            raise NotFoundError(f"Chưa có đơn vị \u201c{ref.name}\u201d trong danh sách.")
        return UnitRef(unit.id, unit.name)

    def _hamlet_ref(self, ref: HamletRef, create: bool) -> HamletRef:
        if ref.id:
            return ref
        if create:
            self.add_missing(hamlets=[Hamlet(id=HamletId(""), name=ref.name)])
        hamlet = self.store.hamlets.find_by_name(ref.name)
        if hamlet is None:
            raise NotFoundError(f"Chưa có xóm \u201c{ref.name}\u201d trong danh sách.")
        return HamletRef(hamlet.id, hamlet.name)

    def resolve_references(self, plan: Plan, create: bool = False) -> Plan:
        """The plan with every unit and hamlet named by name matched to the directory.

        Two names of one unit ("uỷ"/"ủy") become one reference. Must run inside a
        transaction when ``create`` is True.

        Raises:
            NotFoundError: a name the lists do not have, when ``create`` is False.
        """

        def units(refs: tuple[UnitRef, ...]) -> tuple[UnitRef, ...]:
            return tuple(dict.fromkeys(self._unit_ref(r, create) for r in refs))

        def task(t: Task) -> Task:
            return replace(t, lead=units(t.lead), support=units(t.support))

        def assignment(a: Assignment) -> Assignment:
            return replace(
                a,
                unit=self._unit_ref(a.unit, create),
                hamlets=tuple(dict.fromkeys(self._hamlet_ref(h, create) for h in a.hamlets)),
            )

        return replace(
            plan,
            tasks=tuple(task(t) for t in plan.tasks),
            assignments=tuple(assignment(a) for a in plan.assignments),
        )

    def duplicate_plan(self, plan_id: str, years: int = 1) -> Plan:
        """Save a copy of the plan as a new draft, ``years`` on (next year's campaign)."""
        copy = copy_plan(self.get_plan(plan_id), years)
        with self.store.transaction():
            self.store.plans.save(copy)
        return self.get_plan(copy.id)

    def next_plan_number(self, plan: Plan, day: dt.date) -> int:
        """The number to issue with.

        The one the plan kept when reopened, if still free; else the next of the issuing
        body's register for ``day``'s year.
        """
        used = self.store.plans.used_numbers(plan.issuer.name, day.year, exclude=plan.id)
        if plan.number is not None and plan.number not in used:
            return plan.number
        return next_number(used)

    def issue_plan(self, plan_id: str, day: dt.date, number: int | None = None) -> Plan:
        """Issue a draft: the register's next number (or the one it kept), and its date.

        Raises:
            UserError: not a draft, an empty title, or a number the register already gave.
        """
        plan = self.get_plan(plan_id)
        validate_plan(replace(plan, date=day))
        used = self.store.plans.used_numbers(plan.issuer.name, day.year, exclude=plan.id)
        if number is None:
            number = plan.number if plan.number is not None and plan.number not in used else None
        if number is None:
            number = next_number(used)
        if number in used:
            raise UserError(
                f"Số {number:02d} năm {day.year} đã cấp cho văn bản khác của "
                f"{plan.issuer.name}. Số tiếp theo là {next_number(used):02d}."
            )
        issued = issue(plan, number, day)
        with self.store.transaction():
            self.store.plans.save(issued)
        return self.get_plan(plan_id)

    def reopen_plan(self, plan_id: str) -> Plan:
        """Unlock an issued plan's header for editing (back to draft, the number kept)."""
        plan = reopen(self.get_plan(plan_id))
        with self.store.transaction():
            self.store.plans.save(plan)
        return self.get_plan(plan_id)

    def set_plan_status(self, plan_id: str, status: PlanStatus) -> Plan:
        plan = move_to(self.get_plan(plan_id), status)
        with self.store.transaction():
            self.store.plans.save(plan)
        return self.get_plan(plan_id)

    def delete_plan(self, plan_id: str) -> None:
        """Move a plan to the trash (restorable)."""
        with self.store.transaction():
            self.store.plans.delete(PlanId(plan_id))

    def check_plan(self, plan: Plan) -> list[Finding]:
        """Every check on the plan (``check PLAN`` and the Kiểm tra window), errors first."""
        days = [e.date for e in plan.events] + ([plan.date] if plan.date else [])
        days += [due for t in plan.tasks if (due := t.deadline.due_date()) is not None]
        first = min(days, default=dt.date.today())
        last = max(days, default=first)
        if plan.date is not None:
            last = max(last, dt.date(plan.date.year + 1, 12, 31))
        context = CheckContext(
            units=self.store.units.list(),
            hamlets=self.store.hamlets.list(),
            days_off=self.days_off(dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)),
        )
        return plan_findings(plan, context)

    def signers(self) -> list[str]:
        """People who have signed the office's plans, for the signer field."""
        names = set(self.store.plans.signers())
        setting = self.store.get_setting("office_signer")
        return sorted(n for n in {*names, setting} if n)

    # ---- trash ---------------------------------------------------------------------------

    def trash(self) -> list[TrashItem]:
        items = [
            TrashItem("plan", s.id, f"{s.reference} {s.title}".strip(), when)
            for s, when in self.store.plans.deleted()
        ]
        items += [TrashItem("unit", u.id, u.name, when) for u, when in self.store.units.deleted()]
        items += [
            TrashItem("hamlet", h.id, h.name, when) for h, when in self.store.hamlets.deleted()
        ]
        return sorted(items, key=lambda i: i.deleted_at, reverse=True)

    def restore(self, item: TrashItem) -> None:
        with self.store.transaction():
            if item.kind == "plan":
                self.store.plans.restore(PlanId(item.id))
            elif item.kind == "unit":
                self.store.units.restore(item.id)
            elif item.kind == "hamlet":
                self.store.hamlets.restore(item.id)
            else:
                raise NotFoundError("Không rõ mục cần khôi phục.")

    # ---- units ---------------------------------------------------------------------------

    def save_unit(self, unit: Unit) -> Unit:
        """Add or edit a unit; a new one goes to the end of the office's order.

        Raises:
            DuplicateNameError: another unit has the same name, diacritics ignored.
        """
        with self.store.transaction():
            if not self._unit_exists(unit.id):
                unit = replace(unit, position=self.store.units.count())
            return self.store.units.save(unit)

    def _unit_exists(self, unit_id: str) -> bool:
        try:
            self.store.units.get(unit_id)
        except NotFoundError:
            return False
        return True

    def plans_using_unit(self, unit_id: str) -> list[PlanSummary]:
        ids = set(self.store.plans.ids_using_unit(unit_id))
        return [s for s in self.store.plans.summaries() if s.id in ids]

    def delete_unit(self, unit_id: str) -> None:
        """Move an unused unit to the trash; a unit any plan uses can only be deactivated."""
        users = self.plans_using_unit(unit_id)
        if not users and self.store.plans.ids_using_unit(unit_id, include_deleted=True):
            raise UserError(
                "Đơn vị này có trong một kế hoạch ở Thùng rác, nên không xóa được (kế hoạch "
                "khôi phục lại sẽ thiếu đơn vị). Hãy chọn \u201cNgừng sử dụng\u201d."
            )
        if users:
            raise UserError(
                f"Đơn vị này có trong {len(users)} kế hoạch (vd. {users[0].title[:60]}), "
                "nên không xóa được. Hãy chọn \u201cNgừng sử dụng\u201d."
            )
        with self.store.transaction():
            self.store.units.delete(unit_id)

    def set_unit_active(self, unit_id: str, active: bool) -> Unit:
        with self.store.transaction():
            return self.store.units.save(replace(self.store.units.get(unit_id), active=active))

    def reorder_units(self, ids: Sequence[str]) -> None:
        with self.store.transaction():
            self.store.units.reorder(ids)

    def merge_units(self, keep_id: str, drop_id: str) -> Unit:
        """Merge two units that are one: every reference to ``drop`` moves to ``keep``.

        Tasks, assignment rows and Nơi nhận lines of every plan are rewritten (their earlier
        versions go to history), then ``drop`` is tombstoned with the reason "merged".
        """
        if keep_id == drop_id:
            raise UserError("Hãy chọn hai đơn vị khác nhau để gộp.")
        keep = self.store.units.get(keep_id)
        drop = self.store.units.get(drop_id)
        new_ref = UnitRef(keep.id, keep.name)

        def refs(units: tuple[UnitRef, ...]) -> tuple[UnitRef, ...]:
            moved = [new_ref if u.id == drop.id else u for u in units]
            return tuple(dict.fromkeys(moved))

        with self.store.transaction():
            for plan_id in self.store.plans.ids_using_unit(drop.id):
                plan = self.get_plan(plan_id)
                tasks = tuple(
                    replace(t, lead=refs(t.lead), support=refs(t.support)) for t in plan.tasks
                )
                tasks = tuple(
                    replace(t, support=tuple(u for u in t.support if u not in t.lead))
                    for t in tasks
                )
                moved: set[str] = {a.id for a in plan.assignments if a.unit.id == drop.id}
                assignments = merge_assignment_rows(
                    tuple(
                        replace(a, unit=new_ref) if a.id in moved else a for a in plan.assignments
                    ),
                    moved,
                )
                recipients = tuple(
                    replace(r, unit_id=keep.id) if r.unit_id == drop.id else r
                    for r in plan.recipients
                )
                self.store.plans.save(
                    replace(plan, tasks=tasks, assignments=assignments, recipients=recipients)
                )
            # Rows of plans in the trash, and progress reports, which no plan save rewrites.
            for table in ("task_units", "assignments", "recipients", "progress_entries"):
                self.store.plans.repoint(table, "unit_id", drop.id, keep.id)
            note = clean(f"{keep.note} Đã gộp \u201c{drop.name}\u201d vào đơn vị này.")
            merged = replace(
                keep,
                abbreviation=keep.abbreviation or drop.abbreviation,
                short_name=keep.short_name or drop.short_name,
                note=note,
            )
            self.store.units.save(merged)
            self.store.units.delete(drop.id, reason="merged")
        return self.store.units.get(keep.id)

    # ---- hamlets -------------------------------------------------------------------------

    def save_hamlet(self, hamlet: Hamlet) -> Hamlet:
        with self.store.transaction():
            return self.store.hamlets.save(hamlet)

    def delete_hamlet(self, hamlet_id: str) -> None:
        """Move an unused hamlet to the trash; one any plan assigns can only be merged."""
        users = self.store.plans.ids_using_hamlet(hamlet_id, include_deleted=True)
        if users:
            raise UserError(
                f"Xóm này có trong bảng phân công của {len(users)} kế hoạch nên không xóa "
                "được. Nếu xóm đã sáp nhập, hãy dùng \u201cGộp xóm\u201d."
            )
        with self.store.transaction():
            self.store.hamlets.delete(hamlet_id)

    def merge_hamlets(self, hamlet_ids: Sequence[str], into: Hamlet) -> Hamlet:
        """The "sắp xếp thôn": hamlets become one (``into``, new or one of them).

        Every plan's assignment rows move to ``into``; the old hamlets stay, marked merged
        into it and inactive, so their names remain findable and history keeps the rest.
        """
        olds = [self.store.hamlets.get(h) for h in dict.fromkeys(hamlet_ids) if h != into.id]
        if not olds:
            raise UserError("Hãy chọn các xóm cần gộp và xóm sau khi gộp.")
        with self.store.transaction():
            target = self.store.hamlets.save(replace(into, merged_into=None, active=True))
            ref = HamletRef(target.id, target.name)
            old_ids = {h.id for h in olds}
            plan_ids = {p for h in olds for p in self.store.plans.ids_using_hamlet(h.id)}
            for plan_id in plan_ids:
                plan = self.get_plan(plan_id)
                rows = tuple(
                    replace(
                        a,
                        hamlets=tuple(
                            dict.fromkeys(ref if h.id in old_ids else h for h in a.hamlets)
                        ),
                    )
                    for a in plan.assignments
                )
                self.store.plans.save(replace(plan, assignments=rows))
            for old in olds:  # rows of plans in the trash, and progress reports
                self.store.plans.repoint("assignment_hamlets", "hamlet_id", old.id, target.id)
                self.store.plans.repoint("progress_entries", "hamlet_id", old.id, target.id)
            for old in olds:
                note = clean(f"{old.note} Đã sáp nhập vào {target.name}.")
                self.store.hamlets.save(
                    replace(old, merged_into=target.id, active=False, note=note)
                )
        return self.store.hamlets.get(target.id)

    # ---- assignments ---------------------------------------------------------------------

    def read_hamlet_list(self, text: str) -> HamletListMatch:
        """The hamlets a compact list ("Xóm 1, 2, 3") names, and the names that match none."""
        return match_hamlet_list(text, self.store.hamlets.list())

    def assignment_row(
        self, unit_id: str, hamlet_text: str, prefix: str = "", note: str = ""
    ) -> Assignment:
        """One assignment row from a unit and a typed list.

        Raises:
            UserError: the list names hamlets the office does not have (it says which; they
                are never created silently) or names none.
        """
        unit = self.store.units.get(unit_id)
        found = self.read_hamlet_list(hamlet_text)
        if found.unknown:
            raise UserError(
                "Không có xóm: "
                + ", ".join(found.unknown)
                + ". Hãy thêm xóm ở bảng bên trái hoặc sửa lại tên."
            )
        if not found.found and not clean(note):
            raise UserError(
                "Hãy gõ tên các xóm, vd. \u201cXóm 1, 2, 3\u201d (hoặc ghi chú khi không nêu "
                "tên xóm, như \u201cCác xóm có trụ sở của DN, HTX\u201d)."
            )
        return Assignment(
            AssignmentId(new_id()),
            UnitRef(unit.id, unit.name),
            tuple(HamletRef(h.id, h.name) for h in found.found),
            prefix=clean(prefix),
            note=clean(note),
        )

    def save_assignments(self, plan_id: str, rows: Sequence[Assignment]) -> Plan:
        """Replace a plan's assignment table, all or nothing."""
        plan = self.get_plan(plan_id)
        for row in rows:
            self.store.units.get(row.unit.id)
            for h in row.hamlets:
                self.store.hamlets.get(h.id)
        with self.store.transaction():
            self.store.plans.save(replace(plan, assignments=tuple(rows)))
        return self.get_plan(plan_id)

    def copy_assignments(self, from_plan_id: str, to_plan_id: str) -> Plan:
        """Give a plan the assignment table of another (new rows, same units and hamlets)."""
        source = self.get_plan(from_plan_id)
        if not source.assignments:
            raise UserError("Kế hoạch được chọn chưa có bảng phân công để sao chép.")
        rows = [replace(a, id=AssignmentId(new_id())) for a in source.assignments]
        return self.save_assignments(to_plan_id, rows)
