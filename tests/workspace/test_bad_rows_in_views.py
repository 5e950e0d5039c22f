"""Bad rows already inside (an older version, a hand-edited file) in the views (issue 22).

Each test writes a row the record rules refuse straight into the file, past the value checks
as a version before them could, and opens the views, exports and sheets: the bad row shows
flagged and the rest shows, or a document that cannot be printed from it is refused with a
message naming check-db; never a traceback.
"""

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from docx import Document

from desktop_app.domain.calendar import CalendarItem, ItemKind
from desktop_app.domain.errors import UserError
from desktop_app.domain.holidays import OfficeDayKind
from desktop_app.domain.ids import PlanId
from desktop_app.domain.plans import TaskStatus
from desktop_app.domain.progress import ProgressKey, Report
from desktop_app.domain.record_rules import FLAG_MARK
from desktop_app.workspace import Workspace
from desktop_app.workspace.documents import DocumentKind
from tests.conftest import sample_plan_id
from tests.storage.test_integrity import as_an_older_version

TODAY = dt.date(2026, 6, 1)


def _write_raw(conn: sqlite3.Connection, sql: str, *params: object) -> None:
    """Write past the value checks, as a version before them or a hand edit could.

    Only values the schema's own CHECKs allow: such a file still passes SQLite's checks
    at open, and is read row by row.
    """
    as_an_older_version(conn)
    assert conn.execute(sql, params).rowcount > 0, sql


def _june(ws: Workspace) -> list[CalendarItem]:
    return ws.calendar.month_items(2026, 6, TODAY)


def test_a_plan_with_an_impossible_date_is_flagged_in_the_calendar_and_the_overview(
    samples: Workspace, tmp_path: Path
) -> None:
    plan_id = sample_plan_id(samples, "phu_lac")
    before = _june(samples)
    ours = [i for i in before if i.plan_id == plan_id]
    assert ours
    assert len(ours) < len(before)
    counted = samples.progress.overview(TODAY).plan_count
    _write_raw(
        samples.store.conn, "UPDATE plans SET plan_date = '2025-02-31' WHERE id = ?", plan_id
    )

    items = _june(samples)
    assert len(items) == len(before)  # nothing lost
    assert all(i.flagged and i.label.startswith(FLAG_MARK) for i in items if i.plan_id == plan_id)
    assert not any(i.flagged for i in items if i.plan_id != plan_id)
    assert samples.calendar.agenda(TODAY) is not None

    overview = samples.progress.overview(TODAY)
    assert overview.plan_count == counted  # counted flagged (it was once left out)
    assert len(overview.flagged) == 1
    assert overview.flagged[0].startswith("“Tổ chức thực hiện ra quân")  # no date: bad
    assert "Kiểm tra dữ liệu" in overview.flagged_text()
    written = samples.documents.export_overview(overview, tmp_path / "tong-quan.docx")
    assert written.stat().st_size > 0

    ics = samples.documents.export_ics(
        dt.date(2026, 1, 1), dt.date(2026, 12, 31), tmp_path / "l.ics"
    )
    assert "Dữ liệu sai" in ics.read_text(encoding="utf-8").replace("\r\n ", "")
    assert samples.documents.export_month_sheet(2026, 6, tmp_path / "t6.xlsx", TODAY).exists()
    # The weekly schedule is written with the flagged line in it, marked, and the clerk is
    # told (it once refused the whole week).
    monday = next(i.day for i in items if i.plan_id == plan_id)
    week = samples.documents.export_weekly_schedule(monday, tmp_path / "tuan.docx", TODAY)
    assert FLAG_MARK in "".join(
        c.text for t in Document(str(week)).tables for r in t.rows for c in r.cells
    )
    assert samples.documents.last_flags
    # The plan's own documents and board refuse, naming the check.
    with pytest.raises(UserError, match="check-db"):
        samples.plans.get(plan_id)


