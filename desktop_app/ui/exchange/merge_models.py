"""What merging a package would do, as a tree: one branch per kind of record, a row per item.

Conflicts come first, in their branch and among the branches, each with the side the clerk
keeps (this PC's version or the package's; by default the later edit). A package may carry
tens of thousands of rows, so this is a model over the preview's items, filtered in place,
not a widget tree filled item by item.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from typing_extensions import override

from desktop_app.domain.record_changes import table_label
from desktop_app.domain.registry import Registry
from desktop_app.domain.search import TextIndex
from desktop_app.domain.text import fold
from desktop_app.storage.merge_items import MergeItem, MergeItems
from desktop_app.storage.merge_plan import ITEM_KIND_LABELS, ItemKey, ItemKind, Side
from desktop_app.ui.common.table_model import ROW_ROLE, GroupsTreeModel, Index, read_only_flags

CHOICE_LABELS = Registry(
    Side,
    {Side.LOCAL: "Giữ bản trên máy này", Side.INCOMING: "Lấy bản trong gói"},
    "merge choice labels",
)
KIND_COLOURS = Registry(
    ItemKind,
    {
        ItemKind.ADD: "#1b7f3b",
        ItemKind.CHANGE: "#1f5fa8",
        ItemKind.DELETE: "#6d4c41",
        ItemKind.CONFLICT: "#b00020",
    },
    "merge item colours",
)
CHOICE_COLOUR = "#b35900"  # the orange of warnings elsewhere in the window
CONFLICT_BACKGROUND = "#fdecea"
# Order of the counts in a branch's line, and of the kinds in the filter.
KIND_ORDER = (ItemKind.CONFLICT, ItemKind.ADD, ItemKind.CHANGE, ItemKind.DELETE)


@dataclass
class _Group:
    table: str
    what: str
    items: Sequence[MergeItem]  # those the filter lets through (made when shown)
    counts: dict[ItemKind, int]  # of all the branch's items

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def group_text(group_what: str, counts: dict[ItemKind, int], shown: int | None = None) -> str:
    """A branch's line: "Nhiệm vụ — 75 bản ghi: 2 xung đột, 73 thêm mới" ("4/75" if filtered)."""
    total = sum(counts.values())
    amount = f"{total}" if shown is None or shown == total else f"{shown}/{total}"
    parts = [f"{counts[k]} {ITEM_KIND_LABELS[k].lower()}" for k in KIND_ORDER if counts[k]]
    return f"{group_what} — {amount} bản ghi: " + ", ".join(parts)


