"""The calendar items as an iCalendar (.ics) file, for the phone's or Outlook's calendar.

Every item becomes one VEVENT whose UID is derived from the event's or task's id and the
day, so exporting the same month again updates the entries already on the phone instead
of adding a second copy.
"""

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping, Sequence
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from desktop_app.domain.calendar import (
    ITEM_KIND_LABELS,
    ITEM_STATE_LABELS,
    CalendarItem,
    ItemKind,
    ItemState,
    item_order,
    parse_time,
)
from desktop_app.domain.ids import derived_id
from desktop_app.exports.files import write_atomically

PRODID = "-//Sổ theo dõi Kế hoạch//VI"
UID_DOMAIN = "so-ke-hoach"
TZ_NAME = "Asia/Ho_Chi_Minh"
EVENT_LENGTH = dt.timedelta(hours=2)
# All-day items start at midnight: 17 hours before is 07:00 of the day before.
ALL_DAY_REMINDER = dt.timedelta(hours=-17)
TIMED_REMINDER = dt.timedelta(days=-1)

HOLIDAY_CATEGORY = "Ngày lễ"
# iCalendar TEXT allows no control characters except tab (RFC 5545 3.3.11).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# Vietnam has kept UTC+7, without daylight saving, since 1975.
ICT = dt.timezone(dt.timedelta(hours=7), "ICT")


def vietnam_tz() -> dt.tzinfo:
    """Vietnam's zone from the IANA database, or a fixed UTC+7 when the database is missing.

    On Windows :mod:`zoneinfo` has no system database and needs the ``tzdata`` package
    (icalendar depends on it, but a frozen build could still lose its data files), so the
    lookup can fail there. The fixed offset gives the same instants for every date since
    1975; :func:`_start` then writes the times in UTC, because icalendar would write a
    fixed offset as ``TZID=ICT`` without any VTIMEZONE defining it.
    """
    try:
        return zoneinfo.ZoneInfo(TZ_NAME)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return ICT


def _start(day: dt.date, time: dt.time, tz: dt.tzinfo) -> dt.datetime:
    local = dt.datetime.combine(day, time, tzinfo=tz)
    return local if isinstance(tz, zoneinfo.ZoneInfo) else local.astimezone(dt.UTC)


def _text(value: str) -> str:
    return _CONTROL.sub(" ", value).strip()


def item_uid(item: CalendarItem) -> str:
    """The same item always gets the same UID, so a re-export replaces the old entry."""
    key = item.occurrence_id or item.object_id
    if not key:
        key = derived_id(item.plan_id, item.kind.value, item.label)
    return f"{key}-{item.day.isoformat()}@{UID_DOMAIN}"


def item_summary(item: CalendarItem) -> str:
    """The title on the phone: "Đợt 3 – ra quân (12/KH-UBND)", "Hạn: Báo cáo tháng"."""
    label = " ".join(_text(item.label).split())
    if item.kind is ItemKind.DEADLINE:
        return f"Hạn: {label}"
    if item.plan_reference:
        return f"{label} ({_text(item.plan_reference)})"
    return label


def _description(item: CalendarItem, time_text: str | None) -> str:
    lines: list[str] = []
    if time_text:
        lines.append(f"Giờ: {time_text}")
    # An event's detail is its place, already in LOCATION.
    if item.detail and item.detail != item.place:
        lines.append(item.detail)
    if item.kind is ItemKind.DEADLINE and item.plan_reference:
        lines.append(f"Kế hoạch: {item.plan_reference}")
    if item.who:
        lines.append(f"Chủ trì: {item.who}")
    if item.participants:
        lines.append(f"Tham gia: {item.participants}")
    # An event's state only says whether its day has passed; a deadline's is news.
    if item.kind is ItemKind.DEADLINE:
        lines.append(f"Trạng thái: {ITEM_STATE_LABELS[item.state]}")
    return "\n".join(_text(line) for line in lines)


