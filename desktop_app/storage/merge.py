"""Merging a package into the workspace: what would change, then all of it in one transaction.

Rows are matched by id. Each row version is named by its stamp (``updated_at``, ``device_id``)
and each side knows the versions a row had before (its ``history``). So, without trusting
any PC's clock:

- the package's version is one this PC already replaced: nothing to do (this PC is newer);
- this PC's version is one the package's replaced: the package is newer, take it;
- neither: the row changed on both PCs since they last exchanged: a **conflict**. By default
  the later stamp wins (stamps are a hybrid logical clock, see ``rows.py``); the clerk may
  pick the other side, which is then written as a new version after both.

Whatever a merge replaces goes to history, and a conflict's losing version is kept there
too, so no edit from either PC is lost and each PC can later tell the other's version apart
from a new edit. Deletions are tombstones and travel like any other version. Applying the
same package twice changes nothing; merging A into B and B into A give the same rows.
"""

import bisect
import contextlib
import datetime as dt
import hashlib
import json
import operator
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import accumulate
from typing import Any, cast, overload

import orjson

from desktop_app.domain.errors import UserError
from desktop_app.domain.record_changes import (
    FieldChange,
    field_changes,
    short_text,
    shown,
    table_label,
)
from desktop_app.domain.registry import Registry
from desktop_app.domain.text import fold, name_key, natural_sort_bytes
from desktop_app.storage.db import links_checked_by_sqlite, now_iso
from desktop_app.storage.package import (
    LOOK_UP_BY_ID_BELOW,
    SYNC_COLUMNS,
    TABLES,
    Manifest,
    Package,
    PackageError,
    PackageRows,
    RowCheck,
    decode_row,
    held_version_keys,
    invalid_rows_error,
    table_columns,
    workspace_state,
)
from desktop_app.storage.peers import record_arrivals
from desktop_app.storage.record_checks import cross_plan_problems
from desktop_app.storage.rows import (
    Row,
    RowWriter,
    jsonable,
    local_time,
    next_stamp,
    parse_stamp,
    rows_by_id,
    select_rows,
)

Version = tuple[str, str]  # (updated_at, device_id)
ItemKey = tuple[str, str]  # (table, row id)
Progress = Callable[[int, int, str], None]
# Rebuilds the search text of the plans these rows (table -> ids) belong to, and of every
# plan if a table the search text reads is among the second argument's (filled whole).
Reindex = Callable[[Mapping[str, set[str]], Collection[str]], None]

# Merge writes are stamped with this device name when both PCs must compute the same row
# (two rows that arrived with the same name), so the result does not depend on who merges.
MERGE_DEVICE = "gop-du-lieu"
# Columns that are derived from others and mean nothing to the clerk.
_CLOCK_SKEW = dt.timedelta(days=1)


class Side(StrEnum):
    LOCAL = "local"
    INCOMING = "incoming"


class ItemKind(StrEnum):
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    CONFLICT = "conflict"


ITEM_KIND_LABELS: Registry[ItemKind, str] = Registry(
    ItemKind,
    {
        ItemKind.ADD: "Thêm mới",
        ItemKind.CHANGE: "Sửa",
        ItemKind.DELETE: "Xóa",
        ItemKind.CONFLICT: "Xung đột",
    },
    "merge item kind labels",
)


def _version(row: Mapping[str, Any]) -> Version:
    return (str(row["updated_at"]), str(row["device_id"]))


def _content(row: Mapping[str, Any], columns: Iterable[str]) -> tuple[Any, ...]:
    return (*(row.get(c) for c in columns), row.get("deleted_at") is not None)


@dataclass(frozen=True, slots=True)
class MergeItem:
    """One row the merge would write, or (a conflict) might.

    A whole office is 900,000 of them: each is made when looked at (MergeItems) and only
    points at its step; its row (kept compressed in the package), its label and its plan
    are worked out when asked.
    """

    step: "_Step" = field(repr=False)
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
        parts: "Sequence[_Part]",
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
        plan: "_Plan",
        labels: "RowLabels",
        columns: Mapping[str, tuple[str, ...]],
        names: Mapping[str, str],
    ) -> "MergeItems":
        parts: list[_Part] = []
        run: list[_Step] = []
        for entry in plan.steps:
            if isinstance(entry, _NewRows):
                parts += [run, (entry, entry.added())]
                run = []
            elif entry.kind is not None:
                run.append(entry)
        return cls([*parts, run], labels, columns, names)

    def branches(self) -> list[tuple[str, "MergeItems"]]:
        """The items by table, in the order the tables come, each with its conflicts first."""
        conflicts: dict[str, list[_Step]] = defaultdict(list)
        others: dict[str, list[_Step]] = defaultdict(list)
        new: dict[str, list[_Part]] = defaultdict(list)
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
    def _size(part: "_Part") -> int:
        return len(part) if isinstance(part, list) else len(part[1])

    def _item(self, step: "_Step") -> MergeItem:
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


