"""Reviewing the tasks in "Nhập từ văn bản": doubtful ones first, split, join, undo, order."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.imports.plan_reader import SourceSpan
from desktop_app.ui.plan_import.plan_import_dialog import PlanImportDialog
from desktop_app.ui.plan_import.plan_import_models import ImportTreeModel
from desktop_app.ui.shortcuts import LOCAL
from desktop_app.workspace import Workspace
from tests.conftest import DEVICE
from tests.ui.conftest import activate
from tests.ui.plan_import.test_plan_import_dialog import CLOSE, NO, YES, Answers
from tests.workspace.test_import_review import PLAN  # the same plan, reviewed in the window

pytestmark = pytest.mark.gui


@pytest.fixture
def office(db_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(db_path, device=DEVICE)
    yield ws
    ws.close()


@pytest.fixture
def dialog(qtbot: QtBot, office: Workspace, tmp_path: Path) -> Iterator[PlanImportDialog]:
    path = tmp_path / "thien-tai.txt"
    path.write_text(PLAN, encoding="utf-8")
    shown = PlanImportDialog(office, office.plan_import.read_file(path))
    shown.show()
    activate(qtbot, shown)
    yield shown
    shown.edited = False  # the test is over: closing it asks nothing
    shown.close()
    shown.deleteLater()


def task_rows(dialog: PlanImportDialog) -> list[tuple[str, str, str]]:
    """(number, text, confidence) of each task row, top to bottom."""
    model = dialog.model
    parent = model.index_of("tasks")
    return [
        tuple(
            model.index(row, column, parent).data()
            for column in (
                ImportTreeModel.COL_LABEL,
                ImportTreeModel.COL_VALUE,
                ImportTreeModel.COL_CONFIDENCE,
            )
        )
        for row in range(model.rowCount(parent))
    ]


def task_count(dialog: PlanImportDialog) -> int:
    return len(dialog.plan.tasks)


def keys(qtbot: QtBot, dialog: PlanImportDialog, name: str) -> None:
    """Press the keys of LOCAL entry ``name`` where the focus is."""
    sequence = LOCAL[name].keys[0]
    *mods, key = sequence.split("+")
    modifier = Qt.KeyboardModifier.NoModifier
    for mod in mods:
        modifier |= {
            "Ctrl": Qt.KeyboardModifier.ControlModifier,
            "Shift": Qt.KeyboardModifier.ShiftModifier,
        }[mod]
    target = QApplication.focusWidget() or dialog
    qtbot.keyClick(target, getattr(Qt.Key, f"Key_{key}"), modifier)


def put_text_cursor(dialog: PlanImportDialog, before: str) -> None:
    editor = dialog.task_page.task_text
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(editor.toPlainText().index(before))
    editor.setTextCursor(cursor)


def test_the_least_sure_task_comes_first_and_the_toggle_shows_the_document_order(
    qtbot: QtBot, dialog: PlanImportDialog
) -> None:
    rows = task_rows(dialog)
    assert [number for number, _, _ in rows] == ["4", "1", "2", "3"]
    assert rows[0][2] == "Vừa"
    assert dialog.select(dialog.plan.tasks[3].id)
    assert "đoạn văn" in dialog.task_page.task_doubts.text()
    assert dialog.order_check.isChecked()
    dialog.tree.setFocus()
    keys(qtbot, dialog, "import.order")
    assert not dialog.order_check.isChecked()
    assert [number for number, _, _ in task_rows(dialog)] == ["1", "2", "3", "4"]
    # The tooltips name the keys.
    assert "Ctrl+T" in dialog.task_page.split_button.toolTip()
    assert "Ctrl+G" in dialog.task_page.join_next_button.toolTip()
    assert "Ctrl+Shift+G" in dialog.task_page.join_previous_button.toolTip()
    assert "Ctrl+Z" in dialog.undo_button.toolTip()
    assert "Ctrl+D" in dialog.order_check.toolTip()


def test_split_at_the_cursor_then_at_a_line_join_undo_and_save_in_document_order(
    qtbot: QtBot, dialog: PlanImportDialog, office: Workspace
) -> None:
    dialog.order_check.setChecked(False)
    medicine = dialog.plan.tasks[2]
    assert dialog.select(medicine.id)
    put_text_cursor(dialog, "phun thuốc")
    keys(qtbot, dialog, "import.split")
    assert [text[:20] for _, text, _ in task_rows(dialog)] == [
        "Tuần tra bảo đảm an ",
        "Kiểm tra các điểm sạ",
        "Cấp phát thuốc cho N",
        "Phun thuốc khử trùng",
        "Giao Hội Nông dân xã",
    ]
    assert [number for number, _, _ in task_rows(dialog)] == ["1", "2", "3", "4", "5"]
    node = dialog.current_node()
    assert node is not None
    assert node.value.startswith("Phun thuốc")
    assert dialog.undo_button.isEnabled()

    # At a line of the document: the clerk puts the cursor on the task's second line.
    patrol = dialog.plan.tasks[0]
    assert dialog.select(patrol.id)
    span = dialog.shown_span
    assert span is not None
    dialog.source_view.setFocus()
    dialog.source_view.setTextCursor(
        QTextCursor(dialog.source_view.document().findBlockByNumber(span.last))
    )
    keys(qtbot, dialog, "import.split")
    assert task_count(dialog) == 6
    assert dialog.plan.tasks[1].text == "Hoàn thành trong năm 2026."
    assert dialog.shown_span == SourceSpan(span.last, span.last)

    # Joined back to the one before it, with the keys, then the join undone.
    dialog.tree.setFocus()
    keys(qtbot, dialog, "import.join_previous")
    assert task_count(dialog) == 5
    assert dialog.plan.tasks[0].text.endswith("vùng bị ảnh hưởng; Hoàn thành trong năm 2026.")
    dialog.tree.setFocus()
    keys(qtbot, dialog, "import.undo")
    assert task_count(dialog) == 6

    answers = Answers(NO)
    dialog.save_button.click()
    assert answers.done
    (summary,) = office.plans.summaries()
    saved = office.plans.get(summary.id)
    assert [t.text[:20] for t in saved.tasks] == [
        "Tuần tra bảo đảm an ",
        "Hoàn thành trong năm",
        "Kiểm tra các điểm sạ",
        "Cấp phát thuốc cho N",
        "Phun thuốc khử trùng",
        "Giao Hội Nông dân xã",
    ]
    assert saved.tasks[4].lead[0].name == "Trạm Y tế xã"


def test_join_next_keeps_the_lead_of_both(qtbot: QtBot, dialog: PlanImportDialog) -> None:
    dialog.order_check.setChecked(False)
    checking = dialog.plan.tasks[1]
    assert dialog.select(checking.id)
    assert dialog.task_page.join_next_button.isEnabled()
    dialog.task_page.join_next_button.click()
    assert task_count(dialog) == 3
    joined = dialog.plan.tasks[1]
    assert [r.name for r in joined.lead] == ["Công an xã", "Trạm Y tế xã"]
    assert dialog.task_page.task_text.toPlainText().startswith("Kiểm tra các điểm sạt lở")
    last = dialog.plan.tasks[-1]
    assert dialog.select(last.id)
    assert not dialog.task_page.join_next_button.isEnabled()


def test_a_split_that_leaves_nothing_is_explained(qtbot: QtBot, dialog: PlanImportDialog) -> None:
    task = dialog.plan.tasks[0]
    assert dialog.select(task.id)
    put_text_cursor(dialog, "Tuần tra")
    answers = Answers(CLOSE)
    keys(qtbot, dialog, "import.split")
    assert answers.done
    assert "con trỏ" in answers.texts[0]
    assert task_count(dialog) == 4
    assert not dialog.undo_button.isEnabled()


def test_without_a_task_chosen_split_says_to_choose_one(
    qtbot: QtBot, dialog: PlanImportDialog
) -> None:
    assert dialog.select("header.title")
    answers = Answers(CLOSE)
    dialog.tree.setFocus()
    keys(qtbot, dialog, "import.join_next")
    assert answers.done
    assert "Hãy chọn một nhiệm vụ" in answers.texts[0]


def test_cancel_after_a_split_asks_and_saves_nothing(
    qtbot: QtBot, dialog: PlanImportDialog, office: Workspace
) -> None:
    assert dialog.select(dialog.plan.tasks[2].id)
    put_text_cursor(dialog, "phun thuốc")
    dialog.split_task()
    assert task_count(dialog) == 5
    answers = Answers(YES)
    dialog.cancel_button.click()
    assert answers.done
    assert "chưa được lưu" in answers.texts[0]
    assert not dialog.isVisible()
    assert office.plans.count() == 0


def test_the_tree_model_stays_sound_through_a_split_and_the_order_toggle(
    qtmodeltester: ModelTester, dialog: PlanImportDialog
) -> None:
    qtmodeltester.check(dialog.model)
    assert dialog.select(dialog.plan.tasks[2].id)
    put_text_cursor(dialog, "phun thuốc")
    dialog.split_task()
    dialog.order_check.toggle()
    qtmodeltester.check(dialog.model)


def test_ctrl_z_undoes_a_split_from_the_document_but_typing_from_the_text_box(
    qtbot: QtBot, dialog: PlanImportDialog
) -> None:
    assert dialog.select(dialog.plan.tasks[2].id)
    put_text_cursor(dialog, "phun thuốc")
    keys(qtbot, dialog, "import.split")
    assert task_count(dialog) == 5
    # In the task's text box Ctrl+Z is the box's own: the split stays.
    editor = dialog.task_page.task_text
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " x")
    keys(qtbot, dialog, "import.undo")
    assert task_count(dialog) == 5
    dialog.source_view.setFocus()
    keys(qtbot, dialog, "import.undo")
    assert task_count(dialog) == 4
    assert not dialog.undo_button.isEnabled()


def test_the_order_toggle_keeps_the_chosen_row(qtbot: QtBot, dialog: PlanImportDialog) -> None:
    assert dialog.select("header.place")
    dialog.order_check.toggle()
    node = dialog.current_node()
    assert node is not None
    assert node.name == "header.place"


def test_a_lead_named_under_to_chuc_thuc_hien_shows_that_line(
    qtbot: QtBot, office: Workspace, tmp_path: Path
) -> None:
    text = PLAN.replace(
        "Giao Hội Nông dân xã",
        "3. Hội Nông dân xã\n- Chủ trì kiểm tra các điểm sạt lở trên địa bàn.\n"
        "Giao Hội Nông dân xã",
    )
    path = tmp_path / "hai-lan.txt"
    path.write_text(text, encoding="utf-8")
    shown = PlanImportDialog(office, office.plan_import.read_file(path))
    qtbot.addWidget(shown)
    checking = next(t for t in shown.plan.tasks if t.text.startswith("Kiểm tra"))
    assert [r.name for r in checking.lead] == ["Công an xã", "Hội Nông dân xã"]
    assert shown.select(checking.id)
    task_lines = shown.shown_span
    assert shown.select(f"{checking.id}.lead")
    lead_lines = shown.shown_span
    assert task_lines is not None
    assert lead_lines is not None
    assert lead_lines.first > task_lines.last
    assert "sạt lở" in shown.imported.source.lines[lead_lines.first].text
