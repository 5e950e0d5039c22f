"""What a returned progress sheet would change, before anything is saved.

A progress sheet goes out with, in hidden cells, each row's key and the values it was
exported with (its *baseline*). When it comes back, a field counts as filled in by the unit
only where the sheet differs from the baseline; it is a change only where that also differs
from what the program has now. So a row nobody touched never undoes newer progress, and
re-reading the same sheet after applying it changes nothing.

A change is flagged, and left unticked, when its date is older than what the program has,
or when the program changed the same field after the sheet was exported.
"""

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from typing import Any, assert_never

from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import PlanId
from desktop_app.domain.plans import TASK_STATUS_LABELS, TaskStatus
from desktop_app.domain.progress import (
    LOOKAHEAD_DAYS,
    CampaignRow,
    ProgressBoard,
    ProgressKey,
    Report,
    TaskRow,
)
from desktop_app.domain.registry import Registry
from desktop_app.domain.sheet_layout import (
    CAMPAIGN_SHEET,
    DATE,
    DOCUMENT,
    FIELD_LABELS,
    MEASURE_PREFIX,
    NOTE,
    PARTICIPANTS,
    PERCENT,
    RESULT,
    STATUS,
    TASK_FIELDS,
    TASKS_SHEET,
)
from desktop_app.domain.text import fold

NEW_TASK = "new_task"  # a row the unit added: the task itself


class ScopeKind(StrEnum):
    PLAN = "plan"
    UNIT = "unit"
    HAMLET = "hamlet"


# How a sheet names whose it is; {name} is the unit's or hamlet's name.
SCOPE_LABELS = Registry(
    ScopeKind,
    {
        ScopeKind.PLAN: "Toàn kế hoạch",
        ScopeKind.UNIT: "Đơn vị: {name}",
        ScopeKind.HAMLET: "Xóm: {name}",
    },
    "sheet scope labels",
)


@dataclass(frozen=True)
class SheetScope:
    """Whose sheet it is: the whole plan, one unit, or one hamlet."""

    kind: ScopeKind = ScopeKind.PLAN
    id: str = ""
    name: str = ""

    @property
    def label(self) -> str:
        return SCOPE_LABELS[self.kind].format(name=self.name)


@dataclass(frozen=True)
class SheetIdentity:
    """What the hidden information sheet says about where a sheet came from."""

    workspace_id: str
    plan_ids: tuple[PlanId, ...]
    plan_refs: tuple[str, ...]
    scope: SheetScope
    exported_at: dt.datetime
    program_version: str = ""


def scoped_board(board: ProgressBoard, scope: SheetScope) -> ProgressBoard:
    """The rows of the board that a sheet of this scope holds."""
    match scope.kind:
        case ScopeKind.PLAN:
            return board
        case ScopeKind.UNIT:
            return board.for_unit(scope.id)
        case ScopeKind.HAMLET:
            return board.for_hamlet(scope.id)
        case unknown:
            assert_never(unknown)


def field_label(name: str) -> str:
    if name == NEW_TASK:
        return "Nhiệm vụ mới"
    if name.startswith(MEASURE_PREFIX):
        return name.removeprefix(MEASURE_PREFIX)
    return FIELD_LABELS[name]


def exported_report(row: TaskRow | CampaignRow) -> Report:
    """The values a sheet shows for a row: what the program has now."""
    if isinstance(row, TaskRow):
        return Report(
            status=row.status,
            percent=row.percent,
            text=row.result,
            document=row.document,
            note=row.note,
        )
    return Report(participants=row.participants, figures=row.figures, note=row.note)


def field_values(report: Report, updated: dt.date | None) -> dict[str, Any]:
    """A report as plain comparable values, by field (what the baseline stores)."""
    return _field_values(report, None if updated is None else updated.isoformat())


def _field_values(report: Report, day: str | None) -> dict[str, Any]:
    values: dict[str, Any] = {
        STATUS: None if report.status is None else report.status.value,
        PERCENT: report.percent,
        RESULT: report.text,
        DOCUMENT: report.document,
        NOTE: report.note,
        PARTICIPANTS: report.participants,
        DATE: day,
    }
    for name, value in report.figures.items():
        values[MEASURE_PREFIX + name] = float(value)
    return values


