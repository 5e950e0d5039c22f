"""Dialogs of the plan editor: a task, an event, issuing, the findings list, the trash."""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from desktop_app.domain.calendar import parse_time
from desktop_app.domain.checks import PLACE_LABELS, SEVERITY_LABELS, Finding, Severity
from desktop_app.domain.deadlines import Deadline, parse_day
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import EventId, SectionId, TaskId, new_id
from desktop_app.domain.lifecycle import check_deadline
from desktop_app.domain.plans import Event, Section, Task, walk_sections
from desktop_app.domain.registry import Registry
from desktop_app.domain.text import clean
from desktop_app.domain.units import Unit
from desktop_app.ui.common.dialogs import (
    CheckedDialog,
    Unsaved,
    ask_unsaved,
    ok_cancel_buttons,
    show_error,
)
from desktop_app.ui.common.screen import fit_to_screen
from desktop_app.ui.common.text_list_model import TextListModel
from desktop_app.ui.plans.deadline_edit import DeadlineEdit
from desktop_app.ui.plans.unit_picker import UnitPicker
from desktop_app.workspace.plans import TRASH_KIND_LABELS, TrashItem

SEVERITY_COLOURS = Registry(
    Severity,
    {Severity.ERROR: "#b00020", Severity.WARNING: "#8a5a00", Severity.INFO: "#1f4e79"},
    "severity colours",
)


class TaskDialog(CheckedDialog):
    """One task: its text, who leads and supports, its deadline, output and notes.

    ``add_unit`` (a name in, the office's new unit out) lets either picker add a unit the
    list lacks. Hủy, Esc and the window's close box ask before typed changes are lost.
    """

    def __init__(
        self,
        units: Sequence[Unit],
        sections: Sequence[Section],
        plan_date: dt.date | None,
        task: Task | None = None,
        parent: QWidget | None = None,
        *,
        add_unit: Callable[[str], Unit] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sửa nhiệm vụ" if task else "Thêm nhiệm vụ")
        fit_to_screen(self, 900, 620)
        self._task = task
        self._plan_date = plan_date
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Nội dung nhiệm vụ")
        self.text.setTabChangesFocus(True)
        self.lead = UnitPicker(units, add_unit=add_unit)
        self.support = UnitPicker(units, add_unit=add_unit)
        self.lead.unit_added.connect(self.support.include)
        self.support.unit_added.connect(self.lead.include)
        year = plan_date.year if plan_date else None
        self.deadline = DeadlineEdit(default_year=year, plan_date=plan_date)
        self.until = QLineEdit()
        self.until.setPlaceholderText("dd/mm/yyyy (để trống: không có ngày kết thúc)")
        self.output = QLineEdit()
        self.note = QLineEdit()
        self.section = QComboBox()
        self.section.addItem("(không gắn với mục nào)", None)
        for _, s in walk_sections(tuple(sections)):
            self.section.addItem(f"{s.label} {s.title}"[:90], s.id)

        pickers = QHBoxLayout()
        for title, picker in (("Chủ trì", self.lead), ("Phối hợp", self.support)):
            box = QVBoxLayout()
            box.addWidget(QLabel(f"<b>{title}</b>"))
            box.addWidget(picker)
            pickers.addLayout(box)
        form = QFormLayout()
        form.addRow("Nội dung:", self.text)
        form.addRow(pickers)
        form.addRow("Thời hạn:", self.deadline)
        form.addRow("Định kỳ đến hết ngày:", self.until)
        form.addRow("Sản phẩm:", self.output)
        form.addRow("Ghi chú:", self.note)
        form.addRow("Thuộc mục:", self.section)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(self, "Ghi nhiệm vụ"))
        self.deadline.deadline_changed.connect(self._on_deadline_changed)

        if task is not None:
            self._show_task(task)
        self._on_deadline_changed()
        self._opened_as = self._fields()

    def _fields(self) -> tuple[object, ...]:
        """What the clerk can change, to tell whether anything was."""
        return (
            self.text.toPlainText(),
            tuple(u.id for u in self.lead.chosen()),
            tuple(u.id for u in self.support.chosen()),
            self.deadline.text.text(),
            self.until.text(),
            self.output.text(),
            self.note.text(),
            self.section.currentData(),
        )

    def is_changed(self) -> bool:
        return self._fields() != self._opened_as

    @override
    def reject(self) -> None:
        """Hủy, Esc and the close box: ask first when something was typed."""
        if not self.is_changed():
            super().reject()
            return
        answer = ask_unsaved(self, "Nhiệm vụ có thay đổi chưa ghi. Ghi lại trước khi đóng?")
        if answer is Unsaved.SAVE:
            self.accept()  # stays open, saying why, when the task does not hold
        elif answer is Unsaved.DISCARD:
            super().reject()

    def _show_task(self, task: Task) -> None:
        self.text.setPlainText(task.text)
        self.lead.set_chosen(task.lead)
        self.support.set_chosen(task.support)
        self.deadline.set_deadline(task.deadline)
        until = _rule_until(task.deadline.rrule or "")
        if until:
            self.until.setText(until.strftime("%d/%m/%Y"))
        self.output.setText(task.output)
        self.note.setText(task.note)
        index = self.section.findData(task.section_id)
        self.section.setCurrentIndex(max(0, index))

    def _on_deadline_changed(self) -> None:
        d = self.deadline.deadline()
        self.until.setEnabled(d is not None and d.is_recurring)

    def result_task(self) -> Task:
        """The task as typed.

        Raises:
            UserError: no text, a deadline not understood, or one before the plan's date.
        """
        text = clean(self.text.toPlainText())
        if not text:
            raise UserError("Hãy nhập nội dung nhiệm vụ.")
        deadline = self.deadline.deadline()
        if deadline is None:
            raise UserError("Chưa hiểu thời hạn đã gõ: hãy sửa theo các cách viết được gợi ý.")
        deadline = _with_until(deadline, self.until.text()) if self.until.isEnabled() else deadline
        check_deadline(deadline, self._plan_date)
        section = self.section.currentData()
        support = tuple(u for u in self.support.chosen() if u not in self.lead.chosen())
        base = self._task or Task(TaskId(new_id()), text)
        return Task(
            id=base.id,
            text=text,
            lead=self.lead.chosen(),
            support=support,
            deadline=deadline,
            output=clean(self.output.text()),
            status=base.status,
            note=clean(self.note.text()),
            section_id=SectionId(section) if section else None,
        )

    @override
    def check(self) -> None:
        self.result_task()


