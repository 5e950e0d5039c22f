"""A workspace holding a plan whose stored rows break the rules still opens (issue 22)."""

from pytestqt.qtbot import QtBot

from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.storage.test_integrity import as_an_older_version
from tests.ui.conftest import open_window


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
    assert "không đọc được nên chưa tính" in summary
