"""The workspace: one open data file and the use cases on it.

The GUI and the command line both go through here, so anything the clerk can click can be
scripted and tested.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop_app.documents import Documents
from desktop_app.domain.calendar import (
    EVERYTHING,
    CalendarFilter,
    CalendarItem,
    ItemKind,
    ItemState,
    month_bounds,
    month_grid,
)
from desktop_app.domain.checks import Coverage, plan_coverage
from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.event_rules import move_event, with_event_rule
from desktop_app.domain.holidays import OfficeDay, OfficeDayKind, days_off
from desktop_app.domain.ids import PlanId, TaskId, new_id
from desktop_app.domain.lunar import solar_to_lunar
from desktop_app.domain.plans import (
    Plan,
    PlanSummary,
    Signature,
    System,
    TaskStatus,
)
from desktop_app.domain.progress import ProgressEntry, ProgressKey
from desktop_app.domain.schedule import weekly_schedule
from desktop_app.domain.search import TextIndex
from desktop_app.domain.text import clean, fold
from desktop_app.domain.units import Hamlet, Unit
from desktop_app.exchange import Exchange
from desktop_app.exports.plan_json import plan_to_json
from desktop_app.imports.plan_json import SampleBundle, read_sample
from desktop_app.paths import default_db_path, device_id, resource_path
from desktop_app.plan_import import PlanImporting
from desktop_app.storage.store import Store
from desktop_app.tracking import Progress, Tracking


@dataclass(frozen=True)
class Agenda:
    """What the clerk should look at: overdue, this week, the next 30 days."""

    overdue: list[CalendarItem]
    this_week: list[CalendarItem]
    next_30_days: list[CalendarItem]


@dataclass(frozen=True)
class OfficeIdentity:
    """The office as its own documents name it, and who signs them."""

    issuer: str
    parent: str
    place: str
    signature: Signature


def agenda_message(agenda: Agenda) -> str:
    """One sentence on what is overdue and what falls this week."""
    overdue, week = len(agenda.overdue), len(agenda.this_week)
    if not overdue and not week:
        return "Không có việc quá hạn, tuần này chưa có việc nào đến hạn."
    parts = []
    if overdue:
        parts.append(f"{overdue} việc đã quá hạn")
    if week:
        parts.append(f"{week} việc trong tuần này")
    return "Hiện có " + " và ".join(parts) + "."


class Workspace(PlanImporting, Documents, Tracking, Exchange):
    """One workspace file and everything the clerk does with it."""

    # The agenda's overdue list looks back this far: older forgotten deadlines are in the
    # plan's own progress view, not on the start-up screen.
    OVERDUE_LOOKBACK_DAYS = 365

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, path: Path | None = None, device: str | None = None) -> "Workspace":
        """Open (creating and migrating as needed) a workspace file; default: the user's."""
        return cls(Store(path or default_db_path(), device or device_id()))

    @property
    def path(self) -> Path:
        return self.store.path

    def close(self) -> None:
        self.store.close()

    @property
    def is_open(self) -> bool:
        """False once closed: work a window put off (a timer) must then not run."""
        return not self.store.closed

    # ---- plans ---------------------------------------------------------------------------

    def list_plans(self, query: str = "") -> list[PlanSummary]:
        return self.store.plans.summaries(query)

    def plan_search_index(self) -> TextIndex[PlanId]:
        """What :meth:`list_plans` searches, held in memory for search-as-you-type."""
        return TextIndex(self.store.plans.search_texts())

    def plan_count(self) -> int:
        return self.store.plans.count()

    def get_plan(self, plan_id: str) -> Plan:
        return self.store.plans.get(plan_id)

    def find_plan(self, ref: str) -> Plan:
        """A plan by id, unique id prefix, or number/symbol as people cite it ("95-KH/TU").

        Raises:
            NotFoundError: nothing matches, or several plans do (the message lists them).
        """
        ref = ref.strip()
        if not ref:
            raise NotFoundError("Hãy cho biết kế hoạch: mã, số/ký hiệu (vd. 95-KH/TU).")
        if self.store.plans.exists(ref):
            return self.get_plan(ref)
        summaries = self.list_plans()
        wanted = fold(ref).replace(" ", "")
        matches = [s for s in summaries if fold(s.reference).replace(" ", "") == wanted]
        if not matches and len(ref) >= 4:
            matches = [s for s in summaries if s.id.startswith(ref.lower())]
        if len(matches) == 1:
            return self.get_plan(matches[0].id)
        if not matches:
            raise NotFoundError(f"Không tìm thấy kế hoạch \u201c{ref}\u201d.")
        listing = "; ".join(f"{s.id[:8]} ({s.title[:50]})" for s in matches[:5])
        raise NotFoundError(
            f"Có {len(matches)} kế hoạch khớp với \u201c{ref}\u201d: {listing}. "
            "Hãy dùng mã kế hoạch."
        )

    def plan_json(self, plan: Plan) -> dict[str, Any]:
        return plan_to_json(plan)

    def save_plan(self, plan: Plan) -> Plan:
        """Save a whole plan (its units and hamlets must already exist), all or nothing."""
        with self.store.transaction():
            self.store.plans.save(plan)
        return self.get_plan(plan.id)

    def add_new_plans(
        self, plans: Sequence[Plan], progress: Sequence[ProgressEntry] | None = None
    ) -> None:
        """Add plans not yet in the file, and progress entries about them, all or nothing.

        The bulk path for many plans at once (a generated office, a first import): their units
        and hamlets must already exist, and a plan already in the file makes it all fail.
        """
        with self.store.transaction():
            self.store.plans.insert_new(plans)
            if progress:
                self.store.progress.insert_many(progress)

    def progress_entries(self, plan_id: str) -> list[ProgressEntry]:
        return self.store.progress.for_plan(plan_id)

    # ---- directory -----------------------------------------------------------------------

    def save_directory(self, units: Sequence[Unit] = (), hamlets: Sequence[Hamlet] = ()) -> None:
        """Add or update units and hamlets, all or nothing (names must stay unique)."""
        with self.store.transaction():
            for hamlet in hamlets:
                self.store.hamlets.save(hamlet)
            for unit in units:
                self.store.units.save(unit)

    def units(self, query: str = "") -> list[Unit]:
        return self.store.units.list(query)

    def hamlets(self, query: str = "") -> list[Hamlet]:
        return self.store.hamlets.list(query)

    # ---- samples -------------------------------------------------------------------------

    @staticmethod
    def sample_files() -> list[Path]:
        return sorted(resource_path("samples").glob("*.json"))

    def load_samples(self, progress: Progress | None = None) -> list[PlanId]:
        """Load the five real plans of ``resources/samples``; loading again changes nothing.

        Every file is read and checked before anything is written; then everything is
        written in one transaction.
        """
        files = self.sample_files()
        if not files:
            raise UserError("Không tìm thấy dữ liệu mẫu trong thư mục cài đặt chương trình.")
        bundles = [read_sample(f) for f in files]
        with self.store.transaction():
            for i, bundle in enumerate(bundles):
                if progress:
                    progress(i, len(bundles), bundle.plan.title)
                self._load_bundle(bundle)
        if progress:
            progress(len(bundles), len(bundles), "")
        return [b.plan.id for b in bundles]

    def _load_bundle(self, bundle: SampleBundle) -> None:
        self.add_missing(bundle.units, bundle.hamlets)
        self.store.plans.save(self.resolve_references(bundle.plan, create=True))

    # ---- assignments ---------------------------------------------------------------------

    def coverage(self, plan: Plan) -> Coverage:
        """Hamlets no unit covers, and hamlets two or more units cover, in this plan."""
        return plan_coverage(plan, self.hamlets())

    # ---- calendar ------------------------------------------------------------------------

    def calendar_items(
        self,
        start: dt.date,
        end: dt.date,
        today: dt.date | None = None,
        plan_id: str | None = None,
        *,
        pending_only: bool = False,
        with_leads: bool = True,
        unit_id: str | None = None,
        hamlet_id: str | None = None,
    ) -> list[CalendarItem]:
        return self.store.plans.calendar_items(
            start,
            end,
            today or dt.date.today(),
            plan_id,
            pending_only=pending_only,
            with_leads=with_leads,
            unit_id=unit_id,
            hamlet_id=hamlet_id,
        )

    def month_items(
        self,
        year: int,
        month: int,
        today: dt.date | None = None,
        plan_id: str | None = None,
        *,
        with_leads: bool = True,
        unit_id: str | None = None,
        hamlet_id: str | None = None,
    ) -> list[CalendarItem]:
        start, end = month_bounds(year, month)
        return self.calendar_items(
            start,
            end,
            today,
            plan_id,
            with_leads=with_leads,
            unit_id=unit_id,
            hamlet_id=hamlet_id,
        )

    def with_leads(self, items: Sequence[CalendarItem]) -> list[CalendarItem]:
        """The items with ``who`` filled in (for items read ``with_leads=False``)."""
        names = self.store.plans.lead_names(
            i.object_id for i in items if i.kind is ItemKind.DEADLINE
        )
        return [replace(i, who=names[i.object_id]) if i.object_id in names else i for i in items]

    def agenda(self, today: dt.date | None = None) -> Agenda:
        """Overdue deadlines (the last year), this week's items, and the next 30 days'."""
        today = today or dt.date.today()
        past = self.calendar_items(
            today - dt.timedelta(days=self.OVERDUE_LOOKBACK_DAYS),
            today - dt.timedelta(days=1),
            today,
            pending_only=True,
        )
        week_end = today + dt.timedelta(days=6 - today.weekday())
        ahead = self.calendar_items(today, today + dt.timedelta(days=30), today)
        overdue = [i for i in past if i.state is ItemState.OVERDUE]
        overdue += [i for i in ahead if i.state is ItemState.OVERDUE]
        return Agenda(
            overdue=sorted(overdue, key=lambda i: i.day),
            this_week=sorted(
                (i for i in ahead if i.day <= week_end and i.state is not ItemState.OVERDUE),
                key=lambda i: i.day,
            ),
            next_30_days=sorted((i for i in ahead if i.day > week_end), key=lambda i: i.day),
        )

    def filtered_items(
        self,
        start: dt.date,
        end: dt.date,
        today: dt.date | None = None,
        where: CalendarFilter = EVERYTHING,
        *,
        with_leads: bool = True,
    ) -> list[CalendarItem]:
        """The calendar items between two days that the filter lets through."""
        return self.calendar_items(
            start,
            end,
            today,
            where.plan_id,
            with_leads=with_leads,
            unit_id=where.unit_id,
            hamlet_id=where.hamlet_id,
        )

    def startup_message(self, today: dt.date | None = None) -> str:
        """What the window says on start: what is overdue and what falls this week."""
        return agenda_message(self.agenda(today))

    def set_done(self, item: CalendarItem, done: bool = True) -> None:
        """Mark a deadline (or one occurrence of a recurring one) done, or not done again."""
        if item.kind is not ItemKind.DEADLINE:
            raise UserError("Chỉ đánh dấu hoàn thành được các thời hạn, không phải sự kiện.")
        status = TaskStatus.DONE if done else TaskStatus.NOT_STARTED
        key = ProgressKey(
            task_id=TaskId(item.object_id), occurrence=item.day if item.occurrence_id else None
        )
        with self.store.transaction():
            if item.occurrence_id:
                self.store.calendar.set_occurrence_status(item.occurrence_id, status)
            else:
                self.store.calendar.set_task_status(item.object_id, status)
            self.log_status_change(item.plan_id, key, status)

    # ---- days off ------------------------------------------------------------------------

    def office_days(
        self, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[OfficeDay]:
        return self.store.calendar.office_days(start, end)

    def save_office_day(
        self, day: dt.date, kind: OfficeDayKind, name: str, office_day_id: str | None = None
    ) -> OfficeDay:
        """Add or change a day off or a make-up working day of the office."""
        office_day = OfficeDay(office_day_id or new_id(), day, kind, clean(name))
        with self.store.transaction():
            self.store.calendar.save_office_day(office_day)
        return office_day

    def delete_office_day(self, office_day_id: str) -> None:
        with self.store.transaction():
            self.store.calendar.delete_office_day(office_day_id)

    def days_off(self, start: dt.date, end: dt.date) -> dict[dt.date, str]:
        """Public holidays and the office's own days off between two days, by day."""
        return days_off(start, end, self.office_days(start, end))

    def workdays(self, start: dt.date, end: dt.date) -> set[dt.date]:
        """The make-up working days (weekend days the office works) between two days."""
        return {d.day for d in self.office_days(start, end) if d.kind is OfficeDayKind.WORKDAY}

    # ---- events and checks -----------------------------------------------------------------

    def add_event_rule(
        self,
        plan_id: str,
        text: str,
        *,
        label_pattern: str = "Đợt {n}",
        place: str = "",
        time: str | None = None,
    ) -> Plan:
        """Read a campaign-day rule, generate its events and save them with the plan."""
        plan = with_event_rule(
            self.get_plan(plan_id), text, label_pattern=label_pattern, place=place, time=time
        )
        return self.save_plan(plan)

    def move_event(self, plan_id: str, event_id: str, day: dt.date, reason: str = "") -> Plan:
        """Move one event (a campaign day that hits a holiday); its rule stays as it is."""
        plan = self.get_plan(plan_id)
        if not any(e.id == event_id for e in plan.events):
            raise NotFoundError("Không tìm thấy sự kiện cần dời.")
        events = tuple(
            move_event(e, day, clean(reason)) if e.id == event_id else e for e in plan.events
        )
        return self.save_plan(replace(plan, events=events))

    # ---- calendar exports ------------------------------------------------------------------
    # The exporters import icalendar, openpyxl and python-docx, a good part of a second on an
    # old PC: they are imported when the clerk first exports, not when the window opens.

    def office_identity(self) -> OfficeIdentity:
        """Who the office's own documents (the weekly schedule) come from and who signs them.

        Taken from the settings when the clerk has set them, else from the office's latest
        state plan (the office settings window belongs to the plan-editing work).
        """
        issuer = self.store.get_setting("office_issuer")
        if issuer:
            return OfficeIdentity(
                issuer,
                self.store.get_setting("office_parent"),
                self.store.get_setting("office_place"),
                Signature(
                    self.store.get_setting("office_authority"),
                    self.store.get_setting("office_position"),
                    self.store.get_setting("office_signer"),
                ),
            )
        state = [p for p in self.list_plans() if p.system is System.STATE]
        if state:
            latest = max(state, key=lambda p: p.date or dt.date.min)
            plan = self.get_plan(latest.id)
            return OfficeIdentity(plan.issuer.name, plan.issuer.parent, plan.place, plan.signature)
        return OfficeIdentity("ỦY BAN NHÂN DÂN XÃ", "", "", Signature("", "", ""))

    def export_ics(
        self,
        start: dt.date,
        end: dt.date,
        path: Path,
        today: dt.date | None = None,
        where: CalendarFilter = EVERYTHING,
    ) -> Path:
        """The items between two days (and the days off) as an .ics file for phones."""
        from desktop_app.exports.ics import write_ics  # noqa: PLC0415  # see _LAZY_EXPORTS

        items = self.filtered_items(start, end, today, where)
        office = self.office_identity().issuer
        return write_ics(items, path, office=office.title(), holidays=self.days_off(start, end))

    def export_month_sheet(
        self,
        year: int,
        month: int,
        path: Path,
        today: dt.date | None = None,
        where: CalendarFilter = EVERYTHING,
    ) -> Path:
        """One month as a printable Excel sheet, with the lunar dates and the days off."""
        from desktop_app.exports.month_sheet import write_month_sheet  # noqa: PLC0415

        first, last = month_grid(year, month)[0][0], month_grid(year, month)[-1][-1]
        items = self.filtered_items(first, last, today, where)
        return write_month_sheet(
            year,
            month,
            items,
            path,
            title=self.office_identity().issuer,
            holidays=self.days_off(first, last),
            lunar=lambda day: solar_to_lunar(day).short(),
        )

    def export_weekly_schedule(
        self,
        any_day: dt.date,
        path: Path,
        today: dt.date | None = None,
        where: CalendarFilter = EVERYTHING,
    ) -> Path:
        """The week's "Lịch công tác tuần" as a Word document in the state layout."""
        from desktop_app.exports.weekly_schedule import write_weekly_schedule  # noqa: PLC0415

        monday = any_day - dt.timedelta(days=any_day.weekday())
        items = self.filtered_items(monday, monday + dt.timedelta(days=6), today, where)
        office = self.office_identity()
        sign = office.signature
        return write_weekly_schedule(
            weekly_schedule(self._with_participants(items), monday),
            path,
            issuer=office.issuer,
            parent=office.parent,
            place=office.place,
            issued_on=today or dt.date.today(),
            signature=(sign.authority, sign.position, sign.signer) if sign.authority else None,
            recipients=("Thường trực Đảng ủy;", "Các đơn vị có tên trong lịch;", "Lưu: VT."),
        )

    def _with_participants(self, items: Sequence[CalendarItem]) -> list[CalendarItem]:
        # A campaign day at every hamlet involves every unit the plan gives hamlets to.
        counts: dict[str, int] = {}
        result = []
        for item in items:
            if item.kind is ItemKind.EVENT and item.plan_id not in counts:
                counts[item.plan_id] = len(self.get_plan(item.plan_id).assignments)
            units = counts.get(item.plan_id, 0) if item.kind is ItemKind.EVENT else 0
            result.append(
                replace(
                    item, participants=f"Các đơn vị được phân công phụ trách xóm ({units} đơn vị)"
                )
                if units
                else item
            )
        return result
