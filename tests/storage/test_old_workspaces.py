"""Workspace files written by released versions open with this one, upgraded without loss.

``workspace-v1.sqlite`` is a schema-1 file (the five samples). ``workspace-v4.sqlite`` was
written by the last program that numbered its schema with ``PRAGMA user_version`` alone,
before the steps were sqlite-utils migrations recorded by name: the samples, a plan edited
(twice, so history holds its old versions), a unit edited, a plan in the trash, measures and
one progress entry, a written progress report, an office day off, two settings and a backup
folder. It was made through the Workspace of commit 5a3d372, then checkpointed and vacuumed.
"""

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from desktop_app.storage import migrations
from desktop_app.storage.errors import NewerSchemaError
from desktop_app.storage.store import Store
from tests.storage.schema_helpers import copy_fixture, fresh_schema, schema

STEP_NAMES = [step.__name__ for step in migrations.STEPS]


def _contents(path: Path) -> dict[str, set[tuple[Any, ...]]]:
    """Every row of every table of ours (the search index too), by table."""
    conn = sqlite3.connect(path)
    tables = [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'plan_search_%' AND name != '_sqlite_migrations'"
        )
    ]
    out = {}
    for table in tables:
        columns = [str(r[1]) for r in conn.execute(f"PRAGMA table_xinfo({table})")]
        quoted = ", ".join(f'"{c}"' for c in columns)
        out[table] = {tuple(r) for r in conn.execute(f"SELECT {quoted} FROM {table}")}
    conn.close()
    return out


def _kept(before: dict[str, set[tuple[Any, ...]]], path: Path) -> None:
    """Every row ``before`` held is in the file as it was, in the columns it had."""
    conn = sqlite3.connect(path)
    for table, rows in before.items():
        width = len(next(iter(rows))) if rows else 0
        columns = [str(r[1]) for r in conn.execute(f"PRAGMA table_xinfo({table})")][:width]
        quoted = ", ".join(f'"{c}"' for c in columns) or "1"
        after = {tuple(r) for r in conn.execute(f"SELECT {quoted} FROM {table}")}
        assert after == rows, table
    conn.close()


def test_the_schema_4_file_opens_with_everything_in_it(tmp_path: Path) -> None:
    path = copy_fixture("workspace-v4.sqlite", tmp_path)
    before = _contents(path)
    assert all(before.values())  # every table holds something to lose
    store = Store(path, "dev")
    assert store.schema_version == migrations.LATEST
    assert migrations.applied_steps(store.conn) == STEP_NAMES
    assert store.plans.count() == 4
    [(trashed, _when)] = store.plans.deleted()
    edited = next(s for s in store.plans.summaries() if s.title.endswith("(đã sửa)"))
    plan = store.plans.get(edited.id)
    assert plan.notes == "Ghi chú thử nâng cấp"
    assert plan.measures == ("Đường được vệ sinh (km)",)
    assert len(plan.tasks) > 0
    assert store.history_count("plans", plan.id) == 2
    assert store.history_count("plans", trashed.id) == 1
    [entry] = store.progress.for_plan(plan.id)
    assert (entry.percent, entry.reporter, entry.document) == (40, "Anh Ba", "BC 03")
    [report] = store.reports.for_plan(plan.id)
    assert report.difficulties == "Thiếu kinh phí"
    assert [d.name for d in store.calendar.office_days()] == ["Nghỉ bù"]
    assert any(u.note == "Đơn vị đã sửa" for u in store.units.list())
    assert store.hamlets.count() == 48
    assert store.get_setting("office.commune") == "Xã Phú Lạc"
    assert store.get_setting("office.signer") == "Nguyễn Văn A"
    assert store.get_meta("backup_dir").endswith("sao-luu")
    assert len(store.plans.summaries("ra quan")) == 1  # the search index came along
    store.close()
    _kept(before, path)
    assert schema(path) == fresh_schema(tmp_path)
    # Steps 1-4 were only recorded; a copy is kept only when later steps had to run.
    assert bool(list(tmp_path.glob("*.v4.bak"))) == (migrations.LATEST > 4)


def test_the_schema_4_file_is_recorded_without_running_a_step_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []

    def recorder(name: str) -> migrations.Migration:
        def step(_db: Database) -> None:
            ran.append(name)

        step.__name__ = name
        return step

    monkeypatch.setattr(migrations, "STEPS", tuple(recorder(n) for n in STEP_NAMES))
    path = copy_fixture("workspace-v4.sqlite", tmp_path)
    store = Store(path, "dev")
    assert migrations.applied_steps(store.conn) == STEP_NAMES
    store.close()
    assert ran == STEP_NAMES[4:]  # only the steps after the four it was numbered with


def test_the_schema_1_file_upgrades_keeping_every_row(tmp_path: Path) -> None:
    path = copy_fixture("workspace-v1.sqlite", tmp_path)
    before = _contents(path)
    assert len(before["tasks"]) > 50
    store = Store(path, "dev")
    assert store.schema_version == migrations.LATEST
    assert migrations.applied_steps(store.conn) == STEP_NAMES
    assert store.plans.count() == 5
    store.close()
    _kept(before, path)
    assert schema(path) == fresh_schema(tmp_path)
    assert path.with_name(f"{path.name}.v1.bak").exists()


def test_a_recorded_step_this_program_does_not_know_means_a_newer_file(tmp_path: Path) -> None:
    path = copy_fixture("workspace-v4.sqlite", tmp_path)
    Store(path, "dev").close()
    conn = sqlite3.connect(path)
    Database(conn).table("_sqlite_migrations").insert(
        {"migration_set": migrations.MIGRATION_SET, "name": "m099_future", "applied_at": "x"}
    )
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchemaError) as err:
        Store(path, "dev")
    assert "phiên bản mới hơn" in err.value.message
    assert path.read_bytes() == before


def test_a_file_already_up_to_date_opens_without_loading_sqlite_utils(tmp_path: Path) -> None:
    path = copy_fixture("workspace-v4.sqlite", tmp_path)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from desktop_app.storage.store import Store\n"
        f"Store(Path({str(path)!r}), 'dev').close()\n"
        "print('sqlite_utils' in sys.modules)\n"
    )

    def loaded() -> str:
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
        )
        return run.stdout.strip()

    assert loaded() == "True"  # recording the released steps needs it, once
    assert loaded() == "False"
