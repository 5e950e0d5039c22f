"""The plan editor's "Nội dung" tab: the tree of body sections and the fields of the one chosen."""

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import SectionId, new_id
from desktop_app.domain.plans import Section, walk_sections
from desktop_app.domain.section_tree import Path, at, indent, insert, move, outdent, put, remove
from desktop_app.domain.text import clean
from desktop_app.ui.common.buttons import button_row
from desktop_app.ui.common.dialogs import show_error
from desktop_app.ui.plans.editor_page import PlanHost, lines
from desktop_app.ui.plans.sections_tree_model import SectionsTreeModel

SectionsOp = Callable[[tuple[Section, ...], Path], tuple[tuple[Section, ...], Path]]


class SectionsPage(QWidget):
    def __init__(self, host: PlanHost) -> None:
        super().__init__()
        self._host = host
        self.section_path: Path | None = None  # the section the fields on the right show
        self.model = SectionsTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setColumnWidth(SectionsTreeModel.COL_LABEL, 90)
        self.section_label = QLineEdit()
        self.section_label.setPlaceholderText("vd. I. hoặc 1. hoặc a)")
        self.section_title = QLineEdit()
        self.section_paragraphs = QPlainTextEdit()
        self.section_paragraphs.setPlaceholderText("Mỗi đoạn một dòng")
        self.section_paragraphs.setTabChangesFocus(True)
        apply = QPushButton("Ghi mục này")
        apply.clicked.connect(self.apply_section)
        editor = QWidget()
        form = QFormLayout(editor)
        form.addRow("Số mục:", self.section_label)
        form.addRow("Tiêu đề:", self.section_title)
        form.addRow("Các đoạn:", self.section_paragraphs)
        form.addRow(apply)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(editor)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        buttons = button_row(
            ("Thêm mục", self.add_sibling),
            ("Thêm mục con", self.add_child),
            ("Lên", lambda: self.tree_op(lambda t, p: move(t, p, -1))),
            ("Xuống", lambda: self.tree_op(lambda t, p: move(t, p, +1))),
            ("Thụt vào", lambda: self.tree_op(indent)),
            ("Lùi ra", lambda: self.tree_op(outdent)),
            ("Xóa mục", self.remove_section),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)

    def fill_tree(self, select: Path | None = None) -> None:
        """Show the plan's sections, ``select`` chosen, its fields on the right."""
        host = self._host
        self.section_path = None
        loading, host.loading = host.loading, True
        try:
            self.model.set_sections(host.plan.sections)
            if select is not None and (index := self.model.index_of(select)).isValid():
                self.tree.setCurrentIndex(index)
        finally:
            host.loading = loading
        self.tree.expandAll()
        current = self.current_path()
        if current is None:
            for edit in (self.section_label, self.section_title):
                edit.clear()
            self.section_paragraphs.clear()
            return
        # The fields on the right always show, and write to, the section selected.
        self.section_path = current
        self._load_section_fields(at(host.plan.sections, current))

    def _load_section_fields(self, section: Section) -> None:
        self.section_label.setText(section.label)
        self.section_title.setText(section.title)
        self.section_paragraphs.setPlainText("\n".join(section.paragraphs))

    def current_path(self) -> Path | None:
        return self.model.path(self.tree.currentIndex())

    def _on_tree_current_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if self._host.loading:
            return
        wanted = self.model.path(current)
        if self.section_path is not None and wanted is not None and self.commit_section():
            self.fill_tree(wanted)  # the tree was redrawn: select again by path
            return
        if wanted is None:
            self.section_path = None
            return
        self.section_path = wanted
        self._load_section_fields(at(self._host.plan.sections, wanted))

    def _new_section(self) -> Section:
        return Section(SectionId(new_id()), "", "")

    def add_sibling(self) -> None:
        self.commit_section()
        plan = self._host.plan
        path = self.current_path()
        parent, index = ((), len(plan.sections)) if path is None else (path[:-1], path[-1] + 1)
        tree, new = insert(plan.sections, parent, index, self._new_section())
        self._host.apply(replace(plan, sections=tree))
        self.fill_tree(new)
        self.section_label.setFocus()

    def add_child(self) -> None:
        self.commit_section()
        path = self.current_path()
        if path is None:
            self.add_sibling()
            return
        plan = self._host.plan
        count = len(at(plan.sections, path).children)
        tree, new = insert(plan.sections, path, count, self._new_section())
        self._host.apply(replace(plan, sections=tree))
        self.fill_tree(new)

    def apply_section(self) -> None:
        if self.section_path is None:
            show_error(self, "Hãy chọn một mục ở cây bên trái (hoặc bấm \u201cThêm mục\u201d).")
            return
        path = self.section_path
        if self.commit_section():
            self.fill_tree(path)

    def commit_section(self) -> bool:
        """Take the fields on the right into the section they show; True when it changed."""
        path = self.section_path
        if path is None:
            return False
        host = self._host
        try:
            old = at(host.plan.sections, path)
        except IndexError:
            return False
        section = replace(
            old,
            label=clean(self.section_label.text()),
            title=clean(self.section_title.text()),
            paragraphs=lines(self.section_paragraphs.toPlainText()),
        )
        if section == old:
            return False
        host.loading = True
        try:
            host.apply(replace(host.plan, sections=put(host.plan.sections, path, section)))
        finally:
            host.loading = False
        return True

    def tree_op(self, op: SectionsOp) -> None:
        self.commit_section()
        path = self.current_path()
        if path is None:
            return
        try:
            tree, new = op(self._host.plan.sections, path)
        except UserError as exc:
            self._host.status_label.setText(exc.message)
            return
        self._host.apply(replace(self._host.plan, sections=tree))
        self.fill_tree(new)

    def remove_section(self) -> None:
        self.commit_section()
        path = self.current_path()
        if path is None:
            return
        plan = self._host.plan
        section = at(plan.sections, path)
        gone = {s.id for _, s in walk_sections((section,))}  # with its sub-sections
        self._host.apply(
            replace(
                plan,
                sections=remove(plan.sections, path),
                tasks=tuple(
                    replace(t, section_id=None) if t.section_id in gone else t for t in plan.tasks
                ),
            )
        )
        self._host.status_label.setText(
            f"Đã xóa mục \u201c{section.label} {section.title}\u201d (Ctrl+Z để lấy lại)."
        )