@dataclass(frozen=True)
class MergePreview:
    """What merging a package would do, before anything is written."""

    manifest: Manifest
    items: MergeItems
    unchanged: int
    older: int  # rows this PC already has in a newer version
    warnings: tuple[str, ...]
    adopt_workspace: bool  # an empty workspace takes on the package's identity
    _plan: "_Plan" = field(repr=False, compare=False)

    @property
    def nothing_to_do(self) -> bool:
        """Nothing would be written (every row is here already, as it is or newer)."""
        return not self._plan.steps and not self.adopt_workspace

    @property
    def links_checked_at_end(self) -> bool:
        """So many rows that one check of every link at the end beats SQLite's row by row.

        The merge's transaction may then leave the links to it (db.transaction).
        """
        return self._plan.row_count() > _CHECK_ALL_LINKS

    @property
    def conflicts(self) -> list[MergeItem]:
        return self.items.conflicts()

    def counts(self) -> dict[str, dict[ItemKind, int]]:
        return self.items.counts()

    def totals(self) -> dict[ItemKind, int]:
        out = dict.fromkeys(ItemKind, 0)
        for by_kind in self.counts().values():
            for kind, n in by_kind.items():
                out[kind] += n
        return out

    def summary_text(self) -> str:
        totals = self.totals()
        if not self.items:
            return "Gói không có gì mới so với dữ liệu trên máy này."
        parts = [f"{n} {ITEM_KIND_LABELS[k].lower()}" for k, n in totals.items() if n]
        return "Sẽ có: " + ", ".join(parts) + "."


@dataclass(frozen=True)
class MergeResult:
    added: int
    changed: int
    deleted: int
    conflicts: int
    kept_local: int  # conflicts where this PC's version stayed
    history_added: int

    def summary_text(self) -> str:
        if not (self.added or self.changed or self.deleted or self.conflicts):
            return "Không có gì thay đổi: dữ liệu trên máy này đã có đủ nội dung của gói."
        text = (
            f"Đã nhập gói: {self.added} thêm mới, {self.changed} sửa, {self.deleted} xóa, "
            f"{self.conflicts} xung đột"
        )
        if self.conflicts:
            text += f" (giữ bản trên máy này ở {self.kept_local})"
        return text + ". Các bản bị thay thế được lưu trong lịch sử."


# ---- working out what to do ------------------------------------------------------------


@dataclass(slots=True)
class _Step:
    table: str
    held: Row | None  # the incoming row as in the package (BLOBs still hex), while classified
    local: Row | None  # as in this workspace (BLOBs hex too, to compare)
    kind: ItemKind | None  # None: no visible change (an equal row, a tombstone never seen)
    local_newer: bool = False
    default: Side = Side.INCOMING
    history_only: bool = False  # the package's version only goes to history
    # Once planned, a row that is as in the package is let go and read again from there
    # when needed: a whole office's rows held as dicts took gigabytes.
    source: PackageRows | None = None
    index: int = 0

    @property
    def incoming(self) -> Row:
        if self.held is not None:
            return self.held
        assert self.source is not None
        return self.source[self.index]

    def let_go(self, source: PackageRows, index: int) -> None:
        self.held, self.source, self.index = None, source, index


@dataclass(slots=True)
class _NewRows:
    """Every row of a table this PC has nothing of, each to be written as the package has it.

    One entry for them all: a whole office's 900,000 steps took over 100 MB. A step for one
    of them is made when it is looked at (:meth:`step`).
    """

    table: str
    source: PackageRows

    def __len__(self) -> int:
        return len(self.source)

    def kind(self, index: int) -> ItemKind | None:
        return None if self.source.tombstones[index] else ItemKind.ADD

    def step(self, index: int) -> _Step:
        return _Step(self.table, None, None, self.kind(index), source=self.source, index=index)

    def added(self) -> list[int] | range:
        """The places of the rows shown as added (all but tombstones never seen here)."""
        tombstones = self.source.tombstones
        if not any(tombstones):
            return range(len(self.source))
        return [i for i, gone in enumerate(tombstones) if not gone]


_Entry = _Step | _NewRows
# A run of a preview's items: steps, or new rows of a table by their places in the package.
_Part = list[_Step] | tuple[_NewRows, Sequence[int]]


@dataclass
class _Plan:
    steps: list[_Entry]
    unchanged: int
    older: int
    # The workspace as the plan saw it: while this stays the same, the plan still holds
    # and the merge need not work it out again (see _state).
    state: tuple[int, int] = (-1, -1)

    def row_count(self) -> int:
        """How many rows the merge writes (or may write: a conflict)."""
        return sum(len(e) if isinstance(e, _NewRows) else 1 for e in self.steps)

    def each_step(self) -> Iterator[_Step]:
        """Every step, one row at a time (new rows made into steps as they come)."""
        for entry in self.steps:
            if isinstance(entry, _NewRows):
                yield from (entry.step(i) for i in range(len(entry)))
            else:
                yield entry


_state = workspace_state


def _local_versions(conn: sqlite3.Connection) -> dict[ItemKey, set[Version]]:
    out: dict[ItemKey, set[Version]] = defaultdict(set)
    rows = conn.execute(
        "SELECT table_name, row_id, json_extract(row_json, '$.updated_at'),"
        " json_extract(row_json, '$.device_id') FROM history"
    )
    for table, row_id, updated_at, device in rows:
        out[(table, row_id)].add((str(updated_at), str(device)))
    return out


