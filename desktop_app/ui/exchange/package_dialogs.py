"""Data packages in the window: "Xuất gói dữ liệu" and the start of "Nhập gói dữ liệu".

A package (``.skh``) carries the whole workspace, or chosen plans, to another PC on a USB
stick. Exporting writes it and reads it back before saying the stick may be removed;
importing checks the file and opens the merge preview (``merge_preview.py``).
"""

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import CancelledError, UserError
from desktop_app.domain.ids import PlanId
from desktop_app.domain.search import TextIndex
from desktop_app.storage.package import SUFFIX
from desktop_app.ui.common.buttons import button_row, field_row, plain_button
from desktop_app.ui.common.dialogs import (
    CanReplace,
    ask_yes_no,
    show_cancelled,
    show_error,
    show_info,
    work_progress,
)
from desktop_app.ui.common.screen import fit_to_screen
from desktop_app.ui.common.settings import package_folder, remember_package_folder
from desktop_app.ui.common.tables import make_table, search_field
from desktop_app.ui.exchange.exchange_models import PlanChoiceTableModel
from desktop_app.ui.exchange.merge_preview import MergePreviewDialog
from desktop_app.workspace import Workspace
from desktop_app.workspace.exchange import PackagePreview, PackResult

PACKAGE_FILTER = "Gói dữ liệu Sổ Kế hoạch (*.skh)"
IMPORT_FILTER = (
    "Gói dữ liệu hoặc tệp dữ liệu (*.skh *.sqlite);;"
    f"{PACKAGE_FILTER};;"
    "Tệp dữ liệu của chương trình (*.sqlite);;"
    "Mọi tệp (*)"
)
EXPORT_EXPLAIN = (
    "Gói dữ liệu (tệp .skh) mang dữ liệu sang máy khác bằng USB. Trên máy kia, mở "
    "<b>Tệp &gt; Nhập gói dữ liệu…</b> và chọn tệp này: chương trình cho xem trước những gì "
    "sẽ thêm, sửa, xóa rồi mới nhập."
)


CHANGES_EXPLAIN = (
    "Gói thay đổi chỉ mang những gì máy kia chưa có, theo gói gần nhất máy đó gửi sang đây: "
    "nhỏ và nhanh. Nếu máy kia chưa có đủ dữ liệu của lần trao đổi trước, nó sẽ không nhập "
    "và xin một gói đầy đủ."
)
NO_PEERS_TEXT = (
    "Chưa làm được gói thay đổi: máy này chưa nhập gói nào từ máy khác nên chưa biết máy kia "
    "đã có gì. Hãy xuất toàn bộ dữ liệu; khi máy kia gửi lại một gói và gói đó được nhập ở "
    "đây, máy đó sẽ có trong danh sách."
)


def default_package_name(today: dt.date | None = None) -> str:
    return f"goi-du-lieu-{(today or dt.date.today()):%Y-%m-%d}{SUFFIX}"


def default_changes_name(today: dt.date | None = None) -> str:
    return f"goi-thay-doi-{(today or dt.date.today()):%Y-%m-%d}{SUFFIX}"


