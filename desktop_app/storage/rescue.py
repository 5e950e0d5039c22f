"""Rescuing what can still be read from a damaged workspace file into a new one.

When no good backup is left, the clerk's data is read table by table, row by row, from
the damaged file (opened read-only, never changed) into a fresh workspace with the same
identity, so packages from the other PCs still fit it. Rows on damaged pages are lost and
counted; rows an older version wrote with impossible values are kept out by the file's
own checks and counted apart. The report says, table by table, what came across.
"""

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.domain.record_changes import TABLE_LABELS
from desktop_app.storage.errors import StorageError
from desktop_app.storage.package import TABLES
from desktop_app.storage.store import Store

# How far past a damaged stretch the rescue looks for rows that can still be read.
_PROBE_LIMIT = 200_000


@dataclass
class TableRescue:
    table: str
    copied: int = 0
    lost: int = 0  # on damaged pages, or unreadable
    refused: int = 0  # read, but breaking the file's checks


@dataclass
class RescueReport:
    out: Path
    tables: list[TableRescue] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return sum(t.lost + t.refused for t in self.tables)

    def summary_text(self) -> str:
        copied = sum(t.copied for t in self.tables)
        lines = [f"Đã cứu {copied} bản ghi sang tệp mới {self.out}."]
        for t in self.tables:
            if t.lost or t.refused:
                label = TABLE_LABELS.get(t.table, t.table)
                lines.append(
                    f"- {label}: cứu được {t.copied}, mất {t.lost}"
                    + (f", bỏ ra {t.refused} bản ghi sai" if t.refused else "")
                )
        if self.lost == 0:
            lines.append("Không mất bản ghi nào.")
        lines.append("Tệp hỏng được giữ nguyên. Hãy mở tệp mới và kiểm tra lại dữ liệu.")
        return "\n".join(lines)


def _rows(source: sqlite3.Connection, table: str, rescue: TableRescue) -> list[sqlite3.Row]:
    """Every row that can be read: a plain scan, then row by row past where it broke."""
    out: list[sqlite3.Row] = []
    last = 0
    try:
        for row in source.execute(f"SELECT rowid AS _rowid_, * FROM {table} ORDER BY rowid"):
            out.append(row)
            last = int(row["_rowid_"])
        return out
    except sqlite3.DatabaseError:
        pass
    misses = 0
    rowid = last + 1
    while misses < _PROBE_LIMIT:
        try:
            row = source.execute(
                f"SELECT rowid AS _rowid_, * FROM {table} WHERE rowid = ?", (rowid,)
            ).fetchone()
        except sqlite3.DatabaseError:
            rescue.lost += 1
            row = None
        if row is None:
            misses += 1
        else:
            misses = 0
            out.append(row)
        rowid += 1
    return out


def rescue(damaged: Path, out: Path, device_id: str) -> RescueReport:
    """Copy what can be read from ``damaged`` into the new workspace ``out``.

    Raises:
        StorageError: ``out`` exists already, or ``damaged`` cannot be opened at all.
    """
    if out.exists():
        raise StorageError(f"Tệp {out} đã có: hãy chọn tên tệp mới cho dữ liệu được cứu.")
    try:
        source = sqlite3.connect(f"file:{damaged.as_posix()}?mode=ro", uri=True)
        source.row_factory = sqlite3.Row
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"Không mở được tệp {damaged.name} để cứu dữ liệu: {exc}") from exc
    report = RescueReport(out)
    target = Store(out, device_id)
    conn = target.conn
    # Rows whose parents were on damaged pages come across too: check-db then recreates
    # the parents (or clears the links), as for any file.
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with target.transaction():
            _copy_identity(source, conn)
            for table in (*TABLES, "history"):
                report.tables.append(_copy_table(source, conn, table))
        with target.transaction():
            target.reindex_all()
    finally:
        target.close()
        source.close()
    return report


def _copy_identity(source: sqlite3.Connection, conn: sqlite3.Connection) -> None:
    try:
        rows = source.execute("SELECT key, value FROM meta").fetchall()
    except sqlite3.DatabaseError:
        return  # a new identity; the clerk re-joins the other PCs with a whole package
    for row in rows:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (row["key"], row["value"]),
        )


def _copy_table(source: sqlite3.Connection, conn: sqlite3.Connection, table: str) -> TableRescue:
    rescue = TableRescue(table)
    columns = {str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")}
    try:
        rows = _rows(source, table, rescue)
    except sqlite3.DatabaseError:  # the table itself is gone from the damaged schema
        return rescue
    for row in rows:
        values = {k: row[k] for k in row.keys() if k in columns}  # noqa: SIM118 - sqlite3.Row
        if table == "history":
            values.pop("seq", None)
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        conn.execute("SAVEPOINT one_row")
        try:
            written = conn.execute(
                f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({marks})", list(values.values())
            ).rowcount
        except sqlite3.IntegrityError:  # the file's own checks refuse an impossible value
            conn.execute("ROLLBACK TO one_row")
            written = 0
        if written:
            rescue.copied += 1
        else:
            rescue.refused += 1
        conn.execute("RELEASE one_row")
    return rescue