# Below this many rows of a table in the package, each is looked up here by its id.
_LOOK_UP_BY_ID_BELOW = LOOK_UP_BY_ID_BELOW


def _held_here(conn: sqlite3.Connection, package: Package, table: str, state: object) -> set[int]:
    """The version of every row of ``table`` here; the reader's, if nothing changed since."""
    held = package.held_versions
    if held is not None and held.state == state and table in held.keys:
        return held.keys[table]
    return held_version_keys(conn, table)


def _check_unchecked(
    conn: sqlite3.Connection, package: Package, table: str, indexes: Iterable[int]
) -> None:
    """Put to the rules the rows about to be written that the reader left unchecked.

    The reader leaves a row this PC held in that very version, which the merge does not
    write; if the workspace changed since (a backup brought back), it may now.
    """
    rows = package.rows[table]
    unchecked = [i for i in indexes if rows.unchecked[i]]
    if not unchecked:
        return
    check = RowCheck(table, table_columns(conn, table))
    problems = [p for i in unchecked for p in check.problems(rows[i])]
    if problems:
        raise invalid_rows_error(package.path, problems)


def _settings_by_key(conn: sqlite3.Connection) -> dict[str, Row]:
    return {r["key"]: r for r in select_rows(conn, "SELECT * FROM settings")}


def _plan_steps(conn: sqlite3.Connection, package: Package) -> _Plan:
    state = _state(conn)
    seen_before = _local_versions(conn)
    theirs: dict[ItemKey, set[Version]] = defaultdict(set)
    for h in package.history:
        theirs[(h.table, h.row_id)].add(h.version)
    settings = _settings_by_key(conn)
    steps: list[_Entry] = []
    unchanged = older = 0
    for table in TABLES:
        incoming_rows = package.rows[table]
        columns = [c for c in table_columns(conn, table) if c not in SYNC_COLUMNS]
        # A row this PC has in the same version needs no more look, and a row of a table
        # this PC has nothing of is new: neither is parsed again (a whole office is 10^6).
        # A few rows (a week's changes) are looked up by id instead: reading the version of
        # every row here took longer than the whole merge of such a package.
        empty = conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None
        big = len(incoming_rows) > _LOOK_UP_BY_ID_BELOW
        here = _held_here(conn, package, table, state) if big and not empty else set()
        if empty and table != "settings":
            if incoming_rows:
                _check_unchecked(conn, package, table, range(len(incoming_rows)))
                steps.append(_NewRows(table, incoming_rows))
            continue
        # By the batch: this PC's rows are looked up for a few hundred package rows at a time.
        for start in range(0, len(incoming_rows), _BATCH):
            wanted = [
                i
                for i in range(start, min(start + _BATCH, len(incoming_rows)))
                if incoming_rows.versions[i] not in here
            ]
            unchanged += min(_BATCH, len(incoming_rows) - start) - len(wanted)
            _check_unchecked(conn, package, table, wanted)
            batch = [incoming_rows[i] for i in wanted]
            local = rows_by_id(conn, table, [r["id"] for r in batch])
            for index, row in zip(wanted, batch, strict=True):
                inc, mine = row, local.get(row["id"])
                if mine is None and table == "settings" and inc.get("key") in settings:
                    # The same setting made on each PC under its own id: this PC's id stays.
                    mine = settings[inc["key"]]
                    theirs[(table, mine["id"])] |= theirs[(table, inc["id"])]
                    inc = {**inc, "id": mine["id"]}
                step = _classify(table, inc, mine, columns, seen_before, theirs)
                if step is None:
                    unchanged += 1
                elif step.local_newer:
                    older += 1
                else:
                    if inc is row:
                        step.let_go(incoming_rows, index)
                    steps.append(step)
    return _Plan(steps, unchanged, older, state)


def _classify(  # noqa: PLR0917 - private: the row, both sides and what each has seen
    table: str,
    inc: Row,
    mine: Row | None,
    columns: list[str],
    seen_before: Mapping[ItemKey, set[Version]],
    theirs: Mapping[ItemKey, set[Version]],
) -> _Step | None:
    if mine is None:
        kind = None if inc.get("deleted_at") else ItemKind.ADD
        return _Step(table, inc, None, kind)
    mine_v, inc_v = _version(mine), _version(inc)
    if mine_v == inc_v:
        return None
    # Compare the content a clerk could see, with the package's missing columns as ours.
    content_columns = [c for c in columns if c != "id" and c in inc]
    if _content(mine, content_columns) == _content(inc, content_columns):
        # Same content with two stamps (both PCs made the same edit, or loaded the same
        # samples): the later stamp stays on both PCs, the other goes to history, silently.
        return _Step(table, inc, mine, None, history_only=inc_v < mine_v)
    key = (table, mine["id"])
    if inc_v in seen_before.get(key, set()):
        return _Step(table, inc, mine, None, local_newer=True)
    if mine_v in theirs.get((table, inc["id"]), set()):
        inc_deleted, mine_deleted = (
            inc.get("deleted_at") is not None,
            mine["deleted_at"] is not None,
        )
        kind = ItemKind.DELETE if inc_deleted and not mine_deleted else ItemKind.CHANGE
        return _Step(table, inc, mine, kind)
    default = Side.INCOMING if inc_v > mine_v else Side.LOCAL
    return _Step(table, inc, mine, ItemKind.CONFLICT, default=default)


