"""One month as a printable Excel workbook: the month grid, and the list of its items.

The first sheet is a wall calendar: six weeks, Monday first, each day cell holding the
day number (with the lunar date when asked), the holiday and what falls on that day. It
prints on one A4 landscape page wide. The second sheet, "Danh sách", lists every item
with its plan, place and state, ready to filter and sort.

Text typed by people is always stored as text, never as a formula (see :func:`put_text`).
"""

import datetime as dt
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.colors import Color
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.domain.calendar import (
    ITEM_KIND_LABELS,
    ITEM_STATE_LABELS,
    WEEKDAY_NAMES,
    CalendarItem,
    ItemKind,
    ItemState,
    item_order,
    month_grid,
)
from desktop_app.domain.registry import Registry
from desktop_app.exports.files import write_atomically
from desktop_app.exports.sheets import (
    FONT_NAME,
    looks_like_formula,
    print_a4_landscape,
    xml_text,
)
from desktop_app.exports.text_metrics import excel_text_width_pt, wrapped_lines

RED = "C00000"
GREY = "808080"
OUTSIDE_FILL = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")
HOLIDAY_FILL = PatternFill("solid", start_color="FDE9E9", end_color="FDE9E9")
HEADER_FILL = PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6")
# A line read from stored values that break the record rules: the progress sheets' orange.
FLAG_FILL = PatternFill("solid", start_color="F8CBAD", end_color="F8CBAD")
FLAG_COLOUR = RED
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)

LIST_SHEET = "Danh sách"
TITLE_ROW, SUBTITLE_ROW, HEADER_ROW, FIRST_WEEK_ROW = 1, 2, 3, 4

# The month grid: seven equal columns; row heights follow the busiest day of each week.
# Seven columns of 19.5 width units (about 106 pt) fill the 26.7 cm between the margins
# of an A4 landscape page, so the grid prints at (nearly) full size.
DAY_WIDTH = 19.5  # Excel width units (characters of the default font)
ITEM_SIZE = 10  # points
CHARS_PER_LINE = 30  # what one line of a day cell holds at ITEM_SIZE, a little pessimistic
LINE_HEIGHT = 13.0  # points per line of ITEM_SIZE text
MIN_WEEK_HEIGHT = 68.0  # an empty week still leaves room to write in by hand
MIN_OUTSIDE_WEEK_HEIGHT = 30.0  # a week wholly in the next month needs less
MAX_ROW_HEIGHT = 409.0  # Excel's limit
MAX_GRID_LABEL = 110  # longer labels are cut in the grid; the list has them whole
# A4 landscape is 21 cm tall; less the 1.5 cm margins that leaves 18 cm = 510 pt.
PRINTABLE_HEIGHT = 510.0
# A month up to this much taller than the page is shrunk onto one sheet of paper;
# a busier one keeps its size and runs on to a second page.
SHRINK_TO_ONE_PAGE = 1.25

LIST_COLUMNS: tuple[tuple[str, float], ...] = (
    ("Ngày", 11),
    ("Thứ", 9),
    ("Giờ", 6),
    ("Loại", 9),
    ("Nội dung", 52),
    ("Kế hoạch", 14),
    ("Địa điểm", 20),
    ("Chủ trì", 24),
    ("Trạng thái", 12),
)
LIST_SIZE = 11  # points
LIST_LINE_HEIGHT = 12.75  # points per line of LIST_SIZE text (1.15 em on Excel's 0.75 pt grid)


# What a deadline's line in a day cell adds about its state.
DEADLINE_MARKS: Registry[ItemState, str] = Registry(
    ItemState,
    {
        ItemState.DUE: "",
        ItemState.OVERDUE: " (quá hạn)",
        ItemState.DONE: " (đã xong)",
    },
    "deadline marks",
)


def cell_at(ws: Worksheet, row: int, column: int) -> Cell:
    """The writable cell at ``row``, ``column`` (never the hidden part of a merge)."""
    cell = ws.cell(row, column)
    if not isinstance(cell, Cell):
        raise TypeError(f"{cell.coordinate} is inside a merged range")
    return cell


def put_text(cell: Cell, text: str) -> None:
    """Store ``text`` as a plain string, even when it reads like a formula.

    openpyxl turns any string starting with "=" into a formula; a plan's label such as
    "=HYPERLINK(...)" must stay inert text in the clerk's workbook.
    """
    value = xml_text(text)
    cell.value = value
    if looks_like_formula(value):
        cell.data_type = "s"


def _font(
    size: float = ITEM_SIZE, *, bold: bool = False, italic: bool = False, color: str | None = None
) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=color)


def _inline(
    size: float = ITEM_SIZE, *, bold: bool = False, italic: bool = False, color: str | None = None
) -> InlineFont:
    return InlineFont(
        rFont=FONT_NAME,
        sz=size,
        b=bold or None,
        i=italic or None,
        color=Color(rgb=f"FF{color}") if color else None,
    )


def month_title(year: int, month: int) -> str:
    return f"LỊCH THÁNG {month}/{year}"


