"""The directory service against a real SQLite file: units, hamlets, merges, assignments."""

import dataclasses
import datetime as dt

import pytest

from desktop_app.domain.errors import DuplicateNameError, UserError
from desktop_app.domain.ids import HamletId, ProgressId, UnitId, new_id
from desktop_app.domain.progress import ProgressEntry
from desktop_app.domain.units import Hamlet, Unit, UnitKind
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id


def test_unit_names_are_unique_ignoring_diacritics(workspace: Workspace) -> None:
    workspace.directory.save_unit(Unit(UnitId(new_id()), "Công an xã", UnitKind.ARMED))
    with pytest.raises(DuplicateNameError, match="Công an xã"):
        workspace.directory.save_unit(Unit(UnitId(new_id()), "cong an xa"))


def test_a_used_unit_is_never_deleted_only_deactivated(samples: Workspace) -> None:
    police = next(u for u in samples.directory.units() if u.name == "Công an xã")
    with pytest.raises(UserError, match="Ngừng sử dụng"):
        samples.directory.delete_unit(police.id)
    assert not samples.directory.set_unit_active(police.id, False).active
    spare = samples.directory.save_unit(Unit(UnitId(new_id()), "Đơn vị chưa dùng"))
    samples.directory.delete_unit(spare.id)
    assert [i.name for i in samples.plans.trash()] == ["Đơn vị chưa dùng"]


def test_merging_units_moves_every_reference_and_keeps_history(samples: Workspace) -> None:
    phu_lac = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    keep = next(u for u in samples.directory.units() if u.name == "Ủy ban Mặt trận tổ quốc xã")
    drop = next(u for u in samples.directory.units() if u.name == "Ủy ban MTTQ xã và các đoàn thể")
    used_before = [
        (t.id, "lead") for t in phu_lac.tasks if any(r.id == drop.id for r in t.lead)
    ] + [(a.id, "row") for a in phu_lac.assignments if a.unit.id == drop.id]
    assert used_before
    merged = samples.directory.merge_units(keep.id, drop.id)
    assert "Đã gộp" in merged.note
    plan = samples.plans.get(phu_lac.id)
    every_ref = [r.id for t in plan.tasks for r in (*t.lead, *t.support)]
    every_ref += [a.unit.id for a in plan.assignments]
    assert drop.id not in every_ref
    assert keep.id in every_ref
    assert drop.id not in {u.id for u in samples.directory.units()}
    history = samples.exchange.history(table="units", row_id=drop.id)
    assert history[0].reason == "merged"
    assert history[0].values["name"] == drop.name
    assert samples.plans.trash() == []  # a merged unit is not "deleted": it lives on in the other


def test_merging_hamlets_moves_assignments_and_keeps_old_names(samples: Workspace) -> None:
    phu_lac = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    one = next(h for h in samples.directory.hamlets() if h.name == "Xóm 1")
    two = next(h for h in samples.directory.hamlets() if h.name == "Xóm 2")
    new = Hamlet(HamletId(new_id()), "Xóm Hợp Nhất", households=300)
    merged = samples.directory.merge_hamlets([one.id, two.id], new)
    plan = samples.plans.get(phu_lac.id)
    names = [h.name for a in plan.assignments for h in a.hamlets]
    assert "Xóm 1" not in names
    assert "Xóm 2" not in names
    assert names.count("Xóm Hợp Nhất") == 1
    old = samples.directory.hamlets("xom 1")
    assert any(h.id == one.id and h.merged_into == merged.id and not h.active for h in old)
    assert samples.exchange.history(table="hamlets", row_id=one.id)[0].values["merged_into"] is None
    assert samples.directory.read_hamlet_list("Xóm 1, Xóm 3").found[0].id == merged.id
    messages = [f.message for f in samples.plans.check(plan)]
    assert not any("Xóm 1 " in m for m in messages)


def test_assignment_rows_from_compact_lists(samples: Workspace) -> None:
    plan_id = sample_plan_id(samples, "tan_ky")
    police = next(u for u in samples.directory.units() if u.name == "Công an xã")
    row = samples.directory.assignment_row(
        police.id, "Xóm Khu 1, Khu 2, Xóm Đồng Vòng, 11 và xóm 11A"
    )
    assert [h.name for h in row.hamlets] == [
        "Xóm Khu 1",
        "Xóm Khu 2",
        "Xóm Đồng Vòng",
        "Xóm 11",
        "Xóm 11A",
    ]
    with pytest.raises(UserError, match="Không có xóm: Xóm 99"):
        samples.directory.assignment_row(police.id, "Xóm 1, 99")
    saved = samples.directory.save_assignments(plan_id, [row])
    assert saved.assignments[0].hamlets == row.hamlets


