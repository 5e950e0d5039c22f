"""The progress workbook: print setup, protection, safe text, and formulas LibreOffice computes."""

import datetime as dt
import os
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import TaskId
from desktop_app.domain.plans import Plan, Task, TaskStatus
from desktop_app.domain.progress import Report
from desktop_app.domain.sheet_changes import ScopeKind, SheetScope
from desktop_app.domain.sheet_layout import CAMPAIGN_SHEET, INFO_SHEET, TASKS_SHEET
from desktop_app.exports.progress_sheet import SUMMARY_SHEET
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id

TODAY = dt.date(2026, 1, 20)
HOSTILE = {
    "formula": '=HYPERLINK("http://example.com","Bấm vào đây")',
    "plus": "+84 912 345 678",
    "minus": "-5 hộ chưa ký cam kết",
    "at": "@SUM(A1:A9)",
    "phone": "0912345678",
}


@pytest.fixture
def phu_lac(samples: Workspace) -> Plan:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    return samples.progress.set_measures(
        plan, ["Đường được vệ sinh (km)", "Cây xanh trồng mới (cây)"]
    )


@pytest.fixture
def workbook_path(samples: Workspace, phu_lac: Plan, tmp_path: Path) -> Path:
    return samples.progress.export_xlsx([phu_lac], tmp_path / "tien-do.xlsx", today=TODAY)


def test_every_sheet_prints_on_a4_landscape_one_page_wide(workbook_path: Path) -> None:
    book = openpyxl.load_workbook(workbook_path)
    assert book.sheetnames == [SUMMARY_SHEET, TASKS_SHEET, CAMPAIGN_SHEET, INFO_SHEET]
    for name in (SUMMARY_SHEET, TASKS_SHEET, CAMPAIGN_SHEET):
        ws = book[name]
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.page_setup.orientation == "landscape"
        fit = ws.sheet_properties.pageSetUpPr
        assert fit is not None
        assert fit.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        footer = ws.oddFooter
        assert footer is not None
        assert footer.right.text == "Trang &P / &N"
        assert ws.page_margins.left == pytest.approx(1.5 / 2.54)
        assert ws.protection.sheet
        assert ws.protection.password is None  # protected against slips, not people
    for name in (TASKS_SHEET, CAMPAIGN_SHEET):
        assert book[name].print_title_rows == "$5:$5"
    # The summary repeats its title and whose sheet it is on every printed page.
    assert book[SUMMARY_SHEET].print_title_rows == "$1:$3"
    for name in (SUMMARY_SHEET, TASKS_SHEET, CAMPAIGN_SHEET):  # the body font, not Calibri
        footer = book[name].oddFooter
        assert footer is not None
        for part in (footer.left, footer.right):
            assert part.font is not None
            assert part.font.startswith("Times New Roman")
    assert book[TASKS_SHEET].freeze_panes == "C6"
    assert book[INFO_SHEET].sheet_state == "veryHidden"


def test_only_the_cells_to_fill_in_are_unlocked(
    samples: Workspace, workbook_path: Path, phu_lac: Plan
) -> None:
    ws = openpyxl.load_workbook(workbook_path)[TASKS_SHEET]
    headers = [c.value for c in ws[5]]
    assert headers[:12] == [
        "Mã",
        "TT",
        "Nội dung nhiệm vụ",
        "Chủ trì",
        "Phối hợp",
        "Thời hạn",
        "Trạng thái",
        "Tỷ lệ (%)",
        "Kết quả thực hiện",
        "Văn bản báo cáo",
        "Ngày cập nhật",
        "Ghi chú",
    ]
    for column in "AMNO":
        assert ws.column_dimensions[column].hidden
    task_rows = [r for r in range(6, ws.max_row + 1) if str(ws[f"A{r}"].value).startswith("T:")]
    assert len(task_rows) == len(samples.progress.board(phu_lac, TODAY).tasks) == 18
    for row in task_rows:
        unlocked = {c.coordinate.rstrip("0123456789") for c in ws[row] if not c.protection.locked}
        assert unlocked == set("GHIJKL")
        assert ws[f"K{row}"].number_format == "DD/MM/YYYY"
        assert ws[f"I{row}"].number_format == "@"  # a phone number typed in stays text
    assert ws[f"G{task_rows[0]}"].value == "Chưa thực hiện"
    [status] = [v for v in ws.data_validations.dataValidation if "G6" in str(v.sqref)]
    assert status.formula1 == '"Chưa thực hiện,Đang thực hiện,Hoàn thành"'
    recurring = next(r for r in task_rows if "@" in ws[f"A{r}"].value)
    assert ws[f"F{recurring}"].is_date
    assert ws[f"F{recurring}"].number_format == "DD/MM/YYYY"


