"""Years outside 1900–2100 cannot be typed into the window's date fields (issue 22)."""

import datetime as dt

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from desktop_app.ui.calendar.calendar_dialogs import date_edit
from desktop_app.ui.progress.progress_dialogs import date_edit as report_date_edit


def test_a_year_beyond_2100_cannot_be_typed_into_a_date_field(qtbot: QtBot) -> None:
    for edit in (date_edit(dt.date(2026, 6, 1)), report_date_edit(dt.date(2026, 6, 1))):
        qtbot.addWidget(edit)
        assert edit.maximumDate() == QDate(2100, 12, 31)
        edit.show()
        edit.setFocus()
        edit.lineEdit().selectAll()
        qtbot.keyClicks(edit, "01/06/9999")
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert edit.date().year() <= 2100
    older = date_edit(dt.date(2026, 6, 1))
    qtbot.addWidget(older)
    assert older.minimumDate() == QDate(1900, 1, 1)
