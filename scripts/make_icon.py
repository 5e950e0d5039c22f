"""Draw resources/icons/SoTheoDoiKeHoach.ico, the program's and the installer's icon.

    QT_QPA_PLATFORM=offscreen python -m scripts.make_icon

A ledger on a blue tile: a white page with ruled lines and a red tick. Each size is drawn
by QPainter at that size (not scaled down from 256 px, which blurs the 16 px one) and saved
as PNG; the .ico is those PNGs behind an ICONDIR, which Windows Vista and later read.
The .ico is committed; run this again only to change the drawing.
"""

import struct
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "SoTheoDoiKeHoach.ico"
SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE = QColor("#1f5fa8")
RED = QColor("#c62828")
LINE = QColor("#9fb3c8")


def draw(size: int) -> bytes:
    """One square PNG of the icon, ``size`` pixels wide."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 64, size / 64)  # draw on a 64 x 64 grid at every size
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BLUE)
    painter.drawRoundedRect(QRectF(2, 2, 60, 60), 12, 12)
    painter.setBrush(Qt.GlobalColor.white)
    painter.drawRoundedRect(QRectF(14, 9, 36, 46), 3, 3)
    if size >= 24:  # ruled lines are mush at 16 px
        painter.setPen(QPen(LINE, 3))
        for y in (20, 28, 36, 44):
            painter.drawLine(QPointF(20, y), QPointF(44, y))
    tick = QPainterPath(QPointF(24, 33))
    tick.lineTo(31, 41)
    tick.lineTo(46, 22)
    painter.setPen(QPen(RED, 6, c=Qt.PenCapStyle.RoundCap, j=Qt.PenJoinStyle.RoundJoin))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(tick)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """An .ico file holding ``pngs`` (size -> PNG bytes)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


if __name__ == "__main__":
    app = QGuiApplication([])
    ICON.parent.mkdir(parents=True, exist_ok=True)
    ICON.write_bytes(ico({size: draw(size) for size in SIZES}))
    print(f"Đã ghi {ICON}")  # noqa: T201  # a script the developer runs
