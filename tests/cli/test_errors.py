"""The one error path: whatever the clerk can fix is a Vietnamese line on stderr, exit code 2."""

import contextlib
import sqlite3
from pathlib import Path

import pytest

from desktop_app.__main__ import main
from desktop_app.storage.migrations import LATEST


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "99-KH/TU"], "Không tìm thấy kế hoạch"),
        (["show", "/KH-UBND"], "Có 2 kế hoạch"),
        (["nonsense"], "Lỗi cú pháp lệnh"),
        (["screenshot", "--tab", "plans", "--out", "x.png", "--size", "big"], "RỘNGxCAO"),
    ],
)
def test_user_mistakes_give_vietnamese_errors_without_traceback(
    samples_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    expect_exit = args == ["nonsense"]  # argparse exits by itself
    with pytest.raises(SystemExit) if expect_exit else contextlib.nullcontext():
        code = main(["--db", str(samples_path), *args])
        assert code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_newer_workspace_is_refused_with_a_message(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "plans"]) == 0
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {LATEST + 5}")
    conn.close()
    assert main(["--db", str(db_path), "plans"]) == 2
    assert "phiên bản mới hơn" in capsys.readouterr().err


def test_a_folder_given_as_workspace_gets_a_vietnamese_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path), "plans"]) == 2
    err = capsys.readouterr().err
    assert "là một thư mục" in err
    assert "unable to open" not in err


@pytest.mark.gui
def test_an_unwritable_screenshot_path_gets_a_message_not_a_traceback(
    samples_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "shot.png"  # a folder that cannot exist: its parent is a file
    assert main(["--db", str(samples_path), "screenshot", "--tab", "plans", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Không lưu được ảnh" in err
    assert "Traceback" not in err
