"""Windows that fit the screen they open on: a 1366×768 laptop, 1280×720, 1920×1080 at 150 %.

A dialog asks for the size it would like; it gets no more than the screen's free area (the
taskbar left out) minus room for its title bar and frame. The main window keeps its size and
place between runs (``giao-dien.ini`` in the data folder) and comes back onto a screen when
the one it was on is gone (a projector unplugged, a smaller laptop).
"""

from PySide6.QtCore import QByteArray, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# What a window's frame adds around its client area: borders, and the title bar on top.
FRAME = QSize(16, 40)
# The main window's first size on a screen larger than that.
MAIN_WINDOW_SIZE = QSize(1440, 900)


def screen_of(widget: QWidget) -> QScreen:
    """The screen ``widget`` is on (its parent's, before it is shown), else the primary one."""
    parent = widget.parentWidget()
    for candidate in (widget, parent.window() if parent is not None else None):
        if candidate is not None and (screen := candidate.screen()) is not None:
            return screen
    return QGuiApplication.primaryScreen()


def free_area(widget: QWidget) -> QRect:
    """The part of the widget's screen a window may use: no taskbar, no dock."""
    return screen_of(widget).availableGeometry()


def largest_client_size(widget: QWidget) -> QSize:
    """The largest client area a window can have on its screen, its frame included."""
    area = free_area(widget).size()
    return QSize(area.width() - FRAME.width(), area.height() - FRAME.height())


def fit_to_screen(widget: QWidget, width: int, height: int) -> QSize:
    """Resize to ``width`` × ``height``, shrunk to the free area of the screen it opens on."""
    room = largest_client_size(widget)
    widget.resize(QSize(width, height).boundedTo(room))
    return widget.size()


def default_main_geometry(widget: QWidget) -> QRect:
    """The main window's first place: as large as suits the screen, centred on it."""
    area = free_area(widget)
    size = MAIN_WINDOW_SIZE.boundedTo(largest_client_size(widget))
    top_left = area.center() - QPoint(size.width() // 2, size.height() // 2)
    return QRect(top_left, size)


def is_reachable(frame: QRect) -> bool:
    """Whether a window with this frame can be grabbed: its title bar is on some screen."""
    title_bar = QRect(frame.left() + 40, frame.top(), max(frame.width() - 80, 1), FRAME.height())
    for screen in QGuiApplication.screens():
        visible = screen.availableGeometry().intersected(title_bar)
        if visible.width() >= min(120, title_bar.width()) and visible.height() >= 10:
            return True
    return False


def restore_main_geometry(window: QWidget, saved: QByteArray | None) -> None:
    """Put the window where it was (``saved``: its ``saveGeometry()``), or where it suits.

    A saved place no screen shows any more (the second monitor is unplugged, the resolution
    went down) is dropped: the window comes back centred on its screen, at a size that fits.
    """
    if saved is None or saved.isEmpty() or not window.restoreGeometry(saved):
        window.setGeometry(default_main_geometry(window))
        return
    if window.isMaximized() or window.isFullScreen():
        return
    room = largest_client_size(window)
    if not is_reachable(window.frameGeometry()):
        window.setGeometry(default_main_geometry(window))
    elif window.width() > room.width() or window.height() > room.height():
        window.resize(window.size().boundedTo(room))
        if not is_reachable(window.frameGeometry()):
            window.setGeometry(default_main_geometry(window))
