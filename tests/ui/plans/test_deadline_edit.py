import datetime as dt

from pytestqt.qtbot import QtBot

from desktop_app.domain.deadlines import Deadline, DeadlineKind
from desktop_app.ui.plans.deadline_edit import DeadlineEdit
from tests.ui.conftest import type_text


def _edit(qtbot: QtBot, **kwargs: object) -> DeadlineEdit:
    edit = DeadlineEdit(today=dt.date(2026, 11, 23), **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(edit)
    return edit


def test_typing_a_monthly_deadline_shows_what_was_understood(qtbot: QtBot) -> None:
    edit = _edit(qtbot)
    type_text(edit.text, "trước ngày 05 hằng tháng")
    deadline = edit.deadline()
    assert deadline is not None
    assert deadline.kind is DeadlineKind.RECURRING
    assert deadline.rrule == "FREQ=MONTHLY;BYMONTHDAY=5"
    assert edit.meaning.text() == "Định kỳ: trước ngày 05 hằng tháng — lần tới 05/12/2026"


def test_the_plan_year_completes_a_date_without_one(qtbot: QtBot) -> None:
    edit = _edit(qtbot, default_year=2026)
    type_text(edit.text, "trước ngày 25/6")
    deadline = edit.deadline()
    assert deadline is not None
    assert deadline.on == dt.date(2026, 6, 25)
    assert edit.meaning.text() == "Ngày: trước ngày 25/6/2026 — hạn 25/6/2026"


def test_an_existing_deadline_is_shown_in_its_own_words(qtbot: QtBot) -> None:
    edit = _edit(qtbot)
    edit.set_deadline(
        Deadline(DeadlineKind.QUARTER, text="hoàn thành trong quý II-2023", year=2023, quarter=2)
    )
    assert edit.text.text() == "hoàn thành trong quý II-2023"
    assert edit.meaning.text() == "Quý: trong quý II-2023 — hạn 30/6/2023"


def test_a_wording_it_does_not_know_is_kept_as_written_and_counted_as_not_dated(
    qtbot: QtBot,
) -> None:
    edit = _edit(qtbot)
    with qtbot.waitSignal(edit.deadline_changed):
        type_text(edit.text, "khi có hướng dẫn của huyện")
    deadline = edit.deadline()
    assert deadline is not None
    assert deadline.kind is DeadlineKind.UNDATED
    assert deadline.text == "khi có hướng dẫn của huyện"
    assert edit.meaning.text().startswith("Chưa xác định ngày: giữ nguyên")


def test_a_day_that_is_not_on_the_calendar_is_said_in_red(qtbot: QtBot) -> None:
    edit = _edit(qtbot)
    type_text(edit.text, "trước ngày 31/02/2026")
    assert edit.deadline() is None
    assert "b00020" in edit.meaning.styleSheet()