# ---- describing it ---------------------------------------------------------------------


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


def is_empty(conn: sqlite3.Connection) -> bool:
    """Nothing the clerk made: a fresh workspace that may take on another's identity."""
    for table in ("plans", "units", "hamlets", "progress_entries", "calendar_days"):
        if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            return False
    return True


def _identity_check(conn: sqlite3.Connection, package: Package, workspace_id: str) -> bool:
    if package.manifest.workspace_id == workspace_id:
        return False
    if is_empty(conn):
        return True
    raise PackageError(
        f"Gói {package.path.name} là dữ liệu của một bộ dữ liệu khác (máy "
        f"“{package.manifest.device_name}”, mã {package.manifest.workspace_id[:8]}), không "
        "phải bộ dữ liệu đang mở. Chỉ gộp được gói giữa các máy dùng chung một bộ dữ liệu. "
        "Để máy này bắt đầu dùng chung với máy kia, hãy nhập gói vào một tệp dữ liệu mới "
        "(trống). Dữ liệu của bạn không bị thay đổi."
    )


def _warnings(package: Package, now: dt.datetime) -> tuple[str, ...]:
    out = []
    newest = max((rows.newest for rows in package.rows.values()), default="")
    if newest:
        ahead = parse_stamp(newest) - now
        if ahead > _CLOCK_SKEW:
            out.append(
                f"Đồng hồ của máy “{package.manifest.device_name}” có vẻ nhanh hơn máy này "
                f"khoảng {ahead.days} ngày (hoặc đồng hồ máy này đang chậm). Thứ tự các lần "
                "sửa vẫn được giữ đúng; hãy chỉnh lại đồng hồ cho khớp ngày thật."
            )
    return tuple(out)


def preview_merge(
    conn: sqlite3.Connection,
    package: Package,
    workspace_id: str,
    now: dt.datetime | None = None,
) -> MergePreview:
    """What merging ``package`` would add, change, delete, and where the two PCs disagree.

    Raises:
        PackageError: the package belongs to another workspace (and this one is not empty).
    """
    adopt = _identity_check(conn, package, workspace_id)
    plan = _plan_steps(conn, package)
    if package.held_versions is not None:
        # Of use to this plan only (a merge plans again only if the workspace changed):
        # a whole office's versions are 60 MB.
        package.held_versions.keys.clear()
    labels = RowLabels(conn, package)
    columns = {t: tuple(table_columns(conn, t)) for t in TABLES}
    names = directory_names(conn, package)
    return MergePreview(
        manifest=package.manifest,
        items=MergeItems.of_plan(plan, labels, columns, names),
        unchanged=plan.unchanged,
        older=plan.older,
        warnings=_warnings(package, now or dt.datetime.now(dt.UTC)),
        adopt_workspace=adopt,
        _plan=plan,
    )


# Tables whose live rows must have unique names (days): each new row looks before it goes in.
_NAMED_TABLES = frozenset({"units", "hamlets", "calendar_days"})
_BATCH = 500
# Tables whose rows a plan's search text names (storage/plans_repo.search_body).
_NAMED_IN_SEARCH = frozenset({"units", "hamlets"})


def _column_defaults(conn: sqlite3.Connection, table: str) -> dict[str, Any] | None:
    """Each column of ``table`` with the value it takes when a row leaves it out.

    None when a default is not a plain value (an expression): such a table's rows are
    written with the columns they carry, the default left to SQLite.
    """
    out: dict[str, Any] = {}
    for _cid, name, _kind, _notnull, default, _pk in conn.execute(f"PRAGMA table_info({table})"):
        if default is None or default.upper() == "NULL":
            out[name] = None
        elif default.startswith("'") and default.endswith("'"):
            out[name] = default[1:-1].replace("''", "'")
        elif default.lstrip("-").isdigit():
            out[name] = int(default)
        else:
            return None
    return out


