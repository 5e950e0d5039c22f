"""Every file written from a workspace holding bad rows shows them flagged (issue 22, item 2).

Each kind of bad row (written past the value checks, as an older version or a hand edit
could) meets each export: the file is written, the bad value is marked in it where its record
is printed, the good rows are there as they were, and the service lists what it flagged. Before,
the Word documents and the sheets refused the whole plan naming check-db, or (a negative plan
number, a control character) printed as if clean.
"""

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn

from desktop_app.domain.calendar import CalendarFilter
from desktop_app.domain.ids import PlanId
from desktop_app.domain.record_rules import FLAG_PREFIX, GONE_LEAD
from desktop_app.workspace import Workspace
from desktop_app.workspace.documents import DocumentKind
from tests.conftest import sample_plan_id
from tests.storage.test_integrity import as_an_older_version

TODAY = dt.date(2026, 6, 1)
WEEK = dt.date(2026, 6, 15)  # the Monday the chosen task falls due
PLAN = "nhu_khe"
# The first of the plan's tasks due in the week of WEEK that has units: one whose row shows
# in the plan, its sheets and the calendar.
THE_TASK = (
    "(SELECT id FROM tasks WHERE plan_id = :plan AND deleted_at IS NULL"
    " AND due_date BETWEEN '2026-06-15' AND '2026-06-21'"
    " AND id IN (SELECT task_id FROM task_units WHERE deleted_at IS NULL)"
    " ORDER BY position LIMIT 1)"
)
BAD_ROWS = {
    "unknown_status": f"UPDATE tasks SET status = 'bi_mat' WHERE id = {THE_TASK}",
    "malformed_deadline": (
        "UPDATE tasks SET deadline_kind = 'month', deadline_year = 2026, deadline_month = 13"
        f" WHERE id = {THE_TASK}"
    ),
    "malformed_json": (
        "UPDATE sections SET paragraphs = '[\"Đoạn\", 2' WHERE id = (SELECT id FROM sections"
        " WHERE plan_id = :plan AND deleted_at IS NULL AND paragraphs != '[]'"
        " ORDER BY position LIMIT 1)"
    ),
    "year_out_of_range": "UPDATE plans SET plan_date = '9999-01-01' WHERE id = :plan",
    "unparsable_date": (
        "UPDATE tasks SET due_date = '2026-06-31', deadline_date = '2026-06-31'"
        f" WHERE id = {THE_TASK}"
    ),
    "negative_number": "UPDATE plans SET number = -5 WHERE id = :plan",
    "control_characters": (
        "UPDATE tasks SET text = 'Rà soát' || char(11) || 'đội ngũ' || char(0)"
        f" WHERE id = {THE_TASK}"
    ),
    "dangling_reference": (
        "UPDATE task_units SET unit_id = 'khong-co-don-vi' WHERE id = (SELECT id FROM"
        f" task_units WHERE task_id = {THE_TASK} AND deleted_at IS NULL ORDER BY position LIMIT 1)"
    ),
}
# The kinds the calendar itself reads (a task's status and due day, the plan's number and
# date, the text it shows, its lead units); the others leave the calendar's lines as they were.
ON_THE_CALENDAR = {
    "unknown_status",
    "year_out_of_range",
    "unparsable_date",
    "negative_number",
    "control_characters",
    "dangling_reference",  # once the lead was left out of the line's "who", silently
}


def write_bad_row(ws: Workspace, sql: str, plan_id: str) -> None:
    """Write past the value checks and the links, as a version before them could."""
    conn: sqlite3.Connection = ws.store.conn
    as_an_older_version(conn)
    conn.execute("PRAGMA foreign_keys = OFF")  # a link to a row that is gone
    try:
        assert conn.execute(sql, {"plan": plan_id}).rowcount == 1, sql
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def docx_text(path: Path) -> str:
    return "".join(t.text or "" for t in Document(str(path)).element.body.iter(qn("w:t")))


