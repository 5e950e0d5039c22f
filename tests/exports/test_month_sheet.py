import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.domain.calendar import CalendarItem, ItemKind, ItemState
from desktop_app.domain.ids import PlanId
from desktop_app.exports.month_sheet import LIST_SHEET, write_month_sheet

PLAN = PlanId("a" * 32)
INJECTION = '=HYPERLINK("http://x.invalid","Bấm vào đây")'


def _item(day: int, kind: ItemKind, label: str, **changes: Any) -> CalendarItem:
    item = CalendarItem(
        day=dt.date(2026, 12, day),
        kind=kind,
        label=label,
        plan_id=PLAN,
        plan_reference="12/KH-UBND",
        state=ItemState.DUE,
        object_id=f"{label}-{day}",
    )
    return replace(item, **changes)


ITEMS = [
    _item(
        5,
        ItemKind.DEADLINE,
        "Báo cáo kết quả thực hiện tháng 11",
        state=ItemState.OVERDUE,
        who="Văn phòng HĐND-UBND",
    ),
    _item(5, ItemKind.EVENT, "Đợt 13 – ra quân NTM", time="07:30", place="Các thôn"),
    _item(10, ItemKind.DEADLINE, "Báo cáo tình hình thực hiện Nghị quyết tháng 12"),
    _item(25, ItemKind.DEADLINE, INJECTION, plan_reference="-1", place="@thôn"),
]
HOLIDAYS = {dt.date(2026, 12, 22): "Ngày thành lập QĐND", dt.date(2027, 1, 1): "Tết Dương lịch"}


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return write_month_sheet(
        2026,
        12,
        ITEMS,
        tmp_path / "thang-12.xlsx",
        title="UBND XÃ PHÚ LẠC",
        holidays=HOLIDAYS,
        lunar=lambda d: f"{d.day + 11}/10",
    )


@pytest.fixture
def grid(book_path: Path) -> Worksheet:
    sheet = load_workbook(book_path).worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


@pytest.fixture
def listing(book_path: Path) -> Worksheet:
    sheet = load_workbook(book_path)[LIST_SHEET]
    assert isinstance(sheet, Worksheet)
    return sheet


def test_the_file_is_written_whole(book_path: Path) -> None:
    assert [p.name for p in book_path.parent.iterdir()] == ["thang-12.xlsx"]
    assert load_workbook(book_path).sheetnames == ["Tháng 12-2026", LIST_SHEET]


def test_title_and_weekday_header(grid: Worksheet) -> None:
    assert grid["A1"].value == "LỊCH THÁNG 12/2026"
    assert grid["A2"].value == "UBND XÃ PHÚ LẠC"
    assert [c.value for c in grid[3]] == [
        "Thứ Hai",
        "Thứ Ba",
        "Thứ Tư",
        "Thứ Năm",
        "Thứ Sáu",
        "Thứ Bảy",
        "Chủ nhật",
    ]
    assert grid["A3"].font.name == "Times New Roman"


def test_day_cells_hold_the_days_items(grid: Worksheet) -> None:
    # December 2026 starts on a Tuesday: the grid starts on Monday 30/11 in A4.
    assert str(grid["A4"].value).startswith("30/11")
    assert str(grid["B4"].value).startswith("1 (âl 12/10)")
    saturday = str(grid["F4"].value).split("\n")
    assert saturday == [
        "5 (âl 16/10)",
        "• 07:30 Đợt 13 – ra quân NTM",  # events first
        "• Hạn: Báo cáo kết quả thực hiện tháng 11 (quá hạn)",
    ]
    assert str(grid["D5"].value).split("\n")[1:] == [
        "• Hạn: Báo cáo tình hình thực hiện Nghị quyết tháng 12"
    ]
    assert str(grid["B7"].value).split("\n") == ["22 (âl 33/10)", "Ngày thành lập QĐND"]
    assert str(grid["E8"].value).split("\n")[1] == "Tết Dương lịch"  # 01/01/2027, greyed
    assert grid["E8"].fill.fgColor.rgb.endswith("F2F2F2")
    assert grid["F4"].alignment.wrap_text
    assert grid["F4"].alignment.vertical == "top"


