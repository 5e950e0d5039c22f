"""What a merge would do, as the clerk sees it: an item per row, named as the clerk names it.

A whole office's first exchange is 900,000 items: each is made when it is looked at, from
the plan's steps, and a table this PC has nothing of is one part of them, counted whole.
"""

import bisect
import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import overload

from desktop_app.domain.record_changes import (
    FieldChange,
    field_changes,
    short_text,
    shown,
    table_label,
)
from desktop_app.storage.merge_plan import ItemKey, ItemKind, NewRows, Part, Plan, Side, Step
from desktop_app.storage.package import TABLES, Package
from desktop_app.storage.rows import Row, local_time, rows_by_id


@dataclass(frozen=True, slots=True)
class MergeItem:
    """One row the merge would write, or (a conflict) might.

    A whole office is 900,000 of them: each is made when looked at (MergeItems) and only
    points at its step; its row (kept compressed in the package), its label and its plan
    are worked out when asked.
    """

    step: "Step" = field(repr=False)
    labels: "RowLabels" = field(repr=False, compare=False)
    columns: tuple[str, ...] = field(default=(), repr=False, compare=False)
    names: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def table(self) -> str:
        return self.step.table

    @property
    def kind(self) -> ItemKind:
        assert self.step.kind is not None  # a step without a kind is not shown
        return self.step.kind

    @property
    def default(self) -> Side:
        return self.step.default

    @property
    def local(self) -> Row | None:
        return self.step.local

    @property
    def incoming(self) -> Row:
        return self.step.incoming

    @property
    def row_id(self) -> str:
        return str(self.incoming["id"])

    @property
    def label(self) -> str:
        return self.labels.label(self.table, self.incoming)

    @property
    def plan(self) -> str:
        """The plan the row belongs to, as the clerk names it ("" for the directory)."""
        return self.labels.plan(self.table, self.incoming)

    @property
    def fields(self) -> tuple[FieldChange, ...]:
        """What differs, field by field (worked out when asked: a package can hold 10^6 rows)."""
        return field_changes(self.table, self.local, self.incoming, self.columns, self.names)

    @property
    def key(self) -> ItemKey:
        return (self.table, self.row_id)

    @property
    def what(self) -> str:
        return table_label(self.table)

    def when(self, side: Side) -> dt.datetime | None:
        """When this side's version was made, in this PC's local time (None: not here)."""
        row = self.incoming if side is Side.INCOMING else self.local
        return None if row is None else local_time(row["updated_at"])


class MergeItems(Sequence[MergeItem]):
    """A preview's items in the plan's order, each made when looked at.

    A whole office is 900,000 of them: a table this PC has nothing of is one part here,
    its rows' places in the package, and its counts are known without making an item.
    """

    def __init__(
        self,
        parts: "Sequence[Part]",
        labels: "RowLabels",
        columns: Mapping[str, tuple[str, ...]],
        names: Mapping[str, str],
    ) -> None:
        self._labels, self._columns, self._names = labels, columns, names
        self._parts = [p for p in parts if self._size(p)]
        self._ends = list(accumulate(self._size(p) for p in self._parts))

    @classmethod
    def of_plan(
        cls,
        plan: "Plan",
        labels: "RowLabels",
        columns: Mapping[str, tuple[str, ...]],
        names: Mapping[str, str],
    ) -> "MergeItems":
        parts: list[Part] = []
        run: list[Step] = []
        for entry in plan.steps:
            if isinstance(entry, NewRows):
                parts += [run, (entry, entry.added())]
                run = []
            elif entry.kind is not None:
                run.append(entry)
        return cls([*parts, run], labels, columns, names)

    def branches(self) -> list[tuple[str, "MergeItems"]]:
        """The items by table, in the order the tables come, each with its conflicts first."""
        conflicts: dict[str, list[Step]] = defaultdict(list)
        others: dict[str, list[Step]] = defaultdict(list)
        new: dict[str, list[Part]] = defaultdict(list)
        tables: dict[str, None] = {}
        for part in self._parts:
            if isinstance(part, list):
                for step in part:
                    tables[step.table] = None
                    if step.kind is ItemKind.CONFLICT:
                        conflicts[step.table].append(step)
                    else:
                        others[step.table].append(step)
            else:
                tables[part[0].table] = None
                new[part[0].table].append(part)
        return [
            (t, MergeItems([conflicts[t], others[t], *new[t]], *self._context())) for t in tables
        ]

    def _context(self) -> tuple["RowLabels", Mapping[str, tuple[str, ...]], Mapping[str, str]]:
        return self._labels, self._columns, self._names

    @staticmethod
    def _size(part: "Part") -> int:
        return len(part) if isinstance(part, list) else len(part[1])

    def _item(self, step: "Step") -> MergeItem:
        return MergeItem(step, self._labels, self._columns[step.table], self._names)

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    @overload
    def __getitem__(self, index: int) -> MergeItem: ...

    @overload
    def __getitem__(self, index: slice) -> list[MergeItem]: ...

    def __getitem__(self, index: int | slice) -> MergeItem | list[MergeItem]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        number = bisect.bisect_right(self._ends, index)
        part = self._parts[number]
        offset = index - (self._ends[number - 1] if number else 0)
        if isinstance(part, list):
            return self._item(part[offset])
        entry, added = part
        return self._item(entry.step(added[offset]))

    def __iter__(self) -> Iterator[MergeItem]:
        for part in self._parts:
            if isinstance(part, list):
                yield from (self._item(step) for step in part)
            else:
                entry, added = part
                yield from (self._item(entry.step(i)) for i in added)

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same items (a tuple, a list), as a tuple would be."""
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # equal to lists, like them unhashable

    def conflicts(self) -> list[MergeItem]:
        """The conflicts (a new row never is one), without going through the rest."""
        return [
            self._item(step)
            for part in self._parts
            if isinstance(part, list)
            for step in part
            if step.kind is ItemKind.CONFLICT
        ]

    def counts(self) -> dict[str, dict[ItemKind, int]]:
        """How many items of each kind, by table, in the plan's order of tables."""
        out: dict[str, dict[ItemKind, int]] = {}
        for part in self._parts:
            if isinstance(part, list):
                for step in part:
                    assert step.kind is not None  # a step without a kind is not an item
                    out.setdefault(step.table, dict.fromkeys(ItemKind, 0))[step.kind] += 1
            else:
                entry, added = part
                out.setdefault(entry.table, dict.fromkeys(ItemKind, 0))[ItemKind.ADD] += len(added)
        return out


