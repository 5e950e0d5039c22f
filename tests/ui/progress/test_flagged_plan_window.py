"""The progress window and the report editor on a plan with bad stored rows (issue 22).

Both once refused such a plan whole, naming check-db. They open it now as a file reads it:
each bad value is replaced by a harmless one and flagged in its row, the rows are tinted, a
banner says to run Kiểm tra dữ liệu. Progress is recorded in its own rows, so the plan's
stored values, bad ones included, are never written back.
"""

import sqlite3
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.domain.ids import PlanId
from desktop_app.domain.plans import TaskStatus
from desktop_app.domain.progress import CampaignRow, TaskRow
from desktop_app.domain.record_rules import FLAG_PREFIX
from desktop_app.domain.reports import default_report_recipients
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.plans.word_export import ReportDialog
from desktop_app.ui.progress.progress_dialogs import ReportEntryDialog
from desktop_app.ui.progress.progress_models import FLAGGED_BACKGROUND
from desktop_app.ui.progress.progress_window import ProgressWindow
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.storage.test_integrity import as_an_older_version
from tests.ui.conftest import close_message

pytestmark = pytest.mark.gui

# The plan's tasks by position: the first two, and the first with a lead unit after them.
_TASK_AT = (
    "(SELECT id FROM tasks WHERE plan_id = :plan AND deleted_at IS NULL"
    " ORDER BY position LIMIT 1 OFFSET {})"
)
_LED = (
    "(SELECT t.id FROM tasks t JOIN task_units tu ON tu.task_id = t.id"
    " WHERE t.plan_id = :plan AND t.deleted_at IS NULL AND tu.deleted_at IS NULL"
    " AND tu.role = 'lead' AND t.position > 1 ORDER BY t.position LIMIT 1)"
)
BAD_ROWS = {
    "status": f"UPDATE tasks SET status = 'bi_mat' WHERE id = {_TASK_AT.format(0)}",
    "text": (
        "UPDATE tasks SET text = 'Rà soát' || char(11) || ' đội ngũ' WHERE id = "
        + _TASK_AT.format(1)
    ),
    "lead": (
        "UPDATE task_units SET unit_id = 'khong-co-don-vi' WHERE id = (SELECT id FROM"
        f" task_units WHERE task_id = {_LED} AND role = 'lead' AND deleted_at IS NULL)"
    ),
    "event": (
        "UPDATE events SET event_date = '2026-02-31' WHERE id = (SELECT id FROM events"
        " WHERE plan_id = :plan AND deleted_at IS NULL ORDER BY position LIMIT 1)"
    ),
}
# What the stored rows of the plan hold, to prove that recording progress writes none back.
STORED = {
    "tasks": "SELECT id, text, status, due_date, deadline_kind FROM tasks WHERE plan_id = :plan",
    "task_units": (
        "SELECT tu.id, tu.unit_id, tu.role FROM task_units tu JOIN tasks t ON t.id = tu.task_id"
        " WHERE t.plan_id = :plan"
    ),
    "events": "SELECT id, label, event_date FROM events WHERE plan_id = :plan",
    "plans": "SELECT id, title, plan_date, status, number FROM plans WHERE id = :plan",
    "recipients": "SELECT id, text FROM recipients WHERE plan_id = :plan",
}


def _stored(conn: sqlite3.Connection, plan_id: str) -> dict[str, list[Any]]:
    return {
        table: sorted(conn.execute(sql, {"plan": plan_id}).fetchall())
        for table, sql in STORED.items()
    }


def _spoil(ws: Workspace, plan_id: str, *kinds: str) -> None:
    conn = ws.store.conn
    as_an_older_version(conn)
    conn.execute("PRAGMA foreign_keys = OFF")  # a link to a unit that is gone
    try:
        for kind in kinds:
            assert conn.execute(BAD_ROWS[kind], {"plan": plan_id}).rowcount == 1, kind
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


@pytest.fixture
def bad_plan(samples: Workspace) -> PlanId:
    plan_id = sample_plan_id(samples, "phu_lac")
    _spoil(samples, plan_id, *BAD_ROWS)
    return plan_id