def baseline_text(report: Report, updated: dt.date | None) -> str:
    """The baseline as the compact JSON kept in a hidden cell of the row."""
    return _baseline(report, None if updated is None else updated.isoformat())


def _baseline(report: Report, day: str | None) -> str:
    values = {k: v for k, v in _field_values(report, day).items() if v not in (None, "")}
    return _BASELINE_JSON.encode(values)


def dated_baselines(report: Report) -> Callable[[dt.date | None], str]:
    """``baseline_text(report, day)`` for any day, the report's JSON made once.

    A whole office's sheet writes a hundred thousand baselines of a few hundred reports,
    each on its own day: the JSON is made once with a stand-in for the day, which each
    row's day then replaces. Its quotes unescaped, the stand-in's field can only be the
    field itself: a quote inside a text is written escaped.
    """
    undated = _baseline(report, None)
    stand_in = _BASELINE_JSON.encode({DATE: _DAY_STAND_IN})[1:-1]
    dated = _baseline(report, _DAY_STAND_IN)
    if dated.count(stand_in) != 1:  # never so: the stand-in cannot be typed in a text
        return partial(baseline_text, report)
    before, after = dated.split(stand_in)

    def baseline(updated: dt.date | None) -> str:
        if updated is None:
            return undated
        return f'{before}"{DATE}":"{updated.isoformat()}"{after}'

    return baseline


_DAY_STAND_IN = "\ufdd0day\ufdd0"  # a noncharacter: never in a text a person typed


# One encoder for every row: json.dumps with options builds a new one at each call.
_BASELINE_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def read_baseline(text: str) -> dict[str, Any] | None:
    """The baseline of a row; None when the hidden cell was damaged."""
    try:
        values = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        return None
    return values


@dataclass(frozen=True)
class ReturnedRow:
    """One data row of a returned sheet, as read.

    Attributes:
        key: from the hidden cell; None for a row the unit added.
        baseline: the hidden baseline JSON ("" for an added row).
        report: the values in the row's input cells.
        updated: the row's "Ngày cập nhật".
        text: the task's text (task sheet) or the hamlet's name (campaign sheet); used to
            place an added row.
        day: the campaign day's date (campaign sheet).
    """

    sheet: str
    row: int
    key: ProgressKey | None
    baseline: str
    report: Report
    updated: dt.date | None = None
    text: str = ""
    day: dt.date | None = None
    filled: frozenset[str] = frozenset()  # the fields that have a value in the sheet
    failed: bool = False  # a cell of it is wrong (reported as a problem): not applied


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: str
    new: str
    conflict: bool = False  # the program changed this field after the sheet went out

    @property
    def label(self) -> str:
        return field_label(self.name)


@dataclass(frozen=True)
class RowChange:
    """What one row of the sheet would change.

    Attributes:
        label: the task (or hamlet and campaign day) in words, with its TT.
        reported_on: the date the entry will carry.
        warnings: why it is left unticked (older than the program's data, changed since).
        new_task: for a row the unit added to the task sheet, the new task's text.
    """

    sheet: str
    row: int
    plan_id: PlanId
    key: ProgressKey | None
    label: str
    fields: tuple[FieldChange, ...]
    reported_on: dt.date
    report: Report
    warnings: tuple[str, ...] = ()
    new_task: str = ""

    @property
    def ticked(self) -> bool:
        """Whether the preview ticks it to start with."""
        return not self.warnings and not self.new_task


@dataclass(frozen=True)
class SheetPreview:
    """Everything a returned sheet would change, and what is wrong with it."""

    file_name: str
    identity: SheetIdentity
    changes: tuple[RowChange, ...] = ()
    problems: tuple[str, ...] = ()  # row-by-row errors: nothing can be applied until fixed
    notes: tuple[str, ...] = ()  # worth knowing, changes nothing (rows deleted from the sheet)

    @property
    def can_apply(self) -> bool:
        return not self.problems and bool(self.changes)

    def summary(self) -> str:
        if self.problems:
            return (
                f"Phiếu có {len(self.problems)} lỗi; hãy sửa trong Excel rồi nhập lại. "
                "Chưa có gì được lưu."
            )
        if not self.changes:
            return "Phiếu không có thay đổi nào so với dữ liệu hiện có."
        flagged = sum(1 for c in self.changes if c.warnings)
        text = f"Phiếu có {len(self.changes)} dòng thay đổi"
        if flagged:
            text += f", trong đó {flagged} dòng cần xem lại (chưa được chọn)"
        return text + "."


