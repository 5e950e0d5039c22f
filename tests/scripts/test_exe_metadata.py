"""The version resource build.spec gives PyInstaller, read back from its version-file text.

PyInstaller's own classes for it import pywin32 and load only on Windows, so here the text is
evaluated with stand-ins that record what each constructor received, the way PyInstaller's
``load_version_info_from_text_file`` evaluates it with the real ones. The resource inside a
built .exe is read by scripts/exe_version.py, under Wine in scripts/windows-check.
"""

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import desktop_app
from scripts import exe_metadata

ROOT = Path(__file__).resolve().parents[2]
VERSION_FILE_NAMES = (
    "VSVersionInfo",
    "FixedFileInfo",
    "StringFileInfo",
    "StringTable",
    "StringStruct",
    "VarFileInfo",
    "VarStruct",
)


def _recorder(name: str) -> Any:
    def record(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return {"type": name, "args": args, "kwargs": kwargs}

    return record


def _evaluate(text: str) -> dict[str, Any]:
    namespace = {name: _recorder(name) for name in VERSION_FILE_NAMES}
    # The text is ours (exe_metadata); PyInstaller evaluates it the same way.
    result: dict[str, Any] = eval(text, namespace)
    return result


def version_file_strings(text: str) -> dict[str, str]:
    """The string table of a version file (tests/test_build.py reads build.spec's with it)."""
    return _strings(_evaluate(text))


def _strings(info: dict[str, Any]) -> dict[str, str]:
    string_file_info = next(k for k in info["kwargs"]["kids"] if k["type"] == "StringFileInfo")
    (table,) = string_file_info["args"][0]
    assert table["args"][0] == "042A04B0"  # Vietnamese, UTF-16
    return {s["args"][0]: s["args"][1] for s in table["args"][1]}


def test_the_version_is_the_packages() -> None:
    constants = exe_metadata.package_constants()
    assert constants["__version__"] == desktop_app.__version__
    assert constants["APP_NAME"] == desktop_app.APP_NAME


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("1.2.0rc1", (1, 2, 0, 0)),
        ("2.10.3+local.7", (2, 10, 3, 0)),
    ],
)
def test_windows_gets_four_numbers(version: str, numbers: tuple[int, int, int, int]) -> None:
    assert exe_metadata.version_numbers(version) == numbers


def test_the_version_file_carries_product_version_company_and_a_vietnamese_description() -> None:
    text = exe_metadata.version_file_text(
        desktop_app.__version__,
        desktop_app.APP_NAME,
        exe_metadata.CONSOLE_NAME,
        exe_metadata.CONSOLE_DESCRIPTION,
    )
    ast.parse(text)  # PyInstaller evals it: it must be one valid Python expression
    info = _evaluate(text)
    assert info["type"] == "VSVersionInfo"
    numbers = exe_metadata.version_numbers(desktop_app.__version__)
    assert info["kwargs"]["ffi"]["kwargs"] == {"filevers": numbers, "prodvers": numbers}
    strings = _strings(info)
    assert strings["ProductName"] == "Sổ theo dõi Kế hoạch"
    assert strings["ProductVersion"] == strings["FileVersion"] == desktop_app.__version__
    assert strings["CompanyName"] == exe_metadata.PUBLISHER
    assert strings["FileDescription"] == "Sổ theo dõi Kế hoạch của xã (dòng lệnh)"
    assert strings["OriginalFilename"] == "so-ke-hoach.exe"
    var_file_info = next(k for k in info["kwargs"]["kids"] if k["type"] == "VarFileInfo")
    (translation,) = var_file_info["args"][0]
    assert translation["args"] == ("Translation", [0x042A, 1200])


def test_the_script_prints_the_version_for_the_installer_build() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "exe_metadata.py")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout
    numbers = exe_metadata.version_numbers(desktop_app.__version__)
    assert out == f"{desktop_app.__version__} {'.'.join(map(str, numbers))}\n"
