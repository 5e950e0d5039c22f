"""The plans service: create, edit, find, number and issue plans; their lifecycle and the trash.

Everything here is all or nothing: a use case runs in one transaction and refuses bad input
with a Vietnamese message before writing.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, assert_never

from desktop_app.domain.checks import CheckContext, Finding, plan_findings
from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.ids import PlanId, new_id
from desktop_app.domain.lifecycle import issue, move_to, next_number, reopen, validate_plan
from desktop_app.domain.office import (
    OFFICE_FROM_SAMPLES_SETTING,
    OFFICE_SETTING,
    Office,
    office_from_json,
    office_to_json,
)
from desktop_app.domain.plan_copy import copy_plan
from desktop_app.domain.plans import (
    Issuer,
    Plan,
    PlanStatus,
    PlanSummary,
    System,
    document_number_line,
    number_or_blank,
)
from desktop_app.domain.progress import ProgressEntry
from desktop_app.domain.registers import Register
from desktop_app.domain.registry import Registry
from desktop_app.domain.search import TextIndex
from desktop_app.domain.text import fold
from desktop_app.exports.plan_json import plan_to_json
from desktop_app.workspace.calendar import CalendarService
from desktop_app.workspace.numbering import NumberingService
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


_PLAN_PARTS = {
    "system": "hệ thống",
    "issuer": "cơ quan ban hành",
    "title": "trích yếu",
    "symbol": "ký hiệu",
    "number": "số",
    "place": "địa danh",
    "date": "ngày",
    "doc_type": "loại văn bản",
    "type_line": "tên loại",
    "status": "trạng thái",
    "notes": "ghi chú",
    "bases": "căn cứ",
    "preamble": "mở đầu",
    "closing": "phần kết",
    "signature": "chữ ký",
    "sections": "các mục",
    "tasks": "nhiệm vụ",
    "event_rules": "quy tắc lịch",
    "events": "sự kiện",
    "assignments": "phân công",
    "recipients": "nơi nhận",
    "appendices": "phụ lục",
    "measures": "chỉ tiêu ra quân",
}


def changed_parts(before: Plan | None, after: Plan | None) -> list[str]:
    """What differs between two versions of a plan, as the clerk names its parts."""
    if before is None or after is None:
        return []
    return [
        label
        for name, label in _PLAN_PARTS.items()
        if getattr(before, name) != getattr(after, name)
    ]


class StaleEditError(UserError):
    """The plan changed elsewhere since the editor opened it; nothing was written.

    Another window, the command line or a merge saved it: saving would undo that.

    Attributes:
        mine: the plan as the clerk edited it.
        opened: the plan as the editor read it.
        theirs: the plan as it is now (None: deleted meanwhile).
    """

    def __init__(self, mine: Plan, opened: Plan | None, theirs: Plan | None) -> None:
        self.mine, self.opened, self.theirs = mine, opened, theirs
        if theirs is None:
            elsewhere = "ở đó kế hoạch đã bị xóa"
        else:
            parts = changed_parts(opened, theirs)
            elsewhere = "ở đó đã đổi: " + (", ".join(parts) if parts else "các bản ghi con")
        mine_parts = changed_parts(opened, mine)
        yours = ", ".join(mine_parts) if mine_parts else "không có gì"
        super().__init__(
            f"Kế hoạch này vừa được sửa ở nơi khác ({elsewhere}; bạn đã sửa: {yours}), nên "
            "chưa lưu để khỏi ghi đè. Hãy chọn giữ bản của bạn (ghi đè lên bản kia, bản kia "
            "vẫn còn trong lịch sử) hoặc lấy bản vừa sửa ở nơi khác."
        )


class PlanService(StoreService):
    """The plans of one workspace; checking a plan asks the calendar for the days off."""

    def __init__(
        self, handle: StoreHandle, calendar: CalendarService, numbering: NumberingService
    ) -> None:
        super().__init__(handle)
        self._calendar = calendar
        self._numbering = numbering

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

    def get_for_file(self, plan_id: str) -> Plan:
        """The plan to write a document or a sheet from, even with bad stored rows.

        Each value that breaks the record rules is printed flagged in place (its record's
        text says what is wrong) and listed in ``Plan.problems``: the file is written and
        the clerk is told to run Kiểm tra dữ liệu. Never for the editor.
        """
        return self._store.plans.get_flagged(plan_id)

    def find(self, ref: str, *, for_file: bool = False) -> Plan:
        """A plan by id, unique id prefix, or number/symbol as people cite it ("95-KH/TU").

        ``for_file``: read as :meth:`get_for_file` does.

        Raises:
            NotFoundError: nothing matches, or several plans do (the message lists them).
        """
        ref = ref.strip()
        if not ref:
            raise NotFoundError("Hãy cho biết kế hoạch: mã, số/ký hiệu (vd. 95-KH/TU).")
        read = self.get_for_file if for_file else self.get
        if self._store.plans.exists(ref):
            return read(ref)
        summaries = self.summaries()
        wanted = fold(ref).replace(" ", "")
        # A plan without a number is still found by its symbol as its header prints it
        # ("/KH-UBND"): the clerk types what the paper shows.
        matches = [
            s
            for s in summaries
            if fold(s.reference or document_number_line(s.system, None, s.symbol)[3:])
            .replace(" ", "")
            .replace(":", "")
            == wanted
        ]
        if not matches and len(ref) >= 4:
            matches = [s for s in summaries if s.id.startswith(ref.lower())]
        if len(matches) == 1:
            return read(matches[0].id)
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

    def office(self) -> Office | None:
        """The office as set up (province, commune, the bodies it issues as), if it is."""
        return office_from_json(self._store.get_setting(OFFICE_SETTING))

    def office_set_up(self) -> bool:
        """Whether the clerk has set up the office (the samples' office does not count)."""
        from_samples = self._store.get_setting(OFFICE_FROM_SAMPLES_SETTING) == "1"
        return self.office() is not None and not from_samples

    def set_office(self, office: Office) -> None:
        """Keep the office and its issuing bodies (the clerk may have edited them).

        Raises:
            UserError: a body without a name or a symbol.
        """
        for body in office.bodies:
            if not body.issuer.name.strip() or not body.symbol.strip():
                raise UserError(
                    f"Cơ quan \u201c{body.label}\u201d cần có tên in trên văn bản và ký hiệu."
                )
        self._store.set_setting(OFFICE_SETTING, office_to_json(office))
        if self._store.get_setting(OFFICE_FROM_SAMPLES_SETTING):
            self._store.set_setting(OFFICE_FROM_SAMPLES_SETTING, "")

    def new(self, system: System = System.STATE) -> Plan:
        """A blank draft (not saved yet) with the office's issuer, place and signature.

        The office's body for ``system`` when it is set up (post-reform headers); else the
        latest plan of that system's.
        """
        office = self.office()
        body = None if office is None else office.body_for(system)
        if office is not None and body is not None:
            return Plan(
                id=PlanId(new_id()),
                system=system,
                issuer=body.issuer,
                title="",
                symbol=body.symbol,
                place=office.place,
                signature=body.signature,
            )
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
            opened: the plan as the editor read it (None for a new one). The file must
                still hold exactly that: it is compared inside the write transaction
                (BEGIN IMMEDIATE, compare, write), so another window or the command line
                cannot slip an edit in between and have it silently undone.

        Raises:
            StaleEditError: the plan changed elsewhere since it was opened; both versions
                are on the error for the clerk to choose from. Nothing was written.
            UserError: the plan is invalid.
        """
        validate_plan(plan)
        for ref in {r for t in plan.tasks for r in (*t.lead, *t.support)}:
            self._store.units.get(ref.id)  # NotFoundError names what is missing
        with self._store.transaction():
            stored = self.get(plan.id) if self._store.plans.exists(plan.id) else None
            if stored != opened:
                raise StaleEditError(plan, opened, stored)
            self._store.plans.save(plan)
        return self.get(plan.id)

    def duplicate(self, plan_id: str, years: int = 1) -> Plan:
        """Save a copy of the plan as a new draft, ``years`` on (next year's campaign)."""
        return self.save(copy_plan(self.get(plan_id), years))

    # ---- lifecycle -----------------------------------------------------------------------

    def party_term_start(self) -> dt.date | None:
        """The day the office's current committee term began (Party numbering), if set."""
        return self._numbering.party_term_start()

    def set_party_term_start(self, day: dt.date | None) -> None:
        """Set (or clear) the term's first day (see ``NumberingService``)."""
        self._numbering.set_party_term_start(day)

    def register(self, plan: Plan, day: dt.date) -> Register:
        """The register ``plan`` is numbered in if issued on ``day``."""
        return self._numbering.register(plan.system, plan.issuer.name, plan.doc_type, day)

    def next_number(self, plan: Plan, day: dt.date) -> int:
        """The number to issue with.

        The one the plan kept when reopened, if still free; else the next of its register
        (the issuing body's year for the state, the type's run in the committee term for
        the Party), past every number the register gave to any document.
        """
        used = self._numbering.used(self.register(plan, day), exclude=plan.id)
        if plan.number is not None and plan.number not in used:
            return plan.number
        return next_number(used)

    def issue(self, plan_id: str, day: dt.date, number: int | None = None) -> Plan:
        """Issue a draft: the register's next number (or the one it kept), and its date.

        Raises:
            UserError: not a draft, an empty title, or a number the register already gave.
        """

        def issued(plan: Plan) -> Plan:
            validate_plan(replace(plan, date=day))
            register = self.register(plan, day)
            chosen = self.next_number(plan, day) if number is None else number
            self._numbering.check_free(register, chosen, exclude=plan.id)
            return issue(plan, chosen, day)

        return self.update(plan_id, issued)

    def reopen(self, plan_id: str) -> Plan:
        """Unlock an issued plan's header for editing (back to draft, the number kept)."""
        return self.update(plan_id, reopen)

    def set_status(self, plan_id: str, status: PlanStatus) -> Plan:
        return self.update(plan_id, lambda plan: move_to(plan, status))

    def update(self, plan_id: str, change: Callable[[Plan], Plan]) -> Plan:
        """Change a plan as it stands in the file, read and written under one write lock.

        A change made from the plan as stored (issue, reopen, a status, a moved event) is
        worked out inside the write transaction (BEGIN IMMEDIATE), so an edit saved by
        another window or the command line a moment before is built on, never undone.
        """
        with self._store.transaction():
            self._store.plans.save(change(self._store.plans.get(plan_id)))
        return self.get(plan_id)

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
