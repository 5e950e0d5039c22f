"""The documents service: Word plans and reports, and the calendar's files.

The calendar's files are the .ics for phones, the month sheet and the weekly schedule. The
window and the command line both export through :meth:`DocumentService.export_docx`, so they
write the same file. The exporters import icalendar, openpyxl and python-docx, a good part of
a second on an old PC: they are imported when the clerk first exports, not when the window
opens.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import astuple, dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import assert_never

from desktop_app.domain.calendar import (
    EVERYTHING,
    CalendarFilter,
    CalendarItem,
    ItemKind,
    month_grid,
)
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import ReportId, new_id
from desktop_app.domain.lifecycle import next_number
from desktop_app.domain.lunar import solar_to_lunar
from desktop_app.domain.office import OFFICE_SETTING, office_from_json
from desktop_app.domain.overview import Overview
from desktop_app.domain.plans import Appendix, Plan, Signature, System
from desktop_app.domain.plans import plan_file_words as file_words
from desktop_app.domain.record_rules import FLAG_PREFIX
from desktop_app.domain.registers import (
    DECISION_TYPE,
    REPORT_TYPE,
    SCHEDULE_TYPE,
    IssuedNumber,
    NumberedKind,
    Register,
    decision_number_id,
    schedule_number_id,
)
from desktop_app.domain.registry import Registry
from desktop_app.domain.reports import ProgressReport, default_report_recipients
from desktop_app.domain.schedule import weekly_schedule
from desktop_app.domain.text import fold
from desktop_app.paths import data_dir, documents_dir
from desktop_app.storage.errors import BadRowError
from desktop_app.workspace.calendar import CalendarService
from desktop_app.workspace.numbering import NumberingService
from desktop_app.workspace.progress import ProgressService
from desktop_app.workspace.store_handle import StoreHandle, StoreService

EXPORT_FOLDER_SETTING = "export_folder"
EXPORT_FOLDER_NAME = "Sổ theo dõi Kế hoạch"
TWO_SIDED_SETTING = "print_two_sided"
# Who receives the weekly schedule, by who issues it (the exporter punctuates the lines).
SCHEDULE_RECIPIENTS = Registry(
    System,
    {
        System.STATE: ("Thường trực Đảng ủy", "Các đơn vị có tên trong lịch", "Lưu: VT"),
        System.PARTY: (
            "Các đồng chí Ủy viên Ban Thường vụ Đảng ủy",
            "Các chi bộ, cơ quan, đơn vị có tên trong lịch",
            "Lưu Văn phòng Đảng ủy",
        ),
    },
    "weekly schedule recipients",
)
PRINT_FOLDER_NAME = "ban-in"  # under the data folder: files written only to be printed
PRINT_KEEP_DAYS = 7


class DocumentKind(StrEnum):
    PLAN = "plan"
    APPENDIX = "appendix"
    REPORT = "report"
    DECISION = "decision"  # the Quyết định ban hành Kế hoạch


@dataclass(frozen=True)
class OfficeIdentity:
    """The office as its own documents name it, and who signs them."""

    issuer: str
    parent: str
    place: str
    signature: Signature


DOCUMENT_KIND_LABELS = Registry(
    DocumentKind,
    {
        DocumentKind.PLAN: "Kế hoạch",
        DocumentKind.APPENDIX: "Phụ lục",
        DocumentKind.REPORT: "Báo cáo kết quả",
        DocumentKind.DECISION: "Quyết định ban hành kế hoạch",
    },
    "document kind labels",
)
# The first word of an exported file's name, without diacritics (see ``file_name``).
DOCUMENT_FILE_WORDS = Registry(
    DocumentKind,
    {
        DocumentKind.PLAN: "ke-hoach",
        DocumentKind.APPENDIX: "phu-luc",
        DocumentKind.REPORT: "bao-cao",
        DocumentKind.DECISION: "quyet-dinh-ban-hanh",
    },
    "document file name words",
)


def _check_report(plan: Plan, report: ProgressReport) -> None:
    if report.number is not None and not 0 < report.number < 1_000_000:
        raise UserError("Số của báo cáo phải là số nguyên dương (tối đa 6 chữ số), hoặc để trống.")
    if plan.date is not None and report.date < plan.date:
        raise UserError(
            f"Ngày báo cáo ({report.date:%d/%m/%Y}) đứng trước ngày của kế hoạch "
            f"({plan.date:%d/%m/%Y}); hãy sửa lại ngày."
        )


def _flagged_items(items: Sequence[CalendarItem]) -> tuple[str, ...]:
    """The flagged calendar lines a file prints, one line each for the clerk."""
    return tuple(f"{i.day:%d/%m/%Y}: {i.label} ({i.detail})" for i in items if i.flagged)


def _refuse_copied_flags(report: ProgressReport) -> None:
    """A report is not saved with a flag a bad plan row put in what it copied (Nơi nhận).

    The flag is only how a wrong value is printed: stored in the report it would outlive
    the repair of the plan.

    Raises:
        UserError: a field of the report still carries a flag.
    """
    fields = (
        ("Nơi nhận", "\n".join(r.text for r in report.recipients)),
        ("Khó khăn, vướng mắc", report.difficulties),
        ("Đề xuất, kiến nghị", report.proposals),
        ("Chữ ký", " ".join(astuple(report.signature))),
    )
    found = [label for label, text in fields if FLAG_PREFIX in text]
    if found:
        raise UserError(
            f"Mục {', '.join(found)} còn chỗ đánh dấu \u201c{FLAG_PREFIX}: …]\u201d chép từ "
            "kế hoạch có dữ liệu sai. Hãy xóa hoặc sửa chỗ đó rồi lưu lại; dữ liệu của kế "
            "hoạch thì sửa bằng Kiểm tra dữ liệu (lệnh check-db --repair)."
        )


class DocumentService(StoreService):
    """The files one workspace writes for people to read, print or put on a phone.

    A report prints the progress service's figures; the calendar's files print the calendar
    service's items and days off.
    """

    def __init__(
        self,
        handle: StoreHandle,
        calendar: CalendarService,
        progress: ProgressService,
        numbering: NumberingService,
    ) -> None:
        super().__init__(handle)
        self._calendar = calendar
        self._progress = progress
        self._numbering = numbering
        # What the last file written prints flagged (stored values that break the record
        # rules), one line each; empty when it came out clean. The window and the command
        # line tell the clerk from it (see :func:`flagged_notice`).
        self.last_flags: tuple[str, ...] = ()

    # ---- progress reports ----------------------------------------------------------------

    def reports(self, plan_id: str) -> list[ProgressReport]:
        """The plan's saved reports, newest first."""
        return self._store.reports.for_plan(plan_id)

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

    def report_register(self, plan: Plan, day: dt.date) -> Register:
        """The run a report on ``plan`` dated ``day`` takes its number from.

        The plan's issuer reports: its year's run for the state, its BC run of the committee
        term for the Party.
        """
        return self._numbering.register(plan.system, plan.issuer.name, REPORT_TYPE, day)

    def next_report_number(self, plan: Plan, day: dt.date, report_id: str = "") -> int:
        """The number a report saved now without one would get."""
        return next_number(self._numbering.used(self.report_register(plan, day), exclude=report_id))

    def save_report(self, report: ProgressReport) -> ProgressReport:
        """Keep the report, numbered; an earlier version of it goes to history.

        A report without a number takes the next of its register; a number typed by hand
        must be one the register has not given to another document.

        Raises:
            UserError: the plan is gone, the number is not positive or already given, or
                the date is before the plan's own.
        """
        # Only the plan's date is needed: a bad row elsewhere in it does not stop a report.
        plan = self._store.plans.get_flagged(report.plan_id, whole=False)
        _check_report(plan, report)
        _refuse_copied_flags(report)
        cleaned = replace(
            report,
            difficulties=report.difficulties.strip(),
            proposals=report.proposals.strip(),
            recipients=tuple(r for r in report.recipients if r.text.strip()),
        )
        register = self.report_register(plan, report.date)
        with self._store.transaction():
            used = self._numbering.used(register, exclude=report.id)
            if cleaned.number is None:
                cleaned = replace(cleaned, number=next_number(used))
            elif cleaned.number in used:
                raise UserError(
                    f"Số {cleaned.number:02d} ({register.label}) đã cấp cho văn bản khác của "
                    f"{register.issuer}. Số tiếp theo là {next_number(used):02d}."
                )
            self._store.reports.save(cleaned)
        return cleaned

    def report_for(
        self, plan: Plan, day: dt.date | None = None, *, for_file: bool = False
    ) -> ProgressReport:
        """The saved report of ``day`` (default: the latest saved), else a new one.

        ``for_file``: read to print, a bad stored value flagged in the report's
        difficulties (and listed in its ``problems``), never for the report editor.
        """
        saved = self._store.reports.for_plan_flagged(plan.id) if for_file else self.reports(plan.id)
        if day is None:
            return saved[0] if saved else self.new_report(plan)
        return next((r for r in saved if r.date == day), self.new_report(plan, day))

    def delete_report(self, report_id: str) -> None:
        with self._store.transaction():
            self._store.reports.delete(report_id)

    # ---- Word export ---------------------------------------------------------------------

    def export_folder(self) -> Path:
        """Where exports go unless the clerk picks another folder.

        The last folder used, else "Sổ theo dõi Kế hoạch" under the user's Documents.
        """
        # A folder of this PC: kept in the file's local facts, not in the settings that
        # travel in packages (older files kept it there).
        saved = self._store.get_meta(EXPORT_FOLDER_SETTING) or self._store.get_setting(
            EXPORT_FOLDER_SETTING
        )
        if saved and Path(saved).is_dir():
            return Path(saved)
        return documents_dir() / EXPORT_FOLDER_NAME

    def remember_export_folder(self, folder: Path) -> None:
        self._store.set_meta(EXPORT_FOLDER_SETTING, str(folder))

    @staticmethod
    def file_name(plan: Plan, kind: DocumentKind, appendix: Appendix | None = None) -> str:
        """A file name the clerk can tell apart on a USB stick: "ke-hoach-12-KH-UBND-...".

        Without diacritics: old Windows and some phones garble them.
        """
        words = DOCUMENT_FILE_WORDS[kind]
        reference = file_words(plan)
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
        """Write the plan (with appendices), appendices alone, a report, or its decision.

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

        self.last_flags = ()
        two_sided = self.two_sided()
        flags = plan.problems
        match kind:
            case DocumentKind.PLAN:
                document = plan_document.build_plan(plan, two_sided=two_sided)
            case DocumentKind.APPENDIX:
                document = plan_document.build_appendices(plan, appendices, two_sided=two_sided)
            case DocumentKind.REPORT:
                if report is None:
                    saved = self._store.reports.for_plan_flagged(plan.id)
                    report = saved[0] if saved else self.new_report(plan)
                flags += report.problems
                _check_report(plan, report)
                if report.number is None and not flags:  # issued now: numbered and kept
                    # (A flagged one is printed unnumbered: it is put right before it is
                    # issued, and a flagged copy is never stored.)
                    report = self.save_report(report)
                summary = self._progress.summary(plan, report.date)
                document = plan_document.build_report(plan, report, summary, two_sided=two_sided)
            case DocumentKind.DECISION:
                # A flagged plan's decision is printed without taking a number: it is put
                # right before it is issued.
                given = (
                    self._numbering.issued(decision_number_id(plan.id))
                    if flags
                    else self.decision_number(plan)
                )
                document = plan_document.build_decision(
                    plan, None if given is None else given.number, two_sided=two_sided
                )
            case unknown:
                assert_never(unknown)
        written = plan_document.save(document, path, problems=flags)
        self.last_flags = flags
        return written

    def decision_number(self, plan: Plan) -> IssuedNumber | None:
        """The number of the decision issuing ``plan``: given once the plan is dated.

        A draft's decision prints with a blank number; once the plan has its date, the
        decision takes the next number of its register (QĐ) and keeps it.
        """
        if plan.date is None:
            return self._numbering.issued(decision_number_id(plan.id))
        return self._numbering.give(
            decision_number_id(plan.id),
            NumberedKind.DECISION,
            plan.system,
            issuer=plan.issuer.name,
            doc_type=DECISION_TYPE,
            day=plan.date,
        )

    # ---- the calendar's files ------------------------------------------------------------

    def office_identity(self, system: System = System.STATE) -> OfficeIdentity:
        """Who the office's own documents (the weekly schedule) come from and who signs them.

        The office's body for ``system`` as set up (post-reform header); else, for the
        state, the older office settings; else the office's latest plan of that system.
        """
        office = office_from_json(self._store.get_setting(OFFICE_SETTING))
        body = None if office is None else office.body_for(system)
        if office is not None and body is not None:
            return OfficeIdentity(
                body.issuer.name, body.issuer.parent, office.place, body.signature
            )
        issuer = self._store.get_setting("office_issuer")
        if issuer and system is System.STATE:
            return OfficeIdentity(
                issuer,
                self._store.get_setting("office_parent"),
                self._store.get_setting("office_place"),
                Signature(
                    self._store.get_setting("office_authority"),
                    self._store.get_setting("office_position"),
                    self._store.get_setting("office_signer"),
                ),
            )
        plans = [p for p in self._store.plans.summaries() if p.system is system and not p.flagged]
        for latest in sorted(plans, key=lambda p: p.date or dt.date.min, reverse=True):
            try:
                plan = self._store.plans.get(latest.id)
            except BadRowError:
                continue  # the next latest plan says who the office is as well
            return OfficeIdentity(plan.issuer.name, plan.issuer.parent, plan.place, plan.signature)
        fallback = "ỦY BAN NHÂN DÂN XÃ" if system is System.STATE else "ĐẢNG ỦY XÃ"
        return OfficeIdentity(fallback, "", "", Signature("", "", ""))

    def two_sided(self) -> bool:
        """Whether the office prints on both sides of the sheet (mirror margins, HD 05)."""
        return self._store.get_setting(TWO_SIDED_SETTING) == "1"

    def set_two_sided(self, on: bool) -> None:
        self._store.set_setting(TWO_SIDED_SETTING, "1" if on else "0")

    def export_ics(
        self,
        start: dt.date,
        end: dt.date,
        path: Path,
        today: dt.date | None = None,
        where: CalendarFilter = EVERYTHING,
    ) -> Path:
        """The items between two days (and the days off) as an .ics file for phones."""
        from desktop_app.exports.ics import write_ics  # noqa: PLC0415

        self.last_flags = ()
        items = self._calendar.filtered_items(start, end, today, where)
        office = self.office_identity().issuer
        written = write_ics(
            items, path, office=office, holidays=self._calendar.days_off(start, end)
        )
        self.last_flags = _flagged_items(items)
        return written

    def export_month_sheet(
        self,
        year: int,
        month: int,
        path: Path,
        today: dt.date | None = None,
        where: CalendarFilter = EVERYTHING,
    ) -> Path:
        """One month as a printable Excel sheet, with the lunar dates and the days off."""
        from desktop_app.exports.month_sheet import write_month_sheet  # noqa: PLC0415

        first, last = month_grid(year, month)[0][0], month_grid(year, month)[-1][-1]
        self.last_flags = ()
        items = self._calendar.filtered_items(first, last, today, where)
        written = write_month_sheet(
            year,
            month,
            items,
            path,
            title=self.office_identity().issuer,
            holidays=self._calendar.days_off(first, last),
            lunar=lambda day: solar_to_lunar(day).short(),
        )
        self.last_flags = _flagged_items(items)
        return written

    def export_weekly_schedule(
        self,
        any_day: dt.date,
        path: Path,
        today: dt.date | None = None,
        where: CalendarFilter = EVERYTHING,
        system: System = System.STATE,
    ) -> Path:
        """The week's "Lịch công tác tuần" as a Word document.

        Issued by the Ủy ban (state layout) or, with ``system`` PARTY, by the Đảng ủy in
        the Party layout of the day it is issued.
        """
        from desktop_app.exports.weekly_schedule import write_weekly_schedule  # noqa: PLC0415

        monday = any_day - dt.timedelta(days=any_day.weekday())
        self.last_flags = ()
        items = self._calendar.filtered_items(monday, monday + dt.timedelta(days=6), today, where)
        office = self.office_identity(system)
        sign = office.signature
        # The week's schedule is numbered the first time it is issued and keeps its number
        # and date when printed again.
        given = self._numbering.give(
            schedule_number_id(system, monday),
            NumberedKind.SCHEDULE,
            system,
            issuer=office.issuer,
            doc_type=SCHEDULE_TYPE,
            day=today or dt.date.today(),
        )
        # A flagged line is printed with its mark (the schedule must not look clean), and
        # the clerk is told to put the data right before it is signed.
        flags = _flagged_items(items)
        written = write_weekly_schedule(
            weekly_schedule(self._with_participants(items), monday),
            path,
            issuer=office.issuer,
            parent=office.parent,
            place=office.place,
            issued_on=given.day,
            number=given.number,
            signature=(sign.authority, sign.position, sign.signer) if sign.authority else None,
            recipients=SCHEDULE_RECIPIENTS[system],
            system=system,
            two_sided=self.two_sided(),
        )
        self.last_flags = flags
        return written

    def export_overview(self, overview: Overview, path: Path) -> Path:
        """The weekly meeting's overview as a one-page A4 Word document."""
        from desktop_app.exports.overview_document import write_overview  # noqa: PLC0415

        return write_overview(overview, path, issuer=self.office_identity().issuer)

    @staticmethod
    def print_path(file_name: str, now: dt.datetime | None = None) -> Path:
        """Where a file to print is written: the data folder's "ban-in", never the clerk's files.

        The name gets the time (a copy still open in Word from the last print cannot block
        this one); copies older than a week are removed on the way.
        """
        folder = data_dir() / PRINT_FOLDER_NAME
        moment = now or dt.datetime.now()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.iterdir():
                age = moment.timestamp() - old.stat().st_mtime
                if old.is_file() and age > PRINT_KEEP_DAYS * 86400:
                    old.unlink(missing_ok=True)
        except OSError as exc:
            raise UserError(f"Không tạo được thư mục tạm để in ({folder}).") from exc
        stem, dot, suffix = file_name.rpartition(".")
        return folder / f"{stem}-{moment:%Y%m%d-%H%M%S}{dot}{suffix}"

    def _with_participants(self, items: Sequence[CalendarItem]) -> list[CalendarItem]:
        # A campaign day at every hamlet involves every unit the plan gives hamlets to.
        counts: dict[str, int] = {}
        result = []
        for item in items:
            if item.kind is ItemKind.EVENT and item.plan_id not in counts:
                plan = self._store.plans.get_flagged(item.plan_id)
                counts[item.plan_id] = len(plan.assignments)
            units = counts.get(item.plan_id, 0) if item.kind is ItemKind.EVENT else 0
            result.append(
                replace(
                    item, participants=f"Các đơn vị được phân công phụ trách xóm ({units} đơn vị)"
                )
                if units
                else item
            )
        return result
