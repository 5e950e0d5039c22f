"""The whole office's progress workbook, cell by cell, as it was before it was made fast.

The office's sheet is written by hand-tuned code (rows as XML text, formats by index, heights
by the font's widths): each speed-up must leave every cell, format, height, width, validation
and print setting as it was. A small generated office, with bad rows of several kinds in it,
is written and compared with the workbook the straightforward code wrote (kept gzipped
beside this file). ``REGENERATE_SHEET_GOLDEN=1`` writes it anew, for a change of the sheet's
look made on purpose.
"""

import datetime as dt
import gzip
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

from benchmarks.generate_office import generate, scaled
from desktop_app.domain.sheet_layout import INFO_SHEET
from desktop_app.workspace import Workspace
from tests.storage.test_integrity import as_an_older_version

TODAY = dt.date(2026, 11, 15)
GOLDEN = Path(__file__).with_name("office_sheet_golden.json.gz")
# Rows that break the record rules, as an older version or a hand edit wrote them: each
# must still come out orange, with its flag, where it came out before.
_NTH_TASK = "(SELECT id FROM tasks WHERE deleted_at IS NULL ORDER BY rowid LIMIT 1 OFFSET {})"
BAD_ROWS = (
    f"UPDATE tasks SET status = 'bi_mat' WHERE id = {_NTH_TASK.format(3)}",
    f"UPDATE tasks SET text = 'Rà soát' || char(11) || 'đội ngũ' WHERE id = {_NTH_TASK.format(7)}",
    "UPDATE tasks SET deadline_kind = 'month', deadline_year = 2026, deadline_month = 13"
    f" WHERE id = {_NTH_TASK.format(11)}",
    "UPDATE tasks SET due_date = '2026-06-31', deadline_date = '2026-06-31'"
    f" WHERE id = {_NTH_TASK.format(20)}",
    "UPDATE task_units SET unit_id = 'khong-co-don-vi' WHERE id = (SELECT id FROM task_units"
    " WHERE deleted_at IS NULL ORDER BY rowid LIMIT 1 OFFSET 40)",
    "UPDATE sections SET title = 'Mục' || char(1) WHERE id = (SELECT id FROM sections"
    " WHERE deleted_at IS NULL ORDER BY rowid LIMIT 1 OFFSET 2)",
    "UPDATE units SET name = '' WHERE id = (SELECT unit_id FROM task_units"
    " WHERE deleted_at IS NULL ORDER BY rowid LIMIT 1 OFFSET 90)",
    "UPDATE progress_entries SET status = 'bi_mat' WHERE id = (SELECT id FROM progress_entries"
    " WHERE deleted_at IS NULL AND task_id IS NOT NULL ORDER BY rowid LIMIT 1 OFFSET 5)",
    "UPDATE events SET event_date = '2026-02-30' WHERE id = (SELECT id FROM events"
    " WHERE deleted_at IS NULL AND all_hamlets = 1 ORDER BY rowid LIMIT 1)",
)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path_factory.mktemp("office") / "office.sqlite", device="test")
    generate(ws, scaled(0.002))
    conn: sqlite3.Connection = ws.store.conn
    as_an_older_version(conn)
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for sql in BAD_ROWS:
            assert conn.execute(sql).rowcount == 1, sql
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    yield ws
    ws.close()


def _colour(colour: Any) -> str | None:
    return None if colour is None else str(colour.rgb)


def _cell(cell: Cell | MergedCell, looks: dict[str, int]) -> list[Any]:
    """The cell's place, value and type, and the number of its look in ``looks``."""
    value = cell.value
    if isinstance(value, dt.datetime):
        value = value.isoformat()
    look = json.dumps(_look(cell))
    return [cell.coordinate, value, cell.data_type, looks.setdefault(look, len(looks))]


def _look(cell: Cell | MergedCell) -> list[Any]:
    return [
        cell.font.name,
        cell.font.sz,
        bool(cell.font.b),
        bool(cell.font.i),
        cell.fill.fill_type,
        _colour(cell.fill.fgColor) if cell.fill.fill_type else None,
        [getattr(cell.border, side).style for side in ("left", "right", "top", "bottom")],
        _colour(cell.border.left.color) if cell.border.left.style else None,
        cell.alignment.horizontal,
        cell.alignment.vertical,
        bool(cell.alignment.wrap_text),
        cell.protection.locked,
        cell.number_format,
    ]