def item_line(item: CalendarItem) -> str:
    """How an item reads in a day cell: "07:30 Đợt 13 – ra quân", "Hạn: Báo cáo (quá hạn)"."""
    label = " ".join(xml_text(item.label).split())
    if len(label) > MAX_GRID_LABEL:
        label = label[: MAX_GRID_LABEL - 1].rstrip() + "…"
    if item.kind is ItemKind.EVENT:
        return f"{xml_text(item.time).strip()} {label}" if item.time else label
    return f"Hạn: {label}{DEADLINE_MARKS[item.state]}"


def _wrapped_lines(text: str, width: int = CHARS_PER_LINE) -> int:
    """How many lines ``text`` takes when wrapped at ``width`` characters."""
    return sum(max(1, len(textwrap.wrap(line, width))) for line in text.split("\n"))


def _item_colour(item: CalendarItem) -> str | None:
    if item.flagged:
        return FLAG_COLOUR
    if item.state is ItemState.OVERDUE:
        return RED
    if item.state is ItemState.DONE and item.kind is ItemKind.DEADLINE:
        return GREY
    return None


def _day_cell(
    day: dt.date,
    in_month: bool,
    items: Sequence[CalendarItem],
    holiday: str,
    lunar_text: str,
) -> tuple[CellRichText, int]:
    """The rich text of one day cell, and how many printed lines it takes."""
    red_day = in_month and (day.weekday() == 6 or bool(holiday))
    day_colour = GREY if not in_month else RED if red_day else None
    number = str(day.day) if in_month else day.strftime("%d/%m")
    blocks: list[TextBlock] = [TextBlock(_inline(12, bold=True, color=day_colour), number)]
    text = number
    if lunar_text:
        lunar_run = f" (âl {xml_text(lunar_text)})"
        blocks.append(TextBlock(_inline(9, italic=True, color=GREY), lunar_run))
        text += lunar_run
    if holiday:
        run = "\n" + xml_text(holiday)
        blocks.append(
            TextBlock(_inline(bold=True, italic=True, color=GREY if not in_month else RED), run)
        )
        text += run
    for item in items:
        run = "\n• " + item_line(item)
        colour = _item_colour(item) if in_month else GREY
        blocks.append(TextBlock(_inline(bold=item.flagged, color=colour), run))
        text += run
    return CellRichText(blocks), _wrapped_lines(text)


def _page_setup(ws: Worksheet, title_rows: str) -> None:
    print_a4_landscape(ws, title_rows)
    footer = ws.oddFooter
    assert footer is not None  # openpyxl creates the (empty) footers with the sheet
    footer.center.text = "Trang &P/&N"
    footer.center.font = f"{FONT_NAME},Regular"
    footer.center.size = 10


def _titles(ws: Worksheet, heading: str, title: str, last_column: int) -> None:
    end = get_column_letter(last_column)
    ws.merge_cells(f"A{TITLE_ROW}:{end}{TITLE_ROW}")
    ws.merge_cells(f"A{SUBTITLE_ROW}:{end}{SUBTITLE_ROW}")
    head = cell_at(ws, TITLE_ROW, 1)
    head.value = heading
    head.font = _font(16, bold=True)
    head.alignment = CENTRE
    ws.row_dimensions[TITLE_ROW].height = 26
    sub = cell_at(ws, SUBTITLE_ROW, 1)
    put_text(sub, title.strip())
    sub.font = _font(12, bold=True)
    sub.alignment = CENTRE
    ws.row_dimensions[SUBTITLE_ROW].height = 20 if title.strip() else 6


def _grid_sheet(
    ws: Worksheet,
    year: int,
    month: int,
    items: Sequence[CalendarItem],
    *,
    title: str,
    holidays: Mapping[dt.date, str],
    lunar: Callable[[dt.date], str] | None,
) -> None:
    _titles(ws, month_title(year, month), title, 7)
    for column, name in enumerate(WEEKDAY_NAMES, start=1):
        cell = cell_at(ws, HEADER_ROW, column)
        cell.value = name
        cell.font = _font(11, bold=True, color=RED if column == 7 else None)
        cell.fill = HEADER_FILL
        cell.alignment = CENTRE
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(column)].width = DAY_WIDTH
    ws.row_dimensions[HEADER_ROW].height = 20

    on_day: dict[dt.date, list[CalendarItem]] = {}
    for item in sorted(items, key=item_order):
        on_day.setdefault(item.day, []).append(item)
    for week, days in enumerate(month_grid(year, month)):
        row = FIRST_WEEK_ROW + week
        most_lines = 0
        for column, day in enumerate(days, start=1):
            in_month = day.month == month
            holiday = holidays.get(day, "")
            rich, lines = _day_cell(
                day, in_month, on_day.get(day, []), holiday, lunar(day) if lunar else ""
            )
            cell = cell_at(ws, row, column)
            cell.value = rich
            cell.alignment = TOP_LEFT
            cell.border = BORDER
            if not in_month:
                cell.fill = OUTSIDE_FILL
            elif holiday:
                cell.fill = HOLIDAY_FILL
            most_lines = max(most_lines, lines)
        # The day number line is 12 pt: a little taller than an item line.
        least = MIN_WEEK_HEIGHT if days[0].month == month or days[6].month == month else 0
        least = least or MIN_OUTSIDE_WEEK_HEIGHT
        height = min(MAX_ROW_HEIGHT, math.ceil(max(least, most_lines * LINE_HEIGHT + 8)))
        ws.row_dimensions[row].height = height
    _page_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")
    total = sum(ws.row_dimensions[r].height or 15 for r in range(1, FIRST_WEEK_ROW + 6))
    if total <= PRINTABLE_HEIGHT * SHRINK_TO_ONE_PAGE:
        ws.page_setup.fitToHeight = 1