class _Applier:
    def __init__(self, conn: sqlite3.Connection, writer: RowWriter) -> None:
        self.conn = conn
        self.writer = writer
        self.columns = {t: table_columns(conn, t) for t in TABLES}
        self.history_added = 0
        self.touched: dict[str, set[str]] = defaultdict(set)
        # Units and hamlets written with the name they had: no plan's search text changes.
        self.same_name: dict[str, set[str]] = defaultdict(set)
        # Conflicts where the clerk chose the side the stamps would not: (table, row id).
        self.overrides: list[ItemKey] = []
        self._pending_key: tuple[str, tuple[str, ...]] = ("", ())
        self._pending: list[tuple[Any, ...]] = []
        # Tables whose new rows go in straight from the package's lines: no BLOB (hex in
        # the package), no name that must first make room for another, plain defaults.
        self.defaults = {t: _column_defaults(conn, t) for t in TABLES}
        self.raw_tables = frozenset(
            t
            for t in TABLES
            if t not in _NAMED_TABLES
            and self.defaults[t] is not None
            and all(c.kind != "BLOB" for c in self.columns[t].values())
        )
        # A row's values in column order, in one call (a package line carries every column).
        self._getters = {t: operator.itemgetter(*self.columns[t]) for t in self.raw_tables}
        # Tables that had nothing and took every row of theirs as the package has it: their
        # ids are not kept (a whole office's took 100 MB); what checks the rows written
        # goes over these tables whole.
        self.filled: set[str] = set()

    def insert_lines(self, table: str, lines: Sequence[bytes]) -> None:
        """Insert new rows from their package lines, each as it is (no stamp, no history).

        One statement for the batch, each row a tuple in the table's column order: building
        a dict per row, then another without the BLOBs, then a tuple, took a third of a
        whole office's merge. A column a line lacks takes the schema's default, as when a
        row is written with only the columns it carries.
        """
        self.flush()
        defaults = self.defaults[table]
        assert defaults is not None  # only tables with plain defaults come here
        rows = [orjson.loads(line) for line in lines]
        names = ", ".join(defaults)
        marks = ", ".join("?" for _ in defaults)
        every_column = self._getters[table]
        values = []
        for row in rows:
            try:
                values.append(every_column(row))
            except KeyError:  # a line of an older program, without a newer column
                values.append(tuple(row.get(c, d) for c, d in defaults.items()))
        self.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)
        if table in self.filled:
            return  # every row of the table is new: the checks after go over it whole
        self.touched[table].update(str(row["id"]) for row in rows)
        self.touched["plans"].update(str(row["plan_id"]) for row in rows if row.get("plan_id"))

    def keep(self, table: str, row: Row, reason: str, when: str = "", device: str = "") -> None:
        """Put a version in history (unless it is there already)."""
        exists = self.conn.execute(
            "SELECT 1 FROM history WHERE table_name = ? AND row_id = ?"
            " AND json_extract(row_json, '$.updated_at') = ?"
            " AND json_extract(row_json, '$.device_id') = ? LIMIT 1",
            (table, row["id"], row["updated_at"], row["device_id"]),
        ).fetchone()
        if exists:
            return
        self.conn.execute(
            "INSERT INTO history (table_name, row_id, row_json, replaced_at, device_id, reason)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                table,
                row["id"],
                json.dumps(jsonable(row), ensure_ascii=False),
                when or now_iso(),
                device or self.writer.device_id,
                reason,
            ),
        )
        self.history_added += 1

    def write(self, table: str, row: Row, local_id: str | None) -> None:
        """Insert the row, or overwrite the local row ``local_id`` with it, as it is."""
        # One row at a time, not upsert_all(): each row may first have to give way to a
        # live row of the same name, and rows are written as they are (no stamp, no history).
        columns = self.columns[table]
        values = decode_row({k: v for k, v in row.items() if k in columns}, columns)
        if table in _NAMED_TABLES:
            self.flush()
            if values.get("deleted_at") is None:
                values = self._make_room(table, values)
        if local_id is None and table not in _NAMED_TABLES:
            self._insert_later(table, values)
        elif local_id is None:
            names = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            self.conn.execute(
                f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values())
            )
        else:
            self.flush()
            if table in _NAMED_IN_SEARCH and self._same_name(table, local_id, values):
                self.same_name[table].add(local_id)
            self._update(table, local_id, values)
        self.touched[table].add(str(values["id"]))
        if values.get("plan_id"):
            self.touched["plans"].add(str(values["plan_id"]))

    def _same_name(self, table: str, row_id: str, values: Row) -> bool:
        found = self.conn.execute(f"SELECT name FROM {table} WHERE id = ?", (row_id,)).fetchone()
        return found is not None and found[0] == values.get("name")

    def _insert_later(self, table: str, values: Row) -> None:
        """New rows go in by the batch (one prepared statement), in the package's order.

        Foreign keys are checked at commit, and nothing reads a table while its new rows
        wait: a row that needs a look first (a name that must be unique) flushes the batch.
        """
        key = (table, tuple(values))
        if key != self._pending_key or len(self._pending) >= _BATCH:
            self.flush()
            self._pending_key = key
        self._pending.append(tuple(values.values()))

    def flush(self) -> None:
        """Write the rows waiting in the batch."""
        if not self._pending:
            return
        table, names = self._pending_key
        marks = ", ".join("?" for _ in names)
        self.conn.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", self._pending
        )
        self._pending = []

    def _update(self, table: str, row_id: str, values: Row) -> None:
        own = {k: v for k, v in values.items() if k != "id"}
        sets = ", ".join(f"{k} = ?" for k in own)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*own.values(), row_id])

    def restamp(self, table: str, row_id: str) -> None:
        """Make the row's current content a new edit of this PC, after every stamp seen."""
        row = rows_by_id(self.conn, table, [row_id])[row_id]
        self.keep(table, row, "merge-choice")
        self.conn.execute(
            f"UPDATE {table} SET updated_at = ?, device_id = ? WHERE id = ?",
            (self.writer.stamp(), self.writer.device_id, row_id),
        )

    def _make_room(self, table: str, values: Row) -> Row:
        """Two live rows may not share a name (a day): the one with the larger id gives way.

        Both PCs decide the same way and stamp the change the same, so merging either way
        round gives the same rows.
        """
        column = "day" if table == "calendar_days" else "name_key"
        sql = f"SELECT * FROM {table} WHERE {column} = ? AND deleted_at IS NULL AND id != ?"
        other_row = next(select_rows(self.conn, sql, (values[column], values["id"])), None)
        if other_row is None:
            return values
        stamp = next_stamp(max(str(other_row["updated_at"]), str(values["updated_at"])))
        if str(other_row["id"]) < str(values["id"]):
            self.keep(table, values, "merge-same-name")
            return self._give_way(table, values, stamp)
        self.keep(table, other_row, "merge-same-name")
        moved = self._give_way(table, other_row, stamp)
        self._update(table, moved["id"], moved)
        self.touched[table].add(str(moved["id"]))  # a new name: a new version, written here
        return values

    def _give_way(self, table: str, row: Row, stamp: str) -> Row:
        out = {**row, "updated_at": stamp, "device_id": MERGE_DEVICE}
        if table == "calendar_days":
            out["deleted_at"] = stamp
            return out
        name = f"{row['name']} (trùng tên)"
        n = 2
        while self.conn.execute(
            f"SELECT 1 FROM {table} WHERE name_key = ? AND deleted_at IS NULL", (name_key(name),)
        ).fetchone():
            name = f"{row['name']} (trùng tên {n})"
            n += 1
        out.update(
            name=name,
            name_key=name_key(name),
            search_key=fold(name),
            sort_key=natural_sort_bytes(name),
        )
        return out


