"""Progress: recording reports, the progress board, and sheets that go out and come back.

Everything here runs on a real workspace file with the five sample plans, without Qt. The
sheets are filled in with openpyxl the way a unit does it in Excel.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.ids import TaskId
from desktop_app.domain.plans import Plan, TaskStatus
from desktop_app.domain.progress import (
    CampaignState,
    ProgressKey,
    Report,
    TaskRow,
    TaskState,
)
from desktop_app.domain.sheet_changes import ScopeKind, SheetScope
from desktop_app.domain.sheet_layout import CAMPAIGN_SHEET, TASKS_SHEET
from desktop_app.workspace import Workspace
from tests.conftest import DEVICE, sample_plan_id

TODAY = dt.date(2026, 1, 20)
MEASURES = ("Đường được vệ sinh (km)", "Cây xanh trồng mới (cây)")


@pytest.fixture
def phu_lac(samples: Workspace) -> Plan:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    return samples.progress.set_measures(plan, MEASURES)


def _row(ws: Workspace, plan: Plan, number: str) -> TaskRow:
    return next(r for r in ws.progress.board(plan, TODAY).tasks if r.number == number)


# ---- recording and the board ---------------------------------------------------------------


def test_a_report_sets_the_status_and_joins_the_log(samples: Workspace, phu_lac: Plan) -> None:
    row = _row(samples, phu_lac, "6")
    assert row.state is TaskState.NOT_STARTED
    report = Report(TaskStatus.IN_PROGRESS, 40, "Đã họp triển khai", "Báo cáo số 03/BC-KT")
    samples.progress.record(phu_lac, row.key, report, dt.date(2026, 1, 15), today=TODAY)

    again = _row(samples, phu_lac, "6")
    assert (again.state, again.percent, again.result) == (TaskState.IN_PROGRESS, 40, report.text)
    assert again.document == "Báo cáo số 03/BC-KT"
    assert again.reported_on == dt.date(2026, 1, 15)
    [entry] = samples.progress.log(phu_lac)
    assert (entry.source, entry.unit_id) == ("Nhập tay", row.task.lead[0].id)
    # The status is the task's own now, so the calendar and the report see it too.
    assert samples.plans.get(phu_lac.id).tasks[5].status is TaskStatus.IN_PROGRESS


def test_overdue_is_computed_from_the_due_date_and_done_clears_it(
    samples: Workspace, phu_lac: Plan
) -> None:
    late = _row(samples, phu_lac, "7.1")  # due 10/01/2026
    assert late.state is TaskState.OVERDUE
    assert samples.progress.board(phu_lac, dt.date(2026, 1, 10)).tasks[9].state is not (
        TaskState.OVERDUE
    )
    samples.progress.record(
        phu_lac, late.key, Report(TaskStatus.DONE), dt.date(2026, 1, 12), today=TODAY
    )
    assert _row(samples, phu_lac, "7.1").state is TaskState.DONE
    assert _row(samples, phu_lac, "7.2").state is TaskState.NOT_STARTED  # its own status
    board = samples.progress.board(phu_lac, TODAY)
    assert board.overdue_first()[0].state is TaskState.OVERDUE
    kinh_te = next(t for t in board.by_unit() if t.unit.name == "Phòng Kinh tế")
    assert kinh_te.counts[TaskState.DONE] == 1


def test_a_report_with_a_bad_date_or_value_is_refused_and_nothing_is_saved(
    samples: Workspace, phu_lac: Plan
) -> None:
    key = _row(samples, phu_lac, "6").key
    cases: list[tuple[Report, dt.date, str]] = [
        (Report(TaskStatus.DONE), dt.date(2026, 2, 1), "còn chưa đến"),
        (Report(TaskStatus.DONE), dt.date(2025, 11, 1), "trước ngày của kế hoạch"),
        (Report(percent=140), TODAY, "từ 0 đến 100"),
        (Report(text="x" * 5000), TODAY, "dài quá"),
    ]
    for report, day, message in cases:
        with pytest.raises(UserError, match=message):
            samples.progress.record(phu_lac, key, report, day, today=TODAY)
    with pytest.raises(NotFoundError):
        samples.progress.record(phu_lac, ProgressKey(task_id=TaskId("nope")), Report(), TODAY)
    assert samples.progress.log(phu_lac) == []


def test_campaign_days_per_hamlet_with_the_plans_own_measures(
    samples: Workspace, phu_lac: Plan
) -> None:
    board = samples.progress.board(phu_lac, TODAY)
    first = board.campaigns[0]
    assert first.state is CampaignState.MISSING  # 06/12/2025 has passed, nothing came
    report = Report(participants=85, figures={MEASURES[0]: 1.5, MEASURES[1]: 40}, note="Tốt")
    samples.progress.record(phu_lac, first.key, report, dt.date(2025, 12, 8), today=TODAY)
    with pytest.raises(UserError, match="không có chỉ tiêu"):
        samples.progress.record(
            phu_lac, first.key, Report(figures={"Rác (kg)": 3}), TODAY, today=TODAY
        )
    board = samples.progress.board(phu_lac, TODAY)
    tally = next(t for t in board.by_hamlet() if t.hamlet.id == first.hamlet.id)
    assert (tally.days_past, tally.days_reported, tally.participants) == (2, 1, 85)
    assert tally.figures == {MEASURES[0]: 1.5, MEASURES[1]: 40.0}
    assert board.by_hamlet()[0].days_reported == 0  # those that reported nothing come first
    coming = [c for c in board.campaigns if c.event.date > TODAY]
    assert coming
    assert all(c.state is CampaignState.COMING for c in coming)


def test_measures_are_checked(samples: Workspace, phu_lac: Plan) -> None:
    with pytest.raises(UserError, match="bị trùng"):
        samples.progress.set_measures(phu_lac, ["Cây xanh", "cây XANH"])
    assert samples.progress.set_measures(phu_lac, [" Cây xanh ", ""]).measures == ("Cây xanh",)


def test_marking_done_on_the_calendar_is_logged(samples: Workspace, phu_lac: Plan) -> None:
    [item] = [
        i
        for i in samples.calendar.items(dt.date(2026, 1, 10), dt.date(2026, 1, 10), TODAY)
        if i.plan_id == phu_lac.id
    ]
    samples.calendar.set_done(item)
    [entry] = samples.progress.log(phu_lac)
    assert (entry.status, entry.occurrence, entry.source) == (
        TaskStatus.DONE,
        dt.date(2026, 1, 10),
        "Đánh dấu trên lịch",
    )
    assert _row(samples, phu_lac, "7.1").state is TaskState.DONE


# ---- a unit's sheet goes out and comes back ------------------------------------------------


def _rows_by_key(sheet: Worksheet) -> dict[str, int]:
    return {
        str(sheet.cell(r, 1).value): r
        for r in range(6, sheet.max_row + 1)
        if sheet.cell(r, 1).value
    }


def _fill(path: Path, edit: Callable[[Worksheet, dict[str, int]], None], sheet: str) -> None:
    """Open the sheet as Excel would, let ``edit`` fill it in, save it."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    edit(ws, _rows_by_key(ws))
    book.save(path)


