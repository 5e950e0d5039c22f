"""Reads of many plans at once (the whole office's sheet) give what the reads per plan give.

With bad rows too: the batch flags each bad value exactly as the read of its plan alone does.
"""

import datetime as dt
import gc
import random
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.errors import NotFoundError
from desktop_app.domain.plans import Plan, TaskStatus
from desktop_app.domain.progress import Report, latest_entries
from desktop_app.storage.progress_repo import ProgressRepository
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
from tests.storage.test_integrity import as_an_older_version
from tests.workspace.test_flagged_exports import BAD_ROWS, PLAN, write_bad_row

TODAY = dt.date(2026, 1, 20)


@pytest.fixture
def reported(samples: Workspace) -> Plan:
    """Phú Lạc with a task reported twice, a due date once and a campaign day once."""
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    board = samples.progress.board(plan, TODAY)
    task = next(r for r in board.tasks if r.occurrence is None)
    due = next(r for r in board.tasks if r.occurrence is not None)
    progress = samples.progress
    progress.record(plan, task.key, Report(TaskStatus.IN_PROGRESS, 20), dt.date(2026, 1, 5))
    progress.record(plan, due.key, Report(TaskStatus.DONE, text="Xong"), dt.date(2026, 1, 9))
    progress.record(plan, board.campaigns[0].key, Report(participants=40), dt.date(2026, 1, 9))
    progress.record(plan, task.key, Report(TaskStatus.DONE, 100, "Đã xong"), dt.date(2026, 1, 12))
    return plan


def test_many_plans_read_as_each_one_is_read(samples: Workspace) -> None:
    ids = [s.id for s in samples.plans.summaries()]
    random.Random(7).shuffle(ids)  # the order asked is the order given back
    plans = samples.store.plans
    many = plans.get_many_flagged(ids)
    assert many == [plans.get_flagged(i, whole=False) for i in ids]
    assert any(p.tasks and any(t.lead for t in p.tasks) for p in many)
    assert plans.get_many_flagged([]) == []
    with pytest.raises(NotFoundError):
        plans.get_many_flagged([ids[0], "no-such-plan"])


def test_the_latest_task_entries_are_those_the_board_keeps(
    samples: Workspace, reported: Plan
) -> None:
    ids = [s.id for s in samples.plans.summaries()]
    progress = samples.store.progress
    every = progress.for_plan(reported.id)
    assert len(every) == 4
    latest = progress.latest_task_entries(ids)
    assert set(latest) == {reported.id}  # plans without entries are left out
    wanted = [e for e in latest_entries(every).values() if e.event_id is None]
    # In the order recorded: the due date's report came before the task's second one.
    assert latest[reported.id] == sorted(wanted, key=every.index)
    assert [e.text for e in latest[reported.id]] == ["Xong", "Đã xong"]
    assert progress.latest_task_entries([]) == {}


def test_the_due_dates_of_many_plans_are_those_of_each(samples: Workspace) -> None:
    ids = [s.id for s in samples.plans.summaries()]
    progress = samples.store.progress
    each = {i: progress.occurrences(i) for i in ids}
    assert progress.occurrences_of(ids) == {i: due for i, due in each.items() if due}
    assert any(each.values())


@pytest.mark.parametrize("kind", sorted(BAD_ROWS))
def test_a_batch_flags_each_bad_row_as_the_plan_read_alone_does(
    samples: Workspace, kind: str
) -> None:
    """The whole office's sheet reads plans in batches: each bad value flagged as for one file."""
    ws, plan_id = samples, sample_plan_id(samples, PLAN)
    write_bad_row(ws, BAD_ROWS[kind], plan_id)
    ids = [s.id for s in ws.plans.summaries()]
    random.Random(3).shuffle(ids)
    plans = ws.store.plans
    many = plans.get_many_flagged(ids)
    assert many == [plans.get_flagged(i, whole=False) for i in ids]
    (flagged,) = [p for p in many if p.problems]  # only the plan with the bad row
    assert flagged.id == plan_id


