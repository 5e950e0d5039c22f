"""Reading a progress sheet back: a unit's or hamlet's filled-in workbook.

The file is checked before openpyxl parses it (size, what its zip would unpack to), parsed
with defusedxml guarding the XML, and read in read-only mode. Nothing in it is evaluated: a
formula typed into an input cell is reported, not computed. Every input cell is validated;
what is wrong is reported row by row (sheet, row, column, what to type instead), and the
caller applies nothing while anything is wrong.
"""

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import PlanId
from desktop_app.domain.plans import TaskStatus
from desktop_app.domain.progress import MAX_TEXT, ProgressKey, Report, status_from_text
from desktop_app.domain.registry import Registry
from desktop_app.domain.sheet_changes import (
    ReturnedRow,
    ScopeKind,
    SheetIdentity,
    SheetScope,
)
from desktop_app.domain.sheet_layout import (
    BASELINE,
    CAMPAIGN_SHEET,
    DATE,
    DAY,
    DOCUMENT,
    FORMAT,
    FORMAT_VERSION,
    HAMLET,
    INFO_SHEET,
    MEASURES_END_HEADER,
    NOTE,
    PARTICIPANTS,
    PERCENT,
    RESULT,
    ROW_KEY,
    STATUS,
    TASK,
    TASK_LAYOUT,
    TASKS_SHEET,
    MissingMeasuresEndError,
    ReadAs,
    SheetColumn,
    SheetLayout,
    campaign_layout,
    campaign_measures,
    measure_key,
)
from desktop_app.domain.text import clean, fold
from desktop_app.safe_zip import Refusal, SafeZip, ZipLimits, ZipRefusedError

MAX_FILE_BYTES = 60 * 1024 * 1024  # the sheet of a whole office (125,000 tasks) is 26 MB
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
# A real sheet unpacks to about ten times its size; a zip bomb to a thousand times.
MAX_RATIO = 100
RATIO_FLOOR = 100 * 1024 * 1024
MAX_ENTRIES = 10_000  # a workbook of a hundred sheets has a few hundred parts
MAX_ROWS = 250_000
MAX_PROBLEMS = 200  # after this many, one line says how many more
HEADER_SEARCH_ROWS = 30
_ZIP_LIMITS = ZipLimits(
    max_entries=MAX_ENTRIES,
    max_entry_bytes=MAX_UNPACKED_BYTES,
    max_total_bytes=MAX_UNPACKED_BYTES,
    max_archive_ratio=MAX_RATIO,
    ratio_floor=RATIO_FLOOR,
)

try:  # defusedxml's errors, when openpyxl uses it (it does when it is installed)
    from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover - defusedxml is a dependency
    DefusedXmlException = ValueError

_READ_ERRORS = (
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ParseError,
    InvalidFileException,
    DefusedXmlException,
)


@dataclass(frozen=True)
class ReturnedSheet:
    """What a returned workbook says, before it is compared with the workspace.

    Attributes:
        file_date: when it was last saved (by the unit), else None.
        measures: the measure columns of the campaign sheet, as headed.
    """

    file_name: str
    identity: SheetIdentity
    rows: tuple[ReturnedRow, ...]
    problems: tuple[str, ...]
    file_date: dt.date | None
    measures: tuple[str, ...] = ()


def read_progress_sheet(path: Path) -> ReturnedSheet:
    """Read a progress sheet written by :func:`write_progress_sheet` and filled in by people.

    Raises:
        UserError: the file is missing, too big, not an .xlsx, broken, a zip bomb, not one of
            our progress sheets, or from a newer program. Problems with single cells are
            returned in ``problems`` instead, all of them at once.
    """
    path = Path(path)
    _check_file(path)
    # openpyxl reads from a file we opened and close: when it fails to load a workbook it
    # leaves its own zip open, and on Windows an open file can be neither replaced nor deleted.
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise UserError(_not_a_workbook(path.name)) from exc
    with handle:
        _check_zip(handle, path.name)
        return _read_workbook(handle, path.name)


