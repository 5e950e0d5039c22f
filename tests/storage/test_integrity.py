"""Kiểm tra dữ liệu: what check-db finds, and a repair that never deletes the clerk's data."""

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.storage import integrity
from desktop_app.storage.errors import StorageError
from desktop_app.storage.package import TABLES
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id


def _counts(ws: Workspace) -> dict[str, tuple[int, int]]:
    """Rows per table: (all, live)."""
    conn = ws.store.conn
    return {
        t: (
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0],
            conn.execute(f"SELECT count(*) FROM {t} WHERE deleted_at IS NULL").fetchone()[0],
        )
        for t in TABLES
    }


def _break(ws: Workspace) -> None:
    """What a crash, a hand-edited file or an old bug can leave behind."""
    conn = ws.store.conn
    plan = ws.plans.get(sample_plan_id(ws, "kon_tum"))
    task = plan.tasks[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "UPDATE task_units SET unit_id = 'da-mat' WHERE task_id = ? AND role = 'lead'", (task.id,)
    )
    conn.execute("UPDATE tasks SET section_id = 'muc-da-mat' WHERE id = ?", (plan.tasks[1].id,))
    conn.execute("PRAGMA foreign_keys = ON")
    unit = plan.tasks[2].lead[0]
    conn.execute("UPDATE units SET deleted_at = updated_at WHERE id = ?", (unit.id,))
    conn.execute("DELETE FROM plan_search WHERE plan_id = ?", (plan.id,))


def test_a_sound_workspace_has_no_problems(samples: Workspace) -> None:
    report = samples.exchange.check_db()
    assert report.ok
    assert report.summary_text() == "Dữ liệu không có lỗi."
    assert samples.exchange.repair_db() == []
    assert samples.exchange.backups() == []  # nothing to repair, no backup


def test_repair_fixes_links_and_revives_what_is_used_without_deleting_anything(
    samples: Workspace,
) -> None:
    _break(samples)
    report = samples.exchange.check_db()
    whats = [p.what for p in report.problems]
    assert len(whats) == 4, whats
    assert any("trỏ tới đơn vị không còn" in w for w in whats)
    assert any("trỏ tới mục không còn" in w for w in whats)
    assert any("đã bị xóa nhưng kế hoạch vẫn giao việc" in w for w in whats)
    assert any("Chỉ mục tìm kiếm" in w for w in whats)
    assert all(p.repairable for p in report.problems)
    before = _counts(samples)

    done = samples.exchange.repair_db()
    assert len(done) == 4
    assert samples.exchange.check_db().ok
    after = _counts(samples)
    for table in TABLES:
        assert after[table][0] >= before[table][0], table
        assert after[table][1] >= before[table][1], table
    assert after["units"][0] == before["units"][0] + 1  # the recovered placeholder
    recovered = [u for u in samples.directory.units() if "khôi phục" in u.name]
    assert [u.active for u in recovered] == [False]
    assert samples.plans.summaries("48-KL/TW")
    assert samples.exchange.backups()[0].reason_text == "Trước khi sửa dữ liệu"
    assert samples.exchange.repair_db() == []  # idempotent


def as_an_older_version(conn: sqlite3.Connection) -> None:
    """Writes past the file's own value checks, as versions before them could."""
    triggers = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'value_check_%'"
    ).fetchall()
    for (name,) in triggers:
        conn.execute(f"DROP TRIGGER {name}")


def test_an_impossible_date_is_reported_not_guessed(samples: Workspace) -> None:
    plan_id = sample_plan_id(samples, "tan_ky")
    as_an_older_version(samples.store.conn)
    samples.store.conn.execute("UPDATE plans SET plan_date = '2026-02-31' WHERE id = ?", (plan_id,))
    (problem,) = samples.exchange.check_db().problems
    assert "2026-02-31" in problem.what
    assert problem.repair is not None
    assert "bỏ giá trị sai" in problem.repair
    samples.exchange.repair_db()
    assert samples.exchange.check_db().ok
    # Not guessed: the date is emptied for the clerk to type, the wrong one kept in history.
    assert samples.plans.get(plan_id).date is None
    (kept,) = [e for e in samples.exchange.history(table="plans", row_id=plan_id)][:1]
    assert "2026-02-31" in str(kept)


