"""The progress sheet: an Excel workbook that goes out to units and hamlets and comes back.

Sheets:

- "Tổng hợp": counts by status and by lead unit, and the campaign days' totals, as formulas
  over the other sheets, so they follow whatever a unit fills in.
- "Nhiệm vụ": one row per task (and per due date of a recurring task): TT, nội dung, chủ trì,
  phối hợp, thời hạn, then the cells the unit fills in: trạng thái (a drop-down), %, kết quả,
  văn bản báo cáo, ngày cập nhật, ghi chú.
- "Ra quân": for plans with campaign days, one row per hamlet and day: the people taking part
  and the plan's own measures.
- a very hidden information sheet: which workspace and plans the sheet belongs to, and whose
  sheet it is.

Each data row carries, in hidden columns, its key and the values it went out with, so it is
matched by key when it comes back (never by position or text) and only what the unit changed
counts. Cells the unit fills in are unlocked; everything else is protected, without password.
Every page prints on A4 landscape, one page wide, with the header row repeated and the page
number in the footer. It is written in openpyxl's write-only mode so a whole office's tasks
stay fast and small in memory.
"""

import contextlib
import datetime as dt
import time
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.domain.errors import UserError
from desktop_app.domain.plans import (
    TASK_STATUS_LABELS,
    Plan,
    TaskStatus,
    UnitRef,
    plan_in_text,
)
from desktop_app.domain.plans import plan_file_words as file_words
from desktop_app.domain.progress import CampaignRow, ProgressBoard, TaskRow
from desktop_app.domain.registry import Registry
from desktop_app.domain.sheet_changes import (
    ScopeKind,
    SheetIdentity,
    baseline_text,
    exported_report,
)
from desktop_app.domain.sheet_layout import (
    BASELINE,
    CAMPAIGN_SHEET,
    DATE,
    DAY,
    DEADLINE,
    DOCUMENT,
    DUE,
    EVENT,
    EVENT_ID,
    FORMAT,
    FORMAT_VERSION,
    HAMLET,
    INFO_SHEET,
    LEAD,
    LEAD_IDS,
    NOTE,
    NUMBER,
    PARTICIPANTS,
    PERCENT,
    REPORTED,
    RESULT,
    ROW_KEY,
    STATUS,
    SUPPORT,
    TASK,
    TASK_LAYOUT,
    TASKS_SHEET,
    UNITS,
    ReadAs,
    SheetColumn,
    SheetLayout,
    campaign_layout,
    measure_key,
)
from desktop_app.domain.text import fold
from desktop_app.exports.files import write_atomically
from desktop_app.exports.sheets import (
    FONT_NAME,
    looks_like_formula,
    print_a4_landscape,
    xml_text,
)
from desktop_app.exports.text_metrics import excel_text_width_pt, wrapped_lines

SUMMARY_SHEET = "Tổng hợp"
SIZE = 11
DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
HEADER_ROW = 5  # rows 1-4: title, trích yếu, whose sheet, how to fill it in
FIRST_ROW = HEADER_ROW + 1
SPARE_ROWS = 200  # rows below the data that formulas and drop-downs still cover

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(vertical="top", wrap_text=True)
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
PLAIN = Alignment(vertical="top")
HEADER_FILL = PatternFill("solid", start_color="E7E6E6", end_color="E7E6E6")
INPUT_FILL = PatternFill("solid", start_color="FFFDE7", end_color="FFFDE7")
GROUP_FILL = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")
OVERDUE_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)

STATUS_LABELS = [TASK_STATUS_LABELS[s] for s in TaskStatus]


# How an input cell shows what the unit types, by how the column is read back.
INPUT_FORMATS: Registry[ReadAs, str | None] = Registry(
    ReadAs,
    {
        ReadAs.KEY: TEXT_FORMAT,
        ReadAs.TEXT: TEXT_FORMAT,
        ReadAs.STATUS: None,
        ReadAs.PERCENT: "0",
        ReadAs.COUNT: "#,##0",
        ReadAs.NUMBER: "#,##0.##",
        ReadAs.DATE: DATE_FORMAT,
    },
    "input cell formats",
)


