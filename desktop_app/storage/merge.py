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

import contextlib
import datetime as dt
import json
import operator
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import orjson

from desktop_app.domain.errors import UserError
from desktop_app.domain.text import fold, name_key, natural_sort_bytes
from desktop_app.storage.db import links_checked_by_sqlite, now_iso
from desktop_app.storage.merge_items import MergeItem, MergeItems, RowLabels, directory_names
from desktop_app.storage.merge_plan import (
    BATCH,
    ITEM_KIND_LABELS,
    Entry,
    ItemKey,
    ItemKind,
    NewRows,
    Plan,
    Side,
    Step,
    fingerprint,
    plan_steps,
)
from desktop_app.storage.package import (
    TABLES,
    Manifest,
    Package,
    PackageError,
    decode_row,
    invalid_rows_error,
    table_columns,
    workspace_state,
)
from desktop_app.storage.peers import record_arrivals, taken_parts
from desktop_app.storage.record_checks import cross_plan_problems
from desktop_app.storage.rows import (
    Row,
    RowWriter,
    jsonable,
    next_stamp,
    parse_stamp,
    rows_by_id,
    select_rows,
)

Progress = Callable[[int, int, str], None]
# Rebuilds the search text of the plans these rows (table -> ids) belong to, and of every
# plan if a table the search text reads is among the second argument's (filled whole).
Reindex = Callable[[Mapping[str, set[str]], Collection[str]], None]

# Merge writes are stamped with this device name when both PCs must compute the same row
# (two rows that arrived with the same name), so the result does not depend on who merges.
MERGE_DEVICE = "gop-du-lieu"
# Columns that are derived from others and mean nothing to the clerk.
_CLOCK_SKEW = dt.timedelta(days=1)


@dataclass(frozen=True)
class MergePreview:
    """What merging a package would do, before anything is written."""

    manifest: Manifest
    items: MergeItems
    unchanged: int
    older: int  # rows this PC already has in a newer version
    # Rows of parts this PC took before, byte for byte: known here as they are or newer.
    already_taken: int
    warnings: tuple[str, ...]
    adopt_workspace: bool  # an empty workspace takes on the package's identity
    _plan: "Plan" = field(repr=False, compare=False)

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

    def unchanged_text(self) -> str:
        """The rows the merge leaves as they are here, and why."""
        text = (
            f"Không đổi: {self.unchanged} bản ghi đã giống trên máy này; {self.older} bản ghi "
            "máy này đã có bản sửa mới hơn (giữ bản của máy này)"
        )
        if self.already_taken:
            text += f"; {self.already_taken} bản ghi đã có từ lần nhập trước (phần gói y hệt)"
        return text + "."

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
    plan = plan_steps(conn, package)
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
        already_taken=package.taken_rows(),
        warnings=_warnings(package, now or dt.datetime.now(dt.UTC)),
        adopt_workspace=adopt,
        _plan=plan,
    )


# Tables whose live rows must have unique names (days): each new row looks before it goes in.
_NAMED_TABLES = frozenset({"units", "hamlets", "calendar_days"})
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
        if key != self._pending_key or len(self._pending) >= BATCH:
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

_CHANGED_SINCE_PREVIEW = (
    "Dữ liệu trên máy này vừa thay đổi sau khi xem trước gói. Hãy xem trước lại rồi nhập; "
    "chưa có gì được lưu."
)


def confirm_nothing_to_do(
    conn: sqlite3.Connection, package: Package, preview: MergePreview
) -> None:
    """Merging ``package`` would still write nothing, as previewed (nothing_to_do).

    Raises:
        UserError: the workspace changed since the preview so that it would now write
            (a backup brought back); the clerk should look again.
    """
    if not _still_taken(conn, package):
        raise UserError(_CHANGED_SINCE_PREVIEW)
    if preview._plan.state != workspace_state(conn) and plan_steps(conn, package).steps:
        raise UserError(_CHANGED_SINCE_PREVIEW)


def _still_taken(conn: sqlite3.Connection, package: Package) -> bool:
    """The parts the reader left unread as taken before are so still (no restore since)."""
    if not package.already_taken:
        return True
    taken = taken_parts(conn)
    return all((name, package.manifest.parts[name][0]) in taken for name in package.already_taken)


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
    if not _still_taken(conn, package):
        raise UserError(_CHANGED_SINCE_PREVIEW)
    if plan.state != workspace_state(conn):
        # Something was written since the preview (an edit, a dry run): plan again, and
        # refuse if the plan is not the one the clerk saw.
        plan = plan_steps(conn, package)
    if plan is not preview._plan and fingerprint(plan) != fingerprint(preview._plan):
        raise UserError(_CHANGED_SINCE_PREVIEW)
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


