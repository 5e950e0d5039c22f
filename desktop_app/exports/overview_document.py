"""The weekly meeting's overview ("Tổng quan") on one A4 landscape page, as a Word document.

Four blocks in two columns: the lead units' tasks and the hamlets' campaign days, each with a
bar of coloured blocks beside the counts; under them the overdue tasks and the coming week.
Each block shows its first rows and says how many more there are, so the page stays one page
however busy the office is.
"""

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Cm, Length, Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell

from desktop_app.domain.calendar import WEEKDAY_NAMES, CalendarItem, ItemKind
from desktop_app.domain.deadlines import date_text
from desktop_app.domain.overview import Overview, Tally
from desktop_app.exports.docx_layout import (
    LEFT,
    add_text,
    cell_paragraph,
    highlight_flags,
    new_document,
    nfc,
    set_column_widths,
    set_table_borders,
    style_run,
)
from desktop_app.exports.files import write_atomically

SIZE = 10  # points: four blocks of up to a dozen rows fit one landscape page
HEAD_SIZE = 11
MAX_BAR_ROWS = 10
MAX_LIST_ROWS = 5
BAR_BLOCKS = 12  # the longest bar; the others in proportion
BAR_SIZE = 8  # points: a block this size is 0.17 cm wide, the longest bar 2.1 cm
BLOCK = "\u2588"
BAR_FONT = "Arial"  # has the full block; Times New Roman on some PCs does not
# Done, in progress (or coming), overdue, not started: the window's colours.
BAR_COLOURS = (
    RGBColor(0x2E, 0x7D, 0x32),
    RGBColor(0x19, 0x76, 0xD2),
    RGBColor(0xC6, 0x28, 0x28),
    RGBColor(0xB0, 0xB0, 0xB0),
)
HALF = Cm(12.4)  # each of the two columns of 252 mm of text


def overview_document(overview: Overview, *, issuer: str = "") -> Document:
    """Build the document of :func:`write_overview` without saving it."""
    document = new_document(landscape=True)
    normal = document.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.size = Pt(SIZE)  # a one-page handout: smaller than a dispatch's body
    section = document.sections[0]
    section.top_margin = section.bottom_margin = Mm(12)  # a meeting handout, not a dispatch
    if issuer:
        add_text(document, issuer.upper(), size=HEAD_SIZE, bold=True, align=LEFT)
    add_text(
        document,
        "TỔNG QUAN THỰC HIỆN CÁC KẾ HOẠCH",
        size=14,
        bold=True,
        space_before=2,
    )
    totals = overview.totals
    add_text(
        document,
        f"{WEEKDAY_NAMES[overview.day.weekday()]}, ngày {date_text(overview.day)} — "
        f"{overview.plan_count} kế hoạch đang thực hiện, {totals.total} việc: hoàn thành "
        f"{totals.done}, đang thực hiện {totals.in_progress}, quá hạn {totals.overdue}, "
        f"chưa thực hiện {totals.not_started}"
        + (f"; {overview.undated} việc chưa xác định ngày" if overview.undated else ""),
        size=SIZE + 1,
        italic=True,
    )
    if overview.flagged:
        add_text(document, overview.flagged_text(), size=SIZE, bold=True)
    legend = add_text(document, "", size=SIZE - 1, space_after=4)
    for colour, words in zip(
        BAR_COLOURS,
        ("hoàn thành / đã báo cáo", "đang thực hiện / sắp tới", "quá hạn", "chưa thực hiện"),
        strict=True,
    ):
        _block_run(legend, 1, colour)
        style_run(legend.add_run(f" {words}   "), size=SIZE - 1)
    layout = document.add_table(rows=2, cols=2)
    set_table_borders(layout, size=None)
    set_column_widths(layout, [HALF, HALF])
    top_left, top_right = layout.rows[0].cells
    bottom_left, bottom_right = layout.rows[1].cells
    _bars(
        top_left,
        "Theo đơn vị chủ trì (nhiệm vụ)",
        overview.units,
        ("Xong", "Đang làm", "Quá hạn", "Chưa làm"),
    )
    _bars(
        top_right,
        "Theo xóm (ngày ra quân)",
        overview.hamlets,
        ("Đã báo cáo", "Sắp tới", "Chưa báo cáo", ""),
    )
    _overdue(bottom_left, overview)
    _coming(bottom_right, overview)
    return document


def write_overview(overview: Overview, path: Path, *, issuer: str = "") -> Path:
    """Write the overview as a .docx on one A4 landscape page.

    Raises:
        UserError: when the file cannot be written (see ``exports.files.write_atomically``).
    """
    document = overview_document(overview, issuer=issuer)
    highlight_flags(document)
    return write_atomically(path, lambda target: document.save(str(target)))


def bar_blocks(tally: Tally, longest: int, blocks: int = BAR_BLOCKS) -> tuple[int, ...]:
    """How many blocks each part of a bar gets: the longest total gets ``blocks``.

    A part that is not zero gets at least one block, so a single overdue task shows.
    """
    parts = (tally.done, tally.in_progress, tally.overdue, tally.not_started)
    if longest <= 0:
        return (0, 0, 0, 0)
    return tuple(0 if n == 0 else max(1, round(n * blocks / longest)) for n in parts)


def _heading(cell: _Cell, text: str) -> None:
    cell_paragraph(cell, text, size=HEAD_SIZE, bold=True, align=LEFT, space_before=4, space_after=2)