def _rule_until(rule: str) -> dt.date | None:
    for part in rule.split(";"):
        if part.upper().startswith("UNTIL="):
            value = part.split("=", 1)[1][:8]
            return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    return None


def _with_until(deadline: Deadline, text: str) -> Deadline:
    """The recurring deadline ending on the typed day (or open-ended when blank)."""
    parts = [
        p for p in (deadline.rrule or "").split(";") if p and not p.upper().startswith("UNTIL=")
    ]
    if text.strip():
        day = parse_day(text, "kết thúc")
        parts.append(f"UNTIL={day:%Y%m%d}")
    return replace(deadline, rrule=";".join(parts))


class EventDialog(CheckedDialog):
    """One event by hand (a conference, a meeting): what, which day, when, where."""

    def __init__(self, day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Thêm sự kiện")
        self.label = QLineEdit()
        self.label.setPlaceholderText("vd. Hội nghị sơ kết")
        self.day = QLineEdit(day.strftime("%d/%m/%Y"))
        self.time = QLineEdit()
        self.time.setPlaceholderText("vd. 7h30 hoặc 14:00")
        self.place = QLineEdit()
        self.note = QLineEdit()
        form = QFormLayout(self)
        form.addRow("Tên sự kiện:", self.label)
        form.addRow("Ngày:", self.day)
        form.addRow("Giờ:", self.time)
        form.addRow("Địa điểm:", self.place)
        form.addRow("Ghi chú:", self.note)
        form.addRow(self.error)
        form.addRow(ok_cancel_buttons(self, "Thêm"))

    def result_event(self) -> Event:
        label = clean(self.label.text())
        if not label:
            raise UserError("Hãy nhập tên sự kiện.")
        time = clean(self.time.text())
        if time and parse_time(time) is None:
            raise UserError(f"Giờ \u201c{time}\u201d không hợp lệ; hãy viết vd. 7h30 hoặc 14:00.")
        return Event(
            EventId(new_id()),
            label,
            parse_day(self.day.text()),
            time or None,
            clean(self.place.text()),
            note=clean(self.note.text()),
        )

    @override
    def check(self) -> None:
        self.result_event()


class IssueDialog(CheckedDialog):
    """Issue a draft: the day it is signed and its number (the register's next, proposed)."""

    def __init__(
        self, propose: Callable[[dt.date], int], today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ban hành kế hoạch")
        self._propose = propose
        self.day = QLineEdit(today.strftime("%d/%m/%Y"))
        self.number = QSpinBox()
        self.number.setRange(1, 9999)
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                "Sau khi ban hành, phần đầu văn bản (số, ngày, cơ quan, trích yếu, chữ ký) "
                "bị khóa; muốn sửa phải chọn \u201cMở lại để sửa\u201d."
            )
        )
        form.addRow("Ngày ký:", self.day)
        form.addRow("Số văn bản:", self.number)
        form.addRow(self.error)
        form.addRow(ok_cancel_buttons(self, "Ban hành"))
        self.day.editingFinished.connect(self._on_day_changed)
        self._on_day_changed()

    def _on_day_changed(self) -> None:
        try:
            day = parse_day(self.day.text(), "ký")
        except UserError as exc:
            self.error.setText(exc.message)
            return
        self.error.setText("")
        self.number.setValue(self._propose(day))

    def chosen(self) -> tuple[dt.date, int]:
        return parse_day(self.day.text(), "ký"), self.number.value()

    @override
    def check(self) -> None:
        self.chosen()


