"""One program per workspace file, and a file too damaged to open (issue 22)."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.storage.errors import DamagedFileError
from desktop_app.ui import app as app_module
from desktop_app.ui.single_instance import SingleInstance
from desktop_app.workspace import Workspace
from tests.ui.conftest import when_modal


def test_a_second_start_on_the_same_file_wakes_the_first(qtbot: QtBot, tmp_path: Path) -> None:
    workspace = tmp_path / "du-lieu.sqlite"
    first = SingleInstance(workspace)
    assert first.acquire()
    second = SingleInstance(workspace)
    assert not second.acquire()
    with qtbot.waitSignal(first.woken, timeout=5000):
        assert second.wake_other()
    other_file = SingleInstance(tmp_path / "khac.sqlite")
    assert other_file.acquire()  # another workspace file is another program's to hold
    other_file.release()
    first.release()
    again = SingleInstance(workspace)
    assert again.acquire()
    again.release()


def _click(label: str) -> Callable[[QWidget], None]:
    def act(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        (button,) = [b for b in widget.buttons() if b.text().startswith(label)]
        button.click()

    return act


def test_a_damaged_file_at_start_offers_the_newest_good_backup(
    qtbot: QtBot, samples_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "du-lieu.sqlite"
    shutil.copy2(samples_path, db)
    ws = Workspace.open(db, device="pc")
    ws.exchange.backup_now()
    ws.close()
    data = bytearray(db.read_bytes())
    data[4096 * 4 : 4096 * 6] = bytes(4096 * 2)
    db.write_bytes(bytes(data))
    with pytest.raises(DamagedFileError):
        Workspace.open(db, device="pc")
    monkeypatch.setattr(app_module, "show_info", lambda *_args: None)
    when_modal(_click("Khôi phục"))
    opened = app_module._open_or_recover(db)
    assert opened is not None
    assert opened.exchange.check_db().ok
    opened.close()
    assert list(tmp_path.glob("du-lieu.sqlite.hong-*"))
    assert QApplication.activeModalWidget() is None
