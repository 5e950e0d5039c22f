"""Dialogs of the Đơn vị and Xóm tabs: a unit, a hamlet, merges, one assignment row."""

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from desktop_app.domain.errors import UserError
from desktop_app.domain.hamlet_lists import HamletListMatch, hamlet_list_text
from desktop_app.domain.ids import HamletId, UnitId, new_id
from desktop_app.domain.plans import Assignment
from desktop_app.domain.text import clean
from desktop_app.domain.units import (
    HAMLET_KIND_LABELS,
    UNIT_KIND_LABELS,
    Hamlet,
    HamletKind,
    Unit,
    UnitKind,
    require_name,
)
from desktop_app.ui.common.dialogs import CheckedDialog, ok_cancel_buttons
from desktop_app.ui.common.screen import fit_to_screen
from desktop_app.ui.common.text_list_model import TextListModel


class UnitDialog(CheckedDialog):
    def __init__(self, unit: Unit | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sửa đơn vị" if unit else "Thêm đơn vị")
        fit_to_screen(self, 560, 260)
        self._unit = unit
        self.name = QLineEdit()
        self.kind = QComboBox()
        for kind, label in UNIT_KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.short_name = QLineEdit()
        self.abbreviation = QLineEdit()
        self.abbreviation.setPlaceholderText(
            "vd. KT, VHXH (dùng cho dòng \u201cLưu: VT, ...\u201d)"
        )
        self.note = QLineEdit()
        form = QFormLayout(self)
        form.addRow("Tên đơn vị:", self.name)
        form.addRow("Loại:", self.kind)
        form.addRow("Tên ngắn:", self.short_name)
        form.addRow("Ký hiệu viết tắt:", self.abbreviation)
        form.addRow("Ghi chú:", self.note)
        form.addRow(self.error)
        form.addRow(ok_cancel_buttons(self, "Ghi"))
        if unit is not None:
            self.name.setText(unit.name)
            self.kind.setCurrentIndex(self.kind.findData(unit.kind))
            self.short_name.setText(unit.short_name)
            self.abbreviation.setText(unit.abbreviation)
            self.note.setText(unit.note)
        else:
            self.kind.setCurrentIndex(self.kind.findData(UnitKind.GOVERNMENT))

    def result_unit(self) -> Unit:
        base = self._unit or Unit(UnitId(new_id()), "")
        return Unit(
            id=base.id,
            name=require_name(self.name.text(), "đơn vị"),
            kind=UnitKind(self.kind.currentData()),
            short_name=clean(self.short_name.text()),
            abbreviation=clean(self.abbreviation.text()),
            position=base.position,
            active=base.active,
            note=clean(self.note.text()),
        )

    @override
    def check(self) -> None:
        self.result_unit()


def _count_edit(value: int | None) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(-1, 1_000_000)
    spin.setSpecialValueText("(chưa rõ)")
    spin.setValue(-1 if value is None else value)
    return spin


class HamletDialog(CheckedDialog):
    def __init__(
        self, hamlet: Hamlet | None = None, parent: QWidget | None = None, title: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or ("Sửa xóm" if hamlet else "Thêm xóm"))
        fit_to_screen(self, 520, 260)
        self._hamlet = hamlet
        self.name = QLineEdit()
        self.kind = QComboBox()
        for kind, label in HAMLET_KIND_LABELS.items():
            self.kind.addItem(label, kind)
        self.households = _count_edit(hamlet.households if hamlet else None)
        self.population = _count_edit(hamlet.population if hamlet else None)
        self.former_commune = QLineEdit()
        self.former_commune.setPlaceholderText("xã cũ trước khi sáp nhập (nếu có)")
        self.note = QLineEdit()
        self.form = QFormLayout(self)
        self.form.addRow("Tên xóm:", self.name)
        self.form.addRow("Loại:", self.kind)
        self.form.addRow("Số hộ:", self.households)
        self.form.addRow("Số nhân khẩu:", self.population)
        self.form.addRow("Thuộc xã cũ:", self.former_commune)
        self.form.addRow("Ghi chú:", self.note)
        self.form.addRow(self.error)
        self.form.addRow(ok_cancel_buttons(self, "Ghi"))
        if hamlet is not None:
            self.name.setText(hamlet.name)
            self.kind.setCurrentIndex(self.kind.findData(hamlet.kind))
            self.former_commune.setText(hamlet.former_commune)
            self.note.setText(hamlet.note)

    def result_hamlet(self) -> Hamlet:
        base = self._hamlet or Hamlet(HamletId(new_id()), "")
        households = self.households.value()
        population = self.population.value()
        return Hamlet(
            id=base.id,
            name=require_name(self.name.text(), "xóm"),
            kind=HamletKind(self.kind.currentData()),
            households=None if households < 0 else households,
            population=None if population < 0 else population,
            former_commune=clean(self.former_commune.text()),
            merged_into=base.merged_into,
            active=base.active,
            note=clean(self.note.text()),
        )

    @override
    def check(self) -> None:
        self.result_hamlet()


class MergeHamletsDialog(HamletDialog):
    """The "sắp xếp thôn": the chosen hamlets become one, a new one or one of them."""

    def __init__(self, hamlets: Sequence[Hamlet], parent: QWidget | None = None) -> None:
        super().__init__(None, parent, "Gộp xóm (sắp xếp thôn)")
        self.sources = list(hamlets)
        names = ", ".join(h.name for h in hamlets)
        self.form.insertRow(
            0,
            QLabel(
                f"Gộp <b>{names}</b> thành một xóm. Bảng phân công của mọi kế hoạch chuyển "
                "sang xóm mới; tên cũ vẫn tìm được, lịch sử vẫn giữ."
            ),
        )
        if hamlets:  # the first one's details are the starting point, not blanks
            first = hamlets[0]
            self.name.setText(first.name)
            self.kind.setCurrentIndex(self.kind.findData(first.kind))
            self.former_commune.setText(first.former_commune)
            self.note.setText(first.note)
        total = [h.households for h in hamlets]
        if hamlets and all(v is not None for v in total):
            self.households.setValue(sum(v for v in total if v is not None))
        people = [h.population for h in hamlets]
        if hamlets and all(v is not None for v in people):
            self.population.setValue(sum(v for v in people if v is not None))

    def target(self) -> Hamlet:
        """The hamlet they become: one of them when the name is one of theirs, else new."""
        hamlet = self.result_hamlet()
        same = next((h for h in self.sources if clean(h.name) == hamlet.name), None)
        if same is not None:
            return replace(hamlet, id=same.id, merged_into=None, active=True)
        return hamlet


class MergeUnitsDialog(QDialog):
    """Two units that are one: choose which name stays."""

    def __init__(self, first: Unit, second: Unit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Gộp hai đơn vị trùng nhau")
        self.units = (first, second)
        self.keep = QComboBox()
        for unit in self.units:
            self.keep.addItem(unit.name, unit.id)
        layout = QVBoxLayout(self)
        explanation = QLabel(
            f"Gộp \u201c{first.name}\u201d và \u201c{second.name}\u201d thành một đơn vị. "
            "Mọi nhiệm vụ, bảng phân công và nơi nhận của các kế hoạch sẽ chuyển sang "
            "đơn vị được giữ lại; đơn vị kia vẫn xem được trong lịch sử."
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        layout.addWidget(QLabel("Giữ lại tên:"))
        layout.addWidget(self.keep)
        layout.addWidget(ok_cancel_buttons(self, "Gộp"))

    def chosen(self) -> tuple[str, str]:
        """(the unit kept, the unit merged into it)."""
        keep = self.keep.currentData()
        drop = next(u.id for u in self.units if u.id != keep)
        return keep, drop


class AssignmentRowDialog(CheckedDialog):
    """One row of the assignment table: a unit and its hamlets typed as the plans write them."""

    def __init__(
        self,
        units: Sequence[Unit],
        read_list: Callable[[str], HamletListMatch],
        make_row: Callable[[str, str, str, str], Assignment],
        row: Assignment | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sửa dòng phân công" if row else "Thêm dòng phân công")
        fit_to_screen(self, 640, 300)
        self._read = read_list
        self._make = make_row
        self._row = row
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for unit in units:
            if unit.active:
                self.unit.addItem(unit.name, unit.id)
        self.unit.setCurrentIndex(-1)
        self.prefix = QComboBox()
        self.prefix.setEditable(True)
        self.prefix.addItems(["", "Đề nghị"])
        self.hamlets = QLineEdit()
        self.hamlets.setPlaceholderText(
            "vd. Xóm 1, 2, 3 hoặc Khu 1, Khu 2, Xóm Đồng Vòng, 11 và xóm 11A"
        )
        self.note = QLineEdit()
        self.note.setPlaceholderText("khi không nêu tên xóm, vd. Các xóm có trụ sở của DN, HTX")
        # Each name as understood: a hamlet of the list, or (in red) one the list lacks.
        self.meaning_model: TextListModel[tuple[str, bool]] = TextListModel(
            lambda line: line[0], None, lambda line: None if line[1] else "#b00020", self
        )
        self.meaning = QListView()
        self.meaning.setModel(self.meaning_model)
        self.meaning.setMaximumHeight(110)
        form = QFormLayout(self)
        form.addRow("Cơ quan, đơn vị:", self.unit)
        form.addRow("Lời đề nghị:", self.prefix)
        form.addRow("Phụ trách xóm:", self.hamlets)
        form.addRow("Đã hiểu là:", self.meaning)
        form.addRow("Ghi chú:", self.note)
        form.addRow(self.error)
        form.addRow(ok_cancel_buttons(self, "Ghi dòng"))
        self.hamlets.textChanged.connect(self._show_meaning)
        if row is not None:
            self.unit.setCurrentIndex(self.unit.findData(row.unit.id))
            self.prefix.setCurrentText(row.prefix)
            self.hamlets.setText(hamlet_list_text([h.name for h in row.hamlets]))
            self.note.setText(row.note)

    def _show_meaning(self, text: str) -> None:
        found = self._read(text)
        self.meaning_model.set_rows(
            [(hamlet.name, True) for hamlet in found.found]
            + [(f"{name}: không có trong danh sách xóm", False) for name in found.unknown]
        )

    def result_row(self) -> Assignment:
        index = self.unit.findText(self.unit.currentText())
        if index < 0:
            raise UserError("Hãy chọn cơ quan, đơn vị trong danh sách (thêm mới ở thẻ Đơn vị).")
        row = self._make(
            self.unit.itemData(index),
            self.hamlets.text(),
            self.prefix.currentText(),
            self.note.text(),
        )
        if self._row is not None:
            row = Assignment(self._row.id, row.unit, row.hamlets, row.prefix, row.note)
        return row

    @override
    def check(self) -> None:
        self.result_row()
