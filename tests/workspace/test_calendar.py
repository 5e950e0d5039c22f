"""The calendar use cases on the five sample plans, through the workspace (no Qt)."""

import datetime as dt

import pytest

from desktop_app.domain.calendar import ItemKind, ItemState
from desktop_app.domain.errors import UserError
from desktop_app.domain.holidays import OfficeDayKind
from desktop_app.workspace import Workspace
from tests.conftest import sample_plan_id

D = dt.date


def test_the_december_2026_agenda_lists_the_campaign_day_and_the_monthly_reports(
    samples: Workspace,
) -> None:
    items = samples.calendar.items(D(2026, 12, 1), D(2026, 12, 31), D(2026, 11, 23))
    events = [(i.day, i.label) for i in items if i.kind is ItemKind.EVENT]
    assert (D(2026, 12, 5), "Đợt 13") in events
    deadlines = sorted((i.day, i.detail) for i in items if i.kind is ItemKind.DEADLINE)
    assert (D(2026, 12, 5), "trước ngày 05 hàng tháng") in deadlines
    assert (D(2026, 12, 10), "trước ngày 10 hàng tháng") in deadlines
    assert all(i.occurrence_id for i in items if i.detail.endswith("hàng tháng"))


def test_one_occurrence_is_done_while_the_next_is_still_due(samples: Workspace) -> None:
    today = D(2026, 12, 20)
    items = samples.calendar.items(D(2026, 11, 1), D(2026, 12, 31), today)
    reports = sorted(
        (i for i in items if i.detail == "trước ngày 05 hàng tháng"), key=lambda i: i.day
    )
    assert [i.day for i in reports] == [D(2026, 11, 5), D(2026, 12, 5)]
    assert all(i.state is ItemState.OVERDUE for i in reports)
    samples.calendar.set_done(reports[0])
    again = samples.calendar.items(D(2026, 11, 1), D(2026, 12, 31), today)
    states = {i.day: i.state for i in again if i.detail == "trước ngày 05 hàng tháng"}
    assert states == {D(2026, 11, 5): ItemState.DONE, D(2026, 12, 5): ItemState.OVERDUE}
    samples.calendar.set_done(reports[0], done=False)
    assert samples.store.history_count("occurrences", reports[0].occurrence_id) == 2


def test_filters_by_unit_and_by_hamlet(samples: Workspace) -> None:
    kinh_te = next(u for u in samples.directory.units() if u.name == "Phòng Kinh tế")
    items = samples.calendar.items(
        D(2026, 12, 1), D(2026, 12, 31), D(2026, 11, 23), unit_id=kinh_te.id
    )
    assert {i.detail for i in items if i.kind is ItemKind.DEADLINE} <= {
        "trước ngày 05 hàng tháng",
        "trước ngày 10 hàng tháng",
    }
    assert any(i.detail == "trước ngày 10 hàng tháng" for i in items)
    dong_vong = next(h for h in samples.directory.hamlets("dong vong"))
    by_hamlet = samples.calendar.items(
        D(2026, 12, 1), D(2026, 12, 31), D(2026, 11, 23), hamlet_id=dong_vong.id
    )
    assert {i.plan_id for i in by_hamlet} == {sample_plan_id(samples, "phu_lac")}
    assert any(i.label == "Đợt 13" for i in by_hamlet)


def test_office_days_off_join_the_public_holidays(workspace: Workspace) -> None:
    day = workspace.calendar.save_office_day(D(2026, 2, 21), OfficeDayKind.OFF, "  Nghỉ bù Tết  ")
    workspace.calendar.save_office_day(D(2026, 4, 27), OfficeDayKind.WORKDAY, "Làm bù")
    off = workspace.calendar.days_off(D(2026, 1, 1), D(2026, 12, 31))
    assert off[D(2026, 2, 21)] == "Nghỉ bù Tết"
    assert off[D(2026, 2, 17)] == "Tết Nguyên Đán"
    assert D(2026, 4, 27) not in off
    with pytest.raises(UserError, match="đã có trong danh sách"):
        workspace.calendar.save_office_day(D(2026, 2, 21), OfficeDayKind.OFF, "Trùng")
    with pytest.raises(UserError, match="lý do"):
        workspace.calendar.save_office_day(D(2026, 3, 2), OfficeDayKind.OFF, "")
    workspace.calendar.delete_office_day(day.id)
    assert D(2026, 2, 21) not in workspace.calendar.days_off(D(2026, 1, 1), D(2026, 12, 31))


def test_a_campaign_rule_is_added_and_one_day_moved_off_a_holiday(samples: Workspace) -> None:
    pid = sample_plan_id(samples, "nhu_khe")
    plan = samples.calendar.add_event_rule(
        pid,
        "ngày 02 hằng tháng, từ tháng 8/2026 đến hết tháng 10/2026",
        label_pattern="Lần {n}",
        place="Nhà văn hóa xóm",
    )
    assert [e.label for e in plan.events] == ["Lần 1", "Lần 2", "Lần 3"]
    findings = samples.plans.check(plan)
    assert any("Quốc khánh" in f.message for f in findings)
    national_day = next(e for e in plan.events if e.date == D(2026, 9, 2))
    moved = samples.calendar.move_event(pid, national_day.id, D(2026, 9, 3), "Dời vì Quốc khánh.")
    assert not any("Quốc khánh" in f.message for f in samples.plans.check(moved))
    # Adding the same rule again regenerates it and keeps the move.
    again = samples.calendar.add_event_rule(
        pid, "ngày 02 hằng tháng, từ tháng 8/2026 đến hết tháng 10/2026", label_pattern="Lần {n}"
    )
    assert [e.date for e in again.events] == [D(2026, 8, 2), D(2026, 9, 3), D(2026, 10, 2)]
    assert len(again.event_rules) == 1


def test_the_phu_lac_weekday_mistake_is_found(samples: Workspace) -> None:
    plan = samples.plans.get(sample_plan_id(samples, "phu_lac"))
    messages = [f.message for f in samples.plans.check(plan)]
    assert "Văn bản ghi “Thứ Bảy, ngày 01/11/2026” nhưng 01/11/2026 là Chủ nhật." in messages


def test_the_startup_message_counts_overdue_and_this_week(samples: Workspace) -> None:
    message = samples.calendar.startup_message(D(2026, 11, 23))
    overdue = len(samples.calendar.agenda(today=D(2026, 11, 23)).overdue)
    # With its window, so it does not read as a contradiction of the overview's whole count.
    assert message.startswith(f"Hiện có {overdue} việc đã quá hạn trong 12 tháng qua")


def test_agenda_on_a_day_of_the_campaign(samples: Workspace) -> None:
    agenda = samples.calendar.agenda(today=dt.date(2026, 11, 30))
    assert any(i.label == "Đợt 13" for i in agenda.this_week + agenda.next_30_days)
    assert any(i.day == dt.date(2026, 11, 10) for i in agenda.overdue)
    assert all(i.day < dt.date(2026, 11, 30) for i in agenda.overdue)