@pytest.fixture
def kinh_te(samples: Workspace, phu_lac: Plan, tmp_path: Path) -> Path:
    scope = samples.progress.unit_scope("phong kinh te")
    assert scope == SheetScope(ScopeKind.UNIT, scope.id, "Phòng Kinh tế")
    name = samples.progress.sheet_file_name([phu_lac], scope)
    assert name == "phieu-tien-do-chua-so-to-chuc-thuc-hien-ra-quan-phong-kinh-te.xlsx"
    return samples.progress.export_xlsx([phu_lac], tmp_path / name, scope, today=TODAY)


def test_a_units_sheet_holds_only_its_rows(
    samples: Workspace, phu_lac: Plan, kinh_te: Path
) -> None:
    book = openpyxl.load_workbook(kinh_te)
    keys = _rows_by_key(book[TASKS_SHEET])
    mine = {
        r.key.token() for r in samples.progress.board(phu_lac, TODAY).tasks if r.number[0] in "67"
    }
    assert {k for k in keys if k.startswith("T:")} == {
        k for k in mine if "@" not in k or k.split("@")[1] <= "2026-03-06"
    }
    # And the campaign days of the hamlets the assignment table puts it in charge of.
    [assignment] = [a for a in phu_lac.assignments if a.unit.name == "Phòng Kinh tế"]
    hamlets = {h.name for h in assignment.hamlets}
    campaign = book[CAMPAIGN_SHEET]
    rows = range(6, campaign.max_row + 1)
    assert {campaign.cell(r, 3).value for r in rows} == hamlets
    assert len(rows) == len(hamlets) * len(phu_lac.events)


