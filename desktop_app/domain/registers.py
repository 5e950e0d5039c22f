"""Which documents share a run of numbers (the register a number is taken from).

- State documents (Nghị định 30/2020, Điều 15): one run per issuing body per calendar year,
  from 01 on 1 January.
- Party documents (Hướng dẫn 36-HD/VPTW 1.3, Hướng dẫn 05-HD/VPTW mục 3): one run per type of
  document per committee term, from the close of one congress to the close of the next. The
  office sets the day its current term began; a Party document dated before it belongs to
  the earlier term, whose start the program does not know, so it is counted by its calendar
  year up to that day.

A register that changes scheme keeps what it gave: numbers are never recomputed, and every
number already given inside the new run counts as used, so the next one is past them all.

Every numbered document the program issues takes its number here: a plan (its own type, KH,
CTr ...), its progress report (BC), the decision issuing it (QĐ) and the weekly schedule
(LCT). Plans and reports keep their number on their own row; the decision and the schedule,
which are printed from other data, keep theirs as an :class:`IssuedNumber`.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from desktop_app.domain.plans import System
from desktop_app.domain.registry import Registry

TERM_START_SETTING = "party_term_start"

# Type abbreviations (NĐ 30 Phụ lục III mục I; HD 05 mục 3): a Party register runs per type.
REPORT_TYPE = "BC"
DECISION_TYPE = "QĐ"
SCHEDULE_TYPE = "LCT"


class NumberedKind(StrEnum):
    """Documents whose number is kept apart from the data they print."""

    DECISION = "decision"  # Quyết định ban hành Kế hoạch
    SCHEDULE = "schedule"  # Lịch công tác tuần


NUMBERED_KIND_LABELS: Registry[NumberedKind, str] = Registry(
    NumberedKind,
    {
        NumberedKind.DECISION: "Quyết định ban hành kế hoạch",
        NumberedKind.SCHEDULE: "Lịch công tác tuần",
    },
    "numbered document kind labels",
)


@dataclass(frozen=True)
class IssuedNumber:
    """A number a register gave to a decision or a weekly schedule; it stays once given.

    ``id`` names the document ("decision:<plan id>", "schedule:party:2026-12-07"): the same
    document numbered again gets the same number back.
    """

    id: str
    kind: NumberedKind
    issuer: str
    doc_type: str
    number: int
    day: dt.date


def decision_number_id(plan_id: str) -> str:
    return f"{NumberedKind.DECISION.value}:{plan_id}"


def schedule_number_id(system: System, monday: dt.date) -> str:
    return f"{NumberedKind.SCHEDULE.value}:{system.value}:{monday.isoformat()}"


@dataclass(frozen=True)
class Register:
    """One run of numbers.

    It holds the issuer's documents of ``doc_type`` (None: every type) dated from ``start``
    up to, not including, ``end``.
    """

    issuer: str
    doc_type: str | None
    start: dt.date
    end: dt.date
    label: str  # "năm 2026", "nhiệm kỳ từ ngày 15/10/2025"


def register_for(
    system: System, issuer: str, doc_type: str, day: dt.date, term_start: dt.date | None
) -> Register:
    """The register a document of ``system`` and ``doc_type`` dated ``day`` is numbered in."""
    year_start, next_year = dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1)
    if system is System.STATE:
        return Register(issuer, None, year_start, next_year, f"năm {day.year}")
    kind = doc_type.strip() or "KH"
    if term_start is not None and day >= term_start:
        return Register(
            issuer, kind, term_start, dt.date.max, f"nhiệm kỳ từ ngày {term_start:%d/%m/%Y}"
        )
    end = min(next_year, term_start) if term_start is not None else next_year
    return Register(issuer, kind, year_start, end, f"năm {day.year}")


def parse_term_start(text: str) -> dt.date | None:
    """The stored setting ("2025-10-15") as a date; None when unset or unreadable."""
    try:
        return dt.date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None
