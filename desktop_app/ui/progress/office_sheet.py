"""Tệp > "Bảng tiến độ toàn cơ quan (Excel)…": every plan's tasks in one workbook."""

import contextlib
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop_app.domain.errors import CancelledError, UserError
from desktop_app.ui.common.dialogs import (
    ask_xlsx_path,
    show_cancelled,
    show_error,
    show_info,
    warn_flagged,
    work_progress,
)
from desktop_app.workspace import Workspace

FILE_NAME = "tien-do-toan-co-quan.xlsx"


def export_office_sheet(
    parent: QWidget, workspace: Workspace, path: Path | None = None
) -> Path | None:
    """Ask where (unless ``path``), then write the office's progress workbook with a bar.

    Returns the file written; None when the clerk changed their mind, stopped it, or it
    could not be written (a message says why).
    """
    if path is None:
        folder = workspace.documents.export_folder()
        with contextlib.suppress(OSError):  # a read-only Documents: the dialog still opens
            folder.mkdir(parents=True, exist_ok=True)
        path = ask_xlsx_path(parent, "Xuất bảng tiến độ toàn cơ quan", folder / FILE_NAME)
        if path is None:
            return None
    try:
        with work_progress(
            parent, "Xuất bảng tiến độ toàn cơ quan", "Đang lập bảng tiến độ…", "Đang lập bảng"
        ) as step:
            written = workspace.progress.export_office_xlsx(path, progress=step)
    except CancelledError:
        show_cancelled(
            parent, "Đã hủy xuất bảng tiến độ toàn cơ quan: không có tệp nào được ghi hay thay thế."
        )
        return None
    except UserError as exc:
        show_error(parent, exc.message, "Không xuất được bảng tiến độ")
        return None
    workspace.documents.remember_export_folder(written.parent)
    warn_flagged(parent, workspace.progress.last_flags)
    show_info(
        parent,
        f"Đã xuất tiến độ các nhiệm vụ của mọi kế hoạch ra tệp:\n{written}",
        "Đã xuất Excel",
    )
    return written
