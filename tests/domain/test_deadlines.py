import datetime as dt

import pytest

from desktop_app.domain.deadlines import Deadline, DeadlineKind, parse_day
from desktop_app.domain.errors import UserError

D = dt.date


@pytest.mark.parametrize(
    ("deadline", "period"),
    [
        (Deadline(DeadlineKind.DATE, on=D(2026, 6, 25)), (D(2026, 6, 25), D(2026, 6, 25))),
        (Deadline(DeadlineKind.MONTH, year=2024, month=6), (D(2024, 6, 1), D(2024, 6, 30))),
        (Deadline(DeadlineKind.MONTH, year=2024, month=2), (D(2024, 2, 1), D(2024, 2, 29))),
        (Deadline(DeadlineKind.QUARTER, year=2023, quarter=2), (D(2023, 4, 1), D(2023, 6, 30))),
        (Deadline(DeadlineKind.YEAR, year=2025), (D(2025, 1, 1), D(2025, 12, 31))),
        (Deadline(DeadlineKind.ONGOING), None),
        (Deadline(), None),
    ],
)
def test_period_and_due_date(deadline: Deadline, period: tuple[D, D] | None) -> None:
    assert deadline.period() == period
    assert deadline.due_date() == (period[1] if period else None)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": DeadlineKind.DATE},
        {"kind": DeadlineKind.MONTH, "year": 2024, "month": 13},
        {"kind": DeadlineKind.QUARTER, "year": 2024, "quarter": 5},
        {"kind": DeadlineKind.YEAR},
        {"kind": DeadlineKind.RECURRING},
        {"kind": DeadlineKind.RECURRING, "rrule": "FREQ=SOMETIMES"},
    ],
)
def test_inconsistent_deadlines_are_refused_in_vietnamese(kwargs: dict[str, object]) -> None:
    with pytest.raises(UserError) as err:
        Deadline(**kwargs)  # type: ignore[arg-type]
    assert "thời hạn" in err.value.message.lower() or "quy tắc" in err.value.message.lower()


def test_monthly_report_before_the_fifth_gives_one_occurrence_per_campaign() -> None:
    d = Deadline(
        DeadlineKind.RECURRING,
        text="trước ngày 05 hàng tháng",
        rrule="FREQ=MONTHLY;BYMONTHDAY=5;UNTIL=20270105",
        start=D(2026, 1, 1),
        before=True,
    )
    days = d.occurrences(default_start=None)
    assert len(days) == 13
    assert days[0] == D(2026, 1, 5)
    assert days[-1] == D(2027, 1, 5)
    assert not d.is_open_ended()


def test_the_29th_falls_back_to_the_28th_in_february() -> None:
    d = Deadline(
        DeadlineKind.RECURRING,
        rrule="FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1",
        start=D(2026, 1, 1),
    )
    days = d.occurrences(None, window=(D(2026, 1, 1), D(2026, 3, 31)))
    assert days == [D(2026, 1, 29), D(2026, 2, 28), D(2026, 3, 29)]


def test_open_ended_rule_uses_plan_date_and_stops_at_horizon() -> None:
    d = Deadline(DeadlineKind.RECURRING, rrule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25")
    assert d.is_open_ended()
    assert d.occurrences(default_start=None) == []
    days = d.occurrences(default_start=D(2023, 5, 22))
    assert days[0] == D(2023, 12, 25)
    assert len(days) == 10


def test_before_the_named_day_it_is_late_from_the_next_day() -> None:
    # Issue 21: "trước ngày 10" was marked overdue on the 10th itself; offices take the 10th
    # as the last day, and the calendar, the boards and the sheets must say the same.
    d = Deadline(DeadlineKind.DATE, on=D(2026, 6, 25), before=True)
    assert not d.is_overdue(D(2026, 6, 25), D(2026, 6, 24))
    assert not d.is_overdue(D(2026, 6, 25), D(2026, 6, 25))
    assert d.is_overdue(D(2026, 6, 25), D(2026, 6, 26))
    plain = Deadline(DeadlineKind.DATE, on=D(2026, 6, 25))
    assert not plain.is_overdue(D(2026, 6, 25), D(2026, 6, 25))


def test_summary_prefers_the_plans_own_wording() -> None:
    assert Deadline(DeadlineKind.ONGOING, text="thường xuyên").summary() == "thường xuyên"
    assert Deadline(DeadlineKind.QUARTER, year=2023, quarter=2).summary() == "trong quý II-2023"
    assert Deadline(DeadlineKind.DATE, on=D(2024, 7, 3), before=True).summary() == (
        "trước ngày 03/7/2024"  # as seed 004 writes it
    )


@pytest.mark.parametrize("typed", ["05/12/9999", "1/1/1899", "2101-01-01", "31/12/0201"])
def test_a_typed_day_outside_1900_2100_is_refused(typed: str) -> None:
    """Issue 22: years outside 1900–2100 are refused where they are typed."""
    with pytest.raises(UserError, match="1900–2100"):
        parse_day(typed, "ký")


def test_the_ends_of_the_year_range_are_days() -> None:
    assert parse_day("01/01/1900") == dt.date(1900, 1, 1)
    assert parse_day("2100-12-31") == dt.date(2100, 12, 31)