def test_a_plan_with_every_kind_of_bad_row_reads_alike_in_a_batch(samples: Workspace) -> None:
    plan_id = sample_plan_id(samples, PLAN)
    for sql in BAD_ROWS.values():
        write_bad_row(samples, sql, plan_id)
    ids = [s.id for s in samples.plans.summaries()]
    plans = samples.store.plans
    alone = plans.get_flagged(plan_id, whole=False)
    assert len(alone.problems) >= len(BAD_ROWS) - 1  # a task's deadline problems may merge
    assert plans.get_many_flagged(ids) == [plans.get_flagged(i, whole=False) for i in ids]
    assert plans.get_many_flagged([plan_id, plan_id]) == [alone, alone]


# ---- the newest entry of each task and due date, chosen by SQL --------------------------

_ENTRY_COLUMNS = (
    "id, plan_id, task_id, occurrence_date, event_id, unit_id, hamlet_id, reported_on,"
    " status, percent, text, figures, source, note, document, reporter, participants,"
    " updated_at"
)


def _newest_by_hand(conn: sqlite3.Connection, plan_ids: list[str]) -> dict[str, list[Any]]:
    """What the sheet read before SQL chose: every row, the newest of each stored key kept.

    Rows in the order recorded (stamp, then the order written); a key's newer row takes the
    place of the older one at the end. Campaign days' entries left out as the query does.
    """
    marks = ",".join("?" * len(plan_ids))
    newest: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for row in conn.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM progress_entries"
        f" WHERE plan_id IN ({marks}) AND deleted_at IS NULL"
        " AND (event_id IS NULL OR typeof(event_id) <> 'text' OR event_id = '')"
        " ORDER BY updated_at, rowid",
        plan_ids,
    ):
        key = (row[1], row[2], row[3], row[4], row[6])
        newest.pop(key, None)
        newest[key] = row
    result: dict[str, list[Any]] = {}
    for row in newest.values():
        entry = ProgressRepository._readable_entry(row)
        result.setdefault(entry.plan_id, []).append(entry)
    return result


# Stamps, few so that many rows share one (a generated office, a merge, a returned sheet).
_STAMPS = ("2026-01-05T08:00:00.000000Z", "2026-01-05T08:00:00.000001Z", "2026-02-01T00:00:00Z")
_EntryRow = tuple[int, int | None, str | None, object, str | None, int, int, bool]
_entry_rows = st.lists(
    st.tuples(
        st.integers(0, 2),  # the plan
        st.one_of(st.none(), st.integers(0, 3)),  # the task (of the plan's first four)
        st.sampled_from([None, "2026-03-01", "2026-04-01", "2026-02-30", "nay"]),  # due date
        st.sampled_from([None, "", 7]),  # a campaign day's id: none, or not as text
        st.sampled_from([None, "xom-1"]),  # the hamlet
        st.integers(0, len(_STAMPS) - 1),
        st.integers(0, 100),  # the percent (outside 0-100 unreadable: flagged)
        st.booleans(),  # deleted
    ),
    max_size=40,
)


