import contextlib
import errno
import json
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain.ids import UnitId, new_id
from desktop_app.domain.units import Unit, UnitKind
from desktop_app.storage import backups
from desktop_app.storage.backups import BackupReason, is_verified
from desktop_app.workspace import Workspace


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
    # Merged, then merged again: its parts are known here by their checksums, no row read.
    for _ in range(2):
        assert main(["--db", str(other), "merge", str(tmp_path / "all.skh"), "--json"]) == 0
        again = json.loads(capsys.readouterr().out)
    assert again["items"] == []
    assert (again["unchanged"], again["older"]) == (0, 0)
    assert again["already_taken"] >= data["unchanged"]

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


def _damage(path: Path, table: str) -> None:
    """Zero a page of ``table`` in the file: a damaged sector of an old disk."""
    import sqlite3  # noqa: PLC0415

    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            pages = [
                int(r[0])
                for r in conn.execute(
                    "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,)
                )
            ]
        except sqlite3.OperationalError:
            # Windows' sqlite3 is built without the dbstat table: the table's root page.
            pages = [
                int(r[0])
                for r in conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
            ]
    data = bytearray(path.read_bytes())
    page = pages[len(pages) // 2]
    data[(page - 1) * 4096 : page * 4096] = bytes(4096)
    path.write_bytes(bytes(data))


def test_a_damaged_workspace_is_restored_or_rescued_from_the_command_line(
    samples_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "du-lieu.sqlite"
    shutil.copy2(samples_path, db)
    assert main(["--db", str(db), "backup"]) == 0
    _damage(db, "tasks")
    capsys.readouterr()
    assert main(["--db", str(db), "check-db"]) != 0
    told = capsys.readouterr().err
    assert "bị hỏng" in told
    assert "Traceback" not in told

    damaged_copy = tmp_path / "hong.sqlite"
    shutil.copy2(db, damaged_copy)
    rescued = tmp_path / "cuu" / "cuu.sqlite"
    assert main(["--db", str(damaged_copy), "rescue", "--out", str(rescued)]) != 0
    report = capsys.readouterr().out
    assert "Đã cứu" in report
    assert "Nhiệm vụ: cứu được" in report  # the damaged table, with what was lost
    # What the lost page held is recreated as placeholders, as for any dangling link.
    assert main(["--db", str(rescued), "check-db", "--repair"]) == 0
    capsys.readouterr()

    assert main(["--db", str(db), "restore"]) == 0
    out = capsys.readouterr().out
    assert "Tệp hỏng được giữ lại" in out
    assert list(tmp_path.glob("du-lieu.sqlite.hong-*"))
    assert main(["--db", str(db), "check-db"]) == 0


def test_merge_prints_counts_and_lists_rows_only_when_verbose(
    samples_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(samples_path), "pack", "--out", str(tmp_path / "all")]) == 0
    capsys.readouterr()
    other = tmp_path / "other.sqlite"
    package = str(tmp_path / "all.skh")
    assert main(["--db", str(other), "merge", package, "--dry-run"]) == 0
    brief = capsys.readouterr().out
    assert "  Nhiệm vụ: " in brief  # a count per kind of record
    assert "Thêm mới  " not in brief  # no line per row
    assert main(["--db", str(other), "merge", package, "--dry-run", "--verbose"]) == 0
    full = capsys.readouterr().out
    assert full.count("Thêm mới  ") > 100
    assert len(brief.splitlines()) < 30


def test_a_change_package_for_a_known_pc_from_the_command_line(
    samples_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b = samples_path, tmp_path / "pc-b.sqlite"

    def on_pc(name: str, *args: str) -> int:
        # Each PC has its own data folder, so its own device id.
        monkeypatch.setenv("SO_KE_HOACH_DATA_DIR", str(tmp_path / f"data-{name}"))
        return main(["--db", str(a if name == "a" else b), *args])

    assert on_pc("a", "peers") == 0
    assert "Chưa nhập gói nào" in capsys.readouterr().out
    assert on_pc("a", "pack", "--out", str(tmp_path / "full")) == 0
    assert on_pc("b", "merge", str(tmp_path / "full.skh")) == 0
    assert on_pc("b", "pack", "--out", str(tmp_path / "back")) == 0
    assert on_pc("a", "merge", str(tmp_path / "back.skh")) == 0
    capsys.readouterr()

    assert on_pc("a", "peers", "--json") == 0
    (known,) = json.loads(capsys.readouterr().out)
    assert on_pc("a", "peers") == 0
    assert known["device_id"][:8] in capsys.readouterr().out

    assert on_pc("a", "pack", "--out", str(tmp_path / "changes"), "--changes-for", "lạ") == 2
    assert "Không có máy nào" in capsys.readouterr().err
    # An edit on A, as the window on A makes it (A's own device id).
    device_a = (tmp_path / "data-a" / "device-id").read_text(encoding="utf-8").strip()
    ws = Workspace.open(a, device=device_a)
    try:
        ws.directory.save_unit(
            Unit(id=UnitId(new_id()), name="Tổ công nghệ số", kind=UnitKind.OTHER)
        )
    finally:
        ws.close()
    changes = ["pack", "--out", str(tmp_path / "changes"), "--changes-for", known["device_id"]]
    assert on_pc("a", *changes) == 0
    out = capsys.readouterr().out
    assert "gói thay đổi: những gì máy" in out
    assert on_pc("b", "merge", str(tmp_path / "changes.skh"), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["add"] == 1
    assert data["package"]["scope"].startswith("gói thay đổi")

    # A PC that never had A's data refuses it whole.
    stranger = tmp_path / "pc-c.sqlite"
    monkeypatch.setenv("SO_KE_HOACH_DATA_DIR", str(tmp_path / "data-c"))
    assert main(["--db", str(stranger), "merge", str(tmp_path / "changes.skh")]) == 2
    err = capsys.readouterr().err
    assert "gói đầy đủ" in err
    assert "Traceback" not in err


def _note_from_a(samples_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """PC B (a copy of A's data) and A's package once A wrote a note on a unit."""
    other = tmp_path / "pc-b.sqlite"
    shutil.copy2(samples_path, other)
    a = Workspace.open(samples_path)
    unit = a.directory.units()[0]
    a.directory.save_unit(replace(unit, note="sửa trên máy A"))
    package = a.exchange.pack(tmp_path / "goi.skh").path
    a.close()
    return other, package


def test_a_merge_checks_its_backup_at_the_close_and_says_so(
    samples_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other, package = _note_from_a(samples_path, tmp_path)
    assert main(["--db", str(other), "merge", str(package)]) == 0
    said = capsys.readouterr()
    assert said.err.splitlines() == ["Đang kiểm tra bản sao lưu vừa chép trước khi đóng…"]
    b = Workspace.open(other)
    try:
        (backup,) = b.exchange.backups()
        assert backup.reason is BackupReason.BEFORE_MERGE
        assert is_verified(backup.path)  # the command line has no idle time: done at close
    finally:
        b.close()
    # Nothing left to check: nothing said.
    assert main(["--db", str(other), "backup", "--list"]) == 0
    assert capsys.readouterr().err == ""


def test_a_merge_whose_backup_copy_fails_after_the_commit_says_so_and_keeps_the_merge(
    samples_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other, package = _note_from_a(samples_path, tmp_path)

    def full_after_the_commit(*_args: object) -> None:
        # The copy's last step fails: it is reached only after the merge committed, since
        # the commit waits for the quick check alone and the copy waits for the commit here.
        raise OSError(errno.ENOSPC, "No space left on device")

    real_result = backups.BackupUnderWay.result
    merged = []

    def result_once_merged(self: backups.BackupUnderWay) -> Path:
        merged.append(True)
        return real_result(self)

    real_copy = backups._copy_stoppable

    def copy_once_merged(source: Path, target: Path, stop: backups.CheckStop) -> None:
        while not merged and not stop.stopped:  # the merge has committed and now waits
            threading.Event().wait(0.01)
        real_copy(source, target, stop)

    monkeypatch.setattr(backups, "_copy_stoppable", copy_once_merged)
    monkeypatch.setattr(backups.BackupUnderWay, "result", result_once_merged)
    monkeypatch.setattr(backups, "_as_one_file", full_after_the_commit)
    assert main(["--db", str(other), "merge", str(package)]) == 1  # merged, not backed up
    monkeypatch.undo()
    said = capsys.readouterr()
    assert "Đã nhập gói: 0 thêm mới, 1 sửa" in said.out
    [warning] = [line for line in said.err.splitlines() if line.startswith("Chú ý:")]
    assert "Không sao lưu được vào" in warning
    assert "Gói dữ liệu đã được nhập và vẫn được giữ" in warning
    assert "Traceback" not in said.err
    b = Workspace.open(other)
    try:
        assert b.exchange.backups() == []
        assert any(u.note == "sửa trên máy A" for u in b.directory.units())
    finally:
        b.close()
