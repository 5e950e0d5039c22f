"""Windows storage realities (issue 22): sticks, network drives, long paths, held files."""

import dataclasses
import errno
import os
import shutil
from pathlib import Path

import pytest

from desktop_app import paths
from desktop_app.storage import backups
from desktop_app.storage.errors import StorageError
from desktop_app.workspace import Workspace
from desktop_app.workspace.workspace_files import safe_workspace_path
from tests.conftest import sample_plan_id


@pytest.fixture
def on_stick(samples_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    stick = tmp_path / "usb"
    stick.mkdir()
    path = stick / "so-ke-hoach.sqlite"
    shutil.copy2(samples_path, path)
    monkeypatch.setenv("SO_KE_HOACH_REMOVABLE", str(stick))
    return path


def test_db_on_a_stick_keeps_one_copy_across_runs(on_stick: Path) -> None:
    first, message = safe_workspace_path(on_stick)
    assert "nằm trên USB" in message
    ws = Workspace.open(first, device="pc")
    plan_id = sample_plan_id(ws, "phu_lac")
    plan = ws.plans.get(plan_id)
    ws.plans.save_edited(dataclasses.replace(plan, notes="Làm trên máy"), plan)
    ws.close()

    second, message = safe_workspace_path(on_stick)
    assert second == first  # the same copy, with the work done in it: nothing split
    assert "bản đã chép vào máy từ lần trước" in message
    assert "đã thay đổi" not in message
    ws = Workspace.open(second, device="pc")
    assert ws.plans.get(plan_id).notes == "Làm trên máy"
    ws.close()
    copies = [p for p in first.parent.iterdir() if p.suffix == ".sqlite"]
    assert copies == [first]


def test_a_stick_file_changed_elsewhere_is_merged_not_copied_over(on_stick: Path) -> None:
    first, _message = safe_workspace_path(on_stick)
    other_pc = Workspace.open(on_stick, device="other")  # worked on at the other PC
    unit = other_pc.directory.units()[0]
    other_pc.directory.save_unit(dataclasses.replace(unit, note="máy khác"))
    other_pc.close()
    again, message = safe_workspace_path(on_stick)
    assert again == first
    assert "đã thay đổi" in message
    assert f"merge {on_stick}" in message


def test_a_network_drive_is_never_opened_in_place(
    samples_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    path = share / "so-ke-hoach.sqlite"
    shutil.copy2(samples_path, path)
    monkeypatch.setenv("SO_KE_HOACH_NETWORK", str(share))
    assert paths.storage_kind(path) is paths.StorageKind.NETWORK
    opened, message = safe_workspace_path(path)
    assert not opened.is_relative_to(share)
    assert "ổ mạng" in message


def test_long_windows_paths_get_the_prefix_that_lifts_the_260_limit() -> None:
    long = "C:\\" + "\\".join(["thu-muc-rat-dai-cua-van-phong"] * 10) + "\\so-ke-hoach.sqlite"
    assert len(long) > 260
    assert paths.os_path(Path(long), platform="win32") == "\\\\?\\" + str(Path(long))
    share = "\\\\may-chu\\chia-se\\" + "a" * 260
    assert paths.os_path(Path(share), platform="win32").startswith("\\\\?\\UNC\\may-chu")
    assert paths.os_path(Path("C:\\ngan.sqlite"), platform="win32") == str(Path("C:\\ngan.sqlite"))
    assert paths.os_path(Path(long), platform="linux") == str(Path(long))


def test_a_workspace_in_a_folder_deeper_than_260_characters_works(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["thu-muc-rat-dai-cua-van-phong-xa"] * 9)
    path = deep / "so-ke-hoach.sqlite"
    assert len(str(path)) > 260
    ws = Workspace.open(path, device="pc")
    ws.exchange.backup_now()
    assert ws.exchange.check_db().ok
    ws.close()


def test_a_rename_held_by_an_antivirus_is_retried_then_explained(
    samples: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "RENAME_WAITS", (0.0, 0.0, 0.0))
    real = os.replace
    held = {"times": 2}

    def replace(source: Path, target: Path) -> None:
        if held["times"] > 0:
            held["times"] -= 1
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    assert samples.exchange.backup_now().exists()  # held twice, then let go
    held["times"] = 100
    with pytest.raises(StorageError, match="diệt virus"):
        samples.exchange.backup_now()
    assert not list(backups.list_backups(samples.exchange.backup_dir)[0].path.parent.glob(".*tmp"))
