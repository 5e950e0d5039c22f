"""The editing use cases against a real SQLite file: lifecycle, trash, merges, assignments."""

import dataclasses
import datetime as dt

import pytest

from desktop_app.domain.checks import Place, Severity
from desktop_app.domain.deadline_parser import parse_deadline
from desktop_app.domain.errors import DuplicateNameError, UserError
from desktop_app.domain.ids import HamletId, ProgressId, TaskId, UnitId, new_id
from desktop_app.domain.plans import Issuer, Plan, PlanStatus, System, Task
from desktop_app.domain.progress import ProgressEntry
from desktop_app.domain.units import Hamlet, Unit, UnitKind
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id


def _draft(ws: Workspace, title: str = "Kế hoạch thử năm 2026") -> Plan:
    plan = dataclasses.replace(
        ws.new_plan(System.STATE),
        issuer=Issuer("ỦY BAN NHÂN DÂN XÃ THỬ"),
        symbol="KH-UBND",
        title=title,
    )
    return ws.save_edited_plan(plan, None)


def test_issuing_numbers_plans_by_body_and_year(workspace: Workspace) -> None:
    first = workspace.issue_plan(_draft(workspace).id, dt.date(2026, 1, 5))
    second = workspace.issue_plan(_draft(workspace).id, dt.date(2026, 3, 9))
    next_year = workspace.issue_plan(_draft(workspace).id, dt.date(2027, 1, 4))
    assert [first.number, second.number, next_year.number] == [1, 2, 1]
    assert second.reference == "02/KH-UBND"
    assert second.status is PlanStatus.ISSUED
    assert second.date == dt.date(2026, 3, 9)


def test_a_reopened_plan_keeps_its_number_when_issued_again(workspace: Workspace) -> None:
    plan = workspace.issue_plan(_draft(workspace).id, dt.date(2026, 1, 5))
    reopened = workspace.reopen_plan(plan.id)
    assert reopened.status is PlanStatus.DRAFT
    assert workspace.issue_plan(plan.id, dt.date(2026, 1, 6)).number == 1


def test_a_number_already_given_is_refused(workspace: Workspace) -> None:
    workspace.issue_plan(_draft(workspace).id, dt.date(2026, 1, 5))
    with pytest.raises(UserError, match="Số 01 năm 2026 đã cấp"):
        workspace.issue_plan(_draft(workspace).id, dt.date(2026, 2, 1), number=1)


def test_bad_plans_are_refused_and_nothing_is_saved(workspace: Workspace) -> None:
    plan = _draft(workspace)
    with pytest.raises(UserError, match="Trích yếu"):
        workspace.save_edited_plan(dataclasses.replace(plan, title="  "), plan)
    late = Task(TaskId(new_id()), "Báo cáo", deadline=parse_deadline("trước ngày 25/6/2025"))
    with pytest.raises(UserError, match="trước ngày kế hoạch"):
        workspace.save_edited_plan(
            dataclasses.replace(plan, date=dt.date(2026, 1, 5), tasks=(late,)), plan
        )
    assert workspace.get_plan(plan.id) == plan


def test_an_editor_copy_never_overwrites_what_changed_meanwhile(workspace: Workspace) -> None:
    opened = _draft(workspace)
    workspace.issue_plan(opened.id, dt.date(2026, 3, 2))
    edited = dataclasses.replace(opened, title="Sửa trong cửa sổ soạn")
    with pytest.raises(UserError, match="đã được thay đổi ở chỗ khác"):
        workspace.save_edited_plan(edited, opened)
    assert workspace.get_plan(opened.id).number == 1
    workspace.delete_plan(opened.id)
    with pytest.raises(UserError, match="đã được thay đổi ở chỗ khác"):
        workspace.save_edited_plan(edited, opened)
    assert not workspace.store.plans.exists(opened.id)


def test_deleted_plans_go_to_the_trash_and_come_back(workspace: Workspace) -> None:
    plan = _draft(workspace)
    workspace.delete_plan(plan.id)
    assert workspace.list_plans() == []
    [item] = workspace.trash()
    assert (item.kind, item.id) == ("plan", plan.id)
    workspace.restore(item)
    assert workspace.get_plan(plan.id) == plan
    assert workspace.list_plans("thu")[0].id == plan.id
    assert workspace.trash() == []


def test_duplicating_makes_next_years_draft(samples: Workspace) -> None:
    source = samples.get_plan(sample_plan_id(samples, "phu_lac"))
    copy = samples.duplicate_plan(source.id, years=1)
    assert copy.id != source.id
    assert copy.status is PlanStatus.DRAFT
    assert copy.number is None
    assert copy.date is None
    assert [t.text for t in copy.tasks] == [t.text for t in source.tasks]
    assert not {t.id for t in copy.tasks} & {t.id for t in source.tasks}
    assert len(copy.assignments) == len(source.assignments)
    assert samples.get_plan(source.id) == source


