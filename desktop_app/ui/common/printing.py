"""Printing: a file written to the data folder's print folder, handed to the system.

On Windows the file goes to the default printer through the program that opens its kind
(``os.startfile(path, "print")``: Word or LibreOffice for .docx, Excel for .xlsx). Elsewhere
there is no such verb: the file is opened, and the clerk prints from that program. Either
way the window says what it did. The handoff is the one function :func:`hand_over`, which
tests replace.
"""

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMainWindow, QWidget

from desktop_app.domain.errors import UserError
from desktop_app.ui.common.dialogs import show_error, wait_cursor, warn_flagged

PRINTS_DIRECTLY = sys.platform == "win32"


def hand_over(path: Path) -> None:
    """Give the file to the system: print it on Windows, open it elsewhere.

    Raises:
        OSError: no program on this computer takes files of its kind.
    """
    if PRINTS_DIRECTLY:
        os.startfile(path, "print")  # type: ignore[attr-defined]
        return
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        raise OSError(f"no program opens {path.suffix} files")


def handed_over_message(path: Path) -> str:
    """What the window says once the file has been handed over."""
    if PRINTS_DIRECTLY:
        return (
            f"Đã gửi {path.name} tới máy in mặc định (qua chương trình mở tệp "
            f"{path.suffix}). Tệp ở {path.parent}."
        )
    return (
        f"Đã mở {path.name} để in: hãy chọn In (Ctrl+P) trong chương trình vừa mở. "
        f"Tệp ở {path.parent}."
    )


def print_file(
    parent: QWidget,
    write: Callable[[Path], Path],
    path: Path,
    flags: Callable[[], Sequence[str]] = tuple,
) -> Path | None:
    """Write the file with ``write`` at ``path`` (in the print folder), then hand it over.

    A mistake (a full disk, no program for the file) is said in a message box; the message
    of what was done goes to the status bar of the window ``parent`` is in. ``flags`` says
    what the file written shows flagged (bad stored values): the clerk is told before the
    file goes to the printer.
    """
    try:
        with wait_cursor():
            written = write(path)
    except UserError as exc:
        show_error(parent, exc.message)
        return None
    warn_flagged(parent, flags())
    try:
        hand_over(written)
    except OSError as exc:
        show_error(
            parent,
            f"Đã ghi tệp {written} nhưng không gửi đi in được: máy chưa có chương trình mở "
            f"tệp {written.suffix} (Word, Excel hoặc LibreOffice). Hãy mở tệp đó và in từ "
            f"chương trình của nó. ({exc.strerror or exc})",
            "Không in được",
        )
        return written
    say(parent, handed_over_message(written))
    return written


def say(widget: QWidget, text: str, timeout_ms: int = 15000) -> None:
    """A line in the status bar of the main window ``widget`` belongs to (or its own)."""
    current: QWidget | None = widget
    while current is not None:
        if isinstance(current, QMainWindow):
            current.statusBar().showMessage(text, timeout_ms)
            return
        current = current.parentWidget()
    status = getattr(widget.window(), "print_status", None)
    if status is not None:  # a window of its own (the progress window) has its own line
        status.setText(text)