def highlighted_flags(path: Path) -> list[str]:
    """The runs printed as a flag: highlighted, and starting with the flag's words."""
    found = []
    for run in Document(str(path)).element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        properties = run.find(qn("w:rPr"))
        lit = properties is not None and properties.find(qn("w:highlight")) is not None
        # A title printed in capitals prints its flag so too.
        if lit and text.casefold().startswith(FLAG_PREFIX.casefold()):
            found.append(text)
    return found


def xlsx_cells(path: Path) -> list[tuple[str, openpyxl.cell.cell.Cell]]:
    book = openpyxl.load_workbook(path)
    return [
        (sheet.title, cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def xlsx_text(path: Path) -> str:
    return "\n".join(str(cell.value) for _sheet, cell in xlsx_cells(path))


@pytest.fixture(params=sorted(BAD_ROWS))
def bad(request: pytest.FixtureRequest, samples: Workspace) -> tuple[Workspace, PlanId, str]:
    """The samples with one bad row of each kind in the plan; the kind's name."""
    plan_id = sample_plan_id(samples, PLAN)
    write_bad_row(samples, BAD_ROWS[request.param], plan_id)
    return samples, plan_id, request.param


def _good_task_text(ws: Workspace, plan_id: str) -> str:
    """A task of the plan that no bad row touches, as the file must print it."""
    (text,) = ws.store.conn.execute(
        f"SELECT text FROM tasks WHERE plan_id = :plan AND deleted_at IS NULL"
        f" AND due_date IS NOT NULL AND id != {THE_TASK} ORDER BY position LIMIT 1",
        {"plan": plan_id},
    ).fetchone()
    return str(text)


@pytest.mark.parametrize(
    "kind", [DocumentKind.PLAN, DocumentKind.REPORT, DocumentKind.DECISION], ids=str
)
def test_a_word_document_prints_the_bad_value_highlighted(
    bad: tuple[Workspace, PlanId, str], kind: DocumentKind, tmp_path: Path
) -> None:
    ws, plan_id, what = bad
    good = _good_task_text(ws, plan_id)
    plan = ws.plans.get_for_file(plan_id)
    assert plan.problems, what
    written = ws.documents.export_docx(plan, tmp_path / "van-ban.docx", kind)
    assert ws.documents.last_flags == plan.problems
    flags = highlighted_flags(written)
    assert flags, what
    text = docx_text(written)
    assert "\x0b" not in text
    assert "\x00" not in text
    if kind is DocumentKind.PLAN:
        assert " ".join(good.split()) in " ".join(text.split())  # the good rows as they were
        assert len(flags) >= len(plan.problems)
    if kind is DocumentKind.DECISION:  # a flagged plan's decision takes no number
        assert ws.documents.decision_number(plan) is None or what == "negative_number"


def test_the_flag_says_what_is_wrong_in_vietnamese(samples: Workspace, tmp_path: Path) -> None:
    plan_id = sample_plan_id(samples, PLAN)
    write_bad_row(samples, BAD_ROWS["unknown_status"], plan_id)
    written = samples.documents.export_docx(
        samples.plans.get_for_file(plan_id), tmp_path / "kh.docx"
    )
    # The task's words are printed from its section's text here: the flags, above the
    # header, name the record, the field and the value.
    flags = highlighted_flags(written)
    assert "có 1 chỗ sai" in flags[0]
    assert "Nhiệm vụ" in flags[1]
    assert "trường “Trạng thái”: giá trị “bi_mat” không thuộc" in flags[1]
    # The bad value is not read as a status: the row prints with the others, not as done.
    board = samples.progress.board(samples.plans.get_for_file(plan_id), TODAY)
    (row,) = [r for r in board.tasks if FLAG_PREFIX in r.task.text]
    assert row.task.status.value == "not_started"


def test_an_appendix_with_broken_paragraphs_is_printed_flagged(
    samples: Workspace, tmp_path: Path
) -> None:
    (plan_id,) = samples.store.conn.execute(
        "SELECT plan_id FROM appendices WHERE deleted_at IS NULL LIMIT 1"
    ).fetchone()
    write_bad_row(
        samples,
        "UPDATE appendices SET paragraphs = '{\"a\": 1}' WHERE plan_id = :plan",
        plan_id,
    )
    plan = samples.plans.get_for_file(plan_id)
    written = samples.documents.export_docx(plan, tmp_path / "pl.docx", DocumentKind.APPENDIX)
    notice, named, in_title = highlighted_flags(written)
    assert "có 1 chỗ sai" in notice
    assert "Phụ lục" in named
    assert "ĐOẠN VĂN: PHẢI LÀ MỘT DANH SÁCH" in in_title  # the title prints in capitals


def test_the_weekly_schedule_prints_a_bad_line_flagged(
    bad: tuple[Workspace, PlanId, str], tmp_path: Path
) -> None:
    ws, plan_id, what = bad
    june = ws.calendar.filtered_items(
        dt.date(2026, 6, 1), dt.date(2026, 6, 30), TODAY, CalendarFilter(plan_id=plan_id)
    )
    # The week of the flagged line (31 June is shown on the last real day of June).
    week = next((i.day for i in june if i.flagged), WEEK)
    written = ws.documents.export_weekly_schedule(week, tmp_path / "tuan.docx", TODAY)
    if what in ON_THE_CALENDAR:
        assert highlighted_flags(written)
        assert ws.documents.last_flags
    else:
        assert FLAG_PREFIX not in docx_text(written)
        assert ws.documents.last_flags == ()


def test_the_plan_sheet_fills_the_bad_row_and_says_why(
    bad: tuple[Workspace, PlanId, str], tmp_path: Path
) -> None:
    ws, plan_id, what = bad
    good = _good_task_text(ws, plan_id)
    plan = ws.plans.get_for_file(plan_id)
    written = ws.progress.export_xlsx([plan], tmp_path / "phieu.xlsx", today=TODAY)
    assert ws.progress.last_flags == plan.problems
    cells = xlsx_cells(written)
    flagged = [c for sheet, c in cells if sheet == "Nhiệm vụ" and FLAG_PREFIX in str(c.value)]
    if what in {"year_out_of_range", "negative_number", "malformed_json"}:
        # The plan's own row and the section are printed in the title and the group rows.
        assert FLAG_PREFIX in xlsx_text(written), what
    else:
        assert flagged, what
        assert all(c.fill.fgColor.rgb.endswith("F8CBAD") for c in flagged)
    notice = [c for _sheet, c in cells if str(c.value).startswith("CHÚ Ý:")]
    if flagged:
        assert notice
    assert good.strip()[:60] in xlsx_text(written)


def test_each_units_sheet_is_written_with_the_bad_row_flagged(
    bad: tuple[Workspace, PlanId, str], tmp_path: Path
) -> None:
    ws, plan_id, what = bad
    written = ws.progress.export_unit_sheets(ws.plans.get_for_file(plan_id), tmp_path)
    assert written
    assert ws.progress.last_flags
    if what not in {"year_out_of_range", "negative_number", "malformed_json"}:
        assert any(FLAG_PREFIX in xlsx_text(path) for path in written), what


@pytest.mark.parametrize("campaigns", [False, True], ids=["streamed", "with_campaigns"])
def test_the_whole_office_sheet_keeps_every_plan_and_flags_the_bad_row(
    bad: tuple[Workspace, PlanId, str], campaigns: bool, tmp_path: Path
) -> None:
    ws, plan_id, what = bad
    good = _good_task_text(ws, plan_id)
    written = ws.progress.export_office_xlsx(
        tmp_path / "van-phong.xlsx", TODAY, with_campaigns=campaigns
    )
    text = xlsx_text(written)
    assert FLAG_PREFIX in text, what
    assert good.strip()[:60] in text
    assert ws.progress.last_flags
    tasks = ws.store.conn.execute("SELECT count(*) FROM tasks WHERE deleted_at IS NULL").fetchone()[
        0
    ]
    rows = openpyxl.load_workbook(written)["Nhiệm vụ"].max_row
    assert rows >= tasks  # no task left out


def test_the_month_sheet_and_the_phone_calendar_show_the_bad_line(
    bad: tuple[Workspace, PlanId, str], tmp_path: Path
) -> None:
    ws, plan_id, what = bad
    month = ws.documents.export_month_sheet(2026, 6, tmp_path / "t6.xlsx", TODAY)
    month_flags = ws.documents.last_flags
    ics = ws.documents.export_ics(
        dt.date(2026, 6, 1), dt.date(2026, 6, 30), tmp_path / "lich.ics", TODAY
    )
    # Unfolded: read_text turns the CRLF of a folded line into "\n".
    phone = ics.read_text(encoding="utf-8").replace("\n ", "")
    if what in ON_THE_CALENDAR:
        assert FLAG_PREFIX in xlsx_text(month)
        assert month_flags
        listed = [c for _s, c in xlsx_cells(month) if str(c.value).startswith(FLAG_PREFIX)]
        assert listed
        assert all(c.fill.fgColor.rgb.endswith("F8CBAD") for c in listed)
        assert FLAG_PREFIX in phone
        assert ws.documents.last_flags
    items = ws.calendar.filtered_items(
        dt.date(2026, 6, 1), dt.date(2026, 6, 30), TODAY, CalendarFilter(plan_id=plan_id)
    )
    assert items  # the plan's lines are all there, flagged or not


def test_the_plan_as_json_carries_the_flag(bad: tuple[Workspace, PlanId, str]) -> None:
    ws, plan_id, what = bad
    plan = ws.plans.find(plan_id, for_file=True)
    data = json.dumps(ws.plans.to_json(plan), ensure_ascii=False)
    assert FLAG_PREFIX in data, what
    assert "\\u000b" not in data


def _run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from desktop_app.cli import main  # noqa: PLC0415

    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["export-docx", "{plan}", "--out", "{out}"], "kh.docx"),
        (["export-docx", "{plan}", "--out", "{out}", "--what", "report"], "bc.docx"),
        (["export-xlsx", "{plan}", "--out", "{out}"], "phieu.xlsx"),
        (["export-office-xlsx", "--out", "{out}"], "vp.xlsx"),
        (["show", "{plan}", "--json"], ""),
    ],
    ids=["plan", "report", "sheet", "office", "show"],
)
def test_the_command_line_writes_the_file_and_warns_on_stderr(
    samples_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    name: str,
) -> None:
    ws = Workspace.open(samples_path, device="cli-test-device")
    plan_id = sample_plan_id(ws, PLAN)
    write_bad_row(ws, BAD_ROWS["unknown_status"], plan_id)
    ws.close()
    out = tmp_path / name
    args = [a.format(plan=plan_id, out=out) for a in command]
    code, stdout, stderr = _run_cli(["--db", str(samples_path), *args], capsys)
    assert code == 0, stderr
    assert "CHÚ Ý" in stderr
    assert "Kiểm tra dữ liệu" in stderr
    assert "Trạng thái" in stderr
    assert "Traceback" not in stderr
    if name:
        assert out.stat().st_size > 0
    else:
        assert FLAG_PREFIX in stdout