def test_unit_names_are_unique_ignoring_diacritics(workspace: Workspace) -> None:
    workspace.save_unit(Unit(UnitId(new_id()), "Công an xã", UnitKind.ARMED))
    with pytest.raises(DuplicateNameError, match="Công an xã"):
        workspace.save_unit(Unit(UnitId(new_id()), "cong an xa"))


def test_a_used_unit_is_never_deleted_only_deactivated(samples: Workspace) -> None:
    police = next(u for u in samples.units() if u.name == "Công an xã")
    with pytest.raises(UserError, match="Ngừng sử dụng"):
        samples.delete_unit(police.id)
    assert not samples.set_unit_active(police.id, False).active
    spare = samples.save_unit(Unit(UnitId(new_id()), "Đơn vị chưa dùng"))
    samples.delete_unit(spare.id)
    assert [i.name for i in samples.trash()] == ["Đơn vị chưa dùng"]


def test_merging_units_moves_every_reference_and_keeps_history(samples: Workspace) -> None:
    phu_lac = samples.get_plan(sample_plan_id(samples, "phu_lac"))
    keep = next(u for u in samples.units() if u.name == "Ủy ban Mặt trận tổ quốc xã")
    drop = next(u for u in samples.units() if u.name == "Ủy ban MTTQ xã và các đoàn thể")
    used_before = [
        (t.id, "lead") for t in phu_lac.tasks if any(r.id == drop.id for r in t.lead)
    ] + [(a.id, "row") for a in phu_lac.assignments if a.unit.id == drop.id]
    assert used_before
    merged = samples.merge_units(keep.id, drop.id)
    assert "Đã gộp" in merged.note
    plan = samples.get_plan(phu_lac.id)
    every_ref = [r.id for t in plan.tasks for r in (*t.lead, *t.support)]
    every_ref += [a.unit.id for a in plan.assignments]
    assert drop.id not in every_ref
    assert keep.id in every_ref
    assert drop.id not in {u.id for u in samples.units()}
    history = samples.history_entries(table="units", row_id=drop.id)
    assert history[0].reason == "merged"
    assert history[0].values["name"] == drop.name
    assert samples.trash() == []  # a merged unit is not "deleted": it lives on in the other


def test_merging_hamlets_moves_assignments_and_keeps_old_names(samples: Workspace) -> None:
    phu_lac = samples.get_plan(sample_plan_id(samples, "phu_lac"))
    one = next(h for h in samples.hamlets() if h.name == "Xóm 1")
    two = next(h for h in samples.hamlets() if h.name == "Xóm 2")
    new = Hamlet(HamletId(new_id()), "Xóm Hợp Nhất", households=300)
    merged = samples.merge_hamlets([one.id, two.id], new)
    plan = samples.get_plan(phu_lac.id)
    names = [h.name for a in plan.assignments for h in a.hamlets]
    assert "Xóm 1" not in names
    assert "Xóm 2" not in names
    assert names.count("Xóm Hợp Nhất") == 1
    old = samples.hamlets("xom 1")
    assert any(h.id == one.id and h.merged_into == merged.id and not h.active for h in old)
    assert samples.history_entries(table="hamlets", row_id=one.id)[0].values["merged_into"] is None
    assert samples.read_hamlet_list("Xóm 1, Xóm 3").found[0].id == merged.id
    messages = [f.message for f in samples.check_plan(plan)]
    assert not any("Xóm 1 " in m for m in messages)


def test_assignment_rows_from_compact_lists(samples: Workspace) -> None:
    plan_id = sample_plan_id(samples, "tan_ky")
    police = next(u for u in samples.units() if u.name == "Công an xã")
    row = samples.assignment_row(police.id, "Xóm Khu 1, Khu 2, Xóm Đồng Vòng, 11 và xóm 11A")
    assert [h.name for h in row.hamlets] == [
        "Xóm Khu 1",
        "Xóm Khu 2",
        "Xóm Đồng Vòng",
        "Xóm 11",
        "Xóm 11A",
    ]
    with pytest.raises(UserError, match="Không có xóm: Xóm 99"):
        samples.assignment_row(police.id, "Xóm 1, 99")
    saved = samples.save_assignments(plan_id, [row])
    assert saved.assignments[0].hamlets == row.hamlets


def test_copying_the_assignment_from_another_plan(samples: Workspace) -> None:
    source = samples.get_plan(sample_plan_id(samples, "phu_lac"))
    target = samples.copy_assignments(source.id, sample_plan_id(samples, "tan_ky"))
    assert [(a.unit, a.hamlets) for a in target.assignments] == [
        (a.unit, a.hamlets) for a in source.assignments
    ]
    assert samples.get_plan(source.id) == source


def test_check_on_the_samples(samples: Workspace) -> None:
    phu_lac = samples.check_plan(samples.get_plan(sample_plan_id(samples, "phu_lac")))
    found = {(f.severity, f.place) for f in phu_lac}
    # The seed itself: issued without a number, an appendix dated 02/11 for a plan of 02/12,
    # and "Thứ Bảy, ngày 01/11/2026" (a Sunday).
    assert (Severity.ERROR, Place.HEADER) in found
    assert (Severity.ERROR, Place.APPENDICES) in found
    assert any("01/11/2026 là Chủ nhật" in f.message for f in phu_lac)
    kon_tum = samples.check_plan(samples.get_plan(sample_plan_id(samples, "kon_tum")))
    assert [f.severity for f in kon_tum] == [Severity.INFO]  # a numbered, complete plan


