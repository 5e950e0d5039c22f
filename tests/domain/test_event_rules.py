import datetime as dt

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.event_rules import (
    event_label,
    generate_events,
    move_event,
    parse_event_rule,
    rule_dates,
)
from desktop_app.domain.ids import EventRuleId
from desktop_app.domain.plans import EventRule

D = dt.date
PHU_LAC = "ngày thứ 7 đầu tiên của tháng, từ tháng 12/2025 đến hết tháng 12/2026"
PHU_LAC_DAYS = [
    D(2025, 12, 6),
    D(2026, 1, 3),
    D(2026, 2, 7),
    D(2026, 3, 7),
    D(2026, 4, 4),
    D(2026, 5, 2),
    D(2026, 6, 6),
    D(2026, 7, 4),
    D(2026, 8, 1),
    D(2026, 9, 5),
    D(2026, 10, 3),
    D(2026, 11, 7),
    D(2026, 12, 5),
]


def _rule(text: str) -> EventRule:
    spec = parse_event_rule(text)
    return EventRule(EventRuleId("r1"), text, spec.rrule, spec.start, "Đợt {n}")


def test_the_phu_lac_campaign_rule_yields_its_13_saturdays() -> None:
    spec = parse_event_rule(PHU_LAC)
    assert spec.rrule == "FREQ=MONTHLY;BYDAY=1SA;UNTIL=20261231"
    assert spec.start == D(2025, 12, 1)
    days = rule_dates(_rule(PHU_LAC))
    assert days == PHU_LAC_DAYS
    assert all(d.weekday() == 5 for d in days)


@pytest.mark.parametrize(
    ("text", "rrule", "first"),
    [
        (
            "Ngày thứ Bảy đầu tiên của tháng, từ tháng 12/2025 đến hết tháng 12/2026",
            "FREQ=MONTHLY;BYDAY=1SA;UNTIL=20261231",
            D(2025, 12, 6),
        ),
        (
            "Chủ nhật cuối cùng của tháng, từ tháng 1/2026 đến tháng 6/2026",
            "FREQ=MONTHLY;BYDAY=-1SU;UNTIL=20260630",
            D(2026, 1, 25),
        ),
        (
            "thứ Hai hằng tuần, từ ngày 05/01/2026 đến ngày 29/6/2026",
            "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260629",
            D(2026, 1, 5),
        ),
        (
            "ngày 15 hằng tháng (từ tháng 3/2026 đến hết tháng 5/2026)",
            "FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20260531",
            D(2026, 3, 15),
        ),
    ],
)
def test_rule_wordings(text: str, rrule: str, first: D) -> None:
    spec = parse_event_rule(text)
    assert spec.rrule == rrule
    assert rule_dates(_rule(text))[0] == first


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ngày thứ 7 đầu tiên của tháng", "chưa có thời gian"),
        ("thỉnh thoảng, từ tháng 1/2026 đến tháng 2/2026", "Chưa hiểu"),
        ("thứ Hai hằng tuần, từ tháng 6/2026 đến tháng 1/2026", "đứng trước"),
        ("ngày 40 hằng tháng, từ tháng 1/2026 đến tháng 2/2026", "không có"),
        ("thứ Hai hằng tuần, từ ngày 31/02/2026 đến ngày 29/6/2026", "không có thật"),
    ],
)
def test_rules_that_cannot_be_read_say_why(text: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        parse_event_rule(text)


def test_generated_events_are_labelled_and_have_stable_ids() -> None:
    rule = _rule(PHU_LAC)
    events = generate_events(rule, (), place="Các xóm trên địa bàn xã")
    assert [e.label for e in events][:3] == ["Đợt 1", "Đợt 2", "Đợt 3"]
    assert events[-1].label == "Đợt 13"
    assert all(e.all_hamlets and e.rule_date == e.date for e in events)
    assert [e.id for e in generate_events(rule, ())] == [e.id for e in events]


def test_one_moved_occurrence_survives_regenerating_the_rule() -> None:
    rule = _rule(PHU_LAC)
    events = list(generate_events(rule, ()))
    # 05/09/2026 is right after Quốc khánh; the commune moves Đợt 10 a week on.
    events[9] = move_event(events[9], D(2026, 9, 12), "Dời vì nghỉ lễ Quốc khánh.")
    again = generate_events(rule, events)
    moved = [e for e in again if e.moved]
    assert len(moved) == 1
    assert moved[0].label == "Đợt 10"
    assert moved[0].date == D(2026, 9, 12)
    assert moved[0].rule_date == D(2026, 9, 5)
    assert "Quốc khánh" in moved[0].note
    assert len(again) == 13


def test_shortening_a_rule_drops_the_days_it_no_longer_gives() -> None:
    rule = _rule(PHU_LAC)
    events = generate_events(rule, ())
    shorter = _rule("ngày thứ 7 đầu tiên của tháng, từ tháng 12/2025 đến hết tháng 6/2026")
    again = generate_events(shorter, events)
    assert len(again) == 7
    assert [e.id for e in again] == [e.id for e in events[:7]]


def test_label_patterns() -> None:
    assert event_label("Đợt {n}", 3) == "Đợt 3"
    assert event_label("Lần", 2) == "Lần 2"
    assert event_label("", 1) == "Đợt 1"
