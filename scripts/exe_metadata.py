"""The Windows face of the program: its version, as Windows and the installer want it.

One place for what build.spec (the .exe's version resource), scripts/build-installer and
scripts/build.ps1 (the installer's name and its own version resource) need. Read without
importing desktop_app, so that a build machine needs no dependency of the program for it.

    python scripts/exe_metadata.py      -> "0.1.0 0.1.0.0" (the version, then four numbers)
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "SoTheoDoiKeHoach"  # ASCII on purpose: file, folder and registry names
CONSOLE_NAME = "so-ke-hoach"  # the command-line .exe beside the window's, as pip's entry point
# Shown as "Company" in Properties > Details and as the publisher in Apps & features.
PUBLISHER = "Nhóm phát triển Sổ theo dõi Kế hoạch"
WINDOW_DESCRIPTION = "Sổ theo dõi Kế hoạch của xã"
CONSOLE_DESCRIPTION = "Sổ theo dõi Kế hoạch của xã (dòng lệnh)"
# Vietnamese (0x042A) in UTF-16 (code page 1200 = 0x04B0): the language of the string table.
LANGUAGE_ID = 0x042A
CODE_PAGE = 1200


def package_constants(root: Path = ROOT) -> dict[str, str]:
    """__version__ and APP_NAME from desktop_app/__init__.py, read without importing it."""
    tree = ast.parse((root / "desktop_app" / "__init__.py").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """Windows wants four numbers: "1.2.0rc1" -> (1, 2, 0, 0), "0.1.0" -> (0, 1, 0, 0)."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+", maxsplit=1)[0])[:3]]
    major, minor, patch, build = [*numbers, 0, 0, 0, 0][:4]
    return major, minor, patch, build


def version_file_text(version: str, product_name: str, exe_name: str, description: str) -> str:
    """The version resource of one .exe, in PyInstaller's version-file format.

    Properties > Details, Task Manager and Apps & features show it. build.spec writes this to a
    file and hands EXE(version=) its path; PyInstaller ``eval``s it with its own classes
    (``VSVersionInfo`` and the rest, see PyInstaller.utils.win32.versioninfo). Text rather than
    those classes: they import pywin32 and exist only on Windows, and the text can be checked
    anywhere (tests/scripts/test_exe_metadata.py).
    """
    numbers = version_numbers(version)
    table = f"{LANGUAGE_ID:04X}{CODE_PAGE:04X}"  # "042A04B0"
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": description,
        "ProductName": product_name,
        "FileVersion": version,
        "ProductVersion": version,
        "InternalName": exe_name,
        "OriginalFilename": f"{exe_name}.exe",
        "LegalCopyright": PUBLISHER,
    }
    structs = "".join(f"          StringStruct({k!r}, {v!r}),\n" for k, v in strings.items())
    return (
        "# -*- coding: utf-8 -*-\n"
        f"# The version resource of {exe_name}.exe, written by scripts/exe_metadata.py.\n"
        "VSVersionInfo(\n"
        f"  ffi=FixedFileInfo(filevers={numbers!r}, prodvers={numbers!r}),\n"
        "  kids=[\n"
        "    StringFileInfo([\n"
        f"      StringTable({table!r}, [\n"
        f"{structs}"
        "      ])\n"
        "    ]),\n"
        f"    VarFileInfo([VarStruct('Translation', [{LANGUAGE_ID:#06x}, {CODE_PAGE}])]),\n"
        "  ],\n"
        ")\n"
    )


if __name__ == "__main__":
    _version = package_constants()["__version__"]
    sys.stdout.write(f"{_version} {'.'.join(map(str, version_numbers(_version)))}\n")
