"""Reads of many plans at once (the whole office's sheet) give what the reads per plan give."""

import datetime as dt
import random

import pytest

from desktop_app.domain.errors import NotFoundError
from desktop_app.domain.plans import Plan, TaskStatus
from desktop_app.domain.progress import Report, latest_entries
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id

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
    assert plans.get_many_tasks_only(ids) == [plans.get_tasks_only(i) for i in ids]
    assert any(p.tasks and any(t.lead for t in p.tasks) for p in plans.get_many_tasks_only(ids))
    assert plans.get_many_tasks_only([]) == []
    with pytest.raises(NotFoundError):
        plans.get_many_tasks_only([ids[0], "no-such-plan"])


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
