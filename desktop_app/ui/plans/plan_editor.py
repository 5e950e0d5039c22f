"""The plan editor: header, body sections, tasks, events, Nơi nhận and signature of a plan.

The editor works on an immutable copy of the plan: every edit makes a new one and keeps the
one before for Ctrl+Z. Nothing reaches the file until "Lưu" (Ctrl+S), which checks the whole
plan and saves it in one transaction; closing with unsaved changes asks first. Each tab is a
page of its own module; the pages read ``plan`` and hand their edits to ``apply``.
"""

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from desktop_app.domain.checks import Finding, Place
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import UnitId, new_id
from desktop_app.domain.lifecycle import header_locked
from desktop_app.domain.plans import Plan
from desktop_app.domain.units import Unit
from desktop_app.ui.common.dialogs import Unsaved, ask_unsaved, show_error
from desktop_app.ui.common.screen import fit_to_screen
from desktop_app.ui.plans.editor_appendices import AppendicesPage
from desktop_app.ui.plans.editor_events import EventsPage
from desktop_app.ui.plans.editor_header import HeaderPage
from desktop_app.ui.plans.editor_recipients import RecipientsPage
from desktop_app.ui.plans.editor_sections import SectionsPage
from desktop_app.ui.plans.editor_tasks import TasksPage
from desktop_app.ui.plans.plan_dialogs import FindingsDialog
from desktop_app.ui.shortcuts import bind_local
from desktop_app.workspace import Workspace
from desktop_app.workspace.plans import StaleEditError


