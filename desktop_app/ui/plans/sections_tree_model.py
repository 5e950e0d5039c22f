"""The body sections of the plan being edited, as a tree: number and title of each.

A section is found by its path (indexes from the top), as ``domain.section_tree`` names it;
every index carries the number of its node, so the model holds no Python objects in Qt.
"""

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from typing_extensions import override

from desktop_app.domain.plans import Section
from desktop_app.domain.section_tree import Path
from desktop_app.ui.common.table_model import HeaderedTreeModel, Index, read_only_flags

NEW_SECTION_TEXT = "(mục mới)"


class SectionsTreeModel(HeaderedTreeModel):
    COL_LABEL, COL_TITLE = range(2)
    HEADERS = ("Mục", "Tiêu đề")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sections: tuple[Section, ...] = ()
        self._paths: list[Path] = []  # node number -> path
        self._numbers: dict[Path, int] = {}
        self._nodes: dict[Path, Section] = {}

    def set_sections(self, sections: tuple[Section, ...]) -> None:
        self.beginResetModel()
        self._sections = sections
        self._paths, self._numbers, self._nodes = [], {}, {}
        self._add(sections, ())
        self.endResetModel()

    def _add(self, sections: tuple[Section, ...], prefix: Path) -> None:
        for i, section in enumerate(sections):
            path = (*prefix, i)
            self._numbers[path] = len(self._paths)
            self._paths.append(path)
            self._nodes[path] = section
            self._add(section.children, path)

    def path(self, index: Index) -> Path | None:
        """The path of the section at ``index``; None for the invisible root."""
        return self._paths[index.internalId()] if index.isValid() else None

    def index_of(self, path: Path) -> QModelIndex:
        if path not in self._numbers:
            return QModelIndex()
        return self.createIndex(path[-1], 0, self._numbers[path])

    def _children(self, parent: Index) -> tuple[Section, ...]:
        path = self.path(parent)
        return self._sections if path is None else self._nodes[path].children

    @override
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        prefix = self.path(parent) or ()
        return self.createIndex(row, column, self._numbers[(*prefix, row)])

    @override
    def parent_index(self, child: Index) -> QModelIndex:
        path = self.path(child)
        if path is None or len(path) == 1:
            return QModelIndex()
        return self.index_of(path[:-1])

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        return len(self._children(parent))

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        path = self.path(index)
        if path is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        section = self._nodes[path]
        if index.column() == self.COL_LABEL:
            return section.label
        return section.title or NEW_SECTION_TEXT

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        return read_only_flags(index)