def display(name: str, value: Any) -> str:
    """A field's value as the preview shows it."""
    if value is None or value == "":
        return "(trống)"
    if name == STATUS:
        return TASK_STATUS_LABELS[TaskStatus(value)]
    if name == PERCENT:
        return f"{value}%"
    if name == DATE:
        return f"{dt.date.fromisoformat(value):%d/%m/%Y}"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def check_identity(
    identity: SheetIdentity,
    workspace_id: str,
    plan_refs: Mapping[str, str],
    expected_plan: str | None = None,
) -> None:
    """Refuse a sheet of another office's data, of a plan no longer here, or of another plan.

    Args:
        identity: what the sheet says about itself.
        workspace_id: the open workspace's id.
        plan_refs: the plans of the sheet that are in the workspace, with their references.
        expected_plan: the plan the clerk is importing into, if one is chosen.

    Raises:
        UserError: saying which.
    """
    if identity.workspace_id != workspace_id:
        refs = ", ".join(identity.plan_refs) or "không rõ"
        raise UserError(
            f"Phiếu này được xuất từ dữ liệu của một máy hoặc cơ quan khác (kế hoạch {refs}), "
            "không phải từ dữ liệu đang mở, nên không nhập được. Hãy nhập nó trên máy đã "
            "xuất phiếu, hoặc xuất phiếu mới từ máy này."
        )
    for plan_id, ref in zip(identity.plan_ids, identity.plan_refs, strict=False):
        if plan_id not in plan_refs:
            raise UserError(
                f"Kế hoạch {ref or plan_id[:8]} của phiếu không còn trong dữ liệu "
                "(có thể đã bị xóa); hãy khôi phục nó từ Thùng rác rồi nhập lại."
            )
    if expected_plan is not None and expected_plan not in identity.plan_ids:
        refs = ", ".join(identity.plan_refs)
        raise UserError(
            f"Phiếu này là của kế hoạch {refs}, không phải kế hoạch đang chọn "
            f"({plan_refs.get(expected_plan, expected_plan[:8])}). Hãy chọn đúng kế hoạch."
        )


def _matches(text: str, target: TaskRow | CampaignRow) -> bool:
    """Whether a row's visible text is that of the thing its hidden key names."""
    if isinstance(target, CampaignRow):
        return fold(text) == fold(target.hamlet.name)
    if target.occurrence is not None:
        return target.occurrence.strftime("%d/%m/%Y") in text
    return fold(text) == fold(target.task.text)


def _touched(row: ReturnedRow) -> bool:
    """Whether anything in the row differs from what it went out with."""
    baseline = read_baseline(row.baseline) if row.baseline else None
    if baseline is None:
        return bool(row.filled)
    values = field_values(row.report, row.updated)
    return any(
        not _same(value, baseline.get(name))
        for name, value in values.items()
        if not (name == STATUS and value is None)
    )


def _same(a: Any, b: Any) -> bool:
    """Equal values, taking a blank cell and an empty text as the same."""
    return a == b or (a in (None, "") and b in (None, ""))


def _effective_date(
    row: ReturnedRow, baseline: Mapping[str, Any], file_date: dt.date, today: dt.date
) -> dt.date:
    if row.updated is not None and row.updated.isoformat() != baseline.get(DATE):
        return row.updated
    return min(file_date, today)


def _row_label(target: TaskRow | CampaignRow) -> str:
    if isinstance(target, TaskRow):
        return f"{target.number}. {target.label}"
    return target.label


def sheet_preview(
    file_name: str,
    identity: SheetIdentity,
    rows: Sequence[ReturnedRow],
    problems: Sequence[str],
    boards: Mapping[PlanId, ProgressBoard],
    *,
    file_date: dt.date,
    today: dt.date,
) -> SheetPreview:
    """What applying the returned rows would change.

    Args:
        file_name: the sheet's file name, for the log.
        identity: from the sheet's hidden information (already checked).
        rows: the data rows read from the sheet.
        problems: what the reader found wrong, row by row.
        boards: the progress boards of the sheet's plans, with every due date.
        file_date: when the sheet was last saved, for rows whose date was not changed.
        today: the day of the import.
    """
    preview = _Preview(identity, boards, problems, file_date=file_date, today=today)
    for row in rows:
        preview.add(row)
    return preview.result(file_name)


