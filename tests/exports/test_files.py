import errno
from pathlib import Path

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
