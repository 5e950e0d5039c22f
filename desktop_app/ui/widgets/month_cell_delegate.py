"""Paints a day of the month view: the solar day, the lunar date, then coloured lines."""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem
from typing_extensions import override

from desktop_app.ui.models.month_table_model import CELL_ROLE, HOLIDAY_COLOUR, DayCell

PADDING = 3


class MonthCellDelegate(QStyledItemDelegate):
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
        painter.save()
        rect: QRect = option.rect
        # Always an opaque base: the selection tint below is translucent and would
        # otherwise pile up over repeated paints into a solid block hiding the text.
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        painter.fillRect(rect, background if background is not None else QColor("#ffffff"))
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor(70, 130, 220, 60))
            painter.setPen(QColor("#1a4f9c"))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        inner = rect.adjusted(PADDING, PADDING - 1, -PADDING, -PADDING)
        base: QFont = option.font
        dim = not cell.in_month
        red_day = bool(cell.day_off) or (cell.day.weekday() == 6 and not cell.workday)

        day_font = QFont(base)
        day_font.setBold(True)
        day_font.setPointSizeF(base.pointSizeF() * 1.15)
        painter.setFont(day_font)
        painter.setPen(QColor("#9a9a9a" if dim else HOLIDAY_COLOUR if red_day else "#202020"))
        day_height = QFontMetrics(day_font).height()
        painter.drawText(
            QRect(inner.left(), inner.top(), inner.width(), day_height),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            str(cell.day.day),
        )
        lunar_font = QFont(base)
        lunar_font.setPointSizeF(base.pointSizeF() * 0.85)
        # The first day of a lunar month is marked, as printed calendars do.
        lunar_font.setBold(cell.lunar.startswith("1/"))
        painter.setFont(lunar_font)
        painter.setPen(QColor("#b0b0b0" if dim else "#7a7a7a"))
        painter.drawText(
            QRect(inner.left(), inner.top(), inner.width(), day_height),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            cell.lunar,
        )

        line_font = QFont(base)
        line_font.setPointSizeF(base.pointSizeF() * 0.9)
        metrics = QFontMetrics(line_font)
        y = inner.top() + day_height + 1
        for line in cell.lines:
            if y + metrics.height() > inner.bottom() + 2:
                break
            font = QFont(line_font)
            font.setBold(line.bold)
            painter.setFont(font)
            colour = "#a0a0a0" if dim else (line.colour or "#202020")
            painter.setPen(QColor(colour))
            text = QFontMetrics(font).elidedText(
                line.text, Qt.TextElideMode.ElideRight, inner.width()
            )
            painter.drawText(
                QRect(inner.left(), y, inner.width(), metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
            y += metrics.height()
        painter.restore()
