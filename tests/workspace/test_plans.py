"""The plans service on a real SQLite file: lifecycle, numbers, trash, checks, finding plans."""

import dataclasses
import datetime as dt

import pytest

from desktop_app.domain.checks import Place, Severity
from desktop_app.domain.deadline_parser import parse_deadline
from desktop_app.domain.errors import NotFoundError, UserError
from desktop_app.domain.ids import TaskId, new_id
from desktop_app.domain.plans import Issuer, Plan, PlanStatus, System, Task
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id


def _draft(ws: Workspace, title: str = "Kế hoạch thử năm 2026") -> Plan:
    plan = dataclasses.replace(
        ws.plans.new(System.STATE),
        issuer=Issuer("ỦY BAN NHÂN DÂN XÃ THỬ"),
        symbol="KH-UBND",
        title=title,
    )
    return ws.plans.save_edited(plan, None)


def test_issuing_numbers_plans_by_body_and_year(workspace: Workspace) -> None:
    first = workspace.plans.issue(_draft(workspace).id, dt.date(2026, 1, 5))
    second = workspace.plans.issue(_draft(workspace).id, dt.date(2026, 3, 9))
    next_year = workspace.plans.issue(_draft(workspace).id, dt.date(2027, 1, 4))
    assert [first.number, second.number, next_year.number] == [1, 2, 1]
    assert second.reference == "02/KH-UBND"
    assert second.status is PlanStatus.ISSUED
    assert second.date == dt.date(2026, 3, 9)


def test_a_reopened_plan_keeps_its_number_when_issued_again(workspace: Workspace) -> None:
    plan = workspace.plans.issue(_draft(workspace).id, dt.date(2026, 1, 5))
    reopened = workspace.plans.reopen(plan.id)
    assert reopened.status is PlanStatus.DRAFT
    assert workspace.plans.issue(plan.id, dt.date(2026, 1, 6)).number == 1


def test_a_number_already_given_is_refused(workspace: Workspace) -> None:
    workspace.plans.issue(_draft(workspace).id, dt.date(2026, 1, 5))
    with pytest.raises(UserError, match=r"Số 01 \(năm 2026\) đã cấp"):
        workspace.plans.issue(_draft(workspace).id, dt.date(2026, 2, 1), number=1)


def test_bad_plans_are_refused_and_nothing_is_saved(workspace: Workspace) -> None:
    plan = _draft(workspace)
    with pytest.raises(UserError, match="Trích yếu"):
        workspace.plans.save_edited(dataclasses.replace(plan, title="  "), plan)
    late = Task(TaskId(new_id()), "Báo cáo", deadline=parse_deadline("trước ngày 25/6/2025"))
    with pytest.raises(UserError, match="trước ngày kế hoạch"):
        workspace.plans.save_edited(
            dataclasses.replace(plan, date=dt.date(2026, 1, 5), tasks=(late,)), plan
        )
    assert workspace.plans.get(plan.id) == plan


def test_an_editor_copy_never_overwrites_what_changed_meanwhile(workspace: Workspace) -> None:
    opened = _draft(workspace)
    workspace.plans.issue(opened.id, dt.date(2026, 3, 2))
    edited = dataclasses.replace(opened, title="Sửa trong cửa sổ soạn")
    with pytest.raises(UserError, match="vừa được sửa ở nơi khác"):
        workspace.plans.save_edited(edited, opened)
    assert workspace.plans.get(opened.id).number == 1
    workspace.plans.delete(opened.id)
    with pytest.raises(UserError, match="vừa được sửa ở nơi khác"):
        workspace.plans.save_edited(edited, opened)
    assert not workspace.store.plans.exists(opened.id)


def test_deleted_plans_go_to_the_trash_and_come_back(workspace: Workspace) -> None:
    plan = _draft(workspace)
    workspace.plans.delete(plan.id)
    assert workspace.plans.summaries() == []
    [item] = workspace.plans.trash()
    assert (item.kind, item.id) == ("plan", plan.id)
    workspace.plans.restore(item)
    assert workspace.plans.get(plan.id) == plan
    assert workspace.plans.summaries("thu")[0].id == plan.id
    assert workspace.plans.trash() == []


