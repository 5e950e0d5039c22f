import json
from pathlib import Path

import openpyxl
import pytest

from desktop_app.cli import main
from desktop_app.workspace import Workspace


def test_export_xlsx_for_a_unit_then_import_xlsx_dry_run_and_apply(
    samples_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kinh-te.xlsx"
    db = ["--db", str(samples_path)]
    args = ["--out", str(out), "--unit", "phong kinh te"]
    assert main([*db, "export-xlsx", "/KH-UBND", *args]) == 2
    assert "Có 2 kế hoạch khớp" in capsys.readouterr().err  # two plans are still unnumbered
    plan = next(line for line in _plans(samples_path) if "Phú Lạc" in line).split()[0]
    assert main([*db, "export-xlsx", plan, *args]) == 0
    assert "Đơn vị: Phòng Kinh tế" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    sheet = book["Nhiệm vụ"]
    row = next(r for r in range(6, sheet.max_row + 1) if str(sheet[f"A{r}"].value)[:2] == "T:")
    sheet[f"G{row}"] = "Hoàn thành"
    book.save(out)

    assert main([*db, "import-xlsx", str(out), "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["dry_run"]
    assert dry["applied"] == 0
    [change] = dry["changes"]
    assert change["fields"] == [
        {
            "field": "status",
            "label": "Trạng thái",
            "old": "Chưa thực hiện",
            "new": "Hoàn thành",
            "conflict": False,
        }
    ]
    assert main([*db, "import-xlsx", str(out)]) == 0
    assert "Đã cập nhật 1 dòng." in capsys.readouterr().out
    assert main([*db, "import-xlsx", str(out)]) == 0
    assert "không có thay đổi nào" in capsys.readouterr().out

    sheet[f"H{row}"] = "nhiều"
    book.save(out)
    assert main([*db, "import-xlsx", str(out)]) == 2
    output = capsys.readouterr().out
    assert f"ô H{row}: tỷ lệ phải là số từ 0 đến 100" in output
    assert main([*db, "import-xlsx", str(tmp_path / "none.xlsx")]) == 2
    assert "Không tìm thấy tệp" in capsys.readouterr().err


def _plans(db: Path) -> list[str]:
    ws = Workspace.open(db)
    try:
        return [f"{p.id} {p.title}" for p in ws.plans.summaries()]
    finally:
        ws.close()


def test_export_office_xlsx_writes_every_plan_in_one_workbook(
    samples_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "co-quan.xlsx"
    assert main(["--db", str(samples_path), "export-office-xlsx", "--out", str(out)]) == 0
    assert f"Đã ghi bảng tiến độ toàn cơ quan (5 kế hoạch): {out}" in capsys.readouterr().out
    ws = Workspace.open(samples_path, device="x")
    try:
        assert len(ws.progress.preview_xlsx(out).identity.plan_refs) == 5
    finally:
        ws.close()
    assert main(["--db", str(samples_path), "export-office-xlsx", "--out", str(out) + ".xls"]) == 2
    assert "đuôi .xlsx" in capsys.readouterr().err