def _item_event(item: CalendarItem, stamp: dt.datetime, tz: dt.tzinfo) -> Event:
    event = Event()
    summary = item_summary(item)
    event.add("uid", item_uid(item))
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    start_time = parse_time(item.time) if item.kind is ItemKind.EVENT else None
    if start_time is not None:
        start = _start(item.day, start_time, tz)
        event.add("dtstart", start)
        event.add("dtend", start + EVENT_LENGTH)
        reminder = TIMED_REMINDER
    else:
        start = dt.datetime.combine(item.day, dt.time(0, 0), tzinfo=tz)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        reminder = ALL_DAY_REMINDER
    if item.place:
        event.add("location", _text(item.place))
    # A time that could not be read is kept in the text rather than lost.
    unread_time = item.time if item.time and start_time is None else None
    description = _description(item, unread_time)
    if description:
        event.add("description", description)
    event.add("categories", [ITEM_KIND_LABELS[item.kind]])
    # No reminder for what is done, nor one already past: some programs (Thunderbird)
    # would pop up every missed reminder of an old month at once.
    if item.state is not ItemState.DONE and start + reminder > stamp:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Nhắc: {summary}")
        alarm.add("trigger", reminder)
        event.add_component(alarm)
    return event


def _holiday_event(day: dt.date, name: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"le-{day.isoformat()}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", _text(name))
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("categories", [HOLIDAY_CATEGORY])
    return event


def build_calendar(
    items: Sequence[CalendarItem],
    *,
    office: str = "",
    holidays: Mapping[dt.date, str] | None = None,
    now: dt.datetime | None = None,
    tz: dt.tzinfo | None = None,
) -> Calendar:
    """The VCALENDAR of :func:`write_ics` (see there), without writing it.

    ``tz`` is for tests: the zone of timed events, :func:`vietnam_tz` when omitted.
    """
    stamp = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    stamp = stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)
    zone = tz or vietnam_tz()
    name = f"Lịch công tác {_text(office)}" if office.strip() else "Lịch công tác"

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZ_NAME)

    seen: set[str] = set()
    for item in sorted(items, key=item_order):
        uid = item_uid(item)
        if uid in seen:  # the same item passed twice; two VEVENTs may not share a UID
            continue
        seen.add(uid)
        cal.add_component(_item_event(item, stamp, zone))
    for day, holiday in sorted((holidays or {}).items()):
        cal.add_component(_holiday_event(day, holiday, stamp))
    if isinstance(zone, zoneinfo.ZoneInfo):
        # icalendar's VTIMEZONE covers 1970-2038 by default; stretch it for later items.
        last = max((i.day for i in items), default=dt.date(2000, 1, 1))
        cal.add_missing_timezones(
            last_date=max(dt.date(2038, 1, 1), last.replace(day=1) + dt.timedelta(days=400))
        )
    return cal


def write_ics(
    items: Sequence[CalendarItem],
    path: Path,
    *,
    office: str = "",
    holidays: Mapping[dt.date, str] | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Write the items (and optionally the holidays) as an .ics file.

    Args:
        items: events and deadlines, e.g. one month's ``CalendarService.month_items``.
        path: the .ics file to write; an existing one is replaced.
        office: the office's name, shown as the calendar's name ("Lịch công tác UBND xã ...").
        holidays: day -> name, exported as all-day events in the category "Ngày lễ".
        now: the DTSTAMP of every entry (UTC); the current time when omitted.

    Events with a time become timed events in Vietnam's time zone (two hours long);
    events without a time, and deadlines, become all-day events. Every item not yet done
    whose reminder is still ahead of ``now`` carries one: the day before at the same time,
    or at 07:00 the day before for all-day ones.

    Returns:
        ``path``.

    Raises:
        UserError: when the file cannot be written (see :func:`write_atomically`).
    """
    data = build_calendar(items, office=office, holidays=holidays, now=now).to_ical()

    def write(target: Path) -> None:
        target.write_bytes(data)

    return write_atomically(Path(path), write)
