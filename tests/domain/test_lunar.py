import datetime as dt
import time

import holidays
import pytest
from holidays.calendars.chinese import (
    CHINESE_CALENDAR,
    VIETNAMESE_CALENDAR,
    _ChineseLunisolar,
)

from desktop_app.domain.calendar import month_grid
from desktop_app.domain.errors import UserError
from desktop_app.domain.lunar import (
    LunarDate,
    lunar_new_year,
    lunar_to_solar,
    solar_to_lunar,
    year_name,
)

D = dt.date
VIETNAM = _ChineseLunisolar(VIETNAMESE_CALENDAR)
RANGE_MESSAGE = "Chỉ tính được âm lịch cho các năm 1900-2199."


def test_tet_matches_the_holidays_package() -> None:
    # The package's Vietnamese table starts to differ from ours only before 1968,
    # where it keeps UTC+7 while Vietnam then followed the UTC+8 calendar.
    wrong = []
    for year in range(1968, 2101):
        tet, _ = VIETNAM.lunar_new_year_date(year)
        assert tet is not None
        if solar_to_lunar(tet) != LunarDate(1, 1, year, False) or lunar_new_year(year) != tet:
            wrong.append((year, tet, lunar_new_year(year)))
    assert wrong == []


def test_tet_is_the_public_holiday_named_tet_nguyen_dan() -> None:
    wrong = []
    for year in range(1970, 2100):
        table = holidays.country_holidays("VN", years=year, language="vi")
        named = [day for day, name in table.items() if name == "Tết Nguyên Đán"]
        if named != [lunar_new_year(year)]:
            wrong.append((year, named, lunar_new_year(year)))
    assert wrong == []


def test_hung_kings_day_matches_the_holidays_package() -> None:
    # 10 tháng 3: lands in the wrong month if a leap month early in the year is misplaced.
    wrong = []
    for year in range(1968, 2101):
        day, _ = VIETNAM.hung_kings_date(year)
        assert day is not None
        back = solar_to_lunar(day)
        if lunar_to_solar(10, 3, year) != day or back != LunarDate(10, 3, year, False):
            wrong.append((year, day, back))
    assert wrong == []


@pytest.mark.parametrize(
    "tet",
    [
        D(1968, 1, 29),  # Tết Mậu Thân: the first year on UTC+7, a day before China
        D(1985, 1, 21),  # a month before China's, which placed its leap month elsewhere
        D(2007, 2, 17),
        D(2030, 2, 2),
    ],
)
def test_vietnam_only_tet_dates(tet: D) -> None:
    assert lunar_new_year(tet.year) == tet
    assert solar_to_lunar(tet) == LunarDate(1, 1, tet.year, False)
    assert solar_to_lunar(tet - dt.timedelta(days=1)).year == tet.year - 1
    # The point of these dates: the Chinese calendar (UTC+8) puts Tết elsewhere.
    assert _ChineseLunisolar(CHINESE_CALENDAR).lunar_new_year_date(tet.year)[0] != tet


@pytest.mark.parametrize(
    ("year", "month", "first_day"),
    [(2020, 4, D(2020, 5, 23)), (2023, 2, D(2023, 3, 22)), (2025, 6, D(2025, 7, 25))],
)
def test_leap_months(year: int, month: int, first_day: D) -> None:
    assert solar_to_lunar(first_day) == LunarDate(1, month, year, True)
    assert lunar_to_solar(1, month, year, leap=True) == first_day
    # The day before ends the ordinary month of the same number.
    before = solar_to_lunar(first_day - dt.timedelta(days=1))
    assert (before.month, before.year, before.leap) == (month, year, False)
    assert before.day in (29, 30)
    # Only one leap month in the year.
    for other in set(range(1, 13)) - {month}:
        with pytest.raises(UserError):
            lunar_to_solar(1, other, year, leap=True)


@pytest.mark.parametrize("year", [2021, 2022, 2024, 2026])
def test_years_without_a_leap_month(year: int) -> None:
    for month in range(1, 13):
        with pytest.raises(UserError):
            lunar_to_solar(1, month, year, leap=True)


@pytest.mark.parametrize(
    ("solar", "lunar"),
    [
        (D(2025, 10, 6), LunarDate(15, 8, 2025, False)),  # Tết Trung thu 2025
        # Published by baonghean.vn: 15-01-2026 is 27-11-2025 in the lunar calendar.
        (D(2026, 1, 15), LunarDate(27, 11, 2025, False)),
        # Month 10 of 2026 begins with the new moon of 2026-11-09 07:02 UT (14:02 in
        # Vietnam), three lunations after the total solar eclipse of 2026-08-12; the full
        # moon is on 2026-11-24. So 2026-11-23 is the 15th, not the 5th.
        (D(2026, 11, 23), LunarDate(15, 10, 2026, False)),
        (D(2024, 2, 9), LunarDate(30, 12, 2023, False)),  # giao thừa Tết Giáp Thìn
        # The leap month 11 of 2033, the rare case before Tết.
        (D(2033, 12, 22), LunarDate(1, 11, 2033, True)),
        # Both ends of the range: 1900 begins in lunar year 1899.
        (D(1900, 1, 1), LunarDate(1, 12, 1899, False)),
        (D(2199, 12, 31), LunarDate(14, 11, 2199, False)),
    ],
)
def test_known_dates(solar: D, lunar: LunarDate) -> None:
    assert solar_to_lunar(solar) == lunar
    assert lunar_to_solar(lunar.day, lunar.month, lunar.year, lunar.leap) == solar