def test_copying_the_assignment_from_another_plan(samples: Workspace) -> None:
    source = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    target = samples.directory.copy_assignments(source.id, sample_plan_id(samples, "tan_ky"))
    assert [(a.unit, a.hamlets) for a in target.assignments] == [
        (a.unit, a.hamlets) for a in source.assignments
    ]
    assert samples.plans.get(source.id) == source


def test_a_unit_merge_joins_rows_and_notes_and_a_copy_moves_its_repeating_deadlines(
    samples: Workspace,
) -> None:
    plan_id = sample_plan_id(samples, "phu_lac")
    plan = samples.plans.get(plan_id)
    police = next(u for u in samples.directory.units() if u.name == "Công an xã")
    army = next(u for u in samples.directory.units() if u.name == "Ban chỉ huy Quân sự xã")
    rows = [
        dataclasses.replace(a, note="Hỗ trợ ngày ra quân") if a.unit.id == army.id else a
        for a in plan.assignments
    ]
    samples.directory.save_assignments(plan_id, rows)
    samples.directory.merge_units(police.id, army.id)
    merged = samples.plans.get(plan_id)
    [row] = [a for a in merged.assignments if a.unit.id == police.id]
    assert "Hỗ trợ ngày ra quân" in row.note
    assert "Xóm Mận" in [h.name for h in row.hamlets]
    assert len(merged.assignments) == len(plan.assignments) - 1

    copy = samples.plans.duplicate(plan_id, years=1)
    monthly = next(t for t in copy.tasks if t.deadline.text == "trước ngày 10 hàng tháng")
    assert "UNTIL=20280110" in (monthly.deadline.rrule or "")
    assert monthly.deadline.start == dt.date(2027, 1, 1)


def test_a_plan_in_the_trash_comes_back_pointing_at_the_merged_unit(samples: Workspace) -> None:
    huyen_uy = samples.plans.get(sample_plan_id(samples, "huyen_uy"))
    used = huyen_uy.tasks[0].lead[0]
    keep = samples.directory.save_unit(Unit(UnitId(new_id()), "Đơn vị gộp vào"))
    samples.plans.delete(huyen_uy.id)
    with pytest.raises(UserError, match="Thùng rác"):
        samples.directory.delete_unit(used.id)
    samples.directory.merge_units(keep.id, used.id)
    samples.plans.restore(next(i for i in samples.plans.trash() if i.id == huyen_uy.id))
    restored = samples.plans.get(huyen_uy.id)
    assert restored.tasks[0].lead[0].id == keep.id
    samples.plans.save_edited(dataclasses.replace(restored, notes="sửa sau khôi phục"), restored)


def test_progress_reports_follow_a_unit_merge(samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    police = next(u for u in samples.directory.units() if u.name == "Công an xã")
    entry = ProgressEntry(
        ProgressId(new_id()), plan.id, dt.date(2026, 1, 5), unit_id=police.id, text="Đã ra quân"
    )
    samples.plans.add_new([], [entry])
    keep = samples.directory.save_unit(Unit(UnitId(new_id()), "Công an xã (mới)"))
    samples.directory.merge_units(keep.id, police.id)
    [moved] = [e for e in samples.progress.entries(plan.id) if e.id == entry.id]
    assert moved.unit_id == keep.id


def test_phu_lac_covers_every_hamlet_once(samples: Workspace) -> None:
    coverage = samples.directory.coverage(samples.plans.get(sample_plan_id(samples, "phu_lac")))
    assert coverage.uncovered == []
    assert coverage.doubly_covered == []


def test_coverage_shows_gaps_and_overlaps(samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    with samples.store.transaction():
        samples.store.hamlets.save(Hamlet(HamletId(new_id()), "Xóm Mới"))
    first, second, *rest = plan.assignments
    overlapping = dataclasses.replace(second, hamlets=second.hamlets + first.hamlets[:1])
    coverage = samples.directory.coverage(
        dataclasses.replace(plan, assignments=(first, overlapping, *rest))
    )
    assert [h.name for h in coverage.uncovered] == ["Xóm Mới"]
    assert [h.name for h, _ in coverage.doubly_covered] == ["Xóm Quang Minh"]
