import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from desktop_app.domain.calendar import ItemKind, ItemState
from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.plans import PlanStatus
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id


def _live(path: Path, sql: str, *params: object) -> int:
    conn = sqlite3.connect(path)
    value = conn.execute(sql, params).fetchone()[0]
    conn.close()
    return int(value)


def test_a_saved_plan_reads_back_equal(samples: Workspace) -> None:
    for summary in samples.plans.summaries():
        plan = samples.plans.get(summary.id)
        with samples.store.transaction():
            samples.store.plans.save(plan)
        assert samples.plans.get(summary.id) == plan


def test_saving_unchanged_writes_no_history(samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    samples.plans.save(plan)
    assert _live(samples.path, "SELECT count(*) FROM history") == 0


def test_an_edit_keeps_the_old_version_in_history(samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    edited = dataclasses.replace(plan, status=PlanStatus.DONE)
    samples.plans.save(edited)
    assert samples.plans.get(plan.id).status is PlanStatus.DONE
    assert samples.store.history_count("plans", plan.id) == 1


def test_a_removed_task_is_a_tombstone_not_a_lost_row(samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "kon_tum"))
    gone = plan.tasks[0]
    samples.plans.save(dataclasses.replace(plan, tasks=plan.tasks[1:]))
    assert len(samples.plans.get(plan.id).tasks) == len(plan.tasks) - 1
    assert (
        _live(
            samples.path,
            "SELECT count(*) FROM tasks WHERE id = ? AND deleted_at IS NOT NULL",
            gone.id,
        )
        == 1
    )
    assert samples.store.history_count("tasks", gone.id) == 1


def test_a_deleted_plan_disappears_from_lists_but_stays_in_the_file(samples: Workspace) -> None:
    plan_id = sample_plan_id(samples, "tan_ky")
    with samples.store.transaction():
        samples.store.plans.delete(plan_id)
    assert plan_id not in [p.id for p in samples.plans.summaries()]
    with pytest.raises(NotFoundError):
        samples.plans.get(plan_id)
    assert _live(samples.path, "SELECT count(*) FROM plans WHERE id = ?", plan_id) == 1


def test_a_failed_save_leaves_nothing_half_written(samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    broken = dataclasses.replace(
        plan,
        title="Tên mới",
        tasks=(dataclasses.replace(plan.tasks[0], text=None),),  # type: ignore[arg-type]
    )
    with pytest.raises(UserError, match="không được để trống"):
        samples.plans.save(broken)
    assert samples.plans.get(plan.id) == plan


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dong vong", "phu_lac"),
        ("DỒNG VÒNG", "phu_lac"),
        ("95-kh/tu", "kon_tum"),
        ("sap xep thon", "nhu_khe"),
        ("Ban Tuyên giáo Tỉnh uỷ", "kon_tum"),
        ("ra quan", "phu_lac"),
    ],
)
def test_search_ignores_diacritics_and_tone_placement(
    samples: Workspace, query: str, expected: str
) -> None:
    found = [p.id for p in samples.plans.summaries(query)]
    assert sample_plan_id(samples, expected) in found


def test_search_with_sql_wildcards_is_literal(samples: Workspace) -> None:
    assert samples.plans.summaries("%") == []
    assert samples.plans.summaries("_") == []


def test_calendar_items_of_december_2026(samples: Workspace) -> None:
    items = samples.calendar.month_items(2026, 12, today=dt.date(2026, 11, 23))
    events = [i for i in items if i.kind is ItemKind.EVENT]
    deadlines = [i for i in items if i.kind is ItemKind.DEADLINE]
    assert [(e.label, e.day) for e in events] == [("Đợt 13", dt.date(2026, 12, 5))]
    days = sorted(d.day for d in deadlines)
    assert dt.date(2026, 12, 5) in days  # units report before the 5th
    assert dt.date(2026, 12, 10) in days  # phòng Kinh tế before the 10th
    assert dt.date(2026, 12, 25) in days  # Kon Tum's yearly report
    assert all(d.state is ItemState.DUE for d in deadlines)
    kinh_te = [d for d in deadlines if d.day == dt.date(2026, 12, 10)]
    assert kinh_te[0].who == "Phòng Kinh tế"


def test_past_open_deadlines_are_overdue(samples: Workspace) -> None:
    items = samples.calendar.month_items(2026, 6, today=dt.date(2026, 11, 23))
    nhu_khe = [i for i in items if i.plan_reference.startswith("\u201cthực hiện Nghị quyết số 96")]
    assert nhu_khe
    assert {i.state for i in nhu_khe} == {ItemState.OVERDUE}


def test_plans_using_many_units_are_those_using_each(samples: Workspace) -> None:
    plans = samples.store.plans
    conn = samples.store.conn
    units = [str(r[0]) for r in conn.execute("SELECT id FROM units")]
    hamlets = [str(r[0]) for r in conn.execute("SELECT id FROM hamlets")]
    assert units
    assert hamlets
    one_by_one = {p for u in units for p in plans.ids_using_unit(u)}
    one_by_one |= {p for h in hamlets for p in plans.ids_using_hamlet(h)}
    assert one_by_one
    assert plans.live_ids_using(units, hamlets) == one_by_one
    first = units[:1]
    assert plans.live_ids_using(first, []) == set(plans.ids_using_unit(first[0]))
    assert plans.live_ids_using([], []) == set()


def test_the_search_text_rebuilt_for_many_plans_at_once_is_each_plans_own(
    samples: Workspace,
) -> None:
    from desktop_app.storage.plans_repo import search_body  # noqa: PLC0415

    plans = [samples.plans.get(s.id) for s in samples.plans.summaries()]
    # One without a number, and one task given to no unit: the edges of the text.
    unnumbered = dataclasses.replace(plans[0], number=None)
    bare_task = dataclasses.replace(plans[1].tasks[0], lead=(), support=())
    samples.plans.save(unnumbered)
    samples.plans.save(dataclasses.replace(plans[1], tasks=(bare_task, *plans[1].tasks[1:])))
    ids = [p.id for p in plans]
    with samples.store.transaction():
        samples.store.plans.reindex(ids)
    stored = dict(samples.store.conn.execute("SELECT plan_id, body FROM plan_search").fetchall())
    assert len(ids) >= 3
    for plan_id in ids:
        assert stored[plan_id] == search_body(samples.store.plans.get(plan_id))