class MergeTreeModel(GroupsTreeModel):
    """Branches by record kind; the items of each; a conflict's choice is editable."""

    COL_KIND, COL_LABEL, COL_PLAN, COL_CHOICE = range(4)
    HEADERS = ("Loại", "Bản ghi", "Thuộc kế hoạch", "Bản giữ lại")

    choice_changed = Signal()

    def __init__(self, items: MergeItems, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A whole office's first exchange is 900,000 items: each is made when it is shown,
        # and what is counted is counted without making them.
        self._counts = {
            table: {k: by_kind[k] for k in KIND_ORDER} for table, by_kind in items.counts().items()
        }
        self._branches = sorted(
            items.branches(), key=lambda b: not self._counts[b[0]][ItemKind.CONFLICT]
        )
        self._total = len(items)
        self.choices: dict[ItemKey, Side] = {i.key: i.default for i in items.conflicts()}
        self._search: TextIndex[int] | None = None  # built at the first filter
        self._matching: set[int] | None = None
        self._kind: ItemKind | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._groups = self._build()

    def _build(self) -> list[_Group]:
        groups = []
        position = 0
        for table, branch in self._branches:
            counts = self._counts[table]
            shown: Sequence[MergeItem]
            whole = self._kind is None or counts[self._kind] == len(branch)
            if self._matching is None and whole:
                shown = branch  # all of it: nothing made until shown
            elif self._matching is None and self._kind is not None and not counts[self._kind]:
                shown = []
            else:
                shown = [
                    item
                    for n, item in enumerate(branch, start=position)
                    if (self._kind is None or item.kind is self._kind)
                    and (self._matching is None or n in self._matching)
                ]
            position += len(branch)
            if shown:
                groups.append(_Group(table, table_label(table), shown, counts))
        return groups

    # ---- what the dialog asks ------------------------------------------------------------

    def set_filter(self, query: str, kind: ItemKind | None = None) -> None:
        """Show the items whose text (record kind, name, plan) holds ``query``, of ``kind``."""
        if self._search is None and fold(query):
            self._search = TextIndex(self._search_texts())
        matching = self._search.matching(query) if self._search is not None else None
        self.beginResetModel()
        self._matching, self._kind = matching, kind
        self._groups = self._build()
        self.endResetModel()

    def _search_texts(self) -> dict[int, str]:
        """Each item's folded text; the parts repeat a lot (kinds, plans, hamlet names)."""
        folded: dict[str, str] = {}

        def part(text: str) -> str:
            found = folded.get(text)
            if found is None:
                found = folded[text] = fold(text)
            return found

        items = (item for _table, branch in self._branches for item in branch)
        return {n: f"{part(i.what)} {part(i.label)} {part(i.plan)}" for n, i in enumerate(items)}

    def shown_count(self) -> int:
        return sum(len(g.items) for g in self._groups)

    def total_count(self) -> int:
        return self._total

    def conflict_count(self) -> int:
        return len(self.choices)

    def kept_local_count(self) -> int:
        return sum(side is Side.LOCAL for side in self.choices.values())

    def branch_conflicts(self, row: int) -> int:
        """How many conflicts the branch shown at ``row`` holds, shown or not."""
        return self._groups[row].counts[ItemKind.CONFLICT]

    def item(self, index: Index) -> MergeItem | None:
        """The item of an item row; None for a branch row."""
        group = self.item_group(index)
        return None if group is None else self._groups[group].items[index.row()]

    def index_of(self, key: ItemKey, column: int = 0) -> QModelIndex:
        """Where the item ``key`` is shown; invalid when the filter hides it."""
        for g, group in enumerate(self._groups):
            if group.table != key[0]:
                continue
            for row, item in enumerate(group.items):
                if item.row_id == key[1]:
                    return self.item_index(g, row, column)
        return QModelIndex()

    def set_choice(self, key: ItemKey, side: Side) -> None:
        if key not in self.choices or self.choices[key] is side:
            return
        self.choices[key] = side
        index = self.index_of(key, self.COL_CHOICE)
        if index.isValid():
            self.dataChanged.emit(index, index)
        self.choice_changed.emit()

    def set_all_choices(self, side: Side) -> None:
        """The same side for every conflict, shown or filtered out."""
        for key in self.choices:
            self.choices[key] = side
        for g, group in enumerate(self._groups):
            if group.counts[ItemKind.CONFLICT]:
                parent = self.index(g, 0)
                self.dataChanged.emit(
                    self.index(0, self.COL_CHOICE, parent),
                    self.index(len(group.items) - 1, self.COL_CHOICE, parent),
                )
        self.choice_changed.emit()

    # ---- the model -------------------------------------------------------------------------

    @override
    def group_count(self) -> int:
        return len(self._groups)

    @override
    def item_count(self, group: int) -> int:
        return len(self._groups[group].items)

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = read_only_flags(index)
        item = self.item(index)
        if (
            item is not None
            and index.column() == self.COL_CHOICE
            and item.kind is ItemKind.CONFLICT
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.item(index)
        if item is None:
            return self._group_data(self._groups[index.row()], index.column(), role)
        return self._item_data(item, index, role)

    def _group_data(self, group: _Group, column: int, role: int) -> Any:
        if column != 0:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return group_text(group.what, group.counts, len(group.items))
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and group.counts[ItemKind.CONFLICT]:
            return QBrush(QColor(KIND_COLOURS[ItemKind.CONFLICT]))
        return None

    def _item_text(self, item: MergeItem, column: int, *, tooltip: bool) -> str:
        if column == self.COL_KIND:
            return ITEM_KIND_LABELS[item.kind]
        if column == self.COL_LABEL:
            return item.label
        if column == self.COL_PLAN:
            return "" if item.table == "plans" else item.plan  # not the plan itself again
        if item.kind is not ItemKind.CONFLICT:
            return ""
        text = CHOICE_LABELS[self.choices[item.key]]
        if tooltip:
            return f"{text}. Bấm vào đây để đổi; mặc định là bản sửa sau cùng."
        return text

    def _item_data(self, item: MergeItem, index: Index, role: int) -> Any:
        column = index.column()
        conflict = item.kind is ItemKind.CONFLICT
        if role == ROW_ROLE:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._item_text(item, column, tooltip=role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.EditRole and column == self.COL_CHOICE and conflict:
            return self.choices[item.key].value
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.COL_KIND:
                return QBrush(QColor(KIND_COLOURS[item.kind]))
            if column == self.COL_CHOICE and conflict:
                return QBrush(QColor(CHOICE_COLOUR))
        if role == Qt.ItemDataRole.FontRole and conflict and column != self.COL_PLAN:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and conflict:
            return QBrush(QColor(CONFLICT_BACKGROUND))
        return None

    @override
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        item = self.item(index)
        if (
            role != Qt.ItemDataRole.EditRole
            or item is None
            or index.column() != self.COL_CHOICE
            or item.kind is not ItemKind.CONFLICT
        ):
            return False
        try:
            side = Side(value)
        except ValueError:
            return False
        if self.choices[item.key] is not side:
            self.choices[item.key] = side
            self.dataChanged.emit(index, index)
            self.choice_changed.emit()
        return True