def test_an_impossible_due_day_shows_flagged_in_its_month(samples: Workspace) -> None:
    conn = samples.store.conn
    (task_id, due) = conn.execute(
        "SELECT id, due_date FROM tasks WHERE due_date BETWEEN '2026-06-01' AND '2026-06-30'"
        " AND deleted_at IS NULL LIMIT 1"
    ).fetchone()
    summer = (dt.date(2026, 6, 1), dt.date(2026, 7, 31), TODAY)
    count = len(samples.calendar.items(*summer))
    _write_raw(conn, "UPDATE tasks SET due_date = '2026-06-31' WHERE id = ?", task_id)
    items = samples.calendar.items(*summer)  # once: the whole list failed
    assert len(items) == count
    assert len(samples.calendar.agenda(TODAY).next_30_days) > 0
    (flagged,) = [i for i in items if i.flagged]
    assert flagged.object_id == task_id
    assert flagged.kind is ItemKind.DEADLINE
    assert flagged.day == dt.date(2026, 6, 30)  # the last real day of the month it names
    assert "2026-06-31" in flagged.detail
    assert due != "2026-06-31"
    with pytest.raises(UserError, match="check-db"):
        samples.calendar.set_done(flagged)


def test_a_bad_deadline_counts_the_plan_in_the_overview_by_name(samples: Workspace) -> None:
    conn = samples.store.conn
    plan_id = sample_plan_id(samples, "phu_lac")
    counted = samples.progress.overview(TODAY).plan_count
    _write_raw(
        conn,
        "UPDATE tasks SET deadline_kind = 'month', deadline_year = 2026, deadline_month = 13"
        " WHERE id = (SELECT id FROM tasks WHERE plan_id = ? ORDER BY position LIMIT 1)",
        plan_id,
    )
    overview = samples.progress.overview(TODAY)  # a month 13 once failed the whole overview
    assert overview.plan_count == counted
    assert len(overview.flagged) == 1
    with pytest.raises(UserError, match="check-db"):
        samples.progress.board(samples.plans.get(plan_id), TODAY)


