"""Reading the deadline wording of Vietnamese plans ("trước ngày 05 hằng tháng").

The parser accepts only the shapes the plans use and refuses everything else with
:class:`DeadlineNotUnderstoodError`: a deadline read wrongly is worse than one the clerk types in,
so there is no guessing. Both the deadline editor and the document importer use it.
"""

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from desktop_app.domain.deadlines import Deadline, DeadlineKind
from desktop_app.domain.errors import UserError
from desktop_app.domain.text import clean, normalize_tone

EXAMPLES = (
    "trước ngày 25/6/2026; trong tháng 6/2024; trong quý II-2023; trong năm 2025; "
    "trước ngày 05 hằng tháng; trước ngày 25-12 hằng năm; hằng tuần; thường xuyên"
)


class DeadlineNotUnderstoodError(UserError):
    """The wording is not one the parser knows; the message says what it expects."""


class UnknownWordingError(DeadlineNotUnderstoodError):
    """The wording has none of the known shapes (as opposed to a known one with a bad day)."""


_DAY = r"(?P<day>\d{1,2})"
_MONTH = r"(?P<month>\d{1,2})"
_YEAR = r"(?P<year>\d{4})"
_SEP = r"\s*[/.\-]\s*"
_EVERY = r"(?:hằng|hàng|mỗi)"
_PERIODIC = r"(?:định kỳ\s*,?\s*)?"
# "định kỳ hằng tuần hoặc đột xuất": the ad hoc part adds no due date of its own.
_AD_HOC = r"(?:\s*(?:,|hoặc|và)\s*(?:báo cáo\s+)?đột xuất)?"
_BY = r"(?:(?P<by>trước|chậm nhất(?: là)?|muộn nhất(?: là)?|đến(?: hết)?|vào|trong)\s*)?"
# A "done by" word in front of the wording: "hoàn thành trước ngày ...", "thời hạn: ...".
_LEAD_IN = re.compile(
    r"^(?:(?:thời hạn|thời gian)(?: hoàn thành)?\s*:?\s*|hoàn thành\s*:?\s*|xong\s+)"
)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
WEEKDAY_CODES = {  # the weekday words of the plans -> RFC 5545 BYDAY codes
    "thứ hai": "MO",
    "thứ 2": "MO",
    "thứ ba": "TU",
    "thứ 3": "TU",
    "thứ tư": "WE",
    "thứ 4": "WE",
    "thứ năm": "TH",
    "thứ 5": "TH",
    "thứ sáu": "FR",
    "thứ 6": "FR",
    "thứ bảy": "SA",
    "thứ 7": "SA",
    "chủ nhật": "SU",
}
WEEKDAY_PATTERN = r"(?P<weekday>thứ (?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ nhật)"

_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern)
    for name, pattern in {
        "monthly": rf"{_PERIODIC}{_BY}ngày\s*{_DAY}\s*{_EVERY}\s*tháng{_AD_HOC}",
        "yearly": (
            rf"{_PERIODIC}{_BY}ngày\s*{_DAY}(?:{_SEP}|\s+tháng\s+){_MONTH}\s*{_EVERY}\s*năm"
            rf"{_AD_HOC}"
        ),
        "weekly": (
            rf"{_PERIODIC}{_BY}(?:(?:sáng|chiều)\s+)?(?:{WEEKDAY_PATTERN}\s*)?{_EVERY}\s*tuần{_AD_HOC}"
        ),
        "every": rf"{_PERIODIC}(?P<unit>{_EVERY}\s*(?:tháng|quý|năm)){_AD_HOC}",
        "date": rf"{_BY}(?:ngày\s*)?{_DAY}{_SEP}{_MONTH}(?:{_SEP}{_YEAR})?",
        "date_words": rf"{_BY}ngày\s*{_DAY}\s+tháng\s+{_MONTH}(?:\s+năm\s+{_YEAR})?",
        "month": rf"(?:trong\s*)?tháng\s*{_MONTH}(?:(?:{_SEP}|\s+năm\s+){_YEAR})?",
        "quarter": (
            rf"(?:trong\s*)?qu[ýí]\s*(?P<quarter>iv|iii|ii|i|[1-4])"
            rf"(?:(?:{_SEP}|\s+năm\s+|\s+){_YEAR})?"
        ),
        # "6 tháng đầu năm 2026" is due in June, "6 tháng cuối năm" in December.
        "half": rf"(?:trong\s*)?6 tháng (?P<half>đầu|cuối) năm(?:\s*{_YEAR})?",
        "year": rf"(?:trong\s*)?năm\s*{_YEAR}",
        "ongoing": rf"(?:thường xuyên(?:\s*,?\s*liên tục)?|liên tục|định kỳ{_AD_HOC})",
    }.items()
}