@dataclass(frozen=True)
class ProgressSheet:
    """Everything a progress workbook holds.

    Attributes:
        identity: where it comes from and whose sheet it is (written to the hidden sheet).
        boards: one per plan, already narrowed to the unit's or hamlet's rows.
        today: the export day, printed on the sheet.
    """

    identity: SheetIdentity
    boards: tuple[ProgressBoard, ...]
    today: dt.date

    @property
    def plans(self) -> list[Plan]:
        return [b.plan for b in self.boards]

    @property
    def measures(self) -> list[str]:
        """The measures of every plan with campaign rows, in order, each once."""
        names: dict[str, None] = {}
        for board in self.boards:
            if board.campaigns:
                names.update(dict.fromkeys(board.plan.measures))
        return list(names)

    @property
    def has_tasks(self) -> bool:
        return any(b.tasks for b in self.boards)

    @property
    def has_campaigns(self) -> bool:
        return any(b.campaigns for b in self.boards)


def sheet_file_name(plans: Sequence[Plan], scope_kind: ScopeKind, scope_name: str = "") -> str:
    """A name the clerk tells apart on a USB stick: "phieu-tien-do-12-kh-ubnd-cong-an-xa.xlsx".

    Without diacritics: old Windows and some phones garble them.
    """
    if len(plans) == 1:
        plan = plans[0]
        parts = [file_words(plan)]
        if plan.date is not None and scope_kind is ScopeKind.PLAN:
            parts.append(plan.date.isoformat())
    else:
        parts = [f"{len(plans)}-ke-hoach"]
    head = "tien-do" if scope_kind is ScopeKind.PLAN else "phieu-tien-do"
    name = fold("-".join([head, *parts, scope_name])).replace(" ", "-")
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in name)
    while "--" in safe:
        safe = safe.replace("--", "-")
    return safe.strip("-")[:120] + ".xlsx"


