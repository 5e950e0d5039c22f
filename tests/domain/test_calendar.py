import datetime as dt

import pytest

from desktop_app.domain.calendar import (
    CalendarItem,
    ItemKind,
    ItemState,
    by_day,
    item_order,
    parse_time,
)
from desktop_app.domain.ids import PlanId
from desktop_app.domain.schedule import DayPart, day_part

D = dt.date(2026, 12, 5)


def _event(label: str, time: str | None) -> CalendarItem:
    return CalendarItem(D, ItemKind.EVENT, label, PlanId("p"), "", ItemState.DUE, time=time)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07:30", dt.time(7, 30)),
        ("7h30", dt.time(7, 30)),
        ("7.30", dt.time(7, 30)),
        ("14h", dt.time(14, 0)),
        ("14g", dt.time(14, 0)),
        ("8 giờ 15", dt.time(8, 15)),
        ("25:00", None),
        ("sáng", None),
        ("", None),
        (None, None),
    ],
)
def test_every_way_the_plans_write_a_time(text: str | None, expected: dt.time | None) -> None:
    assert parse_time(text) == expected


def test_a_day_lists_events_by_clock_then_untimed_ones_then_deadlines() -> None:
    deadline = CalendarItem(D, ItemKind.DEADLINE, "A báo cáo", PlanId("p"), "", ItemState.DUE)
    items = [
        deadline,
        _event("Họp chiều", "14g"),
        _event("Ra quân", None),
        _event("Giao ban", "7.30"),
    ]
    assert [i.label for i in by_day(items)[D]] == ["Giao ban", "Họp chiều", "Ra quân", "A báo cáo"]
    assert sorted(items, key=item_order) == by_day(items)[D]


def test_the_weekly_schedule_reads_the_same_times() -> None:
    assert day_part("14g") is DayPart.AFTERNOON
    assert day_part("8 giờ 15") is DayPart.MORNING


def test_a_before_deadline_is_not_overdue_on_its_own_day() -> None:
    from desktop_app.domain.calendar import ItemState, deadline_state  # noqa: PLC0415

    tenth = dt.date(2026, 7, 10)
    # "trước ngày 10" sits in the 10th's cell: on that day it is still due, late from the 11th.
    assert deadline_state(tenth, False, tenth) is ItemState.DUE
    assert deadline_state(tenth, False, tenth + dt.timedelta(days=1)) is ItemState.OVERDUE
    assert deadline_state(tenth, True, tenth + dt.timedelta(days=5)) is ItemState.DONE
