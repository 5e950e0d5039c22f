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
"""

import datetime as dt
from dataclasses import dataclass

from desktop_app.domain.plans import System

TERM_START_SETTING = "party_term_start"


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
