"""The plans service: create, edit, find, number and issue plans; their lifecycle and the trash.

Everything here is all or nothing: a use case runs in one transaction and refuses bad input
with a Vietnamese message before writing.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, assert_never

from desktop_app.domain.checks import CheckContext, Finding, plan_findings
from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.ids import PlanId, new_id
from desktop_app.domain.lifecycle import issue, move_to, next_number, reopen, validate_plan
from desktop_app.domain.plan_copy import copy_plan
from desktop_app.domain.plans import (
    Issuer,
    Plan,
    PlanStatus,
    PlanSummary,
    System,
    number_or_blank,
)
from desktop_app.domain.progress import ProgressEntry
from desktop_app.domain.registry import Registry
from desktop_app.domain.search import TextIndex
from desktop_app.domain.text import fold
from desktop_app.exports.plan_json import plan_to_json
from desktop_app.workspace.calendar import CalendarService
from desktop_app.workspace.store_handle import StoreHandle, StoreService

# The symbol a first plan of each system starts with, before the clerk has issued one.
NEW_PLAN_SYMBOLS = Registry(
    System, {System.STATE: "KH-UBND", System.PARTY: "KH/ĐU"}, "new plan symbols"
)


class TrashKind(StrEnum):
    """What a deleted thing in the trash is."""

    PLAN = "plan"
    UNIT = "unit"
    HAMLET = "hamlet"


@dataclass(frozen=True)
class TrashItem:
    """Something the clerk deleted and can bring back."""

    kind: TrashKind
    id: str
    name: str
    deleted_at: str


TRASH_KIND_LABELS = Registry(
    TrashKind,
    {TrashKind.PLAN: "Kế hoạch", TrashKind.UNIT: "Đơn vị", TrashKind.HAMLET: "Xóm"},
    "trash kind labels",
)


class PlanService(StoreService):
    """The plans of one workspace; checking a plan asks the calendar for the days off."""

    def __init__(self, handle: StoreHandle, calendar: CalendarService) -> None:
        super().__init__(handle)
        self._calendar = calendar

    # ---- reading -------------------------------------------------------------------------

    def summaries(self, query: str = "") -> list[PlanSummary]:
        return self._store.plans.summaries(query)

    def search_index(self) -> TextIndex[PlanId]:
        """What :meth:`summaries` searches, held in memory for search-as-you-type."""
        return TextIndex(self._store.plans.search_texts())

    def count(self) -> int:
        return self._store.plans.count()

    def get(self, plan_id: str) -> Plan:
        return self._store.plans.get(plan_id)

    def find(self, ref: str) -> Plan:
        """A plan by id, unique id prefix, or number/symbol as people cite it ("95-KH/TU").

        Raises:
            NotFoundError: nothing matches, or several plans do (the message lists them).
        """
        ref = ref.strip()
        if not ref:
            raise NotFoundError("Hãy cho biết kế hoạch: mã, số/ký hiệu (vd. 95-KH/TU).")
        if self._store.plans.exists(ref):
            return self.get(ref)
        summaries = self.summaries()
        wanted = fold(ref).replace(" ", "")
        matches = [s for s in summaries if fold(s.reference).replace(" ", "") == wanted]
        if not matches and len(ref) >= 4:
            matches = [s for s in summaries if s.id.startswith(ref.lower())]
        if len(matches) == 1:
            return self.get(matches[0].id)
        if not matches:
            raise NotFoundError(f"Không tìm thấy kế hoạch \u201c{ref}\u201d.")
        listing = "; ".join(f"{s.id[:8]} ({s.title[:50]})" for s in matches[:5])
        raise NotFoundError(
            f"Có {len(matches)} kế hoạch khớp với \u201c{ref}\u201d: {listing}. "
            "Hãy dùng mã kế hoạch."
        )

    @staticmethod
    def to_json(plan: Plan) -> dict[str, Any]:
        return plan_to_json(plan)

    def signers(self) -> list[str]:
        """People who have signed the office's plans, for the signer field."""
        names = set(self._store.plans.signers())
        setting = self._store.get_setting("office_signer")
        return sorted(n for n in {*names, setting} if n)

    # ---- writing -------------------------------------------------------------------------

    def save(self, plan: Plan) -> Plan:
        """Save a whole plan (its units and hamlets must already exist), all or nothing."""
        with self._store.transaction():
            self._store.plans.save(plan)
        return self.get(plan.id)

    def add_new(
        self, plans: Sequence[Plan], progress: Sequence[ProgressEntry] | None = None
    ) -> None:
        """Add plans not yet in the file, and progress entries about them, all or nothing.

        The bulk path for many plans at once (a generated office, a first import): their units
        and hamlets must already exist, and a plan already in the file makes it all fail.
        """
        with self._store.transaction():
            self._store.plans.insert_new(plans)
            if progress:
                self._store.progress.insert_many(progress)

    def new(self, system: System = System.STATE) -> Plan:
        """A blank draft (not saved yet) with the office's issuer, place and signature."""
        latest = next((s for s in self._store.plans.summaries() if s.system is system), None)
        if latest is None:
            return Plan(
                id=PlanId(new_id()),
                system=system,
                issuer=Issuer(""),
                title="",
                symbol=NEW_PLAN_SYMBOLS[system],
            )
        model = self.get(latest.id)
        return Plan(
            id=PlanId(new_id()),
            system=system,
            issuer=model.issuer,
            title="",
            symbol=model.symbol,
            place=model.place,
            signature=model.signature,
        )

    def save_edited(self, plan: Plan, opened: Plan | None) -> Plan:
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
        stored = self.get(plan.id) if self._store.plans.exists(plan.id) else None
        if stored != opened:
            raise UserError(
                "Kế hoạch này đã được thay đổi ở chỗ khác (ban hành, đổi trạng thái, phân "
                "công, xóa...) từ khi mở để soạn, nên chưa lưu để khỏi ghi đè. Hãy chép lại "
                "phần vừa sửa, đóng cửa sổ soạn rồi mở lại kế hoạch."
            )
        for ref in {r for t in plan.tasks for r in (*t.lead, *t.support)}:
            self._store.units.get(ref.id)  # NotFoundError names what is missing
        return self.save(plan)

    def duplicate(self, plan_id: str, years: int = 1) -> Plan:
        """Save a copy of the plan as a new draft, ``years`` on (next year's campaign)."""
        return self.save(copy_plan(self.get(plan_id), years))

    # ---- lifecycle -----------------------------------------------------------------------

    def next_number(self, plan: Plan, day: dt.date) -> int:
        """The number to issue with.

        The one the plan kept when reopened, if still free; else the next of the issuing
        body's register for ``day``'s year.
        """
        used = self._store.plans.used_numbers(plan.issuer.name, day.year, exclude=plan.id)
        if plan.number is not None and plan.number not in used:
            return plan.number
        return next_number(used)

    def issue(self, plan_id: str, day: dt.date, number: int | None = None) -> Plan:
        """Issue a draft: the register's next number (or the one it kept), and its date.

        Raises:
            UserError: not a draft, an empty title, or a number the register already gave.
        """
        plan = self.get(plan_id)
        validate_plan(replace(plan, date=day))
        used = self._store.plans.used_numbers(plan.issuer.name, day.year, exclude=plan.id)
        if number is None:
            number = plan.number if plan.number is not None and plan.number not in used else None
        if number is None:
            number = next_number(used)
        if number in used:
            raise UserError(
                f"Số {number:02d} năm {day.year} đã cấp cho văn bản khác của "
                f"{plan.issuer.name}. Số tiếp theo là {next_number(used):02d}."
            )
        return self.save(issue(plan, number, day))

    def reopen(self, plan_id: str) -> Plan:
        """Unlock an issued plan's header for editing (back to draft, the number kept)."""
        return self.save(reopen(self.get(plan_id)))

    def set_status(self, plan_id: str, status: PlanStatus) -> Plan:
        return self.save(move_to(self.get(plan_id), status))

    def check(self, plan: Plan) -> list[Finding]:
        """Every check on the plan (``check PLAN`` and the Kiểm tra window), errors first."""
        days = [e.date for e in plan.events] + ([plan.date] if plan.date else [])
        days += [due for t in plan.tasks if (due := t.deadline.due_date()) is not None]
        first = min(days, default=dt.date.today())
        last = max(days, default=first)
        if plan.date is not None:
            last = max(last, dt.date(plan.date.year + 1, 12, 31))
        context = CheckContext(
            units=self._store.units.list(),
            hamlets=self._store.hamlets.list(),
            days_off=self._calendar.days_off(dt.date(first.year, 1, 1), dt.date(last.year, 12, 31)),
        )
        return plan_findings(plan, context)

    # ---- trash ---------------------------------------------------------------------------

    def delete(self, plan_id: str) -> None:
        """Move a plan to the trash (restorable)."""
        with self._store.transaction():
            self._store.plans.delete(PlanId(plan_id))

    def trash(self) -> list[TrashItem]:
        """Plans, units and hamlets deleted and not yet gone, the latest deleted first."""
        store = self._store
        items = [
            TrashItem(TrashKind.PLAN, s.id, f"{number_or_blank(s)} {s.title}".strip(), when)
            for s, when in store.plans.deleted()
        ]
        items += [
            TrashItem(TrashKind.UNIT, u.id, u.name, when) for u, when in store.units.deleted()
        ]
        items += [
            TrashItem(TrashKind.HAMLET, h.id, h.name, when) for h, when in store.hamlets.deleted()
        ]
        return sorted(items, key=lambda i: i.deleted_at, reverse=True)

    def restore(self, item: TrashItem) -> None:
        with self._store.transaction():
            match item.kind:
                case TrashKind.PLAN:
                    self._store.plans.restore(PlanId(item.id))
                case TrashKind.UNIT:
                    self._store.units.restore(item.id)
                case TrashKind.HAMLET:
                    self._store.hamlets.restore(item.id)
                case unknown:
                    assert_never(unknown)
