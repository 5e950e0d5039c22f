"""The Lịch tab with the five sample plans (today 23/11/2026)."""

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from desktop_app.domain.calendar import CalendarFilter, ItemKind, ItemState
from desktop_app.ui.calendar import calendar_tab
from desktop_app.ui.calendar.calendar_dialogs import DaysOffDialog, to_qdate
from desktop_app.ui.main_window import MainWindow
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id

D = dt.date
MONTHLY_5 = "trước ngày 05 hàng tháng"


def _december(window: MainWindow) -> None:
    tab = window.calendar_tab
    window.show_tab("calendar")
    tab.show_month(2026, 12)


def test_each_monthly_occurrence_stays_on_its_own_day(window: MainWindow) -> None:
    # The grid of December shows 05/01/2027 too: the same task is due on both days, and
    # filling in the lead units must not move the December occurrence onto January.
    _december(window)
    tab = window.calendar_tab
    december = [i.detail for i in tab.month_model.items_on(D(2026, 12, 5))]
    january = [i.detail for i in tab.month_model.items_on(D(2027, 1, 5))]
    assert MONTHLY_5 in december
    assert MONTHLY_5 in january
    assert all(i.day == D(2026, 12, 5) for i in tab.month_model.items_on(D(2026, 12, 5)))
    cell = tab.month_model.index_of(D(2026, 12, 5)).data()
    assert "Đợt 13" in cell
    assert "Hạn: Các cơ quan" in cell


def test_a_deadline_is_marked_done_for_this_month_only(window: MainWindow) -> None:
    tab = window.calendar_tab
    window.show_tab("calendar")
    tab.show_month(2026, 11)
    tab.select_day(D(2026, 11, 5))
    rows = tab.day_model.rows()
    row = next(r for r, i in enumerate(rows) if i.detail == MONTHLY_5)
    assert rows[row].state is ItemState.OVERDUE
    tab.day_view.selectRow(row)
    assert tab.done_button.isEnabled()
    assert not tab.move_button.isEnabled()
    overdue_before = tab.overdue_model.rowCount()
    tab.toggle_done()
    done = next(i for i in tab.day_model.rows() if i.detail == MONTHLY_5)
    assert done.state is ItemState.DONE
    assert tab.overdue_model.rowCount() == overdue_before - 1
    tab.show_month(2026, 10)
    october = tab.month_model.items_on(D(2026, 10, 5))
    assert next(i for i in october if i.detail == MONTHLY_5).state is ItemState.OVERDUE


def test_a_campaign_day_is_moved_and_the_rule_keeps_the_rest(
    window: MainWindow, samples: Workspace
) -> None:
    tab = window.calendar_tab
    window.show_tab("calendar")
    tab.show_month(2026, 12)
    tab.select_day(D(2026, 12, 5))
    row = next(r for r, i in enumerate(tab.day_model.rows()) if i.label == "Đợt 13")
    tab.day_view.selectRow(row)
    assert tab.move_button.isEnabled()
    tab.move_selected_event(day=D(2026, 12, 12), reason="Dời vì họp HĐND.")
    assert "Đợt 13" in [i.label for i in tab.month_model.items_on(D(2026, 12, 12))]
    assert "Đợt 13" not in [i.label for i in tab.month_model.items_on(D(2026, 12, 5))]
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    moved = [e for e in plan.events if e.moved]
    assert [(e.label, e.rule_date) for e in moved] == [("Đợt 13", D(2026, 12, 5))]
    assert len(plan.events) == 13


def test_filters_by_plan_unit_and_hamlet(window: MainWindow, samples: Workspace) -> None:
    tab = window.calendar_tab
    _december(window)
    kon_tum = sample_plan_id(samples, "kon_tum")
    tab.set_filter(CalendarFilter(plan_id=kon_tum))
    items = [i for day in range(1, 32) for i in tab.month_model.items_on(D(2026, 12, day))]
    assert items
    assert {i.plan_id for i in items} == {kon_tum}
    assert tab.filters.plan_filter.currentData() == kon_tum
    dong_vong = samples.directory.hamlets("dong vong")[0]
    tab.set_filter(CalendarFilter(hamlet_id=dong_vong.id))
    labels = [i.label for i in tab.month_model.items_on(D(2026, 12, 5))]
    assert "Đợt 13" in labels
    assert tab.month_model.items_on(D(2026, 12, 25)) == []  # Kon Tum's: no Đồng Vòng there
    tab.set_filter(CalendarFilter())
    assert tab.month_model.items_on(D(2026, 12, 25))


