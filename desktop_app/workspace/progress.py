"""The progress service: where things stand, recording reports, the figures reports print, sheets.

openpyxl is imported only when a sheet is written or read: it would add a quarter of a
second to every start of the program.

The window and the command line both go through it: the progress view reads
:meth:`ProgressService.board`, a report typed in goes through :meth:`ProgressService.record`,
and an Excel sheet goes out with :meth:`ProgressService.export_xlsx` and comes back through
:meth:`ProgressService.preview_xlsx` and :meth:`ProgressService.apply_xlsx`.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.calendar import ItemKind, ItemState
from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.ids import (
    HamletId,
    PlanId,
    ProgressId,
    TaskId,
    UnitId,
    derived_id,
    new_id,
)
from desktop_app.domain.overview import IN_FORCE, WEEK_DAYS, Overview, build_overview
from desktop_app.domain.plans import Plan, Task, TaskStatus, UnitRef, short_title
from desktop_app.domain.progress import (
    LOOKAHEAD_DAYS,
    CampaignRow,
    ProgressBoard,
    ProgressEntry,
    ProgressKey,
    Report,
    TaskRow,
    checked_measures,
    checked_report,
)
from desktop_app.domain.record_rules import FLAG_MARK, FLAG_PREFIX, readable_text
from desktop_app.domain.reports import ProgressSummary, progress_summary
from desktop_app.domain.sheet_changes import (
    RowChange,
    ScopeKind,
    SheetPreview,
    SheetScope,
    apply_choices,
    check_identity,
    chosen_report,
    exported_report,
    sheet_preview,
)
from desktop_app.workspace.progress_sheets import ProgressSheets, plan_label

if TYPE_CHECKING:
    pass

MANUAL_SOURCE = "Nhập tay"
CALENDAR_SOURCE = "Đánh dấu trên lịch"
SHEET_SOURCE = "Phiếu Excel"
WHOLE_LOOKAHEAD_DAYS = 100 * 366


class ProgressService(ProgressSheets):
    """Progress use cases of one workspace."""

    def entries(self, plan_id: str) -> list[ProgressEntry]:
        """The plan's progress entries, the oldest recorded first."""
        return self._store.progress.for_plan(plan_id)

    # ---- where things stand --------------------------------------------------------------

    def board(self, plan: Plan, today: dt.date | None = None) -> ProgressBoard:
        """Every task, due date and hamlet's campaign day of the plan as it stands today.

        The plan is read again, so statuses set since it was loaded count.
        """
        return self._board(plan, today, LOOKAHEAD_DAYS)

    def overview(self, today: dt.date | None = None) -> Overview:
        """The weekly meeting's overview of every plan in force (issued or under way)."""
        day = today or dt.date.today()
        hamlets = self._active_hamlets()
        summaries = self._store.plans.summaries()
        # A plan whose stored rows break the rules is counted as a file reads it, its bad
        # values flagged where they show, and named; only one whose status cannot be read
        # is left out (in force or not, nobody can say), named too.
        in_force = [s.id for s in summaries if s.status in IN_FORCE and not s.flagged]
        left_out: list[str] = []
        for summary in summaries:
            if not summary.flagged:
                continue
            status = self._store.plans.stored_status(summary.id)
            if status is None:
                left_out.append(short_title(summary.title.replace(FLAG_MARK, "").strip()))
            elif status in IN_FORCE:
                in_force.append(summary.id)
        boards, flagged = [], []
        for plan_id in in_force:
            plan = self._store.plans.get_flagged(plan_id)
            boards.append(self._board(plan, day, LOOKAHEAD_DAYS, hamlets, reread=False))
            if plan.problems:  # named as people name it; its flags are in its rows
                flagged.append(replace(plan, title=plan.title.split(FLAG_PREFIX)[0]).name)
        ids = {b.plan.id for b in boards}
        week_end = day + dt.timedelta(days=WEEK_DAYS - 1)
        coming = [
            i for i in self._store.plans.calendar_items(day, week_end, day) if i.plan_id in ids
        ]
        return build_overview(boards, coming, day, flagged=flagged, left_out=left_out)

    def log(self, plan: Plan) -> list[ProgressEntry]:
        """The plan's progress entries, the newest recorded first."""
        return list(reversed(self._store.progress.for_plan(plan.id)))

    def set_measures(self, plan: Plan, names: Iterable[str]) -> Plan:
        """Set what the clerk counts on the plan's campaign days ("Cây xanh được trồng (cây)")."""
        measures = checked_measures(names)
        with self._store.transaction():
            self._store.plans.save(replace(self._store.plans.get(plan.id), measures=measures))
        return self._store.plans.get(plan.id)

    def summary(self, plan: Plan, day: dt.date) -> ProgressSummary:
        """Where the plan's tasks and campaign days stand on ``day``: what a report prints."""
        start = min(plan.date, day) if plan.date else day - dt.timedelta(days=3 * 366)
        items = self._store.plans.calendar_items(start, day, day, plan.id, with_leads=False)
        due: dict[TaskId, list[tuple[dt.date, ItemState]]] = {}
        for item in items:
            if item.kind is ItemKind.DEADLINE:
                due.setdefault(TaskId(item.object_id), []).append((item.day, item.state))
        names = {HamletId(h.id): h.name for h in self._store.hamlets.list()}
        return progress_summary(plan, self._store.progress.for_plan(plan.id), due, names, day)

    # ---- recording -----------------------------------------------------------------------

    def record(
        self,
        plan: Plan,
        key: ProgressKey,
        report: Report,
        reported_on: dt.date,
        *,
        reporter: str = "",
        source: str = MANUAL_SOURCE,
        today: dt.date | None = None,
    ) -> ProgressEntry:
        """Add what a unit or hamlet reported about one task, due date or campaign day.

        The entry joins the plan's log; the task's (or due date's) status becomes the one
        reported.

        Raises:
            UserError: a date before the plan's or after today, a percent outside 0..100, a
                measure the plan does not count; the thing is not in the plan.
        """
        row = self._whole_board(plan, today).row(key)
        if row is None:
            raise NotFoundError("Không tìm thấy việc này trong kế hoạch; có thể nó vừa bị xoá.")
        if isinstance(row, CampaignRow) and row.event.date_unreadable:
            # What a hamlet did is reported against its day: a day the file cannot read
            # would leave the report hanging on a day nobody knows.
            raise UserError(
                f"Đợt ra quân \u201c{readable_text(row.event.label, 120)}\u201d có ngày ghi sai "
                "trong tệp, nên chưa ghi nhận được báo cáo cho đợt này. Hãy chạy Kiểm tra dữ "
                "liệu (lệnh check-db --repair) để sửa ngày, rồi ghi nhận lại."
            )
        entry = self._entry(
            plan,
            row,
            checked_report(report, plan.measures),
            reported_on,
            reporter=reporter,
            source=source,
            today=today,
        )
        with self._store.transaction():
            self._append([(entry, row)])
        return entry

    def _whole_board(self, plan: Plan, today: dt.date | None = None) -> ProgressBoard:
        """The board with every due date, however far ahead: what can be reported on."""
        return self._board(plan, today, WHOLE_LOOKAHEAD_DAYS)

    def _entry(
        self,
        plan: Plan,
        row: TaskRow | CampaignRow,
        report: Report,
        reported_on: dt.date,
        *,
        reporter: str,
        source: str,
        today: dt.date | None,
        unit_id: UnitId | None = None,
    ) -> ProgressEntry:
        """The entry for a report on ``row``; ``unit_id`` names who sent it, when known.

        Raises:
            UserError: a date after today or before the plan's.
        """
        today = today or dt.date.today()
        if reported_on > today:
            raise UserError(f"Ngày báo cáo {reported_on:%d/%m/%Y} còn chưa đến; hãy sửa lại ngày.")
        if plan.date is not None and reported_on < plan.date:
            raise UserError(
                f"Ngày báo cáo {reported_on:%d/%m/%Y} đứng trước ngày của kế hoạch "
                f"({plan.date:%d/%m/%Y}); hãy sửa lại ngày."
            )
        key = row.key
        if isinstance(row, TaskRow):
            unit = row.task.lead[0].id if len(row.task.lead) == 1 else None
            hamlet = None
        else:
            unit = row.units[0].id if len(row.units) == 1 else None
            hamlet = row.hamlet.id
        if unit is not None and not self._store.units.exists(unit):
            # A lead whose unit row is gone (the plan is read flagged): who sent the report
            # is not known, rather than a link to nothing.
            unit = None
        return ProgressEntry(
            id=ProgressId(new_id()),
            plan_id=plan.id,
            reported_on=reported_on,
            task_id=key.task_id,
            occurrence=key.occurrence,
            event_id=key.event_id,
            unit_id=unit_id or unit,
            hamlet_id=hamlet,
            status=report.status if isinstance(row, TaskRow) else None,
            percent=report.percent if isinstance(row, TaskRow) else None,
            text=report.text,
            figures=dict(report.figures) if isinstance(row, CampaignRow) else {},
            source=source,
            note=report.note,
            document=report.document,
            reporter=reporter,
            participants=report.participants if isinstance(row, CampaignRow) else None,
        )

    def _append(self, entries: Sequence[tuple[ProgressEntry, TaskRow | CampaignRow]]) -> None:
        """Write entries and the statuses they report; must run inside a transaction."""
        self._store.progress.insert_many([e for e, _ in entries])
        for entry, row in entries:
            if not isinstance(row, TaskRow) or entry.status is None or entry.status is row.status:
                continue
            if row.occurrence is not None:
                occurrence_id = derived_id(row.task.id, row.occurrence.isoformat())
                self._store.calendar.set_occurrence_status(occurrence_id, entry.status)
            else:
                self._store.calendar.set_task_status(row.task.id, entry.status)

    def log_status_change(
        self, plan_id: str, key: ProgressKey, status: TaskStatus, source: str = CALENDAR_SOURCE
    ) -> None:
        """Note in the log a status set outside a report (a tick on the calendar).

        Must run inside a transaction, beside the status change itself.
        """
        latest = next(
            (e for e in reversed(self._store.progress.for_plan(plan_id)) if e.key == key), None
        )
        before = Report.of(latest)
        self._store.progress.insert_many(
            [
                ProgressEntry(
                    id=ProgressId(new_id()),
                    plan_id=PlanId(plan_id),
                    reported_on=dt.date.today(),
                    task_id=key.task_id,
                    occurrence=key.occurrence,
                    status=status,
                    percent=100 if status is TaskStatus.DONE else before.percent,
                    text=before.text,
                    document=before.document,
                    note=before.note,
                    source=source,
                )
            ]
        )

    # ---- Excel sheets --------------------------------------------------------------------

    def preview_xlsx(
        self, path: Path, plan: Plan | None = None, today: dt.date | None = None
    ) -> SheetPreview:
        """What a returned sheet would change; nothing is saved.

        Args:
            path: the returned .xlsx.
            plan: the plan the clerk is importing into; a sheet of another plan is refused.
            today: the day of the import.

        Raises:
            UserError: the file cannot be read, is not a progress sheet, or belongs to another
                office's data, another plan, or a plan no longer here.
        """
        today = today or dt.date.today()
        from desktop_app.imports.progress_sheet import read_progress_sheet  # noqa: PLC0415

        returned = read_progress_sheet(path)
        identity = returned.identity
        refs: dict[str, str] = {
            pid: plan_label(self._store.plans.get(pid))
            for pid in identity.plan_ids
            if self._store.plans.exists(pid)
        }
        if plan is not None:
            refs.setdefault(plan.id, plan_label(plan))
        check_identity(identity, self._store.workspace_id, refs, plan.id if plan else None)
        boards = {
            pid: self._whole_board(self._store.plans.get(pid), today) for pid in identity.plan_ids
        }
        problems = list(returned.problems)
        counted = {m for b in boards.values() for m in b.plan.measures}
        problems += [
            f"Trang \u201cRa quân\u201d: cột \u201c{m}\u201d không phải chỉ tiêu của kế "
            "hoạch; hãy xuất phiếu mới."
            for m in returned.measures
            if m not in counted
        ]
        file_date = returned.file_date or today
        if file_date < identity.exported_at.date():
            file_date = today  # a PC clock that is wrong: the import day is safer
        return sheet_preview(
            returned.file_name,
            identity,
            returned.rows,
            problems,
            boards,
            file_date=file_date,
            today=today,
        )

    def apply_xlsx(
        self,
        preview: SheetPreview,
        ticked: Mapping[int, set[str]] | None = None,
        today: dt.date | None = None,
    ) -> int:
        """Apply the ticked changes of a preview in one transaction; returns how many rows.

        Args:
            preview: from :meth:`preview_xlsx`.
            ticked: by index in ``preview.changes``, the field names to apply; default: what
                the preview ticks (every field of the changes without warnings).
            today: the day of the import.

        Raises:
            UserError: the preview has problems, or a value is out of range; nothing is saved.
        """
        if ticked is None:
            ticked = {
                i: {f.name for f in c.fields} for i, c in enumerate(preview.changes) if c.ticked
            }
        choices = apply_choices(preview, ticked)
        if not choices:
            return 0
        source = f"{SHEET_SOURCE}: {preview.file_name}"
        scope = preview.identity.scope
        reporter = scope.name
        sender = UnitId(scope.id) if scope.kind is ScopeKind.UNIT else None
        boards: dict[str, ProgressBoard] = {}
        plans: dict[str, Plan] = {}
        new_tasks: dict[str, list[Task]] = {}
        pending: list[tuple[ProgressEntry, TaskRow | CampaignRow]] = []
        added: list[tuple[Plan, Task, Report, dt.date]] = []
        for choice in choices:
            change = choice.change
            plan = plans.setdefault(change.plan_id, self._store.plans.get(change.plan_id))
            if change.key is None:
                task = self._new_task(plan, change, preview.identity.scope)
                report = checked_report(chosen_report(change, Report(), set(choice.fields)), ())
                new_tasks.setdefault(plan.id, []).append(task)
                added.append((plan, task, report, change.reported_on))
                continue
            board = boards.setdefault(plan.id, self._whole_board(plan, today))
            row = board.row(change.key)
            if row is None:
                raise NotFoundError(f"{change.label}: không còn trong kế hoạch; hãy xem lại phiếu.")
            current = exported_report(row)
            report = checked_report(
                chosen_report(change, current, set(choice.fields)), plan.measures
            )
            entry = self._entry(
                plan,
                row,
                report,
                change.reported_on,
                reporter=reporter,
                source=source,
                today=today,
                unit_id=sender,
            )
            pending.append((entry, row))
        with self._store.transaction():
            for plan_id, tasks in new_tasks.items():
                plan = self._store.plans.get(plan_id)
                self._store.plans.save(replace(plan, tasks=(*plan.tasks, *tasks)))
            for old, task, report, day in added:
                saved = self._store.plans.get(old.id)
                row = self._whole_board(saved, today).row(ProgressKey(task_id=task.id))
                if row is not None:
                    entry = self._entry(
                        saved,
                        row,
                        report,
                        day,
                        reporter=reporter,
                        source=source,
                        today=today,
                        unit_id=sender,
                    )
                    pending.append((entry, row))
            self._append(pending)
        return len(choices)

    @staticmethod
    def _new_task(plan: Plan, change: RowChange, scope: SheetScope) -> Task:
        lead = (UnitRef(UnitId(scope.id), scope.name),) if scope.kind is ScopeKind.UNIT else ()
        section = plan.tasks[-1].section_id if plan.tasks else None
        return Task(
            id=TaskId(new_id()),
            text=change.new_task,
            lead=lead,
            section_id=section,
            note=f"Do {scope.name or 'đơn vị'} thêm trong phiếu tiến độ",
        )
