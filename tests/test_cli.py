import contextlib
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from desktop_app.cli import main
from desktop_app.storage.migrations import LATEST
from desktop_app.workspace import Workspace


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_demo_then_plans_and_show_through_the_real_entry_point(db_path: Path) -> None:
    done = run("--db", str(db_path), "demo")
    assert done.returncode == 0, done.stderr
    assert "Đã nạp 5 kế hoạch mẫu" in done.stdout
    plans = json.loads(run("--db", str(db_path), "plans", "--json").stdout)
    assert len(plans) == 5
    for plan in plans:
        shown = run("--db", str(db_path), "show", plan["id"], "--json")
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout)["title"] == plan["title"]
    kon_tum = json.loads(run("--db", str(db_path), "show", "95-KH/TU", "--json").stdout)
    assert (kon_tum["number"], kon_tum["symbol"], kon_tum["date"]) == (95, "KH/TU", "2023-05-22")


def test_plans_lists_and_searches(samples_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(samples_path), "plans", "--search", "dong vong", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [p["reference"] for p in found] == ["/KH-UBND"]
    assert main(["--db", str(samples_path), "plans"]) == 0
    assert "95-KH/TU" in capsys.readouterr().out


def test_show_prints_a_readable_summary(
    samples_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(samples_path), "show", "95-KH/TU"]) == 0
    out = capsys.readouterr().out
    assert "TỈNH ỦY KON TUM" in out
    assert "T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ / A Pớt" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "99-KH/TU"], "Không tìm thấy kế hoạch"),
        (["show", "/KH-UBND"], "Có 2 kế hoạch"),
        (["nonsense"], "Lỗi cú pháp lệnh"),
        (["screenshot", "--tab", "plans", "--out", "x.png", "--size", "big"], "RỘNGxCAO"),
    ],
)
def test_user_mistakes_give_vietnamese_errors_without_traceback(
    samples_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    expect_exit = args == ["nonsense"]  # argparse exits by itself
    with pytest.raises(SystemExit) if expect_exit else contextlib.nullcontext():
        code = main(["--db", str(samples_path), *args])
        assert code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_newer_workspace_is_refused_with_a_message(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "plans"]) == 0
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {LATEST + 5}")
    conn.close()
    assert main(["--db", str(db_path), "plans"]) == 2
    assert "phiên bản mới hơn" in capsys.readouterr().err


def test_a_folder_given_as_workspace_gets_a_vietnamese_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path), "plans"]) == 2
    err = capsys.readouterr().err
    assert "là một thư mục" in err
    assert "unable to open" not in err


@pytest.mark.gui
def test_an_unwritable_screenshot_path_gets_a_message_not_a_traceback(
    samples_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = blocker / "shot.png"  # a folder that cannot exist: its parent is a file
    assert main(["--db", str(samples_path), "screenshot", "--tab", "plans", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Không lưu được ảnh" in err
    assert "Traceback" not in err


def test_agenda_for_december_2026_lists_the_campaign_day_and_monthly_reports(
    samples_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ics = tmp_path / "thang12.ics"
    args = ["--db", str(samples_path), "agenda", "--from", "01/12/2026", "--to", "31/12/2026"]
    assert main([*args, "--today", "23/11/2026", "--json", "--ics", str(ics)]) == 0
    data = json.loads(capsys.readouterr().out)
    found = {
        (i["date"], i["label"] if i["kind"] == "event" else i["deadline"]) for i in data["items"]
    }
    assert ("2026-12-05", "Đợt 13") in found
    assert ("2026-12-05", "trước ngày 05 hàng tháng") in found
    assert ("2026-12-10", "trước ngày 10 hàng tháng") in found
    assert all(i["state"] == "due" for i in data["items"])
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert "Đợt 13".encode() in ics.read_bytes()

    assert main([*args, "--today", "23/11/2026"]) == 0
    text = capsys.readouterr().out
    assert "Thứ Bảy, 05/12/2026 (âm lịch 27/10)" in text
    assert "Đợt 13" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--from", "31/02/2026"], "không có trên lịch"),
        (["--from", "10/12/2026", "--to", "01/12/2026"], "đứng trước"),
        (["--plan", "99-KH/XX"], "Không tìm thấy"),
    ],
)
def test_agenda_refuses_bad_input_in_vietnamese(
    samples_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main(["--db", str(samples_path), "agenda", *extra]) == 2
    assert message in capsys.readouterr().err


def test_agenda_piped_into_a_closed_reader_ends_quietly(
    samples_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class ClosedPipe(io.StringIO):
        def write(self, _text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["--db", str(samples_path), "agenda", "--from", "01/12/2026"]) == 0


def test_check_prints_findings_and_fails_on_errors(
    samples_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(samples_path), "check", "95-KH/TU"]) == 0
    out = capsys.readouterr().out
    assert "không có ngày kết thúc" in out
    assert "Tổng: 0 lỗi, 0 cảnh báo, 1 lưu ý." in out


def test_check_json_names_the_place_to_fix(
    samples_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:

    ws = Workspace.open(samples_path)
    phu_lac = next(
        p.id for p in ws.plans.summaries() if p.title.startswith("Tổ chức thực hiện ra quân")
    )
    ws.close()
    assert main(["--db", str(samples_path), "check", phu_lac, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    places = {(f["severity"], f["place"]) for f in data["findings"]}
    assert ("error", "appendices") in places
    assert ("error", "header") in places


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


def test_pack_merge_backup_restore_and_check_db_from_the_command_line(
    samples_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = tmp_path / "pc-b.sqlite"
    shutil.copy2(samples_path, other)
    package = tmp_path / "usb" / "goi.skh"
    assert (
        main(["--db", str(samples_path), "pack", "--out", str(package), "--plan", "95-KH/TU"]) == 0
    )
    assert "Có thể rút USB ra" in capsys.readouterr().out
    # A unit edited on A after packing the plan: pack everything and merge it into B.
    assert main(["--db", str(samples_path), "pack", "--out", str(tmp_path / "all")]) == 0
    capsys.readouterr()
    assert (
        main(["--db", str(other), "merge", str(tmp_path / "all.skh"), "--dry-run", "--json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["applied"] is False
    assert data["items"] == []
    assert data["unchanged"] > 500

    assert main(["--db", str(other), "backup"]) == 0
    assert "Đã sao lưu vào" in capsys.readouterr().out
    assert main(["--db", str(other), "backup", "--list", "--json"]) == 0
    (backup,) = json.loads(capsys.readouterr().out)
    assert backup["reason"] == "Sao lưu ngay"
    assert main(["--db", str(other), "restore", backup["path"]]) == 0
    assert "Đã khôi phục" in capsys.readouterr().out

    assert main(["--db", str(other), "check-db"]) == 0
    assert "không có lỗi" in capsys.readouterr().out
    assert main(["--db", str(other), "check-db", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True

    junk = tmp_path / "hong.skh"
    junk.write_bytes(b"PK\x03\x04" + bytes(100))
    assert main(["--db", str(other), "merge", str(junk)]) == 2
    err = capsys.readouterr().err
    assert "không dùng được" in err
    assert "Traceback" not in err

    # A workspace file on a USB stick is copied in before it is opened.
    stick = tmp_path / "usb"
    on_stick = stick / "data.sqlite"
    shutil.copy2(other, on_stick)
    monkeypatch.setenv("SO_KE_HOACH_REMOVABLE", str(stick))
    assert main(["--db", str(on_stick), "plans"]) == 0
    assert "nằm trên USB" in capsys.readouterr().err
