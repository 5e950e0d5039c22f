"""The weekly work schedule (Lịch công tác tuần) as a Word document.

The Ủy ban nhân dân issues it in the state layout (Nghị định 30/2020); when the Đảng ủy
issues it, it takes the Party layout of its date (Hướng dẫn 36 or 05-HD/VPTW), read from the
same table of guide rules as the plans.
"""

import copy
import datetime as dt
from collections.abc import Callable, Sequence
from itertools import zip_longest
from pathlib import Path

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

from desktop_app.domain.calendar import WEEKDAY_NAMES
from desktop_app.domain.guides import GUIDE_RULES, guide_for, signing_authority
from desktop_app.domain.plans import System, document_number_line, place_date_line
from desktop_app.domain.schedule import (
    DAY_PART_LABELS,
    DayPart,
    ScheduleEntry,
    WeeklySchedule,
    schedule_heading,
    time_minutes,
    week_range_line,
)
from desktop_app.exports.docx_layout import (
    CENTER,
    LEFT,
    cell_paragraph,
    document_title,
    highlight_flags,
    keep_row_on_one_page,
    merge_vertically,
    new_document,
    official_header,
    page_numbers_from_second_page,
    repeat_as_header_row,
    set_column_widths,
    set_table_borders,
    signature_block,
)
from desktop_app.exports.files import write_atomically
from desktop_app.exports.text_metrics import wrapped_lines

SYMBOL = "LCT-UBND"
PARTY_SYMBOL = "LCT/ĐU"
EMPTY = "-"
TABLE_SIZE = 13

# Title, width (A4 landscape: 297 - 30 - 15 = 252 mm of text) and alignment of each column.
COLUMNS: tuple[tuple[str, Length, WD_ALIGN_PARAGRAPH], ...] = (
    ("Thứ/ngày", Cm(2.5), CENTER),
    ("Buổi", Cm(1.5), CENTER),
    ("Thời gian", Cm(2.3), CENTER),
    ("Nội dung công việc", Cm(7.2), LEFT),
    ("Địa điểm", Cm(3.6), LEFT),
    ("Chủ trì", Cm(3.4), LEFT),
    ("Thành phần tham gia", Cm(4.7), LEFT),
)
_PARTS = (DayPart.MORNING, DayPart.AFTERNOON)
_CELL_PADDING = 2  # points above and below the text of an entry


def display_time(time: str | None) -> str:
    """Return "07h30" for "07:30" or "7:30"; text that is not a time is kept as written."""
    minutes = time_minutes(time)
    if minutes is None:
        return (time or "").strip()
    return f"{minutes // 60:02d}h{minutes % 60:02d}"


def day_label(day: dt.date) -> tuple[str, str]:
    """Return ("Thứ Hai", "30/11")."""
    return WEEKDAY_NAMES[day.weekday()], f"{day.day:02d}/{day.month:02d}"


_FIELDS: tuple[Callable[[ScheduleEntry], str], ...] = (
    lambda e: display_time(e.time),
    lambda e: e.what,
    lambda e: e.where,
    lambda e: e.lead,
    lambda e: e.participants,
)


def weekly_schedule_document(
    schedule: WeeklySchedule,
    *,
    issuer: str,
    parent: str,
    place: str,
    issued_on: dt.date,
    number: int | None = None,
    signature: tuple[str, str, str] | None = None,
    recipients: Sequence[str] = (),
    system: System = System.STATE,
    two_sided: bool = False,
) -> Document:
    """Build the document of :func:`write_weekly_schedule` without saving it."""
    guide = guide_for(system, issued_on)
    rules = GUIDE_RULES[guide]
    document = new_document(landscape=True, rules=rules, two_sided=two_sided)
    page_numbers_from_second_page(document.sections[0], rules)
    symbol = PARTY_SYMBOL if system is System.PARTY else SYMBOL
    official_header(
        document,
        guide,
        issuer,
        parent,
        document_number_line(system, number, symbol),
        place_date_line(place, issued_on),
    )
    document_title(
        document,
        schedule_heading(schedule.monday),
        [week_range_line(schedule.monday)],
        rules=rules,
    )
    table, last_day_rows = _schedule_table(document, schedule)
    if signature is not None or recipients:
        authority, position, signer = signature or ("", "", "")
        _detach_rows(document, table, last_day_rows)
        signature_block(
            document,
            _punctuated(recipients, rules.recipient_separator),
            signing_authority(guide, authority, issuer),
            position,
            signer,
            rules=rules,
        )
    return document


