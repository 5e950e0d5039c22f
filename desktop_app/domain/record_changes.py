"""What changed in a stored record, as the clerk reads it: field names, values, labels.

Used by the merge preview and the change history; pure (no database), so the command
line, the window and the tests read the same words.
"""

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.deadlines import DEADLINE_KIND_LABELS
from desktop_app.domain.holidays import OFFICE_DAY_KIND_LABELS
from desktop_app.domain.plans import (
    PLAN_STATUS_LABELS,
    SYSTEM_LABELS,
    TASK_STATUS_LABELS,
    AppendixKind,
    RecipientRole,
)
from desktop_app.domain.registers import NUMBERED_KIND_LABELS
from desktop_app.domain.registry import Registry
from desktop_app.domain.units import HAMLET_KIND_LABELS, UNIT_KIND_LABELS

Row = Mapping[str, Any]  # a stored record: column -> value

# Columns that are derived from others, or only say when and where a row was written.
_HIDDEN_COLUMNS = frozenset(
    {"id", "name_key", "search_key", "sort_key", "updated_at", "device_id", "deleted_at"}
)

TABLE_LABELS = {
    "settings": "Thiết lập",
    "units": "Đơn vị",
    "hamlets": "Xóm/thôn",
    "calendar_days": "Ngày nghỉ, ngày làm bù",
    "plans": "Kế hoạch",
    "sections": "Mục của kế hoạch",
    "tasks": "Nhiệm vụ",
    "task_units": "Đơn vị của nhiệm vụ",
    "occurrences": "Kỳ hạn",
    "event_rules": "Quy tắc lịch",
    "events": "Sự kiện, ngày ra quân",
    "assignments": "Phân công",
    "assignment_hamlets": "Xóm được phân công",
    "recipients": "Nơi nhận",
    "appendices": "Phụ lục",
    "progress_entries": "Báo cáo tiến độ",
    "reports": "Báo cáo kết quả",
    "issued_numbers": "Số đã cấp (quyết định, lịch tuần)",
}
COLUMN_LABELS = {
    "short_name": "Tên viết gọn",
    "abbreviation": "Viết tắt (dòng Lưu)",
    "households": "Số hộ",
    "population": "Số dân",
    "former_commune": "Thuộc xã cũ",
    "merged_into": "Đã sáp nhập vào",
    "system": "Hệ thống",
    "issuer_parent": "Cơ quan cấp trên",
    "doc_type": "Loại văn bản",
    "type_line": "Tên loại văn bản",
    "notes": "Ghi chú",
    "bases": "Căn cứ",
    "preamble": "Mở đầu",
    "closing": "Phần kết",
    "sign_authority": "Quyền hạn ký",
    "sign_position": "Chức vụ người ký",
    "sign_signer": "Người ký",
    "measures": "Chỉ tiêu ra quân",
    "deadline_kind": "Loại thời hạn",
    "deadline_date": "Ngày hạn",
    "deadline_before": "Hạn “trước ngày”",
    "deadline_year": "Năm hạn",
    "deadline_month": "Tháng hạn",
    "deadline_quarter": "Quý hạn",
    "deadline_rrule": "Quy tắc lặp",
    "deadline_start": "Lặp từ ngày",
    "run_in": "Tiêu đề liền đoạn",
    "all_hamlets": "Tất cả các xóm",
    "rule_date": "Ngày theo quy tắc",
    "rrule": "Quy tắc lặp",
    "start": "Từ ngày",
    "label_pattern": "Mẫu tên",
    "prefix": "Lời dẫn",
    "attached_line": "Dòng “Kèm theo”",
    "occurrence_date": "Kỳ hạn",
    "document": "Văn bản báo cáo",
    "reporter": "Người/đơn vị báo cáo",
    "source": "Nguồn",
    "key": "Thiết lập",
    "report_date": "Ngày báo cáo",
    "difficulties": "Khó khăn, vướng mắc",
    "proposals": "Đề xuất, kiến nghị",
    "recipients": "Nơi nhận",
    "signature": "Chữ ký",
    "day": "Ngày",
    "name": "Tên",
    "title": "Tên/trích yếu",
    "text": "Nội dung",
    "status": "Trạng thái",
    "note": "Ghi chú",
    "number": "Số",
    "symbol": "Ký hiệu",
    "plan_date": "Ngày ban hành",
    "due_date": "Hạn",
    "deadline_text": "Thời hạn (nguyên văn)",
    "event_date": "Ngày",
    "event_time": "Giờ",
    "place": "Địa điểm",
    "label": "Số mục / tên",
    "position": "Thứ tự",
    "percent": "Tỷ lệ (%)",
    "reported_on": "Ngày báo cáo",
    "value": "Giá trị",
    "kind": "Loại",
    "active": "Đang dùng",
    "unit_id": "Đơn vị",
    "hamlet_id": "Xóm",
    "role": "Vai trò",
    "issuer_name": "Cơ quan ban hành",
    "doc_date": "Ngày văn bản",
    "output": "Sản phẩm",
    "paragraphs": "Đoạn văn",
    "participants": "Số người tham gia",
    "figures": "Kết quả",
}


def shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("["):
        try:
            items = json.loads(value)
        except json.JSONDecodeError:
            return value
        if isinstance(items, list):
            return "; ".join(str(i) for i in items)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    column: str
    label: str
    local: str
    incoming: str


_BOOLEAN_COLUMNS = frozenset({"active", "run_in", "all_hamlets", "deadline_before"})
# task_units.role: the schema's CHECK allows these two.
TASK_UNIT_ROLE_LABELS = {"lead": "chủ trì", "support": "phối hợp"}
# Lower case: the history puts them inside a sentence.
RECIPIENT_ROLE_WORDS = Registry(
    RecipientRole,
    {RecipientRole.TO: "gửi", RecipientRole.ARCHIVE: "lưu", RecipientRole.CC: "đồng kính gửi"},
    "recipient role labels",
)
APPENDIX_KIND_LABELS = Registry(
    AppendixKind,
    {
        AppendixKind.ASSIGNMENT: "bảng phân công",
        AppendixKind.TASKS: "bảng nhiệm vụ",
        AppendixKind.TEXT: "văn bản",
    },
    "appendix kind labels",
)
# The stored codes shown as words, by table and column.
VALUE_LABELS: dict[tuple[str, str], Mapping[Any, str]] = {
    ("plans", "status"): PLAN_STATUS_LABELS,
    ("tasks", "status"): TASK_STATUS_LABELS,
    ("occurrences", "status"): TASK_STATUS_LABELS,
    ("progress_entries", "status"): TASK_STATUS_LABELS,
    ("plans", "system"): SYSTEM_LABELS,
    ("task_units", "role"): TASK_UNIT_ROLE_LABELS,
    ("recipients", "role"): RECIPIENT_ROLE_WORDS,
    ("tasks", "deadline_kind"): DEADLINE_KIND_LABELS,
    ("units", "kind"): UNIT_KIND_LABELS,
    ("hamlets", "kind"): HAMLET_KIND_LABELS,
    ("calendar_days", "kind"): OFFICE_DAY_KIND_LABELS,
    ("appendices", "kind"): APPENDIX_KIND_LABELS,
    ("issued_numbers", "kind"): NUMBERED_KIND_LABELS,
}
CODED_COLUMNS = frozenset(column for _, column in VALUE_LABELS)
# Columns that only tie rows together; a name stands for them where one exists.
_NAMED_REFERENCES = frozenset({"unit_id", "hamlet_id", "merged_into"})


def _label(labels: Mapping[str, str], name: str, what: str) -> str:
    try:
        return labels[name]
    except KeyError:
        raise KeyError(f"no label for the {what} {name!r}") from None


def table_label(table: str) -> str:
    """A stored table's name as the clerk reads it.

    Raises:
        KeyError: a table without a label.
    """
    return _label(TABLE_LABELS, table, "table")


def column_label(column: str) -> str:
    """A stored column's name as the clerk reads it.

    Raises:
        KeyError: a column without a label.
    """
    return _label(COLUMN_LABELS, column, "column")


def _code_label(table: str, column: str, value: object) -> str:
    """The word for a stored code.

    Raises:
        KeyError: a column with codes but no words for this table's, or an unknown code.
    """
    try:
        labels = VALUE_LABELS[table, column]
    except KeyError:
        raise KeyError(f"no labels for the codes of {table}.{column}") from None
    try:
        return labels[str(value)]
    except KeyError:
        raise KeyError(f"{table}.{column}: no label for the code {value!r}") from None


def shown_value(table: str, column: str, value: object, names: Mapping[str, str]) -> str:
    """A stored value as the clerk reads it: a name for an id, a label for a code."""
    if value is None:
        return ""
    if column in _NAMED_REFERENCES:
        return names.get(str(value), "(không rõ)")
    if column in _BOOLEAN_COLUMNS:
        return "có" if value else "không"
    if column in CODED_COLUMNS:
        return _code_label(table, column, value)
    return shown(value)


def field_changes(
    table: str,
    before: Row | None,
    after: Row,
    columns: Iterable[str],
    names: Mapping[str, str],
) -> tuple[FieldChange, ...]:
    """What differs between two versions of a row, field by field, as the clerk reads it.

    With ``before`` None (a new row), the fields that hold something.
    """
    out = []
    mine = before or {}
    for column in columns:
        hidden = column in _HIDDEN_COLUMNS or (
            column.endswith("_id") and column not in _NAMED_REFERENCES
        )
        if hidden or column not in after:
            continue
        old, new = mine.get(column), after.get(column)
        if before is not None and old == new:
            continue
        if before is None and new in (None, "", "[]", "{}"):
            continue
        out.append(
            FieldChange(
                column,
                column_label(column),
                shown_value(table, column, old, names),
                shown_value(table, column, new, names),
            )
        )
    deleted_before = before is not None and before.get("deleted_at") is not None
    deleted_after = after.get("deleted_at") is not None
    if before is not None and deleted_before != deleted_after:
        out.append(
            FieldChange(
                "deleted_at",
                "Đã xóa",
                "có" if deleted_before else "không",
                "có" if deleted_after else "không",
            )
        )
    return tuple(out)


def short_text(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---- the two entry points ----------------------------------------------------------------