def test_peoples_text_is_written_as_text_never_a_formula(
    samples: Workspace, phu_lac: Plan, tmp_path: Path
) -> None:
    tasks = tuple(
        Task(TaskId(f"hostile-{key}"), text, lead=phu_lac.tasks[5].lead)
        for key, text in HOSTILE.items()
    )
    plan = samples.plans.save(replace(phu_lac, tasks=(*phu_lac.tasks, *tasks)))
    key = next(
        r.key for r in samples.progress.board(plan, TODAY).tasks if r.task.id == "hostile-at"
    )
    samples.progress.record(
        plan, key, Report(TaskStatus.IN_PROGRESS, text=HOSTILE["formula"]), TODAY, today=TODAY
    )
    path = samples.progress.export_xlsx([plan], tmp_path / "hostile.xlsx", today=TODAY)

    ws = openpyxl.load_workbook(path)[TASKS_SHEET]
    texts = {ws[f"C{r}"].value: r for r in range(6, ws.max_row + 1)}
    for text in HOSTILE.values():
        row = texts[text]
        assert ws[f"C{row}"].data_type == "s"
    assert ws[f"I{texts[HOSTILE['at']]}"].value == HOSTILE["formula"]
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml").decode()
    assert "HYPERLINK" in xml
    assert "<f>HYPERLINK" not in xml
    assert "<f>SUM" not in xml
    # And read back, the text is the text.
    preview = samples.progress.preview_xlsx(path, today=TODAY)
    assert preview.problems == ()
    assert preview.changes == ()


