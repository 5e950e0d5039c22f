"""Progress reports and Word export through the workspace and the command line."""

import dataclasses
import datetime as dt
from pathlib import Path

import docx
import pytest

from desktop_app.cli import main
from desktop_app.domain.calendar import ItemState
from desktop_app.domain.deadlines import Deadline, DeadlineKind
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import (
    EventId,
    HamletId,
    PlanId,
    ProgressId,
    ReportId,
    TaskId,
    UnitId,
    new_id,
)
from desktop_app.domain.plans import (
    Event,
    Issuer,
    Plan,
    System,
    Task,
    TaskStatus,
    UnitRef,
)
from desktop_app.domain.progress import ProgressEntry, TaskState
from desktop_app.domain.reports import (
    ProgressReport,
    number_text,
    progress_summary,
    report_closing,
    report_preamble,
    report_sections,
    report_symbol,
    report_title,
)
from desktop_app.workspace import Workspace
from desktop_app.workspace.documents import DocumentKind
from tests.conftest import sample_plan_id

DAY = dt.date(2026, 6, 30)
LEAD = UnitRef(UnitId("u1"), "Phòng Kinh tế")


def _entry(plan: Plan, day: dt.date, **fields: object) -> ProgressEntry:
    return ProgressEntry(ProgressId(new_id()), plan.id, day, **fields)  # type: ignore[arg-type]


def _plan() -> Plan:
    dated = Deadline(
        DeadlineKind.DATE, "trước ngày 15/6/2026", on=dt.date(2026, 6, 15), before=True
    )
    monthly = Deadline(
        DeadlineKind.RECURRING,
        "trước ngày 05 hằng tháng",
        rrule="FREQ=MONTHLY;BYMONTHDAY=5",
        before=True,
    )
    later = Deadline(DeadlineKind.DATE, "ngày 30/9/2026", on=dt.date(2026, 9, 30))
    return Plan(
        id=PlanId("p"),
        system=System.STATE,
        issuer=Issuer("ỦY BAN NHÂN DÂN XÃ PHÚ LẠC"),
        title="Tổ chức ra quân",
        symbol="KH-UBND",
        number=12,
        place="Phú Lạc",
        date=dt.date(2026, 1, 2),
        tasks=(
            Task(TaskId("done"), "Làm xong việc A.", lead=(LEAD,), deadline=dated),
            Task(TaskId("late"), "Việc B chưa xong.", lead=(LEAD,), deadline=dated),
            Task(TaskId("monthly"), "Báo cáo hằng tháng.", lead=(LEAD,), deadline=monthly),
            Task(TaskId("later"), "Việc C.", deadline=later),
        ),
        events=(
            Event(EventId("e1"), "Đợt 1", dt.date(2026, 6, 6)),
            Event(EventId("e2"), "Đợt 2", dt.date(2026, 7, 4)),
        ),
    )


def test_progress_summary_states_overdue_computed_and_campaign_figures() -> None:
    plan = _plan()
    entries = [
        _entry(
            plan, dt.date(2026, 6, 10), task_id=TaskId("done"), status=TaskStatus.DONE, text="Xong."
        ),
        _entry(plan, dt.date(2026, 6, 10), task_id=TaskId("late"), percent=40, text="Đang làm"),
        _entry(
            plan, dt.date(2026, 7, 10), task_id=TaskId("later"), status=TaskStatus.DONE
        ),  # after
        _entry(
            plan,
            dt.date(2026, 6, 6),
            event_id=EventId("e1"),
            hamlet_id=HamletId("h1"),
            figures={"Người tham gia": 30, "Km đường": 1.5},
        ),
        _entry(
            plan,
            dt.date(2026, 6, 7),
            event_id=EventId("e1"),
            hamlet_id=HamletId("h2"),
            figures={"Người tham gia": 12},
            text="Trồng cây",
        ),
    ]
    due = {
        TaskId("done"): [(dt.date(2026, 6, 15), ItemState.OVERDUE)],
        TaskId("late"): [(dt.date(2026, 6, 15), ItemState.OVERDUE)],
        TaskId("monthly"): [
            (dt.date(2026, 5, 5), ItemState.DONE),
            (dt.date(2026, 6, 5), ItemState.OVERDUE),
        ],
    }
    names = {HamletId("h1"): "Xóm 1", HamletId("h2"): "Xóm 2"}
    summary = progress_summary(plan, entries, due, names, DAY)
    states = {t.task.id: t.state for t in summary.tasks}
    assert states == {
        "done": TaskState.DONE,
        "late": TaskState.OVERDUE,
        "monthly": TaskState.OVERDUE,
        "later": TaskState.NOT_STARTED,  # its report came after the report's day
    }
    assert summary.tasks[1].percent == 40
    assert summary.count(TaskState.OVERDUE) == 2
    [units] = summary.by_lead_unit()
    assert units[0] == LEAD
    assert len(units[1]) == 3
    [first] = summary.events  # Đợt 2 is after the report's day
    assert first.totals() == {"Người tham gia": 42, "Km đường": 1.5}
    assert [h.hamlet for h in first.hamlets] == ["Xóm 1", "Xóm 2"]

    monthly_done = [
        _entry(
            plan,
            dt.date(2026, 6, 4),
            task_id=TaskId("monthly"),
            occurrence=dt.date(2026, 6, 5),
            status=TaskStatus.DONE,
        ),
    ]
    again = progress_summary(plan, monthly_done, due, names, DAY)
    assert {t.task.id: t.state for t in again.tasks}[TaskId("monthly")] is TaskState.IN_PROGRESS