def test_duplicating_makes_next_years_draft(samples: Workspace) -> None:
    source = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    copy = samples.plans.duplicate(source.id, years=1)
    assert copy.id != source.id
    assert copy.status is PlanStatus.DRAFT
    assert copy.number is None
    assert copy.date is None
    assert [t.text for t in copy.tasks] == [t.text for t in source.tasks]
    assert not {t.id for t in copy.tasks} & {t.id for t in source.tasks}
    assert len(copy.assignments) == len(source.assignments)
    assert samples.plans.get(source.id) == source


def test_check_on_the_samples(samples: Workspace) -> None:
    phu_lac = samples.plans.check(samples.plans.get(sample_plan_id(samples, "phu_lac")))
    found = {(f.severity, f.place) for f in phu_lac}
    # The seed itself: issued without a number, an appendix dated 02/11 for a plan of 02/12,
    # and "Thứ Bảy, ngày 01/11/2026" (a Sunday).
    assert (Severity.ERROR, Place.HEADER) in found
    assert (Severity.ERROR, Place.APPENDICES) in found
    assert any("01/11/2026 là Chủ nhật" in f.message for f in phu_lac)
    kon_tum = samples.plans.check(samples.plans.get(sample_plan_id(samples, "kon_tum")))
    assert [f.severity for f in kon_tum] == [Severity.INFO]  # a numbered, complete plan


def test_a_copy_moves_its_own_year_not_the_dates_it_cites(samples: Workspace) -> None:
    kon_tum = samples.plans.get(sample_plan_id(samples, "kon_tum"))
    copy = samples.plans.duplicate(kon_tum.id)
    assert "ngày 30-01-2023" in copy.title
    assert copy.tasks[0].deadline.text == "hoàn thành trong quý II-2024"
    titled = dataclasses.replace(kon_tum, title="Kế hoạch ra quân năm 2026")
    samples.plans.save_edited(titled, kon_tum)
    assert samples.plans.duplicate(kon_tum.id).title == "Kế hoạch ra quân năm 2027"


def test_numbers_of_deleted_plans_stay_given_and_bodies_match_by_identity(
    workspace: Workspace,
) -> None:
    first = workspace.plans.issue(_draft(workspace).id, dt.date(2026, 1, 5))
    workspace.plans.delete(first.id)
    other = dataclasses.replace(_draft(workspace), issuer=Issuer("UỶ BAN NHÂN DÂN XÃ THỬ"))
    workspace.plans.save_edited(other, workspace.plans.get(other.id))
    assert workspace.plans.issue(other.id, dt.date(2026, 2, 1)).number == 2
    reopened = workspace.plans.reopen(other.id)
    assert workspace.plans.next_number(reopened, dt.date(2026, 2, 2)) == 2


def test_a_draft_archived_unissued_cannot_become_in_progress(workspace: Workspace) -> None:
    plan = _draft(workspace)
    workspace.plans.set_status(plan.id, PlanStatus.ARCHIVED)
    with pytest.raises(UserError, match="ban hành trước"):
        workspace.plans.set_status(plan.id, PlanStatus.IN_PROGRESS)


def test_find_plan_by_reference_id_and_prefix(samples: Workspace) -> None:
    kon_tum = sample_plan_id(samples, "kon_tum")
    assert samples.plans.find("95-KH/TU").id == kon_tum
    assert samples.plans.find(" 95-kh/tu ").id == kon_tum
    assert samples.plans.find(kon_tum).id == kon_tum
    assert samples.plans.find(kon_tum[:8]).id == kon_tum


@pytest.mark.parametrize(
    ("ref", "message"),
    [("", "Hãy cho biết"), ("99-KH/TU", "Không tìm thấy"), ("/KH-UBND", "Có 2 kế hoạch")],
)
def test_find_plan_explains_what_went_wrong(samples: Workspace, ref: str, message: str) -> None:
    with pytest.raises(NotFoundError, match=message):
        samples.plans.find(ref)


def _party_draft(ws: Workspace, doc_type: str = "KH") -> Plan:
    plan = dataclasses.replace(
        ws.plans.new(System.PARTY),
        issuer=Issuer("ĐẢNG ỦY XÃ THỬ", parent="ĐẢNG BỘ TỈNH THÁI NGUYÊN"),
        symbol=f"{doc_type}/ĐU",
        doc_type=doc_type,
        title="Kế hoạch thử của Đảng ủy",
    )
    return ws.plans.save_edited(plan, None)