def test_round_trip_and_continuity_2000_to_2030() -> None:
    day = D(2000, 1, 1)
    previous = solar_to_lunar(day - dt.timedelta(days=1))
    while day.year <= 2030:
        lunar = solar_to_lunar(day)
        assert lunar_to_solar(lunar.day, lunar.month, lunar.year, lunar.leap) == day
        if lunar.day == 1:
            assert previous.day in (29, 30), day
            assert (lunar.month, lunar.leap) != (previous.month, previous.leap), day
        else:
            assert lunar == LunarDate(
                previous.day + 1, previous.month, previous.year, previous.leap
            )
        previous = lunar
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((30, 3, 2024, False), "Tháng 3 âm lịch năm 2024 chỉ có 29 ngày."),
        ((30, 2, 2023, True), "Tháng 2 nhuận âm lịch năm 2023 chỉ có 29 ngày."),
        ((1, 5, 2024, True), "Năm âm lịch 2024 không có tháng 5 nhuận."),
        ((1, 13, 2024, False), "Tháng âm lịch phải từ 1 đến 12."),
        ((1, 0, 2024, False), "Tháng âm lịch phải từ 1 đến 12."),
        ((0, 1, 2024, False), "Ngày âm lịch phải từ 1 đến 30."),
        ((31, 1, 2024, False), "Ngày âm lịch phải từ 1 đến 30."),
        ((1, 1, 1898, False), RANGE_MESSAGE),
        ((1, 1, 2200, False), RANGE_MESSAGE),
        ((1, 10, 1899, False), RANGE_MESSAGE),  # falls in solar 1899
        ((1, 12, 2199, False), RANGE_MESSAGE),  # falls in solar 2200
    ],
)
def test_impossible_lunar_dates_are_refused_in_vietnamese(
    args: tuple[int, int, int, bool], message: str
) -> None:
    with pytest.raises(UserError) as err:
        lunar_to_solar(*args)
    assert str(err.value) == message


@pytest.mark.parametrize("day", [D(1899, 12, 31), D(2200, 1, 1), D(1, 1, 1), D(9999, 12, 31)])
def test_solar_days_outside_the_range_are_refused(day: D) -> None:
    with pytest.raises(UserError, match=RANGE_MESSAGE):
        solar_to_lunar(day)


@pytest.mark.parametrize("year", [1899, 2200])
def test_new_year_outside_the_range_is_refused(year: int) -> None:
    with pytest.raises(UserError, match=RANGE_MESSAGE):
        lunar_new_year(year)


@pytest.mark.parametrize(
    ("lunar", "short", "long"),
    [
        (LunarDate(15, 8, 2024, False), "15/8", "ngày 15 tháng 8 năm Giáp Thìn"),
        (LunarDate(3, 2, 2023, True), "3/2N", "ngày 3 tháng 2 nhuận năm Quý Mão"),
        (LunarDate(1, 3, 2024, False), "1/3", "ngày 1 tháng 3 năm Giáp Thìn"),
        (LunarDate(1, 1, 2025, False), "1/1", "ngày 1 tháng Giêng năm Ất Tỵ"),
        (LunarDate(23, 12, 2024, False), "23/12", "ngày 23 tháng Chạp năm Giáp Thìn"),
        (LunarDate(1, 11, 2033, True), "1/11N", "ngày 1 tháng 11 nhuận năm Quý Sửu"),
    ],
)
def test_texts(lunar: LunarDate, short: str, long: str) -> None:
    assert lunar.short() == short
    assert lunar.long() == long


@pytest.mark.parametrize(
    ("year", "name"),
    [
        (1984, "Giáp Tý"),
        (1900, "Canh Tý"),
        (2000, "Canh Thìn"),
        (2026, "Bính Ngọ"),
        (2043, "Quý Hợi"),
        (2199, "Kỷ Hợi"),
    ],
)
def test_year_names(year: int, name: str) -> None:
    assert year_name(year) == name


def test_a_warm_month_view_is_fast() -> None:
    days = [day for week in month_grid(2024, 2) for day in week]
    for day in days:  # warm the cache: the first call computes the year's months
        solar_to_lunar(day)
    start = time.perf_counter()
    for day in days:
        solar_to_lunar(day)
    # Typically about 0.1 ms; the bound leaves room for a slow, busy test machine.
    assert time.perf_counter() - start < 0.010
