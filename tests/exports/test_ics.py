import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from icalendar import Alarm, Calendar, Event

from desktop_app.domain.calendar import CalendarItem, ItemKind, ItemState, parse_time
from desktop_app.domain.ids import PlanId
from desktop_app.exports import ics
from desktop_app.exports.ics import ICT, build_calendar, item_uid, write_ics

PLAN = PlanId("a" * 32)
NOW = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)

CAMPAIGN = CalendarItem(
    day=dt.date(2026, 12, 5),
    kind=ItemKind.EVENT,
    label="Đợt 13 – ra quân NTM",
    plan_id=PLAN,
    plan_reference="12/KH-UBND",
    state=ItemState.DUE,
    detail="Nhà văn hóa thôn Đông",
    object_id="e" * 32,
    time="07:30",
    place="Nhà văn hóa thôn Đông",
    participants="Đoàn Thanh niên, Hội Phụ nữ",
)
MEETING = CalendarItem(
    day=dt.date(2026, 12, 18),
    kind=ItemKind.EVENT,
    label="Kiểm tra thực tế tại thôn Đông",
    plan_id=PLAN,
    plan_reference="12/KH-UBND",
    state=ItemState.DUE,
    object_id="f" * 32,
)
REPORT = CalendarItem(
    day=dt.date(2026, 12, 10),
    kind=ItemKind.DEADLINE,
    label="Báo cáo kết quả thực hiện tháng",
    plan_id=PLAN,
    plan_reference="12/KH-UBND",
    state=ItemState.DUE,
    detail="Trước ngày 10 hằng tháng",
    object_id="t" * 32,
    who="Văn phòng HĐND-UBND",
    occurrence_id="o" * 32,
)
HOLIDAYS = {dt.date(2027, 1, 1): "Tết Dương lịch"}


def _read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def _events(cal: Calendar) -> dict[str, Event]:
    return {e.uid: e for e in cal.events}


def _alarms(event: Event) -> list[Alarm]:
    return [c for c in event.subcomponents if isinstance(c, Alarm)]


def _export(tmp_path: Path, name: str = "lich.ics", now: dt.datetime = NOW) -> Calendar:
    path = write_ics(
        [CAMPAIGN, MEETING, REPORT],
        tmp_path / name,
        office="UBND xã Phú Lạc",
        holidays=HOLIDAYS,
        now=now,
    )
    return _read(path)


def test_one_vevent_per_item_and_per_holiday(tmp_path: Path) -> None:
    cal = _export(tmp_path)
    assert len(cal.events) == 4
    assert cal.prodid == "-//Sổ theo dõi Kế hoạch//VI"
    assert cal.version == "2.0"
    assert cal.calendar_name == "Lịch công tác UBND xã Phú Lạc"
    assert [p.name for p in tmp_path.iterdir()] == ["lich.ics"]


def test_vietnamese_summaries_round_trip(tmp_path: Path) -> None:
    events = _events(_export(tmp_path))
    campaign = events[item_uid(CAMPAIGN)]
    assert campaign.summary == "Đợt 13 – ra quân NTM (12/KH-UBND)"
    assert campaign.location == "Nhà văn hóa thôn Đông"
    assert campaign.description == "Tham gia: Đoàn Thanh niên, Hội Phụ nữ"
    report = events[item_uid(REPORT)]
    assert report.summary == "Hạn: Báo cáo kết quả thực hiện tháng"
    description = str(report.description).split("\n")
    assert description == [
        "Trước ngày 10 hằng tháng",
        "Kế hoạch: 12/KH-UBND",
        "Chủ trì: Văn phòng HĐND-UBND",
        "Trạng thái: Sắp đến hạn",
    ]


