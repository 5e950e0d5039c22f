"""The office's own days off and make-up working days, and the status of each due occurrence."""

import contextlib
import datetime as dt
import sqlite3

from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.holidays import OfficeDay, OfficeDayKind
from desktop_app.domain.plans import TaskStatus
from desktop_app.storage.errors import readable
from desktop_app.storage.rows import RowWriter


class CalendarRepository:
    """``calendar_days`` rows, and the ``status`` of ``occurrences`` and one-off tasks."""

    def __init__(self, conn: sqlite3.Connection, writer: RowWriter) -> None:
        self._conn = conn
        self._writer = writer

    @readable("ngày nghỉ")
    def office_days(
        self, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[OfficeDay]:
        """The office's own days between two days; a row that breaks the rules is left out.

        Such a row says nothing certain (a 32 December, a kind not known), so the calendar
        is reckoned without it rather than not at all; :meth:`unreadable_days` counts them.
        """
        lo = (start or dt.date.min).isoformat()
        hi = (end or dt.date.max).isoformat()
        days = []
        for r in self._conn.execute(
            "SELECT id, day, kind, name FROM calendar_days"
            " WHERE deleted_at IS NULL AND day BETWEEN ? AND ? ORDER BY day",
            (lo, hi),
        ):
            with contextlib.suppress(ValueError, TypeError, UserError):
                days.append(OfficeDay(r[0], dt.date.fromisoformat(r[1]), OfficeDayKind(r[2]), r[3]))
        return days

    def unreadable_days(self) -> int:
        """How many live rows :meth:`office_days` leaves out (check-db repairs them)."""
        count = 0
        for r in self._conn.execute(
            "SELECT day, kind, name FROM calendar_days WHERE deleted_at IS NULL"
        ):
            try:
                OfficeDay("", dt.date.fromisoformat(r[0]), OfficeDayKind(r[1]), r[2])
            except (ValueError, TypeError, UserError):
                count += 1
        return count

    def save_office_day(self, office_day: OfficeDay) -> None:
        """Add or change one day; a second entry for a day that already has one is refused."""
        clash = self._conn.execute(
            "SELECT name, kind FROM calendar_days WHERE day = ? AND id != ? AND deleted_at IS NULL",
            (office_day.day.isoformat(), office_day.id),
        ).fetchone()
        if clash:
            raise UserError(
                f"Ngày {office_day.day:%d/%m/%Y} đã có trong danh sách "
                f"(“{clash[0] or 'Ngày làm bù'}”); hãy sửa dòng đó."
            )
        self._writer.put(
            "calendar_days",
            {
                "id": office_day.id,
                "day": office_day.day.isoformat(),
                "kind": office_day.kind.value,
                "name": office_day.name,
            },
        )

    def delete_office_day(self, office_day_id: str) -> None:
        if not self._writer.tombstone("calendar_days", office_day_id):
            raise NotFoundError("Không tìm thấy ngày nghỉ cần xoá.")

    def set_occurrence_status(self, occurrence_id: str, status: TaskStatus) -> None:
        """One due instance of a recurring deadline marked as not started, in progress or done."""
        self._set_status("occurrences", occurrence_id, status)

    def set_task_status(self, task_id: str, status: TaskStatus) -> None:
        self._set_status("tasks", task_id, status)

    def _set_status(self, table: str, row_id: str, status: TaskStatus) -> None:
        found = self._conn.execute(
            f"SELECT 1 FROM {table} WHERE id = ? AND deleted_at IS NULL", (row_id,)
        ).fetchone()
        if found is None:
            raise NotFoundError("Không tìm thấy việc cần cập nhật; có thể nó vừa bị xoá.")
        self._writer.put(table, {"id": row_id, "status": status.value}, reason="status")
