"""Working out what a merge would do: each row of a package against this PC's, by version.

A row's version is named by its stamp (``updated_at``, ``device_id``); each side knows the
versions a row had before (its history). The rules are in the docstring of ``merge.py``;
here each row is put to them (:func:`plan_steps`), and the plan is what the merge writes.
"""

import hashlib
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from desktop_app.domain.registry import Registry
from desktop_app.storage import package as package_format
from desktop_app.storage.package import (
    SYNC_COLUMNS,
    TABLES,
    Package,
    PackageRows,
    RowCheck,
    held_version_keys,
    invalid_rows_error,
    table_columns,
    workspace_state,
)
from desktop_app.storage.rows import Row, rows_by_id, select_rows

Version = tuple[str, str]  # (updated_at, device_id)
ItemKey = tuple[str, str]  # (table, row id)
# This PC's rows are looked up, and the merge writes, this many rows at a time.
BATCH = 500


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


@dataclass(slots=True)
class Step:
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
class NewRows:
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

    def step(self, index: int) -> Step:
        return Step(self.table, None, None, self.kind(index), source=self.source, index=index)

    def added(self) -> list[int] | range:
        """The places of the rows shown as added (all but tombstones never seen here)."""
        tombstones = self.source.tombstones
        if not any(tombstones):
            return range(len(self.source))
        return [i for i, gone in enumerate(tombstones) if not gone]


Entry = Step | NewRows
# A run of a preview's items: steps, or new rows of a table by their places in the package.
Part = list[Step] | tuple[NewRows, Sequence[int]]


@dataclass
class Plan:
    steps: list[Entry]
    unchanged: int
    older: int
    # The workspace as the plan saw it: while this stays the same, the plan still holds
    # and the merge need not work it out again (see package.workspace_state).
    state: tuple[int, int] = (-1, -1)

    def row_count(self) -> int:
        """How many rows the merge writes (or may write: a conflict)."""
        return sum(len(e) if isinstance(e, NewRows) else 1 for e in self.steps)

    def each_step(self) -> Iterator[Step]:
        """Every step, one row at a time (new rows made into steps as they come)."""
        for entry in self.steps:
            if isinstance(entry, NewRows):
                yield from (entry.step(i) for i in range(len(entry)))
            else:
                yield entry


def _local_versions(conn: sqlite3.Connection) -> dict[ItemKey, set[Version]]:
    out: dict[ItemKey, set[Version]] = defaultdict(set)
    rows = conn.execute(
        "SELECT table_name, row_id, json_extract(row_json, '$.updated_at'),"
        " json_extract(row_json, '$.device_id') FROM history"
    )
    for table, row_id, updated_at, device in rows:
        out[(table, row_id)].add((str(updated_at), str(device)))
    return out


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


def plan_steps(conn: sqlite3.Connection, package: Package) -> Plan:
    state = workspace_state(conn)
    seen_before = _local_versions(conn)
    theirs: dict[ItemKey, set[Version]] = defaultdict(set)
    for h in package.history:
        theirs[(h.table, h.row_id)].add(h.version)
    settings = _settings_by_key(conn)
    steps: list[Entry] = []
    unchanged = older = 0
    for table in TABLES:
        incoming_rows = package.rows[table]
        columns = [c for c in table_columns(conn, table) if c not in SYNC_COLUMNS]
        # A row this PC has in the same version needs no more look, and a row of a table
        # this PC has nothing of is new: neither is parsed again (a whole office is 10^6).
        # A few rows (a week's changes) are looked up by id instead: reading the version of
        # every row here took longer than the whole merge of such a package.
        empty = conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None
        # The reader's own rule (package.LOOK_UP_BY_ID_BELOW): both must call a table big.
        big = len(incoming_rows) > package_format.LOOK_UP_BY_ID_BELOW
        here = _held_here(conn, package, table, state) if big and not empty else set()
        if empty and table != "settings":
            if incoming_rows:
                _check_unchecked(conn, package, table, range(len(incoming_rows)))
                steps.append(NewRows(table, incoming_rows))
            continue
        # By the batch: this PC's rows are looked up for a few hundred package rows at a time.
        for start in range(0, len(incoming_rows), BATCH):
            wanted = [
                i
                for i in range(start, min(start + BATCH, len(incoming_rows)))
                if incoming_rows.versions[i] not in here
            ]
            unchanged += min(BATCH, len(incoming_rows) - start) - len(wanted)
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
    return Plan(steps, unchanged, older, state)


def _classify(  # noqa: PLR0917 - private: the row, both sides and what each has seen
    table: str,
    inc: Row,
    mine: Row | None,
    columns: list[str],
    seen_before: Mapping[ItemKey, set[Version]],
    theirs: Mapping[ItemKey, set[Version]],
) -> Step | None:
    if mine is None:
        kind = None if inc.get("deleted_at") else ItemKind.ADD
        return Step(table, inc, None, kind)
    mine_v, inc_v = _version(mine), _version(inc)
    if mine_v == inc_v:
        return None
    # Compare the content a clerk could see, with the package's missing columns as ours.
    content_columns = [c for c in columns if c != "id" and c in inc]
    if _content(mine, content_columns) == _content(inc, content_columns):
        # Same content with two stamps (both PCs made the same edit, or loaded the same
        # samples): the later stamp stays on both PCs, the other goes to history, silently.
        return Step(table, inc, mine, None, history_only=inc_v < mine_v)
    key = (table, mine["id"])
    if inc_v in seen_before.get(key, set()):
        return Step(table, inc, mine, None, local_newer=True)
    if mine_v in theirs.get((table, inc["id"]), set()):
        inc_deleted, mine_deleted = (
            inc.get("deleted_at") is not None,
            mine["deleted_at"] is not None,
        )
        kind = ItemKind.DELETE if inc_deleted and not mine_deleted else ItemKind.CHANGE
        return Step(table, inc, mine, kind)
    default = Side.INCOMING if inc_v > mine_v else Side.LOCAL
    return Step(table, inc, mine, ItemKind.CONFLICT, default=default)


def fingerprint(plan: Plan) -> bytes:
    """What the plan would do, row by row, in a few bytes (the same rows in the same order)."""
    digest = hashlib.blake2b()
    for step in plan.each_step():
        # Both plans are of the same package: a row read from it is named by its place
        # there (no parsing again), a row changed on the way (a setting) by its id.
        where = f"#{step.index}" if step.held is None else step.held["id"]
        digest.update(f"{step.table}\0{where}\0{step.kind}\n".encode())
    return digest.digest()
