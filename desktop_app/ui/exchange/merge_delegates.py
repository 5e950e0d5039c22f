"""How the merge preview's tree draws its rows, and edits the choice of a conflict."""

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)
from typing_extensions import override

from desktop_app.storage.merge_plan import Side
from desktop_app.ui.exchange.merge_models import (
    CHOICE_LABELS,
)


class RoomyRowsDelegate(QStyledItemDelegate):
    """Rows a little taller than Qt's tightest: easier to read, and the choice list fits."""

    EXTRA = 6

    @override
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + self.EXTRA)


class ChoiceDelegate(RoomyRowsDelegate):
    """A conflict's "Bản giữ lại" cell becomes a two-choice list when clicked."""

    @override
    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        for side in (Side.LOCAL, Side.INCOMING):
            combo.addItem(CHOICE_LABELS[side], side.value)
        combo.activated.connect(lambda _i: self._commit(combo))
        return combo

    @override
    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    @override
    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo)