class ExportPackageDialog(QDialog):
    """Whole workspace or chosen plans, the file to write, then "Xuất gói"."""

    exported = Signal(object)  # the PackResult

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, *, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.pack_result: PackResult | None = None
        self.setWindowTitle("Xuất gói dữ liệu")
        fit_to_screen(self, 820, 640)
        self._today = today
        self._peers = workspace.exchange.known_pcs()
        self._plans = workspace.plans.summaries()
        self._index: TextIndex[PlanId] = workspace.plans.search_index()
        # The path the clerk confirmed in the save dialog (it asked about overwriting).
        self._confirmed: Path | None = None

        explain = QLabel(EXPORT_EXPLAIN)
        explain.setWordWrap(True)
        self.whole_radio = QRadioButton("Toàn bộ dữ liệu (nên dùng: máy kia nhận đủ mọi thay đổi)")
        changes_row = self._build_changes_row()
        self.plans_radio = QRadioButton(
            "Chỉ các kế hoạch được đánh dấu dưới đây (kèm đơn vị, xóm mà chúng dùng)"
        )
        scope = QButtonGroup(self)
        scope.addButton(self.whole_radio)
        scope.addButton(self.changes_radio)
        scope.addButton(self.plans_radio)
        self.whole_radio.setChecked(True)
        self.whole_radio.toggled.connect(self._on_scope_toggled)
        self.changes_radio.toggled.connect(self._on_scope_toggled)

        self._build_plans_panel()
        file_row = self._build_file_row(today)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Xuất gói")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.whole_radio)
        layout.addLayout(changes_row)
        layout.addWidget(self.changes_note)
        layout.addWidget(self.plans_radio)
        layout.addWidget(self.plans_panel, 1)
        layout.addLayout(file_row)
        layout.addWidget(self.buttons)
        self._on_scope_toggled(True)
        self._count()
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)

    def _build_changes_row(self) -> QHBoxLayout:
        """The row "Gói thay đổi cho máy …": the PCs whose packages were merged here."""
        self.changes_radio = QRadioButton("Gói thay đổi cho máy:")
        self.peer_combo = QComboBox()
        for peer in self._peers:
            made = peer.package_made_text()
            when = f" (gói gần nhất của máy đó tạo lúc {made})" if made else ""
            self.peer_combo.addItem(f"{peer.device_name}{when}", peer.device_id)
        if not self._peers:
            self.peer_combo.addItem("(chưa biết máy nào)", "")
        self.changes_radio.setEnabled(bool(self._peers))
        self.changes_note = QLabel(CHANGES_EXPLAIN if self._peers else NO_PEERS_TEXT)
        self.changes_note.setWordWrap(True)
        self.changes_note.setContentsMargins(24, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.changes_radio)
        row.addWidget(self.peer_combo, 1)
        return row

    def _build_plans_panel(self) -> None:
        self.plans_panel = QWidget()
        self.search = search_field("Tìm kế hoạch theo số, trích yếu, nội dung… (Ctrl+F)")
        self.search.textChanged.connect(self._on_search_text_changed)
        self.plans_model = PlanChoiceTableModel(self)
        self.plans_model.set_rows(self._plans)
        self.plans_model.checks_changed.connect(self._count)
        self.plans_view = make_table(
            self.plans_model, self.plans_panel, stretch_column=PlanChoiceTableModel.COL_TITLE
        )
        self.plans_view.horizontalHeader().resizeSection(PlanChoiceTableModel.COL_DATE, 90)
        self.count_label = QLabel()
        check_row = button_row(
            ("Đánh dấu các kế hoạch đang hiện", lambda: self._check_all(True)),
            ("Bỏ đánh dấu tất cả", lambda: self._check_all(False)),
        )
        check_row.addWidget(self.count_label)
        panel = QVBoxLayout(self.plans_panel)
        panel.setContentsMargins(24, 0, 0, 0)
        panel.addWidget(self.search)
        panel.addWidget(self.plans_view, 1)
        panel.addLayout(check_row)

    def _build_file_row(self, today: dt.date | None) -> QHBoxLayout:
        self.path_edit = QLineEdit(str(package_folder() / default_package_name(today)))
        self.path_edit.textEdited.connect(self._on_path_edited)
        return field_row("Lưu vào tệp:", self.path_edit, plain_button("Chọn…", self.browse))

    # ---- the plans -------------------------------------------------------------------------

    def _on_scope_toggled(self, _checked: bool) -> None:
        self.plans_panel.setEnabled(self.plans_radio.isChecked())
        self.peer_combo.setEnabled(self.changes_radio.isChecked())
        # The file's name says what it holds, unless the clerk named it.
        path = self.path()
        names = (default_package_name(self._today), default_changes_name(self._today))
        if path is not None and path.name in names:
            wanted = names[1] if self.changes_radio.isChecked() else names[0]
            self.path_edit.setText(str(path.with_name(wanted)))

    def changes_for(self) -> str:
        """The device id of the PC a change package is for; empty for any other package."""
        if not self.changes_radio.isChecked():
            return ""
        return str(self.peer_combo.currentData() or "")

    def choose_changes_for(self, device_id: str) -> None:
        """Make a change package for this known PC (as choosing it in the list does)."""
        self.changes_radio.setChecked(True)
        self.peer_combo.setCurrentIndex(self.peer_combo.findData(device_id))

    def _focus_search(self) -> None:
        self.plans_radio.setChecked(True)
        self.search.setFocus()
        self.search.selectAll()

    def _on_search_text_changed(self, text: str) -> None:
        found = self._index.matching(text)
        self.plans_model.set_rows(
            self._plans if found is None else [p for p in self._plans if p.id in found]
        )

    def _check_all(self, checked: bool) -> None:
        ids = [p.id for p in self.plans_model.rows()] if checked else [p.id for p in self._plans]
        self.plans_model.set_checked(ids, checked)

    def _count(self) -> None:
        self.count_label.setText(
            f"Đã đánh dấu {len(self.plans_model.checked_ids())}/{len(self._plans)} kế hoạch"
        )

    def chosen_plan_ids(self) -> list[str]:
        """The plans to pack, in the list's order; empty for the whole workspace."""
        if not self.plans_radio.isChecked():
            return []
        checked = self.plans_model.checked_ids()
        return [p.id for p in self._plans if p.id in checked]

    def choose_plans(self, plan_ids: list[str]) -> None:
        """Pack only these plans (as ticking them in the list does)."""
        self.plans_radio.setChecked(True)
        self.plans_model.set_checked([p.id for p in self._plans], False)
        self.plans_model.set_checked(plan_ids, True)

    # ---- the file --------------------------------------------------------------------------

    def path(self) -> Path | None:
        text = self.path_edit.text().strip()
        if not text:
            return None
        path = Path(text)
        return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))
        self._confirmed = None

    def _on_path_edited(self, _text: str) -> None:
        self._confirmed = None

    def browse(self) -> None:
        current = self.path() or package_folder() / default_package_name()
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Lưu gói dữ liệu", str(current), PACKAGE_FILTER
        )
        if chosen:
            self.path_edit.setText(chosen)
            self._confirmed = self.path()

    # ---- writing ---------------------------------------------------------------------------

    def export(self) -> PackResult | None:
        """Write the package, say where it went and that the stick may be removed, close."""
        path = self.path()
        if path is None:
            show_error(self, "Hãy chọn nơi lưu gói dữ liệu (bấm \u201cChọn…\u201d).")
            return None
        plan_ids = self.chosen_plan_ids()
        if self.plans_radio.isChecked() and not plan_ids:
            show_error(
                self,
                "Hãy đánh dấu ít nhất một kế hoạch, hoặc chọn \u201cToàn bộ dữ liệu\u201d.",
            )
            return None
        if (
            path.exists()
            and path != self._confirmed
            and not ask_yes_no(
                self,
                f"Đã có tệp {path.name} trong thư mục {path.parent}. Ghi đè lên tệp đó?",
                yes="Ghi đè",
            )
        ):
            return None
        existed = path.exists()
        try:
            with work_progress(self, "Xuất gói dữ liệu", "Đang ghi gói…", "Đang ghi") as step:
                result = self._ws.exchange.pack(
                    path, plan_ids, step, changes_for=self.changes_for()
                )
        except CancelledError:
            kept = f" Tệp {path.name} đã có từ trước vẫn giữ nguyên." if existed else ""
            show_cancelled(self, f"Đã hủy xuất gói: không có tệp gói nào được ghi.{kept}")
            return None
        except UserError as exc:
            show_error(self, exc.message, "Không xuất được gói")
            return None
        remember_package_folder(result.path.parent)
        self.pack_result = result
        self.exported.emit(result)
        show_info(
            self,
            f"{result.message()}\n\nTệp: {result.path}\n\nTrên máy kia, mở Tệp > Nhập gói dữ "
            "liệu… và chọn tệp này.",
            "Đã xuất gói",
        )
        self.accept()
        return result


