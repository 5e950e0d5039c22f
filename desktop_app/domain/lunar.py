"""The Vietnamese lunar calendar (âm lịch), computed from astronomy.

The rules are the usual ones of the Vietnamese calendar:

* Local time is UTC+7 from 1968 on and UTC+8 before (Vietnam followed the Chinese
  calendar until the North changed its reference meridian for 1968).
* A lunar month begins on the local day that contains the new moon.
* Month 11 is the month that contains the December solstice.
* When 13 months lie between two starts of month 11, the first month after month 11
  without a major solar term (the sun's apparent longitude crossing a multiple of
  30°) is the leap month; it repeats the number of the month before it.
* A lunar year is numbered by the solar year in which its month 1 (Tết) falls.

New moons, solstices and the sun's longitude come from PyEphem. The months between
two month-11 starts are computed once (about 10 ms) and cached, so converting
the 42 days of a month view is only table look-ups once that stretch is warm.
"""

import bisect
import datetime as dt
import functools
import math
from dataclasses import dataclass

import ephem

from desktop_app.domain.errors import UserError

FIRST_YEAR = 1900
LAST_YEAR = 2199

_RANGE_MESSAGE = f"Chỉ tính được âm lịch cho các năm {FIRST_YEAR}-{LAST_YEAR}."

_STEMS = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
_BRANCHES = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")
_MONTH_NAMES = {1: "Giêng", 12: "Chạp"}

# PyEphem dates count days from 1899-12-31 12:00 UT; this is the proleptic ordinal of
# that noon's calendar day, to turn ephem instants into `date` ordinals and back.
_EPHEM_EPOCH_ORDINAL = dt.date(1899, 12, 31).toordinal()
_UTC7_FROM_ORDINAL = dt.date(1968, 1, 1).toordinal()
# 1968-01-01 00:00 at UTC+8, as an ephem instant: earlier instants use UTC+8.
_UTC7_FROM_INSTANT = float(ephem.Date((1967, 12, 31, 16, 0, 0)))
_MAJOR_TERM = math.radians(30.0)


@dataclass(frozen=True)
class LunarDate:
    """A day of the lunar calendar.

    Attributes:
        day: Day of the month, 1-30.
        month: Month number, 1-12; a leap month carries the number of the month before it.
        year: The solar year in which this lunar year's month 1 (Tết) falls.
        leap: True in a leap month (tháng nhuận).
    """

    day: int
    month: int
    year: int
    leap: bool

    def short(self) -> str:
        """The text of a calendar cell: "15/8", "1/3", or "3/2N" in a leap month."""
        return f"{self.day}/{self.month}{'N' if self.leap else ''}"

    def long(self) -> str:
        """The full Vietnamese text: "ngày 15 tháng 8 năm Giáp Thìn".

        A leap month reads "tháng 2 nhuận"; month 1 is "tháng Giêng" and month 12
        "tháng Chạp", as people say them.
        """
        month = _MONTH_NAMES.get(self.month, str(self.month))
        leap = " nhuận" if self.leap else ""
        return f"ngày {self.day} tháng {month}{leap} năm {year_name(self.year)}"


def year_name(year: int) -> str:
    """The can-chi (sexagenary) name of a lunar year: 1984 -> "Giáp Tý"."""
    return f"{_STEMS[(year + 6) % 10]} {_BRANCHES[(year + 8) % 12]}"


@dataclass(frozen=True)
class _Run:
    """The lunar months from one month 11 up to the next (a "tuế", solstice to solstice).

    This is the unit the rules work on: the leap month is decided within it. Month 11,
    month 12 and any leap month before month 1 belong to the previous lunar year.

    Attributes:
        starts: Date ordinal of each month's first day, then the ordinal of the next
            month 11, so month i has `starts[i + 1] - starts[i]` days.
        months: (number, leap, lunar year) of each month.
    """

    starts: tuple[int, ...]
    months: tuple[tuple[int, bool, int], ...]


def _utc_offset_days(instant: float) -> float:
    return (7.0 if instant >= _UTC7_FROM_INSTANT else 8.0) / 24.0


def _local_ordinal(instant: float) -> int:
    """The date ordinal of the Vietnamese local day containing an ephem instant."""
    return _EPHEM_EPOCH_ORDINAL + math.floor(instant + 0.5 + _utc_offset_days(instant))


def _local_midnight(ordinal: int) -> float:
    """The ephem instant at which a Vietnamese local day begins."""
    offset = (7.0 if ordinal >= _UTC7_FROM_ORDINAL else 8.0) / 24.0
    return ordinal - _EPHEM_EPOCH_ORDINAL - 0.5 - offset


