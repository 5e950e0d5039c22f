"""The unit picker of the task dialog: ticks in order, filter ignoring diacritics, model tester."""

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop_app.domain.ids import UnitId
from desktop_app.domain.plans import UnitRef
from desktop_app.domain.units import Unit
from desktop_app.ui.plans.unit_choices_model import UnitChoicesModel
from desktop_app.ui.plans.unit_picker import UnitPicker

pytestmark = pytest.mark.gui

UNITS = [
    Unit(UnitId("u1"), "Phòng Kinh tế"),
    Unit(UnitId("u2"), "Công an xã"),
    Unit(UnitId("u3"), "Hội Cựu chiến binh", active=False),
]


def test_the_model_ticks_and_says_so(qtmodeltester: ModelTester) -> None:
    model = UnitChoicesModel(UNITS)
    qtmodeltester.check(model)
    toggled: list[int] = []
    model.toggled.connect(toggled.append)
    assert model.index(2, 0).data() == "Hội Cựu chiến binh (ngừng sử dụng)"
    index = model.index(1, 0)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert toggled == [1]
    model.set_ticked({"u1"})
    assert [model.is_checked(r) for r in range(3)] == [True, False, False]
    assert toggled == [1]  # the program's ticks are not the clerk's
    qtmodeltester.check(model)


def test_the_picker_keeps_the_order_ticked_and_filters(qtbot: QtBot) -> None:
    picker = UnitPicker(UNITS)
    qtbot.addWidget(picker)
    assert picker.list.isRowHidden(2)  # an inactive unit shows only when searched for
    picker.choose("Công an xã")
    picker.choose("phong kinh te")
    assert [r.name for r in picker.chosen()] == ["Công an xã", "Phòng Kinh tế"]
    assert picker.summary.text() == "Đã chọn: Công an xã, Phòng Kinh tế"
    picker.filter.setText("hoi cuu")
    assert [picker.list.isRowHidden(r) for r in range(3)] == [False, False, False]
    picker.filter.setText("kinh")
    assert [picker.list.isRowHidden(r) for r in range(3)] == [False, False, True]
    picker.set_chosen([UnitRef(UnitId("u3"), "Hội Cựu chiến binh")])
    assert not picker.list.isRowHidden(2)
    assert picker.summary.text() == "Đã chọn: Hội Cựu chiến binh"