def test_a_unit_with_nothing_to_report_gets_no_empty_sheet(
    samples: Workspace, phu_lac: Plan, tmp_path: Path
) -> None:
    kon_tum = samples.plans.get(sample_plan_id(samples, "kon_tum"))
    scope = samples.progress.unit_scope("phong kinh te")
    with pytest.raises(UserError, match="Phòng Kinh tế không chủ trì"):
        samples.progress.export_xlsx([kon_tum], tmp_path / "x.xlsx", scope)
    with pytest.raises(UserError, match=r"đuôi \.xlsx"):
        samples.progress.export_xlsx([phu_lac], tmp_path / "x.xls")
    with pytest.raises(UserError, match="Không có thư mục"):
        samples.progress.export_xlsx([phu_lac], tmp_path / "gone" / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_one_sheet_per_unit_and_hamlet_head_named_apart(
    samples: Workspace, phu_lac: Plan, tmp_path: Path
) -> None:
    scopes = samples.progress.sheet_scopes(phu_lac)
    calls: list[tuple[int, int]] = []
    paths = samples.progress.export_unit_sheets(
        phu_lac, tmp_path, scopes, progress=lambda done, total, _name: calls.append((done, total))
    )
    assert len(paths) == len(scopes) == len({p.name for p in paths})
    assert calls[-1][0] == calls[-1][1]  # the last report says it is done
    names = {p.name for p in paths}
    assert "phieu-tien-do-chua-so-to-chuc-thuc-hien-ra-quan-phong-kinh-te.xlsx" in names
    assert "phieu-tien-do-chua-so-to-chuc-thuc-hien-ra-quan-xom-quang-minh.xlsx" in names
    assert all(n.isascii() for n in names)
    hamlet = openpyxl.load_workbook(
        tmp_path / "phieu-tien-do-chua-so-to-chuc-thuc-hien-ra-quan-xom-quang-minh.xlsx"
    )
    assert TASKS_SHEET not in hamlet.sheetnames
    assert hamlet[CAMPAIGN_SHEET].max_row == 5 + len(phu_lac.events)
    assert SheetScope().label == "Toàn kế hoạch"


@pytest.mark.parametrize("with_campaigns", [False, True])
def test_a_sheet_excel_cannot_hold_is_refused_with_what_to_do(
    samples: Workspace,
    phu_lac: Plan,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    with_campaigns: bool,
) -> None:
    # The 20-year office's campaign days are some 4 million rows: Excel holds 1,048,576 a sheet,
    # and openpyxl failed with a traceback after minutes. Here the sheets hold 20 rows.
    from desktop_app.exports import progress_sheet  # noqa: PLC0415

    small = samples.progress.export_xlsx([phu_lac], tmp_path / "one.xlsx", today=TODAY)
    assert small.exists()  # the real limit leaves an ordinary workbook alone
    small.unlink()
    monkeypatch.setattr(progress_sheet, "EXCEL_ROWS", progress_sheet.SPARE_ROWS + 20)
    path = tmp_path / "office.xlsx"
    with pytest.raises(UserError, match=r"Bảng quá lớn cho Excel.*chỉ chứa được 220 dòng"):
        samples.progress.export_office_xlsx(path, today=TODAY, with_campaigns=with_campaigns)
    assert not list(tmp_path.glob("*.xlsx*"))


def test_hamlets_named_alike_but_for_accents_get_a_sheet_each(
    samples: Workspace, phu_lac: Plan, tmp_path: Path
) -> None:
    # "Thôn Đông Thành" and "Thôn Đồng Thành" are one name without diacritics: the second
    # sheet overwrote the first under its hidden name, and moving it failed at the end.
    hamlets = [s for s in samples.progress.sheet_scopes(phu_lac) if s.kind is ScopeKind.HAMLET]
    first, second = hamlets[:2]
    scopes = [first, replace(second, name=first.name.replace("Minh", "Mính"))]
    assert len({samples.progress.sheet_file_name([phu_lac], s) for s in scopes}) == 1
    paths = samples.progress.export_unit_sheets(phu_lac, tmp_path, scopes)
    assert [p.name for p in paths] == [
        "phieu-tien-do-chua-so-to-chuc-thuc-hien-ra-quan-xom-quang-minh.xlsx",
        "phieu-tien-do-chua-so-to-chuc-thuc-hien-ra-quan-xom-quang-minh-2.xlsx",
    ]
    for path, scope in zip(paths, scopes, strict=True):
        info = openpyxl.load_workbook(path)[INFO_SHEET]
        assert {r[0].value: r[1].value for r in info.iter_rows()}["scope_id"] == scope.id
    assert sorted(tmp_path.glob("*.xlsx")) == sorted(paths)
    assert not list(tmp_path.glob(".*.xlsx"))  # no hidden sheet left behind


# --- opened by LibreOffice Calc --------------------------------------------------------------


def _office() -> str:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None or shutil.which("pdfinfo") is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice and poppler-utils are needed (scripts/test.sh installs them)")
        pytest.skip("LibreOffice or poppler-utils is not installed")
    return office


def _convert(office: str, path: Path, to: str, folder: Path) -> Path:
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(folder),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / f"{path.stem}.{to.split(':', maxsplit=1)[0]}"


def test_calc_opens_it_and_the_summary_formulas_give_the_right_totals(
    samples: Workspace, phu_lac: Plan, workbook_path: Path, tmp_path: Path
) -> None:
    office = _office()
    # A unit fills in its rows as it would in Excel: two done, one under way.
    book = openpyxl.load_workbook(workbook_path)
    tasks, campaign = book[TASKS_SHEET], book[CAMPAIGN_SHEET]
    rows = [r for r in range(6, tasks.max_row + 1) if str(tasks[f"A{r}"].value).startswith("T:")]
    tasks[f"G{rows[0]}"] = "Hoàn thành"
    tasks[f"G{rows[1]}"] = "Hoàn thành"
    tasks[f"G{rows[2]}"] = "Đang thực hiện"
    campaign["G6"], campaign["H6"], campaign["G7"] = 120, 1.5, 80
    book.save(workbook_path)

    pdf = _convert(office, workbook_path, "pdf", tmp_path / "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, encoding="utf-8", check=True)
    pages = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])
    assert pages >= 3
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        encoding="utf-8",
        check=True,
    ).stdout
    assert "TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH (CHƯA CÓ SỐ) NGÀY 02/12/2025" in text
    assert "Trang 1 / " in text

    computed = _convert(office, workbook_path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "calc")
    summary = openpyxl.load_workbook(computed, data_only=True)[SUMMARY_SHEET]
    counts = {row[2].value: row[3].value for row in summary.iter_rows(min_row=7, max_row=10)}
    assert counts == {
        "Chưa thực hiện": 15,
        "Đang thực hiện": 1,
        "Hoàn thành": 2,
        "Tổng số": 18,
    }
    by_unit = {
        row[2].value: [c.value for c in row[3:8]]
        for row in summary.iter_rows(min_row=16, max_row=summary.max_row)
        if isinstance(row[3].value, int | float)
    }
    first_lead = phu_lac.tasks[0].lead[0].name
    assert by_unit[first_lead][:4] == [1, 0, 0, 1]  # total, not started, in progress, done
    assert by_unit["Phòng Kinh tế"][0] == 3  # task 6 and the two due dates of task 7 so far
    day_one = next(r for r in summary.iter_rows() if r[2].value == "Đợt 1")
    # Số xóm, đã báo cáo, người, km, cây
    assert [c.value for c in day_one[4:9]] == [48, 1, 120, 1.5, 0]


