"""The plan editor's "Sự kiện" tab: campaign days and meetings, one by one or by a rule."""

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.domain.event_rules import move_event, with_event_rule
from desktop_app.domain.text import clean
from desktop_app.ui.calendar.calendar_dialogs import MoveEventDialog
from desktop_app.ui.common.buttons import button_row
from desktop_app.ui.common.dialogs import ERROR_STYLE
from desktop_app.ui.common.tables import key_shortcut, make_table, source_row
from desktop_app.ui.plans.editor_page import PlanHost
from desktop_app.ui.plans.events_table_model import EventsTableModel
from desktop_app.ui.plans.plan_dialogs import EventDialog


class EventsPage(QWidget):
    def __init__(self, host: PlanHost) -> None:
        super().__init__()
        self._host = host
        rule_row = self._build_rule_row()
        self.events_model = EventsTableModel(self)
        self.events_view = make_table(self.events_model, self, stretch_column=4, sortable=False)
        buttons = button_row(
            ("Thêm một sự kiện…", self.add_event),
            ("Dời ngày…", self.move_selected_event),
            ("Xóa sự kiện", self._remove_event),
        )
        key_shortcut(Qt.Key.Key_Delete, self.events_view, self._remove_event)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Các ngày ra quân, hội nghị... Gõ quy tắc như kế hoạch viết để tạo cả loạt; "
                "mỗi đợt có thể dời riêng (trùng ngày lễ) mà không phá quy tắc."
            )
        )
        layout.addLayout(rule_row)
        layout.addWidget(self.rule_error)
        layout.addLayout(buttons)
        layout.addWidget(self.events_view, 1)

    def _build_rule_row(self) -> QHBoxLayout:
        self.rule_text = QLineEdit()
        self.rule_text.setPlaceholderText(
            "vd. ngày thứ Bảy đầu tiên của tháng, từ tháng 12/2025 đến hết tháng 12/2026"
        )
        self.rule_label = QLineEdit("Đợt {n}")
        self.rule_label.setMaximumWidth(120)
        self.rule_place = QLineEdit()
        self.rule_place.setPlaceholderText("vd. Tại các xóm")
        self.rule_time = QLineEdit()
        self.rule_time.setPlaceholderText("vd. 7h30")
        self.rule_time.setMaximumWidth(90)
        generate = QPushButton("Tạo các đợt")
        generate.setAutoDefault(False)
        generate.clicked.connect(self.generate_events)
        self.rule_error = QLabel()
        self.rule_error.setStyleSheet(ERROR_STYLE)
        self.rule_error.setWordWrap(True)
        rule_row = QHBoxLayout()
        rule_row.addWidget(QLabel("Quy tắc:"))
        rule_row.addWidget(self.rule_text, 1)
        rule_row.addWidget(QLabel("Tên:"))
        rule_row.addWidget(self.rule_label)
        rule_row.addWidget(QLabel("Địa điểm:"))
        rule_row.addWidget(self.rule_place)
        rule_row.addWidget(QLabel("Giờ:"))
        rule_row.addWidget(self.rule_time)
        rule_row.addWidget(generate)
        return rule_row

    def generate_events(self) -> None:
        """Generate (or regenerate) the series of the rule typed; moved days stay moved."""
        text = clean(self.rule_text.text())
        if not text:
            self.rule_error.setText("Hãy gõ quy tắc, vd. \u201cngày thứ Bảy đầu tiên của tháng, "
                                    "từ tháng 12/2025 đến hết tháng 12/2026\u201d.")  # fmt: skip
            return
        try:
            plan = with_event_rule(
                self._host.plan,
                text,
                label_pattern=clean(self.rule_label.text()) or "Đợt {n}",
                place=clean(self.rule_place.text()),
                time=clean(self.rule_time.text()) or None,
            )
        except UserError as exc:
            self.rule_error.setText(exc.message)
            return
        self.rule_error.setText("")
        added = len(plan.events) - len(self._host.plan.events)
        self._host.apply(plan)
        self._host.status_label.setText(f"Đã tạo theo quy tắc; số sự kiện thêm: {added}.")

    def _selected_event(self) -> int | None:
        return source_row(self.events_view)

    def add_event(self) -> None:
        plan = self._host.plan
        dialog = EventDialog(plan.date or dt.date.today(), self.window())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            event = dialog.result_event()
            events = sorted((*plan.events, event), key=lambda e: (e.date, e.time or ""))
            self._host.apply(replace(plan, events=tuple(events)))

    def move_selected_event(self) -> None:
        row = self._selected_event()
        if row is None:
            return
        event = self._host.plan.events[row]
        dialog = MoveEventDialog(event.label, event.date, self.window())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            day, reason = dialog.chosen()
            events = list(self._host.plan.events)
            events[row] = move_event(event, day, clean(reason))
            self._host.apply(replace(self._host.plan, events=tuple(events)))

    def _remove_event(self) -> None:
        row = self._selected_event()
        if row is None:
            return
        events = list(self._host.plan.events)
        gone = events.pop(row)
        self._host.apply(replace(self._host.plan, events=tuple(events)))
        self._host.status_label.setText(f"Đã xóa \u201c{gone.label}\u201d (Ctrl+Z để lấy lại).")
