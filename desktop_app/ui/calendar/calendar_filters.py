"""The Lịch tab's filters: one plan, one unit, one hamlet (or all), as a CalendarFilter."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop_app.domain.calendar import CalendarFilter
from desktop_app.domain.plans import PlanSummary, short_title
from desktop_app.workspace import Workspace


def _plan_choice(plan: PlanSummary) -> str:
    if plan.number is None:
        return plan.name  # its title and date
    return f"{plan.reference} — {short_title(plan.title, 50)}"


class CalendarFilters(QWidget):
    """Three lists filled from the workspace; ``changed`` when the clerk picks another entry.

    ``stale`` says the lists (two thousand plans in a big office) must be read again before
    they are shown or used.
    """

    changed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ws = workspace
        self.stale = True
        self.plan_filter = QComboBox()
        self.unit_filter = QComboBox()
        self.hamlet_filter = QComboBox()
        for combo, tip in (
            (self.plan_filter, "Chỉ hiện các mục của một kế hoạch"),
            (self.unit_filter, "Chỉ hiện thời hạn của đơn vị (chủ trì hoặc phối hợp)"),
            (self.hamlet_filter, "Chỉ hiện các kế hoạch có phân công cho xóm"),
        ):
            combo.setToolTip(tip)
            combo.setMinimumContentsLength(10)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        filters = QHBoxLayout(self)
        filters.setContentsMargins(0, 0, 0, 0)
        for label, combo in (
            ("Kế hoạch:", self.plan_filter),
            ("Đơn vị:", self.unit_filter),
            ("Xóm:", self.hamlet_filter),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(combo, 1)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def fill(self) -> None:
        """Read the lists again, keeping what was chosen where it still exists."""
        choices = (
            (
                self.plan_filter,
                "Tất cả kế hoạch",
                [(p.id, _plan_choice(p)) for p in self._ws.plans.summaries()],
            ),
            (
                self.unit_filter,
                "Tất cả đơn vị",
                [(u.id, u.name) for u in self._ws.directory.units() if u.active],
            ),
            (
                self.hamlet_filter,
                "Tất cả xóm",
                [(h.id, h.name) for h in self._ws.directory.hamlets() if h.active],
            ),
        )
        for combo, everything, rows in choices:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for row_id, text in rows:
                combo.addItem(text, row_id)
            found = combo.findData(current) if current else 0
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)
        self.stale = False

    def chosen(self) -> CalendarFilter:
        return CalendarFilter(
            plan_id=self.plan_filter.currentData(),
            unit_id=self.unit_filter.currentData(),
            hamlet_id=self.hamlet_filter.currentData(),
        )

    def choose(self, where: CalendarFilter) -> None:
        """Show ``where`` in the lists, without sending ``changed``."""
        if self.stale:
            self.fill()
        for combo, value in (
            (self.plan_filter, where.plan_id),
            (self.unit_filter, where.unit_id),
            (self.hamlet_filter, where.hamlet_id),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0) if value else 0)
            combo.blockSignals(False)
