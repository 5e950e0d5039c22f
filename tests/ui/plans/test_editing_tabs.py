"""Editing in the window on the sample data: plans' lifecycle, checks, units, hamlets, sections."""

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.domain.checks import Place
from desktop_app.domain.plans import PlanStatus
from desktop_app.domain.section_tree import indent
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.plans.plan_dialogs import FindingsDialog, IssueDialog
from desktop_app.ui.plans.plan_editor import PlanEditor
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.ui.conftest import type_text, when_modal

pytestmark = pytest.mark.gui


def _ok(qtbot: QtBot, dialog: QWidget) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _select_top(tree: QTreeView, row: int) -> None:
    index = tree.model().index(row, 0)
    assert index.isValid()
    tree.setCurrentIndex(index)


def _answer(button: QMessageBox.StandardButton) -> Callable[[QWidget], None]:
    def act(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        widget.button(button).click()

    return act


def _edit_phu_lac(window: MainWindow, samples: Workspace) -> PlanEditor:
    """The editor of the Phú Lạc sample plan, opened from the plans tab."""
    window.plans_tab.select_plan(sample_plan_id(samples, "phu_lac"))
    editor = window.plans_tab.edit_plan()
    assert editor is not None
    return editor


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error boxes are collected instead of shown (they would wait for a click)."""
    shown: list[str] = []
    for module in ("desktop_app.ui.common.dialogs", "desktop_app.ui.plans.plan_editor"):
        monkeypatch.setattr(f"{module}.show_error", lambda _p, text, *_a: shown.append(text))
    return shown


def test_issuing_a_draft_numbers_it_and_locks_the_header(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    tab = window.plans_tab
    copy = samples.plans.duplicate(sample_plan_id(samples, "kon_tum"))
    tab.reload()
    assert tab.select_plan(copy.id)

    def issue(widget: QWidget) -> None:
        assert isinstance(widget, IssueDialog)
        widget.day.setText("01/03/2024")
        widget.day.editingFinished.emit()
        assert widget.number.value() == 1  # the first of 2024 for Tỉnh ủy Kon Tum
        _ok(qtbot, widget)

    when_modal(issue)
    tab.issue_button.click()
    issued = samples.plans.get(copy.id)
    assert (issued.status, issued.number, issued.date) == (
        PlanStatus.ISSUED,
        1,
        dt.date(2024, 3, 1),
    )
    editor = tab.edit_plan()
    assert editor is not None
    assert not editor.header_page.issuer.isEnabled()
    assert "đã khóa" in editor.header_page.lock_label.text()
    editor.reject()

    when_modal(_answer(QMessageBox.StandardButton.Yes))
    tab.reopen_button.click()
    assert samples.plans.get(copy.id).status is PlanStatus.DRAFT


def test_delete_asks_and_the_trash_restores(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    tab = window.plans_tab
    plan_id = sample_plan_id(samples, "huyen_uy")
    tab.select_plan(plan_id)
    when_modal(_answer(QMessageBox.StandardButton.No))
    tab.delete_button.click()
    assert samples.store.plans.exists(plan_id)
    when_modal(_answer(QMessageBox.StandardButton.Yes))
    tab.delete_button.click()
    assert not samples.store.plans.exists(plan_id)
    assert tab.plans_model.rowCount() == 4

    def restore(widget: QWidget) -> None:
        widget.list.setCurrentIndex(widget.model.index(0, 0))  # type: ignore[attr-defined]
        widget.restore_button.click()  # type: ignore[attr-defined]
        widget.accept()  # type: ignore[attr-defined]

    when_modal(restore)
    tab.trash_button.click()
    assert samples.store.plans.exists(plan_id)
    assert tab.plans_model.rowCount() == 5


def test_a_finding_opens_the_place_to_fix_it(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    tab = window.plans_tab
    tab.select_plan(sample_plan_id(samples, "tan_ky"))
    dialog = tab.check_plan()
    assert isinstance(dialog, FindingsDialog)
    no_lead = next(i for i, f in enumerate(dialog.findings) if "chủ trì" in f.message)
    finding = dialog.findings[no_lead]
    assert finding.place is Place.TASKS
    dialog.list.setCurrentIndex(dialog.model.index(no_lead, 0))
    dialog.list.activated.emit(dialog.model.index(no_lead, 0))
    editor = tab.editor
    assert editor is not None
    assert editor.tabs.currentIndex() == 2
    row = editor.tasks_page.tasks_view.selectionModel().selectedRows()[0].row()
    assert editor.plan.tasks[row].id == finding.item_id
    editor.reject()


def test_closing_with_unsaved_changes_asks(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    editor = _edit_phu_lac(window, samples)
    editor.tabs.setCurrentIndex(1)
    _select_top(editor.sections_page.tree, 0)
    editor.sections_page.section_title.setText("MỤC ĐÍCH, YÊU CẦU CỤ THỂ")
    when_modal(_answer(QMessageBox.StandardButton.Cancel))
    editor.close_button.click()
    assert editor.isVisible()
    assert editor.plan.sections[0].title == "MỤC ĐÍCH, YÊU CẦU CỤ THỂ"
    when_modal(_answer(QMessageBox.StandardButton.Discard))
    editor.close_button.click()
    assert not editor.isVisible()
    assert samples.plans.get(editor.plan.id).sections[0].title == "MỤC ĐÍCH, YÊU CẦU"


def test_the_section_tree_is_edited_and_undone(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    editor = _edit_phu_lac(window, samples)
    editor.tabs.setCurrentIndex(1)
    before = editor.plan.sections
    _select_top(editor.sections_page.tree, 1)  # II. NỘI DUNG
    editor.sections_page.add_sibling()
    type_text(editor.sections_page.section_label, "III.")
    type_text(editor.sections_page.section_title, "KINH PHÍ")
    editor.sections_page.section_paragraphs.setPlainText("Kinh phí do ngân sách xã bảo đảm.")
    editor.sections_page.apply_section()
    titles = [s.title for s in editor.plan.sections]
    assert titles[2] == "KINH PHÍ"
    editor.sections_page.tree_op(indent)
    assert [c.title for c in editor.plan.sections[1].children][-1] == "KINH PHÍ"
    for _ in range(3):
        editor.undo()
    assert editor.plan.sections == before
    assert editor.save()
    editor.reject()


def test_units_are_added_refused_when_duplicate_merged_and_deactivated(
    qtbot: QtBot, window: MainWindow, samples: Workspace, errors: list[str]
) -> None:
    window.show_tab("units")
    tab = window.units_tab
    dialog = tab.add_unit()
    type_text(dialog.name, "Ban Chỉ đạo xây dựng nông thôn mới")
    type_text(dialog.abbreviation, "BCĐ")
    _ok(qtbot, dialog)
    assert any(u.name == "Ban Chỉ đạo xây dựng nông thôn mới" for u in samples.directory.units())

    dialog = tab.add_unit()
    type_text(dialog.name, "cong an xa")
    _ok(qtbot, dialog)
    assert errors == ["Đã có đơn vị “Công an xã” trùng tên với “cong an xa”."]
    assert dialog.isVisible()  # opened again to fix the name
    dialog.reject()

    units = samples.directory.units()
    keep = next(u for u in units if u.name == "Ủy ban Mặt trận tổ quốc xã")
    drop = next(u for u in units if u.name == "Ủy ban MTTQ xã và các đoàn thể")
    tab.search.clear()
    selection = tab.view.selectionModel()
    selection.clearSelection()
    for row, unit in enumerate(tab.model.rows()):
        if unit.id in (keep.id, drop.id):
            selection.select(
                tab.model.index(row, 0),
                selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
            )
    assert {u.id for u in tab.selected_units()} == {keep.id, drop.id}

    def merge(widget: QWidget) -> None:
        widget.keep.setCurrentIndex(widget.keep.findData(keep.id))  # type: ignore[attr-defined]
        _ok(qtbot, widget)

    when_modal(merge)
    tab.merge_units()
    assert drop.id not in {u.id for u in samples.directory.units()}
    assert samples.exchange.history(table="units", row_id=drop.id)[0].reason == "merged"

    tab.view.selectRow(0)
    first = tab.selected_units()[0]
    tab.toggle_active()
    assert not next(u for u in samples.directory.units() if u.id == first.id).active


def test_hamlets_are_merged_in_the_window(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    window.show_tab("hamlets")
    tab = window.hamlets_tab
    tab.search.setText("xom luoc")
    tab.hamlets_view.selectAll()
    assert [h.name for h in tab.selected_hamlets()] == ["Xóm Lược 1", "Xóm Lược 2"]

    def merge(widget: QWidget) -> None:
        assert isinstance(widget, QDialog)
        widget.name.setText("Xóm Lược")  # type: ignore[attr-defined]
        _ok(qtbot, widget)

    when_modal(merge)
    tab.merge_hamlets()
    phu_lac = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    names = [h.name for a in phu_lac.assignments for h in a.hamlets]
    assert "Xóm Lược" in names
    assert "Xóm Lược 1" not in names
    tab.search.setText("luoc 1")
    assert tab.hamlets_model.rowCount() == 1  # the old name is still found


def test_the_editor_at_1366x768(
    qtbot: QtBot, window: MainWindow, samples: Workspace, tmp_path: Path
) -> None:
    editor = _edit_phu_lac(window, samples)
    editor.resize(1366, 728)
    qtbot.waitExposed(editor)
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        assert editor.minimumSizeHint().height() <= 728
        assert editor.minimumSizeHint().width() <= 1366
        assert editor.grab().save(str(tmp_path / f"editor-{index}.png"))
    editor.reject()


def test_events_are_added_and_moved_in_the_editor(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    editor = _edit_phu_lac(window, samples)
    editor.tabs.setCurrentIndex(3)
    assert editor.events_page.events_model.rowCount() == 13

    def add(widget: QWidget) -> None:
        type_text(widget.label, "Hội nghị sơ kết")  # type: ignore[attr-defined]
        widget.day.setText("30/02/2026")  # type: ignore[attr-defined]
        _ok(qtbot, widget)
        assert "không có trên lịch" in widget.error.text()  # type: ignore[attr-defined]
        widget.day.setText("15/06/2026")  # type: ignore[attr-defined]
        widget.time.setText("14h")  # type: ignore[attr-defined]
        _ok(qtbot, widget)

    when_modal(add)
    editor.events_page.add_event()
    assert any(e.label == "Hội nghị sơ kết" and e.time == "14h" for e in editor.plan.events)

    first = editor.plan.events[0]
    editor.events_page.events_view.selectRow(0)

    def move(widget: QWidget) -> None:
        widget.date.setDate(widget.date.date().addDays(1))  # type: ignore[attr-defined]
        _ok(qtbot, widget)

    when_modal(move)
    editor.events_page.move_selected_event()
    moved = next(e for e in editor.plan.events if e.id == first.id)
    assert moved.date == first.date + dt.timedelta(days=1)
    assert moved.rule_date == first.date
    assert editor.save()
    editor.reject()


def test_the_phu_lac_appendix_line_is_fixed_from_its_finding(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    tab = window.plans_tab
    plan_id = sample_plan_id(samples, "phu_lac")
    tab.select_plan(plan_id)
    dialog = tab.check_plan()
    assert dialog is not None
    index = next(i for i, f in enumerate(dialog.findings) if f.place is Place.APPENDICES)
    dialog.list.activated.emit(dialog.model.index(index, 0))
    editor = tab.editor
    assert editor is not None
    assert editor.tabs.currentIndex() == 5
    editor.appendices_page.fill_attached_line()
    assert editor.plan.appendices[0].attached_line == (
        "(Kèm theo Kế hoạch số /KH-UBND ngày 02 tháng 12 năm 2025 của Ủy ban nhân dân xã Phú Lạc)"
    )
    assert editor.save()
    editor.reject()
    assert not any(
        f.place is Place.APPENDICES for f in samples.plans.check(samples.plans.get(plan_id))
    )


def test_an_assignment_finding_opens_the_hamlets_tab(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    plan_id = sample_plan_id(samples, "phu_lac")
    plan = samples.plans.get(plan_id)
    samples.directory.save_assignments(plan_id, plan.assignments[1:])
    window.plans_tab.reload()
    window.plans_tab.select_plan(plan_id)
    dialog = window.plans_tab.check_plan()
    assert dialog is not None
    index = next(i for i, f in enumerate(dialog.findings) if f.place is Place.ASSIGNMENTS)
    dialog.list.activated.emit(dialog.model.index(index, 0))
    assert window.tabs.currentWidget() is window.hamlets_tab
    assert window.hamlets_tab.plan_combo.currentData() == plan_id


def _click(label: str) -> Callable[[QWidget], None]:
    def act(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        assert "vừa được sửa ở nơi khác" in widget.text()
        (button,) = [b for b in widget.buttons() if b.text() == label]
        button.click()

    return act


@pytest.mark.parametrize("choice", ["Giữ bản của tôi", "Lấy bản ở nơi khác"])
def test_a_save_over_an_edit_made_elsewhere_asks_which_to_keep(
    qtbot: QtBot, window: MainWindow, samples: Workspace, samples_path: Path, choice: str
) -> None:
    editor = _edit_phu_lac(window, samples)
    other = Workspace.open(samples_path, device="command-line")
    theirs = other.plans.get(editor.plan.id)
    other.plans.save_edited(dataclasses.replace(theirs, notes="Sửa bằng dòng lệnh"), theirs)
    other.close()
    editor.tabs.setCurrentIndex(1)
    _select_top(editor.sections_page.tree, 0)
    editor.sections_page.section_title.setText("MỤC ĐÍCH (sửa trong cửa sổ)")
    when_modal(_click(choice))
    editor.save_button.click()
    stored = samples.plans.get(editor.plan.id)
    if choice == "Giữ bản của tôi":
        assert stored.sections[0].title == "MỤC ĐÍCH (sửa trong cửa sổ)"
        assert stored.notes == theirs.notes  # mine was made on what I opened
    else:
        assert stored.notes == "Sửa bằng dòng lệnh"
        assert editor.plan == stored
    assert samples.store.history_count("plans", stored.id) >= 1


def test_the_clerk_chooses_how_the_tasks_print(
    qtbot: QtBot, window: MainWindow, samples: Workspace, tmp_path: Path
) -> None:
    from desktop_app.domain.printed import tasks_appendix  # noqa: PLC0415
    from desktop_app.ui.plans.plan_preview import plan_html  # noqa: PLC0415

    editor = _edit_phu_lac(window, samples)
    page = editor.tasks_page
    assert page.print_form.currentIndex() == 0
    assert tasks_appendix(editor.plan) is None
    page.print_form.setCurrentIndex(1)
    page.print_form.activated.emit(1)
    appendix = tasks_appendix(editor.plan)
    assert appendix is not None
    assert appendix.title == "Danh mục nhiệm vụ"
    assert "Danh mục nhiệm vụ".upper() in plan_html(editor.plan)
    assert editor.appendices_page.appendices_model.rowCount() == len(editor.plan.appendices)
    editor.tabs.setCurrentWidget(page)
    assert editor.grab().save(str(tmp_path / "tasks-tab.png"))
    page.print_form.setCurrentIndex(0)
    page.print_form.activated.emit(0)
    assert tasks_appendix(editor.plan) is None
    editor.undo()  # the choice is one step of Ctrl+Z like any edit
    assert tasks_appendix(editor.plan) is not None
    assert page.print_form.currentIndex() == 1
    assert editor.save()
    assert tasks_appendix(samples.plans.get(editor.plan.id)) is not None
    editor.reject()