def _punctuated(lines: Sequence[str], separator: str) -> list[str]:
    """Each line ending with the guide's separator, the last one with "."."""
    texts = [line.strip().rstrip(" ;,.") for line in lines if line.strip(" ;,.-")]
    return [f"{t}{'.' if i == len(texts) - 1 else separator}" for i, t in enumerate(texts)]


def write_weekly_schedule(
    schedule: WeeklySchedule,
    path: Path,
    *,
    issuer: str,
    parent: str,
    place: str,
    issued_on: dt.date,
    number: int | None = None,
    signature: tuple[str, str, str] | None = None,
    recipients: Sequence[str] = (),
    system: System = System.STATE,
    two_sided: bool = False,
) -> Path:
    """Write the "Lịch công tác tuần" of one week as a .docx, A4 landscape.

    The header carries the register's number ("Số: 12/LCT-UBND"), blank when None. Each day has
    a Sáng and a Chiều part, each one row per entry (one row with "-" when free); the day's
    and the part's cells are merged over their rows. The column titles repeat on every page,
    no row breaks across pages, and a day's rows are kept on one page.

    Args:
        schedule: the week, from ``domain.schedule.weekly_schedule``.
        path: the .docx to write; an existing file is replaced.
        issuer: "ỦY BAN NHÂN DÂN XÃ PHÚ LẠC".
        parent: the body above the issuer, or "".
        place: the place name of the date line ("Phú Lạc").
        issued_on: the date of the date line.
        number: the number the register gave the schedule; None leaves it blank.
        signature: (authority, position, signer), e.g. ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
            "Nguyễn Văn A"); None leaves the signature out.
        recipients: the Nơi nhận lines, e.g. ("Thường trực Đảng ủy (b/c)", "Lưu: VT"); each
            is closed with the guide's ";" (or ",") and the last with ".".
        system: who issues it: the Ủy ban (state layout) or the Đảng ủy (Party layout).
        two_sided: printed on both sides of the sheet (mirror margins where the guide says).

    Returns:
        ``path``.

    Raises:
        UserError: when the file cannot be written (see ``exports.files.write_atomically``).
    """
    document = weekly_schedule_document(
        schedule,
        issuer=issuer,
        parent=parent,
        place=place,
        issued_on=issued_on,
        number=number,
        signature=signature,
        recipients=recipients,
        system=system,
        two_sided=two_sided,
    )
    highlight_flags(document)
    return write_atomically(path, lambda target: document.save(str(target)))