def test_a_copy_moves_its_own_year_not_the_dates_it_cites(samples: Workspace) -> None:
    kon_tum = samples.get_plan(sample_plan_id(samples, "kon_tum"))
    copy = samples.duplicate_plan(kon_tum.id)
    assert "ngày 30-01-2023" in copy.title
    assert copy.tasks[0].deadline.text == "hoàn thành trong quý II-2024"
    titled = dataclasses.replace(kon_tum, title="Kế hoạch ra quân năm 2026")
    samples.save_edited_plan(titled, kon_tum)
    assert samples.duplicate_plan(kon_tum.id).title == "Kế hoạch ra quân năm 2027"


def test_numbers_of_deleted_plans_stay_given_and_bodies_match_by_identity(
    workspace: Workspace,
) -> None:
    first = workspace.issue_plan(_draft(workspace).id, dt.date(2026, 1, 5))
    workspace.delete_plan(first.id)
    other = dataclasses.replace(_draft(workspace), issuer=Issuer("UỶ BAN NHÂN DÂN XÃ THỬ"))
    workspace.save_edited_plan(other, workspace.get_plan(other.id))
    assert workspace.issue_plan(other.id, dt.date(2026, 2, 1)).number == 2
    reopened = workspace.reopen_plan(other.id)
    assert workspace.next_plan_number(reopened, dt.date(2026, 2, 2)) == 2


def test_a_draft_archived_unissued_cannot_become_in_progress(workspace: Workspace) -> None:
    plan = _draft(workspace)
    workspace.set_plan_status(plan.id, PlanStatus.ARCHIVED)
    with pytest.raises(UserError, match="ban hành trước"):
        workspace.set_plan_status(plan.id, PlanStatus.IN_PROGRESS)


def test_a_unit_merge_joins_rows_and_notes_and_a_copy_moves_its_repeating_deadlines(
    samples: Workspace,
) -> None:
    plan_id = sample_plan_id(samples, "phu_lac")
    plan = samples.get_plan(plan_id)
    police = next(u for u in samples.units() if u.name == "Công an xã")
    army = next(u for u in samples.units() if u.name == "Ban chỉ huy Quân sự xã")
    rows = [
        dataclasses.replace(a, note="Hỗ trợ ngày ra quân") if a.unit.id == army.id else a
        for a in plan.assignments
    ]
    samples.save_assignments(plan_id, rows)
    samples.merge_units(police.id, army.id)
    merged = samples.get_plan(plan_id)
    [row] = [a for a in merged.assignments if a.unit.id == police.id]
    assert "Hỗ trợ ngày ra quân" in row.note
    assert "Xóm Mận" in [h.name for h in row.hamlets]
    assert len(merged.assignments) == len(plan.assignments) - 1

    copy = samples.duplicate_plan(plan_id, years=1)
    monthly = next(t for t in copy.tasks if t.deadline.text == "trước ngày 10 hàng tháng")
    assert "UNTIL=20280110" in (monthly.deadline.rrule or "")
    assert monthly.deadline.start == dt.date(2027, 1, 1)


def test_a_plan_in_the_trash_comes_back_pointing_at_the_merged_unit(samples: Workspace) -> None:
    huyen_uy = samples.get_plan(sample_plan_id(samples, "huyen_uy"))
    used = huyen_uy.tasks[0].lead[0]
    keep = samples.save_unit(Unit(UnitId(new_id()), "Đơn vị gộp vào"))
    samples.delete_plan(huyen_uy.id)
    with pytest.raises(UserError, match="Thùng rác"):
        samples.delete_unit(used.id)
    samples.merge_units(keep.id, used.id)
    samples.restore(next(i for i in samples.trash() if i.id == huyen_uy.id))
    restored = samples.get_plan(huyen_uy.id)
    assert restored.tasks[0].lead[0].id == keep.id
    samples.save_edited_plan(dataclasses.replace(restored, notes="sửa sau khôi phục"), restored)


def test_progress_reports_follow_a_unit_merge(samples: Workspace) -> None:
    plan = samples.get_plan(sample_plan_id(samples, "phu_lac"))
    police = next(u for u in samples.units() if u.name == "Công an xã")
    entry = ProgressEntry(
        ProgressId(new_id()), plan.id, dt.date(2026, 1, 5), unit_id=police.id, text="Đã ra quân"
    )
    samples.add_new_plans([], [entry])
    keep = samples.save_unit(Unit(UnitId(new_id()), "Công an xã (mới)"))
    samples.merge_units(keep.id, police.id)
    [moved] = [e for e in samples.progress_entries(plan.id) if e.id == entry.id]
    assert moved.unit_id == keep.id