def _looks(ws: Any, row: int) -> list[tuple[Any, ...]]:
    """What each cell of a row shows and how: value, font, fill, border, alignment, lock."""
    return [
        (
            c.value,
            c.font.name,
            c.font.sz,
            c.font.b,
            c.font.i,
            c.fill.fgColor.rgb if c.fill.fill_type else None,
            c.border.left.style,
            c.alignment.horizontal,
            c.alignment.vertical,
            c.alignment.wrap_text,
            c.protection.locked,
            c.number_format,
        )
        for c in ws[row]
    ]


def test_the_streamed_task_rows_keep_the_looks_of_each_kind_of_row(workbook_path: Path) -> None:
    # The data rows no longer go through openpyxl's cells: each kind of row must still look
    # as it did (Times New Roman, borders, grey group rows, yellow unlocked inputs, heights).
    ws = openpyxl.load_workbook(workbook_path)[TASKS_SHEET]
    keys = {r: str(ws[f"A{r}"].value) for r in range(6, ws.max_row + 1)}
    group = next(r for r, k in keys.items() if k.startswith("S:"))
    task = next(r for r, k in keys.items() if k.startswith("T:") and "@" not in k)
    group_looks = _looks(ws, group)
    assert group_looks[2][3] is True  # bold
    assert group_looks[2][5] == "00F2F2F2"  # grey
    assert all(look[5] == "00F2F2F2" and look[6] == "thin" for look in group_looks[1:12])
    assert group_looks[0][6] is None  # the hidden key has no border
    task_looks = _looks(ws, task)
    assert all(look[1] == "Times New Roman" and look[2] == 11 for look in task_looks)
    assert task_looks[1][7] == "center"  # TT centred, the text not
    assert task_looks[2][7] is None
    assert all(look[8] == "top" and look[9] for look in task_looks[1:12])
    assert all(look[6] == "thin" for look in task_looks[1:12])
    assert {look[5] for look in task_looks[6:12]} == {"00FFFDE7"}  # the inputs are yellow
    assert task_looks[12][11] == "DD/MM/YYYY"  # the hidden due day
    assert ws[f"M{task}"].is_date
    # A task text wrapped on several lines gets the height of its lines, as before.
    tall = [r for r in keys if ws.row_dimensions[r].height]
    assert tall
    assert all(ws.row_dimensions[r].height % 12.75 == 3 for r in tall)


