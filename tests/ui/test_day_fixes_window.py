"""The day's fixes in the window: the title, the three starts, the month picker, printing,
the overview tab against the data, the guide and the about box."""

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop_app import APP_NAME, __version__
from desktop_app.domain.progress import TaskState
from desktop_app.ui.common import printing
from desktop_app.ui.exchange.merge_preview import MergePreviewDialog
from desktop_app.ui.help.help_window import HelpWindow
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.plan_import.plan_import_dialog import PlanImportDialog
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.ui.conftest import TODAY, activate, close_message, open_window
from tests.ui.plan_import.test_plan_import_dialog import SMALL_PLAN

pytestmark = pytest.mark.gui


# ---- the title ------------------------------------------------------------------------------


def test_the_title_names_the_plan_the_file_and_the_program_once(
    window: MainWindow, samples: Workspace
) -> None:
    kon_tum = sample_plan_id(samples, "kon_tum")
    window.plans_tab.select_plan(kon_tum)
    title = window.windowTitle()
    assert title == f"95-KH/TU — {samples.path.stem} — {APP_NAME}"
    phu_lac = sample_plan_id(samples, "phu_lac")
    window.plans_tab.select_plan(phu_lac)
    title = window.windowTitle()
    assert title.startswith("\u201cTổ chức thực hiện ra quân")
    assert "/KH-UBND" not in title
    assert "KẾ HOẠCH" not in title
    assert title.count("Kế hoạch") == 1  # the program's name, once, at the end
    assert title.endswith(f" — {APP_NAME}")


# ---- the three starts -----------------------------------------------------------------------


def test_the_empty_workspace_offers_three_starts_and_the_package_one_works(
    qtbot: QtBot,
    samples: Workspace,
    workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package = tmp_path / "goi.skh"
    samples.exchange.pack(package)
    win = open_window(qtbot, workspace)
    assert win.welcome.isVisible()
    buttons = (win.load_samples_button, win.start_package_button, win.start_document_button)
    assert [b.text() for b in buttons] == [
        "Nạp 5 kế hoạch mẫu",
        "Nhập gói dữ liệu…",
        "Nhập kế hoạch từ tệp…",
    ]
    assert all(b.isVisible() for b in buttons)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(package), ""))
    )
    qtbot.mouseClick(win.start_package_button, Qt.MouseButton.LeftButton)
    preview = next(w for w in win.findChildren(MergePreviewDialog) if w.isVisible())
    texts: list[str] = []
    close_message(texts)
    assert preview.apply() is not None
    assert texts
    assert "thêm mới" in texts[0]
    assert workspace.plans.count() == 5
    assert not win.welcome.isVisible()


def test_the_empty_workspace_imports_a_plan_from_a_file(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = tmp_path / "tet-trong-cay.txt"
    document.write_text(SMALL_PLAN, encoding="utf-8")
    win = open_window(qtbot, workspace)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(document), ""))
    )
    qtbot.mouseClick(win.start_document_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in win.findChildren(PlanImportDialog) if w.isVisible())
    texts: list[str] = []
    close_message(texts)
    plan = dialog.save()
    assert plan is not None
    assert workspace.plans.count() == 1
    assert not win.welcome.isVisible()
    assert workspace.plans.get(plan.id).title.startswith("Tổ chức Tết trồng cây")


# ---- the month picker -----------------------------------------------------------------------


def test_the_month_title_opens_a_month_picker_with_today(qtbot: QtBot, window: MainWindow) -> None:
    window.show_tab("calendar")
    tab = window.calendar_tab
    assert tab.month_label.text() == "Tháng 11 năm 2026"
    qtbot.mouseClick(tab.month_label, Qt.MouseButton.LeftButton)
    picker = tab.month_picker
    assert picker is not None
    assert picker.isVisible()
    assert picker.month_buttons[10].isChecked()  # November, the month shown
    picker.year.setValue(2025)
    assert not any(b.isChecked() for b in picker.month_buttons)
    qtbot.mouseClick(picker.month_buttons[2], Qt.MouseButton.LeftButton)
    assert not picker.isVisible()
    assert tab.month_label.text() == "Tháng 3 năm 2025"
    assert (tab.year, tab.month) == (2025, 3)

    picker = tab.pick_month()
    qtbot.mouseClick(picker.today_button, Qt.MouseButton.LeftButton)
    assert tab.month_label.text() == "Tháng 11 năm 2026"
    assert tab.selected_day == TODAY

    picker = tab.pick_month()  # Hủy changes nothing
    picker.reject()
    assert tab.month_label.text() == "Tháng 11 năm 2026"


# ---- printing -------------------------------------------------------------------------------