def apply_merge(
    conn: sqlite3.Connection,
    writer: RowWriter,
    package: Package,
    preview: MergePreview,
    workspace_id: str,
    *,
    choices: Mapping[ItemKey, Side] | None = None,
    reindex: Reindex,
    progress: Progress | None = None,
) -> MergeResult:
    """Apply the package; for each conflict the side in ``choices`` (else the default).

    Must run inside a transaction: on any error nothing of the package stays. The dry run
    calls this too, in a transaction it rolls back, so its verdict is this one's.

    Raises:
        UserError: this workspace changed since the preview (the clerk should look again).
        PackageError: the rows merged would break the schema or the record rules (a task
            filed under another plan's section); the caller's transaction must roll back.
    """
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    # A whole office's new rows touch pages all over the file: SQLite's default 2 MB cache
    # made it read the same index pages again and again.
    conn.execute(f"PRAGMA cache_size = {_MERGE_CACHE_KIB}")
    try:
        return _apply(
            conn,
            writer,
            package,
            preview,
            workspace_id,
            choices=choices or {},
            reindex=reindex,
            progress=progress,
        )
    except (sqlite3.IntegrityError, ValueError, KeyError, TypeError) as exc:
        # The schema's last line of defence (a CHECK, a unique name) or a row the search
        # index cannot read: refused as a whole, in the clerk's words.
        raise PackageError(
            f"Gói {package.path.name} không gộp được vào dữ liệu trên máy này ({exc}). "
            "Chưa có gì được lưu."
        ) from exc
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")


_MERGE_CACHE_KIB = -65_536  # negative: in KiB, so 64 MB


def _apply(
    conn: sqlite3.Connection,
    writer: RowWriter,
    package: Package,
    preview: MergePreview,
    workspace_id: str,
    *,
    choices: Mapping[ItemKey, Side],
    reindex: Reindex,
    progress: Progress | None,
) -> MergeResult:
    adopt = _identity_check(conn, package, workspace_id)
    plan = preview._plan
    if plan.state != _state(conn):
        # Something was written since the preview (an edit, a dry run): plan again, and
        # refuse if the plan is not the one the clerk saw.
        plan = _plan_steps(conn, package)
    if plan is not preview._plan and _fingerprint(plan) != _fingerprint(preview._plan):
        raise UserError(
            "Dữ liệu trên máy này vừa thay đổi sau khi xem trước gói. Hãy xem trước lại rồi "
            "nhập; chưa có gì được lưu."
        )
    applier = _Applier(conn, writer)
    if adopt:
        conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'workspace_id'", (package.manifest.workspace_id,)
        )
    # One step more than the rows: the checks and the search index after them.
    total = plan.row_count() + 1
    report = progress or _silent
    _keep_history(applier, package, lambda: report(0, total, "Đang gộp lịch sử thay đổi…"))
    counts: dict[str, int] = defaultdict(int)
    with _set_aside(conn, _bulk_tables(conn, plan)):
        newest = _apply_steps(
            applier, plan.steps, choices, counts, lambda i: report(i, total, "Đang gộp dữ liệu…")
        )
        applier.flush()
        report(total - 1, total, "Đang xếp lại chỉ mục…")
    report(total - 1, total, "Đang kiểm tra nhiệm vụ và mục của từng kế hoạch…")
    if newest:
        writer.seen(newest)
    # Stamped after everything seen, so the other PC takes the clerk's choice too.
    for table, row_id in applier.overrides:
        applier.restamp(table, row_id)
    linked_wrong = cross_plan_problems(conn, applier.touched, every_row_of=applier.filled)
    if linked_wrong:
        raise invalid_rows_error(package.path, linked_wrong)
    report(total - 1, total, "Đang cập nhật chỉ mục tìm kiếm…")
    # A plan's search text holds the names of the units and hamlets it uses, and nothing
    # else of them: a new note on a unit must not reindex every plan of the office.
    reindex(
        {t: ids - applier.same_name[t] for t, ids in applier.touched.items()},
        applier.filled,
    )
    report(total - 1, total, "Đang kiểm tra các liên kết…")
    _refuse_broken_links(conn, package, applier.touched, every_row_of=applier.filled)
    if not adopt:  # a workspace that was empty has had everything since before it sent anything
        record_arrivals(conn, applier.touched, writer.stamp(), every_row_of=applier.filled)
    report(total, total, "")
    return MergeResult(
        added=counts["add"],
        changed=counts["change"],
        deleted=counts["delete"],
        conflicts=counts["conflict"],
        kept_local=counts["kept"],
        history_added=applier.history_added,
    )


