"""The window on the sample data: each tab, search, the first-start offer, screenshots."""

import datetime as dt
import gc
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.__main__ import main
from desktop_app.ui.app import open_window
from desktop_app.ui.exchange.merge_preview import MergePreviewDialog
from desktop_app.ui.main_window import TAB_NAMES, MainWindow
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.ui.conftest import TODAY, type_text

pytestmark = pytest.mark.gui


def test_fonts_cover_vietnamese(qtbot: QtBot) -> None:
    metrics = QFontMetrics(QApplication.font())
    letters = "ĂÂĐÊÔƠƯăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
    assert all(metrics.inFontUcs4(ord(c)) for c in letters)


@pytest.mark.parametrize("tab", TAB_NAMES)
def test_each_tab_paints(window: MainWindow, tab: str) -> None:
    window.show_tab(tab)
    assert not window.grab().isNull()
    assert window.tabs.currentIndex() == TAB_NAMES.index(tab)


def test_plans_tab_shows_the_selected_plan(window: MainWindow, samples: Workspace) -> None:
    tab = window.plans_tab
    assert tab.plans_model.rowCount() == 5
    assert tab.select_plan(sample_plan_id(samples, "kon_tum"))
    text = tab.preview.toPlainText()
    assert "TỈNH ỦY KON TUM" in text
    assert "Số 95-KH/TU" in text
    assert "PHÓ BÍ THƯ" in text
    assert "A Pớt" in text
    assert "Lưu Văn phòng Tỉnh ủy" in text
    assert tab.tasks_model.rowCount() == 10


def test_search_as_you_type_in_vietnamese_and_without_diacritics(
    window: MainWindow, qtbot: QtBot
) -> None:
    tab = window.plans_tab
    qtbot.keyClicks(tab.search, "dong vong")
    assert [p.title[:9] for p in tab.plans_model.rows()] == ["Tổ chức t"]
    tab.search.clear()
    type_text(tab.search, "Đồng Vòng")
    assert [p.title[:9] for p in tab.plans_model.rows()] == ["Tổ chức t"]
    assert "Phú Lạc" in tab.preview.toPlainText()


def test_hamlets_tab_search_and_coverage(
    window: MainWindow, qtbot: QtBot, samples: Workspace
) -> None:
    tab = window.hamlets_tab
    qtbot.keyClicks(tab.search, "dong vong")
    assert [h.name for h in tab.hamlets_model.rows()] == ["Xóm Đồng Vòng"]
    tab.show_plan(sample_plan_id(samples, "phu_lac"))
    assert "Phú Lạc" in tab.plan_combo.currentText()
    assert tab.assignments_model.rowCount() == 23
    assert "Mọi xóm đều có đơn vị phụ trách" in tab.coverage_label.text()


def test_calendar_navigation_and_agenda(window: MainWindow) -> None:
    tab = window.calendar_tab
    assert tab.month_label.text() == "Tháng 11 năm 2026"
    tab.next_month()
    assert tab.month_label.text() == "Tháng 12 năm 2026"
    tab.select_day(dt.date(2026, 12, 5))
    assert "Đợt 13" in [i.label for i in tab.day_model.rows()]
    tab.previous_month()
    tab.previous_month()
    assert tab.month_label.text() == "Tháng 10 năm 2026"
    tab.go_today()
    assert tab.selected_day == TODAY
    assert tab.agenda.tabText(0).startswith("Quá hạn (")


def test_first_start_offers_the_samples(qtbot: QtBot, workspace: Workspace) -> None:
    win = MainWindow(workspace, today=TODAY)
    qtbot.addWidget(win)
    win.show()
    assert win.welcome.isVisible()
    win.load_samples_button.click()
    assert workspace.plans.count() == 5
    assert not win.welcome.isVisible()
    assert win.plans_tab.plans_model.rowCount() == 5


@pytest.mark.parametrize("tab", TAB_NAMES)
def test_screenshot_command_writes_a_png(
    qtbot: QtBot, samples_path: Path, tmp_path: Path, tab: str
) -> None:
    out = tmp_path / f"{tab}.png"
    assert main(["--db", str(samples_path), "screenshot", "--tab", tab, "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 10_000


def test_showing_plans_does_not_pile_up_timers(window: MainWindow, samples: Workspace) -> None:
    tab = window.plans_tab
    before = len(tab.findChildren(QTimer))
    for summary in samples.plans.summaries() * 3:
        tab.select_plan(summary.id)
    assert len(tab.findChildren(QTimer)) == before


def test_the_document_follows_the_search_after_typing_rests(
    window: MainWindow, qtbot: QtBot
) -> None:
    tab = window.plans_tab
    qtbot.keyClicks(tab.search, "95-KH")
    qtbot.waitUntil(lambda: "TỈNH ỦY KON TUM" in tab.preview.toPlainText(), timeout=2000)


def test_the_program_opens_its_window_with_start_up_objects_frozen(
    qtbot: QtBot, samples: Workspace
) -> None:
    try:
        window = open_window(samples, (1366, 768))
        qtbot.addWidget(window)
        assert window.isVisible()
        assert gc.get_freeze_count() > 0
        # resources/icons/SoTheoDoiKeHoach.ico, every size drawn (Qt's ico plugin reads it).
        sizes = {size.width() for size in window.windowIcon().availableSizes()}
        assert {16, 32, 48, 256} <= sizes
    finally:
        gc.unfreeze()


class _NoEventLoop:
    """Stands in for the QApplication in run_gui: looks at the windows instead of running."""

    def __init__(self) -> None:
        self.previews: list[MergePreviewDialog] = []

    def exec(self) -> int:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MergePreviewDialog) and widget.isVisible():
                self.previews.append(widget)
                widget.reject()  # nothing merged: the clerk closed the preview
        return 0


def test_a_package_opened_in_explorer_shows_its_merge_preview_and_merges_nothing(
    qtbot: QtBot, samples_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What Windows runs for a .skh file (scripts/installer.nsi): the window and the preview.
    other_pc = tmp_path / "may-b.sqlite"
    shutil.copy2(samples_path, other_pc)
    package = tmp_path / "gói từ máy A.skh"
    a = Workspace.open(samples_path, device="pc-a")
    try:
        unit = a.directory.units()[0]
        a.directory.save_unit(replace(unit, note="Sửa trên máy A"))
        a.exchange.pack(package)
    finally:
        a.close()
    loop = _NoEventLoop()
    monkeypatch.setattr("desktop_app.ui.app.application", lambda: loop)

    assert main(["--db", str(other_pc), "open-package", str(package)]) == 0

    assert len(loop.previews) == 1
    assert loop.previews[0].summary.text() == "Sẽ có: 1 sửa."
    b = Workspace.open(other_pc, device="pc-b")
    try:
        assert next(u for u in b.directory.units() if u.id == unit.id).note == unit.note
    finally:
        b.close()