def test_an_export_callable_list_is_complete() -> None:
    """A new export on the services must join these tests: the list is checked by name."""
    from desktop_app.workspace.documents import DocumentService  # noqa: PLC0415
    from desktop_app.workspace.progress_sheets import ProgressSheets  # noqa: PLC0415

    exports: dict[str, Callable[..., object]] = {
        name: getattr(service, name)
        for service in (DocumentService, ProgressSheets)
        for name in dir(service)
        if name.startswith("export_")
    }
    assert set(exports) == {
        "export_docx",
        "export_folder",  # a folder, not a file
        "export_ics",
        "export_month_sheet",
        "export_weekly_schedule",
        "export_overview",
        "export_xlsx",
        "export_office_xlsx",
        "export_unit_sheets",
    }


def test_a_campaign_day_and_a_hamlet_link_gone_bad_are_flagged_in_the_plan_and_its_sheet(
    samples: Workspace, tmp_path: Path
) -> None:
    """Events and the assignment table: the kinds above, in the rows a campaign plan has."""
    plan_id = sample_plan_id(samples, "phu_lac")
    _break_first_event_date(samples, plan_id)
    write_bad_row(
        samples,
        "UPDATE assignment_hamlets SET hamlet_id = 'khong-co-xom' WHERE id = (SELECT ah.id"
        " FROM assignment_hamlets ah JOIN assignments a ON a.id = ah.assignment_id"
        " WHERE a.plan_id = :plan AND ah.deleted_at IS NULL ORDER BY ah.position LIMIT 1)",
        plan_id,
    )
    plan = samples.plans.get_for_file(plan_id)
    assert len(plan.problems) == 2
    assert (
        sum(len(a.hamlets) for a in plan.assignments)
        == samples.store.conn.execute(
            "SELECT count(*) FROM assignment_hamlets ah JOIN assignments a"
            " ON a.id = ah.assignment_id WHERE a.plan_id = ? AND ah.deleted_at IS NULL"
            " AND a.deleted_at IS NULL",
            (plan_id,),
        ).fetchone()[0]
    )  # the link to the missing hamlet is kept, flagged
    written = samples.documents.export_docx(plan, tmp_path / "kh.docx")
    flags = highlighted_flags(written)
    assert any("“2026-02-31” không phải ngày có thật" in f for f in flags)
    assert any("Xóm: trỏ tới thôn không có" in f for f in flags)  # in the table itself
    sheet = samples.progress.export_xlsx([plan], tmp_path / "phieu.xlsx", today=TODAY)
    campaign = [
        c
        for name, c in xlsx_cells(sheet)
        if name == "Ra quân" and str(c.value).startswith(FLAG_PREFIX)
    ]
    assert campaign
    assert all(c.fill.fgColor.rgb.endswith("F8CBAD") for c in campaign)