def _read_workbook(handle: IO[bytes], file_name: str) -> ReturnedSheet:
    try:
        workbook = load_workbook(handle, read_only=True, data_only=False, keep_links=False)
    except _READ_ERRORS as exc:
        raise UserError(
            f"Không đọc được {file_name}: tệp không phải bảng tính Excel (.xlsx) hoặc đã bị "
            "hỏng. Hãy mở nó bằng Excel, lưu lại dạng .xlsx rồi thử lại."
        ) from exc
    try:
        identity, expected = _identity(workbook, file_name)
        missing = [n for n in expected if n not in workbook.sheetnames]
        if missing:
            raise UserError(
                f"{file_name} không còn trang \u201c{missing[0]}\u201d: có thể trang đã bị đổi "
                "tên hoặc bị xóa. Hãy đặt lại tên cũ (hoặc xuất phiếu mới) rồi nhập lại."
            )
        reader = _Reader()
        measures: tuple[str, ...] = ()
        if TASKS_SHEET in workbook.sheetnames:
            reader.tasks(workbook[TASKS_SHEET])
        if CAMPAIGN_SHEET in workbook.sheetnames:
            measures = reader.campaigns(workbook[CAMPAIGN_SHEET])
        modified = workbook.properties.modified
    except _READ_ERRORS as exc:
        raise UserError(
            f"Không đọc được {file_name}: nội dung bảng tính bị hỏng ({type(exc).__name__}). "
            "Hãy mở nó bằng Excel, lưu lại rồi thử lại."
        ) from exc
    finally:
        workbook.close()
    problems = reader.problems
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = [*problems[:MAX_PROBLEMS], f"… và {more} lỗi khác."]
    return ReturnedSheet(
        file_name=file_name,
        identity=identity,
        rows=tuple(reader.rows),
        problems=tuple(problems),
        file_date=_local_day(modified) if isinstance(modified, dt.datetime) else None,
        measures=measures,
    )


def _local_day(moment: dt.datetime) -> dt.date:
    """The day, on this PC's clock, of a time Excel stores in UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().date()


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp {path}.")
    if path.suffix.lower() != ".xlsx":
        raise UserError(
            f"{path.name} không phải tệp .xlsx. Phiếu tiến độ là tệp Excel .xlsx do chương "
            "trình xuất ra."
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UserError(
            f"Tệp {path.name} quá lớn ({size / 1024 / 1024:.0f} MB) cho một phiếu tiến độ "
            f"(tối đa {MAX_FILE_BYTES // 1024 // 1024} MB). Hãy kiểm tra lại tệp."
        )


def _not_a_workbook(file_name: str) -> str:
    return (
        f"Không đọc được {file_name}: tệp không phải bảng tính Excel (.xlsx) hoặc đã bị "
        "hỏng (có thể chép từ USB chưa xong)."
    )


def _check_zip(handle: IO[bytes], file_name: str) -> None:
    """The workbook's zip is sound and unpacks to what a progress sheet may."""
    try:
        with SafeZip(handle, _ZIP_LIMITS) as archive:
            archive.scan_all()
    except ZipRefusedError as refusal:
        match refusal.reason:
            case (
                Refusal.DAMAGED
                | Refusal.TOO_MANY_ENTRIES
                | Refusal.UNSAFE_NAME
                | Refusal.DUPLICATE_NAME
                | Refusal.ENCRYPTED
            ):
                message = _not_a_workbook(file_name)
            case (
                Refusal.ENTRY_TOO_BIG
                | Refusal.ENTRY_RATIO
                | Refusal.TOTAL_TOO_BIG
                | Refusal.ARCHIVE_RATIO
            ):
                message = (
                    f"Tệp {file_name} giải nén ra tới {refusal.size / 1024 / 1024:.0f} MB, "
                    "không phải một phiếu tiến độ bình thường; chương trình không mở nó."
                )
        raise UserError(message) from refusal
    handle.seek(0)


def _identity(workbook: Any, file_name: str) -> tuple[SheetIdentity, list[str]]:
    """What the hidden sheet says, and the sheets the workbook went out with."""
    not_ours = UserError(
        f"{file_name} không phải phiếu tiến độ do chương trình xuất ra (thiếu phần thông tin "
        "ẩn). Hãy dùng phiếu đã xuất bằng \u201cXuất Excel\u201d hoặc \u201cXuất phiếu cho "
        "đơn vị\u201d, rồi điền vào đó."
    )
    if INFO_SHEET not in workbook.sheetnames:
        raise not_ours
    info: dict[str, str] = {}
    for row in workbook[INFO_SHEET].iter_rows(min_row=1, max_row=40, max_col=2, values_only=True):
        if row and isinstance(row[0], str):
            value = row[1] if len(row) > 1 else None
            info[row[0]] = "" if value is None else str(value)
    if info.get("format") != FORMAT:
        raise not_ours
    try:
        version = int(info.get("version", ""))
        exported_at = dt.datetime.fromisoformat(info["exported_at"])
        scope_kind = ScopeKind(info.get("scope_kind", "plan"))
    except (KeyError, ValueError) as exc:
        raise UserError(
            f"Phần thông tin ẩn của {file_name} đã bị sửa hỏng; hãy xuất phiếu mới."
        ) from exc
    if version > FORMAT_VERSION:
        raise UserError(
            f"{file_name} được xuất từ phiên bản mới hơn của chương trình; hãy cập nhật "
            "chương trình rồi nhập lại."
        )
    plan_ids = tuple(PlanId(p) for p in info.get("plan_ids", "").split(",") if p)
    if not plan_ids:
        raise UserError(f"Phần thông tin ẩn của {file_name} không nói phiếu thuộc kế hoạch nào.")
    identity = SheetIdentity(
        workspace_id=info.get("workspace_id", ""),
        plan_ids=plan_ids,
        plan_refs=tuple(info.get("plan_refs", "").split("\n")),
        scope=SheetScope(scope_kind, info.get("scope_id", ""), info.get("scope_name", "")),
        exported_at=exported_at,
        program_version=info.get("program_version", ""),
    )
    sheets = [n for n in info.get("sheets", "").split("\n") if n in (TASKS_SHEET, CAMPAIGN_SHEET)]
    return identity, sheets


