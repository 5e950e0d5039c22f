"""The plan editor, and the assignment table of the Xóm tab, driven through the window only."""

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop_app.domain.deadlines import DeadlineKind
from desktop_app.domain.ids import HamletId, UnitId
from desktop_app.domain.plans import Plan, PlanStatus, System, UnitRef
from desktop_app.imports.plan_json import read_sample
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.plans.plan_editor import PlanEditor
from desktop_app.workspace import Workspace
from tests.conftest import DEVICE
from tests.ui.conftest import activate, open_window, type_text, when_modal

pytestmark = pytest.mark.gui

PHU_LAC = Path(__file__).parents[3] / "resources" / "samples" / "phu-lac-ra-quan-ntm.json"


def _ok(qtbot: QtBot, dialog: QWidget) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _type_line(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Select what is there, type over it, press Enter (editingFinished, as a clerk would)."""
    edit.setFocus()
    edit.selectAll()
    type_text(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


@pytest.fixture
def office(db_path: Path) -> Iterator[Workspace]:
    """A new office with the Phú Lạc units and hamlets in its directory, and no plan."""
    ws = Workspace.open(db_path, device=DEVICE)
    bundle = read_sample(PHU_LAC)
    ws.directory.save(
        [
            dataclasses.replace(u, id=UnitId(f"u{i}"), position=i)
            for i, u in enumerate(bundle.units)
        ],
        [dataclasses.replace(h, id=HamletId(f"h{i}")) for i, h in enumerate(bundle.hamlets)],
    )
    yield ws
    ws.close()


@pytest.fixture
def office_window(qtbot: QtBot, office: Workspace) -> MainWindow:
    return open_window(qtbot, office)


def _line(combo: QComboBox) -> QLineEdit:
    edit = combo.lineEdit()
    assert edit is not None
    return edit


def _task_count(editor: PlanEditor) -> int:
    return len(editor.plan.tasks)


def _add_task(
    qtbot: QtBot, editor: PlanEditor, text: str, lead: list[str], deadline: str, *, until: str = ""
) -> None:
    dialog = editor.tasks_page.add_task()
    type_text(dialog.text, text)
    for name in lead:
        dialog.lead.filter.setFocus()
        type_text(dialog.lead.filter, name)
        dialog.lead.choose(name)
        dialog.lead.filter.clear()
    type_text(dialog.deadline.text, deadline)
    if until:
        assert dialog.until.isEnabled()
        type_text(dialog.until, until)
    _ok(qtbot, dialog)
    assert not dialog.isVisible(), dialog.error.text()


ASSIGNMENT_ROWS = [
    ("Văn phòng Đảng ủy", "Đề nghị", "Xóm Quang Minh, Phú Hòa, Phương Nam 2, Phương Nam 3"),
    ("Ban xây dựng Đảng", "Đề nghị", "Xóm 1, 2, 3"),
    ("Ủy ban kiểm tra Đảng ủy", "Đề nghị", "Xóm Lược 1, Lược 2, 14"),
    (
        "Ủy ban MTTQ xã và các đoàn thể",
        "Đề nghị",
        "Xóm Khu 1, Khu 2, Xóm Đồng Vòng, 11 và xóm 11A",
    ),
    ("Ban chỉ huy Quân sự xã", "", "Xóm Khu 3, Ngọc Linh, Xóm Mận"),
]


def _enter_header(qtbot: QtBot, editor: PlanEditor) -> None:
    # Header, with a wrong date refused at the field first.
    _type_line(qtbot, editor.header_page.issuer, "ỦY BAN NHÂN DÂN XÃ PHÚ LẠC")
    _type_line(qtbot, editor.header_page.symbol, "KH-UBND")
    _type_line(qtbot, editor.header_page.place, "Phú Lạc")
    _type_line(qtbot, editor.header_page.date, "31/02/2026")
    assert "không có trên lịch" in editor.header_page.header_error.text()
    assert editor.plan.date is None
    _type_line(qtbot, editor.header_page.date, "02/12/2025")
    assert editor.header_page.header_error.text() == ""
    editor.header_page.title.setFocus()
    type_text(
        editor.header_page.title,
        "Tổ chức thực hiện ra quân xây dựng Nông thôn mới trên địa bàn xã Phú Lạc",
    )
    editor.header_page.bases.setFocus()
    type_text(
        editor.header_page.bases,
        "Căn cứ Nghị quyết Đại hội đại biểu Đảng bộ xã Phú Lạc lần thứ I, nhiệm kỳ 2025-2030;",
    )


def _enter_tasks(qtbot: QtBot, editor: PlanEditor) -> None:
    # Three tasks, one recurring with its end.
    editor.tabs.setCurrentIndex(2)
    _add_task(
        qtbot, editor,
        "Định kỳ tổng hợp báo cáo UBND xã kết quả ra quân trên địa bàn xã",
        ["Phòng Kinh tế"], "trước ngày 10 hàng tháng", until="31/12/2026",
    )  # fmt: skip
    _add_task(
        qtbot, editor,
        "Chủ trì, phối hợp với các cơ quan liên quan cập nhật thông tin, kết quả thực hiện ra quân",
        ["Trung tâm Dịch vụ tổng hợp"], "thường xuyên",
    )  # fmt: skip
    _add_task(
        qtbot, editor,
        "Tổng kết đợt ra quân năm 2026",
        ["Phòng Kinh tế", "Công an xã"], "trước ngày 25/12/2026",
    )  # fmt: skip
    assert _task_count(editor) == 3

    # Delete then Ctrl+Z: the task comes back.
    activate(qtbot, editor)
    editor.tasks_page.tasks_view.selectRow(1)
    editor.tasks_page.tasks_view.setFocus()
    qtbot.keyClick(editor.tasks_page.tasks_view, Qt.Key.Key_Delete)
    assert _task_count(editor) == 2
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _task_count(editor) == 3


def _enter_events_recipients_and_signature(qtbot: QtBot, editor: PlanEditor) -> None:
    # The campaign days, from the rule as the plan writes it.
    editor.tabs.setCurrentIndex(3)
    type_text(
        editor.events_page.rule_text,
        "ngày thứ Bảy đầu tiên của tháng, từ tháng 12/2025 đến hết tháng 12/2026",
    )
    type_text(editor.events_page.rule_place, "Tại các xóm")
    editor.events_page.generate_events()
    assert editor.events_page.rule_error.text() == ""
    assert len(editor.plan.events) == 13

    # Nơi nhận and signature.
    editor.tabs.setCurrentIndex(4)
    type_text(_line(editor.recipients_page.recipient_text), "Thường trực Đảng ủy")
    editor.recipients_page.add_recipient()
    editor.recipients_page.add_archive_line()
    for combo, text in (
        (editor.recipients_page.authority, "TM. ỦY BAN NHÂN DÂN"),
        (editor.recipients_page.position, "CHỦ TỊCH"),
        (editor.recipients_page.signer, "Nguyễn Văn Thắng"),
    ):
        _type_line(qtbot, _line(combo), text)


def _enter_assignments(
    qtbot: QtBot, office_window: MainWindow, plan_id: str, tmp_path: Path
) -> None:
    # Five rows of the assignment table, typed the way the plan prints them.
    office_window.show_tab("hamlets")
    tab = office_window.hamlets_tab
    tab.show_plan(plan_id)
    for unit, prefix, hamlets in ASSIGNMENT_ROWS:
        dialog = tab.add_row()
        assert dialog is not None
        type_text(_line(dialog.unit), unit)
        if prefix:
            type_text(_line(dialog.prefix), prefix)
        type_text(dialog.hamlets, hamlets)
        assert dialog.meaning_model.rowCount() >= 3
        _ok(qtbot, dialog)
        assert not dialog.isVisible(), dialog.error.text()
    office_window.grab().save(str(tmp_path / "hamlets.png"))


def _assert_read_back(plan: Plan) -> None:
    assert plan.issuer.name == "ỦY BAN NHÂN DÂN XÃ PHÚ LẠC"
    assert (plan.number, plan.symbol, plan.reference) == (None, "KH-UBND", "")
    assert plan.date == dt.date(2025, 12, 2)
    assert plan.title.startswith("Tổ chức thực hiện ra quân")
    assert plan.bases == (
        "Căn cứ Nghị quyết Đại hội đại biểu Đảng bộ xã Phú Lạc lần thứ I, nhiệm kỳ 2025-2030;",
    )
    assert plan.status is PlanStatus.DRAFT
    first, second, third = plan.tasks
    assert first.deadline.kind is DeadlineKind.RECURRING
    assert "BYMONTHDAY=10" in (first.deadline.rrule or "")
    assert "UNTIL=20261231" in (first.deadline.rrule or "")
    assert [u.name for u in first.lead] == ["Phòng Kinh tế"]
    assert second.deadline.kind is DeadlineKind.ONGOING
    assert third.deadline.on == dt.date(2026, 12, 25)
    assert third.deadline.before
    assert [u.name for u in third.lead] == ["Phòng Kinh tế", "Công an xã"]
    assert (plan.signature.authority, plan.signature.position, plan.signature.signer) == (
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Thắng",
    )  # fmt: skip
    assert [e.date for e in plan.events][:2] == [dt.date(2025, 12, 6), dt.date(2026, 1, 3)]
    assert plan.events[-1].label == "Đợt 13"
    assert [r.text for r in plan.recipients] == ["Thường trực Đảng ủy", "Lưu: VT, KT, CA"]
    assert [a.unit.name for a in plan.assignments] == [r[0] for r in ASSIGNMENT_ROWS]
    assert [a.prefix for a in plan.assignments] == [r[1] for r in ASSIGNMENT_ROWS]
    assert [h.name for h in plan.assignments[3].hamlets] == [
        "Xóm Khu 1", "Xóm Khu 2", "Xóm Đồng Vòng", "Xóm 11", "Xóm 11A",
    ]  # fmt: skip
    assert sum(len(a.hamlets) for a in plan.assignments) == 18


def test_the_phu_lac_plan_entered_through_the_window(
    qtbot: QtBot, office_window: MainWindow, db_path: Path, tmp_path: Path
) -> None:
    editor = office_window.plans_tab.new_plan(System.STATE)
    qtbot.waitExposed(editor)
    _enter_header(qtbot, editor)
    _enter_tasks(qtbot, editor)
    _enter_events_recipients_and_signature(qtbot, editor)

    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.saved_plan is not None
    assert not editor.is_modified()
    editor.tabs.setCurrentIndex(1)
    editor.grab().save(str(tmp_path / "editor.png"))
    editor.close()
    assert not editor.isVisible()
    plan_id = editor.saved_plan.id

    _enter_assignments(qtbot, office_window, plan_id, tmp_path)

    # Read back from the file through a second workspace.
    QApplication.processEvents()
    reader = Workspace.open(db_path, device="reader")
    try:
        plan = reader.plans.get(plan_id)
    finally:
        reader.close()
    _assert_read_back(plan)


def _close_unsaved(editor: PlanEditor) -> None:
    """Close the editor, answering "Bỏ thay đổi" to the question it asks."""

    def discard(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        next(b for b in widget.buttons() if b.text() == "Bỏ thay đổi").click()

    when_modal(discard, kind=QMessageBox)
    editor.reject()
    assert not editor.isVisible()


def test_the_unit_picker_adds_a_unit_the_office_lacks_in_place(
    qtbot: QtBot, office_window: MainWindow, office: Workspace
) -> None:
    editor = office_window.plans_tab.new_plan()
    dialog = editor.tasks_page.add_task()
    assert dialog.lead.add_button.isHidden()
    dialog.lead.filter.setFocus()
    type_text(dialog.lead.filter, "Ban quản lý chợ")
    assert not dialog.lead.add_button.isHidden()
    assert dialog.lead.add_button.text() == "Thêm đơn vị \u201cBan quản lý chợ\u201d"
    qtbot.mouseClick(dialog.lead.add_button, Qt.MouseButton.LeftButton)
    added = [u for u in office.directory.units() if u.name == "Ban quản lý chợ"]
    assert len(added) == 1
    assert dialog.lead.chosen() == (UnitRef(added[0].id, "Ban quản lý chợ"),)
    assert dialog.lead.filter.text() == ""
    dialog.support.choose("Ban quản lý chợ")  # the other picker lists it too
    # A name the office has, typed without diacritics, offers nothing to add.
    type_text(dialog.lead.filter, "cong an xa")
    assert dialog.lead.add_button.isHidden()
    dialog.lead.filter.clear()
    dialog.support.choose("Ban quản lý chợ")  # unticked again
    type_text(dialog.text, "Dọn vệ sinh chợ")
    _ok(qtbot, dialog)
    assert editor.plan.tasks[0].lead == (UnitRef(added[0].id, "Ban quản lý chợ"),)
    # The next task's dialog lists the new unit from the start.
    again = editor.tasks_page.add_task()
    again.lead.choose("Ban quản lý chợ")
    again.done(0)
    _close_unsaved(editor)


def test_cancel_esc_and_the_close_box_ask_before_a_changed_task_is_lost(
    qtbot: QtBot, office_window: MainWindow
) -> None:
    editor = office_window.plans_tab.new_plan()
    dialog = editor.tasks_page.add_task()
    dialog.reject()  # nothing typed: closes without asking
    assert not dialog.isVisible()

    dialog = editor.tasks_page.add_task()
    type_text(dialog.text, "Vận động nhân dân")
    asked: list[str] = []

    def answer(text: str) -> Callable[[QWidget], None]:
        def act(widget: QWidget) -> None:
            assert isinstance(widget, QMessageBox)
            asked.append(widget.text())
            labels = [b.text() for b in widget.buttons()]
            assert sorted(labels) == ["Bỏ thay đổi", "Lưu", "Quay lại"]
            next(b for b in widget.buttons() if b.text() == text).click()

        return act

    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    when_modal(answer("Quay lại"), kind=QMessageBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert asked == ["Nhiệm vụ có thay đổi chưa ghi. Ghi lại trước khi đóng?"]

    when_modal(answer("Quay lại"), kind=QMessageBox)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()

    when_modal(answer("Quay lại"), kind=QMessageBox)
    dialog.close()  # the window's close box
    assert dialog.isVisible()
    assert len(asked) == 3

    when_modal(answer("Lưu"), kind=QMessageBox)
    dialog.reject()
    assert not dialog.isVisible()
    assert [t.text for t in editor.plan.tasks] == ["Vận động nhân dân"]
    _close_unsaved(editor)

    dialog = editor.tasks_page.add_task()
    type_text(dialog.text, "Bỏ đi")
    when_modal(answer("Bỏ thay đổi"), kind=QMessageBox)
    dialog.reject()
    assert not dialog.isVisible()
    assert [t.text for t in editor.plan.tasks] == ["Vận động nhân dân"]
    _close_unsaved(editor)
