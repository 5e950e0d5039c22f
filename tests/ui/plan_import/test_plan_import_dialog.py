"""The window "Nhập từ văn bản": read a plan document, check it, correct it, save a draft."""

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.domain.ids import UnitId
from desktop_app.domain.plans import PlanStatus, Task
from desktop_app.domain.units import Unit
from desktop_app.imports.plan_reader import SourceSpan
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.plan_import.name_choices import ADD_NEW
from desktop_app.ui.plan_import.open_document import DOCUMENT_FILTER
from desktop_app.ui.plan_import.plan_import_dialog import PlanImportDialog
from desktop_app.ui.plan_import.plan_import_models import FindingsTableModel, ImportTreeModel
from desktop_app.ui.plans.plan_editor import PlanEditor
from desktop_app.workspace import Workspace
from tests.conftest import DEVICE, SEEDS, needs_seeds
from tests.ui.conftest import activate, answer_file_dialog, open_window, type_text, when_modal

pytestmark = pytest.mark.gui

PHU_LAC = SEEDS / "001_5e32054a1d37738b.txt"

KNOWN_OFFICE = "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"
SMALL_PLAN = """\
ỦY BAN NHÂN DÂN
XÃ AN BÌNH
Số: /KH-UBND
An Bình, ngày 05 tháng 01 năm 2026

KẾ HOẠCH
Tổ chức Tết trồng cây Xuân Bính Ngọ năm 2026

Căn cứ Kế hoạch số 12/KH-UBND ngày 02/01/2026 của UBND huyện;

I. MỤC ĐÍCH, YÊU CẦU
Phát động phong trào trồng cây trên địa bàn xã.

II. TỔ CHỨC THỰC HIỆN
1. Văn phòng HĐND và UBND xã:
- Chủ trì tổng hợp kết quả, báo cáo UBND xã trước ngày 20/02/2026.
2. Đoàn Thanh niên xã:
- Chủ trì, phối hợp với Hội Nông dân xã tổ chức ra quân trồng cây, hoàn thành trước ngày 15/02/2026.
3. Trạm Y tế xã:
- Bảo đảm vệ sinh môi trường trong ngày ra quân, thường xuyên.

Nơi nhận:
- Đảng ủy xã;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn An
"""


class Answers:
    """Answers the next message boxes in turn with the given buttons, noting their texts."""

    def __init__(self, *buttons: QMessageBox.StandardButton) -> None:
        self.texts: list[str] = []
        self._buttons = list(buttons)
        self._next()

    def _next(self) -> None:
        if self._buttons:
            when_modal(self._act)

    def _act(self, widget: QWidget) -> None:
        if not isinstance(widget, QMessageBox) or widget.text() in self.texts:
            when_modal(self._act)  # a progress bar or the window itself: wait for the box
            return
        self.texts.append(widget.text())
        widget.button(self._buttons.pop(0)).click()
        self._next()

    @property
    def done(self) -> bool:
        return not self._buttons


YES = QMessageBox.StandardButton.Yes  # "Mở để soạn tiếp", "Bỏ và đóng"
NO = QMessageBox.StandardButton.No
CLOSE = QMessageBox.StandardButton.Ok  # "Đóng" of an error


@pytest.fixture
def small_plan(tmp_path: Path) -> Path:
    path = tmp_path / "tet-trong-cay.txt"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    return path


@pytest.fixture
def office(db_path: Path) -> Iterator[Workspace]:
    """An office whose list has one unit, named otherwise than the small plan names it."""
    ws = Workspace.open(db_path, device=DEVICE)
    ws.directory.save([Unit(UnitId("u-office"), KNOWN_OFFICE)])
    yield ws
    ws.close()


@pytest.fixture
def office_window(qtbot: QtBot, office: Workspace) -> MainWindow:
    return open_window(qtbot, office)


def _open(window: MainWindow, path: Path) -> PlanImportDialog:
    dialog = window.import_plan_document(path)
    assert isinstance(dialog, PlanImportDialog)
    assert dialog.isVisible()
    return dialog


def _press(qtbot: QtBot, widget: QWidget, key: Qt.Key, ctrl: bool = False) -> None:
    activate(qtbot, widget)
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(widget, key, modifier)


def _children(dialog: PlanImportDialog, branch: str) -> list[tuple[str, str]]:
    model = dialog.model
    parent = model.index_of(branch)
    return [
        (
            model.index(row, ImportTreeModel.COL_LABEL, parent).data(),
            model.index(row, ImportTreeModel.COL_VALUE, parent).data(),
        )
        for row in range(model.rowCount(parent))
    ]