def test_a_campaign_day_whose_date_cannot_be_read_prints_no_date_only_its_flag(
    samples: Workspace, tmp_path: Path
) -> None:
    """Once printed 01/01/1900 (the stand-in day) beside its flag, in the sheet and report."""
    plan_id = sample_plan_id(samples, "phu_lac")
    _break_first_event_date(samples, plan_id)
    plan = samples.plans.get_for_file(plan_id)
    (event,) = [e for e in plan.events if e.date_unreadable]
    assert FLAG_PREFIX in event.label
    assert event.day_text == ""
    sheet = samples.progress.export_xlsx([plan], tmp_path / "phieu.xlsx", today=TODAY)
    book = openpyxl.load_workbook(sheet)
    dates = [
        cell.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, dt.datetime)
    ]
    assert dates  # the other campaign days keep theirs
    assert all(d.year > 1900 for d in dates)
    flagged_rows = [
        [c.value for c in row]
        for row in book["Ra quân"].iter_rows()
        if any(FLAG_PREFIX in str(c.value) for c in row)
    ]
    assert flagged_rows
    board = samples.progress.board(plan, TODAY)
    assert all("1900" not in r.label for r in board.campaigns)
    (shown,) = [e for e in samples.plans.to_json(plan)["events"] if e["id"] == event.id]
    assert shown["date"] is None  # read back, a stand-in day would become the event's
    report = samples.documents.export_docx(plan, tmp_path / "bc.docx", DocumentKind.REPORT)
    assert "1900" not in docx_text(report)
    assert "/1900" not in docx_text(samples.documents.export_docx(plan, tmp_path / "kh.docx"))


