"""A merge that brings a table more new rows than it holds fills it with its lookup indexes
set aside, and one that writes most of an office makes every plan's search text again
(issue 23). The rows, the schema and the search text must come out as a row-by-row merge
leaves them.
"""

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from desktop_app.storage import merge, merge_plan, store
from desktop_app.storage.package import TABLES, PackageError
from desktop_app.workspace import Workspace
from tests.storage.test_poisoned_packages import (
    DROP,
    _lines,
    tampered,
    task_under_another_plans_section,
)


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return sorted(conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"))


def _rows(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(conn.execute(f"SELECT * FROM {t}")) for t in TABLES}


@pytest.fixture
def package(samples: Workspace, tmp_path: Path) -> Path:
    return samples.exchange.pack(tmp_path / "all").path


def test_a_bulk_merge_gives_the_rows_and_the_schema_of_a_row_by_row_one(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = Workspace.open(tmp_path / "plain.sqlite", device="pc-b")
    plain.exchange.merge(plain.exchange.preview(package))
    monkeypatch.setattr(merge, "_BULK_ROWS", 1)
    monkeypatch.setattr(store, "_REINDEX_EVERY_PLAN", 1)
    bulk = Workspace.open(tmp_path / "bulk.sqlite", device="pc-b")
    schema_before = _schema(bulk.store.conn)
    bulk.exchange.merge(bulk.exchange.preview(package))
    try:
        assert _rows(bulk.store.conn) == _rows(plain.store.conn)
        assert _schema(bulk.store.conn) == schema_before == _schema(plain.store.conn)
        assert bulk.exchange.check_db().ok
        assert bulk.plans.summaries("dot 1") == plain.plans.summaries("dot 1")
        search = "SELECT plan_id, body FROM plan_search ORDER BY plan_id"
        assert bulk.store.conn.execute(search).fetchall() == (
            plain.store.conn.execute(search).fetchall()
        )
    finally:
        bulk.close()
        plain.close()


def test_a_refused_bulk_merge_leaves_every_index_in_place(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = task_under_another_plans_section(package, tmp_path / "link.skh")
    monkeypatch.setattr(merge, "_BULK_ROWS", 1)
    ws = Workspace.open(tmp_path / "b.sqlite", device="pc-b")
    before = _schema(ws.store.conn)
    with pytest.raises(PackageError):
        ws.exchange.merge(ws.exchange.preview(bad))
    assert _schema(ws.store.conn) == before
    assert ws.store.conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0
    ws.close()


def test_every_reference_into_a_table_that_points_at_itself_has_an_index(
    samples: Workspace,
) -> None:
    # Rows may arrive before the row they point at (a sub-section before its section); each
    # row inserted into that table after then looks for its children, by an index or by
    # reading every child table whole.
    conn = samples.store.conn
    links = {t: list(conn.execute(f"PRAGMA foreign_key_list({t})")) for t in TABLES}
    self_pointing = {t for t, found in links.items() if any(r[2] == t for r in found)}
    assert self_pointing >= {"sections", "hamlets"}
    for table, found in links.items():
        first_columns = {
            conn.execute(f'PRAGMA index_info("{i[1]}")').fetchone()[2]
            for i in conn.execute(f"PRAGMA index_list({table})")
        }
        for link in found:
            if link[2] in self_pointing:
                assert link[3] in first_columns, (table, link[3])


def test_a_row_pointing_at_a_row_neither_sent_nor_here_is_refused(
    package: Path, tmp_path: Path
) -> None:
    # (A row pointing at one this PC has and the package does not carry is the everyday
    # change package: tests/storage/test_change_packages.py.)
    bad = tampered(package, tmp_path / "orphan.skh", {"tasks": {0: {"plan_id": "khong-co"}}})
    ws = Workspace.open(tmp_path / "b.sqlite", device="pc-b")
    try:
        with pytest.raises(PackageError, match=r"khong-co.*không mang theo"):
            ws.exchange.preview(bad)
    finally:
        ws.close()


def test_new_rows_taken_from_their_lines_are_the_rows_python_writes(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = _lines(package, "tasks")
    progress = _lines(package, "progress_entries")
    # Lines as another PC may write them: a column left out (the schema's default), text
    # with quotes, a backslash, a line break, a rare character and an emoji.
    edits: dict[str, dict[int, dict[str, object]]] = {
        "tasks": {
            0: {"note": DROP, "output": DROP},
            1: {"text": 'Việc "khó" \\ ở\nxóm 𠀧 🎉', "note": ""},
        },
    }
    if progress:
        edits["progress_entries"] = {0: {"percent": None, "text": "Đạt 100%"}}
    odd = tampered(package, tmp_path / "odd.skh", edits)

    fast = Workspace.open(tmp_path / "fast.sqlite", device="pc-b")
    fast.exchange.merge(fast.exchange.preview(odd))
    monkeypatch.setattr(merge, "_new_rows_run", lambda *_args: [])
    slow = Workspace.open(tmp_path / "slow.sqlite", device="pc-b")
    slow.exchange.merge(slow.exchange.preview(odd))
    try:
        assert _rows(fast.store.conn) == _rows(slow.store.conn)
        note = "SELECT note, output, text FROM tasks WHERE id = ?"
        assert fast.store.conn.execute(note, (tasks[0]["id"],)).fetchone()[:2] == ("", "")
        text = fast.store.conn.execute(note, (tasks[1]["id"],)).fetchone()[2]
        assert text == 'Việc "khó" \\ ở\nxóm 𠀧 🎉'
    finally:
        fast.close()
        slow.close()


def test_the_plan_made_by_version_keys_is_the_plan_made_by_looking_up_ids(
    samples: Workspace, package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A big package is planned by comparing version keys, a small one row by row: the same
    # package must give the same preview either way (here with something new, something
    # older, a conflict and a deletion in it).
    b = Workspace.open(tmp_path / "b.sqlite", device="pc-b")
    b.exchange.merge(b.exchange.preview(package))
    plans = [samples.plans.get(s.id) for s in samples.plans.summaries()]
    samples.plans.save(dataclasses.replace(plans[0], title="Tên mới ở máy A"))
    samples.plans.save(dataclasses.replace(plans[1], tasks=plans[1].tasks[1:]))
    b.plans.save(dataclasses.replace(b.plans.get(plans[0].id), title="Tên mới ở máy B"))
    b.plans.save(dataclasses.replace(b.plans.get(plans[2].id), notes="Ghi chú của B"))
    again = samples.exchange.pack(tmp_path / "again").path

    def seen(ws: Workspace) -> tuple[object, ...]:
        merged = ws.exchange.preview(again).merge
        items = sorted((i.table, i.row_id, i.kind, i.default) for i in merged.items)
        return (merged.totals(), merged.unchanged, merged.older, items)

    try:
        by_id = seen(b)
        monkeypatch.setattr("desktop_app.storage.package.LOOK_UP_BY_ID_BELOW", 0)
        by_key = seen(b)
    finally:
        b.close()
    assert by_key == by_id
    totals = by_id[0]
    assert isinstance(totals, dict)
    assert totals[merge_plan.ItemKind.CONFLICT] >= 1
    assert totals[merge_plan.ItemKind.DELETE] >= 1


def _foreign_keys_on(ws: Workspace) -> bool:
    return bool(ws.store.conn.execute("PRAGMA foreign_keys").fetchone()[0])


def test_a_merge_of_many_rows_leaves_the_links_to_one_check_at_the_end(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reader refuses a row pointing at nothing; were it to let one through, the check of
    # every link at the end (SQLite's own being off for a merge of many rows) refuses it.
    monkeypatch.setattr(merge, "_CHECK_ALL_LINKS", 1)
    bad = tampered(package, tmp_path / "orphan.skh", {"task_units": {0: {"unit_id": "khong-co"}}})
    ws = Workspace.open(tmp_path / "b.sqlite", device="pc-b")
    try:
        monkeypatch.setattr("desktop_app.storage.package._check_references", lambda *_args: None)
        preview = ws.exchange.preview(bad)
        assert preview.merge.links_checked_at_end
        with pytest.raises(PackageError, match="thiếu liên kết"):
            ws.exchange.merge(preview)
        assert _foreign_keys_on(ws)
        assert ws.store.conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 0
        ws.exchange.merge(ws.exchange.preview(package))
        assert _foreign_keys_on(ws)
        assert ws.store.conn.execute("PRAGMA foreign_key_check").fetchone() is None
        assert ws.store.conn.execute("SELECT count(*) FROM tasks").fetchone()[0] > 0
    finally:
        ws.close()


def test_a_table_filled_with_a_few_rows_is_listed_and_checked_row_by_row(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A week's package may bring an office its first report: that must not send the
    # merge over every plan and every link of the office, as a whole office's rows do.
    filled_seen: list[set[str]] = []
    reindex = store.Store.reindex_touched

    def spy(self: store.Store, touched: dict[str, set[str]], filled: set[str]) -> None:
        filled_seen.append(set(filled))
        reindex(self, touched, filled)

    monkeypatch.setattr(store.Store, "reindex_touched", spy)
    ws = Workspace.open(tmp_path / "b.sqlite", device="pc-b")
    try:
        ws.exchange.merge(ws.exchange.preview(package))
        assert filled_seen == [set()]
        monkeypatch.setattr(merge, "_BULK_ROWS", 1)
        again = Workspace.open(tmp_path / "c.sqlite", device="pc-c")
        again.exchange.merge(again.exchange.preview(package))
        again.close()
        assert "tasks" in filled_seen[1]
    finally:
        ws.close()
