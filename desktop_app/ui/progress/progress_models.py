"""The tables of the progress window: tasks, units, hamlets, campaign days and the log.

The hamlet and campaign-day tables have one column per measure of the plan (the things the
clerk counts on a campaign day), so their columns are set with :meth:`set_measures`.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from typing_extensions import override

from desktop_app.domain.plans import TASK_STATUS_LABELS, Plan, UnitRef
from desktop_app.domain.progress import (
    CAMPAIGN_STATE_LABELS,
    TASK_STATE_LABELS,
    CampaignRow,
    CampaignState,
    HamletTally,
    ProgressEntry,
    TaskRow,
    TaskState,
    UnitTally,
)
from desktop_app.domain.registry import Registry
from desktop_app.domain.text import vn_sort_bytes
from desktop_app.ui.common.formatting import date_text, number_text
from desktop_app.ui.common.table_model import Column, RowsTableModel

RED = "#b00020"
GREEN = "#1b7f3b"
GREY = "#707070"
OVERDUE_BACKGROUND = "#fde7e9"  # the rows of overdue tasks
# A row read with a bad stored value: the orange the sheets and the month sheet fill it with.
FLAGGED_BACKGROUND = "#f8cbad"
# Only the ends of a task's course stand out; a task under way keeps the table's colour.
STATE_COLOURS: Registry[TaskState, str | None] = Registry(
    TaskState,
    {
        TaskState.DONE: GREEN,
        TaskState.IN_PROGRESS: None,
        TaskState.OVERDUE: RED,
        TaskState.NOT_STARTED: None,
    },
    "task state colours",
)
CAMPAIGN_COLOURS = Registry(
    CampaignState,
    {CampaignState.MISSING: RED, CampaignState.REPORTED: GREEN, CampaignState.COMING: GREY},
    "campaign state colours",
)


def figure_text(value: float | None) -> str:
    """A measure as Vietnamese write numbers: "1.250", "1,5"; empty when not reported."""
    if value is None:
        return ""
    whole, _, fraction = f"{value:.2f}".rstrip("0").rstrip(".").partition(".")
    return number_text(int(whole)) + (f",{fraction}" if fraction else "")


def percent_text(value: int | None) -> str:
    return "" if value is None else f"{value}%"


def number_key(number: str) -> tuple[int, ...]:
    """The TT as numbers, so that "3.12" sorts after "3.2"."""
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def _names(units: Sequence[UnitRef]) -> str:
    return ", ".join(u.name for u in units)


def _sort_date(day: dt.date | None) -> dt.date:
    return day or dt.date.max


class TaskProgressTableModel(RowsTableModel[TaskRow]):
    """A task (or one due date of a recurring task) per row; overdue rows are tinted."""

    COL_NUMBER, COL_TEXT, COL_LEAD, COL_DEADLINE, COL_STATE, COL_PERCENT = range(6)
    COL_RESULT, COL_REPORTED = 6, 7
    COLUMNS = (
        Column[TaskRow]("TT", lambda r: r.number, sort=lambda r: number_key(r.number), width=48),
        Column[TaskRow]("Nội dung", lambda r: r.label, tooltip=lambda r: r.label),
        Column[TaskRow]("Chủ trì", lambda r: _names(r.task.lead), width=160),
        Column[TaskRow](
            "Thời hạn",
            lambda r: r.deadline_text,
            sort=lambda r: _sort_date(r.due),
            width=115,
        ),
        Column[TaskRow](
            "Tình trạng",
            lambda r: TASK_STATE_LABELS[r.state],
            foreground=lambda r: STATE_COLOURS[r.state],
            width=110,
        ),
        Column[TaskRow](
            "%",
            lambda r: percent_text(r.percent),
            sort=lambda r: -1 if r.percent is None else r.percent,
            align_center=True,
            width=50,
        ),
        Column[TaskRow]("Kết quả", lambda r: r.result, width=180),
        Column[TaskRow](
            "Ngày báo cáo",
            lambda r: date_text(r.reported_on),
            sort=lambda r: r.reported_on or dt.date.min,
            width=100,
        ),
    )

    @override
    def background(self, row: TaskRow) -> str | None:
        if row.flagged:  # before overdue: what is wrong must be seen first
            return FLAGGED_BACKGROUND
        return OVERDUE_BACKGROUND if row.state is TaskState.OVERDUE else None


def _count(state: TaskState) -> Column[UnitTally]:
    return Column[UnitTally](
        TASK_STATE_LABELS[state],
        lambda t: str(t.counts[state]),
        sort=lambda t: t.counts[state],
        align_center=True,
        foreground=(lambda t: RED if t.counts[state] else None)
        if state is TaskState.OVERDUE
        else None,
        width=120,
    )


class UnitTallyTableModel(RowsTableModel[UnitTally]):
    """Each lead unit with its tasks counted by state."""

    COLUMNS = (
        Column[UnitTally](
            "Đơn vị", lambda t: t.unit.name, sort=lambda t: vn_sort_bytes(t.unit.name)
        ),
        Column[UnitTally](
            "Tổng số", lambda t: str(t.total), sort=lambda t: t.total, align_center=True, width=80
        ),
        _count(TaskState.OVERDUE),
        _count(TaskState.IN_PROGRESS),
        _count(TaskState.NOT_STARTED),
        _count(TaskState.DONE),
    )


class _MeasureColumns(RowsTableModel[Any]):
    """A table with the plan's measures among its columns."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.measures: tuple[str, ...] = ()
        self.COLUMNS = self._columns_with(())

    def _columns_with(self, measures: Sequence[str]) -> tuple[Column[Any], ...]:
        raise NotImplementedError

    def set_measures(self, measures: Sequence[str]) -> None:
        self.beginResetModel()
        self.measures = tuple(measures)
        self.COLUMNS = self._columns_with(self.measures)
        self.endResetModel()

    def measure_column(self, name: str) -> int:
        return [c.header for c in self.COLUMNS].index(name)