class FindingsDialog(QDialog):
    """What the checks found; double-click (or Enter) opens the place to fix it."""

    open_finding = Signal(object)

    def __init__(
        self, title: str, findings: Sequence[Finding], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Kiểm tra: {title[:60]}")
        fit_to_screen(self, 820, 460)
        self.findings = list(findings)
        self.model: TextListModel[Finding] = TextListModel(
            lambda f: f"[{SEVERITY_LABELS[f.severity]}] ({PLACE_LABELS[f.place]}) {f.message}",
            "Không thấy thiếu sót nào.",
            lambda f: SEVERITY_COLOURS[f.severity],
            self,
        )
        self.model.set_rows(self.findings)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        summary = QLabel(
            f"{sum(f.severity is Severity.ERROR for f in self.findings)} lỗi, "
            f"{sum(f.severity is Severity.WARNING for f in self.findings)} cảnh báo, "
            f"{sum(f.severity is Severity.INFO for f in self.findings)} lưu ý. "
            "Nhấp đúp vào một dòng để mở chỗ cần sửa."
        )
        close = QPushButton("Đóng")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.list.activated.connect(self._on_activated)

    def _on_activated(self, index: QModelIndex) -> None:
        row = index.row()
        if 0 <= row < len(self.findings):
            self.open_finding.emit(self.findings[row])


class TrashDialog(QDialog):
    """What was deleted, newest first; "Khôi phục" brings the chosen one back."""

    def __init__(
        self,
        items: Sequence[TrashItem],
        restore: Callable[[TrashItem], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Thùng rác")
        fit_to_screen(self, 700, 420)
        self.items = list(items)
        self._restore = restore
        self.model: TextListModel[TrashItem] = TextListModel(
            lambda item: (
                f"{TRASH_KIND_LABELS[item.kind]}: {item.name[:90]}  "
                f"(xóa lúc {item.deleted_at[:16].replace('T', ' ')} UTC)"
            ),
            "Thùng rác trống.",
            parent=self,
        )
        self.list = QListView()
        self.list.setModel(self.model)
        self.restore_button = QPushButton("Khôi phục")
        self._fill()
        close = QPushButton("Đóng")
        close.clicked.connect(self.accept)
        self.restore_button.clicked.connect(self._on_restore)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Các mục đã xóa. Chọn một mục rồi bấm \u201cKhôi phục\u201d."))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def _fill(self) -> None:
        self.model.set_rows(self.items)
        self.restore_button.setEnabled(bool(self.items))

    def _on_restore(self) -> None:
        row = self.list.currentIndex().row()
        if not 0 <= row < len(self.items):
            return
        try:
            self._restore(self.items[row])
        except UserError as exc:
            show_error(self, exc.message)
            return
        del self.items[row]
        self._fill()


def _local_time(stamp: str) -> str:
    """A stored UTC stamp as the clerk's clock reads it: "14:05 ngày 23/11/2026"."""
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%H:%M ngày %d/%m/%Y")