class PlanEditor(QDialog):
    """Edit one plan; ``saved_plan`` is what the file holds once the clerk has saved."""

    TABS = (
        Place.HEADER,
        Place.SECTIONS,
        Place.TASKS,
        Place.EVENTS,
        Place.RECIPIENTS,
        Place.APPENDICES,
    )

    def __init__(self, workspace: Workspace, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.plan = plan
        self.saved_plan: Plan | None = plan if workspace.store.plans.exists(plan.id) else None
        self._undo: list[Plan] = []
        self._units = workspace.directory.units()
        self.loading = False
        self.setWindowTitle("Soạn kế hoạch")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, 1240, 700)

        self.status_label = QLabel()
        self.header_page = HeaderPage(self)
        self.sections_page = SectionsPage(self)
        self.tasks_page = TasksPage(self, self._units, self._add_unit)
        self.events_page = EventsPage(self)
        self.recipients_page = RecipientsPage(self, self._ws, self._units)
        self.appendices_page = AppendicesPage(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.header_page, "Thông tin chung")
        self.tabs.addTab(self.sections_page, "Nội dung")
        self.tabs.addTab(self.tasks_page, "Nhiệm vụ")
        self.tabs.addTab(self.events_page, "Sự kiện")
        self.tabs.addTab(self.recipients_page, "Nơi nhận, chữ ký")
        self.tabs.addTab(self.appendices_page, "Phụ lục")
        self._build_bottom()

        window = Qt.ShortcutContext.WindowShortcut
        bind_local("editor.save", self, self.save, window)
        bind_local("editor.undo", self, self.undo, window)
        bind_local("editor.check", self, self.run_checks, window)
        self.tabs.currentChanged.connect(lambda _i: self.commit_fields())
        # Enter in a field must not press a button of some tab (it added empty sections).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self._show_plan()

    def _add_unit(self, name: str) -> Unit:
        """A unit the task dialog's picker did not list, added to the office's units now."""
        return self._ws.directory.save_unit(Unit(UnitId(new_id()), name))

    def _build_bottom(self) -> None:
        self.check_button = QPushButton("Kiểm tra (F7)")
        self.save_button = QPushButton("Lưu (Ctrl+S)")
        self.close_button = QPushButton("Đóng")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.check_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.check_button.clicked.connect(self.run_checks)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)

    # ---- showing the plan ----------------------------------------------------------------

    def _show_plan(self) -> None:
        """Fill every field from ``self.plan`` (after load, undo, or a structural edit)."""
        loading, self.loading = self.loading, True
        try:
            p = self.plan
            locked = header_locked(p)
            self.header_page.show_plan(p, locked)
            self.sections_page.fill_tree(self.sections_page.section_path)
            self.tasks_page.show_plan(p)
            self.events_page.events_model.set_rows(list(p.events))
            self.recipients_page.show_plan(p, locked)
            self.appendices_page.show_plan(p)
            self.recipients_page.show_signature(p)
            self._show_status()
        finally:
            self.loading = loading

    def _show_status(self) -> None:
        changed = self.is_modified()
        self.status_label.setText(
            ("Có thay đổi chưa lưu. " if changed else "Đã lưu. ")
            + "Ctrl+Z: hoàn tác; Ctrl+S: lưu; F7: kiểm tra."
        )
        self.setWindowTitle(
            f"Soạn kế hoạch{' *' if changed else ''}: {self.plan.title[:70] or '(chưa có tên)'}"
        )

    # ---- editing -------------------------------------------------------------------------

    def is_modified(self) -> bool:
        return self.saved_plan != self.plan

    def apply(self, plan: Plan) -> None:
        """Make ``plan`` the edited plan, keeping the previous one for Ctrl+Z."""
        if plan == self.plan:
            return
        self._undo.append(self.plan)
        self.plan = plan
        self._show_plan()

    def undo(self) -> None:
        self.commit_fields()
        if not self._undo:
            self.status_label.setText("Không còn gì để hoàn tác.")
            return
        self.plan = self._undo.pop()
        self._show_plan()

    def commit_fields(self) -> bool:
        """Take every field typed into the plan; False (and why) when the header is invalid."""
        if self.loading:
            return True
        if self.sections_page.commit_section():
            self.sections_page.fill_tree(self.sections_page.current_path())
        self.appendices_page.commit()
        if header_locked(self.plan):
            return True
        plan, problems = self.header_page.read(self.plan)
        self.apply(replace(plan, signature=self.recipients_page.signature()))
        return not problems

    # ---- saving, checking, closing -------------------------------------------------------

    def save(self) -> bool:
        if not self.commit_fields():
            self.tabs.setCurrentIndex(0)
            show_error(self, self.header_page.header_error.text(), "Chưa lưu được")
            return False
        try:
            self.saved_plan = self._ws.plans.save_edited(self.plan, self.saved_plan)
        except StaleEditError as stale:
            return self._settle_stale(stale)
        except UserError as exc:
            show_error(self, exc.message, "Chưa lưu được")
            return False
        self.plan = self.saved_plan
        self._show_plan()
        return True

    def _settle_stale(self, stale: StaleEditError) -> bool:
        """Another window or the command line saved this plan meanwhile: the clerk chooses."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Kế hoạch vừa được sửa ở nơi khác", "", parent=self
        )
        box.setText(stale.message)
        mine = box.addButton("Giữ bản của tôi", QMessageBox.ButtonRole.AcceptRole)
        theirs = box.addButton("Lấy bản ở nơi khác", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Để sau", QMessageBox.ButtonRole.RejectRole)
        if stale.theirs is None:
            theirs.setEnabled(False)  # deleted there: only mine can be kept
        box.exec()
        if box.clickedButton() is mine:
            try:
                # Saved on top of theirs: theirs goes to history, nothing is lost.
                self.saved_plan = self._ws.plans.save_edited(stale.mine, stale.theirs)
            except UserError as exc:
                show_error(self, exc.message, "Chưa lưu được")
                return False
        elif box.clickedButton() is theirs and stale.theirs is not None:
            self.saved_plan = stale.theirs
        else:
            return False
        self.plan = self.saved_plan
        self._show_plan()
        return True

    def run_checks(self) -> None:
        self.commit_fields()
        dialog = FindingsDialog(self.plan.title, self._ws.plans.check(self.plan), self)
        dialog.open_finding.connect(self.open_place)
        dialog.exec()

    def open_place(self, finding: Finding) -> None:
        """Show the tab (and the item) where a finding is fixed."""
        place = finding.place
        if place in self.TABS:
            self.tabs.setCurrentIndex(self.TABS.index(place))
        if not finding.item_id:
            return
        if place is Place.TASKS:
            rows = [i for i, t in enumerate(self.plan.tasks) if t.id == finding.item_id]
            if rows:
                self.tasks_page.tasks_view.selectRow(rows[0])
        if place is Place.APPENDICES:
            rows = [i for i, a in enumerate(self.plan.appendices) if a.id == finding.item_id]
            if rows:
                self.appendices_page.set_current_row(rows[0])
        if place is Place.EVENTS:
            rows = [i for i, e in enumerate(self.plan.events) if e.id == finding.item_id]
            if rows:
                self.events_page.events_view.selectRow(rows[0])

    @override
    def done(self, result: int) -> None:
        """Every way out (Đóng, Esc, the window's X) asks first when something is unsaved."""
        valid = self.commit_fields()
        if (self.is_modified() or not valid) and not self._may_leave():
            return
        super().done(result)

    def _may_leave(self) -> bool:
        answer = ask_unsaved(self, "Kế hoạch có thay đổi chưa lưu. Lưu trước khi đóng?")
        if answer is Unsaved.SAVE:
            return self.save()
        return answer is Unsaved.DISCARD
