"""Paints a day of the month view: the solar day, the lunar date, then coloured lines.

Switching months repaints 42 cells within the 50 ms budget, so everything that does not
change from one paint to the next (fonts, their metrics, colours, elided texts, and the laid
out texts themselves as QStaticText: day numbers, lunar dates and item labels recur from
month to month) is made once and kept.
"""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QStaticText, QTransform
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget
from typing_extensions import override

from desktop_app.ui.calendar.month_table_model import CELL_ROLE, HOLIDAY_COLOUR, DayCell

PADDING = 3
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
SELECTED = QStyle.StateFlag.State_Selected
SELECTION_TINT = QColor(70, 130, 220, 60)
WHITE = QColor("#ffffff")
ELIDED_KEPT = 4000
STATIC_KEPT = 4000


class _Fonts:
    """The fonts of a cell, made from the view's font."""

    def __init__(self, base: QFont) -> None:
        self.day = QFont(base)
        self.day.setBold(True)
        self.day.setPointSizeF(base.pointSizeF() * 1.15)
        self.day_height = QFontMetrics(self.day).height()
        self.lunar = QFont(base)
        self.lunar.setPointSizeF(base.pointSizeF() * 0.85)
        # The first day of a lunar month is marked, as printed calendars do.
        self.lunar_first = QFont(self.lunar)
        self.lunar_first.setBold(True)
        self.lunar_height = QFontMetrics(self.lunar).height()
        self.line = QFont(base)
        self.line.setPointSizeF(base.pointSizeF() * 0.9)
        self.line_bold = QFont(self.line)
        self.line_bold.setBold(True)
        self.line_metrics = QFontMetrics(self.line)
        self.line_bold_metrics = QFontMetrics(self.line_bold)
        self.line_height = self.line_metrics.height()


class MonthCellDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[str, _Fonts] = {}
        self._colours: dict[str, QColor] = {}
        self._elided: dict[tuple[str, int, bool], str] = {}
        self._static: dict[tuple[str, int], QStaticText] = {}

    def _draw(
        self, painter: QPainter, font: QFont, text: str, x: int, y: int, *, right: bool = False
    ) -> None:
        """Draw ``text`` with its top at ``y``, from ``x`` (or ending at ``x`` when right)."""
        key = (text, id(font))
        static = self._static.get(key)
        if static is None:
            if len(self._static) > STATIC_KEPT:
                self._static.clear()
            static = self._static[key] = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), font)
        if right:
            x -= int(static.size().width())
        painter.drawStaticText(QPoint(x, y), static)

    def _colour(self, name: str) -> QColor:
        colour = self._colours.get(name)
        if colour is None:
            colour = self._colours[name] = QColor(name)
        return colour

    def _elide(self, fonts: _Fonts, text: str, width: int, bold: bool) -> str:
        key = (text, width, bold)
        elided = self._elided.get(key)
        if elided is None:
            if len(self._elided) > ELIDED_KEPT:
                self._elided.clear()
            metrics = fonts.line_bold_metrics if bold else fonts.line_metrics
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            self._elided[key] = elided
        return elided

    @override
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        cell = index.data(CELL_ROLE)
        if not isinstance(cell, DayCell):
            super().paint(painter, option, index)
            return
        base: QFont = option.font
        fonts = self._fonts.get(base.key())
        if fonts is None:
            fonts = self._fonts[base.key()] = _Fonts(base)
        painter.save()
        rect: QRect = option.rect
        # Always an opaque base: the selection tint below is translucent and would
        # otherwise pile up over repeated paints into a solid block hiding the text.
        painter.fillRect(rect, self._colour(cell.background) if cell.background else WHITE)
        if option.state & SELECTED:
            painter.fillRect(rect, SELECTION_TINT)
            painter.setPen(self._colour("#1a4f9c"))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        inner = rect.adjusted(PADDING, PADDING - 1, -PADDING, -PADDING)
        dim = not cell.in_month
        red_day = bool(cell.day_off) or (cell.day.weekday() == 6 and not cell.workday)

        painter.setFont(fonts.day)
        painter.setPen(self._colour("#9a9a9a" if dim else HOLIDAY_COLOUR if red_day else "#202020"))
        self._draw(painter, fonts.day, str(cell.day.day), inner.left(), inner.top())
        lunar_font = fonts.lunar_first if cell.lunar.startswith("1/") else fonts.lunar
        painter.setFont(lunar_font)
        painter.setPen(self._colour("#b0b0b0" if dim else "#7a7a7a"))
        lunar_top = inner.top() + (fonts.day_height - fonts.lunar_height) // 2
        self._draw(painter, lunar_font, cell.lunar, inner.right(), lunar_top, right=True)

        y = inner.top() + fonts.day_height + 1
        height = fonts.line_height
        bold: bool | None = None
        for line in cell.lines:
            if y + height > inner.bottom() + 2:
                break
            if line.bold is not bold:
                bold = line.bold
                painter.setFont(fonts.line_bold if bold else fonts.line)
            painter.setPen(self._colour("#a0a0a0" if dim else (line.colour or "#202020")))
            text = self._elide(fonts, line.text, inner.width(), line.bold)
            self._draw(painter, fonts.line_bold if line.bold else fonts.line, text, inner.left(), y)
            y += height
        painter.restore()
