"""Workspace files of released versions, and the schema a file has, to compare with a fresh one."""

import shutil
import sqlite3
from pathlib import Path

from desktop_app.storage.store import Store

FIXTURES = Path(__file__).parent.parent / "fixtures"


def copy_fixture(fixture: str, tmp_path: Path) -> Path:
    """A copy of the released file ``fixture`` to open (opening may upgrade it)."""
    path = tmp_path / fixture
    shutil.copy2(FIXTURES / fixture, path)
    return path


def schema(path: Path) -> list[tuple[str, str]]:
    """Every table, index and trigger of the file, as (name, SQL), by name."""
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name"
    ).fetchall()
    conn.close()
    return rows


def fresh_schema(tmp_path: Path) -> list[tuple[str, str]]:
    """The schema of a file this version creates."""
    fresh = tmp_path / "fresh.sqlite"
    Store(fresh, "dev").close()
    return schema(fresh)


def break_an_index(path: Path) -> None:
    """Damage SQLite's quick check does not see, its full check does: an index that no
    longer matches its table (an old disk that lost a write)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX tasks_plan ON tasks(plan_id, text)'"
        " WHERE name = 'tasks_plan'"
    )
    conn.commit()
    conn.close()
