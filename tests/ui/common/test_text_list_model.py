"""The one-column list of dialogs: text per object, colour, the line for none, model tester."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.modeltest import ModelTester

from desktop_app.ui.common.table_model import ROW_ROLE
from desktop_app.ui.common.text_list_model import TextListModel

pytestmark = pytest.mark.gui


def test_rows_and_the_line_for_none(qtmodeltester: ModelTester) -> None:
    model: TextListModel[int] = TextListModel(
        lambda n: f"số {n}", "Không có gì.", lambda n: "#b00020" if n < 0 else None
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Không có gì."
    assert model.index(0, 0).data(ROW_ROLE) is None
    model.set_rows([3, -1])
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["số 3", "số -1"]
    assert model.index(1, 0).data(ROW_ROLE) == -1
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    brush = model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush)
    assert brush.color().name() == "#b00020"


def test_a_list_without_a_line_for_none(qtmodeltester: ModelTester) -> None:
    model: TextListModel[str] = TextListModel(lambda s: s, None)
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    model.set_rows(["Xóm 1"])
    assert model.index(0, 0).data() == "Xóm 1"
    qtmodeltester.check(model)
