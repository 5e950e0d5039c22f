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
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast
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
    Event,
    Plan,
    TaskStatus,
    UnitRef,
    plan_in_text,
)
from desktop_app.domain.plans import plan_file_words as file_words
from desktop_app.domain.progress import CampaignRow, ProgressBoard, TaskRow
from desktop_app.domain.record_rules import FLAG_PREFIX
from desktop_app.domain.registry import Registry
from desktop_app.domain.sheet_changes import (
    ScopeKind,
    SheetIdentity,
    baseline_text,
    dated_baselines,
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
from desktop_app.exports.xlsx_rows import RowShape, RowStream, splice_rows

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
# A row read from stored values that break the record rules: orange, apart from the yellow
# of the cells to fill in and the pink of what is overdue.
FLAG_FILL = PatternFill("solid", start_color="F8CBAD", end_color="F8CBAD")
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


# Told (done, total, what) as the rows are written; may raise to stop.
Progress = Callable[[int, int, str], None] | None
_TICK_S = 0.1  # often enough for the window to stay responsive, rarely enough to cost nothing


def write_progress_sheet(sheet: ProgressSheet, path: Path, progress: Progress = None) -> Path:
    """Write the workbook to ``path`` (.xlsx), through a temporary file.

    ``progress`` is told as each plan's rows are written; it may raise to stop the writing,
    which then leaves no file (and an existing one at ``path`` as it was).

    Raises:
        UserError: nothing to put in it, a name without .xlsx, or a file that cannot be
            written (open in Excel, a full disk, a stick pulled out).
    """
    path = _xlsx_path(path)
    if not sheet.has_tasks and not sheet.has_campaigns:
        raise UserError(f"Không có việc nào để đưa vào phiếu ({sheet.identity.scope.label}).")
    check_rows(sheet.boards)  # too many is told before any row is written
    return _write(
        _Heads(sheet.identity, sheet.today, sheet.plans, sheet.measures),
        sheet.boards,
        path,
        progress,
    )


def write_streamed_sheet(
    identity: SheetIdentity,
    today: dt.date,
    plans: Sequence["PlanHead"],
    boards: Iterable[ProgressBoard],
    path: Path,
    *,
    progress: Progress = None,
) -> Path:
    """Write the task workbook of many plans, taking their boards one at a time.

    A whole office's boards do not fit in memory together: ``boards`` may read each plan as
    it is asked for, and each board is let go once its rows are written. ``plans`` are the
    same plans, known before their boards (the title names them). Campaign days are not
    written: their columns would have to be known before the first board.

    Raises:
        UserError: no task in any board, a name without .xlsx, or a file that cannot be
            written.
        ValueError: a board with campaign days.
    """
    path = _xlsx_path(path)
    return _write(_Heads(identity, today, list(plans), None), boards, path, progress)


class PlanHead(Protocol):
    """What the title and the heading rows say of a plan (a Plan or a PlanSummary)."""

    @property
    def title(self) -> str: ...
    @property
    def number(self) -> int | None: ...
    @property
    def date(self) -> dt.date | None: ...
    @property
    def reference(self) -> str: ...
    @property
    def name(self) -> str: ...


@dataclass
class _Heads:
    """What the workbook says before its first row: whose it is, about which plans."""

    identity: SheetIdentity
    today: dt.date
    plans: Sequence[PlanHead]
    measures: Sequence[str] | None  # the campaign sheet's measure columns; None: no such sheet


@dataclass
class _Book(_Heads):
    """The heads, and what the summary needs from the rows, gathered as they are written."""

    lead_units: dict[str, UnitRef] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    task_rows: int = 0
    campaign_rows: int = 0
    flagged_rows: int = 0  # read from stored values that break the rules, filled orange
    problems: int = 0  # bad stored values in the plans written, shown in the rows or not

    @property
    def has_tasks(self) -> bool:
        return self.task_rows > 0

    @property
    def has_campaigns(self) -> bool:
        return self.campaign_rows > 0


def _xlsx_path(path: Path) -> Path:
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"Tên tệp phải có đuôi .xlsx (đang là \u201c{path.name}\u201d).")
    return path


