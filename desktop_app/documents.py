"""The Word-document use cases of the workspace: the plan, its appendices, progress reports.

:class:`Documents` is a part of :class:`desktop_app.workspace.Workspace`, kept apart because
it is a subject of its own. The window and the command line both export through
:meth:`Documents.export_docx`, so they write the same file.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

from desktop_app.domain.calendar import ItemKind, ItemState
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import HamletId, ReportId, TaskId, new_id
from desktop_app.domain.plans import Appendix, Plan
from desktop_app.domain.reports import (
    ProgressReport,
    ProgressSummary,
    default_report_recipients,
    progress_summary,
)
from desktop_app.domain.text import fold
from desktop_app.paths import documents_dir
from desktop_app.storage.store import Store

EXPORT_FOLDER_SETTING = "export_folder"
EXPORT_FOLDER_NAME = "Sổ theo dõi Kế hoạch"


class DocumentKind(StrEnum):
    PLAN = "plan"
    APPENDIX = "appendix"
    REPORT = "report"


DOCUMENT_KIND_LABELS = {
    DocumentKind.PLAN: "Kế hoạch",
    DocumentKind.APPENDIX: "Phụ lục",
    DocumentKind.REPORT: "Báo cáo kết quả",
}


def _check_report(plan: Plan, report: ProgressReport) -> None:
    if report.number is not None and not 0 < report.number < 1_000_000:
        raise UserError("Số của báo cáo phải là số nguyên dương (tối đa 6 chữ số), hoặc để trống.")
    if plan.date is not None and report.date < plan.date:
        raise UserError(
            f"Ngày báo cáo ({report.date:%d/%m/%Y}) đứng trước ngày của kế hoạch "
            f"({plan.date:%d/%m/%Y}); hãy sửa lại ngày."
        )


class Documents:
    """Word-document use cases; mixed into the Workspace, which provides ``store``."""

    store: Store

    # ---- progress reports ----------------------------------------------------------------

    def reports(self, plan_id: str) -> list[ProgressReport]:
        """The plan's saved reports, newest first."""
        return self.store.reports.for_plan(plan_id)

    def new_report(self, plan: Plan, day: dt.date | None = None) -> ProgressReport:
        """A report on ``plan`` to fill in (not saved).

        Dated today, signed as the plan is, sent to the plan's readers above the office.
        """
        return ProgressReport(
            id=ReportId(new_id()),
            plan_id=plan.id,
            date=day or dt.date.today(),
            recipients=default_report_recipients(plan),
            signature=plan.signature,
        )

    def save_report(self, report: ProgressReport) -> ProgressReport:
        """Keep the report; an earlier version of it goes to history.

        Raises:
            UserError: the plan is gone, the number is not positive, or the date is before
                the plan's own.
        """
        _check_report(self.store.plans.get(report.plan_id), report)
        cleaned = replace(
            report,
            difficulties=report.difficulties.strip(),
            proposals=report.proposals.strip(),
            recipients=tuple(r for r in report.recipients if r.text.strip()),
        )
        with self.store.transaction():
            self.store.reports.save(cleaned)
        return cleaned

    def report_for(self, plan: Plan, day: dt.date | None = None) -> ProgressReport:
        """The saved report of ``day`` (default: the latest saved), else a new one."""
        saved = self.reports(plan.id)
        if day is None:
            return saved[0] if saved else self.new_report(plan)
        return next((r for r in saved if r.date == day), self.new_report(plan, day))

    def delete_report(self, report_id: str) -> None:
        with self.store.transaction():
            self.store.reports.delete(report_id)

    def progress_summary(self, plan: Plan, day: dt.date) -> ProgressSummary:
        """Where the plan's tasks and campaign days stand on ``day``: what a report prints."""
        start = min(plan.date, day) if plan.date else day - dt.timedelta(days=3 * 366)
        items = self.store.plans.calendar_items(start, day, day, plan.id, with_leads=False)
        due: dict[TaskId, list[tuple[dt.date, ItemState]]] = {}
        for item in items:
            if item.kind is ItemKind.DEADLINE:
                due.setdefault(TaskId(item.object_id), []).append((item.day, item.state))
        names = {HamletId(h.id): h.name for h in self.store.hamlets.list()}
        return progress_summary(plan, self.store.progress.for_plan(plan.id), due, names, day)

    # ---- Word export ---------------------------------------------------------------------

    def export_folder(self) -> Path:
        """Where exports go unless the clerk picks another folder.

        The last folder used, else "Sổ theo dõi Kế hoạch" under the user's Documents.
        """
        # A folder of this PC: kept in the file's local facts, not in the settings that
        # travel in packages (older files kept it there).
        saved = self.store.get_meta(EXPORT_FOLDER_SETTING) or self.store.get_setting(
            EXPORT_FOLDER_SETTING
        )
        if saved and Path(saved).is_dir():
            return Path(saved)
        return documents_dir() / EXPORT_FOLDER_NAME

    def remember_export_folder(self, folder: Path) -> None:
        self.store.set_meta(EXPORT_FOLDER_SETTING, str(folder))

    @staticmethod
    def document_file_name(plan: Plan, kind: DocumentKind, appendix: Appendix | None = None) -> str:
        """A file name the clerk can tell apart on a USB stick: "ke-hoach-12-KH-UBND-...".

        Without diacritics: old Windows and some phones garble them.
        """
        words = {
            DocumentKind.PLAN: "ke-hoach",
            DocumentKind.APPENDIX: "phu-luc",
            DocumentKind.REPORT: "bao-cao",
        }[kind]
        reference = plan.reference.replace("/", "-").strip("-") or "chua-so"
        parts = [words, reference]
        if plan.date is not None:
            parts.append(plan.date.isoformat())
        if appendix is not None and len(plan.appendices) > 1:
            parts.append(str(plan.appendices.index(appendix) + 1))
        name = fold("-".join(parts)).replace(" ", "-")
        safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in name)
        return f"{safe}.docx"

    def export_docx(
        self,
        plan: Plan,
        path: Path,
        kind: DocumentKind = DocumentKind.PLAN,
        *,
        appendices: Sequence[Appendix] | None = None,
        report: ProgressReport | None = None,
    ) -> Path:
        """Write the plan (with its appendices), its appendices alone, or a report as .docx.

        Args:
            plan: the plan.
            path: the .docx to write; written to a temporary name, then renamed into place.
            kind: what to write.
            appendices: for APPENDIX, the ones to write (default: all).
            report: for REPORT, the report (default: the plan's latest, else a new one
                dated today).

        Raises:
            UserError: no appendix to write, a wrong file name, a folder that is gone, a
                file open in Word, a full disk.
        """
        from desktop_app.exports import plan_document  # noqa: PLC0415  # python-docx is slow to import

        if kind is DocumentKind.PLAN:
            document = plan_document.build_plan(plan)
        elif kind is DocumentKind.APPENDIX:
            document = plan_document.build_appendices(plan, appendices)
        else:
            if report is None:
                saved = self.reports(plan.id)
                report = saved[0] if saved else self.new_report(plan)
            _check_report(plan, report)
            summary = self.progress_summary(plan, report.date)
            document = plan_document.build_report(plan, report, summary)
        return plan_document.save(document, path)
