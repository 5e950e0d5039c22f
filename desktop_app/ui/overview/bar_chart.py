"""Stacked horizontal bars drawn with QPainter: a name, its bar, its counts; read at a glance.

One bar per unit (tasks done, in progress, overdue, not started) or per hamlet (campaign days
reported, to come, passed without a report). Every bar is drawn to the scale of the longest,
so a long bar is a unit with much to do and its red part what is late.
"""

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget
from typing_extensions import override

from desktop_app.domain.overview import Tally

# Done, in progress (or to come), overdue, not started: the colours of the Word overview.
SEGMENT_COLOURS = ("#2e7d32", "#1976d2", "#c62828", "#b0b0b0")
ROW_HEIGHT = 24
NAME_SHARE = 0.38  # of the width, for the names
COUNTS_WIDTH = 150  # pixels, for "3 · 1 · 2 · 0"


def segments(tally: Tally) -> tuple[int, int, int, int]:
    return (tally.done, tally.in_progress, tally.overdue, tally.not_started)


class BarChart(QWidget):
    """The bars of ``tallies``; ``labels`` name the four parts in each bar's tooltip text."""

    def __init__(self, labels: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = tuple(labels)
        self.tallies: tuple[Tally, ...] = ()
        self.empty_text = "(không có)"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_tallies(self, tallies: Sequence[Tally]) -> None:
        self.tallies = tuple(tallies)
        self.setFixedHeight(max(1, len(self.tallies)) * ROW_HEIGHT + 4)
        self.updateGeometry()
        self.update()

    def describe(self, row: int) -> str:
        """One bar in words: "Phòng Kinh tế: hoàn thành 1, quá hạn 2"."""
        tally = self.tallies[row]
        parts = [
            f"{label} {value}"
            for label, value in zip(self.labels, segments(tally), strict=True)
            if label and value
        ]
        return f"{tally.name}: " + (", ".join(parts) if parts else "không có việc")

    @override
    def sizeHint(self) -> QSize:
        return QSize(480, max(1, len(self.tallies)) * ROW_HEIGHT + 4)

    @override
    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            row = event.pos().y() // ROW_HEIGHT
            if 0 <= row < len(self.tallies):
                QToolTip.showText(event.globalPos(), self.describe(row), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        palette_text = self.palette().windowText().color()
        width = self.width()
        if not self.tallies:
            painter.setPen(palette_text)
            painter.drawText(
                QRect(4, 0, width - 8, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, self.empty_text
            )
            return
        name_width = int(width * NAME_SHARE)
        bar_left = name_width + 8
        bar_space = max(20, width - bar_left - COUNTS_WIDTH - 8)
        longest = max([1, *(t.total for t in self.tallies)])
        metrics = painter.fontMetrics()
        for row, tally in enumerate(self.tallies):
            top = row * ROW_HEIGHT + 2
            painter.setPen(palette_text)
            name = metrics.elidedText(tally.name, Qt.TextElideMode.ElideRight, name_width - 4)
            painter.drawText(
                QRect(4, top, name_width - 4, ROW_HEIGHT - 4), Qt.AlignmentFlag.AlignVCenter, name
            )
            x = bar_left
            for value, colour in zip(segments(tally), SEGMENT_COLOURS, strict=True):
                if not value:
                    continue
                length = max(2, round(value * bar_space / longest))
                painter.fillRect(QRect(x, top + 4, length, ROW_HEIGHT - 10), QColor(colour))
                x += length
            counts = " · ".join(
                str(v) for v, label in zip(segments(tally), self.labels, strict=True) if label
            )
            painter.drawText(
                QRect(x + 6, top, COUNTS_WIDTH + bar_space, ROW_HEIGHT - 4),
                Qt.AlignmentFlag.AlignVCenter,
                counts,
            )
        painter.end()