def _major_term_index(instant: float) -> int:
    """Which 30° sector (0-11) the sun's apparent longitude of date is in."""
    sun = ephem.Sun(instant)
    # Ecliptic of date, from the apparent equatorial position of date: solar terms are
    # measured from the true equinox of date, not from J2000.
    epoch = ephem.Date(instant)
    ecliptic = ephem.Ecliptic(ephem.Equatorial(sun.ra, sun.dec, epoch=epoch), epoch=epoch)
    return int(float(ecliptic.lon) // _MAJOR_TERM) % 12


@functools.lru_cache(maxsize=512)
def _month11(year: int) -> tuple[float, int]:
    """The new moon that starts month 11 of the given solar year, and its local day.

    Month 11 is the one containing the December solstice, comparing local days: a new
    moon later on the solstice's own local day still starts month 11 on that day.
    """
    solstice = float(ephem.next_winter_solstice(ephem.Date((year, 12, 1))))
    solstice_day = _local_ordinal(solstice)
    before = float(ephem.previous_new_moon(solstice))
    # Lunations last more than 29.2 days, so the next new moon can fall on the
    # solstice's local day only when the previous one is over 28.2 days back; skipping
    # the search otherwise saves a costly new-moon computation.
    if solstice - before > 28.0:
        after = float(ephem.next_new_moon(solstice))
        if _local_ordinal(after) <= solstice_day:
            return after, _local_ordinal(after)
    return before, _local_ordinal(before)


@functools.lru_cache(maxsize=64)
def _run(year: int) -> _Run:
    """The months from month 11 of solar year `year - 1` up to month 11 of `year`."""
    new_moon, start = _month11(year - 1)
    end_moon, end = _month11(year)
    starts = [start]
    # Stop one lunation short of the end: that new moon is already known.
    while end_moon - new_moon > 45.0:
        # One day on, so that the same new moon is not found again.
        new_moon = float(ephem.next_new_moon(new_moon + 1.0))
        starts.append(_local_ordinal(new_moon))
    starts.append(end)
    count = len(starts) - 1  # 12 or 13 months

    leap_index = count  # no leap month
    if count == 13:
        terms = [_major_term_index(_local_midnight(s)) for s in starts]
        # Month i holds no major term when the sun is in the same sector at its first
        # and at its last midnight (the sun moves barely 30° a month, never 360°).
        leap_index = next(i for i in range(1, count) if terms[i] == terms[i + 1])

    months: list[tuple[int, bool, int]] = []
    lunar_year = year - 1  # month 11 and 12 end the previous lunar year
    for i in range(count):
        # Month 11 is index 0; months after a leap month count one step less.
        number = (10 + (i if i < leap_index else i - 1)) % 12 + 1
        leap = i == leap_index
        if number == 1 and not leap:
            lunar_year = year
        months.append((number, leap, lunar_year))
    return _Run(starts=tuple(starts), months=tuple(months))


def _check_solar_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UserError(_RANGE_MESSAGE)


def solar_to_lunar(day: dt.date) -> LunarDate:
    """The lunar date of a solar (Gregorian) day.

    Raises:
        UserError: The day is outside the years 1900-2199.
    """
    _check_solar_year(day.year)
    ordinal = day.toordinal()
    run = _run(day.year)
    if ordinal >= run.starts[-1]:  # in December, from this year's month 11 on
        run = _run(day.year + 1)
    index = bisect.bisect_right(run.starts, ordinal) - 1
    number, leap, year = run.months[index]
    return LunarDate(ordinal - run.starts[index] + 1, number, year, leap)


def lunar_or_none(day: dt.date) -> LunarDate | None:
    """The lunar date of a day, or None outside the years this module covers.

    For views that show lunar dates beside solar ones: a day past 2199 shows none instead
    of failing.
    """
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None
    return solar_to_lunar(day)


def lunar_to_solar(day: int, month: int, year: int, leap: bool = False) -> dt.date:
    """The solar (Gregorian) day of a lunar date.

    Args:
        day: Day of the lunar month, 1-30.
        month: Lunar month, 1-12.
        year: Lunar year, numbered by the solar year of its Tết.
        leap: True for the leap month that repeats `month`.

    Raises:
        UserError: The date does not exist (no such leap month, day 30 of a 29-day
            month) or falls outside the years 1900-2199.
    """
    # Lunar year 1899 is let in: its months 11 and 12 are the first weeks of solar 1900.
    if not FIRST_YEAR - 1 <= year <= LAST_YEAR:
        raise UserError(_RANGE_MESSAGE)
    if not 1 <= month <= 12:
        raise UserError("Tháng âm lịch phải từ 1 đến 12.")
    if not 1 <= day <= 30:
        raise UserError("Ngày âm lịch phải từ 1 đến 30.")
    # Months 11 and 12 (and a leap 11 or 12) open the run that ends in solar year + 1.
    run = _run(year + 1 if month >= 11 else year)
    try:
        index = run.months.index((month, leap, year))
    except ValueError:
        raise UserError(f"Năm âm lịch {year} không có tháng {month} nhuận.") from None
    length = run.starts[index + 1] - run.starts[index]
    if day > length:
        name = f"Tháng {month} nhuận" if leap else f"Tháng {month}"
        raise UserError(f"{name} âm lịch năm {year} chỉ có {length} ngày.")
    result = dt.date.fromordinal(run.starts[index] + day - 1)
    _check_solar_year(result.year)
    return result


def lunar_new_year(year: int) -> dt.date:
    """The solar day of Tết Nguyên Đán (mùng 1 tháng Giêng) of a lunar year.

    Raises:
        UserError: The year is outside 1900-2199.
    """
    _check_solar_year(year)
    run = _run(year)
    return dt.date.fromordinal(run.starts[run.months.index((1, False, year))])
