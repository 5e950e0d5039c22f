"""Progress reports: what the clerk wrote about a plan's progress before printing it."""

import datetime as dt
import json
import sqlite3
from dataclasses import replace
from typing import Any

from desktop_app.domain.errors import NotFoundError
from desktop_app.domain.ids import PlanId, RecipientId, ReportId
from desktop_app.domain.plans import Recipient, RecipientRole, Signature
from desktop_app.domain.reports import ProgressReport
from desktop_app.storage.errors import readable
from desktop_app.storage.flagged_rows import FlaggedRows
from desktop_app.storage.rows import Row, RowWriter


class ReportRepository:
    """The ``reports`` table; the recipients and the signature are kept as JSON."""

    _COLUMNS = "id, plan_id, report_date, number, difficulties, proposals, recipients, signature"

    def __init__(self, conn: sqlite3.Connection, writer: RowWriter) -> None:
        self._conn = conn
        self._writer = writer

    @staticmethod
    def _row(report: ProgressReport) -> Row:
        recipients = [
            {"id": r.id, "text": r.text, "note": r.note, "role": r.role.value}
            for r in report.recipients
        ]
        signature = report.signature
        return {
            "id": report.id,
            "plan_id": report.plan_id,
            "report_date": report.date.isoformat(),
            "number": report.number,
            "difficulties": report.difficulties,
            "proposals": report.proposals,
            "recipients": json.dumps(recipients, ensure_ascii=False),
            "signature": json.dumps(
                {
                    "authority": signature.authority,
                    "position": signature.position,
                    "signer": signature.signer,
                },
                ensure_ascii=False,
            ),
        }

    @staticmethod
    def _report(row: tuple[Any, ...]) -> ProgressReport:
        recipients = tuple(
            Recipient(RecipientId(r["id"]), r["text"], r.get("note", ""), RecipientRole(r["role"]))
            for r in json.loads(row[6])
        )
        signature = json.loads(row[7])
        return ProgressReport(
            id=ReportId(row[0]),
            plan_id=PlanId(row[1]),
            date=dt.date.fromisoformat(row[2]),
            number=row[3],
            difficulties=row[4],
            proposals=row[5],
            recipients=recipients,
            signature=Signature(
                signature.get("authority", ""),
                signature.get("position", ""),
                signature.get("signer", ""),
            ),
        )

    def save(self, report: ProgressReport) -> None:
        """Insert or update; the replaced version goes to history. Must run in a transaction."""
        self._writer.put("reports", self._row(report))

    def delete(self, report_id: str) -> None:
        self._writer.tombstone("reports", report_id)

    @readable("báo cáo")
    def get(self, report_id: str) -> ProgressReport:
        row = self._conn.execute(
            f"SELECT {self._COLUMNS} FROM reports WHERE id = ? AND deleted_at IS NULL",
            (report_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"Không tìm thấy báo cáo {report_id}.")
        return self._report(row)

    @readable("báo cáo")
    def for_plan_flagged(self, plan_id: str) -> list[ProgressReport]:
        """The plan's reports as a file prints them, even when stored rows break the rules.

        A bad value is replaced by a harmless one and named in the report's difficulties
        (which every report prints); ``problems`` lists what was wrong. Never for the
        report editor: a flagged copy saved back would store the flags.
        """
        cursor = self._conn.execute(
            f"SELECT {self._COLUMNS} FROM reports WHERE plan_id = ? AND deleted_at IS NULL"
            " ORDER BY report_date DESC, updated_at DESC",
            (plan_id,),
        )
        names = [d[0] for d in cursor.description]
        reports = []
        for raw in cursor.fetchall():
            flags = FlaggedRows()
            report = self._report(flags.row("reports", "difficulties", names, raw))
            reports.append(replace(report, problems=flags.texts()))
        return reports

    @readable("báo cáo")
    def for_plan(self, plan_id: str) -> list[ProgressReport]:
        """The plan's reports, newest first."""
        rows = self._conn.execute(
            f"SELECT {self._COLUMNS} FROM reports WHERE plan_id = ? AND deleted_at IS NULL"
            " ORDER BY report_date DESC, updated_at DESC",
            (plan_id,),
        ).fetchall()
        return [self._report(row) for row in rows]
