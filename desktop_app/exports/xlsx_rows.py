"""The rows of a big worksheet, written as XML text and put into the workbook openpyxl saves.

openpyxl spends some 20 µs on each cell it writes, even in write-only mode: a whole office's
progress sheet (three million cells) took over a minute. Here a row is one string built from
its cells' values and the index of their cell format, gathered on disk (memory stays flat),
and spliced into the worksheet openpyxl wrote with its heading rows, its columns, print setup,
validations and protection, which stay openpyxl's.

The cells are what openpyxl's own writer produces: strings inline (``t="inlineStr"``), so
text is never read as a formula; numbers; dates as Excel serial numbers under a date format;
formulas this program wrote, without their leading "=".
"""

import datetime as dt
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()  # serial 0 (Excel's 1900 leap-year bug)
_BUFFERED_ROWS = 512
_COPY_CHUNK = 1 << 20
_SHEET_DATA_END = b"</sheetData>"
_EMPTY_SHEET_DATA = b"<sheetData/>"
# A whole office's task sheet is 200 MB of XML: zlib's level 1 packs it in a third of the
# time of the default level 6 (2 s against 6.6 s here), for a file 40 % larger (34 MB, 24).
_COMPRESSION = 1


# Each cell of a row: its XML when empty, the opening of its text (plain, and keeping the
# spaces around it), its format's index.
RowShape = tuple[tuple[str, str, str, int], ...]