def test_busy_weeks_get_taller_rows(grid: Worksheet) -> None:
    heights = [grid.row_dimensions[r].height or 0 for r in range(4, 10)]
    assert heights[0] >= heights[2] > heights[5]  # the last week is all January


def test_print_setup(grid: Worksheet, listing: Worksheet) -> None:
    for sheet in (grid, listing):
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize or 0) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr is not None
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert int(sheet.page_setup.fitToWidth or 0) == 1
        assert sheet.print_title_rows == "$3:$3"
        assert sheet.page_margins.left == pytest.approx(1.5 / 2.54)
        assert sheet.oddFooter is not None
        assert sheet.oddFooter.center.text == "Trang &P/&N"


def test_text_that_looks_like_a_formula_stays_text(grid: Worksheet, listing: Worksheet) -> None:
    cells = {c.value: c for row in listing.iter_rows(min_row=4) for c in row}
    for text in (INJECTION, "-1", "@thôn"):
        assert cells[text].data_type == "s"
    assert not any(c.data_type == "f" for row in listing.iter_rows() for c in row)
    assert not any(c.data_type == "f" for row in grid.iter_rows() for c in row)
    assert f"• Hạn: {INJECTION}" in str(grid["E7"].value)


def test_a_formula_like_title_stays_text(tmp_path: Path) -> None:
    path = write_month_sheet(2026, 12, [], tmp_path / "t.xlsx", title="=1+1")
    cell = load_workbook(path).worksheets[0]["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_the_list_sheet_has_real_dates_and_every_item(listing: Worksheet) -> None:
    assert [c.value for c in listing[3]] == [
        "Ngày",
        "Thứ",
        "Giờ",
        "Loại",
        "Nội dung",
        "Kế hoạch",
        "Địa điểm",
        "Chủ trì",
        "Trạng thái",
    ]
    rows = list(listing.iter_rows(min_row=4, values_only=True))
    assert len(rows) == len(ITEMS)
    assert rows[0] == (
        dt.datetime(2026, 12, 5),
        "Thứ Bảy",
        "07:30",
        "Sự kiện",
        "Đợt 13 – ra quân NTM",
        "12/KH-UBND",
        "Các thôn",
        None,
        None,
    )
    assert rows[1][3:] == (
        "Thời hạn",
        "Báo cáo kết quả thực hiện tháng 11",
        "12/KH-UBND",
        None,
        "Văn phòng HĐND-UBND",
        "Quá hạn",
    )
    first_date = listing["A4"]
    assert first_date.is_date
    assert first_date.number_format == "DD/MM/YYYY"
    assert listing.freeze_panes == "A4"
    assert listing.auto_filter.ref == "A3:I7"
    assert (listing.column_dimensions["E"].width or 0) > 40


def test_an_empty_month_still_prints_its_grid(tmp_path: Path) -> None:
    path = write_month_sheet(2027, 2, [], tmp_path / "t.xlsx")
    book = load_workbook(path)
    grid = book.worksheets[0]
    assert grid["A1"].value == "LỊCH THÁNG 2/2027"
    assert grid["A4"].value == "1"  # February 2027 starts on a Monday
    assert grid["G9"].value == "14/03"
    listing = book[LIST_SHEET]
    assert listing.max_row == 3


def test_control_characters_from_word_do_not_break_the_file(tmp_path: Path) -> None:
    item = _item(7, ItemKind.EVENT, "Họp\x0bgiao ban\x07", time="08:00")
    path = write_month_sheet(2026, 12, [item], tmp_path / "t.xlsx")
    listing = load_workbook(path)[LIST_SHEET]
    assert listing["E4"].value == "Họp giao ban "