def test_a_filled_in_sheet_comes_back_as_exactly_its_changes(
    samples: Workspace, phu_lac: Plan, kinh_te: Path
) -> None:
    keys = {r.number: r.key.token() for r in samples.progress.board(phu_lac, TODAY).tasks}

    def fill(ws: Worksheet, rows: dict[str, int]) -> None:
        six, seven = rows[keys["6"]], rows[keys["7.1"]]
        ws[f"G{six}"] = "Đang thực hiện"
        ws[f"H{six}"] = 60
        ws[f"I{six}"] = "Đã rà soát 12/20 xóm"
        ws[f"J{six}"] = "012/BC-KT"
        ws[f"G{seven}"] = "Hoàn thành"
        ws[f"I{seven}"] = "Đã gửi báo cáo tháng 12"
        ws[f"K{seven}"] = dt.datetime(2026, 1, 9)  # the date the unit changed

    _fill(kinh_te, fill, TASKS_SHEET)
    preview = samples.progress.preview_xlsx(kinh_te, phu_lac, today=TODAY)
    assert preview.problems == ()
    changed = {
        c.label.split(".")[0]: {(f.label, f.old, f.new) for f in c.fields} for c in preview.changes
    }
    assert changed == {
        "6": {
            ("Trạng thái", "Chưa thực hiện", "Đang thực hiện"),
            ("Tỷ lệ (%)", "(trống)", "60%"),
            ("Kết quả thực hiện", "(trống)", "Đã rà soát 12/20 xóm"),
            ("Văn bản báo cáo", "(trống)", "012/BC-KT"),
        },
        "7": {
            ("Trạng thái", "Chưa thực hiện", "Hoàn thành"),
            ("Kết quả thực hiện", "(trống)", "Đã gửi báo cáo tháng 12"),
        },
    }
    assert [c.warnings for c in preview.changes] == [(), ()]
    seven = next(c for c in preview.changes if c.label.startswith("7"))
    assert seven.reported_on == dt.date(2026, 1, 9)

    assert samples.progress.apply_xlsx(preview, today=TODAY) == 2
    log = samples.progress.log(phu_lac)
    assert len(log) == 2
    assert {e.source for e in log} == {f"Phiếu Excel: {kinh_te.name}"}
    assert {e.reporter for e in log} == {"Phòng Kinh tế"}
    assert {e.unit_id for e in log} == {samples.progress.unit_scope("Phòng Kinh tế").id}
    assert {(e.text, e.reported_on) for e in log} == {
        ("Đã rà soát 12/20 xóm", TODAY),
        ("Đã gửi báo cáo tháng 12", dt.date(2026, 1, 9)),
    }
    assert _row(samples, phu_lac, "7.1").state is TaskState.DONE
    assert _row(samples, phu_lac, "6").percent == 60

    again = samples.progress.preview_xlsx(kinh_te, phu_lac, today=TODAY)
    assert again.changes == ()
    assert samples.progress.apply_xlsx(again, today=TODAY) == 0
    assert len(samples.progress.log(phu_lac)) == 2