def test_timed_event_is_in_vietnam_time_with_a_vtimezone(tmp_path: Path) -> None:
    cal = _export(tmp_path)
    campaign = _events(cal)[item_uid(CAMPAIGN)]
    start, end = campaign.start, campaign.end
    assert isinstance(start, dt.datetime)
    assert start == dt.datetime(2026, 12, 5, 7, 30, tzinfo=ICT)
    assert end - start == dt.timedelta(hours=2)
    assert str(start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert [tz.tz_name for tz in cal.timezones] == ["Asia/Ho_Chi_Minh"]
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20261205T073000" in cal.to_ical()


def test_deadlines_and_events_without_time_are_all_day(tmp_path: Path) -> None:
    cal = _export(tmp_path)
    events = _events(cal)
    for item in (REPORT, MEETING):
        event = events[item_uid(item)]
        assert not isinstance(event.start, dt.datetime)
        assert (event.start, event.end) == (item.day, item.day + dt.timedelta(days=1))
        assert f"DTSTART;VALUE=DATE:{item.day:%Y%m%d}".encode() in event.to_ical()
        assert event.transparency == "TRANSPARENT"


def test_uids_are_deterministic_across_exports(tmp_path: Path) -> None:
    first = _export(tmp_path, "a.ics", NOW)
    second = _export(tmp_path, "b.ics", NOW + dt.timedelta(days=3))
    assert set(_events(first)) == set(_events(second))
    assert set(_events(first)) == {
        f"{'e' * 32}-2026-12-05@so-ke-hoach",
        f"{'f' * 32}-2026-12-18@so-ke-hoach",
        f"{'o' * 32}-2026-12-10@so-ke-hoach",  # the occurrence, not the task
        "le-2027-01-01@so-ke-hoach",
    }
    stamps = {e.DTSTAMP for e in second.events}
    assert stamps == {NOW + dt.timedelta(days=3)}


def test_an_item_passed_twice_is_exported_once() -> None:
    cal = build_calendar([REPORT, REPORT], now=NOW)
    assert len(cal.events) == 1


def test_an_event_with_nothing_to_describe_has_no_description() -> None:
    event = build_calendar([MEETING], now=NOW).events[0]
    assert "DESCRIPTION" not in event
    assert event.location is None


def test_holidays_are_all_day_events_in_their_category(tmp_path: Path) -> None:
    holiday = _events(_export(tmp_path))["le-2027-01-01@so-ke-hoach"]
    assert holiday.summary == "Tết Dương lịch"
    assert (holiday.start, holiday.end) == (dt.date(2027, 1, 1), dt.date(2027, 1, 2))
    assert holiday.categories == ["Ngày lễ"]
    assert _alarms(holiday) == []


def test_reminders_come_the_day_before_and_only_when_still_ahead() -> None:
    overdue = CalendarItem(
        day=dt.date(2026, 11, 5),
        kind=ItemKind.DEADLINE,
        label="Báo cáo tháng 10",
        plan_id=PLAN,
        plan_reference="12/KH-UBND",
        state=ItemState.OVERDUE,
        object_id="1" * 32,
    )
    done = CalendarItem(
        day=dt.date(2026, 12, 20),
        kind=ItemKind.DEADLINE,
        label="Đã nộp sớm",
        plan_id=PLAN,
        plan_reference="12/KH-UBND",
        state=ItemState.DONE,
        object_id="2" * 32,
    )
    events = _events(build_calendar([CAMPAIGN, REPORT, overdue, done], now=NOW))

    def triggers(item: CalendarItem) -> list[dt.timedelta | dt.datetime | None]:
        return [a.TRIGGER for a in _alarms(events[item_uid(item)])]

    assert triggers(CAMPAIGN) == [dt.timedelta(days=-1)]
    assert triggers(REPORT) == [dt.timedelta(hours=-17)]  # 07:00 the day before
    assert triggers(overdue) == []
    assert triggers(done) == []
    alarm = _alarms(events[item_uid(REPORT)])[0]
    assert alarm.ACTION == "DISPLAY"
    assert alarm.description == "Nhắc: Hạn: Báo cáo kết quả thực hiện tháng"


def test_without_the_zone_database_times_are_written_in_utc() -> None:
    cal = build_calendar([CAMPAIGN], now=NOW, tz=ICT)
    assert cal.events[0].start == dt.datetime(2026, 12, 5, 0, 30, tzinfo=dt.UTC)
    assert b"DTSTART:20261205T003000Z" in cal.to_ical()
    assert cal.timezones == []


def test_an_unreadable_time_makes_an_all_day_event_that_keeps_the_text() -> None:
    item = CalendarItem(
        day=dt.date(2026, 12, 6),
        kind=ItemKind.EVENT,
        label="Họp dân",
        plan_id=PLAN,
        plan_reference="",
        state=ItemState.DUE,
        object_id="3" * 32,
        time="sáng sớm",
    )
    event = build_calendar([item], now=NOW).events[0]
    assert event.start == dt.date(2026, 12, 6)
    assert event.summary == "Họp dân"  # no empty "()" for a plan without number
    assert event.description == "Giờ: sáng sớm"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07:30", dt.time(7, 30)),
        ("7h30", dt.time(7, 30)),
        ("14h", dt.time(14, 0)),
        ("8 giờ 15", dt.time(8, 15)),
        ("25:00", None),
        ("", None),
        (None, None),
        ("chiều", None),
    ],
)
def test_parse_time(text: str | None, expected: dt.time | None) -> None:
    assert parse_time(text) == expected


def test_the_office_name_is_optional() -> None:
    cal = build_calendar([], now=NOW)
    assert cal.calendar_name == "Lịch công tác"
    assert cal.events == []


def test_without_tzdata_the_zone_falls_back_to_a_fixed_utc_plus_7(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing(key: str) -> dt.tzinfo:
        raise zoneinfo.ZoneInfoNotFoundError(key)

    assert str(ics.vietnam_tz()) == "Asia/Ho_Chi_Minh"
    monkeypatch.setattr(zoneinfo, "ZoneInfo", missing)
    assert ics.vietnam_tz() is ICT


def test_a_summary_is_one_line() -> None:
    item = CalendarItem(
        day=dt.date(2026, 12, 7),
        kind=ItemKind.DEADLINE,
        label="Báo cáo\nsơ kết\x0b quý IV",
        plan_id=PLAN,
        plan_reference="",
        state=ItemState.DUE,
        object_id="4" * 32,
    )
    assert build_calendar([item], now=NOW).events[0].summary == "Hạn: Báo cáo sơ kết quý IV"
