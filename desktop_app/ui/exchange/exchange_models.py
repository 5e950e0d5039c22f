"""The tables of the exchange dialogs: plans to pack, differences, backups, history, problems."""

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from typing_extensions import override

from desktop_app.domain.plans import PlanSummary, number_or_blank
from desktop_app.domain.record_changes import FieldChange
from desktop_app.domain.text import vn_sort_bytes
from desktop_app.storage.backups import BackupInfo
from desktop_app.storage.history import HistoryEntry
from desktop_app.storage.integrity import Problem
from desktop_app.ui.common.formatting import date_text, datetime_text
from desktop_app.ui.common.table_model import Column, Index, RowsTableModel

GREY = "#707070"
PROBLEM_COLOUR = "#b00020"
NO_REPAIR = "Không tự sửa được"


def size_text(size: int) -> str:
    """A file size as the clerk reads it: "60 KB", "1,2 MB"."""
    if size < 1024 * 1024:
        return f"{max(size // 1024, 1)} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


class PlanChoiceTableModel(RowsTableModel[PlanSummary]):
    """The plans a package may carry, each with a tick box; ticks survive a new filter."""

    checks_changed = Signal()

    COL_REFERENCE, COL_DATE, COL_TITLE = range(3)
    COLUMNS = (
        Column[PlanSummary]("Số, ký hiệu", number_or_blank, width=150),
        Column[PlanSummary](
            "Ngày", lambda p: date_text(p.date), sort=lambda p: p.date.toordinal() if p.date else 0
        ),
        Column[PlanSummary]("Trích yếu", lambda p: p.title, sort=lambda p: vn_sort_bytes(p.title)),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._checked: set[str] = set()

    def checked_ids(self) -> set[str]:
        return set(self._checked)

    def set_checked(self, plan_ids: Iterable[str], checked: bool = True) -> None:
        """Tick (or untick) these plans, whether shown or not."""
        ids = set(plan_ids)
        if checked:
            self._checked |= ids
        else:
            self._checked -= ids
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )
        self.checks_changed.emit()

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.CheckStateRole
            and index.isValid()
            and index.column() == self.COL_REFERENCE
            and 0 <= index.row() < len(self._rows)
        ):
            checked = self._rows[index.row()].id in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return super().data(index, role)

    @override
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or index.column() != self.COL_REFERENCE
        ):
            return False
        plan_id = self._rows[index.row()].id
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(plan_id)
        else:
            self._checked.discard(plan_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checks_changed.emit()
        return True

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.COL_REFERENCE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags


def _versions_columns(local: str, incoming: str) -> tuple[Column[FieldChange], ...]:
    """A field's name, then its two versions under these headers."""
    return (
        Column[FieldChange]("Trường", lambda f: f.label, width=150),
        Column[FieldChange](local, lambda f: f.local),
        Column[FieldChange](incoming, lambda f: f.incoming),
    )


class MergeFieldsTableModel(RowsTableModel[FieldChange]):
    """What one merge item changes: a field per row, this PC's value beside the package's."""

    COL_FIELD, COL_LOCAL, COL_INCOMING = range(3)
    COLUMNS = _versions_columns("Trên máy này", "Trong gói")


class HistoryFieldsTableModel(RowsTableModel[FieldChange]):
    """How an earlier version differs from the row now (``local`` is now)."""

    COL_FIELD, COL_NOW, COL_VERSION = range(3)
    COLUMNS = _versions_columns("Hiện tại", "Phiên bản này")


class BackupsTableModel(RowsTableModel[BackupInfo]):
    COL_TIME, COL_REASON, COL_SIZE, COL_FILE = range(4)
    COLUMNS = (
        Column[BackupInfo](
            "Thời điểm",
            lambda b: datetime_text(b.taken_at),
            sort=lambda b: b.taken_at.timestamp(),
            width=140,
        ),
        Column[BackupInfo]("Lý do", lambda b: b.reason_text, width=170),
        Column[BackupInfo](
            "Dung lượng", lambda b: size_text(b.size), sort=lambda b: b.size, width=100
        ),
        Column[BackupInfo]("Tệp", lambda b: b.path.name, tooltip=lambda b: str(b.path)),
    )


class HistoryTableModel(RowsTableModel[HistoryEntry]):
    COL_TIME, COL_WHAT, COL_LABEL, COL_REASON, COL_DEVICE = range(5)
    COLUMNS = (
        Column[HistoryEntry](
            "Thời điểm",
            lambda e: datetime_text(e.replaced_at),
            sort=lambda e: e.replaced_at.timestamp(),
            width=130,
        ),
        Column[HistoryEntry]("Loại bản ghi", lambda e: e.what, width=150),
        Column[HistoryEntry]("Bản ghi", lambda e: e.label),
        Column[HistoryEntry]("Lý do", lambda e: e.reason_text, width=200),
        Column[HistoryEntry]("Máy", lambda e: e.device_text, width=150),
    )


class ProblemsTableModel(RowsTableModel[Problem]):
    COL_WHAT, COL_REPAIR = range(2)
    COLUMNS = (
        Column[Problem]("Vấn đề", lambda p: p.what, foreground=lambda p: PROBLEM_COLOUR),
        Column[Problem](
            "Cách sửa",
            lambda p: _first_upper(p.repair) if p.repair else NO_REPAIR,
            foreground=lambda p: None if p.repairable else GREY,
            width=300,
        ),
    )
