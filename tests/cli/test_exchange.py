import json
import shutil
from pathlib import Path

import pytest

from desktop_app.cli import main


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