class _Preview:
    """Goes through a returned sheet's rows, collecting changes, problems and notes."""

    def __init__(
        self,
        identity: SheetIdentity,
        boards: Mapping[PlanId, ProgressBoard],
        problems: Sequence[str],
        *,
        file_date: dt.date,
        today: dt.date,
    ) -> None:
        self.identity = identity
        self.boards = boards
        self.file_date = file_date
        self.today = today
        self.problems = list(problems)
        self.changes: list[RowChange] = []
        self.notes: list[str] = []
        self.seen: dict[ProgressKey, int] = {}
        self.gone = 0  # rows of tasks deleted since, that nobody filled in
        self.where: dict[ProgressKey, tuple[PlanId, TaskRow | CampaignRow]] = {}
        self.campaign_days: dict[tuple[PlanId, dt.date], list[CampaignRow]] = {}
        for plan_id, board in boards.items():
            for task_row in board.tasks:
                self.where[task_row.key] = (plan_id, task_row)
            for campaign_row in board.campaigns:
                self.where[campaign_row.key] = (plan_id, campaign_row)
                day = (plan_id, campaign_row.event.date)
                self.campaign_days.setdefault(day, []).append(campaign_row)
        self.existing = {
            plan_id: {fold(r.task.text) for r in board.tasks} for plan_id, board in boards.items()
        }

    def add(self, row: ReturnedRow) -> None:
        at = f"Trang \u201c{row.sheet}\u201d, dòng {row.row}"
        key = row.key
        if key is None and row.failed:
            return
        if key is None and row.sheet == CAMPAIGN_SHEET:
            key = _place_added_campaign_row(row, self.campaign_days, self.problems, at)
            if key is None:
                return
        if key is None:
            self._added_task(row, at)
        else:
            self._known_row(row, key, at)

    def _added_task(self, row: ReturnedRow, at: str) -> None:
        plan_id = self.identity.plan_ids[0]
        if row.text and fold(row.text) in self.existing.get(plan_id, set()):
            self.notes.append(f"{at}: nhiệm vụ thêm mới đã có trong kế hoạch; bỏ qua.")
            return
        change = _added_task(
            row,
            self.identity,
            plan_date=self.boards[plan_id].plan.date if plan_id in self.boards else None,
            file_date=self.file_date,
            today=self.today,
            problems=self.problems,
            at=at,
        )
        if change is not None:
            self.changes.append(change)

    def _known_row(self, row: ReturnedRow, key: ProgressKey, at: str) -> None:
        if key in self.seen:
            self.problems.append(
                f"{at}: trùng với dòng {self.seen[key]} (cùng một việc); hãy xóa một dòng."
            )
            return
        self.seen[key] = row.row
        if row.failed:
            return
        found = self.where.get(key)
        if found is None and not _touched(row):
            self.gone += 1  # a task deleted from the plan since: nothing to do with it
            return
        if found is None:
            self.problems.append(
                f"{at}: việc của dòng này không còn trong kế hoạch của phiếu "
                "(có thể đã bị xóa, hoặc dòng được chép từ phiếu khác)."
            )
            return
        plan_id, target = found
        if (row.sheet == TASKS_SHEET) != isinstance(target, TaskRow):
            self.problems.append(f"{at}: dòng bị chép nhầm trang; hãy trả nó về đúng trang.")
            return
        change = _row_change(
            row,
            plan_id,
            target,
            plan_date=self.boards[plan_id].plan.date,
            file_date=self.file_date,
            today=self.today,
            at=at,
            problems=self.problems,
        )
        if change is not None:
            self.changes.append(change)

    def result(self, file_name: str) -> SheetPreview:
        notes = self.notes + _deleted_rows(self.boards, self.identity, self.seen)
        if self.gone:
            notes.append(
                f"{self.gone} dòng của phiếu là những việc đã bị xóa khỏi kế hoạch, không ai "
                "điền; bỏ qua."
            )
        return SheetPreview(
            file_name, self.identity, tuple(self.changes), tuple(self.problems), tuple(notes)
        )


