"""The "Tổng quan" tab: every plan in force on one screen, for the weekly meeting.

Bars per lead unit and per hamlet, the overdue tasks with who leads them, and the coming
week. The counts come from ``ws.progress.overview``; this tab only draws them. "In" writes
the one-page Word overview and hands it to the printer; "Xuất Word…" saves it where the
clerk says.
"""

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from desktop_app.domain.calendar import ITEM_KIND_LABELS, WEEKDAY_NAMES, CalendarItem
from desktop_app.domain.deadlines import date_text
from desktop_app.domain.errors import UserError
from desktop_app.domain.overview import OverdueTask, Overview
from desktop_app.ui.common.dialogs import show_error
from desktop_app.ui.common.printing import print_file, say
from desktop_app.ui.common.table_model import ROW_ROLE, Column, RowsTableModel
from desktop_app.ui.common.tables import make_table
from desktop_app.ui.overview.bar_chart import SEGMENT_COLOURS, BarChart
from desktop_app.workspace import Workspace

UNIT_LABELS = ("hoàn thành", "đang thực hiện", "quá hạn", "chưa thực hiện")
HAMLET_LABELS = ("đã báo cáo", "sắp tới", "quá ngày chưa báo cáo", "")


class OverdueTableModel(RowsTableModel[OverdueTask]):
    COLUMNS = (
        Column[OverdueTask]("Hạn", lambda o: date_text(o.due), sort=lambda o: o.due, width=85),
        Column[OverdueTask]("Nhiệm vụ", lambda o: o.text, tooltip=lambda o: o.text),
        Column[OverdueTask]("Kế hoạch", lambda o: o.plan, tooltip=lambda o: o.plan, width=150),
        Column[OverdueTask]("Đơn vị chủ trì", lambda o: o.leads, width=170),
    )


class ComingTableModel(RowsTableModel[CalendarItem]):
    COLUMNS = (
        Column[CalendarItem](
            "Ngày",
            lambda i: f"{WEEKDAY_NAMES[i.day.weekday()]} {i.day:%d/%m}",
            sort=lambda i: i.day,
            width=105,
        ),
        Column[CalendarItem]("Loại", lambda i: ITEM_KIND_LABELS[i.kind], width=70),
        Column[CalendarItem](
            "Nội dung",
            lambda i: f"{i.time} {i.label}" if i.time else i.label,
            tooltip=lambda i: f"{i.label}\n{i.detail}".strip(),
        ),
        Column[CalendarItem](
            "Kế hoạch", lambda i: i.plan_reference, tooltip=lambda i: i.plan_reference, width=150
        ),
        Column[CalendarItem]("Chủ trì", lambda i: i.who, width=150),
    )


