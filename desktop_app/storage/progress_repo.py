"""Progress entries: what units and hamlets reported, dated and only ever added."""

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from desktop_app.domain.ids import EventId, HamletId, PlanId, ProgressId, TaskId, UnitId
from desktop_app.domain.plans import TaskStatus
from desktop_app.domain.progress import ProgressEntry
from desktop_app.domain.record_rules import FLAG_MARK
from desktop_app.storage.errors import readable
from desktop_app.storage.rows import Row, RowWriter


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


class ProgressRepository:
    """The ``progress_entries`` table; entries are appended, never edited in place."""

    _COLUMNS = (
        "id, plan_id, task_id, occurrence_date, event_id, unit_id, hamlet_id, reported_on,"
        " status, percent, text, figures, source, note, document, reporter, participants,"
        " updated_at"
    )

    def __init__(self, conn: sqlite3.Connection, writer: RowWriter) -> None:
        self._conn = conn
        self._writer = writer

    @staticmethod
    def _row(entry: ProgressEntry) -> Row:
        return {
            "id": entry.id,
            "plan_id": entry.plan_id,
            "task_id": entry.task_id,
            "occurrence_date": _iso(entry.occurrence),
            "event_id": entry.event_id,
            "unit_id": entry.unit_id,
            "hamlet_id": entry.hamlet_id,
            "reported_on": entry.reported_on.isoformat(),
            "status": None if entry.status is None else entry.status.value,
            "percent": entry.percent,
            "text": entry.text,
            "figures": json.dumps(entry.figures, ensure_ascii=False),
            "source": entry.source,
            "note": entry.note,
            "document": entry.document,
            "reporter": entry.reporter,
            "participants": entry.participants,
        }

    @staticmethod
    def _entry(row: tuple[Any, ...]) -> ProgressEntry:
        if row[9] is not None and not 0 <= row[9] <= 100:
            raise ValueError("phần trăm ngoài 0–100")
        return ProgressEntry(
            id=ProgressId(row[0]),
            plan_id=PlanId(row[1]),
            task_id=None if row[2] is None else TaskId(row[2]),
            occurrence=None if row[3] is None else dt.date.fromisoformat(row[3]),
            event_id=None if row[4] is None else EventId(row[4]),
            unit_id=None if row[5] is None else UnitId(row[5]),
            hamlet_id=None if row[6] is None else HamletId(row[6]),
            reported_on=dt.date.fromisoformat(row[7]),
            status=None if row[8] is None else TaskStatus(row[8]),
            percent=row[9],
            text=row[10],
            figures={str(k): float(v) for k, v in json.loads(row[11]).items()},
            source=row[12],
            note=row[13],
            document=row[14],
            reporter=row[15],
            participants=row[16],
            recorded_at=row[17],
        )

    @classmethod
    def _readable_entry(cls, row: tuple[Any, ...]) -> ProgressEntry:
        """The entry; one whose stored values break the rules is kept in the log, flagged.

        It says what it can (who, about what, its text) and nothing of status, percent or
        figures, so one bad row neither hides a plan's progress nor counts in it.
        """
        try:
            return cls._entry(row)
        except (ValueError, TypeError, KeyError, AttributeError):
            pass

        def day(value: object) -> dt.date | None:
            try:
                return dt.date.fromisoformat(str(value))
            except ValueError:
                return None

        def ref(value: object) -> str | None:
            return value if isinstance(value, str) and value else None

        return ProgressEntry(
            id=ProgressId(str(row[0])),
            plan_id=PlanId(str(row[1])),
            task_id=None if ref(row[2]) is None else TaskId(row[2]),
            occurrence=day(row[3]),
            event_id=None if ref(row[4]) is None else EventId(row[4]),
            unit_id=None if ref(row[5]) is None else UnitId(row[5]),
            hamlet_id=None if ref(row[6]) is None else HamletId(row[6]),
            reported_on=day(row[7]) or day(str(row[17])[:10]) or dt.date(2000, 1, 1),
            text=f"{FLAG_MARK} {str(row[10] or '')[:2000]}".strip(),
            source=str(row[12] or ""),
            recorded_at=str(row[17] or ""),
        )

    def insert_many(self, entries: Sequence[ProgressEntry]) -> None:
        """Append new entries in bulk (a returned sheet, a generated office).

        Must run inside a transaction; an entry whose id is already there fails the insert.
        """
        self._writer.insert_many("progress_entries", (self._row(e) for e in entries))

    def count(self) -> int:
        row = self._conn.execute(
            "SELECT count(*) FROM progress_entries WHERE deleted_at IS NULL"
        ).fetchone()
        return int(row[0])

    @readable("báo cáo tiến độ")
    def for_plan(self, plan_id: str) -> list[ProgressEntry]:
        """A plan's entries in the order they were recorded (the newest last)."""
        return [
            self._readable_entry(r)
            for r in self._conn.execute(
                f"SELECT {self._COLUMNS} FROM progress_entries"
                " WHERE plan_id = ? AND deleted_at IS NULL ORDER BY updated_at, rowid",
                (plan_id,),
            )
        ]

    @readable("kỳ hạn")
    def occurrences(self, plan_id: str) -> dict[TaskId, list[tuple[dt.date, TaskStatus]]]:
        """For each recurring task of the plan, its due dates and their status, in order."""
        result: dict[TaskId, list[tuple[dt.date, TaskStatus]]] = {}
        for task_id, due, status in self._conn.execute(
            "SELECT o.task_id, o.due_date, o.status FROM occurrences o"
            " JOIN tasks t ON t.id = o.task_id"
            " WHERE t.plan_id = ? AND o.deleted_at IS NULL AND t.deleted_at IS NULL"
            " ORDER BY o.task_id, o.due_date",
            (plan_id,),
        ):
            result.setdefault(TaskId(task_id), []).append(
                (dt.date.fromisoformat(due), TaskStatus(status))
            )
        return result
