"""What the exchange tests share: answering message boxes, opening a window, the file's bytes."""

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.domain.units import Unit
from desktop_app.ui.exchange.merge_preview import MergePreviewDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.workspace import Workspace
from tests.ui.conftest import ModalAnswers, open_window

NOTE_A = "Ghi chú sửa trên máy A"
NOTE_B = "Ghi chú sửa trên máy B"


class Boxes:
    """Answers the next message boxes in turn (progress dialogs are let be) and notes their text."""

    POLLS = 500  # 10 s: a box that never comes must not be answered in a later test

    def __init__(self, *acts: Callable[[QMessageBox], None]) -> None:
        self.texts: list[str] = []
        self._acts = list(acts)
        self._seen: list[QMessageBox] = []
        self._polls = 0
        self._generation = ModalAnswers.generation
        ModalAnswers.expect(len(acts))
        QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        if ModalAnswers.generation != self._generation:
            return  # its test has ended
        self._polls += 1
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QMessageBox) and all(widget is not w for w in self._seen):
            self._seen.append(widget)
            self.texts.append(widget.text())
            ModalAnswers.answered()
            self._acts.pop(0)(widget)
        if self._acts and self._polls < self.POLLS:
            QTimer.singleShot(20, self._poll)
        elif self._acts:
            ModalAnswers.answered(len(self._acts))  # given up: the test's own asserts say so

    @property
    def done(self) -> bool:
        return not self._acts


def yes(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.Yes).click()


def no(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.No).click()


def close(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.Ok).click()


def file_state(ws: Workspace) -> dict[str, bytes]:
    """The bytes of the workspace file and its journal: what "nothing saved" must keep."""
    out = {}
    for suffix in ("", "-wal"):
        path = ws.path.with_name(ws.path.name + suffix)
        if path.exists():
            out[suffix] = path.read_bytes()
    return out


def unit_of(ws: Workspace, unit_id: str) -> Unit:
    return next(u for u in ws.directory.units() if u.id == unit_id)


def export_package(qtbot: QtBot, win: MainWindow, out: Path) -> list[str]:
    dialog = win.export_package()
    dialog.set_path(out)
    boxes = Boxes(close)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert boxes.done
    assert not dialog.isVisible()
    return boxes.texts


def preview_of_notes_from_a(
    qtbot: QtBot, pcs: tuple[Workspace, Workspace], usb: Path
) -> MergePreviewDialog:
    """PC A writes a note on five units and packs; PC B's window previews that package.

    B's file is checkpointed, so that what the merge leaves can be compared byte for byte.
    """
    a, b = pcs
    for n, unit in enumerate(a.directory.units()[:5]):
        a.directory.save_unit(replace(unit, note=f"Sửa trên máy A {n}"))
    a.exchange.pack(usb / "goi.skh")
    win = open_window(qtbot, b)
    preview = win.import_package(usb / "goi.skh")
    assert preview is not None
    b.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return preview