# A table taking at least this many new rows, and more than it holds, is filled with its
# lookup indexes set aside and built again after: inserting rows with random ids into five
# indexes at once took most of a whole office's merge.
_BULK_ROWS = 20_000


def _bulk_tables(conn: sqlite3.Connection, plan: _Plan) -> list[str]:
    new_rows: dict[str, int] = defaultdict(int)
    for step in plan.steps:
        if isinstance(step, _NewRows):
            new_rows[step.table] += len(step)
        elif step.local is None:
            new_rows[step.table] += 1
    out = []
    for table, count in new_rows.items():
        if count >= _BULK_ROWS:
            held = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            if count > held:
                out.append(table)
    return out


@contextlib.contextmanager
def _set_aside(conn: sqlite3.Connection, tables: Sequence[str]) -> Iterator[None]:
    """Drop the plain indexes and the value checks of ``tables``; make them again after.

    Inside the merge's transaction: if the merge fails, the rollback brings them back as
    they were. A unique index stays, since it is a rule the rows must keep. So does one on
    a reference into the same table (a sub-section's section): a row may arrive before the
    row it points at, and each row inserted after then looks for its children by it.

    The value checks (triggers) are a last line of defence: every row a merge writes was
    put to the record rules as the package was read, and they are stricter. Running both
    on each of a whole office's rows took a fifth of its merge.
    """
    marks = ", ".join("?" for _ in tables)
    found = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        f" AND tbl_name IN ({marks}) AND (type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%'"
        " OR type = 'trigger' AND name LIKE 'value_check_%')",
        list(tables),
    ).fetchall()
    aside = [
        (kind, name, sql)
        for kind, name, table, sql in found
        if kind == "trigger" or not _on_own_reference(conn, table, name)
    ]
    for kind, name, _sql in aside:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    yield
    for _kind, _name, sql in aside:
        conn.execute(sql)


def _on_own_reference(conn: sqlite3.Connection, table: str, index: str) -> bool:
    first = conn.execute(f'PRAGMA index_info("{index}")').fetchone()
    own = {r[3] for r in conn.execute(f"PRAGMA foreign_key_list({table})") if r[2] == table}
    return first is not None and first[2] in own


def _apply_steps(
    applier: "_Applier",
    entries: Sequence[_Entry],
    choices: Mapping[ItemKey, Side],
    counts: dict[str, int],
    report: Callable[[int], object],
) -> str:
    """Write every step; returns the latest stamp written."""
    newest = ""
    done = 0
    start = 0
    while start < len(entries):
        entry = entries[start]
        if isinstance(entry, _NewRows):
            newest = max(newest, _apply_new_rows(applier, entry, counts, report, done))
            done += len(entry)
            start += 1
            continue
        end = start
        while end < len(entries) and not isinstance(entries[end], _NewRows):
            end += 1
        steps = cast("list[_Step]", entries[start:end])
        newest = max(newest, _apply_row_steps(applier, steps, choices, counts, report, done))
        done += len(steps)
        start = end
    return newest


def _apply_new_rows(
    applier: "_Applier",
    entry: _NewRows,
    counts: dict[str, int],
    report: Callable[[int], object],
    done: int,
) -> str:
    """Fill a table this PC had nothing of, a batch at a time; returns the latest stamp."""
    table, source = entry.table, entry.source
    if table in applier.raw_tables and len(entry) >= _BULK_ROWS:
        # So many that their ids are not kept: what checks the rows a merge wrote goes over
        # the table whole. A few (the first report of an office) are listed as usual, and
        # checked as such in milliseconds.
        applier.filled.add(table)
    for start in range(0, len(entry), _BATCH):
        report(done + start)
        end = min(start + _BATCH, len(entry))
        if table in applier.raw_tables:
            applier.insert_lines(table, source.lines(range(start, end)))
        else:  # a name that may have to make room, a BLOB: row by row
            for index in range(start, end):
                applier.write(table, source[index], None)
    counts["add"] += len(entry) - sum(entry.source.tombstones)
    return source.newest


def _apply_row_steps(  # noqa: PLR0917 - private: _apply_steps' own arguments, and where it is
    applier: "_Applier",
    steps: Sequence[_Step],
    choices: Mapping[ItemKey, Side],
    counts: dict[str, int],
    report: Callable[[int], object],
    done: int,
) -> str:
    newest = ""
    i = 0
    while i < len(steps):
        if i % _BATCH == 0 or steps[i].table != steps[i - 1].table:
            report(done + i)
        run = _new_rows_run(steps, i, applier.raw_tables)
        if run:
            # New rows of a table with nothing of them here: SQLite reads them from the
            # package's lines itself, with no parsing in Python.
            source = steps[i].source
            assert source is not None  # a new row's step points at its line
            applier.insert_lines(steps[i].table, source.lines([s.index for s in run]))
            counts["add"] += sum(s.kind is ItemKind.ADD for s in run)
            newest = max(newest, source.newest)
            i += len(run)
            continue
        step = steps[i]
        inc = step.incoming
        newest = max(newest, str(inc["updated_at"]))
        side = choices.get((step.table, inc["id"]), step.default)
        _apply_step(applier, step, inc, side, counts)
        i += 1
    return newest


