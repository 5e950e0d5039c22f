"""Deadlines of every kind the plans use, and the due dates they give.

A deadline keeps the plan's own wording ("trước ngày 05 hàng tháng") beside its meaning:
a date, a month, a quarter, a year, a recurring RFC 5545 rule, ongoing, or none.
"""

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from dateutil.rrule import rrulestr

from desktop_app.domain.errors import UserError
from desktop_app.domain.registry import Registry
from desktop_app.domain.text import roman

# An open-ended rule is expanded this far past its start: longer than any plan period seen
# (Kon Tum's runs 2023-2030), short enough to stay cheap.
OPEN_RULE_HORIZON_YEARS = 10
MAX_OCCURRENCES = 1000


class DeadlineKind(StrEnum):
    DATE = "date"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RECURRING = "recurring"
    ONGOING = "ongoing"
    # A wording the program cannot read a day from, kept as the clerk or the plan wrote it:
    # never overdue, never on the calendar, counted as "chưa xác định ngày".
    UNDATED = "undated"
    NONE = "none"


DEADLINE_KIND_LABELS: Registry[DeadlineKind, str] = Registry(
    DeadlineKind,
    {
        DeadlineKind.DATE: "Ngày",
        DeadlineKind.MONTH: "Tháng",
        DeadlineKind.QUARTER: "Quý",
        DeadlineKind.YEAR: "Năm",
        DeadlineKind.RECURRING: "Định kỳ",
        DeadlineKind.ONGOING: "Thường xuyên",
        DeadlineKind.UNDATED: "Chưa xác định ngày",
        DeadlineKind.NONE: "Không có",
    },
    "deadline kind labels",
)


@lru_cache(maxsize=1024)
def _rule_is_valid(rule: str) -> bool:
    """Whether dateutil reads the RRULE; a plan's rules are few and come back task after task."""
    try:
        rrulestr("RRULE:" + rule, dtstart=dt.datetime(2000, 1, 1))
    except (ValueError, TypeError):
        return False
    return True


