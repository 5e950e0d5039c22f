"""scripts/build-installer turns a one-folder program into a 64-bit setup .exe with makensis.

The folder here is a stand-in for PyInstaller's Windows output (a dummy .exe and a few files):
what is checked is the installer script and its build (defines, paths, the Vietnamese pages, the
version in its name and resource), not the program. Installing it, upgrading and uninstalling
run under Wine in scripts/windows-check.
"""

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pefile
import pytest

import desktop_app
from scripts import exe_metadata
from scripts.exe_version import version_resource

ROOT = Path(__file__).resolve().parents[2]
BUILD_INSTALLER = ROOT / "scripts" / "build-installer"
MACHINE_AMD64 = 0x8664
ICON = ROOT / "resources" / "icons" / "SoTheoDoiKeHoach.ico"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        sys.platform == "win32",
        reason="scripts/build-installer is bash; on Windows scripts/build.ps1 builds the installer",
    ),
    pytest.mark.skipif(
        shutil.which("makensis") is None,
        reason="makensis is not installed (Debian: apt-get install nsis)",
    ),
]


def _one_folder_program(folder: Path) -> Path:
    program = folder / exe_metadata.NAME
    (program / "_internal" / "resources").mkdir(parents=True)
    for exe in (exe_metadata.NAME, exe_metadata.CONSOLE_NAME):
        (program / f"{exe}.exe").write_bytes(b"MZ stand-in for PyInstaller's bootloader")
    (program / "_internal" / "base_library.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (program / "_internal" / "resources" / "mẫu kế hoạch.json").write_text("{}", encoding="utf-8")
    return program


def _build(program: Path, dist: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(BUILD_INSTALLER), str(program)],
        env={**os.environ, "DIST_DIR": str(dist), "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
        check=False,
    )


def test_the_installer_is_a_64_bit_program_named_and_stamped_with_the_version(
    tmp_path: Path,
) -> None:
    dist = tmp_path / "dist"
    result = _build(_one_folder_program(tmp_path / "built"), dist)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    setup = dist / f"SoTheoDoiKeHoach-{desktop_app.__version__}-setup.exe"
    assert setup.is_file(), sorted(p.name for p in dist.iterdir())
    assert result.stdout.rstrip().endswith(f"build-installer: {setup}")
    pe = pefile.PE(str(setup), fast_load=True)
    try:
        assert pe.FILE_HEADER.Machine == MACHINE_AMD64  # Target amd64-unicode
    finally:
        pe.close()
    resource = version_resource(setup)
    assert resource["ProductName"] == "Sổ theo dõi Kế hoạch"
    assert resource["ProductVersion"] == desktop_app.__version__
    assert resource["FileDescription"] == "Cài đặt Sổ theo dõi Kế hoạch"
    assert resource["CompanyName"] == exe_metadata.PUBLISHER
    numbers = exe_metadata.version_numbers(desktop_app.__version__)
    assert resource["FixedFileVersion"] == ".".join(map(str, numbers))


ICO_ENTRY_SIZE = 16  # an .ico file's ICONDIRENTRY
GROUP_ENTRY_SIZE = 14  # an .exe's GRPICONDIRENTRY: the same fields, an id for the offset


def _icon_sizes(icon_dir: bytes, entry_size: int) -> list[int]:
    """The image widths listed in an icon directory (0 stands for 256)."""
    _reserved, _kind, count = struct.unpack_from("<HHH", icon_dir)
    return [icon_dir[6 + entry_size * i] or 256 for i in range(count)]


def test_the_installer_shows_the_programs_icon(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    assert _build(_one_folder_program(tmp_path / "built"), dist).returncode == 0
    (setup,) = dist.glob("*-setup.exe")
    pe = pefile.PE(str(setup))
    try:
        groups = [
            pe.get_data(leaf.data.struct.OffsetToData, leaf.data.struct.Size)
            for kind in pe.DIRECTORY_ENTRY_RESOURCE.entries
            if kind.id == pefile.RESOURCE_TYPE["RT_GROUP_ICON"]
            for name in kind.directory.entries
            for leaf in name.directory.entries
        ]
    finally:
        pe.close()
    # NSIS's own icon has other sizes; ours brings all seven of scripts/make_icon.py.
    ours = _icon_sizes(ICON.read_bytes(), ICO_ENTRY_SIZE)
    assert ours == [16, 24, 32, 48, 64, 128, 256]
    assert [_icon_sizes(group, GROUP_ENTRY_SIZE) for group in groups] == [ours]


def test_exe_version_prints_the_resource_for_windows_check(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    assert _build(_one_folder_program(tmp_path / "built"), dist).returncode == 0
    (setup,) = dist.glob("*-setup.exe")
    printed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "exe_version.py"), str(setup)],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    assert f"ProductVersion: {desktop_app.__version__}\n" in printed
    assert "ProductName: Sổ theo dõi Kế hoạch\n" in printed


def test_exe_version_says_when_a_file_is_no_program(tmp_path: Path) -> None:
    not_a_program = tmp_path / "ghi-chu.exe"
    not_a_program.write_text("không phải chương trình", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "exe_version.py"), str(not_a_program)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 1
    assert str(not_a_program) in result.stderr


def test_makensis_alone_takes_the_version_from_the_package_and_the_program_from_dist(
    tmp_path: Path,
) -> None:
    # What `makensis scripts/installer.nsi` in a checkout does (scripts/windows-check calls it
    # so): the same layout, in a scratch folder so the checkout's dist/ stays untouched.
    checkout = tmp_path / "checkout"
    for relative in (
        "scripts/installer.nsi",
        "desktop_app/__init__.py",
        "resources/icons/SoTheoDoiKeHoach.ico",
    ):
        (checkout / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / relative, checkout / relative)
    _one_folder_program(checkout / "dist")
    result = subprocess.run(
        ["makensis", "-V2", "-WX", "scripts/installer.nsi"],
        cwd=checkout,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    setup = checkout / "dist" / f"SoTheoDoiKeHoach-{desktop_app.__version__}-setup.exe"
    numbers = exe_metadata.version_numbers(desktop_app.__version__)
    assert version_resource(setup)["FixedFileVersion"] == ".".join(map(str, numbers))


def test_a_folder_without_the_program_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "built" / exe_metadata.NAME
    empty.mkdir(parents=True)
    result = _build(empty, tmp_path / "dist")
    assert result.returncode == 1
    assert f"no {exe_metadata.NAME}.exe in {empty}" in result.stderr
    assert not (tmp_path / "dist").exists()
