"""The rules every stored record must meet, one set per kind of record.

One validation for every door data comes in by: the editor and the imports (every write of
the row writer), the package reader, and ``check-db``. A value that passes here can be read
back by every view, export and sheet; a value that does not is refused where it arrives,
with the kind of record, its id and the field named in Vietnamese.

The rules look at one row at a time (:func:`row_problems`), so a reader that streams a
package can call them row by row. What needs other rows (a task filed under a section of
another plan) is declared in :data:`SAME_PLAN_LINKS` and :data:`NOT_SELF_LINKS`, and checked
by storage with a query.
"""

import datetime as dt
import json
import re
import weakref
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dateutil.rrule import rrulestr

from desktop_app.domain.deadlines import FIRST_YEAR, LAST_YEAR, Deadline, DeadlineKind
from desktop_app.domain.errors import UserError
from desktop_app.domain.holidays import OfficeDayKind
from desktop_app.domain.plans import (
    AppendixKind,
    PlanStatus,
    RecipientRole,
    System,
    TaskStatus,
)
from desktop_app.domain.record_changes import COLUMN_LABELS, TABLE_LABELS
from desktop_app.domain.registers import NumberedKind
from desktop_app.domain.units import HamletKind, UnitKind

MIN_YEAR = FIRST_YEAR
MAX_YEAR = LAST_YEAR
# Room for the longest real values seen (a plan's preamble runs to a few pages) and far
# below what would make a view or an export choke.
SHORT_TEXT = 2_000
LONG_TEXT = 200_000
JSON_TEXT = 2_000_000
MAX_ID_LENGTH = 64
MAX_POSITION = 10_000_000
MAX_COUNT = 100_000_000
# What a view, list or sheet shows before a stored record it cannot read as it is: the rest
# still shows, and the clerk knows what to run.
FLAG_MARK = "[Dữ liệu sai: hãy chạy Kiểm tra dữ liệu]"
# Every mark a file or a view shows for a bad value starts so: a writer finds them by it
# (a Word export highlights them, a sheet fills their row).
FLAG_PREFIX = "[Dữ liệu sai"
# How much of a stored value that breaks the rules a flag quotes: enough to recognise it.
FLAG_QUOTE = 60
# How many problems a refusal lists: enough to see the pattern, short enough to read.
SHOWN_PROBLEMS = 10

# Tab, line feed and carriage return are text; the other C0 controls and DEL are not
# (a NUL cuts a Word document short, a vertical tab breaks the XML of an .xlsx).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# \Z, not $: "$" also matches before a last line feed.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\Z")

# The columns the change lists hide (links, keys, stamps), named for a refusal.
_HIDDEN_LABELS = {
    "id": "Mã",
    "plan_id": "Kế hoạch",
    "section_id": "Mục",
    "parent_id": "Mục cấp trên",
    "task_id": "Nhiệm vụ",
    "event_id": "Sự kiện",
    "rule_id": "Quy tắc lịch",
    "assignment_id": "Phân công",
    "name_key": "Khóa tên",
    "search_key": "Khóa tìm kiếm",
    "sort_key": "Khóa sắp xếp",
    "updated_at": "Thời điểm sửa",
    "device_id": "Máy sửa",
    "deleted_at": "Thời điểm xóa",
}

Row = Mapping[str, Any]
Check = Callable[[Any], str | None]  # a message when the value is wrong, else None


@dataclass(frozen=True)
class FieldProblem:
    """One value that breaks a rule: which record, which field, and what is wrong."""

    table: str
    row_id: str
    column: str
    message: str

    def text(self) -> str:
        where = f"{TABLE_LABELS.get(self.table, self.table)} (mã {self.row_id[:12] or '?'})"
        label = COLUMN_LABELS.get(self.column) or _HIDDEN_LABELS.get(self.column, self.column)
        field = f", trường “{label}”" if self.column else ""
        return f"{where}{field}: {self.message}"

    def field_text(self) -> str:
        """What is wrong, by field only: the words printed where the record is printed."""
        label = COLUMN_LABELS.get(self.column) or _HIDDEN_LABELS.get(self.column, self.column)
        return f"{label}: {self.message}" if label else self.message


class InvalidRecordError(UserError):
    """Records that break the rules; nothing was written."""

    def __init__(self, problems: Sequence[FieldProblem], intro: str = "") -> None:
        self.problems = tuple(problems)
        super().__init__(problems_text(problems, intro))