def normalize(text: str) -> str:
    """Lower case, one tone placement, single spaces, no trailing punctuation or marks."""
    s = normalize_tone(clean(text)).lower().replace("*", "")
    s = re.sub(r"\s+", " ", s).strip()
    return s.strip(" .;,:()")


def parse_deadline(text: str, *, default_year: int | None = None) -> Deadline:
    """The deadline a wording means, keeping the wording itself.

    Args:
        text: the deadline as a plan writes it ("hoàn thành trong quý II-2023").
        default_year: the year for a wording without one ("trước ngày 25/6"), usually the
            plan's; without it such a wording is not understood.

    Raises:
        DeadlineNotUnderstoodError: for any wording outside the known shapes, or a date that
            does not exist (31/02/2026); the message says what is accepted.
    """
    original = clean(text)
    s = _LEAD_IN.sub("", normalize(original))
    if not s:
        return Deadline(DeadlineKind.NONE, text=original)
    for name, pattern in _PATTERNS.items():
        match = pattern.fullmatch(s)
        if match:
            return _build(name, match, original, default_year)
    raise UnknownWordingError(
        f"Chưa hiểu thời hạn “{original}”. Hãy viết theo một trong các mẫu: {EXAMPLES}."
    )


def read_deadline(text: str, *, default_year: int | None = None) -> Deadline:
    """The deadline a wording means; a wording of no known shape is kept as written.

    "khi có hướng dẫn của cấp trên" names no day: it becomes an UNDATED deadline holding
    those words, counted as "chưa xác định ngày". A known shape with an impossible value
    ("trước ngày 31/02/2026") is still refused: that is a typo to fix, not a wording to keep.

    Raises:
        DeadlineNotUnderstoodError: a known shape with a day, month or year that does not exist.
    """
    try:
        return parse_deadline(text, default_year=default_year)
    except UnknownWordingError:
        return Deadline(DeadlineKind.UNDATED, text=clean(text))


@dataclass(frozen=True)
class FoundDeadline:
    """A deadline found inside a longer sentence, with where its wording sits."""

    deadline: Deadline
    start: int
    end: int


_SPECIFIC = (
    "monthly",
    "yearly",
    "weekly",
    "every",
    "date",
    "date_words",
    "quarter",
    "half",
    "month",
    "year",
)


def find_deadline(sentence: str, *, default_year: int | None = None) -> FoundDeadline | None:
    """The first deadline wording inside a task's sentence, for the document importer.

    "Hoàn thành việc học tập, quán triệt trong tháng 6/2024." gives the month deadline with
    the text "trong tháng 6/2024". A dated or recurring wording anywhere in the sentence wins
    over "thường xuyên" or a bare "định kỳ". A wording that looks like a deadline but does
    not parse (a date that does not exist), a date cited with a document and a bare "hằng
    tháng" are skipped, never guessed.
    """
    cleaned = clean(sentence)
    folded = normalize_tone(cleaned).lower()
    if len(folded) != len(cleaned):  # positions must map back onto the original text
        return None
    for names in (_SPECIFIC, ("ongoing",)):
        found = [f for name in names if (f := _first(name, cleaned, folded, default_year))]
        if found:
            return min(found, key=lambda f: (f.start, -f.end))
    return None


# A deadline's date follows a word that makes it one: "trước ngày", "hoàn thành ngày".
_DUE_WORDS = re.compile(r"(?:hoàn thành|thời hạn|xong|trước|chậm nhất|muộn nhất|đến|vào)\W*$")


def _only_looks_like_one(name: str, match: re.Match[str], folded: str) -> bool:
    """A wording that has a deadline's shape but says something else.

    A date cited with a document ("Nghị quyết số 18-NQ/TW, ngày 25-10-2017") is not a due
    date; a bare "hằng tháng" inside a sentence ("ra quân hằng tháng") says how often, not
    by when.
    """
    if name == "every":
        return not match.group(0).startswith("định kỳ")
    if name in ("date", "date_words") and match["by"] is None:
        return not _DUE_WORDS.search(folded[max(0, match.start() - 30) : match.start()])
    return False


def _first(name: str, cleaned: str, folded: str, default_year: int | None) -> FoundDeadline | None:
    for match in _search_pattern(name).finditer(folded):
        if _only_looks_like_one(name, match, folded):
            continue
        wording = cleaned[match.start() : match.end()].strip(" .;,:")
        try:
            deadline = _build(name, match, wording, default_year)
        except DeadlineNotUnderstoodError:
            continue
        return FoundDeadline(deadline, match.start(), match.end())
    return None


