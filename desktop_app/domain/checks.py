"""Checks that point out what is wrong or doubtful in a plan before it goes out.

Each check gives :class:`Finding` values; the window lists them and ``check`` prints them.
This module holds the calendar checks: days that land on a day off, and a weekday written
in the text that does not match its date ("Thứ Bảy, ngày 01/11/2026" is a Sunday).
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from desktop_app.domain.calendar import WEEKDAY_NAMES
from desktop_app.domain.deadlines import date_text
from desktop_app.domain.plans import Plan, walk_sections
from desktop_app.domain.text import normalize_tone


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_LABELS: dict[Severity, str] = {
    Severity.ERROR: "Lỗi",
    Severity.WARNING: "Cảnh báo",
    Severity.INFO: "Lưu ý",
}


@dataclass(frozen=True)
class Finding:
    severity: Severity
    message: str


def days_off_findings(
    plan: Plan, off: Mapping[dt.date, str], window: tuple[dt.date, dt.date] | None = None
) -> list[Finding]:
    """Events and due dates of the plan that fall on a public holiday or an office day off.

    Args:
        plan: the plan.
        off: day -> name of every day off in the period looked at (see ``days_off``).
        window: the period recurring deadlines are expanded over; None = the plan's year
            and the next.
    """
    findings: list[Finding] = []
    for event in plan.events:
        if event.date in off:
            findings.append(
                Finding(
                    Severity.WARNING,
                    f"{event.label} ({_weekday_date(event.date)}) trùng ngày nghỉ "
                    f"“{off[event.date]}”: nên dời sang ngày khác.",
                )
            )
    if window is None and plan.date is not None:
        window = (dt.date(plan.date.year, 1, 1), dt.date(plan.date.year + 1, 12, 31))
    for task in plan.tasks:
        d = task.deadline
        days = d.occurrences(plan.date, window) if d.is_recurring else []
        due = d.due_date()
        if due is not None and d.on is not None:
            days.append(due)
        for day in days:
            if day in off:
                findings.append(
                    Finding(
                        Severity.INFO,
                        f"Hạn “{d.summary()}” của nhiệm vụ “{_short(task.text)}” rơi vào "
                        f"{_weekday_date(day)}, ngày nghỉ “{off[day]}”.",
                    )
                )
    return findings


WEEKDAY_WORDS = ("thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật")
_WEEKDAY_NUMBERS = {"2": 0, "3": 1, "4": 2, "5": 3, "6": 4, "7": 5}
_WRITTEN_DAY = re.compile(
    r"(?<!\w)(?P<weekday>thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s*"
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s*[/\-.]\s*(?P<m>\d{1,2})\s*[/\-.]\s*(?P<y>\d{4})"
)


def weekday_findings(texts: Iterable[str]) -> list[Finding]:
    """Every "Thứ Bảy, ngày 01/11/2026" whose weekday is not that date's (each told once)."""
    findings: list[Finding] = []
    for text in texts:
        for m in _WRITTEN_DAY.finditer(normalize_tone(text).lower()):
            try:
                day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                findings.append(
                    Finding(Severity.ERROR, f"Ngày {m['d']}/{m['m']}/{m['y']} không có trên lịch.")
                )
                continue
            word = " ".join(m["weekday"].split())
            written = _WEEKDAY_NUMBERS.get(word[-1]) if word[-1].isdigit() else None
            if written is None:
                written = WEEKDAY_WORDS.index(word)
            if written != day.weekday():
                findings.append(
                    Finding(
                        Severity.WARNING,
                        f"Văn bản ghi “{text[m.start() : m.end()]}” nhưng {date_text(day)} là "
                        f"{WEEKDAY_NAMES[day.weekday()]}.",
                    )
                )
    return list(dict.fromkeys(findings))


def plan_texts(plan: Plan) -> list[str]:
    """Every text of a plan a person wrote, for the text checks."""
    texts = [plan.title, *plan.bases, *plan.preamble, *plan.closing]
    for _, section in walk_sections(plan.sections):
        texts += [section.title, *section.paragraphs]
    texts += [t.text for t in plan.tasks]
    texts += [f"{e.label}: {e.note}" for e in plan.events]
    for appendix in plan.appendices:
        texts += [appendix.attached_line, *appendix.paragraphs]
    return texts


def _weekday_date(day: dt.date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]}, {date_text(day)}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
