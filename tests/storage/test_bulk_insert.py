import datetime as dt
from pathlib import Path

import pytest

from benchmarks.generate_office import OfficeBuilder, Sizes
from desktop_app.domain.ids import PlanId, ProgressId, TaskId
from desktop_app.domain.plans import Issuer, Plan, System, TaskStatus
from desktop_app.domain.progress import ProgressEntry
from desktop_app.storage.errors import StorageError
from desktop_app.workspace import Workspace
from tests.conftest import DEVICE

TINY = Sizes(plans=8, tasks=240, hamlets=30, units=40, events=60, progress=200)


def _office(path: Path) -> tuple[Workspace, OfficeBuilder]:
    ws = Workspace.open(path, device=DEVICE)
    builder = OfficeBuilder(TINY, seed=7)
    ws.directory.save(builder.units, builder.hamlets)
    return ws, builder


def _plans(builder: OfficeBuilder) -> list[Plan]:
    return [p for _year, plans, _progress in builder.batches() for p in plans]


def test_insert_new_reads_back_as_save_writes(tmp_path: Path) -> None:
    bulk, builder = _office(tmp_path / "bulk.sqlite")
    one_by_one, same = _office(tmp_path / "save.sqlite")
    plans = _plans(builder)
    assert plans == _plans(same)  # the same seed gives the same office
    bulk.plans.add_new(plans)
    for plan in plans:
        one_by_one.plans.save(plan)

    assert bulk.plans.count() == one_by_one.plans.count() == TINY.plans
    assert bulk.plans.summaries() == one_by_one.plans.summaries()
    for plan in plans[:: len(plans) // 4]:
        got, want = bulk.plans.get(plan.id), one_by_one.plans.get(plan.id)
        assert got.tasks == want.tasks
        assert got.sections == want.sections
        assert got.events == want.events
        assert got.event_rules == want.event_rules
        assert got.assignments == want.assignments
        assert got.recipients == want.recipients
        assert got == want
    start, end = dt.date(2007, 1, 1), dt.date(2026, 12, 31)
    today = dt.date(2026, 11, 15)
    assert bulk.calendar.items(start, end, today) == one_by_one.calendar.items(start, end, today)
    for query in ("ra quan", "dong vong", "bao cao"):
        assert bulk.plans.summaries(query) == one_by_one.plans.summaries(query)
    bulk.close()
    one_by_one.close()


def test_insert_new_refuses_a_plan_already_there_and_writes_nothing(tmp_path: Path) -> None:
    ws, builder = _office(tmp_path / "office.sqlite")
    plans = _plans(builder)
    ws.plans.add_new(plans[:1])
    with pytest.raises(StorageError):
        ws.plans.add_new(plans)
    assert ws.plans.count() == 1
    ws.close()


def test_progress_entries_read_back_by_plan(tmp_path: Path) -> None:
    ws, builder = _office(tmp_path / "office.sqlite")
    batches = list(builder.batches())
    plans = [p for _year, year_plans, _progress in batches for p in year_plans]
    progress = [e for _year, _plans, entries in batches for e in entries]
    ws.plans.add_new(plans, progress)

    assert ws.store.progress.count() == TINY.progress == len(progress)
    for plan in plans:
        want = sorted((e for e in progress if e.plan_id == plan.id), key=lambda e: e.reported_on)
        got = ws.progress.entries(plan.id)
        assert sorted(got, key=lambda e: e.id) == sorted(want, key=lambda e: e.id)
        # In the order they were recorded: the newest recorded is where a thing stands now.
        assert [e.id for e in got] == [e.id for e in progress if e.plan_id == plan.id]
    ws.close()


def test_a_progress_entry_keeps_every_field(workspace: Workspace) -> None:
    plan = Plan(PlanId("p1"), System.STATE, Issuer("ỦY BAN NHÂN DÂN XÃ THANH SƠN"), "Thử")
    workspace.plans.save(plan)
    entry = ProgressEntry(
        id=ProgressId("e1"),
        plan_id=plan.id,
        reported_on=dt.date(2026, 6, 5),
        task_id=None,
        occurrence=dt.date(2026, 6, 5),
        status=TaskStatus.IN_PROGRESS,
        percent=40,
        text="Xóm Đồng Vòng đã ra quân, 120 người tham gia.",
        figures={"Số người tham gia": 120.0, "Rác thu gom (kg)": 350.5},
        source="bao-cao-thang-06.xlsx",
        note="Xóm 3 xin lùi sang Chủ nhật",
        document="Báo cáo số 05/BC-MT ngày 05/6/2026",
        reporter="Trưởng xóm Nguyễn Văn An",
        participants=120,
    )
    bare = ProgressEntry(id=ProgressId("e2"), plan_id=plan.id, reported_on=dt.date(2026, 6, 1))
    with workspace.store.transaction():
        workspace.store.progress.insert_many([entry, bare])
    # In the order they were recorded, whatever day they report on.
    assert workspace.progress.entries(plan.id) == [entry, bare]
    assert all(e.recorded_at for e in workspace.progress.entries(plan.id))
    assert workspace.store.progress.count() == 2


def test_a_progress_entry_must_name_a_task_that_exists(workspace: Workspace) -> None:
    plan = Plan(PlanId("p1"), System.STATE, Issuer("ỦY BAN NHÂN DÂN XÃ THANH SƠN"), "Thử")
    workspace.plans.save(plan)
    orphan = ProgressEntry(
        id=ProgressId("e1"),
        plan_id=plan.id,
        reported_on=dt.date(2026, 6, 5),
        task_id=TaskId("no-such-task"),
    )
    with pytest.raises(StorageError), workspace.store.transaction():
        workspace.store.progress.insert_many([orphan])
    assert workspace.store.progress.count() == 0