def test_party_numbers_run_per_type_in_the_committee_term(workspace: Workspace) -> None:
    # Before a term is set the Party register runs by calendar year, as it used to.
    old = workspace.plans.issue(_party_draft(workspace).id, dt.date(2025, 11, 3))
    assert old.number == 1
    workspace.plans.set_party_term_start(dt.date(2025, 10, 15))
    assert workspace.plans.party_term_start() == dt.date(2025, 10, 15)
    # The term began before that number was given: it is kept and counted.
    assert workspace.plans.get(old.id).number == 1
    new_year = workspace.plans.issue(_party_draft(workspace).id, dt.date(2026, 1, 6))
    assert new_year.number == 2  # the run does not restart on 1 January
    report_type = workspace.plans.issue(_party_draft(workspace, "CTr").id, dt.date(2026, 1, 7))
    assert report_type.number == 1  # each type of document has its own run
    with pytest.raises(UserError, match=r"Số 02 \(nhiệm kỳ từ ngày 15/10/2025\) đã cấp"):
        workspace.plans.issue(_party_draft(workspace).id, dt.date(2026, 2, 1), number=2)
    # A Party document dated before the term belongs to the earlier one: its own year.
    earlier = workspace.plans.issue(_party_draft(workspace).id, dt.date(2025, 3, 1))
    assert earlier.number == 1
    # State plans keep their yearly register whatever the Party term.
    state = workspace.plans.issue(_draft(workspace).id, dt.date(2026, 1, 8))
    assert state.number == 1


def test_the_term_start_is_checked(workspace: Workspace) -> None:
    with pytest.raises(UserError, match="nhiệm kỳ"):
        workspace.plans.set_party_term_start(dt.date.today() + dt.timedelta(days=1))
    workspace.plans.set_party_term_start(None)
    assert workspace.plans.party_term_start() is None


def test_the_office_gives_new_plans_post_reform_headers(workspace: Workspace) -> None:
    from desktop_app.domain.office import PROVINCE_NAMES, UnitKind, new_office  # noqa: PLC0415

    assert len(PROVINCE_NAMES) == 34
    with pytest.raises(UserError, match="34 tỉnh"):
        new_office("Hà Tây", UnitKind.COMMUNE, "Phú Lạc")
    with pytest.raises(UserError, match="tên xã"):
        new_office("Thái Nguyên", UnitKind.COMMUNE, "  ")
    office = new_office("Thái Nguyên", UnitKind.COMMUNE, "xã Phú Lạc")
    workspace.plans.set_office(office)
    state = workspace.plans.new(System.STATE)
    assert state.issuer == Issuer("ỦY BAN NHÂN DÂN XÃ PHÚ LẠC")  # no district line
    assert state.symbol == "KH-UBND"
    assert state.place == "Phú Lạc"
    party = workspace.plans.new(System.PARTY)
    assert party.issuer == Issuer("ĐẢNG ỦY XÃ PHÚ LẠC", parent="ĐẢNG BỘ TỈNH THÁI NGUYÊN")
    assert party.symbol == "KH/ĐU"
    assert party.signature.authority == "T/M ĐẢNG ỦY"
    front = office.bodies[2]
    assert front.issuer.name == "ỦY BAN MTTQ VIỆT NAM XÃ PHÚ LẠC"
    city = new_office("Hà Nội", UnitKind.WARD, "Ba Đình")
    assert city.bodies[1].issuer == Issuer("ĐẢNG ỦY PHƯỜNG BA ĐÌNH", "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI")
    with pytest.raises(UserError, match="ký hiệu"):
        workspace.plans.set_office(
            dataclasses.replace(office, bodies=(dataclasses.replace(office.bodies[0], symbol=" "),))
        )


def test_the_samples_keep_their_headers_and_new_plans_get_the_reform_ones(
    samples: Workspace,
) -> None:
    kon_tum = samples.plans.get(sample_plan_id(samples, "kon_tum"))
    assert kon_tum.issuer.name == "TỈNH ỦY KON TUM"  # as it was issued
    assert samples.plans.new(System.PARTY).issuer.parent == "ĐẢNG BỘ TỈNH THÁI NGUYÊN"
    assert samples.plans.new(System.STATE).issuer.parent == ""
