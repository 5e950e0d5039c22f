"""A workspace holding a plan whose stored rows break the rules still opens (issue 22)."""

from pathlib import Path

import docx
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.domain.record_rules import FLAG_PREFIX
from desktop_app.ui.plans.word_export import ExportDoneDialog
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.storage.test_integrity import as_an_older_version
from tests.ui.conftest import close_message, open_window


def test_the_window_opens_with_a_bad_plan_first_in_the_list_and_says_what_to_run(
    qtbot: QtBot, samples: Workspace
) -> None:
    """Once the window itself failed to open: the first plan is shown as it opens."""
    plan_id = sample_plan_id(samples, "phu_lac")
    conn = samples.store.conn
    as_an_older_version(conn)
    # The newest date, so the plan list puts it first and the window opens on it.
    conn.execute("UPDATE plans SET plan_date = '2099-02-31' WHERE id = ?", (plan_id,))
    window = open_window(qtbot, samples)
    tab = window.plans_tab
    assert tab.selected_plan_id() == plan_id
    assert "check-db" in tab.preview.toPlainText()
    assert tab.current_plan is None
    assert "Kiểm tra dữ liệu" in window.hamlets_tab.coverage_label.text()
    window.tabs.setCurrentWidget(window.overview_tab)
    summary = window.overview_tab.summary.text()
    assert "Dữ liệu sai" in summary
    assert "có dữ liệu sai, đã tính, chỗ sai được đánh dấu" in summary


def test_a_plan_with_a_bad_value_is_written_to_word_flagged_and_the_clerk_is_told(
    qtbot: QtBot, samples: Workspace, tmp_path: Path
) -> None:
    """Once the Word menu was greyed out and the export refused naming check-db."""
    plan_id = sample_plan_id(samples, "phu_lac")
    conn = samples.store.conn
    as_an_older_version(conn)
    conn.execute(
        "UPDATE tasks SET status = 'bi_mat' WHERE id = (SELECT id FROM tasks"
        " WHERE plan_id = ? ORDER BY position LIMIT 1)",
        (plan_id,),
    )
    window = open_window(qtbot, samples)
    tab = window.plans_tab
    tab.select_plan(plan_id)
    menu = tab.word_button.menu()
    menu.aboutToShow.emit()
    assert all(a.isEnabled() for a in menu.actions() if not a.isSeparator())
    told: list[str] = []
    close_message(told)
    written = tab.export_plan_docx(path=tmp_path / "kh.docx")
    assert written is not None
    assert FLAG_PREFIX in "".join(p.text for p in docx.Document(str(written)).paragraphs)
    (message,) = told
    assert "Kiểm tra dữ liệu" in message
    assert "Trạng thái" in message
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ExportDoneDialog):
            widget.accept()
