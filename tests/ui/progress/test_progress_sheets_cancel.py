""" "Hủy" on the progress bar of a sheet export: no workbook written, none replaced."""

from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain.plans import Plan
from desktop_app.domain.sheet_layout import TASKS_SHEET
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.progress.office_sheet import export_office_sheet
from desktop_app.ui.progress.progress_window import ProgressWindow
from desktop_app.workspace import Workspace
from tests.ui.cancel_helpers import StopAt, stop_at
from tests.ui.conftest import answer_file_dialog, close_message

pytestmark = pytest.mark.gui


def test_cancel_on_the_unit_sheets_bar_leaves_the_folder_as_it_was(
    progress: ProgressWindow,
    samples: Workspace,
    phu_lac: Plan,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "phieu"
    folder.mkdir()
    scopes = samples.progress.sheet_scopes(phu_lac)
    sent = folder / samples.progress.sheet_file_name([phu_lac], scopes[1])
    sent.write_bytes(b"sent last month")
    stop = stop_at(monkeypatch, samples.progress, "export_unit_sheets", StopAt(call=3))
    seen: list[str] = []
    close_message(seen)
    assert progress.write_unit_sheets(folder, scopes) == []
    assert stop.answers == [True, True, False]
    assert seen == ["Đã hủy xuất phiếu: không có phiếu nào được ghi hay thay thế."]
    assert [p.name for p in folder.iterdir()] == [sent.name]
    assert sent.read_bytes() == b"sent last month"


def test_escape_on_the_sheet_bar_keeps_the_file_it_would_replace(
    progress: ProgressWindow, samples: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "tien-do.xlsx"
    old.write_bytes(b"last week's sheet")
    stop = stop_at(monkeypatch, samples.progress, "export_xlsx", StopAt(call=2, use_escape=True))
    seen: list[str] = []
    close_message(seen)
    assert progress.export_excel(path=old) is None
    assert stop.answers == [True, False]
    assert seen == ["Đã hủy xuất bảng tiến độ: không có tệp nào được ghi hay thay thế."]
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"] == [old.name]
    assert old.read_bytes() == b"last week's sheet"


def test_the_office_sheet_from_the_file_menu_and_its_cancel(
    window: MainWindow, samples: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "chosen" / "toan-co-quan"  # no suffix typed: .xlsx is added
    target.parent.mkdir()
    asked = answer_file_dialog(monkeypatch, "getSaveFileName", target)
    seen: list[str] = []
    close_message(seen)
    window.actions_by_name["office_sheet"].trigger()
    written = target.with_suffix(".xlsx")
    assert Path(asked[0][0]).name == "tien-do-toan-co-quan.xlsx"
    assert seen == [f"Đã xuất tiến độ các nhiệm vụ của mọi kế hoạch ra tệp:\n{written}"]
    assert TASKS_SHEET in openpyxl.load_workbook(written).sheetnames
    returned = samples.progress.preview_xlsx(written)  # read back as a returned sheet is
    assert len(returned.identity.plan_refs) == len(samples.plans.summaries()) == 5
    assert samples.documents.export_folder() == target.parent

    written.write_bytes(b"last week's sheet")
    stop = stop_at(monkeypatch, samples.progress, "export_office_xlsx", StopAt(call=2))
    close_message(seen)
    assert export_office_sheet(window, samples, written) is None
    assert stop.answers == [True, False]
    assert seen[-1].startswith("Đã hủy xuất bảng tiến độ toàn cơ quan: không có tệp nào")
    assert written.read_bytes() == b"last week's sheet"
    assert [p.name for p in target.parent.iterdir()] == [written.name]