class _Reader:
    """Reads the data rows of the two sheets, collecting problems as it goes."""

    def __init__(self) -> None:
        self.rows: list[ReturnedRow] = []
        self.problems: list[str] = []

    def problem(self, sheet: str, row: int, column: int | None, text: str) -> None:
        where = f"Trang \u201c{sheet}\u201d, dòng {row}"
        if column is not None:
            where += f", ô {get_column_letter(column)}{row}"
        self.problems.append(f"{where}: {text}")

    def _header(self, ws: Any, sheet: str, expected: Sequence[str] | None) -> tuple[int, list[str]]:
        """The header row's number and titles; checks them against ``expected``."""
        for number, cells in enumerate(
            ws.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, values_only=True), start=1
        ):
            values = [("" if v is None else str(v)) for v in cells]
            if len(values) > 1 and fold(values[1]) == "tt":
                if expected is not None:
                    self._check_titles(sheet, number, values, expected)
                return number, values
        raise UserError(
            f"Trang \u201c{sheet}\u201d không còn dòng tiêu đề (TT, …); có thể các dòng đầu đã "
            "bị xóa. Hãy xuất phiếu mới."
        )

    def _check_titles(
        self, sheet: str, row: int, values: Sequence[str], expected: Sequence[str]
    ) -> None:
        for column, title in enumerate(expected, start=1):
            found = values[column - 1] if column <= len(values) else ""
            if fold(found) != fold(title):
                raise UserError(
                    f"Trang \u201c{sheet}\u201d, ô {get_column_letter(column)}{row}: cột này "
                    f"phải là \u201c{title}\u201d nhưng đang là \u201c{found}\u201d. Đừng "
                    "thêm, xóa hay đổi chỗ các cột; hãy xuất phiếu mới nếu cần."
                )

    def _data(self, ws: Any, sheet: str, first: int) -> Iterator[tuple[int, Sequence[Any]]]:
        for number, cells in enumerate(ws.iter_rows(min_row=first), start=first):
            if number - first >= MAX_ROWS:
                self.problem(
                    sheet,
                    number,
                    None,
                    f"phiếu có hơn {MAX_ROWS:,} dòng; quá lớn.".replace(",", "."),
                )
                return
            yield number, cells

    # ---- the task sheet ----------------------------------------------------------------

    def tasks(self, ws: Any) -> None:
        layout = TASK_LAYOUT
        header, _ = self._header(ws, layout.sheet, layout.headers)
        for number, cells in self._data(ws, layout.sheet, header + 1):
            cell = _Cells(self, layout, number, cells)
            token = cell.read(ROW_KEY)
            if token.startswith(("P:", "S:", "R:")):
                continue
            report = Report(
                status=cell.read(STATUS),
                percent=cell.read(PERCENT),
                text=cell.read(RESULT),
                document=cell.read(DOCUMENT),
                note=cell.read(NOTE),
            )
            updated = cell.read(DATE)
            if not token and not cell.read(TASK) and not cell.filled:
                continue  # a blank row
            self.rows.append(
                ReturnedRow(
                    sheet=layout.sheet,
                    row=number,
                    key=cell.key(token),
                    baseline=cell.read(BASELINE),
                    report=report,
                    updated=updated,
                    text=cell.read(TASK),
                    filled=frozenset(cell.filled),
                    failed=cell.failed,
                )
            )

    # ---- the campaign sheet ------------------------------------------------------------

    def campaigns(self, ws: Any) -> tuple[str, ...]:
        header, titles = self._header(ws, CAMPAIGN_SHEET, None)
        layout = campaign_layout(_measures(titles))
        self._check_titles(layout.sheet, header, titles, layout.headers)
        for number, cells in self._data(ws, layout.sheet, header + 1):
            cell = _Cells(self, layout, number, cells)
            token = cell.read(ROW_KEY)
            figures = {}
            for name in layout.measures:
                value = cell.read(measure_key(name))
                if value is not None:
                    figures[name] = value
            report = Report(
                participants=cell.read(PARTICIPANTS), figures=figures, note=cell.read(NOTE)
            )
            updated = cell.read(DATE)
            hamlet = cell.read(HAMLET)
            if not token and not hamlet and not cell.filled:
                continue
            key = cell.key(token)
            day = cell.read(DAY) if key is None else None  # to place a row the unit added
            self.rows.append(
                ReturnedRow(
                    sheet=layout.sheet,
                    row=number,
                    key=key,
                    baseline=cell.read(BASELINE),
                    report=report,
                    updated=updated,
                    text=hamlet,
                    day=day,
                    filled=frozenset(cell.filled),
                    failed=cell.failed,
                )
            )
        return layout.measures


