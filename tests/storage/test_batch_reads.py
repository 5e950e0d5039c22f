"""Reads of many plans at once (the whole office's sheet) give what the reads per plan give.

With bad rows too: the batch flags each bad value exactly as the read of its plan alone does.
"""

import datetime as dt
import random

import pytest

from desktop_app.domain.errors import NotFoundError
from desktop_app.domain.plans import Plan, TaskStatus
from desktop_app.domain.progress import Report, latest_entries
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id
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
