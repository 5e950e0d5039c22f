"""A deadline typed the way the plans write it, read back at once by the deadline parser.

The clerk types "trước ngày 05 hằng tháng"; the line under the field says what the program
understood ("Định kỳ: trước ngày 05 hằng tháng — lần tới 05/12/2026"). A wording of no known
shape ("khi có hướng dẫn của huyện") is kept as written and counted as not dated, the line
saying so in amber with the wordings it knows; a known shape with a day not on the calendar
is said in red. Nothing is ever guessed.
"""

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.deadline_parser import EXAMPLES, DeadlineNotUnderstoodError, read_deadline
from desktop_app.domain.deadlines import DEADLINE_KIND_LABELS, Deadline, date_text, describe
from desktop_app.ui.common.dialogs import ERROR_STYLE

OK_STYLE = "color: #1b5e20;"
KEPT_STYLE = "color: #8a5a00;"  # kept as written: worth a look, not an error


class DeadlineEdit(QWidget):
    deadline_changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        default_year: int | None = None,
        plan_date: dt.date | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.default_year = default_year
        self.plan_date = plan_date
        self.today = today or dt.date.today()
        self._deadline: Deadline | None = Deadline()
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("vd. trước ngày 25/6/2026, trong quý II-2023, thường xuyên")
        self.meaning = QLabel(self)
        self.meaning.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.meaning)
        self.text.textChanged.connect(self._on_text_changed)
        self._on_text_changed("")

    def deadline(self) -> Deadline | None:
        """The deadline typed, or None while the wording is not understood."""
        return self._deadline

    def set_deadline(self, deadline: Deadline) -> None:
        self.text.setText(deadline.summary())

    def _on_text_changed(self, text: str) -> None:
        try:
            self._deadline = read_deadline(text, default_year=self.default_year)
        except DeadlineNotUnderstoodError as exc:
            self._deadline = None
            self.meaning.setStyleSheet(ERROR_STYLE)
            self.meaning.setText(exc.message)
        else:
            undated = self._deadline.is_undated
            self.meaning.setStyleSheet(KEPT_STYLE if undated else OK_STYLE)
            self.meaning.setText(self._explain(self._deadline))
        self.deadline_changed.emit()

    def _explain(self, deadline: Deadline) -> str:
        if not deadline.text:
            return "Không có thời hạn."
        if deadline.is_undated:
            return (
                f"{DEADLINE_KIND_LABELS[deadline.kind]}: giữ nguyên \u201c{deadline.text}\u201d "
                f"(không vào lịch, không tính quá hạn). Muốn có ngày, hãy viết như: {EXAMPLES}."
            )
        words = f"{DEADLINE_KIND_LABELS[deadline.kind]}: {describe(deadline)}"
        if deadline.is_recurring:
            start = deadline.start or self.plan_date or self.today
            upcoming = deadline.occurrences(start, (self.today, self.today + dt.timedelta(366)))
            if upcoming:
                words += f" — lần tới {date_text(upcoming[0])}"
        elif (due := deadline.due_date()) is not None:
            words += f" — hạn {date_text(due)}"
        return words