class RowStream:
    """Rows of one worksheet, from a first row number down, kept in a temporary file.

    Args:
        first_row: the number of the first row added (the rows above are openpyxl's).
        is_formula: tells the formulas the caller wrote from text that looks like one.
    """

    def __init__(self, first_row: int, is_formula: Callable[[str], bool]) -> None:
        self.next = first_row
        self._is_formula = is_formula
        # Kept open across many calls; close() ends it.
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._pending: list[str] = []
        self._empty: dict[int, str] = {}
        self._text_open: dict[int, str] = {}

    def add(self, cells: Sequence[tuple[Any, int]], height: float | None = None) -> None:
        """Append a row of (value, cell format index) pairs; ``height`` in points, or auto.

        Text is written as it is given, escaped for XML: the caller leaves out the control
        characters XML cannot hold. Only text starting with "=" may be a formula.
        """
        parts = [self._row_start(height)]
        # Three million cells for a whole office: each one's work is kept to a few steps, in
        # this loop rather than in calls, with the cells' XML openings looked up by format.
        append = parts.append
        text, empty, is_formula = self._text_open, self._empty, self._is_formula
        for value, style in cells:
            if value is None or value == "":  # an empty text is an empty cell, as in openpyxl
                append(empty.get(style) or self._empty_cell(style))
            elif type(value) is str and (value[0] != "=" or not is_formula(value)):
                opening = text.get(style) or self._text_cell(style)
                if value[0].isspace() or value[-1].isspace():
                    opening = opening.replace("<t>", '<t xml:space="preserve">')
                append(opening)
                append(escape(value) if "&" in value or "<" in value or ">" in value else value)
                append("</t></is></c>")
            else:
                append(self._cell(value, style))
        self._row_end(parts)

    def shape(self, styles: Sequence[int]) -> "RowShape":
        """The cell openings of a row whose cells have these formats, for :meth:`add_row`."""
        shape = []
        for style in styles:
            opening = self._text_open.get(style) or self._text_cell(style)
            spaced = opening.replace("<t>", '<t xml:space="preserve">')
            shape.append(
                (self._empty.get(style) or self._empty_cell(style), opening, spaced, style)
            )
        return tuple(shape)

    def add_row(
        self, values: Sequence[Any], shape: "RowShape", height: float | None = None, tail: str = ""
    ) -> None:
        """Append a row of values, their formats given once as a :meth:`shape`.

        The same as :meth:`add` with the values paired with the shape's formats, for the
        rows written by the hundred thousand, whose formats repeat: the cells' openings are
        looked up once per shape, not once per cell. ``tail``: cells that are always empty
        after the values, as :meth:`empty_cells` wrote them once.
        """
        parts = [self._row_start(height)]
        self._put_cells(parts, values, shape)
        parts.append(tail)
        self._row_end(parts)

    def cells(self, values: Sequence[Any], shape: "RowShape", tail: str = "") -> str:
        """The XML of a row's cells as :meth:`add_row` writes them, for :meth:`add_cells`."""
        parts: list[str] = []
        self._put_cells(parts, values, shape)
        parts.append(tail)
        return "".join(parts)

    def add_cells(self, cells: str, height: float | None = None) -> None:
        """Append a row of cells made before by :meth:`cells`: a row written again."""
        self._row_end([self._row_start(height), cells])

    def _put_cells(self, parts: list[str], values: Sequence[Any], shape: "RowShape") -> None:
        append = parts.append
        is_formula = self._is_formula
        for value, (empty, opening, spaced, style) in zip(values, shape, strict=True):
            if type(value) is str:
                if not value:  # an empty text is an empty cell, as in openpyxl
                    append(empty)
                elif value[0] == "=" and is_formula(value):
                    append(self._cell(value, style))
                else:
                    if "&" in value or "<" in value or ">" in value:
                        value = escape(value)  # noqa: PLW2901
                    # Spaces at either end are kept only when the text says so.
                    if len(value.strip()) != len(value):
                        opening = spaced  # noqa: PLW2901
                    append(f"{opening}{value}</t></is></c>")
            elif value is None:
                append(empty)
            elif type(value) is dt.date:
                append(f'<c s="{style}"><v>{value.toordinal() - _EXCEL_EPOCH}</v></c>')
            else:
                append(self._cell(value, style))

    def _row_start(self, height: float | None) -> str:
        if height is None:
            return f'<row r="{self.next}">'
        return f'<row r="{self.next}" ht="{height:g}" customHeight="1">'

    def _row_end(self, parts: list[str]) -> None:
        parts.append("</row>")
        self._pending.append("".join(parts))
        self.next += 1
        if len(self._pending) >= _BUFFERED_ROWS:
            self._flush()

    def empty_cells(self, styles: Sequence[int]) -> str:
        """The XML of empty cells with these formats, for the ``tail`` of :meth:`add_row`."""
        return "".join(self._empty.get(style) or self._empty_cell(style) for style in styles)

    # Cells are written without their reference ("r"), which the format makes optional: each
    # row names its number and its cells follow from column A. A third less XML to write.

    def _empty_cell(self, style: int) -> str:
        self._empty[style] = f'<c s="{style}"/>'
        return self._empty[style]

    def _text_cell(self, style: int) -> str:
        self._text_open[style] = f'<c s="{style}" t="inlineStr"><is><t>'
        return self._text_open[style]

    def _cell(self, value: Any, style: int) -> str:
        if isinstance(value, str):
            if self._is_formula(value):
                return f'<c s="{style}"><f>{escape(value[1:])}</f></c>'
            return self._text_cell(style) + escape(value) + "</t></is></c>"  # a str subclass
        if isinstance(value, bool):
            return f'<c s="{style}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, dt.datetime):
            day = value.date().toordinal() - _EXCEL_EPOCH
            seconds = value.hour * 3600 + value.minute * 60 + value.second
            return f'<c s="{style}"><v>{day + seconds / 86400!r}</v></c>'
        if isinstance(value, dt.date):
            return f'<c s="{style}"><v>{value.toordinal() - _EXCEL_EPOCH}</v></c>'
        if isinstance(value, int | float):
            return f'<c s="{style}"><v>{value!r}</v></c>'
        raise TypeError(f"a cell cannot hold {type(value).__name__}")

    def _flush(self) -> None:
        self._file.write("".join(self._pending).encode("utf-8"))
        self._pending.clear()

    def copy_to(self, out: IO[bytes]) -> None:
        """Write the rows' XML to ``out``."""
        self._flush()
        self._file.seek(0)
        shutil.copyfileobj(self._file, out, _COPY_CHUNK)

    def close(self) -> None:
        self._file.close()


def splice_rows(saved: Path, target: Path, streams: dict[str, RowStream]) -> None:
    """Copy the workbook ``saved`` to ``target``, each stream's rows at the end of its sheet.

    ``streams`` maps a worksheet's part name ("xl/worksheets/sheet2.xml") to its rows.

    Raises:
        OSError: ``target`` cannot be written.
        ValueError: a part is missing, or has no sheetData.
    """
    with (
        zipfile.ZipFile(saved) as source,
        zipfile.ZipFile(
            target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=_COMPRESSION
        ) as out,
    ):
        names = set(source.namelist())
        missing = set(streams) - names
        if missing:
            raise ValueError(f"the workbook has no part {sorted(missing)}")
        for info in source.infolist():
            data = source.read(info.filename)
            stream = streams.get(info.filename)
            if stream is None:
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
                continue
            if _EMPTY_SHEET_DATA in data:
                data = data.replace(_EMPTY_SHEET_DATA, b"<sheetData>" + _SHEET_DATA_END, 1)
            head, end, tail = data.partition(_SHEET_DATA_END)
            if not end:
                raise ValueError(f"{info.filename} has no sheetData")
            with out.open(info.filename, "w", force_zip64=True) as part:
                part.write(head)
                stream.copy_to(part)
                part.write(end + tail)
