"""The header of an imported plan as the clerk corrects it: title, issuer, number, place, date."""

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.deadlines import parse_day
from desktop_app.domain.errors import UserError
from desktop_app.domain.plans import SYSTEM_LABELS, Issuer, Plan, System, plan_reference
from desktop_app.domain.text import clean

ERROR_STYLE = "QLabel { color: #b00020; }"
HINT_STYLE = "QLabel { color: #555555; }"


class CorrectionError(UserError):
    """A correction that cannot be saved, with the field to fix and the row that shows it."""

    def __init__(self, message: str, focus: QWidget, node: str = "header") -> None:
        super().__init__(message)
        self.focus = focus
        self.node = node


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class HeaderForm(QFrame):
    """The fields of the header, filled from the plan read; ``changed`` on every keystroke."""

    changed = Signal()

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._build_fields(plan)
        self._lay_out()
        self.title_edit.textChanged.connect(self.changed)
        for edit in (
            self.issuer_edit,
            self.number_edit,
            self.symbol_edit,
            self.place_edit,
            self.date_edit,
        ):
            edit.textChanged.connect(self.changed)
        self.system_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def _build_fields(self, plan: Plan) -> None:
        self.title_edit = QPlainTextEdit(plan.title)
        self.title_edit.setTabChangesFocus(True)
        lines = self.title_edit.fontMetrics().lineSpacing()
        self.title_edit.setFixedHeight(3 * lines + 12)
        self.issuer_edit = QLineEdit(plan.issuer.name)
        self.issuer_edit.setPlaceholderText("vd. ỦY BAN NHÂN DÂN XÃ PHÚ LẠC")
        self.number_edit = QLineEdit("" if plan.number is None else str(plan.number))
        self.number_edit.setPlaceholderText("để trống")
        self.number_edit.setMaximumWidth(80)
        self.symbol_edit = QLineEdit(plan.symbol)
        self.symbol_edit.setPlaceholderText("vd. KH-UBND")
        self.system_combo = QComboBox()
        for system in System:
            self.system_combo.addItem(SYSTEM_LABELS[system], system.value)
        self.system_combo.setCurrentIndex(self.system_combo.findData(plan.system.value))
        self.place_edit = QLineEdit(plan.place)
        self.date_edit = QLineEdit(f"{plan.date:%d/%m/%Y}" if plan.date else "")
        self.date_edit.setPlaceholderText("dd/mm/yyyy")
        self.date_edit.setMaximumWidth(110)
        self.header_error = QLabel()
        self.header_error.setStyleSheet(ERROR_STYLE)
        self.header_error.setWordWrap(True)
        self.header_error.setVisible(False)

    def _lay_out(self) -> None:
        number_row = QHBoxLayout()
        number_row.addWidget(self.number_edit)
        number_row.addWidget(_buddy("&Ký hiệu:", self.symbol_edit))
        number_row.addWidget(self.symbol_edit, 1)
        number_row.addWidget(_buddy("Hệ &thống:", self.system_combo))
        number_row.addWidget(self.system_combo)
        place_row = QHBoxLayout()
        place_row.addWidget(self.place_edit, 1)
        place_row.addWidget(_buddy("&Ngày:", self.date_edit))
        place_row.addWidget(self.date_edit)
        fields = QWidget()
        form = QFormLayout(fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_buddy("Trích &yếu:", self.title_edit), self.title_edit)
        form.addRow(_buddy("&Cơ quan ban hành:", self.issuer_edit), self.issuer_edit)
        form.addRow(_buddy("&Số:", self.number_edit), number_row)
        form.addRow(_buddy("Địa &danh:", self.place_edit), place_row)
        form.addRow(self.header_error)
        hint = QLabel("Sửa ở đây những gì chương trình đọc sai; số và ngày để trống nếu chưa có.")
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(hint)
        column.addWidget(fields)
        column.addStretch(1)

    def field(self, node_name: str) -> QWidget | None:
        """The field that corrects the tree's row ``node_name`` (the branch: the title)."""
        return {
            "header": self.title_edit,
            "header.system": self.system_combo,
            "header.issuer": self.issuer_edit,
            "header.reference": self.number_edit,
            "header.place": self.place_edit,
            "header.date": self.date_edit,
            "header.title": self.title_edit,
        }.get(node_name)

    def shown_values(self) -> list[tuple[str, str]]:
        """What the tree's header rows read now, by the name of their row under "header"."""
        system = System(self.system_combo.currentData())
        number = self.number_edit.text().strip()
        symbol = clean(self.symbol_edit.text())
        if number.isdigit() or not number:
            reference = plan_reference(system, int(number) if number else None, symbol)
        else:
            reference = f"{number}{'-' if system is System.PARTY else '/'}{symbol}"
        return [
            ("system", SYSTEM_LABELS[system]),
            ("issuer", clean(self.issuer_edit.text())),
            ("reference", reference),
            ("place", clean(self.place_edit.text())),
            ("date", self.date_edit.text().strip()),
            ("title", clean(" ".join(self.title_edit.toPlainText().split()))),
        ]

    def show_problem(self, message: str) -> None:
        self.header_error.setText(message)
        self.header_error.setVisible(True)

    def corrected(self, plan: Plan) -> Plan:
        """``plan`` with the header as corrected in the fields.

        Raises:
            CorrectionError: a number or date that does not read, an empty title or issuer.
        """
        number = self.number_edit.text().strip()
        if number and not number.isdigit():
            raise CorrectionError(
                f"Số văn bản \u201c{number}\u201d chỉ được gồm chữ số (để trống nếu chưa có "
                "số); ký hiệu như KH-UBND ghi ở ô Ký hiệu.",
                self.number_edit,
            )
        date = self.date_edit.text().strip()
        try:
            day = parse_day(date, "ban hành") if date else None
        except UserError as exc:
            raise CorrectionError(exc.message, self.date_edit) from None
        title = clean(" ".join(self.title_edit.toPlainText().split()))
        if not title:
            raise CorrectionError("Trích yếu (tên kế hoạch) không được để trống.", self.title_edit)
        issuer = clean(self.issuer_edit.text())
        if not issuer:
            raise CorrectionError("Tên cơ quan ban hành không được để trống.", self.issuer_edit)
        return replace(
            plan,
            system=System(self.system_combo.currentData()),
            issuer=Issuer(issuer, plan.issuer.parent),
            number=int(number) if number else None,
            symbol=clean(self.symbol_edit.text()),
            place=clean(self.place_edit.text()),
            date=day,
            title=title,
        )
