"""The month picker the calendar's month title opens: a year, twelve months, "Hôm nay".

Jumping to "tháng 3 năm ngoái" otherwise takes fourteen clicks of "Tháng trước".
"""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

FIRST_YEAR, LAST_YEAR = 1900, 2200  # the years a deadline may name


class MonthPicker(QDialog):
    """Choose a month: ``chosen`` holds (year, month) once a month or "Hôm nay" is clicked."""

    def __init__(
        self, year: int, month: int, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chọn tháng")
        self.today = today
        self.chosen: tuple[int, int] | None = None
        self.went_today = False  # "Hôm nay": the day too, not only its month
        self._shown = (year, month)
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(year)
        self.year.setAccessibleName("Năm")
        previous = QPushButton("◀")
        following = QPushButton("▶")
        previous.setToolTip("Năm trước")
        following.setToolTip("Năm sau")
        previous.clicked.connect(lambda: self.year.stepBy(-1))
        following.clicked.connect(lambda: self.year.stepBy(1))
        year_row = QHBoxLayout()
        year_row.addWidget(QLabel("Năm:"))
        year_row.addWidget(previous)
        year_row.addWidget(self.year, 1)
        year_row.addWidget(following)

        self.month_buttons: list[QPushButton] = []
        grid = QGridLayout()
        for number in range(1, 13):
            button = QPushButton(f"Tháng {number}")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, m=number: self.choose(self.year.value(), m))
            grid.addWidget(button, (number - 1) // 4, (number - 1) % 4)
            self.month_buttons.append(button)
        self.today_button = QPushButton("Hôm nay")
        self.today_button.setToolTip(f"Về tháng của hôm nay ({today:%d/%m/%Y})")
        self.today_button.setAutoDefault(False)
        self.today_button.clicked.connect(self.choose_today)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.addButton(self.today_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(year_row)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(lambda _v: self._mark())
        self._mark()
        self.month_buttons[month - 1].setFocus(Qt.FocusReason.OtherFocusReason)

    def _mark(self) -> None:
        """The month the calendar shows is pressed in, when its year is the one picked."""
        for number, button in enumerate(self.month_buttons, start=1):
            button.setChecked((self.year.value(), number) == self._shown)
            here = (self.year.value(), number) == (self.today.year, self.today.month)
            button.setStyleSheet("font-weight: bold;" if here else "")

    def choose_today(self) -> None:
        self.went_today = True
        self.choose(self.today.year, self.today.month)

    def choose(self, year: int, month: int) -> None:
        self.chosen = (year, month)
        self.accept()