# ---- the whole way, through the menu --------------------------------------------------------


def _check_small_plan_read(dialog: PlanImportDialog) -> None:
    assert [label for label, _ in _children(dialog, "tasks")] == ["1", "2", "3"]
    assert _children(dialog, "tasks")[2][1].startswith("Bảo đảm vệ sinh môi trường")
    lead = dialog.model.node_named(f"{dialog.plan.tasks[1].id}.lead")
    assert lead is not None
    assert lead.value == "Đoàn Thanh niên xã"
    assert ("Người ký", "Nguyễn Văn An") in _children(dialog, "signature")


def _correct_small_plan(qtbot: QtBot, dialog: PlanImportDialog) -> None:
    # The title, corrected in the header fields, shows in the tree at once; Enter on a
    # header row goes to its field.
    assert dialog.detail.currentWidget() is dialog.header_page
    assert dialog.select("header.date")
    _press(qtbot, dialog.tree, Qt.Key.Key_Return)
    assert dialog.header_page.date_edit.hasFocus()
    dialog.header_page.title_edit.setFocus()
    dialog.header_page.title_edit.selectAll()
    type_text(dialog.header_page.title_edit, "Tết trồng cây năm 2026")
    assert dialog.model.node_named("header.title").value == "Tết trồng cây năm 2026"  # type: ignore[union-attr]

    # The office's own name for the "Văn phòng HĐND và UBND xã".
    names = {c.written: c for c in dialog.names_panel.names}
    assert set(names) == {
        "Văn phòng HĐND và UBND xã",
        "Đoàn Thanh niên xã",
        "Hội Nông dân xã",
        "Trạm Y tế xã",
    }
    office_choice = names["Văn phòng HĐND và UBND xã"]
    assert office_choice.combo.currentText() == ADD_NEW
    office_choice.combo.setCurrentIndex(office_choice.combo.findText(KNOWN_OFFICE))

    # The third line is no task: unticked with the space bar in the tree.
    dropped = dialog.plan.tasks[2]
    assert dialog.select(dropped.id)
    assert dialog.detail.currentWidget() is dialog.task_page
    assert not dialog.task_page.drop_check.isChecked()
    _press(qtbot, dialog.tree, Qt.Key.Key_Space)
    assert not dialog.model.is_kept(dropped.id)
    assert dialog.task_page.drop_check.isChecked()
    assert dialog.model.node_named("tasks").value == "3 nhiệm vụ (bỏ 1, còn 2)"  # type: ignore[union-attr]
    assert "không còn dùng" in names["Trạm Y tế xã"].label.text()
    assert not names["Trạm Y tế xã"].combo.isEnabled()


def _check_small_plan_saved(office: Workspace, office_window: MainWindow) -> None:
    plans = office.plans.summaries()
    assert len(plans) == 1
    saved = office.plans.get(plans[0].id)
    assert saved.status is PlanStatus.DRAFT
    assert saved.title == "Tết trồng cây năm 2026"
    assert [t.text[:12] for t in saved.tasks] == ["Chủ trì tổng", "Chủ trì, phố"]
    assert saved.tasks[0].lead[0].id == "u-office"
    assert sorted(u.name for u in office.directory.units()) == sorted(
        [KNOWN_OFFICE, "Đoàn Thanh niên xã", "Hội Nông dân xã"]
    )
    for ref in (*saved.tasks[1].lead, *saved.tasks[1].support):
        assert ref.id
    # The main window shows the new draft.
    assert office_window.plans_tab.selected_plan_id() == saved.id
    assert not office_window.welcome.isVisible()


