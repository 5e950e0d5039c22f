"""Print the version resource of a Windows .exe: what Properties > Details shows.

    python scripts/exe_version.py dist/SoTheoDoiKeHoach/SoTheoDoiKeHoach.exe

One "Key: value" line per string (ProductName, FileVersion, CompanyName, ...) and
"FixedFileVersion: a.b.c.d" from the binary header. Exit code 1 when the file is not a PE
or has no version resource. scripts/windows-check calls it on the built program; the tests
call :func:`version_resource` on an installer made by makensis. Needs pefile (dev extras).
"""

import sys
from pathlib import Path

import pefile


def version_resource(exe: Path) -> dict[str, str]:
    """The version strings of ``exe`` plus ``FixedFileVersion``; empty when it has none."""
    pe = pefile.PE(str(exe), fast_load=True)
    try:
        pe.parse_data_directories(
            directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]]
        )
        found: dict[str, str] = {}
        for group in getattr(pe, "FileInfo", None) or []:
            for info in group:
                for table in getattr(info, "StringTable", []):
                    for key, value in table.entries.items():
                        found[key.decode("utf-8")] = value.decode("utf-8")
        for fixed in getattr(pe, "VS_FIXEDFILEINFO", None) or []:
            ms, ls = fixed.FileVersionMS, fixed.FileVersionLS
            found["FixedFileVersion"] = f"{ms >> 16}.{ms & 0xFFFF}.{ls >> 16}.{ls & 0xFFFF}"
        return found
    finally:
        pe.close()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python scripts/exe_version.py PROGRAM.exe\n")
        return 2
    try:
        found = version_resource(Path(argv[0]))
    except (OSError, pefile.PEFormatError) as exc:
        sys.stderr.write(f"{argv[0]}: {exc}\n")
        return 1
    if not found:
        sys.stderr.write(f"{argv[0]}: no version resource\n")
        return 1
    out = sys.stdout.buffer  # UTF-8 whatever the console's code page: the values are Vietnamese
    for key, value in sorted(found.items()):
        out.write(f"{key}: {value}\n".encode())
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