def _schedule_table(document: Document, schedule: WeeklySchedule) -> tuple[Table, int]:
    """The schedule's table, and how many rows its last day takes."""
    # One row per entry (at least one per half-day), so that an entry's place, lead and
    # participants stay level with its text however the cells wrap.
    halves = [
        (day, part, schedule.entries_on(day, part)) for day in schedule.days() for part in _PARTS
    ]
    row_count = 1 + sum(max(1, len(entries)) for _, _, entries in halves)
    table: Table = document.add_table(rows=row_count, cols=len(COLUMNS))
    set_table_borders(table, size=4)
    set_column_widths(table, [width for _, width, _ in COLUMNS])
    rows = list(table.rows)
    repeat_as_header_row(rows[0])
    for cell, (title, _, _) in zip(rows[0].cells, COLUMNS, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell_paragraph(cell, title, size=TABLE_SIZE, bold=True, space_before=3, space_after=3)
    for row in rows:
        keep_row_on_one_page(row)
    next_row = 1
    for day in schedule.days():
        day_rows: list[_Row] = []
        for part in _PARTS:
            entries = schedule.entries_on(day, part)
            part_rows = rows[next_row : next_row + max(1, len(entries))]
            next_row += len(part_rows)
            for row, entry in zip_longest(part_rows, entries):
                _fill_entry(row, entry)
            _merged(part_rows, 1, [DAY_PART_LABELS[part]])
            day_rows += part_rows
        weekday, date_text = day_label(day)
        _merged(day_rows, 0, [weekday, date_text]).runs[0].font.bold = True
        if _short_enough_to_keep(day_rows):
            _keep_together(day_rows)
    return table, len(day_rows)


def _fill_entry(row: _Row, entry: ScheduleEntry | None) -> None:
    for cell, field, (_, _, align) in zip(row.cells[2:], _FIELDS, COLUMNS[2:], strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        text = "" if entry is None else field(entry).strip()
        cell_paragraph(
            cell,
            text or EMPTY,
            size=TABLE_SIZE,
            align=align if text else CENTER,
            space_before=_CELL_PADDING,
            space_after=_CELL_PADDING,
        )


def _merged(rows: Sequence[_Row], column: int, lines: Sequence[str]) -> Paragraph:
    """Merge ``column`` over ``rows``, write ``lines`` centred in it; return the first line."""
    cell = merge_vertically([row.cells[column] for row in rows])
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraphs = [cell_paragraph(cell, line, size=TABLE_SIZE) for line in lines]
    return paragraphs[0]


# A4 landscape less the 20 mm margins top and bottom, in points.
_PAGE_TEXT_HEIGHT = (210 - 40) / 25.4 * 72
_LINE_HEIGHT = TABLE_SIZE * 1.15


def _short_enough_to_keep(rows: Sequence[_Row]) -> bool:
    """Whether the day's rows, by the font's widths, take at most a quarter of a page.

    A tall day kept whole jumped to page 2 and left page 1 empty but for the header; a tall
    day flows on instead (no row is ever split).
    """
    height = 0.0
    for row in rows:
        lines = 1
        for cell, (_, width, _) in zip(row.cells, COLUMNS, strict=True):
            room = width.pt - 6  # the cell's padding
            lines = max(lines, wrapped_lines(cell.text, room, TABLE_SIZE))
        height += lines * _LINE_HEIGHT + 2 * _CELL_PADDING
    return height <= _PAGE_TEXT_HEIGHT / 4


def _keep_together(rows: Sequence[_Row]) -> None:
    """Keep rows on one page: every paragraph of every row but the last keeps with the next.

    Word honours this; LibreOffice ignores it for table rows.
    """
    for row in rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _detach_rows(document: Document, table: Table, count: int) -> Table:
    """Move the table's last ``count`` rows (its last day) into a table kept with what follows.

    LibreOffice ignores "keep with next" on table rows, and the signature block stood alone
    on page 2 every week; it honours it on a whole table, so the last day gets a table of
    its own, kept with the signature. A 1 pt paragraph keeps the two tables apart (two
    tables touching are read as one); the two borders then print as one thicker line.
    """
    body = table._tbl
    rows = body.findall(qn("w:tr"))[-count:]
    tail = OxmlElement("w:tbl")
    for part in ("w:tblPr", "w:tblGrid"):
        element = body.find(qn(part))
        if element is not None:
            tail.append(copy.deepcopy(element))
    for row in rows:
        tail.append(row)  # moves it
    gap = document.add_paragraph()._p
    gap.getparent().remove(gap)
    body.addnext(gap)
    gap.addnext(tail)
    spacing = Paragraph(gap, document._body).paragraph_format
    spacing.space_before = spacing.space_after = Pt(0)
    spacing.line_spacing = Pt(1)
    # Every paragraph, those of merged-away cells too (python-docx's cells skip them):
    # LibreOffice keeps the table with what follows only when all of them keep.
    for element in tail.iter(qn("w:p")):
        Paragraph(element, document._body).paragraph_format.keep_with_next = True
    return Table(tail, document._body)