def test_the_overview_counts_a_plan_with_bad_rows_and_prints_its_flags(
    samples: Workspace, tmp_path: Path
) -> None:
    """Once such a plan was left out of the overview's figures, only named."""
    plan_id = sample_plan_id(samples, PLAN)
    clean = samples.progress.overview(TODAY)
    # A task due in the past, with a character Word cannot print: an overdue line.
    (overdue_task,) = samples.store.conn.execute(
        "SELECT id FROM tasks WHERE plan_id = ? AND deleted_at IS NULL AND status != 'done'"
        " AND due_date < ? ORDER BY due_date LIMIT 1",
        (plan_id, TODAY.isoformat()),
    ).fetchone()
    write_bad_row(
        samples,
        f"UPDATE tasks SET text = 'Rà soát' || char(11) || ' đội ngũ' WHERE id = '{overdue_task}'",
        plan_id,
    )
    write_bad_row(samples, BAD_ROWS["negative_number"], plan_id)
    overview = samples.progress.overview(TODAY)
    assert overview.plan_count == clean.plan_count
    assert overview.totals == clean.totals  # every task counted, none lost
    (named,) = overview.flagged
    assert "Nghị quyết số 96-NQ/TU" in named
    assert overview.left_out == ()
    (flagged_line,) = [o for o in overview.overdue if FLAG_PREFIX in o.text]
    assert flagged_line.text.startswith("Rà soát đội ngũ")

    written = samples.documents.export_overview(overview, tmp_path / "tong-quan.docx")
    text = docx_text(written)
    assert "1 kế hoạch có dữ liệu sai, đã tính, chỗ sai được đánh dấu" in text
    assert named in text
    assert "\x0b" not in text
    assert highlighted_flags(written)


