import datetime as dt

import pytest

from desktop_app.domain.calendar import CalendarItem, ItemKind, ItemState
from desktop_app.domain.ids import PlanId
from desktop_app.domain.schedule import (
    DAY_PART_LABELS,
    DayPart,
    ScheduleEntry,
    WeeklySchedule,
    day_part,
    schedule_title,
    time_minutes,
    week_number,
    week_range_line,
    weekly_schedule,
)

PLAN = PlanId("plan-1")
MONDAY = dt.date(2026, 11, 30)


def event(
    day: dt.date,
    label: str,
    time: str | None = None,
    *,
    reference: str = "",
    place: str = "",
    who: str = "",
    participants: str = "",
) -> CalendarItem:
    return CalendarItem(
        day=day,
        kind=ItemKind.EVENT,
        label=label,
        plan_id=PLAN,
        plan_reference=reference,
        state=ItemState.DUE,
        who=who,
        time=time,
        place=place,
        participants=participants,
    )


def deadline(day: dt.date, label: str, *, reference: str = "", who: str = "") -> CalendarItem:
    return CalendarItem(
        day=day,
        kind=ItemKind.DEADLINE,
        label=label,
        plan_id=PLAN,
        plan_reference=reference,
        state=ItemState.DUE,
        who=who,
    )


def test_only_the_items_of_the_iso_week_are_kept() -> None:
    items = [
        event(dt.date(2026, 11, 29), "Chủ nhật tuần trước"),
        event(MONDAY, "Thứ Hai"),
        event(dt.date(2026, 12, 6), "Chủ nhật"),
        event(dt.date(2026, 12, 7), "Thứ Hai tuần sau"),
    ]
    schedule = weekly_schedule(items, dt.date(2026, 12, 3))
    assert schedule.monday == MONDAY
    assert [e.what for e in schedule.entries] == ["Thứ Hai", "Chủ nhật"]


def test_days_run_from_monday_to_sunday() -> None:
    days = weekly_schedule([], dt.date(2026, 12, 6)).days()
    assert days[0] == MONDAY
    assert days[-1] == dt.date(2026, 12, 6)
    assert len(days) == 7
    assert [d.weekday() for d in days] == list(range(7))


def test_a_schedule_must_start_on_a_monday() -> None:
    with pytest.raises(ValueError, match="not a Monday"):
        WeeklySchedule(monday=dt.date(2026, 12, 1))


@pytest.mark.parametrize(
    ("time", "part"),
    [
        ("07:30", DayPart.MORNING),
        ("11:59", DayPart.MORNING),
        ("12:00", DayPart.AFTERNOON),
        ("14:00", DayPart.AFTERNOON),
        ("7h30", DayPart.MORNING),
        ("14h", DayPart.AFTERNOON),
        (None, DayPart.MORNING),
        ("cả ngày", DayPart.MORNING),
    ],
)
def test_the_half_day_follows_the_time(time: str | None, part: DayPart) -> None:
    assert day_part(time) is part


def test_time_minutes_reads_the_usual_forms() -> None:
    assert time_minutes("07:30") == 450
    assert time_minutes("7:30") == 450
    assert time_minutes("13h15") == 795
    assert time_minutes("25:00") is None
    assert time_minutes("") is None
    assert time_minutes(None) is None


def test_an_event_keeps_its_place_lead_and_participants() -> None:
    item = event(
        MONDAY,
        "Giao ban UBND xã",
        "07:30",
        reference="12/KH-UBND",
        place="Hội trường UBND xã",
        who="Chủ tịch UBND xã",
        participants="Thành viên UBND xã",
    )
    (entry,) = weekly_schedule([item], MONDAY).entries
    assert entry == ScheduleEntry(
        day=MONDAY,
        part=DayPart.MORNING,
        time="07:30",
        what="Giao ban UBND xã (12/KH-UBND)",
        where="Hội trường UBND xã",
        lead="Chủ tịch UBND xã",
        participants="Thành viên UBND xã",
    )


def test_an_event_without_a_plan_reference_has_no_brackets() -> None:
    (entry,) = weekly_schedule([event(MONDAY, "Giao ban", "14:00")], MONDAY).entries
    assert entry.what == "Giao ban"
    assert entry.part is DayPart.AFTERNOON


def test_a_deadline_goes_to_the_morning_as_han() -> None:
    items = [
        deadline(
            dt.date(2026, 12, 5), "Báo cáo kết quả ra quân", reference="12/KH-UBND", who="Phòng KT"
        ),
        deadline(dt.date(2026, 12, 5), "Nộp danh sách"),
    ]
    first, second = weekly_schedule(items, MONDAY).entries
    assert first.what == "Hạn: Báo cáo kết quả ra quân (12/KH-UBND)"
    assert first.part is DayPart.MORNING
    assert first.time is None
    assert first.lead == "Phòng KT"
    assert first.where == ""
    assert second.what == "Hạn: Nộp danh sách"


def test_entries_sort_by_day_half_day_clock_time_then_text() -> None:
    friday = dt.date(2026, 12, 4)
    items = [
        event(friday, "Chiều", "14:00"),
        deadline(friday, "Hạn sáng"),
        event(friday, "Mười giờ", "10:00"),
        event(friday, "Bảy giờ rưỡi", "7:30"),
        event(MONDAY, "Thứ Hai", "15:00"),
        event(friday, "B cùng giờ", "10:00"),
    ]
    schedule = weekly_schedule(items, friday)
    assert [e.what for e in schedule.entries] == [
        "Thứ Hai",
        "Bảy giờ rưỡi",
        "B cùng giờ",
        "Mười giờ",
        "Hạn: Hạn sáng",
        "Chiều",
    ]
    assert [e.what for e in schedule.entries_on(friday, DayPart.AFTERNOON)] == ["Chiều"]
    assert schedule.entries_on(dt.date(2026, 12, 2), DayPart.MORNING) == ()


def test_week_number_and_title() -> None:
    monday = dt.date(2026, 11, 23)
    assert week_number(monday) == 48
    assert schedule_title(monday) == (
        "LỊCH CÔNG TÁC TUẦN 48 (Từ ngày 23/11/2026 đến ngày 29/11/2026)"
    )


def test_the_title_pads_days_and_months_and_crosses_the_year() -> None:
    monday = dt.date(2026, 12, 28)
    assert week_number(monday) == 53
    assert week_range_line(monday) == "(Từ ngày 28/12/2026 đến ngày 03/01/2027)"
    assert week_number(dt.date(2027, 1, 4)) == 1


def test_day_part_labels_are_vietnamese() -> None:
    assert DAY_PART_LABELS == {DayPart.MORNING: "Sáng", DayPart.AFTERNOON: "Chiều"}
