"""The plan editor's "Phụ lục" tab: the appendices' titles, "Kèm theo" lines and texts."""

from dataclasses import replace

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.ids import AppendixId, new_id
from desktop_app.domain.plans import Appendix, AppendixKind, Plan, attached_line
from desktop_app.domain.text import clean
from desktop_app.ui.common.buttons import button_row
from desktop_app.ui.plans.appendices_table_model import AppendicesTableModel
from desktop_app.ui.plans.editor_page import PlanHost, lines


class AppendicesPage(QWidget):
    def __init__(self, host: PlanHost) -> None:
        super().__init__()
        self._host = host
        self.appendix_row = -1  # the appendix the fields show
        self.appendices_model = AppendicesTableModel(self)
        self.appendix_list = QListView()
        self.appendix_list.setModel(self.appendices_model)
        self.appendix_title = QLineEdit()
        self.appendix_attached = QLineEdit()
        self.appendix_attached.setPlaceholderText("(Kèm theo Kế hoạch số .../KH-UBND ngày ...)")
        self.appendix_text = QPlainTextEdit()
        self.appendix_text.setPlaceholderText("Nội dung phụ lục dạng văn bản, mỗi đoạn một dòng")
        self.appendix_text.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow("Tiêu đề:", self.appendix_title)
        form.addRow("Dòng \u201cKèm theo\u201d:", self.appendix_attached)
        form.addRow("Nội dung:", self.appendix_text)
        buttons = button_row(
            ("Thêm phụ lục", self.add_appendix),
            ("Ghi phụ lục này", self.apply_appendix),
            ("Lấy dòng \u201cKèm theo\u201d từ kế hoạch", self.fill_attached_line),
            ("Xóa phụ lục", self._remove_appendix),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "Bảng phân công xóm của kế hoạch sửa ở thẻ \u201cXóm & phân công\u201d; bảng "
                "nhiệm vụ lấy từ thẻ Nhiệm vụ. Ở đây: tiêu đề và dòng \u201cKèm theo\u201d."
            )
        )
        layout.addLayout(buttons)
        layout.addWidget(self.appendix_list)
        layout.addLayout(form, 1)
        self.appendix_list.selectionModel().currentRowChanged.connect(self._on_current_changed)

    def current_row(self) -> int:
        return self.appendix_list.currentIndex().row()

    def set_current_row(self, row: int) -> None:
        self.appendix_list.setCurrentIndex(self.appendices_model.index(row, 0))

    def show_plan(self, p: Plan) -> None:
        row = self.appendix_row
        self.appendices_model.set_rows(p.appendices)
        self.appendix_row = -1
        if p.appendices:
            row = min(max(row, 0), len(p.appendices) - 1)
            self.set_current_row(row)
            self.appendix_row = row
            self._show_fields(p.appendices[row])

    def _show_fields(self, appendix: Appendix) -> None:
        self.appendix_title.setText(appendix.title)
        self.appendix_attached.setText(appendix.attached_line)
        self.appendix_text.setPlainText("\n".join(appendix.paragraphs))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._host.loading:
            return
        self.commit()
        row = current.row()
        self.appendix_row = row
        if 0 <= row < len(self._host.plan.appendices):
            self._show_fields(self._host.plan.appendices[row])

    def add_appendix(self) -> None:
        plan = self._host.plan
        number = len(plan.appendices) + 1
        appendix = Appendix(
            AppendixId(new_id()),
            AppendixKind.TEXT,
            f"Phụ lục {number:02d}",
            attached_line(plan),
        )
        self.commit()
        plan = self._host.plan
        self.appendix_row = len(plan.appendices)
        self._host.apply(replace(plan, appendices=(*plan.appendices, appendix)))

    def apply_appendix(self) -> None:
        self.commit()

    def commit(self) -> None:
        """Take the fields into the appendix they show."""
        row = self.appendix_row
        plan = self._host.plan
        if not 0 <= row < len(plan.appendices):
            return
        rows = list(plan.appendices)
        rows[row] = replace(
            rows[row],
            title=clean(self.appendix_title.text()),
            attached_line=clean(self.appendix_attached.text()),
            paragraphs=lines(self.appendix_text.toPlainText()),
        )
        self._host.apply(replace(plan, appendices=tuple(rows)))

    def fill_attached_line(self) -> None:
        """Write the "Kèm theo" line from the plan's own number and date (what the check wants)."""
        self.appendix_attached.setText(attached_line(self._host.plan))
        self.apply_appendix()

    def _remove_appendix(self) -> None:
        row = self.current_row()
        plan = self._host.plan
        if 0 <= row < len(plan.appendices):
            rows = list(plan.appendices)
            del rows[row]
            self._host.apply(replace(plan, appendices=tuple(rows)))