# The columns _own_label, RowLabels._linked_label and RowLabels.plan read.
_NAMING_COLUMNS = frozenset(
    {
        "id", "name", "number", "symbol", "title", "text", "label", "event_date",
        "report_date", "day", "key", "role", "unit_id", "task_id", "due_date", "hamlet_id",
        "event_id", "reported_on", "plan_id", "assignment_id",
    }
)  # fmt: skip


class RowLabels:
    """What the clerk calls a row: a plan's title, a task's text, a unit's name."""

    def __init__(self, conn: sqlite3.Connection, package: Package | None = None) -> None:
        self._conn = conn
        self._package = package
        self._rows: dict[str, dict[str, Row]] = {t: {} for t in TABLES}
        # The package's rows of a table, as far as they name rows, made the first time a
        # row of that table is asked about.
        self._named: dict[str, dict[str, Row]] = {}

    def _in_package(self, table: str, row_id: str) -> Row | None:
        if self._package is None:
            return None
        if table not in self._named:
            # One pass over the table, keeping only what names a row: reading the rows one
            # by one at random unpacked a block of the package for each.
            self._named[table] = {
                r["id"]: {k: v for k, v in r.items() if k in _NAMING_COLUMNS}
                for r in self._package.rows[table]
            }
        return self._named[table].get(row_id)

    def row(self, table: str, row_id: object) -> Row | None:
        if not isinstance(row_id, str):
            return None
        found = self._rows[table].get(row_id)
        if found is None:
            found = self._in_package(table, row_id) or rows_by_id(self._conn, table, [row_id]).get(
                row_id
            )
            if found is not None:
                self._rows[table][row_id] = found
        return found

    def name(self, table: str, row_id: object) -> str:
        row = self.row(table, row_id)
        return "" if row is None else self.label(table, row)

    def label(self, table: str, row: Row) -> str:
        own = _own_label(table, row)
        return own if own is not None else self._linked_label(table, row)

    def _linked_label(self, table: str, row: Row) -> str:
        """The label of a row that is named by the rows it points at."""
        if table == "task_units":
            role = "chủ trì" if row["role"] == "lead" else "phối hợp"
            unit = self.name("units", row["unit_id"])
            return f"{unit} ({role}): {self.name('tasks', row['task_id'])}"
        if table == "occurrences":
            return f"Kỳ hạn {shown(row['due_date'])}: {self.name('tasks', row['task_id'])}"
        if table == "assignments":
            return f"Phân công {self.name('units', row['unit_id'])}"
        if table == "assignment_hamlets":
            return f"{self.name('hamlets', row['hamlet_id'])}"
        if table == "progress_entries":
            about = self.name("tasks", row.get("task_id")) or self.name(
                "events", row.get("event_id")
            )
            return f"Báo cáo ngày {shown(row['reported_on'])}: {about}"
        return short_text(str(row.get("text") or row["id"]))

    def plan(self, table: str, row: Row) -> str:
        plan_id = row.get("plan_id")
        if table == "plans":
            plan_id = row["id"]
        elif table in ("task_units", "occurrences"):
            task = self.row("tasks", row["task_id"])
            plan_id = task["plan_id"] if task else None
        elif table == "assignment_hamlets":
            assignment = self.row("assignments", row["assignment_id"])
            plan_id = assignment["plan_id"] if assignment else None
        return self.name("plans", plan_id) if plan_id else ""


def _own_label(table: str, row: Row) -> str | None:
    """The label of a row that names itself; None for a row named by those it points at."""
    short = short_text
    if table in ("units", "hamlets"):
        return str(row["name"])
    if table == "plans":
        ref = f"{row['number']}/{row['symbol']}" if row.get("number") else row.get("symbol")
        return f"{ref}: {short(row['title'])}" if ref else short(row["title"])
    if table in ("tasks", "recipients"):
        return short(row["text"])
    if table == "sections":
        return short(f"{row['label']} {row['title']}".strip()) or "(đoạn văn)"
    if table == "events":
        return f"{row['label']} ({shown(row['event_date'])})"
    if table == "reports":
        return f"Báo cáo ngày {shown(row['report_date'])}"
    if table == "issued_numbers":
        return f"Số {row['number']:02d}-{row['doc_type']} ngày {shown(row['doc_date'])}"
    if table == "calendar_days":
        return f"{shown(row['day'])} {row.get('name', '')}".strip()
    if table == "settings":
        return str(row["key"])
    if table == "appendices":
        return short(row.get("title") or "Phụ lục")
    return None


def directory_names(conn: sqlite3.Connection, package: Package | None = None) -> dict[str, str]:
    """Unit and hamlet names by id, from this workspace and the package."""
    names = {
        str(r[0]): str(r[1])
        for t in ("units", "hamlets")
        for r in conn.execute(f"SELECT id, name FROM {t}")
    }
    if package is not None:
        for t in ("units", "hamlets"):
            names.update({r["id"]: str(r.get("name", "")) for r in package.rows[t]})
    return names
