"""Reading stored rows that break the record rules, for a file that must still be written.

A Word document, a progress sheet or a schedule read from a workspace with bad rows in it
(an older version, a hand edit) is written anyway: each value the rules refuse is replaced by
a harmless one, and what was wrong is printed in the text of its record, so the file cannot
look clean. The rules are :func:`desktop_app.domain.record_rules.row_problems`; nothing here
says what is right or wrong, only what to print instead.
"""

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from desktop_app.domain.clean_rows import CleanRows
from desktop_app.domain.deadlines import FIRST_YEAR, DeadlineKind
from desktop_app.domain.plans import AppendixKind, PlanStatus, RecipientRole, System, TaskStatus
from desktop_app.domain.record_rules import (
    FLAG_QUOTE,
    FieldProblem,
    flag_text,
    readable_text,
    row_problems,
)

_DEADLINE_COLUMNS = (
    "deadline_date",
    "deadline_year",
    "deadline_month",
    "deadline_quarter",
    "deadline_rrule",
    "deadline_start",
)
_FIRST_DAY = f"{FIRST_YEAR}-01-01"
# What a refused value that is not a text is read as: the value that claims least (no date,
# not started, a draft, no link); a NOT NULL day the first day the rules allow.
_FALLBACKS: dict[str, object] = {
    "system": System.STATE.value,
    "number": None,
    "plan_date": None,
    "position": 0,
    "run_in": 0,
    "all_hamlets": 0,
    "deadline_before": 0,
    "section_id": None,
    "parent_id": None,
    "rule_id": None,
    "unit_id": None,
    "rule_date": None,
    "due_date": None,
    "event_date": _FIRST_DAY,
    "start": _FIRST_DAY,
    "rrule": "FREQ=YEARLY;COUNT=1",
    "event_time": None,
    "bases": "[]",
    "preamble": "[]",
    "closing": "[]",
    "paragraphs": "[]",
    "measures": "[]",
    "recipients": "[]",
    "signature": "{}",
}
_TABLE_FALLBACKS: dict[tuple[str, str], object] = {
    ("plans", "status"): PlanStatus.DRAFT.value,
    ("tasks", "status"): TaskStatus.NOT_STARTED.value,
    ("recipients", "role"): RecipientRole.TO.value,
    ("appendices", "kind"): next(iter(AppendixKind)).value,
    ("task_units", "role"): "support",
}


def _quoted(value: object) -> str:
    text = readable_text(value, FLAG_QUOTE + 1)
    return f"“{text[:FLAG_QUOTE]}…”" if len(text) > FLAG_QUOTE else f"“{text}”"


class RuleChecks(CleanRows):
    """What the record rules said of values met before, shared by the flags of many plans.

    The rules' word on a unit's name or a link's role is the same in every plan that names
    it: a batch of plans (the whole office's sheet) asks once, and each plan's flags still
    record the problems as their own. Whole rows are proven clean the same way (CleanRows).
    """

    def __init__(self) -> None:
        super().__init__()
        self.units: dict[tuple[str, object], tuple[str, list[FieldProblem]]] = {}
        self.values: dict[tuple[str, str, object], list[FieldProblem]] = {}