@pytest.fixture(scope="module")
def samples_once(samples_file: Path) -> Path:
    """The sample plans' workspace, shared: each example works on a copy of it."""
    return samples_file


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_entry_rows)
def test_sql_keeps_the_newest_entry_of_each_key_as_reading_every_row_did(
    samples_once: Path, rows: list[_EntryRow]
) -> None:
    """Ties of one stamp, deleted rows, damaged keys and tasks never reported, against the
    reading of every row that the query replaced: the same entries, in the same order."""
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy2(samples_once, Path(folder) / "w.sqlite")
        ws = Workspace.open(Path(folder) / "w.sqlite", device="test")
        try:
            conn: sqlite3.Connection = ws.store.conn
            plan_ids = [s.id for s in ws.plans.summaries()][:3]
            tasks = {
                i: [t.id for t in ws.plans.get(pid).tasks[:4]] for i, pid in enumerate(plan_ids)
            }
            as_an_older_version(conn)
            conn.execute("PRAGMA foreign_keys = OFF")
            for n, (plan, task, due, event, hamlet, stamp, percent, deleted) in enumerate(rows):
                task_id = None if task is None or task >= len(tasks[plan]) else tasks[plan][task]
                conn.execute(
                    "INSERT INTO progress_entries (id, plan_id, task_id, occurrence_date,"
                    " event_id, hamlet_id, reported_on, status, percent, text, updated_at,"
                    " device_id, deleted_at) VALUES (?, ?, ?, ?, ?, ?, '2026-01-05',"
                    " 'in_progress', ?, ?, ?, 'test', ?)",
                    (
                        f"e{n}",
                        plan_ids[plan],
                        task_id,
                        due,
                        event,
                        hamlet,
                        percent,
                        f"báo cáo {n}",
                        _STAMPS[stamp],
                        _STAMPS[0] if deleted else None,
                    ),
                )
            conn.execute("PRAGMA foreign_keys = ON")
            asked = [*plan_ids, "no-such-plan"]
            chosen = ws.store.progress.latest_task_entries(asked)
            assert chosen == _newest_by_hand(conn, asked)
            for plan_id in plan_ids:  # what the board keeps of them, as of every entry
                every = [
                    e  # a campaign day's entry names its day as text
                    for e in ws.store.progress.for_plan(plan_id)
                    if not e.event_id or not isinstance(e.event_id, str)
                ]
                assert latest_entries(chosen.get(plan_id, [])) == latest_entries(every)
        finally:
            ws.close()


def test_of_rows_stamped_alike_the_last_written_is_the_newest(
    samples: Workspace, reported: Plan
) -> None:
    """A generated office or a returned sheet stamps many rows alike: the order written decides."""
    conn: sqlite3.Connection = samples.store.conn
    conn.execute("UPDATE progress_entries SET updated_at = '2026-01-05T08:00:00.000000Z'")
    latest = samples.store.progress.latest_task_entries([reported.id])
    assert [e.text for e in latest[reported.id]] == ["Xong", "Đã xong"]
    # The task's second report deleted: its first one is the newest again, in its place.
    conn.execute("UPDATE progress_entries SET deleted_at = updated_at WHERE text = 'Đã xong'")
    latest = samples.store.progress.latest_task_entries([reported.id])
    assert [(e.text, e.percent) for e in latest[reported.id]] == [("", 20), ("Xong", None)]


def test_reading_plans_makes_no_reference_cycles(samples: Workspace) -> None:
    """Each batch of a whole office's plans must be freed as soon as it is let go.

    A cycle (a nested function calling itself, for one) kept each plan's rows until the
    cycle collector came: the sheet's memory grew between its runs, and each run walked them.
    """
    ids = [s.id for s in samples.plans.summaries()]
    plans, progress = samples.store.plans, samples.store.progress
    plans.get_many_flagged(ids)  # whatever is made once (compiled patterns, caches) first
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        plans.get_many_flagged(ids)
        progress.latest_task_entries(ids)
        progress.occurrences_of(ids)
        gc.collect()
        cyclic = [type(o).__qualname__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert cyclic == []


def test_only_recurring_tasks_have_due_dates(samples: Workspace) -> None:
    """Due dates left by a deadline changed since (a date now) are not due any more."""
    plan_id = sample_plan_id(samples, "phu_lac")
    plan = samples.plans.get(plan_id)
    progress = samples.store.progress
    before = progress.occurrences(plan_id)
    assert before  # the sample's recurring task, with its due dates
    assert all(t.deadline.is_recurring for t in plan.tasks if t.id in before)
    dated = next(t for t in plan.tasks if not t.deadline.is_recurring)
    samples.store.conn.execute(
        "INSERT INTO occurrences (id, task_id, due_date, status, updated_at, device_id)"
        " VALUES ('left-over', ?, '2026-03-01', 'not_started', '2026-01-01T00:00:00Z', 'test')",
        (dated.id,),
    )
    assert progress.occurrences(plan_id) == before
    assert progress.occurrences_of([plan_id]) == {plan_id: before}