def _open(window: MainWindow, plan_id: str) -> ProgressWindow:
    tab = window.plans_tab
    tab.select_plan(plan_id)
    opened = tab.open_progress()  # once: "Có kế hoạch mang dữ liệu sai, không đọc được"
    assert isinstance(opened, ProgressWindow)
    return opened


def _record(progress: ProgressWindow, row: TaskRow | CampaignRow) -> ReportEntryDialog:
    assert progress.select_key(row.key)
    dialog = progress.record_report()
    assert dialog is not None
    return dialog


def test_the_progress_window_opens_a_bad_plan_with_its_bad_rows_flagged(
    window: MainWindow, samples: Workspace, bad_plan: PlanId
) -> None:
    conn = samples.store.conn
    progress = _open(window, bad_plan)

    assert progress.flag_banner.isVisible()
    assert "Kiểm tra dữ liệu" in progress.flag_banner.text()
    assert "check-db --repair" in progress.flag_banner.text()
    assert "Trạng thái" in progress.flag_banner.toolTip()
    # Every task is listed; the bad ones carry the flag in their text and are tinted.
    model = progress.tasks_model
    rows = model.rows()
    listed = {r.task.id for r in rows}
    assert listed == {
        r[0]
        for r in conn.execute(
            "SELECT id FROM tasks WHERE plan_id = ? AND deleted_at IS NULL", (bad_plan,)
        )
    }
    # The status, the control character, the unit that is gone.
    assert len({r.task.id for r in rows if r.flagged}) == 3
    for row in rows:
        i = rows.index(row)
        tint = model.index(i, model.COL_TEXT).data(Qt.ItemDataRole.BackgroundRole)
        if row.flagged:
            assert tint.color().name() == FLAGGED_BACKGROUND
            shown = " ".join(
                str(model.index(i, c).data()) for c in (model.COL_TEXT, model.COL_LEAD)
            )
            assert FLAG_PREFIX in shown
        else:
            assert tint is None or tint.color().name() != FLAGGED_BACKGROUND
    # The campaign day whose date cannot be read: no date printed, the flag in its name.
    campaigns = progress.campaigns_model
    (unreadable, *_) = [r for r in campaigns.rows() if r.event.date_unreadable]
    at = campaigns.rows().index(unreadable)
    assert campaigns.index(at, campaigns.COL_DATE).data() == ""
    assert FLAG_PREFIX in campaigns.index(at, campaigns.COL_EVENT).data()
    assert "1900" not in unreadable.label
    # Saving the plan itself waits for the repair.
    assert not progress.measures_button.isEnabled()
    assert not progress.import_button.isEnabled()
    progress.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_progress_is_recorded_on_a_bad_plan_and_no_stored_value_changes(
    qtbot: QtBot, window: MainWindow, samples: Workspace, bad_plan: PlanId
) -> None:
    conn = samples.store.conn
    before = _stored(conn, bad_plan)
    progress = _open(window, bad_plan)
    rows = progress.tasks_model.rows()
    (unreadable, *_) = [r for r in progress.campaigns_model.rows() if r.event.date_unreadable]
    # A good task: as on any plan.
    good = next(r for r in rows if not r.flagged and r.occurrence is None)
    dialog = _record(progress, good)
    dialog.status.setCurrentIndex(dialog.status.findText("Đang thực hiện"))
    dialog.result_text.setPlainText("Đã triển khai")
    with qtbot.waitSignal(progress.data_changed):
        dialog.accept()
    # The task whose status cannot be read: the status reported is the clerk's word, and
    # is written as on any task (the unreadable one goes to the history).
    (unknown, *_) = [r for r in rows if "Trạng thái" in r.task.text]
    dialog = _record(progress, unknown)
    assert dialog.status.currentText() == "Chưa thực hiện"  # not read as done
    dialog.status.setCurrentIndex(dialog.status.findText("Hoàn thành"))
    with qtbot.waitSignal(progress.data_changed):
        dialog.accept()
    # The task whose text carries a control character, and the one whose lead is gone:
    # the report is theirs, the lead unknown rather than a link to nothing.
    (spoiled_text, *_) = [r for r in rows if r.flagged and r.task.text.startswith("Rà soát")]
    (no_lead, *_) = [r for r in rows if any(FLAG_PREFIX in u.name for u in r.task.lead)]
    for row in (spoiled_text, no_lead):
        dialog = _record(progress, row)
        dialog.result_text.setPlainText("Đã họp")
        with qtbot.waitSignal(progress.data_changed):
            dialog.accept()
    entries = {e.task_id: e for e in samples.progress.entries(bad_plan)}
    assert set(entries) == {good.task.id, unknown.task.id, spoiled_text.task.id, no_lead.task.id}
    assert entries[no_lead.task.id].unit_id is None
    # The campaign day whose date cannot be read: refused, saying why; nothing saved.
    dialog = _record(progress, unreadable)
    told: list[str] = []
    close_message(told)
    dialog.accept()
    assert "ngày ghi sai" in told[0]
    assert "Kiểm tra dữ liệu" in told[0]
    dialog.reject()
    assert len(samples.progress.entries(bad_plan)) == 4

    # No replaced value went back: the bad ones are stored as they were. Only the statuses
    # the clerk reported changed.
    after = _stored(conn, bad_plan)
    statuses = {r[0]: r[2] for r in after["tasks"]}
    assert statuses[good.task.id] == TaskStatus.IN_PROGRESS.value
    assert statuses[unknown.task.id] == TaskStatus.DONE.value
    (kept,) = conn.execute(
        "SELECT row_json FROM history WHERE table_name = 'tasks' AND row_id = ?"
        " ORDER BY rowid DESC LIMIT 1",
        (unknown.task.id,),
    ).fetchone()
    assert '"status": "bi_mat"' in kept
    untouched = {
        t: [r for r in rows_ if t != "tasks" or r[0] not in {good.task.id, unknown.task.id}]
        for t, rows_ in after.items()
    }
    expected = {
        t: [r for r in rows_ if t != "tasks" or r[0] not in {good.task.id, unknown.task.id}]
        for t, rows_ in before.items()
    }
    assert untouched == expected
    for task_id in (good.task.id, unknown.task.id):  # their other columns too
        (was,) = [r for r in before["tasks"] if r[0] == task_id]
        (now,) = [r for r in after["tasks"] if r[0] == task_id]
        assert (was[:2], was[3:]) == (now[:2], now[3:])
    assert samples.plans.get_for_file(bad_plan).problems  # still there for check-db
    progress.close()


