"""What a data package would change here, shown before anything is saved ("Nhập gói dữ liệu").

Where the package came from, what it adds, changes and deletes, grouped by kind of record,
and the conflicts first: a record edited on both PCs since they last exchanged. For each
conflict the clerk keeps this PC's version or takes the package's (by default the later
edit); the other is kept in the history either way. "Nhập" backs up and applies it all in
one transaction; "Hủy" saves nothing.
"""

from html import escape

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import CancelledError, UserError
from desktop_app.storage.merge import MergeResult
from desktop_app.storage.merge_items import MergeItem
from desktop_app.storage.merge_plan import ITEM_KIND_LABELS, ItemKind, Side
from desktop_app.ui.common.dialogs import (
    CanReplace,
    ReplacingDialog,
    ask_yes_no,
    show_cancelled,
    show_error,
    show_info,
    wait_cursor,
    work_progress,
)
from desktop_app.ui.common.formatting import datetime_text
from desktop_app.ui.common.screen import fit_to_screen
from desktop_app.ui.common.tables import make_tree, search_field, show_index, versions_table
from desktop_app.ui.exchange.exchange_models import MergeFieldsTableModel
from desktop_app.ui.exchange.merge_delegates import ChoiceDelegate, RoomyRowsDelegate
from desktop_app.ui.exchange.merge_models import (
    CHOICE_LABELS,
    CONFLICT_BACKGROUND,
    KIND_ORDER,
    MergeTreeModel,
)
from desktop_app.workspace import Workspace
from desktop_app.workspace.exchange import PackagePreview

WARNING_COLOUR = "#b35900"
NOTE_BACKGROUND = "#eef5ff"
# Above this many items a keystroke in the filter waits for the next one (a pause of the
# clerk's typing) before the tree is filtered again.
INSTANT_FILTER = 5000
# Branches up to this many items open by themselves; bigger ones only when they hold conflicts.
OPEN_BRANCH = 300
OPEN_ALL = 1500
NO_SELECTION = "Chọn một dòng ở trên để xem nội dung thay đổi."
CONFLICT_NOTE = (
    "<b>Có {n} xung đột</b>: cùng một bản ghi đã được sửa ở cả hai máy từ lần trao đổi "
    "trước. Với mỗi xung đột, chọn bản giữ lại (mặc định là bản sửa sau cùng); bản còn "
    "lại vẫn được lưu trong Lịch sử thay đổi."
)
# The keys that apply the package; a plain Enter belongs to the filter field.
APPLY_KEYS = ("Ctrl+Return", "Ctrl+Enter")