def test_the_campaign_rows_keep_their_formula_and_number_cells(workbook_path: Path) -> None:
    ws = openpyxl.load_workbook(workbook_path)[CAMPAIGN_SHEET]
    rows = [r for r in range(6, ws.max_row + 1) if ws[f"A{r}"].value]
    assert rows
    first = rows[0]
    [flag] = [c for c in ws[first] if isinstance(c.value, str) and c.value.startswith("=")]
    assert str(flag.value).startswith("=IF(COUNTA(G")
    assert str(flag.value).endswith(")>0,1,0)")
    assert flag.data_type == "f"
    assert ws[f"E{first}"].is_date
    assert ws[f"E{first}"].number_format == "DD/MM/YYYY"


def test_a_plan_whose_campaign_days_have_no_measures_gets_its_campaign_sheet(
    samples: Workspace, tmp_path: Path
) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    assert not plan.measures
    path = samples.progress.export_xlsx([plan], tmp_path / "x.xlsx", today=TODAY)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [SUMMARY_SHEET, TASKS_SHEET, CAMPAIGN_SHEET, INFO_SHEET]
    assert book[CAMPAIGN_SHEET].max_row > 6


def test_each_look_is_one_cell_format_shared_by_its_cells(workbook_path: Path) -> None:
    # A format per cell made a whole office's sheet take minutes and a gigabyte.
    with zipfile.ZipFile(workbook_path) as book:
        styles = book.read("xl/styles.xml").decode()
    formats = int(styles.split('<cellXfs count="')[1].split('"')[0])
    assert formats < 40


def test_the_office_workbook_is_the_workbook_of_every_plan(
    samples: Workspace, phu_lac: Plan, tmp_path: Path
) -> None:
    from desktop_app.exports.progress_sheet import write_progress_sheet  # noqa: PLC0415

    # Reports on a task (twice), a due date and a campaign day: the office's sheet reads
    # the newest of each for many plans at once, the plans' sheet plan by plan.
    board = samples.progress.board(phu_lac, TODAY)
    task = next(r for r in board.tasks if r.occurrence is None)
    due = next(r for r in board.tasks if r.occurrence is not None)
    for key, report, day in [
        (task.key, Report(TaskStatus.IN_PROGRESS, 30, "Đang làm"), dt.date(2026, 1, 5)),
        (due.key, Report(TaskStatus.DONE, note="Đúng hạn"), dt.date(2026, 1, 9)),
        (board.campaigns[0].key, Report(participants=12), dt.date(2026, 1, 9)),
        (task.key, Report(TaskStatus.DONE, 100, "Xong <đủ> & đúng"), dt.date(2026, 1, 12)),
    ]:
        samples.progress.record(phu_lac, key, report, day, today=TODAY)
    plans = [samples.plans.get(s.id) for s in samples.plans.summaries()]
    every = write_progress_sheet(
        samples.progress.sheet(plans, today=TODAY, with_campaigns=False), tmp_path / "a.xlsx"
    )
    office = samples.progress.export_office_xlsx(tmp_path / "b.xlsx", today=TODAY)
    one, other = openpyxl.load_workbook(every), openpyxl.load_workbook(office)
    assert one.sheetnames == other.sheetnames == [SUMMARY_SHEET, TASKS_SHEET, INFO_SHEET]
    for name in (SUMMARY_SHEET, TASKS_SHEET):
        assert one[name].max_row == other[name].max_row > 6
        for row in range(1, one[name].max_row + 1):
            assert _looks(one[name], row) == _looks(other[name], row)
            assert one[name].row_dimensions[row].height == other[name].row_dimensions[row].height
    shown = {c.value for row in other[TASKS_SHEET].iter_rows() for c in row}
    assert {"Xong <đủ> & đúng", "Đúng hạn"} <= shown  # the newest reports, not the first
    assert "Đang làm" not in shown
    assert [c.value for c in one[INFO_SHEET]["B"]][3:5] == [
        c.value for c in other[INFO_SHEET]["B"]
    ][3:5]