def test_the_report_editor_opens_a_bad_plan_and_keeps_no_copied_flag(
    qtbot: QtBot, window: MainWindow, samples: Workspace
) -> None:
    plan_id = sample_plan_id(samples, "phu_lac")
    (copied, *_) = default_report_recipients(samples.plans.get(plan_id))
    _spoil(samples, plan_id, "status", "event")
    conn = samples.store.conn
    as_an_older_version(conn)
    conn.execute(
        "UPDATE recipients SET text = text || char(0) WHERE id = ?", (copied.id,)
    )  # a line the new report copies
    before = _stored(conn, plan_id)
    tab = window.plans_tab
    tab.select_plan(plan_id)
    dialog = tab.open_report()  # once refused whole
    assert isinstance(dialog, ReportDialog)
    qtbot.addWidget(dialog)
    assert dialog.flag_banner.isVisible()
    assert "Kiểm tra dữ liệu" in dialog.flag_banner.text()
    assert "nhiệm vụ" in dialog.summary.text()
    # The copied line carries its flag: saving it into the report is refused, saying why.
    assert FLAG_PREFIX in dialog.recipients.toPlainText()
    told: list[str] = []
    close_message(told)
    assert dialog.save() is None
    assert "Nơi nhận" in told[0]
    assert samples.documents.reports(plan_id) == []
    lines = dialog.recipients.toPlainText().splitlines()
    dialog.recipients.setPlainText("\n".join(x for x in lines if FLAG_PREFIX not in x))
    saved = dialog.save()
    assert saved is not None
    assert [r.id for r in samples.documents.reports(plan_id)] == [saved.id]
    assert _stored(conn, plan_id) == before
    dialog.reject()
