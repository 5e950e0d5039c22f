"""Table and tree views set up the same way everywhere: whole-row selection, one row at a time."""

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QTreeView,
    QWidget,
)

from desktop_app.ui.common.table_model import SORT_ROLE, Column, RowsTableModel


def make_table(
    model: RowsTableModel[Any],
    parent: QWidget | None = None,
    stretch_column: int = 0,
    sortable: bool = True,
) -> QTableView:
    """A read-only table over ``model``; sorting goes through a proxy using SORT_ROLE."""
    view = QTableView(parent)
    if sortable:
        proxy = QSortFilterProxyModel(view)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the model's own order
    else:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for i, column in enumerate(model.COLUMNS):
        if column.width:
            header.resizeSection(i, column.width)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    header.setHighlightSections(False)
    # The short columns (a date, a status, a count) take what their text needs, read again
    # whenever the rows change; the stretch column (the task, the title) takes the rest.
    header.setResizeContentsPrecision(FIT_SAMPLE_ROWS)
    fit = partial(fit_short_columns, view, model.COLUMNS, stretch_column)
    view.model().modelReset.connect(fit)
    view.model().layoutChanged.connect(fit)
    fit()
    return view


# How many rows the short columns are measured on: enough for a page of the list, few enough
# that a search keystroke over thousands of plans does not wait for it.
FIT_SAMPLE_ROWS = 60


def fit_short_columns(
    view: QTableView, columns: Sequence[Column[Any]], stretch_column: int
) -> None:
    """Size each column that declares a width to its header and text, up to twice that width.

    The declared width is what the column usually needs at 100 %; the text decides, so a
    larger font, a 150 % screen or a long status still fits, and a freak long value does not
    squeeze the stretch column away.
    """
    header = view.horizontalHeader()
    for i, column in enumerate(columns):
        if not column.width or i == stretch_column or view.isColumnHidden(i):
            continue
        view.resizeColumnToContents(i)
        header.resizeSection(i, min(header.sectionSize(i), column.max_width or 2 * column.width))


def make_tree(
    model: QAbstractItemModel,
    edit_triggers: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger.NoEditTriggers,
) -> QTreeView:
    """A tree of rows of the same height over ``model``; a click selects the whole row."""
    view = QTreeView()
    view.setModel(model)
    view.setUniformRowHeights(True)
    view.setAllColumnsShowFocus(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(edit_triggers)
    return view


def show_index(view: QAbstractItemView, index: QModelIndex) -> bool:
    """Make ``index`` the current row and scroll to it; False when it is not shown."""
    if not index.isValid():
        return False
    view.setCurrentIndex(index)
    view.scrollTo(index)
    return True


def versions_table(model: RowsTableModel[Any], parent: QWidget | None = None) -> QTableView:
    """A field per row and two versions of it in columns 1 and 2, sharing the width.

    Long values (a plan's paragraphs) wrap, and each row grows to hold them.
    """
    view = make_table(model, parent, stretch_column=1, sortable=False)
    view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


def source_row(view: QTableView) -> int | None:
    """The selected row in the source model's numbering, or None."""
    indexes = view.selectionModel().selectedRows()
    if not indexes:
        return None
    index = indexes[0]
    model = view.model()
    if isinstance(model, QSortFilterProxyModel):
        index = model.mapToSource(index)
    return index.row()


def search_field(placeholder: str, parent: QWidget | None = None) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    return edit


def select_source_row(view: QTableView, row: int) -> None:
    """Select the row that is ``row`` in the source model, wherever sorting put it."""
    model = view.model()
    index = (
        model.index(row, 0)
        if not isinstance(model, QSortFilterProxyModel)
        else (model.mapFromSource(model.sourceModel().index(row, 0)))
    )
    view.selectRow(index.row())


def key_shortcut(
    key: Qt.Key | QKeySequence.StandardKey | QKeySequence | str,
    widget: QWidget,
    slot: Callable[[], object],
) -> QShortcut:
    """A shortcut that works only while ``widget`` (or a child) has the focus.

    Insert, Delete and Enter mean "this list"; a window-wide shortcut would also fire from
    a list of another tab or dialog.
    """
    shortcut = QShortcut(QKeySequence(key), widget, slot)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return shortcut
