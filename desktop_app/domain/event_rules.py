"""Campaign days from a rule ("ngày thứ Bảy đầu tiên của tháng, từ tháng 12/2025 ...").

A rule is an RFC 5545 RRULE with its wording kept beside it. Its events are generated and
labelled ("Đợt 1", "Đợt 2" ...); each remembers the day the rule gave it (``rule_date``), so
one can be moved off a holiday and regenerating the rule keeps the move.
"""

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dateutil.rrule import rrulestr

from desktop_app.domain.deadline_parser import WEEKDAY_CODES, WEEKDAY_PATTERN, normalize
from desktop_app.domain.errors import UserError
from desktop_app.domain.ids import EventId, EventRuleId, derived_id
from desktop_app.domain.plans import Event, EventRule, Plan
from desktop_app.domain.text import clean

MAX_EVENTS = 400  # more than thirty years of monthly campaign days

_NTH = {
    "đầu tiên": 1,
    "thứ nhất": 1,
    "thứ hai": 2,
    "thứ ba": 3,
    "thứ tư": 4,
    "cuối cùng": -1,
    "cuối": -1,
}
_WHICH = r"(?P<nth>đầu tiên|thứ nhất|thứ hai|thứ ba|thứ tư|cuối cùng|cuối)"
_EVERY = r"(?:hằng|hàng|mỗi)"
_MONTH_YEAR = r"(?P<{0}m>\d{{1,2}})\s*[/\-]\s*(?P<{0}y>\d{{4}})"
_PERIOD = (
    r"\s*,?\s*(?:\(\s*)?từ\s+(?:tháng\s+" + _MONTH_YEAR.format("from_") + r"|ngày\s+"
    r"(?P<from_d>\d{1,2}/\d{1,2}/\d{4}))\s*(?:đến|tới)\s+(?:hết\s+)?(?:tháng\s+"
    + _MONTH_YEAR.format("to_")
    + r"|ngày\s+(?P<to_d>\d{1,2}/\d{1,2}/\d{4}))\s*\)?"
)
_SHAPES = {
    "nth_weekday": re.compile(
        rf"(?:vào\s+)?(?:ngày\s+)?{WEEKDAY_PATTERN}\s+{_WHICH}\s+(?:của|trong)\s+(?:{_EVERY}\s+)?"
        rf"tháng{_PERIOD}"
    ),
    "weekly": re.compile(rf"(?:vào\s+)?(?:ngày\s+)?{WEEKDAY_PATTERN}\s+{_EVERY}\s+tuần{_PERIOD}"),
    "month_day": re.compile(rf"(?:vào\s+)?ngày\s+(?P<day>\d{{1,2}})\s+{_EVERY}\s+tháng{_PERIOD}"),
}


@dataclass(frozen=True)
class RuleSpec:
    """What a rule's wording means: the RRULE (with its UNTIL) and the first day it covers."""

    rrule: str
    start: dt.date
    end: dt.date


def parse_event_rule(text: str) -> RuleSpec:
    """Read a campaign-day rule as the plans word it.

    Accepted: "ngày thứ Bảy đầu tiên của tháng, từ tháng 12/2025 đến hết tháng 12/2026",
    "Chủ nhật cuối cùng của tháng, từ tháng 1/2026 đến tháng 6/2026", "thứ Hai hằng tuần,
    từ ngày 05/01/2026 đến ngày 29/6/2026", "ngày 15 hằng tháng, từ ... đến ...".

    Raises:
        UserError: for any other wording, or one without its period (a campaign needs an
            end, or it would fill the calendar for ever).
    """
    s = normalize(text)
    for shape, pattern in _SHAPES.items():
        m = pattern.fullmatch(s)
        if m is None:
            continue
        start, end = _period(m, text)
        if shape == "nth_weekday":
            by = f"BYDAY={_NTH[m['nth']]}{WEEKDAY_CODES[m['weekday']]}"
            freq = "MONTHLY"
        elif shape == "weekly":
            by, freq = f"BYDAY={WEEKDAY_CODES[m['weekday']]}", "WEEKLY"
        else:
            day = int(m["day"])
            if not 1 <= day <= 31:
                raise UserError(f"Ngày {day} trong “{text}” không có trong một tháng.")
            by, freq = f"BYMONTHDAY={day}", "MONTHLY"
        return RuleSpec(f"FREQ={freq};{by};UNTIL={end:%Y%m%d}", start, end)
    if "từ" not in s:
        raise UserError(
            f"Quy tắc “{text}” chưa có thời gian: hãy thêm “từ tháng .../... đến hết "
            "tháng .../...”."
        )
    raise UserError(
        f"Chưa hiểu quy tắc “{text}”. Hãy viết như: “ngày thứ Bảy đầu tiên của tháng, "
        "từ tháng 12/2025 đến hết tháng 12/2026” hoặc “thứ Hai hằng tuần, từ ngày "
        "05/01/2026 đến ngày 29/6/2026”."
    )


