"""Rows written as XML and spliced into a workbook read back as the values they were given."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from desktop_app.exports.xlsx_rows import RowStream, splice_rows


def _spliced(tmp_path: Path, rows: list[list[object]], heights: list[float | None]) -> Path:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.append(["heading"])
    shell = tmp_path / "shell.xlsx"
    workbook.save(shell)
    stream = RowStream(2, lambda text: text.startswith("=SUM"))
    for cells, height in zip(rows, heights, strict=True):
        stream.add([(value, 0) for value in cells], height)
    target = tmp_path / "book.xlsx"
    splice_rows(shell, target, {"xl/worksheets/sheet1.xml": stream})
    stream.close()
    return target


def test_each_kind_of_value_reads_back_as_it_was_given(tmp_path: Path) -> None:
    values: list[object] = [
        'Xóm Đồng <Vông> & "bản"',
        "  lùi đầu dòng",
        '=HYPERLINK("x")',
        "=SUM(B2:C2)",
        42,
        2.5,
        True,
        dt.date(2026, 12, 7),
        dt.datetime(2026, 12, 7, 18, 30),
        None,
        "",
    ]
    path = _spliced(tmp_path, [values, ["sau"]], [30.0, None])
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    assert ws["A1"].value == "heading"
    got = [c.value for c in ws[2]]
    assert got[:2] == values[:2]
    assert got[2] == '=HYPERLINK("x")'
    assert ws["C2"].data_type == "s"  # text that looks like a formula stays text
    assert ws["D2"].data_type == "f"
    assert got[4:7] == [42, 2.5, True]
    # Dates are Excel's day numbers; the cell's date format (none here) shows them as dates.
    assert got[7] == 46363
    assert got[8] == pytest.approx(46363 + 18.5 / 24)
    assert got[9:] == [None, None]
    assert ws.row_dimensions[2].height == 30
    assert ws["A3"].value == "sau"


def test_a_value_a_cell_cannot_hold_is_refused(tmp_path: Path) -> None:
    stream = RowStream(1, lambda _text: False)
    with pytest.raises(TypeError):
        stream.add([(object(), 0)])
    stream.close()


def test_a_workbook_without_the_sheet_is_refused(tmp_path: Path) -> None:
    shell = tmp_path / "shell.xlsx"
    Workbook().save(shell)
    stream = RowStream(1, lambda _text: False)
    with pytest.raises(ValueError, match="no part"):
        splice_rows(shell, tmp_path / "out.xlsx", {"xl/worksheets/sheet9.xml": stream})
    stream.close()
    with zipfile.ZipFile(shell) as book:
        assert "xl/worksheets/sheet1.xml" in book.namelist()


def _xml(rows: RowStream) -> str:
    out = io.BytesIO()
    rows.copy_to(out)
    return out.getvalue().decode("utf-8")


def test_a_row_written_again_from_its_cells_is_the_row_written_anew() -> None:
    """A heading met again is written from the cells made the first time: the same XML."""
    anew, again = RowStream(6, lambda _: False), RowStream(6, lambda _: False)
    try:
        shape = anew.shape([3, 4, 5])
        tail = anew.empty_cells([5, 5])
        values: list[object] = ["S:muc-1", None, " 2. Tuyên truyền & vận động "]
        cells = again.cells(values, again.shape([3, 4, 5]), tail)
        for height in (None, 28.5, None):
            anew.add_row(values, shape, height, tail)
            again.add_cells(cells, height)
        assert _xml(again) == _xml(anew)
        assert again.next == anew.next == 9
    finally:
        anew.close()
        again.close()
