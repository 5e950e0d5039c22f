"""Rows linked across plans, found among the rows a merge wrote."""

import sqlite3

import pytest

from desktop_app.storage import record_checks
from desktop_app.storage.record_checks import cross_plan_problems

_TABLES = """
CREATE TABLE sections (id TEXT PRIMARY KEY, plan_id TEXT, parent_id TEXT, deleted_at TEXT);
CREATE TABLE tasks (id TEXT PRIMARY KEY, plan_id TEXT, section_id TEXT, deleted_at TEXT);
CREATE TABLE event_rules (id TEXT PRIMARY KEY, plan_id TEXT, deleted_at TEXT);
CREATE TABLE events (id TEXT PRIMARY KEY, plan_id TEXT, rule_id TEXT, deleted_at TEXT);
CREATE TABLE progress_entries (
    id TEXT PRIMARY KEY, plan_id TEXT, task_id TEXT, event_id TEXT, deleted_at TEXT
);
"""


def _office() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript(_TABLES)
    conn.executemany(
        "INSERT INTO sections VALUES (?, ?, NULL, NULL)", [("s1", "p1"), ("s2", "p2"), ("s3", "p2")]
    )
    conn.executemany(
        "INSERT INTO tasks VALUES (?, ?, ?, NULL)",
        [
            ("t-ok", "p1", "s1"),
            ("t-old-bad", "p1", "s2"),  # already inside, not written by this merge
            ("t-new-bad", "p2", "s1"),
            ("t-under-written", "p1", "s3"),  # points at a section the merge wrote
        ],
    )
    return conn


@pytest.mark.parametrize("bulk_above", [1_000_000, 0])
def test_only_the_rows_written_or_pointed_at_are_reported_by_either_way_of_asking(
    monkeypatch: pytest.MonkeyPatch, bulk_above: int
) -> None:
    # A whole office's merge asks once over the tables instead of by chunks of ids (chunks
    # of "rows pointing at these" scan the table each time); both must give the same answer.
    monkeypatch.setattr(record_checks, "_ASK_ALL_ABOVE", bulk_above)
    conn = _office()
    written = {"tasks": {"t-ok", "t-new-bad"}, "sections": {"s3"}}
    found = {(p.table, p.row_id) for p in cross_plan_problems(conn, written)}
    assert found == {("tasks", "t-new-bad"), ("tasks", "t-under-written")}
    conn.close()


def test_rows_not_written_are_left_to_check_db() -> None:
    conn = _office()
    assert cross_plan_problems(conn, {"tasks": {"t-ok"}}) == []
    everything = {p.row_id for p in cross_plan_problems(conn, None)}
    assert everything == {"t-old-bad", "t-new-bad", "t-under-written"}
    conn.close()
