"""Data packages (``.skh``): the file that carries a workspace, or some plans, between PCs.

A package is a zip holding ``manifest.json`` (format, program and schema versions, the
workspace and device it came from, the time, the counts and the SHA-256 of every part),
one JSON-lines file per table under ``data/``, and ``history.jsonl``: the earlier versions
of the rows it carries, which tell the merge what the other PC had already seen.

Reading a package checks everything before anything else may look at it: the zip itself,
the names inside it, every size (a zip bomb stops at the first byte over the limit, not
after unpacking), the checksums, the versions, and that every row is one this program's
schema can hold and that every row it points at is in the package or already here.
"""

import contextlib
import datetime as dt
import hashlib
import json
import os
import socket
import sqlite3
import zipfile
import zlib
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast, overload

import orjson

from desktop_app import __version__
from desktop_app.domain.clean_rows import CleanRows
from desktop_app.domain.record_rules import (
    FieldProblem,
    all_stamps,
    problems_text,
    row_problems,
    stamp_problem,
)
from desktop_app.paths import HELD_FILE_HINT, replace_retrying
from desktop_app.safe_zip import Refusal, SafeZip, ZipLimits, ZipRefusedError
from desktop_app.storage.errors import StorageError
from desktop_app.storage.migrations import LATEST
from desktop_app.storage.peers import (
    Holds,
    Part,
    changed_since,
    here_before,
    missing_from,
    taken_parts,
)
from desktop_app.storage.rows import Row, jsonable, local_time, rows_by_id, select_rows

SUFFIX = ".skh"
FORMAT = "so-ke-hoach/goi-du-lieu"
FORMAT_VERSION = 1
# A change package: a program that cannot check its base must not take it for a whole one.
CHANGE_FORMAT_VERSION = 2
MANIFEST = "manifest.json"
HISTORY = "history.jsonl"

# Parents before children, so a reader can check references in one pass.
TABLES = (
    "settings",
    "units",
    "hamlets",
    "calendar_days",
    "plans",
    "sections",
    "tasks",
    "task_units",
    "occurrences",
    "event_rules",
    "events",
    "assignments",
    "assignment_hamlets",
    "recipients",
    "appendices",
    "progress_entries",
    "reports",
    "issued_numbers",
)
# The rows of one plan: (table, how its rows belong to the plan).
_PLAN_CHILDREN = (
    ("sections", "plan_id IN ({plans})"),
    ("tasks", "plan_id IN ({plans})"),
    ("task_units", "task_id IN (SELECT id FROM tasks WHERE plan_id IN ({plans}))"),
    ("occurrences", "task_id IN (SELECT id FROM tasks WHERE plan_id IN ({plans}))"),
    ("event_rules", "plan_id IN ({plans})"),
    ("events", "plan_id IN ({plans})"),
    ("assignments", "plan_id IN ({plans})"),
    (
        "assignment_hamlets",
        "assignment_id IN (SELECT id FROM assignments WHERE plan_id IN ({plans}))",
    ),
    ("recipients", "plan_id IN ({plans})"),
    ("appendices", "plan_id IN ({plans})"),
    ("progress_entries", "plan_id IN ({plans})"),
    ("reports", "plan_id IN ({plans})"),
    # The decision issuing a plan keeps its number under the plan's id (domain/registers.py).
    ("issued_numbers", "kind = 'decision' AND substr(id, 10) IN ({plans})"),
)
SYNC_COLUMNS = ("updated_at", "device_id", "deleted_at")
# Settings of one PC (a folder path) that older files kept among the shared ones.
LOCAL_SETTINGS = ("export_folder",)
# The rows of each table a package carries, in the table's own order: read through the id's
# index, every row of a big table was a lookup of its own (twice the time of the whole read
# for the twenty-year office). The reader does not need any order within a table.
_WHOLE_TABLE = {t: f"FROM {t}" for t in TABLES} | {
    "settings": "FROM settings WHERE key NOT IN ("
    + ", ".join(f"'{k}'" for k in LOCAL_SETTINGS)
    + ")"
}
_HISTORY_COLUMNS = ("table_name", "row_id", "row_json", "replaced_at", "device_id", "reason")

MAX_PACKAGE_BYTES = 300 * 1024 * 1024
# Uncompressed: the twenty-year office of the benchmarks packs to about 350 MB of JSON lines
# in 940,000 rows (and their history); the caps leave room for an office twice as old.
MAX_PART_BYTES = 768 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_ROWS = 4_000_000
# JSON lines compress about 10 times; a zip bomb, a thousand times.
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
# The parts are known by name, each once; room is left for tables to come.
MAX_ENTRIES = 1_000
MAX_ID_LENGTH = 64
_CHUNK = 1024 * 1024

_ZIP_LIMITS = ZipLimits(
    max_entries=MAX_ENTRIES,
    max_entry_bytes=MAX_PART_BYTES,
    max_total_bytes=MAX_TOTAL_BYTES,
    max_entry_ratio=MAX_RATIO,
    ratio_floor=RATIO_FLOOR,
)

Progress = Callable[[int, int, str], None]
# Rows written between two reports inside one table: the window stays responsive and a stop
# is heard within a fraction of a second.
_ROWS_PER_REPORT = 5000
# The tables, the history, then reading the file back.
_STEPS = len(TABLES) + 2