def _new_rows_run(steps: Sequence[_Step], start: int, tables: frozenset[str]) -> list[_Step]:
    """The steps from ``start`` on that write a package row as it is into an empty place.

    At most one batch, all of one table, each still a line of the package (a row changed on
    the way, a setting, is held as a dict and written the usual way).
    """
    first = steps[start]
    run: list[_Step] = []
    for step in steps[start : start + _BATCH]:
        if (
            step.table != first.table
            or step.table not in tables
            or step.held is not None
            or step.local is not None
            or step.source is not first.source
        ):
            break
        run.append(step)
    return run


# Above this many rows written, one check of the whole file is quicker than row by row.
_CHECK_ALL_LINKS = 50_000


def _refuse_broken_links(
    conn: sqlite3.Connection,
    package: Package,
    written: Mapping[str, set[str]],
    *,
    every_row_of: Collection[str],
) -> None:
    broken = _broken_link(conn, written, check_all=bool(every_row_of))
    if broken:
        raise PackageError(
            f"Gộp gói {package.path.name} sẽ làm dữ liệu thiếu liên kết (bảng {broken}). "
            "Chưa có gì được lưu."
        )


def _broken_link(
    conn: sqlite3.Connection, written: Mapping[str, set[str]], *, check_all: bool = False
) -> str:
    """The first table where a row the merge wrote points at a row that is not there ("").

    Rows are never removed (deletions are tombstones), so only the rows written can break a
    link: a week's changes are checked in milliseconds, where the whole file took seconds.
    """
    many = sum(len(ids) for ids in written.values()) > _CHECK_ALL_LINKS
    if check_all or many or not links_checked_by_sqlite(conn):
        problem = conn.execute("PRAGMA foreign_key_check").fetchone()
        return "" if problem is None else str(problem[0])
    for table in TABLES:
        ids = sorted(written.get(table, ()))
        for link in conn.execute(f"PRAGMA foreign_key_list({table})").fetchall():
            parent, column, target = link[2], link[3], link[4]
            for start in range(0, len(ids), _BATCH):
                chunk = ids[start : start + _BATCH]
                marks = ", ".join("?" for _ in chunk)
                sql = (
                    f"SELECT 1 FROM {table} c WHERE c.id IN ({marks}) AND c.{column} IS NOT NULL"
                    f" AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{target} = c.{column})"
                    " LIMIT 1"
                )
                if conn.execute(sql, chunk).fetchone():
                    return table
    return ""


def _silent(_done: int, _total: int, _what: str) -> None:
    """No one follows the work (the command line, a test)."""


def _keep_history(applier: _Applier, package: Package, report: Callable[[], object]) -> None:
    """What the other PC had seen becomes known here too: the history of its rows."""
    for n, h in enumerate(package.history):
        if n % 500 == 0:
            report()
        values = json.loads(h.row_json)
        if isinstance(values, dict) and "updated_at" in values and "device_id" in values:
            applier.keep(h.table, {**values, "id": h.row_id}, h.reason, h.replaced_at, h.device_id)


def _fingerprint(plan: _Plan) -> bytes:
    """What the plan would do, row by row, in a few bytes (the same rows in the same order)."""
    digest = hashlib.blake2b()
    for step in plan.each_step():
        # Both plans are of the same package: a row read from it is named by its place
        # there (no parsing again), a row changed on the way (a setting) by its id.
        where = f"#{step.index}" if step.held is None else step.held["id"]
        digest.update(f"{step.table}\0{where}\0{step.kind}\n".encode())
    return digest.digest()


def _apply_step(
    applier: _Applier, step: _Step, inc: Row, side: Side, counts: dict[str, int]
) -> None:
    table, mine = step.table, step.local
    local_id = None if mine is None else str(mine["id"])
    if step.history_only:
        applier.keep(table, inc, "merge-same")
        return
    if step.kind is None:  # an equal row under a later stamp, or a tombstone never seen here
        if mine is not None:
            applier.keep(table, mine, "merge-same")
        applier.write(table, inc, local_id)
        return
    if step.kind is not ItemKind.CONFLICT:
        if mine is not None:
            applier.keep(table, mine, "merge")
        applier.write(table, inc, local_id)
        counts[step.kind.value] += 1
        return
    counts["conflict"] += 1
    assert mine is not None  # a conflict needs a row on both sides
    assert local_id is not None
    if side is Side.INCOMING:
        applier.keep(table, mine, "merge-conflict")
        applier.write(table, inc, local_id)
    else:
        counts["kept"] += 1
        applier.keep(table, inc, "merge-conflict")
    if side is not step.default:
        applier.overrides.append((table, local_id))
