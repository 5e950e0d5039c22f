"""The versions edits and merges replaced: listing them and bringing one back."""

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.record_changes import FieldChange, field_changes, table_label
from desktop_app.storage.merge import MERGE_DEVICE
from desktop_app.storage.merge_items import RowLabels, directory_names
from desktop_app.storage.package import SYNC_COLUMNS, TABLES, decode_row, table_columns
from desktop_app.storage.rows import Row, RowWriter, local_time, rows_by_id

REASON_LABELS = {
    "edit": "Sửa",
    "delete": "Xóa",
    "restore": "Khôi phục",
    "merged": "Gộp hai mục trùng",
    "status": "Đổi trạng thái",
    "rule changed": "Đổi quy tắc lặp",
    "repair": "Sửa khi kiểm tra dữ liệu",
    "merge": "Nhập gói (bản mới hơn thay thế)",
    "merge-same": "Nhập gói (cùng nội dung)",
    "merge-conflict": "Xung đột khi nhập gói",
    "merge-choice": "Chọn khi nhập gói",
    "merge-same-name": "Nhập gói (trùng tên)",
    "history": "Khôi phục từ lịch sử",
}
_HIDDEN = frozenset({"id", "name_key", "search_key", "sort_key", *SYNC_COLUMNS})


@dataclass(frozen=True)
class HistoryEntry:
    """One earlier version of a row, and how it differs from the row now."""

    seq: int
    table: str
    row_id: str
    label: str
    replaced_at: dt.datetime  # local time
    reason: str
    device: str
    values: Row
    differences: tuple[FieldChange, ...]  # local = now, incoming = this version
    device_text: str = ""  # "máy này", or the other PC's name

    @property
    def what(self) -> str:
        return table_label(self.table)

    @property
    def reason_text(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


def device_text(device: str, this_device: str) -> str:
    """A device id as the clerk reads it: "máy này", or the PC's name without its code."""
    if device == this_device:
        return "máy này"
    if device == MERGE_DEVICE:
        return "khi gộp dữ liệu"
    name, _, code = device.rpartition("-")
    return f"máy {name if name and len(code) == 12 else device}"


def entries(
    conn: sqlite3.Connection,
    limit: int = 500,
    table: str = "",
    row_id: str = "",
    *,
    this_device: str = "",
) -> list[HistoryEntry]:
    """The latest replaced versions, newest first (of one table or row when given)."""
    sql = "SELECT seq, table_name, row_id, row_json, replaced_at, device_id, reason FROM history"
    where, params = [], []
    if table:
        where.append("table_name = ?")
        params.append(table)
    if row_id:
        where.append("row_id = ?")
        params.append(row_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY seq DESC LIMIT ?"
    labels = RowLabels(conn)
    names = directory_names(conn)
    columns = {t: tuple(table_columns(conn, t)) for t in TABLES}
    out = []
    for seq, tname, rid, row_json, replaced_at, device, reason in conn.execute(
        sql, [*params, limit]
    ):
        if tname not in TABLES:
            continue
        values: dict[str, Any] = json.loads(row_json)
        now = rows_by_id(conn, tname, [rid]).get(rid)
        label = _label(labels, tname, now, values) or rid
        out.append(
            HistoryEntry(
                seq=int(seq),
                table=tname,
                row_id=rid,
                label=label,
                replaced_at=local_time(str(replaced_at)) or dt.datetime.min,
                reason=str(reason),
                device=str(device),
                values=values,
                differences=field_changes(tname, now, values, columns[tname], names),
                device_text=device_text(str(device), this_device),
            )
        )
    return out


def _label(labels: RowLabels, table: str, now: Row | None, old: Row) -> str:
    """The row's name now, and what it was called in this version when that differs."""
    try:
        then = labels.label(table, {**(now or {}), **old})
        current = labels.label(table, now) if now is not None else then
    except (KeyError, TypeError):
        return ""
    return current if current == then else f"{current} (trước đây: {then})"


def restore(conn: sqlite3.Connection, writer: RowWriter, seq: int) -> tuple[str, str]:
    """Make the version ``seq`` the current one again (as a new edit; the current goes to history).

    Must run inside a transaction.

    Returns:
        (table, row id) of the row restored.

    Raises:
        NotFoundError: no such version.
        UserError: the version cannot come back as it is (a live row has taken its name).
    """
    row = conn.execute(
        "SELECT table_name, row_id, row_json FROM history WHERE seq = ?", (seq,)
    ).fetchone()
    if row is None or row[0] not in TABLES:
        raise NotFoundError("Không tìm thấy phiên bản này trong lịch sử.")
    table, row_id, row_json = row
    columns = table_columns(conn, table)
    values = decode_row({k: v for k, v in json.loads(row_json).items() if k in columns}, columns)
    if table in ("units", "hamlets") and values.get("deleted_at") is None:
        taken = conn.execute(
            f"SELECT name FROM {table} WHERE name_key = ? AND id != ? AND deleted_at IS NULL",
            (values["name_key"], row_id),
        ).fetchone()
        if taken:
            raise UserError(f"Không khôi phục được: đã có “{taken[0]}” cùng tên.")
    own = {k: v for k, v in values.items() if k not in SYNC_COLUMNS}
    writer.put(table, own, reason="history")
    if values.get("deleted_at") is not None:
        writer.tombstone(table, row_id, reason="history")
    return table, row_id