def _list_sheet(
    ws: Worksheet, year: int, month: int, items: Sequence[CalendarItem], title: str
) -> None:
    _titles(ws, f"DANH SÁCH SỰ KIỆN VÀ THỜI HẠN THÁNG {month}/{year}", title, len(LIST_COLUMNS))
    for column, (name, width) in enumerate(LIST_COLUMNS, start=1):
        cell = cell_at(ws, HEADER_ROW, column)
        cell.value = name
        cell.font = _font(11, bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = CENTRE
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.row_dimensions[HEADER_ROW].height = 20

    rows = sorted(items, key=item_order)
    for offset, item in enumerate(rows):
        row = HEADER_ROW + 1 + offset
        texts = (
            WEEKDAY_NAMES[item.day.weekday()],
            item.time or "",
            ITEM_KIND_LABELS[item.kind],
            item.label,
            item.plan_reference,
            item.place,
            item.who,
            # An event's state only says whether its day has passed.
            ITEM_STATE_LABELS[item.state] if item.kind is ItemKind.DEADLINE else "",
        )
        date_cell = cell_at(ws, row, 1)
        date_cell.value = item.day
        date_cell.number_format = "DD/MM/YYYY"
        for column, text in enumerate(texts, start=2):
            put_text(cell_at(ws, row, column), text)
        overdue = item.state is ItemState.OVERDUE
        lines = 1
        for column, (_, width) in enumerate(LIST_COLUMNS, start=1):
            cell = cell_at(ws, row, column)
            cell.font = _font(LIST_SIZE, color=RED if overdue and column == 9 else None)
            cell.alignment = TOP_LEFT
            cell.border = BORDER
            if item.flagged:  # its label and reference say what is wrong
                cell.fill = FLAG_FILL
            if isinstance(cell.value, str):
                room = excel_text_width_pt(width)
                lines = max(lines, wrapped_lines(cell.value, room, LIST_SIZE))
        # Excel does not fit wrapped rows to their text when it opens a file: set them.
        ws.row_dimensions[row].height = min(MAX_ROW_HEIGHT, lines * LIST_LINE_HEIGHT + 3)
    last_row = HEADER_ROW + max(1, len(rows))
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(LIST_COLUMNS))}{last_row}"
    _page_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")


def build_month_workbook(
    year: int,
    month: int,
    items: Sequence[CalendarItem],
    *,
    title: str = "",
    holidays: Mapping[dt.date, str] | None = None,
    lunar: Callable[[dt.date], str] | None = None,
) -> Workbook:
    """The workbook of :func:`write_month_sheet` (see there), without saving it."""
    wb = Workbook()
    grid = wb.active
    assert grid is not None  # a new workbook always has one sheet
    grid.title = f"Tháng {month}-{year}"
    _grid_sheet(grid, year, month, items, title=title, holidays=holidays or {}, lunar=lunar)
    _list_sheet(wb.create_sheet(LIST_SHEET), year, month, items, title)
    wb.properties.title = xml_text(f"{month_title(year, month).capitalize()} {title}".strip())
    wb.properties.creator = "Sổ theo dõi Kế hoạch"
    return wb


def write_month_sheet(
    year: int,
    month: int,
    items: Sequence[CalendarItem],
    path: Path,
    *,
    title: str = "",
    holidays: Mapping[dt.date, str] | None = None,
    lunar: Callable[[dt.date], str] | None = None,
) -> Path:
    """Write one month as an .xlsx workbook: the month grid and the list of items.

    Args:
        year: the year of the month.
        month: the month, 1-12.
        items: the month's events and deadlines, e.g. ``CalendarService.month_items``; items
            on the days of the neighbouring months shown in the grid appear greyed.
        path: the .xlsx file to write; an existing one is replaced.
        title: a second title line, e.g. the office's name.
        holidays: day -> name, e.g. ``public_holidays(year)``; such days are shown in red.
        lunar: the short lunar date of a day, e.g. ``lambda d: solar_to_lunar(d).short()``
            giving "23/10"; the cell then reads "12 (âl 23/10)".

    Returns:
        ``path``.

    Raises:
        UserError: when the file cannot be written (see :func:`write_atomically`).
    """
    wb = build_month_workbook(year, month, items, title=title, holidays=holidays, lunar=lunar)

    def write(target: Path) -> None:
        wb.save(target)

    return write_atomically(Path(path), write)
