"""The package reader's row check gives the full check's answers, row after row.

``RowCheck`` proves rows clean a batch at a time, each distinct value put to its rule once
(domain/clean_rows.py), and sends any row it cannot prove clean to the full check. Rows here mix
good and bad values, on one checker, so that a remembered value meets every kind of row.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.record_rules import row_problems
from desktop_app.storage.package import (
    TABLES,
    Column,
    RowCheck,
    row_schema_problems,
    table_columns,
)
from desktop_app.workspace import Workspace

# Values that pass some rule and break others: the same value in another column, type or
# row must not be taken for one already passed.
VALUES: list[Any] = [
    None, "", " ", "x", "a\x00b", "a\tb", "x" * 65, "x" * 2_001, 0, 1, -1, 5, 13, 2_100,
    10_000_001, True, False, 1.0, 1.5, [], {}, "2024-01-31", "2024-02-30", "1899-12-31",
    "2024-1-1", "2026-12-07T08:00:00.000000Z", "2026-13-07T08:00:00.000000Z",
    "not_started", "done", "lead", "support", "date", "month", "recurring", "none",
    "FREQ=WEEKLY", "FREQ=NEVER", "[]", '["đoạn"]', '["a", 1]', "{}", '{"người": 3}',
    '{"x": "y"}', "[1", "ab12", "zz", "r1", "r2", "state", "commune", "unit", "thon",
]  # fmt: skip


@pytest.fixture(scope="module")
def columns(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Column]]]:
    ws = Workspace.open(Path(tmp_path_factory.mktemp("rows")) / "w.sqlite")
    try:
        yield {t: table_columns(ws.store.conn, t) for t in TABLES}
    finally:
        ws.close()


def rows_of(table_columns_: dict[str, Column]) -> st.SearchStrategy[dict[str, Any]]:
    names = [*table_columns_, "extra"]
    value = st.one_of(st.sampled_from(VALUES), st.text(max_size=8))
    return st.dictionaries(st.sampled_from(names), value, max_size=len(names)).map(
        # Now and then a row that points at itself, where a rule forbids it.
        lambda row: {**row, "id": row.get("id", "r1")}
    )


SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("table", TABLES)
@SETTINGS
@given(data=st.data())
def test_row_check_agrees_with_the_full_check(
    columns: dict[str, dict[str, Column]], table: str, data: st.DataObject
) -> None:
    check = RowCheck(table, columns[table])
    for row in data.draw(st.lists(rows_of(columns[table]), min_size=1, max_size=12)):
        assert check.problems(row) == row_schema_problems(table, row, columns[table])
    # And the same rows as one batch, as the package reader puts them.
    rows = data.draw(st.lists(rows_of(columns[table]), min_size=1, max_size=12))
    together = RowCheck(table, columns[table]).problems_of(rows)
    one_by_one = [p for row in rows for p in row_schema_problems(table, row, columns[table])]
    assert sorted(together, key=repr) == sorted(one_by_one, key=repr)


@pytest.mark.parametrize("table", ["tasks", "plans", "progress_entries"])
@SETTINGS
@given(data=st.data())
def test_rows_of_one_layout_checked_together_agree_with_the_full_check(
    columns: dict[str, dict[str, Column]], table: str, data: st.DataObject
) -> None:
    # A package's rows share their layout: the types are then checked column by column,
    # and a batch with one row of another type must still name that row, and only it.
    cols = columns[table]
    required = [name for name, c in cols.items() if c.required]
    optional = [*(name for name in cols if name not in required), "extra"]
    names = [*required, *data.draw(st.lists(st.sampled_from(optional), unique=True))]
    texts = st.sampled_from([v for v in VALUES if isinstance(v, str)])
    typed = {
        name: st.none() | (st.integers(-3, 3) if c.kind == "INTEGER" else texts)
        for name, c in cols.items()
    }
    value = {name: typed.get(name, st.sampled_from(VALUES)) for name in names}
    odd = st.sampled_from(VALUES)
    rows = data.draw(
        st.lists(
            st.fixed_dictionaries({n: value[n] for n in names})
            | st.fixed_dictionaries({n: odd for n in names}),
            min_size=1,
            max_size=40,
        )
    )
    together = RowCheck(table, cols).problems_of(rows)
    one_by_one = [p for row in rows for p in row_schema_problems(table, row, cols)]
    assert sorted(together, key=repr) == sorted(one_by_one, key=repr)


def test_the_schema_type_is_checked_before_a_remembered_value(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "w.sqlite")
    try:
        cols = table_columns(ws.store.conn, "tasks")
        check = RowCheck("tasks", cols)
        row = {"id": "t1", "plan_id": "p1", "position": 1, "text": "Việc", "status": "done"}
        row |= {"updated_at": "2026-12-07T08:00:00.000000Z", "device_id": "may-1"}
        assert check.problems(row) == []
        # 1.0 equals the remembered 1, but a package's integer column takes no float.
        bad = check.problems({**row, "position": 1.0})
        assert [(p.column, p.message) for p in bad] == [("position", "sai kiểu dữ liệu")]
        # A column the table does not have is one, whatever its value (None too).
        extra = check.problems({**row, "ghi_chu_la": None})
        assert [(p.column, p.message) for p in extra] == [("ghi_chu_la", "cột lạ")]
    finally:
        ws.close()


@pytest.mark.parametrize("text", [5, ["x"], None])
def test_a_deadline_text_that_is_no_text_is_a_problem_not_a_crash(text: object) -> None:
    # An undated deadline is its words: a number there (an older version's or a hand edit's
    # row) made the rules raise, and the whole sheet with them.
    row = {"id": "t1", "deadline_kind": "undated", "deadline_text": text}
    problems = row_problems("tasks", row)
    assert problems
    assert all(p.table == "tasks" for p in problems)
