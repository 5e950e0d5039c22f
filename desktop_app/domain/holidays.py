"""Days off: Vietnam's public holidays, plus the office's own days off and make-up days.

Public holidays come from the ``holidays`` package (names in Vietnamese). Each year the
government also announces bridge days off and Saturdays worked in exchange; the package
covers them only in part, so the clerk keeps them as :class:`OfficeDay` rows.
"""

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import holidays as _holidays

from desktop_app.domain.errors import UserError
from desktop_app.domain.registry import Registry


@functools.lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[dt.date, str]:
    """Holidays of one year, day -> Vietnamese name ("Tết Nguyên Đán", "Quốc khánh")."""
    table = _holidays.country_holidays("VN", years=year, language="vi")
    return {day: str(name) for day, name in sorted(table.items())}


class OfficeDayKind(StrEnum):
    OFF = "off"
    WORKDAY = "workday"


OFFICE_DAY_KIND_LABELS: Registry[OfficeDayKind, str] = Registry(
    OfficeDayKind,
    {
        OfficeDayKind.OFF: "Ngày nghỉ",
        OfficeDayKind.WORKDAY: "Ngày làm bù",
    },
    "office day kind labels",
)


@dataclass(frozen=True)
class OfficeDay:
    """A day the office is off beyond the public holidays, or a weekend day it works."""

    id: str
    day: dt.date
    kind: OfficeDayKind
    name: str = ""

    def __post_init__(self) -> None:
        if not 1900 <= self.day.year <= 2200:
            raise UserError("Ngày nghỉ phải nằm trong các năm 1900-2200.")
        if self.kind is OfficeDayKind.OFF and not self.name.strip():
            raise UserError("Hãy ghi lý do nghỉ (ví dụ: “Nghỉ bù Tết Nguyên Đán”).")


def days_off(
    start: dt.date, end: dt.date, office_days: Iterable[OfficeDay] = ()
) -> dict[dt.date, str]:
    """Every day off between two days (inclusive): public holidays and the office's own.

    A make-up working day that falls on a holiday cancels it; weekends are not listed (the
    month view shows them itself).
    """
    found: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        for day, name in public_holidays(year).items():
            if start <= day <= end:
                found[day] = name
    for office in office_days:
        if not start <= office.day <= end:
            continue
        if office.kind is OfficeDayKind.OFF:
            found[office.day] = office.name
        else:
            found.pop(office.day, None)
    return dict(sorted(found.items()))