def write_progress_sheet(
    sheet: ProgressSheet, path: Path, progress: Callable[[int, int, str], None] | None = None
) -> Path:
    """Write the workbook to ``path`` (.xlsx), through a temporary file.

    ``progress`` is told before each sheet of the workbook; it may raise to stop the
    writing, which then leaves no file (and an existing one at ``path`` as it was).

    Raises:
        UserError: nothing to put in it, a name without .xlsx, or a file that cannot be
            written (open in Excel, a full disk, a stick pulled out).
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"Tên tệp phải có đuôi .xlsx (đang là \u201c{path.name}\u201d).")
    if not sheet.has_tasks and not sheet.has_campaigns:
        raise UserError(f"Không có việc nào để đưa vào phiếu ({sheet.identity.scope.label}).")

    def write(target: Path) -> None:
        # Built here, once the target is known to be writable: a write-only workbook that is
        # never saved leaves its sheets' writers open.
        workbook = Workbook(write_only=True)
        parts: list[tuple[str, Callable[[Worksheet, ProgressSheet, Tick], None]]] = [
            (SUMMARY_SHEET, lambda ws, sheet, _tick: _write_summary(ws, sheet))
        ]
        if sheet.has_tasks:
            parts.append((TASKS_SHEET, _write_tasks))
        if sheet.has_campaigns:
            parts.append((CAMPAIGN_SHEET, _write_campaigns))
        parts.append((INFO_SHEET, lambda ws, sheet, _tick: _write_info(ws, sheet)))
        try:
            for i, (title, write_part) in enumerate(parts):
                tick = None if progress is None else _ticker(progress, i, len(parts) + 1, title)
                if tick:
                    tick()
                write_part(workbook.create_sheet(title), sheet, tick)
            if progress:
                progress(len(parts), len(parts) + 1, "lưu tệp")
        except BaseException:
            _discard(workbook)
            raise
        workbook.properties.creator = "Sổ theo dõi Kế hoạch"
        workbook.properties.title = _title(sheet)
        workbook.save(target)

    return write_atomically(path, write)


# Called as a sheet's rows are written (once per plan): it reports now and then.
Tick = Callable[[], None] | None
_TICK_S = 0.1  # often enough for the window to stay responsive, rarely enough to cost nothing


def _ticker(
    progress: Callable[[int, int, str], None], done: int, total: int, title: str
) -> Callable[[], None]:
    last = 0.0

    def tick() -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= _TICK_S:
            last = now
            progress(done, total, f"trang {title}")

    return tick


def _discard(workbook: Workbook) -> None:
    """Remove the rows a write-only workbook that will not be saved has spooled to disk.

    Each of its sheets writes to a file of its own in the system's temporary folder, which
    only saving removes (or the program's exit): a stopped export must not leave them.
    """
    for worksheet in workbook.worksheets:
        writer = getattr(worksheet, "_writer", None)
        if writer is None:
            continue
        # The row stream first: closing it ends the sheet's XML, which the writer then
        # closes; the other way round, the stream fails later, when it is collected.
        rows = getattr(worksheet, "_rows", None)
        with contextlib.suppress(Exception):  # a stream stopped half way may complain
            if rows is not None:
                rows.close()
            writer.close()
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()


# ---- cells ---------------------------------------------------------------------------------


def _cell(
    ws: Worksheet,
    value: Any = None,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = SIZE,
    border: bool = True,
    align: Alignment = WRAP,
    fill: PatternFill | None = None,
    locked: bool = True,
    number_format: str | None = None,
) -> Cell:
    if isinstance(value, str):
        value = _text(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and looks_like_formula(value) and not _is_ours(value):
        cell.data_type = "s"  # people's text stays text, never a formula
    styles = _STYLES.setdefault(cast(Workbook, ws.parent), {})
    key = (bold, italic, size, border, id(align), id(fill), locked, number_format)
    style = styles.get(key)
    if style is None:
        cell.font = Font(name=FONT_NAME, size=size, bold=bold, italic=italic)
        cell.alignment = align
        if border:
            cell.border = BORDER
        if fill is not None:
            cell.fill = fill
        cell.protection = LOCKED if locked else UNLOCKED
        if number_format:
            cell.number_format = number_format
        styles[key] = copy(cast(Any, cell)._style)
    else:
        # Setting font, border... on every cell hashes each of them again: a whole office's
        # sheet took minutes. The style a cell ends up with is an array of indexes into the
        # workbook's style lists; a cell styled the same way gets a copy of it.
        cast(Any, cell)._style = copy(style)
    return cell


# Style arrays already built, by workbook, then by look (the alignments and fills are this
# module's constants, so their ids name them).
_STYLES: WeakKeyDictionary[Workbook, dict[tuple[Any, ...], Any]] = WeakKeyDictionary()


class _Formula(str):
    """A formula this module wrote (as opposed to text that merely starts with "=")."""

    __slots__ = ()


def _is_ours(value: str) -> bool:
    return isinstance(value, _Formula)


def _text(value: str) -> str:
    if isinstance(value, _Formula):
        return value
    return xml_text(value)


# Points per line of SIZE text: Times New Roman's line is 1.15 em, which Excel rounds to its
# 0.75 pt grid (14.5 made an eight-line row more than a line too tall).
LINE_HEIGHT = 12.75


def _fit_height(ws: Worksheet, row: int, cells: Sequence[Cell], widths: Sequence[float]) -> None:
    """Give the row the height its longest wrapped text needs (Calc and Excel do not).

    The lines are counted by the font's real widths, word by word as Excel wraps them: a
    count by characters was pessimistic and left rows a line or two too tall.
    """
    lines = 1
    for cell, width in zip(cells, widths, strict=False):
        value = cell.value
        if not isinstance(value, str) or not value or width <= 0:
            continue
        bold = bool(cell.font.bold)
        lines = max(lines, wrapped_lines(value, excel_text_width_pt(width), SIZE, bold=bold))
    if lines > 1:
        ws.row_dimensions[row].height = min(409.0, lines * LINE_HEIGHT + 3)


def _input(ws: Worksheet, column: SheetColumn, value: Any) -> Cell:
    """A cell the unit fills in, formatted for what the column reads back."""
    if not column.fillable or column.read is None:
        raise ValueError(f"the column {column.key!r} is not filled in by units")
    number_format = INPUT_FORMATS[column.read]
    return _cell(ws, value, fill=INPUT_FILL, locked=False, number_format=number_format)


def _title(sheet: ProgressSheet) -> str:
    plans = sheet.plans
    if len(plans) == 1:
        plan = plans[0]
        if plan.number is None:  # named by its title, which the next row gives in full
            title = "TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH (CHƯA CÓ SỐ)"
        else:
            title = f"TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH SỐ {plan.reference}"
        if plan.date is not None:
            title += f" NGÀY {plan.date:%d/%m/%Y}"
        return title
    return f"TIẾN ĐỘ THỰC HIỆN {len(plans)} KẾ HOẠCH"


def _heading_rows(ws: Worksheet, sheet: ProgressSheet, how: str) -> None:
    """Rows 1-4: the title, the trích yếu, whose sheet it is, how to fill it in."""
    plans = sheet.plans
    subject = plans[0].title if len(plans) == 1 else "; ".join(p.name for p in plans[:8])
    scope = f"{sheet.identity.scope.label} · Xuất ngày {sheet.today:%d/%m/%Y}"
    blank: list[Any] = [None]  # column A is hidden
    ws.append(
        [*blank, _cell(ws, _title(sheet), bold=True, size=13, border=False, align=Alignment())]
    )
    ws.append([*blank, _cell(ws, subject, italic=True, border=False, align=Alignment())])
    ws.append([*blank, _cell(ws, scope, border=False, align=Alignment())])
    ws.append([*blank, _cell(ws, how, italic=True, size=10, border=False, align=Alignment())])


def _page_setup(ws: Worksheet, title_rows: str | None, footer_left: str) -> None:
    print_a4_landscape(ws, title_rows, bottom_cm=1.8)
    footer = ws.oddFooter
    assert footer is not None  # openpyxl creates the (empty) footers with the sheet
    footer.left.text = footer_left.replace("&", "&&")
    footer.right.text = "Trang &P / &N"
    for part in (footer.left, footer.right):  # else Excel prints them in Calibri
        part.size = 9
        part.font = f"{FONT_NAME},Regular"


def _protect(ws: Worksheet) -> None:
    # Protected against slips, not people: no password. Rows may still be added or removed
    # and columns widened; False means "allowed" in OOXML.
    ws.protection = SheetProtection(
        sheet=True,
        formatColumns=False,
        formatRows=False,
        insertRows=False,
        deleteRows=False,
        autoFilter=False,
        sort=False,
        selectLockedCells=False,
        selectUnlockedCells=False,
    )


def _units(refs: Sequence[UnitRef]) -> str:
    return ", ".join(u.name for u in refs)


def _start_data_sheet(
    ws: Worksheet, sheet: ProgressSheet, layout: SheetLayout, freeze: str, how: str
) -> None:
    """Columns, print setup, the heading rows and the header row of a sheet to fill in.

    The columns scroll sideways from the one keyed ``freeze``; ``how`` says how to fill it in.
    """
    for i, column in enumerate(layout.columns, start=1):
        dimension = ws.column_dimensions[get_column_letter(i)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    ws.freeze_panes = f"{layout.letter(freeze)}{FIRST_ROW}"
    _page_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}", _title(sheet))
    _heading_rows(ws, sheet, how)
    header = [
        _cell(ws, title, bold=True, align=CENTRE, fill=HEADER_FILL) for title in layout.headers
    ]
    rows = _Rows(ws, HEADER_ROW)
    rows.add(header, layout.printed_widths)


# ---- the task sheet ------------------------------------------------------------------------


def _write_tasks(ws: Worksheet, sheet: ProgressSheet, tick: Tick = None) -> None:
    _start_data_sheet(
        ws,
        sheet,
        TASK_LAYOUT,
        TASK,
        "Điền các ô nền vàng: Trạng thái (chọn trong danh sách), Tỷ lệ, Kết quả, Văn bản báo "
        "cáo, Ngày cập nhật, Ghi chú. Không thêm, xóa hay đổi chỗ các cột.",
    )
    last = _task_rows(ws, sheet, tick) - 1 + SPARE_ROWS
    _task_validations(ws, last)
    _protect(ws)


def _task_rows(ws: Worksheet, sheet: ProgressSheet, tick: Tick = None) -> int:
    """The task rows, grouped by plan (when there are several) and section.

    Returns:
        The number of the row after the last.
    """
    widths = TASK_LAYOUT.printed_widths
    rows = _Rows(ws, FIRST_ROW)
    several = len(sheet.boards) > 1
    for board in sheet.boards:
        if tick:
            tick()
        if not board.tasks:
            continue
        if several:
            text = f"{plan_in_text(board.plan, full_title=True)}"
            rows.add(_group_row(ws, f"P:{board.plan.id}", text), widths)
        section = None
        for task_row in board.tasks:
            if task_row.section and task_row.section != section:
                section = task_row.section
                group = _group_row(ws, f"S:{task_row.task.section_id}", section)
                rows.add(group, widths)
            if task_row.occurrence is not None and task_row.number.endswith(".1"):
                rows.add(_recurring_row(ws, task_row), widths)
            rows.add(_task_cells(ws, task_row), widths)
    return rows.next


def _task_validations(ws: Worksheet, last: int) -> None:
    """The drop-down of statuses, the checks of the percent and the date, and the overdue mark."""
    layout = TASK_LAYOUT
    status = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_LABELS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Trạng thái",
        error="Hãy chọn một trạng thái trong danh sách. Quá hạn do chương trình tự tính.",
    )
    status.add(_column_range(layout, STATUS, last))
    percent = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tỷ lệ",
        error="Tỷ lệ là số nguyên từ 0 đến 100.",
    )
    percent.add(_column_range(layout, PERCENT, last))
    day = _date_validation()
    day.add(_column_range(layout, DATE, last))
    for validation in (status, percent, day):
        ws.data_validations.append(validation)
    done = TASK_STATUS_LABELS[TaskStatus.DONE]
    due, status_cell = f"${layout.letter(DUE)}{FIRST_ROW}", f"${layout.letter(STATUS)}{FIRST_ROW}"
    shown = layout.through_last_shown
    ws.conditional_formatting.add(
        f"{layout.letter(NUMBER)}{FIRST_ROW}:{layout.letter(shown[-1].key)}{last}",
        Rule(
            type="expression",
            formula=[f'AND(ISNUMBER({due}),{due}<TODAY(),{status_cell}<>"{done}")'],
            dxf=DifferentialStyle(fill=OVERDUE_FILL),
        ),
    )


def _column_range(layout: SheetLayout, key: str, last: int) -> str:
    """The data rows of one column, down to ``last``: "G6:G260"."""
    letter = layout.letter(key)
    return f"{letter}{FIRST_ROW}:{letter}{last}"


def _date_validation() -> DataValidation:
    return DataValidation(
        type="date",
        operator="between",
        formula1="DATE(2000,1,1)",
        formula2="DATE(2100,12,31)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ngày",
        error="Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/12/2026.",
    )


def _group_row(ws: Worksheet, key: str, text: str) -> list[Cell]:
    """A plan's or a section's heading across the shown columns; its key says which."""
    cells = {
        ROW_KEY: _cell(ws, key, border=False),
        NUMBER: _cell(ws, "", bold=True, fill=GROUP_FILL),
        TASK: _cell(ws, text, bold=True, fill=GROUP_FILL),
    }
    return [
        cells[c.key] if c.key in cells else _cell(ws, None, fill=GROUP_FILL)
        for c in TASK_LAYOUT.through_last_shown
    ]


def _recurring_row(ws: Worksheet, task_row: TaskRow) -> list[Cell]:
    """The heading of a recurring task's due dates: the task, once, above them."""
    task = task_row.task
    cells = {
        ROW_KEY: _cell(ws, f"R:{task.id}", border=False),
        NUMBER: _cell(ws, task_row.number.rsplit(".", 1)[0], align=CENTRE),
        TASK: _cell(ws, task.text),
        LEAD: _cell(ws, _units(task.lead)),
        SUPPORT: _cell(ws, _units(task.support)),
        DEADLINE: _cell(ws, task.deadline.summary()),
    }
    return [
        cells[c.key] if c.key in cells else _cell(ws, None) for c in TASK_LAYOUT.through_last_shown
    ]


def _task_cells(ws: Worksheet, task_row: TaskRow) -> list[Cell]:
    task = task_row.task
    report = exported_report(task_row)
    if task_row.occurrence is not None:
        text = f"- Kỳ hạn {task_row.occurrence:%d/%m/%Y}"
        deadline: Any = task_row.occurrence
        leads = supports = ""
    else:
        text = task.text
        deadline = task.deadline.on if task.deadline.on is not None else task.deadline.summary()
        leads, supports = _units(task.lead), _units(task.support)
    status = TASK_STATUS_LABELS[report.status] if report.status else None
    inputs = {
        STATUS: status,
        PERCENT: report.percent,
        RESULT: report.text,
        DOCUMENT: report.document,
        DATE: task_row.reported_on,
        NOTE: report.note,
    }
    return TASK_LAYOUT.arrange(
        {
            ROW_KEY: _cell(ws, task_row.key.token(), border=False),
            NUMBER: _cell(ws, task_row.number, align=CENTRE),
            TASK: _cell(ws, text),
            LEAD: _cell(ws, leads),
            SUPPORT: _cell(ws, supports),
            DEADLINE: _cell(ws, deadline, align=CENTRE, number_format=DATE_FORMAT),
            **{key: _input(ws, TASK_LAYOUT.column(key), value) for key, value in inputs.items()},
            DUE: _cell(ws, task_row.due, number_format=DATE_FORMAT, border=False),
            LEAD_IDS: _cell(ws, "|" + "|".join(u.id for u in task.lead) + "|", border=False),
            BASELINE: _cell(ws, baseline_text(report, task_row.reported_on), border=False),
        }
    )


# ---- the campaign sheet --------------------------------------------------------------------


def _write_campaigns(ws: Worksheet, sheet: ProgressSheet, tick: Tick = None) -> None:
    layout = campaign_layout(sheet.measures)
    _start_data_sheet(
        ws,
        sheet,
        layout,
        EVENT,
        "Mỗi xóm, mỗi đợt một dòng: điền số người tham gia, các chỉ tiêu, ghi chú và ngày "
        "cập nhật vào các ô nền vàng. Không thêm, xóa hay đổi chỗ các cột.",
    )
    rows = _Rows(ws, FIRST_ROW)
    number = 0
    for board in sheet.boards:
        if tick:
            tick()
        order = {h: i for i, h in enumerate(dict.fromkeys(r.hamlet.id for r in board.campaigns))}
        for campaign_row in sorted(
            board.campaigns, key=lambda r: (order[r.hamlet.id], r.event.date)
        ):
            number += 1
            cells = _campaign_cells(
                ws, layout, campaign_row, number=number, own=board.plan.measures, row=rows.next
            )
            rows.add(cells, layout.printed_widths)
    last = rows.next - 1 + SPARE_ROWS
    numbers = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Số liệu",
        error="Hãy nhập một số không âm.",
    )
    # The participants and every measure: the numeric inputs, side by side before the note.
    before_note = get_column_letter(layout.position(NOTE) - 1)
    numbers.add(f"{layout.letter(PARTICIPANTS)}{FIRST_ROW}:{before_note}{last}")
    day = _date_validation()
    day.add(_column_range(layout, DATE, last))
    ws.data_validations.append(numbers)
    ws.data_validations.append(day)
    _protect(ws)