@pytest.fixture
def handed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files given to the system instead of a printer."""
    files: list[Path] = []
    monkeypatch.setattr(printing, "hand_over", files.append)
    return files


def _print_folder(tmp_path: Path) -> Path:
    return tmp_path / "data" / "ban-in"  # SO_KE_HOACH_DATA_DIR of tests/conftest.py


def test_print_on_the_plans_tab_writes_the_plan_and_hands_it_over(
    window: MainWindow, samples: Workspace, handed: list[Path], tmp_path: Path
) -> None:
    window.plans_tab.select_plan(sample_plan_id(samples, "kon_tum"))
    window.print_action.trigger()
    assert len(handed) == 1
    path = handed[0]
    assert path.parent == _print_folder(tmp_path)
    assert path.name.startswith("ke-hoach-95-kh-tu-")
    assert path.suffix == ".docx"
    assert path.read_bytes()[:2] == b"PK"
    message = window.statusBar().currentMessage()
    assert path.name in message
    assert message.startswith("Đã gửi" if printing.PRINTS_DIRECTLY else "Đã mở")


def test_print_on_the_calendar_writes_the_weeks_schedule(
    window: MainWindow, handed: list[Path]
) -> None:
    window.show_tab("calendar")
    window.calendar_tab.select_day(dt.date(2026, 12, 2))
    assert window.print_current() is not None
    assert [p.name.split("-2026")[0] for p in handed] == ["lich-cong-tac-tuan-49"]
    assert handed[0].suffix == ".docx"


def test_print_on_the_overview_writes_the_one_page_overview(
    window: MainWindow, handed: list[Path]
) -> None:
    window.show_tab("overview")
    window.print_current()
    assert len(handed) == 1
    assert handed[0].name.startswith("tong-quan-2026-11-23")


def test_a_report_and_a_progress_sheet_print_from_their_windows(
    qtbot: QtBot, window: MainWindow, samples: Workspace, handed: list[Path]
) -> None:
    window.plans_tab.select_plan(sample_plan_id(samples, "phu_lac"))
    report = window.plans_tab.open_report()
    assert report is not None
    assert report.print_report() is not None
    assert handed[-1].name.startswith("bao-cao-chua-so-")
    assert samples.documents.reports(sample_plan_id(samples, "phu_lac"))  # saved first
    report.close()
    progress = window.plans_tab.open_progress()
    assert progress is not None
    activate(qtbot, progress)
    qtbot.keyClick(progress, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert handed[-1].suffix == ".xlsx"
    assert handed[-1].name.startswith("tien-do-chua-so-")
    assert len(handed) == 2
    progress.close()


def test_a_tab_with_nothing_to_print_says_so_and_a_missing_program_is_explained(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.show_tab("units")
    assert window.print_current() is None
    assert "không có gì để in" in window.statusBar().currentMessage()

    def no_program(path: Path) -> None:
        raise OSError(f"no program for {path.suffix}")

    monkeypatch.setattr(printing, "hand_over", no_program)
    window.show_tab("plans")
    texts: list[str] = []
    close_message(texts)
    written = window.print_current()
    assert written is not None
    assert written.is_file()  # the file stays, for the clerk to open
    assert texts[0].startswith(f"Đã ghi tệp {written} nhưng không gửi đi in được")


# ---- the overview tab -----------------------------------------------------------------------


def test_the_overview_tab_shows_the_counts_of_the_data(
    window: MainWindow, samples: Workspace
) -> None:
    window.show_tab("overview")
    tab = window.overview_tab
    in_force = [s for s in samples.plans.summaries() if s.status.value in ("issued", "in_progress")]
    boards = [samples.progress.board(samples.plans.get(s.id), TODAY) for s in in_force]
    overdue = sum(b.count(TaskState.OVERDUE) for b in boards)
    done = sum(b.count(TaskState.DONE) for b in boards)
    assert overdue > 0
    assert tab.overdue_model.rowCount() == overdue
    assert tab.overdue_box.title() == f"Việc quá hạn ({overdue})"
    text = tab.summary.text()
    assert f"<b>{len(in_force)}</b> kế hoạch đang thực hiện" in text
    assert f"quá hạn <b>{overdue}</b>" in text
    assert f"hoàn thành <b>{done}</b>" in text
    # Each unit's bar adds up to the tasks it leads in those plans.
    leads: dict[str, int] = {}
    for board in boards:
        for row in board.tasks:
            for unit in row.task.lead:
                leads[unit.name] = leads.get(unit.name, 0) + 1
    assert {t.name: t.total for t in tab.unit_bars.tallies} == leads
    bar = tab.unit_bars.tallies[0]
    assert tab.unit_bars.describe(0).startswith(f"{bar.name}: quá hạn {bar.overdue}")
    pixels = tab.unit_bars.grab()
    assert not pixels.isNull()


# ---- help -----------------------------------------------------------------------------------


def test_f1_opens_the_guide_and_the_about_box_names_the_folders(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_window
    assert isinstance(guide, HelpWindow)
    assert guide.isVisible()
    text = guide.browser.toPlainText()
    for heading in (
        "Nhận một kế hoạch",
        "Giao việc",
        "Theo dõi",
        "In",
        "Trao đổi dữ liệu bằng USB",
        "Khôi phục",
    ):
        assert heading in text
    guide.close()

    texts: list[str] = []
    close_message(texts)
    window._about()
    assert __version__ in texts[0]
    assert str(samples.path.parent) in texts[0]
    assert str(samples.exchange.backup_dir) in texts[0]


def test_the_guide_shows_its_screenshots(qtbot: QtBot) -> None:
    guide = HelpWindow()
    qtbot.addWidget(guide)
    document = guide.browser.document()
    images = [f.strip('"') for f in guide.browser.toHtml().split("src=")[1:]]
    assert images, "the guide has no screenshots"
    for image in images:
        name = image.split('"')[0].split(" ")[0]
        assert (Path(guide.browser.searchPaths()[0]) / name).is_file(), name
    assert document is not None
