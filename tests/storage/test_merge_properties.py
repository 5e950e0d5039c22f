"""Property tests: two PCs edit apart from a common start, then merge each other's package.

Whatever the edits (including the same row edited on both, the same name added on both,
deletions against edits, and one PC's clock days off), merging both ways gives the same
rows, merging again changes nothing, no version made on either PC is lost (it is current or
in history), and a deletion reaches the other PC unless that PC changed the row since.
"""

import contextlib
import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import HamletId, UnitId, new_id
from desktop_app.domain.plans import TaskStatus
from desktop_app.domain.progress import ProgressKey, Report
from desktop_app.domain.units import Hamlet, Unit
from desktop_app.storage.db import now_iso
from desktop_app.storage.package import TABLES
from desktop_app.workspace import Workspace
from tests.storage.exchange_helpers import open_two_pcs, snapshot, versions

WORDS = st.sampled_from(["một", "Hai", "ba bốn", "Đồng Vòng", "xóm Mới", ""])
NAMES = st.sampled_from(["Tổ công tác A", "Tổ Công Tác A", "Tổ công tác B", "Ban mới"])
INDEX = st.integers(min_value=0, max_value=60)

OPS = st.one_of(
    st.tuples(st.just("unit_note"), INDEX, WORDS),
    st.tuples(st.just("unit_rename"), INDEX, NAMES),
    st.tuples(st.just("unit_add"), NAMES),
    st.tuples(st.just("unit_add_delete"), NAMES),
    st.tuples(st.just("unit_delete"), INDEX),
    st.tuples(st.just("hamlet_note"), INDEX, WORDS),
    st.tuples(st.just("hamlet_add"), NAMES),
    st.tuples(st.just("task_text"), INDEX, INDEX, WORDS),
    st.tuples(st.just("task_drop"), INDEX, INDEX),
    st.tuples(st.just("plan_delete"), INDEX),
    st.tuples(st.just("plan_restore"), INDEX),
    st.tuples(st.just("setting"), st.sampled_from(["office.commune", "office.signer"]), WORDS),
    st.tuples(st.just("progress"), INDEX, INDEX, st.sampled_from(list(TaskStatus))),
)


def _pick(items: list[Any], index: int) -> Any:
    return items[index % len(items)] if items else None


def _unit_op(ws: Workspace, op: tuple[Any, ...]) -> None:
    kind, units = op[0], ws.directory.units()
    if kind == "unit_note":
        ws.directory.save_unit(replace(_pick(units, op[1]), note=op[2]))
    elif kind == "unit_rename":
        ws.directory.save_unit(replace(_pick(units, op[1]), name=op[2]))
    elif kind == "unit_add":
        ws.directory.save_unit(Unit(id=UnitId(new_id()), name=op[1]))
    elif kind == "unit_add_delete":
        unit = ws.directory.save_unit(Unit(id=UnitId(new_id()), name=op[1]))
        ws.directory.delete_unit(unit.id)
    elif kind == "unit_delete":
        ws.directory.delete_unit(_pick(units, op[1]).id)


def _hamlet_op(ws: Workspace, op: tuple[Any, ...]) -> None:
    if op[0] == "hamlet_note":
        ws.directory.save_hamlet(replace(_pick(ws.directory.hamlets(), op[1]), note=op[2]))
    elif op[0] == "hamlet_add":
        ws.directory.save_hamlet(Hamlet(id=HamletId(new_id()), name=op[1]))


def _task_op(ws: Workspace, op: tuple[Any, ...]) -> None:
    kind = op[0]
    summary = _pick(ws.plans.summaries(), op[1])
    if summary is None:
        return
    plan = ws.plans.get(summary.id)
    if not plan.tasks:
        return
    task = _pick(list(plan.tasks), op[2])
    if kind == "task_text":
        tasks = tuple(replace(t, text=t.text + op[3]) if t == task else t for t in plan.tasks)
        ws.plans.save(replace(plan, tasks=tasks))
    elif kind == "task_drop":
        ws.plans.save(replace(plan, tasks=tuple(t for t in plan.tasks if t != task)))
    elif plan.date is not None and not task.deadline.rrule:
        ws.progress.record(plan, ProgressKey(task_id=task.id), Report(status=op[3]), plan.date)