def test_the_overview_names_a_plan_whose_status_cannot_be_read(samples: Workspace) -> None:
    """In force or not, nobody can say: left out of the figures, and named."""
    plan_id = sample_plan_id(samples, PLAN)
    clean = samples.progress.overview(TODAY)
    write_bad_row(samples, "UPDATE plans SET status = 'bi_mat' WHERE id = :plan", plan_id)
    overview = samples.progress.overview(TODAY)
    assert overview.plan_count == clean.plan_count - 1
    assert overview.flagged == ()
    (named,) = overview.left_out
    assert "Nghị quyết số 96-NQ/TU" in named
    assert "không đọc được trạng thái nên chưa tính" in overview.flagged_text()


def test_a_calendar_line_whose_lead_unit_is_gone_says_so_in_who(samples: Workspace) -> None:
    """Once the unit was dropped from the line's "who" silently, as if the task had none."""
    plan_id = sample_plan_id(samples, PLAN)
    (task_id,) = samples.store.conn.execute(f"SELECT {THE_TASK}", {"plan": plan_id}).fetchone()
    write_bad_row(
        samples,
        "UPDATE task_units SET unit_id = 'khong-co-don-vi' WHERE task_id = "
        f"{THE_TASK} AND role = 'lead' AND deleted_at IS NULL",
        plan_id,
    )
    june = (dt.date(2026, 6, 1), dt.date(2026, 6, 30), TODAY)
    (line, *_) = [i for i in samples.calendar.items(*june) if i.object_id == task_id]
    assert line.who == GONE_LEAD
    assert line.flagged
    assert not line.label.startswith(FLAG_PREFIX)  # the line itself is as it was
    # The month view reads the lines without their units, and fills in those it shows.
    bare = [i for i in samples.calendar.items(*june, with_leads=False) if i.object_id == task_id]
    (filled, *_) = samples.calendar.with_leads(bare)
    assert filled.who == GONE_LEAD
    assert filled.flagged


def _break_first_event_date(samples: Workspace, plan_id: str) -> None:
    """The plan's first campaign day gets a date no calendar has (31 February)."""
    write_bad_row(
        samples,
        "UPDATE events SET event_date = '2026-02-31' WHERE id = (SELECT id FROM events"
        " WHERE plan_id = :plan AND deleted_at IS NULL ORDER BY position LIMIT 1)",
        plan_id,
    )
