import errno
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from desktop_app.domain.errors import UserError
from desktop_app.exports.files import write_atomically


def test_the_file_appears_whole_and_no_temporary_is_left(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomically(target, lambda p: p.write_text("xin chào", encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == "xin chào"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("cũ", encoding="utf-8")

    def fail(p: Path) -> None:
        p.write_text("nửa", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(UserError, match="Ổ đĩa đã đầy"):
        write_atomically(target, fail)
    assert target.read_text(encoding="utf-8") == "cũ"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Không có thư mục"):
        write_atomically(
            tmp_path / "khong" / "out.txt", lambda p: p.write_text("", encoding="utf-8")
        )


def _save_workbook(target: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "Tiến độ"  # type: ignore[index]
    book.save(target)


def _save_document(target: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Kế hoạch")
    document.save(str(target))


@pytest.mark.parametrize("save", [_save_workbook, _save_document], ids=["xlsx", "docx"])
def test_a_disk_that_fills_inside_the_library_leaves_no_temporary_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened_files: list[Any],
    save: Callable[[Path], None],
) -> None:
    # openpyxl and python-docx open the zip themselves and do not close it when a write fails.
    real_writestr = zipfile.ZipFile.writestr
    parts_written = 0

    def fills_up(archive: zipfile.ZipFile, *args: Any, **kwargs: Any) -> None:
        nonlocal parts_written
        parts_written += 1
        if parts_written == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_writestr(archive, *args, **kwargs)

    real_unlink = Path.unlink

    def unlink_as_windows_does(path: Path, missing_ok: bool = False) -> None:
        if any(not f.closed and Path(str(f.name)) == path for f in opened_files):
            raise PermissionError(errno.EACCES, "The file is being used by another process")
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", fills_up)
    monkeypatch.setattr(Path, "unlink", unlink_as_windows_does)
    with pytest.raises(UserError, match="Ổ đĩa đã đầy"):
        write_atomically(tmp_path / "out", save)
    assert parts_written == 3
    assert list(tmp_path.iterdir()) == []