# ---- importing ---------------------------------------------------------------------------


def ask_package_path(parent: QWidget) -> Path | None:
    """The system's open dialog, in the folder packages were last written or read."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Nhập gói dữ liệu", str(package_folder()), IMPORT_FILTER
    )
    return Path(chosen) if chosen else None


def read_preview(parent: QWidget, workspace: Workspace, path: Path) -> PackagePreview | None:
    """Check the package and compare it with this workspace, with a progress bar and "Hủy".

    A file that cannot be used is explained in a message (None); nothing has changed then.
    """
    try:
        with work_progress(
            parent, "Nhập gói dữ liệu", f"Đang kiểm tra gói {path.name}…", "Đang thử gộp"
        ) as step:
            preview = workspace.exchange.preview(path, step)
    except CancelledError:
        show_cancelled(parent, "Đã dừng kiểm tra gói: dữ liệu trên máy này chưa có gì thay đổi.")
        return None
    except UserError as exc:
        show_error(parent, exc.message, "Không nhập được gói")
        return None
    return preview


def open_package(
    parent: QWidget,
    workspace: Workspace,
    path: Path | None = None,
    *,
    can_replace: CanReplace | None = None,
) -> MergePreviewDialog | None:
    """Ask for a package (unless ``path``), check it and open its merge preview."""
    if path is None:
        path = ask_package_path(parent)
        if path is None:
            return None
    remember_package_folder(path.parent)
    preview = read_preview(parent, workspace, path)
    if preview is None:
        return None
    dialog = MergePreviewDialog(workspace, preview, parent, can_replace=can_replace)
    dialog.open()
    return dialog