class FlaggedRows:
    """Rows read for a file: bad values replaced, and named in their row's text.

    Attributes:
        problems: every value replaced so far, to tell the clerk how many and where.
    """

    def __init__(self, checks: "RuleChecks | None" = None) -> None:
        self.problems: list[FieldProblem] = []
        self._unit_names: dict[str, str] = {}
        self._checks = checks or RuleChecks()

    @property
    def checks(self) -> RuleChecks:
        """The rules' word on the values met, shared with the flags of the other plans."""
        return self._checks

    def read(
        self,
        conn: sqlite3.Connection,
        table: str,
        text_column: str,
        sql: str,
        params: Sequence[Any] = (),
    ) -> list[tuple[Any, ...]]:
        """The rows of ``sql`` (plain column names of ``table``), each one readable.

        Args:
            conn: the workspace file.
            table: the kind of record the rows are.
            text_column: the column printed for the row, which carries the flag.
            sql: the query; its columns are named as the table names them.
            params: the query's parameters.
        """
        cursor = conn.execute(sql, params)
        names = tuple(d[0] for d in cursor.description)
        return [self.row(table, text_column, names, raw) for raw in cursor]

    def row(
        self, table: str, text_column: str, names: Sequence[str], raw: Sequence[Any]
    ) -> tuple[Any, ...]:
        """One row as :meth:`read` returns it."""
        if self._checks.clean(table, names, raw):  # most rows: nothing to replace or record
            return tuple(raw)
        printed, found = self._checked(table, text_column, names, raw)
        self.problems.extend(found)
        return printed

    def _checked(
        self, table: str, text_column: str, names: Sequence[str], raw: Sequence[Any]
    ) -> tuple[tuple[Any, ...], list[FieldProblem]]:
        """One row as printed, and what is wrong with it; nothing recorded."""
        if self._checks.clean(table, names, raw):
            return tuple(raw), []
        row = dict(zip(names, raw, strict=True))
        found = row_problems(table, row)
        if not found:
            return tuple(raw), found
        stored = dict(row)
        said: dict[str, list[str]] = {}
        for problem in found:
            quote = ""
            if problem.column in row:
                quote = self._replace(table, row, problem.column, stored[problem.column])
            target = (
                "deadline_text"
                if table == "tasks" and problem.column.startswith("deadline")
                else text_column
            )
            said.setdefault(target, []).append(problem.field_text() + quote)
        for column, messages in said.items():
            row[column] = f"{readable_text(row.get(column) or '')} {flag_text(messages)}".strip()
        return tuple(row[name] for name in names), found

    @staticmethod
    def _replace(table: str, row: dict[str, Any], column: str, value: object) -> str:
        """Put a harmless value in place of the bad one; the stored value as quoted."""
        if table == "tasks" and column.startswith("deadline"):
            # A deadline that breaks the rules is kept as its words only: never overdue,
            # never on the calendar, and the words printed with the flag.
            row["deadline_kind"] = "undated"
            for name in _DEADLINE_COLUMNS:
                if name in row:
                    row[name] = None
            known_kind = column == "deadline_kind" and value in {k.value for k in DeadlineKind}
            return "" if value is None or known_kind else f" ({_quoted(value)})"
        if column == "report_date":  # a report whose day cannot be read is printed as of today
            row[column] = dt.date.today().isoformat()
        elif (table, column) in _TABLE_FALLBACKS:
            row[column] = _TABLE_FALLBACKS[table, column]
        elif column in _FALLBACKS:
            row[column] = _FALLBACKS[column]
        elif value is None:
            row[column] = ""
        else:  # a text: what can still be printed of it stays in place
            row[column] = readable_text(value)
            return ""
        return "" if value is None else f" ({_quoted(value)})"

    def dangling(self, table: str, row_id: object, column: str, what: str) -> str:
        """A link to a row that is not there: the name printed in place of the missing one."""
        problem = FieldProblem(table, str(row_id), column, f"trỏ tới {what} không có")
        self.problems.append(problem)
        return flag_text([problem.field_text()])

    def value(self, table: str, row_id: object, column: str, value: object) -> object:
        """One value of a link row that is not printed itself (a role): harmless if bad.

        The same few values recur on every row: each is put to the rules once.
        """
        key = (table, column, value)
        found = self._checks.values.get(key)
        if found is None:
            found = self._checks.values[key] = row_problems(table, {column: value})
        if not found:
            return value
        self.problems.extend(replace(p, row_id=str(row_id)) for p in found)
        row = {column: value}
        self._replace(table, row, column, value)
        return row[column]

    def refused(self, table: str, column: str, value: object) -> bool:
        """Whether the rules refused ``value`` when :meth:`value` was asked about it."""
        return bool(self._checks.values.get((table, column, value)))

    def unit_name(self, unit_id: str, name: object) -> str:
        """A linked unit's name as printed; read once per unit (a plan names a few often).

        Its problems are this plan's once, however often the plan names it.
        """
        known = self._unit_names.get(unit_id)
        if known is None:
            key = (unit_id, name)
            checked = self._checks.units.get(key)
            if checked is None:
                printed, found = self._checked("units", "name", ("id", "name"), key)
                checked = self._checks.units[key] = (printed[1], found)
            known = self._unit_names[unit_id] = checked[0]
            self.problems.extend(checked[1])
        return known

    def texts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.text() for p in self.problems))