class PackageError(StorageError):
    """The package cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class PlanInfo:
    id: str
    title: str
    reference: str


@dataclass(frozen=True)
class Manifest:
    """What a package says about itself."""

    program_version: str
    schema: int
    workspace_id: str
    device_id: str
    device_name: str
    created_at: str
    plans: tuple[PlanInfo, ...]  # empty: the whole workspace
    counts: Mapping[str, int]
    parts: Mapping[str, tuple[str, int]]  # name -> (sha256, bytes)
    # What the sender held of each PC (peers.py); None: not said (a workspace file read as
    # a package, or an older program).
    holds: Holds | None = None
    # A change package: what the receiver must hold already, and the PC it was made for.
    base: Holds | None = None
    made_for: str = ""

    @property
    def whole_workspace(self) -> bool:
        return not self.plans

    @property
    def is_change(self) -> bool:
        return self.base is not None

    def created_local(self) -> dt.datetime:
        """When the package was made, in this PC's local time."""
        return local_time(self.created_at) or dt.datetime.min

    def scope_text(self) -> str:
        if self.is_change:
            return f"gói thay đổi: những gì máy “{self.made_for}” chưa có"
        if self.whole_workspace:
            return "toàn bộ dữ liệu"
        names = "; ".join(p.reference or p.title for p in self.plans)
        return f"{len(self.plans)} kế hoạch ({names})"

    def to_json(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.holds is not None:
            extra["holds"] = dict(self.holds)
        if self.base is not None:
            extra |= {"base": dict(self.base), "made_for": self.made_for}
        return {
            "format": FORMAT,
            "format_version": CHANGE_FORMAT_VERSION if self.is_change else FORMAT_VERSION,
            "program_version": self.program_version,
            "schema": self.schema,
            "workspace_id": self.workspace_id,
            "device_id": self.device_id,
            "device_name": self.device_name,
            "created_at": self.created_at,
            "plans": [{"id": p.id, "title": p.title, "reference": p.reference} for p in self.plans],
            "counts": dict(self.counts),
            "parts": {k: {"sha256": h, "bytes": n} for k, (h, n) in self.parts.items()},
        } | extra


@dataclass(frozen=True)
class HistoryRow:
    table: str
    row_id: str
    row_json: str
    replaced_at: str
    device_id: str
    reason: str

    @property
    def version(self) -> tuple[str, str]:
        values = json.loads(self.row_json)
        return (str(values.get("updated_at", "")), str(values.get("device_id", "")))


def version_key(row_id: object, updated_at: object, device_id: object) -> int:
    """A row's version in one number: two rows with the same key are the same version.

    Python's hash is keyed afresh in each process, so a package cannot be made to collide.
    """
    return hash((row_id, updated_at, device_id))


class PackageRows(Sequence[Row]):
    """The rows of one table of a package, kept as their JSON lines, compressed in blocks.

    A row is parsed when it is looked at and let go after: a package of half a million rows
    held as dicts took gigabytes, its compressed lines take a few tens of megabytes.
    """

    BLOCK = 512

    def __init__(self, rows: Iterable[Mapping[str, Any]] = ()) -> None:
        self._blocks: list[bytes] = []
        self._pending: list[bytes] = []
        self._count = 0
        self._cached: tuple[int, list[bytes]] = (-1, [])
        # What the merge asks of every row, kept as the rows are read so that it need not
        # parse them again: each row's version_key() and whether it is a tombstone.
        self.versions = array("q")
        self.tombstones = bytearray()
        # Rows not put to the record rules as they were read, this PC holding them in that
        # very version: whoever would write one checks it first (merge._plan_steps).
        self.unchecked = bytearray()
        self.newest = ""  # the latest stamp of any row
        for row in rows:
            line = json.dumps(jsonable(row), ensure_ascii=False).encode("utf-8")
            self.append_line(line, row)
        self.finish()

    def append_line(
        self, line: bytes, row: Mapping[str, Any], key: int | None = None, *, checked: bool = True
    ) -> None:
        """Keep a row: its line as it came, and what the merge asks of it (``row`` parsed).

        ``key``: the row's version_key(), when worked out already.
        """
        self._pending.append(line)
        self._count += 1
        if key is None:
            key = version_key(row["id"], row["updated_at"], row["device_id"])
        self.versions.append(key)
        self.tombstones.append(row.get("deleted_at") is not None)
        self.unchecked.append(not checked)
        self.newest = max(self.newest, str(row["updated_at"]))
        if len(self._pending) == self.BLOCK:
            self.finish()

    def extend_lines(
        self,
        lines: Sequence[bytes],
        keys: Iterable[int],
        tombstones: Iterable[bool],
        unchecked: Iterable[bool],
        newest: str,
    ) -> None:
        """:meth:`append_line` for a batch: what the merge asks of each row, column by column."""
        self.versions.extend(keys)
        self.tombstones.extend(tombstones)
        self.unchecked.extend(unchecked)
        self.newest = max(self.newest, newest)
        self._count += len(lines)
        pending = self._pending
        pending.extend(lines)
        while len(pending) >= self.BLOCK:  # every block but the last holds BLOCK lines
            self._blocks.append(zlib.compress(b"\n".join(pending[: self.BLOCK]), 1))
            del pending[: self.BLOCK]

    def finish(self) -> None:
        """Seal the lines appended so far into a block (reading may then begin)."""
        if self._pending:
            self._blocks.append(zlib.compress(b"\n".join(self._pending), 1))
            self._pending = []

    def _block(self, number: int) -> list[bytes]:
        if self._cached[0] != number:
            self._cached = (number, zlib.decompress(self._blocks[number]).split(b"\n"))
        return self._cached[1]

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        block, offset = divmod(index, self.BLOCK)
        row: Row = orjson.loads(self._block(block)[offset])
        return row

    def lines(self, indexes: Sequence[int]) -> list[bytes]:
        """The rows at ``indexes`` as the package holds them: one JSON object per line."""
        out = []
        for index in indexes:
            block, offset = divmod(index, self.BLOCK)
            out.append(self._block(block)[offset])
        return out

    def __iter__(self) -> Iterator[Row]:
        for number in range(len(self._blocks)):
            for line in zlib.decompress(self._blocks[number]).split(b"\n"):
                yield orjson.loads(line)

    def keep(self, wanted: Callable[[Row], bool]) -> None:
        """Drop the rows ``wanted`` refuses (each kept row as checked as it was)."""
        kept = PackageRows()
        for index, row in enumerate(self):
            if wanted(row):
                line = json.dumps(jsonable(row), ensure_ascii=False).encode("utf-8")
                kept.append_line(line, row, checked=not self.unchecked[index])
        kept.finish()
        self._blocks, self._count, self._cached = kept._blocks, kept._count, (-1, [])
        self.versions, self.tombstones, self.newest = kept.versions, kept.tombstones, kept.newest
        self.unchecked = kept.unchecked


@dataclass(frozen=True)
class Package:
    """A package read and checked: its manifest, its rows by table, and their history."""

    path: Path
    manifest: Manifest
    rows: Mapping[str, PackageRows]
    history: list[HistoryRow] = field(default_factory=list)
    # What the reader found here: the version of every row of the tables it looked up,
    # as the workspace was then (HeldVersions.state), for the plan to use while it still is.
    held_versions: "HeldVersions | None" = field(default=None, compare=False, repr=False)
    # Parts this workspace had taken before, byte for byte (part name -> rows): their rows
    # are known here and were not read; their tables' rows above are empty.
    already_taken: Mapping[str, int] = field(default_factory=dict)

    def row_count(self) -> int:
        return sum(len(r) for r in self.rows.values())

    def taken_rows(self) -> int:
        """The rows of tables (not history) this workspace had taken before, unread."""
        return sum(n for part, n in self.already_taken.items() if part != HISTORY)

    def parts(self) -> dict[Part, int]:
        """Every part of the package by its checksum, with the rows it holds."""
        rows = {table_part(t): n for t, n in self.manifest.counts.items()}
        rows[HISTORY] = len(self.history)
        rows.update(self.already_taken)
        parts = self.manifest.parts.items()
        return {(name, sha): rows.get(name, 0) for name, (sha, _size) in parts}


@dataclass(frozen=True)
class HeldVersions:
    """The version_key() of every row here of some tables, and the workspace's state then."""

    state: tuple[int, int]
    keys: dict[str, set[int]]


def workspace_state(conn: sqlite3.Connection) -> tuple[int, int]:
    """What changes whenever the workspace does: this connection's writes, or another's.

    ``total_changes`` counts every row this connection wrote (rolled back or not), and
    ``data_version`` moves when another connection commits.
    """
    return conn.total_changes, int(conn.execute("PRAGMA data_version").fetchone()[0])


# A table with more rows than this in a package has the version of each of its rows here
# read in one pass; fewer are looked up by id (a week's changes): reading a whole table's
# versions took longer than merging such a package.
LOOK_UP_BY_ID_BELOW = 5_000


def held_version_keys(conn: sqlite3.Connection, table: str) -> set[int]:
    """The version of every row of ``table`` here, as PackageRows.versions names them."""
    rows = conn.execute(f"SELECT id, updated_at, device_id FROM {table}")
    return {version_key(*r) for r in rows}


# ---- the schema as this program knows it -----------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # TEXT, INTEGER, BLOB
    required: bool  # NOT NULL without a default


def table_columns(conn: sqlite3.Connection, table: str) -> dict[str, Column]:
    out = {}
    for _cid, name, kind, notnull, default, _pk in conn.execute(f"PRAGMA table_info({table})"):
        out[name] = Column(name, str(kind).upper(), bool(notnull) and default is None)
    return out


def foreign_keys(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """(column, referenced table) of every reference ``table`` makes."""
    return [(r[3], r[2]) for r in conn.execute(f"PRAGMA foreign_key_list({table})")]


def decode_row(row: Mapping[str, Any], columns: Mapping[str, Column]) -> Row:
    """A row as SQLite takes it: hex text back to bytes in BLOB columns."""
    out = dict(row)
    for name, column in columns.items():
        if column.kind == "BLOB" and isinstance(out.get(name), str):
            out[name] = bytes.fromhex(out[name])
    return out


# ---- writing -----------------------------------------------------------------------------


def _plan_rows(conn: sqlite3.Connection, plan_ids: Sequence[str]) -> dict[str, list[Row]]:
    marks = ", ".join("?" for _ in plan_ids)
    rows: dict[str, list[Row]] = {t: [] for t in TABLES}
    rows["plans"] = list(select_rows(conn, f"SELECT * FROM plans WHERE id IN ({marks})", plan_ids))
    for table, where in _PLAN_CHILDREN:
        sql = f"SELECT * FROM {table} WHERE " + where.format(plans=marks)
        params = list(plan_ids) * where.count("{plans}")
        rows[table] = list(select_rows(conn, sql, params))
    # The units and hamlets the plans name travel with them, or the other PC cannot hold them.
    unit_ids = {r["unit_id"] for t in ("task_units", "assignments") for r in rows[t]}
    unit_ids |= {r["unit_id"] for t in ("recipients", "progress_entries") for r in rows[t]}
    hamlet_ids = {
        r["hamlet_id"] for t in ("assignment_hamlets", "progress_entries") for r in rows[t]
    }
    unit_ids.discard(None)
    hamlet_ids.discard(None)
    rows["units"] = _by_ids(conn, "units", unit_ids)
    hamlets = _by_ids(conn, "hamlets", hamlet_ids)
    seen = {h["id"] for h in hamlets}
    wanted = {h["merged_into"] for h in hamlets if h["merged_into"]} - seen
    while wanted:  # a merged hamlet points at the one it became
        more = _by_ids(conn, "hamlets", wanted)
        hamlets += more
        seen |= wanted
        wanted = {h["merged_into"] for h in more if h["merged_into"]} - seen
    rows["hamlets"] = hamlets
    return rows


def _by_ids(conn: sqlite3.Connection, table: str, ids: Iterable[str]) -> list[Row]:
    return list(rows_by_id(conn, table, ids).values())


def _json_line_sql(columns: Iterable[str]) -> str:
    """The SQL that writes a row as the JSON line of a package, as :func:`_json_line` would.

    SQLite builds the line itself, as UTF-8 bytes with its line end: building a dict per
    row and encoding it in Python took most of the time of a pack. JSON has no bytes: a
    BLOB value (the sort keys) goes as lowercase hex text, as :func:`jsonable` writes it,
    whatever the column's declared type.
    """
    pairs = (f'\'{c}\', iif(typeof("{c}") = \'blob\', lower(hex("{c}")), "{c}")' for c in columns)
    return f"CAST(json_object({', '.join(pairs)}) || char(10) AS BLOB)"


def _json_line(row: Mapping[str, Any]) -> bytes:
    """A row held in Python (a plan package gathers them) as a JSON line of a package."""
    text = json.dumps(jsonable(row), ensure_ascii=False, separators=(",", ":"))
    return f"{text}\n".encode()


# (id, JSON line) of the rows of one part, by the batch; the id is None when not asked for.
Lines = Iterator[Sequence[tuple[str | None, bytes]]]


def _line_batches(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> Lines:
    """The rows of ``sql`` (selecting an id and a JSON line), a batch at a time."""
    cursor = conn.execute(sql, params)
    while batch := cursor.fetchmany(_LINES_PER_WRITE):
        yield batch


def _table_lines(
    conn: sqlite3.Connection,
    table: str,
    condition: str = "",
    params: Sequence[Any] = (),
    *,
    ids: bool = True,
) -> Lines:
    """The rows of ``table`` a package carries (those meeting ``condition``), as JSON lines."""
    source = _WHOLE_TABLE[table]
    if condition:
        source += f"{' AND ' if ' WHERE ' in source else ' WHERE '}{condition}"
    line = _json_line_sql(table_columns(conn, table))
    return _line_batches(conn, f"SELECT {'id' if ids else 'NULL'}, {line} {source}", params)


def _row_lines(rows: Iterable[Row]) -> Lines:
    """Rows held in Python as JSON lines, by the batch."""
    batch: list[tuple[str | None, bytes]] = []
    for row in rows:
        batch.append((row["id"], _json_line(row)))
        if len(batch) == _LINES_PER_WRITE:
            yield batch
            batch = []
    if batch:
        yield batch


def _history(conn: sqlite3.Connection, wanted: set[tuple[str, str]] | None) -> Lines:
    """The history a package carries: all of it, or that of the ``wanted`` rows."""
    line = _json_line_sql(_HISTORY_COLUMNS)
    cursor = conn.execute(f"SELECT table_name, row_id, {line} FROM history ORDER BY seq")
    while batch := cursor.fetchmany(_LINES_PER_WRITE):
        yield [
            (row_id, text)
            for table, row_id, text in batch
            if wanted is None or (table, row_id) in wanted
        ]


def _changed_rows(conn: sqlite3.Connection, table: str, base: Holds, device_id: str) -> Lines:
    """The rows of ``table`` whose version ``base`` may lack (tombstones too), peers.py."""
    condition, params = changed_since(base)
    if device_id in base:  # only then is the arrival of each row (left) looked up
        before, more = here_before(table, device_id, base[device_id])
        condition, params = f"{condition} AND NOT {before}", params + more
    return _table_lines(conn, table, condition, params)


def _changed_history(conn: sqlite3.Connection, carried: set[tuple[str, str]], base: Holds) -> Lines:
    """The history a change package carries, in the order it was written.

    All the earlier versions of the rows it carries (the merge tells an edit from a
    conflict by them), and any other version ``base`` does not hold (a conflict's losing
    side kept here while the row itself stayed).
    """
    condition, params = changed_since(
        base,
        version=("json_extract(row_json, '$.updated_at')", "json_extract(row_json, '$.device_id')"),
    )
    seqs = {s for (s,) in conn.execute(f"SELECT seq FROM history WHERE {condition}", params)}
    by_table: dict[str, list[str]] = {}
    for table, row_id in carried:
        by_table.setdefault(table, []).append(row_id)
    for table, ids in by_table.items():
        for start in range(0, len(ids), 500):  # SQLite caps the parameters of a statement
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            sql = f"SELECT seq FROM history WHERE table_name = ? AND row_id IN ({marks})"
            seqs.update(s for (s,) in conn.execute(sql, [table, *chunk]))
    ordered = sorted(seqs)
    line = _json_line_sql(_HISTORY_COLUMNS)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT row_id, {line} FROM history WHERE seq IN ({marks}) ORDER BY seq"
        yield conn.execute(sql, chunk).fetchall()


_LINES_PER_WRITE = 256
# zlib's fastest level: half the time of its default (6) for the twenty-year office, and a
# package a fifth larger (51 MB against 42 MB), which a USB stick takes in a second or two.
_ZIP_LEVEL = 1


# Bytes of lines handed to the compressing thread at once, and how many may wait there: a
# few megabytes at most are held, whatever the size of the office.
_HANDOFF_BYTES = 1024 * 1024
_WAITING_HANDOFFS = 2


class _Member:
    """One part of the package written by the batch of lines, with its checksum, size, count.

    Compressing the lines took as long as reading the rows, so ``compressor`` (one thread)
    compresses and checksums a batch while the next is read: zlib, hashlib and SQLite let
    go of the interpreter while they work, and two cores then share the pack.
    """

    def __init__(self, archive: zipfile.ZipFile, name: str, compressor: Executor) -> None:
        self._stream = archive.open(name, "w", force_zip64=True)
        self._compressor = compressor
        self._digest = hashlib.sha256()
        self.size = 0
        self.count = 0
        self._pending: list[bytes] = []
        self._pending_size = 0
        self._handed: deque[Future[None]] = deque()

    def write(self, lines: Sequence[bytes]) -> None:
        """Add ``lines`` (JSON in UTF-8, one row each, with their line ends)."""
        data = b"".join(lines)
        self._pending.append(data)
        self._pending_size += len(data)
        self.size += len(data)
        self.count += len(lines)
        if self._pending_size >= _HANDOFF_BYTES:
            self._hand_off()

    def _hand_off(self) -> None:
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending, self._pending_size = [], 0
        while len(self._handed) >= _WAITING_HANDOFFS:
            self._handed.popleft().result()  # a write that failed (a full disk) raises here
        self._handed.append(self._compressor.submit(self._store, data))

    def _store(self, data: bytes) -> None:
        """In the compressing thread: the only one touching the part until it is closed."""
        # SQLite passes text on as it finds it: text that is not UTF-8 (a damaged page)
        # stops the pack here, as Python's sqlite3 stopped it when it read every value.
        data.decode("utf-8")
        self._stream.write(data)
        self._digest.update(data)

    def close(self) -> tuple[str, int]:
        self._hand_off()
        while self._handed:
            self._handed.popleft().result()
        self._stream.close()
        return self._digest.hexdigest(), self.size

    def __enter__(self) -> "_Member":
        return self

    def __exit__(self, *_exc: object) -> None:
        # Also when a write failed (a full disk) or the clerk stopped: the thread lets go of
        # the part first; a zip cannot be closed around an open part, and would raise that
        # instead, leaving the temporary file behind.
        wait(self._handed)
        self._handed.clear()
        self._stream.close()


def package_path(out: Path) -> Path:
    """``out`` with the package extension (added when the clerk typed a bare name)."""
    return out if out.suffix.lower() == SUFFIX else out.with_name(out.name + SUFFIX)


def write_package(
    conn: sqlite3.Connection,
    out: Path,
    *,
    workspace_id: str,
    device_id: str,
    created_at: str,
    plans: Sequence[PlanInfo] = (),
    progress: Progress | None = None,
    holds: Holds | None = None,
    base: Holds | None = None,
    made_for: str = "",
) -> Manifest:
    """Write the workspace (or ``plans`` with what they name) to ``out``, then verify it.

    Rows stream from the database into the zip by the batch (SQLite writes each row's JSON
    line; a second thread compresses), so a large office needs little memory. The file is
    written under a temporary name in the same folder and flushed to the disk; every part is
    read back and its checksum compared; then it is renamed into place.
    Only when that passes does this return, so the caller may tell the clerk the USB stick
    can be removed.

    Raises:
        PackageError: the file cannot be written or does not read back the same.
    """
    out = package_path(out)
    steps = _STEPS
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    with _temporary(tmp, out):
        out.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as raw:
            with zipfile.ZipFile(
                raw, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=_ZIP_LEVEL
            ) as archive:
                conn.execute("BEGIN")  # one consistent snapshot of every table
                try:
                    if plans:
                        chosen: Mapping[str, Lines] = {
                            t: _row_lines(rows)
                            for t, rows in _plan_rows(conn, [p.id for p in plans]).items()
                        }
                    elif base is not None:
                        chosen = {t: _changed_rows(conn, t, base, device_id) for t in TABLES}
                    else:
                        chosen = {t: _table_lines(conn, t, ids=False) for t in TABLES}
                    wanted: set[tuple[str, str]] | None = (
                        set() if plans or base is not None else None
                    )

                    def history() -> Lines:  # once ``wanted`` is known
                        if base is None or wanted is None:
                            return _history(conn, wanted)
                        return _changed_history(conn, wanted, base)

                    parts, counts = _write_parts(archive, chosen, history, wanted, progress)
                finally:
                    conn.execute("COMMIT")
                manifest = Manifest(
                    program_version=__version__,
                    schema=LATEST,
                    workspace_id=workspace_id,
                    device_id=device_id,
                    device_name=socket.gethostname()[:60],
                    created_at=created_at,
                    plans=tuple(plans),
                    counts=counts,
                    parts=parts,
                    holds=holds,
                    base=base,
                    made_for=made_for,
                )
                archive.writestr(
                    MANIFEST, json.dumps(manifest.to_json(), ensure_ascii=False, indent=1)
                )
            raw.flush()
            os.fsync(raw.fileno())
        if progress:
            progress(len(TABLES) + 1, steps, "Đang kiểm tra lại tệp vừa ghi…")
        # Checked before it takes the name: a package that does not read back, or one the
        # clerk stopped, leaves no file and does not replace the one already there.
        _verify(tmp, manifest, shown=out)
        replace_retrying(tmp, out)
        _sync_folder(out.parent)
    if progress:
        progress(steps, steps, "")
    return manifest


def _write_parts(
    archive: zipfile.ZipFile,
    chosen: Mapping[str, Lines],
    history: Callable[[], Lines],
    wanted: set[tuple[str, str]] | None,
    progress: Progress | None,
) -> tuple[dict[str, tuple[str, int]], dict[str, int]]:
    """Write the tables, then the history; their (checksum, size) by part, rows by table.

    ``wanted`` (when not None) collects the rows written, for the history to follow them.
    """
    parts: dict[str, tuple[str, int]] = {}
    counts: dict[str, int] = {}
    with ThreadPoolExecutor(1, thread_name_prefix="package-compressor") as compressor:
        for i, table in enumerate(TABLES):
            if progress:
                progress(i, _STEPS, "Đang đóng gói…")
            with _Member(archive, table_part(table), compressor) as member:
                reported = 0
                for batch in chosen[table]:
                    member.write([line for _id, line in batch])
                    if wanted is not None:
                        wanted.update((table, row_id) for row_id, _line in batch if row_id)
                    if progress and member.count - reported >= _ROWS_PER_REPORT:
                        reported = member.count
                        progress(i, _STEPS, "Đang đóng gói…")
                parts[table_part(table)] = member.close()
            counts[table] = member.count
        with _Member(archive, HISTORY, compressor) as member:
            for batch in history():
                member.write([line for _id, line in batch])
            parts[HISTORY] = member.close()
    return parts, counts


@contextlib.contextmanager
def _temporary(tmp: Path, out: Path) -> Iterator[None]:
    """``tmp`` is removed on every failure; an error is told as the clerk can act on it."""
    try:
        yield
    except OSError as exc:
        _remove(tmp)
        raise PackageError(_os_message(exc, out)) from exc
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        _remove(tmp)
        raise PackageError(
            f"Không đọc hết được dữ liệu để đóng gói ({exc}): tệp dữ liệu có thể bị hỏng. "
            "Hãy chạy Kiểm tra dữ liệu; chưa có tệp gói nào được ghi."
        ) from exc
    except BaseException:  # stopped by the clerk, or a fault: no temporary file stays
        _remove(tmp)
        raise


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _verify(path: Path, manifest: Manifest, *, shown: Path | None = None) -> None:
    """Read every part back from the disk and compare its checksum with what was written.

    ``shown``: the name the clerk knows the file by (``path`` may be its temporary name).
    """
    out = shown or path
    try:
        with zipfile.ZipFile(path) as archive:
            written = _manifest(out, {MANIFEST: archive.read(MANIFEST)})
            for name, (digest, size) in manifest.parts.items():
                check = hashlib.sha256()
                length = 0
                with archive.open(name) as member:
                    while chunk := member.read(_CHUNK):
                        check.update(chunk)
                        length += len(chunk)
                if (check.hexdigest(), length) != (digest, size):
                    raise PackageError(f"phần {name} không khớp")
    # zlib.error: a damaged stream (zipfile leaves it to zlib to say).
    except (OSError, zipfile.BadZipFile, zlib.error, KeyError, PackageError) as exc:
        raise PackageError(
            f"Tệp gói {out} ghi ra không đọc lại được ({exc}). Hãy ghi lại, vào chỗ khác nếu cần."
        ) from exc
    if written.parts != manifest.parts:
        raise PackageError(f"Tệp gói {out} đọc lại không khớp. Hãy ghi lại.")


def _sync_folder(folder: Path) -> None:
    if os.name == "nt":
        return  # Windows cannot open a folder to flush it; the rename is already durable
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _os_message(exc: OSError, out: Path) -> str:
    import errno  # noqa: PLC0415 - only needed on the error path

    if exc.errno == errno.ENOSPC:
        return f"Ổ đĩa của {out.parent} đã đầy: hãy giải phóng chỗ trống hoặc chọn ổ khác."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"Không ghi được vào {out.parent}: thư mục chỉ cho đọc hoặc không có quyền. "
            + HELD_FILE_HINT
        )
    return (
        f"Không ghi được tệp gói {out} ({exc.strerror or exc}). USB có thể đã bị rút ra: "
        "hãy cắm lại và ghi lại."
    )


# ---- reading -----------------------------------------------------------------------------


def _bad(path: Path, why: str) -> PackageError:
    return PackageError(
        f"Tệp {path.name} không dùng được: {why}. Dữ liệu của bạn không bị thay đổi."
    )


def read_package(path: Path, conn: sqlite3.Connection | None, held: Holds | None = None) -> Package:
    """Open ``path`` and check all of it; with ``conn``, also check the rows against the schema.

    Each part is read as a stream, a few lines at a time: a row is checked as it arrives (against
    the schema and the record rules, when ``conn`` is given) and kept compressed, so
    memory stays small whatever the package holds within its caps (rows and bytes).

    Raises:
        PackageError: anything is wrong; the message says what. A package with invalid rows
            is refused whole, with the first problems by kind of record, id and field.
            A change package whose base ``held`` (what this workspace holds, peers.py)
            does not cover is refused before its rows are read.
    """
    _check_file(path)
    reader = _RowReader(path, conn)
    try:
        with SafeZip(path, _ZIP_LIMITS) as archive:
            # First pass: names, sizes and checksums, streamed; nothing is kept but the
            # manifest. Second pass: one part at a time, a few lines at a time.
            manifest_data, found = _scan_members(path, archive)
            manifest = _manifest(path, {MANIFEST: manifest_data})
            _check_parts(path, manifest, found)
            if conn is not None and base_missing(manifest, held or {}):
                raise base_refusal(path, manifest)
            # Checked against the manifest above, byte for byte, as every part: only what
            # they hold need not be read again.
            known = {} if conn is None else _known_parts(manifest, taken_parts(conn))
            rows = {
                t: PackageRows()
                if table_part(t) in known
                else reader.table(archive, t, found, manifest.counts.get(t, 0))
                for t in TABLES
            }
            history = [] if HISTORY in known else reader.history(archive, found)
    except ZipRefusedError as refusal:
        raise _refused(path, refusal) from refusal
    for table, count in manifest.counts.items():
        if len(rows[table]) + known.get(table_part(table), 0) != count:
            raise _bad(path, f"bảng {table} có {len(rows[table])} dòng, danh mục ghi {count}")
    if reader.problems:
        raise invalid_rows_error(path, reader.problems)
    versions_here = None if conn is None else HeldVersions(reader.state, reader.held)
    package = Package(path, manifest, rows, history, versions_here, known)
    if conn is not None:
        _check_settings(package, conn)
        _check_references(package, conn, reader)
    return package


def table_part(table: str) -> str:
    """The name of the part of a package that holds ``table``'s rows."""
    return f"data/{table}.jsonl"


def _known_parts(manifest: Manifest, taken: Mapping[Part, int]) -> dict[str, int]:
    """The parts of ``manifest`` taken here before (name -> rows).

    The manifest's checksums were compared with the parts' bytes before this is asked. A
    part whose count in the manifest is not what it held when taken is read (and refused).
    """
    said = {table_part(t): n for t, n in manifest.counts.items()}
    out = {}
    for name, (sha, _size) in manifest.parts.items():
        rows = taken.get((name, sha))
        if rows is not None and (name == HISTORY or said.get(name) == rows):
            out[name] = rows
    return out


def base_refusal(path: Path, manifest: Manifest) -> PackageError:
    """A change package this workspace lacks the base of: refused whole, never half taken."""
    made_for = f" (làm cho máy “{manifest.made_for}”)" if manifest.made_for else ""
    return PackageError(
        f"Gói {path.name} là gói thay đổi{made_for}: nó chỉ mang những gì đã sửa kể từ lần "
        "trao đổi trước, mà máy này chưa có đủ dữ liệu của lần trao đổi đó. Nhập nó sẽ chỉ "
        "được một nửa, nên chương trình không nhập gì. Hãy xin máy "
        f"“{manifest.device_name}” một gói đầy đủ (Xuất gói dữ liệu, chọn “Toàn bộ dữ liệu”) "
        "rồi nhập gói đó. Dữ liệu của bạn không bị thay đổi."
    )


# Called with the numbers of a chunk's non-empty lines and the lines.
OnLines = Callable[[Sequence[int], list[bytes]], None]


class _Lines:
    """A part split into lines as its chunks unpack, with its checksum and size."""

    def __init__(self, on_lines: OnLines) -> None:
        self.on_lines = on_lines
        self.digest = hashlib.sha256()
        self.size = 0
        self.number = 0
        self.rest = b""

    def take(self, chunk: bytes) -> None:
        self.digest.update(chunk)
        self.size += len(chunk)
        lines = (self.rest + chunk).split(b"\n")
        self.rest = lines.pop()
        first = self.number + 1
        self.number += len(lines)
        kept = [line for line in lines if line.strip()]
        if len(kept) == len(lines):
            self.on_lines(range(first, first + len(lines)), kept)
        elif kept:
            numbers = [n for n, line in enumerate(lines, first) if line.strip()]
            self.on_lines(numbers, kept)

    def end(self) -> None:
        if self.rest.strip():
            self.on_lines([self.number + 1], [self.rest])


def _one_at_a_time(on_line: Callable[[int, bytes], None]) -> OnLines:
    def on_lines(numbers: Sequence[int], lines: list[bytes]) -> None:
        for number, line in zip(numbers, lines, strict=True):
            on_line(number, line)

    return on_lines


class _RowReader:
    """Reads the parts of a package a few lines at a time, checking each row as it comes."""

    def __init__(self, path: Path, conn: sqlite3.Connection | None) -> None:
        self.path = path
        self.conn = conn
        self.state = (-1, -1) if conn is None else workspace_state(conn)
        self.held: dict[str, set[int]] = {}
        self.columns = None if conn is None else {t: table_columns(conn, t) for t in TABLES}
        self.problems: list[FieldProblem] = []
        self.count = 0
        # The references the rows make, gathered as they are read (checked at the end).
        self.links = {} if conn is None else {t: foreign_keys(conn, t) for t in TABLES}
        parents = {parent for found in self.links.values() for _column, parent in found}
        self.ids: dict[str, set[str]] = {t: set() for t in parents}
        self.pointed: dict[tuple[str, str], set[str]] = {
            (t, column): set() for t, found in self.links.items() for column, _parent in found
        }

    def _each_line(
        self,
        archive: SafeZip,
        name: str,
        found: Mapping[str, tuple[str, int]],
        on_lines: OnLines,
    ) -> None:
        """Call ``on_lines(numbers, lines)`` with the non-empty lines of a part, as it unpacks.

        The checksum of what came out is compared at the end.
        """
        if name not in found:
            return
        lines = _Lines(on_lines)
        archive.scan(name, lines.take)
        lines.end()
        if (lines.digest.hexdigest(), lines.size) != found[name]:
            raise _bad(self.path, f"phần {name} thay đổi trong lúc đọc")

    def parse(self, name: str, number: int, line: bytes) -> dict[str, Any]:
        self.count += 1
        if self.count > MAX_ROWS:
            limit = f"{MAX_ROWS:,}".replace(",", ".")
            raise _bad(self.path, f"gói có hơn {limit} dòng dữ liệu, quá giới hạn")
        try:
            # UTF-8 only, no NaN, integers within 64 bits: stricter than json, as it should.
            value = orjson.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            raise _bad(self.path, f"phần {name}, dòng {number} bị hỏng") from exc
        if not isinstance(value, dict):
            raise _bad(self.path, f"phần {name}, dòng {number} không phải một bản ghi")
        return value

    def table(
        self, archive: SafeZip, table: str, found: Mapping[str, tuple[str, int]], count: int
    ) -> PackageRows:
        here: set[int] = set()
        if self.conn is not None and count > LOOK_UP_BY_ID_BELOW:
            here = self.held[table] = held_version_keys(self.conn, table)
        lines = _TableLines(self, table, here)
        self._each_line(archive, lines.name, found, lines.on_lines)
        lines.check_waiting(every=True)
        lines.rows.finish()
        return lines.rows

    def batch(self, lines: list[bytes], seen: set[str], here: set[int]) -> "_Batch | None":
        """A chunk's rows, parsed and framed column by column; None if any line fails.

        The same checks as :meth:`parse` and :func:`_check_row_frame` make of each line,
        a column at a time, with nothing kept: a line that fails is then read again on its
        own, and refused with its number. The whole office's preview took 7.7 s, not 10.
        """
        if self.count + len(lines) > MAX_ROWS:
            return None
        try:
            parsed = [orjson.loads(line) for line in lines]
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            return None
        if not all(type(row) is dict for row in parsed):
            return None
        row_ids = [row.get("id") for row in parsed]
        stamps = [row.get("updated_at") for row in parsed]
        devices = [row.get("device_id") for row in parsed]
        if set(map(type, row_ids)) != _STR or not min(map(len, row_ids)) > 0:
            return None
        if max(map(len, row_ids)) > MAX_ID_LENGTH:
            return None
        unique = set(row_ids)
        if len(unique) != len(row_ids) or not seen.isdisjoint(unique):
            return None
        if set(map(type, devices)) != _STR or set(map(type, stamps)) != _STR:
            return None
        keys = list(map(hash, zip(row_ids, stamps, devices, strict=True)))  # version_key() of each
        held = [key in here for key in keys] if here else [False] * len(keys)
        new_stamps = [s for s, h in zip(stamps, held, strict=True) if not h] if here else stamps
        if not all_stamps(new_stamps):
            return None
        deleted = [row.get("deleted_at") for row in parsed]
        if not all_stamps([d for d in deleted if d is not None]):
            return None
        self.count += len(lines)
        return _Batch(parsed, keys, held, unique, [d is not None for d in deleted], max(stamps))

    def history(self, archive: SafeZip, found: Mapping[str, tuple[str, int]]) -> list[HistoryRow]:
        out: list[HistoryRow] = []

        def on_line(number: int, line: bytes) -> None:
            out.append(_history_row(self.path, self.parse(HISTORY, number, line)))

        self._each_line(archive, HISTORY, found, _one_at_a_time(on_line))
        return out


def _check_file(path: Path) -> None:
    """The file is there, a file, and not too big to be a package."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise PackageError(f"Không tìm thấy tệp {path}.") from exc
    except OSError as exc:
        raise PackageError(f"Không đọc được tệp {path}: {exc.strerror or exc}.") from exc
    if path.is_dir():
        raise PackageError(f"{path} là một thư mục: hãy chọn một tệp gói ({SUFFIX}).")
    if size > MAX_PACKAGE_BYTES:
        raise _bad(
            path, f"tệp lớn {size // 2**20} MB, quá giới hạn {MAX_PACKAGE_BYTES // 2**20} MB"
        )


def _check_parts(path: Path, manifest: Manifest, found: Mapping[str, tuple[str, int]]) -> None:
    """The parts found are exactly those the manifest lists, each with its checksum."""
    for name, expected in manifest.parts.items():
        if name not in found:
            raise _bad(path, f"thiếu phần {name}")
        if found[name] != expected:
            raise _bad(path, f"phần {name} bị hỏng (không đúng mã kiểm tra)")
    extra = set(found) - set(manifest.parts)
    if extra:
        raise _bad(path, f"có phần lạ không khai trong danh mục: {sorted(extra)[0]}")


def _refused(path: Path, refusal: ZipRefusedError) -> PackageError:
    """The clerk's message for a zip :class:`SafeZip` refused."""
    match refusal.reason:
        case Refusal.DAMAGED if isinstance(refusal.__cause__, zipfile.BadZipFile):
            return _bad(path, "đây không phải một gói dữ liệu, hoặc tệp bị hỏng hay chép thiếu")
        case Refusal.DAMAGED:
            return _bad(path, f"tệp bị hỏng hoặc chép thiếu ({refusal.detail})")
        case Refusal.TOO_MANY_ENTRIES:
            return _bad(path, "đây không phải một gói dữ liệu, hoặc tệp bị hỏng hay chép thiếu")
        case Refusal.UNSAFE_NAME:
            return _bad(path, f"có đường dẫn nguy hiểm bên trong ({refusal.entry!r})")
        case Refusal.DUPLICATE_NAME:
            return _bad(path, f"phần {refusal.entry} xuất hiện hai lần")
        case Refusal.ENCRYPTED:
            return _bad(path, "tệp bị mã hóa bằng mật khẩu")
        case (
            Refusal.ENTRY_TOO_BIG
            | Refusal.ENTRY_RATIO
            | Refusal.TOTAL_TOO_BIG
            | Refusal.ARCHIVE_RATIO
        ):
            return _bad(
                path,
                f"phần {refusal.entry} giải nén ra quá lớn (có thể là tệp “bom nén” độc hại)",
            )


def _allowed_names() -> set[str]:
    return {MANIFEST, HISTORY} | {table_part(t) for t in TABLES}


def _scan_members(path: Path, archive: SafeZip) -> tuple[bytes, dict[str, tuple[str, int]]]:
    """Check every name, and checksum every part; return the manifest's bytes.

    :class:`SafeZip` has already refused unsafe and repeated names, and counts the sizes.
    """
    allowed = _allowed_names()
    found: dict[str, tuple[str, int]] = {}
    manifest = b""
    for info in archive.entries:
        name = info.filename
        if name not in allowed:
            raise _bad(path, f"có phần lạ {name!r} không thuộc một gói dữ liệu")
        digest = hashlib.sha256()
        if name == MANIFEST:
            manifest = archive.read(info)
        else:
            size = archive.scan(info, digest.update)
            found[name] = (digest.hexdigest(), size)
    if not manifest:
        raise _bad(
            path, "thiếu danh mục (manifest.json): đây không phải gói dữ liệu của chương trình"
        )
    return manifest, found


def _manifest(path: Path, contents: Mapping[str, bytes]) -> Manifest:
    try:
        data = json.loads(contents[MANIFEST].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise _bad(path, "danh mục (manifest.json) bị hỏng") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _bad(path, "đây không phải gói dữ liệu của chương trình Sổ theo dõi Kế hoạch")
    version = data.get("format_version")
    if not isinstance(version, int) or version > CHANGE_FORMAT_VERSION:
        raise PackageError(
            f"Gói {path.name} được tạo bởi phiên bản mới hơn của chương trình "
            f"({data.get('program_version', '?')}). Hãy cập nhật chương trình trên máy này "
            "rồi nhập lại. Dữ liệu của bạn không bị thay đổi."
        )
    schema = data.get("schema")
    if not isinstance(schema, int) or schema < 1:
        raise _bad(path, "danh mục không ghi phiên bản dữ liệu")
    if schema > LATEST:
        raise PackageError(
            f"Gói {path.name} chứa dữ liệu của phiên bản mới hơn (lược đồ {schema}, máy này "
            f"chỉ biết đến {LATEST}). Hãy cập nhật chương trình rồi nhập lại. "
            "Dữ liệu của bạn không bị thay đổi."
        )
    try:
        parts = {
            str(k): (str(v["sha256"]), int(v["bytes"])) for k, v in dict(data["parts"]).items()
        }
        counts = {str(k): int(v) for k, v in dict(data["counts"]).items()}
        plans = tuple(
            PlanInfo(str(p["id"]), str(p["title"]), str(p.get("reference", "")))
            for p in data.get("plans", [])
        )
        manifest = Manifest(
            program_version=str(data.get("program_version", "")),
            schema=schema,
            workspace_id=str(data["workspace_id"]),
            device_id=str(data["device_id"]),
            device_name=str(data.get("device_name", "")),
            created_at=str(data["created_at"]),
            plans=plans,
            counts=counts,
            parts=parts,
            holds=_holds_field(path, data, "holds"),
            base=_holds_field(path, data, "base"),
            made_for=str(data.get("made_for", "")),
        )
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise _bad(path, "danh mục (manifest.json) thiếu thông tin hoặc sai dạng") from exc
    if set(counts) - set(TABLES) or not set(parts) <= _allowed_names():
        raise _bad(path, "danh mục nhắc tới bảng dữ liệu không có")
    if not manifest.workspace_id or not manifest.device_id:
        raise _bad(path, "danh mục không ghi bộ dữ liệu hay máy gửi")
    if manifest.is_change != (version == CHANGE_FORMAT_VERSION) or (
        manifest.is_change and not manifest.whole_workspace
    ):
        raise _bad(path, "danh mục ghi sai loại gói")
    return manifest


def _holds_field(path: Path, data: Mapping[str, Any], key: str) -> dict[str, str] | None:
    """What a package says a PC holds: device id -> stamp (None when it says nothing)."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and 0 < len(k) <= MAX_ID_LENGTH and _is_stamp(v)
        for k, v in value.items()
    ):
        raise _bad(path, f"danh mục ghi sai phần “{key}”")
    return dict(value)


def base_missing(manifest: Manifest, held: Holds) -> list[str]:
    """The PCs whose versions a change package needs here and this workspace lacks."""
    return [] if manifest.base is None else missing_from(held, manifest.base)


class _TableLines:
    """One table's lines as they are read: checked, kept, and the ids they name gathered."""

    def __init__(self, reader: _RowReader, table: str, here: set[int]) -> None:
        self.reader = reader
        self.name = table_part(table)
        self.rows = PackageRows()
        self.seen: set[str] = set()
        self.check = None if reader.columns is None else RowCheck(table, reader.columns[table])
        self.ids = reader.ids.get(table)
        self.pointed = [
            (c, reader.pointed[(table, c)]) for c, _parent in reader.links.get(table, ())
        ]
        # Rows this PC holds in that very version: the merge does not write them, so the
        # rules, a third of the reading, are left to whoever would.
        self.here = here
        self.waiting: list[dict[str, Any]] = []  # to be put to the rules, a batch at a time

    def check_waiting(self, *, every: bool = False) -> None:
        waiting, reader = self.waiting, self.reader
        while waiting and (every or len(waiting) >= _CHECKED_TOGETHER):
            if self.check is not None and len(reader.problems) < MAX_LISTED_PROBLEMS:
                reader.problems += self.check.problems_of(waiting[:_CHECKED_TOGETHER])
            del waiting[:_CHECKED_TOGETHER]

    def on_lines(self, numbers: Sequence[int], lines: list[bytes]) -> None:
        # A chunk is a thousand lines or so, too many rows to hold at once. A part at a time
        # that at most fills the rows waiting for the rules, no more are held than wait.
        start = 0
        while start < len(lines):
            end = start + min(_READ_TOGETHER, _CHECKED_TOGETHER - len(self.waiting))
            self._take(numbers[start:end], lines[start:end])
            start = end

    def _take(self, numbers: Sequence[int], lines: list[bytes]) -> None:
        batch = self.reader.batch(lines, self.seen, self.here)
        if batch is None:  # a line breaks a rule: one at a time, to name the first
            for number, line in zip(numbers, lines, strict=True):
                self.on_line(number, line)
            return
        self.seen.update(batch.ids)
        if self.check is not None:
            self.waiting.extend(r for r, h in zip(batch.rows, batch.held, strict=True) if not h)
            self.check_waiting()
        if self.ids is not None:
            self.ids.update(batch.ids)
        for column, values in self.pointed:
            found = [r.get(column) for r in batch.rows]
            if set(map(type, found)) <= _ID_OR_NONE:
                values.update(cast("set[str]", set(found) - _NOT_POINTING))
            else:  # what on_line keeps of odd values: texts only
                values.update(v for v in found if v and isinstance(v, str))
        self.rows.extend_lines(lines, batch.keys, batch.tombstones, batch.held, batch.newest)

    def on_line(self, number: int, line: bytes) -> None:
        row = self.reader.parse(self.name, number, line)
        path = self.reader.path
        key, held = _check_row_frame(path, self.name, number, row, self.seen, self.here)
        if not held and self.check is not None:
            self.waiting.append(row)
            self.check_waiting()
        if self.ids is not None:
            self.ids.add(row["id"])
        for column, values in self.pointed:
            value = row.get(column)
            if value and isinstance(value, str):
                values.add(value)
        self.rows.append_line(line, row, key, checked=not held)


_STR = frozenset({str})
_ID_OR_NONE = frozenset({str, type(None)})
_NOT_POINTING = frozenset({None, ""})


@dataclass(frozen=True, slots=True)
class _Batch:
    """A chunk's rows as :meth:`_RowReader.batch` found them good, column by column."""

    rows: list[dict[str, Any]]
    keys: list[int]  # version_key() of each
    held: list[bool]  # this PC holds the row in that version
    ids: set[str]
    tombstones: list[bool]
    newest: str  # the latest stamp


def _check_row_frame(  # noqa: PLR0917 - private: the row, where it is, what was seen
    path: Path, name: str, number: int, row: Mapping[str, Any], seen: set[str], here: set[int]
) -> tuple[int, bool]:
    """What every synced row carries: an id (once), when and where it was last changed.

    Returns the row's version_key() and whether this PC holds the row in that version
    (``here``): its stamp is then one this PC wrote or took, and is not parsed again.
    """
    row_id, updated, device = row.get("id"), row.get("updated_at"), row.get("device_id")
    if not isinstance(row_id, str) or not 0 < len(row_id) <= MAX_ID_LENGTH:
        raise _bad(path, f"phần {name}, dòng {number}: mã bản ghi không hợp lệ")
    if row_id in seen:
        raise _bad(path, f"phần {name}: bản ghi {row_id} xuất hiện hai lần")
    seen.add(row_id)
    if not isinstance(updated, str) or not isinstance(device, str):
        raise _bad(path, f"phần {name}, dòng {number}: thiếu hoặc sai thời điểm sửa")
    key = version_key(row_id, updated, device)
    held = key in here
    if not held and stamp_problem(updated) is not None:
        raise _bad(path, f"phần {name}, dòng {number}: thiếu hoặc sai thời điểm sửa")
    if row.get("deleted_at") is not None and not _is_stamp(row.get("deleted_at")):
        raise _bad(path, f"phần {name}, dòng {number}: sai thời điểm xóa")
    return key, held


def _is_stamp(value: object) -> bool:
    return isinstance(value, str) and stamp_problem(value) is None


def _history_row(path: Path, row: Mapping[str, Any]) -> HistoryRow:
    try:
        history = HistoryRow(
            table=str(row["table_name"]),
            row_id=str(row["row_id"]),
            row_json=str(row["row_json"]),
            replaced_at=str(row["replaced_at"]),
            device_id=str(row["device_id"]),
            reason=str(row.get("reason", "")),
        )
        values = json.loads(history.row_json)
    except (KeyError, TypeError, json.JSONDecodeError, RecursionError) as exc:
        raise _bad(path, "phần lịch sử bị hỏng") from exc
    if history.table not in TABLES or not isinstance(values, dict):
        raise _bad(path, "phần lịch sử nhắc tới bảng dữ liệu không có")
    if not _is_stamp(values.get("updated_at")) or not isinstance(values.get("device_id"), str):
        raise _bad(path, "phần lịch sử có bản ghi thiếu hoặc sai thời điểm sửa")
    return history


# A package with a million bad rows is refused as soon as this many are known.
MAX_LISTED_PROBLEMS = 200
# Rows are put to the record rules this many at a time: each column's values checked
# together (domain/clean_rows.py), half the time of row by row.
_CHECKED_TOGETHER = 512
# Lines parsed and framed together (_TableLines.on_lines): enough that a batch's own work is
# a small part of its cost.
_READ_TOGETHER = 64


def row_schema_problems(
    table: str, row: Mapping[str, Any], columns: Mapping[str, Column]
) -> list[FieldProblem]:
    """What is wrong with one row of a package: the schema's types, then the record's rules.

    One row at a time, so a reader that streams the package can call it as rows arrive.
    """
    row_id = str(row.get("id", ""))
    extra = row.keys() - columns.keys()
    out = [FieldProblem(table, row_id, name, "cột lạ") for name in sorted(extra)]
    for name, column in columns.items():
        value = row.get(name)
        if value is None:
            if column.required:
                out.append(FieldProblem(table, row_id, name, "thiếu giá trị"))
        # Exact types: a package's JSON gives plain str and int (and bool is no number).
        elif type(value) is not _PYTHON_TYPES.get(column.kind, str) or (
            column.kind == "BLOB" and not _is_hex(str(value))
        ):
            out.append(FieldProblem(table, row_id, name, "sai kiểu dữ liệu"))
    if out or row.get("deleted_at") is not None:
        # A tombstone's values are not data anyone sees: the schema's checks and check-db
        # pass over them too, and check-db --repair sets a bad row aside as one.
        return out
    return row_problems(table, row)


_PYTHON_TYPES: dict[str, type] = {"INTEGER": int, "TEXT": str, "BLOB": str}


class RowCheck:
    """:func:`row_schema_problems` for the rows of one table, with the same answers.

    A row whose every value has its column's type goes on to the record rules, which prove
    rows clean by the batch, each distinct value once (domain/clean_rows.py); any other
    row, and any row not proven clean, is put to the full check itself.
    """

    def __init__(
        self, table: str, columns: Mapping[str, Column], rules: CleanRows | None = None
    ) -> None:
        self.table = table
        self.columns = columns
        # BLOB columns (hex text in a package) are left to the full check: a few rows have one.
        self._types = {
            name: None if c.kind == "BLOB" else _PYTHON_TYPES.get(c.kind, str)
            for name, c in columns.items()
        }
        self._required = tuple(name for name, c in columns.items() if c.required)
        self._allowed: dict[tuple[str, ...], list[set[type]] | None] = {}
        self._rules = rules or CleanRows()

    def problems(self, row: Mapping[str, Any]) -> list[FieldProblem]:
        return self.problems_of([row])

    def problems_of(self, rows: Sequence[Mapping[str, Any]]) -> list[FieldProblem]:
        """What is wrong with each of ``rows``, row after row for those of one layout."""
        by_layout: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
        for row in rows:
            by_layout.setdefault(tuple(row), []).append(row)
        out: list[FieldProblem] = []
        for names, group in by_layout.items():
            out += self._layout_problems(names, group)
        return out

    def _layout_problems(
        self, names: tuple[str, ...], rows: list[Mapping[str, Any]]
    ) -> list[FieldProblem]:
        """The problems of rows of one layout (``names``, the columns of each in order)."""
        out: list[FieldProblem] = []
        values = [tuple(row.values()) for row in rows]
        if not self._layout_fits(names, values):  # a value of another type: row by row
            fit = [i for i, row in enumerate(rows) if self._types_fit(row)]
            for i in sorted(set(range(len(rows))) - set(fit)):
                out += row_schema_problems(self.table, rows[i], self.columns)
            rows, values = [rows[i] for i in fit], [values[i] for i in fit]
        if "deleted_at" in names:  # a tombstone: types only
            at = names.index("deleted_at")
            live = [i for i, row in enumerate(values) if row[at] is None]
            rows, values = [rows[i] for i in live], [values[i] for i in live]
        for index in sorted(self._rules.unproven(self.table, names, values)):
            out += row_problems(self.table, rows[index])
        return out

    def _layout_fits(self, names: tuple[str, ...], values: Sequence[tuple[Any, ...]]) -> bool:
        """Whether every row of one layout has its columns' types: column by column, in C.

        What :meth:`_types_fit` asks of each row, asked of a batch: a third of the reading
        of a whole office was spent asking it row by row.
        """
        if names not in self._allowed:
            self._allowed[names] = self._allowed_types(names)
        allowed = self._allowed[names]
        if allowed is None:
            return False
        if not values:
            return True
        columns = zip(*values, strict=True)
        return all(
            set(map(type, column)) <= kinds for column, kinds in zip(columns, allowed, strict=True)
        )

    def _allowed_types(self, names: tuple[str, ...]) -> list[set[type]] | None:
        """The types each column of a layout may hold; None if no row of it can fit."""
        if not set(names) <= self._types.keys() or not set(self._required) <= set(names):
            return None
        out = []
        for name in names:
            kind = self._types[name]
            kinds: set[type] = set() if kind is None else {kind}
            if name not in self._required:
                kinds.add(type(None))
            out.append(kinds)
        return out

    def _types_fit(self, row: Mapping[str, Any]) -> bool:
        types = self._types
        if not row.keys() <= types.keys():  # a column the table does not have
            return False
        for name, value in row.items():
            # None from types: a BLOB (its hex is checked by the full check).
            if value is not None and type(value) is not types.get(name):
                return False
        return all(row.get(name) is not None for name in self._required)


def _is_hex(value: str) -> bool:
    try:
        bytes.fromhex(value)
    except ValueError:
        return False
    return True


def invalid_rows_error(path: Path, problems: Sequence[FieldProblem]) -> PackageError:
    """The whole package is refused: the first problems, by kind of record, id and field."""
    more = "+" if len(problems) >= MAX_LISTED_PROBLEMS else ""
    intro = (
        f"Gói {path.name} có {len(problems)}{more} giá trị không hợp lệ nên không nhập gì "
        "(dữ liệu của bạn không bị thay đổi). Hãy sửa trên máy đã tạo gói (Kiểm tra dữ liệu) "
        "rồi xuất gói lại. Các lỗi đầu tiên:"
    )
    return PackageError(problems_text(problems, intro))


def _check_settings(package: Package, conn: sqlite3.Connection) -> None:
    """A setting is one row per key, and a row never changes its key."""
    rows = list(package.rows["settings"])
    keys = [r.get("key") for r in rows]
    if len(set(keys)) != len(keys):
        raise _bad(package.path, "có hai thiết lập cùng một khóa")
    local = dict(conn.execute("SELECT id, key FROM settings").fetchall())
    for row in rows:
        if row["id"] in local and local[row["id"]] != row.get("key"):
            raise _bad(package.path, f"thiết lập {row['id']} đổi khóa ({row.get('key')!r})")
    # A folder of the other PC (older packages carried it) is not taken.
    package.rows["settings"].keep(lambda r: r.get("key") not in LOCAL_SETTINGS)


def _check_references(package: Package, conn: sqlite3.Connection, read: "_RowReader") -> None:
    """Every row a row of the package points at is in the package or here."""
    for table in TABLES:
        for column, parent in read.links[table]:
            wanted = read.pointed[(table, column)] - read.ids[parent]
            if not wanted:
                continue
            here = {r["id"] for r in _by_ids(conn, parent, wanted)}
            missing = wanted - here
            if missing:
                raise _bad(
                    package.path,
                    f"bảng {table} nhắc tới bản ghi {sorted(missing)[0]} của bảng {parent}, "
                    "nhưng gói không mang theo và máy này cũng không có",
                )
