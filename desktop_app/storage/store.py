"""The storage facade: one open workspace file, its repositories and its settings."""

import contextlib
import sqlite3
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from desktop_app.domain.ids import derived_id, new_id
from desktop_app.storage.calendar_repo import CalendarRepository
from desktop_app.storage.db import connect, now_iso, transaction, translate
from desktop_app.storage.directory_repo import HamletRepository, UnitRepository
from desktop_app.storage.errors import BadRowError, ReadOnlyError
from desktop_app.storage.migrations import schema_version
from desktop_app.storage.numbers_repo import NumberRepository
from desktop_app.storage.plans_repo import SEARCHED_TABLES, PlanRepository
from desktop_app.storage.progress_repo import ProgressRepository
from desktop_app.storage.reports_repo import ReportRepository
from desktop_app.storage.rows import RowWriter

# Above this many rows written by a merge, every plan's search text is made again.
_REINDEX_EVERY_PLAN = 100_000


class Store:
    """Owns the SQLite connection of one workspace file; the UI and CLI hold one each."""

    def __init__(self, path: Path, device_id: str, *, read_only: bool = False) -> None:
        self.path = path
        self.conn = connect(path)
        self.closed = False
        self.read_only = read_only
        try:
            self.writer = RowWriter(self.conn, device_id)
            self.workspace_id = self._ensure_identity()
            if read_only:
                # SQLite itself refuses any write on this connection: the last line behind
                # the refusal in :meth:`transaction`.
                self.conn.execute("PRAGMA query_only = ON")
        except sqlite3.DatabaseError as exc:  # a damaged page the first reads come upon
            self.conn.close()
            raise translate(exc, path) from exc
        except BaseException:  # the first write met a lock or a read-only medium
            self.conn.close()  # an open connection keeps Windows from replacing the file
            raise
        self.plans = PlanRepository(self.conn, self.writer)
        self.units = UnitRepository(self.conn, self.writer)
        self.hamlets = HamletRepository(self.conn, self.writer)
        self.progress = ProgressRepository(self.conn, self.writer)
        self.calendar = CalendarRepository(self.conn, self.writer)
        self.reports = ReportRepository(self.conn, self.writer)
        self.numbers = NumberRepository(self.conn, self.writer)
        self._changes_at_backup = self.conn.total_changes

    def _ensure_identity(self) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'workspace_id'").fetchone()
        if row is not None:
            return str(row[0])
        workspace_id = new_id()
        with self.transaction():
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES ('workspace_id', ?), ('created_at', ?)",
                (workspace_id, now_iso()),
            )
        return workspace_id

    @contextlib.contextmanager
    def transaction(self, *, links_checked_by_caller: bool = False) -> Iterator[None]:
        """All writes inside succeed together or not at all (see db.transaction).

        Raises:
            ReadOnlyError: the file was opened only to look at (another window holds it).
        """
        if self.read_only:
            raise ReadOnlyError(
                "Cửa sổ này chỉ để xem: tệp dữ liệu đang mở ở một cửa sổ khác của chương "
                "trình, nên ở đây không lưu được thay đổi nào. Hãy sửa ở cửa sổ kia."
            )
        try:
            with transaction(self.conn, links_checked_by_caller=links_checked_by_caller):
                yield
                self.writer.keep_clock()
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc

    @contextlib.contextmanager
    def trial(self) -> Iterator[None]:
        """Writes that are always undone: the dry run of a merge runs the merge's own code.

        The writer's clock is put back too, so the next edit is stamped as if the trial had
        not happened.
        """
        clock = self.writer.clock_state()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        try:
            yield
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self.writer.restore_clock(clock)

    def get_meta(self, key: str, default: str = "") -> str:
        """A fact about this file on this PC (never sent in a package)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def reload_identity(self) -> None:
        """Read the workspace id again (a merge into an empty workspace takes the package's)."""
        self.workspace_id = self._ensure_identity()

    @property
    def changed_since_backup(self) -> bool:
        return self.conn.total_changes != self._changes_at_backup

    def mark_backed_up(self) -> None:
        self._changes_at_backup = self.conn.total_changes

    def mark_changed(self) -> None:
        """The data differs from the newest backup (the one taken for it was dropped)."""
        self._changes_at_backup = -1  # total_changes never is

    def reindex_touched(
        self, touched: Mapping[str, set[str]], filled: Collection[str] = ()
    ) -> None:
        """Rebuild the search text of the plans whose rows (or named units) a merge changed.

        ``filled``: tables whose every row the merge wrote without listing them.
        """
        every_plan = not SEARCHED_TABLES.isdisjoint(filled)
        if every_plan or sum(len(ids) for ids in touched.values()) > _REINDEX_EVERY_PLAN:
            # A whole office merged: finding the plans of a million rows, 500 at a time,
            # took longer than writing every plan's text again.
            self.conn.execute("DELETE FROM plan_search")
            self.plans.reindex(self.plans.ids())
            return
        plan_ids = set(touched.get("plans", set()))
        queries = {
            "tasks": "SELECT plan_id FROM tasks WHERE id IN ({})",
            "task_units": "SELECT t.plan_id FROM task_units x JOIN tasks t ON t.id = x.task_id"
            " WHERE x.id IN ({})",
        }
        for table, sql in queries.items():
            ids = sorted(touched.get(table, set()))
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                plan_ids |= {str(r[0]) for r in self.conn.execute(sql.format(marks), chunk)}
        plan_ids |= self.plans.live_ids_using(
            touched.get("units", set()), touched.get("hamlets", set())
        )
        self.plans.reindex(plan_ids)

    def reindex_all(self) -> None:
        """Rebuild the whole search index; a plan too damaged to read is left out of it."""
        self.conn.execute("DELETE FROM plan_search")
        for plan_id in self.plans.ids():
            with contextlib.suppress(ValueError, KeyError, BadRowError):
                self.plans.reindex([plan_id])

    def get_setting(self, key: str, default: str = "") -> str:
        row = self.conn.execute(
            "SELECT value FROM settings WHERE key = ? AND deleted_at IS NULL", (key,)
        ).fetchone()
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        row = self.conn.execute("SELECT id FROM settings WHERE key = ?", (key,)).fetchone()
        with self.transaction():
            self.writer.put(
                # Derived from the key, so the same setting made on two PCs is one row.
                "settings",
                {"id": row[0] if row else derived_id("setting", key), "key": key, "value": value},
            )

    def history_count(self, table: str, row_id: str) -> int:
        row = self.conn.execute(
            "SELECT count(*) FROM history WHERE table_name = ? AND row_id = ?", (table, row_id)
        ).fetchone()
        return int(row[0])

    @property
    def schema_version(self) -> int:
        return schema_version(self.conn)

    def close(self) -> None:
        self.closed = True
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA optimize")
        self.conn.close()
