"""The first-run set-up of the office: province, commune, issuing bodies, term, printing."""

import datetime as dt
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox, QTableWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.office import UnitKind
from desktop_app.domain.plans import Issuer, System
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.office.office_dialog import OfficeDialog
from desktop_app.ui.plans.plan_editor import PlanEditor
from desktop_app.ui.plans.word_export import ExportDoneDialog, export_word
from desktop_app.workspace import Workspace
from desktop_app.workspace.documents import DocumentKind
from tests.ui.conftest import open_window, type_text, when_modal

pytestmark = pytest.mark.gui


def _cell(dialog: OfficeDialog, row: int, column: int) -> QTableWidgetItem:
    item = dialog.table.item(row, column)
    assert item is not None
    return item


def test_the_clerk_sets_up_the_office_from_the_welcome_bar(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    window = open_window(qtbot, workspace)
    assert window.welcome.isVisible() or not window.isVisible()
    dialog = window.edit_office()
    assert isinstance(dialog, OfficeDialog)
    dialog.province.setCurrentText("Thái Nguyên")
    dialog.unit_kind.setCurrentIndex(list(UnitKind).index(UnitKind.COMMUNE))
    type_text(dialog.unit_name, "Phú Lạc")
    dialog.fill_bodies()
    assert dialog.table.rowCount() == 3
    assert _cell(dialog, 1, 2).text() == "ĐẢNG BỘ TỈNH THÁI NGUYÊN"
    assert _cell(dialog, 1, 3).text() == "ĐẢNG ỦY XÃ PHÚ LẠC"
    assert _cell(dialog, 0, 2).text() == ""  # no district above the commune
    _cell(dialog, 0, 7).setText("Nguyễn Văn An")  # the clerk edits a cell
    dialog.has_term.setChecked(True)
    dialog.term_start.setDate(QDate(2025, 10, 15))
    dialog.two_sided.setChecked(True)
    assert dialog.grab().save(str(tmp_path / "office-dialog.png"))
    dialog.accept()
    assert not dialog.isVisible()
    assert workspace.plans.party_term_start() == dt.date(2025, 10, 15)
    assert workspace.documents.two_sided()
    state = workspace.plans.new(System.STATE)
    assert state.issuer == Issuer("ỦY BAN NHÂN DÂN XÃ PHÚ LẠC")
    assert state.signature.signer == "Nguyễn Văn An"


def test_a_missing_commune_name_is_said_and_nothing_saved(
    qtbot: QtBot, workspace: Workspace
) -> None:
    window = open_window(qtbot, workspace)
    dialog = window.edit_office()
    dialog.accept()
    assert "tên xã" in dialog.error.text()
    assert workspace.plans.office() is None
    dialog.reject()


def _office_dialog(window: QWidget) -> OfficeDialog:
    [dialog] = [d for d in window.findChildren(OfficeDialog) if d.isVisible()]
    return dialog


def _editor(window: MainWindow) -> PlanEditor | None:
    # Read through a call: mypy would keep the attribute narrowed to None after a check.
    return window.plans_tab.editor


def test_the_first_new_plan_asks_for_the_office_first(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    window = open_window(qtbot, workspace)
    assert window.office_banner.isVisibleTo(window)
    window.plans_tab.ask_new_plan(System.PARTY)
    dialog = _office_dialog(window)
    assert "Trước khi soạn hay xuất văn bản" in dialog.first_run_note.text()
    assert _editor(window) is None  # the editor waits for the office
    dialog.province.setCurrentText("Thái Nguyên")
    type_text(dialog.unit_name, "Phú Lạc")
    dialog.fill_bodies()
    assert dialog.grab().save(str(tmp_path / "office-first-run.png"))
    dialog.accept()
    editor = _editor(window)
    assert editor is not None
    assert editor.isVisible()
    assert editor.plan.issuer == Issuer("ĐẢNG ỦY XÃ PHÚ LẠC", parent="ĐẢNG BỘ TỈNH THÁI NGUYÊN")
    when_modal(
        lambda box: box.button(QMessageBox.StandardButton.Discard).click(),  # type: ignore[attr-defined]
        kind=QMessageBox,
    )
    editor.reject()
    window._refresh_office_banner()
    assert not window.office_banner.isVisibleTo(window)
    # Set up: the next new plan opens at once.
    window.plans_tab.ask_new_plan(System.STATE)
    assert not [d for d in window.findChildren(OfficeDialog) if d.isVisible()]
    second = _editor(window)
    assert second is not None
    assert second.isVisible()
    when_modal(
        lambda box: box.button(QMessageBox.StandardButton.Discard).click(),  # type: ignore[attr-defined]
        kind=QMessageBox,
    )
    second.reject()


def test_the_samples_office_still_leads_to_the_set_up_before_an_export(
    qtbot: QtBot, samples: Workspace, tmp_path: Path
) -> None:
    window = open_window(qtbot, samples)
    assert window.office_banner.isVisibleTo(window)
    plan = samples.plans.get(samples.plans.summaries()[0].id)
    asked: list[Path] = []

    def ask(_parent: QWidget, _title: str, suggested: Path) -> Path:
        asked.append(suggested)
        return tmp_path / "ke-hoach.docx"

    assert export_word(window, samples, plan, DocumentKind.PLAN, ask=ask) is None
    dialog = _office_dialog(window)
    assert "dữ liệu mẫu (Xã Phú Lạc)" in dialog.first_run_note.text()
    assert asked == []  # not yet: the office comes first
    dialog.reject()  # the clerk goes on without it: the export still happens
    assert len(asked) == 1
    assert (tmp_path / "ke-hoach.docx").exists()
    for done in window.findChildren(ExportDoneDialog):
        done.close()


def test_the_first_weekly_schedule_asks_for_the_office_first(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, workspace)
    tab = window.calendar_tab
    target = tmp_path / "tuan.docx"
    asked: list[str] = []

    def ask(title: str, _name: str, _pattern: str) -> Path:
        asked.append(title)
        return target

    monkeypatch.setattr(tab, "_ask_path", ask)
    assert tab.export_weekly_schedule(system=System.PARTY) is None
    dialog = _office_dialog(window)
    assert asked == []
    dialog.province.setCurrentText("Thái Nguyên")
    type_text(dialog.unit_name, "Phú Lạc")
    dialog.accept()
    assert asked == ["Lịch công tác tuần của Đảng ủy"]
    text = "\n".join(c.text for t in docx.Document(str(target)).tables for c in t._cells)
    assert "ĐẢNG ỦY XÃ PHÚ LẠC" in text
    assert "Số 01-LCT/ĐU" in text