def test_report_sections_hold_counts_units_overdue_events_and_the_clerks_text() -> None:
    plan = _plan()
    summary = progress_summary(
        plan, [], {TaskId("late"): [(dt.date(2026, 6, 15), ItemState.OVERDUE)]}, {}, DAY
    )
    report = dataclasses.replace(
        _report(plan), difficulties="Thiếu kinh phí.\n\nThời tiết xấu.", proposals=""
    )
    sections = report_sections(plan, report, summary)
    assert [s.label + " " + s.title for s in sections] == [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. KHÓ KHĂN, VƯỚNG MẮC",  # no proposals written: no part III
    ]
    assert sections[1].paragraphs == ("Thiếu kinh phí.", "Thời tiết xấu.")
    overall = sections[0].children[0].paragraphs[0]
    assert "Kế hoạch có 4 nhiệm vụ" in overall
    assert "quá hạn 1" in overall
    titles = [c.title for c in sections[0].children]
    assert titles == [
        "Tình hình chung",
        "Kết quả của các cơ quan, đơn vị",
        "Các nhiệm vụ quá hạn",
        "Kết quả các đợt ra quân tại các xóm",
    ]


def test_report_lines_keep_whole_tasks_and_agree_with_their_state() -> None:
    long_text = "Rà soát " + "từng hộ gia đình trên địa bàn xã theo tiêu chí mới " * 5 + "xong."
    plan = _plan()
    plan = dataclasses.replace(
        plan,
        tasks=(
            dataclasses.replace(plan.tasks[1], text=long_text),
            plan.tasks[2],
        ),
    )
    entries = [
        _entry(plan, dt.date(2026, 6, 20), task_id=TaskId("monthly"), percent=100),
        _entry(plan, dt.date(2026, 6, 20), task_id=TaskId("late"), percent=60),
    ]
    due = {
        TaskId("late"): [(dt.date(2026, 6, 15), ItemState.OVERDUE)],
        TaskId("monthly"): [(dt.date(2026, 6, 5), ItemState.OVERDUE)],
    }
    summary = progress_summary(plan, entries, due, {}, DAY)
    lines = [
        p for s in report_sections(plan, _report(plan), summary)[0].children for p in s.paragraphs
    ]
    text = " ".join(lines)
    assert " ".join(long_text.split()).rstrip(".") in text  # never cut in mid-word
    assert "…" not in text
    assert "(100%)" not in text  # "quá hạn (100%)" would contradict itself
    assert "quá hạn (60%)" in text


def test_a_numberless_plan_is_cited_by_its_title_and_date() -> None:
    plan = dataclasses.replace(_plan(), number=None)
    title = report_title(plan)
    assert "/KH-UBND" not in title
    assert "số" not in title.split("về")[0]
    assert title == "Kết quả thực hiện Kế hoạch ngày 02/01/2026 về tổ chức ra quân"
    preamble = report_preamble(plan, _report(plan))
    assert "Kế hoạch \u201cTổ chức ra quân\u201d ngày 02/01/2026" in preamble
    assert preamble.count("Ủy ban nhân dân xã Phú Lạc") == 1  # the issuer is named once
    assert "/KH-UBND" not in report_closing(plan)
    numbered = report_preamble(_plan(), _report(_plan()))
    assert numbered.count("Ủy ban nhân dân xã Phú Lạc") == 1
    assert "Kế hoạch số 12/KH-UBND ngày 02/01/2026" in numbered