def _period(m: re.Match[str], text: str) -> tuple[dt.date, dt.date]:
    try:
        first = dt.date(int(m["from_y"]), int(m["from_m"]), 1) if m["from_y"] else None
        start = first or _dmy(m["from_d"])
        if m["to_d"]:
            end = _dmy(m["to_d"])
        else:
            year, month = int(m["to_y"]), int(m["to_m"])
            end = dt.date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        raise UserError(f"Thời gian trong “{text}” có ngày hoặc tháng không có thật.") from None
    if end < start:
        raise UserError(f"Trong “{text}”, ngày kết thúc đứng trước ngày bắt đầu.")
    return start, end


def _dmy(text: str) -> dt.date:
    day, month, year = (int(p) for p in text.split("/"))
    return dt.date(year, month, day)


def rule_dates(rule: EventRule) -> list[dt.date]:
    """The days a rule gives, in order (at most ``MAX_EVENTS``)."""
    try:
        expanded = rrulestr(
            "RRULE:" + rule.rrule, dtstart=dt.datetime.combine(rule.start, dt.time())
        )
    except (ValueError, TypeError) as exc:
        raise UserError(f"Quy tắc lặp lại không hợp lệ: {rule.rrule}") from exc
    days: list[dt.date] = []
    for moment in expanded:
        if len(days) >= MAX_EVENTS:
            break
        days.append(moment.date())
    return days


def event_label(pattern: str, n: int) -> str:
    """The n-th event's label: "Đợt {n}" gives "Đợt 3"; without {n} the number follows."""
    if "{n}" in pattern:
        return pattern.replace("{n}", str(n))
    return f"{pattern or 'Đợt'} {n}".strip()


def generate_events(
    rule: EventRule,
    events: Sequence[Event],
    *,
    place: str = "",
    time: str | None = None,
    all_hamlets: bool = True,
) -> tuple[Event, ...]:
    """The plan's events with this rule's series generated afresh.

    Events of other rules and hand-made events are kept as they are. An event of this rule
    keeps its id, place, time, note and its moved date when the rule still gives its
    ``rule_date``; days the rule no longer gives are dropped; new days get new events with
    ids derived from the rule and the day, so two PCs generate the same rows.
    """
    mine = {e.rule_date: e for e in events if e.rule_id == rule.id and e.rule_date}
    generated: list[Event] = []
    for n, day in enumerate(rule_dates(rule), start=1):
        label = event_label(rule.label_pattern, n)
        old = mine.get(day)
        if old is not None:
            generated.append(replace(old, label=label))
            continue
        generated.append(
            Event(
                id=EventId(derived_id("event", rule.id, day.isoformat())),
                label=label,
                date=day,
                time=time,
                place=place,
                rule_id=rule.id,
                all_hamlets=all_hamlets,
                rule_date=day,
            )
        )
    others = [e for e in events if e.rule_id != rule.id]
    return tuple(sorted([*others, *generated], key=lambda e: (e.date, e.time or "", e.label)))


def move_event(event: Event, day: dt.date, reason: str = "") -> Event:
    """One occurrence moved to another day; the rule's own day stays recorded."""
    rule_date = event.rule_date or (event.date if event.rule_id else None)
    note = event.note
    if reason and reason not in note:
        note = f"{note} {reason}".strip()
    return replace(event, date=day, rule_date=rule_date, note=note)


def new_rule_id(plan_id: str, text: str) -> EventRuleId:
    """A rule's id from its plan and wording, the same on every PC that enters it."""
    return EventRuleId(derived_id("event-rule", plan_id, normalize(text)))


def with_event_rule(
    plan: Plan,
    text: str,
    *,
    label_pattern: str = "Đợt {n}",
    place: str = "",
    time: str | None = None,
) -> Plan:
    """The plan with the rule read from ``text`` and its events generated (or regenerated).

    Raises:
        UserError: the rule wording is not understood (the message says which are).
    """
    spec = parse_event_rule(text)
    rule = EventRule(new_rule_id(plan.id, text), clean(text), spec.rrule, spec.start, label_pattern)
    rules = [r for r in plan.event_rules if r.id != rule.id] + [rule]
    events = generate_events(rule, plan.events, place=place, time=time)
    return replace(plan, event_rules=tuple(rules), events=events)