def _legend(labels: tuple[str, ...]) -> QLabel:
    parts = [
        f"<span style='color:{colour}'>■</span> {label}"
        for colour, label in zip(SEGMENT_COLOURS, labels, strict=True)
        if label
    ]
    return QLabel("&nbsp;&nbsp;".join(parts))


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class OverviewTab(QWidget):
    """What the weekly meeting looks at; read again when shown and on F5."""

    open_plan = Signal(str)

    def __init__(self, workspace: Workspace, today: dt.date | None = None) -> None:
        super().__init__()
        self._ws = workspace
        self.today = today or dt.date.today()
        self.overview: Overview | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.print_button = QPushButton("In (Ctrl+P)")
        self.print_button.setToolTip("In tổng quan trên một trang A4 (Ctrl+P)")
        self.export_button = QPushButton("Xuất Word…")
        self.print_button.clicked.connect(self.print_overview)
        self.export_button.clicked.connect(lambda _=False: self.export_word())
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.print_button)
        top.addWidget(self.export_button)

        self.unit_bars = BarChart(UNIT_LABELS)
        self.hamlet_bars = BarChart(HAMLET_LABELS)
        self.hamlet_bars.empty_text = "(không có ngày ra quân)"
        charts = QSplitter(Qt.Orientation.Horizontal)
        for title, chart, labels in (
            ("Theo đơn vị chủ trì (nhiệm vụ)", self.unit_bars, UNIT_LABELS),
            ("Theo xóm (ngày ra quân)", self.hamlet_bars, HAMLET_LABELS),
        ):
            box = QGroupBox(title)
            box_layout = QVBoxLayout(box)
            box_layout.addWidget(_legend(labels))
            box_layout.addWidget(_scrolled(chart), 1)
            charts.addWidget(box)

        self.overdue_model = OverdueTableModel(self)
        self.overdue_view = make_table(self.overdue_model, self, stretch_column=1)
        self.coming_model = ComingTableModel(self)
        self.coming_view = make_table(self.coming_model, self, stretch_column=2)
        self.overdue_box = QGroupBox("Việc quá hạn")
        QVBoxLayout(self.overdue_box).addWidget(self.overdue_view)
        self.coming_box = QGroupBox("Tuần tới")
        QVBoxLayout(self.coming_box).addWidget(self.coming_view)
        lists = QSplitter(Qt.Orientation.Horizontal)
        lists.addWidget(self.overdue_box)
        lists.addWidget(self.coming_box)

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(charts)
        body.addWidget(lists)
        # The bars are what the meeting reads first: they get the larger share.
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setSizes([330, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        self.coming_view.doubleClicked.connect(lambda _i: self._open_coming())
        self._stale = True

    def mark_stale(self) -> None:
        """The data changed: read again when next shown (or now, if shown)."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._stale = False
        overview = self._ws.progress.overview(self.today)
        self.overview = overview
        totals = overview.totals
        undated = f"; <b>{overview.undated}</b> việc chưa xác định ngày" if overview.undated else ""
        self.summary.setText(
            f"<b>{WEEKDAY_NAMES[overview.day.weekday()]}, {date_text(overview.day)}</b> — "
            f"<b>{overview.plan_count}</b> kế hoạch đang thực hiện, {totals.total} việc: "
            f"hoàn thành <b>{totals.done}</b>, đang thực hiện <b>{totals.in_progress}</b>, "
            f"<span style='color:{SEGMENT_COLOURS[2]}'>quá hạn <b>{totals.overdue}</b></span>, "
            f"chưa thực hiện <b>{totals.not_started}</b>{undated}."
            + (
                f"<br><span style='color:{SEGMENT_COLOURS[2]}'>"
                f"{html.escape(overview.flagged_text())}</span>"
                if overview.flagged
                else ""
            )
        )
        self.unit_bars.set_tallies(overview.units)
        self.hamlet_bars.set_tallies(overview.hamlets)
        self.overdue_model.set_rows(overview.overdue)
        self.coming_model.set_rows(overview.coming)
        self.overdue_box.setTitle(f"Việc quá hạn ({len(overview.overdue)})")
        self.coming_box.setTitle(
            f"Tuần tới ({date_text(overview.day)} - {date_text(overview.week_end)}): "
            f"{len(overview.coming)} việc, sự kiện"
        )

    @override
    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.reload()
        super().showEvent(event)

    def _current(self) -> Overview:
        if self.overview is None or self._stale:
            self.reload()
        assert self.overview is not None
        return self.overview

    def print_overview(self) -> Path | None:
        """Write the one-page overview to the print folder and hand it to the printer."""
        overview = self._current()
        path = self._ws.documents.print_path(f"tong-quan-{overview.day:%Y-%m-%d}.docx")
        return print_file(self, lambda p: self._ws.documents.export_overview(overview, p), path)

    def export_word(self, *, path: Path | None = None) -> Path | None:
        """Save the one-page overview as a Word document where the clerk says."""
        overview = self._current()
        if path is None:
            folder = self._ws.documents.export_folder()
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                "Xuất tổng quan",
                str(folder / f"tong-quan-{overview.day:%Y-%m-%d}.docx"),
                "Văn bản Word (*.docx)",
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            written = self._ws.documents.export_overview(overview, path)
            self._ws.documents.remember_export_folder(written.parent)
        except UserError as exc:
            show_error(self, exc.message)
            return None
        say(self, f"Đã lưu {written}")
        return written

    def _open_coming(self) -> None:
        index = self.coming_view.currentIndex()
        if index.isValid():
            item = index.siblingAtColumn(0).data(ROW_ROLE)
            if isinstance(item, CalendarItem):
                self.open_plan.emit(item.plan_id)