class MergePreviewDialog(ReplacingDialog):
    """The preview of one package; "Nhập" merges it, "Hủy" leaves everything as it was."""

    merged = Signal(object)  # the MergeResult, once the package is in

    def __init__(
        self,
        workspace: Workspace,
        preview: PackagePreview,
        parent: QWidget | None = None,
        *,
        can_replace: CanReplace | None = None,
    ) -> None:
        super().__init__(workspace, parent, can_replace=can_replace)
        self.preview = preview
        self.merge_result: MergeResult | None = None
        self.shown_item: MergeItem | None = None  # the item in the detail pane
        merge = preview.merge
        self.setWindowTitle(f"Nhập gói dữ liệu: {preview.package.path.name}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        fit_to_screen(self, 1100, 760)

        self.model = MergeTreeModel(merge.items, self)
        self.fields_model = MergeFieldsTableModel(self)

        layout = QVBoxLayout(self)
        for widget in self._build_header():
            layout.addWidget(widget)
        self.conflict_bar = self._build_conflict_bar()
        layout.addWidget(self.conflict_bar)
        layout.addLayout(self._build_filter_row())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._build_tree())
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._build_buttons())

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.model.choice_changed.connect(self._on_model_choice_changed)
        self.tree.selectionModel().selectionChanged.connect(self._on_tree_selection_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_filter)
        for key in APPLY_KEYS:
            QShortcut(QKeySequence(key), self, self.apply)
        self._after_filter()
        self._update_choice_counts()
        self._select_first()

    # ---- building --------------------------------------------------------------------------

    def _build_header(self) -> list[QWidget]:
        merge = self.preview.merge
        manifest = merge.manifest
        rows = sum(manifest.counts.values())
        source = QLabel(
            f"Gói <b>{escape(self.preview.package.path.name)}</b> từ máy "
            f"<b>{escape(manifest.device_name or '(không rõ tên)')}</b>, tạo lúc "
            f"{datetime_text(manifest.created_local())}, gồm {escape(manifest.scope_text())} "
            f"({rows} bản ghi)."
        )
        source.setWordWrap(True)
        source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel(merge.summary_text())
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.unchanged_label = QLabel(merge.unchanged_text())
        self.unchanged_label.setWordWrap(True)
        widgets: list[QWidget] = [source, self.summary, self.unchanged_label]
        self.warning_labels = []
        for warning in merge.warnings:
            label = QLabel(f"\u26a0 {warning}")
            label.setWordWrap(True)
            label.setStyleSheet(f"QLabel {{ color: {WARNING_COLOUR}; }}")
            self.warning_labels.append(label)
            widgets.append(label)
        self.adopt_note = QLabel(
            "Tệp dữ liệu đang mở còn trống. Sau khi nhập, máy này sẽ dùng chung bộ dữ liệu "
            f"với máy \u201c{escape(manifest.device_name)}\u201d: từ đó hai máy gửi gói qua "
            "lại cho nhau để cùng cập nhật."
        )
        self.adopt_note.setWordWrap(True)
        self.adopt_note.setStyleSheet(
            f"QLabel {{ background: {NOTE_BACKGROUND}; padding: 6px; border: 1px solid #b0c4de; }}"
        )
        self.adopt_note.setVisible(merge.adopt_workspace)
        widgets.append(self.adopt_note)
        return widgets

    def _build_conflict_bar(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("conflictBar")
        frame.setStyleSheet(
            f"QFrame#conflictBar {{ background: {CONFLICT_BACKGROUND}; "
            "border: 1px solid #e0a0a0; }"
        )
        note = QLabel(CONFLICT_NOTE.format(n=self.model.conflict_count()))
        note.setWordWrap(True)
        self.choice_counts = QLabel()
        self.keep_all_local = QPushButton("Tất cả giữ bản máy này")
        self.take_all_incoming = QPushButton("Tất cả lấy bản trong gói")
        for button, side in (
            (self.keep_all_local, Side.LOCAL),
            (self.take_all_incoming, Side.INCOMING),
        ):
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, s=side: self.model.set_all_choices(s))
        buttons = QHBoxLayout()
        buttons.addWidget(self.choice_counts, 1)
        buttons.addWidget(self.keep_all_local)
        buttons.addWidget(self.take_all_incoming)
        column = QVBoxLayout(frame)
        column.setContentsMargins(8, 6, 8, 6)
        column.addWidget(note)
        column.addLayout(buttons)
        frame.setVisible(self.model.conflict_count() > 0)
        return frame

    def _build_filter_row(self) -> QHBoxLayout:
        self.filter_edit = search_field("Lọc theo tên bản ghi, loại, kế hoạch… (Ctrl+F)")
        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Mọi thay đổi", None)
        totals = self.preview.merge.totals()
        for kind in KIND_ORDER:
            self.kind_combo.addItem(f"{ITEM_KIND_LABELS[kind]} ({totals[kind]})", kind.value)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.shown_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.filter_edit, 1)
        row.addWidget(self.kind_combo)
        row.addWidget(self.shown_label)
        return row

    def _build_tree(self) -> QTreeView:
        self.tree = make_tree(
            self.model,
            QAbstractItemView.EditTrigger.CurrentChanged
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed,
        )
        self.tree.setItemDelegate(RoomyRowsDelegate(self.tree))
        self.tree.setItemDelegateForColumn(MergeTreeModel.COL_CHOICE, ChoiceDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MergeTreeModel.COL_LABEL, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (MergeTreeModel.COL_KIND, 110),
            (MergeTreeModel.COL_PLAN, 300),
            (MergeTreeModel.COL_CHOICE, 190),
        ):
            header.resizeSection(column, width)
        return self.tree

    def _build_detail(self) -> QWidget:
        widget = QWidget()
        self.detail_title = QLabel(NO_SELECTION)
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_when = QLabel()
        self.detail_when.setWordWrap(True)
        self.local_radio = QRadioButton()
        self.incoming_radio = QRadioButton()
        self._radios = QButtonGroup(self)
        self._radios.addButton(self.local_radio)
        self._radios.addButton(self.incoming_radio)
        self.local_radio.toggled.connect(self._on_radio_toggled)
        self.incoming_radio.toggled.connect(self._on_radio_toggled)
        self.choice_row = QWidget()
        choice_layout = QHBoxLayout(self.choice_row)
        choice_layout.setContentsMargins(0, 0, 0, 0)
        choice_layout.addWidget(QLabel("<b>Bản giữ lại:</b>"))
        choice_layout.addWidget(self.local_radio)
        choice_layout.addWidget(self.incoming_radio)
        choice_layout.addStretch(1)
        self.choice_row.setVisible(False)
        self.fields_view = versions_table(self.fields_model, widget)
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.detail_title)
        layout.addWidget(self.detail_when)
        layout.addWidget(self.choice_row)
        layout.addWidget(self.fields_view, 1)
        return widget

    def _build_buttons(self) -> QHBoxLayout:
        self.apply_button = QPushButton("Nhập (Ctrl+Enter)")
        self.apply_button.setAutoDefault(False)
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button = QPushButton("Hủy")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        hint = QLabel("Trước khi nhập, chương trình tự sao lưu dữ liệu trên máy này.")
        hint.setStyleSheet("QLabel { color: #555555; }")
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(self.apply_button)
        row.addWidget(self.cancel_button)
        return row

    # ---- filtering and the tree ------------------------------------------------------------

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _on_filter_text_changed(self, _text: str) -> None:
        if self.model.total_count() > INSTANT_FILTER:
            self._filter_timer.start()
        else:
            self.apply_filter()

    def apply_filter(self) -> None:
        """Show only what matches the filter text and the chosen kind of change."""
        self._filter_timer.stop()
        kind_value = self.kind_combo.currentData()
        kind = None if kind_value is None else ItemKind(kind_value)
        current = self._current_item()
        # The first filter of a big package folds every name once (seconds for 100,000).
        with wait_cursor():
            self.model.set_filter(self.filter_edit.text(), kind)
        self._after_filter()
        if current is not None and self.select_item(current):
            return
        self._show_item(None)

    def _after_filter(self) -> None:
        """Span the branch lines over the columns and open the branches worth opening."""
        shown = self.model.shown_count()
        self.shown_label.setText(f"Đang hiện {shown}/{self.model.total_count()} mục")
        root = QModelIndex()
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, root, True)
            branch = self.model.index(row, 0)
            size = self.model.rowCount(branch)
            if shown <= OPEN_ALL or size <= OPEN_BRANCH or self.model.branch_conflicts(row):
                self.tree.expand(branch)

    def _select_first(self) -> None:
        """The first item (a conflict when there are any) is selected at the start."""
        if self.model.rowCount() == 0:
            return
        first = self.model.index(0, 0, self.model.index(0, 0))
        if first.isValid():
            self.tree.setCurrentIndex(first)

    def select_item(self, item: MergeItem) -> bool:
        """Select ``item`` in the tree (False when the filter hides it)."""
        return show_index(self.tree, self.model.index_of(item.key))

    def _current_item(self) -> MergeItem | None:
        return self.model.item(self.tree.currentIndex())

    def _on_tree_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        rows = self.tree.selectionModel().selectedRows()
        self._show_item(self.model.item(rows[0]) if rows else None)

    # ---- the detail pane -------------------------------------------------------------------

    def _show_item(self, item: MergeItem | None) -> None:
        self.shown_item = item
        if item is None:
            self.detail_title.setText(NO_SELECTION)
            self.detail_when.clear()
            self.choice_row.setVisible(False)
            self.fields_model.set_rows([])
            return
        plan = (
            f"<br>Thuộc kế hoạch: {escape(item.plan)}"
            if item.plan and item.table != "plans"
            else ""
        )
        self.detail_title.setText(
            f"<b>{ITEM_KIND_LABELS[item.kind]} — {escape(item.what)}:</b> "
            f"{escape(item.label)}{plan}"
        )
        local = datetime_text(item.when(Side.LOCAL))
        incoming = datetime_text(item.when(Side.INCOMING))
        if item.kind is ItemKind.ADD:
            when = f"Chưa có trên máy này. Bản trong gói làm lúc {incoming}."
        else:
            when = f"Bản trên máy này sửa lúc {local}; bản trong gói sửa lúc {incoming}."
        self.detail_when.setText(when)
        conflict = item.kind is ItemKind.CONFLICT
        self.choice_row.setVisible(conflict)
        if conflict:
            self.local_radio.setText(f"{CHOICE_LABELS[Side.LOCAL]} (sửa lúc {local})")
            self.incoming_radio.setText(f"{CHOICE_LABELS[Side.INCOMING]} (sửa lúc {incoming})")
            self._sync_radios(item)
        self.fields_view.setColumnHidden(MergeFieldsTableModel.COL_LOCAL, item.kind is ItemKind.ADD)
        self.fields_model.set_rows(item.fields)

    def _sync_radios(self, item: MergeItem) -> None:
        side = self.model.choices[item.key]
        for radio, wanted in ((self.local_radio, Side.LOCAL), (self.incoming_radio, Side.INCOMING)):
            radio.blockSignals(True)
            radio.setChecked(side is wanted)
            radio.blockSignals(False)

    def _on_radio_toggled(self, checked: bool) -> None:
        item = self.shown_item
        if not checked or item is None or item.kind is not ItemKind.CONFLICT:
            return
        side = Side.LOCAL if self.local_radio.isChecked() else Side.INCOMING
        self.model.set_choice(item.key, side)

    def _on_model_choice_changed(self) -> None:
        item = self.shown_item
        if item is not None and item.kind is ItemKind.CONFLICT:
            self._sync_radios(item)
        self._update_choice_counts()

    def _update_choice_counts(self) -> None:
        local = self.model.kept_local_count()
        incoming = self.model.conflict_count() - local
        self.choice_counts.setText(
            f"Đang chọn: giữ bản trên máy này ở {local}, lấy bản trong gói ở {incoming} xung đột."
        )

    # ---- applying --------------------------------------------------------------------------

    def choose(self, item: MergeItem, side: Side) -> None:
        """The side kept for a conflict (what the list or the radio buttons do)."""
        self.model.set_choice(item.key, side)

    def apply(self) -> MergeResult | None:
        """Back up, merge the package with the chosen sides, report, close."""
        conflicts = self.model.conflict_count()
        if conflicts:
            local = self.model.kept_local_count()
            if not ask_yes_no(
                self,
                f"Gói có {conflicts} xung đột: sẽ giữ bản trên máy này ở {local} và lấy bản "
                f"trong gói ở {conflicts - local}. Bản không được chọn vẫn lưu trong Lịch sử "
                "thay đổi.\n\nNhập gói?",
                "Nhập gói dữ liệu",
                yes="Nhập",
            ):
                return None
        if not self.may_replace():
            return None
        try:
            with work_progress(self, "Nhập gói dữ liệu", "Đang nhập gói…", "Đang nhập") as step:
                result = self._ws.exchange.merge(self.preview, dict(self.model.choices), step)
        except CancelledError:
            show_cancelled(
                self,
                "Đã hủy nhập gói: dữ liệu trên máy này chưa có gì thay đổi, không có bản sao "
                "lưu nào được thêm. Có thể bấm nhập lại khi cần.",
            )
            return None
        except UserError as exc:
            show_error(self, exc.message, "Không nhập được gói")
            return None
        self.merge_result = result
        self.merged.emit(result)
        if self._ws.exchange.backup_finishing:
            backed_up = (
                "Bản sao lưu dữ liệu trước khi nhập đang được ghi nốt (vài giây); "
                "có thể làm việc tiếp."
            )
        else:
            backed_up = "Dữ liệu trước khi nhập đã được sao lưu (Tệp > Sao lưu và khôi phục…)."
        show_info(self, f"{result.summary_text()}\n\n{backed_up}", "Đã nhập gói")
        self.accept()
        return result
