"""The record rules of ``domain/record_rules.py`` applied to what is stored.

``check-db`` reads every live row through :func:`stored_problems`; a merge asks
:func:`cross_plan_problems` about the rows it wrote, inside its transaction, so the dry run
and the real merge give the same verdict.
"""

import sqlite3
from collections.abc import Collection, Iterator, Mapping

from desktop_app.domain.record_rules import (
    SAME_PLAN_LINKS,
    FieldProblem,
    row_problems,
)
from desktop_app.storage.rows import select_rows

_CHUNK = 500
# Above this many rows written, one join over the whole tables is quicker than asking by
# chunks of ids: "rows pointing at these" has no index to go by and scans the table each time.
_ASK_ALL_ABOVE = 20_000


def stored_problems(conn: sqlite3.Connection, tables: tuple[str, ...]) -> Iterator[FieldProblem]:
    """Every value of a live row that breaks its record's rules, one row read at a time."""
    for table in tables:
        for row in select_rows(conn, f"SELECT * FROM {table} WHERE deleted_at IS NULL"):
            yield from row_problems(table, row)
    yield from cross_plan_problems(conn, None)


def cross_plan_problems(
    conn: sqlite3.Connection,
    only: Mapping[str, set[str]] | None,
    *,
    every_row_of: Collection[str] = (),
) -> list[FieldProblem]:
    """Live rows linked to a row of another plan (a task under another plan's section).

    Args:
        conn: the open workspace.
        only: table -> ids: just these rows, or rows pointing at these (what a merge wrote);
            None: every row.
        every_row_of: tables whose rows were all written (a merge filled them): every row
            of these, and every row pointing at them.
    """
    out = []
    for table, column, target in SAME_PLAN_LINKS:
        sql = (
            f"SELECT c.id, c.{column} FROM {table} c JOIN {target} t ON t.id = c.{column}"
            " WHERE c.deleted_at IS NULL AND t.plan_id != c.plan_id"
        )
        mine = set() if only is None else only.get(table, set())
        theirs = set() if only is None else only.get(target, set())
        if only is None or table in every_row_of or target in every_row_of:
            found = conn.execute(sql).fetchall()
        elif len(mine) + len(theirs) > _ASK_ALL_ABOVE:
            found = [
                (row_id, linked)
                for row_id, linked in conn.execute(sql)
                if row_id in mine or linked in theirs
            ]
        else:
            found = []
            for side, ids in (("c.id", mine), ("t.id", theirs)):
                wanted = sorted(ids)
                for start in range(0, len(wanted), _CHUNK):
                    chunk = wanted[start : start + _CHUNK]
                    marks = ", ".join("?" for _ in chunk)
                    found += conn.execute(f"{sql} AND {side} IN ({marks})", chunk).fetchall()
        for row_id, linked in sorted(set(found)):
            out.append(
                FieldProblem(
                    table,
                    str(row_id),
                    column,
                    f"trỏ tới bản ghi {str(linked)[:12]} của một kế hoạch khác",
                )
            )
    return out
