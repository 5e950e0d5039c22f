"""Unlucky storage (issue 22): a full disk, a 0-byte or foreign file, damaged pages."""

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from desktop_app.storage.errors import StorageError
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id


def test_a_full_disk_is_reported_as_a_full_disk_not_cannot_rollback(samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    conn = samples.store.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk fills at the next page
    long_notes = "Ghi chú rất dài. " * 10_000
    with pytest.raises(StorageError) as full:
        samples.plans.save(dataclasses.replace(plan, notes=long_notes))
    assert "Ổ đĩa đã đầy" in str(full.value)
    assert "rollback" not in str(full.value)
    conn.execute(f"PRAGMA max_page_count = {pages * 100}")
    assert samples.plans.get(plan.id).notes == plan.notes  # nothing half saved


def test_a_disk_that_fills_mid_transaction_is_not_masked_by_the_rollback(tmp_path: Path) -> None:
    from desktop_app.storage.db import transaction, translate  # noqa: PLC0415

    conn = sqlite3.connect(tmp_path / "w.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("PRAGMA max_page_count = 20")

    # SQLite rolls the whole transaction back by itself on this error.
    def fill() -> None:
        with transaction(conn):
            for _ in range(1000):
                conn.execute("INSERT INTO t VALUES (?)", ("x" * 2000,))

    with pytest.raises(sqlite3.OperationalError) as full:
        fill()
    assert "full" in str(full.value)
    assert "Ổ đĩa đã đầy" in str(translate(full.value))
    conn.close()
