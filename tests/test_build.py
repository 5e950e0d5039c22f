"""The frozen program: build.spec builds, and the built program passes its ``--smoke`` self-test.

This catches what only a frozen copy gets wrong: a module imported dynamically (the holidays
country modules), a data file left out (resources/, python-docx templates, holidays' Vietnamese
.mo), a package metadata lookup. It takes 30-60 s: set SO_KE_HOACH_SKIP_BUILD=1 to skip it,
or deselect with ``-m "not slow"``.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import desktop_app
from scripts import exe_metadata
from tests.scripts.test_exe_metadata import version_file_strings

ROOT = Path(__file__).resolve().parent.parent
NAME = "SoTheoDoiKeHoach"
BUILD_TIMEOUT = 900  # seconds; about 40 s on a 2-core machine
SMOKE_TIMEOUT = 120


def _tail(text: str, chars: int = 4000) -> str:
    return text if len(text) <= chars else "…" + text[-chars:]


@pytest.mark.slow
def test_build_spec_makes_a_program_that_passes_its_smoke_test(tmp_path: Path) -> None:
    if os.environ.get("SO_KE_HOACH_SKIP_BUILD"):
        pytest.skip("SO_KE_HOACH_SKIP_BUILD is set")
    pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (pip install .[dev])")

    dist, work, data = tmp_path / "dist", tmp_path / "work", tmp_path / "data"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    assert build.returncode == 0, _tail(build.stderr)

    program = dist / NAME / (f"{NAME}.exe" if sys.platform == "win32" else NAME)
    assert program.is_file()
    # Qt's words in Vietnamese, compiled from resources/i18n/qt_vi.ts by the build.
    assert list((dist / NAME).rglob("resources/i18n/qt_vi.qm")), "qt_vi.qm is not in the bundle"
    # The data folder only receives smoke.log; the smoke test's workspace is a temporary file.
    env = {**os.environ, "SO_KE_HOACH_DATA_DIR": str(data)}
    if sys.platform.startswith("linux"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    smoke = subprocess.run(
        [str(program), "--smoke"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",  # the frozen program runs in UTF-8 mode (build.spec)
        errors="replace",
        timeout=SMOKE_TIMEOUT,
        check=False,
    )
    log_file = data / "smoke.log"
    log = log_file.read_text(encoding="utf-8") if log_file.exists() else "(no smoke.log)"
    report = f"exit {smoke.returncode}\nstdout:\n{smoke.stdout}\nstderr:\n{smoke.stderr}\n{log}"
    assert smoke.returncode == 0, _tail(report)
    assert smoke.stdout.startswith("smoke: OK"), report
    assert "\nsmoke: OK (" in log, report

    _check_the_command_line_program(dist / NAME, env)
    _check_the_version_files(work)


def _check_the_command_line_program(folder: Path, env: dict[str, str]) -> None:
    # The console .exe beside the window's, sharing its _internal/ (two EXE, one COLLECT).
    suffix = ".exe" if sys.platform == "win32" else ""
    console = folder / f"{exe_metadata.CONSOLE_NAME}{suffix}"
    assert console.is_file(), sorted(p.name for p in folder.iterdir())
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == ["_internal"]
    version = subprocess.run(
        [str(console), "--version"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=SMOKE_TIMEOUT,
        check=False,
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout == f"{desktop_app.APP_NAME} {desktop_app.__version__}\n"


def _check_the_version_files(work: Path) -> None:
    # What build.spec gave PyInstaller for each .exe's version resource (embedded on Windows
    # only; scripts/windows-check reads it back from the .exe with scripts/exe_version.py).
    for exe_name, description in (
        (NAME, exe_metadata.WINDOW_DESCRIPTION),
        (exe_metadata.CONSOLE_NAME, exe_metadata.CONSOLE_DESCRIPTION),
    ):
        (version_file,) = work.rglob(f"{exe_name}-version.txt")
        strings = version_file_strings(version_file.read_text(encoding="utf-8"))
        assert strings["ProductName"] == desktop_app.APP_NAME
        assert strings["ProductVersion"] == desktop_app.__version__
        assert strings["FileDescription"] == description
        assert strings["OriginalFilename"] == f"{exe_name}.exe"