def _campaign_cells(
    ws: Worksheet,
    layout: SheetLayout,
    campaign_row: CampaignRow,
    *,
    number: int,
    own: Sequence[str],
    row: int,
) -> list[Cell]:
    """A hamlet's campaign day: what it is about, what the hamlet fills in, the hidden cells.

    ``number`` is its TT; ``own``, the measures of its plan (the sheet's other measures are
    greyed out); ``row``, the sheet row it goes to, for its "anything filled in" formula.
    """
    report = exported_report(campaign_row)
    measures = {
        measure_key(name): (
            _input(ws, layout.column(measure_key(name)), report.figures.get(name))
            if name in own
            else _cell(ws, None, fill=GROUP_FILL)
        )
        for name in layout.measures
    }
    inputs = f"{layout.letter(PARTICIPANTS)}{row}:{layout.letter(NOTE)}{row}"
    return layout.arrange(
        {
            ROW_KEY: _cell(ws, campaign_row.key.token(), border=False),
            NUMBER: _cell(ws, number, align=CENTRE),
            HAMLET: _cell(ws, campaign_row.hamlet.name),
            EVENT: _cell(ws, campaign_row.event.label),
            DAY: _cell(ws, campaign_row.event.date, align=CENTRE, number_format=DATE_FORMAT),
            UNITS: _cell(ws, _units(campaign_row.units)),
            PARTICIPANTS: _input(ws, layout.column(PARTICIPANTS), report.participants),
            **measures,
            NOTE: _input(ws, layout.column(NOTE), report.note),
            DATE: _input(ws, layout.column(DATE), campaign_row.reported_on),
            EVENT_ID: _cell(ws, campaign_row.event.id, border=False),
            REPORTED: _cell(ws, _Formula(f"=IF(COUNTA({inputs})>0,1,0)"), border=False),
            BASELINE: _cell(ws, baseline_text(report, campaign_row.reported_on), border=False),
        }
    )


