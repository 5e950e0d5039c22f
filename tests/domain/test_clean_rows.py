"""A row proven clean from the values met before is one the record rules find nothing in.

The office's sheet and the package reader read a million rows: :class:`CleanRows` remembers
the values that passed the rules, so a status or a day met again is not put to them again. It
must never call a row clean that :func:`row_problems` would flag (a flag dropped from a file),
whatever was met before it.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.clean_rows import CleanRows
from desktop_app.domain.record_rules import RULES, row_problems

# Values that pass some rules and break others: types the rules tell apart though Python
# finds them equal (1, 1.0, True), days real and not, texts with control characters.
VALUES: list[Any] = [
    None,
    "",
    " ",
    "x",
    "lead",
    "support",
    "not_started",
    "done",
    "date",
    "month",
    "quarter",
    "recurring",
    "undated",
    "none",
    "FREQ=MONTHLY;BYMONTHDAY=25",
    "FREQ=SOMETIMES",
    "2026-06-15",
    "2026-06-31",
    "9999-01-01",
    "2026-11-15T08:00:00.000000Z",
    "Rà soát\x0bđội ngũ",
    "[]",
    '["Đoạn", 2',
    "{}",
    "a" * 70,
    "b" * 3000,
    0,
    1,
    1.0,
    True,
    False,
    13,
    -5,
    2026,
    2026.0,
    b"\x01",
]
TABLES = sorted(RULES)


def _row(table: str, draw: Callable[..., Any]) -> tuple[tuple[str, ...], list[Any]]:
    columns = sorted(RULES[table])
    names = tuple(draw(st.lists(st.sampled_from(columns), min_size=1, max_size=8, unique=True)))
    values = [draw(st.sampled_from(VALUES)) for _ in names]
    if "id" in names and draw(st.booleans()):  # a link to its own row
        for i, name in enumerate(names):
            if name in ("parent_id", "merged_into"):
                values[i] = values[names.index("id")]
    return names, values


@st.composite
def rows(draw: st.DrawFn) -> list[tuple[str, tuple[str, ...], list[Any]]]:
    """Rows of several kinds, in the order a reader meets them."""
    out = []
    for _ in range(draw(st.integers(1, 12))):
        table = draw(st.sampled_from(TABLES))
        names, values = _row(table, draw)
        out.append((table, names, values))
    return out


@settings(max_examples=400, deadline=None)
@given(rows())
def test_a_row_is_clean_exactly_when_the_rules_find_nothing(
    met: list[tuple[str, tuple[str, ...], list[Any]]],
) -> None:
    checks = CleanRows()
    for table, names, values in met:
        try:
            expected = not row_problems(table, dict(zip(names, values, strict=True)))
        except AttributeError:  # the rules themselves choke (a deadline's words not text)
            with pytest.raises(AttributeError):
                checks.clean(table, names, values)
            continue
        assert checks.clean(table, names, values) is expected, (table, names, values)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TABLES), st.data())
def test_a_batch_proves_clean_exactly_the_rows_the_rules_find_nothing_in(
    table: str, data: st.DataObject
) -> None:
    checks = CleanRows()
    for _batch in range(data.draw(st.integers(1, 3))):  # values met in a batch before
        names, first = _row(table, data.draw)
        rows = [first]
        for _ in range(data.draw(st.integers(0, 10))):
            rows.append([data.draw(st.sampled_from(VALUES)) for _ in names])
        expected = set()
        for i, values in enumerate(rows):
            try:
                if row_problems(table, dict(zip(names, values, strict=True))):
                    expected.add(i)
            except AttributeError:  # the rules themselves choke: not for this test
                return
        # The batch as a reader gets it: the plan's id first, skipped.
        batch = [("plan", *values) for values in rows]
        assert checks.unproven(table, names, batch, skip=1) == expected, (table, names, rows)


def test_values_each_clean_may_still_make_a_bad_deadline_together() -> None:
    checks = CleanRows()
    names = ("deadline_kind", "deadline_year", "deadline_month", "text")
    assert checks.clean("tasks", names, ["month", 2026, 3, "Báo cáo"])
    assert checks.clean("tasks", names, ["year", 2026, None, "Báo cáo"])
    # A month deadline without its month: each value met before, the set never.
    assert not checks.clean("tasks", names, ["month", 2026, None, "Báo cáo"])
    assert row_problems("tasks", dict(zip(names, ["month", 2026, None, ""], strict=True)))


def test_a_value_equal_in_python_but_not_to_the_rules_is_checked_again() -> None:
    checks = CleanRows()
    assert checks.clean("tasks", ("position",), [1])
    assert not checks.clean("tasks", ("position",), [1.0])
    assert not checks.clean("tasks", ("position",), [True])
    assert checks.clean("tasks", ("due_date",), ["2026-06-15"])
    assert not checks.clean("tasks", ("due_date",), [dt.date(2026, 6, 15)])


def test_a_section_under_itself_is_never_clean() -> None:
    checks = CleanRows()
    names = ("id", "parent_id", "title")
    assert checks.clean("sections", names, ["a1", "b2", "Mục"])
    assert checks.clean("sections", names, ["b2", "a1", "Mục"])
    assert not checks.clean("sections", names, ["a1", "a1", "Mục"])


def test_a_kind_of_record_the_rules_do_not_know_is_never_clean() -> None:
    assert not CleanRows().clean("khong_co", ("id",), ["a1"])
