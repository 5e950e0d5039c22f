"""The weekly work schedule (Lịch công tác tuần): a week's calendar items by day and half-day."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from desktop_app.domain.calendar import CalendarItem, ItemKind, parse_time
from desktop_app.domain.registry import Registry
from desktop_app.domain.text import natural_sort_bytes


class DayPart(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"


DAY_PART_LABELS: Registry[DayPart, str] = Registry(
    DayPart,
    {DayPart.MORNING: "Sáng", DayPart.AFTERNOON: "Chiều"},
    "day part labels",
)

_PART_ORDER: Registry[DayPart, int] = Registry(
    DayPart,
    {DayPart.MORNING: 0, DayPart.AFTERNOON: 1},
    "day part order",
)
_NOON = 12 * 60

DEADLINE_PREFIX = "Hạn: "


@dataclass(frozen=True)
class ScheduleEntry:
    """One line of the schedule.

    Attributes:
        time: "07:30" as the item gave it, or None (deadlines, events without a time).
        what: the work ("Giao ban UBND xã (12/KH-UBND)", "Hạn: Báo cáo ...").
        where: the place, "" when none is known.
        lead: who leads it (chủ trì).
        participants: who takes part (thành phần tham gia).
    """

    day: dt.date
    part: DayPart
    time: str | None
    what: str
    where: str = ""
    lead: str = ""
    participants: str = ""


@dataclass(frozen=True)
class WeeklySchedule:
    """The entries of one ISO week, Monday to Sunday, in the order they are printed.

    Raises:
        ValueError: when ``monday`` is not a Monday.
    """

    monday: dt.date
    entries: tuple[ScheduleEntry, ...] = ()

    def __post_init__(self) -> None:
        if self.monday.weekday() != 0:
            raise ValueError(f"{self.monday.isoformat()} is not a Monday")

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    def days(self) -> tuple[dt.date, ...]:
        """Monday to Sunday of the week."""
        return tuple(self.monday + dt.timedelta(days=d) for d in range(7))

    def entries_on(self, day: dt.date, part: DayPart) -> tuple[ScheduleEntry, ...]:
        """The entries of one half-day, in print order."""
        return tuple(e for e in self.entries if e.day == day and e.part is part)


def monday_of(day: dt.date) -> dt.date:
    """The Monday of the ISO week that holds ``day``."""
    return day - dt.timedelta(days=day.weekday())


def time_minutes(time: str | None) -> int | None:
    """Minutes after midnight of "07:30", "7:30", "7h30" or "14h"; None if absent or unreadable."""
    parsed = parse_time(time)
    return None if parsed is None else parsed.hour * 60 + parsed.minute


def day_part(time: str | None) -> DayPart:
    """Morning before 12:00, afternoon from 12:00; no (readable) time counts as morning."""
    minutes = time_minutes(time)
    return DayPart.AFTERNOON if minutes is not None and minutes >= _NOON else DayPart.MORNING


def _with_reference(label: str, reference: str) -> str:
    return f"{label} ({reference})" if reference.strip() else label


def schedule_entry(item: CalendarItem) -> ScheduleEntry:
    """How one calendar item is written in the schedule."""
    if item.kind is ItemKind.DEADLINE:
        return ScheduleEntry(
            day=item.day,
            part=DayPart.MORNING,
            time=None,
            what=DEADLINE_PREFIX + _with_reference(item.label, item.plan_reference),
            lead=item.who,
        )
    return ScheduleEntry(
        day=item.day,
        part=day_part(item.time),
        time=item.time,
        what=_with_reference(item.label, item.plan_reference),
        where=item.place,
        lead=item.who,
        participants=item.participants,
    )


def _sort_key(entry: ScheduleEntry) -> tuple[dt.date, int, int, bytes]:
    # Timed entries first, in clock order; untimed ones (deadlines) close the half-day.
    minutes = time_minutes(entry.time)
    untimed = 24 * 60
    text = natural_sort_bytes(entry.what)
    return (entry.day, _PART_ORDER[entry.part], untimed if minutes is None else minutes, text)


def weekly_schedule(items: Iterable[CalendarItem], any_day_of_week: dt.date) -> WeeklySchedule:
    """The schedule of the ISO week holding ``any_day_of_week``, from the calendar items.

    Items outside that week are left out. Events go to the morning when their time is before
    12:00 or missing, to the afternoon otherwise; deadlines go to the morning as "Hạn: ...".
    Within a half-day, timed entries come first in clock order, then the untimed ones; equal
    times go in Vietnamese alphabetical order of the text ("Đợt 2" before "Đợt 10").
    """
    monday = monday_of(any_day_of_week)
    sunday = monday + dt.timedelta(days=6)
    entries = [schedule_entry(i) for i in items if monday <= i.day <= sunday]
    return WeeklySchedule(monday=monday, entries=tuple(sorted(entries, key=_sort_key)))


def week_number(monday: dt.date) -> int:
    """The ISO week number (1-53) of the week starting on ``monday``."""
    return monday.isocalendar().week


def short_date(day: dt.date) -> str:
    """Return "05/12/2026": day and month always on two digits."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def schedule_heading(monday: dt.date) -> str:
    """Return "LỊCH CÔNG TÁC TUẦN 48"."""
    return f"LỊCH CÔNG TÁC TUẦN {week_number(monday)}"


def week_range_line(monday: dt.date) -> str:
    """Return "(Từ ngày 23/11/2026 đến ngày 29/11/2026)"."""
    sunday = monday + dt.timedelta(days=6)
    return f"(Từ ngày {short_date(monday)} đến ngày {short_date(sunday)})"


def schedule_title(monday: dt.date) -> str:
    """Return "LỊCH CÔNG TÁC TUẦN 48 (Từ ngày 23/11/2026 đến ngày 29/11/2026)"."""
    return f"{schedule_heading(monday)} {week_range_line(monday)}"
