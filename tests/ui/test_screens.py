"""Every window fits a 1280×720 screen (the smallest the clerks have, and 1920×1080 at 150 %),
the main window keeps its place between runs, and the lists give their text the room."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.ui import app
from desktop_app.ui.common.screen import (
    FRAME,
    default_main_geometry,
    is_reachable,
    largest_client_size,
    restore_main_geometry,
)
from desktop_app.ui.common.settings import main_window_geometry
from desktop_app.ui.main_window import MainWindow
from desktop_app.workspace import Workspace
from tests.ui.all_windows import window_makers

pytestmark = pytest.mark.gui

SMALLEST = QSize(1280, 720)
TASKBAR = 48  # Windows 11's at 100 %; Windows 10's is 40
# The largest client area a window can have on the smallest screen, frame and taskbar left out.
ROOM = QSize(SMALLEST.width() - FRAME.width(), SMALLEST.height() - TASKBAR - FRAME.height())
NAMES = sorted(
    [
        "main window", "plan editor", "new plan editor", "task", "event", "issue", "findings",
        "trash", "report", "export done", "progress", "report entry", "measures", "unit sheets",
        "sheet import preview", "export package", "merge preview", "backups", "check data",
        "history", "shortcuts", "unit", "hamlet", "merge hamlets", "merge units",
        "assignment row", "move event", "days off", "plan import", "work progress",
    ]
)  # fmt: skip


@pytest.fixture
def real_screen(qapp: QApplication) -> None:
    """tests/conftest.py gives offscreen a 1366×768 screen; without it (800×800) skip."""
    if QGuiApplication.primaryScreen().size().width() < SMALLEST.width():
        pytest.skip("the test platform's screen is smaller than any the program is made for")


def test_the_catalogue_holds_every_window(window: MainWindow, samples: Workspace) -> None:
    assert sorted(window_makers(window, samples, Path())) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_each_window_can_be_as_small_as_the_smallest_screen(
    qtbot: QtBot, window: MainWindow, samples: Workspace, tmp_path: Path, name: str
) -> None:
    widget = window_makers(window, samples, tmp_path)[name]()
    if widget is not window:
        qtbot.addWidget(widget)
    smallest = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    assert smallest.width() <= ROOM.width(), (name, smallest)
    assert smallest.height() <= ROOM.height(), (name, smallest)
    if widget is not window:
        # It opens no larger than the screen it is on (this one is the test platform's).
        room = largest_client_size(widget)
        assert widget.width() <= room.width(), (name, widget.size(), room)
        assert widget.height() <= room.height(), (name, widget.size(), room)


def test_the_main_window_lays_out_at_the_smallest_size(window: MainWindow) -> None:
    window.resize(ROOM)
    for name in ("plans", "units", "hamlets", "calendar"):
        window.show_tab(name)
        assert window.size() == ROOM, name  # no tab forces it wider or taller


def test_the_due_lists_give_the_task_text_the_room(window: MainWindow) -> None:
    window.resize(ROOM)
    window.show_tab("calendar")
    view = window.calendar_tab.agenda_views[0]
    model = window.calendar_tab.overdue_model
    assert model.rowCount() > 0
    metrics = view.fontMetrics()
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(4)]
    assert headers == [
        "Ngày",
        "Nội dung",
        "Kế hoạch",
        "Tình trạng",
    ]
    # The date and the status take what they need; the task text has the rest.
    assert view.columnWidth(0) >= metrics.horizontalAdvance("25/12/2025")
    assert view.columnWidth(3) >= metrics.horizontalAdvance("Quá hạn")
    assert view.columnWidth(1) >= 200
    assert view.columnWidth(1) > view.columnWidth(0) + view.columnWidth(2)


def test_the_plans_list_fits_its_dates_and_stretches_the_title(window: MainWindow) -> None:
    view = window.plans_tab.plans_view
    metrics = view.fontMetrics()
    assert view.columnWidth(1) >= metrics.horizontalAdvance("22/05/2023")
    title = 2  # PlansTableModel.COL_TITLE
    assert view.columnWidth(title) == max(view.columnWidth(i) for i in range(7))


# ---- the main window's place between runs --------------------------------------------------


@pytest.mark.usefixtures("real_screen")
def test_first_start_centres_the_window_at_a_size_that_fits(
    qtbot: QtBot, samples: Workspace
) -> None:
    assert main_window_geometry() is None  # tests/conftest.py: a data folder of its own
    window = app.open_window(samples)
    qtbot.addWidget(window)
    area = window.screen().availableGeometry()
    assert area.contains(window.frameGeometry().topLeft())
    assert window.width() <= area.width()
    assert window.height() <= area.height() - FRAME.height() + 1
    assert is_reachable(window.frameGeometry())


@pytest.mark.usefixtures("real_screen")
def test_the_window_comes_back_where_it_was_closed(qtbot: QtBot, samples: Workspace) -> None:
    window = app.open_window(samples)
    window.setGeometry(QRect(QPoint(60, 50), QSize(1200, 640)))
    qtbot.waitUntil(lambda: window.size() == QSize(1200, 640))
    placed = window.geometry()
    window.close()
    assert main_window_geometry() is not None

    again = app.open_window(Workspace.open(samples.path, device="again"))
    qtbot.addWidget(again)
    assert again.geometry() == placed


@pytest.mark.usefixtures("real_screen")
def test_a_place_no_screen_shows_any_more_comes_back_on_screen(
    qtbot: QtBot, samples: Workspace
) -> None:
    # Last closed on a second monitor to the right, since unplugged.
    window = MainWindow(samples)
    qtbot.addWidget(window)
    window.setGeometry(QRect(QPoint(5000, 3000), QSize(1200, 640)))
    saved = window.saveGeometry()
    window.close()

    again = MainWindow(Workspace.open(samples.path, device="again"))
    qtbot.addWidget(again)
    restore_main_geometry(again, saved)
    assert is_reachable(again.frameGeometry())
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert screen.contains(again.geometry().topLeft())


@pytest.mark.usefixtures("real_screen")
def test_a_place_too_large_for_the_screen_now_shrinks_to_it(
    qtbot: QtBot, samples: Workspace
) -> None:
    window = MainWindow(samples)
    qtbot.addWidget(window)
    area = QGuiApplication.primaryScreen().availableGeometry()
    window.setGeometry(QRect(area.topLeft() + QPoint(10, 30), area.size() + QSize(600, 400)))
    saved = window.saveGeometry()
    window.close()
    again = MainWindow(Workspace.open(samples.path, device="again"))
    qtbot.addWidget(again)
    restore_main_geometry(again, saved)
    room = largest_client_size(again)
    assert again.width() <= room.width()
    assert again.height() <= room.height()
    assert is_reachable(again.frameGeometry())


def test_title_bars_off_every_screen_are_not_reachable() -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert is_reachable(QRect(area.topLeft() + QPoint(20, 20), QSize(400, 300)))
    assert not is_reachable(QRect(QPoint(area.right() + 500, 0), QSize(400, 300)))
    assert not is_reachable(QRect(QPoint(0, area.bottom() + 5), QSize(400, 300)))
    # Only the frame's lower half on screen: the title bar is above it, out of reach.
    assert not is_reachable(QRect(QPoint(100, area.top() - 200), QSize(400, 300)))


@pytest.mark.usefixtures("real_screen")
def test_default_geometry_is_centred_and_fits(window: MainWindow) -> None:
    geometry = default_main_geometry(window)
    area = window.screen().availableGeometry()
    assert geometry.size().width() <= area.width() - FRAME.width()
    assert abs(geometry.center().x() - area.center().x()) <= 1