def _measure(name: str, figures: Any, blank: float | None = None) -> Column[Any]:
    """A measure's column; ``blank`` is shown where nothing was reported."""

    def value(row: Any) -> float | None:
        found: Mapping[str, float] = figures(row)
        return found.get(name, blank)

    return Column[Any](
        name,
        lambda r: figure_text(value(r)),
        sort=lambda r: -1.0 if value(r) is None else value(r),
        align_center=True,
        width=max(90, min(170, 7 * len(name))),
    )


class HamletTallyTableModel(_MeasureColumns):
    """Each hamlet's campaign days: passed, reported, people, and the sums of the measures."""

    @override
    def _columns_with(self, measures: Sequence[str]) -> tuple[Column[Any], ...]:
        return (
            Column[HamletTally](
                "Xóm", lambda t: t.hamlet.name, sort=lambda t: vn_sort_bytes(t.hamlet.name)
            ),
            Column[HamletTally](
                "Đợt đã qua",
                lambda t: str(t.days_past),
                sort=lambda t: t.days_past,
                align_center=True,
                width=90,
            ),
            Column[HamletTally](
                "Đã báo cáo",
                lambda t: str(t.days_reported),
                sort=lambda t: t.days_reported,
                align_center=True,
                foreground=lambda t: RED if t.days_reported < t.days_past else None,
                width=90,
            ),
            Column[HamletTally](
                "Số người tham gia",
                lambda t: number_text(t.participants),
                sort=lambda t: t.participants,
                align_center=True,
                width=130,
            ),
            *(_measure(name, lambda t: t.figures, 0.0) for name in measures),
        )