def test_menu_reads_the_chosen_file_and_saves_the_corrected_draft(
    qtbot: QtBot,
    office_window: MainWindow,
    office: Workspace,
    small_plan: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked = answer_file_dialog(monkeypatch, "getOpenFileName", small_plan)
    menu = office_window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    action = next(a for a in menu.actions() if a.text() == "Nhập kế hoạch từ &văn bản…")
    assert action.shortcut().toString() == "Ctrl+Shift+O"
    action.trigger()
    assert [filters for _folder, filters in asked] == [DOCUMENT_FILTER]
    dialog = office_window.findChild(PlanImportDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Nhập từ văn bản \u2014 tet-trong-cay.txt"
    _check_small_plan_read(dialog)

    _correct_small_plan(qtbot, dialog)

    answers = Answers(NO)  # saved; do not open the editor now
    _press(qtbot, dialog, Qt.Key.Key_S, ctrl=True)
    assert answers.done
    assert "Mở kế hoạch vừa lưu để soạn tiếp?" in answers.texts[0]
    assert not dialog.isVisible()
    assert dialog.saved_plan is not None
    _check_small_plan_saved(office, office_window)


def _check_task_lines_marked(dialog: PlanImportDialog, task: Task, span: SourceSpan) -> None:
    """The task's lines are marked in the document and in view."""
    document = dialog.source_view.document()
    assert dialog.select(task.id)
    assert dialog.shown_span == span
    marks = dialog.source_view.extraSelections()
    assert len(marks) == 1
    first = document.findBlockByNumber(span.first)
    last = document.findBlockByNumber(span.last)
    assert marks[0].cursor.selectionStart() == first.position()
    assert marks[0].cursor.selectionEnd() >= last.position() + last.length() - 1
    assert dialog.source_view.textCursor().blockNumber() == span.first
    top = dialog.source_view.cursorRect(QTextCursor(first)).top()
    assert 0 <= top < dialog.source_view.viewport().height() // 2
    assert dialog.task_page.task_text.toPlainText() == task.text
    assert "văn bản gốc, dòng" in dialog.task_page.task_heading.text()


@needs_seeds
def test_phu_lac_tree_source_lines_and_the_editor(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    before = samples.plans.count()
    dialog = _open(window, PHU_LAC)
    plan = dialog.plan
    spans = dialog.imported.spans
    assert len(plan.tasks) > 5
    assert len(plan.events) > 5
    assert [value for _, value in _children(dialog, "tasks")] == [t.text for t in plan.tasks]
    assert [label for label, _ in _children(dialog, "events")] == [e.label for e in plan.events]
    assert _children(dialog, "events")[0][1].startswith("Thứ Bảy, 06/12/2025")
    assert dialog.model.rowCount(dialog.model.index_of("assignments")) == len(plan.assignments)
    # The source: one line per line of the document.
    document = dialog.source_view.document()
    assert document.blockCount() == len(dialog.imported.source.lines)

    # A task: its lines are marked and in view.
    task = plan.tasks[4]
    span = spans[task.id]
    _check_task_lines_marked(dialog, task, span)
    # Its lead row shows the same lines; a row the document has no place for keeps them.
    assert dialog.select(f"{task.id}.lead")
    assert dialog.shown_span == span
    assert dialog.select("header.system")
    assert dialog.shown_span == span
    assert dialog.select(plan.events[0].id)
    assert dialog.shown_span == spans[plan.events[0].id]
    # A finding about a task leads to it.
    rows = [i for i, f in enumerate(dialog.imported.findings) if f.item_id in spans]
    assert rows
    dialog.findings_view.selectRow(rows[0])
    node = dialog.current_node()
    assert node is not None
    assert node.name == dialog.imported.findings[rows[0]].item_id
    if dialog.imported.matched:
        assert dialog.names_panel.matched_label is not None
        assert "khớp với" in dialog.names_panel.matched_label.text()

    # Saved as it is read, then opened in the plan editor.
    answers = Answers(YES)
    dialog.save_button.click()
    assert answers.done
    assert samples.plans.count() == before + 1
    assert dialog.saved_plan is not None
    editor = window.plans_tab.editor
    assert isinstance(editor, PlanEditor)
    assert editor.isVisible()
    assert editor.plan.id == dialog.saved_plan.id
    assert editor.plan.status is PlanStatus.DRAFT
    assert window.plans_tab.selected_plan_id() == dialog.saved_plan.id
    editor.reject()
    assert not editor.isVisible()


# ---- what cannot be saved, and leaving ------------------------------------------------------


def test_wrong_date_and_empty_task_are_explained_and_nothing_saved(
    qtbot: QtBot, office_window: MainWindow, office: Workspace, small_plan: Path
) -> None:
    dialog = _open(office_window, small_plan)
    assert dialog.header_page.date_edit.text() == "05/01/2026"
    dialog.header_page.date_edit.setFocus()
    dialog.header_page.date_edit.selectAll()
    type_text(dialog.header_page.date_edit, "31/02/2026")
    answers = Answers(CLOSE)
    _press(qtbot, dialog, Qt.Key.Key_Return, ctrl=True)
    assert answers.done
    assert "31/02/2026" in answers.texts[0]
    assert "ngày/tháng/năm" in answers.texts[0]
    assert dialog.header_page.header_error.isVisible()
    assert office.plans.count() == 0
    assert dialog.isVisible()

    # A blank date is allowed; a task emptied is not.
    dialog.header_page.date_edit.clear()
    task = dialog.plan.tasks[0]
    dialog.select(task.id)
    dialog.task_page.task_text.setFocus()
    dialog.task_page.task_text.selectAll()
    qtbot.keyClick(dialog.task_page.task_text, Qt.Key.Key_Delete)
    assert dialog.model.node_named(task.id).value == ""  # type: ignore[union-attr]
    answers = Answers(CLOSE)
    dialog.save_button.click()
    assert "Nhiệm vụ thứ 1 chưa có nội dung" in answers.texts[0]
    assert office.plans.count() == 0

    # Esc asks, because something was edited; "Không" keeps the window, then "Bỏ và đóng".
    answers = Answers(NO)
    _press(qtbot, dialog.tree, Qt.Key.Key_Escape)
    assert answers.done
    assert "chưa được lưu" in answers.texts[0]
    assert dialog.isVisible()
    answers = Answers(YES)
    dialog.cancel_button.click()
    assert answers.done
    assert not dialog.isVisible()
    assert office.plans.count() == 0
    assert [u.name for u in office.directory.units()] == [KNOWN_OFFICE]


def test_cancel_without_edits_closes_at_once(
    qtbot: QtBot, office_window: MainWindow, office: Workspace, small_plan: Path
) -> None:
    dialog = _open(office_window, small_plan)
    dialog.select(dialog.plan.tasks[1].id)  # looking is no editing
    dialog.cancel_button.click()
    assert not dialog.isVisible()
    assert office.plans.count() == 0


def test_a_file_that_is_no_document_shows_why(
    qtbot: QtBot, office_window: MainWindow, office: Workspace, tmp_path: Path
) -> None:
    junk = tmp_path / "ke-hoach.docx"
    junk.write_bytes(bytes(range(256)) * 40)
    answers = Answers(CLOSE)
    assert office_window.import_plan_document(junk) is None
    assert answers.done
    assert "ke-hoach.docx" in answers.texts[0]
    assert office_window.findChild(PlanImportDialog) is None
    assert QApplication.overrideCursor() is None
    assert office.plans.count() == 0
    assert [u.name for u in office.directory.units()] == [KNOWN_OFFICE]


def test_cancelled_file_choice_does_nothing(
    office_window: MainWindow, office: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    chooser: Callable[..., tuple[str, str]] = lambda *_args: ("", "")  # noqa: E731
    monkeypatch.setattr(QFileDialog, "getOpenFileName", chooser)
    assert office_window.import_plan_document() is None
    assert office_window.findChild(PlanImportDialog) is None


# ---- the models -----------------------------------------------------------------------------


def test_models_pass_the_model_tester(
    qtmodeltester: ModelTester, office: Workspace, small_plan: Path
) -> None:
    imported = office.plan_import.read_file(small_plan)
    tree = ImportTreeModel(imported.plan, imported.spans, imported.findings)
    qtmodeltester.check(tree)
    task = imported.plan.tasks[0]
    tree.set_kept(task.id, False)
    tree.set_value("header.title", "Tên khác")
    index = tree.index_of(task.id)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert tree.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert tree.is_kept(task.id)
    assert tree.source_span(tree.node(index)) == imported.spans[task.id]  # type: ignore[arg-type]
    qtmodeltester.check(tree)
    findings = FindingsTableModel()
    findings.set_rows(imported.findings)
    qtmodeltester.check(findings)


@needs_seeds
def test_phu_lac_tree_model(qtmodeltester: ModelTester, workspace: Workspace) -> None:
    imported = workspace.plan_import.read_file(PHU_LAC)
    tree = ImportTreeModel(imported.plan, imported.spans, imported.findings)
    qtmodeltester.check(tree)
    assert imported.plan.date == dt.date(2025, 12, 2)


def test_without_a_main_window_the_dialog_opens_its_own_editor(
    qtbot: QtBot, office: Workspace, small_plan: Path
) -> None:
    dialog = PlanImportDialog(office, office.plan_import.read_file(small_plan))
    qtbot.addWidget(dialog)
    dialog.show()
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    answers = Answers(YES)
    assert dialog.save() is not None
    assert answers.done
    assert saved == [dialog.saved_plan]
    assert isinstance(dialog.editor, PlanEditor)
    assert dialog.editor.isVisible()
    dialog.editor.reject()
    assert dialog.save() is None  # once only
    assert office.plans.count() == 1
