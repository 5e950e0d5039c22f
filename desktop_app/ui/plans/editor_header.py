"""The plan editor's first tab, "Thông tin chung": issuer, number, place and date, title, bases."""

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop_app.domain.deadlines import parse_day
from desktop_app.domain.errors import UserError
from desktop_app.domain.plans import PLAN_STATUS_LABELS, SYSTEM_LABELS, Issuer, Plan, System
from desktop_app.domain.text import clean
from desktop_app.ui.common.dialogs import ERROR_STYLE
from desktop_app.ui.plans.editor_page import PlanHost, lines


class HeaderPage(QWidget):
    def __init__(self, host: PlanHost) -> None:
        super().__init__()
        self._host = host
        self._build_fields()
        self._lay_out()
        for edit in (self.issuer, self.parent_body, self.number, self.symbol, self.place):
            edit.editingFinished.connect(host.commit_fields)
        self.date.editingFinished.connect(host.commit_fields)
        self.type_line.editingFinished.connect(host.commit_fields)
        self.system.currentIndexChanged.connect(lambda _i: host.commit_fields())

    def _build_fields(self) -> None:
        self.system = QComboBox()
        for system in System:
            self.system.addItem(SYSTEM_LABELS[system], system)
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText("vd. ỦY BAN NHÂN DÂN XÃ PHÚ LẠC")
        self.parent_body = QLineEdit()
        self.parent_body.setPlaceholderText("cơ quan cấp trên (để trống nếu không có)")
        self.number = QLineEdit()
        self.number.setPlaceholderText("cấp khi ban hành")
        self.number.setMaximumWidth(90)
        self.symbol = QLineEdit()
        self.symbol.setPlaceholderText("vd. KH-UBND hoặc KH/ĐU")
        self.place = QLineEdit()
        self.date = QLineEdit()
        self.date.setPlaceholderText("dd/mm/yyyy")
        self.date.setMaximumWidth(120)
        self.type_line = QLineEdit()
        self.title = QPlainTextEdit()
        self.title.setTabChangesFocus(True)
        self.title.setMaximumHeight(70)
        self.bases = QPlainTextEdit()
        self.bases.setPlaceholderText("Mỗi căn cứ một dòng: Căn cứ ...; Thực hiện ...")
        self.bases.setTabChangesFocus(True)
        self.header_error = QLabel()
        self.header_error.setStyleSheet(ERROR_STYLE)
        self.header_error.setWordWrap(True)
        self.lock_label = QLabel()
        self.lock_label.setWordWrap(True)

    def _lay_out(self) -> None:
        number_row = QHBoxLayout()
        number_row.addWidget(self.number)
        number_row.addWidget(QLabel("Ký hiệu:"))
        number_row.addWidget(self.symbol, 1)
        place_row = QHBoxLayout()
        place_row.addWidget(self.place, 1)
        place_row.addWidget(QLabel("Ngày:"))
        place_row.addWidget(self.date)
        form = QFormLayout(self)
        form.addRow(self.lock_label)
        form.addRow("Hệ thống:", self.system)
        form.addRow("Cơ quan ban hành:", self.issuer)
        form.addRow("Cơ quan cấp trên:", self.parent_body)
        form.addRow("Số:", number_row)
        form.addRow("Địa danh:", place_row)
        form.addRow("Dòng dưới \u201cKẾ HOẠCH\u201d:", self.type_line)
        form.addRow("Trích yếu:", self.title)
        form.addRow("Căn cứ:", self.bases)
        form.addRow(self.header_error)

    def show_plan(self, p: Plan, locked: bool) -> None:
        self.system.setCurrentIndex(self.system.findData(p.system))
        self.issuer.setText(p.issuer.name)
        self.parent_body.setText(p.issuer.parent)
        if not self.header_error.text():  # else a wrong number or date stays to be fixed
            self.number.setText("" if p.number is None else f"{p.number:02d}")
            self.date.setText(p.date.strftime("%d/%m/%Y") if p.date else "")
        self.symbol.setText(p.symbol)
        self.place.setText(p.place)
        self.type_line.setText(p.type_line)
        if self.title.toPlainText() != p.title:
            self.title.setPlainText(p.title)
        if lines(self.bases.toPlainText()) != p.bases:
            self.bases.setPlainText("\n".join(p.bases))
        for w in (self.system, self.issuer, self.parent_body, self.number, self.symbol,
                  self.place, self.date, self.type_line, self.title, self.bases):  # fmt: skip
            w.setEnabled(not locked)
        self.lock_label.setText(
            f"Trạng thái: <b>{PLAN_STATUS_LABELS[p.status]}</b>."
            + (
                " Phần đầu văn bản và chữ ký đã khóa vì kế hoạch đã ban hành; muốn sửa, "
                "hãy chọn \u201cMở lại để sửa\u201d ở thẻ Kế hoạch."
                if locked
                else ""
            )
        )

    def read(self, plan: Plan) -> tuple[Plan, list[str]]:
        """``plan`` with the header typed here, and what does not read (also shown in red)."""
        problems: list[str] = []
        number = plan.number
        number_text = self.number.text().strip()
        if number_text.isdigit() or not number_text:
            number = int(number_text) if number_text else None
        else:
            problems.append("Số văn bản chỉ gồm chữ số (hoặc để trống đến khi ban hành).")
        day = plan.date
        try:
            day = parse_day(self.date.text(), "ký") if self.date.text().strip() else None
        except UserError as exc:
            problems.append(exc.message)
        # The fields that do read are kept; a wrong one stays on screen, marked, until fixed.
        self.header_error.setText(" ".join(problems))
        read = replace(
            plan,
            system=System(self.system.currentData()),
            issuer=Issuer(clean(self.issuer.text()), clean(self.parent_body.text())),
            number=number,
            symbol=clean(self.symbol.text()),
            place=clean(self.place.text()),
            date=day,
            type_line=clean(self.type_line.text()),
            title=clean(self.title.toPlainText()),
            bases=lines(self.bases.toPlainText()),
        )
        return read, problems