class CampaignProgressTableModel(_MeasureColumns):
    """A hamlet on a campaign day per row: who took part and the measures."""

    COL_HAMLET, COL_EVENT, COL_DATE, COL_STATE, COL_PARTICIPANTS = range(5)

    @override
    def background(self, row: CampaignRow) -> str | None:
        return FLAGGED_BACKGROUND if row.flagged else None

    @override
    def _columns_with(self, measures: Sequence[str]) -> tuple[Column[Any], ...]:
        return (
            Column[CampaignRow](
                "Xóm",
                lambda r: r.hamlet.name,
                sort=lambda r: vn_sort_bytes(r.hamlet.name),
                width=150,
            ),
            Column[CampaignRow]("Đợt", lambda r: r.event.label, width=90),
            Column[CampaignRow](
                "Ngày", lambda r: r.event.day_text, sort=lambda r: r.event.date, width=90
            ),
            Column[CampaignRow](
                "Tình trạng",
                lambda r: CAMPAIGN_STATE_LABELS[r.state],
                foreground=lambda r: CAMPAIGN_COLOURS[r.state],
                width=110,
            ),
            Column[CampaignRow](
                "Số người",
                lambda r: "" if r.participants is None else number_text(r.participants),
                sort=lambda r: -1 if r.participants is None else r.participants,
                align_center=True,
                width=80,
            ),
            *(_measure(name, lambda r: r.figures) for name in measures),
            Column[CampaignRow]("Ghi chú", lambda r: r.note),
        )


@dataclass(frozen=True)
class LogLine:
    """A progress entry with what it is about and who reported it, in words."""

    entry: ProgressEntry
    what: str
    who: str

    @property
    def result(self) -> str:
        """What was done, the people and figures of a campaign day, and the note."""
        entry = self.entry
        parts = [entry.text] if entry.text else []
        if entry.participants is not None:
            parts.append(f"{number_text(entry.participants)} người tham gia")
        parts += [f"{name}: {figure_text(value)}" for name, value in entry.figures.items()]
        if entry.note:
            parts.append(f"Ghi chú: {entry.note}")
        return "; ".join(parts)


def log_lines(
    entries: Sequence[ProgressEntry],
    plan: Plan,
    unit_names: Mapping[str, str],
    hamlet_names: Mapping[str, str],
) -> list[LogLine]:
    """The entries of the plan's log, each with the task or campaign day it is about."""
    numbers: dict[str, tuple[int, str]] = {
        task.id: (n, task.text) for n, task in enumerate(plan.tasks, start=1)
    }
    events = {event.id: event for event in plan.events}
    lines = []
    for entry in entries:
        if entry.event_id is not None:
            event = events.get(entry.event_id)
            hamlet = hamlet_names.get(entry.hamlet_id or "", "")
            day = (
                f"{event.label}" + (f" ({event.day_text})" if event.day_text else "")
                if event
                else "(đợt đã xóa)"
            )
            what = f"{hamlet} – {day}" if hamlet else day
        else:
            number, text = numbers.get(entry.task_id or "", (0, "(nhiệm vụ đã xóa)"))
            if entry.occurrence is not None:
                number_part = f"{number}, kỳ hạn {entry.occurrence:%d/%m/%Y}"
            else:
                number_part = str(number)
            what = f"{number_part}. {text}" if number else text
        who = (
            entry.reporter
            or unit_names.get(entry.unit_id or "", "")
            or hamlet_names.get(entry.hamlet_id or "", "")
        )
        lines.append(LogLine(entry, what, who))
    return lines


class ProgressLogTableModel(RowsTableModel[LogLine]):
    """The plan's progress entries, newest first."""

    COL_DATE, COL_WHAT, COL_STATUS, COL_PERCENT, COL_RESULT = range(5)
    COLUMNS = (
        Column[LogLine](
            "Ngày báo cáo",
            lambda line: date_text(line.entry.reported_on),
            sort=lambda line: line.entry.reported_on,
            width=100,
        ),
        Column[LogLine]("Việc", lambda line: line.what, width=280),
        Column[LogLine](
            "Trạng thái",
            lambda line: TASK_STATUS_LABELS[line.entry.status] if line.entry.status else "",
            width=110,
        ),
        Column[LogLine](
            "%",
            lambda line: percent_text(line.entry.percent),
            sort=lambda line: -1 if line.entry.percent is None else line.entry.percent,
            align_center=True,
            width=50,
        ),
        Column[LogLine]("Kết quả", lambda line: line.result),
        Column[LogLine]("Văn bản", lambda line: line.entry.document, width=130),
        Column[LogLine]("Người/đơn vị báo cáo", lambda line: line.who, width=150),
        Column[LogLine]("Nguồn", lambda line: line.entry.source, width=130),
    )
