"""The calendar service: the agenda, the calendar's items, events and their rules, days off.

Marking a deadline done is noted in the progress log, so this service is given the progress
service it writes that note through.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from desktop_app.domain.calendar import (
    EVERYTHING,
    CalendarFilter,
    CalendarItem,
    ItemKind,
    ItemState,
    month_bounds,
)
from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.event_rules import move_event, with_event_rule
from desktop_app.domain.holidays import OfficeDay, OfficeDayKind, days_off
from desktop_app.domain.ids import TaskId, new_id
from desktop_app.domain.plans import Plan, TaskStatus
from desktop_app.domain.progress import ProgressKey
from desktop_app.domain.record_rules import GONE_LEAD
from desktop_app.domain.text import clean
from desktop_app.workspace.progress import ProgressService
from desktop_app.workspace.store_handle import StoreHandle, StoreService

# The agenda's overdue list looks back this far: older forgotten deadlines are in the
# plan's own progress view, not on the start-up screen.
OVERDUE_LOOKBACK_DAYS = 365


@dataclass(frozen=True)
class Agenda:
    """What the clerk should look at: overdue, this week, the next 30 days."""

    overdue: list[CalendarItem]
    this_week: list[CalendarItem]
    next_30_days: list[CalendarItem]
    undated: int = 0  # tasks not done whose deadline names no day: on no day of the calendar


def agenda_message(agenda: Agenda) -> str:
    """One sentence on what is overdue and what falls this week."""
    overdue, week = len(agenda.overdue), len(agenda.this_week)
    undated = f" Có {agenda.undated} việc chưa xác định ngày." if agenda.undated else ""
    if not overdue and not week:
        return "Không có việc quá hạn, tuần này chưa có việc nào đến hạn." + undated
    parts = []
    if overdue:
        # Said with its window: the overview counts every overdue task of the plans in force.
        parts.append(f"{overdue} việc đã quá hạn trong 12 tháng qua")
    if week:
        parts.append(f"{week} việc trong tuần này")
    return "Hiện có " + " và ".join(parts) + "." + undated


class CalendarService(StoreService):
    """The calendar of one workspace: what falls when, and the office's own days."""

    def __init__(self, handle: StoreHandle, progress: ProgressService) -> None:
        super().__init__(handle)
        self._progress = progress

    # ---- items ---------------------------------------------------------------------------

    def items(
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
        return self._store.plans.calendar_items(
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
        return self.items(
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
        names = self._store.plans.lead_names(
            i.object_id for i in items if i.kind is ItemKind.DEADLINE
        )
        return [
            replace(i, who=who, flagged=i.flagged or GONE_LEAD in who)
            if (who := names.get(i.object_id)) is not None
            else i
            for i in items
        ]

    def agenda(self, today: dt.date | None = None) -> Agenda:
        """Overdue deadlines (the last year), this week's items, and the next 30 days'."""
        today = today or dt.date.today()
        past = self.items(
            today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS),
            today - dt.timedelta(days=1),
            today,
            pending_only=True,
        )
        week_end = today + dt.timedelta(days=6 - today.weekday())
        ahead = self.items(today, today + dt.timedelta(days=30), today)
        overdue = [i for i in past if i.state is ItemState.OVERDUE]
        overdue += [i for i in ahead if i.state is ItemState.OVERDUE]
        return Agenda(
            overdue=sorted(overdue, key=lambda i: i.day),
            this_week=sorted(
                (i for i in ahead if i.day <= week_end and i.state is not ItemState.OVERDUE),
                key=lambda i: i.day,
            ),
            next_30_days=sorted((i for i in ahead if i.day > week_end), key=lambda i: i.day),
            undated=self._store.plans.count_undated_tasks(),
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
        return self.items(
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
        if item.flagged:
            raise UserError(
                "Việc này mang dữ liệu sai nên chưa đánh dấu được. Hãy chạy Kiểm tra dữ liệu "
                "(lệnh check-db --repair) trước."
            )
        status = TaskStatus.DONE if done else TaskStatus.NOT_STARTED
        key = ProgressKey(
            task_id=TaskId(item.object_id), occurrence=item.day if item.occurrence_id else None
        )
        with self._store.transaction():
            if item.occurrence_id:
                self._store.calendar.set_occurrence_status(item.occurrence_id, status)
            else:
                self._store.calendar.set_task_status(item.object_id, status)
            self._progress.log_status_change(item.plan_id, key, status)

    # ---- days off ------------------------------------------------------------------------

    def office_days(
        self, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[OfficeDay]:
        return self._store.calendar.office_days(start, end)

    def unreadable_office_days(self) -> int:
        """Office days left out of the calendar: their stored rows break the rules."""
        return self._store.calendar.unreadable_days()

    def save_office_day(
        self, day: dt.date, kind: OfficeDayKind, name: str, office_day_id: str | None = None
    ) -> OfficeDay:
        """Add or change a day off or a make-up working day of the office."""
        office_day = OfficeDay(office_day_id or new_id(), day, kind, clean(name))
        with self._store.transaction():
            self._store.calendar.save_office_day(office_day)
        return office_day

    def delete_office_day(self, office_day_id: str) -> None:
        with self._store.transaction():
            self._store.calendar.delete_office_day(office_day_id)

    def days_off(self, start: dt.date, end: dt.date) -> dict[dt.date, str]:
        """Public holidays and the office's own days off between two days, by day."""
        return days_off(start, end, self.office_days(start, end))

    def workdays(self, start: dt.date, end: dt.date) -> set[dt.date]:
        """The make-up working days (weekend days the office works) between two days."""
        return {d.day for d in self.office_days(start, end) if d.kind is OfficeDayKind.WORKDAY}

    # ---- events --------------------------------------------------------------------------

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
        return self._update(
            plan_id,
            lambda plan: with_event_rule(
                plan, text, label_pattern=label_pattern, place=place, time=time
            ),
        )

    def move_event(self, plan_id: str, event_id: str, day: dt.date, reason: str = "") -> Plan:
        """Move one event (a campaign day that hits a holiday); its rule stays as it is."""

        def moved(plan: Plan) -> Plan:
            if not any(e.id == event_id for e in plan.events):
                raise NotFoundError("Không tìm thấy sự kiện cần dời.")
            events = tuple(
                move_event(e, day, clean(reason)) if e.id == event_id else e for e in plan.events
            )
            return replace(plan, events=events)

        return self._update(plan_id, moved)

    def _update(self, plan_id: str, change: Callable[[Plan], Plan]) -> Plan:
        # Read and written under one write lock: an edit another window saved a moment
        # before is built on, not undone (as PlansService.update).
        with self._store.transaction():
            self._store.plans.save(change(self._store.plans.get(plan_id)))
        return self._store.plans.get(plan_id)