def _table(cell: _Cell, rows: int, widths: Sequence[Length], titles: Sequence[str]) -> Table:
    table = cell.add_table(rows=rows + 1, cols=len(widths))
    set_table_borders(table, size=4)
    set_column_widths(table, widths)
    for header, title in zip(table.rows[0].cells, titles, strict=True):
        header.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell_paragraph(header, title, size=SIZE - 1, bold=True)
    return table


def _bars(cell: _Cell, title: str, tallies: Sequence[Tally], labels: Sequence[str]) -> None:
    _heading(cell, title)
    shown = list(tallies[:MAX_BAR_ROWS])
    if not shown:
        cell_paragraph(cell, "(không có)", size=SIZE, italic=True, align=LEFT)
        return
    counted = [label for label in labels if label]
    widths = [Cm(4.2), *[Cm(1.2)] * len(counted), Cm(12.2 - 4.2 - 1.2 * len(counted))]
    table = _table(cell, len(shown), widths, ["", *counted, ""])
    longest = max(t.total for t in shown)
    for row, tally in zip(table.rows[1:], shown, strict=True):
        cells = row.cells
        cell_paragraph(cells[0], _short(tally.name, 40), size=SIZE, align=LEFT)
        values = (tally.done, tally.in_progress, tally.overdue, tally.not_started)
        for target, value in zip(cells[1:-1], values, strict=False):
            cell_paragraph(target, str(value), size=SIZE)
        bar = cell_paragraph(cells[-1], "", size=SIZE, align=LEFT)
        for blocks, colour in zip(bar_blocks(tally, longest), BAR_COLOURS, strict=True):
            _block_run(bar, blocks, colour)
        for target in cells:
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _more(cell, len(tallies) - len(shown), "dòng")


def _block_run(paragraph: object, count: int, colour: RGBColor) -> None:
    if count <= 0:
        return
    run = paragraph.add_run(BLOCK * count)  # type: ignore[attr-defined]
    style_run(run, size=BAR_SIZE)
    run.font.name = BAR_FONT
    run.font.color.rgb = colour


def _list_rows(overview: Overview) -> int:
    """Rows each list shows: one fewer under the two lines naming plans with bad rows.

    A row of a list takes two or three lines: so the page stays one page.
    """
    return MAX_LIST_ROWS - 1 if overview.flagged_text() else MAX_LIST_ROWS


def _overdue(cell: _Cell, overview: Overview) -> None:
    _heading(cell, f"Việc quá hạn ({len(overview.overdue)})")
    shown = overview.overdue[: _list_rows(overview)]
    if not shown:
        cell_paragraph(cell, "Không có việc quá hạn.", size=SIZE, italic=True, align=LEFT)
        return
    table = _table(
        cell,
        len(shown),
        [Cm(2.1), Cm(6.6), Cm(3.5)],
        ["Hạn", "Nhiệm vụ (kế hoạch)", "Đơn vị chủ trì"],
    )
    for row, task in zip(table.rows[1:], shown, strict=True):
        due, text, leads = row.cells
        cell_paragraph(due, date_text(task.due), size=SIZE)
        _with_plan(text, _short(task.text, 80), task.plan)
        cell_paragraph(leads, _short(task.leads, 50), size=SIZE, align=LEFT)
    _more(cell, len(overview.overdue) - len(shown), "việc quá hạn")


def _coming(cell: _Cell, overview: Overview) -> None:
    span = f"{date_text(overview.day)} - {date_text(overview.week_end)}"
    _heading(cell, f"Tuần tới ({span})")
    shown = overview.coming[: _list_rows(overview)]
    if not shown:
        cell_paragraph(cell, "Không có việc hay sự kiện nào.", size=SIZE, italic=True, align=LEFT)
        return
    table = _table(
        cell, len(shown), [Cm(2.3), Cm(6.6), Cm(3.3)], ["Ngày", "Việc, sự kiện", "Chủ trì"]
    )
    for row, item in zip(table.rows[1:], shown, strict=True):
        day, what, who = row.cells
        cell_paragraph(day, _day(item.day), size=SIZE)
        _with_plan(what, _what(item), item.plan_reference)
        cell_paragraph(who, _short(item.who, 50), size=SIZE, align=LEFT)
    _more(cell, len(overview.coming) - len(shown), "mục")


def _with_plan(cell: _Cell, text: str, plan: str) -> None:
    """The text, then its plan's name in small italics on the same line (a line saved)."""
    paragraph = cell_paragraph(cell, text, size=SIZE, align=LEFT)
    style_run(paragraph.add_run(nfc(f" ({_short(plan, 48)})")), size=SIZE - 2, italic=True)


def _what(item: CalendarItem) -> str:
    if item.kind is ItemKind.EVENT:
        when = f"{item.time} " if item.time else ""
        return _short(f"{when}{item.label}" + (f" ({item.place})" if item.place else ""), 80)
    return "Hạn: " + _short(item.label, 75)


def _day(day: dt.date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]} {day:%d/%m}"


def _short(text: str, limit: int) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _more(cell: _Cell, count: int, what: str) -> None:
    if count > 0:
        cell_paragraph(
            cell,
            f"… và {count} {what} khác (xem trong chương trình).",
            size=SIZE - 1,
            italic=True,
            align=LEFT,
        )
