"""The first-run set-up of the office: province, commune, issuing bodies, term, printing."""

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from desktop_app.domain.office import UnitKind
from desktop_app.domain.plans import Issuer, System
from desktop_app.ui.office.office_dialog import OfficeDialog
from desktop_app.workspace import Workspace
from tests.ui.conftest import open_window, type_text

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