def _write(heads: _Heads, boards: Iterable[ProgressBoard], path: Path, progress: Progress) -> Path:
    def write(target: Path) -> None:
        # Built here, once the target is known to be writable: a write-only workbook that is
        # never saved leaves its sheets' writers open.
        workbook = Workbook(write_only=True)
        summary = workbook.create_sheet(SUMMARY_SHEET)  # its formulas count the rows below
        looks = _Looks(summary)
        tasks, campaigns = RowStream(FIRST_ROW, _is_ours), RowStream(FIRST_ROW, _is_ours)
        try:
            book = _Book(heads.identity, heads.today, heads.plans, heads.measures)
            tick = None if progress is None else _ticker(progress, 0, 2, "các dòng")
            _data_rows(book, _ticking(boards, tick), looks, tasks, campaigns)
            book.flagged_rows = looks.flagged_rows
            if not book.has_tasks and not book.has_campaigns:
                summary.close()
                scope = heads.identity.scope.label
                raise UserError(f"Không có việc nào để đưa vào phiếu ({scope}).")
            _write_summary(summary, book)
            streams: list[tuple[Worksheet, RowStream]] = []
            if book.has_tasks:
                streams.append((workbook.create_sheet(TASKS_SHEET), tasks))
                _write_tasks(streams[-1][0], book, tasks.next)
            if book.has_campaigns:
                streams.append((workbook.create_sheet(CAMPAIGN_SHEET), campaigns))
                _write_campaigns(streams[-1][0], book, campaigns.next)
            _write_info(workbook.create_sheet(INFO_SHEET), book)
            workbook.properties.creator = "Sổ theo dõi Kế hoạch"
            workbook.properties.title = _title(book)
            if progress:  # the last chance to stop: saving is one call
                progress(1, 2, "lưu tệp")
            with tempfile.TemporaryDirectory() as folder:
                shell = Path(folder) / "book.xlsx"
                workbook.save(shell)
                parts = {ws.path.lstrip("/"): rows for ws, rows in streams}
                splice_rows(shell, target, parts)
        except BaseException:
            _discard(workbook)
            raise
        finally:
            tasks.close()
            campaigns.close()
            _COUNTED.clear()  # the texts counted are this workbook's: not kept for nothing

    return write_atomically(path, write)


def _ticker(
    progress: Callable[[int, int, str], None], done: int, total: int, what: str
) -> Callable[[], None]:
    last = 0.0

    def tick() -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= _TICK_S:
            last = now
            progress(done, total, what)

    return tick


def _ticking(
    boards: Iterable[ProgressBoard], tick: Callable[[], None] | None
) -> Iterable[ProgressBoard]:
    for board in boards:
        if tick:
            tick()
        yield board


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


def _data_rows(
    book: _Book,
    boards: Iterable[ProgressBoard],
    looks: "_Looks",
    tasks: RowStream,
    campaigns: RowStream,
) -> None:
    """Write every board's task and campaign rows, one board at a time."""
    several = len(book.plans) > 1
    layout = None if book.measures is None else campaign_layout(book.measures)
    task_rows = _TaskRows(tasks, looks)
    for board in boards:
        book.problems += len(board.plan.problems)
        if board.tasks:
            task_rows.write(board, several=several)
            book.task_rows += len(board.tasks)
            for task_row in board.tasks:
                for unit in task_row.task.lead:
                    book.lead_units.setdefault(unit.id, unit)
        if board.campaigns:
            if layout is None or not set(board.plan.measures) <= set(book.measures or ()):
                raise ValueError("campaign rows need their measures' columns before the rows")
            _campaign_rows(campaigns, looks, layout, board, first_number=book.campaign_rows + 1)
            book.campaign_rows += len(board.campaigns)
            events = {r.event.id: r.event for r in board.campaigns}
            book.events.extend(sorted(events.values(), key=lambda e: e.date))
        _check_rows(TASKS_SHEET, tasks.next)
        _check_rows(CAMPAIGN_SHEET, campaigns.next)


# The rows of one Excel sheet; the last data row's drop-downs and checks reach SPARE_ROWS further.
EXCEL_ROWS = 1_048_576


