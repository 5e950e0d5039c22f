"""Choosing a plan document, reading it with a busy indicator, and opening "Nhập từ văn bản"."""

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.domain.errors import UserError
from desktop_app.paths import documents_dir
from desktop_app.ui.common.dialogs import busy, show_error
from desktop_app.ui.plan_import.plan_import_dialog import TITLE, OpenEditor, PlanImportDialog
from desktop_app.workspace import Workspace
from desktop_app.workspace.plan_import import PlanImport

DOCUMENT_FILTER = "Văn bản kế hoạch (*.docx *.pdf *.txt);;Tất cả (*)"

# The folder the last document was chosen in, while the program runs.
_last_folder: dict[str, Path] = {}


def ask_document_path(parent: QWidget) -> Path | None:
    """The system's open dialog, in the folder of the last document (else Documents)."""
    folder = _last_folder.get("folder") or documents_dir()
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Chọn văn bản kế hoạch", str(folder), DOCUMENT_FILTER
    )
    return Path(chosen) if chosen else None


def read_plan_document(parent: QWidget, workspace: Workspace, path: Path) -> PlanImport | None:
    """Read and understand the file, with a busy indicator; None (and why) when it cannot be."""
    try:
        with busy(parent, TITLE, f"Đang đọc {path.name}…"):
            return workspace.plan_import.read_file(path)
    except UserError as exc:
        show_error(parent, exc.message, "Không đọc được văn bản")
        return None


def open_plan_document(
    parent: QWidget,
    workspace: Workspace,
    path: Path | None = None,
    *,
    open_editor: OpenEditor | None = None,
) -> PlanImportDialog | None:
    """Ask for a document (unless ``path``), read it and open the window over it."""
    if path is None:
        path = ask_document_path(parent)
        if path is None:
            return None
    _last_folder["folder"] = path.parent
    imported = read_plan_document(parent, workspace, path)
    if imported is None:
        return None
    dialog = PlanImportDialog(workspace, imported, parent, open_editor=open_editor)
    dialog.open()
    return dialog
