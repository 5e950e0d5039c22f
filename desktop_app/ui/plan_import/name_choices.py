"""The names an imported plan uses that the office's lists lack: add each, or take a known one."""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.plans import HamletRef, Plan, UnitRef
from desktop_app.domain.text import name_key
from desktop_app.domain.units import Hamlet, Unit
from desktop_app.workspace.plan_import import PlanImport, replace_hamlet, replace_unit

ADD_NEW = "Thêm mới vào danh sách"
NOTE_STYLE = "QLabel { background: #eef5ff; padding: 4px; border: 1px solid #b0c4de; }"


@dataclass
class NameChoice:
    """A name the office's lists do not have: add it, or take it as one already there."""

    kind: str  # "unit" or "hamlet"
    proposed: Unit | Hamlet
    combo: QComboBox  # ADD_NEW (data "") or an existing unit or hamlet (data its id)
    label: QLabel  # the name, and where the plan uses it

    @property
    def written(self) -> str:
        return self.proposed.name

    @property
    def target(self) -> str:
        """The id of the unit or hamlet chosen instead; "" to add the name."""
        return str(self.combo.currentData() or "")


def _uses(choice: NameChoice, plan: Plan) -> list[str]:
    """Where ``plan`` uses the name: "3 nhiệm vụ", "2 dòng phân công"."""
    key = name_key(choice.written)
    if choice.kind == "unit":
        tasks = sum(any(name_key(r.name) == key for r in (*t.lead, *t.support)) for t in plan.tasks)
        rows = sum(name_key(a.unit.name) == key for a in plan.assignments)
    else:
        tasks = 0
        rows = sum(any(name_key(h.name) == key for h in a.hamlets) for a in plan.assignments)
    parts = [f"{tasks} nhiệm vụ"] if tasks else []
    if rows:
        parts.append(f"{rows} dòng phân công")
    return parts


class NamesPanel(QWidget):
    """The tab "Tên mới": one row per new name, its uses, and the choice; ``changed`` on a pick."""

    changed = Signal()

    def __init__(
        self, imported: PlanImport, units: dict[str, Unit], hamlets: dict[str, Hamlet]
    ) -> None:
        super().__init__()
        self._units = units
        self._hamlets = hamlets
        self.names: list[NameChoice] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        self.matched_label = self._matched_label(imported)
        if self.matched_label is not None:
            column.addWidget(self.matched_label)
        if not imported.new_units and not imported.new_hamlets:
            column.addWidget(
                QLabel("Mọi đơn vị và xóm văn bản nhắc đến đều đã có trong danh sách.")
            )
            column.addStretch(1)
            return
        explain = QLabel(
            "Các tên này chưa có trong danh sách đơn vị, xóm: mặc định sẽ thêm mới. Nếu là một "
            "đơn vị (xóm) đã có nhưng văn bản viết khác đi, hãy chọn tên đã có."
        )
        explain.setWordWrap(True)
        column.addWidget(explain)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._build_grid(imported))
        column.addWidget(scroll, 1)

    @staticmethod
    def _matched_label(imported: PlanImport) -> QLabel | None:
        if not imported.matched:
            return None
        pairs = "; ".join(
            f"\u201c{escape(m.written)}\u201d khớp với \u201c{escape(m.known)}\u201d đã có"
            for m in imported.matched
        )
        label = QLabel(f"Tên viết khác đã được khớp: {pairs}.")
        label.setWordWrap(True)
        label.setStyleSheet(NOTE_STYLE)
        return label

    def _build_grid(self, imported: PlanImport) -> QWidget:
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(0, 1)
        row = 0
        groups: Sequence[tuple[str, str, Sequence[Unit] | Sequence[Hamlet]]] = (
            ("unit", "Đơn vị", imported.new_units),
            ("hamlet", "Xóm", imported.new_hamlets),
        )
        for kind, title, proposed in groups:
            if not proposed:
                continue
            heading = QLabel(f"<b>{title} chưa có ({len(proposed)})</b>")
            grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            for item in proposed:
                choice = self._choice(kind, item)
                grid.addWidget(choice.label, row, 0)
                grid.addWidget(choice.combo, row, 1)
                self.names.append(choice)
                row += 1
        grid.setRowStretch(row, 1)
        return grid_widget

    def _choice(self, kind: str, item: Unit | Hamlet) -> NameChoice:
        known: dict[str, Unit] | dict[str, Hamlet] = (
            self._units if kind == "unit" else self._hamlets
        )
        name = QLabel()
        name.setWordWrap(True)
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(18)
        combo.addItem(ADD_NEW, "")
        if known:
            combo.insertSeparator(1)
        for key, other in known.items():
            combo.addItem(other.name, key)
        combo.setToolTip(f"\u201c{item.name}\u201d: thêm mới, hoặc chọn tên đã có")
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        name.setBuddy(combo)
        return NameChoice(kind, item, combo, name)

    def refresh_uses(self, plan: Plan) -> None:
        """Beside each new name, where ``plan`` (without the left-out tasks) uses it."""
        for choice in self.names:
            parts = _uses(choice, plan)
            used = bool(parts)
            uses = (
                f"dùng ở {', '.join(parts)}"
                if used
                else "không còn dùng (nhiệm vụ đã bỏ): sẽ không thêm"
            )
            choice.label.setText(
                f"{escape(choice.written)} <span style='color: #666666;'>\u2014 {uses}</span>"
            )
            choice.combo.setEnabled(used)

    def resolve(self, plan: Plan) -> tuple[Plan, list[Unit], list[Hamlet]]:
        """``plan`` with the names taken as known ones replaced; the names still to add."""
        units: list[Unit] = []
        hamlets: list[Hamlet] = []
        for choice in self.names:
            target = choice.target
            if choice.kind == "unit":
                if target and choice.combo.isEnabled():
                    unit = self._units[target]
                    plan = replace_unit(plan, choice.written, UnitRef(unit.id, unit.name))
                elif isinstance(choice.proposed, Unit):
                    units.append(choice.proposed)
            elif target and choice.combo.isEnabled():
                hamlet = self._hamlets[target]
                plan = replace_hamlet(plan, choice.written, HamletRef(hamlet.id, hamlet.name))
            elif isinstance(choice.proposed, Hamlet):
                hamlets.append(choice.proposed)
        used_units = {
            name_key(r.name) for t in plan.tasks for r in (*t.lead, *t.support) if not r.id
        } | {name_key(a.unit.name) for a in plan.assignments if not a.unit.id}
        used_hamlets = {name_key(h.name) for a in plan.assignments for h in a.hamlets if not h.id}
        units = [u for u in units if name_key(u.name) in used_units]
        hamlets = [h for h in hamlets if name_key(h.name) in used_hamlets]
        return plan, units, hamlets