def problems_text(problems: Sequence[FieldProblem], intro: str = "") -> str:
    """The first problems, one a line, and how many more there are."""
    head = intro or "Dữ liệu không hợp lệ, chưa lưu gì:"
    lines = [head, *(f"- {p.text()}" for p in problems[:SHOWN_PROBLEMS])]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"- … và {len(problems) - SHOWN_PROBLEMS} lỗi khác.")
    return "\n".join(lines)


def readable_text(value: Any, limit: int = LONG_TEXT) -> str:
    """A stored text as it can still be printed: control characters dropped, capped."""
    return _CONTROL.sub("", str(value))[:limit]


def flag_text(messages: Iterable[str]) -> str:
    """The mark printed in a file where a stored value breaks the rules: what is wrong."""
    said = "; ".join(dict.fromkeys(readable_text(m, SHORT_TEXT) for m in messages))
    return f"{FLAG_PREFIX}: {said}]" if said else FLAG_MARK


# What is printed for a link to a unit whose row is gone (an older version's or a hand
# edit's), where the unit's name would be: the plan's files and the calendar's "who".
GONE_UNIT_PROBLEM = "trỏ tới đơn vị không có"
GONE_LEAD = flag_text([FieldProblem("task_units", "", "unit_id", GONE_UNIT_PROBLEM).field_text()])


def flagged_notice(count: int) -> str:
    """What the clerk is told after writing a file that carries ``count`` flagged values."""
    return (
        f"Tệp đã ghi có {count} chỗ mang dữ liệu sai, được đánh dấu “{FLAG_PREFIX}: …]”. "
        "Hãy chạy Kiểm tra dữ liệu (lệnh check-db --repair), sửa các chỗ đó rồi xuất lại "
        "trước khi in hoặc trình ký."
    )


# ---- checks of one value -------------------------------------------------------------------

# For some checks, a test of many values at once: True only when the check passes every one
# (False says nothing of which). A package's million values cost a call each otherwise.
# Weak: some rules make a check for each value they look at, and let it go after.
_ALL_PASS: "weakref.WeakKeyDictionary[Check, Callable[[Collection[Any]], bool]]" = (
    weakref.WeakKeyDictionary()
)


def all_pass(check: Check) -> Callable[[Collection[Any]], bool] | None:
    """The test of many values at once for ``check``, if it has one (see _ALL_PASS)."""
    return _ALL_PASS.get(check)


def _texts_within(values: Collection[Any], shortest: int, longest: int) -> bool:
    """Every value a text (``str`` itself) of that many characters, none a control one."""
    return (
        set(map(type, values)) <= _STR_ONLY
        and min(map(len, values), default=shortest) >= shortest
        and max(map(len, values), default=0) <= longest
        and not _CONTROL.search("".join(values))
    )


_STR_ONLY = frozenset({str})