def test_opening_an_item_shows_its_plan(window: MainWindow, samples: Workspace) -> None:
    tab = window.calendar_tab
    _december(window)
    tab.select_day(D(2026, 12, 25))
    tab.day_view.selectRow(0)
    tab.open_selected()
    assert window.tabs.currentWidget() is window.plans_tab
    assert window.plans_tab.selected_plan_id() == sample_plan_id(samples, "kon_tum")


def test_the_window_says_what_is_overdue_and_due_this_week(window: MainWindow) -> None:
    text = window.agenda_label.text()
    assert "Thứ Hai, 23/11/2026" in text
    assert "âm lịch ngày 15 tháng 10 năm Bính Ngọ" in text
    assert "việc đã quá hạn" in text
    assert window.agenda_banner.isVisible()


def test_exports_write_the_three_files(window: MainWindow, tmp_path: Path, qtbot: QtBot) -> None:
    tab = window.calendar_tab
    _december(window)
    tab.select_day(D(2026, 12, 5))
    with qtbot.waitSignal(tab.exported):
        ics = tab.export_ics(path=tmp_path / "lich.ics")
    assert ics is not None
    calendar = Calendar.from_ical(ics.read_bytes())
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert any(s.startswith("Đợt 13") for s in summaries)

    sheet = tab.export_month_sheet(path=tmp_path / "thang.xlsx")
    assert sheet is not None
    book = load_workbook(sheet)
    assert "LỊCH THÁNG 12/2026" in str(book.worksheets[0]["A1"].value)

    week = tab.export_weekly_schedule(path=tmp_path / "tuan.docx")
    assert week is not None
    text = "\n".join(p.text for p in Document(str(week)).paragraphs)
    assert "LỊCH CÔNG TÁC TUẦN 49" in text
    cells = {c.text for t in Document(str(week)).tables for r in t.rows for c in r.cells}
    assert any("Đợt 13" in c for c in cells)
    # Signed as the office's latest state plan is: Phú Lạc's chairman.
    assert any("Nguyễn Văn Thắng" in c for c in cells)


def test_an_export_to_a_missing_folder_says_so(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(calendar_tab, "show_error", lambda _p, text: errors.append(text))
    assert window.calendar_tab.export_ics(path=tmp_path / "khong-co" / "lich.ics") is None
    assert len(errors) == 1
    assert "Không có thư mục" in errors[0]


def test_days_off_dialog_adds_and_removes_an_office_day(
    window: MainWindow, samples: Workspace, qtbot: QtBot
) -> None:
    dialog = DaysOffDialog(samples, 2026, window)
    qtbot.addWidget(dialog)
    public = dialog.model.rowCount()
    dialog.new_date.setDate(to_qdate(D(2026, 2, 21)))
    dialog.new_name.setText("Nghỉ bù Tết")
    dialog.add_day()
    assert dialog.model.rowCount() == public + 1
    assert samples.calendar.days_off(D(2026, 2, 21), D(2026, 2, 21)) == {
        D(2026, 2, 21): "Nghỉ bù Tết"
    }
    names = [dialog.model.index(r, 3).data() for r in range(dialog.model.rowCount())]
    row = next(r for r, name in enumerate(names) if name == "Nghỉ bù Tết")
    dialog.table.selectRow(row)
    dialog.delete_selected(confirmed=True)
    assert dialog.model.rowCount() == public
    assert dialog.changed


def test_items_on_a_day_are_events_or_deadlines(window: MainWindow) -> None:
    _december(window)
    kinds = {i.kind for i in window.calendar_tab.month_model.items_on(D(2026, 12, 5))}
    assert kinds == {ItemKind.EVENT, ItemKind.DEADLINE}
