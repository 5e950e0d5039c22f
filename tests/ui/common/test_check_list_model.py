"""The list of tick boxes of dialogs: all ticked to start, one by one, all at once."""

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop_app.ui.common.check_list_model import CheckListModel

pytestmark = pytest.mark.gui


def test_ticks(qtmodeltester: ModelTester) -> None:
    model: CheckListModel[int] = CheckListModel([1, 2, 3], lambda n: f"phiếu {n}")
    qtmodeltester.check(model)
    changes: list[None] = []
    model.checks_changed.connect(lambda: changes.append(None))
    assert model.checked() == [1, 2, 3]
    assert model.index(1, 0).data() == "phiếu 2"
    index = model.index(1, 0)
    assert model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.checked() == [1, 3]
    assert len(changes) == 1
    model.set_all(False)
    assert model.checked() == []
    model.set_all(True)
    assert model.checked() == [1, 2, 3]
    assert len(changes) == 3
    assert not model.setData(index, "x", Qt.ItemDataRole.DisplayRole)
    qtmodeltester.check(model)
