"""The progress sheet's layout: its sheets and its columns, defined once.

The export writes the columns in this order, with these headers and widths, and unlocks the
cells a unit may fill in; the import finds every value by its column's key, checks the
headers, and reads each cell back the way its column says; the change detection names a
field after the header of its column. Moving, adding or renaming a column is a change here,
and only here, as far as positions go.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from desktop_app.domain.text import clean, fold

FORMAT = "so-ke-hoach/phieu-tien-do"
FORMAT_VERSION = 1
TASKS_SHEET = "Nhiệm vụ"
CAMPAIGN_SHEET = "Ra quân"
INFO_SHEET = "_thong_tin"  # very hidden: whose sheet it is, which plans, which version

# The fields a unit fills in: the keys of their columns, and how the baseline and the
# preview name them. A campaign measure's field is MEASURE_PREFIX + its name.
STATUS, PERCENT, RESULT, DOCUMENT, NOTE, PARTICIPANTS, DATE = (
    "status",
    "percent",
    "text",
    "document",
    "note",
    "participants",
    "date",
)
MEASURE_PREFIX = "measure:"

# The other columns' keys.
ROW_KEY = "key"  # the row's hidden key: what it is about, matched when the sheet comes back
NUMBER = "number"  # TT
TASK = "task"  # the task's text
LEAD = "lead"
SUPPORT = "support"
DEADLINE = "deadline"
DUE = "due"  # the due date as a date, for the overdue formulas
LEAD_IDS = "lead_ids"  # "|unit id|unit id|", for the counts by unit
BASELINE = "baseline"  # the values the row went out with
HAMLET = "hamlet"
EVENT = "event"
DAY = "day"
UNITS = "units"
EVENT_ID = "event_id"
REPORTED = "reported"  # 1 when anything is filled in, for the summary's counts


class ReadAs(StrEnum):
    """How the import reads a column's cells back."""

    KEY = "key"  # a hidden value, kept as written (never cleaned, never a formula)
    TEXT = "text"  # text, cleaned
    STATUS = "status"  # a task status from the drop-down's labels
    PERCENT = "percent"  # a whole percentage 0..100 ("50", "50%", 0.5 in a % cell)
    COUNT = "count"  # a whole number, not negative (people)
    NUMBER = "number"  # a number, not negative ("1.250" the Vietnamese way)
    DATE = "date"  # a day ("05/12/2026", a date cell, an Excel serial)


@dataclass(frozen=True)
class SheetColumn:
    """One column of a sheet.

    Attributes:
        key: what the column holds, for the code; a fillable column's key is its field's name.
        header: its title on the sheet, checked when the sheet comes back.
        width: in Excel's width units.
        read: how the import reads it back; None for a column it never reads.
        hidden: written for the program (keys, formulas' helpers), not for people.
        fillable: the unit fills it in: the cell is unlocked and its value is a field.
    """

    key: str
    header: str
    width: float
    read: ReadAs | None = None
    hidden: bool = False
    fillable: bool = False

    @property
    def printed_width(self) -> float:
        """The width the row heights are reckoned with: 0 for a hidden column."""
        return 0 if self.hidden else self.width


T = TypeVar("T")


@dataclass(frozen=True)
class SheetLayout:
    """The columns of one sheet, in order."""

    sheet: str
    columns: tuple[SheetColumn, ...]

    def __post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.sheet}: two columns share a key")

    def position(self, key: str) -> int:
        """The column's number, 1 for A."""
        for number, column in enumerate(self.columns, start=1):
            if column.key == key:
                return number
        raise KeyError(f"{self.sheet} has no column {key!r}")

    def column(self, key: str) -> SheetColumn:
        return self.columns[self.position(key) - 1]

    def letter(self, key: str) -> str:
        """The column's letter, "A" for the first."""
        return column_letter(self.position(key))

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def printed_widths(self) -> list[float]:
        return [c.printed_width for c in self.columns]

    @property
    def fillable(self) -> tuple[SheetColumn, ...]:
        return tuple(c for c in self.columns if c.fillable)

    @property
    def measures(self) -> tuple[str, ...]:
        """The campaign measures the sheet has a column for, in order."""
        return tuple(
            c.key.removeprefix(MEASURE_PREFIX)
            for c in self.columns
            if c.key.startswith(MEASURE_PREFIX)
        )

    @property
    def through_last_shown(self) -> tuple[SheetColumn, ...]:
        """The columns up to the last one people see (a group row spans these)."""
        last = max(i for i, c in enumerate(self.columns) if not c.hidden)
        return self.columns[: last + 1]

    def arrange(self, values: Mapping[str, T]) -> list[T]:
        """The values of a row, by column key, in the columns' order.

        Raises:
            KeyError: a column without a value, or a value for no column.
        """
        if len(values) == len(self.columns):  # the usual case, checked in one step
            try:
                return [values[c.key] for c in self.columns]
            except KeyError:
                pass
        missing = [c.key for c in self.columns if c.key not in values]
        strangers = [k for k in values if not any(c.key == k for c in self.columns)]
        if missing or strangers:
            raise KeyError(f"{self.sheet}: no value for {missing}, no column for {strangers}")
        return [values[c.key] for c in self.columns]


