"""One program per workspace file, and a file too damaged to open (issue 22)."""

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.plans import PlanStatus
from desktop_app.storage.errors import DamagedFileError, ReadOnlyError
from desktop_app.ui import app as app_module
from desktop_app.ui.main_window import MainWindow
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


class _NoLoop:
    """Stands in for the application: the window is looked at, not run."""

    def exec(self) -> int:
        return 0


def test_a_second_start_that_cannot_wake_the_first_offers_to_open_read_only(
    qtbot: QtBot, samples_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = SingleInstance(samples_path)
    assert first.acquire()
    monkeypatch.setattr(SingleInstance, "wake_other", lambda _self: False)
    seen: list[tuple[bool, str]] = []

    def window_of(workspace: Workspace, size: object = None) -> QWidget:
        window = MainWindow(workspace)
        qtbot.addWidget(window)
        plan = workspace.plans.summaries()[0]
        try:
            workspace.plans.set_status(plan.id, PlanStatus.DONE)
        except ReadOnlyError as exc:
            seen.append((workspace.read_only, exc.message))
        seen.append((workspace.read_only, window.windowTitle()))
        return window

    monkeypatch.setattr(app_module, "open_window", window_of)
    when_modal(_click("Mở chỉ để xem"))
    assert app_module._run(_NoLoop(), samples_path, None) == 0  # type: ignore[arg-type]
    (refused, title) = seen
    assert refused[0]
    assert "chỉ để xem" in refused[1]
    assert "(chỉ xem)" in title[1]
    # The first program still holds the file: this start took neither its lock nor its wake.
    assert not SingleInstance(samples_path).acquire()
    first.release()


def test_a_read_only_workspace_refuses_every_save_and_a_restore(samples_path: Path) -> None:
    ws = Workspace.open(samples_path, device="xem", read_only=True)
    try:
        summary = ws.plans.summaries()[0]
        plan = ws.plans.get(summary.id)
        assert ws.calendar.agenda() is not None
        for save in (
            lambda: ws.plans.save_edited(replace(plan, notes="x"), plan),
            lambda: ws.plans.delete(plan.id),
            lambda: ws.documents.set_two_sided(True),
            lambda: ws.plans.set_status(plan.id, PlanStatus.DONE),
        ):
            with pytest.raises(ReadOnlyError, match="chỉ để xem"):
                save()
        with pytest.raises(ReadOnlyError, match="chỉ để xem"):
            ws.exchange.restore_backup(samples_path)
        # SQLite refuses a write that went round the services too.
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            ws.store.conn.execute("DELETE FROM plans")
        assert ws.plans.get(plan.id) == plan
    finally:
        ws.close()