def test_an_untouched_row_never_undoes_newer_progress_and_older_news_is_flagged(
    samples: Workspace, phu_lac: Plan, kinh_te: Path
) -> None:
    six, seven = _row(samples, phu_lac, "6"), _row(samples, phu_lac, "7.1")
    # After the sheet went out, the clerk heard from the unit by phone.
    samples.progress.record(
        phu_lac, six.key, Report(TaskStatus.DONE, 100), dt.date(2026, 1, 18), today=TODAY
    )
    samples.progress.record(
        phu_lac, seven.key, Report(TaskStatus.IN_PROGRESS), dt.date(2026, 1, 18), today=TODAY
    )

    def fill(ws: Worksheet, rows: dict[str, int]) -> None:
        row = rows[seven.key.token()]
        ws[f"I{row}"] = "Đã tổng hợp xong"
        ws[f"K{row}"] = dt.datetime(2026, 1, 16)  # older than what the program has

    _fill(kinh_te, fill, TASKS_SHEET)
    preview = samples.progress.preview_xlsx(kinh_te, phu_lac, today=TODAY)
    [change] = preview.changes  # row 6 was not touched: its old values are not news
    assert change.key == seven.key
    assert not change.ticked
    assert "cũ hơn" in change.warnings[0]
    assert samples.progress.apply_xlsx(preview, today=TODAY) == 0  # nothing ticked, nothing applied
    assert _row(samples, phu_lac, "6").state is TaskState.DONE
    # Ticked on purpose, it is applied, with its own date.
    assert samples.progress.apply_xlsx(preview, {0: {"text"}}, today=TODAY) == 1
    assert _row(samples, phu_lac, "7.1").result == "Đã tổng hợp xong"
    assert _row(samples, phu_lac, "7.1").status is TaskStatus.IN_PROGRESS


def test_reordered_deleted_and_added_rows(samples: Workspace, phu_lac: Plan, kinh_te: Path) -> None:
    keys = {r.number: r.key.token() for r in samples.progress.board(phu_lac, TODAY).tasks}

    def fill(ws: Worksheet, rows: dict[str, int]) -> None:
        six, seven = rows[keys["6"]], rows[keys["7.1"]]
        ws[f"H{six}"] = 30
        ws[f"H{seven}"] = 10
        # Swap the two rows whole, hidden cells included, as a sort would.
        for column in range(1, 16):
            a, b = ws.cell(six, column), ws.cell(seven, column)
            a.value, b.value = b.value, a.value
        ws.delete_rows(rows[keys["7.2"]])
        last = ws.max_row + 1
        ws[f"C{last}"] = "Kiểm tra các mô hình vườn mẫu"
        ws[f"G{last}"] = "Đang thực hiện"

    _fill(kinh_te, fill, TASKS_SHEET)
    preview = samples.progress.preview_xlsx(kinh_te, phu_lac, today=TODAY)
    assert preview.problems == ()
    by_key = {c.key.token() if c.key else None: c for c in preview.changes}
    assert by_key[keys["6"]].fields[0].new == "30%"
    assert by_key[keys["7.1"]].fields[0].new == "10%"
    added = by_key[None]
    assert added.new_task == "Kiểm tra các mô hình vườn mẫu"
    assert not added.ticked
    assert preview.notes == (
        "1 dòng của phiếu đã bị xóa khỏi tệp; các việc đó giữ nguyên trong chương trình.",
    )
    index = preview.changes.index(added)
    ticked = {i: {f.name for f in c.fields} for i, c in enumerate(preview.changes)}
    assert samples.progress.apply_xlsx(preview, ticked, today=TODAY) == 3
    plan = samples.plans.get(phu_lac.id)
    new = plan.tasks[-1]
    assert new.text == "Kiểm tra các mô hình vườn mẫu"
    assert [u.name for u in new.lead] == ["Phòng Kinh tế"]
    assert new.status is TaskStatus.IN_PROGRESS
    assert index >= 0