@dataclass(frozen=True)
class Deadline:
    """When a task is due.

    Attributes:
        kind: which of the fields below carry the meaning.
        text: the plan's own wording, kept as written.
        on: the named date (DATE).
        before: "trước ngày ...": due strictly before ``on`` (or before each occurrence).
        year: the year (MONTH, QUARTER, YEAR).
        month: 1-12 (MONTH).
        quarter: 1-4 (QUARTER).
        rrule: RFC 5545 RRULE value without the "RRULE:" prefix (RECURRING).
        start: first day a recurring deadline can fall on; None means the plan's date.
    """

    kind: DeadlineKind = DeadlineKind.NONE
    text: str = ""
    on: dt.date | None = None
    before: bool = False
    year: int | None = None
    month: int | None = None
    quarter: int | None = None
    rrule: str | None = None
    start: dt.date | None = None

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Refuse a deadline whose fields do not fit its kind.

        Raises:
            UserError: with a Vietnamese message saying what is missing or wrong.
        """
        k = self.kind
        if k is DeadlineKind.DATE and self.on is None:
            raise UserError("Thời hạn theo ngày cần có ngày cụ thể.")
        if k in (DeadlineKind.MONTH, DeadlineKind.QUARTER, DeadlineKind.YEAR) and (
            self.year is None or not 1900 <= self.year <= 2200
        ):
            raise UserError("Thời hạn cần có năm hợp lệ (1900-2200).")
        if k is DeadlineKind.MONTH and (self.month is None or not 1 <= self.month <= 12):
            raise UserError("Tháng của thời hạn phải từ 1 đến 12.")
        if k is DeadlineKind.QUARTER and (self.quarter is None or not 1 <= self.quarter <= 4):
            raise UserError("Quý của thời hạn phải từ I đến IV.")
        if k is DeadlineKind.UNDATED and not self.text.strip():
            raise UserError("Thời hạn ghi theo lời văn cần có lời ghi.")
        if k is DeadlineKind.RECURRING:
            if not self.rrule:
                raise UserError("Thời hạn định kỳ cần có quy tắc lặp lại.")
            if not _rule_is_valid(self.rrule):
                raise UserError(f"Quy tắc lặp lại không hợp lệ: {self.rrule}")

    @property
    def is_recurring(self) -> bool:
        return self.kind is DeadlineKind.RECURRING

    @property
    def is_undated(self) -> bool:
        """Written in words that name no day the program can tell ("khi có hướng dẫn")."""
        return self.kind is DeadlineKind.UNDATED

    def period(self) -> tuple[dt.date, dt.date] | None:
        """First and last day of a dated deadline (a single day for DATE), else None."""
        if self.kind is DeadlineKind.DATE and self.on is not None:
            return (self.on, self.on)
        if self.year is None:
            return None
        if self.kind is DeadlineKind.MONTH and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            return (dt.date(self.year, self.month, 1), dt.date(self.year, self.month, last))
        if self.kind is DeadlineKind.QUARTER and self.quarter is not None:
            first_month = 3 * (self.quarter - 1) + 1
            last_month = first_month + 2
            last = calendar.monthrange(self.year, last_month)[1]
            return (dt.date(self.year, first_month, 1), dt.date(self.year, last_month, last))
        if self.kind is DeadlineKind.YEAR:
            return (dt.date(self.year, 1, 1), dt.date(self.year, 12, 31))
        return None

    def due_date(self) -> dt.date | None:
        """The day a one-off deadline is shown on: the named date or the period's last day."""
        span = self.period()
        return span[1] if span else None

    def is_open_ended(self) -> bool:
        """A recurring rule with neither UNTIL nor COUNT never ends."""
        if not self.rrule:
            return False
        parts = {p.split("=", 1)[0].upper() for p in self.rrule.split(";") if "=" in p}
        return "UNTIL" not in parts and "COUNT" not in parts

    def occurrences(
        self,
        default_start: dt.date | None,
        window: tuple[dt.date, dt.date] | None = None,
    ) -> list[dt.date]:
        """Due dates of a recurring deadline, each one a separate thing to chase.

        Args:
            default_start: the plan's date, used when the deadline has no start of its own.
            window: only the dates within these bounds (inclusive); None gives all of them,
                an open-ended rule stopping after ``OPEN_RULE_HORIZON_YEARS``.

        Returns:
            The dates in order; empty for a non-recurring deadline or one with no start.
        """
        start = self.start or default_start
        if not self.is_recurring or not self.rrule or start is None:
            return []
        rule = rrulestr("RRULE:" + self.rrule, dtstart=dt.datetime.combine(start, dt.time()))
        horizon = dt.datetime(start.year + OPEN_RULE_HORIZON_YEARS, start.month, 1)
        lo = dt.datetime.combine(window[0], dt.time()) if window else dt.datetime.min
        hi = dt.datetime.combine(window[1], dt.time()) if window else horizon
        hi = min(hi, horizon)
        result: list[dt.date] = []
        for moment in rule.xafter(max(lo, dt.datetime.combine(start, dt.time())), inc=True):
            if moment > hi or len(result) >= MAX_OCCURRENCES:
                break
            result.append(moment.date())
        return result

    def is_overdue(self, due: dt.date, today: dt.date) -> bool:
        """Whether ``due`` (this deadline's date or one occurrence) has passed by ``today``.

        Late from the next day, "trước ngày 10" as well as "ngày 10": offices take the 10th
        as the last day, and the calendar (``calendar.deadline_state``) counts the same.
        """
        return today > due

    def summary(self) -> str:
        """The wording to show: the plan's own text, else :func:`describe`'s."""
        return self.text or describe(self)