def check_rows(boards: Iterable[ProgressBoard]) -> None:
    """Refuse boards whose rows would not fit a sheet, told before any is written.

    Each board's task and campaign rows count once (the group rows above them are more).

    Raises:
        UserError: saying how many rows it needs and what to export instead.
    """
    tasks = campaigns = 0
    for board in boards:
        tasks += len(board.tasks)
        campaigns += len(board.campaigns)
    _check_rows(TASKS_SHEET, FIRST_ROW + tasks)
    _check_rows(CAMPAIGN_SHEET, FIRST_ROW + campaigns)


def _check_rows(sheet: str, next_row: int) -> None:
    """Refuse a sheet whose rows, from ``next_row`` on, Excel could not hold.

    Raises:
        UserError: saying how many rows it needs and what to export instead.
    """
    needed = next_row - 1 + SPARE_ROWS
    if needed > EXCEL_ROWS:
        rows, room = (f"{n:,}".replace(",", ".") for n in (needed - SPARE_ROWS, EXCEL_ROWS))
        raise UserError(
            f"Bảng quá lớn cho Excel: trang \u201c{sheet}\u201d cần {rows} dòng, mà một trang "
            f"Excel chỉ chứa được {room} dòng. Hãy xuất không kèm các đợt ra quân, hoặc xuất "
            "riêng từng kế hoạch."
        )


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


class _Looks:
    """The cell format of each look, registered once: a data row's cells name it by index.

    ``ws`` is any sheet of the workbook (the formats are the workbook's).
    """

    def __init__(self, ws: Worksheet) -> None:
        self._ws = ws
        self._index: dict[tuple[Any, ...], int] = {}
        self.bold: dict[int, bool] = {}
        self._task: _TaskLooks | None = None
        self.flagged_rows = 0  # rows given the flag's look so far

    @property
    def task(self) -> "_TaskLooks":
        if self._task is None:
            self._task = _TaskLooks.of(self)
        return self._task

    def cell(
        self,
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
    ) -> tuple[Any, int]:
        """A data cell: its value, as the sheet holds it, and its format's index."""
        key = (bold, italic, size, border, id(align), id(fill), locked, number_format)
        index = self._index.get(key)
        if index is None:
            styled = _cell(
                self._ws,
                None,
                bold=bold,
                italic=italic,
                size=size,
                border=border,
                align=align,
                fill=fill,
                locked=locked,
                number_format=number_format,
            )
            index = self._index[key] = styled.style_id
            self.bold[index] = bold
        if isinstance(value, str):
            value = _text(value)
        return value, index

    def input(self, column: SheetColumn, value: Any) -> tuple[Any, int]:
        """A cell the unit fills in, formatted for what the column reads back."""
        if not column.fillable or column.read is None:
            raise ValueError(f"the column {column.key!r} is not filled in by units")
        number_format = INPUT_FORMATS[column.read]
        return self.cell(value, fill=INPUT_FILL, locked=False, number_format=number_format)

    def height(
        self, cells: Sequence[tuple[Any, int]], shown: Sequence[tuple[int, float]]
    ) -> float | None:
        """The height the row's longest wrapped text needs, None for one line.

        ``shown``: the position and width of each column people see (see _shown).
        """
        lines = 1
        for position, width in shown:
            value, index = cells[position]
            if not isinstance(value, str):
                continue
            if len(value) * _WIDEST_EM <= width and "\n" not in value:
                continue  # fits on one line even if every letter were the widest
            lines = max(lines, _lines(value, width, self.bold[index]))
        return _height(lines)


def _shown(widths: Sequence[float]) -> list[tuple[int, float]]:
    """The columns a row's height is reckoned on: those shown, by position, with their width."""
    return [(position, width) for position, width in enumerate(widths) if width > 0]


# A column ``width`` wide holds at least ``width / _WIDEST_EM`` letters of SIZE on a line:
# no letter of Times New Roman is wider than an em (a width unit is about 5.25 pt of room).
_WIDEST_EM = SIZE / 5.25


