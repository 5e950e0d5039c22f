"""Reading a progress sheet back through its layout: each column comes back as it went out."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.domain.plans import Plan, TaskStatus
from desktop_app.domain.progress import Report
from desktop_app.domain.sheet_layout import (
    CAMPAIGN_SHEET,
    DATE,
    DOCUMENT,
    NOTE,
    PARTICIPANTS,
    PERCENT,
    RESULT,
    STATUS,
    TASK_LAYOUT,
    TASKS_SHEET,
    ReadAs,
    SheetLayout,
    campaign_layout,
    measure_key,
)
from desktop_app.exports import progress_sheet as export
from desktop_app.imports import progress_sheet as reader
from desktop_app.imports.progress_sheet import read_progress_sheet
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id

TODAY = dt.date(2026, 1, 20)
MEASURES = ("Đường được vệ sinh (km)", "Cây xanh trồng mới (cây)")
FIRST_ROW = 6
TASK_INPUTS = {
    STATUS: "Hoàn thành",
    PERCENT: "40%",
    RESULT: "  Đã rà soát 12/20 xóm ",
    DOCUMENT: "012/BC-KT",
    DATE: "09/01/2026",
    NOTE: "Còn 8 xóm",
}
TASK_REPORT = Report(
    status=TaskStatus.DONE,
    percent=40,
    text="Đã rà soát 12/20 xóm",
    document="012/BC-KT",
    note="Còn 8 xóm",
)


@pytest.fixture
def phu_lac(samples: Workspace) -> Plan:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    return samples.progress.set_measures(plan, MEASURES)


def _first_row(ws: Worksheet, prefix: str) -> int:
    """The first data row whose hidden key starts with ``prefix`` ("T:" a task, "E:" a day)."""
    for row in range(FIRST_ROW, ws.max_row + 1):
        if str(ws.cell(row, 1).value or "").startswith(prefix):
            return row
    raise AssertionError(f"no row keyed {prefix}")


def _fill(
    path: Path,
    sheet: str,
    layout: SheetLayout,
    prefix: str,
    values: Mapping[str, str | int | dt.datetime],
) -> int:
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    row = _first_row(ws, prefix)
    for key, value in values.items():
        ws.cell(row, layout.position(key)).value = value
    book.save(path)
    return row


def test_every_kind_of_column_has_a_reader() -> None:
    for kind in ReadAs:
        assert callable(reader._READERS[kind]), kind


def test_every_task_input_comes_back_as_the_unit_typed_it(
    samples: Workspace, phu_lac: Plan, tmp_path: Path
) -> None:
    path = samples.progress.export_xlsx([phu_lac], tmp_path / "t.xlsx", today=TODAY)
    row = _fill(path, TASKS_SHEET, TASK_LAYOUT, "T:", TASK_INPUTS)
    [back] = [r for r in read_progress_sheet(path).rows if (r.sheet, r.row) == (TASKS_SHEET, row)]
    assert back.report == TASK_REPORT
    assert back.updated == dt.date(2026, 1, 9)
    assert back.filled == set(TASK_INPUTS)
    assert not back.failed


def test_every_campaign_input_comes_back_as_the_hamlet_typed_it(
    samples: Workspace, phu_lac: Plan, tmp_path: Path
) -> None:
    path = samples.progress.export_xlsx([phu_lac], tmp_path / "t.xlsx", today=TODAY)
    layout = campaign_layout(MEASURES)
    inputs: dict[str, str | int | dt.datetime] = {
        PARTICIPANTS: 25,
        measure_key(MEASURES[0]): "1,5",
        measure_key(MEASURES[1]): "1.250",
        NOTE: "Trời mưa",
        DATE: dt.datetime(2026, 1, 10),
    }
    row = _fill(path, CAMPAIGN_SHEET, layout, "E:", inputs)
    returned = read_progress_sheet(path)
    assert returned.measures == MEASURES
    [back] = [r for r in returned.rows if (r.sheet, r.row) == (CAMPAIGN_SHEET, row)]
    assert back.report == Report(
        participants=25, figures={MEASURES[0]: 1.5, MEASURES[1]: 1250.0}, note="Trời mưa"
    )
    assert back.updated == dt.date(2026, 1, 10)
    assert back.filled == set(inputs)


def test_the_layout_alone_places_the_columns(
    samples: Workspace, phu_lac: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Status and note, percent and result change places: the export, its formulas and
    # checks, and the import follow the layout without another change.
    columns = {c.key: c for c in TASK_LAYOUT.columns}
    swapped = {STATUS: NOTE, NOTE: STATUS, PERCENT: RESULT, RESULT: PERCENT}
    moved = replace(
        TASK_LAYOUT, columns=tuple(columns[swapped.get(c.key, c.key)] for c in TASK_LAYOUT.columns)
    )
    monkeypatch.setattr(export, "TASK_LAYOUT", moved)
    monkeypatch.setattr(reader, "TASK_LAYOUT", moved)

    path = samples.progress.export_xlsx([phu_lac], tmp_path / "t.xlsx", today=TODAY)
    book = openpyxl.load_workbook(path)
    tasks = book[TASKS_SHEET]
    assert [c.value for c in tasks[FIRST_ROW - 1]] == moved.headers
    status = moved.letter(STATUS)
    assert status == "L"
    lists = [v for v in tasks.data_validations.dataValidation if v.type == "list"]
    assert [str(v.sqref).split(":")[0] for v in lists] == [f"{status}{FIRST_ROW}"]
    counts = book[export.SUMMARY_SHEET]
    assert any(f"!${status}:${status}" in str(c.value) for row in counts.iter_rows() for c in row)

    row = _fill(path, TASKS_SHEET, moved, "T:", TASK_INPUTS)
    [back] = [r for r in read_progress_sheet(path).rows if (r.sheet, r.row) == (TASKS_SHEET, row)]
    assert back.report == TASK_REPORT
    assert back.filled == set(TASK_INPUTS)


@pytest.mark.parametrize("typed", ["05/12/2205", dt.datetime(1899, 5, 1)])
def test_a_report_day_in_a_year_out_of_range_is_refused_saying_so(
    samples: Workspace, phu_lac: Plan, tmp_path: Path, typed: str | dt.datetime
) -> None:
    """Issue 22: a year out of range is named as such, not as "not a day"."""
    path = samples.progress.export_xlsx([phu_lac], tmp_path / "t.xlsx", today=TODAY)
    row = _fill(path, TASKS_SHEET, TASK_LAYOUT, "T:", {**TASK_INPUTS, DATE: typed})
    returned = read_progress_sheet(path)
    [back] = [r for r in returned.rows if (r.sheet, r.row) == (TASKS_SHEET, row)]
    assert back.failed
    assert back.updated is None
    assert any("năm ngoài khoảng 2000–2100" in p for p in returned.problems), returned.problems
