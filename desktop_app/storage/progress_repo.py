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

# TaskStatus(value) is an enum call; a lookup is five times faster (a wrong value fails alike,
# as KeyError instead of ValueError: both read as a bad row).
_STATUSES = {s.value: s for s in TaskStatus}


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _figures(text: str) -> dict[str, float]:
    return {str(k): float(v) for k, v in json.loads(text).items()}


_NO_FIGURES = dict  # a task's entry has none: no JSON to parse (a fresh dict each time)


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
            status=None if row[8] is None else _STATUSES[row[8]],
            percent=row[9],
            text=row[10],
            figures=_NO_FIGURES() if row[11] == "{}" else _figures(row[11]),
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

    @readable("báo cáo tiến độ")
    def latest_task_entries(self, plan_ids: Sequence[str]) -> dict[PlanId, list[ProgressEntry]]:
        """For each plan, the entries a task sheet shows: of each task and due date, the newest.

        What :func:`~desktop_app.domain.progress.latest_entries` keeps of :meth:`for_plan`
        about tasks, in the same order, read for many plans at once and without building the
        entries it would drop (the whole office's sheet reads 200,000 of them). Entries about
        campaign days are left out.
        """
        if not plan_ids:
            return {}
        marks = ",".join("?" * len(plan_ids))
        result: dict[PlanId, list[ProgressEntry]] = {}
        # Only the newest row of each stored key (the latest stamp, the latest written of
        # rows stamped alike): half the rows, and none of them read to be dropped. Two
        # stored keys that read as one (a damaged row's bad date reads as none) are merged
        # by latest_entries afterwards, on the entries, which then still sees them in order:
        # a plan's rows come in the order they were recorded.
        for row in self._conn.execute(
            f"SELECT {self._COLUMNS} FROM progress_entries WHERE rowid IN ("
            " SELECT newest FROM (SELECT rowid AS newest, row_number() OVER ("
            "  PARTITION BY plan_id, task_id, occurrence_date, event_id, hamlet_id"
            "  ORDER BY updated_at DESC, rowid DESC) AS rank"
            f"  FROM progress_entries WHERE plan_id IN ({marks}) AND deleted_at IS NULL"
            # A campaign day's entry names its day; one naming none (or not as text) may
            # still read as a task's, so it stays.
            "  AND (event_id IS NULL OR typeof(event_id) <> 'text' OR event_id = ''))"
            " WHERE rank = 1)"
            " ORDER BY plan_id, updated_at, rowid",
            list(plan_ids),
        ):
            entry = self._readable_entry(row)
            result.setdefault(entry.plan_id, []).append(entry)
        return result

    @readable("kỳ hạn")
    def occurrences(self, plan_id: str) -> dict[TaskId, list[tuple[dt.date, TaskStatus]]]:
        """For each recurring task of the plan, its due dates and their status, in order."""
        return self.occurrences_of([plan_id]).get(PlanId(plan_id), {})

    @readable("kỳ hạn")
    def occurrences_of(
        self, plan_ids: Sequence[str]
    ) -> dict[PlanId, dict[TaskId, list[tuple[dt.date, TaskStatus]]]]:
        """:meth:`occurrences` of many plans at once, by plan (those without any left out)."""
        result: dict[PlanId, dict[TaskId, list[tuple[dt.date, TaskStatus]]]] = {}
        if not plan_ids:
            return result
        marks = ",".join("?" * len(plan_ids))
        for plan_id, task_id, due, status in self._conn.execute(
            # CROSS JOIN keeps the tasks outside: with many plans asked, SQLite chose to scan
            # every occurrence instead (five times slower for a whole office). Only the
            # recurring tasks (one in twenty) are looked up in the occurrences: those left
            # by a deadline changed since are not due any more.
            "SELECT t.plan_id, o.task_id, o.due_date, o.status FROM tasks t"
            " CROSS JOIN occurrences o ON o.task_id = t.id"
            f" WHERE t.plan_id IN ({marks}) AND t.deleted_at IS NULL"
            " AND t.deadline_kind = 'recurring' AND o.deleted_at IS NULL"
            " ORDER BY o.task_id, o.due_date",
            list(plan_ids),
        ):
            result.setdefault(PlanId(plan_id), {}).setdefault(TaskId(task_id), []).append(
                (dt.date.fromisoformat(due), _STATUSES[status])
            )
        return result