def test_a_hamlet_heads_sheet_brings_back_the_campaign_figures(
    samples: Workspace, phu_lac: Plan, tmp_path: Path
) -> None:
    board = samples.progress.board(phu_lac, TODAY)
    hamlet = board.campaigns[0].hamlet
    scope = samples.progress.unit_scope(hamlet.name)
    path = samples.progress.export_xlsx([phu_lac], tmp_path / "xom.xlsx", scope, today=TODAY)
    first, second = [c.key.token() for c in board.campaigns if c.hamlet == hamlet][:2]

    def fill(ws: Worksheet, rows: dict[str, int]) -> None:
        assert ws["H5"].value == MEASURES[0]
        ws[f"G{rows[first]}"] = 120
        ws[f"H{rows[first]}"] = "1,5"
        ws[f"I{rows[first]}"] = 30
        ws[f"J{rows[first]}"] = "Phát quang đường trục xóm"
        ws[f"G{rows[second]}"] = 95

    _fill(path, fill, CAMPAIGN_SHEET)
    preview = samples.progress.preview_xlsx(path, today=TODAY)
    assert [len(c.fields) for c in preview.changes] == [4, 1]
    samples.progress.apply_xlsx(preview, today=TODAY)
    tally = next(
        t for t in samples.progress.board(phu_lac, TODAY).by_hamlet() if t.hamlet == hamlet
    )
    assert (tally.days_reported, tally.participants) == (2, 215)
    assert tally.figures == {MEASURES[0]: 1.5, MEASURES[1]: 30.0}
    assert samples.progress.preview_xlsx(path, today=TODAY).changes == ()


# ---- sheets that must be refused -----------------------------------------------------------


def test_a_sheet_of_another_offices_data_is_refused(
    samples: Workspace, phu_lac: Plan, kinh_te: Path, tmp_path: Path
) -> None:
    other = Workspace.open(tmp_path / "other.sqlite", device=DEVICE)
    other.plan_import.load_samples()
    try:
        with pytest.raises(
            UserError, match=r"máy hoặc cơ quan khác.*\u201cTổ chức thực hiện ra quân"
        ):
            other.progress.preview_xlsx(kinh_te, today=TODAY)
    finally:
        other.close()


def test_a_sheet_of_another_plan_or_a_deleted_plan_is_refused(
    samples: Workspace, phu_lac: Plan, kinh_te: Path
) -> None:
    kon_tum = samples.plans.get(sample_plan_id(samples, "kon_tum"))
    with pytest.raises(
        UserError,
        match=r"của kế hoạch .Tổ chức.*ngày 02/12/2025.*không phải kế hoạch đang chọn .95-KH/TU ",
    ):
        samples.progress.preview_xlsx(kinh_te, kon_tum, today=TODAY)
    samples.plans.delete(phu_lac.id)
    with pytest.raises(UserError, match="không còn trong dữ liệu"):
        samples.progress.preview_xlsx(kinh_te, today=TODAY)


def _problems(ws: Workspace, path: Path) -> tuple[str, ...]:
    return ws.progress.preview_xlsx(path, today=TODAY).problems


def test_bad_cells_give_row_by_row_messages_and_nothing_is_saved(
    samples: Workspace, phu_lac: Plan, kinh_te: Path
) -> None:
    keys = {r.number: r.key.token() for r in samples.progress.board(phu_lac, TODAY).tasks}

    def fill(ws: Worksheet, rows: dict[str, int]) -> None:
        ws[f"H{rows[keys['6']]}"] = "gần xong"
        ws[f"K{rows[keys['6']]}"] = "31/02/2026"
        ws[f"G{rows[keys['7.1']]}"] = "Quá hạn"
        ws[f"I{rows[keys['7.1']]}"] = "=1+1"
        ws[f"G{rows[keys['7.2']]}"] = "Xong rồi"
        ws[f"H{rows[keys['7.2']]}"] = 20  # a good cell on a bad row is not applied either

    _fill(kinh_te, fill, TASKS_SHEET)
    preview = samples.progress.preview_xlsx(kinh_te, today=TODAY)
    problems = "\n".join(preview.problems)
    assert "\u201cgần xong\u201d" in problems
    assert "ngày \u201c31/02/2026\u201d không có thật" in problems
    assert "Quá hạn\u201d do chương trình tự tính" in problems
    assert "là công thức" in problems
    assert "\u201cXong rồi\u201d không có trong danh sách" in problems
    assert all(p.startswith("Trang \u201cNhiệm vụ\u201d, dòng ") for p in preview.problems)
    assert not preview.can_apply
    with pytest.raises(UserError, match="5 lỗi"):
        samples.progress.apply_xlsx(preview, {0: {"percent"}}, today=TODAY)
    assert samples.progress.log(phu_lac) == []