def _measures(titles: Sequence[str]) -> tuple[str, ...]:
    """The campaign sheet's measures, as its header row names them.

    Raises:
        UserError: the note column after them is gone, or a measure is blank or twice.
    """
    try:
        measures = campaign_measures(titles)
    except MissingMeasuresEndError:
        raise UserError(
            f"Trang \u201c{CAMPAIGN_SHEET}\u201d không còn cột \u201c{MEASURES_END_HEADER}"
            "\u201d; đừng thêm, xóa hay đổi chỗ các cột. Hãy xuất phiếu mới."
        ) from None
    if any(not m for m in measures) or len({fold(m) for m in measures}) != len(measures):
        raise UserError(
            f"Trang \u201c{CAMPAIGN_SHEET}\u201d: tiêu đề các cột chỉ tiêu bị trống hoặc "
            "trùng; hãy xuất phiếu mới."
        )
    return measures


_DATE_TEXT = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_ISO_TEXT = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class _Cells:
    """One row's cells, read and checked one by one; problems go to the reader."""

    def __init__(
        self, reader: _Reader, layout: SheetLayout, row: int, cells: Sequence[Any]
    ) -> None:
        self.reader = reader
        self.layout = layout
        self.sheet = layout.sheet
        self.row = row
        self.cells = cells
        self.failed = False
        self.filled: set[str] = set()  # the fields that have a value

    def read(self, key: str) -> Any:
        """The value of the column keyed ``key``, read as its layout says.

        A fillable column's value, when there is one, counts its field as filled in.
        """
        column: SheetColumn = self.layout.column(key)
        if column.read is None:
            raise ValueError(f"the column {key!r} is not read back")
        field = column.key if column.fillable else None
        return _READERS[column.read](self, self.layout.position(key), field)

    def _cell(self, column: int) -> Any:
        return self.cells[column - 1] if column <= len(self.cells) else None

    def _value(self, column: int) -> Any:
        cell = self._cell(column)
        return None if cell is None else cell.value

    def _fail(self, column: int | None, text: str) -> None:
        self.failed = True
        self.reader.problem(self.sheet, self.row, column, text)

    def _formula(self, column: int) -> bool:
        cell = self._cell(column)
        if cell is not None and getattr(cell, "data_type", None) == "f":
            self._fail(column, "ô này là công thức; hãy gõ giá trị (chữ hoặc số) thay vào.")
            return True
        return False

    def _mark(self, value: Any, name: str | None) -> None:
        if name is not None and value not in (None, ""):
            self.filled.add(name)

    def text(self, column: int, name: str | None = None, *, key: bool = False) -> str:
        value = self._value(column)
        if value is None:
            return ""
        if not key and self._formula(column):
            return ""
        if isinstance(value, dt.datetime):
            text = f"{value:%d/%m/%Y}"
        elif isinstance(value, float) and value.is_integer():
            text = str(int(value))
        else:
            text = str(value)
        text = clean(text) if not key else text.strip()
        if len(text) > MAX_TEXT:
            self._fail(column, f"nội dung dài quá {MAX_TEXT} ký tự; hãy rút gọn.")
            return ""
        self._mark(text, name)
        return text

    def hidden(self, column: int, name: str | None = None) -> str:
        """A hidden value (a key, a baseline): as written, even one that looks like a formula."""
        return self.text(column, name, key=True)

    def key(self, token: str) -> ProgressKey | None:
        if not token:
            return None
        try:
            return ProgressKey.parse(token)
        except ValueError:
            self._fail(
                self.layout.position(ROW_KEY),
                "mã ẩn của dòng bị sửa; hãy chép lại dòng từ phiếu gốc.",
            )
            return None

    def status(self, column: int, name: str | None) -> TaskStatus | None:
        value = self._value(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if self._formula(column):
            return None
        status = status_from_text(str(value))
        if status is None:
            if fold(str(value)) == "qua han":
                self._fail(
                    column,
                    "\u201cQuá hạn\u201d do chương trình tự tính; hãy chọn Chưa thực hiện, "
                    "Đang thực hiện hoặc Hoàn thành.",
                )
            else:
                self._fail(
                    column,
                    f"trạng thái \u201c{str(value)[:40]}\u201d không có trong danh sách; hãy "
                    "chọn Chưa thực hiện, Đang thực hiện hoặc Hoàn thành.",
                )
            return None
        self._mark(status, name)
        return status

    def percent(self, column: int, name: str | None) -> int | None:
        value = self._value(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if self._formula(column):
            return None
        cell = self._cell(column)
        number: float | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int | float):
            number = float(value)
            if "%" in str(getattr(cell, "number_format", "")) and number <= 1:
                number *= 100
        elif isinstance(value, str):
            text = value.strip().rstrip("%").strip().replace(",", ".")
            try:
                number = float(text)
            except ValueError:
                number = None
        if number is None or not 0 <= number <= 100:
            self._fail(
                column,
                f"tỷ lệ phải là số từ 0 đến 100, không phải \u201c{str(value)[:40]}\u201d.",
            )
            return None
        self._mark(number, name)
        return round(number)

    def number(self, column: int, name: str | None, *, whole: bool = False) -> float | None:
        value = self._value(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if self._formula(column):
            return None
        number: float | None = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        elif isinstance(value, str):
            text = value.strip().replace(" ", "")
            if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
                text = text.replace(".", "")  # "1.250" the Vietnamese way
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                number = None
        what = "số người" if whole else "số liệu"
        if number is None or number < 0 or number > 1e9 or (whole and not number.is_integer()):
            kind = "số nguyên không âm" if whole else "số không âm"
            self._fail(column, f"{what} phải là {kind}, không phải \u201c{str(value)[:40]}\u201d.")
            return None
        self._mark(number, name)
        return number

    def count(self, column: int, name: str | None) -> int | None:
        """A whole number of people, not negative."""
        number = self.number(column, name, whole=True)
        return None if number is None else int(number)

    def date(self, column: int, name: str | None) -> dt.date | None:
        value = self._value(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if self._formula(column):
            return None
        day, problem = _day_from(value)
        if day is not None and not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
            problem = f"ngày {day:%d/%m/%Y} có năm ngoài khoảng 2000–2100; hãy sửa lại năm."
            day = None
        if day is None:
            self._fail(column, problem)
            return None
        self._mark(day, name)
        return day


def _day_from(value: Any) -> tuple[dt.date | None, str]:
    """The day a cell holds (a date, an Excel serial, "05/12/2026", "2026-12-05").

    Returns:
        The day, or None and what to tell the unit.
    """
    problem = f"\u201c{str(value)[:40]}\u201d không phải một ngày; hãy gõ dạng 05/12/2026."
    if isinstance(value, dt.datetime):
        return value.date(), problem
    if isinstance(value, dt.date):
        return value, problem
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # Excel's serial days up to 31/12/9999
            converted = from_excel(value)
            if isinstance(converted, dt.datetime):
                return converted.date(), problem
        return None, problem
    if isinstance(value, str):
        text = value.strip()
        match = _DATE_TEXT.fullmatch(text)
        iso = _ISO_TEXT.fullmatch(text)
        parts = None
        if match:
            parts = (int(match[3]), int(match[2]), int(match[1]))
        elif iso:
            parts = (int(iso[1]), int(iso[2]), int(iso[3]))
        if parts is not None:
            try:
                return dt.date(*parts), problem
            except ValueError:
                return None, f"ngày \u201c{text}\u201d không có thật; hãy sửa lại."
    return None, problem


# How each kind of column is read back: (cells, column number, field or None) -> value.
_READERS: Registry[ReadAs, Callable[[_Cells, int, str | None], Any]] = Registry(
    ReadAs,
    {
        ReadAs.KEY: _Cells.hidden,
        ReadAs.TEXT: _Cells.text,
        ReadAs.STATUS: _Cells.status,
        ReadAs.PERCENT: _Cells.percent,
        ReadAs.COUNT: _Cells.count,
        ReadAs.NUMBER: _Cells.number,
        ReadAs.DATE: _Cells.date,
    },
    "progress sheet cell readers",
)