def _row_change(
    row: ReturnedRow,
    plan_id: PlanId,
    target: TaskRow | CampaignRow,
    *,
    plan_date: dt.date | None,
    file_date: dt.date,
    today: dt.date,
    at: str,
    problems: list[str],
) -> RowChange | None:
    parsed = read_baseline(row.baseline) if row.baseline else None
    warnings: list[str] = []
    if parsed is None and row.key is not None:
        warnings.append("Ô ẩn của dòng bị xóa hoặc bị sửa; hãy xem kỹ từng giá trị.")
    # Unknown (a row added by the unit, a damaged cell): as if it went out blank, so
    # whatever the program has counts as changed since and the change is flagged.
    baseline = parsed or {}
    if row.text and not _matches(row.text, target):
        warnings.append(
            "Nội dung của dòng khác với việc trong chương trình (có thể các cột đã bị sắp "
            "xếp riêng, hoặc kế hoạch đã được sửa); hãy xem kỹ."
        )
    reported_on = _effective_date(row, baseline, file_date, today)
    problem = _date_problem(reported_on, plan_date, today)
    if problem:
        problems.append(f"{at}: {problem}")
        return None
    current = field_values(exported_report(target), target.reported_on)
    fields = _field_changes(row, target, baseline, current)
    date_changed = row.updated is not None and row.updated.isoformat() != baseline.get(DATE)
    if not fields and not (date_changed and row.updated != target.reported_on):
        return None
    if not fields:
        fields.append(
            FieldChange(
                DATE, display(DATE, current.get(DATE)), display(DATE, reported_on.isoformat())
            )
        )
    if target.reported_on is not None and reported_on < target.reported_on:
        warnings.append(
            f"Ngày cập nhật {reported_on:%d/%m/%Y} cũ hơn báo cáo chương trình đang có "
            f"({target.reported_on:%d/%m/%Y})."
        )
    if any(f.conflict for f in fields):
        warnings.append("Chương trình đã có cập nhật khác cho ô này sau khi xuất phiếu.")
    return RowChange(
        sheet=row.sheet,
        row=row.row,
        plan_id=plan_id,
        key=target.key,
        label=_row_label(target),
        fields=tuple(fields),
        reported_on=reported_on,
        report=row.report,
        warnings=tuple(warnings),
    )


def _date_problem(reported_on: dt.date, plan_date: dt.date | None, today: dt.date) -> str:
    """What is wrong with the date a row's entry would carry ("" when nothing)."""
    if reported_on > today:
        return f"ngày cập nhật {reported_on:%d/%m/%Y} còn chưa đến."
    if plan_date is not None and reported_on < plan_date:
        return (
            f"ngày cập nhật {reported_on:%d/%m/%Y} đứng trước ngày của kế hoạch "
            f"({plan_date:%d/%m/%Y})."
        )
    return ""


def _field_changes(
    row: ReturnedRow,
    target: TaskRow | CampaignRow,
    baseline: Mapping[str, Any],
    current: Mapping[str, Any],
) -> list[FieldChange]:
    """The fields the unit changed that also differ from what the program has now."""
    sheet = field_values(row.report, row.updated)
    if isinstance(target, TaskRow):
        names = list(TASK_FIELDS)
    else:
        measures = {n for n in (*sheet, *baseline) if n.startswith(MEASURE_PREFIX)}
        names = [PARTICIPANTS, *sorted(measures), NOTE]
    fields: list[FieldChange] = []
    for name in names:
        new = sheet.get(name)
        if name == STATUS and new is None:
            continue  # a cleared status says nothing
        if _same(new, baseline.get(name)) or _same(new, current.get(name)):
            continue
        conflict = not _same(baseline.get(name), current.get(name))
        fields.append(
            FieldChange(name, display(name, current.get(name)), display(name, new), conflict)
        )
    return fields


def _place_added_campaign_row(
    row: ReturnedRow,
    campaign_days: Mapping[tuple[PlanId, dt.date], Sequence[CampaignRow]],
    problems: list[str],
    at: str,
) -> ProgressKey | None:
    if not row.text and row.day is None:
        if row.filled:
            problems.append(f"{at}: dòng thêm mới có số liệu nhưng chưa có tên xóm và ngày.")
        return None
    if row.day is None:
        problems.append(f"{at}: dòng thêm mới chưa có ngày ra quân.")
        return None
    rows = [r for (_, day), rs in campaign_days.items() if day == row.day for r in rs]
    if not rows:
        problems.append(f"{at}: ngày {row.day:%d/%m/%Y} không phải một đợt ra quân của kế hoạch.")
        return None
    wanted = fold(row.text)
    match = next((r for r in rows if fold(r.hamlet.name) == wanted), None)
    if match is None:
        problems.append(
            f"{at}: không có xóm \u201c{row.text}\u201d trong đợt ngày {row.day:%d/%m/%Y}; "
            "hãy ghi đúng tên xóm như trong danh sách."
        )
        return None
    return match.key


