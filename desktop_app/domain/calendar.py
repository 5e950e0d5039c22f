"""What falls on which day: events and deadlines of the plans, as calendar items."""

import calendar as _calendar
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from desktop_app.domain.ids import PlanId
from desktop_app.domain.registry import Registry


class ItemKind(StrEnum):
    EVENT = "event"
    DEADLINE = "deadline"


ITEM_KIND_LABELS: Registry[ItemKind, str] = Registry(
    ItemKind,
    {ItemKind.EVENT: "Sự kiện", ItemKind.DEADLINE: "Thời hạn"},
    "item kind labels",
)


class ItemState(StrEnum):
    DUE = "due"
    DONE = "done"
    OVERDUE = "overdue"


ITEM_STATE_LABELS: Registry[ItemState, str] = Registry(
    ItemState,
    {
        ItemState.DUE: "Sắp đến hạn",
        ItemState.DONE: "Đã xong",
        ItemState.OVERDUE: "Quá hạn",
    },
    "item state labels",
)


@dataclass(frozen=True)
class CalendarItem:
    """One thing on one day: an event, or a deadline (or one occurrence of a recurring one)."""

    day: dt.date
    kind: ItemKind
    label: str
    plan_id: PlanId
    plan_reference: str
    state: ItemState
    detail: str = ""
    object_id: str = ""  # the event's or the task's id
    who: str = ""  # the lead units of a deadline
    time: str | None = None  # an event's "07:30"
    place: str = ""  # an event's place
    occurrence_id: str = ""  # set for one occurrence of a recurring deadline
    participants: str = ""  # who takes part in an event (the units assigned to hamlets)
    flagged: bool = False  # read from a stored row that breaks the rules (see check-db)


@dataclass(frozen=True)
class CalendarFilter:
    """Which items the calendar shows: all, or one plan's, one unit's, one hamlet's."""

    plan_id: str | None = None
    unit_id: str | None = None
    hamlet_id: str | None = None


EVERYTHING = CalendarFilter()


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def month_grid(year: int, month: int) -> list[list[dt.date]]:
    """Six weeks of days, Monday first, covering the month (the month view's cells)."""
    first, _ = month_bounds(year, month)
    start = first - dt.timedelta(days=first.weekday())
    return [[start + dt.timedelta(days=7 * w + d) for d in range(7)] for w in range(6)]


# "07:30", "7h30", "7.30", "14h", "14g", "8 giờ 15": every way the plans write a time.
_TIME = re.compile(r"^\s*(\d{1,2})\s*(?::|\.|h|g|giờ)\s*(\d{2})?\s*$", re.IGNORECASE)


def parse_time(text: str | None) -> dt.time | None:
    """The time of day an event's text names, or None when it has none or cannot be read."""
    match = _TIME.match(text or "")
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


_NO_TIME = dt.time(23, 59, 59)


def item_order(item: CalendarItem) -> tuple[dt.date, bool, dt.time, str]:
    """The order of a day's items everywhere: events by clock, untimed ones, then deadlines."""
    return (
        item.day,
        item.kind is not ItemKind.EVENT,
        parse_time(item.time) or _NO_TIME,
        item.label,
    )


def by_day(items: list[CalendarItem]) -> dict[dt.date, list[CalendarItem]]:
    grouped: dict[dt.date, list[CalendarItem]] = defaultdict(list)
    for item in sorted(items, key=item_order):
        grouped[item.day].append(item)
    return dict(grouped)


def first_of_each_day(items: list[CalendarItem], count: int) -> list[CalendarItem]:
    """The first ``count`` items of each day, in the order :func:`by_day` puts them."""
    return [i for day in by_day(items).values() for i in day[:count]]


def deadline_state(
    due: dt.date, done: bool, today: dt.date, *, runs_late: bool = True
) -> ItemState:
    """Done, overdue or still due; "quá hạn" is computed here, never typed by anyone.

    The item sits in ``due``'s cell; it is late from the next day, whether the plan wrote
    "ngày 10" or "trước ngày 10": marking "trước ngày 10" late on the 10th put "quá hạn" on
    the day the calendar shows it due, and offices take the 10th as the last day.
    ``runs_late`` is False for the deadlines of a plan not in force yet (a draft): nobody
    can be late on them.
    """
    if done:
        return ItemState.DONE
    return ItemState.OVERDUE if runs_late and today > due else ItemState.DUE


WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
MONTH_NAMES = tuple(f"Tháng {m}" for m in range(1, 13))