def test_a_moved_column_is_refused(samples: Workspace, kinh_te: Path) -> None:
    def fill(ws: Worksheet, _rows: dict[str, int]) -> None:
        ws.insert_cols(4)

    _fill(kinh_te, fill, TASKS_SHEET)
    with pytest.raises(UserError, match="ô D5: cột này phải là \u201cChủ trì\u201d"):
        samples.progress.preview_xlsx(kinh_te, today=TODAY)


def test_a_copied_row_and_a_damaged_key_are_reported(
    samples: Workspace, phu_lac: Plan, kinh_te: Path
) -> None:
    keys = {r.number: r.key.token() for r in samples.progress.board(phu_lac, TODAY).tasks}

    def fill(ws: Worksheet, rows: dict[str, int]) -> None:
        last = ws.max_row + 1
        for column in range(1, 16):
            ws.cell(last, column).value = ws.cell(rows[keys["6"]], column).value
        ws[f"A{rows[keys['7.1']]}"] = "T:<script>"
        ws[f"A{rows[keys['7.2']]}"] = "T:" + "0" * 32  # a task of no plan of the sheet
        ws[f"H{rows[keys['7.2']]}"] = 50  # filled in: not a row to pass over

    _fill(kinh_te, fill, TASKS_SHEET)
    problems = "\n".join(_problems(samples, kinh_te))
    assert "trùng với dòng" in problems
    assert "mã ẩn của dòng bị sửa" in problems
    assert "không còn trong kế hoạch của phiếu" in problems


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"\x00junk" * 100), "không phải bảng tính Excel"),
        (lambda p: p.write_bytes(p.read_bytes()[:3000]), "không phải bảng tính Excel"),
        (lambda p: p.rename(p.with_suffix(".csv")), "Không tìm thấy tệp"),
        (lambda p: openpyxl.Workbook().save(p), "không phải phiếu tiến độ"),
    ],
    ids=["junk", "truncated", "gone", "plain-workbook"],
)
def test_broken_files_give_a_clear_message(
    samples: Workspace, kinh_te: Path, make: Callable[[Path], Any], message: str
) -> None:
    make(kinh_te)
    with pytest.raises(UserError, match=message):
        samples.progress.preview_xlsx(kinh_te, today=TODAY)


def test_a_huge_file_and_a_zip_bomb_are_refused_before_parsing(
    samples: Workspace, tmp_path: Path
) -> None:
    import zipfile  # noqa: PLC0415

    huge = tmp_path / "huge.xlsx"
    with huge.open("wb") as handle:
        handle.truncate(70 * 1024 * 1024)
    with pytest.raises(UserError, match="quá lớn"):
        samples.progress.preview_xlsx(huge)
    bomb = tmp_path / "bomb.xlsx"
    chunk = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(450):
            member.write(chunk)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(UserError, match="giải nén ra tới 450 MB"):
        samples.progress.preview_xlsx(bomb)


