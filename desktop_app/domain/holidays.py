"""Public holidays of Vietnam (from the ``holidays`` package, names in Vietnamese)."""

import datetime as dt
import functools

import holidays as _holidays


@functools.lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[dt.date, str]:
    """Holidays of one year, day -> Vietnamese name ("Tết Nguyên Đán", "Quốc khánh")."""
    table = _holidays.country_holidays("VN", years=year, language="vi")
    return {day: str(name) for day, name in sorted(table.items())}