def _text(limit: int, *, required: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "phải là chữ"
        if len(value) > limit:
            return f"dài {len(value)} ký tự, quá giới hạn {limit}"
        if _CONTROL.search(value):
            return "có ký tự điều khiển không in được"
        if required and not value.strip():
            return "không được để trống"
        return None

    def every(values: Collection[Any]) -> bool:
        return _texts_within(values, 0, limit) and (not required or all(map(str.strip, values)))

    _ALL_PASS[check] = every
    return check


def _ref(value: Any) -> str | None:
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID_LENGTH:
        return "mã liên kết không hợp lệ"
    if _CONTROL.search(value):
        return "mã liên kết có ký tự điều khiển"
    return None


_ALL_PASS[_ref] = lambda values: _texts_within(values, 1, MAX_ID_LENGTH)


def _int(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return "phải là số nguyên"
        if not low <= value <= high:
            return f"giá trị {value} nằm ngoài khoảng {low}–{high}"
        return None

    return check


_FLAG = _int(0, 1)
_POSITION = _int(0, MAX_POSITION)


def _enum(values: Iterable[str]) -> Check:
    known = frozenset(values)

    def check(value: Any) -> str | None:
        # A list or a dict is no known value either (and cannot be looked up in a set).
        if isinstance(value, list | dict | set) or value not in known:
            return f"giá trị “{str(value)[:40]}” không thuộc các giá trị chương trình biết"
        return None

    return check


def year_problem(year: int) -> str | None:
    """Why a year cannot be a plan's year (None: it can)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}"
    return None


def check_year(year: int) -> None:
    """Refuse a year typed or read outside 1900–2100.

    Raises:
        UserError: the year is outside the range, said in Vietnamese.
    """
    problem = year_problem(year)
    if problem is not None:
        raise UserError(f"Không nhận được ngày tháng: {problem}.")


def _date(value: Any) -> str | None:
    if not isinstance(value, str) or not _DATE.match(value):
        return f"“{str(value)[:30]}” không phải ngày dạng NNNN-TT-NN"
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return f"“{value}” không phải ngày có thật"
    return year_problem(day.year)


def stamp_problem(value: Any) -> str | None:
    """Why ``value`` is not a stamp of this program (None: it is one)."""
    if not isinstance(value, str) or not _STAMP.match(value):
        return "thời điểm ghi không đúng dạng"
    try:
        dt.datetime.fromisoformat(value[:-1])  # the shape is known: C-fast, unlike strptime
    except ValueError:
        return "thời điểm ghi không có thật"
    return None


def all_stamps(values: Sequence[Any]) -> bool:
    """Whether every value is a stamp of this program (:func:`stamp_problem` says why not).

    A package's reader asks it of each batch of rows: a million rows, a call per row, cost
    seconds.
    """
    if not set(map(type, values)) <= _STR_ONLY or not all(map(_STAMP.match, values)):
        return False
    try:
        list(map(dt.datetime.fromisoformat, [v[:-1] for v in values]))
    except ValueError:
        return False
    return True


def _blob(value: Any) -> str | None:
    if isinstance(value, bytes):
        return None if len(value) <= LONG_TEXT else "quá dài"
    if isinstance(value, str):
        try:
            bytes.fromhex(value)
        except ValueError:
            return "không phải dữ liệu nhị phân"
        return None if len(value) <= 2 * LONG_TEXT else "quá dài"
    return "không phải dữ liệu nhị phân"


def _rrule(value: Any) -> str | None:
    if not isinstance(value, str) or not value or len(value) > SHORT_TEXT:
        return "quy tắc lặp lại trống hoặc quá dài"
    try:
        rrulestr("RRULE:" + value, dtstart=dt.datetime(2000, 1, 1))
    except (ValueError, TypeError, OverflowError):
        return f"quy tắc lặp lại “{value[:40]}” không hợp lệ"
    return None


def _json(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str) or len(value) > JSON_TEXT:
        return None, "không phải dữ liệu JSON hoặc quá dài"
    try:
        return json.loads(value), None
    except (json.JSONDecodeError, RecursionError):
        return None, "dữ liệu JSON bị hỏng"


def _text_list(value: Any) -> str | None:
    data, problem = _json(value)
    if problem:
        return problem
    if not isinstance(data, list):
        return "phải là một danh sách đoạn văn"
    text = _text(LONG_TEXT)
    for item in data:
        if (wrong := text(item)) is not None:
            return f"một đoạn trong danh sách {wrong}"
    return None


def _figures(value: Any) -> str | None:
    data, problem = _json(value)
    if problem:
        return problem
    if not isinstance(data, dict):
        return "phải là bảng chỉ tiêu (tên → số)"
    for key, number in data.items():
        if _CONTROL.search(key) or len(key) > SHORT_TEXT:
            return "tên chỉ tiêu không hợp lệ"
        if not isinstance(number, int | float) or isinstance(number, bool):
            return f"chỉ tiêu “{key[:30]}” không phải số"
        if not -1e12 <= number <= 1e12:  # also refuses NaN and infinity
            return f"chỉ tiêu “{key[:30]}” ngoài khoảng cho phép"
    return None


def _report_recipients(value: Any) -> str | None:
    data, problem = _json(value)
    if problem:
        return problem
    if not isinstance(data, list):
        return "phải là danh sách nơi nhận"
    roles = {r.value for r in RecipientRole}
    text = _text(SHORT_TEXT)
    for item in data:
        if not isinstance(item, dict) or _ref(item.get("id")) is not None:
            return "một nơi nhận thiếu mã"
        if text(item.get("text")) is not None or text(item.get("note", "")) is not None:
            return "một nơi nhận có tên không hợp lệ"
        if item.get("role") not in roles:
            return "một nơi nhận có vai trò lạ"
    return None


def _signature(value: Any) -> str | None:
    data, problem = _json(value)
    if problem:
        return problem
    if not isinstance(data, dict):
        return "phải là chữ ký (quyền hạn, chức vụ, người ký)"
    text = _text(SHORT_TEXT)
    for key in ("authority", "position", "signer"):
        if key in data and text(data[key]) is not None:
            return "chữ ký có giá trị không hợp lệ"
    return None


# ---- the rules of each kind of record -----------------------------------------------------

_SHORT = _text(SHORT_TEXT)
_LONG = _text(LONG_TEXT)
_NAME = _text(SHORT_TEXT, required=True)
_SYNC: dict[str, tuple[Check, bool]] = {
    "id": (_ref, True),
    "updated_at": (stamp_problem, True),
    "device_id": (_text(MAX_ID_LENGTH * 2), True),
    "deleted_at": (stamp_problem, False),
}


def _rules(**columns: Check | tuple[Check, bool]) -> dict[str, tuple[Check, bool]]:
    """Column -> (check, may the value be missing/None). Plain checks are for NOT NULL."""
    out = dict(_SYNC)
    for name, rule in columns.items():
        out[name] = rule if isinstance(rule, tuple) else (rule, True)
    return out


def _optional(check: Check) -> tuple[Check, bool]:
    return (check, False)


RULES: dict[str, dict[str, tuple[Check, bool]]] = {
    "settings": _rules(key=_text(200, required=True), value=_LONG),
    "units": _rules(
        name=_NAME,
        name_key=_SHORT,
        search_key=_SHORT,
        sort_key=_blob,
        kind=_enum(k.value for k in UnitKind),
        short_name=_SHORT,
        abbreviation=_SHORT,
        position=_POSITION,
        active=_FLAG,
        note=_LONG,
    ),
    "hamlets": _rules(
        name=_NAME,
        name_key=_SHORT,
        search_key=_SHORT,
        sort_key=_blob,
        kind=_enum(k.value for k in HamletKind),
        households=_optional(_int(0, MAX_COUNT)),
        population=_optional(_int(0, MAX_COUNT)),
        former_commune=_SHORT,
        merged_into=_optional(_ref),
        active=_FLAG,
        note=_LONG,
    ),
    "calendar_days": _rules(day=_date, kind=_enum(k.value for k in OfficeDayKind), name=_SHORT),
    "plans": _rules(
        system=_enum(s.value for s in System),
        issuer_name=_SHORT,
        issuer_parent=_SHORT,
        number=_optional(_int(1, 1_000_000)),
        symbol=_SHORT,
        place=_SHORT,
        plan_date=_optional(_date),
        doc_type=_text(100),
        type_line=_SHORT,
        title=_LONG,
        status=_enum(s.value for s in PlanStatus),
        notes=_LONG,
        bases=_text_list,
        preamble=_text_list,
        closing=_text_list,
        sign_authority=_SHORT,
        sign_position=_SHORT,
        sign_signer=_SHORT,
        measures=_text_list,
    ),
    "sections": _rules(
        plan_id=_ref,
        parent_id=_optional(_ref),
        position=_POSITION,
        label=_SHORT,
        title=_LONG,
        run_in=_FLAG,
        paragraphs=_text_list,
    ),
    "tasks": _rules(
        plan_id=_ref,
        section_id=_optional(_ref),
        position=_POSITION,
        text=_LONG,
        output=_LONG,
        status=_enum(s.value for s in TaskStatus),
        note=_LONG,
        deadline_kind=_enum(k.value for k in DeadlineKind),
        deadline_text=_LONG,
        deadline_date=_optional(_date),
        deadline_before=_FLAG,
        deadline_year=_optional(_int(MIN_YEAR, MAX_YEAR)),
        deadline_month=_optional(_int(1, 12)),
        deadline_quarter=_optional(_int(1, 4)),
        deadline_rrule=_optional(_rrule),
        deadline_start=_optional(_date),
        due_date=_optional(_date),
    ),
    "task_units": _rules(
        task_id=_ref, unit_id=_ref, role=_enum(("lead", "support")), position=_POSITION
    ),
    "occurrences": _rules(
        task_id=_ref, due_date=_date, status=_enum(s.value for s in TaskStatus), note=_LONG
    ),
    "event_rules": _rules(
        plan_id=_ref, text=_LONG, rrule=_rrule, start=_date, label_pattern=_SHORT
    ),
    "events": _rules(
        plan_id=_ref,
        rule_id=_optional(_ref),
        position=_POSITION,
        label=_LONG,
        event_date=_date,
        event_time=_optional(_text(40)),  # as the clerk writes it: "07:30", "14h"
        place=_SHORT,
        all_hamlets=_FLAG,
        note=_LONG,
        rule_date=_optional(_date),
    ),
    "assignments": _rules(
        plan_id=_ref, unit_id=_ref, position=_POSITION, prefix=_SHORT, note=_LONG
    ),
    "assignment_hamlets": _rules(assignment_id=_ref, hamlet_id=_ref, position=_POSITION),
    "recipients": _rules(
        plan_id=_ref,
        unit_id=_optional(_ref),
        position=_POSITION,
        text=_LONG,
        note=_LONG,
        role=_enum(r.value for r in RecipientRole),
    ),
    "appendices": _rules(
        plan_id=_ref,
        position=_POSITION,
        kind=_enum(k.value for k in AppendixKind),
        title=_LONG,
        attached_line=_SHORT,
        paragraphs=_text_list,
    ),
    "progress_entries": _rules(
        plan_id=_ref,
        task_id=_optional(_ref),
        occurrence_date=_optional(_date),
        event_id=_optional(_ref),
        unit_id=_optional(_ref),
        hamlet_id=_optional(_ref),
        reported_on=_date,
        status=_optional(_enum(s.value for s in TaskStatus)),
        percent=_optional(_int(0, 100)),
        text=_LONG,
        figures=_figures,
        source=_SHORT,
        note=_LONG,
        document=_SHORT,
        reporter=_SHORT,
        participants=_optional(_int(0, MAX_COUNT)),
    ),
    "reports": _rules(
        plan_id=_ref,
        report_date=_date,
        number=_optional(_int(1, 1_000_000)),
        difficulties=_LONG,
        proposals=_LONG,
        recipients=_report_recipients,
        signature=_signature,
    ),
    "issued_numbers": _rules(
        kind=_enum(k.value for k in NumberedKind),
        issuer_name=_SHORT,
        doc_type=_text(100),
        number=_int(1, 1_000_000),
        doc_date=_date,
    ),
}

# Links whose target must belong to the same plan as the row: (table, column, target table).
SAME_PLAN_LINKS: tuple[tuple[str, str, str], ...] = (
    ("tasks", "section_id", "sections"),
    ("sections", "parent_id", "sections"),
    ("events", "rule_id", "event_rules"),
    ("progress_entries", "task_id", "tasks"),
    ("progress_entries", "event_id", "events"),
)
# Links a row may not make to itself.
NOT_SELF_LINKS: tuple[tuple[str, str], ...] = (
    ("sections", "parent_id"),
    ("hamlets", "merged_into"),
)


def _deadline_problem(row: Row) -> str | None:
    """A task's deadline fields must fit its kind (a month needs a year and a month ...)."""
    try:
        kind = DeadlineKind(row["deadline_kind"])
    except (KeyError, ValueError):
        return None  # the enum rule already says so, or the row does not carry the field
    if kind is DeadlineKind.DATE and row.get("deadline_date") is None:
        return "thời hạn theo ngày nhưng không có ngày"
    if kind is DeadlineKind.RECURRING and not row.get("deadline_rrule"):
        return "thời hạn định kỳ nhưng không có quy tắc lặp lại"
    try:
        Deadline(
            kind=kind,
            on=dt.date(2000, 1, 1) if row.get("deadline_date") else None,
            year=row.get("deadline_year"),
            month=row.get("deadline_month"),
            quarter=row.get("deadline_quarter"),
            rrule=row.get("deadline_rrule"),
            # A text that is no text is its own rule's to name: here it is no words.
            text=text if isinstance(text := row.get("deadline_text"), str) else "",
        )
    except (UserError, TypeError) as exc:
        return str(exc).rstrip(".")
    return None


def row_problems(
    table: str, row: Row, *, columns: Iterable[str] | None = None
) -> list[FieldProblem]:
    """What is wrong with one record of ``table`` (empty: nothing).

    Args:
        table: the kind of record.
        row: column -> value, as stored (BLOBs as bytes or hex text).
        columns: only these columns (an edit that changed them); default every one the row
            carries. A column the row does not carry is not checked: a missing NOT NULL value
            is the schema's to refuse.
    """
    rules = RULES.get(table)
    if rules is None:
        return [FieldProblem(table, str(row.get("id", "")), "", "loại bản ghi không có")]
    row_id = str(row.get("id", ""))[:MAX_ID_LENGTH]
    out = []
    names = row.keys() if columns is None else columns
    for name in names:
        if name not in row or name not in rules:
            continue
        check, required = rules[name]
        value = row[name]
        if value is None:
            if required:
                out.append(FieldProblem(table, row_id, name, "không được để trống"))
            continue
        message = check(value)
        if message is not None:
            out.append(FieldProblem(table, row_id, name, message))
    if table == "tasks" and (columns is None or any(c.startswith("deadline") for c in names)):
        message = _deadline_problem(row)
        if message is not None:
            out.append(FieldProblem(table, row_id, "deadline_kind", message))
    for link_table, column in NOT_SELF_LINKS:
        if link_table == table and row.get(column) is not None and row.get(column) == row_id:
            out.append(FieldProblem(table, row_id, column, "trỏ tới chính nó"))
    return out


def require_valid(table: str, row: Row, *, columns: Iterable[str] | None = None) -> None:
    """Refuse a record that breaks the rules.

    Raises:
        InvalidRecordError: listing what is wrong.
    """
    problems = row_problems(table, row, columns=columns)
    if problems:
        raise InvalidRecordError(problems)