def test_a_progress_entry_with_wrong_figures_is_listed_flagged(samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    task = plan.tasks[0]
    samples.progress.record(
        plan,
        ProgressKey(task_id=task.id),
        Report(status=TaskStatus.IN_PROGRESS, percent=40, text="đang làm"),
        dt.date(2026, 5, 20),
        today=TODAY,
    )
    _write_raw(samples.store.conn, "UPDATE progress_entries SET figures = '[1]'")
    (entry,) = samples.progress.entries(plan.id)  # a list where a table was: once a traceback
    assert entry.text.startswith(FLAG_MARK)
    assert "đang làm" in entry.text
    assert entry.figures == {}
    assert entry.percent is None
    board = samples.progress.board(plan, TODAY)
    assert any(row.result.startswith(FLAG_MARK) for row in board.tasks)
    assert samples.progress.overview(TODAY).flagged == ()


@pytest.mark.parametrize(
    ("sql", "what"),
    [
        ("UPDATE plans SET number = 'abc' WHERE id = ?", "number"),
        ("UPDATE plans SET plan_date = '9999-01-01' WHERE id = ?", "year"),
        (
            "UPDATE sections SET paragraphs = '[1, 2]' WHERE rowid ="
            " (SELECT min(rowid) FROM sections WHERE plan_id = ?)",
            "paragraphs",
        ),
    ],
)
def test_a_plan_read_from_a_bad_row_is_refused_by_the_editor_but_not_by_its_sheet(
    samples: Workspace, tmp_path: Path, sql: str, what: str
) -> None:
    """Each of these once ended in a traceback (ValueError, TypeError) in the Word export."""
    plan_id = sample_plan_id(samples, "phu_lac")
    plan = samples.plans.get(plan_id)
    _write_raw(samples.store.conn, sql, plan_id)
    with pytest.raises(UserError, match="check-db"):
        samples.plans.get(plan_id)
    # The sheet is written, the bad value flagged (see test_flagged_exports.py).
    samples.progress.export_xlsx([plan], tmp_path / f"{what}.xlsx", today=TODAY)
    assert samples.progress.last_flags
    listed = {s.id: s for s in samples.plans.summaries()}
    assert len(listed) == 5
    overview = samples.progress.overview(TODAY)
    assert overview.flagged, what
    assert samples.documents.export_overview(overview, tmp_path / "o.docx").exists()


def test_control_characters_in_a_title_do_not_break_the_overview_document(
    samples: Workspace, tmp_path: Path
) -> None:
    plan_id = sample_plan_id(samples, "phu_lac")
    _write_raw(
        samples.store.conn,
        "UPDATE plans SET title = 'Kế hoạch' || char(0) || char(11) || ' ra quân' WHERE id = ?",
        plan_id,
    )
    overview = samples.progress.overview(TODAY)
    assert samples.documents.export_overview(overview, tmp_path / "o.docx").exists()


def test_a_report_with_a_wrong_signature_is_refused_by_the_editor_printed_flagged(
    samples: Workspace, tmp_path: Path
) -> None:
    plan_id: PlanId = sample_plan_id(samples, "phu_lac")
    plan = samples.plans.get(plan_id)
    samples.documents.save_report(samples.documents.new_report(plan, dt.date(2026, 5, 30)))
    _write_raw(samples.store.conn, "UPDATE reports SET signature = '[]'")
    with pytest.raises(UserError, match="check-db"):  # once an AttributeError
        samples.documents.reports(plan_id)
    # The report editor refuses it; the printed report shows the bad value flagged.
    written = samples.documents.export_docx(plan, tmp_path / "bc.docx", DocumentKind.REPORT)
    assert "Chữ ký" in "".join(p.text for p in Document(str(written)).paragraphs)
    assert samples.documents.last_flags


def test_a_unit_and_a_hamlet_of_an_unknown_kind_are_listed_flagged(samples: Workspace) -> None:
    conn = samples.store.conn
    units, hamlets = samples.directory.units(), samples.directory.hamlets()
    unit, hamlet = units[0], hamlets[0]
    _write_raw(conn, "UPDATE units SET kind = 'bi_mat' WHERE id = ?", unit.id)
    _write_raw(conn, "UPDATE hamlets SET kind = 'bi_mat' WHERE id = ?", hamlet.id)
    listed_units = samples.directory.units()  # once: the whole list failed, and the overview
    listed_hamlets = samples.directory.hamlets()
    assert [u.id for u in listed_units] == [u.id for u in units]
    assert [h.id for h in listed_hamlets] == [h.id for h in hamlets]
    (bad_unit,) = [u for u in listed_units if u.flagged]
    (bad_hamlet,) = [h for h in listed_hamlets if h.flagged]
    assert bad_unit.name == f"{FLAG_MARK} {unit.name}"
    assert bad_hamlet.name == f"{FLAG_MARK} {hamlet.name}"
    assert samples.progress.overview(TODAY).plan_count > 0
    # A flagged row is not saved back over the stored one: the check repairs it.
    with pytest.raises(UserError, match="check-db"):
        samples.directory.save_unit(bad_unit)
    with pytest.raises(UserError, match="check-db"):
        samples.directory.save_hamlet(bad_hamlet)


def test_an_office_day_that_cannot_be_read_is_left_out_and_counted(
    samples: Workspace, tmp_path: Path
) -> None:
    samples.calendar.save_office_day(dt.date(2026, 6, 10), OfficeDayKind.OFF, "Nghỉ bù")
    samples.calendar.save_office_day(dt.date(2026, 6, 13), OfficeDayKind.WORKDAY, "Làm bù")
    _write_raw(
        samples.store.conn, "UPDATE calendar_days SET day = '2026-06-31' WHERE name = ?", "Nghỉ bù"
    )
    june = (dt.date(2026, 6, 1), dt.date(2026, 7, 31))
    (kept,) = samples.calendar.office_days(*june)  # once: the calendar failed to open at all
    assert kept.name == "Làm bù"
    assert samples.calendar.unreadable_office_days() == 1
    assert dt.date(2026, 6, 13) in samples.calendar.workdays(*june)
    assert samples.documents.export_month_sheet(2026, 6, tmp_path / "t6.xlsx", TODAY).exists()
