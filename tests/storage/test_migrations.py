import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from desktop_app.storage import migrations
from desktop_app.storage.errors import LockedError, NewerSchemaError, StorageError
from desktop_app.storage.store import Store
from tests.storage.schema_helpers import copy_fixture, fresh_schema, schema

SYNCED = [
    "units",
    "hamlets",
    "plans",
    "sections",
    "tasks",
    "task_units",
    "occurrences",
    "event_rules",
    "events",
    "assignments",
    "assignment_hamlets",
    "recipients",
    "appendices",
    "progress_entries",
    "settings",
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fresh_file_is_at_latest_with_safe_pragmas(db_path: Path) -> None:
    store = Store(db_path, "dev")
    conn = store.conn
    assert store.schema_version == migrations.LATEST
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    store.close()


@pytest.mark.parametrize("table", SYNCED)
def test_every_synced_table_has_identity_and_tombstone_columns(db_path: Path, table: str) -> None:
    store = Store(db_path, "dev")
    columns = {r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")}
    store.close()
    assert {"id", "updated_at", "device_id", "deleted_at"} <= columns


def test_released_v1_fixture_upgrades_and_matches_fresh_schema(tmp_path: Path) -> None:
    old = copy_fixture("workspace-v1.sqlite", tmp_path)
    store = Store(old, "dev")
    assert store.schema_version == migrations.LATEST
    assert store.plans.count() == 5
    store.close()
    assert schema(old) == fresh_schema(tmp_path)


def test_newer_file_is_refused_and_left_untouched(db_path: Path) -> None:
    Store(db_path, "dev").close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    conn.close()
    before = _digest(db_path)
    with pytest.raises(NewerSchemaError) as err:
        Store(db_path, "dev")
    assert "phiên bản mới hơn" in err.value.message
    assert _digest(db_path) == before


def test_an_upgrade_keeps_a_backup_and_a_failed_step_changes_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(db_path, "dev").close()

    def m005_half_done(db: Database) -> None:
        db.execute("CREATE TABLE half_done (x)")
        db.execute("INSERT INTO no_such_table VALUES (1)")

    released = migrations.STEPS
    current = migrations.LATEST
    monkeypatch.setattr(migrations, "STEPS", (*released, m005_half_done))
    with pytest.raises(StorageError) as err:
        Store(db_path, "dev")
    assert f"bước {current + 1}" in err.value.message
    assert db_path.with_name(f"{db_path.name}.v{current}.bak").exists()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == current
    half = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'")
    assert half.fetchone()[0] == 0
    assert migrations.applied_steps(conn) == [s.__name__ for s in released]
    conn.close()

    def m005_phone(db: Database) -> None:
        db.execute("ALTER TABLE units ADD COLUMN phone TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(migrations, "STEPS", (*released, m005_phone))
    store = Store(db_path, "dev")
    assert store.schema_version == current + 1
    assert migrations.applied_steps(store.conn)[-1] == "m005_phone"
    store.close()


def test_a_file_that_is_not_a_database_gets_a_clear_message(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"PK\x03\x04 this is a zip, not a workspace" * 100)
    before = _digest(junk)
    with pytest.raises(StorageError) as err:
        Store(junk, "dev")
    assert "không phải tệp dữ liệu" in err.value.message
    assert _digest(junk) == before


@pytest.mark.slow  # SQLite waits its busy timeout (5 s) for the lock
def test_a_file_whose_first_write_fails_is_left_closed(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(db_path, "dev").close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("DELETE FROM meta WHERE key = 'workspace_id'")  # the first open records it
    other.execute("BEGIN IMMEDIATE")  # another program is writing
    opened: list[sqlite3.Connection] = []
    real_connect = sqlite3.connect

    def recorded(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened.append(real_connect(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(sqlite3, "connect", recorded)
    try:
        with pytest.raises(LockedError):
            Store(db_path, "dev")
    finally:
        other.close()
    # On Windows an open connection keeps the file from being replaced (a restored backup).
    assert len(opened) == 1
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        opened[0].execute("SELECT 1")


def _rebuild_sections(db: Database) -> None:
    migrations.rebuild_table(db, "sections", defaults={"title": "Chưa đặt tên"})


def test_a_rebuilt_table_keeps_its_rows_indexes_and_deferred_foreign_keys(
    samples_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(samples_path)
    rows = conn.execute("SELECT * FROM sections ORDER BY id").fetchall()
    conn.close()
    _rebuild_sections.__name__ = "m005_rebuild_sections"
    monkeypatch.setattr(migrations, "STEPS", (*migrations.STEPS, _rebuild_sections))
    store = Store(samples_path, "dev")
    conn = store.conn
    assert conn.execute("SELECT * FROM sections ORDER BY id").fetchall() == rows
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'sections'").fetchone()[0]
    assert "DEFAULT 'Chưa đặt tên'" in sql
    assert sql.count("DEFERRABLE INITIALLY DEFERRED") == 2  # plan_id, parent_id
    indexes = {r[1] for r in conn.execute("PRAGMA index_list(sections)")}
    assert "sections_plan" in indexes
    plan_id = rows[0][1]
    # A sub-section written before its parent: checked at COMMIT, as before the rebuild.
    with store.transaction():
        for row_id, parent in (("child", "parent"), ("parent", None)):
            store.writer.put(
                "sections",
                {"id": row_id, "plan_id": plan_id, "parent_id": parent, "position": 99},
            )
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()


def test_a_rebuild_that_would_break_a_link_is_refused_and_changes_nothing(
    samples_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(samples_path)
    conn.execute("UPDATE sections SET parent_id = 'gone' WHERE rowid = 1")
    conn.commit()
    conn.close()
    _rebuild_sections.__name__ = "m005_rebuild_sections"
    monkeypatch.setattr(migrations, "STEPS", (*migrations.STEPS, _rebuild_sections))
    with pytest.raises(StorageError) as err:
        Store(samples_path, "dev")
    assert f"bước {migrations.LATEST + 1}" in err.value.message
    conn = sqlite3.connect(samples_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'sections'").fetchone()[0]
    assert "Chưa đặt tên" not in sql
    conn.close()


def test_upgrading_leaves_the_connection_pragmas_as_connect_set_them(tmp_path: Path) -> None:
    old = copy_fixture("workspace-v1.sqlite", tmp_path)
    store = Store(old, "dev")
    assert store.conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 0
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.isolation_level is None
    store.close()


def test_the_file_itself_refuses_an_impossible_value_written_past_the_program(
    tmp_path: Path,
) -> None:
    """The schema's last line of defence (issue 22): SQL that skips the record rules."""
    store = Store(tmp_path / "w.sqlite", "dev")
    conn = store.conn
    conn.execute(
        "INSERT INTO plans (id, system, issuer_name, title, status, updated_at, device_id)"
        " VALUES ('p1', 'state', 'UBND', 'KH', 'draft', '2026-01-01T00:00:00.000000Z', 'd')"
    )
    bad = {
        "status": "'bi_mat'",
        "plan_date": "'9999-01-01'",
        "status ": "NULL",
        "number": "-3",
        "bases": "'{\"a\": 1}'",
    }
    for column, value in bad.items():
        with pytest.raises(sqlite3.IntegrityError, match="giá trị không hợp lệ"):
            conn.execute(f"UPDATE plans SET {column} = {value} WHERE id = 'p1'")
    with pytest.raises(sqlite3.IntegrityError, match="giá trị không hợp lệ"):
        conn.execute("UPDATE plans SET plan_date = '2026-02-31' WHERE id = 'p1'")
    conn.execute("UPDATE plans SET plan_date = '2026-02-28' WHERE id = 'p1'")
    # A row an older version wrote wrong can still be tombstoned, and so set aside.
    conn.execute("DROP TRIGGER value_check_plans_update")
    conn.execute("UPDATE plans SET status = 'bi_mat' WHERE id = 'p1'")
    migrations.m005_value_checks(Database(conn))
    conn.execute("UPDATE plans SET deleted_at = updated_at WHERE id = 'p1'")
    store.close()


def _query_plan(conn: sqlite3.Connection, sql: str) -> str:
    return " / ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, ("p",)))


def test_m007_adds_the_indexes_the_plan_list_and_the_progress_reads_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_fixture("workspace-v1.sqlite", tmp_path)
    with monkeypatch.context() as before:  # the file as version 6 left it
        before.setattr(migrations, "STEPS", migrations.STEPS[:6])
        before.setattr(migrations, "LATEST", 6)
        store = Store(path, "dev")
        assert store.schema_version == 6
        store.close()
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    conn.close()
    assert not {"tasks_plan_live", "progress_plan_recorded"} & names

    store = Store(path, "dev")
    assert store.schema_version == migrations.LATEST == 10
    count = _query_plan(
        store.conn, "SELECT count(*) FROM tasks WHERE plan_id = ? AND deleted_at IS NULL"
    )
    assert "COVERING INDEX tasks_plan_live" in count
    entries = _query_plan(
        store.conn,
        "SELECT id FROM progress_entries WHERE plan_id = ? AND deleted_at IS NULL"
        " ORDER BY updated_at, rowid",
    )
    assert "progress_plan_recorded" in entries
    assert "TEMP B-TREE" not in entries
    assert store.plans.count() == 5
    store.close()
    assert list(tmp_path.glob("*.v6.bak"))