def test_rows_with_impossible_values_are_found_and_set_aside_not_erased(
    samples: Workspace,
) -> None:
    """Bad rows already inside (an older version, a hand-edited file): issue 22."""
    conn = samples.store.conn
    as_an_older_version(conn)
    plan_id = sample_plan_id(samples, "tan_ky")
    task_id = conn.execute("SELECT id FROM tasks WHERE plan_id = ? LIMIT 1", (plan_id,)).fetchone()[
        0
    ]
    conn.execute("UPDATE tasks SET status = 'bi_mat' WHERE id = ?", (task_id,))
    conn.execute("UPDATE hamlets SET households = -5 WHERE rowid = 1")
    report = samples.exchange.check_db()
    texts = [p.what for p in report.problems]
    assert any("Nhiệm vụ" in t and "Trạng thái" in t for t in texts)
    assert any("Số hộ" in t for t in texts)
    samples.exchange.repair_db()
    assert samples.exchange.check_db().ok
    assert conn.execute(
        "SELECT deleted_at IS NOT NULL FROM tasks WHERE id = ?", (task_id,)
    ).fetchone()[0]
    assert conn.execute("SELECT households FROM hamlets WHERE rowid = 1").fetchone()[0] is None
    assert samples.store.history_count("tasks", task_id) >= 1


def test_a_damaged_file_is_reported_by_sqlite(samples_path: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "hong.sqlite"
    shutil.copy2(samples_path, damaged)
    data = bytearray(damaged.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 12), 7):
        data[offset] = (data[offset] + 91) % 256
    damaged.write_bytes(bytes(data))
    try:
        ws = Workspace.open(damaged, device="x")
    except StorageError as exc:
        message = exc.message
    else:
        message = ""
    if message:
        assert "hỏng" in message
        return
    try:
        report = ws.exchange.check_db()
        assert not report.sqlite_ok
        assert "khôi phục bản sao lưu" in report.summary_text()
        with pytest.raises(StorageError):
            ws.exchange.repair_db()
    finally:
        ws.close()


def test_a_task_left_under_a_deleted_section_is_brought_out(samples: Workspace) -> None:
    # Two PCs: one deletes a section, the other adds a task to it; the merge keeps both.
    plan = samples.plans.get(sample_plan_id(samples, "kon_tum"))
    section_id = samples.store.conn.execute(
        "SELECT section_id FROM tasks WHERE id = ?", (plan.tasks[0].id,)
    ).fetchone()[0]
    with samples.store.transaction():
        samples.store.writer.tombstone("sections", section_id)
    (problem,) = samples.exchange.check_db().problems
    assert "mục đã xóa" in problem.what
    samples.exchange.repair_db()
    assert samples.exchange.check_db().ok
    assert plan.tasks[0].id in [t.id for t in samples.plans.get(plan.id).tasks]


def test_every_table_a_row_can_point_at_has_a_name(workspace: Workspace) -> None:
    conn = workspace.store.conn
    parents = {
        str(link[2])
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        for link in conn.execute(f"PRAGMA foreign_key_list({table})")
    }
    assert parents
    assert parents <= set(integrity._TABLE_NAMES), parents - set(integrity._TABLE_NAMES)


def test_a_plan_with_an_impossible_value_is_listed_flagged_and_opening_it_explains(
    samples: Workspace,
) -> None:
    conn = samples.store.conn
    as_an_older_version(conn)
    plan_id = sample_plan_id(samples, "kon_tum")
    conn.execute("UPDATE plans SET status = 'bi_mat' WHERE id = ?", (plan_id,))
    listed = {s.id: s for s in samples.plans.summaries()}
    assert len(listed) == 5  # the others still show
    assert listed[plan_id].flagged
    assert "Kiểm tra dữ liệu" in listed[plan_id].title
    with pytest.raises(UserError, match="check-db --repair"):
        samples.plans.get(plan_id)


def test_a_damaged_schema_name_is_refused_with_a_message(samples_path: Path) -> None:
    """Fuzzing found it: SQLite's message names the damaged object in bytes that are not
    UTF-8, and Python then raised UnicodeDecodeError instead of the database error."""
    original = samples_path.read_bytes()
    starts = [i for i in range(len(original)) if original.startswith(b"CREATE T", i)]
    assert starts
    for start in starts:
        damaged = bytearray(original)
        damaged[start + 3] = 0xE3  # a lead byte with no continuation: "CR\xe3ATE"
        samples_path.write_bytes(bytes(damaged))
        for leftover in ("-wal", "-shm"):
            Path(f"{samples_path}{leftover}").unlink(missing_ok=True)
        with contextlib.suppress(UserError):  # a message is right; anything else fails
            Workspace.open(samples_path, device="x").close()