def _report(plan: Plan) -> ProgressReport:
    return ProgressReport(ReportId("r"), plan.id, DAY)


def test_symbols_and_numbers() -> None:
    assert report_symbol(_plan()) == "BC-UBND"
    party = dataclasses.replace(_plan(), system=System.PARTY, symbol="KH/TU")
    assert report_symbol(party) == "BC/TU"
    assert number_text(1250) == "1.250"
    assert number_text(2.5) == "2,5"


def test_reports_are_saved_edited_with_history_and_refuse_bad_input(samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    report = samples.documents.new_report(plan, dt.date(2026, 11, 23))
    assert report.signature == plan.signature
    assert [r.text for r in report.recipients][-1] == "Lưu: VT, KT"
    saved = samples.documents.save_report(
        dataclasses.replace(report, difficulties="  Thiếu người.  ")
    )
    assert saved.difficulties == "Thiếu người."
    assert samples.documents.reports(plan.id) == [saved]
    samples.documents.save_report(dataclasses.replace(saved, proposals="Xin thêm kinh phí."))
    assert samples.documents.reports(plan.id)[0].proposals == "Xin thêm kinh phí."
    assert len(samples.exchange.history(table="reports", row_id=saved.id)) == 1
    with pytest.raises(UserError, match="đứng trước ngày của kế hoạch"):
        samples.documents.save_report(dataclasses.replace(saved, date=dt.date(2025, 1, 1)))
    with pytest.raises(UserError, match="số nguyên dương"):
        samples.documents.save_report(dataclasses.replace(saved, number=0))
    samples.documents.delete_report(saved.id)
    assert samples.documents.reports(plan.id) == []


def test_report_export_counts_what_units_reported(samples: Workspace, tmp_path: Path) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    task = plan.tasks[2]
    hamlet = samples.directory.hamlets()[0]
    with samples.store.transaction():
        samples.store.progress.insert_many(
            [
                _entry(
                    plan,
                    dt.date(2026, 1, 5),
                    task_id=task.id,
                    status=TaskStatus.DONE,
                    text="Đã tổng vệ sinh khuôn viên",
                ),
                _entry(
                    plan,
                    plan.events[0].date,
                    event_id=plan.events[0].id,
                    hamlet_id=hamlet.id,
                    figures={"Người tham gia": 45},
                ),
            ]
        )
    report = samples.documents.save_report(
        dataclasses.replace(
            samples.documents.new_report(plan, dt.date(2026, 11, 23)),
            proposals="Đề nghị & <kiến nghị>",
        )
    )
    path = samples.documents.export_docx(
        plan, tmp_path / "bao-cao.docx", DocumentKind.REPORT, report=report
    )
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    # The plan has no number: the report names it by its title and date, never "số /KH-UBND".
    flat = " ".join(text.split())
    assert "Kết quả thực hiện Kế hoạch ngày 02/12/2025 về tổ chức thực hiện ra quân" in flat
    assert "/KH-UBND" not in flat
    assert "Phú Lạc\u201d ngày 02/12/2025 của Ủy ban nhân dân xã Phú Lạc./." in flat
    assert f"Kế hoạch có {len(plan.tasks)} nhiệm vụ" in text
    assert "hoàn thành 1" in text
    assert "Đã tổng vệ sinh khuôn viên" in text
    assert f"+ {hamlet.name}: Người tham gia: 45." in text
    assert "II. ĐỀ XUẤT, KIẾN NGHỊ" in text  # no difficulties written: proposals are II
    assert "Đề nghị & <kiến nghị>" in text
    assert text.rstrip().endswith("./.")
    header = document.tables[0]
    assert header.cell(1, 0).text.startswith("Số:")
    assert header.cell(1, 0).text.endswith("/BC-UBND")
    assert header.cell(1, 1).text == "Phú Lạc, ngày 23 tháng 11 năm 2026"
    signature = document.tables[-1]
    assert signature.cell(0, 1).paragraphs[-1].text == plan.signature.signer


def test_file_names_tell_documents_apart(samples: Workspace) -> None:
    kon_tum = samples.plans.get(sample_plan_id(samples, "kon_tum"))
    name = samples.documents.file_name(kon_tum, DocumentKind.PLAN)
    assert name == "ke-hoach-95-kh-tu-2023-05-22.docx"
    phu_lac = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    assert samples.documents.file_name(phu_lac, DocumentKind.REPORT).startswith(
        "bao-cao-chua-so-to-chuc"
    )


def test_export_folder_is_remembered(samples: Workspace, tmp_path: Path) -> None:
    assert samples.documents.export_folder().name == "Sổ theo dõi Kế hoạch"
    samples.documents.remember_export_folder(tmp_path)
    assert samples.documents.export_folder() == tmp_path


def test_cli_export_docx(
    samples_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", str(samples_path)]
    out = tmp_path / "kh.docx"
    assert main([*db, "export-docx", "95-KH/TU", "--out", str(out)]) == 0
    assert "Đã ghi kế hoạch 95-KH/TU" in capsys.readouterr().out
    assert docx.Document(str(out)).tables[0].cell(1, 0).text == "Số 95-KH/TU"
    ws = Workspace.open(samples_path)
    phu_lac = sample_plan_id(ws, "phu_lac")
    ws.close()
    appendix = tmp_path / "pl.docx"
    assert main([*db, "export-docx", phu_lac, "--out", str(appendix), "--what", "appendix"]) == 0
    assert "Phụ lục" in [p.text for p in docx.Document(str(appendix)).paragraphs]
    report = tmp_path / "bc.docx"
    args = [*db, "export-docx", phu_lac, "--out", str(report), "--what", "report"]
    assert main([*args, "--date", "23/11/2026"]) == 0
    assert docx.Document(str(report)).tables[0].cell(1, 1).text.endswith("23 tháng 11 năm 2026")
    capsys.readouterr()
    for bad, message in (
        (["95-KH/TU", "--out", str(tmp_path / "x.docx"), "--what", "appendix"], "chưa có phụ lục"),
        (["95-KH/TU", "--out", str(tmp_path / "missing" / "x.docx")], "Không có thư mục"),
        (["95-KH/TU", "--out", str(tmp_path / "x.pdf")], ".docx"),
        (["95-KH/TU", "--out", str(tmp_path / "x.docx"), "--date", "01/01/2026"], "--what report"),
        ([phu_lac, "--out", str(report), "--what", "report", "--date", "31/02/2026"], "31/02/2026"),
        ([phu_lac, "--out", str(report), "--what", "report", "--date", "01/01/2020"], "đứng trước"),
    ):
        assert main([*db, "export-docx", *bad]) == 2
        assert message in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_cli_report_date_takes_that_days_report_or_a_new_one(
    samples_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = Workspace.open(samples_path)
    plan = ws.plans.get(sample_plan_id(ws, "kon_tum"))
    ws.documents.save_report(
        dataclasses.replace(
            ws.documents.new_report(plan, dt.date(2026, 3, 31)),
            number=5,
            difficulties="Khó khăn quý I",
        )
    )
    ws.close()
    out = tmp_path / "bc.docx"
    base = ["--db", str(samples_path), "export-docx", "95-KH/TU", "--out", str(out)]
    assert main([*base, "--what", "report", "--date", "30/06/2026"]) == 0
    document = docx.Document(str(out))
    # A new report is issued with the next number of the BC register, after the 05 given.
    assert document.tables[0].cell(1, 0).text == "Số 06-BC/TU"
    assert "Khó khăn quý I" not in "\n".join(p.text for p in document.paragraphs)
    assert main([*base, "--what", "report", "--date", "31/03/2026"]) == 0
    document = docx.Document(str(out))
    assert document.tables[0].cell(1, 0).text == "Số 05-BC/TU"
    assert "Khó khăn quý I" in "\n".join(p.text for p in document.paragraphs)


def test_the_calendar_file_keeps_the_offices_name_as_written(
    samples: Workspace, tmp_path: Path
) -> None:
    from desktop_app.domain.office import UnitKind, new_office  # noqa: PLC0415

    samples.plans.set_office(new_office("Thái Nguyên", UnitKind.COMMUNE, "Phú Lạc"))
    path = samples.documents.export_ics(
        dt.date(2026, 6, 1), dt.date(2026, 6, 30), tmp_path / "a.ics"
    )
    text = path.read_text(encoding="utf-8").replace("\r\n ", "")
    assert "X-WR-CALNAME:Lịch công tác ỦY BAN NHÂN DÂN XÃ PHÚ LẠC" in text
    assert "Ủy Ban Nhân Dân" not in text  # never forced to Title Case