def _plan_op(ws: Workspace, op: tuple[Any, ...]) -> None:
    if op[0] == "plan_delete":
        plans = ws.plans.summaries()
        if plans:
            ws.plans.delete(_pick(plans, op[1]).id)
    elif op[0] == "plan_restore":
        trash = [t for t in ws.plans.trash() if t.kind == "plan"]
        if trash:
            ws.plans.restore(_pick(trash, op[1]))


def _setting_op(ws: Workspace, op: tuple[Any, ...]) -> None:
    ws.store.set_setting(op[1], op[2])


_OPS: dict[str, Callable[[Workspace, tuple[Any, ...]], None]] = {
    "unit_note": _unit_op,
    "unit_rename": _unit_op,
    "unit_add": _unit_op,
    "unit_add_delete": _unit_op,
    "unit_delete": _unit_op,
    "hamlet_note": _hamlet_op,
    "hamlet_add": _hamlet_op,
    "task_text": _task_op,
    "task_drop": _task_op,
    "progress": _task_op,
    "plan_delete": _plan_op,
    "plan_restore": _plan_op,
    "setting": _setting_op,
}


def _apply(ws: Workspace, op: tuple[Any, ...]) -> None:
    _OPS[op[0]](ws, op)


def _edit(ws: Workspace, ops: list[tuple[Any, ...]], skew_days: int) -> None:
    def skewed() -> str:
        moved = dt.datetime.now(dt.UTC) + dt.timedelta(days=skew_days)
        return moved.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    clock: Callable[[], str] = skewed if skew_days else now_iso
    with mock.patch("desktop_app.storage.rows.now_iso", clock):
        for op in ops:
            with contextlib.suppress(UserError):  # refused: a duplicate name, a unit in use
                _apply(ws, op)


def _rows(ws: Workspace) -> dict[tuple[str, str], tuple[str, str, bool]]:
    out = {}
    for table in TABLES:
        if table == "settings":
            continue
        for row_id, stamp, device, deleted in ws.store.conn.execute(
            f"SELECT id, updated_at, device_id, deleted_at FROM {table}"
        ):
            out[(table, row_id)] = (stamp, device, deleted is not None)
    return out


@pytest.fixture(scope="module")
def base_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("base") / "base.sqlite"
    ws = Workspace.open(path, device="base")
    ws.plan_import.load_samples()
    ws.close()
    return path


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ops_a=st.lists(OPS, max_size=6),
    ops_b=st.lists(OPS, max_size=6),
    skew_days=st.sampled_from([0, 0, -3, 5]),
)
def test_merging_both_ways_converges_loses_nothing_and_is_idempotent(
    base_file: Path, ops_a: list[tuple[Any, ...]], ops_b: list[tuple[Any, ...]], skew_days: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a, b = open_two_pcs(base_file, folder)
        try:
            base = _rows(a)
            _edit(a, ops_a, 0)
            _edit(b, ops_b, skew_days)
            before_a, before_b = _rows(a), _rows(b)
            known = versions(a) | versions(b)
            pack_a = a.exchange.pack(folder / "a.skh").path
            pack_b = b.exchange.pack(folder / "b.skh").path

            a.exchange.merge(a.exchange.preview(pack_b))
            b.exchange.merge(b.exchange.preview(pack_a))

            # The same rows on both PCs, stamps included.
            assert snapshot(a) == snapshot(b)
            # Nothing made on either PC is lost: it is current, or in history.
            assert known <= versions(a)
            assert known <= versions(b)
            # Merging again changes nothing.
            same = snapshot(b)
            again = b.exchange.preview(pack_a)
            assert again.merge.items == ()
            b.exchange.merge(again)
            assert snapshot(b) == same
            assert a.exchange.preview(pack_b).merge.items == ()
            # A deletion on one PC reaches the other, unless the other changed the row.
            after = _rows(b)
            for key, (_stamp, _device, deleted) in before_a.items():
                untouched_on_b = before_b.get(key) == base.get(key)
                if deleted and untouched_on_b and key in base:
                    assert after[key][2], key
            for key, (_stamp, _device, deleted) in before_b.items():
                untouched_on_a = before_a.get(key) == base.get(key)
                if deleted and untouched_on_a and key in base:
                    assert after[key][2], key
            assert a.exchange.check_db().ok, a.exchange.check_db().problems
            assert b.exchange.check_db().ok, b.exchange.check_db().problems
        finally:
            a.close()
            b.close()