def _bulk_tables(conn: sqlite3.Connection, plan: Plan) -> list[str]:
    new_rows: dict[str, int] = defaultdict(int)
    for step in plan.steps:
        if isinstance(step, NewRows):
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
    entries: Sequence[Entry],
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
        if isinstance(entry, NewRows):
            newest = max(newest, _apply_new_rows(applier, entry, counts, report, done))
            done += len(entry)
            start += 1
            continue
        end = start
        while end < len(entries) and not isinstance(entries[end], NewRows):
            end += 1
        steps = cast("list[Step]", entries[start:end])
        newest = max(newest, _apply_row_steps(applier, steps, choices, counts, report, done))
        done += len(steps)
        start = end
    return newest


def _apply_new_rows(
    applier: "_Applier",
    entry: NewRows,
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
    for start in range(0, len(entry), BATCH):
        report(done + start)
        end = min(start + BATCH, len(entry))
        if table in applier.raw_tables:
            applier.insert_lines(table, source.lines(range(start, end)))
        else:  # a name that may have to make room, a BLOB: row by row
            for index in range(start, end):
                applier.write(table, source[index], None)
    counts["add"] += len(entry) - sum(entry.source.tombstones)
    return source.newest


def _apply_row_steps(  # noqa: PLR0917 - private: _apply_steps' own arguments, and where it is
    applier: "_Applier",
    steps: Sequence[Step],
    choices: Mapping[ItemKey, Side],
    counts: dict[str, int],
    report: Callable[[int], object],
    done: int,
) -> str:
    newest = ""
    i = 0
    while i < len(steps):
        if i % BATCH == 0 or steps[i].table != steps[i - 1].table:
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


def _new_rows_run(steps: Sequence[Step], start: int, tables: frozenset[str]) -> list[Step]:
    """The steps from ``start`` on that write a package row as it is into an empty place.

    At most one batch, all of one table, each still a line of the package (a row changed on
    the way, a setting, is held as a dict and written the usual way).
    """
    first = steps[start]
    run: list[Step] = []
    for step in steps[start : start + BATCH]:
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
    broken = _broken_link(conn, written, every_row_of=every_row_of)
    if broken:
        raise PackageError(
            f"Gộp gói {package.path.name} sẽ làm dữ liệu thiếu liên kết (bảng {broken}). "
            "Chưa có gì được lưu."
        )


def _broken_link(
    conn: sqlite3.Connection,
    written: Mapping[str, set[str]],
    *,
    every_row_of: Collection[str] = (),
) -> str:
    """The first table where a row the merge wrote points at a row that is not there ("").

    ``every_row_of``: tables whose every row the merge wrote (it filled them).

    Rows are never removed (deletions are tombstones), so only the rows written can break a
    link: a week's changes are checked in milliseconds, where the whole file took seconds.
    Many rows are checked with the whole file at once; a link the file had broken before
    (damage check-db mends) is then not the package's.
    """
    many = sum(len(ids) for ids in written.values()) > _CHECK_ALL_LINKS
    if every_row_of or many or not links_checked_by_sqlite(conn):
        for table, rowid, _parent, _link in conn.execute("PRAGMA foreign_key_check").fetchall():
            if table in every_row_of or (
                table in written and _id_at(conn, table, rowid) in written[table]
            ):
                return str(table)
        return ""
    for table in TABLES:
        ids = sorted(written.get(table, ()))
        for link in conn.execute(f"PRAGMA foreign_key_list({table})").fetchall():
            parent, column, target = link[2], link[3], link[4]
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                marks = ", ".join("?" for _ in chunk)
                sql = (
                    f"SELECT 1 FROM {table} c WHERE c.id IN ({marks}) AND c.{column} IS NOT NULL"
                    f" AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{target} = c.{column})"
                    " LIMIT 1"
                )
                if conn.execute(sql, chunk).fetchone():
                    return table
    return ""


def _id_at(conn: sqlite3.Connection, table: str, rowid: int) -> str:
    found = conn.execute(f"SELECT id FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
    return "" if found is None else str(found[0])


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


def _apply_step(
    applier: _Applier, step: Step, inc: Row, side: Side, counts: dict[str, int]
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