def _lines(text: str, width: float, bold: bool) -> int:
    """The lines ``text`` wraps to in a column ``width`` wide, each text counted once.

    Unit lists, statuses, standard wordings and a recurring task's text come back row after
    row. A plain dict per column: an LRU cache keyed by text, width and weight cost a tenth
    of the whole office's sheet, in its keys and its bookkeeping.
    """
    counted = _counted(width, bold)
    lines = counted.get(text)
    if lines is None:
        lines = _count(counted, text, width, bold)
    return lines


def _counted(width: float, bold: bool) -> dict[str, int]:
    """The lines of the texts counted so far in a column ``width`` wide, by text."""
    counted = _COUNTED.get((width, bold))
    if counted is None:
        counted = _COUNTED[width, bold] = {}
    return counted


def _count(counted: dict[str, int], text: str, width: float, bold: bool) -> int:
    """Count the lines of a text not in ``counted`` yet, and keep them there.

    A full column keeps its newer half: emptied instead, the unit lists of a big office
    (tens of thousands, met again plans later) were counted anew each time the texts that
    never come back filled it, more often the bigger the office.
    """
    if len(counted) >= _COUNTED_KEPT:
        newer = list(counted.items())[len(counted) // 2 :]
        counted.clear()
        counted.update(newer)
    lines = counted[text] = wrapped_lines(text, excel_text_width_pt(width), SIZE, bold=bold)
    return lines


_COUNTED: dict[tuple[float, bool], dict[str, int]] = {}
_COUNTED_KEPT = 1 << 15
_REPORTED_KEPT = 1 << 13  # the baselines of reports kept (see _TaskRows._task)


def _height(lines: int) -> float | None:
    return min(409.0, lines * LINE_HEIGHT + 3) if lines > 1 else None


class _Formula(str):
    """A formula this module wrote (as opposed to text that merely starts with "=")."""

    __slots__ = ()


def _is_ours(value: str) -> bool:
    return isinstance(value, _Formula)


def _text(value: str) -> str:
    if value.isprintable() or isinstance(value, _Formula):  # most text: nothing to clean
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


def _title(sheet: _Heads) -> str:
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


def _flagged(*values: object) -> bool:
    """Whether a row shows a value printed flagged (see ``domain.record_rules.flag_text``)."""
    return any(isinstance(v, str) and FLAG_PREFIX in v for v in values)


def _heading_rows(ws: Worksheet, sheet: _Heads, how: str) -> None:
    """Rows 1-4: the title, the trích yếu, whose sheet it is, how to fill it in.

    When rows below are flagged, row 4 says so first, on their orange: the sheet must not
    be sent out or counted on until the data is put right.
    """
    flagged = sheet.flagged_rows if isinstance(sheet, _Book) else 0
    unseen = sheet.problems if isinstance(sheet, _Book) and not flagged else 0
    if flagged:
        how = (
            f"CHÚ Ý: {flagged} dòng tô màu cam mang dữ liệu sai (ghi “{FLAG_PREFIX}: …]”): "
            "hãy chạy Kiểm tra dữ liệu (lệnh check-db --repair), sửa rồi xuất lại. " + how
        )
    elif unseen:
        how = (
            f"CHÚ Ý: {FLAG_PREFIX}: kế hoạch có {unseen} chỗ dữ liệu sai ngoài các dòng của "
            "phiếu này] Hãy chạy Kiểm tra dữ liệu (lệnh check-db --repair), sửa rồi xuất lại. "
            + how
        )
    flagged = flagged or unseen
    plans = sheet.plans
    subject = plans[0].title if len(plans) == 1 else "; ".join(p.name for p in plans[:8])
    scope = f"{sheet.identity.scope.label} · Xuất ngày {sheet.today:%d/%m/%Y}"
    blank: list[Any] = [None]  # column A is hidden
    ws.append(
        [*blank, _cell(ws, _title(sheet), bold=True, size=13, border=False, align=Alignment())]
    )
    ws.append([*blank, _cell(ws, subject, italic=True, border=False, align=Alignment())])
    ws.append([*blank, _cell(ws, scope, border=False, align=Alignment())])
    ws.append(
        [
            *blank,
            _cell(
                ws,
                how,
                italic=not flagged,
                bold=bool(flagged),
                size=10,
                border=False,
                align=Alignment(),
                fill=FLAG_FILL if flagged else None,
            ),
        ]
    )


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
    return ", ".join([u.name for u in refs])


def _start_data_sheet(
    ws: Worksheet, sheet: _Heads, layout: SheetLayout, freeze: str, how: str
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


def _write_tasks(ws: Worksheet, sheet: _Heads, end: int) -> None:
    """The task sheet around its rows (streamed apart), which end before row ``end``."""
    _start_data_sheet(
        ws,
        sheet,
        TASK_LAYOUT,
        TASK,
        "Điền các ô nền vàng: Trạng thái (chọn trong danh sách), Tỷ lệ, Kết quả, Văn bản báo "
        "cáo, Ngày cập nhật, Ghi chú. Không thêm, xóa hay đổi chỗ các cột.",
    )
    last = end - 1 + SPARE_ROWS
    _task_validations(ws, last)
    _protect(ws)


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


# A group row's cells: the key, TT and the heading, then grey cells to the last shown column.
_GROUP_SPAN = TASK_LAYOUT.through_last_shown
if [c.key for c in _GROUP_SPAN[:3]] != [ROW_KEY, NUMBER, TASK]:
    raise ValueError("the task sheet's group rows expect the key, TT and the task first")

_TASK_INPUTS = (STATUS, PERCENT, RESULT, DOCUMENT, DATE, NOTE)
# The task row's cells, in this order, are written positionally (see _TaskRows.task_row).
_TASK_COLUMNS = (ROW_KEY, NUMBER, TASK, LEAD, SUPPORT, DEADLINE, *_TASK_INPUTS, DUE, LEAD_IDS)
if [c.key for c in TASK_LAYOUT.columns] != [*_TASK_COLUMNS, BASELINE]:
    raise ValueError("the task rows are written in another order than the task sheet's columns")
_TASK_WIDTHS = {c.key: c.printed_width for c in TASK_LAYOUT.columns}


@dataclass(frozen=True)
class _TaskLooks:
    """The formats of a task row's cells, looked up once per workbook, not once per cell."""

    hidden: int
    number: int
    text: int
    deadline: int
    due: int
    inputs: dict[str, int]
    group: int
    group_bold: int
    flag_number: int
    flag_text: int
    flag_deadline: int

    @classmethod
    def of(cls, looks: _Looks) -> "_TaskLooks":
        inputs = {key: looks.input(TASK_LAYOUT.column(key), None)[1] for key in _TASK_INPUTS}
        return cls(
            hidden=looks.cell(None, border=False)[1],
            number=looks.cell(None, align=CENTRE)[1],
            text=looks.cell(None)[1],
            deadline=looks.cell(None, align=CENTRE, number_format=DATE_FORMAT)[1],
            due=looks.cell(None, number_format=DATE_FORMAT, border=False)[1],
            inputs=inputs,
            group=looks.cell(None, fill=GROUP_FILL)[1],
            group_bold=looks.cell(None, bold=True, fill=GROUP_FILL)[1],
            flag_number=looks.cell(None, align=CENTRE, fill=FLAG_FILL)[1],
            flag_text=looks.cell(None, fill=FLAG_FILL)[1],
            flag_deadline=looks.cell(None, align=CENTRE, number_format=DATE_FORMAT, fill=FLAG_FILL)[
                1
            ],
        )


class _TaskRows:
    """Writes the task sheet's rows: a plan's and a section's heading, a task, a due date.

    A whole office's sheet is some two hundred thousand of them: each kind of row has its
    formats fixed once (a row shape), and its values are put in column order as they are
    found, with the height reckoned on the texts only (numbers and dates never wrap).
    """

    def __init__(self, rows: RowStream, looks: _Looks) -> None:
        self._rows = rows
        self._looks = looks
        self._shapes: dict[str, RowShape] = {}
        self._baselines: dict[TaskStatus, str] = {}
        # The baselines of reports, by what they say, for any day.
        self._reported: dict[tuple[Any, ...], Callable[[dt.date | None], str]] = {}
        self._group_tail: str | None = None
        # The board's headings as written: text, cells' XML and height, by key.
        self._groups: dict[str, tuple[str, str, float | None]] = {}
        # Each text column's width and the lines of the texts counted in it (see _lines).
        self._text_columns = [(width, _counted(width, False)) for width in _TEXT_WIDTHS]

    def _shape(self, kind: str) -> RowShape:
        shape = self._shapes.get(kind)
        if shape is None:
            style = self._looks.task
            inputs = [style.inputs[key] for key in _TASK_INPUTS]
            if kind == "group":  # its grey cells after the heading are the group_tail
                styles = [style.hidden, style.group_bold, style.group_bold]
            elif kind == "recurring":  # the key, TT, then the task's own cells
                styles = [style.hidden, style.number]
                styles += [style.text] * (len(_GROUP_SPAN) - 2)
            else:
                flagged = kind == "flagged"
                number, text, deadline = (
                    (style.flag_number, style.flag_text, style.flag_deadline)
                    if flagged
                    else (style.number, style.text, style.deadline)
                )
                styles = [style.hidden, number, text, text, text, deadline, *inputs]
                styles += [style.due, style.hidden, style.hidden]
            shape = self._shapes[kind] = self._rows.shape(styles)
        return shape

    def write(self, board: ProgressBoard, *, several: bool) -> None:
        """A board's task rows, grouped by plan (when there are several) and section."""
        self._groups.clear()  # a section is the plan's own: its heading comes back only here
        if several:
            self._group(f"P:{board.plan.id}", plan_in_text(board.plan, full_title=True))
        section = None
        for task_row in board.tasks:
            if task_row.section and task_row.section != section:
                section = task_row.section
                self._group(f"S:{task_row.task.section_id}", section)
            if task_row.occurrence is not None and task_row.number.endswith(".1"):
                self._recurring(task_row)
            self._task(task_row)

    def _group(self, key: str, text: str) -> None:
        """A plan's or a section's heading across the shown columns; its key says which."""
        # A section's heading comes back each time its tasks resume after another's: some
        # 60,000 of the office's 90,000 headings are written as they were before.
        made = self._groups.get(key)
        if made is None or made[0] != text:
            if self._group_tail is None:
                grey = [self._looks.task.group] * (len(_GROUP_SPAN) - 3)
                self._group_tail = self._rows.empty_cells(grey)
            shown = _text(text)
            cells = self._rows.cells(
                [_text(key), None, shown], self._shape("group"), self._group_tail
            )
            made = self._groups[key] = (
                text,
                cells,
                _height(_fit(shown, _TASK_WIDTHS[TASK], bold=True)),
            )
        self._rows.add_cells(made[1], made[2])

    def _recurring(self, task_row: TaskRow) -> None:
        """The heading of a recurring task's due dates: the task, once, above them."""
        task = task_row.task
        texts = [
            _text(task_row.number.rsplit(".", 1)[0]),
            _text(task.text),
            _text(_units(task.lead)),
            _text(_units(task.support)),
            _text(task.deadline.summary()),
        ]
        lines = max(
            _fit(value, _TASK_WIDTHS[key], bold=False)
            for value, key in zip(texts, (NUMBER, TASK, LEAD, SUPPORT, DEADLINE), strict=True)
        )
        values: list[Any] = [_text(f"R:{task.id}"), *texts]
        values += [None] * (len(_GROUP_SPAN) - len(values))
        self._rows.add_row(values, self._shape("recurring"), _height(lines))

    def _task(self, task_row: TaskRow) -> None:
        task = task_row.task
        latest = task_row.latest
        if task_row.occurrence is not None:
            text = f"- Kỳ hạn {task_row.occurrence:%d/%m/%Y}"
            deadline: Any = task_row.occurrence
            leads = supports = ""
        else:
            text = _text(task.text)
            deadline = task.deadline.on if task.deadline.on is not None else task.deadline.summary()
            leads, supports = _text(_units(task.lead)), _text(_units(task.support))
        status = TASK_STATUS_LABELS[task_row.status] if task_row.status else None
        if latest is None:
            percent, result, document, reported_on, note = None, "", "", None, ""
            # Then the baseline is that of the status alone, the same for many rows.
            baseline = self._baselines.get(task_row.status)
            if baseline is None:
                baseline = baseline_text(exported_report(task_row), None)
                self._baselines[task_row.status] = baseline
        else:
            percent, reported_on = latest.percent, latest.reported_on
            result, document, note = _text(latest.text), _text(latest.document), _text(latest.note)
            # What exported_report takes from the row; standard wordings recur, each on
            # its own day.
            said = (task_row.status, percent, latest.text, latest.document, latest.note)
            dated = self._reported.get(said)
            if dated is None:
                if len(self._reported) >= _REPORTED_KEPT:
                    self._reported.clear()
                dated = self._reported[said] = dated_baselines(exported_report(task_row))
            baseline = dated(reported_on)
        if isinstance(deadline, str):
            deadline = _text(deadline)
        number = _text(task_row.number)
        texts = (number, text, leads, supports, deadline, status, result, document, note)
        flagged = (
            FLAG_PREFIX in text
            or FLAG_PREFIX in leads
            or FLAG_PREFIX in supports
            or (type(deadline) is str and FLAG_PREFIX in deadline)
            or FLAG_PREFIX in result
        )  # as _flagged says of them, without a call per row
        if flagged:
            # The row keeps its place; its own cells turn orange, the legend above says why.
            self._looks.flagged_rows += 1
        values = [
            task_row.key.token(),
            number,
            text,
            leads,
            supports,
            deadline,
            status,
            percent,
            result,
            document,
            reported_on,
            note,
            task_row.due,
            "|" + "|".join([u.id for u in task.lead]) + "|",
            _text(baseline),
        ]
        height = _height(self._task_lines(texts))
        self._rows.add_row(values, self._shape("flagged" if flagged else "task"), height)

    def _task_lines(self, texts: Sequence[Any]) -> int:
        """The lines of a task row's tallest cell; ``texts``: its values from TT to the note.

        Only the texts can wrap: the dates and the percent are left out. Six hundred
        thousand cells of a whole office: each column's counts are at hand (see _lines).
        """
        lines = 1
        for value, (width, counted) in zip(texts, self._text_columns, strict=True):
            if type(value) is str and value and (len(value) * _WIDEST_EM > width or "\n" in value):
                found = counted.get(value)
                if found is None:
                    found = _count(counted, value, width, False)
                lines = max(lines, found)
        return lines


# The widths of a task row's cells from TT to the note, for _task_lines.
_TEXT_WIDTHS = tuple(
    _TASK_WIDTHS[k] for k in (NUMBER, TASK, LEAD, SUPPORT, DEADLINE, STATUS, RESULT, DOCUMENT, NOTE)
)


def _fit(value: str, width: float, *, bold: bool) -> int:
    """The lines ``value`` takes in a column ``width`` wide (see _Looks.height)."""
    if len(value) * _WIDEST_EM <= width and "\n" not in value:
        return 1  # fits on one line even if every letter were the widest
    return _lines(value, width, bold)


# ---- the campaign sheet --------------------------------------------------------------------


def _write_campaigns(ws: Worksheet, sheet: _Heads, end: int) -> None:
    """The campaign sheet around its rows (streamed apart), which end before row ``end``."""
    layout = campaign_layout(sheet.measures or ())
    _start_data_sheet(
        ws,
        sheet,
        layout,
        EVENT,
        "Mỗi xóm, mỗi đợt một dòng: điền số người tham gia, các chỉ tiêu, ghi chú và ngày "
        "cập nhật vào các ô nền vàng. Không thêm, xóa hay đổi chỗ các cột.",
    )
    last = end - 1 + SPARE_ROWS
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


def _campaign_rows(
    rows: RowStream,
    looks: _Looks,
    layout: SheetLayout,
    board: ProgressBoard,
    *,
    first_number: int,
) -> None:
    """A board's campaign rows, hamlet by hamlet, numbered on from ``first_number``."""
    order = {h: i for i, h in enumerate(dict.fromkeys(r.hamlet.id for r in board.campaigns))}
    campaigns = sorted(board.campaigns, key=lambda r: (order[r.hamlet.id], r.event.date))
    shown = _shown(layout.printed_widths)
    for number, campaign_row in enumerate(campaigns, start=first_number):
        cells = _campaign_cells(
            looks, layout, campaign_row, number=number, own=board.plan.measures, row=rows.next
        )
        rows.add(cells, looks.height(cells, shown))


def _campaign_cells(
    looks: _Looks,
    layout: SheetLayout,
    campaign_row: CampaignRow,
    *,
    number: int,
    own: Sequence[str],
    row: int,
) -> list[tuple[Any, int]]:
    """A hamlet's campaign day: what it is about, what the hamlet fills in, the hidden cells.

    ``number`` is its TT; ``own``, the measures of its plan (the sheet's other measures are
    greyed out); ``row``, the sheet row it goes to, for its "anything filled in" formula.
    """
    report = exported_report(campaign_row)
    measures = {
        measure_key(name): (
            looks.input(layout.column(measure_key(name)), report.figures.get(name))
            if name in own
            else looks.cell(None, fill=GROUP_FILL)
        )
        for name in layout.measures
    }
    inputs = f"{layout.letter(PARTICIPANTS)}{row}:{layout.letter(NOTE)}{row}"
    units = _units(campaign_row.units)
    fill = None
    if _flagged(campaign_row.hamlet.name, campaign_row.event.label, units, report.note):
        looks.flagged_rows += 1
        fill = FLAG_FILL
    return layout.arrange(
        {
            ROW_KEY: looks.cell(campaign_row.key.token(), border=False),
            NUMBER: looks.cell(number, align=CENTRE, fill=fill),
            HAMLET: looks.cell(campaign_row.hamlet.name, fill=fill),
            EVENT: looks.cell(campaign_row.event.label, fill=fill),
            DAY: looks.cell(
                None if campaign_row.event.date_unreadable else campaign_row.event.date,
                align=CENTRE,
                number_format=DATE_FORMAT,
                fill=fill,
            ),
            UNITS: looks.cell(units, fill=fill),
            PARTICIPANTS: looks.input(layout.column(PARTICIPANTS), report.participants),
            **measures,
            NOTE: looks.input(layout.column(NOTE), report.note),
            DATE: looks.input(layout.column(DATE), campaign_row.reported_on),
            EVENT_ID: looks.cell(campaign_row.event.id, border=False),
            REPORTED: looks.cell(_Formula(f"=IF(COUNTA({inputs})>0,1,0)"), border=False),
            BASELINE: looks.cell(baseline_text(report, campaign_row.reported_on), border=False),
        }
    )


# ---- the summary ---------------------------------------------------------------------------


def _write_summary(ws: Worksheet, sheet: _Book) -> None:
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
        for i, unit in enumerate(sheet.lead_units.values(), start=1):
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


def _campaign_summary(rows: "_Rows", sheet: _Book, part: str) -> None:
    ws = rows.ws
    measures = sheet.measures or ()
    campaigns = quote_sheetname(CAMPAIGN_SHEET)
    layout = campaign_layout(measures)
    event_col = _whole_column(campaigns, layout.letter(EVENT_ID))
    flag_col = _whole_column(campaigns, layout.letter(REPORTED))
    blank: list[Any] = [None]
    rows.append([*blank, _part_title(ws, f"{part}. CÁC ĐỢT RA QUÂN")])
    heads = ["TT", "Đợt", "Ngày", "Số xóm", "Đã báo cáo", "Số người tham gia", *measures]
    _header_row(rows, heads)
    for number, event in enumerate(sheet.events, start=1):
        match = f'"{event.id}"'
        sums = [
            _cell(
                ws,
                _Formula(
                    f"=SUMIFS({_whole_column(campaigns, layout.letter(key))},{event_col},{match})"
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
                _cell(
                    ws,
                    None if event.date_unreadable else event.date,
                    align=CENTRE,
                    number_format=DATE_FORMAT,
                ),
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


# ---- the hidden information ----------------------------------------------------------------


def _write_info(ws: Worksheet, sheet: _Book) -> None:
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