# ---- the summary ---------------------------------------------------------------------------


def _write_summary(ws: Worksheet, sheet: ProgressSheet) -> None:
    for i, width in enumerate(SUMMARY_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.column_dimensions["A"].hidden = True
    # Its tables have headings of their own: the title, the plan and whose sheet it is repeat.
    _page_setup(ws, "1:3", _title(sheet))
    _heading_rows(
        ws,
        sheet,
        "Các số dưới đây là công thức: chúng tự cập nhật theo các trang Nhiệm vụ và Ra quân.",
    )
    rows = _Rows(ws, HEADER_ROW)
    blank: list[Any] = [None]
    if sheet.has_tasks:
        tasks = quote_sheetname(TASKS_SHEET)
        status_col = _whole_column(tasks, TASK_LAYOUT.letter(STATUS))
        due_col = _whole_column(tasks, TASK_LAYOUT.letter(DUE))
        lead_col = _whole_column(tasks, TASK_LAYOUT.letter(LEAD_IDS))
        done = TASK_STATUS_LABELS[TaskStatus.DONE]
        rows.append([*blank, _part_title(ws, "I. THEO TRẠNG THÁI")])
        _header_row(rows, ["TT", "Trạng thái", "Số việc"])
        start = rows.next
        for i, label in enumerate(STATUS_LABELS, start=1):
            rows.append(
                [
                    *blank,
                    _cell(ws, i, align=CENTRE),
                    _cell(ws, label),
                    _cell(ws, _Formula(f'=COUNTIF({status_col},"{label}")'), align=CENTRE),
                ]
            )
        total_row = rows.next
        rows.append(
            [
                *blank,
                _cell(ws, None),
                _cell(ws, "Tổng số", bold=True),
                _cell(ws, _Formula(f"=SUM(D{start}:D{total_row - 1})"), bold=True, align=CENTRE),
            ]
        )
        rows.append(
            [
                *blank,
                _cell(ws, None),
                _cell(ws, "Trong đó quá hạn (tính đến hôm nay)", italic=True),
                _cell(
                    ws,
                    _Formula(f'=COUNTIFS({due_col},"<"&TODAY(),{status_col},"<>{done}")'),
                    align=CENTRE,
                ),
            ]
        )
        rows.append(
            [
                *blank,
                _cell(ws, None),
                _cell(ws, "Tỷ lệ hoàn thành", italic=True),
                _cell(
                    ws,
                    _Formula(f"=IF(D{total_row}=0,0,D{start + 2}/D{total_row})"),
                    align=CENTRE,
                    number_format="0%",
                ),
            ]
        )
        rows.append([])
        rows.append([*blank, _part_title(ws, "II. THEO ĐƠN VỊ CHỦ TRÌ")])
        heads = ["TT", "Đơn vị", "Tổng số", *STATUS_LABELS, "Quá hạn"]
        _header_row(rows, heads)
        for i, unit in enumerate(_lead_units(sheet), start=1):
            match = f'"*|{unit.id}|*"'
            cells = [
                _cell(ws, i, align=CENTRE),
                _cell(ws, unit.name),
                _cell(ws, _Formula(f"=COUNTIFS({lead_col},{match})"), align=CENTRE),
            ]
            cells += [
                _cell(
                    ws,
                    _Formula(f'=COUNTIFS({lead_col},{match},{status_col},"{label}")'),
                    align=CENTRE,
                )
                for label in STATUS_LABELS
            ]
            cells.append(
                _cell(
                    ws,
                    _Formula(
                        f'=COUNTIFS({lead_col},{match},{due_col},"<"&TODAY(),'
                        f'{status_col},"<>{done}")'
                    ),
                    align=CENTRE,
                )
            )
            _fit_height(ws, rows.next, [cells[1]], [SUMMARY_WIDTHS[2]])
            rows.append([*blank, *cells])
        rows.append([])
    if sheet.has_campaigns:
        _campaign_summary(rows, sheet, "III" if sheet.has_tasks else "I")
    _protect(ws)


def _campaign_summary(rows: "_Rows", sheet: ProgressSheet, part: str) -> None:
    ws = rows.ws
    measures = sheet.measures
    campaigns = quote_sheetname(CAMPAIGN_SHEET)
    layout = campaign_layout(measures)
    event_col = _whole_column(campaigns, layout.letter(EVENT_ID))
    flag_col = _whole_column(campaigns, layout.letter(REPORTED))
    blank: list[Any] = [None]
    rows.append([*blank, _part_title(ws, f"{part}. CÁC ĐỢT RA QUÂN")])
    heads = ["TT", "Đợt", "Ngày", "Số xóm", "Đã báo cáo", "Số người tham gia", *measures]
    _header_row(rows, heads)
    number = 0
    for board in sheet.boards:
        events = {r.event.id: r.event for r in board.campaigns}
        for event in sorted(events.values(), key=lambda e: e.date):
            number += 1
            match = f'"{event.id}"'
            sums = [
                _cell(
                    ws,
                    _Formula(
                        f"=SUMIFS({_whole_column(campaigns, layout.letter(key))},"
                        f"{event_col},{match})"
                    ),
                    align=CENTRE,
                    number_format="#,##0.##",
                )
                for key in (PARTICIPANTS, *map(measure_key, measures))
            ]
            rows.append(
                [
                    *blank,
                    _cell(ws, number, align=CENTRE),
                    _cell(ws, event.label),
                    _cell(ws, event.date, align=CENTRE, number_format=DATE_FORMAT),
                    _cell(ws, _Formula(f"=COUNTIF({event_col},{match})"), align=CENTRE),
                    _cell(ws, _Formula(f"=SUMIFS({flag_col},{event_col},{match})"), align=CENTRE),
                    *sums,
                ]
            )


def _whole_column(sheet: str, letter: str) -> str:
    """A whole column of another sheet, for a formula: "'Nhiệm vụ'!$G:$G"."""
    return f"{sheet}!${letter}:${letter}"


def _part_title(ws: Worksheet, text: str) -> Cell:
    return _cell(ws, text, bold=True, border=False, align=PLAIN)


def _header_row(rows: "_Rows", titles: Sequence[str]) -> None:
    """A header row of the summary, as tall as its longest title needs."""
    cells = _summary_header(rows.ws, titles)
    _fit_height(rows.ws, rows.next, cells, SUMMARY_WIDTHS[1:])
    rows.append([None, *cells])


def _summary_header(ws: Worksheet, titles: Sequence[str]) -> list[Cell]:
    return [_cell(ws, t, bold=True, align=CENTRE, fill=HEADER_FILL) for t in titles]


SUMMARY_WIDTHS = (4, 6, 40, 12, 12, 12, 12, 12, 12, 12, 12, 12)


class _Rows:
    """Appends rows to a write-only sheet and knows which row comes next."""

    def __init__(self, ws: Worksheet, first: int = 1) -> None:
        self.ws = ws
        self.next = first

    def append(self, cells: Sequence[Any]) -> None:
        self.ws.append(list(cells))
        self.next += 1

    def add(self, cells: Sequence[Cell], widths: Sequence[float]) -> None:
        """Append a row as tall as its longest wrapped text needs."""
        _fit_height(self.ws, self.next, cells, widths)
        self.append(cells)


def _lead_units(sheet: ProgressSheet) -> list[UnitRef]:
    units: dict[str, UnitRef] = {}
    for board in sheet.boards:
        for row in board.tasks:
            for unit in row.task.lead:
                units.setdefault(unit.id, unit)
    return list(units.values())


# ---- the hidden information ----------------------------------------------------------------


def _write_info(ws: Worksheet, sheet: ProgressSheet) -> None:
    identity = sheet.identity
    sheets = [(TASKS_SHEET, sheet.has_tasks), (CAMPAIGN_SHEET, sheet.has_campaigns)]
    ws.sheet_state = "veryHidden"
    rows: list[tuple[str, str]] = [
        ("format", FORMAT),
        ("version", str(FORMAT_VERSION)),
        ("workspace_id", identity.workspace_id),
        ("plan_ids", ",".join(identity.plan_ids)),
        ("plan_refs", "\n".join(identity.plan_refs)),
        ("scope_kind", identity.scope.kind.value),
        ("scope_id", identity.scope.id),
        ("scope_name", identity.scope.name),
        ("exported_at", identity.exported_at.isoformat(timespec="seconds")),
        ("program_version", identity.program_version),
        ("sheets", "\n".join(n for n, has in sheets if has)),
    ]
    for key, value in rows:
        ws.append([_cell(ws, key, border=False), _cell(ws, value, border=False)])
    _protect(ws)