def _added_task(
    row: ReturnedRow,
    identity: SheetIdentity,
    *,
    plan_date: dt.date | None,
    file_date: dt.date,
    today: dt.date,
    problems: list[str],
    at: str,
) -> RowChange | None:
    if not row.text:
        if row.filled:
            problems.append(
                f"{at}: dòng thêm mới có số liệu nhưng chưa có nội dung nhiệm vụ (cột C)."
            )
        return None
    if len(identity.plan_ids) != 1:
        problems.append(f"{at}: dòng thêm mới không rõ thuộc kế hoạch nào; hãy nhập tay.")
        return None
    reported_on = row.updated or min(file_date, today)
    if reported_on > today or (plan_date is not None and reported_on < plan_date):
        problems.append(f"{at}: ngày cập nhật {reported_on:%d/%m/%Y} không hợp lệ với kế hoạch.")
        return None
    fields = (
        FieldChange(NEW_TASK, "", row.text),
        *tuple(
            FieldChange(name, "", display(name, value))
            for name, value in field_values(row.report, None).items()
            if value not in (None, "") and name != DATE
        ),
    )
    return RowChange(
        sheet=row.sheet,
        row=row.row,
        plan_id=identity.plan_ids[0],
        key=None,
        label=f"Nhiệm vụ mới: {row.text}",
        fields=fields,
        reported_on=reported_on,
        report=row.report,
        warnings=("Dòng do đơn vị thêm; chọn nếu muốn thêm nhiệm vụ này vào kế hoạch.",),
        new_task=row.text,
    )


def _deleted_rows(
    boards: Mapping[PlanId, ProgressBoard],
    identity: SheetIdentity,
    seen: Mapping[ProgressKey, int],
) -> list[str]:
    """A note on the rows the sheet went out with that are no longer in it."""
    horizon = identity.exported_at.date() + dt.timedelta(days=LOOKAHEAD_DAYS)
    scope = identity.scope
    missing = 0
    for board in boards.values():
        scoped = scoped_board(board, scope)
        missing += sum(
            1
            for r in scoped.tasks
            if r.key not in seen and (r.occurrence is None or r.occurrence <= horizon)
        )
        missing += sum(1 for r in scoped.campaigns if r.key not in seen)
    if not missing:
        return []
    return [
        f"{missing} dòng của phiếu đã bị xóa khỏi tệp; các việc đó giữ nguyên trong chương trình."
    ]


def chosen_report(change: RowChange, current: Report, chosen: set[str]) -> Report:
    """The report to record: what the program has, with the chosen fields from the sheet."""
    values: dict[str, Any] = {
        "status": current.status,
        "percent": current.percent,
        "text": current.text,
        "document": current.document,
        "note": current.note,
        "participants": current.participants,
    }
    figures = dict(current.figures)
    for name in chosen:
        if name.startswith(MEASURE_PREFIX):
            measure = name.removeprefix(MEASURE_PREFIX)
            if measure in change.report.figures:
                figures[measure] = change.report.figures[measure]
            else:
                figures.pop(measure, None)
        elif name in values:
            values[name] = getattr(change.report, name)
    return Report(**values, figures=figures)


@dataclass(frozen=True)
class Choice:
    """The fields of one change the clerk keeps ticked."""

    change: RowChange
    fields: frozenset[str] = field(default_factory=frozenset)


def apply_choices(preview: SheetPreview, ticked: Mapping[int, set[str]]) -> list[Choice]:
    """The changes to apply: by index in ``preview.changes``, the ticked field names."""
    if preview.problems:
        raise UserError(preview.summary())
    result = []
    for index, names in sorted(ticked.items()):
        if not 0 <= index < len(preview.changes) or not names:
            continue
        change = preview.changes[index]
        allowed = {f.name for f in change.fields}
        result.append(Choice(change, frozenset(n for n in names if n in allowed)))
    return [c for c in result if c.fields]
