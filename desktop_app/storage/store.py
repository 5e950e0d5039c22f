"""The storage facade: one open workspace file, its repositories and its settings."""

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop_app.domain.ids import new_id
from desktop_app.storage.calendar_repo import CalendarRepository
from desktop_app.storage.db import connect, now_iso, transaction, translate
from desktop_app.storage.directory_repo import HamletRepository, UnitRepository
from desktop_app.storage.migrations import schema_version
from desktop_app.storage.plans_repo import PlanRepository
from desktop_app.storage.progress_repo import ProgressRepository
from desktop_app.storage.reports_repo import ReportRepository
from desktop_app.storage.rows import RowWriter


class Store:
    """Owns the SQLite connection of one workspace file; the UI and CLI hold one each."""

    def __init__(self, path: Path, device_id: str) -> None:
        self.path = path
        self.conn = connect(path)
        self.closed = False
        self.writer = RowWriter(self.conn, device_id)
        self.plans = PlanRepository(self.conn, self.writer)
        self.units = UnitRepository(self.conn, self.writer)
        self.hamlets = HamletRepository(self.conn, self.writer)
        self.progress = ProgressRepository(self.conn, self.writer)
        self.calendar = CalendarRepository(self.conn, self.writer)
        self.reports = ReportRepository(self.conn, self.writer)
        self.workspace_id = self._ensure_identity()

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
    def transaction(self) -> Iterator[None]:
        """All writes inside succeed together or not at all."""
        try:
            with transaction(self.conn):
                yield
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc

    def get_setting(self, key: str, default: str = "") -> str:
        row = self.conn.execute(
            "SELECT value FROM settings WHERE key = ? AND deleted_at IS NULL", (key,)
        ).fetchone()
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        row = self.conn.execute("SELECT id FROM settings WHERE key = ?", (key,)).fetchone()
        with self.transaction():
            self.writer.put(
                "settings", {"id": row[0] if row else new_id(), "key": key, "value": value}
            )

    def history_count(self, table: str, row_id: str) -> int:
        row = self.conn.execute(
            "SELECT count(*) FROM history WHERE table_name = ? AND row_id = ?", (table, row_id)
        ).fetchone()
        return int(row[0])

    def history(self, table: str, row_id: str) -> list[tuple[str, str, dict[str, Any]]]:
        """Earlier versions of a row as (replaced_at, reason, values), latest first."""
        rows = self.conn.execute(
            "SELECT replaced_at, reason, row_json FROM history WHERE table_name = ?"
            " AND row_id = ? ORDER BY seq DESC",
            (table, row_id),
        )
        return [(r[0], r[1], json.loads(r[2])) for r in rows]

    @property
    def schema_version(self) -> int:
        return schema_version(self.conn)

    def close(self) -> None:
        self.closed = True
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA optimize")
        self.conn.close()