def _sheet(ws: Worksheet, looks: dict[str, int]) -> dict[str, Any]:
    footer = ws.oddFooter
    assert footer is not None
    setup = ws.page_setup
    margins = ws.page_margins
    protection = ws.protection
    return {
        "state": ws.sheet_state,
        "columns": {k: [d.width, bool(d.hidden)] for k, d in sorted(ws.column_dimensions.items())},
        "heights": {
            str(r): d.height for r, d in sorted(ws.row_dimensions.items()) if d.height is not None
        },
        "freeze": ws.freeze_panes,
        "print_titles": ws.print_title_rows,
        "setup": [
            setup.orientation,
            setup.paperSize,
            setup.fitToWidth,
            setup.fitToHeight,
            ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
            ws.print_options.horizontalCentered,
        ],
        "margins": [
            margins.left,
            margins.right,
            margins.top,
            margins.bottom,
            margins.header,
            margins.footer,
        ],
        "footer": [
            [part.text, part.font, part.size] for part in (footer.left, footer.center, footer.right)
        ],
        "protection": [
            protection.sheet,
            protection.formatColumns,
            protection.formatRows,
            protection.insertRows,
            protection.deleteRows,
            protection.autoFilter,
            protection.sort,
            protection.selectLockedCells,
            protection.selectUnlockedCells,
            protection.password,
        ],
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "validations": [
            [
                v.type,
                v.operator,
                v.formula1,
                v.formula2,
                str(v.sqref),
                v.allow_blank,
                v.showErrorMessage,
                v.errorTitle,
                v.error,
            ]
            for v in ws.data_validations.dataValidation
        ],
        "conditional": [
            [str(rng.sqref), r.type, list(r.formula), _colour(r.dxf.fill.bgColor)]
            for rng in ws.conditional_formatting
            for r in rng.rules
        ],
        "cells": [_cell(c, looks) for row in ws.iter_rows() for c in row if _worth_keeping(c)],
    }


def _worth_keeping(cell: Cell | MergedCell) -> bool:
    return cell.value is not None or cell.has_style


def workbook_dump(path: Path, workspace_id: str) -> dict[str, Any]:
    """Everything a person or Excel sees of the workbook, as plain values.

    The workspace's id and the moment of export (the clock's) are put as placeholders.
    """
    book = openpyxl.load_workbook(path)
    info = book[INFO_SHEET]
    for row in info.iter_rows():
        if row[0].value == "exported_at":
            row[1].value = "<exported_at>"
    looks: dict[str, int] = {}
    dump = {
        "sheets": book.sheetnames,
        "title": book.properties.title,
        "creator": book.properties.creator,
        **{name: _sheet(book[name], looks) for name in book.sheetnames},
        "looks": [json.loads(look) for look in looks],
    }
    plain: dict[str, Any] = json.loads(
        json.dumps(dump, default=str).replace(workspace_id, "<workspace_id>")
    )
    return plain


def _dumps(office: Workspace, folder: Path) -> dict[str, Any]:
    streamed = office.progress.export_office_xlsx(folder / "office.xlsx", TODAY)
    flags = list(office.progress.last_flags)
    whole = office.progress.export_office_xlsx(
        folder / "office-days.xlsx", TODAY, with_campaigns=True
    )
    workspace_id = office.store.workspace_id
    return {
        "streamed": workbook_dump(streamed, workspace_id),
        "streamed_flags": flags,
        "with_campaigns": workbook_dump(whole, workspace_id),
        "with_campaigns_flags": list(office.progress.last_flags),
    }


def test_the_office_workbook_is_cell_for_cell_what_it_was(
    office: Workspace, tmp_path: Path
) -> None:
    written = _dumps(office, tmp_path)
    if os.environ.get("REGENERATE_SHEET_GOLDEN") == "1":
        GOLDEN.write_bytes(
            gzip.compress(json.dumps(written, ensure_ascii=False).encode(), 9, mtime=0)
        )
    golden = json.loads(gzip.decompress(GOLDEN.read_bytes()))
    # Some rows of each kind are really there: plan and section groups, tasks, flags.
    cells = written["streamed"]["Nhiệm vụ"]["cells"]
    keys = {str(c[1])[:2] for c in cells if c[0].startswith("A")}
    assert {"P:", "S:", "T:"} <= keys
    orange = {i for i, look in enumerate(written["streamed"]["looks"]) if "F8CBAD" in str(look)}
    assert sum(c[3] in orange for c in cells) > 10  # the flagged rows' cells
    assert written["streamed_flags"]
    # Part by part first, so that a failure names the sheet and what differs in it.
    for part, dump in golden.items():
        for name, sheet in dump.items() if isinstance(dump, dict) else ():
            for what, value in sheet.items() if isinstance(sheet, dict) else ():
                assert written[part][name][what] == value, (part, name, what)
        assert written[part] == dump, part