def _with_entity_bomb(sheet: Path) -> None:
    """Put a billion laughs (640 MB once expanded) into every worksheet of ``sheet``."""
    import zipfile  # noqa: PLC0415

    with zipfile.ZipFile(sheet) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "' + b"a" * 64 + b'">'
    for level in "bcdefgh":  # each one ten times the one before: 640 MB once expanded
        before = chr(ord(level) - 1)
        laughs += f'<!ENTITY {level} "{f"&{before};" * 10}">'.encode()
    laughs += b"]>"
    for name, body in parts.items():
        if name.startswith("xl/worksheets/sheet"):
            bare = body.split(b"?>", 1)[1] if body.startswith(b"<?xml") else body
            parts[name] = laughs + bare.replace(b"<sheetData>", b"<sheetData>&h;", 1)
    with zipfile.ZipFile(sheet, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_xml_entities_in_a_sheet_are_refused(samples: Workspace, kinh_te: Path) -> None:
    _with_entity_bomb(kinh_te)
    with pytest.raises(UserError, match="bị hỏng"):
        samples.progress.preview_xlsx(kinh_te)


def test_a_refused_sheet_is_closed_at_once(
    samples: Workspace, kinh_te: Path, opened_files: list[Any]
) -> None:
    # openpyxl used to leave its zip open when it refused the workbook: the file stayed open
    # until the garbage collector found it (a ResourceWarning in a later test), and on
    # Windows it could be neither replaced nor deleted meanwhile.
    _with_entity_bomb(kinh_te)
    opened_files.clear()
    with pytest.raises(UserError, match="bị hỏng"):
        samples.progress.preview_xlsx(kinh_te)
    sheets = [f for f in opened_files if Path(str(getattr(f, "name", ""))) == kinh_te]
    assert sheets
    assert [f for f in sheets if not f.closed] == []
    kinh_te.unlink()  # refused on Windows while a handle is open


# ---- found in review: each of these once went wrong -----------------------------------------


def test_a_campaign_row_filled_twice_flags_the_second_sheet(
    samples: Workspace, phu_lac: Plan, tmp_path: Path
) -> None:
    board = samples.progress.board(phu_lac, TODAY)
    row = board.campaigns[0]
    hamlet_sheet = samples.progress.export_xlsx(
        [phu_lac], tmp_path / "xom.xlsx", samples.progress.unit_scope(row.hamlet.name), today=TODAY
    )
    unit_sheet = samples.progress.export_xlsx(
        [phu_lac], tmp_path / "dv.xlsx", samples.progress.unit_scope(row.units[0].name), today=TODAY
    )
    for path, people in ((hamlet_sheet, 30), (unit_sheet, 25)):

        def fill(ws: Worksheet, rows: dict[str, int], n: int = people) -> None:
            ws[f"G{rows[row.key.token()]}"] = n

        _fill(path, fill, CAMPAIGN_SHEET)
    samples.progress.apply_xlsx(
        samples.progress.preview_xlsx(hamlet_sheet, today=TODAY), today=TODAY
    )
    [change] = samples.progress.preview_xlsx(unit_sheet, today=TODAY).changes
    assert not change.ticked
    assert change.fields[0].conflict
    # And the same sheet read again after a newer report by hand undoes nothing by itself.
    samples.progress.record(phu_lac, row.key, Report(participants=35), TODAY, today=TODAY)
    again = samples.progress.preview_xlsx(hamlet_sheet, today=TODAY)
    assert [c.ticked for c in again.changes] == [False]
    assert samples.progress.apply_xlsx(again, today=TODAY) == 0


def test_a_cleared_hidden_baseline_never_undoes_newer_progress(
    samples: Workspace, phu_lac: Plan, kinh_te: Path
) -> None:
    six = _row(samples, phu_lac, "6")
    samples.progress.record(phu_lac, six.key, Report(TaskStatus.DONE), TODAY, today=TODAY)
    _fill(kinh_te, lambda ws, rows: ws.__setitem__(f"O{rows[six.key.token()]}", None), TASKS_SHEET)
    [change] = samples.progress.preview_xlsx(kinh_te, today=TODAY).changes
    assert not change.ticked
    assert "Ô ẩn của dòng" in change.warnings[0]


def test_rows_that_cannot_be_applied_are_named_in_the_preview(
    samples: Workspace, phu_lac: Plan, kinh_te: Path
) -> None:
    key = _row(samples, phu_lac, "6").key.token()

    def fill(ws: Worksheet, rows: dict[str, int]) -> None:
        ws[f"H{rows[key]}"] = 40
        ws[f"K{rows[key]}"] = "01/01/2025"  # before the plan
        ws[f"H{ws.max_row + 1}"] = 10  # a number in a spare row with no task

    _fill(kinh_te, fill, TASKS_SHEET)
    problems = "\n".join(_problems(samples, kinh_te))
    assert "đứng trước ngày của kế hoạch (02/12/2025)" in problems
    assert "chưa có nội dung nhiệm vụ" in problems


def test_an_added_task_is_added_once_and_a_deleted_task_passes_quietly(
    samples: Workspace, phu_lac: Plan, kinh_te: Path
) -> None:
    def fill(ws: Worksheet, _rows: dict[str, int]) -> None:
        ws[f"C{ws.max_row + 1}"] = "Vệ sinh đường làng"

    _fill(kinh_te, fill, TASKS_SHEET)
    preview = samples.progress.preview_xlsx(kinh_te, today=TODAY)
    assert (
        samples.progress.apply_xlsx(preview, {0: {f.name for f in preview.changes[0].fields}}) == 1
    )
    again = samples.progress.preview_xlsx(kinh_te, today=TODAY)
    assert again.changes == ()
    assert any("đã có trong kế hoạch" in n for n in again.notes)
    plan = samples.plans.get(phu_lac.id)
    samples.plans.save(replace(plan, tasks=plan.tasks[:5] + plan.tasks[6:]))  # task 6 goes
    preview = samples.progress.preview_xlsx(kinh_te, today=TODAY)
    assert preview.problems == ()
    assert any("đã bị xóa khỏi kế hoạch" in n for n in preview.notes)


def test_a_renamed_sheet_is_refused_and_sorted_visible_columns_are_flagged(
    samples: Workspace, phu_lac: Plan, kinh_te: Path, tmp_path: Path
) -> None:
    keys = {r.number: r.key.token() for r in samples.progress.board(phu_lac, TODAY).tasks}
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(kinh_te.read_bytes())

    def swap(ws: Worksheet, rows: dict[str, int]) -> None:
        ws[f"H{rows[keys['7.1']]}"] = 80
        for column in range(2, 13):  # B:L only: the hidden key stays behind
            a, b = ws.cell(rows[keys["6"]], column), ws.cell(rows[keys["7.1"]], column)
            a.value, b.value = b.value, a.value

    _fill(kinh_te, swap, TASKS_SHEET)
    [change] = samples.progress.preview_xlsx(kinh_te, today=TODAY).changes
    assert change.key is not None
    assert change.key.token() == keys["6"]
    assert not change.ticked
    assert "khác với việc trong chương trình" in change.warnings[0]

    book = openpyxl.load_workbook(copy)
    book[TASKS_SHEET].title = "Nhiệm vụ - Phòng KT"
    book.save(copy)
    with pytest.raises(UserError, match=r"không còn trang .Nhiệm vụ."):
        samples.progress.preview_xlsx(copy, today=TODAY)


def test_the_office_sheet_holds_every_task_row_of_every_plan(
    samples: Workspace, tmp_path: Path
) -> None:
    day = dt.date(2026, 12, 7)
    plans = [samples.plans.get(s.id) for s in samples.plans.summaries()]
    every = samples.progress.sheet(plans, today=day, with_campaigns=False)
    path = samples.progress.export_office_xlsx(tmp_path / "van-phong.xlsx", today=day)
    ws = openpyxl.load_workbook(path)[TASKS_SHEET]
    keys = [str(ws.cell(row, 1).value) for row in range(6, ws.max_row + 1)]
    written = [k for k in keys if k.startswith("T:")]
    assert written == [r.key.token() for b in every.boards for r in b.tasks]
    assert written


def test_an_office_without_plans_has_no_sheet(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Chưa có kế hoạch"):
        workspace.progress.export_office_xlsx(tmp_path / "x.xlsx")