def column_letter(number: int) -> str:
    """Excel's letters for a column number: 1 -> "A", 27 -> "AA"."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


TASK_LAYOUT = SheetLayout(
    TASKS_SHEET,
    (
        SheetColumn(ROW_KEY, "Mã", 4, ReadAs.KEY, hidden=True),
        SheetColumn(NUMBER, "TT", 6),
        SheetColumn(TASK, "Nội dung nhiệm vụ", 42, ReadAs.TEXT),
        SheetColumn(LEAD, "Chủ trì", 16),
        SheetColumn(SUPPORT, "Phối hợp", 16),
        SheetColumn(DEADLINE, "Thời hạn", 12),
        SheetColumn(STATUS, "Trạng thái", 15, ReadAs.STATUS, fillable=True),
        SheetColumn(PERCENT, "Tỷ lệ (%)", 7, ReadAs.PERCENT, fillable=True),
        SheetColumn(RESULT, "Kết quả thực hiện", 28, ReadAs.TEXT, fillable=True),
        SheetColumn(DOCUMENT, "Văn bản báo cáo", 14, ReadAs.TEXT, fillable=True),
        SheetColumn(DATE, "Ngày cập nhật", 12, ReadAs.DATE, fillable=True),
        SheetColumn(NOTE, "Ghi chú", 14, ReadAs.TEXT, fillable=True),
        SheetColumn(DUE, "Hạn (ngày)", 11, hidden=True),
        SheetColumn(LEAD_IDS, "Mã chủ trì", 10, hidden=True),
        SheetColumn(BASELINE, "Dữ liệu gốc", 10, ReadAs.KEY, hidden=True),
    ),
)

# The campaign sheet has a column per measure of its plans, between these two parts.
_CAMPAIGN_BEFORE_MEASURES = (
    SheetColumn(ROW_KEY, "Mã", 4, ReadAs.KEY, hidden=True),
    SheetColumn(NUMBER, "TT", 6),
    SheetColumn(HAMLET, "Xóm", 18, ReadAs.TEXT),
    SheetColumn(EVENT, "Đợt", 12),
    SheetColumn(DAY, "Ngày", 12, ReadAs.DATE),
    SheetColumn(UNITS, "Đơn vị phụ trách", 22),
    SheetColumn(PARTICIPANTS, "Số người tham gia", 11, ReadAs.COUNT, fillable=True),
)
_CAMPAIGN_AFTER_MEASURES = (
    SheetColumn(NOTE, "Ghi chú", 24, ReadAs.TEXT, fillable=True),
    SheetColumn(DATE, "Ngày cập nhật", 12, ReadAs.DATE, fillable=True),
    SheetColumn(EVENT_ID, "Mã đợt", 10, hidden=True),
    SheetColumn(REPORTED, "Đã báo cáo", 6, hidden=True),
    SheetColumn(BASELINE, "Dữ liệu gốc", 10, ReadAs.KEY, hidden=True),
)
MEASURE_WIDTH = 13


def measure_key(name: str) -> str:
    """The field (and column key) of a campaign measure."""
    return MEASURE_PREFIX + name


def campaign_layout(measures: Sequence[str]) -> SheetLayout:
    """The campaign sheet's columns, with one per measure of its plans."""
    measure_columns = tuple(
        SheetColumn(measure_key(m), m, MEASURE_WIDTH, ReadAs.NUMBER, fillable=True)
        for m in measures
    )
    return SheetLayout(
        CAMPAIGN_SHEET, (*_CAMPAIGN_BEFORE_MEASURES, *measure_columns, *_CAMPAIGN_AFTER_MEASURES)
    )


class MissingMeasuresEndError(ValueError):
    """The column after the measures is not among the headers."""


def campaign_measures(headers: Sequence[str]) -> tuple[str, ...]:
    """The measures a campaign sheet's header row names, between their fixed neighbours.

    Raises:
        MissingMeasuresEndError: the column that closes the measures is gone.
    """
    first = len(_CAMPAIGN_BEFORE_MEASURES)
    folded = [fold(h) for h in headers]
    try:
        end = folded.index(fold(MEASURES_END_HEADER), first)
    except ValueError:
        raise MissingMeasuresEndError(MEASURES_END_HEADER) from None
    return tuple(clean(h) for h in headers[first:end])


MEASURES_END_HEADER = _CAMPAIGN_AFTER_MEASURES[0].header


def _field_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for column in (*TASK_LAYOUT.fillable, *campaign_layout(()).fillable):
        if labels.setdefault(column.key, column.header) != column.header:
            raise ValueError(f"the field {column.key!r} has two headers")
    return labels


# A field is named after its column's header (the same on both sheets).
FIELD_LABELS = _field_labels()
# What a unit fills in for a task; the date is the report's, not one of its fields.
TASK_FIELDS = tuple(c.key for c in TASK_LAYOUT.fillable if c.key != DATE)
