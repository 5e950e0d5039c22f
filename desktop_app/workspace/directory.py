"""The directory service: units and hamlets, their merges, and who covers which hamlet.

Plans name units and hamlets: merging two of them rewrites the plans that name them, and an
assignment table is checked against the lists before a plan keeps it.
"""

from collections.abc import Sequence
from dataclasses import replace

from desktop_app.domain.checks import Coverage, plan_coverage
from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.hamlet_lists import HamletListMatch, match_hamlet_list
from desktop_app.domain.ids import AssignmentId, HamletId, UnitId, derived_id, new_id
from desktop_app.domain.plan_copy import merge_assignment_rows
from desktop_app.domain.plans import Assignment, HamletRef, Plan, PlanSummary, Task, UnitRef
from desktop_app.domain.text import clean, fold
from desktop_app.domain.units import Hamlet, Unit
from desktop_app.workspace.store_handle import StoreService


class DirectoryService(StoreService):
    """The units and hamlets of one workspace, and the plans' assignment tables."""

    def units(self, query: str = "") -> list[Unit]:
        return self._store.units.list(query)

    def hamlets(self, query: str = "") -> list[Hamlet]:
        return self._store.hamlets.list(query)

    def save(self, units: Sequence[Unit] = (), hamlets: Sequence[Hamlet] = ()) -> None:
        """Add or update units and hamlets, all or nothing (names must stay unique)."""
        with self._store.transaction():
            for hamlet in hamlets:
                self._store.hamlets.save(hamlet)
            for unit in units:
                self._store.units.save(unit)

    # ---- names in plans and the office's lists ---------------------------------------------

    def add_missing(self, units: Sequence[Unit] = (), hamlets: Sequence[Hamlet] = ()) -> None:
        """Add the units and hamlets the lists do not have yet (matched by name).

        Their ids derive from their names, so two PCs adding the same name agree. Must run
        inside a transaction.
        """
        for hamlet in hamlets:
            if self._store.hamlets.find_by_name(hamlet.name) is None:
                self._store.hamlets.save(
                    replace(hamlet, id=HamletId(derived_id("hamlet", fold(hamlet.name))))
                )
        for unit in units:
            if self._store.units.find_by_name(unit.name) is None:
                self._store.units.save(
                    replace(
                        unit,
                        id=UnitId(derived_id("unit", fold(unit.name))),
                        position=self._store.units.count(),
                    )
                )

    def _unit_ref(self, ref: UnitRef, create: bool) -> UnitRef:
        if ref.id:
            return ref
        if create:
            self.add_missing(units=[Unit(id=UnitId(""), name=ref.name)])
        unit = self._store.units.find_by_name(ref.name)
        if unit is None:
            raise NotFoundError(f"Chưa có đơn vị \u201c{ref.name}\u201d trong danh sách.")
        return UnitRef(unit.id, unit.name)

    def _hamlet_ref(self, ref: HamletRef, create: bool) -> HamletRef:
        if ref.id:
            return ref
        if create:
            self.add_missing(hamlets=[Hamlet(id=HamletId(""), name=ref.name)])
        hamlet = self._store.hamlets.find_by_name(ref.name)
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

    # ---- units ---------------------------------------------------------------------------

    def save_unit(self, unit: Unit) -> Unit:
        """Add or edit a unit; a new one goes to the end of the office's order.

        Raises:
            DuplicateNameError: another unit has the same name, diacritics ignored.
        """
        with self._store.transaction():
            if not self._unit_exists(unit.id):
                unit = replace(unit, position=self._store.units.count())
            return self._store.units.save(unit)

    def _unit_exists(self, unit_id: str) -> bool:
        try:
            self._store.units.get(unit_id)
        except NotFoundError:
            return False
        return True

    def plans_using_unit(self, unit_id: str) -> list[PlanSummary]:
        ids = set(self._store.plans.ids_using_unit(unit_id))
        return [s for s in self._store.plans.summaries() if s.id in ids]

    def delete_unit(self, unit_id: str) -> None:
        """Move an unused unit to the trash; a unit any plan uses can only be deactivated."""
        users = self.plans_using_unit(unit_id)
        if not users and self._store.plans.ids_using_unit(unit_id, include_deleted=True):
            raise UserError(
                "Đơn vị này có trong một kế hoạch ở Thùng rác, nên không xóa được (kế hoạch "
                "khôi phục lại sẽ thiếu đơn vị). Hãy chọn \u201cNgừng sử dụng\u201d."
            )
        if users:
            raise UserError(
                f"Đơn vị này có trong {len(users)} kế hoạch (vd. {users[0].title[:60]}), "
                "nên không xóa được. Hãy chọn \u201cNgừng sử dụng\u201d."
            )
        with self._store.transaction():
            self._store.units.delete(unit_id)

    def set_unit_active(self, unit_id: str, active: bool) -> Unit:
        with self._store.transaction():
            return self._store.units.save(replace(self._store.units.get(unit_id), active=active))

    def reorder_units(self, ids: Sequence[str]) -> None:
        with self._store.transaction():
            self._store.units.reorder(ids)

    def merge_units(self, keep_id: str, drop_id: str) -> Unit:
        """Merge two units that are one: every reference to ``drop`` moves to ``keep``.

        Tasks, assignment rows and Nơi nhận lines of every plan are rewritten (their earlier
        versions go to history), then ``drop`` is tombstoned with the reason "merged".
        """
        if keep_id == drop_id:
            raise UserError("Hãy chọn hai đơn vị khác nhau để gộp.")
        keep = self._store.units.get(keep_id)
        drop = self._store.units.get(drop_id)
        new_ref = UnitRef(keep.id, keep.name)

        def refs(units: tuple[UnitRef, ...]) -> tuple[UnitRef, ...]:
            moved = [new_ref if u.id == drop.id else u for u in units]
            return tuple(dict.fromkeys(moved))

        with self._store.transaction():
            for plan_id in self._store.plans.ids_using_unit(drop.id):
                plan = self._store.plans.get(plan_id)
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
                self._store.plans.save(
                    replace(plan, tasks=tasks, assignments=assignments, recipients=recipients)
                )
            # Rows of plans in the trash, and progress reports, which no plan save rewrites.
            for table in ("task_units", "assignments", "recipients", "progress_entries"):
                self._store.plans.repoint(table, "unit_id", drop.id, keep.id)
            note = clean(f"{keep.note} Đã gộp \u201c{drop.name}\u201d vào đơn vị này.")
            merged = replace(
                keep,
                abbreviation=keep.abbreviation or drop.abbreviation,
                short_name=keep.short_name or drop.short_name,
                note=note,
            )
            self._store.units.save(merged)
            self._store.units.delete(drop.id, reason="merged")
        return self._store.units.get(keep.id)

    # ---- hamlets -------------------------------------------------------------------------

    def save_hamlet(self, hamlet: Hamlet) -> Hamlet:
        with self._store.transaction():
            return self._store.hamlets.save(hamlet)

    def delete_hamlet(self, hamlet_id: str) -> None:
        """Move an unused hamlet to the trash; one any plan assigns can only be merged."""
        users = self._store.plans.ids_using_hamlet(hamlet_id, include_deleted=True)
        if users:
            raise UserError(
                f"Xóm này có trong bảng phân công của {len(users)} kế hoạch nên không xóa "
                "được. Nếu xóm đã sáp nhập, hãy dùng \u201cGộp xóm\u201d."
            )
        with self._store.transaction():
            self._store.hamlets.delete(hamlet_id)

    def merge_hamlets(self, hamlet_ids: Sequence[str], into: Hamlet) -> Hamlet:
        """The "sắp xếp thôn": hamlets become one (``into``, new or one of them).

        Every plan's assignment rows move to ``into``; the old hamlets stay, marked merged
        into it and inactive, so their names remain findable and history keeps the rest.
        """
        olds = [self._store.hamlets.get(h) for h in dict.fromkeys(hamlet_ids) if h != into.id]
        if not olds:
            raise UserError("Hãy chọn các xóm cần gộp và xóm sau khi gộp.")
        with self._store.transaction():
            target = self._store.hamlets.save(replace(into, merged_into=None, active=True))
            ref = HamletRef(target.id, target.name)
            old_ids = {h.id for h in olds}
            plan_ids = {p for h in olds for p in self._store.plans.ids_using_hamlet(h.id)}
            for plan_id in plan_ids:
                plan = self._store.plans.get(plan_id)
                rows = tuple(
                    replace(
                        a,
                        hamlets=tuple(
                            dict.fromkeys(ref if h.id in old_ids else h for h in a.hamlets)
                        ),
                    )
                    for a in plan.assignments
                )
                self._store.plans.save(replace(plan, assignments=rows))
            for old in olds:  # rows of plans in the trash, and progress reports
                self._store.plans.repoint("assignment_hamlets", "hamlet_id", old.id, target.id)
                self._store.plans.repoint("progress_entries", "hamlet_id", old.id, target.id)
            for old in olds:
                note = clean(f"{old.note} Đã sáp nhập vào {target.name}.")
                self._store.hamlets.save(
                    replace(old, merged_into=target.id, active=False, note=note)
                )
        return self._store.hamlets.get(target.id)

    # ---- assignments ---------------------------------------------------------------------

    def read_hamlet_list(self, text: str) -> HamletListMatch:
        """The hamlets a compact list ("Xóm 1, 2, 3") names, and the names that match none."""
        return match_hamlet_list(text, self._store.hamlets.list())

    def assignment_row(
        self, unit_id: str, hamlet_text: str, prefix: str = "", note: str = ""
    ) -> Assignment:
        """One assignment row from a unit and a typed list.

        Raises:
            UserError: the list names hamlets the office does not have (it says which; they
                are never created silently) or names none.
        """
        unit = self._store.units.get(unit_id)
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
        plan = self._store.plans.get(plan_id)
        for row in rows:
            self._store.units.get(row.unit.id)
            for h in row.hamlets:
                self._store.hamlets.get(h.id)
        with self._store.transaction():
            self._store.plans.save(replace(plan, assignments=tuple(rows)))
        return self._store.plans.get(plan_id)

    def copy_assignments(self, from_plan_id: str, to_plan_id: str) -> Plan:
        """Give a plan the assignment table of another (new rows, same units and hamlets)."""
        source = self._store.plans.get(from_plan_id)
        if not source.assignments:
            raise UserError("Kế hoạch được chọn chưa có bảng phân công để sao chép.")
        rows = [replace(a, id=AssignmentId(new_id())) for a in source.assignments]
        return self.save_assignments(to_plan_id, rows)

    def coverage(self, plan: Plan) -> Coverage:
        """Hamlets no unit covers, and hamlets two or more units cover, in this plan."""
        return plan_coverage(plan, self.hamlets())