def date_text(day: dt.date) -> str:
    """A date in running text: "05/12/2026", "25/6/2026", "03/02/2026".

    Two-digit day, and the month padded only for 1 and 2.

    This is how the plans write dates in running text and what Nghị định 30/2020 asks of
    the date line (a zero before days under 10 and months 1 and 2).
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


_WEEKDAY_WORDS = {
    "MO": "thứ Hai",
    "TU": "thứ Ba",
    "WE": "thứ Tư",
    "TH": "thứ Năm",
    "FR": "thứ Sáu",
    "SA": "thứ Bảy",
    "SU": "Chủ nhật",
}


def describe(deadline: Deadline) -> str:
    """Correct Vietnamese wording made from a deadline's fields ("trước ngày 05 hằng tháng").

    The deadline parser reads every wording this writes back into the same deadline.
    """
    return _DESCRIBERS[deadline.kind](deadline)


def _describe_date(deadline: Deadline) -> str:
    if deadline.on is None:
        return ""
    return ("trước ngày " if deadline.before else "ngày ") + date_text(deadline.on)


def _describe_quarter(deadline: Deadline) -> str:
    if not deadline.quarter:
        return ""
    return f"trong quý {roman(deadline.quarter)}-{deadline.year}"


def _describe_recurring(deadline: Deadline) -> str:
    if not deadline.rrule:
        return ""
    return _describe_rule(deadline.rrule, deadline.before)


# One wording per kind; a new kind without one stops the import of this module.
_DESCRIBERS: Registry[DeadlineKind, Callable[[Deadline], str]] = Registry(
    DeadlineKind,
    {
        DeadlineKind.DATE: _describe_date,
        DeadlineKind.MONTH: lambda d: f"trong tháng {d.month}/{d.year}",
        DeadlineKind.QUARTER: _describe_quarter,
        DeadlineKind.YEAR: lambda d: f"trong năm {d.year}",
        DeadlineKind.RECURRING: _describe_recurring,
        DeadlineKind.ONGOING: lambda _: "thường xuyên",
        DeadlineKind.UNDATED: lambda d: d.text,  # only the words it was given
        DeadlineKind.NONE: lambda _: "",  # no deadline: nothing to say
    },
    "deadline wordings",
)


def _describe_rule(rule: str, before: bool) -> str:
    parts = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    freq = parts.get("FREQ")
    days = parts.get("BYMONTHDAY", "").split(",")
    # The last listed day is the one meant: 28,29 with BYSETPOS=-1 is "ngày 29".
    day = days[-1] if days[-1] else ""
    by = "trước " if before else ""
    if freq == "WEEKLY":
        weekday = _WEEKDAY_WORDS.get(parts.get("BYDAY", ""), "")
        if weekday:
            return f"{by or 'vào '}{weekday} hằng tuần"
        return "định kỳ hằng tuần"
    if freq == "MONTHLY" and day == "-1":
        return "định kỳ hằng quý" if parts.get("BYMONTH") == "3,6,9,12" else "định kỳ hằng tháng"
    if freq == "MONTHLY" and day.isdigit() and "BYMONTH" not in parts:
        return f"{by}ngày {int(day):02d} hằng tháng"
    if freq == "YEARLY" and parts.get("BYMONTH") == "12" and day == "31" and not before:
        return "định kỳ hằng năm"
    if freq == "YEARLY" and day.isdigit() and parts.get("BYMONTH", "").isdigit():
        return f"định kỳ {by}ngày {int(day):02d}-{int(parts['BYMONTH']):02d} hằng năm"
    return "định kỳ"


# The years a day may fall in, typed or read (the record rules use the same range).
FIRST_YEAR = 1900
LAST_YEAR = 2100


def parse_day(text: str, what: str = "") -> dt.date:
    """A day typed as 05/12/2026, 5/12/2026, 05-12-2026 or 2026-12-05.

    Raises:
        UserError: not such a day (31/02/2026 included), saying how to write it.
    """
    value = text.strip()
    try:
        if len(value) == 10 and value[4] == "-":
            parsed = dt.date.fromisoformat(value)
        else:
            day, month, year = (
                int(p) for p in value.replace("-", "/").replace(".", "/").split("/")
            )
            parsed = dt.date(year, month, day)
    except ValueError:
        raise UserError(
            f"Ngày {what + ' ' if what else ''}“{text}” không có trên lịch hoặc viết sai; "
            "hãy viết dạng ngày/tháng/năm, vd. 05/12/2026."
        ) from None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise UserError(
            f"Ngày {what + ' ' if what else ''}“{text}”: năm {parsed.year} nằm ngoài khoảng "
            f"{FIRST_YEAR}–{LAST_YEAR}; hãy kiểm tra lại năm."
        )
    return parsed