@functools.cache
def _search_pattern(name: str) -> re.Pattern[str]:
    # Searching inside a sentence needs word boundaries the full-match patterns do not.
    return re.compile(r"(?<!\w)(?:" + _PATTERNS[name].pattern + r")(?!\w)")


def _build(name: str, m: re.Match[str], text: str, default_year: int | None) -> Deadline:
    groups = m.groupdict()
    before = groups.get("by") == "trước"
    if name == "ongoing":
        return Deadline(DeadlineKind.ONGOING, text=text)
    if name == "monthly":
        day = _day_of_month(groups["day"], None, text)
        return Deadline(DeadlineKind.RECURRING, text=text, rrule=_monthly(day), before=before)
    if name == "yearly":
        month = _month(groups["month"], text)
        day = _day_of_month(groups["day"], month, text)
        # 29 February falls back to the 28th in other years, as "hằng tháng" does.
        days = "BYMONTHDAY=28,29;BYSETPOS=-1" if (month, day) == (2, 29) else f"BYMONTHDAY={day}"
        rule = f"FREQ=YEARLY;BYMONTH={month};{days}"
        return Deadline(DeadlineKind.RECURRING, text=text, rrule=rule, before=before)
    if name == "weekly":
        weekday = groups.get("weekday")
        rule = "FREQ=WEEKLY" + (f";BYDAY={WEEKDAY_CODES[weekday]}" if weekday else "")
        return Deadline(DeadlineKind.RECURRING, text=text, rrule=rule, before=before)
    if name == "every":
        unit = groups["unit"].split()[-1]
        rule = {
            "tháng": "FREQ=MONTHLY;BYMONTHDAY=-1",
            "quý": "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1",
            "năm": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31",
        }[unit]
        return Deadline(DeadlineKind.RECURRING, text=text, rrule=rule)
    year = _year(groups.get("year"), default_year, text)
    if name in ("date", "date_words"):
        month = _month(groups["month"], text)
        try:
            on = dt.date(year, month, int(groups["day"]))
        except ValueError:
            raise DeadlineNotUnderstoodError(
                f"Ngày {groups['day']}/{month}/{year} trong “{text}” không có trên lịch."
            ) from None
        return Deadline(DeadlineKind.DATE, text=text, on=on, before=before)
    if name == "month":
        return Deadline(
            DeadlineKind.MONTH, text=text, year=year, month=_month(groups["month"], text)
        )
    if name == "half":
        return Deadline(
            DeadlineKind.MONTH, text=text, year=year, month=6 if groups["half"] == "đầu" else 12
        )
    if name == "quarter":
        return Deadline(
            DeadlineKind.QUARTER, text=text, year=year, quarter=_ROMAN[groups["quarter"]]
        )
    return Deadline(DeadlineKind.YEAR, text=text, year=year)


def _year(value: str | None, default: int | None, text: str) -> int:
    year = int(value) if value else default
    if year is None:
        raise DeadlineNotUnderstoodError(f"Thời hạn “{text}” thiếu năm; hãy ghi rõ năm.")
    if not 1900 <= year <= 2200:
        raise DeadlineNotUnderstoodError(f"Năm {year} trong “{text}” không hợp lệ.")
    return year


def _month(value: str, text: str) -> int:
    month = int(value)
    if not 1 <= month <= 12:
        raise DeadlineNotUnderstoodError(f"Tháng {month} trong “{text}” không có trên lịch.")
    return month


def _day_of_month(value: str, month: int | None, text: str) -> int:
    day = int(value)
    longest = 31 if month is None else (29 if month == 2 else calendar.monthrange(2001, month)[1])
    if not 1 <= day <= longest:
        where = "một tháng" if month is None else f"tháng {month}"
        raise DeadlineNotUnderstoodError(f"Ngày {day} trong “{text}” không có trong {where}.")
    return day


def _monthly(day: int) -> str:
    # "trước ngày 29 hằng tháng" in February means the 28th: take the last of 28..29 that
    # the month has, instead of skipping the month as a plain BYMONTHDAY=29 would.
    if day <= 28:
        return f"FREQ=MONTHLY;BYMONTHDAY={day}"
    days = ",".join(str(d) for d in range(28, day + 1))
    return f"FREQ=MONTHLY;BYMONTHDAY={days};BYSETPOS=-1"
